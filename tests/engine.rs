//! The worker's engine, driven natively through its command protocol.

use klantenpiramide::analysis::customers::{CustomerQuery, SortColumn};
use klantenpiramide::analysis::engine::{Command, Engine, Envelope, Reply, SourceFile, WarmUp};
use klantenpiramide::analysis::import::{
    DOWNLOAD_CAP, ImportError, ImportOptions, Role, WARNING_CAP, import,
};
use klantenpiramide::analysis::lang::Lang;
use klantenpiramide::analysis::settings::{Basis, Settings};

const SMALL: &str = include_str!("fixtures/app/small.csv");
const RHYTHM: &str = include_str!("fixtures/app/rhythm.csv");

fn send(
    engine: &mut Engine,
    id: u32,
    command: Command,
    bytes: &[u8],
) -> (Reply, Vec<(u64, u64, u64)>) {
    let mut progress = Vec::new();
    let reply = engine.handle(
        Envelope { id, command },
        bytes.to_vec(),
        &mut |done, total, rows| progress.push((done, total, rows)),
    );
    (reply, progress)
}

/// Loads a file with default options and settings, as command 1.
fn load(engine: &mut Engine, name: &str, text: &str) -> Reply {
    let command = Command::Load {
        name: name.into(),
        options: ImportOptions::default(),
        settings: Settings::default(),
    };
    send(engine, 1, command, text.as_bytes()).0
}

fn load_small(engine: &mut Engine) -> Reply {
    load(engine, "small.csv", SMALL)
}

/// The built-in sample, as command 1.
fn load_sample(engine: &mut Engine) -> Reply {
    let command = Command::LoadSample {
        settings: Settings::default(),
    };
    send(engine, 1, command, &[]).0
}

#[test]
fn a_load_answers_with_the_report_and_an_analysis_without_customer_rows() {
    let mut engine = Engine::new();
    let (reply, progress) = send(
        &mut engine,
        7,
        Command::Load {
            name: "small.csv".into(),
            options: ImportOptions::default(),
            settings: Settings::default(),
        },
        SMALL.as_bytes(),
    );
    let Reply::Loaded { id, import, view } = reply else {
        panic!("expected Loaded, got {reply:?}");
    };
    assert_eq!(id, 7);
    assert_eq!(import.file_name, "small.csv");
    assert_eq!(import.bytes, SMALL.len() as u64);
    assert_eq!(import.customers, 12);
    assert!(import.has_profit);
    assert_eq!(import.report.rows_read, 13);
    assert!(
        view.analysis.customers.is_empty(),
        "customer rows stay in the worker"
    );
    assert_eq!(view.analysis.relations.active, 10);
    assert_eq!(view.point_names.len(), view.analysis.pareto.points.len());
    // The first point is (0, 0) with nobody; the second is the largest customer.
    assert_eq!(view.point_names[0], None);
    assert_eq!(view.point_names[1].as_deref(), Some("Bakkerij Jansen"));
    let last = progress.last().expect("progress reported");
    assert_eq!(last.0, last.1, "progress ends at the whole file");
}

#[test]
fn pages_come_from_the_ordered_list_and_follow_settings() {
    let mut engine = Engine::new();
    load_small(&mut engine);
    let query = CustomerQuery {
        sort: SortColumn::Value,
        descending: true,
        offset: 1,
        limit: 3,
        ..CustomerQuery::default()
    };
    let (reply, _) = send(
        &mut engine,
        2,
        Command::Page {
            query: query.clone(),
        },
        &[],
    );
    let Reply::Page { id: 2, page } = reply else {
        panic!("expected a page, got {reply:?}");
    };
    assert_eq!(page.total, 12);
    let keys: Vec<&str> = page.rows.iter().map(|r| r.key.as_ref()).collect();
    assert_eq!(keys, ["K02", "K03", "K04"]);
    assert_eq!(page.query, query);

    // On profit, K03 (400) leads and K01 (300) follows.
    let (reply, _) = send(
        &mut engine,
        3,
        Command::Analyse {
            settings: Settings {
                basis: Basis::Profit,
                ..Settings::default()
            },
        },
        &[],
    );
    assert!(matches!(reply, Reply::Analysed { id: 3, .. }), "{reply:?}");
    let first = CustomerQuery { offset: 0, ..query };
    let (reply, _) = send(&mut engine, 4, Command::Page { query: first }, &[]);
    let Reply::Page { page, .. } = reply else {
        panic!("expected a page, got {reply:?}");
    };
    let keys: Vec<&str> = page.rows.iter().map(|r| r.key.as_ref()).take(2).collect();
    assert_eq!(keys, ["K03", "K01"]);
}

#[test]
fn a_bad_correction_fails_and_the_file_can_still_be_reread() {
    let mut engine = Engine::new();
    load_small(&mut engine);
    let mut roles = vec![
        Role::CustomerId,
        Role::CustomerName,
        Role::Date,
        Role::Ignore,
        Role::Ignore,
        Role::Status,
    ];
    let (reply, _) = send(
        &mut engine,
        5,
        Command::Reimport {
            options: ImportOptions {
                roles: Some(roles.clone()),
                ..ImportOptions::default()
            },
            settings: Settings::default(),
        },
        &[],
    );
    assert!(matches!(reply, Reply::Failed { id: 5, .. }), "{reply:?}");
    assert!(engine.summary().is_none());
    roles[4] = Role::Revenue;
    let (reply, _) = send(
        &mut engine,
        6,
        Command::Reimport {
            options: ImportOptions {
                roles: Some(roles),
                ..ImportOptions::default()
            },
            settings: Settings::default(),
        },
        &[],
    );
    let Reply::Loaded { view, .. } = reply else {
        panic!("expected Loaded, got {reply:?}");
    };
    // "Winst" as revenue: the top customer is K03 with 400.00.
    assert_eq!(view.analysis.layers[0].value, 40_000);
}

#[test]
fn commands_before_any_file_fail_cleanly() {
    let mut engine = Engine::new();
    for (id, command) in [
        (
            1,
            Command::Analyse {
                settings: Settings::default(),
            },
        ),
        (
            2,
            Command::Page {
                query: CustomerQuery::default(),
            },
        ),
        (
            3,
            Command::Reimport {
                options: ImportOptions::default(),
                settings: Settings::default(),
            },
        ),
    ] {
        let (reply, _) = send(&mut engine, id, command, &[]);
        assert_eq!(
            reply,
            Reply::Failed {
                id,
                error: ImportError::NothingLoaded
            }
        );
    }
}

#[test]
fn the_sample_and_pasted_text_load_without_bytes_from_the_page() {
    let mut engine = Engine::new();
    let reply = load_sample(&mut engine);
    let Reply::Loaded { import, .. } = reply else {
        panic!("expected Loaded, got {reply:?}");
    };
    assert_eq!(import.customers, 2085);
    let (reply, _) = send(
        &mut engine,
        2,
        Command::LoadText {
            text: "Klant\tDatum\tOmzet\nA\t01-02-2024\t100,00\nB\t03-02-2024\t50,00\n".into(),
            settings: Settings::default(),
        },
        &[],
    );
    let Reply::Loaded { import, view, .. } = reply else {
        panic!("expected Loaded, got {reply:?}");
    };
    assert_eq!(import.file_name, "");
    assert_eq!(import.customers, 2);
    assert_eq!(view.analysis.total_value, 15_000);
}

#[test]
fn a_large_import_reports_progress_along_the_way() {
    let mut csv = String::from("Klant;Datum;Bedrag\n");
    for i in 0..200_000 {
        csv.push_str(&format!(
            "K{};01-0{}-2024;{},50\n",
            i % 500,
            1 + i % 9,
            i % 300
        ));
    }
    let mut engine = Engine::new();
    let (reply, progress) = send(
        &mut engine,
        1,
        Command::Load {
            name: "big.csv".into(),
            options: ImportOptions::default(),
            settings: Settings::default(),
        },
        csv.as_bytes(),
    );
    assert!(matches!(reply, Reply::Loaded { .. }), "{reply:?}");
    assert!(progress.len() >= 3, "several reports: {progress:?}");
    assert!(
        progress
            .windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[0].2 <= w[1].2),
        "{progress:?}"
    );
    let total = csv.len() as u64;
    assert!(progress.iter().all(|p| p.1 == total && p.0 <= total));
    assert_eq!(progress.last().map(|p| (p.0, p.2)), Some((total, 200_000)));
}

#[test]
fn the_warm_up_runs_the_whole_pipeline_in_one_pass_and_in_two_parts() {
    let warm = |way| {
        let mut replies = Vec::new();
        assert!(
            Engine::warm_up(way, &mut |r| replies.push(r.clone())),
            "{way:?}: the sample imports, analyses and pages"
        );
        let [loaded, rhythms, page] = <[Reply; 3]>::try_from(replies).expect("three replies");
        let Reply::Loaded { import, view, .. } = loaded else {
            panic!("{way:?}: a load, got {loaded:?}");
        };
        assert!(import.customers > 1_000, "{way:?}: {}", import.customers);
        let Reply::Rhythms { counts, .. } = rhythms else {
            panic!("{way:?}: rhythms, got {rhythms:?}");
        };
        let Reply::Page { page, .. } = page else {
            panic!("{way:?}: a page, got {page:?}");
        };
        assert!(!page.rows.is_empty(), "{way:?}");
        (import.report.rows_read, view, counts, page)
    };
    // Read in two parts, the sample gives what one pass gives.
    assert_eq!(warm(WarmUp::OnePass), warm(WarmUp::InTwoParts));
}

#[test]
fn a_failed_load_leaves_nothing_to_reanalyse_or_reread() {
    let mut engine = Engine::new();
    assert!(matches!(load_small(&mut engine), Reply::Loaded { .. }));
    let broken = Command::Load {
        name: "broken.csv".into(),
        options: ImportOptions::default(),
        settings: Settings::default(),
    };
    let (reply, _) = send(&mut engine, 2, broken, b"just one line of text\n");
    assert!(matches!(reply, Reply::Failed { id: 2, .. }), "{reply:?}");
    // The earlier file is gone too: the page shows the error, not old figures.
    let analyse = Command::Analyse {
        settings: Settings::default(),
    };
    let (reply, _) = send(&mut engine, 3, analyse, &[]);
    assert_eq!(
        reply,
        Reply::Failed {
            id: 3,
            error: ImportError::NothingLoaded
        }
    );
}

/// A large file read in parts leaves only its dataset in memory: what needs
/// its bytes (a re-import, the skipped rows) waits for the worker to read
/// the file again, and without them never reads half a file.
#[test]
fn a_file_kept_out_of_memory_is_read_again_for_what_needs_its_bytes() {
    let text = format!("{SMALL}K99;Zonder bedrag;01-01-2024;n.b.;0;Klant\n");
    let options = ImportOptions::default();
    let imported = import(text.as_bytes(), "groot.csv", &options);
    let mut engine = Engine::new();
    let file = SourceFile {
        name: "groot.csv".into(),
        bytes: None,
        options: options.clone(),
    };
    let loaded = engine.load_imported(1, file, text.len() as u64, imported, &Settings::default());
    let Reply::Loaded {
        import: summary, ..
    } = loaded
    else {
        panic!("{loaded:?}");
    };
    let reimport = Command::Reimport {
        options: ImportOptions::default(),
        settings: Settings::default(),
    };
    let skipped = Command::SkippedRows { lang: Lang::Nl };
    let analyse = Command::Analyse {
        settings: Settings::default(),
    };
    assert!(engine.needs_source(&reimport));
    assert!(engine.needs_source(&skipped));
    assert!(!engine.needs_source(&analyse));
    // A re-import is that file's load with the new options and settings,
    // which the worker reads as it read the file the first time.
    let other_options = ImportOptions {
        fill_down: Some(true),
        ..ImportOptions::default()
    };
    let other_settings = Settings {
        window_months: 24,
        ..Settings::default()
    };
    let other = Command::Reimport {
        options: other_options.clone(),
        settings: other_settings.clone(),
    };
    assert_eq!(
        engine.reimport_as_load(&other),
        Some(Command::Load {
            name: "groot.csv".into(),
            options: other_options,
            settings: other_settings,
        })
    );
    assert_eq!(engine.reimport_as_load(&skipped), None);
    assert_eq!(engine.reimport_as_load(&analyse), None);
    // Handed over without the bytes: refused, and still waiting for them.
    for (id, command) in [(2, skipped.clone()), (3, reimport.clone())] {
        let (reply, _) = send(&mut engine, id, command, &[]);
        assert_eq!(
            reply,
            Reply::Failed {
                id,
                error: ImportError::Unreadable
            }
        );
    }
    assert!(engine.needs_source(&reimport));

    engine.restore_source(text.clone().into_bytes());
    assert!(!engine.needs_source(&reimport) && !engine.needs_source(&skipped));
    assert_eq!(
        engine.reimport_as_load(&reimport),
        None,
        "in memory: re-imported there"
    );
    let (reply, _) = send(&mut engine, 4, skipped, &[]);
    let Reply::Export { rows: 1, csv, .. } = reply else {
        panic!("one skipped row: {reply:?}");
    };
    assert!(csv.contains("K99;Zonder bedrag"), "{csv}");
    let (reply, _) = send(&mut engine, 5, reimport.clone(), &[]);
    let Reply::Loaded { id: 5, import, .. } = reply else {
        panic!("{reply:?}");
    };
    assert_eq!(import.report, summary.report);
    // Read again, the file stays in memory like any file read in one pass.
    assert!(!engine.needs_source(&reimport));
}

#[test]
fn a_file_whose_rest_could_not_be_read_keeps_its_analysis_but_cannot_be_reread() {
    let mut engine = Engine::new();
    assert!(matches!(load_small(&mut engine), Reply::Loaded { .. }));
    // As the worker does when a file read in two parts cannot be read again.
    engine.drop_source();
    let reimport = Command::Reimport {
        options: ImportOptions::default(),
        settings: Settings::default(),
    };
    let (reply, _) = send(&mut engine, 2, reimport, &[]);
    assert_eq!(
        reply,
        Reply::Failed {
            id: 2,
            error: ImportError::Unreadable
        }
    );
    // The dataset is still there for settings changes.
    let analyse = Command::Analyse {
        settings: Settings::default(),
    };
    let (reply, _) = send(&mut engine, 3, analyse, &[]);
    assert!(matches!(reply, Reply::Analysed { id: 3, .. }), "{reply:?}");
    // A new file starts afresh.
    assert!(matches!(load_small(&mut engine), Reply::Loaded { .. }));
}

#[test]
fn a_re_analysis_reuses_the_purchase_days_and_equals_a_fresh_analysis() {
    use klantenpiramide::analysis::analyse::analyse;
    use klantenpiramide::analysis::calendar::day_from_civil;
    use klantenpiramide::analysis::import::import;
    use klantenpiramide::analysis::rhythm::Cadence;
    use klantenpiramide::analysis::sample::sample_csv;

    let mut engine = Engine::new();
    let reply = load_sample(&mut engine);
    assert!(matches!(reply, Reply::Loaded { .. }), "{reply:?}");
    // As the worker does: the rhythms right after the first result; the
    // re-analysis below then reuses the purchase days built here.
    assert!(matches!(
        engine.complete(1),
        Some(Reply::Rhythms { id: 1, .. })
    ));
    // An earlier reference date: other purchase days count, other cadences.
    let settings = Settings {
        reference_day: day_from_civil(2026, 3, 15),
        ..Settings::default()
    };
    let (reply, _) = send(
        &mut engine,
        2,
        Command::Analyse {
            settings: settings.clone(),
        },
        &[],
    );
    let Reply::Analysed { view, .. } = reply else {
        panic!("expected an analysis, got {reply:?}");
    };
    let csv = sample_csv();
    let dataset = import(csv.as_bytes(), "sample.csv", &ImportOptions::default())
        .expect("the sample imports")
        .dataset;
    let mut fresh = analyse(&dataset, &settings);
    let rows = std::mem::take(&mut fresh.customers);
    assert_eq!(view.analysis, fresh);
    let counts = fresh.rhythm.clone().expect("analyse() adds the rhythms");
    assert!(counts.due > 0 && counts.silent > 0, "{:?}", fresh.rhythm);

    // The call list "due": exactly the due customers, the next expected order first.
    let query = CustomerQuery {
        cadence: Some(Cadence::Due),
        sort: SortColumn::Expected,
        limit: 10_000,
        ..CustomerQuery::default()
    };
    let (reply, _) = send(&mut engine, 3, Command::Page { query }, &[]);
    let Reply::Page { page, .. } = reply else {
        panic!("expected a page, got {reply:?}");
    };
    assert_eq!(page.total, counts.due);
    let expected: Vec<_> = page
        .rows
        .iter()
        .map(|r| r.rhythm.map(|r| r.expected))
        .collect();
    assert!(expected.is_sorted() && expected.iter().all(Option::is_some));
    let mut due: Vec<_> = rows
        .iter()
        .filter(|r| r.rhythm.is_some_and(|r| r.cadence == Cadence::Due))
        .map(|r| r.id)
        .collect();
    let mut listed: Vec<_> = page.rows.iter().map(|r| r.id).collect();
    due.sort_unstable();
    listed.sort_unstable();
    assert_eq!(listed, due);
}

#[test]
fn a_load_answers_first_without_rhythms_and_complete_adds_them() {
    use klantenpiramide::analysis::analyse::analyse;
    use klantenpiramide::analysis::import::import;

    let mut engine = Engine::new();
    // Nothing loaded: nothing to complete.
    assert_eq!(engine.complete(1), None);
    let reply = load(&mut engine, "rhythm.csv", RHYTHM);
    let Reply::Loaded { view, .. } = reply else {
        panic!("the rhythm file loads: {reply:?}");
    };
    assert_eq!(view.rhythm, None);
    // The file starts on 10-02-2026, long after R − 24 months (30-06-2024):
    // no previous period, so no trend and no trend lists.
    assert!(!view.has_trend);
    assert_eq!(view.buying_less, None);
    let Some(Reply::Rhythms { id: 1, counts }) = engine.complete(1) else {
        panic!("complete answers with the rhythms");
    };
    let dataset = import(RHYTHM.as_bytes(), "rhythm.csv", &ImportOptions::default())
        .expect("the rhythm file imports")
        .dataset;
    let mut fresh = analyse(&dataset, &Settings::default());
    assert_eq!(Some(&counts), fresh.rhythm.as_ref());
    // Apart from the rhythms, the first result was the whole analysis.
    fresh.customers.clear();
    fresh.rhythm = None;
    assert_eq!(view.analysis, fresh);
    // Once complete, there is nothing more to add.
    assert_eq!(engine.complete(1), None);
    // Table pages now carry the rhythms.
    let query = CustomerQuery {
        limit: 100,
        ..CustomerQuery::default()
    };
    let (reply, _) = send(&mut engine, 2, Command::Page { query }, &[]);
    let Reply::Page { page, .. } = reply else {
        panic!("expected a page, got {reply:?}");
    };
    let with_rhythm: Vec<&str> = page
        .rows
        .iter()
        .filter(|r| r.rhythm.is_some())
        .map(|r| r.key.as_ref())
        .collect();
    // By hand (see the e2e test on rhythm.csv): A, B, C, E and F have three
    // orders or more, D has two purchase days.
    assert_eq!(
        (
            counts.on_schedule,
            counts.due,
            counts.silent,
            counts.without,
            counts.pearls
        ),
        (1, 3, 1, 1, 0)
    );
    let mut keys = with_rhythm.clone();
    keys.sort_unstable();
    assert_eq!(keys, ["A", "B", "C", "E", "F"]);
}

#[test]
fn an_export_lists_every_matching_row_in_the_table_order() {
    use klantenpiramide::analysis::lang::Lang;
    use klantenpiramide::analysis::rhythm::Cadence;

    let mut engine = Engine::new();
    load(&mut engine, "rhythm.csv", RHYTHM);
    // Before the rhythms are in, the list is empty; complete() clears the
    // cached order, so the same query then finds them.
    let due = CustomerQuery {
        cadence: Some(Cadence::Due),
        limit: 10,
        ..CustomerQuery::default()
    };
    let (reply, _) = send(&mut engine, 2, Command::Page { query: due.clone() }, &[]);
    assert!(
        matches!(reply, Reply::Page { ref page, .. } if page.total == 0),
        "{reply:?}"
    );
    assert!(engine.complete(1).is_some());
    let (reply, _) = send(&mut engine, 3, Command::Page { query: due }, &[]);
    assert!(
        matches!(reply, Reply::Page { ref page, .. } if page.total == 3),
        "{reply:?}"
    );
    // The export: latest expected order first, F and E (01-07; a tie, so by
    // rank: F 480 before E 320), then A (30-06); offset and limit do not apply.
    let query = CustomerQuery {
        cadence: Some(Cadence::Due),
        sort: SortColumn::Expected,
        descending: true,
        offset: 2,
        limit: 1,
        ..CustomerQuery::default()
    };
    let export = Command::Export {
        query,
        lang: Lang::Nl,
    };
    let (reply, _) = send(&mut engine, 4, export, &[]);
    let Reply::Export { id: 4, csv, rows } = reply else {
        panic!("expected an export, got {reply:?}");
    };
    assert_eq!(rows, 3);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("\u{feff}rang;klantnummer;naam;"),
        "{csv}"
    );
    assert_eq!(lines.len(), 4, "{csv}");
    let keys: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(';').nth(1).unwrap_or_default())
        .collect();
    assert_eq!(keys, ["F", "E", "A"]);
    assert!(
        lines[3]
            .ends_with(";400,00;4;2026-05-31;30;2026-06-30;aan de beurt om te bestellen;verkoop;"),
        "{}",
        lines[3]
    );
    // Before any file: nothing to export.
    let mut empty = Engine::new();
    let (reply, _) = send(
        &mut empty,
        1,
        Command::Export {
            query: CustomerQuery::default(),
            lang: Lang::En,
        },
        &[],
    );
    assert!(matches!(reply, Reply::Failed { .. }), "{reply:?}");
}

#[test]
fn the_trend_lists_come_with_the_load_and_the_rhythms() {
    use klantenpiramide::analysis::trend::Signal;

    const TREND: &str = include_str!("fixtures/app/trend.csv");
    let mut engine = Engine::new();
    // Worked out by hand in the e2e test on trend.csv: T is the top customer
    // and buys half of what it did, K bought more than the smallest key
    // customer (M) a year ago and almost nothing now; P and N are small,
    // regular, growing and have a margin of at least the median (30%); L
    // would be a pearl but for its 10% margin (and is due to reorder).
    let Reply::Loaded { view, .. } = load(&mut engine, "trend.csv", TREND) else {
        panic!("the trend file loads");
    };
    assert!(view.has_trend);
    assert_eq!(view.buying_less, Some(2));
    assert_eq!(view.median_margin_bp, Some(3000));
    let Some(Reply::Rhythms { counts, .. }) = engine.complete(1) else {
        panic!("complete answers with the rhythms");
    };
    assert_eq!((counts.pearls, counts.due, counts.silent), (2, 1, 1));
    // In rank order: the largest first.
    let list = |signal: Signal, engine: &mut Engine| {
        let query = CustomerQuery {
            signal: Some(signal),
            ..CustomerQuery::default()
        };
        let (reply, _) = send(engine, 2, Command::Page { query }, &[]);
        let Reply::Page { page, .. } = reply else {
            panic!("expected a page, got {reply:?}");
        };
        page.rows
            .iter()
            .map(|r| (r.key.to_string(), r.previous_value))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        list(Signal::Pearl, &mut engine),
        [("P".to_owned(), Some(40_000)), ("N".to_owned(), Some(0))]
    );
    assert_eq!(
        list(Signal::BuyingLess, &mut engine),
        [
            ("T".to_owned(), Some(2_000_000)),
            ("K".to_owned(), Some(800_000))
        ]
    );
}

#[test]
fn a_customer_level_file_with_last_years_revenue_has_a_trend_and_key_customers_buying_less() {
    use klantenpiramide::analysis::analyse::analyse;
    use klantenpiramide::analysis::pyramid::Layer;
    use klantenpiramide::analysis::trend::Signal;

    const TOTALS: &str = include_str!("fixtures/app/totals-trend.csv");
    let mut engine = Engine::new();
    // Worked out by hand in the e2e test on totals-trend.csv: "Omzet 2025" is the revenue,
    // "Omzet 2024" the period before. A is the top customer, B medium; the key floor is
    // B's 20,000, so D (20,000 a year ago) is key too. B fell 33%, D 60%: both buy less.
    let Reply::Loaded { import, view, .. } = load(&mut engine, "totals.csv", TOTALS) else {
        panic!("the totals file loads");
    };
    assert_eq!(import.report.columns[2].role, Role::PreviousRevenue);
    assert_eq!(import.report.columns[3].role, Role::Revenue);
    // K's previous revenue is not an amount: a warning, K kept with its revenue now.
    assert_eq!(import.report.rows_skipped, 0);
    assert_eq!(import.report.warnings.len(), 1);
    assert!(view.customer_totals && view.has_trend && view.previous_revenue_column);
    assert_eq!(view.buying_less, Some(2));
    let page = |engine: &mut Engine, id: u32, query: CustomerQuery| {
        let (reply, _) = send(engine, id, Command::Page { query }, &[]);
        let Reply::Page { page, .. } = reply else {
            panic!("expected a page, got {reply:?}");
        };
        page.rows
    };
    let rows = page(&mut engine, 2, CustomerQuery::default());
    let j = rows.iter().find(|r| &*r.key == "J").expect("J is listed");
    // Nothing this year, 5,000 last year: a customer who stopped, not a prospect.
    assert_eq!(
        (j.layer, j.value, j.previous_value),
        (Layer::Inactive, 0, Some(500_000))
    );
    let k = rows.iter().find(|r| &*r.key == "K").expect("K is listed");
    assert_eq!(
        (k.layer, k.value, k.previous_value, k.trend()),
        (Layer::Small, 400_000, None, None)
    );
    let less = page(
        &mut engine,
        3,
        CustomerQuery {
            signal: Some(Signal::BuyingLess),
            sort: SortColumn::Trend,
            descending: false,
            ..CustomerQuery::default()
        },
    );
    let keys: Vec<&str> = less.iter().map(|r| r.key.as_ref()).collect();
    assert_eq!(keys, ["D", "B"]);

    // Its call counts come from its rows, so after the figures: complete()
    // answers with them once, even when the table's pages above built the
    // rows first.
    assert_eq!(view.rhythm, None);
    let Some(Reply::Rhythms { id: 1, counts }) = engine.complete(1) else {
        panic!("complete answers with the call counts");
    };
    let dataset = klantenpiramide::analysis::import::import(
        TOTALS.as_bytes(),
        "totals.csv",
        &ImportOptions::default(),
    )
    .expect("the totals file imports")
    .dataset;
    let fresh = analyse(&dataset, &Settings::default());
    assert_eq!(Some(&counts), fresh.rhythm.as_ref());
    assert_eq!(counts.without, view.relations.active);
    assert_eq!(engine.complete(1), None);

    // Profit chosen in a file without profit: the basis stays revenue, and so does the
    // trend. (With profit in the file, profit has no trend: the reference test checks it.)
    let (reply, _) = send(
        &mut engine,
        4,
        Command::Analyse {
            settings: Settings {
                basis: Basis::Profit,
                ..Settings::default()
            },
        },
        &[],
    );
    let Reply::Analysed { view, .. } = reply else {
        panic!("expected Analysed, got {reply:?}");
    };
    assert!(view.profit_unavailable && view.has_trend);
}

#[test]
fn the_skipped_rows_download_reads_the_file_again_for_every_warning_with_its_row() {
    // More bad rows than the report lists: 1,500 amounts that are not numbers,
    // one in four rows.
    let mut text = String::from("Klant;Datum;Bedrag;Plaats\n");
    for i in 0..6_000 {
        let amount = if i % 4 == 1 { "n.v.t." } else { "10,00" };
        text.push_str(&format!(
            "K{:03};{:02}-01-2024;{amount};Gouda\n",
            i % 300,
            i % 28 + 1
        ));
    }
    let mut engine = Engine::new();
    let Reply::Loaded { import, .. } = load(&mut engine, "many.csv", &text) else {
        panic!("the file loads");
    };
    let listed = import.report.warnings.len();
    assert_eq!(
        listed, WARNING_CAP,
        "the report lists the first {WARNING_CAP}"
    );
    assert_eq!(import.report.warning_total(), 1_500);
    assert!(import.report.warnings.iter().all(|w| w.cells.is_none()));

    let (reply, _) = send(&mut engine, 2, Command::SkippedRows { lang: Lang::Nl }, &[]);
    let Reply::Export { id: 2, csv, rows } = reply else {
        panic!("a CSV file: {reply:?}");
    };
    assert_eq!(rows, 1_500);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 1_500, "a header and every skipped row");
    assert_eq!(
        lines[0],
        "\u{feff}rij;kolom;waarde;reden;overgeslagen;Klant;Datum;Bedrag;Plaats"
    );
    // The file's second data row (line 3): its warning, then its own cells.
    assert_eq!(
        lines[1],
        "3;Bedrag;n.v.t.;geen bedrag;ja;K001;02-01-2024;n.v.t.;Gouda"
    );
    // The last one is the file's last bad row, line 5,999.
    assert!(
        lines[1_500].starts_with("5999;Bedrag;n.v.t.;"),
        "{}",
        lines[1_500]
    );
    // In English, with English separators.
    let (reply, _) = send(&mut engine, 3, Command::SkippedRows { lang: Lang::En }, &[]);
    let Reply::Export { csv, .. } = reply else {
        panic!("a CSV file: {reply:?}");
    };
    assert!(
        csv.starts_with("\u{feff}row,column,value,reason,skipped,Klant,Datum,Bedrag,Plaats\r\n")
    );
}

#[test]
fn the_skipped_rows_come_from_the_options_the_file_was_read_with() {
    // "Plaats" as the amount: every row's amount is then "Gouda", not a number.
    let text = "Klant;Datum;Bedrag;Plaats\nA;01-01-2024;10,00;Gouda\nB;02-01-2024;20,00;Gouda\nC;03-01-2024;5,00;3\n";
    let mut engine = Engine::new();
    assert!(matches!(
        load(&mut engine, "f.csv", text),
        Reply::Loaded { .. }
    ));
    let (reply, _) = send(&mut engine, 2, Command::SkippedRows { lang: Lang::Nl }, &[]);
    let Reply::Export { rows: 0, csv, .. } = reply else {
        panic!("no warnings: {reply:?}");
    };
    assert_eq!(csv.lines().count(), 1);
    let roles = vec![Role::CustomerName, Role::Date, Role::Ignore, Role::Revenue];
    let options = ImportOptions {
        roles: Some(roles),
        ..ImportOptions::default()
    };
    let reimport = Command::Reimport {
        options,
        settings: Settings::default(),
    };
    assert!(matches!(
        send(&mut engine, 3, reimport, &[]).0,
        Reply::Loaded { .. }
    ));
    let (reply, _) = send(&mut engine, 4, Command::SkippedRows { lang: Lang::Nl }, &[]);
    let Reply::Export { rows: 2, csv, .. } = reply else {
        panic!("two rows without an amount: {reply:?}");
    };
    assert!(
        csv.contains("\r\n2;Plaats;Gouda;geen bedrag;ja;A;01-01-2024;10,00;Gouda\r\n"),
        "{csv}"
    );
}

#[test]
fn the_skipped_rows_need_a_file() {
    let mut engine = Engine::new();
    let (reply, _) = send(&mut engine, 1, Command::SkippedRows { lang: Lang::Nl }, &[]);
    assert_eq!(
        reply,
        Reply::Failed {
            id: 1,
            error: ImportError::NothingLoaded
        }
    );
    assert!(matches!(load_small(&mut engine), Reply::Loaded { .. }));
    engine.drop_source();
    let (reply, _) = send(&mut engine, 2, Command::SkippedRows { lang: Lang::Nl }, &[]);
    assert_eq!(
        reply,
        Reply::Failed {
            id: 2,
            error: ImportError::Unreadable
        }
    );
}

#[test]
fn the_skipped_rows_download_stops_at_its_cap() {
    // Every amount unreadable: the wrong column chosen, say.
    let mut text = String::from("Klant;Datum;Bedrag;Omzet\n");
    for i in 0..DOWNLOAD_CAP + 5 {
        text.push_str(&format!("K{};01-01-2024;x;1,00\n", i % 1000));
    }
    let mut engine = Engine::new();
    let load = Command::Load {
        name: "f.csv".into(),
        options: ImportOptions {
            roles: Some(vec![
                Role::CustomerId,
                Role::Date,
                Role::Revenue,
                Role::Ignore,
            ]),
            ..ImportOptions::default()
        },
        settings: Settings::default(),
    };
    let (reply, _) = send(&mut engine, 1, load, text.as_bytes());
    let Reply::Failed {
        error: ImportError::NothingUsable { report },
        ..
    } = reply
    else {
        panic!("no usable row");
    };
    assert_eq!(report.warning_total(), (DOWNLOAD_CAP + 5) as u64);
    // The file failed, its skipped rows are still there to download.
    let (reply, _) = send(&mut engine, 2, Command::SkippedRows { lang: Lang::En }, &[]);
    let Reply::Export { rows, csv, .. } = reply else {
        panic!("a CSV file");
    };
    assert_eq!(rows as usize, DOWNLOAD_CAP);
    assert_eq!(csv.lines().count(), 1 + DOWNLOAD_CAP);
}
