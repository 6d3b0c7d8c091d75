//! Parsing dates as written in exports, into day numbers.
//!
//! Handles numeric dates with `-`, `/` or `.` (day-first, month-first or
//! year-first), ISO with time and offset (the date as written is kept; the
//! offset is not applied), `yyyymmdd`, Dutch/English/German/French month
//! names, and Excel serial numbers. Whether `03/04/2024` is 3 April or
//! March 4 is decided per column by the caller from [`date_evidence`].

use super::DateOrder;
use super::number::clean_cell;
use crate::analysis::calendar::{Day, day_from_civil};

/// What one value says about its column's date order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateEvidence {
    /// Only day-first works ("25-03-2024").
    DayFirst,
    /// Only month-first works ("03/25/2024").
    MonthFirst,
    /// Both work ("03-04-2024").
    Either,
    /// The order is not in question (ISO, month names, `yyyymmdd`).
    Fixed,
    /// A plain number in the Excel serial range; a date only in a date column.
    Serial,
    /// Not a date.
    NotDate,
}

/// Days from 1970-01-01 back to Excel's day 0 (1899-12-30, which absorbs Excel's 1900 leap-year bug).
const EXCEL_EPOCH_OFFSET: i64 = 25_569;

/// An Excel serial day number (1900 system) as a day number; time fractions are dropped.
pub fn from_excel_serial(serial: f64) -> Option<Day> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    Day::try_from(serial.floor() as i64 - EXCEL_EPOCH_OFFSET).ok()
}

fn month_from_name(word: &[u8]) -> Option<u32> {
    let mut buf = [0u8; 12];
    if word.len() < 3 || word.len() > buf.len() {
        return None;
    }
    for (b, c) in buf.iter_mut().zip(word) {
        *b = c.to_ascii_lowercase();
    }
    let w = &buf[..word.len()];
    // Accented forms arrive as UTF-8 and are matched as whole words.
    let m = match w {
        b"jan" | b"januari" | b"january" | b"januar" | b"janv" | b"janvier" => 1,
        b"feb" | b"februari" | b"february" | b"februar" | b"fev" | b"fevr" => 2,
        b"mrt" | b"maart" | b"mar" | b"march" | b"mars" | b"maerz" | b"mrz" => 3,
        b"apr" | b"april" | b"avr" | b"avril" => 4,
        b"mei" | b"may" | b"mai" => 5,
        b"jun" | b"juni" | b"june" | b"juin" => 6,
        b"jul" | b"juli" | b"july" | b"juil" | b"juillet" => 7,
        b"aug" | b"augustus" | b"august" | b"aout" => 8,
        b"sep" | b"sept" | b"september" | b"septembre" => 9,
        b"okt" | b"oktober" | b"oct" | b"october" | b"octobre" => 10,
        b"nov" | b"november" | b"novembre" => 11,
        b"dec" | b"december" | b"dez" | b"dezember" | b"decembre" => 12,
        _ => match word {
            w if w.eq_ignore_ascii_case("märz".as_bytes())
                || w.eq_ignore_ascii_case("mär".as_bytes()) =>
            {
                3
            }
            w if w.eq_ignore_ascii_case("févr".as_bytes())
                || w.eq_ignore_ascii_case("février".as_bytes()) =>
            {
                2
            }
            w if w.eq_ignore_ascii_case("août".as_bytes()) => 8,
            w if w.eq_ignore_ascii_case("déc".as_bytes())
                || w.eq_ignore_ascii_case("décembre".as_bytes()) =>
            {
                12
            }
            _ => return None,
        },
    };
    Some(m)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok<'a> {
    Num(&'a [u8]),
    Word(&'a [u8]),
}

/// Splits the date part into three tokens and the two separators between
/// them; what follows must be nothing, or a time after a space, `T` or comma.
/// Fixed-size arrays keep this allocation-free: it runs once per row.
fn tokens(s: &[u8]) -> Option<([Tok<'_>; 3], [u8; 2])> {
    let mut toks = [Tok::Num(b""); 3];
    let mut seps = [0u8; 3];
    let mut n = 0;
    let mut i = 0;
    let mut pending_sep = 0u8;
    let mut skipped_word = false;
    while i < s.len() && n < 3 {
        let c = s[i];
        let start = i;
        if c.is_ascii_digit() {
            while i < s.len() && s[i].is_ascii_digit() {
                i += 1;
            }
            toks[n] = Tok::Num(&s[start..i]);
            seps[n] = pending_sep;
            n += 1;
            pending_sep = 0;
        } else if c.is_ascii_alphabetic() || c >= 0x80 {
            while i < s.len() && (s[i].is_ascii_alphabetic() || s[i] >= 0x80) {
                i += 1;
            }
            let w = &s[start..i];
            // A leading weekday ("Tue, 5 Mar 2024", "di 5 mrt 2024") is skipped.
            if n == 0 && month_from_name(w).is_none() {
                if w.len() > 9 || skipped_word {
                    return None;
                }
                skipped_word = true;
                continue;
            }
            toks[n] = Tok::Word(w);
            seps[n] = pending_sep;
            n += 1;
            pending_sep = 0;
        } else if matches!(c, b'-' | b'/' | b'.' | b' ' | b',') {
            // Keep the most telling separator of a run (", " → ',').
            if pending_sep == 0 || pending_sep == b' ' {
                pending_sep = c;
            }
            i += 1;
        } else {
            return None;
        }
    }
    if n < 3 {
        return None;
    }
    let rest = &s[i..];
    let ok_rest = match rest.first() {
        None => true,
        // Time after the date: "2024-03-05T14:22:00+01:00", "05-03-2024 14:22", "Mar 3, 2024 10:00 AM".
        Some(b' ' | b'T' | b't' | b',') => {
            rest.len() > 1 && rest.iter().skip(1).any(u8::is_ascii_digit)
        }
        _ => false,
    };
    if !ok_rest {
        return None;
    }
    Some((toks, [seps[1], seps[2]]))
}

fn num(t: &[u8]) -> Option<u32> {
    if t.is_empty() || t.len() > 4 {
        return None;
    }
    t.iter()
        .try_fold(0u32, |acc, &d| Some(acc * 10 + u32::from(d - b'0')))
}

fn year(t: &[u8]) -> Option<i32> {
    let y = num(t)? as i32;
    match t.len() {
        4 => Some(y),
        // Two-digit years: 00–69 are 20xx, 70–99 are 19xx.
        2 => Some(if y < 70 { 2000 + y } else { 1900 + y }),
        _ => None,
    }
}

/// The three parts of a date before the order is applied.
enum Parts {
    /// Order is fixed: year, month, day.
    Fixed(i32, u32, u32),
    /// Numeric `a-b-year` with `a`/`b` day and month in some order.
    Open(u32, u32, i32),
    /// A plain number: an Excel serial day when the column holds dates.
    Serial(f64),
}

fn parts(s: &[u8]) -> Option<Parts> {
    let s = clean_cell(s);
    if s.is_empty() {
        return None;
    }
    // Fast path for the common numeric forms "dd-mm-yyyy" and "yyyy-mm-dd" (or with `/`
    // or `.`): what the general reading below gives for them, without tokenising.
    if let &[a, b, c, d, e, f, g, h, i, j] = s {
        let digits = |x: [u8; 8]| x.iter().all(u8::is_ascii_digit);
        let two = |x: u8, y: u8| u32::from(x - b'0') * 10 + u32::from(y - b'0');
        if matches!(c, b'-' | b'/' | b'.') && c == f && digits([a, b, d, e, g, h, i, j]) {
            let year = (two(g, h) * 100 + two(i, j)) as i32;
            return Some(Parts::Open(two(a, b), two(d, e), year));
        }
        if matches!(e, b'-' | b'/' | b'.') && e == h && digits([a, b, c, d, f, g, i, j]) {
            let year = (two(a, b) * 100 + two(c, d)) as i32;
            return Some(Parts::Fixed(year, two(f, g), two(i, j)));
        }
    }
    if s.iter().all(u8::is_ascii_digit) {
        if s.len() == 8 {
            let y = num(&s[0..4])? as i32;
            if (1900..2200).contains(&y) {
                return Some(Parts::Fixed(y, num(&s[4..6])?, num(&s[6..8])?));
            }
            return None;
        }
        if s.len() <= 7 {
            let v = s.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
            return Some(Parts::Serial(f64::from(v)));
        }
        return None;
    }
    // "45352.5" as a serial with a time fraction.
    if let Some(p) = s.iter().position(|&c| c == b'.' || c == b',')
        && p > 0
        && p <= 7
        && s[..p].iter().all(u8::is_ascii_digit)
        && s[p + 1..].iter().all(u8::is_ascii_digit)
        && s.len() > p + 1
        && s[..p].len() >= 4
    {
        let v = s[..p]
            .iter()
            .fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
        return Some(Parts::Serial(f64::from(v)));
    }
    if let Some((y, m)) = month_only(s) {
        return Some(Parts::Fixed(y, m, 1));
    }
    let (toks, seps) = tokens(s)?;
    match (toks[0], toks[1], toks[2]) {
        (Tok::Num(a), Tok::Num(b), Tok::Num(c)) => {
            // Numeric dates use one separator twice: "05-03-2024", "2024/03/05".
            if seps[0] != seps[1] || !matches!(seps[0], b'-' | b'/' | b'.') {
                return None;
            }
            if a.len() == 4 {
                return Some(Parts::Fixed(year(a)?, num(b)?, num(c)?));
            }
            if a.len() > 2 || b.len() > 2 {
                return None;
            }
            Some(Parts::Open(num(a)?, num(b)?, year(c)?))
        }
        (Tok::Num(d), Tok::Word(m), Tok::Num(y)) if d.len() <= 2 => {
            Some(Parts::Fixed(year(y)?, month_from_name(m)?, num(d)?))
        }
        (Tok::Word(m), Tok::Num(d), Tok::Num(y)) if d.len() <= 2 => {
            Some(Parts::Fixed(year(y)?, month_from_name(m)?, num(d)?))
        }
        (Tok::Num(y), Tok::Word(m), Tok::Num(d)) if y.len() == 4 => {
            Some(Parts::Fixed(year(y)?, month_from_name(m)?, num(d)?))
        }
        _ => None,
    }
}

/// A month without a day, as a report per month writes it ("2026-01",
/// "01/2026", "jan 2026", "januari 2026"), or a quarter ("2026-Q1", "K1
/// 2026"): its year and (first) month, counted as its first day. The year
/// has four digits ("2024-2025" is no month).
fn month_only(s: &[u8]) -> Option<(i32, u32)> {
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c >= 0x80;
    let a_end = s.iter().position(|c| !word(c))?;
    let b_start = a_end + s[a_end..].iter().position(word)?;
    let (a, sep, b) = (&s[..a_end], &s[a_end..b_start], &s[b_start..]);
    if sep.len() > 3
        || !sep
            .iter()
            .all(|c| matches!(c, b'-' | b'/' | b'.' | b' ' | b','))
        || !b.iter().all(word)
    {
        return None;
    }
    let digits = |t: &[u8]| !t.is_empty() && t.iter().all(u8::is_ascii_digit);
    let four = |t: &[u8]| {
        (t.len() == 4 && digits(t))
            .then(|| num(t).map(|y| y as i32))
            .flatten()
            .filter(|y| (1900..2200).contains(y))
    };
    let month = |t: &[u8]| {
        // A quarter ("Q1", Dutch "K1"): its first month.
        if let [q, n @ b'1'..=b'4'] = t
            && matches!(q.to_ascii_lowercase(), b'q' | b'k')
        {
            return Some(u32::from(n - b'1') * 3 + 1);
        }
        if digits(t) && t.len() <= 2 {
            num(t).filter(|m| (1..=12).contains(m))
        } else if digits(t) {
            None
        } else {
            month_from_name(t)
        }
    };
    match (four(a), four(b)) {
        (Some(y), None) => Some((y, month(b)?)),
        (None, Some(y)) => Some((y, month(a)?)),
        _ => None,
    }
}

/// A year alone ("2025"), as a report per year writes it in its "Jaar"
/// column: its 1 January. Only for a column its header names a year (in a
/// date column "2025" is a mistake, said).
pub fn year_day(s: &[u8]) -> Option<Day> {
    let s = clean_cell(s);
    if s.len() != 4 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let y = num(s)? as i32;
    (1900..2200)
        .contains(&y)
        .then(|| day_from_civil(y, 1, 1))
        .flatten()
}

/// Whether `s` is a month without a day ([`month_only`]).
pub fn is_month(s: &[u8]) -> bool {
    month_only(clean_cell(s)).is_some()
}

/// Parses a date. `allow_serial` lets plain numbers count as Excel serial dates
/// (only sensible in a column already known to hold dates).
pub fn parse_date(s: &[u8], order: DateOrder, allow_serial: bool) -> Option<Day> {
    parse_with(s, order, allow_serial, day_from_civil)
}

/// [`parse_date`] with the calendar step given.
#[inline]
fn parse_with(
    s: &[u8],
    order: DateOrder,
    allow_serial: bool,
    mut day_from_civil: impl FnMut(i32, u32, u32) -> Option<Day>,
) -> Option<Day> {
    match parts(s)? {
        Parts::Fixed(y, m, d) => day_from_civil(y, m, d),
        Parts::Open(a, b, y) => match order {
            DateOrder::DayFirst => day_from_civil(y, b, a),
            DateOrder::MonthFirst => day_from_civil(y, a, b),
            // "yy-mm-dd" would have been read as day-first numbers; read them back as year-first.
            DateOrder::YearFirst => {
                let yy = a as i32;
                let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
                let d = u32::try_from(y.rem_euclid(100)).ok()?;
                day_from_civil(year, b, d)
            }
        },
        Parts::Serial(v) if allow_serial && (20_000.0..80_000.0).contains(&v) => {
            from_excel_serial(v)
        }
        Parts::Serial(_) => None,
    }
}

/// [`parse_date`] for a whole column: remembers the day numbers of recent
/// dates, since a file holds few distinct dates and the calendar arithmetic
/// costs several divisions (real `div`s at opt-level "z") per row.
pub struct DayCache {
    /// Direct-mapped by the low bits of the packed date: (packed date, day).
    slots: Vec<(u32, Day)>,
}

impl Default for DayCache {
    fn default() -> Self {
        DayCache {
            slots: vec![(0, 0); 4096],
        }
    }
}

impl DayCache {
    /// The same as [`parse_date`].
    #[inline]
    pub fn parse(&mut self, s: &[u8], order: DateOrder, allow_serial: bool) -> Option<Day> {
        let slots = &mut self.slots;
        parse_with(s, order, allow_serial, |y, m, d| {
            // Year, month and day packed into a non-zero key when they fit; consecutive
            // dates of eight consecutive years take distinct slots.
            let key = match (u32::try_from(y), m, d) {
                (Ok(y @ 0..=0xFFFF), 1..=12, 1..=31) => (y << 9) | (m << 5) | d,
                _ => return day_from_civil(y, m, d),
            };
            let i = key as usize & 4095;
            match slots.get(i) {
                Some(&(k, day)) if k == key => Some(day),
                _ => {
                    let day = day_from_civil(y, m, d)?;
                    if let Some(slot) = slots.get_mut(i) {
                        *slot = (key, day);
                    }
                    Some(day)
                }
            }
        })
    }
}

/// What a value says about the date order of its column.
pub fn date_evidence(s: &[u8]) -> DateEvidence {
    match parts(s) {
        Some(Parts::Fixed(y, m, d)) if day_from_civil(y, m, d).is_some() => DateEvidence::Fixed,
        Some(Parts::Open(a, b, y)) => {
            let day_first = day_from_civil(y, b, a).is_some();
            let month_first = day_from_civil(y, a, b).is_some();
            match (day_first, month_first) {
                (true, true) => DateEvidence::Either,
                (true, false) => DateEvidence::DayFirst,
                (false, true) => DateEvidence::MonthFirst,
                (false, false) => DateEvidence::NotDate,
            }
        }
        Some(Parts::Serial(v)) if (20_000.0..80_000.0).contains(&v) => DateEvidence::Serial,
        _ => DateEvidence::NotDate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateOrder::{DayFirst, MonthFirst};

    fn d(y: i32, m: u32, dd: u32) -> Option<Day> {
        day_from_civil(y, m, dd)
    }

    #[test]
    fn formats_from_the_issue() {
        let want = d(2024, 3, 5);
        for s in [
            "05-03-2024",
            "5-3-24",
            "05/03/2024",
            "2024-03-05",
            "2024-03-05T14:22:00+01:00",
            "2024-03-05 14:22:00 +0100",
            "20240305",
            "05.03.2024",
            "5 mrt 2024",
            "5 maart 2024",
            "Mar 5, 2024",
            "5-Mar-2024",
            "di 5 mrt 2024",
            "Tue, 5 Mar 2024",
            "05-03-2024 14:22",
            "'2024-03-05",
            "5. März 2024",
            "45356",
        ] {
            assert_eq!(parse_date(s.as_bytes(), DayFirst, true), want, "{s}");
        }
        assert_eq!(parse_date(b"03/05/2024", MonthFirst, false), want);
        assert_eq!(parse_date(b"03/05/2024 2:22 PM", MonthFirst, false), want);
        assert_eq!(parse_date(b"24-03-05", DateOrder::YearFirst, false), want);
    }

    #[test]
    fn a_month_without_a_day_is_its_first_day() {
        let want = d(2026, 1, 1);
        for s in [
            "2026-01",
            "2026/1",
            "01-2026",
            "1/2026",
            "01.2026",
            "jan 2026",
            "Jan. 2026",
            "januari 2026",
            "January 2026",
            "janvier 2026",
            "jan-2026",
            "2026 jan",
            "2026-Q1",
            "Q1 2026",
            "k1 2026",
        ] {
            assert_eq!(parse_date(s.as_bytes(), DayFirst, false), want, "{s}");
            assert_eq!(date_evidence(s.as_bytes()), DateEvidence::Fixed, "{s}");
        }
        for s in [
            "2024-2025",
            "2026-13",
            "13/2026",
            "2026",
            "2026-001",
            "1899-01",
            "Q5 2026",
            "Q1",
        ] {
            assert_eq!(parse_date(s.as_bytes(), DayFirst, true), None, "{s}");
        }
        assert_eq!(parse_date(b"2025-Q4", DayFirst, false), d(2025, 10, 1));
        assert_eq!(parse_date(b"K2 2026", DayFirst, false), d(2026, 4, 1));
    }

    #[test]
    fn rejects_non_dates() {
        for s in [
            "",
            "hello",
            "1234,56",
            "1.234,56",
            "12-5",
            "32-01-2024",
            "2024-02-30",
            "12345678901",
            "5 foo 2024",
            "05-03/2024",
        ] {
            assert_eq!(parse_date(s.as_bytes(), DayFirst, false), None, "{s}");
        }
        // Plain numbers are serials only when allowed.
        assert_eq!(parse_date(b"45356", DayFirst, false), None);
        assert_eq!(parse_date(b"12", DayFirst, true), None);
    }

    #[test]
    fn the_cache_reads_as_parse_date() {
        let mut cache = DayCache::default();
        let mut texts: Vec<String> = Vec::new();
        for y in [1899, 1900, 1970, 2000, 2023, 2024, 2025, 2031, 2100, 9999] {
            for m in 0..=13 {
                for d in 0..=32 {
                    texts.push(format!("{d:02}-{m:02}-{y:04}"));
                    texts.push(format!("{y:04}-{m:02}-{d:02}"));
                    texts.push(format!("{m}/{d}/{}", y % 100));
                }
            }
        }
        texts.extend(["45356", "5 mrt 2024", "hello", ""].map(String::from));
        // Twice: the second round reads from the cache.
        for _ in 0..2 {
            for t in &texts {
                for order in [DayFirst, MonthFirst, DateOrder::YearFirst] {
                    let want = parse_date(t.as_bytes(), order, true);
                    assert_eq!(cache.parse(t.as_bytes(), order, true), want, "{t}");
                }
            }
        }
    }

    #[test]
    fn evidence() {
        assert_eq!(date_evidence(b"25-03-2024"), DateEvidence::DayFirst);
        assert_eq!(date_evidence(b"03/25/2024"), DateEvidence::MonthFirst);
        assert_eq!(date_evidence(b"03/04/2024"), DateEvidence::Either);
        assert_eq!(date_evidence(b"2024-03-25"), DateEvidence::Fixed);
        assert_eq!(date_evidence(b"45356"), DateEvidence::Serial);
        assert_eq!(date_evidence(b"Bedrag"), DateEvidence::NotDate);
        assert_eq!(date_evidence(b"1.234,56"), DateEvidence::NotDate);
    }
}
