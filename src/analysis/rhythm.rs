//! Purchase rhythm: how often an active customer usually buys, when the next
//! order is due, and who to call before it (domain.md §5: "map each
//! customer's purchase cycle and call just before they would reorder; quiet
//! good customers can leave without a sound: watch for silence that is
//! longer than their usual rhythm").
//!
//! Rules (R = reference day):
//! - a purchase day is a day with at least one row with revenue > 0, on or
//!   before R; several rows on one day are one purchase day;
//! - the rhythm needs at least [`MIN_GAPS`] + 1 purchase days. The usual
//!   interval I is the median of the last [`MAX_GAPS`] gaps between
//!   consecutive purchase days (for an even number of gaps, the mean of the
//!   two middle ones, rounded down), so one long holiday does not move it and
//!   an old rhythm fades out;
//! - the expected next purchase is the last purchase day L plus I;
//! - silent: R − L > 1.5 × I (more than half a cycle late);
//! - due, call now: not silent, and R ≥ L + I − lead, with lead =
//!   min([`MAX_LEAD_DAYS`], I / 4) days: the week before the expected order,
//!   less for customers who buy more often than every four weeks;
//! - otherwise on schedule.
//!
//! Customer-level files (one row per customer) have no purchase days: no
//! rhythm.

use serde::{Deserialize, Serialize};

use super::calendar::Day;
use super::dataset::{CustomerId, Dataset, Facts};

/// At least this many gaps (so this many + 1 purchase days) make a rhythm.
pub const MIN_GAPS: usize = 2;
/// The rhythm is the median of at most this many most recent gaps.
pub const MAX_GAPS: usize = 12;
/// Call at most this many days before the expected order.
pub const MAX_LEAD_DAYS: u32 = 7;

/// Every customer's distinct purchase days, sorted, built once per dataset
/// (a counting sort by customer: two passes over the rows, no hashing).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurchaseDays {
    /// `days[starts[c]..starts[c + 1]]` are customer `c`'s days.
    starts: Vec<u32>,
    days: Vec<Day>,
}

impl PurchaseDays {
    /// The purchase days of every customer in the dataset (none for
    /// customer-level files).
    pub fn new(dataset: &Dataset) -> Self {
        let Facts::Transactions(t) = &dataset.facts else {
            return Self::default();
        };
        let n = dataset.customers.len();
        let bought = || {
            t.customer
                .iter()
                .zip(&t.day)
                .zip(&t.revenue)
                .filter(|&(_, &revenue)| revenue > 0)
                .map(|((&c, &d), _)| (c as usize, d))
                .filter(move |&(c, _)| c < n)
        };
        let mut starts = vec![0u32; n + 1];
        for (c, _) in bought() {
            starts[c + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut days = vec![0 as Day; starts[n] as usize];
        for (c, d) in bought() {
            days[fill[c] as usize] = d;
            fill[c] += 1;
        }
        // Sort and deduplicate each customer's days in place, compacting.
        let mut write = 0usize;
        for c in 0..n {
            let (from, to) = (starts[c] as usize, starts[c + 1] as usize);
            starts[c] = write as u32;
            let slice = &mut days[from..to];
            slice.sort_unstable();
            let mut last = None;
            for i in from..to {
                let d = days[i];
                if last != Some(d) {
                    days[write] = d;
                    write += 1;
                    last = Some(d);
                }
            }
        }
        starts[n] = write as u32;
        days.truncate(write);
        days.shrink_to_fit();
        Self { starts, days }
    }

    /// One customer's distinct purchase days, ascending (empty when unknown).
    pub fn of(&self, customer: CustomerId) -> &[Day] {
        let c = customer as usize;
        match (self.starts.get(c), self.starts.get(c + 1)) {
            (Some(&from), Some(&to)) => self.days.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Where a customer stands against its own rhythm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Cadence {
    /// The next order is not due yet.
    OnSchedule,
    /// The next order is due within the lead time, or a little late: call now.
    Due,
    /// Silent for more than 1.5 usual intervals: call before they are gone.
    Silent,
}

impl Cadence {
    /// All cadences, in list order.
    pub const ALL: [Cadence; 3] = [Cadence::OnSchedule, Cadence::Due, Cadence::Silent];

    /// Stable key for filters and test ids.
    pub fn key(self) -> &'static str {
        match self {
            Cadence::OnSchedule => "on-schedule",
            Cadence::Due => "due",
            Cadence::Silent => "silent",
        }
    }

    /// The cadence with this [`Cadence::key`].
    pub fn from_key(key: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// One customer's rhythm on the reference day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rhythm {
    /// The usual interval between purchase days, in days (≥ 1).
    pub interval: u32,
    /// The expected next purchase: last purchase day + interval.
    pub expected: Day,
    /// Where the customer stands on the reference day.
    pub cadence: Cadence,
}

/// The rhythm of a customer with these purchase days (distinct, ascending)
/// on `reference`; `None` with fewer than [`MIN_GAPS`] + 1 purchase days on
/// or before it.
pub fn rhythm(days: &[Day], reference: Day) -> Option<Rhythm> {
    let upto = days.partition_point(|&d| d <= reference);
    let recent = &days[upto.saturating_sub(MAX_GAPS + 1)..upto];
    if recent.len() < MIN_GAPS + 1 {
        return None;
    }
    let mut gaps = [0u32; MAX_GAPS];
    let gaps = &mut gaps[..recent.len() - 1];
    for (gap, pair) in gaps.iter_mut().zip(recent.windows(2)) {
        *gap = pair[1].abs_diff(pair[0]);
    }
    gaps.sort_unstable();
    let mid = gaps.len() / 2;
    let interval = if gaps.len() % 2 == 1 {
        gaps[mid]
    } else {
        // Mean of the two middle gaps, rounded down, without overflow.
        gaps[mid - 1] / 2 + gaps[mid] / 2 + (gaps[mid - 1] % 2 + gaps[mid] % 2) / 2
    }
    .max(1);
    let last = *recent.last()?;
    let silence = i64::from(reference) - i64::from(last);
    let interval_days = i64::from(interval);
    let lead = i64::from(MAX_LEAD_DAYS.min(interval / 4));
    let cadence = if 2 * silence > 3 * interval_days {
        Cadence::Silent
    } else if silence + lead >= interval_days {
        Cadence::Due
    } else {
        Cadence::OnSchedule
    };
    let expected = Day::try_from(i64::from(last) + interval_days).unwrap_or(Day::MAX);
    Some(Rhythm {
        interval,
        expected,
        cadence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_monthly_customer_is_due_in_the_week_before_the_next_order() {
        let days = [0, 30, 60, 90];
        let at = |r| rhythm(&days, r).map(|r| r.cadence);
        // I = 30, L = 90, expected 120, lead 7: due from day 113.
        assert_eq!(
            rhythm(&days, 100).map(|r| (r.interval, r.expected)),
            Some((30, 120))
        );
        assert_eq!(at(112), Some(Cadence::OnSchedule));
        assert_eq!(at(113), Some(Cadence::Due));
        assert_eq!(at(120), Some(Cadence::Due));
        // Silent when R − L > 45.
        assert_eq!(at(135), Some(Cadence::Due));
        assert_eq!(at(136), Some(Cadence::Silent));
    }

    #[test]
    fn short_rhythms_get_a_short_lead() {
        // Weekly: lead 7 / 4 = 1 day.
        let weekly = [0, 7, 14];
        assert_eq!(
            rhythm(&weekly, 19).map(|r| r.cadence),
            Some(Cadence::OnSchedule)
        );
        assert_eq!(rhythm(&weekly, 20).map(|r| r.cadence), Some(Cadence::Due));
        assert_eq!(rhythm(&weekly, 24).map(|r| r.cadence), Some(Cadence::Due));
        assert_eq!(
            rhythm(&weekly, 25).map(|r| r.cadence),
            Some(Cadence::Silent)
        );
    }

    #[test]
    fn the_interval_is_the_median_of_the_recent_gaps() {
        // Gaps 10, 10, 100 (a long holiday), 10: median of four = (10 + 10) / 2.
        let days = [0, 10, 20, 120, 130];
        assert_eq!(rhythm(&days, 130).map(|r| r.interval), Some(10));
        // Two gaps, 10 and 21: mean rounded down.
        assert_eq!(rhythm(&[0, 10, 31], 31).map(|r| r.interval), Some(15));
        // Only the last MAX_GAPS gaps count: an old weekly rhythm fades out.
        let mut days: Vec<Day> = (0..20).map(|i| i * 7).collect();
        let last = *days.last().unwrap();
        days.extend((1..=MAX_GAPS as Day).map(|i| last + 30 * i));
        assert_eq!(rhythm(&days, Day::MAX).map(|r| r.interval), Some(30));
    }

    #[test]
    fn too_few_purchases_or_later_ones_give_no_rhythm() {
        assert_eq!(rhythm(&[], 0), None);
        assert_eq!(rhythm(&[5, 10], 100), None);
        // Days after R do not count.
        assert_eq!(rhythm(&[5, 10, 20], 19), None);
        assert!(rhythm(&[5, 10, 20], 20).is_some());
        // Extremes do not overflow.
        let r = rhythm(&[Day::MIN, 0, Day::MAX], Day::MAX).unwrap();
        assert_eq!(r.expected, Day::MAX);
        assert_eq!(r.cadence, Cadence::OnSchedule);
    }

    #[test]
    fn purchase_days_are_distinct_sorted_and_only_purchases() {
        use crate::analysis::dataset::{Customer, DeclaredStatus, ProfitSource, Transactions};
        let customer = |key: &str| Customer {
            key: key.to_owned(),
            name: key.to_owned(),
            status: DeclaredStatus::Unknown,
            account_manager: None,
        };
        let dataset = Dataset {
            customers: vec![customer("a"), customer("b"), customer("c")],
            account_managers: vec![],
            facts: Facts::Transactions(Transactions {
                customer: vec![1, 0, 1, 1, 0, 1, 2, 7],
                day: vec![30, 5, 10, 30, 5, 20, 3, 1],
                revenue: vec![100, 100, 50, 1, -100, 0, -5, 100],
                profit: None,
            }),
            profit_source: ProfitSource::None,
        };
        let days = PurchaseDays::new(&dataset);
        assert_eq!(days.of(0), &[5]);
        assert_eq!(days.of(1), &[10, 30]);
        assert_eq!(days.of(2), &[] as &[Day]);
        assert_eq!(days.of(7), &[] as &[Day]);
    }
}
