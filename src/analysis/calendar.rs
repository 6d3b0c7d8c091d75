//! Calendar arithmetic on plain day numbers.
//!
//! A date is stored as the number of days since 1970-01-01 (negative before),
//! so comparisons and windows are integer operations. These helpers convert
//! between day numbers and civil dates (proleptic Gregorian calendar) and
//! subtract whole calendar months the way accountants do: 31 March minus one
//! month is the last day of February.

/// Days since 1970-01-01.
pub type Day = i32;

/// A civil date: year, month (1–12), day (1–31).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Civil {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The day number of a civil date, or `None` when the date does not exist
/// (month 13, 30 February, ...).
pub fn day_from_civil(year: i32, month: u32, day: u32) -> Option<Day> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // Howard Hinnant's days_from_civil, in i64 to stay clear of overflow.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Day::try_from(era * 146_097 + doe - 719_468).ok()
}

/// The civil date of a day number.
pub fn civil_from_day(day: Day) -> Civil {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    Civil {
        year: y as i32,
        month: m,
        day: d,
    }
}

/// `day` minus `months` calendar months, clamping to the last day of the
/// target month (31 March − 1 month = 28 or 29 February).
pub fn sub_months(day: Day, months: u32) -> Day {
    let c = civil_from_day(day);
    let total = i64::from(c.year) * 12 + i64::from(c.month - 1) - i64::from(months);
    let year = total.div_euclid(12) as i32;
    let month = total.rem_euclid(12) as u32 + 1;
    let d = c.day.min(days_in_month(year, month));
    day_from_civil(year, month, d).unwrap_or(day)
}

/// Formats a day number as ISO `yyyy-mm-dd`.
pub fn iso(day: Day) -> String {
    let c = civil_from_day(day);
    format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
}

/// Parses an ISO `yyyy-mm-dd` date (as an `<input type=date>` gives it).
pub fn parse_iso(text: &str) -> Option<Day> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    day_from_civil(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(day_from_civil(1970, 1, 1), Some(0));
        assert_eq!(day_from_civil(2000, 3, 1), Some(11_017));
        assert_eq!(day_from_civil(1969, 12, 31), Some(-1));
        assert_eq!(day_from_civil(2024, 2, 30), None);
        assert_eq!(day_from_civil(2023, 2, 29), None);
        assert_eq!(day_from_civil(2024, 13, 1), None);
    }

    #[test]
    fn round_trip_over_four_centuries() {
        let start = day_from_civil(1900, 1, 1).unwrap();
        let end = day_from_civil(2300, 1, 1).unwrap();
        for d in start..end {
            let c = civil_from_day(d);
            assert_eq!(day_from_civil(c.year, c.month, c.day), Some(d));
        }
    }

    #[test]
    fn month_subtraction_clamps_to_month_end() {
        let d = |y, m, dd| day_from_civil(y, m, dd).unwrap();
        assert_eq!(sub_months(d(2024, 3, 31), 1), d(2024, 2, 29));
        assert_eq!(sub_months(d(2023, 3, 31), 1), d(2023, 2, 28));
        assert_eq!(sub_months(d(2024, 2, 29), 12), d(2023, 2, 28));
        assert_eq!(sub_months(d(2024, 1, 15), 13), d(2022, 12, 15));
        assert_eq!(sub_months(d(2024, 5, 31), 0), d(2024, 5, 31));
    }

    #[test]
    fn iso_round_trip() {
        let d = day_from_civil(2024, 2, 29).unwrap();
        assert_eq!(iso(d), "2024-02-29");
        assert_eq!(parse_iso("2024-02-29"), Some(d));
        assert_eq!(parse_iso("2024-02-30"), None);
        assert_eq!(parse_iso("nonsense"), None);
    }
}
