//! Turning numbers into text the way Dutch and English readers expect.
//!
//! Pure functions (no signals, no DOM), unit-tested natively. The test
//! contract attributes (`data-value`, `data-gini`, ...) do not use these:
//! they use [`plain_cents`] and [`plain_share`], which never change with the
//! language.

use crate::analysis::calendar::{Day, civil_from_day};
use crate::analysis::dataset::Cents;
use crate::analysis::lang::Lang;
use crate::analysis::pyramid::LayerFigures;
use crate::analysis::trend::Trend;

/// Groups the digits of a non-negative integer with `sep` every three digits.
fn group(mut n: u64, sep: char) -> String {
    let mut parts = Vec::new();
    loop {
        let rest = n / 1000;
        let chunk = n % 1000;
        if rest == 0 {
            parts.push(chunk.to_string());
            break;
        }
        parts.push(format!("{chunk:03}"));
        n = rest;
    }
    parts.reverse();
    parts.join(&sep.to_string())
}

/// A whole number with thousands separators: `12.345` (nl) or `12,345` (en).
pub fn count(n: u64, lang: Lang) -> String {
    group(n, lang.pick(".", ",").chars().next().unwrap_or('.'))
}

/// `n` and its noun (singular or plural) in the language: "1 regel …", "2 regels …".
pub fn counted(n: u64, lang: Lang, nl: [&str; 2], en: [&str; 2]) -> String {
    let forms = match lang {
        Lang::Nl => nl,
        Lang::En => en,
    };
    let noun = if n == 1 { forms[0] } else { forms[1] };
    format!("{} {noun}", count(n, lang))
}

/// Money with cents: `€ 1.234,56` (nl, with a no-break space) or `€1,234.56` (en); minus sign in front.
pub fn money(cents: Cents, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (thousands, decimal) = match lang {
        Lang::Nl => ('.', ','),
        Lang::En => (',', '.'),
    };
    let units = group(abs / 100, thousands);
    // A no-break space: "€" and its amount never part at a line end.
    let space = lang.pick("\u{a0}", "");
    format!("{sign}€{space}{units}{decimal}{:02}", abs % 100)
}

/// Money rounded to whole euros, for figures in charts and cards: `€ 1.235`.
pub fn money_whole(cents: Cents, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let euros = (cents.unsigned_abs() + 50) / 100;
    let space = lang.pick("\u{a0}", "");
    format!("{sign}€{space}{}", count(euros, lang))
}

/// A share in [0, 1] as a percentage with `decimals` decimals: `74,3%` / `74.3%`.
pub fn percent(share: f64, decimals: usize, lang: Lang) -> String {
    if !share.is_finite() {
        return "–".to_owned();
    }
    format!("{}%", decimal(share * 100.0, decimals, lang))
}

/// Shares that make up one whole as percentages with `decimals` decimals
/// that add up to exactly 100 (largest remainder): rounded each on its own,
/// three thirds would read 33,3 + 33,3 + 33,3 = 99,9%. Each differs from its
/// own rounding by at most one last digit. Shares that are not a whole (one
/// is negative or not finite, or the sum is not 1) are rounded each on
/// their own.
pub fn percents_of_whole(shares: &[f64], decimals: usize, lang: Lang) -> Vec<String> {
    let decimals = decimals.min(6);
    let units_in_whole = 100 * 10_i64.pow(decimals as u32);
    let sum: f64 = shares.iter().sum();
    let whole = shares.iter().all(|s| s.is_finite() && *s >= 0.0) && (sum - 1.0).abs() < 1e-9;
    if !whole {
        return shares.iter().map(|&s| percent(s, decimals, lang)).collect();
    }
    let exact: Vec<f64> = shares.iter().map(|s| s * units_in_whole as f64).collect();
    let mut units: Vec<i64> = exact.iter().map(|e| e.floor() as i64).collect();
    let missing = units_in_whole - units.iter().sum::<i64>();
    // The missing units go one each to the largest remainders (ties: the
    // first). A handful of shares: a scan per unit, no sort (whose generic
    // code would weigh more in the page bundle than this whole function).
    let mut remainder: Vec<f64> = exact.iter().map(|e| e - e.floor()).collect();
    for _ in 0..missing.max(0) {
        let mut best = None;
        for (i, &r) in remainder.iter().enumerate() {
            if r >= 0.0 && best.is_none_or(|b: usize| r > remainder[b]) {
                best = Some(i);
            }
        }
        let Some(i) = best else { break };
        units[i] += 1;
        remainder[i] = -1.0;
    }
    let scale = 10_i64.pow(decimals as u32) as f64;
    units
        .into_iter()
        .map(|u| {
            format!(
                "{}%",
                fixed(u as f64 / scale, decimals, lang.pick(",", "."))
            )
        })
        .collect()
}

/// The four active layers' shares (of customers or of value, by `share`) as
/// percentages that add up to exactly 100 ([`percents_of_whole`]), indexed
/// by [`Layer::index`]; `None` for inactive, prospects and suspects. The
/// pyramid's labels and its table both read them here, so they agree.
pub fn active_layer_percents(
    layers: &[LayerFigures],
    share: fn(&LayerFigures) -> f64,
    lang: Lang,
) -> [Option<String>; 7] {
    let active: Vec<&LayerFigures> = layers.iter().filter(|f| f.layer.is_active()).collect();
    let shares: Vec<f64> = active.iter().map(|f| share(f)).collect();
    let mut out: [Option<String>; 7] = Default::default();
    for (f, text) in active.iter().zip(percents_of_whole(&shares, 1, lang)) {
        if let Some(slot) = out.get_mut(f.layer.index()) {
            *slot = Some(text);
        }
    }
    out
}

/// Where an expected day lies from the reference day, in words: "verwacht
/// 3 dagen na de peildatum", "verwacht op de peildatum", "12 dagen over tijd
/// op de peildatum". The reference day is not always today, so it says so.
pub fn from_reference(expected: Day, reference: Day, lang: Lang) -> String {
    let days = i64::from(expected) - i64::from(reference);
    let n = days.unsigned_abs();
    let unit = if n == 1 {
        lang.pick("dag", "day")
    } else {
        lang.pick("dagen", "days")
    };
    let n = count(n, lang);
    match (days.signum(), lang) {
        (0, Lang::Nl) => "verwacht op de peildatum".to_owned(),
        (0, Lang::En) => "expected on the reference date".to_owned(),
        (1, Lang::Nl) => format!("verwacht {n} {unit} na de peildatum"),
        (1, Lang::En) => format!("expected {n} {unit} after the reference date"),
        (_, Lang::Nl) => format!("{n} {unit} over tijd op de peildatum"),
        (_, Lang::En) => format!("{n} {unit} overdue on the reference date"),
    }
}

/// A trend in whole percent, rounded toward zero (so "+50%" is always at
/// least half more, the pearls' threshold, and "-25%" at least a quarter
/// less, the key customers'): `+32%`, `-41%`, `0%`; `nieuw` / `new` when
/// the customer bought nothing before.
pub fn trend(trend: Trend, lang: Lang) -> String {
    let Some(whole) = trend.whole_percent() else {
        return lang.pick("nieuw", "new").to_owned();
    };
    let sign = match whole.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    let abs = u64::try_from(whole.unsigned_abs()).unwrap_or(u64::MAX);
    format!("{sign}{}%", count(abs, lang))
}

/// A margin in basis points as a percentage with one decimal, rounded down
/// like the margin itself (and the CSV): `3125` → `31,2%`.
pub fn margin_percent(bp: i32, lang: Lang) -> String {
    let tenths = bp.div_euclid(10);
    format!("{}%", decimal(f64::from(tenths) / 10.0, 1, lang))
}

/// A plain number with `decimals` decimals and the language's decimal sign: `0,59` / `0.59`.
pub fn decimal(value: f64, decimals: usize, lang: Lang) -> String {
    fixed(value, decimals, lang.pick(",", "."))
}

/// `value` rounded half away from zero to `decimals` (at most 6) decimals,
/// written with `point`; `-0` is written `0`, and a value that is not finite
/// as 0.
///
/// Integer arithmetic on purpose: Rust's float formatting and its tables
/// would be the page bundle's largest piece of `core` (about 25 KB), and the
/// page needs no more than this.
pub fn fixed(value: f64, decimals: usize, point: &str) -> String {
    let decimals = decimals.min(6);
    let scale = 10_i64.pow(decimals as u32);
    // `as` saturates: a share or a coordinate never comes near ±9.2·10¹⁸.
    let scaled = if value.is_finite() {
        (value * scale as f64).round() as i64
    } else {
        0
    };
    let sign = if scaled < 0 { "-" } else { "" };
    let abs = scaled.unsigned_abs();
    let scale = scale as u64;
    if decimals == 0 {
        format!("{sign}{abs}")
    } else {
        format!("{sign}{}{point}{:0decimals$}", abs / scale, abs % scale)
    }
}

/// A coordinate for SVG: one decimal at most, no trailing `.0` (`12`, `12.5`).
pub fn px(value: f64) -> String {
    let text = fixed(value, 1, ".");
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// Basis points as a percentage number without trailing zeros: 250 → `2,5`
/// (nl) / `2.5` (en), 100 → `1`, 1225 → `12,25`.
pub fn bp_percent(bp: u32, lang: Lang) -> String {
    let decimals = if bp.is_multiple_of(100) {
        0
    } else if bp.is_multiple_of(10) {
        1
    } else {
        2
    };
    let point = lang.pick(",", ".");
    let (whole, hundredths) = (bp / 100, bp % 100);
    match decimals {
        0 => whole.to_string(),
        1 => format!("{whole}{point}{}", hundredths / 10),
        _ => format!("{whole}{point}{hundredths:02}"),
    }
}

const MONTHS_NL: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date for reading: `3 mrt 2024` (nl) or `3 Mar 2024` (en).
pub fn date(day: Day, lang: Lang) -> String {
    let c = civil_from_day(day);
    let months = match lang {
        Lang::Nl => &MONTHS_NL,
        Lang::En => &MONTHS_EN,
    };
    let month = months.get(c.month as usize - 1).copied().unwrap_or("?");
    format!("{} {} {}", c.day, month, c.year)
}

/// How finely a file gives its dates: days, or months or years alone (each
/// read as its first day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateUnit {
    /// Dates with a day (the usual).
    Day,
    /// Months or quarters alone.
    Month,
    /// Years alone.
    Year,
}

/// The window after `start` up to and including `end`: "na 1 jan 2024 t/m
/// 31 dec 2024". For a file of months or years (each dated on its first
/// day) whose window starts and ends on such a first day, the months or
/// years it holds: "feb 2024 t/m jan 2025", "2025", "2023 t/m 2025" (the
/// first day's label would read as if a year report held only one day).
pub fn window(start: Day, end: Day, unit: DateUnit, lang: Lang) -> String {
    let (s, e) = (civil_from_day(start), civil_from_day(end));
    let up_to = lang.pick("t/m", "up to");
    let first_of_month = s.day == 1 && e.day == 1 && start < end;
    let month = |year: i32, m: u32| {
        let months = match lang {
            Lang::Nl => &MONTHS_NL,
            Lang::En => &MONTHS_EN,
        };
        let name = months.get(m as usize - 1).copied().unwrap_or("?");
        format!("{name} {year}")
    };
    match unit {
        DateUnit::Year if first_of_month && s.month == 1 && e.month == 1 => {
            if s.year + 1 == e.year {
                e.year.to_string()
            } else {
                format!("{} {up_to} {}", s.year + 1, e.year)
            }
        }
        DateUnit::Month | DateUnit::Year if first_of_month => {
            // The month after the start's is the first in the window.
            let (y, m) = if s.month == 12 {
                (s.year + 1, 1)
            } else {
                (s.year, s.month + 1)
            };
            if (y, m) == (e.year, e.month) {
                month(y, m)
            } else {
                format!("{} {up_to} {}", month(y, m), month(e.year, e.month))
            }
        }
        _ => format!(
            "{} {} {up_to} {}",
            lang.pick("na", "after"),
            date(start, lang),
            date(end, lang)
        ),
    }
}

/// Cents as a plain decimal for machine-readable attributes: `-1234.50`.
pub fn plain_cents(cents: Cents) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A share as a plain decimal with four decimals for attributes: `0.7431`.
pub fn plain_share(share: f64) -> String {
    fixed(share, 4, ".")
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn any_whole_adds_up_to_100_and_each_stays_within_a_tenth(
            weights in proptest::collection::vec(0u32..1000, 1..8),
        ) {
            let total: u32 = weights.iter().sum();
            proptest::prop_assume!(total > 0);
            let shares: Vec<f64> = weights.iter().map(|&w| f64::from(w) / f64::from(total)).collect();
            let tenths: Vec<i64> = percents_of_whole(&shares, 1, Lang::En)
                .iter()
                .map(|p| p.trim_end_matches('%').replace('.', "").parse().unwrap())
                .collect();
            proptest::prop_assert_eq!(tenths.iter().sum::<i64>(), 1000);
            for (t, s) in tenths.iter().zip(&shares) {
                proptest::prop_assert!((t - (s * 1000.0).round() as i64).abs() <= 1);
                proptest::prop_assert!(*t >= 0);
            }
        }
    }

    #[test]
    fn a_window_of_months_or_years_is_told_in_months_or_years() {
        use crate::analysis::calendar::day_from_civil;
        let d = |y, m, d| day_from_civil(y, m, d).unwrap();
        let (jan24, jan25) = (d(2024, 1, 1), d(2025, 1, 1));
        assert_eq!(
            window(jan24, jan25, DateUnit::Day, Lang::Nl),
            "na 1 jan 2024 t/m 1 jan 2025"
        );
        assert_eq!(window(jan24, jan25, DateUnit::Year, Lang::Nl), "2025");
        assert_eq!(
            window(d(2022, 1, 1), jan25, DateUnit::Year, Lang::En),
            "2023 up to 2025"
        );
        assert_eq!(
            window(jan24, jan25, DateUnit::Month, Lang::Nl),
            "feb 2024 t/m jan 2025"
        );
        assert_eq!(
            window(d(2024, 12, 1), jan25, DateUnit::Month, Lang::En),
            "Jan 2025"
        );
        // A window of years that is not whole years (18 months), in months.
        assert_eq!(
            window(d(2023, 7, 1), jan25, DateUnit::Year, Lang::Nl),
            "aug 2023 t/m jan 2025"
        );
        // A reference date chosen mid-month: the days.
        assert_eq!(
            window(d(2024, 1, 15), d(2025, 1, 15), DateUnit::Month, Lang::En),
            "after 15 Jan 2024 up to 15 Jan 2025"
        );
    }

    #[test]
    fn expected_days_are_told_from_the_reference_date() {
        assert_eq!(
            from_reference(103, 100, Lang::Nl),
            "verwacht 3 dagen na de peildatum"
        );
        assert_eq!(
            from_reference(101, 100, Lang::En),
            "expected 1 day after the reference date"
        );
        assert_eq!(
            from_reference(100, 100, Lang::Nl),
            "verwacht op de peildatum"
        );
        assert_eq!(
            from_reference(88, 100, Lang::Nl),
            "12 dagen over tijd op de peildatum"
        );
        assert_eq!(
            from_reference(99, 100, Lang::En),
            "1 day overdue on the reference date"
        );
        // No overflow at the extremes.
        assert_eq!(
            from_reference(Day::MAX, Day::MIN, Lang::En),
            "expected 4,294,967,295 days after the reference date"
        );
    }

    #[test]
    fn margins_read_with_one_decimal_rounded_down() {
        assert_eq!(margin_percent(3125, Lang::Nl), "31,2%");
        assert_eq!(margin_percent(3199, Lang::En), "31.9%");
        assert_eq!(margin_percent(-15, Lang::Nl), "-0,2%");
        assert_eq!(margin_percent(0, Lang::Nl), "0,0%");
    }

    #[test]
    fn trends_read_in_whole_percent_toward_zero() {
        let change = |value, previous| Trend::Change { value, previous };
        assert_eq!(trend(change(132, 100), Lang::Nl), "+32%");
        // Exact: as a float, 100 → 129 would read +28%.
        assert_eq!(trend(change(129, 100), Lang::Nl), "+29%");
        assert_eq!(trend(change(71, 100), Lang::Nl), "-29%");
        assert_eq!(trend(change(59, 100), Lang::Nl), "-41%");
        assert_eq!(trend(change(100, 100), Lang::Nl), "0%");
        // Just under a threshold does not read as one (+50% for pearls,
        // -25% for key customers buying less).
        assert_eq!(trend(change(14_999, 10_000), Lang::Nl), "+49%");
        assert_eq!(trend(change(12_499, 10_000), Lang::Nl), "+24%");
        assert_eq!(trend(change(7_501, 10_000), Lang::Nl), "-24%");
        assert_eq!(trend(change(3, 1_000), Lang::Nl), "-99%");
        assert_eq!(trend(change(1_234_500, 100), Lang::Nl), "+1.234.400%");
        assert_eq!(trend(change(1_234_500, 100), Lang::En), "+1,234,400%");
        assert_eq!(trend(Trend::New, Lang::Nl), "nieuw");
        assert_eq!(trend(Trend::New, Lang::En), "new");
    }

    #[test]
    fn percents_of_a_whole_add_up_to_100() {
        let third = 1.0 / 3.0;
        assert_eq!(
            percents_of_whole(&[third, third, third], 1, Lang::Nl),
            ["33,4%", "33,3%", "33,3%"]
        );
        // 0.2312 + 0.2304 + 0.2917 + 0.2467 = 1: 23.1 + 23.0 + 29.2 + 24.7 = 100.0 as rounded.
        assert_eq!(
            percents_of_whole(&[0.2312, 0.2304, 0.2917, 0.2467], 1, Lang::En),
            ["23.1%", "23.0%", "29.2%", "24.7%"]
        );
        // Rounded each on their own these read 16.7 × 6 = 100.2%.
        let sixth = 1.0 / 6.0;
        let six = percents_of_whole(&[sixth; 6], 1, Lang::En);
        let tenths: i64 = six
            .iter()
            .map(|p| {
                p.trim_end_matches('%')
                    .replace('.', "")
                    .parse::<i64>()
                    .unwrap()
            })
            .sum();
        assert_eq!(tenths, 1000, "{six:?}");
        // Not a whole: each on its own.
        assert_eq!(percents_of_whole(&[0.5, 0.6], 0, Lang::En), ["50%", "60%"]);
        assert_eq!(
            percents_of_whole(&[1.2, -0.2], 1, Lang::En),
            ["120.0%", "-20.0%"]
        );
        assert_eq!(
            percents_of_whole(&[0.0, 0.0], 1, Lang::En),
            ["0.0%", "0.0%"]
        );
        assert_eq!(
            percents_of_whole(&[f64::NAN, 1.0], 1, Lang::En),
            ["–", "100.0%"]
        );
    }

    use super::*;
    use crate::analysis::calendar::day_from_civil;

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(123_456, Lang::Nl), "€\u{a0}1.234,56");
        assert_eq!(money(123_456, Lang::En), "€1,234.56");
        assert_eq!(money(-5, Lang::Nl), "-€\u{a0}0,05");
        assert_eq!(money(0, Lang::En), "€0.00");
        assert_eq!(money(10_000_000_000, Lang::Nl), "€\u{a0}100.000.000,00");
        assert_eq!(money(i64::MIN, Lang::En), "-€92,233,720,368,547,758.08");
    }

    #[test]
    fn whole_money_rounds_half_up() {
        assert_eq!(money_whole(123_450, Lang::Nl), "€\u{a0}1.235");
        assert_eq!(money_whole(123_449, Lang::En), "€1,234");
        assert_eq!(money_whole(-99_950, Lang::Nl), "-€\u{a0}1.000");
    }

    #[test]
    fn counts_and_percentages() {
        assert_eq!(count(0, Lang::Nl), "0");
        assert_eq!(count(1_000, Lang::Nl), "1.000");
        assert_eq!(count(1_234_567, Lang::En), "1,234,567");
        assert_eq!(percent(0.7431, 1, Lang::Nl), "74,3%");
        assert_eq!(percent(0.7431, 0, Lang::En), "74%");
        assert_eq!(percent(f64::NAN, 1, Lang::En), "–");
    }

    #[test]
    fn basis_points_as_percentages() {
        assert_eq!(bp_percent(100, Lang::En), "1");
        assert_eq!(bp_percent(250, Lang::En), "2.5");
        assert_eq!(bp_percent(250, Lang::Nl), "2,5");
        assert_eq!(bp_percent(1225, Lang::En), "12.25");
    }

    #[test]
    fn dates_read_naturally() {
        let d = day_from_civil(2024, 3, 3).unwrap();
        assert_eq!(date(d, Lang::Nl), "3 mrt 2024");
        assert_eq!(date(d, Lang::En), "3 Mar 2024");
    }

    #[test]
    fn plain_values_for_attributes() {
        assert_eq!(plain_cents(123_450), "1234.50");
        assert_eq!(plain_cents(-7), "-0.07");
        assert_eq!(plain_cents(0), "0.00");
        assert_eq!(plain_share(0.74306), "0.7431");
        assert_eq!(plain_share(f64::INFINITY), "0.0000");
        assert_eq!(plain_share(1.0), "1.0000");
    }

    #[test]
    fn fixed_rounds_half_away_from_zero_without_float_formatting() {
        assert_eq!(fixed(2.5, 0, "."), "3");
        assert_eq!(fixed(-2.5, 0, "."), "-3");
        assert_eq!(fixed(0.125, 2, ","), "0,13");
        assert_eq!(fixed(-0.05, 2, "."), "-0.05");
        assert_eq!(fixed(-0.004, 2, "."), "0.00");
        assert_eq!(fixed(1234.5678, 3, "."), "1234.568");
        assert_eq!(fixed(7.0, 9, "."), "7.000000");
        assert_eq!(fixed(f64::NAN, 1, "."), "0.0");
        assert_eq!(decimal(0.5923, 2, Lang::Nl), "0,59");
        assert_eq!(bp_percent(5, Lang::Nl), "0,05");
        assert_eq!(bp_percent(10_000, Lang::En), "100");
    }

    #[test]
    fn coordinates_have_one_decimal_at_most() {
        assert_eq!(px(12.0), "12");
        assert_eq!(px(12.04), "12");
        assert_eq!(px(12.25), "12.3");
        assert_eq!(px(-0.5), "-0.5");
        assert_eq!(px(-0.04), "0");
        assert_eq!(px(640.0), "640");
    }
}
