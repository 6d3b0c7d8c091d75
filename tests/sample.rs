//! Integration tests for the invented sample data and the benchmark files.

use std::collections::{HashMap, HashSet};

use klantenpiramide::analysis::calendar::{Day, day_from_civil};
use klantenpiramide::analysis::sample::{
    BENCHMARK_HEADER, SAMPLE_HEADER, benchmark_csv, sample_csv,
};

/// Independent RFC 4180–style parser with `;` as delimiter: a record ends at
/// a line break outside quotes; `""` inside quotes is one quote.
fn parse(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            if ch == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(ch);
            }
            continue;
        }
        match ch {
            '"' if field.is_empty() => quoted = true,
            ';' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(ch),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// `-1.234,56` → -123456.
fn cents(text: &str) -> i64 {
    let (neg, t) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (euros, frac) = t.split_once(',').expect("decimal comma");
    assert_eq!(frac.len(), 2, "two decimals in {text}");
    let groups: Vec<&str> = euros.split('.').collect();
    assert!(
        groups[0].len() <= 3 && !groups[0].is_empty(),
        "grouping in {text}"
    );
    assert!(
        groups[1..].iter().all(|g| g.len() == 3),
        "grouping in {text}"
    );
    let value: i64 = format!("{}{}", groups.concat(), frac).parse().expect(text);
    if neg { -value } else { value }
}

/// `dd-mm-yyyy` → day number.
fn date(text: &str) -> Day {
    let p: Vec<&str> = text.split('-').collect();
    assert_eq!(p.len(), 3, "{text}");
    assert!(
        p[0].len() == 2 && p[1].len() == 2 && p[2].len() == 4,
        "{text}"
    );
    day_from_civil(
        p[2].parse().unwrap(),
        p[1].parse().unwrap(),
        p[0].parse().unwrap(),
    )
    .expect(text)
}

#[test]
fn sample_is_deterministic() {
    assert_eq!(sample_csv(), sample_csv());
}

#[test]
fn sample_shape() {
    let text = sample_csv();
    assert!(text.len() < 5_000_000, "{} bytes", text.len());
    assert_eq!(text.lines().next(), Some(SAMPLE_HEADER));
    assert_eq!(
        SAMPLE_HEADER,
        "Factuurnummer;Factuurdatum;Klantnummer;Klantnaam;Plaats;Accountmanager;Relatietype;Omzet excl. btw;Brutowinst;Vervaldatum;Betaald op"
    );
    let records = parse(&text);
    assert!(
        (35_000..=50_000).contains(&(records.len() - 1)),
        "{} rows",
        records.len() - 1
    );

    let first = day_from_civil(2023, 11, 1).unwrap();
    let last = day_from_civil(2026, 10, 31).unwrap();
    let mut customers = HashSet::new();
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    let mut managers = HashSet::new();
    let mut invoice_numbers = HashSet::new();
    let mut negatives = 0;
    let mut names_of: HashMap<&str, &str> = HashMap::new();
    let mut previous = first;
    let (mut invoices, mut open, mut late, mut early) = (0, 0, 0, 0);
    for r in &records[1..] {
        assert_eq!(r.len(), 11, "{r:?}");
        *kinds.entry(r[6].as_str()).or_default() += 1;
        managers.insert(r[5].as_str());
        assert!(!r[3].is_empty() && !r[4].is_empty(), "{r:?}");
        let number: u32 = r[2].parse().expect("numeric klantnummer");
        assert!((10_001..20_000).contains(&number));
        // One name per relation number.
        assert_eq!(
            *names_of.entry(r[2].as_str()).or_insert(r[3].as_str()),
            r[3]
        );
        match r[6].as_str() {
            "Klant" => {
                customers.insert(number);
                assert!(
                    invoice_numbers.insert(r[0].clone()),
                    "duplicate invoice {}",
                    r[0]
                );
                let d = date(&r[1]);
                assert!((first..=last).contains(&d), "{}", r[1]);
                assert!(d >= previous, "rows in date order");
                previous = d;
                let amount = cents(&r[7]);
                let profit = cents(&r[8]);
                assert_ne!(amount, 0);
                if amount < 0 {
                    negatives += 1;
                    assert!(profit <= 0);
                    // A credit note has no payment dates of its own.
                    assert!(r[9].is_empty() && r[10].is_empty(), "{r:?}");
                } else {
                    let margin = profit as f64 / amount as f64;
                    assert!((0.119..=0.401).contains(&margin), "{margin} in {r:?}");
                    // Due 14 or 30 days after the invoice; paid by the export date, or open.
                    invoices += 1;
                    let due = date(&r[9]);
                    assert!([14, 30].contains(&(due - d)), "{r:?}");
                    if r[10].is_empty() {
                        open += 1;
                    } else {
                        let paid = date(&r[10]);
                        assert!(paid <= last && paid >= d, "{r:?}");
                        late += usize::from(paid - due > 7);
                        early += usize::from(paid < due);
                    }
                }
            }
            "Prospect" | "Suspect" => {
                assert!(r[0].is_empty() && r[1].is_empty() && r[7].is_empty() && r[8].is_empty());
                assert!(r[9].is_empty() && r[10].is_empty());
            }
            other => panic!("unexpected Relatietype {other}"),
        }
    }
    assert!(
        (1_900..=2_100).contains(&customers.len()),
        "{} customers",
        customers.len()
    );
    assert!((40..=80).contains(&kinds["Prospect"]), "{kinds:?}");
    assert!((15..=40).contains(&kinds["Suspect"]), "{kinds:?}");
    assert_eq!(managers.len(), 3, "{managers:?}");
    assert!((20..=100).contains(&negatives), "{negatives} credit notes");
    // Most pay on time; some late; a few are open (the last month's, and some never paid).
    assert!(
        early * 2 > invoices,
        "{early} of {invoices} paid before the due date"
    );
    assert!(
        (invoices / 25..invoices / 8).contains(&late),
        "{late} of {invoices} late"
    );
    assert!(
        (200..invoices / 20).contains(&open),
        "{open} of {invoices} open"
    );

    // Quoting matters: some names carry ';' or '"', some carry accents.
    let names: HashSet<&str> = names_of.values().copied().collect();
    assert!(names.iter().filter(|n| n.contains(';')).count() >= 5);
    assert!(names.iter().filter(|n| n.contains('"')).count() >= 5);
    assert!(names.iter().any(|n| n.contains('é')));
    assert!(
        names
            .iter()
            .any(|n| n.contains('ë') || n.contains('ü') || n.contains('ö'))
    );
    assert!(text.contains(";\"Gemeente ") || text.contains(";\"Stichting "));
    assert!(text.contains("\"\""), "escaped quotes present");
}

#[test]
fn sample_pareto_last_twelve_months() {
    let text = sample_csv();
    let from = day_from_civil(2025, 11, 1).unwrap();
    let to = day_from_civil(2026, 10, 31).unwrap();
    let mut revenue: HashMap<String, i64> = HashMap::new();
    for r in &parse(&text)[1..] {
        if r[6] != "Klant" {
            continue;
        }
        let d = date(&r[1]);
        if (from..=to).contains(&d) {
            *revenue.entry(r[2].clone()).or_default() += cents(&r[7]);
        }
    }
    let mut values: Vec<i64> = revenue.into_values().filter(|&v| v > 0).collect();
    values.sort_unstable_by(|a, b| b.cmp(a));
    let total: i64 = values.iter().sum();
    let top = values.len().div_ceil(5);
    let share = values[..top].iter().sum::<i64>() as f64 / total as f64;
    assert!(
        (0.65..=0.85).contains(&share),
        "top 20% share {share:.3} of {} customers",
        values.len()
    );
    // Churn: a good number of customers bought before but not in the last year.
    assert!(values.len() < 1_800, "{} active customers", values.len());
}

#[test]
fn benchmark_shape() {
    let rows = 100_000;
    let data = benchmark_csv(rows, 7);
    assert_eq!(data, benchmark_csv(rows, 7));
    assert_ne!(data, benchmark_csv(rows, 8));
    let text = std::str::from_utf8(&data).expect("UTF-8");
    assert_eq!(text.lines().next(), Some(BENCHMARK_HEADER));
    assert_eq!(text.lines().count() - 1, rows);
    let per_row = data.len() as f64 / rows as f64;
    assert!((45.0..=75.0).contains(&per_row), "{per_row} bytes per row");

    let records = parse(text);
    assert_eq!(records.len() - 1, rows);
    let first = day_from_civil(2023, 11, 1).unwrap();
    let last = day_from_civil(2026, 10, 31).unwrap();
    let mut customers = HashSet::new();
    let mut negatives = 0;
    let mut quoted = 0;
    for r in &records[1..] {
        assert_eq!(r.len(), 6, "{r:?}");
        customers.insert(r[0].clone());
        if r[1].contains(';') {
            quoted += 1;
        }
        assert!((first..=last).contains(&date(&r[2])));
        let amount = cents(&r[4]);
        cents(&r[5]);
        if amount < 0 {
            negatives += 1;
        }
    }
    let expected = rows / 16;
    assert!(
        customers.len().abs_diff(expected) <= expected / 20,
        "{}",
        customers.len()
    );
    assert!(negatives > 0 && quoted > 0);
}

#[test]
fn benchmark_small_sizes() {
    for rows in [0, 1, 2, 15, 16, 17, 1_000] {
        let data = benchmark_csv(rows, 1);
        let text = String::from_utf8(data).unwrap();
        assert_eq!(text.lines().count(), rows + 1, "{rows}");
        assert_eq!(parse(&text).len(), rows + 1);
    }
}
