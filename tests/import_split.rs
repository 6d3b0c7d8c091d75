//! A file read in two parts (two workers) gives exactly what one pass gives:
//! the same customers in the same order, names, statuses, account managers,
//! transactions, warnings with their row numbers, counts and report.

use klantenpiramide::analysis::import::split::{self, import_in_two};
use klantenpiramide::analysis::import::{ImportError, ImportOptions, Imported, Role, import};
use proptest::prelude::*;

/// One generated data line.
#[derive(Clone, Debug)]
enum Line {
    /// A transaction.
    Sale(Sale),
    /// An amount that is not a number.
    BadAmount(u8),
    /// A row without a customer.
    NoCustomer(i32),
    /// A row without a date.
    NoDate(u8),
    /// A blank line.
    Blank,
    /// A totals line.
    Totals,
}

/// A transaction: customer number, amount cents, day, manager, status, and
/// how the name is written.
#[derive(Clone, Debug)]
struct Sale {
    customer: u8,
    cents: i32,
    day: u8,
    manager: Option<u8>,
    status: bool,
    name: NameStyle,
    /// The day of the next month it was paid: 0 open, 29 a cell that is no date.
    paid: u8,
}

/// `n` sales to `customers` customers in turn: €7 on the 23rd (a day that
/// settles the date order), plain names, no manager or status, unless
/// `change` (given the sale's number) says otherwise.
fn sales(n: u32, customers: u32, change: impl Fn(u32, &mut Sale)) -> Vec<Line> {
    (0..n)
        .map(|i| {
            let mut sale = Sale {
                customer: (i % customers) as u8,
                cents: 700,
                day: 23,
                manager: None,
                status: false,
                name: NameStyle::Plain,
                paid: 25,
            };
            change(i, &mut sale);
            Line::Sale(sale)
        })
        .collect()
}

#[derive(Clone, Copy, Debug)]
enum NameStyle {
    Empty,
    Plain,
    /// Quoted, with the delimiter, a doubled quote and a line break inside.
    Quoted,
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        20 => (
            0u8..60,
            -50_000i32..5_000_000,
            1u8..=28,
            proptest::option::weighted(0.3, 0u8..6),
            proptest::bool::weighted(0.1),
            prop_oneof![
                Just(NameStyle::Empty),
                Just(NameStyle::Plain),
                Just(NameStyle::Quoted)
            ],
            0u8..30,
        )
            .prop_map(|(customer, cents, day, manager, status, name, paid)| {
                Line::Sale(Sale {
                    customer,
                    cents,
                    day,
                    manager,
                    status,
                    name,
                    paid,
                })
            }),
        1 => (0u8..60).prop_map(Line::BadAmount),
        1 => (-5000i32..5000).prop_map(Line::NoCustomer),
        1 => (0u8..60).prop_map(Line::NoDate),
        1 => Just(Line::Blank),
        1 => Just(Line::Totals),
    ]
}

fn money(cents: i32) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{},{:02}", c / 100, c % 100)
}

/// A semicolon file with a header, in the Dutch notation.
fn file(lines: &[Line], crlf: bool, bom: bool) -> Vec<u8> {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut s = String::new();
    if bom {
        s.push('\u{feff}');
    }
    s.push_str("Klantnummer;Klantnaam;Factuurdatum;Bedrag excl. btw;Accountmanager;Status;Vervaldatum;Betaald op;Orderstatus;Terugbetaald;Factuurnummer;Valuta");
    s.push_str(nl);
    for (i, l) in lines.iter().enumerate() {
        let row = match l {
            Line::Sale(Sale {
                customer,
                cents,
                day,
                manager,
                status,
                name,
                paid,
            }) => {
                let name = match name {
                    NameStyle::Empty => String::new(),
                    NameStyle::Plain if customer % 5 == 0 => format!("Café {customer} B.V."),
                    NameStyle::Plain => format!("Klant {customer} B.V."),
                    NameStyle::Quoted => format!("\"Klant; \"\"{customer}\"\"{nl}tweede regel\""),
                };
                let manager = manager.map_or(String::new(), |m| format!("Manager {m}"));
                // Both customer statuses, so the part's byte form carries each.
                let status = match (status, customer % 2) {
                    (false, _) => "",
                    (true, 0) => "klant",
                    (true, _) => "inactief",
                };
                let month = 1 + i % 12;
                // Due a month later; paid then, open, or not a date.
                let paid = match paid {
                    0 => String::new(),
                    29 => "ooit".to_string(),
                    p => format!("{p:02}-{month:02}-2025"),
                };
                // Now and then a cancelled order: skipped, counted with its amount.
                let order = match cents % 11 {
                    0 => "geannuleerd",
                    1 => "betaald",
                    _ => "",
                };
                // Now and then a refund (counted with the amount it took off),
                // or one that is no number (a notice; the row counts in full).
                let refund = match (cents % 7, cents % 29) {
                    (0, _) => money(cents / 3),
                    (_, 1) => "n.v.t.".to_string(),
                    _ => String::new(),
                };
                // Invoices of about three lines; now and then a line without one.
                let number = match cents % 13 {
                    0 => String::new(),
                    _ => format!("F{}", i / 3),
                };
                // Euros, now and then dollars (skipped, counted) or nothing.
                let currency = match (cents % 17, cents % 19) {
                    (0, _) => "USD",
                    (_, 0) => "",
                    _ => "EUR",
                };
                format!(
                    "K{customer:03};{name};{day:02}-{month:02}-2024;{};{manager};{status};{day:02}-{month:02}-2025;{paid};{order};{refund};{number};{currency}",
                    money(*cents)
                )
            }
            Line::BadAmount(c) => format!("K{c:03};;01-02-2024;twaalf;;;;;;;;"),
            Line::NoCustomer(c) => format!(";;01-02-2024;{};;;;;;;;", money(*c)),
            Line::NoDate(c) if c % 2 == 0 => format!("K{c:03};;;12,50;;;;;;;;"),
            // No amount, no order status: a further line of an order.
            Line::NoDate(c) => format!("K{c:03};;;;;;;;;;;"),
            Line::Blank => String::new(),
            Line::Totals => "Totaal;;;999,99;;;;;;;;".to_string(),
        };
        s.push_str(&row);
        s.push_str(nl);
    }
    s.into_bytes()
}

/// Where two imports differ first, in a line (the whole values are huge).
fn difference(
    a: &Result<Imported, ImportError>,
    b: &Result<Imported, ImportError>,
) -> Option<String> {
    let (Ok(a), Ok(b)) = (a, b) else {
        return (a != b).then(|| format!("{:?} vs {:?}", a.as_ref().err(), b.as_ref().err()));
    };
    let (da, db) = (&a.dataset, &b.dataset);
    if let Some(i) = (0..da.customers.len().max(db.customers.len()))
        .find(|&i| da.customers.get(i) != db.customers.get(i))
    {
        return Some(format!(
            "customer {i}: {:?} vs {:?}",
            da.customers.get(i),
            db.customers.get(i)
        ));
    }
    if da.account_managers != db.account_managers {
        return Some(format!(
            "managers {:?} vs {:?}",
            da.account_managers, db.account_managers
        ));
    }
    if da.facts != db.facts {
        use klantenpiramide::analysis::dataset::Facts;
        if let (Facts::Transactions(x), Facts::Transactions(y)) = (&da.facts, &db.facts) {
            let i = (0..x.len().max(y.len())).find(|&i| {
                (x.customer.get(i), x.day.get(i), x.revenue.get(i))
                    != (y.customer.get(i), y.day.get(i), y.revenue.get(i))
            });
            return Some(format!(
                "transactions ({} vs {}) differ first at {i:?}: {:?} vs {:?}",
                x.len(),
                y.len(),
                i.map(|i| (x.customer.get(i), x.day.get(i), x.revenue.get(i))),
                i.map(|i| (y.customer.get(i), y.day.get(i), y.revenue.get(i))),
            ));
        }
        return Some("facts differ".into());
    }
    let (ra, rb) = (&a.report, &b.report);
    if let Some(i) = (0..ra.warnings.len().max(rb.warnings.len()))
        .find(|&i| ra.warnings.get(i) != rb.warnings.get(i))
    {
        return Some(format!(
            "warning {i}: {:?} vs {:?}",
            ra.warnings.get(i),
            rb.warnings.get(i)
        ));
    }
    (a != b).then(|| {
        let mut ra = ra.clone();
        let mut rb = rb.clone();
        ra.warnings.clear();
        rb.warnings.clear();
        format!("report {ra:?} vs {rb:?}")
    })
}

fn options() -> ImportOptions {
    ImportOptions::default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Wherever the file is split, both parts together are the whole.
    #[test]
    fn two_parts_read_like_one_pass(
        lines in proptest::collection::vec(line(), 2600..3000),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        cut in 0.5f64..0.95,
        piece in prop_oneof![Just(usize::MAX), 1usize..4096, 4096usize..200_000],
    ) {
        let bytes = file(&lines, crlf, bom);
        let whole = import(&bytes, "verkoop.csv", &options());
        // The refunds are read (so their counts cross between the parts).
        if let Ok(whole) = &whole {
            let role = |h: &str| whole.report.columns.iter().find(|c| c.header == h).map(|c| c.role);
            prop_assert_eq!(role("Terugbetaald"), Some(Role::Refunded));
            prop_assert_eq!(role("Factuurnummer"), Some(Role::OrderNumber));
            prop_assert_eq!(role("Valuta"), Some(Role::Currency));
            prop_assert_eq!(whole.report.currency.as_deref(), Some("EUR"));
        }
        // (The first part needs more rows than the sample, 1,050: hence ≥ 2,600 lines.)
        splits_as_one_pass(&bytes, cut, piece, &whole)?;
    }
}

/// Reads `bytes` in two parts cut at `cut` (a fraction), and just after the
/// next line ending: a cut whose next line ending is inside a quoted name
/// is refused (checked below), and of two line endings in a row one ends a
/// record. At least one cut splits, and every split equals `whole`.
fn splits_as_one_pass(
    bytes: &[u8],
    cut: f64,
    piece: usize,
    whole: &Result<Imported, ImportError>,
) -> Result<(), TestCaseError> {
    let mut mid = (bytes.len() as f64 * cut) as usize;
    let mut splits = 0;
    for _ in 0..2 {
        if let Some(split) = import_in_two(bytes, mid, piece, "verkoop.csv", &options()) {
            prop_assert_eq!(difference(&split, whole), None);
            splits += 1;
        }
        mid = split::second_part_start(bytes, 0, mid).unwrap_or(bytes.len());
    }
    prop_assert!(splits > 0, "neither cut split");
    Ok(())
}

/// `text` in Windows-1252 (the few letters the generated files have beyond ASCII).
fn to_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'é' => 0xE9,
            '€' => 0x80,
            'ü' => 0xFC,
            c if c.is_ascii() => c as u8,
            c => panic!("{c:?} is not in the test's Windows-1252"),
        })
        .collect()
}

/// How much of a file Excel re-saved as Windows-1252.
#[derive(Clone, Copy, Debug)]
enum Saved {
    /// All of it (what Excel's "CSV" gives).
    All,
    /// The lines from a point on (the file's start is UTF-8).
    From(f64),
    /// The lines before a point (two exports joined, the later in UTF-8).
    Before(f64),
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// A file in Windows-1252, wholly or in part (its start planned on as
    /// UTF-8, or decoded), read in two parts gives what one pass gives,
    /// the encoding's name included.
    #[test]
    fn two_parts_of_windows_1252_read_like_one_pass(
        lines in proptest::collection::vec(line(), 2600..3000),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        cut in 0.5f64..0.95,
        piece in prop_oneof![Just(usize::MAX), 1usize..4096, 4096usize..200_000],
        saved in prop_oneof![
            Just(Saved::All),
            (0.0f64..1.0).prop_map(Saved::From),
            (0.0f64..1.0).prop_map(Saved::Before),
        ],
    ) {
        let utf8 = String::from_utf8(file(&lines, crlf, false)).expect("UTF-8");
        let all: Vec<&str> = utf8.split_inclusive('\n').collect();
        let mut bytes = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
        for (i, line) in all.iter().enumerate() {
            let at = i as f64 / all.len() as f64;
            let cp1252 = match saved {
                Saved::All => true,
                Saved::From(p) => at >= p,
                Saved::Before(p) => at < p,
            };
            if cp1252 {
                bytes.extend(to_1252(line));
            } else {
                bytes.extend_from_slice(line.as_bytes());
            }
        }
        let whole = import(&bytes, "verkoop.csv", &options());
        splits_as_one_pass(&bytes, cut, piece, &whole)?;
    }
}

/// An Excel "CSV" (Windows-1252) is read in two parts, each decoding its
/// own: the names and the encoding's name are one pass's.
#[test]
fn a_windows_1252_file_splits_with_its_names_decoded() {
    // (More lines than the plan's 1,050 in a quarter of the file.)
    let lines = sales(6000, 50, |i, s| s.cents = 100 + i as i32);
    let utf8 = String::from_utf8(file(&lines, true, false)).expect("UTF-8");
    let bytes = to_1252(&utf8);
    let whole = import(&bytes, "verkoop.csv", &options()).expect("imports");
    assert_eq!(whole.report.encoding, "windows-1252");
    assert!(
        whole
            .dataset
            .customers
            .iter()
            .any(|c| &*c.name == "Café 5 B.V."),
        "names decoded"
    );
    for piece in [usize::MAX, 7_777] {
        let split = import_in_two(&bytes, bytes.len() / 2, piece, "verkoop.csv", &options())
            .expect("a Windows-1252 file splits");
        assert_eq!(difference(&split, &Ok(whole.clone())), None);
    }
    // Its start in UTF-8 (an ASCII-only start reads as UTF-8 too), the rest
    // re-saved: the parts go on line by line where they meet it.
    let half = utf8.len() / 3;
    let joined = [&utf8.as_bytes()[..half], &to_1252(&utf8[half..])].concat();
    let whole = import(&joined, "verkoop.csv", &options()).expect("imports");
    assert_eq!(whole.report.encoding, "UTF-8 + windows-1252");
    for cut in [joined.len() / 4, joined.len() / 2] {
        let split = import_in_two(&joined, cut, 9_999, "verkoop.csv", &options()).expect("splits");
        assert_eq!(difference(&split, &Ok(whole.clone())), None);
    }
    // ASCII, one UTF-8 name after the start the plan read, one Windows-1252
    // name near the end: the UTF-8 line counts in the encoding's name.
    let plain = file(&sales(6000, 50, |_, s| s.customer = 1), false, false);
    let (at, late) = (plain.len() * 2 / 5, plain.len() * 4 / 5);
    let line_after = |at: usize| at + plain[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut mixed = plain[..line_after(at)].to_vec();
    mixed.extend_from_slice("K002;Müller;23-01-2024;7,00;;;;;;;;\n".as_bytes());
    mixed.extend_from_slice(&plain[line_after(at)..line_after(late)]);
    mixed.extend_from_slice(b"K003;Caf\xe9;23-01-2024;7,00;;;;;;;;\n");
    mixed.extend_from_slice(&plain[line_after(late)..]);
    let whole = import(&mixed, "verkoop.csv", &options()).expect("imports");
    assert_eq!(whole.report.encoding, "UTF-8 + windows-1252");
    let split =
        import_in_two(&mixed, mixed.len() / 2, 9_999, "verkoop.csv", &options()).expect("splits");
    assert_eq!(difference(&split, &Ok(whole)), None);
}

/// A plain file is split (so the property above is not vacuous) and equals
/// the whole, including warnings after the middle with their own row numbers.
#[test]
fn a_plain_file_splits_at_the_middle_and_keeps_every_row_number() {
    let mut lines = Vec::new();
    for (i, sale) in sales(3000, 50, |i, s| {
        s.cents = 1000 + i as i32;
        s.day = 1 + (i % 28) as u8;
        s.manager = (i % 7 == 0).then_some((i % 5) as u8);
        if i % 3 == 0 {
            s.name = NameStyle::Quoted;
        }
    })
    .into_iter()
    .enumerate()
    {
        lines.push(sale);
        if i % 400 == 399 {
            lines.push(Line::BadAmount(3));
            lines.push(Line::Blank);
        }
    }
    let bytes = file(&lines, false, false);
    let whole = import(&bytes, "verkoop.csv", &options()).expect("imports");
    // At the middle: the first line ending there that ends a record (not one
    // inside a quoted name, whose next line is "tweede regel").
    let middle = bytes.len() / 2;
    let cut = middle
        + bytes[middle..]
            .windows(2)
            .position(|w| w == b"\nK")
            .expect("a record starts after the middle");
    let split = import_in_two(&bytes, cut, usize::MAX, "verkoop.csv", &options())
        .expect("a plain file splits")
        .expect("imports");
    assert_eq!(split, whole);
    let rows: Vec<u64> = whole.report.warnings.iter().map(|w| w.row).collect();
    assert!(
        rows.iter().any(|&r| r > 3000),
        "warnings in the second part: {rows:?}"
    );
}

/// Cut inside a quoted field with a line break: the first part's last row
/// would run into the second part, so the file is read whole.
#[test]
fn a_cut_inside_quotes_is_refused() {
    let lines = sales(2400, 40, |_, s| s.name = NameStyle::Quoted);
    let bytes = file(&lines, false, false);
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    // Just before the line break inside a quoted name in the second half.
    let mid = text[bytes.len() / 2..]
        .find("\"\"\ntweede")
        .map(|p| bytes.len() / 2 + p + 2)
        .expect("a quoted line break");
    assert_eq!(
        import_in_two(&bytes, mid, 10_000, "verkoop.csv", &options()),
        None,
        "a record open across the cut"
    );
    // Just after that line break, the next `\n` ends the record: exact again.
    let later = mid + 1;
    let split = import_in_two(&bytes, later, 7_777, "verkoop.csv", &options()).expect("splits");
    assert_eq!(split, import(&bytes, "verkoop.csv", &options()));
}

/// Customers keyed by e-mail address, typed in another case now and then,
/// are one customer in either part, as in one pass.
#[test]
fn email_keys_in_any_case_split_as_one_pass() {
    let mut text = String::from("Email;Datum;Bedrag\n");
    for i in 0..4000 {
        let who = format!("klant{}@example.nl", i % 97);
        let who = if i % 3 == 0 { who.to_uppercase() } else { who };
        text.push_str(&format!(
            "{who};{:02}-03-2025;{},{:02}\n",
            i % 28 + 1,
            i % 500,
            i % 100
        ));
    }
    let bytes = text.into_bytes();
    let whole = import(&bytes, "orders.csv", &options());
    assert_eq!(whole.as_ref().unwrap().dataset.customers.len(), 97);
    for cut in [bytes.len() / 3, bytes.len() / 2] {
        let split = import_in_two(&bytes, cut, 9_999, "orders.csv", &options()).expect("splits");
        assert_eq!(split, whole);
    }
}

/// Consumers keyed by their name (no company, no number) and customers
/// named by a person in one part and by their company in the other are the
/// same customers with the same names as in one pass: a company's name
/// replaces a person's whichever part it is in.
#[test]
fn people_without_a_company_split_as_one_pass() {
    let mut text = String::from("Bedrijfsnaam;Voornaam;Achternaam;E-mail;Datum;Bedrag\n");
    for i in 0..4000 {
        let n = i % 89;
        // Every seventh customer gives its company name only from line
        // 3,000 on (in the second part), every fifth never.
        let company = if n % 5 == 0 || (n % 7 == 0 && i < 3000) {
            String::new()
        } else {
            format!("Bedrijf {n}")
        };
        text.push_str(&format!(
            "{company};Voor{n};Achter{n};mens{n}@example.nl;{:02}-03-2025;{},{:02}\n",
            i % 28 + 1,
            i % 500,
            i % 100
        ));
    }
    let bytes = text.into_bytes();
    let whole = import(&bytes, "orders.csv", &options());
    let customers = &whole.as_ref().unwrap().dataset.customers;
    assert_eq!(customers.len(), 89);
    let name = |n: usize| {
        let key = format!("mens{n}@example.nl");
        let c = customers.iter().find(|c| *c.key == key).unwrap();
        c.name.to_string()
    };
    assert_eq!(name(5), "Voor5 Achter5");
    assert_eq!(name(7), "Bedrijf 7");
    assert_eq!(name(8), "Bedrijf 8");
    for cut in [bytes.len() / 3, bytes.len() / 2] {
        let split = import_in_two(&bytes, cut, 9_999, "orders.csv", &options()).expect("splits");
        assert_eq!(split, whole);
    }
    // Without the e-mail column the name is the key: a consumer's is "first last".
    let no_mail: Vec<String> = String::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split(';').collect();
            f.remove(3);
            f.join(";")
        })
        .collect();
    let bytes = (no_mail.join("\n") + "\n").into_bytes();
    let whole = import(&bytes, "orders.csv", &options());
    let keys: Vec<&str> = whole
        .as_ref()
        .unwrap()
        .dataset
        .customers
        .iter()
        .map(|c| &*c.key)
        .collect();
    assert!(keys.contains(&"Voor5 Achter5"), "{keys:?}");
    for cut in [bytes.len() / 3, bytes.len() / 2] {
        let split = import_in_two(&bytes, cut, 9_999, "orders.csv", &options()).expect("splits");
        assert_eq!(split, whole);
    }
}

/// Files that cannot be split are left to one pass.
#[test]
fn other_encodings_workbooks_and_totals_files_are_not_split() {
    let mut bytes = file(&sales(2400, 40, |_, _| {}), false, false);
    let mid = bytes.len() / 2;
    assert!(import_in_two(&bytes, mid, 10_000, "verkoop.csv", &options()).is_some());
    // Pasted text (no file name) and a workbook (by its first bytes).
    assert!(import_in_two(&bytes, mid, usize::MAX, "", &options()).is_none());
    let zipped = [b"PK\x03\x04".as_slice(), &bytes].concat();
    assert!(import_in_two(&zipped, mid, usize::MAX, "verkoop.xlsx", &options()).is_none());
    // Text named as a workbook is text ("export to Excel" writes such files): split.
    let split = import_in_two(&bytes, mid, 10_000, "verkoop.xls", &options()).expect("splits");
    assert_eq!(split, import(&bytes, "verkoop.xls", &options()));

    // UTF-16: read whole.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            String::from_utf8_lossy(&bytes)
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert!(import_in_two(&utf16, utf16.len() / 2, 10_000, "verkoop.csv", &options()).is_none());
    // A line in another script (Greek) read as UTF-8 in the first part, and
    // Windows-1252 (a euro sign as byte 0x80) in the second: one pass reads
    // the Greek line as Windows-1252 too, so the parts refuse.
    let greek = bytes.len() / 4;
    let nl = greek + bytes[greek..].iter().position(|&b| b == b'\n').unwrap();
    bytes.splice(nl..nl, "\nK001;Αθήνα;23-01-2024;7,00;;;;;;;;".bytes());
    let at = bytes.len() * 3 / 4;
    let nl = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap();
    bytes.splice(nl..nl, *b";\x80");
    let whole = import(&bytes, "verkoop.csv", &options()).expect("imports");
    assert_eq!(whole.report.encoding, "UTF-8 + windows-1252");
    assert!(import_in_two(&bytes, mid, 10_000, "verkoop.csv", &options()).is_none());
    // One row per customer (customer totals): read whole.
    let mut totals = String::from("Klant;Omzet\n");
    for i in 0..3000 {
        totals.push_str(&format!("K{i};{},50\n", i * 3));
    }
    let t = totals.as_bytes();
    assert!(import_in_two(t, t.len() / 2, usize::MAX, "klanten.csv", &options()).is_none());
    // A report per customer (a header row, rows without a customer below):
    // read whole, or the second part would not know its first rows' customer.
    let mut report = String::from("Debiteur;Datum;Bedrag\n");
    for i in 0..600 {
        report.push_str(&format!(
            "K{i} Klant {i};;\n;23-01-2025;7,00\n;23-02-2025;8,00\nSubtotaal;;15,00\n"
        ));
    }
    let r = report.as_bytes();
    assert!(import_in_two(r, r.len() / 2, usize::MAX, "rapport.csv", &options()).is_none());
    let whole = import(r, "rapport.csv", &options()).unwrap();
    assert_eq!(whole.report.rows_filled_down, 1200);
    assert_eq!(whole.dataset.customers.len(), 600);
    // An order's total on each of its lines: read whole, or an order cut in
    // two would count in both parts.
    let mut orders = String::from("Order Number,Order Date,Customer Email,Order Total\n");
    for i in 0..1500 {
        orders.push_str(&format!(
            "{i},2025-03-01,k{}@x.nl,{i}.50\n{i},2025-03-01,k{}@x.nl,{i}.50\n",
            i % 90,
            i % 90
        ));
    }
    let o = orders.as_bytes();
    assert!(import_in_two(o, o.len() / 2, usize::MAX, "orders.csv", &options()).is_none());
    let whole = import(o, "orders.csv", &options()).unwrap();
    assert_eq!(
        (whole.report.rows_used, whole.report.rows_repeated_totals),
        (1500, 1500)
    );
}

/// The worker plans on the file's first megabyte and asks for more only
/// where more can help: a UTF-8 text whose start holds too few rows for the
/// plan; never a workbook, UTF-16 or a web page.
#[test]
fn a_plan_that_wants_more_rows_is_made_on_more_of_the_start() {
    // Rows of ~1 KB: 1,050 of them do not fit in 400 KB.
    let mut text = String::from("Klant;Datum;Bedrag;Omschrijving\n");
    for i in 0..3000 {
        let note = "x".repeat(1000 + i % 7);
        text.push_str(&format!(
            "K{};{:02}-01-2025;{},50;{note}\n",
            i % 50,
            i % 28 + 1,
            i
        ));
    }
    let bytes = text.as_bytes();
    let short = &bytes[..400_000];
    let mut decoded = Vec::new();
    assert!(split::plan_first(short, &mut decoded, bytes.len(), "lang.csv", &options()).is_none());
    assert!(split::may_plan_on_more(short, "lang.csv"));
    let longer = &bytes[..1_500_000];
    assert!(split::plan_first(longer, &mut decoded, bytes.len(), "lang.csv", &options()).is_some());

    // More of these would not help: read in one pass.
    let plain = file(&sales(2400, 40, |_, _| {}), false, false);
    let head = &plain[..plain.len() / 2];
    assert!(split::may_plan_on_more(head, "verkoop.csv"));
    assert!(!split::may_plan_on_more(head, ""));
    let zipped = [b"PK\x03\x04".as_slice(), head].concat();
    assert!(!split::may_plan_on_more(&zipped, "verkoop.xlsx"));
    let mut latin = head.to_vec();
    latin.splice(100..100, *b"\x80");
    assert!(split::may_plan_on_more(&latin, "verkoop.csv"));
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            String::from_utf8_lossy(head)
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert!(!split::may_plan_on_more(&utf16, "verkoop.csv"));
    let page = b"<html><body><table><tr><td>Klant</td></tr></table>\n";
    assert!(!split::may_plan_on_more(page, "verkoop.xls"));
}

/// A part's byte form, cut short or with a byte too many, is refused.
#[test]
fn a_truncated_part_is_refused() {
    let mut lines = sales(2400, 40, |i, s| {
        s.cents = -300 + i as i32;
        s.manager = Some((i % 3) as u8);
        s.status = i % 2 == 0;
        s.name = NameStyle::Quoted;
    });
    lines.extend((0..24).map(|_| Line::NoCustomer(77)));
    let bytes = file(&lines, true, true);
    let mid = bytes.len() / 2;
    let mut decoded = Vec::new();
    let first = split::plan_first(
        &bytes[..mid],
        &mut decoded,
        bytes.len(),
        "verkoop.csv",
        &options(),
    )
    .unwrap();
    let plan = first.plan().clone();
    let start = split::second_part_start(&bytes, 0, mid).unwrap();
    let mut second = split::Stream::new(&plan, start, bytes.len()).unwrap();
    second
        .feed(&plan, &bytes, bytes.len(), true, &mut |_, _, _| {})
        .unwrap();
    let encoded = second.encode_into(Vec::new());
    let encoded = &encoded[..encoded.len() - 1];
    let mut longer = encoded.to_vec();
    longer.push(0);
    for bad in [
        &encoded[..0],
        &encoded[..1],
        &encoded[..encoded.len() / 2],
        &encoded[..encoded.len() - 1],
        &longer[..],
    ] {
        let mut part = split::Partial::default();
        assert_eq!(part.append_encoded(bad, 0), None, "{} bytes", bad.len());
    }
    let mut part = split::Partial::default();
    assert_eq!(part.append_encoded(encoded, 0), Some(()));
}

/// Account managers are listed in the order one pass meets them: the second
/// part's customers in the order they got theirs, and none for a customer
/// the first part already gave one.
#[test]
fn account_managers_keep_the_order_of_one_pass() {
    let lines = sales(2800, 50, |i, s| s.manager = (i == 1).then_some(0));
    let mut bytes = file(&lines, false, false);
    bytes.extend_from_slice(
        b"K100;;23-05-2024;10,00;;\n\
          K101;;23-05-2024;10,00;Zeger;\n\
          K100;;23-05-2024;10,00;Yvonne;\n\
          K001;;23-05-2024;10,00;Xander;\n",
    );
    let whole = import(&bytes, "verkoop.csv", &options()).expect("imports");
    assert_eq!(
        whole.dataset.account_managers,
        ["Manager 0", "Zeger", "Yvonne"].map(std::sync::Arc::<str>::from)
    );
    let split = import_in_two(
        &bytes,
        bytes.len() / 2,
        usize::MAX,
        "verkoop.csv",
        &options(),
    )
    .expect("splits")
    .expect("imports");
    assert_eq!(split, whole);
}

/// A piece that ends before rows already read (a caller's mistake: its first
/// piece went past the cut) is refused, not a panic.
#[test]
fn feeding_less_than_was_read_is_refused() {
    let bytes = file(&sales(2400, 40, |_, _| {}), false, false);
    let mut decoded = Vec::new();
    let planned = split::plan_first(
        &bytes,
        &mut decoded,
        bytes.len() * 2,
        "verkoop.csv",
        &options(),
    )
    .expect("plans");
    let (plan, mut stream) = planned.read(&mut |_, _, _| {}).expect("reads");
    let half = bytes.len() / 2;
    assert_eq!(
        stream.feed(&plan, &bytes, half, true, &mut |_, _, _| {}),
        None
    );
}

/// Opens a quote at the start of the name field of the first line after `at`.
fn open_quote_after(bytes: &[u8], at: usize) -> Vec<u8> {
    let line = at
        + bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .expect("a line")
        + 1;
    let name = line
        + bytes[line..]
            .iter()
            .position(|&b| b == b';')
            .expect("a field")
        + 1;
    let mut broken = bytes.to_vec();
    broken.insert(name, b'"');
    broken
}

#[test]
fn an_unclosed_quote_is_refused_instead_of_reread_with_every_piece() {
    // ~7.5 MB: more than split::HELD_LIMIT after the quote either way.
    let bytes = file(&sales(150_000, 40, |_, _| {}), false, false);
    assert!(bytes.len() / 4 > split::HELD_LIMIT);

    // In the second part: its pieces stop at the open record, and once it is
    // longer than the limit the part is refused (one pass reads the file).
    let broken = open_quote_after(&bytes, split::cut(bytes.len()) + (200 << 10));
    assert_eq!(
        import_in_two(
            &broken,
            broken.len() / 2,
            64 << 10,
            "verkoop.csv",
            &options()
        ),
        None
    );

    // In the first part: the stream gives up as soon as the open record
    // outgrows the limit, not at the cut.
    let broken = open_quote_after(&bytes, 100_000);
    let mut decoded = Vec::new();
    let planned = split::plan_first(
        &broken[..80_000],
        &mut decoded,
        broken.len(),
        "verkoop.csv",
        &options(),
    )
    .expect("plans");
    let (plan, mut stream) = planned.read(&mut |_, _, _| {}).expect("reads");
    let mut have = 80_000;
    let refused_at = loop {
        have += 64 << 10;
        if stream
            .feed(&plan, &broken, have, false, &mut |_, _, _| {})
            .is_none()
        {
            break have;
        }
        assert!(have < broken.len() / 2, "never refused");
    };
    assert!(
        refused_at <= 100_000 + split::HELD_LIMIT + (128 << 10),
        "{refused_at}"
    );
}

#[test]
fn a_journal_splits_as_one_pass() {
    // Three lines per invoice (debtor, revenue, VAT), a credit note now and
    // then: the lines on other accounts are counted in both parts.
    let mut text = String::from("Datum;Grootboeknummer;Relatiecode;Factuurnummer;Debet;Credit\n");
    for i in 0..3000 {
        let (c, day) = (i % 41, i % 28 + 1);
        let (net, vat) = (100 + i % 900, (100 + i % 900) * 21 / 100);
        let credit_note = i % 13 == 0;
        let (d, k) = if credit_note { ("", "x") } else { ("x", "") };
        let side = |amount: u32, debit_side: &str| {
            if debit_side.is_empty() {
                format!(";{amount},00")
            } else {
                format!("{amount},00;")
            }
        };
        text.push_str(&format!(
            "{day:02}-03-2025;1300;{c};F{i};{}\n",
            side(net + vat, d)
        ));
        text.push_str(&format!(
            "{day:02}-03-2025;8000;{c};F{i};{}\n",
            side(net, k)
        ));
        text.push_str(&format!(
            "{day:02}-03-2025;1671;{c};F{i};{}\n",
            side(vat, k)
        ));
    }
    let bytes = text.into_bytes();
    let whole = import(&bytes, "journaal.csv", &options());
    let report = &whole.as_ref().unwrap().report;
    assert_eq!((report.rows_used, report.rows_other_account), (3000, 6000));
    for cut in [bytes.len() / 3, bytes.len() / 2] {
        let split = import_in_two(&bytes, cut, 9_999, "journaal.csv", &options()).expect("splits");
        assert_eq!(difference(&split, &whole), None);
    }
}

#[test]
fn a_journal_with_a_debit_credit_indicator_splits_as_one_pass() {
    // One unsigned amount and "D/C": a credit note (debit on revenue) now
    // and then, a line whose indicator is unreadable now and then.
    let mut text = String::from("Datum;Grootboekrekening;Relatie;Bedrag;D/C\n");
    for i in 0..3000 {
        let (c, day) = (i % 41, i % 28 + 1);
        let net = 100 + i % 900;
        let (debtor, revenue) = match i % 13 {
            0 => ("C", "D"),
            7 => ("D", "?"),
            _ => ("D", "C"),
        };
        text.push_str(&format!("{day:02}-03-2025;1300;{c};{net},00;{debtor}\n"));
        text.push_str(&format!("{day:02}-03-2025;8000;{c};{net},00;{revenue}\n"));
    }
    let bytes = text.into_bytes();
    let whole = import(&bytes, "journaal.csv", &options());
    let report = &whole.as_ref().unwrap().report;
    assert_eq!(report.rows_other_account, 3000);
    assert!(
        report.rows_skipped > 3000,
        "the unreadable indicators are skipped"
    );
    for cut in [bytes.len() / 3, bytes.len() / 2] {
        let split = import_in_two(&bytes, cut, 9_999, "journaal.csv", &options()).expect("splits");
        assert_eq!(difference(&split, &whole), None);
    }
}

/// A journal sorted by account (debtors, then VAT, then revenue): whether
/// its account column is a journal's or an account card's shows only where
/// a revenue account comes. A first part that holds none cannot plan (one
/// pass reads the file); one that holds one reads like one pass.
#[test]
fn a_journal_sorted_by_account_splits_only_where_its_revenue_shows() {
    let mut text = String::from("Datum;Klant;Grootboekrekening;Debet;Credit\n");
    for (account, debit, credit) in [
        ("1300 Debiteuren", "121,00", ""),
        ("1600 Af te dragen btw", "", "21,00"),
        ("8000 Omzet hoog", "", "100,00"),
    ] {
        for i in 0..1500 {
            let (day, customer) = (i % 28 + 1, i % 40);
            text += &format!("{day:02}-03-2025;K{customer};{account};{debit};{credit}\n");
        }
    }
    let bytes = text.as_bytes();
    let whole = import(bytes, "journaal.csv", &options());
    assert_eq!(whole.as_ref().map(|i| i.report.rows_used).ok(), Some(1500));
    let revenue_from = text.find("8000 Omzet").expect("revenue lines");
    for cut in [0.2, 0.5, 0.7, 0.9] {
        let mid = (bytes.len() as f64 * cut) as usize;
        for piece in [4096, usize::MAX] {
            let split = import_in_two(bytes, mid, piece, "journaal.csv", &options());
            if mid < revenue_from {
                assert!(
                    split.is_none(),
                    "cut {cut}: planned without a revenue account"
                );
            } else {
                let split = split.expect("a first part with revenue lines splits");
                assert_eq!(difference(&split, &whole), None, "cut {cut}, piece {piece}");
            }
        }
    }
}
