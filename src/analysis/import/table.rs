//! Raw rows: reading records (with their file row numbers) from CSV text or
//! workbook rows, and finding the header row below any preamble.
//!
//! Delimited text is split here in one pass over the bytes, with the rules
//! of the `csv` crate (RFC 4180 quotes, `""` inside quotes, text after a
//! closing quote kept, `\r`, `\n` and `\r\n` line endings, blank lines
//! skipped): an unquoted field, and a quoted one without `""`, is borrowed
//! from the text, so a row costs no copy and no allocation. The `csv` crate
//! itself still reads the rare file whose delimiter is a quote or a line
//! ending.

use csv::ByteRecord;

use super::columns::{is_known_header, year_in};
use super::date::{DateEvidence, date_evidence};
use super::number::{DecimalEvidence, clean_cell, decimal_evidence};

/// Where one field's bytes are.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    /// In the row's own buffer (unescaped or copied), else in the text.
    own: bool,
}

/// One record's fields, borrowed from the text where possible. Reused from
/// row to row, so reading a file allocates only for its widest row.
#[derive(Default)]
pub struct Row<'a> {
    text: &'a [u8],
    /// The first `len` are this row's fields; the rest are kept for the next rows.
    spans: Vec<Span>,
    len: usize,
    own: Vec<u8>,
}

impl<'a> Row<'a> {
    /// An empty row.
    pub fn new() -> Self {
        Row {
            text: &[],
            spans: Vec::new(),
            len: 0,
            own: Vec::new(),
        }
    }

    /// Number of fields.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the row has no fields.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Field `i`, if the row has it.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        if i >= self.len {
            return None;
        }
        let s = self.spans.get(i)?;
        let from = if s.own { &self.own[..] } else { self.text };
        from.get(s.start..s.end)
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).map(|i| self.get(i).unwrap_or(b""))
    }

    fn clear(&mut self, text: &'a [u8]) {
        self.text = text;
        self.len = 0;
        self.own.clear();
    }

    /// Appends a field (overwriting a kept span: no `Vec::push` per field).
    #[inline(always)]
    fn push(&mut self, start: usize, end: usize, own: bool) {
        match self.spans.get_mut(self.len) {
            // Field by field: building a `Span` and copying it made a byte store feed
            // a word load (a store-forwarding stall) on every field.
            Some(s) => {
                s.start = start;
                s.end = end;
                s.own = own;
            }
            None => self.spans.push(Span { start, end, own }),
        }
        self.len += 1;
    }

    /// Makes this row a copy of `rec`.
    pub fn set_record(&mut self, rec: &ByteRecord) {
        self.clear(&[]);
        for f in rec.iter() {
            self.push_own(f);
        }
    }

    fn push_own(&mut self, f: &[u8]) {
        let start = self.own.len();
        self.own.extend_from_slice(f);
        self.push(start, self.own.len(), true);
    }

    /// Copies this row into `rec`.
    pub fn to_record(&self, rec: &mut ByteRecord) {
        rec.clear();
        for f in self.iter() {
            rec.push_field(f);
        }
    }
}

/// Splits delimited text into rows. Not for a delimiter that is `"`, `\r` or `\n`.
pub struct TextReader<'a> {
    text: &'a [u8],
    delimiter: u8,
    /// Lines before `text` (1 after a `sep=` line).
    line_offset: u64,
    /// Whether lines end in `\n` (else records are counted, for CR-only files).
    count_lines: bool,
    /// Where the next record (or the line endings before it) starts.
    pos: usize,
    /// 1 + the `\n` bytes before `pos`.
    line: u64,
    /// Records read so far.
    index: u64,
    /// Whether the last record ran to the end of the text instead of a line
    /// ending (no final newline, or a quote left open).
    open_end: bool,
    /// More text follows this: a record that runs to the end is not read
    /// (it may go on), [`TextReader::pos`] stays at its start.
    hold: bool,
    /// Whether a record was held back so.
    held: bool,
}

impl<'a> TextReader<'a> {
    /// A reader over `text`; `count_lines`: rows are numbered by line (else
    /// by record, for a text without `\n`).
    fn new(text: &'a [u8], delimiter: u8, line_offset: u64, count_lines: bool) -> Self {
        TextReader {
            text,
            delimiter,
            line_offset,
            count_lines,
            pos: 0,
            line: 1,
            index: 0,
            open_end: false,
            hold: false,
            held: false,
        }
    }

    /// Whether the splitter handles this delimiter (else the `csv` crate reads the text).
    fn handles(delimiter: u8) -> bool {
        !matches!(delimiter, b'"' | b'\r' | b'\n')
    }

    /// Index of the first delimiter or line ending at or after `i` (or the end).
    #[inline(always)]
    fn field_end(&self, mut i: usize) -> usize {
        let t = self.text;
        let d = self.delimiter;
        // Sixteen bytes at a time from their marks ([`TextReader::stops16`]);
        // a quote inside an unquoted field is text, not a stop.
        while let Some(mut bits) = self.stops16(i) {
            while bits != 0 {
                let p = i + bits.trailing_zeros() as usize;
                if t.get(p) != Some(&b'"') {
                    return p;
                }
                bits &= bits - 1;
            }
            i += 16;
        }
        while let Some(&c) = t.get(i) {
            if c == d || c == b'\n' || c == b'\r' {
                break;
            }
            i += 1;
        }
        i
    }

    /// Where among the 16 bytes at `i` the delimiter, a quote, `\n` or `\r`
    /// is: bit k for byte `i + k`. `None` when fewer than 16 bytes are left.
    #[inline(always)]
    fn stops16(&self, i: usize) -> Option<u32> {
        let chunk = self.text.get(i..i + 16)?;
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            use core::arch::wasm32::{
                u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_load, v128_or,
            };
            // SAFETY: `chunk` is 16 readable bytes; `v128_load` needs no alignment.
            let v = unsafe { v128_load(chunk.as_ptr().cast::<v128>()) };
            let ends = v128_or(
                u8x16_eq(v, u8x16_splat(b'\n')),
                u8x16_eq(v, u8x16_splat(b'\r')),
            );
            let marks = v128_or(
                u8x16_eq(v, u8x16_splat(self.delimiter)),
                u8x16_eq(v, u8x16_splat(b'"')),
            );
            Some(u32::from(u8x16_bitmask(v128_or(ends, marks))))
        }
        #[cfg(target_arch = "x86_64")]
        {
            use core::arch::x86_64::{
                __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
                _mm_set1_epi8,
            };
            // SAFETY: SSE2 is part of every x86_64 target; `chunk` is 16
            // readable bytes and `_mm_loadu_si128` needs no alignment.
            let bits = unsafe {
                let b = |c: u8| _mm_set1_epi8(c as i8);
                let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
                let ends = _mm_or_si128(_mm_cmpeq_epi8(v, b(b'\n')), _mm_cmpeq_epi8(v, b(b'\r')));
                let marks = _mm_or_si128(
                    _mm_cmpeq_epi8(v, b(self.delimiter)),
                    _mm_cmpeq_epi8(v, b(b'"')),
                );
                _mm_movemask_epi8(_mm_or_si128(ends, marks))
            };
            Some(bits as u32 & 0xFFFF)
        }
        #[cfg(not(any(
            all(target_arch = "wasm32", target_feature = "simd128"),
            target_arch = "x86_64"
        )))]
        {
            Some(stops_of(chunk, self.delimiter))
        }
    }

    /// The fields of the record from `start` read into `row` from
    /// [`TextReader::stops16`]'s marks, one pass over its bytes rather than
    /// a scan from each field's start, up to its line ending (`Ok`: where
    /// that is) or up to a field with a quote or too near the end of the
    /// text (`Err`: where that field starts; the fields before it are in
    /// `row`, for the general way to read on from there).
    #[inline(always)]
    fn plain_fields(&self, row: &mut Row<'a>, start: usize) -> Result<usize, usize> {
        let t = self.text;
        let mut field = start;
        let mut at = start;
        loop {
            let Some(mut bits) = self.stops16(at) else {
                return Err(field);
            };
            while bits != 0 {
                let p = at + bits.trailing_zeros() as usize;
                match t.get(p) {
                    Some(&c) if c == self.delimiter => {
                        row.push(field, p, false);
                        field = p + 1;
                    }
                    Some(b'"') | None => return Err(field),
                    // `\n` or `\r`: the record ends.
                    Some(_) => {
                        row.push(field, p, false);
                        return Ok(p);
                    }
                }
                bits &= bits - 1;
            }
            at += 16;
        }
    }

    /// A quoted field whose content starts at `i`; returns where it ends.
    fn quoted(&mut self, row: &mut Row<'a>, mut i: usize) -> usize {
        let t = self.text;
        let d = self.delimiter;
        // Content since the last `""` not yet copied to the row's buffer.
        let mut seg = i;
        // Where the field starts in the row's buffer, once it needed copying.
        let mut own: Option<usize> = None;
        loop {
            let close = t[i..]
                .iter()
                .position(|&c| c == b'"')
                .map_or(t.len(), |q| i + q);
            self.line += t[i..close].iter().filter(|&&c| c == b'\n').count() as u64;
            i = close + 1;
            match t.get(i) {
                // `""` inside quotes is one quote.
                Some(b'"') => {
                    own.get_or_insert(row.own.len());
                    row.own.extend_from_slice(&t[seg..i]);
                    i += 1;
                    seg = i;
                }
                // Text after the closing quote belongs to the field, up to the delimiter.
                Some(&c) if c != d && c != b'\n' && c != b'\r' => {
                    let start = *own.get_or_insert(row.own.len());
                    row.own.extend_from_slice(&t[seg..close]);
                    let end = self.field_end(i);
                    row.own.extend_from_slice(&t[i..end]);
                    row.push(start, row.own.len(), true);
                    return end;
                }
                // Delimiter, line ending or end of text (also inside quotes).
                _ => {
                    let end = close.min(t.len());
                    match own {
                        Some(start) => {
                            row.own.extend_from_slice(&t[seg..end]);
                            row.push(start, row.own.len(), true);
                        }
                        None => row.push(seg, end, false),
                    }
                    return i.min(t.len());
                }
            }
        }
    }

    /// Reads the next record into `row`; returns its 1-based file row.
    pub fn next_row(&mut self, row: &mut Row<'a>) -> Option<u64> {
        let t = self.text;
        let mut i = self.pos;
        // Line endings and blank lines before the record.
        while let Some(&c) = t.get(i) {
            if c == b'\n' {
                self.line += 1;
            } else if c != b'\r' {
                break;
            }
            i += 1;
        }
        if i >= t.len() {
            self.pos = i;
            return None;
        }
        // Where the record starts (also where a held record is read again).
        self.pos = i;
        let line = self.line;
        row.clear(t);
        // Its plain fields first (to its line ending, which is not the end of
        // the text); from a quoted one on, the general way.
        let i = match self.plain_fields(row, i) {
            Ok(end) => end,
            Err(mut i) => loop {
                if t.get(i) == Some(&b'"') {
                    i = self.quoted(row, i + 1);
                } else {
                    let end = self.field_end(i);
                    row.push(i, end, false);
                    i = end;
                }
                // A delimiter means another field, even at the end of the text.
                match t.get(i) {
                    Some(&c) if c == self.delimiter => i += 1,
                    _ => break i,
                }
            },
        };
        if self.hold && i >= t.len() {
            // Unfinished: read again, whole, with the text that follows.
            self.line = line;
            self.held = true;
            return None;
        }
        self.held = false;
        self.pos = i;
        self.open_end = i >= t.len();
        self.index += 1;
        let row_number = if self.count_lines { line } else { self.index };
        Some(row_number + self.line_offset)
    }
}

/// Where rows come from. Cheap to restart, so a second look at a few columns is possible.
pub enum Source<'a> {
    /// Delimited text, split by [`TextReader`].
    Text {
        /// The reader.
        reader: TextReader<'a>,
        /// Scratch row for [`Source::next_into`].
        row: Row<'a>,
    },
    /// Delimited text whose delimiter is a quote or a line ending, read by the `csv` crate.
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
        if TextReader::handles(delimiter) {
            return Source::Text {
                reader: TextReader::new(text, delimiter, line_offset, text.contains(&b'\n')),
                row: Row::new(),
            };
        }
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

    /// A source over a piece of delimited text whose whole has line endings:
    /// rows are numbered from `lines + 1` (the lines before the piece). With
    /// `more`, text follows the piece: a record that runs to its end is left
    /// for the next piece (see [`Source::stopped`]). `None` for a delimiter
    /// the splitter does not handle.
    pub fn piece(text: &'a [u8], delimiter: u8, lines: u64, more: bool) -> Option<Self> {
        if !TextReader::handles(delimiter) {
            return None;
        }
        let mut reader = TextReader::new(text, delimiter, lines, true);
        reader.hold = more;
        Some(Source::Text {
            reader,
            row: Row::new(),
        })
    }

    /// Once every row is read: how far the text was read (a record left for
    /// the next piece starts there), the lines before that point, and whether
    /// every record ended at a line ending (none ran to the end of the text,
    /// or was left for the next piece). `None` for a source other than the
    /// splitter's.
    pub fn stopped(&self) -> Option<(usize, u64, bool)> {
        match self {
            Source::Text { reader, .. } if reader.count_lines => Some((
                reader.pos,
                reader.line_offset + reader.line - 1,
                !reader.open_end && !reader.held,
            )),
            _ => None,
        }
    }

    /// A source over workbook rows.
    pub fn records(rows: &'a [(u64, ByteRecord)]) -> Self {
        Source::Records { rows, pos: 0 }
    }

    /// The same source from the start.
    pub fn restart(&self) -> Self {
        match self {
            Source::Text { reader, .. } => {
                Source::csv(reader.text, reader.delimiter, reader.line_offset)
            }
            Source::Csv {
                text,
                delimiter,
                line_offset,
                ..
            } => Source::csv(text, *delimiter, *line_offset),
            Source::Records { rows, .. } => Source::records(rows),
        }
    }

    /// How far reading has come, as `(done, total)` in the source's own units
    /// (bytes of text, or workbook rows).
    pub fn position(&self) -> (u64, u64) {
        match self {
            Source::Text { reader, .. } => (reader.pos as u64, reader.text.len() as u64),
            Source::Csv { text, reader, .. } => (reader.position().byte(), text.len() as u64),
            Source::Records { rows, pos } => (*pos as u64, rows.len() as u64),
        }
    }

    /// About how many records are left, from how long the `read` records so far were.
    pub fn estimate_left(&self, read: usize) -> usize {
        match self {
            Source::Text { reader, .. } if reader.pos > 0 => {
                let left = reader.text.len() - reader.pos;
                usize::try_from(left as u64 * read as u64 / reader.pos as u64).unwrap_or(0)
            }
            Source::Records { rows, pos } => rows.len() - *pos,
            _ => 0,
        }
    }

    /// Reads the next record into `row`; returns its 1-based file row.
    /// For delimited text this neither copies nor allocates (but for `""`).
    pub fn next_row(&mut self, row: &mut Row<'a>) -> Option<u64> {
        match self {
            Source::Text { reader, .. } => reader.next_row(row),
            Source::Records { rows, pos } => {
                let (n, r) = rows.get(*pos)?;
                *pos += 1;
                row.set_record(r);
                Some(*n)
            }
            Source::Csv { .. } => {
                let mut rec = ByteRecord::new();
                let n = self.next_into(&mut rec)?;
                row.set_record(&rec);
                Some(n)
            }
        }
    }

    /// Reads the next record into `rec`; returns its 1-based file row.
    pub fn next_into(&mut self, rec: &mut ByteRecord) -> Option<u64> {
        match self {
            Source::Text { reader, row } => {
                let n = reader.next_row(row)?;
                row.to_record(rec);
                Some(n)
            }
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

/// A year alone (1990–2099): a value in a data row, a column's name in a
/// header of revenue per year ("Debiteur;Naam;2024;2025").
fn is_year(cell: &[u8]) -> bool {
    cell.len() == 4 && std::str::from_utf8(cell).is_ok_and(|s| year_in(s).is_some())
}

fn is_value(cell: &[u8]) -> bool {
    decimal_evidence(cell) != DecimalEvidence::NotNumber
        || !matches!(date_evidence(cell), DateEvidence::NotDate)
}

/// Finds the header row among the first rows: the row naming most known
/// columns (years alone count as names there), else the first all-text row
/// followed by a row with values.
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
        if cells.iter().any(|c| is_value(c) && !is_year(c)) {
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

/// [`TextReader::stops16`] byte by byte: bit k where `chunk[k]` is the
/// delimiter, a quote, `\n` or `\r`.
#[cfg_attr(
    any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    ),
    allow(dead_code)
)]
fn stops_of(chunk: &[u8], delimiter: u8) -> u32 {
    chunk
        .iter()
        .take(16)
        .enumerate()
        .filter(|&(_, &c)| c == delimiter || matches!(c, b'"' | b'\n' | b'\r'))
        .fold(0, |bits, (k, _)| bits | 1 << k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the `csv` crate reads (the reference the splitter must match).
    fn by_csv_crate(text: &[u8], delimiter: u8, line_offset: u64) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut src = Source::Csv {
            text,
            delimiter,
            line_offset,
            count_lines: text.contains(&b'\n'),
            reader: csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(text),
            index: 0,
        };
        let mut rec = ByteRecord::new();
        let mut out = Vec::new();
        while let Some(n) = src.next_into(&mut rec) {
            out.push((n, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    /// What [`TextReader`] reads, through both entry points.
    fn by_splitter(text: &[u8], delimiter: u8, line_offset: u64) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut src = Source::csv(text, delimiter, line_offset);
        assert!(matches!(src, Source::Text { .. }));
        let mut row = Row::new();
        let mut out = Vec::new();
        while let Some(n) = src.next_row(&mut row) {
            out.push((n, row.iter().map(<[u8]>::to_vec).collect()));
        }
        let mut again = src.restart();
        let mut rec = ByteRecord::new();
        let mut via_records = Vec::new();
        while let Some(n) = again.next_into(&mut rec) {
            via_records.push((n, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        assert_eq!(out, via_records);
        out
    }

    #[test]
    fn splits_like_the_csv_crate() {
        for text in [
            &b""[..],
            b"\n\r\n",
            b"a;b\nc;d",
            b"a;b\r\n\r\nc;\"d\"\"e\"\n",
            b"\"a\nb\";c\n\"x\"y;z\n",
            b"\"open;field\nstill",
            b"a;\n;b\n;\n\"\"\n",
            b"x\ry\rz",
            b"\"\"\"\";\"a\"\"\"\nq\"r;s\n",
            b"\"a\"",
            b"\"a\"\"",
            b";",
            b"a;b;",
        ] {
            for d in [b';', b',', b'\t', b'a'] {
                assert_eq!(
                    by_splitter(text, d, 1),
                    by_csv_crate(text, d, 1),
                    "{:?} / {:?}",
                    String::from_utf8_lossy(text),
                    d as char
                );
            }
        }
    }

    #[test]
    fn a_quote_or_line_ending_delimiter_uses_the_csv_crate() {
        for d in [b'"', b'\r', b'\n'] {
            assert!(matches!(Source::csv(b"a\"b\n", d, 0), Source::Csv { .. }));
        }
    }

    proptest! {
        /// Longer rows, mostly without quotes: read from their marks, sixteen
        /// bytes at a time, and by the general way where a quote or the text's
        /// end comes.
        #[test]
        fn long_plain_rows_split_like_the_csv_crate(
            text in proptest::collection::vec(
                prop::sample::select(vec![
                    b'a', b'a', b'a', b'7', b'7', b' ', b';', b';', b',', b'\t', b'\n', b'\r', 0xC3, 0xA9,
                ]),
                0..400,
            ),
            quotes in proptest::collection::vec(0usize..400, 0..2),
            d in prop::sample::select(vec![b';', b',', b'\t', b'|']),
            offset in 0u64..2,
        ) {
            let mut text = text;
            for q in quotes {
                if let Some(c) = text.get_mut(q) {
                    *c = b'"';
                }
            }
            prop_assert_eq!(by_splitter(&text, d, offset), by_csv_crate(&text, d, offset));
        }

        /// The marks of sixteen bytes are where those bytes stop a field.
        #[test]
        fn marks_are_the_stops(
            text in proptest::collection::vec(
                prop::sample::select(vec![b'a', b';', b',', b'"', b'\n', b'\r', 0x80, 0xFF, 0]),
                0..40,
            ),
            d in prop::sample::select(vec![b';', b',', 0x80]),
        ) {
            let reader = TextReader::new(&text, d, 0, true);
            for i in 0..text.len() {
                let expected = (i + 16 <= text.len()).then(|| stops_of(&text[i..], d));
                prop_assert_eq!(reader.stops16(i), expected);
            }
        }

        #[test]
        fn random_text_splits_like_the_csv_crate(
            text in proptest::collection::vec(
                prop::sample::select(vec![b'a', b'7', b' ', b';', b',', b'\t', b'"', b'\n', b'\r', 0xC3, 0xA9]),
                0..80,
            ),
            d in prop::sample::select(vec![b';', b',', b'\t', b'|']),
            offset in 0u64..2,
        ) {
            prop_assert_eq!(by_splitter(&text, d, offset), by_csv_crate(&text, d, offset));
        }
    }
}
