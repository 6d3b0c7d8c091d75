//! Purchase rhythm: how often an active customer usually buys, when the next
//! order is due, and who to call before it (domain.md §5: "map each
//! customer's purchase cycle and call just before they would reorder; quiet
//! good customers can leave without a sound: watch for silence that is
//! longer than their usual rhythm").
//!
//! Rules (R = reference day, W = the activity window in months):
//! - a purchase day is a day with at least one row with revenue > 0, after
//!   R − 2W months and on or before R (the same horizon as "to reactivate":
//!   an old rhythm from before a long break does not count); several rows on
//!   one day are one purchase day;
//! - an order is a run of purchase days each less than [`SAME_ORDER_DAYS`]
//!   days after the previous one (a split delivery, a back order, a customer
//!   who buys every weekday), spanning less than [`MAX_ORDER_DAYS`] days (a
//!   customer who buys every day places one order a week); it counts at its
//!   last day. Orders are formed from the latest purchase day back;
//! - the rhythm needs at least [`MIN_GAPS`] + 1 orders. The usual interval I
//!   is the median of the last [`MAX_GAPS`] gaps between consecutive orders
//!   (for an even number of gaps, the mean of the two middle ones, rounded
//!   down), so from three gaps on one long holiday does not move it, and a
//!   changed rhythm takes over once it has more than half of the recent gaps;
//! - the expected next purchase is the last purchase day L plus I;
//! - silent: R − L > 1.5 × I (more than half a cycle late);
//! - due to reorder, call now: not silent, and R ≥ L + I − lead, with lead =
//!   min([`MAX_LEAD_DAYS`], I / 4) days: from the week before the expected
//!   order (less for customers who order more often than every four weeks)
//!   until it counts as silent;
//! - otherwise on schedule.
//!
//! Customer-level files (one row per customer) have no purchase days: no
//! rhythm.

use serde::{Deserialize, Serialize};

use super::calendar::Day;
use super::dataset::{CustomerId, Dataset, Facts};
use super::lang::Lang;

/// Purchase days less than this many days apart belong to one order.
pub const SAME_ORDER_DAYS: u32 = 3;
/// An order spans less than this many days (its first to its last day).
pub const MAX_ORDER_DAYS: u32 = 7;
/// At least this many gaps (so this many + 1 orders) make a rhythm.
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

    /// The cadence in words, the same in the call plan, the table and the CSV.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Cadence::OnSchedule => lang.pick("op schema", "on schedule"),
            Cadence::Due => lang.pick("aan de beurt om te bestellen", "due to reorder"),
            Cadence::Silent => {
                lang.pick("stiller dan het eigen ritme", "quieter than their rhythm")
            }
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
    /// The usual interval between orders, in days (≥ [`SAME_ORDER_DAYS`]).
    pub interval: u32,
    /// The expected next purchase: last purchase day + interval.
    pub expected: Day,
    /// Where the customer stands on the reference day.
    pub cadence: Cadence,
}

/// The rhythm of a customer with these purchase days (distinct, ascending)
/// on `reference`, counting only days after `since`; `None` with fewer than
/// [`MIN_GAPS`] + 1 orders in between.
pub fn rhythm(days: &[Day], since: Day, reference: Day) -> Option<Rhythm> {
    let from = days.partition_point(|&d| d <= since);
    let upto = days.partition_point(|&d| d <= reference);
    let days = days.get(from..upto)?;
    // The last day of each order, latest first.
    let mut orders = [0 as Day; MAX_GAPS + 1];
    let mut n = 0;
    let mut next: Option<Day> = None;
    for &d in days.iter().rev() {
        let same_order = n > 0
            && next.is_some_and(|later| later.abs_diff(d) < SAME_ORDER_DAYS)
            && orders[n - 1].abs_diff(d) < MAX_ORDER_DAYS;
        next = Some(d);
        if same_order {
            continue;
        }
        if n == orders.len() {
            break;
        }
        orders[n] = d;
        n += 1;
    }
    if n < MIN_GAPS + 1 {
        return None;
    }
    let last = orders[0];
    let mut gaps = [0u32; MAX_GAPS];
    let gaps = &mut gaps[..n - 1];
    for (gap, pair) in gaps.iter_mut().zip(orders[..n].windows(2)) {
        *gap = pair[0].abs_diff(pair[1]);
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
        let at = |r| rhythm(&days, Day::MIN, r).map(|r| r.cadence);
        // I = 30, L = 90, expected 120, lead 7: due from day 113.
        assert_eq!(
            rhythm(&days, Day::MIN, 100).map(|r| (r.interval, r.expected)),
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
            rhythm(&weekly, Day::MIN, 19).map(|r| r.cadence),
            Some(Cadence::OnSchedule)
        );
        assert_eq!(
            rhythm(&weekly, Day::MIN, 20).map(|r| r.cadence),
            Some(Cadence::Due)
        );
        assert_eq!(
            rhythm(&weekly, Day::MIN, 24).map(|r| r.cadence),
            Some(Cadence::Due)
        );
        assert_eq!(
            rhythm(&weekly, Day::MIN, 25).map(|r| r.cadence),
            Some(Cadence::Silent)
        );
    }

    #[test]
    fn the_interval_is_the_median_of_the_recent_gaps() {
        // Gaps 10, 10, 100 (a long holiday), 10: median of four = (10 + 10) / 2.
        let days = [0, 10, 20, 120, 130];
        assert_eq!(rhythm(&days, Day::MIN, 130).map(|r| r.interval), Some(10));
        // Two gaps, 10 and 21: mean rounded down.
        assert_eq!(
            rhythm(&[0, 10, 31], Day::MIN, 31).map(|r| r.interval),
            Some(15)
        );
        // Only the last MAX_GAPS gaps count: an old weekly rhythm fades out.
        let mut days: Vec<Day> = (0..20).map(|i| i * 7).collect();
        let last = *days.last().unwrap();
        days.extend((1..=MAX_GAPS as Day).map(|i| last + 30 * i));
        assert_eq!(
            rhythm(&days, Day::MIN, Day::MAX).map(|r| r.interval),
            Some(30)
        );
    }

    #[test]
    fn split_deliveries_and_weekday_buying_are_one_order() {
        // Monthly orders, each invoiced over two days: gaps 1, 29, 1, 29, 1 would
        // give a median of 1 day; as orders (at their last day) it is 30.
        let split = [0, 1, 30, 31, 60, 61];
        let r = rhythm(&split, Day::MIN, 70).unwrap();
        assert_eq!(
            (r.interval, r.expected, r.cadence),
            (30, 91, Cadence::OnSchedule)
        );
        // Two days apart is still the same order; three days apart is not.
        assert_eq!(rhythm(&[0, 2, 4, 40, 42], Day::MIN, 42), None);
        assert_eq!(rhythm(&[0, 3, 6], Day::MIN, 6).map(|r| r.interval), Some(3));
        // Every weekday for three weeks: one order a week, counted at the Friday.
        let weekdays: Vec<Day> = (0..3)
            .flat_map(|w| (0..5).map(move |d| w * 7 + d))
            .collect();
        let r = rhythm(&weekdays, Day::MIN, 21).unwrap();
        assert_eq!((r.interval, r.expected), (7, 25));
    }

    #[test]
    fn only_days_after_the_horizon_count() {
        // Weekly long ago, then one purchase after a break: no rhythm, not "silent".
        let days = [0, 7, 14, 21, 28, 400];
        assert_eq!(rhythm(&days, 100, 410), None);
        assert!(rhythm(&days, Day::MIN, 410).is_some());
        // The horizon is exclusive: a day on it does not count.
        assert_eq!(rhythm(&[100, 130, 160], 100, 170), None);
        assert!(rhythm(&[100, 130, 160], 99, 170).is_some());
    }

    #[test]
    fn too_few_purchases_or_later_ones_give_no_rhythm() {
        assert_eq!(rhythm(&[], Day::MIN, 0), None);
        assert_eq!(rhythm(&[5, 10], Day::MIN, 100), None);
        // Days after R do not count.
        assert_eq!(rhythm(&[5, 10, 20], Day::MIN, 19), None);
        assert!(rhythm(&[5, 10, 20], Day::MIN, 20).is_some());
        // Extremes do not overflow.
        let r = rhythm(&[Day::MIN + 1, 0, Day::MAX], Day::MIN, Day::MAX).unwrap();
        assert_eq!(r.expected, Day::MAX);
        assert_eq!(r.cadence, Cadence::OnSchedule);
    }

    #[test]
    fn purchase_days_are_distinct_sorted_and_only_purchases() {
        use crate::analysis::dataset::{Customer, DeclaredStatus, ProfitSource, Transactions};
        let customer = |key: &str| Customer {
            key: key.into(),
            name: key.into(),
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
                orders: None,
                payments: None,
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
