//! Raw rows: reading records (with their file row numbers) from CSV text or
//! workbook rows, and finding the header row below any preamble.

use csv::ByteRecord;

use super::columns::is_known_header;
use super::date::{DateEvidence, date_evidence};
use super::number::{DecimalEvidence, clean_cell, decimal_evidence};

/// Where rows come from. Cheap to restart, so a second look at a few columns is possible.
pub enum Source<'a> {
    /// Delimited text.
    Csv {
        /// The text after any `sep=` line.
        text: &'a [u8],
        /// Field delimiter.
        delimiter: u8,
        /// Lines before `text` (1 after a `sep=` line).
        line_offset: u64,
        /// Whether lines end in `\n` (else records are counted, for CR-only files).
        count_lines: bool,
        /// The reader.
        reader: csv::Reader<&'a [u8]>,
        /// Records read so far.
        index: u64,
    },
    /// Workbook rows.
    Records {
        /// Rows with their sheet row numbers.
        rows: &'a [(u64, ByteRecord)],
        /// Next row.
        pos: usize,
    },
}

impl<'a> Source<'a> {
    /// A source over delimited text.
    pub fn csv(text: &'a [u8], delimiter: u8, line_offset: u64) -> Self {
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(text);
        let count_lines = text.contains(&b'\n');
        Source::Csv {
            text,
            delimiter,
            line_offset,
            count_lines,
            reader,
            index: 0,
        }
    }

    /// A source over workbook rows.
    pub fn records(rows: &'a [(u64, ByteRecord)]) -> Self {
        Source::Records { rows, pos: 0 }
    }

    /// The same source from the start.
    pub fn restart(&self) -> Self {
        match self {
            Source::Csv {
                text,
                delimiter,
                line_offset,
                ..
            } => Source::csv(text, *delimiter, *line_offset),
            Source::Records { rows, .. } => Source::records(rows),
        }
    }

    /// Reads the next record into `rec`; returns its 1-based file row.
    pub fn next_into(&mut self, rec: &mut ByteRecord) -> Option<u64> {
        match self {
            Source::Csv {
                text,
                reader,
                line_offset,
                count_lines,
                index,
                ..
            } => {
                // Reading from a slice cannot fail with I/O errors and byte records
                // skip UTF-8 checks, so an error only ends the input.
                match reader.read_byte_record(rec) {
                    Ok(true) => {
                        *index += 1;
                        let line = match rec.position() {
                            Some(p) if *count_lines => {
                                // The position is where the reader stood, which can be before the
                                // previous record's line ending and blank lines: step over those.
                                let from = usize::try_from(p.byte()).unwrap_or(usize::MAX);
                                let skipped = text
                                    .get(from..)
                                    .unwrap_or(&[])
                                    .iter()
                                    .take_while(|&&c| c == b'\r' || c == b'\n')
                                    .filter(|&&c| c == b'\n')
                                    .count();
                                p.line() + skipped as u64
                            }
                            _ => *index,
                        };
                        Some(line + *line_offset)
                    }
                    _ => None,
                }
            }
            Source::Records { rows, pos } => {
                let (row, r) = rows.get(*pos)?;
                *pos += 1;
                rec.clone_from(r);
                Some(*row)
            }
        }
    }
}

/// Whether every field is empty after trimming.
pub fn is_blank(rec: &ByteRecord) -> bool {
    rec.iter().all(|f| clean_cell(f).is_empty())
}

fn is_value(cell: &[u8]) -> bool {
    decimal_evidence(cell) != DecimalEvidence::NotNumber
        || !matches!(date_evidence(cell), DateEvidence::NotDate)
}

/// Finds the header row among the first rows: the row naming most known
/// columns, else the first all-text row followed by a row with values.
/// `None` means the file starts with data.
pub fn find_header(rows: &[(u64, ByteRecord)]) -> Option<usize> {
    let scan = &rows[..rows.len().min(50)];
    let mut best: Option<(usize, usize)> = None;
    for (i, (_, rec)) in scan.iter().enumerate() {
        let cells: Vec<&[u8]> = rec
            .iter()
            .map(clean_cell)
            .filter(|c| !c.is_empty())
            .collect();
        if cells.len() < 2 {
            continue;
        }
        if cells.iter().any(|c| is_value(c)) {
            continue;
        }
        let known = cells
            .iter()
            .filter(|c| is_known_header(&String::from_utf8_lossy(c)))
            .count();
        if known > 0 && best.is_none_or(|(_, k)| known > k) {
            best = Some((i, known));
        }
    }
    if let Some((i, _)) = best {
        return Some(i);
    }
    // No known names: the first all-text row with a row of values after it.
    for (i, (_, rec)) in scan.iter().enumerate() {
        let cells: Vec<&[u8]> = rec
            .iter()
            .map(clean_cell)
            .filter(|c| !c.is_empty())
            .collect();
        if cells.len() < 2 || cells.iter().any(|c| is_value(c)) {
            continue;
        }
        let next_has_values = scan
            .get(i + 1..)
            .into_iter()
            .flatten()
            .find(|(_, r)| !is_blank(r))
            .is_some_and(|(_, r)| r.iter().any(is_value));
        if next_has_values {
            return Some(i);
        }
    }
    None
}
