//! `make bench`, native part: import + analysis throughput on generated
//! invoice-line files (`;`, decimal comma, some quoted names) of 10k, 100k
//! and 1M rows, showing how cost grows with size. Median of several runs.
//!
//! Run: `cargo run --profile worker-release --example bench` (or `make
//! bench`): the profile the Web Worker, which does this work in the browser,
//! is built with. `... --example bench -- --read PATH [RUNS]` times one
//! file of your own; `... -- --parts PATH` times each step of reading it in
//! two parts as the two workers do (one after the other here). `... --
//! --write PATH ROWS` only writes the generated file (the browser benchmark
//! reads it).

use std::hint::black_box;
use std::time::{Duration, Instant};

use klantenpiramide::analysis::analyse::{Analysis, analyse_in_stages, analyse_with};
use klantenpiramide::analysis::customers::{CustomerQuery, SortColumn, matching};
use klantenpiramide::analysis::dataset::Dataset;
use klantenpiramide::analysis::import::{ImportOptions, import, split};
use klantenpiramide::analysis::rhythm::PurchaseDays;
use klantenpiramide::analysis::sample::benchmark_csv;
use klantenpiramide::analysis::settings::{Basis, Settings};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = black_box(f());
        times.push(start.elapsed());
        last = Some(out);
    }
    (median(times), last.expect("at least one run"))
}

/// A load's analysis in its two stages (see `analyse_in_stages`): the
/// figures, which the page waits for, and the rows, built right after they
/// are posted. Medians of `runs`, and the last analysis.
fn staged(runs: usize, dataset: &Dataset, settings: &Settings) -> (Duration, Duration, Analysis) {
    let (mut figures, mut rows) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let (mut analysis, pending) = black_box(analyse_in_stages(dataset, settings));
        figures.push(start.elapsed());
        let start = Instant::now();
        pending.fill(&mut analysis, dataset);
        rows.push(start.elapsed());
        last = Some(black_box(analysis));
    }
    let last = last.expect("at least one run");
    (median(figures), median(rows), last)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path, rows] = args.as_slice()
        && flag == "--write"
    {
        let rows: usize = rows.parse().expect("ROWS is a number");
        std::fs::write(path, benchmark_csv(rows, 42)).expect("the file can be written");
        return;
    }
    if let [flag, path, rest @ ..] = args.as_slice()
        && flag == "--read"
        && rest.len() <= 1
    {
        let runs = rest
            .first()
            .map_or(5, |r| r.parse().expect("RUNS is a number"));
        read_file(path, runs);
        return;
    }
    if let [flag, path] = args.as_slice()
        && flag == "--parts"
    {
        read_in_parts(path);
        return;
    }
    println!("native, median of runs");
    println!(
        "| rows      |    MB | import ms |  MB/s | M rows/s | customers | figures ms | rows ms | rhythms ms | total ms |"
    );
    println!(
        "|-----------|-------|-----------|-------|----------|-----------|------------|---------|------------|----------|"
    );
    let mut last = None;
    for (rows, runs) in [(10_000, 21), (100_000, 11), (1_000_000, 5)] {
        let bytes = benchmark_csv(rows, 42);
        let mb = bytes.len() as f64 / 1e6;
        let (import_time, imported) = time(runs, || {
            import(&bytes, "bench.csv", &ImportOptions::default())
                .expect("the benchmark file imports")
        });
        let settings = Settings::default();
        // What the app does before the first result (the figures), then
        // right after it (the rows; the purchase days and the rhythms).
        let (figures_time, rows_time, mut analysis) = staged(runs, &imported.dataset, &settings);
        let (days_time, days) = time(runs, || PurchaseDays::new(&imported.dataset));
        let (add_time, ()) = time(runs, || analysis.add_rhythms(&days));
        let rhythm_time = days_time + add_time;
        println!(
            "| {:>9} | {:>5.1} | {:>9.1} | {:>5.0} | {:>8.2} | {:>9} | {:>10.1} | {:>7.1} | {:>10.1} | {:>8.1} |",
            rows,
            mb,
            ms(import_time),
            mb / import_time.as_secs_f64(),
            rows as f64 / import_time.as_secs_f64() / 1e6,
            imported.dataset.customers.len(),
            ms(figures_time),
            ms(rows_time),
            ms(rhythm_time),
            ms(import_time + figures_time + rows_time + rhythm_time),
        );
        assert_eq!(
            imported.report.rows_used, rows as u64,
            "every generated row is used"
        );
        assert!(analysis.relations.active > 0);
        assert!(analysis.rhythm.is_some());
        last = Some((imported, analysis));
    }

    let Some((imported, analysis)) = last else {
        return;
    };
    println!();
    println!("1M rows: settings changes and table queries (no re-parse)");
    let days = PurchaseDays::new(&imported.dataset);
    let profit = Settings {
        basis: Basis::Profit,
        ..Settings::default()
    };
    let (t, _) = time(5, || analyse_with(&imported.dataset, &days, &profit));
    println!("| re-analyse on profit               | {:>6.1} ms |", ms(t));
    let window = Settings {
        window_months: 24,
        ..Settings::default()
    };
    let (t, _) = time(5, || analyse_with(&imported.dataset, &days, &window));
    println!("| re-analyse with a 24-month window  | {:>6.1} ms |", ms(t));
    let search = CustomerQuery {
        search: "bakker".into(),
        ..CustomerQuery::default()
    };
    let (t, hits) = time(11, || matching(&analysis.customers, &search));
    println!(
        "| search 'bakker' ({:>5} hits)       | {:>6.1} ms |",
        hits.len(),
        ms(t)
    );
    let by_name = CustomerQuery {
        sort: SortColumn::Name,
        ..CustomerQuery::default()
    };
    let (t, _) = time(11, || matching(&analysis.customers, &by_name));
    println!(
        "| sort {:>6} customers by name      | {:>6.1} ms |",
        analysis.customers.len(),
        ms(t)
    );

    // The same rows in Windows-1252 with an accented letter on every line;
    // then after a line of UTF-8 (two exports joined), which is decoded line
    // by line (see `encoding`).
    println!();
    println!("1M rows in Windows-1252 (an 'é' on every line)");
    let utf8 = benchmark_csv(1_000_000, 42);
    let mut text = String::with_capacity(utf8.len() + 2_000_000);
    for line in String::from_utf8_lossy(&utf8).split_inclusive('\n') {
        match line.find(';') {
            Some(at) => {
                text.push_str(&line[..=at]);
                text.push('é');
                text.push_str(&line[at + 1..]);
            }
            None => text.push_str(line),
        }
    }
    let cp1252 = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
    let (t, imported) = time(5, || {
        import(&cp1252, "bench.csv", &ImportOptions::default()).expect("the file imports")
    });
    assert_eq!(imported.report.encoding, "windows-1252");
    println!("| import                             | {:>6.1} ms |", ms(t));
    let header = utf8.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut joined = [
        header,
        "\n100000;Café De Zon;03-01-2025;Kit;31,29;9,38\n".as_bytes(),
    ]
    .concat();
    joined.extend_from_slice(&cp1252);
    let (t, imported) = time(5, || {
        import(&joined, "bench.csv", &ImportOptions::default()).expect("the file imports")
    });
    assert_eq!(imported.report.encoding, "UTF-8 + windows-1252");
    println!("| after a UTF-8 file (line by line)  | {:>6.1} ms |", ms(t));
}

/// `--read PATH [RUNS]`: imports and analyses one file of your own (median
/// of `RUNS`, 5 unless given; 1 for an instruction count under callgrind).
fn read_file(path: &str, runs: usize) {
    let bytes = std::fs::read(path).expect("the file can be read");
    let mb = bytes.len() as f64 / 1e6;
    let (import_time, imported) = time(runs, || {
        import(&bytes, path, &ImportOptions::default()).expect("the file imports")
    });
    let (figures_time, rows_time, _) = staged(runs, &imported.dataset, &Settings::default());
    let rows = imported.report.rows_read;
    println!("| file | MB | rows | customers | import ms | M rows/s | figures ms | rows ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {path} | {mb:.1} | {rows} | {} | {:.1} | {:.2} | {:.1} | {:.1} |",
        imported.dataset.customers.len(),
        ms(import_time),
        rows as f64 / import_time.as_secs_f64() / 1e6,
        ms(figures_time),
        ms(rows_time),
    );
}

/// `--parts PATH`: each step of a two-part load of one file, as the browser's
/// two workers take them (here one after the other, median of 5): the plan on
/// the first megabyte, each part's rows, the second part's byte form (what
/// crosses between the workers), and the join with the import's finish.
fn read_in_parts(path: &str) {
    let bytes = std::fs::read(path).expect("the file can be read");
    let size = bytes.len();
    let options = ImportOptions::default();
    let cut = split::cut(size);
    let end = split::second_part_start(&bytes, 0, cut).expect("a line ends after the cut");
    let head = &bytes[..(1 << 20).min(end)];
    let mut decoded = Vec::new();
    let (plan_t, plan) = time(5, || {
        let first = split::plan_first(head, &mut decoded, size, path, &options);
        first.expect("the file can be planned").plan().clone()
    });
    // The first part as its worker reads it: planned on the head, then on to its end.
    let read_first = || {
        let mut decoded = Vec::new();
        let first = split::plan_first(head, &mut decoded, size, path, &options);
        let (plan, mut stream) = first
            .expect("planned")
            .read(&mut |_, _, _| {})
            .expect("read");
        stream
            .feed(&plan, &bytes, end, true, &mut |_, _, _| {})
            .expect("fed");
        (plan, stream.closed().expect("closed"))
    };
    let (first_t, _) = time(5, read_first);
    let read_second = || {
        let mut stream = split::Stream::new(&plan, end, size).expect("a stream");
        stream
            .feed(&plan, &bytes, size, true, &mut |_, _, _| {})
            .expect("fed");
        stream
    };
    let (second_t, _) = time(5, || read_second().lines());
    // The byte form alone, written over a copy of the part's text as the
    // second worker does: each run reads the part again, untimed.
    let mut encodes = Vec::new();
    let mut encoded = Vec::new();
    for _ in 0..5 {
        let stream = read_second();
        let text = bytes[end..].to_vec();
        let start = Instant::now();
        encoded = black_box(stream.encode_into(text));
        encodes.push(start.elapsed());
    }
    let encode_t = median(encodes);
    // The join alone: each run reads the first part again, untimed.
    let mut joins = Vec::new();
    let mut rows = 0;
    for _ in 0..5 {
        let (plan, closed) = read_first();
        let start = Instant::now();
        let joined = split::join(plan, closed, &encoded)
            .expect("joined")
            .expect("imported");
        joins.push(start.elapsed());
        rows = black_box(joined).report.rows_read;
    }
    let join_t = median(joins);
    println!(
        "two parts of {path} ({:.1} MB, {rows} rows), median of 5",
        size as f64 / 1e6
    );
    println!("| step | ms |");
    println!("|---|---:|");
    println!("| plan on the first MB | {:.1} |", ms(plan_t));
    println!(
        "| first part's rows ({:.1} MB, with the plan) | {:.1} |",
        end as f64 / 1e6,
        ms(first_t)
    );
    println!(
        "| second part's rows ({:.1} MB) | {:.1} |",
        (size - end) as f64 / 1e6,
        ms(second_t)
    );
    println!(
        "| second part as bytes ({:.1} MB) | {:.1} |",
        encoded.len() as f64 / 1e6,
        ms(encode_t)
    );
    println!("| join and finish | {:.1} |", ms(join_t));
}
