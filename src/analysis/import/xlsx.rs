//! Reading a workbook (XLSX, and XLS / XLSB / ODS, which calamine also reads)
//! into the same rows of byte fields a CSV gives.
//!
//! Cells are rendered as text the rest of the import understands: date cells
//! become ISO `yyyy-mm-dd` (unambiguous), numbers use a decimal point, and
//! error cells keep their `#N/A`-style text so they are reported, not zeroed.

use std::io::Cursor;

use calamine::{Data, Range, Reader, open_workbook_auto_from_rs};
use csv::ByteRecord;

use super::ImportOptions;
use super::report::ImportError;

/// Rows (1-based sheet row, fields), sheet names and the chosen sheet index.
pub type Sheet = (Vec<(u64, ByteRecord)>, Vec<String>, usize);

fn cell_text(cell: &Data, out: &mut String) {
    use std::fmt::Write;
    out.clear();
    let _ = match cell {
        Data::Empty => Ok(()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            out.push_str(s);
            Ok(())
        }
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => write!(out, "{}", *f as i64),
        Data::Float(f) => write!(out, "{f}"),
        Data::Int(i) => write!(out, "{i}"),
        Data::Bool(b) => write!(out, "{}", if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            write!(out, "{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => write!(out, "{}", dt.as_f64()),
        Data::Error(e) => write!(out, "{e}"),
    };
}

/// Whether a sheet holds a table: at least two rows with two or more filled cells.
fn has_data(range: &Range<Data>) -> bool {
    range
        .rows()
        .filter(|r| r.iter().filter(|c| !matches!(c, Data::Empty)).count() >= 2)
        .nth(1)
        .is_some()
}

/// Reads the requested sheet, or the first sheet with data.
pub fn read(bytes: &[u8], options: &ImportOptions) -> Result<Sheet, ImportError> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        ImportError::UnreadableWorkbook {
            detail: e.to_string(),
        }
    })?;
    let names = wb.sheet_names();
    let (index, range) = match options.sheet {
        Some(i) => {
            let name = names.get(i).ok_or_else(|| ImportError::SheetNotFound {
                index: i,
                sheets: names.clone(),
            })?;
            let r = wb
                .worksheet_range(name)
                .map_err(|e| ImportError::UnreadableWorkbook {
                    detail: e.to_string(),
                })?;
            (i, r)
        }
        None => {
            let mut found = None;
            for (i, name) in names.iter().enumerate() {
                if let Ok(r) = wb.worksheet_range(name)
                    && has_data(&r)
                {
                    found = Some((i, r));
                    break;
                }
            }
            found.ok_or_else(|| ImportError::NoSheetWithData {
                sheets: names.clone(),
            })?
        }
    };
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r));
    let mut rows = Vec::with_capacity(range.height());
    let mut text = String::new();
    for (i, row) in range.rows().enumerate() {
        let mut rec = ByteRecord::new();
        for cell in row {
            cell_text(cell, &mut text);
            rec.push_field(text.as_bytes());
        }
        rows.push((first_row + i as u64 + 1, rec));
    }
    Ok((rows, names, index))
}
