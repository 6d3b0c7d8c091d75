//! One file read in two parts at once, each as its bytes arrive.
//!
//! The first worker reads the file's start, plans the import on it exactly
//! as [`import`](super::import) would, and hands the plan to a second worker.
//! Each reads its part of the file piece by piece ([`Stream::feed`]) while
//! the browser fetches the next piece: the first part up to the first line
//! ending at or after the [`cut`], the second part from there to the end.
//! The first worker then appends the second part to its own
//! ([`Partial::append_encoded`]): the result equals reading the whole file in one
//! pass. The property tests in `tests/import_split.rs` hold that, for every
//! cut and every size of piece.
//!
//! Only a UTF-8 text whose decisions are settled by its first piece can be
//! read this way: every other file (a workbook, another encoding, a
//! customer-totals file, a quote left open across the cut, a decimal
//! separator still open) is read whole, in one pass: then these functions
//! answer `None`.

use super::build::{self, Meta, Prepared};
pub use super::build::{Partial, Plan};
use super::report::FileKind;
use super::table::Source;
use super::{ImportError, ImportOptions, Imported, delimiter, encoding, is_workbook};

/// Bytes after the cut in which the first part's last row must end.
pub const LOOKAHEAD: usize = 64 << 10;

/// A record still open after this much text is an unclosed quote (or a
/// field no export has): the stream refuses it, so the file is read in one
/// pass, instead of re-reading that record with every following piece.
pub const HELD_LIMIT: usize = 1 << 20;

/// Where a `size`-byte file is cut: a little after the middle, because the
/// second part has more to do besides its rows (turn them into bytes, which
/// the first part then reads back). Measured on a 60 MB file: at 1/2 the
/// second part came last by ~60 ms, at 9/16 the first by ~30 ms.
pub fn cut(size: usize) -> usize {
    size / 32 * 17
}

/// How many bytes of a `size`-byte file the first part may need: up to the
/// [`cut`] and [`LOOKAHEAD`] more.
pub fn first_part_len(size: usize) -> usize {
    cut(size).saturating_add(LOOKAHEAD).min(size)
}

/// Where the second part of a file starts: just after the first `\n` at or
/// after `cut`. `bytes` start at file offset `from` (≤ `cut`).
pub fn second_part_start(bytes: &[u8], from: usize, cut: usize) -> Option<usize> {
    let rel = cut.checked_sub(from)?;
    let nl = bytes.get(rel..)?.iter().position(|&b| b == b'\n')?;
    Some(cut + nl + 1)
}

/// One part of a file, read piece by piece: what its rows gave so far and
/// how far its text is read.
pub struct Stream {
    part: Partial,
    /// The part's length in bytes (to reserve room for its rows).
    size: usize,
    delimiter: u8,
    /// Where the part's text starts in the caller's buffer.
    start: usize,
    /// How far (in the caller's buffer) rows were read and UTF-8 checked.
    read: usize,
    checked: usize,
    /// Lines before `read` (the row numbers count on from here).
    lines: u64,
    /// Whether the last row read ended at a line ending.
    closed: bool,
}

impl Stream {
    /// A stream over the part of a buffer from `start` to `end`.
    pub fn new(plan: &Plan, start: usize, end: usize) -> Option<Stream> {
        Some(Stream {
            part: Partial::default(),
            size: end.saturating_sub(start),
            delimiter: u8::try_from(plan.delimiter()?).ok()?,
            start,
            read: start,
            checked: start,
            lines: 0,
            closed: true,
        })
    }

    /// Reads the rows in `buf[..end]` not read yet. Unless `last`, text
    /// follows `end`: only the complete lines are read (the rest waits for
    /// the next call). `None` when the text is not UTF-8 (the whole file is
    /// not, and must be read in one pass), when rows past `end` were read
    /// already, or when a record is still open after [`HELD_LIMIT`] bytes.
    pub fn feed(
        &mut self,
        plan: &Plan,
        buf: &[u8],
        end: usize,
        last: bool,
        progress: &mut dyn FnMut(u64, u64, u64),
    ) -> Option<()> {
        let text = buf.get(..end)?;
        if self.read > end || self.checked > end {
            // Rows past `end` were read already: not this part's.
            return None;
        }
        let upto = if last {
            end
        } else {
            match text[self.read..].iter().rposition(|&b| b == b'\n') {
                Some(p) => self.read + p + 1,
                None => return Some(()),
            }
        };
        std::str::from_utf8(&text[self.checked..upto]).ok()?;
        self.checked = upto;
        let piece = &text[self.read..upto];
        let mut src = Source::piece(piece, self.delimiter, self.lines, !last)?;
        let reserve = if self.read == self.start {
            rows_estimate(piece, self.size)
        } else {
            0
        };
        build::main_pass(plan, &mut self.part, &[], Some(&mut src), reserve, progress);
        let (pos, lines, closed) = src.stopped()?;
        self.read += pos;
        self.lines = lines;
        self.closed = closed;
        // What is left of this piece is one record waiting for its end.
        (last || upto - self.read <= HELD_LIMIT).then_some(())
    }

    /// The lines read so far (about the rows).
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// What the part's rows gave, with the lines it held; `None` when its
    /// last row did not end at a line ending (a quote open across the cut:
    /// only one pass over the whole file is exact then).
    pub fn closed(self) -> Option<(Partial, u64)> {
        self.closed.then_some((self.part, self.lines))
    }

    /// What the part's rows gave (the file's last part may end anyhow).
    pub fn finish(self) -> Partial {
        self.part
    }
}

/// About how many rows `size` bytes hold, from the line endings in `piece`
/// (a little over, so the columns are reserved once).
fn rows_estimate(piece: &[u8], size: usize) -> usize {
    let head = &piece[..piece.len().min(1 << 20)];
    let lines = head.iter().filter(|&&b| b == b'\n').count().max(1);
    let estimate = size as u64 * lines as u64 / head.len().max(1) as u64;
    usize::try_from(estimate + estimate / 32).unwrap_or(0)
}

/// The first part, planned on the file's first piece: [`FirstPart::plan`]
/// goes to the second worker, then [`FirstPart::read`] reads the piece.
pub struct FirstPart<'a> {
    prepared: Prepared<'a>,
    /// Where the text's rows start (after a BOM and a `sep=` line).
    body: usize,
    /// The end of the piece planned on.
    end: usize,
    size: usize,
}

/// Plans the import of a `size`-byte file from its first bytes `head` (the
/// header and more than the sample's rows, 1050, must be in them). `None`
/// when the file cannot be read in parts: read it whole.
pub fn plan_first<'a>(
    head: &'a [u8],
    size: usize,
    file_name: &str,
    options: &ImportOptions,
) -> Option<FirstPart<'a>> {
    let (text, encoding, end) = plain_text(head, file_name)?;
    let (delim, body, sep_line) = match delimiter::sep_line(text) {
        Some((d, rest)) => (d, rest, true),
        None => (delimiter::sniff(text, false), text, false),
    };
    // The splitter reads the pieces (it says where rows end), numbering rows
    // as one pass would: after a `sep=` line, by line (the text has `\n`).
    let src = Source::piece(body, delim, u64::from(sep_line), end < size)?;
    let meta = Meta {
        file_kind: FileKind::Csv,
        encoding: encoding.to_string(),
        delimiter: Some(char::from(delim)),
        sep_line,
        sheets: Vec::new(),
        sheet: None,
    };
    let prepared = build::plan(src, meta, options).ok()?;
    let plan = &prepared.plan;
    // A report per customer is read whole: a later part would not know the
    // customer of its first rows; so is a file of order totals repeated on
    // each line (a later part would count again an order the first had).
    if prepared.exhausted
        || !plan.is_transactions()
        || plan.unsettled()
        || plan.fill_down()
        || plan.order_totals()
    {
        return None;
    }
    Some(FirstPart {
        body: end - body.len(),
        prepared,
        end,
        size,
    })
}

/// Whether a file that starts with `head` may be planned on more of its
/// start when [`plan_first`] said no: only a UTF-8 text (not a workbook,
/// another encoding or a web page) whose plan wanted more rows, or rows
/// that settle a decimal separator or a date order.
pub fn may_plan_on_more(head: &[u8], file_name: &str) -> bool {
    plain_text(head, file_name).is_some()
}

/// The whole lines of `head` when the file is UTF-8 text that can be read
/// in parts (not a workbook or a web page), with the encoding's name and
/// where those lines end.
fn plain_text<'a>(head: &'a [u8], file_name: &str) -> Option<(&'a [u8], &'static str, usize)> {
    if file_name.is_empty() || is_workbook(head, file_name) {
        return None;
    }
    // Whole lines only (so on a character boundary); the rest comes later.
    let end = head.iter().rposition(|&b| b == b'\n')? + 1;
    let decoded = encoding::decode(head.get(..end)?);
    let text: &'a [u8] = match decoded.text {
        std::borrow::Cow::Borrowed(t) if decoded.name.starts_with("UTF-8") => t,
        _ => return None,
    };
    // A web page is read whole, by its tags (its cells hold tags, so no
    // plan would fit its lines anyway).
    if text.iter().all(|b| b.is_ascii_whitespace()) || super::html::is_html(text) {
        return None;
    }
    Some((text, decoded.name, end))
}

impl FirstPart<'_> {
    /// The plan, for the second worker.
    pub fn plan(&self) -> &Plan {
        &self.prepared.plan
    }

    /// Reads the first piece's rows: the plan, and a stream that goes on
    /// with the next pieces (in the same buffer, from its start).
    pub fn read(self, progress: &mut dyn FnMut(u64, u64, u64)) -> Option<(Plan, Stream)> {
        let FirstPart {
            prepared,
            body,
            end,
            size,
        } = self;
        let (plan, mut part, src) = prepared.read(progress);
        let (pos, lines, closed) = src.stopped()?;
        // Room for the whole file's rows: the second part is appended here.
        let per_line = (body + pos).max(1) as u64 / lines.max(1);
        part.reserve(usize::try_from((size - end) as u64 / per_line.max(1)).unwrap_or(0));
        let stream = Stream {
            part,
            size: 0,
            delimiter: u8::try_from(plan.delimiter()?).ok()?,
            start: body,
            read: body + pos,
            checked: end,
            lines,
            closed,
        };
        Some((plan, stream))
    }
}

/// The import of the whole file from its two parts: the first part's rows
/// and the lines it held, and the second part's rows in their byte form
/// ([`Partial::encode`]). `None` when those bytes are not a part.
pub fn join(
    plan: Plan,
    (mut first, lines): (Partial, u64),
    second: &[u8],
) -> Option<Result<Imported, ImportError>> {
    first.append_encoded(second, lines)?;
    Some(build::finish(plan, first))
}

/// The whole split in one thread, cut at `cut` and fed in pieces of
/// `piece` bytes, the second part passed through its byte form as between
/// workers: for tests. `None` when the file cannot be read so.
pub fn import_in_two(
    bytes: &[u8],
    cut: usize,
    piece: usize,
    file_name: &str,
    options: &ImportOptions,
) -> Option<Result<Imported, ImportError>> {
    let size = bytes.len();
    let piece = piece.max(1);
    let first_end = second_part_start(bytes, 0, cut)?;
    if first_end >= size {
        return None;
    }
    // First worker: plan on the first piece(s), then read on to the cut.
    let mut have = piece.min(first_end);
    let planned = loop {
        match plan_first(&bytes[..have], size, file_name, options) {
            Some(p) => break p,
            None if have < first_end => have = have.saturating_add(piece).min(first_end),
            None => return None,
        }
    };
    let plan = planned.plan().clone();
    let (plan_a, mut first) = planned.read(&mut |_, _, _| {})?;
    while have < first_end {
        have = have.saturating_add(piece).min(first_end);
        first.feed(&plan_a, bytes, have, have == first_end, &mut |_, _, _| {})?;
    }
    let first = first.closed()?;
    // Second worker: from the first line ending at or after the cut.
    let mut second = Stream::new(&plan, first_end, size)?;
    let mut have = first_end;
    while have < size {
        have = have.saturating_add(piece).min(size);
        second.feed(&plan, bytes, have, have == size, &mut |_, _, _| {})?;
    }
    join(plan_a, first, &second.finish().encode())
}
