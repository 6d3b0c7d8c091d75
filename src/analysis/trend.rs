//! Value against the period before the window, and the two call lists it
//! gives: pearls and key customers buying less.
//!
//! The domain (domain.md §3, §4): among the 80% small customers are
//! **pearls**, customers who buy too little now but have potential: find
//! them and call them (a *sales* conversation). Customers of high value
//! with a retention risk get a *service* conversation: serve and keep them.
//! An invoice export shows potential in one way it can back: a small
//! customer who buys regularly and buys more than before. It shows a
//! retention risk the same way: a large customer who buys less.
//!
//! Rules (invoice files; R = reference day, W = the window in months):
//! - the previous period is the W months before the window, from R − 2W
//!   months (exclusive) to R − W months (inclusive), the same period as
//!   "to reactivate"; a customer's previous value is the sum of the basis
//!   amounts of its rows in that period, credit notes included: the same
//!   sum as its value in the window;
//! - the file must reach back to that period: its earliest row at most
//!   [`MAX_MISSING_DAYS`] days after the period's start (an export that
//!   starts a year ago would make nearly everyone "new"); otherwise there
//!   is no trend at all, and the app says from when it needs data;
//! - the trend compares the value in the window with the previous value:
//!   *new* when the customer bought nothing (no row with revenue > 0) in
//!   the previous period and the value is > 0; a change in percent when it
//!   bought and the previous value is > 0; none otherwise (bought nothing
//!   then nor now, or a previous value ≤ 0 on balance);
//! - a **key customer** is one of the top three layers (the top 20% with
//!   the default layer boundaries), or was as large in the previous period:
//!   a previous value at least the smallest value in those layers now (the
//!   *key floor*), so a large customer who fell to small, or stopped, still
//!   counts;
//! - **key customer buying less** (*service*): a key customer with a
//!   previous value > 0 and a value at least [`DECLINE_PCT`]% lower;
//! - **pearl** (*sales*): layer small, a purchase rhythm (at least 3 orders
//!   in the last 2W months, see [`rhythm`](super::rhythm)) that is not
//!   silent, a value at least [`GROWTH_PCT`]% higher than the previous
//!   value, or new; and, when the file has profit, a margin in the window
//!   (see [`relation`](super::relation)) at least the median margin of the
//!   active customers (for an even number, the lower of the middle two):
//!   the domain's "good margin".
//!
//! Customer-level files (one row per customer) have a trend only from a
//! column with the revenue of the period before (see
//! [`relation`](super::relation)), and no pearls: those need a rhythm.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::dataset::Cents;
use super::lang::Lang;
use super::pyramid::Layer;
use super::rhythm::{Cadence, Rhythm};

/// A key customer buying at least this many percent less is at risk: a
/// quarter of a large value is money that matters.
pub const DECLINE_PCT: i128 = 25;
/// The file may start at most this many days after the start of the
/// previous period (an export "from the 1st of the month") for a trend.
pub const MAX_MISSING_DAYS: i32 = 31;
/// A small customer growing at least this many percent may be a pearl.
/// More than [`DECLINE_PCT`]: small values swing more from year to year (in
/// the sample, a quarter of the regular small customers grow 31% or more).
pub const GROWTH_PCT: i128 = 50;

/// A customer's value against the previous period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    /// No purchase (no row with revenue > 0) in the previous period, a
    /// value > 0 now.
    New,
    /// The value in the window against a previous value > 0.
    Change {
        /// Value in the window.
        value: Cents,
        /// Value in the previous period (> 0).
        previous: Cents,
    },
}

impl Trend {
    /// The trend of a value against a previous value (see the module doc);
    /// `None` without a previous value (no trend for the file, or an
    /// unknown one) or when there is nothing to compare.
    pub fn of(value: Cents, previous: Option<Cents>, bought_before: bool) -> Option<Trend> {
        let previous = previous?;
        if !bought_before {
            (value > 0).then_some(Trend::New)
        } else {
            (previous > 0).then_some(Trend::Change { value, previous })
        }
    }

    /// The change in whole percent, rounded toward zero, exact (in
    /// integers: as a float, 100 → 129 is 28.999…): what the table and the
    /// CSV show. `None` for new.
    pub fn whole_percent(self) -> Option<i128> {
        match self {
            Trend::New => None,
            Trend::Change { value, previous } => {
                Some((i128::from(value) - i128::from(previous)) * 100 / i128::from(previous))
            }
        }
    }

    /// At least [`GROWTH_PCT`]% more than before, or new.
    pub fn grows(self) -> bool {
        match self {
            Trend::New => true,
            Trend::Change { value, previous } => {
                i128::from(value) * 100 >= i128::from(previous) * (100 + GROWTH_PCT)
            }
        }
    }

    /// At least [`DECLINE_PCT`]% less than before.
    pub fn shrinks(self) -> bool {
        match self {
            Trend::New => false,
            Trend::Change { value, previous } => {
                i128::from(value) * 100 <= i128::from(previous) * (100 - DECLINE_PCT)
            }
        }
    }

    /// Ascending by relative change, then by the change in money; new above
    /// every change. Exact: the ratios are compared by cross-multiplication,
    /// not as floats.
    pub fn compare(self, other: Trend) -> Ordering {
        match (self, other) {
            (Trend::New, Trend::New) => Ordering::Equal,
            (Trend::New, Trend::Change { .. }) => Ordering::Greater,
            (Trend::Change { .. }, Trend::New) => Ordering::Less,
            (
                Trend::Change {
                    value: a,
                    previous: pa,
                },
                Trend::Change {
                    value: b,
                    previous: pb,
                },
            ) => (i128::from(a) * i128::from(pb))
                .cmp(&(i128::from(b) * i128::from(pa)))
                // Equal ratios: by the change in money, so of two customers
                // who stopped (-100%), the one who bought more comes first
                // in the buying-less list (ascending).
                .then_with(|| {
                    (i128::from(a) - i128::from(pa)).cmp(&(i128::from(b) - i128::from(pb)))
                }),
        }
    }
}

/// Why a customer is on one of the trend's call lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Signal {
    /// A small customer who buys regularly and more than before: potential.
    Pearl,
    /// A key customer (see [`is_key`]) who buys clearly less than before.
    BuyingLess,
}

impl Signal {
    /// Both signals, in call-plan order.
    pub const ALL: [Signal; 2] = [Signal::BuyingLess, Signal::Pearl];

    /// Stable key for filters and test ids.
    pub fn key(self) -> &'static str {
        match self {
            Signal::Pearl => "pearl",
            Signal::BuyingLess => "buying-less",
        }
    }

    /// The list in words (plural): the call plan and the select; one
    /// customer's is [`Signal::one`].
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Signal::Pearl => lang.pick(
                "parels: kleine klanten die groeien",
                "pearls: small customers growing",
            ),
            Signal::BuyingLess => {
                lang.pick("kernklanten die minder kopen", "key customers buying less")
            }
        }
    }

    /// The signal in words for one customer (a table cell, a CSV row).
    pub fn one(self, lang: Lang) -> &'static str {
        match self {
            Signal::Pearl => lang.pick("parel", "pearl"),
            Signal::BuyingLess => {
                lang.pick("kernklant die minder koopt", "key customer buying less")
            }
        }
    }

    /// A key customer (see [`is_key`]) buying less.
    pub fn buying_less(key: bool, trend: Option<Trend>) -> bool {
        key && trend.is_some_and(Trend::shrinks)
    }

    /// A pearl, once the rhythm is known; `good_margin` from
    /// [`good_margin`]. A pearl grows, so it never also buys less.
    pub fn pearl(
        layer: Layer,
        trend: Option<Trend>,
        rhythm: Option<Rhythm>,
        good_margin: bool,
    ) -> bool {
        let regular = rhythm.is_some_and(|r| r.cadence != Cadence::Silent);
        layer == Layer::Small && regular && good_margin && trend.is_some_and(Trend::grows)
    }
}

/// Whether a customer is a key customer: in the top three layers, or with a
/// previous value of at least `floor`, the smallest value in those layers
/// (`None` when they are empty).
pub fn is_key(layer: Layer, previous: Option<Cents>, floor: Option<Cents>) -> bool {
    matches!(layer, Layer::Top | Layer::Large | Layer::Medium)
        || previous.zip(floor).is_some_and(|(p, f)| p >= f)
}

/// Whether a customer's margin counts as good for a pearl: at least the
/// median; always when the file has no profit (no median), never when the
/// customer has no margin of its own but the file has profit.
pub fn good_margin(margin_bp: Option<i32>, median_bp: Option<i32>) -> bool {
    match (margin_bp, median_bp) {
        (_, None) => true,
        (Some(m), Some(median)) => m >= median,
        (None, Some(_)) => false,
    }
}

/// The lower median of some margins (`None` for none); reorders them.
pub fn median_margin(margins: &mut [i32]) -> Option<i32> {
    if margins.is_empty() {
        return None;
    }
    let middle = (margins.len() - 1) / 2;
    Some(*margins.select_nth_unstable(middle).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(value: Cents, previous: Cents) -> Trend {
        Trend::Change { value, previous }
    }

    #[test]
    fn a_trend_needs_something_to_compare() {
        assert_eq!(Trend::of(100, None, true), None);
        assert_eq!(Trend::of(100, None, false), None);
        // Bought nothing before: new, whatever credit notes say.
        assert_eq!(Trend::of(100, Some(0), false), Some(Trend::New));
        assert_eq!(Trend::of(100, Some(-50), false), Some(Trend::New));
        assert_eq!(Trend::of(0, Some(0), false), None);
        // Bought before, but a credit note (or a loss) made it ≤ 0: no trend.
        assert_eq!(Trend::of(100, Some(-50), true), None);
        assert_eq!(Trend::of(100, Some(0), true), None);
        assert_eq!(Trend::of(-5, Some(-50), true), None);
        assert_eq!(Trend::of(0, Some(80), true), Some(change(0, 80)));
        assert_eq!(Trend::of(-20, Some(80), true), Some(change(-20, 80)));
    }

    #[test]
    fn growth_starts_at_a_half_and_decline_at_a_quarter() {
        assert!(change(150, 100).grows());
        assert!(!change(149, 100).grows());
        assert!(Trend::New.grows());
        assert!(change(75, 100).shrinks());
        assert!(!change(76, 100).shrinks());
        assert!(change(-10, 100).shrinks());
        assert!(!Trend::New.shrinks());
        // Large amounts do not overflow.
        assert!(change(i64::MAX, i64::MAX / 2).grows());
        assert!(change(i64::MIN, i64::MAX).shrinks());
    }

    #[test]
    fn whole_percent_is_exact_and_rounds_toward_zero() {
        // As floats these land just below the whole number.
        assert_eq!(change(129, 100).whole_percent(), Some(29));
        assert_eq!(change(71, 100).whole_percent(), Some(-29));
        assert_eq!(change(42, 100).whole_percent(), Some(-58));
        assert_eq!(change(14_999, 10_000).whole_percent(), Some(49));
        assert_eq!(change(-100, 100).whole_percent(), Some(-200));
        assert_eq!(
            change(i64::MAX, 1).whole_percent(),
            Some((i128::from(i64::MAX) - 1) * 100)
        );
        assert_eq!(Trend::New.whole_percent(), None);
    }

    #[test]
    fn trends_order_by_relative_change_and_new_is_highest() {
        let mut trends = [
            Trend::New,
            change(300, 100),
            change(50, 200),
            change(100, 100),
            change(1, 3),
        ];
        trends.sort_by(|a, b| a.compare(*b));
        assert_eq!(
            trends,
            [
                change(50, 200),
                change(1, 3),
                change(100, 100),
                change(300, 100),
                Trend::New
            ]
        );
        // Equal ratios: the larger loss first, the larger gain last.
        assert_eq!(change(0, 800).compare(change(0, 500)), Ordering::Less);
        assert_eq!(change(2, 4).compare(change(1, 2)), Ordering::Less);
        assert_eq!(change(6, 4).compare(change(3, 2)), Ordering::Greater);
        assert_eq!(change(2, 4).compare(change(2, 4)), Ordering::Equal);
    }

    fn rhythm(cadence: Cadence) -> Option<Rhythm> {
        Some(Rhythm {
            interval: 30,
            expected: 0,
            cadence,
        })
    }

    #[test]
    fn pearls_are_small_regular_growing_and_of_good_margin() {
        let grows = Some(change(150, 100));
        let on = rhythm(Cadence::OnSchedule);
        assert!(Signal::pearl(Layer::Small, grows, on, true));
        assert!(Signal::pearl(
            Layer::Small,
            Some(Trend::New),
            rhythm(Cadence::Due),
            true
        ));
        // Not regular, silent, not growing enough, no trend, not small, a
        // margin below the median: no pearl.
        assert!(!Signal::pearl(Layer::Small, grows, None, true));
        assert!(!Signal::pearl(
            Layer::Small,
            grows,
            rhythm(Cadence::Silent),
            true
        ));
        assert!(!Signal::pearl(
            Layer::Small,
            Some(change(149, 100)),
            on,
            true
        ));
        assert!(!Signal::pearl(Layer::Small, None, on, true));
        assert!(!Signal::pearl(Layer::Medium, grows, on, true));
        assert!(!Signal::pearl(Layer::Small, grows, on, false));
    }

    #[test]
    fn key_customers_are_the_top_three_layers_or_were_as_large() {
        for layer in [Layer::Top, Layer::Large, Layer::Medium] {
            assert!(is_key(layer, None, None));
            assert!(is_key(layer, Some(1), Some(500)));
        }
        // Fell to small, or stopped: key by what it bought before.
        assert!(is_key(Layer::Small, Some(500), Some(500)));
        assert!(is_key(Layer::Inactive, Some(900), Some(500)));
        assert!(!is_key(Layer::Small, Some(499), Some(500)));
        assert!(!is_key(Layer::Small, None, Some(500)));
        assert!(!is_key(Layer::Small, Some(500), None));
        let less = Some(change(70, 100));
        assert!(Signal::buying_less(true, less));
        assert!(!Signal::buying_less(false, less));
        assert!(!Signal::buying_less(true, Some(change(76, 100))));
        assert!(!Signal::buying_less(true, Some(Trend::New)));
        assert!(!Signal::buying_less(true, None));
    }

    #[test]
    fn a_good_margin_is_at_least_the_median() {
        assert!(good_margin(Some(3000), Some(3000)));
        assert!(!good_margin(Some(2999), Some(3000)));
        assert!(!good_margin(None, Some(3000)));
        // No profit in the file: the margin does not count.
        assert!(good_margin(None, None));
        assert!(good_margin(Some(-5), None));
    }

    #[test]
    fn the_median_margin_is_the_lower_middle() {
        assert_eq!(median_margin(&mut []), None);
        assert_eq!(median_margin(&mut [7]), Some(7));
        assert_eq!(median_margin(&mut [40, 10, 30, 20]), Some(20));
        assert_eq!(median_margin(&mut [5, -1, 3]), Some(3));
    }
}
