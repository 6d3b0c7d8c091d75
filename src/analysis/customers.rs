//! The customer table: one row per relation that appears, in rank order,
//! and the query the UI runs on every keystroke (search, filter, sort, page).
//!
//! Rows are kept in rank order (active customers by value, then inactive,
//! prospects, suspects), so "ties by rank" is just a stable sort and the
//! default view needs no sort at all. Search compares ASCII text without
//! allocating; only names with non-ASCII characters are lowercased per query.

use std::cmp::Ordering;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::abc::AbcClass;
use super::approach::Approach;
use super::calendar::Day;
use super::contact::{ContactPlan, PaymentRecord};
use super::dataset::{Cents, CustomerId};
use super::pyramid::Layer;
use super::rhythm::{Cadence, Rhythm};
use super::trend::{Signal, Trend};

/// One relation in the customer table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    /// Index into the dataset's customers.
    pub id: CustomerId,
    /// 1-based position in the ranking: active customers by value
    /// descending (ties by key), then inactive, prospects and suspects, each
    /// group by value descending and key.
    pub rank: u32,
    /// The customer key (shared with the dataset: an analysis copies no text).
    pub key: Arc<str>,
    /// Display name.
    pub name: Arc<str>,
    /// Pyramid layer.
    pub layer: Layer,
    /// ABC class (only active customers with value > 0).
    pub abc: Option<AbcClass>,
    /// Value on the basis (cents).
    pub value: Cents,
    /// Number of orders.
    pub orders: u32,
    /// Latest purchase on or before the reference day.
    pub last_purchase: Option<Day>,
    /// Value on the basis in the W months before the window (cents);
    /// `None` for customer-level files.
    pub previous_value: Option<Cents>,
    /// At least one purchase (revenue > 0) in the previous period.
    pub bought_before: bool,
    /// Profit over revenue in the window, in basis points (see
    /// [`relation`](super::relation)); `None` without profit.
    pub margin_bp: Option<i32>,
    /// Purchase rhythm (active customers with enough purchase days only).
    pub rhythm: Option<Rhythm>,
    /// On the pearls or the buying-less list (see [`trend`](super::trend)).
    pub signal: Option<Signal>,
    /// A key customer (see [`is_key`](super::trend::is_key)).
    pub key_customer: bool,
    /// The conversation to have (see [`approach`](super::approach)); final
    /// once the rhythms are in.
    pub approach: Approach,
    /// The layer in the previous period ([`moves`](super::moves)): an active
    /// layer, or [`Layer::Inactive`] for a customer active now but not then
    /// (new or back); `None` without a trend, when active in neither period,
    /// or when the value then is unknown.
    pub previous_layer: Option<Layer>,
    /// How it paid the window's invoices (see [`contact`](super::contact)),
    /// when the file has due and paid dates and it has invoices to judge.
    #[serde(default)]
    pub payment: Option<PaymentRecord>,
    /// Its contact plan (active customers, once the rhythms are in).
    #[serde(default)]
    pub contact: Option<ContactPlan>,
    /// Account manager name, when the file has one.
    pub account_manager: Option<Arc<str>>,
}

impl CustomerRow {
    /// The value in the window against the previous period.
    pub fn trend(&self) -> Option<Trend> {
        Trend::of(self.value, self.previous_value, self.bought_before)
    }

    /// Whether the customer stopped: it has a trend (it bought in the period
    /// before) and is inactive (no purchase in the window). Its trend reads
    /// "gestopt" rather than "-100%" (or "-150%" after a credit note).
    pub fn stopped(&self) -> bool {
        self.layer == Layer::Inactive && self.trend().is_some()
    }

    /// Whether the customer is on the "to reactivate" list: inactive, and
    /// stopped after `after` (R − 2W months; see [`stopped_recently`]).
    pub fn to_reactivate(&self, after: Option<Day>) -> bool {
        self.layer == Layer::Inactive
            && stopped_recently(self.last_purchase, self.bought_before, after)
    }
}

/// A column to sort the customer table on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortColumn {
    /// The ranking (the stored order).
    #[default]
    Rank,
    /// Key, ASCII case-insensitive.
    Key,
    /// Name, ASCII case-insensitive.
    Name,
    /// Layer, top first.
    Layer,
    /// ABC class; customers without a class always last.
    Abc,
    /// Value.
    Value,
    /// Change against the previous period, new highest; customers
    /// without a trend always last.
    Trend,
    /// Orders.
    Orders,
    /// Last purchase; customers without one always last.
    LastPurchase,
    /// Usual interval between purchases; customers without a rhythm always last.
    Interval,
    /// Expected next purchase; customers without a rhythm always last.
    Expected,
    /// Account manager, ASCII case-insensitive; without one always last.
    AccountManager,
    /// The conversation code: sales, service, efficiency.
    Approach,
}

/// What the table should show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerQuery {
    /// Case-insensitive substring of key or name (surrounding spaces
    /// ignored); empty matches all.
    pub search: String,
    /// Only these layers; `None` = all layers (an empty list matches nothing).
    pub layers: Option<Vec<Layer>>,
    /// Only these ABC classes; `None` = no filter (rows without a class
    /// are then excluded by any `Some`).
    pub abc: Option<Vec<AbcClass>>,
    /// Only rows that stopped after this day ([`stopped_recently`]; with
    /// the inactive layer and R − 2W months: the "to reactivate, call now"
    /// list); `None` = no filter.
    pub last_purchase_after: Option<Day>,
    /// Only rows with a rhythm in this cadence (the call plan); `None` = no filter.
    pub cadence: Option<Cadence>,
    /// Only rows with this signal (pearls, buying less); `None` = no filter.
    pub signal: Option<Signal>,
    /// Only rows with this conversation code; `None` = no filter.
    #[serde(default)]
    pub approach: Option<Approach>,
    /// Only rows with this layer in the previous period
    /// ([`CustomerRow::previous_layer`]); `None` = no filter.
    #[serde(default)]
    pub previous_layer: Option<Layer>,
    /// Only rows with this contact plan; `None` = no filter.
    #[serde(default)]
    pub contact: Option<ContactPlan>,
    /// Only the relations of this account manager (a view of the table; the
    /// analysis is the same); `None` = no filter.
    #[serde(default)]
    pub account_manager: Option<ManagerFilter>,
    /// Sort column.
    pub sort: SortColumn,
    /// Descending instead of ascending. Ties stay in rank order either way.
    pub descending: bool,
    /// Number of matching rows to skip.
    pub offset: usize,
    /// Maximum number of rows to return.
    pub limit: usize,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        Self {
            search: String::new(),
            layers: None,
            abc: None,
            last_purchase_after: None,
            cadence: None,
            signal: None,
            approach: None,
            previous_layer: None,
            contact: None,
            account_manager: None,
            sort: SortColumn::Rank,
            descending: false,
            offset: 0,
            limit: 50,
        }
    }
}

/// The account manager a table view is narrowed to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ManagerFilter {
    /// Relations with this account manager (the name as in the file).
    Named(String),
    /// Relations without one.
    Nobody,
}

impl ManagerFilter {
    /// The filter for a manager as [`ManagerCalls`](super::analyse::ManagerCalls) names them.
    pub fn of(manager: Option<&str>) -> Self {
        manager.map_or(Self::Nobody, |m| Self::Named(m.to_owned()))
    }

    /// Whether a relation with `manager` passes.
    pub fn matches(&self, manager: Option<&str>) -> bool {
        match self {
            Self::Named(name) => manager == Some(name.as_str()),
            Self::Nobody => manager.is_none(),
        }
    }
}

/// One page of the customer table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPage {
    /// How many rows match the search and filters (for the pager).
    pub total_matching: usize,
    /// The requested page.
    pub rows: Vec<CustomerRow>,
}

/// Whether an inactive relation stopped in the period before the window
/// ("te heractiveren"): its last purchase is after `after` (R − 2W months);
/// without a date, it bought in the period before (a customer-level file's
/// column with that period's revenue).
pub fn stopped_recently(
    last_purchase: Option<Day>,
    bought_before: bool,
    after: Option<Day>,
) -> bool {
    match last_purchase {
        Some(day) => after.is_some_and(|after| day > after),
        None => bought_before,
    }
}

/// Runs a query over rows stored in rank order (as [`Analysis::customers`](super::analyse::Analysis::customers) has them).
pub fn query(rows: &[CustomerRow], q: &CustomerQuery) -> CustomerPage {
    let hits = ordered_hits(rows, q);
    CustomerPage {
        total_matching: hits.len(),
        rows: hits
            .into_iter()
            .skip(q.offset)
            .take(q.limit)
            .cloned()
            .collect(),
    }
}

/// All rows matching the query's search and filters, as positions in `rows`,
/// in the query's sort order (offset and limit are ignored).
///
/// A scrolling table computes this once per search, filter or sort change
/// and then slices it per frame, instead of re-sorting on every scroll.
/// `rows` must be in rank order (`rows[i].rank == i + 1`), as
/// [`Analysis::customers`](super::analyse::Analysis::customers) has them.
pub fn matching(rows: &[CustomerRow], q: &CustomerQuery) -> Vec<u32> {
    ordered_hits(rows, q)
        .into_iter()
        .map(|r| r.rank.saturating_sub(1))
        .collect()
}

fn ordered_hits<'a>(rows: &'a [CustomerRow], q: &CustomerQuery) -> Vec<&'a CustomerRow> {
    let needle = Needle::new(&q.search);
    let mut layer_ok = [q.layers.is_none(); 7];
    for l in q.layers.iter().flatten() {
        layer_ok[l.index()] = true;
    }
    let mut abc_ok = [q.abc.is_none(); 3];
    for c in q.abc.iter().flatten() {
        abc_ok[c.index()] = true;
    }
    let class_ok = |c: Option<AbcClass>| match c {
        Some(c) => abc_ok[c.index()],
        None => q.abc.is_none(),
    };
    let mut hits: Vec<&CustomerRow> = rows
        .iter()
        .filter(|r| layer_ok[r.layer.index()] && class_ok(r.abc) && needle.matches(r))
        .filter(|r| {
            q.last_purchase_after
                .is_none_or(|after| stopped_recently(r.last_purchase, r.bought_before, Some(after)))
        })
        .filter(|r| {
            q.cadence
                .is_none_or(|c| r.rhythm.is_some_and(|r| r.cadence == c))
        })
        .filter(|r| q.signal.is_none_or(|s| r.signal == Some(s)))
        .filter(|r| q.approach.is_none_or(|a| r.approach == a))
        .filter(|r| q.previous_layer.is_none_or(|p| r.previous_layer == Some(p)))
        .filter(|r| q.contact.is_none_or(|c| r.contact == Some(c)))
        .filter(|r| {
            q.account_manager
                .as_ref()
                .is_none_or(|m| m.matches(r.account_manager.as_deref()))
        })
        .collect();
    match q.sort {
        SortColumn::Rank if !q.descending => {}
        SortColumn::Key => sort_text(&mut hits, |r| Some(&r.key), q.descending),
        SortColumn::Name => sort_text(&mut hits, |r| Some(&r.name), q.descending),
        SortColumn::AccountManager => {
            sort_text(&mut hits, |r| r.account_manager.as_deref(), q.descending)
        }
        // Stable: equal keys keep the stored rank order, also when descending.
        column => hits.sort_by(|a, b| compare(a, b, column, q.descending)),
    }
    hits
}

fn direct(o: Ordering, descending: bool) -> Ordering {
    if descending { o.reverse() } else { o }
}

/// Missing values sort last in both directions: nobody wants a page of blanks.
fn compare_option<T>(
    a: Option<T>,
    b: Option<T>,
    descending: bool,
    cmp: impl Fn(T, T) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => direct(cmp(a, b), descending),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn compare_text(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Text columns fold case once per row instead of once per comparison
/// (sorting 100k names is then a sort of byte strings); the position in
/// rank order breaks ties, which keeps the sort stable.
fn sort_text<'a>(
    hits: &mut [&'a CustomerRow],
    text: impl Fn(&CustomerRow) -> Option<&str>,
    descending: bool,
) {
    let mut keyed: Vec<(Option<Vec<u8>>, usize, &'a CustomerRow)> = hits
        .iter()
        .enumerate()
        .map(|(pos, &r)| (text(r).map(|t| t.to_ascii_lowercase().into_bytes()), pos, r))
        .collect();
    keyed.sort_unstable_by(|a, b| {
        compare_option(a.0.as_deref(), b.0.as_deref(), descending, |x, y| x.cmp(y))
            .then(a.1.cmp(&b.1))
    });
    for (slot, (_, _, r)) in hits.iter_mut().zip(keyed) {
        *slot = r;
    }
}

fn compare(a: &CustomerRow, b: &CustomerRow, column: SortColumn, descending: bool) -> Ordering {
    let d = descending;
    match column {
        SortColumn::Rank => direct(a.rank.cmp(&b.rank), d),
        SortColumn::Key => direct(compare_text(&a.key, &b.key), d),
        SortColumn::Name => direct(compare_text(&a.name, &b.name), d),
        SortColumn::Layer => direct(a.layer.cmp(&b.layer), d),
        SortColumn::Abc => compare_option(a.abc, b.abc, d, |x, y| x.cmp(&y)),
        SortColumn::Value => direct(a.value.cmp(&b.value), d),
        SortColumn::Trend => compare_option(a.trend(), b.trend(), d, Trend::compare),
        SortColumn::Orders => direct(a.orders.cmp(&b.orders), d),
        SortColumn::LastPurchase => {
            compare_option(a.last_purchase, b.last_purchase, d, |x, y| x.cmp(&y))
        }
        SortColumn::Interval => compare_option(
            a.rhythm.map(|r| r.interval),
            b.rhythm.map(|r| r.interval),
            d,
            |x, y| x.cmp(&y),
        ),
        SortColumn::Expected => compare_option(
            a.rhythm.map(|r| r.expected),
            b.rhythm.map(|r| r.expected),
            d,
            |x, y| x.cmp(&y),
        ),
        SortColumn::AccountManager => compare_option(
            a.account_manager.as_deref(),
            b.account_manager.as_deref(),
            d,
            compare_text,
        ),
        SortColumn::Approach => direct(a.approach.cmp(&b.approach), d),
    }
}

/// A lowercased search string, matched without allocating for ASCII text.
struct Needle {
    lower: String,
}

impl Needle {
    fn new(search: &str) -> Self {
        Self {
            lower: search.trim().to_lowercase(),
        }
    }

    fn matches(&self, row: &CustomerRow) -> bool {
        self.lower.is_empty() || self.found_in(&row.key) || self.found_in(&row.name)
    }

    fn found_in(&self, hay: &str) -> bool {
        if hay.is_ascii() {
            // Lowercased ASCII stays ASCII, so a non-ASCII needle cannot match.
            self.lower.is_ascii() && contains_ascii_ci(hay.as_bytes(), self.lower.as_bytes())
        } else {
            hay.to_lowercase().contains(&self.lower)
        }
    }
}

/// `needle` must already be lowercase.
fn contains_ascii_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if hay.len() < needle.len() {
        return false;
    }
    (0..=hay.len() - needle.len()).any(|i| {
        hay[i].to_ascii_lowercase() == first
            && hay[i + 1..i + needle.len()]
                .iter()
                .zip(rest)
                .all(|(h, n)| h.to_ascii_lowercase() == *n)
    })
}
