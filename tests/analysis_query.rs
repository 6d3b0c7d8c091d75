//! The customer-table query: search, filters, sorting and paging.

mod common;

use proptest::prelude::*;

use klantenpiramide::analysis::abc::AbcClass;
use klantenpiramide::analysis::approach::Approach;
use klantenpiramide::analysis::contact::ContactPlan;
use klantenpiramide::analysis::customers::{
    CustomerPage, CustomerQuery, CustomerRow, ManagerFilter, SortColumn, matching, query,
};
use klantenpiramide::analysis::moves;
use klantenpiramide::analysis::pyramid::Layer;
use klantenpiramide::analysis::rhythm::{Cadence, Rhythm};
use klantenpiramide::analysis::trend::Signal;

fn row(
    rank: u32,
    key: &str,
    name: &str,
    layer: Layer,
    abc: Option<AbcClass>,
    value: i64,
) -> CustomerRow {
    CustomerRow {
        id: rank * 7 % 11,
        rank,
        key: key.into(),
        name: name.into(),
        layer,
        abc,
        value,
        orders: rank % 3,
        last_purchase: (!rank.is_multiple_of(4)).then_some(19_000 + (rank as i32 % 5)),
        previous_value: None,
        bought_before: false,
        margin_bp: None,
        rhythm: None,
        signal: None,
        key_customer: false,
        approach: Approach::ALL[rank as usize % 3],
        previous_layer: [
            None,
            Some(Layer::Top),
            Some(Layer::Small),
            Some(Layer::Inactive),
        ][rank as usize % 4],
        payment: None,
        contact: None,
        account_manager: match rank % 3 {
            0 => None,
            1 => Some("piet".into()),
            _ => Some("Anna".into()),
        },
    }
}

fn sample() -> Vec<CustomerRow> {
    use AbcClass::*;
    vec![
        row(1, "K-001", "Bakkerij De Vries", Layer::Top, Some(A), 900),
        row(2, "k-002", "Café Ñandú", Layer::Large, Some(A), 500),
        row(3, "K-003", "Garage Jansen", Layer::Medium, Some(B), 500),
        row(4, "X9", "bakkerij smit", Layer::Small, Some(C), 10),
        row(5, "X10", "Zorg BV", Layer::Small, None, -5),
        row(6, "P1", "Prospect Één", Layer::Prospect, None, 0),
        row(7, "S1", "Suspect", Layer::Suspect, None, 0),
    ]
}

fn ranks(p: &CustomerPage) -> Vec<u32> {
    p.rows.iter().map(|r| r.rank).collect()
}

fn q() -> CustomerQuery {
    CustomerQuery::default()
}

#[test]
fn default_query_is_the_first_page_in_rank_order() {
    let rows = sample();
    let p = query(&rows, &q());
    assert_eq!(p.total_matching, 7);
    assert_eq!(ranks(&p), [1, 2, 3, 4, 5, 6, 7]);
    let p = query(
        &rows,
        &CustomerQuery {
            offset: 5,
            limit: 10,
            ..q()
        },
    );
    assert_eq!((p.total_matching, ranks(&p)), (7, vec![6, 7]));
    let p = query(&rows, &CustomerQuery { offset: 50, ..q() });
    assert!(p.rows.is_empty());
    assert!(query(&[], &q()).rows.is_empty());
}

#[test]
fn search_is_case_insensitive_on_key_and_name() {
    let rows = sample();
    let hits = |s: &str| {
        ranks(&query(
            &rows,
            &CustomerQuery {
                search: s.into(),
                ..q()
            },
        ))
    };
    assert_eq!(hits("bakkerij"), [1, 4]);
    assert_eq!(hits("BAKKERIJ"), [1, 4]);
    assert_eq!(hits("k-00"), [1, 2, 3]);
    assert_eq!(hits("x1"), [5]);
    assert_eq!(hits("  zorg "), [5]);
    assert_eq!(hits("ÑANDÚ"), [2]);
    assert_eq!(hits("café"), [2]);
    assert_eq!(hits("één"), [6]);
    assert_eq!(hits("é"), [2, 6]);
    assert_eq!(hits("nothing"), Vec::<u32>::new());
    assert_eq!(hits(""), [1, 2, 3, 4, 5, 6, 7]);
}

#[test]
fn filters_by_layer_and_class() {
    let rows = sample();
    let p = query(
        &rows,
        &CustomerQuery {
            layers: Some(vec![Layer::Small, Layer::Prospect]),
            ..q()
        },
    );
    assert_eq!(ranks(&p), [4, 5, 6]);
    let p = query(
        &rows,
        &CustomerQuery {
            layers: Some(vec![]),
            ..q()
        },
    );
    assert_eq!(p.total_matching, 0);
    let p = query(
        &rows,
        &CustomerQuery {
            abc: Some(vec![AbcClass::A, AbcClass::C]),
            ..q()
        },
    );
    assert_eq!(ranks(&p), [1, 2, 4]);
    let p = query(
        &rows,
        &CustomerQuery {
            abc: Some(vec![AbcClass::A]),
            search: "café".into(),
            ..q()
        },
    );
    assert_eq!(ranks(&p), [2]);
}

#[test]
fn filters_by_account_manager_by_exact_name_or_none() {
    let rows = sample();
    let of = |manager: ManagerFilter, layers: Option<Vec<Layer>>| {
        let query = CustomerQuery {
            account_manager: Some(manager),
            layers,
            ..q()
        };
        ranks(&self::query(&rows, &query))
    };
    // rank % 3: 1 → "piet", 2 → "Anna", 0 → none.
    assert_eq!(of(ManagerFilter::Named("piet".into()), None), [1, 4, 7]);
    assert_eq!(of(ManagerFilter::Named("Anna".into()), None), [2, 5]);
    assert_eq!(of(ManagerFilter::Nobody, None), [3, 6]);
    // The exact name: no case folding, no part of a name.
    assert!(of(ManagerFilter::Named("Piet".into()), None).is_empty());
    assert!(of(ManagerFilter::Named("pie".into()), None).is_empty());
    // Together with the other filters.
    assert_eq!(
        of(
            ManagerFilter::Named("piet".into()),
            Some(vec![Layer::Small])
        ),
        [4]
    );
    assert_eq!(ManagerFilter::of(None), ManagerFilter::Nobody);
    assert_eq!(
        ManagerFilter::of(Some("Anna")),
        ManagerFilter::Named("Anna".into())
    );
}

#[test]
fn sorting_is_stable_with_ties_by_rank() {
    let rows = sample();
    let sorted = |sort: SortColumn, descending: bool| {
        ranks(&query(
            &rows,
            &CustomerQuery {
                sort,
                descending,
                ..q()
            },
        ))
    };
    assert_eq!(sorted(SortColumn::Value, false), [5, 6, 7, 4, 2, 3, 1]);
    assert_eq!(sorted(SortColumn::Value, true), [1, 2, 3, 4, 6, 7, 5]);
    assert_eq!(sorted(SortColumn::Rank, true), [7, 6, 5, 4, 3, 2, 1]);
    // Case-insensitive: bakkerij smit after Bakkerij De Vries.
    assert_eq!(sorted(SortColumn::Name, false), [1, 4, 2, 3, 6, 7, 5]);
    assert_eq!(sorted(SortColumn::Key, false), [1, 2, 3, 6, 7, 5, 4]);
    // Missing values last in both directions.
    assert_eq!(sorted(SortColumn::Abc, false), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(sorted(SortColumn::Abc, true), [4, 3, 1, 2, 5, 6, 7]);
    assert_eq!(
        sorted(SortColumn::AccountManager, false),
        [2, 5, 1, 4, 7, 3, 6]
    );
    assert_eq!(
        sorted(SortColumn::AccountManager, true),
        [1, 4, 7, 2, 5, 3, 6]
    );
    assert_eq!(sorted(SortColumn::LastPurchase, true).last(), Some(&4));
    assert_eq!(sorted(SortColumn::Layer, true), [7, 6, 4, 5, 3, 2, 1]);
}

fn arb_rows() -> impl Strategy<Value = Vec<CustomerRow>> {
    let layers = prop::sample::select(Layer::ALL.to_vec());
    let abc = prop::option::of(prop::sample::select(AbcClass::ALL.to_vec()));
    prop::collection::vec(
        (
            "[a-cA-C0-2é]{0,4}",
            "[a-cA-C é]{0,6}",
            layers,
            abc,
            -3i64..4,
            0u32..3,
            prop::option::of(LAST_PURCHASES),
            prop::option::of("[aAbB]{1,2}"),
            (
                prop::option::of(arb_rhythm()),
                // Positive previous values 1..=4: a trend times 12 is whole.
                prop::option::of(-2i64..5),
                prop::option::of(prop::sample::select(Signal::ALL.to_vec())),
                any::<bool>(),
                prop::sample::select(Approach::ALL.to_vec()),
                prop::option::of(prop::sample::select(moves::POSITIONS.to_vec())),
                prop::option::of(prop::sample::select(ContactPlan::ALL.to_vec())),
            ),
        ),
        0..60,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    (
                        key,
                        name,
                        layer,
                        abc,
                        value,
                        orders,
                        last,
                        am,
                        (
                            rhythm,
                            previous_value,
                            signal,
                            bought_before,
                            approach,
                            previous_layer,
                            contact,
                        ),
                    ),
                )| CustomerRow {
                    id: i as u32,
                    rank: i as u32 + 1,
                    key: key.into(),
                    name: name.into(),
                    layer,
                    abc,
                    value,
                    orders,
                    last_purchase: last,
                    previous_value,
                    bought_before,
                    margin_bp: None,
                    rhythm,
                    signal,
                    key_customer: false,
                    approach,
                    previous_layer,
                    payment: None,
                    contact,
                    account_manager: am.map(Into::into),
                },
            )
            .collect()
    })
}

/// Few distinct intervals and days, so that ties come up.
fn arb_rhythm() -> impl Strategy<Value = Rhythm> {
    (
        1u32..4,
        LAST_PURCHASES,
        prop::sample::select(Cadence::ALL.to_vec()),
    )
        .prop_map(|(interval, expected, cadence)| Rhythm {
            interval,
            expected,
            cadence,
        })
}

fn arb_query() -> impl Strategy<Value = CustomerQuery> {
    let columns = vec![
        SortColumn::Rank,
        SortColumn::Key,
        SortColumn::Name,
        SortColumn::Layer,
        SortColumn::Abc,
        SortColumn::Value,
        SortColumn::Trend,
        SortColumn::Orders,
        SortColumn::LastPurchase,
        SortColumn::Interval,
        SortColumn::Expected,
        SortColumn::AccountManager,
        SortColumn::Approach,
    ];
    (
        "[aAé1 ]{0,2}",
        prop::option::of(prop::collection::vec(
            prop::sample::select(Layer::ALL.to_vec()),
            0..4,
        )),
        prop::option::of(prop::collection::vec(
            prop::sample::select(AbcClass::ALL.to_vec()),
            0..3,
        )),
        (
            prop::option::of(LAST_PURCHASES),
            prop::option::of(prop::sample::select(Cadence::ALL.to_vec())),
            prop::option::of(prop::sample::select(Signal::ALL.to_vec())),
            prop::option::of(prop_oneof![
                Just(ManagerFilter::Nobody),
                "[aAbB]{1,2}".prop_map(ManagerFilter::Named),
            ]),
            prop::option::of(prop::sample::select(Approach::ALL.to_vec())),
            prop::option::of(prop::sample::select(moves::POSITIONS.to_vec())),
            prop::option::of(prop::sample::select(ContactPlan::ALL.to_vec())),
        ),
        prop::sample::select(columns),
        any::<bool>(),
        0usize..30,
        0usize..40,
    )
        .prop_map(
            |(
                search,
                layers,
                abc,
                (
                    last_purchase_after,
                    cadence,
                    signal,
                    account_manager,
                    approach,
                    previous_layer,
                    contact,
                ),
                sort,
                descending,
                offset,
                limit,
            )| {
                CustomerQuery {
                    search,
                    layers,
                    abc,
                    last_purchase_after,
                    cadence,
                    signal,
                    approach,
                    previous_layer,
                    contact,
                    account_manager,
                    sort,
                    descending,
                    offset,
                    limit,
                }
            },
        )
}

/// Last-purchase days, and the days a query filters after: a few, so that
/// equal days and both sides of the filter come up.
const LAST_PURCHASES: std::ops::Range<i32> = 0..3;

/// The column value as a comparable key, `None` for missing values.
fn sort_key(r: &CustomerRow, c: SortColumn) -> Option<(i64, String)> {
    let num = |n: i64| Some((n, String::new()));
    let text = |s: &str| Some((0, s.to_ascii_lowercase()));
    match c {
        SortColumn::Rank => num(r.rank.into()),
        SortColumn::Key => text(&r.key),
        SortColumn::Name => text(&r.name),
        SortColumn::Layer => num(Layer::ALL.iter().position(|l| *l == r.layer).unwrap() as i64),
        SortColumn::Abc => r.abc.map(|a| (a as i64, String::new())),
        SortColumn::Value => num(r.value),
        // value / previous, times 12 (previous is 1..=4); new (bought
        // nothing before) above all.
        SortColumn::Trend => match r.previous_value {
            None => None,
            Some(_) if !r.bought_before => (r.value > 0).then_some((i64::MAX, String::new())),
            // Equal ratios: by the change in money.
            // (Offset so that the text compares like the number.)
            Some(p) if p > 0 => {
                Some((r.value * 12 / p, format!("{:010}", r.value - p + 1_000_000)))
            }
            Some(_) => None,
        },
        SortColumn::Orders => num(r.orders.into()),
        SortColumn::LastPurchase => r.last_purchase.map(|d| (d.into(), String::new())),
        SortColumn::Interval => r.rhythm.map(|x| (x.interval.into(), String::new())),
        SortColumn::Expected => r.rhythm.map(|x| (x.expected.into(), String::new())),
        SortColumn::AccountManager => r.account_manager.as_deref().and_then(text),
        SortColumn::Approach => {
            num(Approach::ALL.iter().position(|a| *a == r.approach).unwrap() as i64)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn query_matches_a_naive_filter_and_sort(rows in arb_rows(), q in arb_query()) {
        let page = query(&rows, &q);
        let needle = q.search.trim().to_lowercase();
        let mut expected: Vec<&CustomerRow> = rows
            .iter()
            .filter(|r| {
                (needle.is_empty()
                    || r.key.to_lowercase().contains(&needle)
                    || r.name.to_lowercase().contains(&needle))
                    && q.layers.as_ref().is_none_or(|ls| ls.contains(&r.layer))
                    && q.abc.as_ref().is_none_or(|cs| r.abc.is_some_and(|c| cs.contains(&c)))
                    && q.last_purchase_after.is_none_or(|a| match r.last_purchase {
                        Some(d) => d > a,
                        None => r.bought_before,
                    })
                    && q.cadence.is_none_or(|c| r.rhythm.is_some_and(|x| x.cadence == c))
                    && q.signal.is_none_or(|s| r.signal == Some(s))
                    && q.approach.is_none_or(|a| r.approach == a)
                    && q.previous_layer.is_none_or(|p| r.previous_layer == Some(p))
                    && q.contact.is_none_or(|c| r.contact == Some(c))
                    && match &q.account_manager {
                        None => true,
                        Some(ManagerFilter::Nobody) => r.account_manager.is_none(),
                        Some(ManagerFilter::Named(m)) => r.account_manager.as_deref() == Some(m.as_str()),
                    }
            })
            .collect();
        prop_assert_eq!(page.total_matching, expected.len());
        // Present values first, ordered (reversed when descending); missing last; ties by rank.
        let mut present: Vec<&CustomerRow> = expected.iter().copied().filter(|r| sort_key(r, q.sort).is_some()).collect();
        let missing: Vec<&CustomerRow> = expected.iter().copied().filter(|r| sort_key(r, q.sort).is_none()).collect();
        present.sort_by(|a, b| {
            let o = sort_key(a, q.sort).cmp(&sort_key(b, q.sort));
            (if q.descending { o.reverse() } else { o }).then(a.rank.cmp(&b.rank))
        });
        expected = present.into_iter().chain(missing).collect();
        let want: Vec<u32> = expected.iter().skip(q.offset).take(q.limit).map(|r| r.rank).collect();
        let got: Vec<u32> = page.rows.iter().map(|r| r.rank).collect();
        prop_assert_eq!(got, want);
        // `matching` is the whole ordered list, as positions in `rows`.
        let all: Vec<u32> = expected.iter().map(|r| r.rank - 1).collect();
        prop_assert_eq!(matching(&rows, &q), all);
    }
}
