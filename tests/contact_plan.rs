//! The contact plan (domain.md §3) from an invoice file with due and paid
//! dates: through the import and the analysis, worked out by hand.

use klantenpiramide::analysis::analyse::{Analysis, analyse};
use klantenpiramide::analysis::contact::{ContactCounts, ContactPlan, PaymentRecord};
use klantenpiramide::analysis::dataset::Facts;
use klantenpiramide::analysis::export::{Columns, customers_csv};
use klantenpiramide::analysis::import::{ImportOptions, Imported, Role, WarningKind, import};
use klantenpiramide::analysis::lang::Lang;
use klantenpiramide::analysis::settings::Settings;

/// Seven customers, R = 30-06-2026 (the latest invoice), every invoice due
/// 30 days after it:
/// - A: monthly, always paid on the due date → on time, blooming;
/// - B: monthly, two of five paid 20 days late (the last not due yet, open)
///   → chasing, tiresome;
/// - C: one invoice open 60 days past due → chasing, tiresome;
/// - D: monthly, one of five paid 10 days late → sometimes late, no plan;
/// - E: quarterly, on time → on time, but not monthly: no plan;
/// - F: one large invoice at a 10% margin (the others 30%), on time → the top
///   customer below the median margin: engaging;
/// - G: its only paid date is no date → its payment unknown, no plan.
///
/// A's credit note has no payment dates and is not an invoice to judge. H
/// (one small invoice on R, not yet due) pays on time, without a plan.
/// The e2e test reads the same file.
const FILE: &str = include_str!("fixtures/app/payments.csv");

fn imported() -> Imported {
    import(FILE.as_bytes(), "facturen.csv", &ImportOptions::default()).expect("imports")
}

fn analysed() -> Analysis {
    analyse(&imported().dataset, &Settings::default())
}

fn row<'a>(a: &'a Analysis, key: &str) -> &'a klantenpiramide::analysis::customers::CustomerRow {
    a.customers.iter().find(|r| &*r.key == key).expect(key)
}

#[test]
fn the_payment_columns_are_read() {
    let imp = imported();
    let roles: Vec<Role> = imp.report.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles[4..], [Role::DueDate, Role::PaidDate]);
    // G's paid date: a warning with row and column; the row still counts.
    let w = &imp.report.warnings;
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].kind, WarningKind::PaymentDateNotADate);
    assert_eq!(
        w[0].message(Lang::Nl),
        "rij 24, kolom Betaald op: 'gisteren' is geen datum; de betaling van deze factuur telt niet mee"
    );
    assert!(!w[0].skipped);
    assert_eq!(imp.report.rows_used, 24);
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("an invoice file");
    };
    let p = t.payments.as_ref().expect("payments");
    assert_eq!((p.due.len(), p.paid.len()), (t.len(), t.len()));
    // G's row: neither date kept, so it is no invoice to judge (not an open one).
    let g = t.revenue.iter().position(|&c| c == 50_000).unwrap();
    assert_eq!((p.due[g], p.paid[g]), (None, None));
}

#[test]
fn payment_records_by_hand() {
    let a = analysed();
    assert!(a.has_payments);
    let rec = |k: &str| row(&a, k).payment;
    let r = |invoices, late, overdue_days| {
        Some(PaymentRecord {
            invoices,
            late,
            overdue_days,
        })
    };
    // A's last invoice is open but not yet due: overdue -29 days stays 0.
    assert_eq!(rec("A"), r(5, 0, 0));
    assert_eq!(rec("B"), r(5, 2, 0));
    assert_eq!(rec("C"), r(1, 1, 60));
    assert_eq!(rec("D"), r(5, 1, 0));
    assert_eq!(rec("E"), r(4, 0, 0));
    assert_eq!(rec("F"), r(1, 0, 0));
    assert_eq!(rec("G"), None);
}

#[test]
fn contact_plans_by_hand() {
    let a = analysed();
    let plan = |k: &str| row(&a, k).contact;
    assert_eq!(plan("A"), Some(ContactPlan::Blooming));
    assert_eq!(plan("B"), Some(ContactPlan::Tiresome));
    assert_eq!(plan("C"), Some(ContactPlan::Tiresome));
    assert_eq!(plan("D"), None);
    assert_eq!(plan("E"), None);
    assert_eq!(plan("F"), Some(ContactPlan::Engaging));
    assert_eq!(plan("G"), None);
    let counts = a.rhythm.as_ref().and_then(|r| r.contact.clone());
    assert_eq!(
        counts,
        Some(ContactCounts {
            blooming: 1,
            engaging: 1,
            tiresome: 2,
            on_time: 4,
            sometimes_late: 1,
            chasing: 2,
            unknown: 1,
        })
    );
}

#[test]
fn the_reference_day_decides_what_is_open() {
    // On 20-05-2026 C's invoice is 19 days past due: late, not yet long overdue.
    let settings = Settings {
        reference_day: klantenpiramide::analysis::calendar::day_from_civil(2026, 5, 20),
        ..Settings::default()
    };
    let a = analyse(&imported().dataset, &settings);
    let c = row(&a, "C").payment.unwrap();
    assert_eq!((c.invoices, c.late, c.overdue_days), (1, 1, 19));
    assert_eq!(row(&a, "C").contact, None);
    // B's invoice paid on 22-05 was open on 20-05, 18 days past due: late all the same.
    assert_eq!(
        row(&a, "B").payment.map(|p| (p.invoices, p.late)),
        Some((4, 2))
    );
}

#[test]
fn only_the_invoices_of_the_window_count() {
    // Three months up to R: after 30-03-2026. A's invoices of 02-04, 02-05 and 01-06;
    // E's of 15-04; B's two late ones fall out with February and March (its 02-04
    // one, paid 22-05, was 20 days late).
    let settings = Settings {
        window_months: 3,
        ..Settings::default()
    };
    let a = analyse(&imported().dataset, &settings);
    let rec = |k: &str| row(&a, k).payment.map(|p| (p.invoices, p.late));
    assert_eq!(rec("A"), Some((3, 0)));
    assert_eq!(rec("E"), Some((1, 0)));
    assert_eq!(rec("B"), Some((3, 1)));
}

#[test]
fn without_both_columns_there_is_no_plan() {
    let without_paid: String = FILE
        .lines()
        .map(|l| l.rsplit_once(';').unwrap().0)
        .collect::<Vec<_>>()
        .join("\n");
    let imp = import(without_paid.as_bytes(), "f.csv", &ImportOptions::default()).unwrap();
    assert_eq!(imp.report.columns[4].role, Role::DueDate);
    let a = analyse(&imp.dataset, &Settings::default());
    assert!(!a.has_payments);
    assert!(
        a.customers
            .iter()
            .all(|r| r.payment.is_none() && r.contact.is_none())
    );
    assert_eq!(a.rhythm.as_ref().unwrap().contact, None);
    assert!(!Columns::of(&a).payments);
}

#[test]
fn the_download_has_the_plan() {
    let a = analysed();
    let csv = customers_csv(&a.customers, Lang::Nl, Columns::of(&a));
    let head = csv.lines().next().unwrap();
    assert!(
        head.ends_with(
            "aanpak;facturen met vervaldatum;te laat betaald;dagen open na vervaldatum;contactplan;accountmanager"
        ),
        "{head}"
    );
    let c = csv.lines().find(|l| l.contains(";C;")).unwrap();
    assert!(c.ends_with(";1;1;60;vermoeiend;"), "{c}");
    let f = csv.lines().find(|l| l.contains(";F;")).unwrap();
    assert!(f.ends_with(";1;0;;boeiend;"), "{f}");
}

/// The same invoices with an open amount instead of a paid date, as
/// e-Boekhouden and SnelStart export them: what was unpaid is open (its
/// amount), the rest 0, G's a word.
fn with_open_amounts() -> String {
    FILE.lines()
        .map(|l| {
            let (rest, paid) = l.rsplit_once(';').unwrap();
            let amount = rest.split(';').nth(2).unwrap();
            let open = match paid {
                "Betaald op" => "Openstaand",
                "gisteren" => "weet ik niet",
                "" => amount,
                _ => "0,00",
            };
            format!("{rest};{open}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_open_amount_stands_in_for_the_paid_date() {
    let imp = import(
        with_open_amounts().as_bytes(),
        "f.csv",
        &ImportOptions::default(),
    )
    .unwrap();
    let roles: Vec<Role> = imp.report.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles[4..], [Role::DueDate, Role::OpenAmount]);
    let w = &imp.report.warnings;
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].kind, WarningKind::OpenAmountNotANumber);
    assert_eq!(
        w[0].message(Lang::En),
        "row 24, column Openstaand: 'weet ik niet' is not an amount; this invoice's payment is not counted"
    );
    assert_eq!(imp.report.rows_used, 24);
    let a = analyse(&imp.dataset, &Settings::default());
    assert!(a.has_payments);
    let rec = |k: &str| {
        row(&a, k)
            .payment
            .map(|p| (p.invoices, p.late, p.overdue_days))
    };
    // What is still open is judged as before: C's invoice 60 days past due,
    // A's and B's last ones not yet due.
    assert_eq!(rec("C"), Some((1, 1, 60)));
    assert_eq!(rec("A"), Some((5, 0, 0)));
    // B's two late payments and D's one are paid now, on a day the file
    // does not say: on time.
    assert_eq!(rec("B"), Some((5, 0, 0)));
    assert_eq!(rec("D"), Some((5, 0, 0)));
    assert_eq!(rec("G"), None);
    let plan = |k: &str| row(&a, k).contact;
    assert_eq!(plan("A"), Some(ContactPlan::Blooming));
    assert_eq!(plan("B"), Some(ContactPlan::Blooming));
    assert_eq!(plan("C"), Some(ContactPlan::Tiresome));
    assert_eq!(plan("D"), Some(ContactPlan::Blooming));
    assert_eq!(plan("F"), Some(ContactPlan::Engaging));
    // A paid date, when the file has both, is what counts.
    let both: String = FILE
        .lines()
        .zip(with_open_amounts().lines())
        .map(|(l, o)| format!("{l};{}", o.rsplit_once(';').unwrap().1))
        .collect::<Vec<_>>()
        .join("\n");
    let imp = import(both.as_bytes(), "f.csv", &ImportOptions::default()).unwrap();
    assert_eq!(analyse(&imp.dataset, &Settings::default()), analysed());
}
