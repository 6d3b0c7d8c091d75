//! Times `analyse()` and `query()` on a deterministic synthetic dataset:
//! 60k customers, 1M transactions over 3 years, some credit notes.
//!
//! Run with `cargo run --release --example analysis_bench`.

use std::time::{Duration, Instant};

use klantenpiramide::analysis::analyse::analyse;
use klantenpiramide::analysis::calendar::day_from_civil;
use klantenpiramide::analysis::customers::{CustomerQuery, SortColumn, query};
use klantenpiramide::analysis::dataset::{
    Customer, Dataset, DeclaredStatus, Facts, ProfitSource, Transactions,
};
use klantenpiramide::analysis::settings::{Basis, Settings};

/// xorshift64*: small, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn dataset(customers: usize, transactions: usize) -> Dataset {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let words = ["Bakkerij", "Garage", "Bouw", "Installatie", "Zorg", "Café"];
    let customers: Vec<Customer> = (0..customers)
        .map(|i| Customer {
            key: format!("K{:06}", rng.below(1_000_000) * 100 + i as u64 % 100),
            name: format!("{} {} {}", words[i % words.len()], i, rng.below(1000)),
            status: match rng.below(40) {
                0 => DeclaredStatus::Prospect,
                1 => DeclaredStatus::Suspect,
                _ => DeclaredStatus::Customer,
            },
            account_manager: Some(rng.below(12) as u32),
        })
        .collect();
    let start = day_from_civil(2022, 1, 1).unwrap_or(0);
    let buying = (customers.len() as f64 * 0.95) as u64;
    let mut t = Transactions {
        customer: Vec::with_capacity(transactions),
        day: Vec::with_capacity(transactions),
        revenue: Vec::with_capacity(transactions),
        profit: Some(Vec::with_capacity(transactions)),
    };
    for _ in 0..transactions {
        // Skewed towards low ids so a few customers buy a lot.
        let c = (rng.unit().powi(3) * buying as f64) as u32;
        let amount = (rng.unit().powi(2) * 500_000.0) as i64 + 100;
        let revenue = if rng.below(30) == 0 {
            -amount / 2
        } else {
            amount
        };
        t.customer.push(c);
        t.day.push(start + rng.below(3 * 365) as i32);
        t.revenue.push(revenue);
        if let Some(p) = t.profit.as_mut() {
            p.push(revenue * (15 + rng.below(30) as i64) / 100);
        }
    }
    Dataset {
        customers,
        account_managers: (0..12).map(|i| format!("Accountmanager {i}")).collect(),
        facts: Facts::Transactions(t),
        profit_source: ProfitSource::Amount,
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let build = Instant::now();
    let data = dataset(60_000, 1_000_000);
    println!("synthetic dataset built in {:?}", build.elapsed());

    let settings = Settings::default();
    let profit = Settings {
        basis: Basis::Profit,
        ..Settings::default()
    };
    let a = analyse(&data, &settings);
    println!(
        "{} relations ({} active), {} pareto points, 80% by {} customers, gini {:.3}",
        a.relations.total,
        a.relations.active,
        a.pareto.points.len(),
        a.pareto.customers_for_80,
        a.pareto.gini
    );
    println!(
        "analyse (revenue), median of 9: {:?}",
        time(9, || analyse(&data, &settings))
    );
    println!(
        "analyse (profit),  median of 9: {:?}",
        time(9, || analyse(&data, &profit))
    );

    let rows = &a.customers;
    let queries = [
        ("default page", CustomerQuery::default()),
        (
            "search \"garage 12\"",
            CustomerQuery {
                search: "garage 12".into(),
                ..CustomerQuery::default()
            },
        ),
        (
            "search \"k1\", sort name desc",
            CustomerQuery {
                search: "k1".into(),
                sort: SortColumn::Name,
                descending: true,
                ..CustomerQuery::default()
            },
        ),
        (
            "no search, sort name",
            CustomerQuery {
                sort: SortColumn::Name,
                ..CustomerQuery::default()
            },
        ),
    ];
    for (label, q) in &queries {
        let hits = query(rows, q).total_matching;
        println!(
            "query {label} ({hits} hits of {}), median of 21: {:?}",
            rows.len(),
            time(21, || query(rows, q))
        );
    }
}
