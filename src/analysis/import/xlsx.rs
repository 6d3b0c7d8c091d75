//! Reading a workbook (XLSX, and XLS / XLSB / ODS, which calamine also reads)
//! into the same rows of byte fields a CSV gives.
//!
//! Cells are rendered as text the rest of the import understands: date cells
//! become ISO `yyyy-mm-dd` (unambiguous), numbers use a decimal point, and
//! error cells keep their `#N/A`-style text so they are reported, not zeroed.

use std::io::Cursor;

use calamine::{Data, Range, Reader, open_workbook_auto_from_rs};
use csv::ByteRecord;

use super::report::ImportError;

/// A sheet's rows: (1-based sheet row, fields).
pub type Rows = Vec<(u64, ByteRecord)>;

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

/// An open workbook, its sheets read one at a time.
pub struct Book<'a> {
    sheets: calamine::Sheets<Cursor<&'a [u8]>>,
    names: Vec<String>,
}

impl<'a> Book<'a> {
    /// Opens the workbook (XLSX, XLS, XLSB or ODS).
    pub fn open(bytes: &'a [u8]) -> Result<Self, ImportError> {
        let sheets = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
            ImportError::UnreadableWorkbook {
                detail: e.to_string(),
            }
        })?;
        let names = sheets.sheet_names();
        Ok(Book { sheets, names })
    }

    /// The sheets' names, in the workbook's order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Sheet `index`'s rows, whatever it holds.
    pub fn rows(&mut self, index: usize) -> Result<Rows, ImportError> {
        let name = self
            .names
            .get(index)
            .ok_or_else(|| ImportError::SheetNotFound {
                index,
                sheets: self.names.clone(),
            })?;
        let range =
            self.sheets
                .worksheet_range(name)
                .map_err(|e| ImportError::UnreadableWorkbook {
                    detail: e.to_string(),
                })?;
        Ok(rows_of(&range))
    }

    /// Sheet `index`'s rows when it holds a table (an unreadable sheet holds none).
    pub fn table(&mut self, index: usize) -> Option<Rows> {
        let name = self.names.get(index)?;
        let range = self.sheets.worksheet_range(name).ok()?;
        has_data(&range).then(|| rows_of(&range))
    }
}

fn rows_of(range: &Range<Data>) -> Rows {
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
    rows
}
