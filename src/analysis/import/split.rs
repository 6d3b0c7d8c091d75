//! One file read in two parts at once, so a second core can help.
//!
//! The first worker reads the file's first half (and a little more), plans
//! the import on it exactly as [`import`](super::import) would, and reads the
//! rows up to the first line ending at or after the middle. A second worker
//! reads the rest with that plan. The first worker then appends the second
//! part to its own ([`Partial::append`]): the result equals reading the whole
//! file in one pass. The property test `tests/import_split.rs` holds that.
//!
//! Only a UTF-8 text whose decisions are settled by the first part can be
//! split: every other file (a workbook, another encoding, a customer-totals
//! file, a quote left open at the middle, a decimal separator still open) is
//! read in one pass, and then these functions answer `None`.

use super::build::{self, Meta, Prepared};
pub use super::build::{Partial, Plan};
use super::report::FileKind;
use super::table::Source;
use super::{ImportError, ImportOptions, Imported, delimiter, encoding, is_workbook};

/// Bytes of the first part beyond the middle: its last row must end in them.
pub const LOOKAHEAD: usize = 64 << 10;

/// Where the second part of a file starts: just after the first `\n` at or
/// after the middle `mid`. `bytes` start at file offset `from` (≤ `mid`).
pub fn second_part_start(bytes: &[u8], from: usize, mid: usize) -> Option<usize> {
    let rel = mid.checked_sub(from)?;
    let nl = bytes.get(rel..)?.iter().position(|&b| b == b'\n')?;
    Some(mid + nl + 1)
}

/// How many bytes of a `size`-byte file the first part needs: its half and
/// [`LOOKAHEAD`].
pub fn first_part_len(size: usize) -> usize {
    (size / 2).saturating_add(LOOKAHEAD).min(size)
}

/// The first part, planned: [`FirstPart::plan`] goes to the second worker,
/// then [`FirstPart::read`] reads this part's rows.
pub struct FirstPart<'a> {
    prepared: Prepared<'a>,
}

/// The first part read: its plan, its rows, and the lines it held.
pub struct FirstRead {
    /// The plan both parts were read with.
    pub plan: Plan,
    /// This part's rows.
    pub part: Partial,
    /// The lines before the second part (its row numbers count on from here).
    pub lines: u64,
}

/// Plans the import of a `size`-byte file split near `mid` (the workers use
/// the middle), from its first bytes `prefix` (at least up to the second
/// part's start). `None` when the file cannot be split: read it whole.
pub fn plan_first<'a>(
    prefix: &'a [u8],
    size: usize,
    mid: usize,
    file_name: &str,
    options: &ImportOptions,
) -> Option<FirstPart<'a>> {
    let end = second_part_start(prefix, 0, mid)?;
    if end >= size || file_name.is_empty() || is_workbook(prefix, file_name) {
        return None;
    }
    // Decoding only checks UTF-8 here (borrowed, not copied); the first
    // part ends after a `\n`, so on a character boundary.
    let decoded = encoding::decode(prefix.get(..end)?);
    let text: &'a [u8] = match decoded.text {
        std::borrow::Cow::Borrowed(t) if decoded.name.starts_with("UTF-8") => t,
        _ => return None,
    };
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let (delim, body, sep_line) = match delimiter::sep_line(text) {
        Some((d, rest)) => (d, rest, true),
        None => (delimiter::sniff(text, false), text, false),
    };
    // The splitter must read the first part (it says where its rows end).
    Source::later_part(b"", delim)?;
    let meta = Meta {
        file_kind: FileKind::Csv,
        encoding: decoded.name.to_string(),
        delimiter: Some(char::from(delim)),
        sep_line,
        sheets: Vec::new(),
        sheet: None,
    };
    let prepared =
        build::plan(Source::csv(body, delim, u64::from(sep_line)), meta, options).ok()?;
    let plan = &prepared.plan;
    if prepared.exhausted || !plan.is_transactions() || plan.unsettled() {
        return None;
    }
    Some(FirstPart { prepared })
}

impl FirstPart<'_> {
    /// The plan, for the second worker.
    pub fn plan(&self) -> &Plan {
        &self.prepared.plan
    }

    /// Reads this part's rows. `None` when its last row did not end at the
    /// line ending before the second part (a quoted field open across the
    /// middle): then only a whole pass is exact.
    pub fn read(self, progress: &mut dyn FnMut(u64, u64, u64)) -> Option<FirstRead> {
        let (plan, part, src) = self.prepared.read(progress);
        let lines = src.lines_when_closed()?;
        Some(FirstRead { plan, part, lines })
    }
}

/// Reads the second part, `text` (the file from [`second_part_start`] on),
/// with the first part's plan. `None` when it is not UTF-8 (then the whole
/// file is not, and is decoded otherwise in one pass).
pub fn read_second(
    text: &[u8],
    plan: &Plan,
    progress: &mut dyn FnMut(u64, u64, u64),
) -> Option<Partial> {
    std::str::from_utf8(text).ok()?;
    let delim = u8::try_from(plan.delimiter()?).ok()?;
    let mut src = Source::later_part(text, delim)?;
    Some(build::main_pass(plan, &[], Some(&mut src), 0, progress))
}

/// The import of the whole file from its two parts.
pub fn join(first: FirstRead, second: Partial) -> Result<Imported, ImportError> {
    let FirstRead {
        plan,
        mut part,
        lines,
    } = first;
    part.append(second, lines);
    build::finish(plan, part)
}

/// The whole split in one thread, near `mid`, with the second part passed
/// through its byte form as between workers: for tests. `None` when the file
/// cannot be split there.
pub fn import_in_two(
    bytes: &[u8],
    mid: usize,
    file_name: &str,
    options: &ImportOptions,
) -> Option<Result<Imported, ImportError>> {
    let size = bytes.len();
    let prefix = bytes.get(..mid.saturating_add(LOOKAHEAD).min(size))?;
    let first = plan_first(prefix, size, mid, file_name, options)?;
    let plan = first.plan().clone();
    let first = first.read(&mut |_, _, _| {})?;
    let start = second_part_start(bytes, 0, mid)?;
    let second = read_second(bytes.get(start..)?, &plan, &mut |_, _, _| {})?;
    let second = Partial::decode(&second.encode())?;
    Some(join(first, second))
}
