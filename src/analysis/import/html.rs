//! A table in a web page, read into the same rows of byte fields a CSV gives.
//!
//! Many web applications' "export to Excel" writes an HTML page with a
//! `<table>` and names it `.xls`: Excel opens it (after a warning), so to
//! its users it is an Excel file. A saved report page (`.html`) is read the
//! same way. Of the page's tables, the one with the most rows of two or more
//! filled cells is read; a row's number is its place in that table, as Excel
//! shows it when it opens the page.
//!
//! Cells hold their text as shown: tags inside a cell (`<b>`, `<span>`,
//! `<br>`) are dropped, entities (`&amp;`, `&nbsp;`, `&#233;`) decoded and
//! runs of white space read as one space; a cell spanning several columns
//! (`colspan`) is followed by empty cells, so the columns stay in place.
//! Scripts, styles and comments are skipped.
//!
//! Excel's older XML format (SpreadsheetML, "XML-spreadsheet 2003", also
//! named `.xls` by the programs that write it) has the same shape under
//! other names: `<Table>`, `<Row>`, `<Cell><Data>`. Its rows and cells are
//! read as a web page's; a cell's `ss:Index` (the empty cells before it
//! left out) and `ss:MergeAcross` keep the columns in place, a row's
//! `ss:Index` its number.

use csv::ByteRecord;

use super::xlsx::Rows;

/// Whether `text` (decoded, UTF-8) is a web page with a table, or a
/// SpreadsheetML workbook: it starts with a tag (after a byte-order mark
/// and white space) and has a `<table` (`<Table` in SpreadsheetML).
pub fn is_html(text: &[u8]) -> bool {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|i| text[i] == b'<') && find_ci(text, b"<table").is_some()
}

/// The page's data table: of its tables, the one with the most rows of
/// two or more filled cells; `None` when no table has two such rows.
pub fn table(text: &[u8]) -> Option<Rows> {
    let mut reader = Reader::default();
    reader.read(text);
    reader
        .tables
        .into_iter()
        .map(|rows| (rows.iter().filter(|(_, r)| filled(r) >= 2).count(), rows))
        .filter(|(full, _)| *full >= 2)
        // The first of the largest: `max_by_key` would take the last.
        .fold(
            None,
            |best: Option<(usize, Rows)>, (full, rows)| match best {
                Some((b, _)) if b >= full => best,
                _ => Some((full, rows)),
            },
        )
        .map(|(_, rows)| rows)
}

fn filled(record: &ByteRecord) -> usize {
    record.iter().filter(|f| !f.is_empty()).count()
}

/// Whether `text` (a page that [`is_html`]) is a SpreadsheetML workbook:
/// its values are written as in a workbook (a decimal point, ISO dates).
pub fn is_spreadsheet_xml(text: &[u8]) -> bool {
    find_ci(text, b"<workbook").is_some()
}

/// The first position of `needle` (ASCII, lower case) in `hay`, ignoring case.
pub(super) fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Tables being read, innermost last (a table inside a cell is a table of
/// its own; its text is not the outer cell's).
#[derive(Default)]
struct Reader {
    /// Every table's rows, in the order the tables open.
    tables: Vec<Rows>,
    open: Vec<Open>,
}

/// A table being read: its index in `tables`, its row and cell under way.
struct Open {
    index: usize,
    row: Option<ByteRecord>,
    cell: Option<Cell>,
    rows_seen: u64,
}

struct Cell {
    text: Vec<u8>,
    /// Columns it spans.
    span: usize,
    /// Its column (1-based) when the empty cells before it are left out.
    column: Option<usize>,
}

impl Reader {
    fn read(&mut self, text: &[u8]) {
        let mut i = 0;
        while i < text.len() {
            if text[i] != b'<' {
                let end = memchr(b'<', &text[i..]).map_or(text.len(), |n| i + n);
                self.text(&text[i..end]);
                i = end;
                continue;
            }
            let rest = &text[i..];
            if rest.starts_with(b"<!--") {
                i = find(rest, b"-->").map_or(text.len(), |n| i + n + 3);
                continue;
            }
            let Some(tag) = Tag::parse(rest) else {
                // A lone "<" in text ("a < b").
                self.text(b"<");
                i += 1;
                continue;
            };
            i += tag.len;
            if !tag.closing && (tag.is(b"script") || tag.is(b"style")) {
                // Their content is no text of the page: skip to their end.
                let close: &[u8] = if tag.is(b"script") {
                    b"</script"
                } else {
                    b"</style"
                };
                i = find_ci(&text[i..], close).map_or(text.len(), |n| i + n);
                continue;
            }
            self.tag(&tag, &rest[..tag.len]);
        }
        while !self.open.is_empty() {
            self.close_table();
        }
    }

    /// A tag, `source` its text (for its attributes).
    fn tag(&mut self, tag: &Tag, source: &[u8]) {
        let number = |name: &[u8]| attribute_number(source, name);
        match (tag.closing, tag.name.as_slice()) {
            (false, b"table") => {
                self.tables.push(Rows::new());
                self.open.push(Open {
                    index: self.tables.len() - 1,
                    row: None,
                    cell: None,
                    rows_seen: 0,
                });
            }
            (true, b"table") => self.close_table(),
            (false, b"tr" | b"row") => {
                self.close_row();
                if let Some(t) = self.open.last_mut() {
                    t.row = Some(ByteRecord::new());
                    // SpreadsheetML leaves empty rows out and numbers the next.
                    if let Some(n) = number(b"ss:index").filter(|&n| n as u64 > t.rows_seen) {
                        t.rows_seen = n as u64 - 1;
                    }
                }
            }
            (true, b"tr" | b"row") => self.close_row(),
            (false, b"td" | b"th" | b"cell") => {
                self.close_cell();
                let span = match number(b"ss:mergeacross") {
                    Some(more) => more.saturating_add(1),
                    None => number(b"colspan").unwrap_or(1),
                };
                if let Some(t) = self.open.last_mut() {
                    t.row.get_or_insert_with(ByteRecord::new);
                    t.cell = Some(Cell {
                        text: Vec::new(),
                        span: span.clamp(1, MAX_SPAN),
                        column: number(b"ss:index").filter(|&n| n <= MAX_COLUMN),
                    });
                }
            }
            (true, b"td" | b"th" | b"cell") => self.close_cell(),
            // Line breaks and blocks inside a cell part its words.
            (_, b"br" | b"p" | b"div" | b"li") => self.text(b" "),
            _ => {}
        }
    }

    /// Text of the page: kept when a cell is open, entities decoded.
    fn text(&mut self, raw: &[u8]) {
        let Some(cell) = self.open.last_mut().and_then(|t| t.cell.as_mut()) else {
            return;
        };
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'&'
                && let Some((decoded, len)) = entity(&raw[i..])
            {
                let mut buf = [0; 4];
                cell.text
                    .extend_from_slice(decoded.encode_utf8(&mut buf).as_bytes());
                i += len;
                continue;
            }
            cell.text.push(raw[i]);
            i += 1;
        }
    }

    fn close_cell(&mut self) {
        let Some(t) = self.open.last_mut() else {
            return;
        };
        let Some(cell) = t.cell.take() else {
            return;
        };
        let row = t.row.get_or_insert_with(ByteRecord::new);
        while row.len() + 1 < cell.column.unwrap_or(0) {
            row.push_field(b"");
        }
        row.push_field(&collapse(&cell.text));
        for _ in 1..cell.span {
            row.push_field(b"");
        }
    }

    fn close_row(&mut self) {
        self.close_cell();
        let Some(t) = self.open.last_mut() else {
            return;
        };
        if let Some(row) = t.row.take() {
            t.rows_seen += 1;
            if !row.is_empty() {
                self.tables[t.index].push((t.rows_seen, row));
            }
        }
    }

    fn close_table(&mut self) {
        self.close_row();
        self.open.pop();
    }
}

/// A tag: its name in lower case, whether it closes, and its length in
/// bytes up to and including the `>`.
struct Tag {
    name: Vec<u8>,
    closing: bool,
    len: usize,
}

impl Tag {
    /// The tag at the start of `s` (which starts with `<`); `None` when no
    /// tag starts there ("<" followed by no letter, `!` or `?`).
    fn parse(s: &[u8]) -> Option<Tag> {
        let mut i = 1;
        let closing = s.get(i) == Some(&b'/');
        i += usize::from(closing);
        let first = *s.get(i)?;
        if !(first.is_ascii_alphabetic() || first == b'!' || first == b'?') {
            return None;
        }
        let start = i;
        while s
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b':')
        {
            i += 1;
        }
        let name = s[start..i].to_ascii_lowercase();
        // Attributes up to the closing `>`, quotes respected.
        let mut quote = None;
        while let Some(&b) = s.get(i) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => break,
                None => {}
            }
            i += 1;
        }
        Some(Tag {
            name,
            closing,
            len: (i + 1).min(s.len()),
        })
    }

    fn is(&self, name: &[u8]) -> bool {
        self.name == name
    }
}

/// At most this many columns for one cell (a `colspan` of a million would
/// be a million empty cells on each row).
const MAX_SPAN: usize = 1000;

/// A SpreadsheetML cell's column at most (Excel's last column).
const MAX_COLUMN: usize = 16_384;

/// The number in `name="3"` (or `name=3`) among a tag's attributes.
fn attribute_number(attrs: &[u8], name: &[u8]) -> Option<usize> {
    let at = find_ci(attrs, name)?;
    let rest = &attrs[at + name.len()..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

/// The character an entity at the start of `s` stands for, and the
/// entity's length; `None` for an unknown one (then it stays as written).
fn entity(s: &[u8]) -> Option<(char, usize)> {
    let end = s.iter().take(12).position(|&b| b == b';')?;
    let name = &s[1..end];
    let c = match name {
        [b'#', b'x' | b'X', hex @ ..] => {
            char::from_u32(u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?)?
        }
        [b'#', dec @ ..] => char::from_u32(std::str::from_utf8(dec).ok()?.parse().ok()?)?,
        _ => NAMED
            .iter()
            .find(|(n, _)| n.as_bytes() == name)
            .map(|&(_, c)| c)?,
    };
    Some((c, end + 1))
}

/// The named entities an export writes: markup, spaces, the euro, and the
/// accented letters of Dutch, French and German names.
const NAMED: [(&str, char); 31] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("euro", '€'),
    ("pound", '£'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("ecirc", 'ê'),
    ("euml", 'ë'),
    ("Eacute", 'É'),
    ("aacute", 'á'),
    ("agrave", 'à'),
    ("acirc", 'â'),
    ("auml", 'ä'),
    ("iuml", 'ï'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("ouml", 'ö'),
    ("Ouml", 'Ö'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("uuml", 'ü'),
    ("Uuml", 'Ü'),
    ("ccedil", 'ç'),
    ("szlig", 'ß'),
    ("ntilde", 'ñ'),
];

/// The cell's text with runs of white space as one space, trimmed.
fn collapse(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for word in text
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(word);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn memchr(byte: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &Rows) -> Vec<(u64, Vec<String>)> {
        rows.iter()
            .map(|(n, r)| {
                (
                    *n,
                    r.iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_page_with_a_table_is_html_a_csv_is_not() {
        assert!(is_html(
            b"\xef\xbb\xbf\n  <html><body><TABLE><tr><td>a</td></tr></TABLE>"
        ));
        assert!(is_html(b"<table border=1><tr><td>a"));
        assert!(!is_html(b"Klant;Bedrag\n<table>;1\n"));
        assert!(!is_html(b"<?xml version=\"1.0\"?><Workbook></Workbook>"));
    }

    #[test]
    fn cells_are_read_as_shown() {
        let page =
            b"<html><head><style>td { color: red }</style><script>if (a<b) {}</script></head>\n\
            <body><!-- <table><tr><td>not this</td></tr></table> -->\n\
            <table>\n\
            <tr><th>Klant</th><th>Bedrag</th></tr>\n\
            <tr><td> Caf&eacute; &amp; Co </td><td>&euro;&nbsp;1.234,50</td></tr>\n\
            <tr><td><b>Jansen</b><br>B.V.</td><td x:num=\"12\">12,00</td>\n\
            <tr><td colspan=2>Totaal</td></tr>\n\
            <tr><td>&#233;&#x20AC;&bogus; a < b</td><td></td></tr>\n\
            </table></body></html>";
        let rows = table(page).unwrap();
        assert_eq!(
            cells(&rows),
            [
                (1, vec!["Klant".into(), "Bedrag".into()]),
                (2, vec!["Café & Co".into(), "€ 1.234,50".into()]),
                // An unclosed row ends where the next begins.
                (3, vec!["Jansen B.V.".into(), "12,00".into()]),
                (4, vec!["Totaal".into(), String::new()]),
                (5, vec!["é€&bogus; a < b".into(), String::new()]),
            ]
        );
    }

    #[test]
    fn the_largest_table_is_read_and_a_nested_one_is_its_own() {
        // A layout table around the data table, and a small one before it.
        let page = b"<table><tr><td>Rapport</td><td>2025</td></tr></table>\
            <table><tr><td>logo<table>\
            <tr><td>Klant</td><td>Bedrag</td></tr>\
            <tr><td>A</td><td>1</td></tr>\
            <tr><td>B</td><td>2</td></tr>\
            </table></td></tr></table>";
        let rows = table(page).unwrap();
        assert_eq!(
            cells(&rows),
            [
                (1, vec!["Klant".into(), "Bedrag".into()]),
                (2, vec!["A".into(), "1".into()]),
                (3, vec!["B".into(), "2".into()]),
            ]
        );
        // No table with two rows of two filled cells: nothing to read.
        assert!(table(b"<table><tr><td>Alleen</td></tr><tr><td>dit</td></tr></table>").is_none());
    }

    #[test]
    fn a_cut_off_page_keeps_what_it_has() {
        let rows = table(b"<table><tr><td>Klant<td>Bedrag<tr><td>A<td>1,00").unwrap();
        assert_eq!(
            cells(&rows),
            [
                (1, vec!["Klant".into(), "Bedrag".into()]),
                (2, vec!["A".into(), "1,00".into()]),
            ]
        );
        // A tag cut off in the middle ends the page.
        assert!(table(b"<table><tr><td>A</td><td>1</td></tr><tr><td>B</td><td>2</td></tr><tr><td colspan=\"").is_some());
    }
}
