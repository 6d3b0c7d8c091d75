//! Import throughput on a generated 1M-row Exact-style file (`;`, decimal comma,
//! quoted names containing `;`): `cargo run --release --example import_bench`.

use std::fmt::Write;
use std::time::Instant;

use klantenpiramide::analysis::import::{ImportOptions, import};

fn generate(rows: usize) -> Vec<u8> {
    let mut s = String::with_capacity(rows * 80);
    s.push_str("Klantnummer;Klantnaam;Factuurdatum;Omschrijving;Bedrag excl. btw;Winst\r\n");
    // A small deterministic generator keeps the example dependency-free.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..rows {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let customer = x % 20_000;
        let day = 1 + (x >> 20) % 28;
        let month = 1 + (x >> 30) % 12;
        let cents = (x >> 40) % 2_000_000;
        let profit = cents / 4;
        let name = if customer.is_multiple_of(10) {
            format!("\"Groothandel {customer}; filiaal Zuid\"")
        } else {
            format!("Klant {customer} B.V.")
        };
        let _ = write!(
            s,
            "K{customer:05};{name};{day:02}-{month:02}-2024;Factuur {i};{}.{:03},{:02};{},{:02}\r\n",
            cents / 100_000,
            (cents / 100) % 1000,
            cents % 100,
            profit / 100,
            profit % 100
        );
    }
    s.into_bytes()
}

fn main() {
    let rows = 1_000_000;
    let data = generate(rows);
    let mb = data.len() as f64 / 1e6;
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let result = import(&data, "bench.csv", &ImportOptions::default());
        let secs = t.elapsed().as_secs_f64();
        best = best.min(secs);
        match result {
            Ok(imp) => assert_eq!(
                imp.report.rows_used,
                rows as u64,
                "{:?}",
                imp.report.warnings.first()
            ),
            Err(e) => panic!("{e:?}"),
        }
    }
    println!(
        "{rows} rows, {mb:.1} MB in {:.3} s: {:.0} MB/s, {:.0} rows/s",
        best,
        mb / best,
        rows as f64 / best
    );
}
