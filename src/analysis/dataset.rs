//! The validated dataset every analysis reads.
//!
//! Import turns a raw table into this shape: customers interned to dense
//! integer ids (`CustomerId`), dates as day numbers, money as integer cents.
//! Two shapes of export exist, so the facts are either one entry per
//! transaction (invoice, order, order line) or one entry per customer with
//! totals. Nothing here knows about files, encodings or the browser.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::calendar::Day;

/// Money in integer cents (of whatever currency the file uses).
pub type Cents = i64;

/// Dense index into [`Dataset::customers`].
pub type CustomerId = u32;

/// What a status / relation-type column said about a relation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeclaredStatus {
    /// No status column, or a value that says nothing about the relation type.
    #[default]
    Unknown,
    /// "suspect": fits the profile, no contact yet.
    Suspect,
    /// "prospect", "lead", "interessent": contact made, no purchase yet.
    Prospect,
    /// "klant", "customer", "actief", ...: a customer (purchases decide active or not).
    Customer,
    /// "inactief", "ex-klant", "former customer", ...: a customer who stopped.
    /// Purchases in the window still make it active; without a date it is
    /// inactive whatever its total says.
    Inactive,
}

/// One relation (customer, prospect or suspect).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// The key that identifies the customer: the id column when the file has one, else the name.
    /// Ties in rankings are broken by this key in byte order.
    pub key: Arc<str>,
    /// Display name (equal to `key` when the file has no separate name).
    pub name: Arc<str>,
    /// What a status column declared, if anything.
    pub status: DeclaredStatus,
    /// Index into [`Dataset::account_managers`], if the file names one.
    pub account_manager: Option<u32>,
}

/// Transaction-level facts, stored as parallel columns (one entry per used row).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transactions {
    /// Which customer the row belongs to.
    pub customer: Vec<CustomerId>,
    /// Invoice / order date.
    pub day: Vec<Day>,
    /// Revenue in cents (negative for credit notes).
    pub revenue: Vec<Cents>,
    /// Profit in cents, when the file has a profit or margin column.
    pub profit: Option<Vec<Cents>>,
    /// When the file has order or invoice numbers: each order's customer
    /// and the first day it has a line with positive revenue (see
    /// [`order_starts`]). A customer's orders up to a day are then its
    /// different numbers, not its lines.
    #[serde(default)]
    pub orders: Option<Vec<(CustomerId, Day)>>,
    /// When each transaction was due and paid, when the file has a due-date
    /// and a paid-date column.
    pub payments: Option<Payments>,
}

/// When invoices were due and paid: parallel to [`Transactions`], one entry
/// per transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payments {
    /// The due date; `None` when the cell was empty or a payment cell of the
    /// row was no date (then the invoice's payment is unknown).
    pub due: Vec<Option<Day>>,
    /// The day it was paid; `None` while it is open (an empty cell).
    pub paid: Vec<Option<Day>>,
}

/// The orders of a file's transactions, from each transaction's order key
/// (`numbers`: a number's hash; 0 when the line has none): for each
/// (customer, number) with a line of positive revenue, the customer and the
/// first such day. A line without a number is an order of its own. In
/// customer order.
pub fn order_starts(
    customer: &[CustomerId],
    day: &[Day],
    revenue: &[Cents],
    numbers: &[u64],
) -> Vec<(CustomerId, Day)> {
    // One sortable word per line: customer, number, then the day (its sign
    // bit flipped, so the words sort as the days do).
    let word = |c: CustomerId, n: u64, d: Day| {
        (u128::from(c) << 96) | (u128::from(n) << 32) | u128::from(d as u32 ^ 0x8000_0000)
    };
    let lines = customer.iter().zip(day).zip(revenue).zip(numbers);
    let mut numbered: Vec<u128> = Vec::new();
    for (((&c, &d), &r), &n) in lines {
        if r <= 0 {
            continue;
        }
        // An order's lines one after another (as invoice exports write
        // them) are one entry before the sort.
        if let Some(last) = numbered.last_mut()
            && n != 0
            && *last >> 32 == word(c, n, d) >> 32
        {
            *last = (*last).min(word(c, n, d));
            continue;
        }
        numbered.push(word(c, n, d));
    }
    numbered.sort_unstable();
    // The first line of each (customer, number) is its earliest day. Lines
    // without a number (0) each stay.
    let number = |w: u128| (w >> 32) as u64;
    numbered.dedup_by(|later, first| number(*later) != 0 && *later >> 32 == *first >> 32);
    numbered
        .into_iter()
        .map(|w| ((w >> 96) as CustomerId, (w as u32 ^ 0x8000_0000) as Day))
        .collect()
}

impl Transactions {
    /// Number of transactions.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether there are no transactions.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }
}

/// Customer-level facts: one entry per customer, indexed by [`CustomerId`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerTotals {
    /// Total revenue in cents (`None` when the row had no total, e.g. a prospect).
    pub revenue: Vec<Option<Cents>>,
    /// Total profit in cents, when the file has a profit or margin column.
    pub profit: Option<Vec<Option<Cents>>>,
    /// Revenue of the period before, when the file has such a column
    /// ("omzet vorig jaar"): an empty cell is 0; `None` is unknown (the
    /// cell held no amount, so the customer has no trend).
    pub previous_revenue: Option<Vec<Option<Cents>>>,
    /// Last purchase date, when the file has such a column.
    pub last_purchase: Option<Vec<Option<Day>>>,
    /// Number of orders, when the file has such a column.
    pub orders: Option<Vec<Option<u32>>>,
}

/// The facts of a dataset: transactions or per-customer totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Facts {
    /// One entry per invoice / order / order line.
    Transactions(Transactions),
    /// One entry per customer.
    Totals(CustomerTotals),
}

/// Where the profit figures come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfitSource {
    /// No profit information: only revenue can be the basis.
    #[default]
    None,
    /// A profit / margin amount column.
    Amount,
    /// A margin percentage column, multiplied by revenue per row.
    MarginPercent,
}

/// A validated dataset, ready for analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dataset {
    /// All relations, indexed by [`CustomerId`].
    pub customers: Vec<Customer>,
    /// Account manager names, indexed by [`Customer::account_manager`].
    pub account_managers: Vec<Arc<str>>,
    /// The facts.
    pub facts: Facts,
    /// Where profit comes from (if anywhere).
    pub profit_source: ProfitSource,
}

impl Dataset {
    /// Whether profit can be used as the basis.
    pub fn has_profit(&self) -> bool {
        match &self.facts {
            Facts::Transactions(t) => t.profit.is_some(),
            Facts::Totals(t) => t.profit.is_some(),
        }
    }

    /// The earliest and the latest date in the data: the transaction
    /// dates, or for customer-level data the last-purchase dates; `None`
    /// without any date.
    pub fn day_range(&self) -> Option<(Day, Day)> {
        // A plain min and max each (vectorised), not one branchy fold.
        match &self.facts {
            Facts::Transactions(t) => Some((*t.day.iter().min()?, *t.day.iter().max()?)),
            Facts::Totals(t) => {
                let days = || t.last_purchase.iter().flatten().flatten().copied();
                Some((days().min()?, days().max()?))
            }
        }
    }
}
