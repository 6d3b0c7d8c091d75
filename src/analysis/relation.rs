//! The relation type of every customer (active, inactive, prospect,
//! suspect) and its per-customer figures: value, orders, last purchase.
//!
//! This is the only place that reads the facts; everything downstream works
//! on [`CustomerFacts`]. The aggregation is one pass over the transactions
//! into vectors indexed by [`CustomerId`](super::dataset::CustomerId), no hashing.
//!
//! Rules, transaction-level data (R = reference day, window = `(start, R]`):
//! - rows dated after R are ignored; a customer whose rows all lie after R
//!   does not appear at all;
//! - active: at least one row with revenue > 0 inside the window;
//! - inactive: at least one row with revenue > 0 on or before R, none
//!   inside; also a relation whose only rows on or before R are credit notes
//!   (revenue < 0: a credit follows a sale, so it bought once);
//! - otherwise (no rows, or only rows with revenue 0): by the status column —
//!   suspect, prospect (also when the status says nothing), or inactive when
//!   it says customer ("klant", "inactief", "ex-klant", ...: a customer with
//!   no purchase in the file bought before it). Purchases and credit notes
//!   always win over the status column;
//! - value: the sum of the basis amounts of all rows inside the window,
//!   credit notes included, so it can be zero or negative (for any type);
//! - orders / last purchase: rows with revenue > 0 on or before R;
//! - previous value: the same sum over the W months before the window
//!   (`(R − 2W months, R − W months]`, see [`trend`](super::trend)), and
//!   whether the customer bought (revenue > 0) in that period;
//! - margin (files with profit): the sum of profit over the sum of revenue
//!   of all rows inside the window, when that revenue is > 0.
//!
//! Rules, customer-level data (totals):
//! - a last-purchase date after R: the customer does not appear;
//! - a last-purchase date inside the window: active; on or before the
//!   window start: inactive;
//! - no date (no date column, or an empty cell): inactive when the status
//!   says so (*inactief*, *ex-klant*, ...); else active when the revenue
//!   total is > 0, inactive when it is < 0 (net credit) or when it bought in
//!   the period before (its revenue then is not 0), else suspect /
//!   prospect / inactive by status as above (a
//!   date counts as a purchase whatever the status says; the revenue total
//!   decides "bought", also when the basis is profit);
//! - value: the total column of the basis (empty = 0), never windowed;
//!   margin: the profit total over the revenue total, when both are given
//!   and the revenue is > 0;
//! - previous value: the file's own "revenue of the period before" column
//!   (empty = 0; a cell that is no amount: unknown, so no trend), on a
//!   revenue basis only (the file gives no profit of the period before);
//!   bought before: that revenue is not 0 (on any basis; a net credit
//!   follows a sale, as in an invoice file), so a value ≤ 0 then gives no
//!   trend rather than "new".

use serde::{Deserialize, Serialize};

use super::calendar::{Day, sub_months};
use super::dataset::{Cents, CustomerTotals, Dataset, DeclaredStatus, Facts, Transactions};
use super::settings::Basis;

/// The four relation types of Curry's pyramid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RelationType {
    /// Bought (revenue > 0) inside the activity window.
    Active,
    /// Bought before, not inside the window.
    Inactive,
    /// No purchase on or before R: no rows at all, or only rows with
    /// revenue ≤ 0 (a credit note without a sale also lands here), and a
    /// status other than suspect (prospect, customer or none).
    Prospect,
    /// No purchase on or before R and the status column says suspect.
    Suspect,
}

impl RelationType {
    /// All relation types, in pyramid order.
    pub const ALL: [RelationType; 4] = [
        RelationType::Active,
        RelationType::Inactive,
        RelationType::Prospect,
        RelationType::Suspect,
    ];
}

/// The activity window `(start, reference]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// The reference day R (inclusive end).
    pub reference: Day,
    /// R minus W calendar months (exclusive start).
    pub start: Day,
    /// R minus 2W calendar months: the exclusive start of the previous
    /// period, which ends at `start` (inclusive).
    pub previous_start: Day,
}

impl Window {
    /// The window of `months` calendar months up to `reference`.
    pub fn new(reference: Day, months: u32) -> Self {
        Self {
            reference,
            start: sub_months(reference, months),
            previous_start: sub_months(reference, months.saturating_mul(2)),
        }
    }

    /// Whether `day` lies inside the window.
    pub fn contains(&self, day: Day) -> bool {
        self.start < day && day <= self.reference
    }
}

/// What the facts say about one customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFacts {
    /// The relation type; `None` when the customer does not appear (all its
    /// facts lie after the reference day).
    pub relation: Option<RelationType>,
    /// Value on the basis (see the module doc for what is summed).
    pub value: Cents,
    /// Number of orders (rows with revenue > 0 on or before R, or the
    /// order-count column; an empty cell counts as 0).
    pub orders: u32,
    /// Latest purchase on or before R.
    pub last_purchase: Option<Day>,
    /// Value on the basis in the W months before the window; `None` for
    /// customer-level files.
    pub previous_value: Option<Cents>,
    /// At least one row with revenue > 0 in the W months before the window.
    pub bought_before: bool,
    /// Profit over revenue (see the module doc), in basis points rounded
    /// down; `None` without profit or without positive revenue.
    pub margin_bp: Option<i32>,
    /// This customer's transactions dated after R (ignored).
    pub transactions_after_reference: u32,
}

/// Per-customer facts for a whole dataset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relations {
    /// Indexed by [`CustomerId`](super::dataset::CustomerId).
    pub customers: Vec<CustomerFacts>,
}

/// Classifies every customer. `basis` must already be one the dataset has
/// (see [`Dataset::has_profit`]); profit missing for a row counts as 0.
/// `window` is `None` when there is no reference day at all.
pub fn classify(dataset: &Dataset, basis: Basis, window: Option<Window>) -> Relations {
    match &dataset.facts {
        Facts::Transactions(t) => from_transactions(dataset, t, basis, window),
        Facts::Totals(t) => from_totals(dataset, t, basis, window),
    }
}

fn without_purchase(status: DeclaredStatus) -> RelationType {
    match status {
        DeclaredStatus::Suspect => RelationType::Suspect,
        DeclaredStatus::Customer | DeclaredStatus::Inactive => RelationType::Inactive,
        DeclaredStatus::Prospect | DeclaredStatus::Unknown => RelationType::Prospect,
    }
}

const ON_OR_BEFORE_R: u8 = 1;
const AFTER_R: u8 = 2;
const BOUGHT: u8 = 4;
const BOUGHT_IN_WINDOW: u8 = 8;
const CREDITED: u8 = 16;
const BOUGHT_BEFORE: u8 = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Acc {
    value: Cents,
    previous: Cents,
    /// Inside the window, the sum of the amounts that are not the basis
    /// (profit on a revenue basis, revenue on a profit basis): with `value`,
    /// the margin.
    other: Cents,
    orders: u32,
    last: Day,
    after: u32,
    flags: u8,
}

impl Acc {
    /// A customer without rows yet.
    const EMPTY: Acc = Acc {
        value: 0,
        previous: 0,
        other: 0,
        orders: 0,
        last: Day::MIN,
        after: 0,
        flags: 0,
    };
}

/// The window's days as the row loop reads them.
#[derive(Clone, Copy)]
struct Bounds {
    reference: Day,
    start: Day,
    previous_start: Day,
    no_window: bool,
}

/// The transaction columns the row loop reads; `amounts` on the basis,
/// `others` the amounts that are not (see [`Acc::other`]).
struct Columns<'a> {
    customer: &'a [u32],
    day: &'a [Day],
    revenue: &'a [Cents],
    amounts: &'a [Cents],
    others: &'a [Cents],
}

/// Whether no sum of at most `rows` amounts from `columns` can leave an
/// `i64` (nor a count of them a `u32`): then [`sum_rows`] adds without the
/// saturating checks, which were a fifth of its time in wasm. One pass over
/// the amounts' bits (which the compiler vectorises): `x ^ (x >> 63)` is `|x|`
/// for `x ≥ 0` and `|x| − 1` below, so every `|x|` is at most their union
/// plus one, and `rows` times that bounds every sum.
fn sums_fit(columns: &[&[Cents]], rows: usize) -> bool {
    let union = columns.iter().fold(0u64, |u, column| {
        column.iter().fold(u, |u, &x| u | (x ^ (x >> 63)) as u64)
    });
    u32::try_from(rows).is_ok()
        && (union + 1)
            .checked_mul(rows as u64)
            .is_some_and(|most| most <= i64::MAX as u64)
}

/// Adds `b` to the sum `a`: plainly when [`sums_fit`] said no sum can
/// overflow (`EXACT`), else saturating.
#[inline(always)]
fn add<const EXACT: bool>(a: Cents, b: Cents) -> Cents {
    if EXACT {
        a.wrapping_add(b)
    } else {
        a.saturating_add(b)
    }
}

/// Every row into its customer's sums (see the module doc for the rules).
/// `EXACT`: as [`add`].
fn sum_rows<const EXACT: bool>(
    acc: &mut [Acc],
    columns: &Columns,
    bounds: Bounds,
    count_lines: bool,
) {
    let Bounds {
        reference,
        start,
        previous_start,
        no_window,
    } = bounds;
    // Zipping stops at the shortest column, so malformed columns of unequal
    // length cannot panic.
    let rows = columns
        .customer
        .iter()
        .zip(columns.day)
        .zip(columns.revenue)
        .zip(columns.amounts)
        .zip(columns.others);
    for ((((&customer, &day), &revenue), &amount), &other) in rows {
        let Some(a) = acc.get_mut(customer as usize) else {
            continue;
        };
        if no_window || day > reference {
            a.flags |= AFTER_R;
            a.after = a.after.saturating_add(1);
            continue;
        }
        // Without branches on the day and the amount's sign: those are as
        // good as random from row to row, and a mispredicted branch stops
        // the processor from loading the next rows' customers meanwhile
        // (a customer's sums are rarely in its cache). Adding 0 leaves a sum
        // as it is.
        let inside = day > start;
        let before = !inside && day > previous_start;
        let bought = revenue > 0;
        a.value = add::<EXACT>(a.value, if inside { amount } else { 0 });
        a.other = add::<EXACT>(a.other, if inside { other } else { 0 });
        a.previous = add::<EXACT>(a.previous, if before { amount } else { 0 });
        // At most one per row: with `EXACT`, never past the row count.
        let line = u32::from(bought && count_lines);
        a.orders = if EXACT {
            a.orders.wrapping_add(line)
        } else {
            a.orders.saturating_add(line)
        };
        a.last = if bought { a.last.max(day) } else { a.last };
        a.flags |= ON_OR_BEFORE_R
            | if before && bought { BOUGHT_BEFORE } else { 0 }
            | if revenue < 0 { CREDITED } else { 0 }
            | if bought { BOUGHT } else { 0 }
            | if bought && inside {
                BOUGHT_IN_WINDOW
            } else {
                0
            };
    }
}

fn from_transactions(
    dataset: &Dataset,
    t: &Transactions,
    basis: Basis,
    window: Option<Window>,
) -> Relations {
    let mut acc = vec![Acc::EMPTY; dataset.customers.len()];
    let (amounts, others): (&[Cents], &[Cents]) = match (basis, &t.profit) {
        (Basis::Profit, Some(p)) => (p, &t.revenue),
        (Basis::Revenue, Some(p)) => (&t.revenue, p),
        // No profit: `other` is summed too (one code path, no branch per
        // row) but not used.
        (_, None) => (&t.revenue, &t.revenue),
    };
    // No reference day only happens without dates, i.e. without rows; if it
    // ever does, every row counts as "after R" and is ignored.
    let bounds = window.map_or(
        Bounds {
            reference: Day::MIN,
            start: Day::MIN,
            previous_start: Day::MIN,
            no_window: true,
        },
        |w| Bounds {
            reference: w.reference,
            start: w.start,
            previous_start: w.previous_start,
            no_window: false,
        },
    );
    let reference = bounds.reference;
    let no_window = bounds.no_window;
    // With order numbers, a customer's orders are counted from each
    // order's first day below; else its lines.
    let count_lines = t.orders.is_none();
    let columns = Columns {
        customer: &t.customer,
        day: &t.day,
        revenue: &t.revenue,
        amounts,
        others,
    };
    // `amounts` and `others` are the revenue and the profit columns.
    let summed: &[&[Cents]] = match &t.profit {
        Some(p) => &[&t.revenue, p],
        None => &[&t.revenue],
    };
    if sums_fit(summed, t.customer.len()) {
        sum_rows::<true>(&mut acc, &columns, bounds, count_lines);
    } else {
        sum_rows::<false>(&mut acc, &columns, bounds, count_lines);
    }
    // An order counts from its first day with positive revenue, up to R
    // (without a window every row is after R: no order).
    let starts = match &t.orders {
        Some(starts) if !no_window => starts.as_slice(),
        _ => &[],
    };
    for &(customer, day) in starts {
        if let Some(a) = acc.get_mut(customer as usize)
            && day <= reference
        {
            a.orders = a.orders.saturating_add(1);
        }
    }
    let customers = acc
        .iter()
        .zip(&dataset.customers)
        .map(|(a, c)| {
            let relation = if a.flags & BOUGHT_IN_WINDOW != 0 {
                Some(RelationType::Active)
            } else if a.flags & (BOUGHT | CREDITED) != 0 {
                Some(RelationType::Inactive)
            } else if a.flags & ON_OR_BEFORE_R != 0 || a.flags & AFTER_R == 0 {
                Some(without_purchase(c.status))
            } else {
                None
            };
            CustomerFacts {
                relation,
                value: a.value,
                orders: a.orders,
                last_purchase: (a.flags & BOUGHT != 0).then_some(a.last),
                previous_value: Some(a.previous),
                bought_before: a.flags & BOUGHT_BEFORE != 0,
                margin_bp: match (basis, &t.profit) {
                    (_, None) => None,
                    (Basis::Revenue, Some(_)) => margin_bp(a.other, a.value),
                    (Basis::Profit, Some(_)) => margin_bp(a.value, a.other),
                },
                transactions_after_reference: a.after,
            }
        })
        .collect();
    Relations { customers }
}

/// Whether customer `i` of a customer-level file bought in the period
/// before: its revenue then (its own column) is not 0.
fn bought_before_total(t: &CustomerTotals, i: usize) -> bool {
    t.previous_revenue
        .as_ref()
        .and_then(|p| p.get(i).copied().flatten())
        .is_some_and(|v| v != 0)
}

/// Profit over revenue in basis points, rounded down (toward −∞) and
/// clamped to `i32`; `None` unless the revenue is > 0.
pub fn margin_bp(profit: Cents, revenue: Cents) -> Option<i32> {
    (revenue > 0).then(|| {
        let bp = (i128::from(profit) * 10_000).div_euclid(i128::from(revenue));
        bp.clamp(i128::from(i32::MIN), i128::from(i32::MAX)) as i32
    })
}

fn from_totals(
    dataset: &Dataset,
    t: &CustomerTotals,
    basis: Basis,
    window: Option<Window>,
) -> Relations {
    let amounts: &[Option<Cents>] = match (basis, &t.profit) {
        (Basis::Profit, Some(p)) => p,
        _ => &t.revenue,
    };
    // The period before is given in revenue only.
    let previous = match (basis, &t.profit) {
        (Basis::Profit, Some(_)) => None,
        _ => t.previous_revenue.as_deref(),
    };
    let customers = dataset
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let revenue = t.revenue.get(i).copied().flatten();
            let date = t
                .last_purchase
                .as_ref()
                .and_then(|d| d.get(i).copied().flatten());
            let relation = match (date, window) {
                (Some(d), Some(w)) if d > w.reference => None,
                (Some(d), Some(w)) if d > w.start => Some(RelationType::Active),
                (Some(_), Some(_)) => Some(RelationType::Inactive),
                // A date but no window cannot happen (R falls back to the
                // latest date); a missing date falls back to the total.
                // Without a date, a status that says it stopped is believed
                // over a positive (lifetime) total.
                (None, _) if c.status == DeclaredStatus::Inactive => Some(RelationType::Inactive),
                _ if revenue.is_some_and(|r| r > 0) => Some(RelationType::Active),
                // Net credit: it bought once (see the invoice-level rule); or it
                // bought in the period before (whatever the basis).
                (None, _) if revenue.is_some_and(|r| r < 0) => Some(RelationType::Inactive),
                (None, _) if bought_before_total(t, i) => Some(RelationType::Inactive),
                (Some(_), None) => Some(RelationType::Active),
                (None, _) => Some(without_purchase(c.status)),
            };
            CustomerFacts {
                relation,
                value: amounts.get(i).copied().flatten().unwrap_or(0),
                orders: t
                    .orders
                    .as_ref()
                    .and_then(|o| o.get(i).copied().flatten())
                    .unwrap_or(0),
                last_purchase: relation.and(date),
                previous_value: previous.and_then(|p| p.get(i).copied().flatten()),
                bought_before: bought_before_total(t, i),
                margin_bp: revenue.and_then(|r| {
                    let profit = t.profit.as_ref()?.get(i).copied().flatten()?;
                    margin_bp(profit, r)
                }),
                transactions_after_reference: 0,
            }
        })
        .collect();
    Relations { customers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dataset::{Customer, ProfitSource};
    use proptest::prelude::*;

    const BOUNDS: Bounds = Bounds {
        reference: 1_000,
        start: 600,
        previous_start: 200,
        no_window: false,
    };

    /// Amounts of any size: small ones, and ones near `i64`'s ends, where
    /// a few summed overflow.
    fn amount() -> impl Strategy<Value = i64> {
        prop_oneof![
            -1_000i64..1_000,
            (i64::MAX / 4)..=i64::MAX,
            i64::MIN..=(i64::MIN / 4),
            any::<i64>(),
        ]
    }

    proptest! {
        /// When [`sums_fit`] says so, the plain sums are the saturating
        /// ones, and no sum went past `i64` on the way (its exact value
        /// in `i128` is the same).
        #[test]
        fn plain_sums_are_the_saturating_sums_when_they_fit(
            rows in prop::collection::vec((0u32..4, 0i32..1_100, amount(), amount()), 0..40),
            small in any::<bool>(),
        ) {
            // Half the cases with small amounts only, where the sums fit.
            let rows: Vec<_> = rows
                .into_iter()
                .map(|(c, d, r, o)| if small { (c, d, r % 1_000, o % 1_000) } else { (c, d, r, o) })
                .collect();
            let customer: Vec<u32> = rows.iter().map(|r| r.0).collect();
            let day: Vec<Day> = rows.iter().map(|r| r.1).collect();
            let revenue: Vec<Cents> = rows.iter().map(|r| r.2).collect();
            let others: Vec<Cents> = rows.iter().map(|r| r.3).collect();
            let columns = Columns {
                customer: &customer,
                day: &day,
                revenue: &revenue,
                amounts: &revenue,
                others: &others,
            };
            let fit = sums_fit(&[&revenue, &others], rows.len());
            if small {
                prop_assert!(fit);
            }
            if fit {
                let mut plain = vec![Acc::EMPTY; 4];
                let mut saturating = vec![Acc::EMPTY; 4];
                sum_rows::<true>(&mut plain, &columns, BOUNDS, true);
                sum_rows::<false>(&mut saturating, &columns, BOUNDS, true);
                prop_assert_eq!(&plain, &saturating);
                for (c, a) in plain.iter().enumerate() {
                    let exact: i128 = rows
                        .iter()
                        .filter(|r| r.0 as usize == c && r.1 > BOUNDS.start && r.1 <= BOUNDS.reference)
                        .map(|r| i128::from(r.2))
                        .sum();
                    prop_assert_eq!(i128::from(a.value), exact);
                }
            }
        }
    }

    #[test]
    fn sums_fit_up_to_the_bound_and_not_past_it() {
        let half = 1i64 << 62;
        // |x| ≤ 2^62, two of them: 2^63 > i64::MAX.
        assert!(!sums_fit(&[&[half, 0]], 2));
        assert!(sums_fit(&[&[half]], 1));
        assert!(!sums_fit(&[&[-half, 0]], 2));
        assert!(sums_fit(&[&[half - 1, 0], &[-(half - 1)]], 1));
        assert!(!sums_fit(&[&[i64::MIN]], 1));
        assert!(sums_fit(&[], 0));
        // A million rows of up to € 10 million each fit easily.
        let usual = vec![1_000_000_000i64; 4];
        assert!(sums_fit(&[&usual, &usual], 1_000_000));
    }

    /// Through [`classify`]: amounts whose sum passes `i64` take the
    /// saturating way, so a customer's value stops at the largest amount
    /// rather than wrapping round to a negative one.
    #[test]
    fn a_sum_past_the_largest_amount_saturates() {
        let big = i64::MAX / 2 + 1;
        let dataset = Dataset {
            customers: vec![Customer {
                key: "1".into(),
                name: "Groot".into(),
                status: DeclaredStatus::Unknown,
                account_manager: None,
            }],
            account_managers: vec![],
            facts: Facts::Transactions(Transactions {
                customer: vec![0, 0],
                day: vec![900, 950],
                revenue: vec![big, big],
                profit: None,
                orders: None,
                payments: None,
            }),
            profit_source: ProfitSource::None,
        };
        let window = Some(Window::new(1_000, 12));
        let r = classify(&dataset, Basis::Revenue, window);
        assert_eq!(r.customers[0].value, i64::MAX);
        assert_eq!(r.customers[0].orders, 2);
        assert_eq!(r.customers[0].relation, Some(RelationType::Active));
        // The profit column counts too: small revenue, a profit past `i64`.
        let mut with_profit = dataset.clone();
        if let Facts::Transactions(t) = &mut with_profit.facts {
            t.profit = Some(t.revenue.clone());
            t.revenue = vec![100, 100];
        }
        let r = classify(&with_profit, Basis::Profit, window);
        assert_eq!(r.customers[0].value, i64::MAX);
    }
}
