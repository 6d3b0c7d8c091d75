//! Parsing money, percentages and counts as written in exports.
//!
//! Values are parsed digit by digit into integers (never through `f64`), so
//! cents are exact and rounding is half away from zero. Which character is
//! the decimal separator is decided per column by the caller from the
//! evidence [`decimal_evidence`] gives for each value.

use super::DecimalSeparator;
use crate::analysis::dataset::Cents;

/// A parsed decimal number: integer part and the first 9 fraction digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number {
    /// Whether the value is negative.
    pub negative: bool,
    /// Integer part.
    pub int: u64,
    /// First nine fraction digits (truncated), as an integer of nanos.
    pub frac_nanos: u64,
    /// Whether the value carried a `%` sign.
    pub percent: bool,
    /// The currency symbol or code the value carried, as an ISO code.
    pub currency: Option<[u8; 3]>,
    /// Whether the value carried a `$` (hints at an American file).
    pub dollar: bool,
}

impl Number {
    /// Rounded to cents, half away from zero. `None` on overflow.
    #[inline]
    pub fn cents(&self) -> Option<Cents> {
        // A comparison, not `checked_mul`: in wasm32 an overflow-checked 64-bit
        // multiply is a call to a 128-bit multiply routine, on every amount.
        if self.int > u64::MAX / 100 {
            return None;
        }
        let (two, third) = cents_digits(self.frac_nanos);
        // Half away from zero only looks at the third fraction digit: it
        // decides whether what remains beyond the cents is at least half a cent.
        let abs = (self.int * 100)
            .checked_add(two)?
            .checked_add(u64::from(third >= 5))?;
        let abs = i64::try_from(abs).ok()?;
        Some(if self.negative { -abs } else { abs })
    }

    /// The exact value in nanos (10⁻⁹), for percentages and quantities.
    pub fn nanos(&self) -> i128 {
        let abs = i128::from(self.int) * 1_000_000_000 + i128::from(self.frac_nanos);
        if self.negative { -abs } else { abs }
    }

    /// The value as a whole number, if it is one.
    pub fn whole(&self) -> Option<i64> {
        if self.frac_nanos != 0 {
            return None;
        }
        let v = i64::try_from(self.int).ok()?;
        Some(if self.negative { -v } else { v })
    }
}

/// The first two fraction digits of `frac_nanos` as a number, and the third:
/// `(frac_nanos / 10⁷, frac_nanos / 10⁶ % 10)`.
#[inline]
fn cents_digits(frac_nanos: u64) -> (u64, u64) {
    // At opt-level "z" a division by a constant stays a `div` (tens of cycles), and
    // this runs for every amount. Fractions (nine digits) are below 10⁹ < 2³⁰, where
    // multiplying by ⌈2⁵⁰ / 10⁶⌉ and shifting is exact (the error, 157 376 / 2⁵⁰ per
    // unit, stays below 2⁻³⁰), and c · 205 >> 11 is c / 10 for c < 1029.
    if frac_nanos < 1_000_000_000 {
        let milli = (frac_nanos * 1_125_899_907) >> 50;
        let two = (milli * 205) >> 11;
        (two, milli - two * 10)
    } else {
        (frac_nanos / 10_000_000, (frac_nanos / 1_000_000) % 10)
    }
}

/// Divides rounding half away from zero (`den` > 0).
pub fn div_round(num: i128, den: i128) -> i128 {
    let q = num / den;
    let r = num % den;
    if r.abs() * 2 >= den {
        if num < 0 { q - 1 } else { q + 1 }
    } else {
        q
    }
}

/// What one value says about the decimal separator of its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalEvidence {
    /// Only a comma reading works ("12,5", "1.234,56").
    Comma,
    /// Only a point reading works ("12.5", "1,234.56").
    Point,
    /// Both work and differ ("1,234" or "1.234").
    Ambiguous,
    /// No separator at all ("1234"): either reading gives the same value.
    Neutral,
    /// Not a number under either reading.
    NotNumber,
}

/// Whitespace as found in exports: ASCII, no-break space, narrow no-break, thin and figure space.
#[inline]
fn space_len(s: &[u8]) -> usize {
    match s {
        [b' ' | b'\t' | b'\r' | b'\n', ..] => 1,
        [0xC2, 0xA0, ..] => 2,
        [0xE2, 0x80, 0xAF | 0x89 | 0x87, ..] => 3,
        _ => 0,
    }
}

#[inline]
fn space_len_back(s: &[u8]) -> usize {
    match s {
        [.., b' ' | b'\t' | b'\r' | b'\n'] => 1,
        [.., 0xC2, 0xA0] => 2,
        [.., 0xE2, 0x80, 0xAF | 0x89 | 0x87] => 3,
        _ => 0,
    }
}

/// Trims ASCII and Unicode spaces from both ends.
#[inline(always)]
pub fn trim(mut s: &[u8]) -> &[u8] {
    // Fast path: most cells start and end with a letter, digit or quote.
    if let (Some(a), Some(b)) = (s.first(), s.last())
        && *a > b' '
        && *a < 0x80
        && *b > b' '
        && *b < 0x80
    {
        return s;
    }
    loop {
        let n = space_len(s);
        if n == 0 {
            break;
        }
        s = &s[n..];
    }
    loop {
        let n = space_len_back(s);
        if n == 0 {
            break;
        }
        s = &s[..s.len() - n];
    }
    s
}

/// Trims spaces and the spreadsheet text markers: a leading apostrophe (Shopify)
/// and the `="..."` wrapper Excel users put around numbers.
#[inline(always)]
pub fn clean_cell(s: &[u8]) -> &[u8] {
    let mut s = trim(s);
    if let [b'=', b'"', inner @ .., b'"'] = s {
        s = trim(inner);
    }
    if let [b'\'', rest @ ..] = s {
        s = trim(rest);
    }
    s
}

/// Currency symbols and codes before or after an amount, with their ISO code.
const CURRENCY_MARKS: [(&[u8], [u8; 3]); 10] = [
    ("€".as_bytes(), *b"EUR"),
    (b"$", *b"USD"),
    ("£".as_bytes(), *b"GBP"),
    (b"EUR", *b"EUR"),
    (b"eur", *b"EUR"),
    (b"USD", *b"USD"),
    (b"usd", *b"USD"),
    (b"GBP", *b"GBP"),
    (b"Eur", *b"EUR"),
    (b"US$", *b"USD"),
];

struct Stripped<'a> {
    body: &'a [u8],
    negative: bool,
    percent: bool,
    currency: Option<[u8; 3]>,
    dollar: bool,
}

/// Removes sign, parentheses, currency and percent markers around the digits.
fn strip_markers(s: &[u8]) -> Option<Stripped<'_>> {
    // Fast path: a plain number ("1.234,56", "-12,5") starts with a digit or a minus
    // and a digit, and ends in a digit, so there is nothing to trim or strip.
    let plain = match s {
        [b'0'..=b'9'] | [b'0'..=b'9', .., b'0'..=b'9'] => Some((s, false)),
        [b'-', rest @ ..] if matches!(rest, [b'0'..=b'9'] | [b'0'..=b'9', .., b'0'..=b'9']) => {
            Some((rest, true))
        }
        _ => None,
    };
    if let Some((body, negative)) = plain {
        return Some(Stripped {
            body,
            negative,
            percent: false,
            currency: None,
            dollar: false,
        });
    }
    let mut s = clean_cell(s);
    let mut out = Stripped {
        body: s,
        negative: false,
        percent: false,
        currency: None,
        dollar: false,
    };
    let mut signs = 0;
    if let [b'(', inner @ .., b')'] = s {
        s = inner;
        out.negative = true;
        signs += 1;
    }
    // Prefixes: sign and currency in either order, with spaces between.
    loop {
        s = trim(s);
        if let [b'-' | b'+', rest @ ..] = s {
            out.negative |= s[0] == b'-';
            signs += 1;
            s = rest;
            continue;
        }
        if let [0xE2, 0x88, 0x92, rest @ ..] = s {
            out.negative = true;
            signs += 1;
            s = rest;
            continue;
        }
        let maybe_currency = matches!(
            s.first(),
            Some(0xE2 | b'$' | 0xC2 | b'E' | b'e' | b'U' | b'u' | b'G')
        );
        if let Some((p, code)) = CURRENCY_MARKS
            .iter()
            .find(|(p, _)| maybe_currency && s.starts_with(p))
        {
            out.currency = Some(*code);
            out.dollar |= p.contains(&b'$');
            s = &s[p.len()..];
            continue;
        }
        break;
    }
    // Suffixes: trailing minus (SAP, Exact), percent, currency.
    loop {
        s = trim(s);
        // "25,-", "€ 1.250,-": a whole amount, as Dutch prices are written.
        if let [rest @ .., b'0'..=b'9', b',' | b'.', b'-'] = s {
            s = &s[..rest.len() + 1];
            continue;
        }
        if let [rest @ .., b'-'] = s {
            out.negative = true;
            signs += 1;
            s = rest;
            continue;
        }
        if let [rest @ .., b'%'] = s {
            if out.percent {
                return None;
            }
            out.percent = true;
            s = rest;
            continue;
        }
        let maybe_currency = matches!(
            s.last(),
            Some(0xAC | b'$' | 0xA3 | b'R' | b'r' | b'D' | b'd' | b'P')
        );
        if let Some((p, code)) = CURRENCY_MARKS
            .iter()
            .find(|(p, _)| maybe_currency && s.ends_with(p))
        {
            out.currency = Some(*code);
            out.dollar |= p.contains(&b'$');
            s = &s[..s.len() - p.len()];
            continue;
        }
        break;
    }
    if signs > 1 || s.is_empty() {
        return None;
    }
    out.body = s;
    Some(out)
}

/// The cents of a plain amount: an optional leading minus, digits, and at
/// most one decimal separator with one or two digits after it ("31,29",
/// "-80", "1234.5"). `None` for anything else (thousands separators,
/// symbols, spaces, more decimals, a plus sign, parentheses), which
/// [`parse_number`] reads; where this gives cents, they are the ones
/// `parse_number(s)?.cents()` gives. Most amounts in an export are plain:
/// this reads them without the general parser's steps.
#[inline]
pub fn plain_cents(s: &[u8], decimal: DecimalSeparator) -> Option<i64> {
    let dec = match decimal {
        DecimalSeparator::Comma => b',',
        DecimalSeparator::Point => b'.',
    };
    let (negative, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, s),
    };
    // Fifteen digits and two decimals stay far inside an i64. One pass:
    // the digits are read as they are counted.
    let mut int = 0i64;
    let mut int_len = 0;
    while let Some(&c) = digits.get(int_len) {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        if int_len == 15 {
            return None;
        }
        int = int * 10 + i64::from(d);
        int_len += 1;
    }
    if int_len == 0 {
        return None;
    }
    let digit = |c: u8| c.is_ascii_digit().then(|| i64::from(c - b'0'));
    let frac = match digits[int_len..] {
        [] => 0,
        [d, a] if d == dec => digit(a)? * 10,
        [d, a, b] if d == dec => digit(a)? * 10 + digit(b)?,
        _ => return None,
    };
    let cents = int * 100 + frac;
    Some(if negative { -cents } else { cents })
}

/// Parses a number with the given decimal separator. The other of `.`/`,`,
/// spaces and apostrophes are accepted as thousands separators, but only in
/// groups of three, so "12,3,4" is rejected rather than misread.
pub fn parse_number(s: &[u8], decimal: DecimalSeparator) -> Option<Number> {
    let st = strip_markers(s)?;
    let (dec, group) = match decimal {
        DecimalSeparator::Comma => (b',', b'.'),
        DecimalSeparator::Point => (b'.', b','),
    };
    let body = st.body;
    let mut int: u64 = 0;
    let mut int_digits = 0usize; // digits in the integer part
    let mut group_len = 0usize; // digits since the last group separator
    let mut groups = 0usize;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c.is_ascii_digit() {
            // Not `checked_mul`: that is a 128-bit multiply call in wasm32.
            if int > (u64::MAX - 9) / 10 {
                return None;
            }
            int = int * 10 + u64::from(c - b'0');
            int_digits += 1;
            group_len += 1;
            i += 1;
            continue;
        }
        let sep_len = if c == group || c == b'\'' {
            1
        } else {
            space_len(&body[i..])
        };
        if sep_len > 0 && c != dec {
            // A group separator: the part before must be a valid group.
            if group_len == 0 || (groups > 0 && group_len != 3) || (groups == 0 && group_len > 3) {
                return None;
            }
            groups += 1;
            group_len = 0;
            i += sep_len;
            continue;
        }
        break;
    }
    if groups > 0 && group_len != 3 {
        return None;
    }
    let mut frac_nanos: u64 = 0;
    if i < body.len() {
        if body[i] != dec {
            return None;
        }
        i += 1;
        let frac = &body[i..];
        if frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // Place values from a table: `scale /= 10` would be a `div` per digit at opt-level "z".
        const SCALE: [u64; 9] = [
            100_000_000,
            10_000_000,
            1_000_000,
            100_000,
            10_000,
            1_000,
            100,
            10,
            1,
        ];
        for (&d, scale) in frac.iter().zip(SCALE) {
            frac_nanos += u64::from(d - b'0') * scale;
        }
    } else if int_digits == 0 {
        return None;
    }
    Some(Number {
        negative: st.negative,
        int,
        frac_nanos,
        percent: st.percent,
        currency: st.currency,
        dollar: st.dollar,
    })
}

/// The currency a cell that is nothing but a currency mark means ("€", "$",
/// "US$", "EUR"), by the same marks an amount may carry.
pub fn currency_mark(v: &[u8]) -> Option<[u8; 3]> {
    CURRENCY_MARKS
        .iter()
        .find(|(mark, _)| *mark == v)
        .map(|&(_, code)| code)
}

/// The currency an amount is written in ("€ 12,50", "80.00 USD"), if it says.
pub fn amount_currency(s: &[u8]) -> Option<[u8; 3]> {
    strip_markers(s)?.currency
}

/// What a single value says about its column's decimal separator.
pub fn decimal_evidence(s: &[u8]) -> DecimalEvidence {
    let Some(st) = strip_markers(s) else {
        return DecimalEvidence::NotNumber;
    };
    let b = st.body;
    let commas = b.iter().filter(|&&c| c == b',').count();
    let points = b.iter().filter(|&&c| c == b'.').count();
    let guess = match (commas, points) {
        (0, 0) => DecimalEvidence::Neutral,
        (c, p) if c > 0 && p > 0 => {
            let last_comma = b.iter().rposition(|&c| c == b',').unwrap_or(0);
            let last_point = b.iter().rposition(|&c| c == b'.').unwrap_or(0);
            if last_comma > last_point {
                DecimalEvidence::Comma
            } else {
                DecimalEvidence::Point
            }
        }
        (c, 0) if c > 1 => DecimalEvidence::Point,
        (0, p) if p > 1 => DecimalEvidence::Comma,
        _ => {
            let sep = if commas == 1 { b',' } else { b'.' };
            let pos = b.iter().position(|&c| c == sep).unwrap_or(0);
            let before = &b[..pos];
            let after = &b[pos + 1..];
            let lead_group = before
                .rsplit(|&c| !c.is_ascii_digit())
                .next()
                .unwrap_or(before);
            let could_group = after.len() == 3
                && after.iter().all(u8::is_ascii_digit)
                && (1..=3).contains(&lead_group.len())
                && lead_group.len() == before.len()
                && lead_group.first() != Some(&b'0');
            let as_decimal = if sep == b',' {
                DecimalEvidence::Comma
            } else {
                DecimalEvidence::Point
            };
            if could_group {
                DecimalEvidence::Ambiguous
            } else {
                as_decimal
            }
        }
    };
    let check = |d| parse_number(s, d).is_some();
    match guess {
        DecimalEvidence::Comma if check(DecimalSeparator::Comma) => DecimalEvidence::Comma,
        DecimalEvidence::Point if check(DecimalSeparator::Point) => DecimalEvidence::Point,
        DecimalEvidence::Neutral | DecimalEvidence::Ambiguous if check(DecimalSeparator::Point) => {
            guess
        }
        _ => DecimalEvidence::NotNumber,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalSeparator::{Comma, Point};

    fn cents(s: &str, d: DecimalSeparator) -> Option<Cents> {
        parse_number(s.as_bytes(), d).and_then(|n| n.cents())
    }

    #[test]
    fn formats_from_the_issue() {
        assert_eq!(cents("1234.56", Point), Some(123_456));
        assert_eq!(cents("1.234,56", Comma), Some(123_456));
        assert_eq!(cents("1,234.56", Point), Some(123_456));
        assert_eq!(cents("1 234,56", Comma), Some(123_456));
        assert_eq!(cents("1\u{a0}234,56", Comma), Some(123_456));
        assert_eq!(cents("1\u{202f}234,56", Comma), Some(123_456));
        assert_eq!(cents("€ 1.234,56", Comma), Some(123_456));
        assert_eq!(cents("EUR 1234", Comma), Some(123_400));
        assert_eq!(cents("$1,234.56", Point), Some(123_456));
        assert_eq!(cents("-1.234,56", Comma), Some(-123_456));
        assert_eq!(cents("1.234,56-", Comma), Some(-123_456));
        assert_eq!(cents("(1.234,56)", Comma), Some(-123_456));
        assert_eq!(cents("+12", Comma), Some(1200));
        assert_eq!(cents("-€ 5,00", Comma), Some(-500));
        assert_eq!(cents("€ -5,00", Comma), Some(-500));
        assert_eq!(cents("'12.50", Point), Some(1250));
        assert_eq!(cents(",5", Comma), Some(50));
    }

    #[test]
    fn a_dutch_whole_price_has_no_cents() {
        assert_eq!(cents("25,-", Comma), Some(2500));
        assert_eq!(cents("€ 1.250,-", Comma), Some(125_000));
        assert_eq!(cents("12.-", Point), Some(1200));
        assert_eq!(cents("-25,-", Comma), Some(-2500));
        assert_eq!(cents("25,- EUR", Comma), Some(2500));
        // Still a trailing minus: negative.
        assert_eq!(cents("25-", Comma), Some(-2500));
        assert_eq!(cents("25,50-", Comma), Some(-2550));
        assert_eq!(cents(",-", Comma), None);
        assert_eq!(cents("-", Comma), None);
    }

    #[test]
    fn an_amount_says_its_currency_when_it_carries_one() {
        let code = |s: &str| amount_currency(s.as_bytes()).map(|c| c.to_vec());
        assert_eq!(code("€ 1.234,56"), Some(b"EUR".to_vec()));
        assert_eq!(code("-€ 5,00"), Some(b"EUR".to_vec()));
        assert_eq!(code("1.234,56 EUR"), Some(b"EUR".to_vec()));
        assert_eq!(code("$1,234.56"), Some(b"USD".to_vec()));
        assert_eq!(code("US$ 12"), Some(b"USD".to_vec()));
        assert_eq!(code("£30.00"), Some(b"GBP".to_vec()));
        assert_eq!(code("1.234,56"), None);
        assert_eq!(code("12%"), None);
        assert_eq!(code("twaalf"), None);
    }

    #[test]
    fn rejects_garbage_instead_of_zero() {
        for s in [
            "12,3,4",
            "",
            "abc",
            "1.2.3",
            "12,",
            "--5",
            "1,23,456",
            "12 3",
            "5 EUR EUR x",
            "(5",
        ] {
            assert_eq!(cents(s, Comma), None, "{s}");
        }
        assert_eq!(cents("12,3,4", Point), None);
        assert_eq!(cents("1234.56", Comma), None);
    }

    #[test]
    fn cents_overflow_is_exact_at_the_i64_limit() {
        // i64::MAX = 9 223 372 036 854 775 807 cents.
        let d = DecimalSeparator::Point;
        assert_eq!(cents("92233720368547758.07", d), Some(i64::MAX));
        assert_eq!(cents("-92233720368547758.07", d), Some(-i64::MAX));
        assert_eq!(cents("92233720368547758.08", d), None);
        assert_eq!(
            cents("92233720368547758.075", d),
            None,
            "rounds up past the limit"
        );
        assert_eq!(cents("92233720368547759", d), None);
        assert_eq!(cents("18446744073709551615", d), None, "u64::MAX units");
        assert_eq!(cents("18446744073709551616", d), None, "beyond u64");
    }

    #[test]
    fn cents_digits_match_division() {
        let check = |f: u64| {
            assert_eq!(
                cents_digits(f),
                (f / 10_000_000, (f / 1_000_000) % 10),
                "{f}"
            );
        };
        // Around every multiple of 10⁶ up to 10⁹, where a wrong quotient would show first.
        for k in 0..=1_001u64 {
            for f in [
                k * 1_000_000,
                (k * 1_000_000).saturating_sub(1),
                k * 1_000_000 + 999_999,
            ] {
                check(f);
            }
        }
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            check(x % 1_000_000_000);
            check(x);
        }
        for f in [(1 << 30) - 1, 1 << 30, 999_999_999, u64::MAX] {
            check(f);
        }
    }

    #[test]
    fn rounding_half_away_from_zero() {
        assert_eq!(cents("0,005", Comma), Some(1));
        assert_eq!(cents("0,00499999", Comma), Some(0));
        assert_eq!(cents("-0,005", Comma), Some(-1));
        assert_eq!(cents("2,675", Comma), Some(268));
        assert_eq!(cents("99999999999999999999", Comma), None);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(4, 10), 0);
    }

    #[test]
    fn percent_and_evidence() {
        let n = parse_number(b"12,5%", Comma).unwrap();
        assert!(n.percent);
        assert_eq!(n.nanos(), 12_500_000_000);
        assert_eq!(decimal_evidence(b"1,234"), DecimalEvidence::Ambiguous);
        assert_eq!(decimal_evidence(b"1.234"), DecimalEvidence::Ambiguous);
        assert_eq!(decimal_evidence(b"12,5"), DecimalEvidence::Comma);
        assert_eq!(decimal_evidence(b"1,234.56"), DecimalEvidence::Point);
        assert_eq!(decimal_evidence(b"1.234.567"), DecimalEvidence::Comma);
        assert_eq!(decimal_evidence(b"0,125"), DecimalEvidence::Comma);
        assert_eq!(decimal_evidence(b"1234,567"), DecimalEvidence::Comma);
        assert_eq!(decimal_evidence(b"1234"), DecimalEvidence::Neutral);
        assert_eq!(decimal_evidence(b"12,3,4"), DecimalEvidence::NotNumber);
        assert_eq!(decimal_evidence(b"hello"), DecimalEvidence::NotNumber);
    }

    #[test]
    fn plain_amounts_are_read_directly() {
        assert_eq!(plain_cents(b"31,29", Comma), Some(3129));
        assert_eq!(plain_cents(b"-80", Comma), Some(-8000));
        assert_eq!(plain_cents(b"1234.5", Point), Some(123_450));
        assert_eq!(
            plain_cents(b"999999999999999,99", Comma),
            Some(99_999_999_999_999_999)
        );
        // Sixteen digits, separators, signs and symbols: the general parser's.
        for other in [
            "1000000000000000",
            "1.234,56",
            "+5",
            "5-",
            "€ 5",
            "5,",
            ",5",
            "5,123",
            "",
            "-",
        ] {
            assert_eq!(plain_cents(other.as_bytes(), Comma), None, "{other}");
        }
    }
}
