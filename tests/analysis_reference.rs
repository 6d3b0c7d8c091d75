//! Property tests and a comparison against a deliberately naive second
//! implementation of the contract (maps, filters and plain loops).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use klantenpiramide::analysis::abc::AbcClass;
use klantenpiramide::analysis::analyse::{
    Analysis, analyse, analyse_in_stages, analyse_without_rhythms,
};
use klantenpiramide::analysis::approach::Approach;
use klantenpiramide::analysis::calendar::{Day, sub_months};
use klantenpiramide::analysis::contact::ContactPlan;
use klantenpiramide::analysis::dataset::{
    Cents, Customer, CustomerTotals, Dataset, DeclaredStatus, Facts, Payments, ProfitSource,
    Transactions, order_starts,
};
use klantenpiramide::analysis::moves;
use klantenpiramide::analysis::pyramid::Layer;
use klantenpiramide::analysis::rhythm::Cadence;
use klantenpiramide::analysis::settings::{AbcCuts, Basis, LayerCuts, Settings};
use klantenpiramide::analysis::trend::{Signal, Trend};

const BASE: Day = 19_000; // 2022-01-08

fn status(s: u8) -> DeclaredStatus {
    match s {
        0 => DeclaredStatus::Unknown,
        1 => DeclaredStatus::Prospect,
        2 => DeclaredStatus::Suspect,
        3 => DeclaredStatus::Customer,
        _ => DeclaredStatus::Inactive,
    }
}

fn make_customers(spec: &[(u8, u8)]) -> Vec<Customer> {
    // Keys alike in their first eight bytes ("Bakkerij…") too: the ranking
    // puts ties in order by those bytes first, then by the whole key.
    let prefixes = [
        "b",
        "A",
        "a",
        "Z1",
        "",
        "Bakkerij",
        "Bakkerij ",
        "Bakkerij1",
    ];
    spec.iter()
        .enumerate()
        .map(|(i, &(p, s))| Customer {
            key: format!("{}{}", prefixes[p as usize % prefixes.len()], i).into(),
            name: format!("Klant {i}").into(),
            status: status(s),
            account_manager: (!i.is_multiple_of(3)).then_some((i % 2) as u32),
        })
        .collect()
}

/// Small amounts for many ties, round ones so cumulative shares hit the
/// thresholds exactly.
fn amount() -> impl Strategy<Value = i64> {
    prop_oneof![-30i64..60, (1i64..6).prop_map(|x| x * 10), Just(0)]
}

/// Days since BASE: spread over three years, and often crowded into the
/// last two months, so that purchase rhythms, same-day rows and every
/// cadence occur.
fn days() -> impl Strategy<Value = i32> {
    prop_oneof![0i32..1200, 1140i32..1200]
}

fn arb_transactions() -> impl Strategy<Value = Dataset> {
    (
        prop::collection::vec((0u8..5, 0u8..5), 0..40),
        prop::collection::vec(
            (
                any::<u32>(),
                days(),
                amount(),
                -20i64..40,
                // Due this many days after the invoice (None: no due date), paid this
                // many days after the due date (None: open).
                (
                    prop::option::weighted(0.9, 0i32..45),
                    prop::option::weighted(0.8, -30i32..60),
                ),
                // An order number's key (0: the line has none); a few, so
                // lines share them, within a customer and across customers.
                0u64..6,
            ),
            0..250,
        ),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(spec, rows, with_profit, with_payments, with_order)| {
            let customers = make_customers(&spec);
            let n = customers.len() as u32;
            let rows: Vec<_> = if n == 0 {
                vec![]
            } else {
                rows.into_iter()
                    .map(|(c, d, r, p, (due, late), order)| {
                        let due = due.map(|t| BASE + d + t);
                        let paid = due.zip(late).map(|(due, late)| due + late);
                        (c % n, BASE + d, r, p, due, paid, order)
                    })
                    .collect()
            };
            Dataset {
                customers,
                account_managers: vec!["Piet".into(), "anna".into()],
                facts: Facts::Transactions(Transactions {
                    customer: rows.iter().map(|r| r.0).collect(),
                    day: rows.iter().map(|r| r.1).collect(),
                    revenue: rows.iter().map(|r| r.2).collect(),
                    profit: with_profit.then(|| rows.iter().map(|r| r.3).collect()),
                    orders: with_order.then(|| {
                        let customer: Vec<u32> = rows.iter().map(|r| r.0).collect();
                        let day: Vec<Day> = rows.iter().map(|r| r.1).collect();
                        let revenue: Vec<i64> = rows.iter().map(|r| r.2).collect();
                        let number: Vec<u64> = rows.iter().map(|r| r.6).collect();
                        order_starts(&customer, &day, &revenue, &number)
                    }),
                    payments: with_payments.then(|| Payments {
                        due: rows.iter().map(|r| r.4).collect(),
                        paid: rows.iter().map(|r| r.5).collect(),
                    }),
                }),
                profit_source: if with_profit {
                    ProfitSource::Amount
                } else {
                    ProfitSource::None
                },
            }
        })
}

fn arb_totals() -> impl Strategy<Value = Dataset> {
    (
        prop::collection::vec(
            (
                (0u8..5, 0u8..5),
                prop::option::weighted(0.8, amount()),
                prop::option::weighted(0.7, amount()),
                prop::option::weighted(0.8, 0i32..1200),
                prop::option::of(0u32..9),
                prop::option::weighted(0.8, amount()),
            ),
            0..40,
        ),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(rows, with_dates, with_profit, with_previous, with_orders)| {
                let spec: Vec<_> = rows.iter().map(|r| r.0).collect();
                Dataset {
                    customers: make_customers(&spec),
                    account_managers: vec!["Piet".into(), "anna".into()],
                    facts: Facts::Totals(CustomerTotals {
                        revenue: rows.iter().map(|r| r.1).collect(),
                        profit: with_profit.then(|| rows.iter().map(|r| r.2).collect()),
                        previous_revenue: with_previous.then(|| rows.iter().map(|r| r.5).collect()),
                        last_purchase: with_dates
                            .then(|| rows.iter().map(|r| r.3.map(|d| BASE + d)).collect()),
                        orders: with_orders.then(|| rows.iter().map(|r| r.4).collect()),
                    }),
                    profit_source: if with_profit {
                        ProfitSource::MarginPercent
                    } else {
                        ProfitSource::None
                    },
                }
            },
        )
}

fn arb_dataset() -> impl Strategy<Value = Dataset> {
    prop_oneof![arb_transactions(), arb_totals()]
}

fn arb_settings() -> impl Strategy<Value = Settings> {
    (
        any::<bool>(),
        prop::option::of(-50i32..1300),
        prop_oneof![Just(12u32), 0u32..30],
        prop_oneof![
            Just((100u32, 400u32, 1500u32)),
            (0u32..3000, 0u32..3000, 0u32..6000)
        ],
        prop_oneof![Just((8000u32, 9500u32)), (0u32..10_001, 0u32..10_001)],
        // Everyone, or one of the two account managers.
        prop_oneof![2 => Just(None), 1 => (0u32..2).prop_map(Some)],
    )
        .prop_map(
            |(profit, r, w, (top, large, medium), (a, b), manager)| Settings {
                basis: if profit {
                    Basis::Profit
                } else {
                    Basis::Revenue
                },
                reference_day: r.map(|d| BASE + d),
                window_months: w,
                layer_bp: LayerCuts { top, large, medium },
                abc_bp: AbcCuts { a, b: a.max(b) },
                account_manager: manager,
            },
        )
}

// ---------------------------------------------------------------------
// The naive implementation.
// ---------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Active,
    Inactive,
    Prospect,
    Suspect,
}

#[derive(Debug, Clone)]
struct Naive {
    kind: Kind,
    key: String,
    value: i64,
    orders: u32,
    last: Option<Day>,
    /// Distinct purchase days on or before R (revenue > 0), ascending.
    purchase_days: Vec<Day>,
    /// The value in the W months before the window (transactions only).
    previous: Option<i64>,
    /// Profit and revenue: in the window, or the file's totals.
    profit_revenue: Option<(i64, i64)>,
    /// A row with revenue > 0 in the previous period.
    bought_before: bool,
}

/// The purchase rhythm as `rhythm.rs` documents it, computed the long way:
/// (interval, expected next purchase, cadence). `days` are all purchase days
/// on or before R; only those after `since` count.
fn naive_rhythm(days: &[Day], since: Day, reference: Day) -> Option<(u32, Day, Cadence)> {
    let days: Vec<Day> = days.iter().copied().filter(|&d| d > since).collect();
    // Orders, formed from the latest day back: each a list of days, latest
    // first; a day joins the current order when it is less than 3 days before
    // the order's earliest day so far and less than 7 before its last day.
    let mut groups: Vec<Vec<Day>> = Vec::new();
    for &d in days.iter().rev() {
        match groups.last_mut() {
            Some(g) if g.last().unwrap() - d < 3 && g[0] - d < 7 => g.push(d),
            _ => groups.push(vec![d]),
        }
    }
    // Each order at its last day, oldest first.
    let orders: Vec<Day> = groups.iter().rev().map(|g| g[0]).collect();
    let recent: Vec<Day> = orders.iter().rev().take(13).rev().copied().collect();
    if recent.len() < 3 {
        return None;
    }
    let mut gaps: Vec<i64> = recent
        .windows(2)
        .map(|w| i64::from(w[1]) - i64::from(w[0]))
        .collect();
    gaps.sort();
    let m = gaps.len();
    let median = if m % 2 == 1 {
        gaps[m / 2]
    } else {
        (gaps[m / 2 - 1] + gaps[m / 2]).div_euclid(2)
    };
    let interval = median.max(1);
    let last = i64::from(*recent.last().unwrap());
    let silence = i64::from(reference) - last;
    let lead = (interval / 4).min(7);
    let cadence = if silence as f64 > 1.5 * interval as f64 {
        Cadence::Silent
    } else if i64::from(reference) >= last + interval - lead {
        Cadence::Due
    } else {
        Cadence::OnSchedule
    };
    Some((interval as u32, (last + interval) as Day, cadence))
}

/// A margin as `relation.rs` documents it: profit / revenue when the
/// revenue is > 0, in basis points rounded down.
fn naive_margin(f: &Naive) -> Option<i32> {
    let (profit, revenue) = f.profit_revenue?;
    (revenue > 0).then(|| (profit as f64 * 10_000.0 / revenue as f64).floor() as i32)
}

/// The trend as `trend.rs` documents it, as (value, previous) or "new":
/// `Some(None)` is new, `Some(Some(..))` a change, `None` no trend.
fn naive_trend(f: &Naive, has_trend: bool) -> Option<Option<(i64, i64)>> {
    let previous = f.previous.filter(|_| has_trend)?;
    if !f.bought_before {
        (f.value > 0).then_some(None)
    } else {
        (previous > 0).then_some(Some((f.value, previous)))
    }
}

/// The trend signal as `trend.rs` documents it: small, a rhythm that is not
/// silent, at least half more than before (or new) and a margin of at least
/// the median (when there is profit) is a pearl; a key customer (top three
/// layers, or a previous value of at least the smallest value in them) at
/// least a quarter below before is buying less.
fn naive_signal(
    layer: Layer,
    f: &Naive,
    cadence: Option<Cadence>,
    median: Option<i32>,
    has_trend: bool,
    key_floor: Option<i64>,
) -> Option<Signal> {
    let trend = naive_trend(f, has_trend)?;
    let (more, less) = match trend {
        None => (true, false),
        Some((value, previous)) => (
            value as f64 >= 1.5 * previous as f64,
            value as f64 <= 0.75 * previous as f64,
        ),
    };
    let margin = median.is_none_or(|m| naive_margin(f).is_some_and(|x| x >= m));
    let regular = cadence.is_some_and(|c| c != Cadence::Silent);
    let top3 = matches!(layer, Layer::Top | Layer::Large | Layer::Medium);
    let key = top3 || f.previous.zip(key_floor).is_some_and(|(p, k)| p >= k);
    if layer == Layer::Small && regular && more && margin {
        Some(Signal::Pearl)
    } else if key && less {
        Some(Signal::BuyingLess)
    } else {
        None
    }
}

struct NaiveResult {
    reference: Option<Day>,
    start: Option<Day>,
    /// Customer id → facts, only customers that appear.
    facts: BTreeMap<u32, Naive>,
    /// Ids in rank order.
    order: Vec<u32>,
    layer: BTreeMap<u32, Layer>,
    abc: BTreeMap<u32, AbcClass>,
    positive: Vec<i64>,
}

fn no_purchase(s: DeclaredStatus) -> Kind {
    match s {
        DeclaredStatus::Suspect => Kind::Suspect,
        DeclaredStatus::Customer | DeclaredStatus::Inactive => Kind::Inactive,
        _ => Kind::Prospect,
    }
}

fn ceil_bp(n: usize, bp: u64) -> usize {
    // Smallest m with m·10000 ≥ n·bp, by search.
    let mut m = 0usize;
    while (m as u128) * 10_000 < (n as u128) * bp as u128 {
        m += 1;
    }
    m.min(n)
}

fn naive(data: &Dataset, s: &Settings) -> NaiveResult {
    let use_profit = s.basis == Basis::Profit && data.has_profit();
    let mut facts = BTreeMap::new();
    let (reference, start);
    match &data.facts {
        Facts::Transactions(t) => {
            reference = s.reference_day.or(t.day.iter().max().copied());
            start = reference.map(|r| sub_months(r, s.window_months));
            for (id, c) in data.customers.iter().enumerate() {
                let mine: Vec<usize> = (0..t.customer.len())
                    .filter(|&i| t.customer[i] == id as u32)
                    .collect();
                let upto: Vec<usize> = mine
                    .iter()
                    .copied()
                    .filter(|&i| reference.is_some_and(|r| t.day[i] <= r))
                    .collect();
                if !mine.is_empty() && upto.is_empty() {
                    continue;
                }
                let inside = |i: usize| start.is_some_and(|st| t.day[i] > st);
                let bought: Vec<usize> =
                    upto.iter().copied().filter(|&i| t.revenue[i] > 0).collect();
                let kind = if bought.iter().any(|&i| inside(i)) {
                    Kind::Active
                } else if !bought.is_empty() || upto.iter().any(|&i| t.revenue[i] < 0) {
                    Kind::Inactive
                } else {
                    no_purchase(c.status)
                };
                // The previous period: R − 2W < d ≤ R − W, both from R.
                let before = |i: usize| {
                    reference.is_some_and(|r| {
                        t.day[i] > sub_months(r, 2 * s.window_months)
                            && t.day[i] <= sub_months(r, s.window_months)
                    })
                };
                let amount = |i: usize| {
                    if use_profit {
                        t.profit.as_ref().unwrap()[i]
                    } else {
                        t.revenue[i]
                    }
                };
                let value: i64 = upto
                    .iter()
                    .filter(|&&i| inside(i))
                    .map(|&i| amount(i))
                    .sum();
                let previous: i64 = upto
                    .iter()
                    .filter(|&&i| before(i))
                    .map(|&i| amount(i))
                    .sum();
                let profit_revenue = t.profit.as_ref().map(|p| {
                    let window = || upto.iter().copied().filter(|&i| inside(i));
                    (
                        window().map(|i| p[i]).sum(),
                        window().map(|i| t.revenue[i]).sum(),
                    )
                });
                let bought_before = upto.iter().any(|&i| before(i) && t.revenue[i] > 0);
                facts.insert(
                    id as u32,
                    Naive {
                        kind,
                        key: c.key.to_string(),
                        value,
                        // Lines; with order numbers, the orders that began
                        // by R (`order_starts` has its own test below).
                        orders: match &t.orders {
                            None => bought.len() as u32,
                            Some(o) => o
                                .iter()
                                .filter(|&&(c, d)| {
                                    c == id as u32 && reference.is_some_and(|r| d <= r)
                                })
                                .count() as u32,
                        },
                        last: bought.iter().map(|&i| t.day[i]).max(),
                        purchase_days: bought
                            .iter()
                            .map(|&i| t.day[i])
                            .collect::<BTreeSet<Day>>()
                            .into_iter()
                            .collect(),
                        previous: Some(previous),
                        profit_revenue,
                        bought_before,
                    },
                );
            }
        }
        Facts::Totals(t) => {
            let dates: Vec<Option<Day>> = match &t.last_purchase {
                Some(d) => d.clone(),
                None => vec![None; data.customers.len()],
            };
            reference = s.reference_day.or(dates.iter().flatten().max().copied());
            start = reference.map(|r| sub_months(r, s.window_months));
            for (id, c) in data.customers.iter().enumerate() {
                let kind = match dates[id] {
                    Some(d) if d > reference.unwrap() => continue,
                    Some(d) if d > start.unwrap() => Kind::Active,
                    Some(_) => Kind::Inactive,
                    None if c.status == DeclaredStatus::Inactive => Kind::Inactive,
                    None if t.revenue[id].unwrap_or(0) > 0 => Kind::Active,
                    None if t.revenue[id].unwrap_or(0) < 0 => Kind::Inactive,
                    // Revenue (or a net credit) in the period before: a customer who bought then.
                    None if t
                        .previous_revenue
                        .as_ref()
                        .is_some_and(|p| p[id].unwrap_or(0) != 0) =>
                    {
                        Kind::Inactive
                    }
                    None => no_purchase(c.status),
                };
                let value = if use_profit {
                    t.profit.as_ref().unwrap()[id]
                } else {
                    t.revenue[id]
                };
                facts.insert(
                    id as u32,
                    Naive {
                        kind,
                        key: c.key.to_string(),
                        value: value.unwrap_or(0),
                        orders: t.orders.as_ref().and_then(|o| o[id]).unwrap_or(0),
                        last: dates[id],
                        purchase_days: vec![],
                        // Last period's revenue, from its own column, on a revenue basis only;
                        // `None` in the column is unknown: no trend.
                        previous: t
                            .previous_revenue
                            .as_ref()
                            .filter(|_| !use_profit)
                            .and_then(|p| p[id]),
                        // Bought in the period before (revenue not 0): on any basis.
                        bought_before: t
                            .previous_revenue
                            .as_ref()
                            .is_some_and(|p| p[id].unwrap_or(0) != 0),
                        profit_revenue: t.profit.as_ref().and_then(|p| p[id]).zip(t.revenue[id]),
                    },
                );
            }
        }
    }

    // With an account manager chosen: only their relations, as if the
    // others were not in the file (the reference day and the file's first
    // day stay those of the whole file).
    if let Some(m) = s.account_manager {
        facts.retain(|&id, _| data.customers[id as usize].account_manager == Some(m));
    }
    let mut order: Vec<u32> = facts.keys().copied().collect();
    order.sort_by(|a, b| {
        let (x, y) = (&facts[a], &facts[b]);
        x.kind
            .cmp(&y.kind)
            .then(y.value.cmp(&x.value))
            .then(x.key.as_bytes().cmp(y.key.as_bytes()))
            .then(a.cmp(b))
    });

    let active: Vec<u32> = order
        .iter()
        .copied()
        .filter(|id| facts[id].kind == Kind::Active)
        .collect();
    let n = active.len();
    let lc = &s.layer_bp;
    let e1 = ceil_bp(n, lc.top as u64);
    let e2 = ceil_bp(n, lc.top as u64 + lc.large as u64);
    let e3 = ceil_bp(n, lc.top as u64 + lc.large as u64 + lc.medium as u64);
    let mut layer = BTreeMap::new();
    for (r, id) in active.iter().enumerate() {
        let l = if r < e1 {
            Layer::Top
        } else if r < e2 {
            Layer::Large
        } else if r < e3 {
            Layer::Medium
        } else {
            Layer::Small
        };
        layer.insert(*id, l);
    }
    for (id, f) in &facts {
        match f.kind {
            Kind::Active => {}
            Kind::Inactive => {
                layer.insert(*id, Layer::Inactive);
            }
            Kind::Prospect => {
                layer.insert(*id, Layer::Prospect);
            }
            Kind::Suspect => {
                layer.insert(*id, Layer::Suspect);
            }
        }
    }

    let pos_ids: Vec<u32> = active
        .iter()
        .copied()
        .filter(|id| facts[id].value > 0)
        .collect();
    let positive: Vec<i64> = pos_ids.iter().map(|id| facts[id].value).collect();
    let total: i128 = positive.iter().map(|&v| v as i128).sum();
    let mut abc = BTreeMap::new();
    let mut before: i128 = 0;
    for (id, v) in pos_ids.iter().zip(&positive) {
        let pct = before * 10_000;
        let class = if pct < total * s.abc_bp.a as i128 {
            AbcClass::A
        } else if pct < total * s.abc_bp.b as i128 {
            AbcClass::B
        } else {
            AbcClass::C
        };
        abc.insert(*id, class);
        before += *v as i128;
    }
    NaiveResult {
        reference,
        start,
        facts,
        order,
        layer,
        abc,
        positive,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

fn share(part: i128, whole: i128) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn compare_with_naive(data: &Dataset, s: &Settings) -> Result<(), TestCaseError> {
    let a = analyse(data, s);
    let nv = naive(data, s);
    prop_assert_eq!(a.reference_day, nv.reference);
    prop_assert_eq!(a.window_start, nv.start);

    // The median margin of the active customers: the lower middle one.
    let mut margins: Vec<i32> = nv
        .facts
        .values()
        .filter(|f| f.kind == Kind::Active)
        .filter_map(naive_margin)
        .collect();
    margins.sort();
    let median = (!margins.is_empty()).then(|| margins[(margins.len() - 1) / 2]);
    prop_assert_eq!(a.median_margin_bp, median);

    // The trend needs rows back to R − 2W months, give or take 31 days.
    let has_trend = match &data.facts {
        Facts::Transactions(t) => nv
            .reference
            .zip(t.day.iter().min())
            .is_some_and(|(r, &first)| first <= sub_months(r, 2 * s.window_months) + 31),
        // A customer-level file: a column with last period's revenue, and revenue as the basis.
        Facts::Totals(t) => {
            t.previous_revenue.is_some() && !(s.basis == Basis::Profit && data.has_profit())
        }
    };
    prop_assert_eq!(a.has_trend, has_trend);
    // A count per row: invoice lines, or the file's own order count (else unknown).
    let has_orders = match &data.facts {
        Facts::Transactions(_) => true,
        Facts::Totals(t) => t.orders.is_some(),
    };
    prop_assert_eq!(a.has_orders, has_orders);
    // The key floor: the smallest positive value in the top three layers.
    let key_floor = nv
        .order
        .iter()
        .filter(|id| matches!(nv.layer[id], Layer::Top | Layer::Large | Layer::Medium))
        .map(|id| nv.facts[id].value)
        .filter(|&v| v > 0)
        .min();

    // The pyramid of the period before (moves.rs): the customers who bought
    // then, by their value then (descending, ties by key), a customer at
    // 0-based place p in a layer while p / n < the cumulative share.
    let mut then: Vec<u32> = nv
        .order
        .iter()
        .copied()
        .filter(|id| has_trend && nv.facts[id].bought_before)
        .collect();
    then.sort_by(|x, y| {
        let (fx, fy) = (&nv.facts[x], &nv.facts[y]);
        fy.previous.cmp(&fx.previous).then(fx.key.cmp(&fy.key))
    });
    let n = then.len() as u128;
    let cuts = &s.layer_bp;
    let limits = [
        (Layer::Top, u128::from(cuts.top)),
        (Layer::Large, u128::from(cuts.top + cuts.large)),
        (
            Layer::Medium,
            u128::from(cuts.top + cuts.large + cuts.medium),
        ),
    ];
    let layer_then: BTreeMap<u32, Layer> = then
        .iter()
        .enumerate()
        .map(|(p, &id)| {
            let layer = limits
                .iter()
                .find(|(_, bp)| (p as u128) * 10_000 < n * bp)
                .map_or(Layer::Small, |(l, _)| *l);
            (id, layer)
        })
        .collect();
    let mut moved = [[0u32; 5]; 5];
    let place = |l: Layer| moves::POSITIONS.iter().position(|&p| p == l);
    for r in &a.customers {
        let expected = layer_then
            .get(&r.id)
            .copied()
            // Active now, not then: new or back, unless the value then is unknown.
            .or_else(|| {
                let known = nv.facts[&r.id].previous.is_some();
                (has_trend && r.layer.is_active() && known).then_some(Layer::Inactive)
            });
        prop_assert_eq!(r.previous_layer, expected, "{:?}", r);
        if let Some((t, now)) = expected.and_then(place).zip(place(r.layer)) {
            moved[t][now] += 1;
        }
    }
    prop_assert_eq!(
        a.moves.as_ref().map(|m| m.cells),
        has_trend.then_some(moved)
    );

    // Rows: order and every column.
    let ids: Vec<u32> = a.customers.iter().map(|r| r.id).collect();
    prop_assert_eq!(&ids, &nv.order);
    for (i, r) in a.customers.iter().enumerate() {
        let f = &nv.facts[&r.id];
        prop_assert_eq!(r.rank as usize, i + 1);
        prop_assert_eq!(&*r.key, f.key.as_str());
        prop_assert_eq!(r.value, f.value);
        prop_assert_eq!(r.orders, f.orders);
        prop_assert_eq!(r.last_purchase, f.last);
        prop_assert_eq!(r.layer, nv.layer[&r.id]);
        prop_assert_eq!(r.abc, nv.abc.get(&r.id).copied());
        let am = data.customers[r.id as usize]
            .account_manager
            .map(|m| data.account_managers[m as usize].clone());
        prop_assert_eq!(&r.account_manager, &am);
        let rhythm = nv
            .reference
            .filter(|_| f.kind == Kind::Active)
            .and_then(|reference| {
                let since = sub_months(reference, 2 * s.window_months);
                naive_rhythm(&f.purchase_days, since, reference)
            });
        prop_assert_eq!(
            r.rhythm.map(|r| (r.interval, r.expected, r.cadence)),
            rhythm
        );
        prop_assert_eq!(r.previous_value, f.previous.filter(|_| has_trend));
        prop_assert_eq!(
            r.trend().map(|t| match t {
                Trend::New => None,
                Trend::Change { value, previous } => Some((value, previous)),
            }),
            naive_trend(f, has_trend)
        );
        prop_assert_eq!(r.margin_bp, naive_margin(f));
        let signal = naive_signal(
            r.layer,
            f,
            rhythm.map(|x| x.2),
            median,
            has_trend,
            key_floor,
        );
        prop_assert_eq!(r.signal, signal);
        // The conversation code, as `approach.rs` documents it.
        let cadence = rhythm.map(|x| x.2);
        let key = matches!(r.layer, Layer::Top | Layer::Large | Layer::Medium)
            || (has_trend && f.previous.zip(key_floor).is_some_and(|(p, k)| p >= k));
        let earlier = nv.reference.map(|r| sub_months(r, 2 * s.window_months));
        let to_reactivate = r.layer == Layer::Inactive
            && match f.last {
                Some(d) => earlier.is_some_and(|e| d > e),
                None => f.bought_before,
            };
        // High value: key, or ABC class A.
        let high_value = key || nv.abc.get(&r.id) == Some(&AbcClass::A);
        let service =
            high_value && (signal == Some(Signal::BuyingLess) || cadence == Some(Cadence::Silent));
        let sales = high_value
            || cadence == Some(Cadence::Due)
            || cadence == Some(Cadence::Silent)
            || signal == Some(Signal::Pearl)
            || to_reactivate
            || r.layer == Layer::Prospect;
        let approach = if service {
            Approach::Service
        } else if sales {
            Approach::Sales
        } else {
            Approach::Efficiency
        };
        prop_assert_eq!(r.key_customer, key);
        prop_assert_eq!(r.approach, approach, "{:?}", r);

        // Payment behaviour and the contact plan, as `contact.rs` documents them.
        let payments = match &data.facts {
            Facts::Transactions(t) => t.payments.as_ref().map(|p| (t, p)),
            Facts::Totals(_) => None,
        };
        prop_assert_eq!(a.has_payments, payments.is_some() && nv.reference.is_some());
        let record =
            payments
                .zip(nv.reference.zip(nv.start))
                .and_then(|((t, p), (reference, start))| {
                    let (mut invoices, mut late, mut overdue) = (0u32, 0u32, 0i32);
                    for i in 0..t.len() {
                        let in_window = t.day[i] > start && t.day[i] <= reference;
                        if t.customer[i] != r.id || t.revenue[i] <= 0 || !in_window {
                            continue;
                        }
                        let Some(due) = p.due[i] else { continue };
                        invoices += 1;
                        let open_at_r = p.paid[i].is_none_or(|d| d > reference);
                        let days_after_due = if open_at_r {
                            reference
                        } else {
                            p.paid[i].unwrap()
                        } - due;
                        late += u32::from(days_after_due > 7);
                        if open_at_r {
                            overdue = overdue.max(reference - due);
                        }
                    }
                    (invoices > 0).then_some((invoices, late, overdue))
                });
        prop_assert_eq!(
            r.payment.map(|p| (p.invoices, p.late, p.overdue_days)),
            record,
            "{:?}",
            r
        );
        let chasing =
            record.is_some_and(|(n, late, overdue)| overdue > 30 || (late >= 2 && 4 * late >= n));
        let on_time = record.is_some_and(|(n, late, overdue)| late * 10 <= n && overdue <= 7);
        let monthly = rhythm.is_some_and(|(interval, _, c)| interval <= 35 && c != Cadence::Silent);
        let lower_margin = naive_margin(f).zip(median).is_some_and(|(m, med)| m < med);
        let plan = if !a.has_payments || !r.layer.is_active() {
            None
        } else if chasing {
            Some(ContactPlan::Tiresome)
        } else if monthly && on_time {
            Some(ContactPlan::Blooming)
        } else if key && lower_margin {
            Some(ContactPlan::Engaging)
        } else {
            None
        };
        prop_assert_eq!(r.contact, plan, "{:?}", r);
    }
    // The contact plan's counts: active customers by plan and by payment behaviour.
    let contact = a.rhythm.as_ref().and_then(|c| c.contact.clone());
    prop_assert_eq!(contact.is_some(), a.has_payments);
    if let Some(c) = contact {
        let active = || a.customers.iter().filter(|r| r.layer.is_active());
        for plan in ContactPlan::ALL {
            prop_assert_eq!(
                c.of(plan),
                active().filter(|r| r.contact == Some(plan)).count() as u32
            );
        }
        prop_assert_eq!(
            c.on_time + c.sometimes_late + c.chasing + c.unknown,
            active().count() as u32
        );
        prop_assert_eq!(
            c.unknown,
            active().filter(|r| r.payment.is_none()).count() as u32
        );
        prop_assert_eq!(c.chasing, c.tiresome);
    }
    let signals = |s: Signal| a.customers.iter().filter(|r| r.signal == Some(s)).count() as u32;
    prop_assert_eq!(
        a.buying_less,
        has_trend.then(|| signals(Signal::BuyingLess))
    );

    // The call plan: active customers by cadence.
    let cadence_count = |c: Option<Cadence>| {
        a.customers
            .iter()
            .filter(|r| r.layer.is_active() && r.rhythm.map(|r| r.cadence) == c)
            .count() as u32
    };
    let counts = a.rhythm.clone().expect("analyse() adds the rhythms");
    prop_assert_eq!(counts.on_schedule, cadence_count(Some(Cadence::OnSchedule)));
    prop_assert_eq!(counts.due, cadence_count(Some(Cadence::Due)));
    prop_assert_eq!(counts.silent, cadence_count(Some(Cadence::Silent)));
    prop_assert_eq!(counts.without, cadence_count(None));
    prop_assert_eq!(counts.pearls, signals(Signal::Pearl));
    // Every relation has one code.
    let coded = |c: Approach| a.customers.iter().filter(|r| r.approach == c).count() as u32;
    for c in Approach::ALL {
        prop_assert_eq!(counts.approaches.get(c), coded(c));
    }
    // Per account manager: the same lists, split by name (none last); no
    // split when nobody has a manager.
    let mut names: Vec<Option<&str>> = a
        .customers
        .iter()
        .map(|r| r.account_manager.as_deref())
        .collect();
    names.sort_by_key(|n| (n.is_none(), *n));
    names.dedup();
    if names.iter().all(Option::is_none) {
        names.clear();
    }
    let listed: Vec<Option<&str>> = counts
        .managers
        .iter()
        .map(|m| m.manager.as_deref())
        .collect();
    prop_assert_eq!(&listed, &names);
    let earlier = nv.reference.map(|r| sub_months(r, 2 * s.window_months));
    for m in &counts.managers {
        let theirs = || {
            a.customers
                .iter()
                .filter(|r| r.account_manager.as_deref() == m.manager.as_deref())
        };
        let n = |f: &dyn Fn(&&klantenpiramide::analysis::customers::CustomerRow) -> bool| {
            theirs().filter(f).count() as u32
        };
        prop_assert_eq!(m.active, n(&|r| r.layer.is_active()));
        // Their contact plan: the same counts as the whole plan, within their customers.
        for plan in ContactPlan::ALL {
            prop_assert_eq!(
                m.contact.of(plan),
                n(&|r| r.layer.is_active() && r.contact == Some(plan))
            );
        }
        prop_assert_eq!(
            m.contact.unknown,
            n(&|r| r.layer.is_active() && r.payment.is_none())
        );
        prop_assert_eq!(
            m.due,
            n(&|r| r.rhythm.is_some_and(|x| x.cadence == Cadence::Due))
        );
        prop_assert_eq!(
            m.silent,
            n(&|r| r.rhythm.is_some_and(|x| x.cadence == Cadence::Silent))
        );
        prop_assert_eq!(m.buying_less, n(&|r| r.signal == Some(Signal::BuyingLess)));
        prop_assert_eq!(m.pearls, n(&|r| r.signal == Some(Signal::Pearl)));
        prop_assert_eq!(
            m.reactivate,
            n(&|r| r.layer == Layer::Inactive
                && match r.last_purchase {
                    Some(d) => earlier.is_some_and(|e| d > e),
                    None => r.bought_before,
                })
        );
    }

    // Counts per relation type.
    let count = |k: Kind| nv.facts.values().filter(|f| f.kind == k).count() as u32;
    prop_assert_eq!(a.relations.active, count(Kind::Active));
    prop_assert_eq!(a.relations.inactive, count(Kind::Inactive));
    // Inactive, last purchase after R − 2W: stopped in the period before the window;
    // without a date, revenue in the period before (a customer-level file's column).
    let earlier = nv.reference.map(|r| sub_months(r, 2 * s.window_months));
    let recent = nv
        .facts
        .values()
        .filter(|f| f.kind == Kind::Inactive)
        .filter(|f| match f.last {
            Some(d) => earlier.is_some_and(|e| d > e),
            None => f.bought_before,
        })
        .count() as u32;
    prop_assert_eq!(a.relations.inactive_recent, recent);
    prop_assert_eq!(a.relations.prospect, count(Kind::Prospect));
    prop_assert_eq!(a.relations.suspect, count(Kind::Suspect));
    let theirs = data
        .customers
        .iter()
        .filter(|c| {
            s.account_manager
                .is_none_or(|m| c.account_manager == Some(m))
        })
        .count();
    prop_assert_eq!(
        a.relations.after_reference as usize,
        theirs - nv.facts.len()
    );
    // Rows after R, of the relations in view.
    let after = match &data.facts {
        Facts::Transactions(t) => (0..t.day.len())
            .filter(|&i| nv.reference.is_none_or(|r| t.day[i] > r))
            .filter(|&i| {
                let c = &data.customers[t.customer[i] as usize];
                s.account_manager
                    .is_none_or(|m| c.account_manager == Some(m))
            })
            .count() as u64,
        Facts::Totals(_) => 0,
    };
    prop_assert_eq!(a.transactions_after_reference, after);

    // Layer figures.
    let active_total: i128 = nv
        .facts
        .values()
        .filter(|f| f.kind == Kind::Active)
        .map(|f| f.value as i128)
        .sum();
    prop_assert_eq!(a.total_value as i128, active_total);
    let all = nv.facts.len() as i128;
    for l in Layer::ALL {
        let members: Vec<&Naive> = nv
            .layer
            .iter()
            .filter(|(_, x)| **x == l)
            .map(|(id, _)| &nv.facts[id])
            .collect();
        let value: i128 = members.iter().map(|f| f.value as i128).sum();
        let fig = a.layer(l).unwrap();
        prop_assert_eq!(fig.customers as usize, members.len());
        prop_assert_eq!(fig.value as i128, value);
        let of = if l.is_active() {
            count(Kind::Active) as i128
        } else {
            all
        };
        prop_assert!(close(
            fig.share_of_customers,
            share(members.len() as i128, of)
        ));
        prop_assert!(close(
            fig.share_of_relations,
            share(members.len() as i128, all)
        ));
        prop_assert!(close(fig.share_of_value, share(value, active_total)));
        prop_assert!(close(
            fig.average_value,
            share(value, members.len() as i128)
        ));
    }

    // Pareto figures.
    let p = &a.pareto;
    let n = nv.positive.len();
    let total: i128 = nv.positive.iter().map(|&v| v as i128).sum();
    prop_assert_eq!(p.customers as usize, n);
    prop_assert_eq!(p.total as i128, total);
    let mut prefix = vec![0i128];
    for v in &nv.positive {
        prefix.push(prefix.last().unwrap() + *v as i128);
    }
    if n == 0 {
        prop_assert!(p.points.is_empty());
        prop_assert_eq!(p.customers_for_80, 0);
        prop_assert_eq!(p.gini, 0.0);
    } else {
        let k80 = (1..=n).find(|&k| prefix[k] * 100 >= total * 80).unwrap();
        prop_assert_eq!(p.customers_for_80 as usize, k80);
        prop_assert!(close(p.share_customers_for_80, k80 as f64 / n as f64));
        let m = (n * 20).div_ceil(100);
        prop_assert_eq!(p.top_20_customers as usize, m);
        prop_assert!(close(p.share_top_20, share(prefix[m], total)));
        let mut asc = nv.positive.clone();
        asc.sort();
        let mut weighted = 0f64;
        for (i, x) in asc.iter().enumerate() {
            weighted += (i + 1) as f64 * *x as f64;
        }
        let g = 2.0 * weighted / (n as f64 * total as f64) - (n as f64 + 1.0) / n as f64;
        prop_assert!((p.gini - g).abs() < 1e-9, "gini {} vs {}", p.gini, g);
        for q in &p.points {
            prop_assert_eq!(q.cumulative as i128, prefix[q.rank as usize]);
            prop_assert_eq!(q.value_share, share(prefix[q.rank as usize], total));
            prop_assert_eq!(q.customer_share, q.rank as f64 / n as f64);
            if q.rank > 0 {
                prop_assert_eq!(q.customer, Some(nv.order[q.rank as usize - 1]));
            }
        }
        for (top, got) in [
            (1, a.concentration.top_1),
            (5, a.concentration.top_5),
            (10, a.concentration.top_10),
        ] {
            prop_assert!(close(got, share(prefix[top.min(n)], total)));
        }
    }

    // ABC figures.
    for c in AbcClass::ALL {
        let ids: Vec<&u32> = nv
            .abc
            .iter()
            .filter(|(_, x)| **x == c)
            .map(|(i, _)| i)
            .collect();
        let value: i128 = ids.iter().map(|i| nv.facts[i].value as i128).sum();
        let fig = a.abc_class(c).unwrap();
        prop_assert_eq!(fig.customers as usize, ids.len());
        prop_assert_eq!(fig.value as i128, value);
        prop_assert!(close(fig.share_of_value, share(value, total)));
        prop_assert!(close(
            fig.share_of_customers,
            share(ids.len() as i128, n as i128)
        ));
    }
    Ok(())
}

fn all_finite(a: &Analysis) -> bool {
    let mut v = vec![
        a.pareto.gini,
        a.pareto.share_customers_for_80,
        a.pareto.share_top_20,
        a.concentration.top_1,
        a.concentration.top_5,
        a.concentration.top_10,
    ];
    for l in &a.layers {
        v.extend([
            l.share_of_customers,
            l.share_of_relations,
            l.share_of_value,
            l.average_value,
        ]);
    }
    for c in &a.abc {
        v.extend([c.share_of_customers, c.share_of_value]);
    }
    for p in &a.pareto.points {
        v.extend([p.customer_share, p.value_share]);
    }
    v.iter().all(|x| x.is_finite())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn matches_the_naive_implementation(data in arb_dataset(), s in arb_settings()) {
        compare_with_naive(&data, &s)?;
    }

    /// A load's first stage has every figure of the analysis, only the rows
    /// (and a customer-level file's call counts, made from them) follow.
    #[test]
    fn the_first_stage_has_every_figure_and_the_second_only_adds_rows(
        data in arb_dataset(),
        s in arb_settings(),
    ) {
        let (first, _rows) = analyse_in_stages(&data, &s);
        prop_assert!(first.customers.is_empty() && first.rhythm.is_none());
        let whole = analyse_without_rhythms(&data, &s);
        // The rhythms of an invoice file are added later, as before.
        prop_assert_eq!(whole.rhythm.is_some(), whole.customer_totals);
        let mut figures = whole;
        figures.customers.clear();
        figures.rhythm = None;
        prop_assert_eq!(first, figures);
    }

    #[test]
    fn structural_properties(data in arb_dataset(), s in arb_settings()) {
        let a = analyse(&data, &s);
        prop_assert!(all_finite(&a));
        let n = a.relations.active as usize;

        // Layers partition the active customers, with the formula's sizes.
        let active_rows = a.customers.iter().filter(|r| r.layer.is_active()).count();
        prop_assert_eq!(active_rows, n);
        let sizes: Vec<usize> = a.layers.iter().map(|l| l.customers as usize).collect();
        prop_assert_eq!(sizes[..4].iter().sum::<usize>(), n);
        prop_assert_eq!(sizes.iter().sum::<usize>(), a.customers.len());
        let c = |bp: u64| ((n as u64 * bp).div_ceil(10_000) as usize).min(n);
        let (t, l, m) = (s.layer_bp.top as u64, s.layer_bp.large as u64, s.layer_bp.medium as u64);
        prop_assert_eq!(sizes[0], c(t));
        prop_assert_eq!(sizes[0] + sizes[1], c(t + l));
        prop_assert_eq!(sizes[0] + sizes[1] + sizes[2], c(t + l + m));

        // Shares sum to 100 %.
        if n > 0 {
            let s: f64 = a.layers[..4].iter().map(|l| l.share_of_customers).sum();
            prop_assert!((s - 1.0).abs() < 1e-9);
        }
        if a.total_value != 0 {
            let s: f64 = a.layers[..4].iter().map(|l| l.share_of_value).sum();
            prop_assert!((s - 1.0).abs() < 1e-9);
        }
        if a.relations.total > 0 {
            let s: f64 = a.layers.iter().map(|l| l.share_of_relations).sum();
            prop_assert!((s - 1.0).abs() < 1e-9);
        }
        if a.pareto.customers > 0 {
            let s: f64 = a.abc.iter().map(|c| c.share_of_value).sum();
            prop_assert!((s - 1.0).abs() < 1e-9);
        }

        // Pareto: monotone, from (0, 0) to (1, 1).
        let pts = &a.pareto.points;
        if let (Some(first), Some(last)) = (pts.first(), pts.last()) {
            prop_assert_eq!((first.customer_share, first.value_share), (0.0, 0.0));
            prop_assert_eq!((last.customer_share, last.value_share), (1.0, 1.0));
            prop_assert_eq!(last.rank, a.pareto.customers);
        }
        for w in pts.windows(2) {
            prop_assert!(w[0].rank < w[1].rank);
            prop_assert!(w[0].value_share <= w[1].value_share);
            prop_assert!(w[0].cumulative < w[1].cumulative);
        }
        prop_assert!((0.0..1.0).contains(&a.pareto.gini));

        // ABC classes are contiguous in rank order: A…B…C, then unclassified.
        let classes: Vec<Option<AbcClass>> = a.customers.iter().map(|r| r.abc).collect();
        let first_none = classes.iter().position(|c| c.is_none()).unwrap_or(classes.len());
        prop_assert!(classes[first_none..].iter().all(|c| c.is_none()));
        prop_assert!(classes[..first_none].windows(2).all(|w| w[0] <= w[1]));
        prop_assert_eq!(first_none, a.pareto.customers as usize);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Large curves are downsampled to at most 1000 points, keeping the
    /// ends, the 80 % point and exact values.
    #[test]
    fn downsampled_curve(values in prop::collection::vec(1i64..1_000_000, 1000..6000), skew in 0u32..4) {
        let customers: Vec<Customer> = (0..values.len())
            .map(|i| common::customer(&format!("c{i}"), DeclaredStatus::Unknown))
            .collect();
        let rows: Vec<(u32, Day, Cents)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (i as u32, BASE, v.pow(skew.min(2) + 1) / 1000 + 1))
            .collect();
        let data = common::tx(customers, &rows);
        let a = analyse(&data, &Settings::default());
        let p = &a.pareto;
        prop_assert!(p.points.len() <= 1000, "{} points", p.points.len());
        prop_assert!(p.points.len() >= 500);
        prop_assert_eq!(p.points[0].rank, 0);
        prop_assert_eq!(p.points.last().unwrap().rank as usize, values.len());
        prop_assert!(p.points.iter().any(|q| q.rank == p.customers_for_80));
        let mut cum = 0i64;
        let mut next = 1;
        for (k, r) in a.customers.iter().enumerate() {
            cum += r.value;
            if let Some(q) = p.points.get(next) && q.rank as usize == k + 1 {
                prop_assert_eq!(q.cumulative, cum);
                prop_assert_eq!(q.customer, Some(r.id));
                next += 1;
            }
        }
        prop_assert_eq!(next, p.points.len());
        // No gap in the curve is wider than a bucket in both directions.
        for w in p.points.windows(2) {
            let dx = w[1].customer_share - w[0].customer_share;
            let dy = w[1].value_share - w[0].value_share;
            prop_assert!(dx <= 2.0 / 498.0 + 1e-12 || dy <= 2.0 / 498.0 + 1e-12 || w[1].rank - w[0].rank == 1);
        }
    }
}

proptest! {
    /// A customer's orders up to a day, counted from `order_starts`, are its
    /// different numbers on lines with positive revenue up to that day, and
    /// each such line without a number.
    #[test]
    fn order_starts_count_the_different_numbers_of_positive_lines(
        rows in prop::collection::vec((0u32..4, 0i32..30, -5i64..10, 0u64..5), 0..80),
        upto in 0i32..30,
    ) {
        let customer: Vec<u32> = rows.iter().map(|r| r.0).collect();
        let day: Vec<Day> = rows.iter().map(|r| r.1).collect();
        let revenue: Vec<i64> = rows.iter().map(|r| r.2).collect();
        let number: Vec<u64> = rows.iter().map(|r| r.3).collect();
        let starts = order_starts(&customer, &day, &revenue, &number);
        for c in 0..4 {
            let lines: Vec<usize> = (0..rows.len())
                .filter(|&i| customer[i] == c && revenue[i] > 0 && day[i] <= upto)
                .collect();
            let numbers: BTreeSet<u64> =
                lines.iter().map(|&i| number[i]).filter(|&n| n != 0).collect();
            let without = lines.iter().filter(|&&i| number[i] == 0).count();
            let counted = starts.iter().filter(|&&(sc, sd)| sc == c && sd <= upto).count();
            prop_assert_eq!(counted, numbers.len() + without);
        }
    }
}
