//! Hand-computed cases for `analyse()`.

mod common;

use common::*;
use klantenpiramide::analysis::abc::AbcClass;
use klantenpiramide::analysis::analyse::{Analysis, analyse};
use klantenpiramide::analysis::dataset::{
    CustomerTotals, Dataset, DeclaredStatus, Facts, ProfitSource,
};
use klantenpiramide::analysis::lang::Lang;
use klantenpiramide::analysis::pyramid::Layer;
use klantenpiramide::analysis::settings::{Basis, Settings};

fn sizes(a: &Analysis) -> [u32; 7] {
    let mut s = [0; 7];
    for (i, l) in Layer::ALL.iter().enumerate() {
        s[i] = a.layer(*l).unwrap().customers;
    }
    s
}

fn keys(a: &Analysis) -> Vec<&str> {
    a.customers.iter().map(|r| r.key.as_ref()).collect()
}

fn row<'a>(a: &'a Analysis, key: &str) -> &'a klantenpiramide::analysis::customers::CustomerRow {
    a.customers.iter().find(|r| &*r.key == key).unwrap()
}

#[test]
fn layer_sizes_for_small_counts() {
    let cases: [(usize, [u32; 4]); 5] = [
        (1, [1, 0, 0, 0]),
        (2, [1, 0, 0, 1]),
        (10, [1, 0, 1, 8]),
        (100, [1, 4, 15, 80]),
        (101, [2, 4, 15, 80]),
    ];
    for (n, expected) in cases {
        let a = analyse(&n_distinct(n), &Settings::default());
        assert_eq!(a.relations.active, n as u32);
        assert_eq!(&sizes(&a)[..4], &expected, "N = {n}");
        // The layers follow the ranking.
        let layers: Vec<Layer> = a.customers.iter().map(|r| r.layer).collect();
        assert!(layers.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(&*a.customers[0].key, "k0000");
    }
}

#[test]
fn ties_are_broken_by_key_byte_order() {
    let d = day(2024, 1, 10);
    let data = tx(
        customers(&["b", "a", "C", "aa", "big"]),
        &[
            (0, d, 500),
            (1, d, 500),
            (2, d, 500),
            (3, d, 500),
            (4, d, 900),
        ],
    );
    let a = analyse(&data, &Settings::default());
    // "C" (0x43) sorts before "a" (0x61).
    assert_eq!(keys(&a), ["big", "C", "a", "aa", "b"]);
    assert_eq!(a.customers[1].rank, 2);

    // Keys alike in their first eight bytes, listed against their order: by
    // the whole key still (a space, 0x20, before a digit; a key before its longer forms).
    let data = tx(
        customers(&["Bakkerij5", "Bakkerij 7", "Bakkerij", "Bakkerij 10"]),
        &[(0, d, 500), (1, d, 500), (2, d, 500), (3, d, 500)],
    );
    let a = analyse(&data, &Settings::default());
    assert_eq!(
        keys(&a),
        ["Bakkerij", "Bakkerij 10", "Bakkerij 7", "Bakkerij5"]
    );
}

#[test]
fn pareto_abc_and_gini_by_hand() {
    // Values 50, 30, 10, 5, 5 (euros): total 100.
    let d = day(2024, 1, 10);
    let data = tx(
        customers(&["a", "b", "c", "d", "e"]),
        &[
            (0, d, 5000),
            (1, d, 3000),
            (2, d, 1000),
            (3, d, 500),
            (4, d, 500),
        ],
    );
    let a = analyse(&data, &Settings::default());
    let p = &a.pareto;
    assert_eq!(p.customers, 5);
    assert_eq!(p.total, 10_000);
    assert_eq!(p.customers_for_80, 2);
    assert_eq!(p.share_customers_for_80, 0.4);
    assert_eq!(p.top_20_customers, 1);
    assert_eq!(p.share_top_20, 0.5);
    // Ascending 5, 5, 10, 30, 50: Σ i·x = 415; G = 830/500 − 6/5 = 0.46.
    assert!((p.gini - 0.46).abs() < 1e-12, "{}", p.gini);
    // Cumulative before: 0, 50, 80, 90, 95 → A A B B C.
    let abc: Vec<_> = a.customers.iter().map(|r| r.abc).collect();
    use AbcClass::*;
    assert_eq!(abc, [Some(A), Some(A), Some(B), Some(B), Some(C)]);
    let a_fig = a.abc_class(A).unwrap();
    assert_eq!((a_fig.customers, a_fig.value), (2, 8000));
    assert_eq!(a_fig.share_of_value, 0.8);
    assert_eq!(a.abc_class(C).unwrap().share_of_customers, 0.2);
    assert_eq!(a.concentration.top_1, 0.5);
    assert_eq!(a.concentration.top_5, 1.0);
    assert_eq!(a.concentration.top_10, 1.0);
    // All points kept for a small curve, exact values.
    let pts: Vec<(u32, i64)> = p.points.iter().map(|q| (q.rank, q.cumulative)).collect();
    assert_eq!(
        pts,
        [
            (0, 0),
            (1, 5000),
            (2, 8000),
            (3, 9000),
            (4, 9500),
            (5, 10_000)
        ]
    );
    assert_eq!(p.points[0].customer, None);
    assert_eq!(p.points[1].customer, Some(0));
    let last = p.points.last().unwrap();
    assert_eq!((last.customer_share, last.value_share), (1.0, 1.0));
    // Layers (N = 5): top 1, large 0 (up to 1), medium 0 (up to 1), small 4.
    assert_eq!(sizes(&a), [1, 0, 0, 4, 0, 0, 0]);
    let top = a.layer(Layer::Top).unwrap();
    assert_eq!(
        (top.value, top.share_of_value, top.average_value),
        (5000, 0.5, 5000.0)
    );
    assert_eq!(top.share_of_customers, 0.2);
}

#[test]
fn one_customer_with_all_the_revenue() {
    let d = day(2024, 1, 10);
    // Four others buy and credit the same amount: active with value 0.
    let mut rows = vec![(0, d, 1_000_000)];
    for c in 1..5 {
        rows.push((c, d, 700));
        rows.push((c, d, -700));
    }
    let data = tx(customers(&["big", "x1", "x2", "x3", "x4"]), &rows);
    let a = analyse(&data, &Settings::default());
    assert_eq!(a.relations.active, 5);
    assert_eq!(a.pareto.customers, 1);
    assert_eq!(a.pareto.customers_for_80, 1);
    assert_eq!(a.pareto.share_customers_for_80, 1.0);
    assert_eq!(a.pareto.share_top_20, 1.0);
    assert_eq!(a.pareto.gini, 0.0);
    assert_eq!(a.concentration.top_1, 1.0);
    assert_eq!(a.pareto.points.len(), 2);
    assert_eq!(a.layer(Layer::Top).unwrap().share_of_value, 1.0);
    // Value 0: no ABC class, still in a layer.
    assert!(a.customers[1..].iter().all(|r| r.abc.is_none()));
    assert_eq!(a.customers[1].orders, 1);

    // Almost all: 10 000 euros against four times 1 cent.
    let mut rows = vec![(0, d, 1_000_000)];
    rows.extend((1..5).map(|c| (c, d, 1)));
    let a = analyse(
        &tx(customers(&["big", "x1", "x2", "x3", "x4"]), &rows),
        &Settings::default(),
    );
    // (2·(1+2+3+4+5·10⁶) − 6·1000004) / (5·1000004)
    let expected = 3_999_996.0 / 5_000_020.0;
    assert!((a.pareto.gini - expected).abs() < 1e-12);
    assert!(a.pareto.gini < 1.0);
}

#[test]
fn all_negative_values() {
    let d = day(2024, 1, 10);
    let data = tx(
        customers(&["a", "b", "c"]),
        &[
            (0, d, 100),
            (0, d, -300),
            (1, d, 100),
            (1, d, -200),
            (2, d, 100),
            (2, d, -1000),
        ],
    );
    let a = analyse(&data, &Settings::default());
    assert_eq!(a.relations.active, 3);
    assert_eq!(a.total_value, -1200);
    assert_eq!(keys(&a), ["b", "a", "c"]);
    assert_eq!(a.pareto.customers, 0);
    assert!(a.pareto.points.is_empty());
    assert_eq!(a.pareto.gini, 0.0);
    assert!(a.customers.iter().all(|r| r.abc.is_none()));
    assert!(
        a.abc
            .iter()
            .all(|f| f.customers == 0 && f.share_of_value == 0.0)
    );
    assert_eq!(a.concentration.top_1, 0.0);
    // Shares of value of the active layers still sum to 1 (of a negative total).
    let sum: f64 = a.layers[..4].iter().map(|l| l.share_of_value).sum();
    assert!((sum - 1.0).abs() < 1e-12);
}

#[test]
fn window_edge_on_29_february() {
    let data = tx(
        customers(&["out", "in", "ref"]),
        &[
            (0, day(2023, 2, 28), 100),
            (1, day(2023, 3, 1), 100),
            (2, day(2024, 2, 29), 100),
        ],
    );
    let a = analyse(&data, &Settings::default());
    assert_eq!(a.reference_day, Some(day(2024, 2, 29)));
    assert_eq!(a.window_start, Some(day(2023, 2, 28)));
    assert_eq!(row(&a, "out").layer, Layer::Inactive);
    assert_eq!(row(&a, "out").value, 0);
    assert_eq!(row(&a, "out").last_purchase, Some(day(2023, 2, 28)));
    assert!(row(&a, "in").layer.is_active());
    assert_eq!(a.relations.active, 2);
    assert_eq!(a.relations.inactive, 1);
}

#[test]
fn window_edge_at_month_end() {
    // R = 31 March, W = 1: the window is (28 Feb, 31 Mar].
    let data = tx(
        customers(&["out", "in", "ref"]),
        &[
            (0, day(2023, 2, 28), 100),
            (1, day(2023, 3, 1), 100),
            (2, day(2023, 3, 31), 100),
        ],
    );
    let settings = Settings {
        window_months: 1,
        ..Settings::default()
    };
    let a = analyse(&data, &settings);
    assert_eq!(a.window_start, Some(day(2023, 2, 28)));
    assert_eq!(row(&a, "out").layer, Layer::Inactive);
    assert!(row(&a, "in").layer.is_active());
    // W = 0: an empty window, nobody active.
    let a = analyse(
        &data,
        &Settings {
            window_months: 0,
            ..Settings::default()
        },
    );
    assert_eq!(a.relations.active, 0);
    assert_eq!(a.relations.inactive, 3);
}

#[test]
fn rows_after_reference_are_ignored() {
    let data = tx(
        customers(&["both", "later", "before"]),
        &[
            (0, day(2024, 1, 1), 100),
            (0, day(2024, 3, 1), 900),
            (1, day(2024, 3, 1), 900),
            (2, day(2023, 6, 1), 50),
        ],
    );
    let settings = Settings {
        reference_day: Some(day(2024, 2, 1)),
        ..Settings::default()
    };
    let a = analyse(&data, &settings);
    assert_eq!(a.reference_day, Some(day(2024, 2, 1)));
    assert_eq!(keys(&a), ["both", "before"]);
    assert_eq!(row(&a, "both").value, 100);
    assert_eq!(row(&a, "both").orders, 1);
    assert_eq!(row(&a, "both").last_purchase, Some(day(2024, 1, 1)));
    assert_eq!(a.relations.after_reference, 1);
    assert_eq!(a.relations.total, 2);
    assert_eq!(a.transactions_after_reference, 2);
}

#[test]
fn credit_notes_make_value_zero_or_negative() {
    let d = day(2024, 5, 1);
    let data = tx(
        customers(&["neg", "zero", "pos", "old"]),
        &[
            (0, d, 100),
            (0, d, -150),
            (1, d, 100),
            (1, d, -100),
            (2, d, 10),
            // An old purchase and a credit note inside the window: inactive with value −40.
            (3, day(2022, 1, 1), 40),
            (3, d, -40),
        ],
    );
    let a = analyse(&data, &Settings::default());
    assert_eq!(keys(&a), ["pos", "zero", "neg", "old"]);
    assert_eq!(row(&a, "neg").value, -50);
    assert_eq!(row(&a, "neg").abc, None);
    assert_eq!(row(&a, "zero").abc, None);
    assert_eq!(row(&a, "pos").abc, Some(AbcClass::A));
    assert_eq!(row(&a, "old").layer, Layer::Inactive);
    assert_eq!(row(&a, "old").value, -40);
    assert_eq!(row(&a, "old").orders, 1);
    assert_eq!(a.total_value, -40);
    assert_eq!(a.layer(Layer::Inactive).unwrap().value, -40);
}

#[test]
fn status_columns_and_purchases_win() {
    let d = day(2024, 5, 1);
    let cs = vec![
        customer("p-bought", DeclaredStatus::Prospect),
        customer("s-bought", DeclaredStatus::Suspect),
        customer("p", DeclaredStatus::Prospect),
        customer("s", DeclaredStatus::Suspect),
        customer("klant-zonder", DeclaredStatus::Customer),
        customer("onbekend", DeclaredStatus::Unknown),
        customer("alleen-credit", DeclaredStatus::Unknown),
        customer("s-credit", DeclaredStatus::Suspect),
        customer("inactief-koopt", DeclaredStatus::Inactive),
    ];
    let data = tx(
        cs,
        &[
            (0, d, 100),
            (1, day(2020, 1, 1), 100),
            (6, d, -20),
            (7, d, -5),
            (8, d, 50),
        ],
    );
    let a = analyse(&data, &Settings::default());
    assert!(row(&a, "p-bought").layer.is_active());
    assert_eq!(row(&a, "s-bought").layer, Layer::Inactive);
    assert_eq!(row(&a, "p").layer, Layer::Prospect);
    assert_eq!(row(&a, "s").layer, Layer::Suspect);
    // A declared customer without a purchase in the file bought before it.
    assert_eq!(row(&a, "klant-zonder").layer, Layer::Inactive);
    assert_eq!(row(&a, "onbekend").layer, Layer::Prospect);
    // A credit note follows a sale: whoever has one was a customer.
    assert_eq!(row(&a, "alleen-credit").layer, Layer::Inactive);
    assert_eq!(row(&a, "alleen-credit").value, -20);
    assert_eq!(row(&a, "alleen-credit").orders, 0);
    assert_eq!(row(&a, "alleen-credit").last_purchase, None);
    assert_eq!(row(&a, "s-credit").layer, Layer::Inactive);
    // A status that says it stopped, but a purchase in the window: active.
    assert!(row(&a, "inactief-koopt").layer.is_active());
    let r = &a.relations;
    assert_eq!(
        (r.active, r.inactive, r.prospect, r.suspect, r.total),
        (2, 4, 2, 1, 9)
    );
    // Share of relations for the non-active layers, share of active for the rest.
    assert_eq!(
        a.layer(Layer::Prospect).unwrap().share_of_customers,
        2.0 / 9.0
    );
    assert_eq!(a.layer(Layer::Top).unwrap().share_of_customers, 0.5);
    assert_eq!(a.layer(Layer::Top).unwrap().share_of_relations, 1.0 / 9.0);
    // Rank order: active, inactive, prospects, suspects; within each, value
    // descending, then key.
    assert_eq!(
        keys(&a),
        [
            "p-bought",
            "inactief-koopt",
            "klant-zonder",
            "s-bought",
            "s-credit",
            "alleen-credit",
            "onbekend",
            "p",
            "s"
        ]
    );
}

#[test]
fn customer_level_with_dates() {
    let cs = vec![
        customer("recent", DeclaredStatus::Unknown),
        customer("old", DeclaredStatus::Unknown),
        customer("nodate", DeclaredStatus::Unknown),
        customer("prospect", DeclaredStatus::Prospect),
        customer("suspect", DeclaredStatus::Suspect),
        customer("edge", DeclaredStatus::Suspect),
    ];
    let data = Dataset {
        customers: cs,
        account_managers: vec![],
        facts: Facts::Totals(CustomerTotals {
            revenue: vec![Some(5000), Some(8000), Some(300), None, Some(0), None],
            profit: Some(vec![Some(1000), Some(2000), None, None, None, None]),
            previous_revenue: None,
            last_purchase: Some(vec![
                Some(day(2024, 6, 30)),
                Some(day(2023, 1, 1)),
                None,
                None,
                None,
                Some(day(2023, 6, 30)),
            ]),
            orders: Some(vec![Some(7), Some(2), None, None, None, Some(1)]),
        }),
        profit_source: ProfitSource::MarginPercent,
    };
    let a = analyse(&data, &Settings::default());
    assert_eq!(a.reference_day, Some(day(2024, 6, 30)));
    assert_eq!(a.window_start, Some(day(2023, 6, 30)));
    assert_eq!(
        keys(&a),
        ["recent", "nodate", "old", "edge", "prospect", "suspect"]
    );
    assert!(row(&a, "recent").layer.is_active());
    assert_eq!(row(&a, "recent").orders, 7);
    assert_eq!(row(&a, "recent").last_purchase, Some(day(2024, 6, 30)));
    assert!(row(&a, "nodate").layer.is_active());
    assert_eq!(row(&a, "old").layer, Layer::Inactive);
    assert_eq!(row(&a, "old").value, 8000);
    // On the window start: inactive; a purchase beats the suspect status.
    assert_eq!(row(&a, "edge").layer, Layer::Inactive);
    assert_eq!(row(&a, "prospect").layer, Layer::Prospect);
    assert_eq!(row(&a, "suspect").layer, Layer::Suspect);
    assert_eq!(a.total_value, 5300);

    // Profit basis: missing profit counts as 0.
    let p = analyse(
        &data,
        &Settings {
            basis: Basis::Profit,
            ..Settings::default()
        },
    );
    assert_eq!(p.basis, Basis::Profit);
    assert!(!p.profit_unavailable);
    assert_eq!(row(&p, "recent").value, 1000);
    assert_eq!(row(&p, "nodate").value, 0);

    // A reference day before the latest purchase: that customer disappears.
    let early = analyse(
        &data,
        &Settings {
            reference_day: Some(day(2024, 1, 1)),
            ..Settings::default()
        },
    );
    assert_eq!(early.relations.after_reference, 1);
    assert!(early.customers.iter().all(|r| &*r.key != "recent"));
    assert_eq!(row(&early, "edge").layer, Layer::Small);
    assert_eq!(row(&early, "old").layer, Layer::Inactive);
}

#[test]
fn customer_level_without_dates() {
    let cs = vec![
        customer("a", DeclaredStatus::Unknown),
        customer("zero", DeclaredStatus::Unknown),
        customer("none", DeclaredStatus::Customer),
        customer("neg", DeclaredStatus::Suspect),
        customer("b", DeclaredStatus::Prospect),
        customer("gestopt", DeclaredStatus::Inactive),
    ];
    let data = totals(
        cs,
        vec![Some(100), Some(0), None, Some(-5), Some(300), Some(900)],
        None,
    );
    let a = analyse(&data, &Settings::default());
    assert_eq!(a.reference_day, None);
    assert_eq!(a.window_start, None);
    // "gestopt" has the largest total, but its status says it stopped: without
    // a date that is believed.
    assert_eq!(keys(&a), ["b", "a", "gestopt", "none", "neg", "zero"]);
    assert_eq!(row(&a, "gestopt").layer, Layer::Inactive);
    assert_eq!(row(&a, "b").layer, Layer::Top);
    assert_eq!(row(&a, "zero").layer, Layer::Prospect);
    // Declared a customer, no total: bought before; a net credit: bought once.
    assert_eq!(row(&a, "none").layer, Layer::Inactive);
    assert_eq!(row(&a, "neg").layer, Layer::Inactive);
    assert_eq!(a.relations.active, 2);
    // A reference day does not matter without dates.
    let b = analyse(
        &data,
        &Settings {
            reference_day: Some(0),
            ..Settings::default()
        },
    );
    assert_eq!(b.relations, a.relations);
}

#[test]
fn profit_basis_and_fallback() {
    let d = day(2024, 5, 1);
    let data = tx_profit(
        customers(&["a", "b"]),
        &[(0, d, 1000, 100), (1, d, 500, 400), (1, d, -10, -300)],
    );
    let a = analyse(
        &data,
        &Settings {
            basis: Basis::Profit,
            ..Settings::default()
        },
    );
    assert_eq!(a.basis, Basis::Profit);
    assert_eq!(keys(&a), ["a", "b"]);
    assert_eq!(row(&a, "a").value, 100);
    assert_eq!(row(&a, "b").value, 100);
    assert_eq!(row(&a, "b").orders, 1);

    let no_profit = tx(customers(&["a"]), &[(0, d, 1000)]);
    let a = analyse(
        &no_profit,
        &Settings {
            basis: Basis::Profit,
            ..Settings::default()
        },
    );
    assert_eq!(a.basis, Basis::Revenue);
    assert!(a.profit_unavailable);
    assert_eq!(a.total_value, 1000);
}

#[test]
fn empty_and_degenerate_datasets_do_not_panic() {
    let empty = tx(vec![], &[]);
    let a = analyse(&empty, &Settings::default());
    assert_eq!(a.reference_day, None);
    assert_eq!(a.relations.total, 0);
    assert_eq!(a.layers.len(), 7);
    assert!(
        a.layers
            .iter()
            .all(|l| l.customers == 0 && l.share_of_customers == 0.0)
    );
    assert!(a.pareto.points.is_empty());

    let prospects = tx(customers(&["x", "y"]), &[]);
    let a = analyse(&prospects, &Settings::default());
    assert_eq!(a.relations.prospect, 2);
    assert_eq!(a.layer(Layer::Prospect).unwrap().share_of_customers, 1.0);

    let empty_totals = totals(vec![], vec![], Some(vec![]));
    let _ = analyse(&empty_totals, &Settings::default());

    // Malformed: columns of unequal length and ids out of range.
    let mut bad = tx(customers(&["x"]), &[(0, 100, 5), (7, 100, 5)]);
    if let Facts::Transactions(t) = &mut bad.facts {
        t.day.pop();
    }
    let a = analyse(&bad, &Settings::default());
    assert_eq!(a.relations.total, 1);

    // Extreme settings.
    let extreme = Settings {
        window_months: u32::MAX,
        layer_bp: klantenpiramide::analysis::settings::LayerCuts {
            top: u32::MAX,
            large: u32::MAX,
            medium: u32::MAX,
        },
        abc_bp: klantenpiramide::analysis::settings::AbcCuts { a: u32::MAX, b: 0 },
        ..Settings::default()
    };
    let a = analyse(&n_distinct(10), &extreme);
    assert_eq!(a.layers.iter().map(|l| l.customers).sum::<u32>(), 10);
}

#[test]
fn labels() {
    assert_eq!(Layer::Medium.label(Lang::Nl), "middelgroot");
    assert_eq!(Layer::Medium.label(Lang::En), "medium");
    assert_eq!(Layer::Prospect.key(), "prospect");
    let keys: Vec<_> = Layer::ALL.iter().map(|l| l.key()).collect();
    assert_eq!(
        keys,
        [
            "top", "large", "medium", "small", "inactive", "prospect", "suspect"
        ]
    );
    let nl: Vec<_> = Layer::ALL.iter().map(|l| l.label(Lang::Nl)).collect();
    assert_eq!(
        nl,
        [
            "top",
            "groot",
            "middelgroot",
            "klein",
            "inactief",
            "prospects",
            "suspects"
        ]
    );
}

#[test]
fn an_account_manager_filter_analyses_only_their_relations() {
    // A and C belong to manager 0, B to manager 1, D to nobody.
    let mut cs = customers(&["A", "B", "C", "D"]);
    cs[0].account_manager = Some(0);
    cs[1].account_manager = Some(1);
    cs[2].account_manager = Some(0);
    let mut ds = tx(
        cs,
        &[
            (0, day(2024, 6, 1), 500),
            (1, day(2024, 6, 2), 900),
            (2, day(2024, 6, 3), 100),
            (3, day(2024, 6, 4), 50),
        ],
    );
    ds.account_managers = vec!["Sanne".into(), "Pieter".into()];
    let everyone = analyse(&ds, &Settings::default());
    assert_eq!(everyone.relations.total, 4);
    assert_eq!(everyone.total_value, 1550);

    let sanne = analyse(
        &ds,
        &Settings {
            account_manager: Some(0),
            ..Settings::default()
        },
    );
    assert_eq!(sanne.relations.total, 2);
    assert_eq!(sanne.total_value, 600);
    assert_eq!(keys(&sanne), ["A", "C"]);
    // N = 2: A is the top layer, C the small one; B's 900 is nowhere.
    assert_eq!(sizes(&sanne), [1, 0, 0, 1, 0, 0, 0]);
    assert_eq!(sanne.pareto.customers, 2);

    // A manager nobody has: nothing at all, and no panic.
    let nobody = analyse(
        &ds,
        &Settings {
            account_manager: Some(7),
            ..Settings::default()
        },
    );
    assert_eq!(nobody.relations.total, 0);
    assert_eq!(nobody.total_value, 0);
}

#[test]
fn transactions_after_the_reference_day_are_counted_for_the_relations_shown() {
    // A belongs to manager 0, B to manager 1; R = 1 July 2024.
    let mut cs = customers(&["A", "B"]);
    cs[0].account_manager = Some(0);
    cs[1].account_manager = Some(1);
    let mut ds = tx(
        cs,
        &[
            (0, day(2024, 6, 1), 500),
            (1, day(2024, 6, 2), 900),
            (0, day(2024, 8, 1), 100),
            (1, day(2024, 8, 2), 100),
            (1, day(2024, 8, 3), 100),
        ],
    );
    ds.account_managers = vec!["Sanne".into(), "Pieter".into()];
    let at = |manager| Settings {
        reference_day: Some(day(2024, 7, 1)),
        account_manager: manager,
        ..Settings::default()
    };
    assert_eq!(analyse(&ds, &at(None)).transactions_after_reference, 3);
    assert_eq!(analyse(&ds, &at(Some(0))).transactions_after_reference, 1);
    assert_eq!(analyse(&ds, &at(Some(1))).transactions_after_reference, 2);
    assert_eq!(analyse(&ds, &at(Some(7))).transactions_after_reference, 0);
}

#[test]
fn stopped_in_the_period_before_the_window_is_counted_from_r() {
    // R = 31-05-2024, W = 3: the window is (29-02, 31-05]; the period before
    // it ends at R − 6 months = 30-11-2023 (not 29-02 − 3 months = 29-11).
    let data = tx(
        customers(&["now", "edge", "after-edge", "old"]),
        &[
            (0, day(2024, 5, 31), 100),
            (1, day(2023, 11, 30), 100),
            (2, day(2023, 12, 1), 100),
            (3, day(2023, 1, 1), 100),
        ],
    );
    let a = analyse(
        &data,
        &Settings {
            window_months: 3,
            ..Settings::default()
        },
    );
    assert_eq!(a.relations.inactive, 3);
    // Only "after-edge" bought after R − 2W.
    assert_eq!(a.relations.inactive_recent, 1);
}

#[test]
fn a_trend_needs_the_file_to_reach_back_to_within_a_month_of_the_previous_period() {
    // R = 30-06-2026, W = 12: the previous period starts after 30-06-2024.
    let r = day(2026, 6, 30);
    let file = |first: klantenpiramide::analysis::calendar::Day| {
        tx(
            customers(&["a", "b"]),
            &[(0, first, 100), (1, day(2025, 1, 10), 200), (1, r, 100)],
        )
    };
    // First row 31 days after 30-06-2024 (31-07-2024): a trend.
    let a = analyse(&file(day(2024, 7, 31)), &Settings::default());
    assert!(a.has_trend);
    assert_eq!(a.data_start, Some(day(2024, 7, 31)));
    assert_eq!(row(&a, "b").previous_value, Some(200));
    // b halved; a stopped, after buying as much as b (the only and so the
    // smallest key customer) buys now: both buy less.
    assert_eq!(a.buying_less, Some(2));
    assert_eq!(row(&a, "a").layer, Layer::Inactive);
    assert_eq!(
        row(&a, "a").signal,
        Some(klantenpiramide::analysis::trend::Signal::BuyingLess)
    );
    // One day later: no trend, no previous values, no list.
    let a = analyse(&file(day(2024, 8, 1)), &Settings::default());
    assert!(!a.has_trend);
    assert_eq!(row(&a, "b").previous_value, None);
    assert_eq!(row(&a, "b").trend(), None);
    assert_eq!(a.buying_less, None);
}

#[test]
fn stopped_follows_the_relation_type_not_a_value_of_zero() {
    // R = 30-06-2026, W = 12; every customer bought €100 in the period before.
    let r = day(2026, 6, 30);
    let before = day(2025, 3, 1);
    let data = tx(
        customers(&["credited", "cancelled", "nothing", "steady"]),
        &[
            (0, before, 100),
            (1, before, 100),
            (2, before, 100),
            (3, before, 100),
            // The file reaches back to the start of the period before: a trend.
            (3, day(2024, 7, 10), 10),
            // Only a credit note in the window: no purchase, so inactive.
            (0, r, -30),
            // A purchase fully credited in the window: still active, value 0.
            (1, r, 50),
            (1, r, -50),
            (3, r, 100),
        ],
    );
    let a = analyse(&data, &Settings::default());
    assert!(a.has_trend);
    let credited = row(&a, "credited");
    assert_eq!((credited.layer, credited.value), (Layer::Inactive, -30));
    assert!(credited.stopped(), "inactive after buying before: stopped");
    let cancelled = row(&a, "cancelled");
    assert!(cancelled.layer.is_active());
    assert_eq!(cancelled.value, 0);
    assert!(cancelled.trend().is_some());
    assert!(
        !cancelled.stopped(),
        "active with value 0 is a number, not stopped"
    );
    assert!(row(&a, "nothing").stopped());
    assert!(!row(&a, "steady").stopped());
}

#[test]
fn conversation_codes_by_hand() {
    use klantenpiramide::analysis::approach::Approach;
    // R = 30-06-2026, W = 12: the period before runs from 30-06-2024 to 30-06-2025.
    let r = day(2026, 6, 30);
    let before = day(2025, 3, 1);
    let cs = vec![
        customer("big", DeclaredStatus::Unknown),
        customer("falling", DeclaredStatus::Unknown),
        customer("gone", DeclaredStatus::Unknown),
        customer("tiny", DeclaredStatus::Unknown),
        customer("lapsed", DeclaredStatus::Unknown),
        customer("old", DeclaredStatus::Unknown),
        customer("lead", DeclaredStatus::Prospect),
        customer("cold", DeclaredStatus::Suspect),
    ];
    let data = tx(
        cs,
        &[
            // Before the period before (the file reaches back to it: a trend).
            (5, day(2024, 6, 1), 10),
            (0, before, 100_000),
            (0, r, 100_000),
            (1, before, 120_000),
            (1, r, 40_000),
            (2, before, 150_000),
            (3, before, 1_000),
            (3, r, 1_000),
            (4, before, 5_000),
        ],
    );
    let a = analyse(&data, &Settings::default());
    assert!(a.has_trend);
    let code = |key: &str| (row(&a, key).key_customer, row(&a, key).approach);
    // The only customer in the top three layers, steady: a sales chance.
    assert_eq!(row(&a, "big").layer, Layer::Top);
    assert_eq!(code("big"), (true, Approach::Sales));
    // Key by what it bought before (≥ big's value now), now a third: keep it.
    assert_eq!(code("falling"), (true, Approach::Service));
    // Stopped after buying more than big buys now: keep it too.
    assert_eq!(row(&a, "gone").layer, Layer::Inactive);
    assert_eq!(code("gone"), (true, Approach::Service));
    // Small, steady, no rhythm: answer the question, briefly.
    assert_eq!(code("tiny"), (false, Approach::Efficiency));
    // Stopped within the period before, small: to reactivate, a sales chance.
    assert_eq!(code("lapsed"), (false, Approach::Sales));
    // Stopped before that: efficiency.
    assert_eq!(code("old"), (false, Approach::Efficiency));
    assert_eq!(code("lead"), (false, Approach::Sales));
    assert_eq!(code("cold"), (false, Approach::Efficiency));
    let counts = a
        .rhythm
        .as_ref()
        .expect("analyse adds the rhythms")
        .approaches;
    assert_eq!(
        Approach::ALL.map(|c| counts.get(c)),
        [3, 2, 3],
        "{counts:?}"
    );
}

#[test]
fn movement_through_the_pyramid_by_hand() {
    // R = 30-06-2026, W = 12: the period before runs from 30-06-2024 to 30-06-2025.
    let r = day(2026, 6, 30);
    let before = day(2025, 3, 1);
    let cs = [
        "big", "falling", "gone", "tiny", "lapsed", "fresh", "old", "lead",
    ]
    .map(|key| {
        let status = if key == "lead" {
            DeclaredStatus::Prospect
        } else {
            DeclaredStatus::Unknown
        };
        customer(key, status)
    })
    .to_vec();
    let data = tx(
        cs,
        &[
            (6, day(2024, 6, 1), 10),
            (0, before, 100_000),
            (0, r, 100_000),
            (1, before, 120_000),
            (1, r, 40_000),
            (2, before, 150_000),
            (3, before, 1_000),
            (3, r, 1_000),
            (4, before, 5_000),
            (5, r, 2_000),
        ],
    );
    let a = analyse(&data, &Settings::default());
    // Then, by value: gone 1.500, falling 1.200, big 1.000, lapsed 50, tiny 10; N = 5 ends
    // top at ⌈0,05⌉ = 1, large and medium at ⌈0,25⌉ = ⌈1⌉ = 1: gone top, the others small.
    // Now: big 1.000, falling 400, fresh 20, tiny 10; N = 4: big top, the others small.
    let then = |key: &str| row(&a, key).previous_layer;
    assert_eq!(then("gone"), Some(Layer::Top));
    assert_eq!(then("big"), Some(Layer::Small));
    assert_eq!(then("falling"), Some(Layer::Small));
    assert_eq!(then("lapsed"), Some(Layer::Small));
    assert_eq!(then("tiny"), Some(Layer::Small));
    // Active now, not then: new or back.
    assert_eq!(then("fresh"), Some(Layer::Inactive));
    // Active in neither period.
    assert_eq!(then("old"), None);
    assert_eq!(then("lead"), None);
    let moves = a.moves.as_ref().expect("a trend, so moves");
    assert_eq!(moves.count(Layer::Top, Layer::Inactive), 1);
    assert_eq!(moves.count(Layer::Small, Layer::Top), 1);
    assert_eq!(moves.count(Layer::Small, Layer::Small), 2);
    assert_eq!(moves.count(Layer::Small, Layer::Inactive), 1);
    assert_eq!(moves.count(Layer::Inactive, Layer::Small), 1);
    assert_eq!(moves.up_and_down(), (1, 0));
    assert_eq!(moves.cells.iter().flatten().sum::<u32>(), 6);

    // Without the period before in the file: no trend, no moves.
    let recent = tx(vec![customer("a", DeclaredStatus::Unknown)], &[(0, r, 100)]);
    let a = analyse(&recent, &Settings::default());
    assert!(a.moves.is_none());
    assert_eq!(a.customers[0].previous_layer, None);
}
