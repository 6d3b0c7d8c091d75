//! Runs files through the import and prints what it decided: the file's
//! kind and encoding, each column's role and why, the notes and first
//! warnings of the panel, and each customer's revenue in cents.
//!
//! `cargo run --example inspect -- FILE...`
use klantenpiramide::analysis::dataset::Facts;
use klantenpiramide::analysis::import::{ImportOptions, import};
use klantenpiramide::analysis::lang::Lang;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let name = std::path::Path::new(&path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        println!("=== {name}");
        match import(&bytes, &name, &ImportOptions::default()) {
            Err(e) => println!("ERROR: {}", e.message(Lang::En)),
            Ok(imp) => {
                let r = &imp.report;
                println!(
                    "{:?} {} delim={:?} shape={:?} read={} used={} skipped={} customers={}",
                    r.file_kind,
                    r.encoding,
                    r.delimiter,
                    r.shape,
                    r.rows_read,
                    r.rows_used,
                    r.rows_skipped,
                    imp.dataset.customers.len()
                );
                for c in &r.columns {
                    println!(
                        "  {:<28} {:?} ({})",
                        c.label(),
                        c.role,
                        c.reason.message(Lang::En)
                    );
                }
                for m in [
                    r.without_customer_message(Lang::En),
                    r.not_sold_message(Lang::En),
                    r.refunded_message(Lang::En),
                    r.further_lines_message(Lang::En),
                    r.currency_message(Lang::En),
                    r.group_message(Lang::En),
                    r.repeated_totals_message(Lang::En),
                ]
                .into_iter()
                .flatten()
                {
                    println!("  note: {m}");
                }
                for w in r.warnings.iter().take(8) {
                    println!("  warn: {}", w.message(Lang::En));
                }
                let mut per: Vec<(String, i64)> = imp
                    .dataset
                    .customers
                    .iter()
                    .map(|c| (c.name.to_string(), 0))
                    .collect();
                match &imp.dataset.facts {
                    Facts::Transactions(t) => {
                        for (&c, &v) in t.customer.iter().zip(&t.revenue) {
                            per[c as usize].1 += v;
                        }
                    }
                    Facts::Totals(t) => {
                        for (i, v) in t.revenue.iter().enumerate() {
                            per[i].1 += v.unwrap_or(0);
                        }
                    }
                }
                for (n, v) in per {
                    println!("  {n:<40} {v}");
                }
            }
        }
    }
}
