//! The one entry point: dataset + settings → everything the app shows.
//!
//! After the facts are aggregated per customer ([`relation::classify`]),
//! the relations are sorted once (relation type, value descending, key
//! ascending) and one pass over that order assigns layers, ABC classes and
//! the Pareto curve; the table rows follow in a second pass, which a load
//! runs after its figures are on their way to the page
//! ([`analyse_in_stages`]). Changing a setting re-runs only this, never the
//! import.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::abc::{self, AbcClass, AbcFigures};
use super::approach::{Approach, ApproachCounts, Grounds};
use super::calendar::Day;
use super::contact::{self, ContactCounts, ContactPlan, PlanGrounds};
use super::customers::{CustomerRow, stopped_recently};
use super::dataset::{Cents, CustomerId, Dataset, Facts};
use super::moves::{self, LayerMoves, Standing};
use super::pareto::{Concentration, Pareto, ParetoBuilder, ratio, to_cents};
use super::pyramid::{Layer, LayerFigures, active_layer, layer_ends};
use super::relation::{self, CustomerFacts, RelationType, Window};
use super::rhythm::{Cadence, PurchaseDays, rhythm};
use super::settings::{Basis, Settings};
use super::trend::{MAX_MISSING_DAYS, Signal, Trend, good_margin, is_key, median_margin};

/// How many relations of each type appear.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationCounts {
    /// Active customers (N).
    pub active: u32,
    /// Inactive customers.
    pub inactive: u32,
    /// Of the inactive customers, those whose last purchase lies in the W
    /// months before the window (R − 2W months < d ≤ R − W months, each
    /// counted from R): they stopped within the last period. The domain's guideline: after a year without an
    /// invoice call to reactivate; after two, they are cold.
    pub inactive_recent: u32,
    /// Prospects.
    pub prospect: u32,
    /// Suspects.
    pub suspect: u32,
    /// The sum of the four: all relations that appear.
    pub total: u32,
    /// Customers left out because all their facts are dated after R.
    pub after_reference: u32,
}

/// Where the active customers stand against their own purchase rhythm
/// (see [`rhythm`](super::rhythm)): the call plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RhythmCounts {
    /// The next order is not due yet.
    pub on_schedule: u32,
    /// The next order is due: call now.
    pub due: u32,
    /// Silent for more than 1.5 usual intervals.
    pub silent: u32,
    /// Small customers who buy regularly and more than before
    /// ([`Signal::Pearl`]).
    pub pearls: u32,
    /// The same call lists per account manager (by name, relations without
    /// one last); empty when the file names no account managers.
    pub managers: Vec<ManagerCalls>,
    /// Active customers with too few orders for a rhythm (fewer than 3 in
    /// the last 2W months; and all active customers of a customer-level file).
    pub without: u32,
    /// Every relation by its conversation code (see
    /// [`approach`](super::approach)): it needs the rhythms.
    pub approaches: ApproachCounts,
    /// The active customers by contact plan and payment behaviour (see
    /// [`contact`](super::contact)); `None` when the file has no due and
    /// paid dates.
    #[serde(default)]
    pub contact: Option<ContactCounts>,
}

/// One account manager's share of the call plan: management sees whose
/// calls these are and can steer the planning (domain.md §2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerCalls {
    /// The account manager; `None` for the relations without one.
    pub manager: Option<String>,
    /// Active customers.
    pub active: u32,
    /// Due to reorder.
    pub due: u32,
    /// Quieter than their rhythm.
    pub silent: u32,
    /// Key customers buying less.
    pub buying_less: u32,
    /// Pearls.
    pub pearls: u32,
    /// Inactive, to reactivate.
    pub reactivate: u32,
    /// Their active customers by contact plan and payment behaviour (all
    /// zero when the file has no due and paid dates).
    #[serde(default)]
    pub contact: ContactCounts,
}

/// Tallies the call lists per account manager, row by row.
#[derive(Default)]
struct ManagerTally {
    groups: Vec<ManagerCalls>,
    /// The group of the previous row: rows of one manager often follow
    /// each other, and there are few managers, so a linear search is rare
    /// and short.
    last: usize,
}

impl ManagerTally {
    fn add(&mut self, row: &CustomerRow, reactivate_after: Option<Day>) {
        let name = row.account_manager.as_deref();
        let hit = |g: &ManagerCalls| g.manager.as_deref() == name;
        let i = if self.groups.get(self.last).is_some_and(hit) {
            self.last
        } else if let Some(i) = self.groups.iter().position(hit) {
            i
        } else {
            self.groups.push(ManagerCalls {
                manager: row.account_manager.as_deref().map(str::to_owned),
                ..ManagerCalls::default()
            });
            self.groups.len() - 1
        };
        self.last = i;
        let calls = &mut self.groups[i];
        calls.active += u32::from(row.layer.is_active());
        match row.rhythm.map(|r| r.cadence) {
            Some(Cadence::Due) => calls.due += 1,
            Some(Cadence::Silent) => calls.silent += 1,
            _ => {}
        }
        match row.signal {
            Some(Signal::BuyingLess) => calls.buying_less += 1,
            Some(Signal::Pearl) => calls.pearls += 1,
            None => {}
        }
        calls.reactivate += u32::from(row.to_reactivate(reactivate_after));
        if row.layer.is_active() {
            calls
                .contact
                .add(row.contact, row.payment.and_then(|p| p.payer()));
        }
    }

    /// By name, the relations without a manager last; nothing when no row
    /// has a manager.
    fn finish(mut self) -> Vec<ManagerCalls> {
        if self.groups.iter().all(|g| g.manager.is_none()) {
            return Vec::new();
        }
        self.groups.sort_unstable_by(|a, b| {
            (a.manager.is_none(), &a.manager).cmp(&(b.manager.is_none(), &b.manager))
        });
        self.groups
    }
}

/// The call lists per account manager, from rows with their rhythms and
/// signals; empty when no row has an account manager.
fn calls_per_manager(rows: &[CustomerRow], reactivate_after: Option<Day>) -> Vec<ManagerCalls> {
    let mut tally = ManagerTally::default();
    for row in rows {
        tally.add(row, reactivate_after);
    }
    tally.finish()
}

impl RhythmCounts {
    fn add(&mut self, cadence: Option<Cadence>) {
        match cadence {
            Some(Cadence::OnSchedule) => self.on_schedule += 1,
            Some(Cadence::Due) => self.due += 1,
            Some(Cadence::Silent) => self.silent += 1,
            None => self.without += 1,
        }
    }
}

/// Everything the app shows for one dataset and one set of settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The reference day R actually used: the setting, else the latest date
    /// in the data; `None` when there is no date at all.
    pub reference_day: Option<Day>,
    /// R minus W months: the exclusive start of the activity window
    /// (a day d is inside when `window_start < d ≤ R`).
    pub window_start: Option<Day>,
    /// W, as in the settings.
    pub window_months: u32,
    /// The basis actually used.
    pub basis: Basis,
    /// The account manager whose relations these are (`None`: everyone's).
    pub account_manager: Option<u32>,
    /// Profit was asked for but the dataset has none: revenue was used.
    pub profit_unavailable: bool,
    /// The file has one row per customer with its total: a customer's value
    /// is that total as the file gives it, not a sum over the window (the
    /// window only decides active or inactive, by the last-purchase date).
    pub customer_totals: bool,
    /// Counts per relation type.
    pub relations: RelationCounts,
    /// The active customers by purchase rhythm; `None` until the rhythms
    /// are added (see [`analyse_without_rhythms`]).
    pub rhythm: Option<RhythmCounts>,
    /// The rows have a trend and the call plan its lists (see
    /// [`trend`](super::trend)): an invoice file that reaches back to the
    /// previous period, or a customer-level file with last period's revenue,
    /// on a revenue basis.
    pub has_trend: bool,
    /// The rows have a count: invoice lines, or a customer-level file's
    /// own order count (without that column the count is unknown, not 0).
    pub has_orders: bool,
    /// An invoice file with order or invoice numbers: the count is of
    /// different numbers (orders), not of lines.
    #[serde(default)]
    pub order_numbers: bool,
    /// A customer-level file with a column of last period's revenue (its
    /// trend needs revenue as the basis).
    pub previous_revenue_column: bool,
    /// The earliest date in the data (for the message when there is no trend).
    pub data_start: Option<Day>,
    /// The file has profit: every customer with revenue > 0 (in the window,
    /// or in its totals) has a margin.
    pub has_margin: bool,
    /// Key customers buying less ([`Signal::BuyingLess`]); `None` without
    /// a trend.
    pub buying_less: Option<u32>,
    /// Movement through the pyramid since the previous period (see
    /// [`moves`](super::moves)); `None` without a trend.
    pub moves: Option<LayerMoves>,
    /// The file has a due date and a paid date per invoice: the rows have
    /// their payment behaviour, and the rhythms bring the contact plan.
    #[serde(default)]
    pub has_payments: bool,
    /// The median margin of the active customers (basis points; for an
    /// even number the lower of the middle two): a pearl's margin is at
    /// least this. `None` when the file has no profit (or no active
    /// customer has a margin).
    pub median_margin_bp: Option<i32>,
    /// Transactions ignored because they are dated after R (of the account
    /// manager's customers when the analysis is filtered by one).
    pub transactions_after_reference: u64,
    /// Total value of the active customers (cents; can be ≤ 0).
    pub total_value: Cents,
    /// Per layer, in [`Layer::ALL`] order (always seven entries).
    pub layers: Vec<LayerFigures>,
    /// The Pareto curve and its figures.
    pub pareto: Pareto,
    /// Per ABC class, in [`AbcClass::ALL`] order (always three entries).
    pub abc: Vec<AbcFigures>,
    /// Share of value in the top 1, 5 and 10 customers.
    pub concentration: Concentration,
    /// One row per relation that appears, in rank order (see [`CustomerRow::rank`]).
    pub customers: Vec<CustomerRow>,
}

impl Analysis {
    /// The figures of one layer.
    pub fn layer(&self, layer: Layer) -> Option<&LayerFigures> {
        self.layers.iter().find(|f| f.layer == layer)
    }

    /// The figures of one ABC class.
    pub fn abc_class(&self, class: AbcClass) -> Option<&AbcFigures> {
        self.abc.iter().find(|f| f.class == class)
    }

    /// R − 2W months: an inactive customer whose last purchase is after this
    /// day stopped in the period before the window ("te heractiveren", counted
    /// in [`RelationCounts::inactive_recent`]); `None` without a reference day.
    pub fn reactivate_after(&self) -> Option<Day> {
        self.reference_day
            .map(|r| reactivate_after(r, self.window_months))
    }
}

impl Analysis {
    /// Adds every active customer's purchase rhythm on the reference day,
    /// and the counts per cadence, from the dataset's purchase days.
    pub fn add_rhythms(&mut self, days: &PurchaseDays) {
        let mut counts = RhythmCounts::default();
        // The same horizon as "to reactivate": R − 2W months.
        let since = self.reactivate_after();
        let clock = self.reference_day.zip(since);
        let mut managers = ManagerTally::default();
        let mut contact = self.has_payments.then(ContactCounts::default);
        for row in &mut self.customers {
            if row.layer.is_active() {
                row.rhythm =
                    clock.and_then(|(reference, since)| rhythm(days.of(row.id), since, reference));
                counts.add(row.rhythm.map(|r| r.cadence));
                let margin = good_margin(row.margin_bp, self.median_margin_bp);
                if Signal::pearl(row.layer, row.trend(), row.rhythm, margin) {
                    row.signal = Some(Signal::Pearl);
                    counts.pearls += 1;
                }
                row.approach = approach_of(row, since);
                if let Some(c) = &mut contact {
                    let payer = row.payment.and_then(|p| p.payer());
                    row.contact = ContactPlan::of(PlanGrounds {
                        active: true,
                        payer,
                        rhythm: row.rhythm,
                        key_customer: row.key_customer,
                        margin_bp: row.margin_bp,
                        median_margin_bp: self.median_margin_bp,
                    });
                    c.add(row.contact, payer);
                }
            }
            counts.approaches.add(row.approach);
            managers.add(row, since);
        }
        counts.managers = managers.finish();
        counts.contact = contact;
        self.rhythm = Some(counts);
    }
}

/// A row's conversation code, from its layer, signal and rhythm (see
/// [`approach`](super::approach)); `reactivate_after` as in
/// [`Analysis::reactivate_after`].
fn approach_of(row: &CustomerRow, reactivate_after: Option<Day>) -> Approach {
    Approach::of(Grounds {
        layer: row.layer,
        high_value: row.key_customer || row.abc == Some(AbcClass::A),
        signal: row.signal,
        cadence: row.rhythm.map(|r| r.cadence),
        to_reactivate: row.to_reactivate(reactivate_after),
    })
}

/// R − 2W months, each counted from R (see [`Analysis::reactivate_after`]):
/// the start of the previous period.
fn reactivate_after(reference: Day, window_months: u32) -> Day {
    Window::new(reference, window_months).previous_start
}

/// Runs the whole analysis. Never panics, never produces NaN.
pub fn analyse(dataset: &Dataset, settings: &Settings) -> Analysis {
    analyse_with(dataset, &PurchaseDays::new(dataset), settings)
}

/// [`analyse`] with the dataset's purchase days built beforehand: they do
/// not depend on the settings, so a re-analysis reuses them.
pub fn analyse_with(dataset: &Dataset, days: &PurchaseDays, settings: &Settings) -> Analysis {
    let mut analysis = analyse_without_rhythms(dataset, settings);
    analysis.add_rhythms(days);
    analysis
}

/// Gives the rows their customers' keys, names and account managers.
///
/// In the customers' order, not the rows' (rank) order: a row's key and name
/// are shared with the dataset, and taking a share touches the text's own
/// memory. In rank order every customer meant three cache misses one after
/// the other (the customer, its key, its name), a third of the analysis of
/// 62,500 customers; in the customers' order those reads follow the memory
/// and only the writes to the rows jump.
fn name_rows(rows: &mut [CustomerRow], dataset: &Dataset) {
    let mut position = vec![u32::MAX; dataset.customers.len()];
    for (pos, row) in rows.iter().enumerate() {
        if let Some(p) = position.get_mut(row.id as usize) {
            *p = pos as u32;
        }
    }
    for (customer, &pos) in dataset.customers.iter().zip(&position) {
        let Some(row) = rows.get_mut(pos as usize) else {
            continue;
        };
        row.key = Arc::clone(&customer.key);
        row.name = Arc::clone(&customer.name);
        row.account_manager = customer
            .account_manager
            .and_then(|m| dataset.account_managers.get(m as usize))
            .cloned();
    }
}

/// Puts customers in the analysis' order: by relation type, then value from
/// high to low, then key, then id. Sorted on one integer per customer first
/// (relation, value and id packed), so the sort touches no customer record;
/// only customers whose relation and value are equal are then put in key
/// order, a run of them at a time.
fn rank(order: &mut [CustomerId], facts: &[CustomerFacts], dataset: &Dataset) {
    let packed = |id: CustomerId| -> u128 {
        let f = &facts[id as usize];
        // As `Option`'s order: none before any.
        let relation = f.relation.map_or(0, |r| r as u128 + 1);
        // Higher values first: the value's order-preserving unsigned form, inverted.
        let value = !((f.value as u64) ^ (1 << 63));
        relation << 96 | u128::from(value) << 32 | u128::from(id)
    };
    let mut ranked: Vec<u128> = order.iter().map(|&id| packed(id)).collect();
    ranked.sort_unstable();
    for (slot, &r) in order.iter_mut().zip(&ranked) {
        *slot = r as CustomerId;
    }
    let key = |id: CustomerId| dataset.customers.get(id as usize).map_or("", |c| &*c.key);
    let by_key = |a: &CustomerId, b: &CustomerId| key(*a).cmp(key(*b)).then(a.cmp(b));
    let mut tied: Vec<u128> = Vec::new();
    // Every customer's key prefix, read in the customers' order (their keys
    // lie in memory in that order) once the first tie comes: read in rank
    // order instead, each key was two cache misses, and the benchmark's
    // file has 23,000 customers in 8,400 runs of ties.
    let mut prefixes: Vec<u64> = Vec::new();
    for (start, len) in runs(&ranked, |r| r >> 32) {
        if len < 2 {
            continue;
        }
        if prefixes.is_empty() {
            prefixes = dataset
                .customers
                .iter()
                .map(|c| key_prefix(&c.key))
                .collect();
        }
        let prefix = |id: CustomerId| prefixes.get(id as usize).copied().unwrap_or(0);
        // A run of ties (the inactive customers' value 0, thousands of them in
        // a large file): by the key's first eight bytes and the id, packed
        // into one integer as above, so this is the same sort again and
        // compares integers, not keys; keys alike in those bytes by the
        // whole key.
        let group = &mut order[start..start + len];
        tied.clear();
        tied.extend(
            group
                .iter()
                .map(|&id| u128::from(prefix(id)) << 64 | u128::from(id)),
        );
        tied.sort_unstable();
        for (slot, &t) in group.iter_mut().zip(&tied) {
            *slot = t as CustomerId;
        }
        for (from, n) in runs(&tied, |t| t >> 64) {
            if n > 1 {
                group[from..from + n].sort_unstable_by(by_key);
            }
        }
    }
}

/// The runs of equal `part` in `sorted`, as `(start, length)`.
fn runs<'a, T: Copy, K: PartialEq>(
    sorted: &'a [T],
    part: impl Fn(T) -> K + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut start = 0;
    std::iter::from_fn(move || {
        let first = part(*sorted.get(start)?);
        let len = sorted[start..]
            .iter()
            .take_while(|&&x| part(x) == first)
            .count();
        start += len;
        Some((start - len, len))
    })
}

/// A key's first eight bytes as a number in their byte order (zeros after a
/// shorter key): two keys whose numbers differ compare as the numbers do.
fn key_prefix(key: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = key.len().min(8);
    bytes[..n].copy_from_slice(&key.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// The analysis without the purchase rhythms of an invoice file
/// ([`Analysis::rhythm`] is `None`, every row's rhythm too): the pyramid and
/// Pareto figures, which need only one pass over the rows. A load shows
/// these first; the purchase days take another pass and are added after.
pub fn analyse_without_rhythms(dataset: &Dataset, settings: &Settings) -> Analysis {
    let (mut analysis, rows) = analyse_in_stages(dataset, settings);
    rows.fill(&mut analysis, dataset);
    analysis
}

/// What a customer's place in the ranked order decided, kept for its row.
#[derive(Clone, Copy)]
struct Judged {
    abc: Option<AbcClass>,
    key_customer: bool,
    signal: Option<Signal>,
}

/// The rows of an analysis made by [`analyse_in_stages`], still to be
/// built: what its first stage decided per customer, in rank order.
pub struct PendingRows {
    relations: relation::Relations,
    order: Vec<CustomerId>,
    standings: Vec<Standing>,
    judged: Vec<Judged>,
    window: Option<Window>,
}

/// [`analyse_without_rhythms`] in two stages. The first returns every
/// figure of the analysis, but no rows ([`Analysis::customers`] is empty)
/// and, for a customer-level file, no call counts yet ([`Analysis::rhythm`]
/// is `None`, as an invoice file's is); [`PendingRows::fill`] adds them. A
/// load posts the first stage's figures before building the rows: the page
/// shows only figures, and the rows are a fifth of the analysis' time
/// (natively 7–9 of 36–42 ms for a million rows and 62,500 customers; the
/// worker's analysis step in Chromium went from 51 to 43 ms).
pub fn analyse_in_stages(dataset: &Dataset, settings: &Settings) -> (Analysis, PendingRows) {
    let profit_unavailable = settings.basis == Basis::Profit && !dataset.has_profit();
    let basis = if profit_unavailable {
        Basis::Revenue
    } else {
        settings.basis
    };
    let day_range = dataset.day_range();
    let reference_day = settings.reference_day.or(day_range.map(|(_, last)| last));
    let window = reference_day.map(|r| Window::new(r, settings.window_months));
    let relations = relation::classify(dataset, basis, window);
    let facts = &relations.customers;

    let mut counts = RelationCounts::default();
    let earlier = window.map(|w| w.previous_start);
    // Of the customers shown: with an account-manager filter, only theirs.
    let mut transactions_after_reference = 0u64;
    let mut order: Vec<CustomerId> = Vec::with_capacity(facts.len());
    let (mut positive, mut positive_total) = (0usize, 0i128);
    for (id, f) in facts.iter().enumerate() {
        if let Some(manager) = settings.account_manager {
            let theirs = dataset
                .customers
                .get(id)
                .is_some_and(|c| c.account_manager == Some(manager));
            if !theirs {
                continue;
            }
        }
        transactions_after_reference += u64::from(f.transactions_after_reference);
        let Some(r) = f.relation else {
            counts.after_reference += 1;
            continue;
        };
        match r {
            RelationType::Active => {
                counts.active += 1;
                if f.value > 0 {
                    positive += 1;
                    positive_total += i128::from(f.value);
                }
            }
            RelationType::Inactive => {
                counts.inactive += 1;
                if stopped_recently(f.last_purchase, f.bought_before, earlier) {
                    counts.inactive_recent += 1;
                }
            }
            RelationType::Prospect => counts.prospect += 1,
            RelationType::Suspect => counts.suspect += 1,
        }
        order.push(id as CustomerId);
    }
    counts.total = counts.active + counts.inactive + counts.prospect + counts.suspect;

    // The one sort. Relation type first makes the active customers a prefix
    // and, within it, the positive ones a prefix, so one pass serves all.
    rank(&mut order, facts, dataset);

    let ends = layer_ends(counts.active as usize, &settings.layer_bp);
    // The smallest value in the top three layers: a customer who bought at
    // least that much in the previous period is a key customer too.
    // (The smallest positive one: values ≤ 0 say nothing about size.)
    let key_floor = order
        .get(..ends[2])
        .unwrap_or_default()
        .iter()
        .rev()
        .map(|&id| facts[id as usize].value)
        .find(|&v| v > 0);
    let customer_totals = matches!(dataset.facts, Facts::Totals(_));
    let data_start = day_range.map(|(first, _)| first);
    // An invoice file reaches back to the previous period, or starts at
    // most a month after its start; a customer-level file gives last
    // period's revenue (`relation` reads it on a revenue basis only).
    let has_trend = match &dataset.facts {
        Facts::Transactions(_) => window.zip(data_start).is_some_and(|(w, first)| {
            i64::from(first) <= i64::from(w.previous_start) + i64::from(MAX_MISSING_DAYS)
        }),
        Facts::Totals(t) => t.previous_revenue.is_some() && basis == Basis::Revenue,
    };
    let mut curve = ParetoBuilder::new(positive, positive_total);
    let mut layer_count = [0u32; 7];
    let mut layer_value = [0i128; 7];
    let mut abc_count = [0u32; 3];
    let mut abc_value = [0i128; 3];
    let mut standings = Vec::with_capacity(order.len());
    let mut judged = Vec::with_capacity(order.len());
    let mut buying_less = 0u32;
    let mut margins = Vec::new();
    for (pos, &id) in order.iter().enumerate() {
        let f = &facts[id as usize];
        let layer = match f.relation {
            Some(RelationType::Active) => active_layer(pos, &ends),
            Some(RelationType::Inactive) => Layer::Inactive,
            Some(RelationType::Prospect) => Layer::Prospect,
            Some(RelationType::Suspect) | None => Layer::Suspect,
        };
        layer_count[layer.index()] += 1;
        layer_value[layer.index()] += i128::from(f.value);
        let abc = (layer.is_active() && f.value > 0).then(|| {
            let class = abc::classify(curve.cumulative(), positive_total, &settings.abc_bp);
            curve.push(id, f.value);
            abc_count[class.index()] += 1;
            abc_value[class.index()] += i128::from(f.value);
            class
        });
        let previous_value = f.previous_value.filter(|_| has_trend);
        let trend = Trend::of(f.value, previous_value, f.bought_before);
        let key_customer = is_key(layer, previous_value, key_floor);
        let signal = Signal::buying_less(key_customer, trend).then_some(Signal::BuyingLess);
        buying_less += u32::from(signal.is_some());
        if let Some(m) = f.margin_bp.filter(|_| layer.is_active()) {
            margins.push(m);
        }
        standings.push(Standing {
            layer,
            previous_value,
            bought_before: f.bought_before,
            previous_layer: None,
        });
        judged.push(Judged {
            abc,
            key_customer,
            signal,
        });
    }

    let moves = has_trend.then(|| {
        // Ties are broken by key: the customer's, read only for them.
        let key = |pos: usize| {
            order
                .get(pos)
                .and_then(|&id| dataset.customers.get(id as usize))
                .map_or("", |c| &*c.key)
        };
        moves::assign(&mut standings, key, &settings.layer_bp)
    });
    let active_total: i128 = layer_value[..4].iter().sum();
    let layers = Layer::ALL
        .iter()
        .map(|&layer| {
            let i = layer.index();
            let customers = layer_count[i];
            let of_relations = ratio(customers.into(), counts.total.into());
            LayerFigures {
                layer,
                customers,
                value: to_cents(layer_value[i]),
                share_of_customers: if layer.is_active() {
                    ratio(customers.into(), counts.active.into())
                } else {
                    of_relations
                },
                share_of_relations: of_relations,
                share_of_value: ratio(layer_value[i], active_total),
                average_value: ratio(layer_value[i], customers.into()),
            }
        })
        .collect();
    let abc = AbcClass::ALL
        .iter()
        .map(|&class| AbcFigures {
            class,
            customers: abc_count[class.index()],
            value: to_cents(abc_value[class.index()]),
            share_of_customers: ratio(abc_count[class.index()].into(), positive as i128),
            share_of_value: ratio(abc_value[class.index()], positive_total),
        })
        .collect();
    let (pareto, concentration): (Pareto, Concentration) = curve.finish();
    // Payment behaviour over the window's invoices, when the file has it.
    let has_payments = window.is_some() && contact::has_records(dataset);

    let analysis = Analysis {
        reference_day,
        window_start: window.map(|w| w.start),
        window_months: settings.window_months,
        basis,
        account_manager: settings.account_manager,
        profit_unavailable,
        customer_totals,
        relations: counts,
        rhythm: None,
        has_trend,
        previous_revenue_column: matches!(&dataset.facts, Facts::Totals(t) if t.previous_revenue.is_some()),
        has_orders: match &dataset.facts {
            Facts::Transactions(_) => true,
            Facts::Totals(t) => t.orders.is_some(),
        },
        order_numbers: matches!(&dataset.facts, Facts::Transactions(t) if t.orders.is_some()),
        data_start,
        has_margin: dataset.has_profit(),
        buying_less: has_trend.then_some(buying_less),
        moves,
        has_payments,
        median_margin_bp: median_margin(&mut margins),
        transactions_after_reference,
        total_value: to_cents(active_total),
        layers,
        pareto,
        abc,
        concentration,
        customers: Vec::new(),
    };
    let rows = PendingRows {
        relations,
        order,
        standings,
        judged,
        window,
    };
    (analysis, rows)
}

impl PendingRows {
    /// Builds the rows of `analysis`, the first stage's result on
    /// `dataset`, and (a customer-level file has no purchase days, so
    /// nothing to add later) a customer-level file's call counts.
    pub fn fill(self, analysis: &mut Analysis, dataset: &Dataset) {
        let facts = &self.relations.customers;
        let earlier = self.window.map(|w| w.previous_start);
        let payments = self
            .window
            .and_then(|w| contact::records(dataset, w.start, w.reference));
        debug_assert_eq!(payments.is_some(), analysis.has_payments);
        let unnamed: Arc<str> = Arc::from("");
        let placed = self.order.iter().zip(&self.standings).zip(&self.judged);
        let mut rows = Vec::with_capacity(self.order.len());
        for (pos, ((&id, s), j)) in placed.enumerate() {
            let f = &facts[id as usize];
            let mut row = CustomerRow {
                id,
                rank: pos as u32 + 1,
                // Filled below, in the customers' order.
                key: Arc::clone(&unnamed),
                name: Arc::clone(&unnamed),
                layer: s.layer,
                abc: j.abc,
                value: f.value,
                orders: f.orders,
                last_purchase: f.last_purchase,
                previous_value: s.previous_value,
                bought_before: f.bought_before,
                margin_bp: f.margin_bp,
                rhythm: None,
                signal: j.signal,
                key_customer: j.key_customer,
                approach: Approach::default(),
                previous_layer: s.previous_layer,
                payment: contact::record_of(payments.as_deref(), id),
                contact: None,
                account_manager: None,
            };
            // Without the rhythms yet: those of an invoice file's active customers follow.
            row.approach = approach_of(&row, earlier);
            rows.push(row);
        }
        name_rows(&mut rows, dataset);
        if analysis.customer_totals {
            analysis.rhythm = Some(RhythmCounts {
                without: analysis.relations.active,
                managers: calls_per_manager(&rows, earlier),
                approaches: rows.iter().map(|r| r.approach).collect(),
                ..RhythmCounts::default()
            });
        }
        analysis.customers = rows;
    }
}

#[cfg(test)]
mod tests {
    use super::key_prefix;

    proptest::proptest! {
        // What `rank` rests on: keys whose first eight bytes differ compare
        // as those bytes read as one number do (a shorter key's missing bytes
        // read as zeros, which sort as a key's end does).
        #[test]
        fn key_prefixes_that_differ_order_the_keys(
            a in "[\\x00a-c\u{e9}]{0,10}",
            b in "[\\x00a-c\u{e9}]{0,10}",
        ) {
            let (pa, pb) = (key_prefix(&a), key_prefix(&b));
            if pa != pb {
                proptest::prop_assert_eq!(pa.cmp(&pb), a.as_bytes().cmp(b.as_bytes()));
            }
        }
    }

    #[test]
    fn a_key_prefix_is_its_first_eight_bytes() {
        assert_eq!(key_prefix(""), 0);
        assert_eq!(key_prefix("A"), 0x41 << 56);
        assert_eq!(key_prefix("Bakkerij"), key_prefix("Bakkerij Jansen"));
        assert!(key_prefix("100000") < key_prefix("100001"));
    }
}
