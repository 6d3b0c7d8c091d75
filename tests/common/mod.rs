//! Builders shared by the analysis integration tests.
#![allow(dead_code)]

use klantenpiramide::analysis::calendar::{Day, day_from_civil};
use klantenpiramide::analysis::dataset::{
    Cents, Customer, CustomerTotals, Dataset, DeclaredStatus, Facts, ProfitSource, Transactions,
};

pub fn day(y: i32, m: u32, d: u32) -> Day {
    day_from_civil(y, m, d).expect("valid test date")
}

pub fn customer(key: &str, status: DeclaredStatus) -> Customer {
    Customer {
        key: key.into(),
        name: format!("Naam {key}").into(),
        status,
        account_manager: None,
    }
}

pub fn customers(keys: &[&str]) -> Vec<Customer> {
    keys.iter()
        .map(|k| customer(k, DeclaredStatus::Unknown))
        .collect()
}

/// Transactions (customer, day, revenue).
pub fn tx(customers: Vec<Customer>, rows: &[(u32, Day, Cents)]) -> Dataset {
    Dataset {
        customers,
        account_managers: vec![],
        facts: Facts::Transactions(Transactions {
            customer: rows.iter().map(|r| r.0).collect(),
            day: rows.iter().map(|r| r.1).collect(),
            revenue: rows.iter().map(|r| r.2).collect(),
            profit: None,
            orders: None,
            payments: None,
        }),
        profit_source: ProfitSource::None,
    }
}

/// Transactions (customer, day, revenue, profit).
pub fn tx_profit(customers: Vec<Customer>, rows: &[(u32, Day, Cents, Cents)]) -> Dataset {
    Dataset {
        customers,
        account_managers: vec![],
        facts: Facts::Transactions(Transactions {
            customer: rows.iter().map(|r| r.0).collect(),
            day: rows.iter().map(|r| r.1).collect(),
            revenue: rows.iter().map(|r| r.2).collect(),
            profit: Some(rows.iter().map(|r| r.3).collect()),
            orders: None,
            payments: None,
        }),
        profit_source: ProfitSource::Amount,
    }
}

/// Customer-level totals.
pub fn totals(
    customers: Vec<Customer>,
    revenue: Vec<Option<Cents>>,
    last_purchase: Option<Vec<Option<Day>>>,
) -> Dataset {
    Dataset {
        customers,
        account_managers: vec![],
        facts: Facts::Totals(CustomerTotals {
            revenue,
            profit: None,
            previous_revenue: None,
            last_purchase,
            orders: None,
        }),
        profit_source: ProfitSource::None,
    }
}

/// `n` active customers with distinct values n, n-1, ..., 1 (in euros),
/// all bought on the same day.
pub fn n_distinct(n: usize) -> Dataset {
    let keys: Vec<String> = (0..n).map(|i| format!("k{i:04}")).collect();
    let cs = keys
        .iter()
        .map(|k| customer(k, DeclaredStatus::Customer))
        .collect();
    let d = day(2024, 6, 1);
    let rows: Vec<(u32, Day, Cents)> = (0..n)
        .map(|i| (i as u32, d, (n - i) as Cents * 100))
        .collect();
    tx(cs, &rows)
}
