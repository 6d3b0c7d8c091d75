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
//! Only text whose decisions are settled by its first piece can be read
//! this way: every other file (a workbook, UTF-16, a customer-totals file, a
//! quote left open across the cut, a decimal separator still open) is read
//! whole, in one pass: then these functions answer `None`.
//!
//! Text that is not UTF-8 throughout (Windows-1252, what Excel saves as
//! "CSV") is decoded line by line ([`encoding::decode_lines_into`]), so each
//! part decodes its own pieces as one pass would decode them. A part that
//! meets its first line that is not UTF-8 reads on line by line; the lines it
//! read as UTF-8 before read the same either way, unless one of them was in
//! another script than Latin (one pass would have read it as Windows-1252):
//! then the file is read in one pass.

use std::borrow::Cow;

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

/// How a part's text was read: what names the file's encoding, and whether
/// the parts read it as one pass would.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct TextSeen {
    /// (Some of) it was read line by line: the file is not UTF-8 throughout.
    by_lines: bool,
    /// A line kept UTF-8 beyond ASCII (read line by line, or as UTF-8).
    kept: bool,
    /// Text read as UTF-8 had a character of another script than Latin.
    foreign: bool,
}

impl TextSeen {
    fn of_utf8(seen: encoding::Utf8Seen) -> Self {
        TextSeen {
            by_lines: false,
            kept: seen.non_ascii,
            foreign: seen.foreign,
        }
    }

    fn add_utf8(&mut self, seen: encoding::Utf8Seen) {
        self.kept |= seen.non_ascii;
        self.foreign |= seen.foreign;
    }

    fn and(self, other: TextSeen) -> TextSeen {
        TextSeen {
            by_lines: self.by_lines || other.by_lines,
            kept: self.kept || other.kept,
            foreign: self.foreign || other.foreign,
        }
    }

    fn to_byte(self) -> u8 {
        u8::from(self.by_lines) | u8::from(self.kept) << 1 | u8::from(self.foreign) << 2
    }

    fn from_byte(b: u8) -> Option<Self> {
        (b < 8).then_some(TextSeen {
            by_lines: b & 1 != 0,
            kept: b & 2 != 0,
            foreign: b & 4 != 0,
        })
    }
}

/// One part of a file, read piece by piece: what its rows gave so far and
/// how far its text is read.
pub struct Stream {
    part: Partial,
    /// The part's length in bytes (to reserve room for its rows).
    size: usize,
    delimiter: u8,
    /// How far (in the caller's buffer) rows were read while it was read
    /// as UTF-8, and how far it was checked as UTF-8 or decoded.
    read: usize,
    checked: usize,
    /// Read line by line: the decoded text not read into rows yet (a
    /// record waiting for the rest of its text).
    decoded: Option<Vec<u8>>,
    seen: TextSeen,
    /// Whether room for the part's rows was made.
    reserved: bool,
    /// Lines before the text not read yet (the row numbers count on from here).
    lines: u64,
    /// Whether the last row read ended at a line ending.
    closed: bool,
}

/// A part read to its end (see [`Stream::closed`]), for [`join`].
pub struct Closed {
    part: Partial,
    lines: u64,
    seen: TextSeen,
}

impl Stream {
    /// A stream over the part of a buffer from `start` to `end`.
    pub fn new(plan: &Plan, start: usize, end: usize) -> Option<Stream> {
        let by_lines = encoding::by_lines(plan.encoding());
        Some(Stream {
            part: Partial::default(),
            size: end.saturating_sub(start),
            delimiter: u8::try_from(plan.delimiter()?).ok()?,
            read: start,
            checked: start,
            decoded: by_lines.then(Vec::new),
            seen: TextSeen {
                by_lines,
                ..TextSeen::default()
            },
            reserved: false,
            lines: 0,
            closed: true,
        })
    }

    /// Reads the rows in `buf[..end]` not read yet. Unless `last`, text
    /// follows `end`: only the complete lines are read (the rest waits for
    /// the next call). `None` when rows past `end` were read already, or
    /// when a record is still open after [`HELD_LIMIT`] bytes.
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
            match text[self.checked..].iter().rposition(|&b| b == b'\n') {
                Some(p) => self.checked + p + 1,
                None => return Some(()),
            }
        };
        let new = &text[self.checked..upto];
        match &mut self.decoded {
            Some(decoded) => self.seen.kept |= encoding::decode_lines_into(new, decoded),
            None => match encoding::check_utf8(new) {
                Some(seen) => self.seen.add_utf8(seen),
                // Not UTF-8, nor then the file: line by line from here,
                // the record waiting for its end too. (Lines in another
                // script read as UTF-8 before: [`join`] refuses the parts.)
                None => {
                    let rest = &text[self.read..upto];
                    let mut decoded = Vec::with_capacity(rest.len() + rest.len() / 8);
                    self.seen.kept |= encoding::decode_lines_into(rest, &mut decoded);
                    self.seen.by_lines = true;
                    self.decoded = Some(decoded);
                }
            },
        }
        self.checked = upto;
        let piece: &[u8] = match &self.decoded {
            Some(decoded) => decoded,
            None => &text[self.read..upto],
        };
        let mut src = Source::piece(piece, self.delimiter, self.lines, !last)?;
        let reserve = if self.reserved {
            0
        } else {
            rows_estimate(piece, self.size)
        };
        self.reserved = true;
        build::main_pass(plan, &mut self.part, &[], Some(&mut src), reserve, progress);
        let (pos, lines, closed) = src.stopped()?;
        self.lines = lines;
        self.closed = closed;
        // What is left of this piece is one record waiting for its end.
        let held = match &mut self.decoded {
            Some(decoded) => {
                decoded.drain(..pos);
                decoded.len()
            }
            None => {
                self.read += pos;
                upto - self.read
            }
        };
        (last || held <= HELD_LIMIT).then_some(())
    }

    /// The lines read so far (about the rows).
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// What the part's rows gave, with the lines it held; `None` when its
    /// last row did not end at a line ending (a quote open across the cut:
    /// only one pass over the whole file is exact then).
    pub fn closed(self) -> Option<Closed> {
        self.closed.then_some(Closed {
            part: self.part,
            lines: self.lines,
            seen: self.seen,
        })
    }

    /// What the part's rows gave (the file's last part may end anyhow).
    pub fn finish(self) -> Partial {
        self.part
    }

    /// The part's rows and how its text was read, as bytes to cross to the
    /// first part's worker ([`join`]), written into `room` (cleared first;
    /// see [`Partial::encode_into`]): the part's own text, once read.
    pub fn encode_into(self, room: Vec<u8>) -> Vec<u8> {
        let mut bytes = self.part.encode_into(room);
        bytes.push(self.seen.to_byte());
        bytes
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
    /// The text's rows (after a BOM and a `sep=` line), decoded when read
    /// line by line, and where they start in `head` when not.
    body: &'a [u8],
    body_at: usize,
    /// The end of the piece planned on.
    end: usize,
    size: usize,
    seen: TextSeen,
}

/// Plans the import of a `size`-byte file from its first bytes `head` (the
/// header and more than the sample's rows, 1050, must be in them); when
/// they must be decoded (Windows-1252), into `decoded`. `None` when the
/// file cannot be read in parts: read it whole.
pub fn plan_first<'a>(
    head: &'a [u8],
    decoded: &'a mut Vec<u8>,
    size: usize,
    file_name: &str,
    options: &ImportOptions,
) -> Option<FirstPart<'a>> {
    let (text, encoding, end, seen) = plain_text(head, file_name)?;
    let text: &'a [u8] = match text {
        Cow::Borrowed(text) => text,
        Cow::Owned(text) => {
            *decoded = text;
            decoded
        }
    };
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
        body,
        // (Decoded text has lengths of its own.)
        body_at: if seen.by_lines { 0 } else { end - body.len() },
        prepared,
        end,
        size,
        seen,
    })
}

/// Whether a file that starts with `head` may be planned on more of its
/// start when [`plan_first`] said no: only text (not a workbook, UTF-16 or
/// a web page) whose plan wanted more rows, or rows that settle a decimal
/// separator or a date order.
pub fn may_plan_on_more(head: &[u8], file_name: &str) -> bool {
    plain_text(head, file_name).is_some()
}

/// The whole lines of `head` when the file is text that can be read in
/// parts (UTF-8 or line by line, not UTF-16, a workbook or a web page), with
/// the encoding's name, where those lines end in `head`, and how they read.
fn plain_text<'a>(
    head: &'a [u8],
    file_name: &str,
) -> Option<(Cow<'a, [u8]>, &'static str, usize, TextSeen)> {
    if file_name.is_empty() || is_workbook(head, file_name) {
        return None;
    }
    // Whole lines only (so on a character boundary); the rest comes later.
    let end = head.iter().rposition(|&b| b == b'\n')? + 1;
    let decoded = encoding::decode(head.get(..end)?);
    let seen = match &decoded.text {
        Cow::Borrowed(text) if decoded.name.starts_with("UTF-8") => {
            TextSeen::of_utf8(encoding::check_utf8(text)?)
        }
        // Whether a line kept UTF-8 shows in the name (after a byte-order
        // mark it does not, nor does the name depend on it then).
        Cow::Owned(_) if encoding::by_lines(decoded.name) => TextSeen {
            by_lines: true,
            kept: decoded.name == encoding::name_of(false, true, true),
            foreign: false,
        },
        _ => return None,
    };
    // A web page is read whole, by its tags (its cells hold tags, so no
    // plan would fit its lines anyway).
    let text = &*decoded.text;
    if text.iter().all(|b| b.is_ascii_whitespace()) || super::html::is_html(text) {
        return None;
    }
    Some((decoded.text, decoded.name, end, seen))
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
            body_at,
            end,
            size,
            seen,
        } = self;
        let (plan, mut part, src) = prepared.read(progress);
        let (pos, lines, closed) = src.stopped()?;
        // Room for the whole file's rows: the second part is appended here.
        let per_line = end.max(1) as u64 / lines.max(1);
        part.reserve(usize::try_from((size - end) as u64 / per_line.max(1)).unwrap_or(0));
        let stream = Stream {
            part,
            size: 0,
            delimiter: u8::try_from(plan.delimiter()?).ok()?,
            // Read line by line, the record waiting for its end is kept decoded.
            read: if seen.by_lines { end } else { body_at + pos },
            checked: end,
            decoded: seen
                .by_lines
                .then(|| body.get(pos..).unwrap_or_default().to_vec()),
            seen,
            reserved: true,
            lines,
            closed,
        };
        Some((plan, stream))
    }
}

/// The import of the whole file from its two parts: the first part read to
/// its end, and the second part in its byte form ([`Stream::encode_into`]).
/// `None` when those bytes are not a part, or when the parts did not read
/// the text as one pass would (see the module's doc).
pub fn join(mut plan: Plan, first: Closed, second: &[u8]) -> Option<Result<Imported, ImportError>> {
    let (&seen, second) = second.split_last()?;
    let seen = first.seen.and(TextSeen::from_byte(seen)?);
    if seen.by_lines {
        // Not UTF-8 throughout: one pass reads every line by its own
        // encoding, and a line in another script as Windows-1252.
        if seen.foreign {
            return None;
        }
        let bom = plan
            .encoding()
            .starts_with(encoding::name_of(true, false, false));
        plan.set_encoding(encoding::name_of(bom, true, seen.kept));
    }
    let Closed {
        mut part, lines, ..
    } = first;
    part.append_encoded(second, lines)?;
    Some(build::finish(plan, part))
}

/// The whole split in one thread, cut at `cut` and fed in pieces of
/// `piece` bytes, the second part passed through its byte form as between
/// workers: for tests, and for the workers' warm-up on the sample
/// (`Engine::warm_up`). `None` when the file cannot be read so.
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
    let mut decoded = Vec::new();
    let planned = loop {
        match plan_first(&bytes[..have], &mut decoded, size, file_name, options) {
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
    // Into the part's text, as the second worker does (see `encode_into`).
    join(
        plan_a,
        first,
        &second.encode_into(bytes[first_end..].to_vec()),
    )
}
