//! Behaviour tests on real-looking exports in `tests/fixtures/import/`.

use klantenpiramide::analysis::calendar::{Day, day_from_civil};
use klantenpiramide::analysis::dataset::{
    CustomerTotals, DeclaredStatus, Facts, ProfitSource, Transactions,
};
use klantenpiramide::analysis::import::{
    DataShape, DateOrder, DateOrderReason, DecimalSeparator, FileKind, ImportError, ImportOptions,
    Imported, Preference, Reason, Role, WarningKind, import,
};
use klantenpiramide::analysis::lang::Lang;

fn load(name: &str) -> Imported {
    load_with(name, &ImportOptions::default())
}

fn load_with(name: &str, options: &ImportOptions) -> Imported {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    import(&bytes, name, options).unwrap_or_else(|e| panic!("{name}: {}", e.message(Lang::En)))
}

fn day(y: i32, m: u32, d: u32) -> Day {
    day_from_civil(y, m, d).unwrap()
}

fn tx(imp: &Imported) -> &Transactions {
    match &imp.dataset.facts {
        Facts::Transactions(t) => t,
        Facts::Totals(_) => panic!("expected transactions"),
    }
}

fn totals(imp: &Imported) -> &CustomerTotals {
    match &imp.dataset.facts {
        Facts::Totals(t) => t,
        Facts::Transactions(_) => panic!("expected totals"),
    }
}

fn roles(imp: &Imported) -> Vec<Role> {
    imp.report.columns.iter().map(|c| c.role).collect()
}

fn keys(imp: &Imported) -> Vec<&str> {
    imp.dataset
        .customers
        .iter()
        .map(|c| c.key.as_ref())
        .collect()
}

fn names(imp: &Imported) -> Vec<&str> {
    imp.dataset
        .customers
        .iter()
        .map(|c| c.name.as_ref())
        .collect()
}

#[test]
fn exact_online_cp1252_with_preamble_and_totals_footer() {
    let imp = load("exact_omzet_cp1252.csv");
    let r = &imp.report;
    assert_eq!(r.file_kind, FileKind::Csv);
    assert_eq!(r.encoding, "windows-1252");
    assert_eq!(r.delimiter, Some(';'));
    assert_eq!(r.header_row, Some(4));
    use Role::*;
    assert_eq!(
        roles(&imp),
        vec![
            CustomerId,
            CustomerName,
            OrderNumber,
            Date,
            DueDate,
            Ignore,
            Revenue,
            Ignore,
            Ignore
        ]
    );
    assert!(matches!(
        &r.columns[6].reason,
        Reason::Preferred { over, why: Preference::ExclVatOverInclVat, .. } if over == "Totaal incl. btw"
    ));
    // The due date is a role of its own now, not a date the invoice date won over.
    assert!(matches!(
        &r.columns[3].reason,
        Reason::HeaderMatched { keyword } if keyword == "factuurdatum"
    ));
    assert!(matches!(
        &r.columns[4].reason,
        Reason::HeaderMatched { keyword } if keyword == "vervaldatum"
    ));
    assert_eq!(keys(&imp), vec!["1001", "1002", "1003"]);
    assert_eq!(
        names(&imp),
        vec!["Café De Hoek", "Bakkerij Brood & Zo", "Jansen; Zonen B.V."]
    );
    let t = tx(&imp);
    assert_eq!(t.revenue, vec![123_456, 85_000, -10_000, 1_250_000]);
    assert_eq!(
        t.day,
        vec![
            day(2024, 1, 15),
            day(2024, 2, 3),
            day(2024, 2, 28),
            day(2024, 3, 1)
        ]
    );
    assert_eq!(t.customer, vec![0, 1, 0, 2]);
    assert_eq!(imp.dataset.profit_source, ProfitSource::None);
    // Footer lines are skipped and listed, never customers.
    assert_eq!((r.rows_read, r.rows_used, r.rows_skipped), (6, 4, 2));
    let w: Vec<(u64, WarningKind)> = r.warnings.iter().map(|w| (w.row, w.kind)).collect();
    assert_eq!(
        w,
        vec![(9, WarningKind::TotalsRow), (10, WarningKind::NotADataRow)]
    );
    assert_eq!(r.decimals[0].decimal, DecimalSeparator::Comma);
    assert!(!r.decimals[0].ambiguous);
    assert_eq!(r.date_order, Some(DateOrder::DayFirst));
    assert!(!r.date_order_ambiguous);
}

#[test]
fn moneybird_utf8_bom_comma_delimited_with_decimal_commas() {
    let imp = load("moneybird_bom.csv");
    let r = &imp.report;
    assert_eq!(r.encoding, "UTF-8 (BOM)");
    assert_eq!(r.delimiter, Some(','));
    assert_eq!(r.columns[0].header, "Factuurnummer");
    assert_eq!(r.columns[0].role, Role::OrderNumber);
    assert_eq!(r.columns[3].role, Role::CustomerId);
    assert_eq!(r.columns[2].role, Role::CustomerName);
    assert_eq!(r.columns[4].role, Role::Revenue);
    assert_eq!(keys(&imp), vec!["C-01", "C-02"]);
    assert_eq!(names(&imp), vec!["Élan Design", "Zuidas Advocaten"]);
    assert_eq!(tx(&imp).revenue, vec![121_000, 9_995, 50_000]);
    assert_eq!(
        tx(&imp).day,
        vec![day(2024, 3, 5), day(2024, 3, 12), day(2024, 4, 2)]
    );
    assert_eq!(r.date_order_reason, Some(DateOrderReason::Unambiguous));
    // Moneybird's "Status" is the invoice's ("betaald", "open"), not the relation's.
    assert_eq!(r.columns[6].role, Role::OrderStatus);
    assert_eq!(r.rows_not_sold, 0);
    // The rule is shown all the same.
    assert_eq!(
        r.not_sold_message(Lang::En).as_deref(),
        Some(
            "According to ‘Status’ every row is a sale: nothing cancelled, draft, failed, pending payment, refunded, a purchase or a payment (that would not count)"
        )
    );
}

#[test]
fn shopify_customers_export() {
    let imp = load("shopify_customers.csv");
    let r = &imp.report;
    assert_eq!(r.shape, DataShape::CustomerTotals);
    assert_eq!(
        keys(&imp),
        vec!["7210123456789", "7210123456790", "7210123456791"]
    );
    assert_eq!(names(&imp), vec!["Ann Lee", "Bob Ray", "Cy Doe"]);
    let t = totals(&imp);
    assert_eq!(t.revenue, vec![Some(123_450), Some(102_000), Some(0)]);
    assert_eq!(t.orders, Some(vec![Some(3), Some(2), Some(0)]));
    assert_eq!(
        t.last_purchase,
        Some(vec![Some(day(2024, 3, 25)), Some(day(2024, 4, 1)), None])
    );
    assert_eq!(r.date_order, Some(DateOrder::MonthFirst));
    assert_eq!(
        r.date_order_reason,
        Some(DateOrderReason::SettledByValue {
            value: "03/25/2024".into()
        })
    );
    assert_eq!(r.decimals[0].decimal, DecimalSeparator::Point);
}

#[test]
fn shopify_orders_export_keys_by_email_and_prefers_subtotal() {
    let imp = load("shopify_orders.csv");
    let r = &imp.report;
    use Role::*;
    assert_eq!(
        roles(&imp),
        vec![
            OrderNumber,
            CustomerId,
            OrderStatus,
            PaidDate,
            Revenue,
            Ignore,
            Ignore,
            Ignore,
            Date,
            CustomerName
        ]
    );
    // "Name" is the order's ("#1001"): its values are no names.
    assert_eq!(r.columns[0].reason, Reason::ValuesLookLikeOrderNumbers);
    assert_eq!(keys(&imp), vec!["ann@example.com", "bob@example.com"]);
    // Local date as written, offsets not applied.
    assert_eq!(tx(&imp).day, vec![day(2024, 3, 5), day(2024, 3, 6)]);
    // The refunded order was no sale: skipped, counted, listed.
    assert_eq!(tx(&imp).revenue, vec![10_000, 125_000]);
    assert_eq!((r.rows_not_sold, r.cents_not_sold), (1, 4_000));
    assert_eq!(r.rows_skipped, 1);
    assert_eq!(
        r.warnings[0].message(Lang::En),
        "row 4, column Financial Status: 'refunded' is not a sale; row skipped"
    );
}

#[test]
fn utf16le_tab_separated() {
    let imp = load("unicode_tab.txt");
    let r = &imp.report;
    assert_eq!(r.encoding, "UTF-16LE");
    assert_eq!(r.delimiter, Some('\t'));
    assert_eq!(names(&imp), vec!["Müller GmbH", "Øresund AB"]);
    assert_eq!(tx(&imp).revenue, vec![100_050, 225, 300]);
    assert_eq!(
        tx(&imp).day,
        vec![day(2024, 3, 5), day(2024, 3, 6), day(2024, 3, 7)]
    );
    assert!(r.date_order_ambiguous);
}

#[test]
fn sep_line_sets_the_delimiter() {
    let imp = load("sep_line.csv");
    let r = &imp.report;
    assert_eq!(r.delimiter, Some(','));
    assert!(r.delimiter_from_sep_line);
    assert_eq!(r.header_row, Some(2));
    assert_eq!(tx(&imp).revenue, vec![1_000, 2_050, 525]);
    assert_eq!(r.decimals[0].decimal, DecimalSeparator::Comma);
}

#[test]
fn quoted_multiline_fields() {
    let imp = load("multiline.csv");
    assert_eq!(names(&imp), vec!["De Vries;\nen Co", "Smit \"De Smid\""]);
    assert_eq!(tx(&imp).customer, vec![0, 1, 0]);
    assert_eq!(tx(&imp).revenue, vec![10_000, 20_000, 30_000]);
}

#[test]
fn crm_file_with_status_profit_and_account_managers() {
    let imp = load("crm_relaties.csv");
    let r = &imp.report;
    assert_eq!(r.shape, DataShape::CustomerTotals);
    let st: Vec<DeclaredStatus> = imp.dataset.customers.iter().map(|c| c.status).collect();
    use DeclaredStatus::*;
    assert_eq!(st, vec![Customer, Prospect, Suspect, Inactive, Prospect]);
    let t = totals(&imp);
    assert_eq!(
        t.revenue,
        vec![Some(1_000_000), None, None, Some(150_000), None]
    );
    assert_eq!(
        t.profit,
        Some(vec![Some(250_000), None, None, Some(30_000), None])
    );
    assert_eq!(
        t.last_purchase.as_ref().unwrap()[0],
        Some(day(2024, 12, 15))
    );
    assert_eq!(t.orders, Some(vec![Some(12), None, None, Some(2), None]));
    assert_eq!(
        imp.dataset.account_managers,
        ["Piet", "Anna"].map(std::sync::Arc::<str>::from)
    );
    assert_eq!(imp.dataset.customers[2].account_manager, Some(1));
    assert_eq!(imp.dataset.customers[4].account_manager, None);
    assert_eq!(imp.dataset.profit_source, ProfitSource::Amount);
    assert!(r.warnings.is_empty());
}

#[test]
fn bad_amounts_dates_and_rows_without_customer_are_counted_and_listed() {
    let imp = load("bad_rows.csv");
    let r = &imp.report;
    let w: Vec<(u64, WarningKind, &str)> = r
        .warnings
        .iter()
        .map(|w| (w.row, w.kind, w.value.as_str()))
        .collect();
    assert_eq!(
        w,
        vec![
            (3, WarningKind::AmountNotANumber, "12,3,4"),
            (4, WarningKind::DateNotADate, "31-02-2024"),
            (5, WarningKind::MissingCustomer, "03-02-2024"),
            (6, WarningKind::MissingCustomer, "04-02-2024"),
            (7, WarningKind::MissingDate, ""),
            (9, WarningKind::MissingAmount, ""),
            (10, WarningKind::AmountNotANumber, "abc"),
        ]
    );
    assert!(r.warnings.iter().all(|w| w.skipped));
    assert_eq!((r.rows_read, r.rows_used, r.rows_skipped), (10, 3, 7));
    assert_eq!(
        (r.rows_without_customer, r.cents_without_customer),
        (2, 107_550)
    );
    assert_eq!(
        r.without_customer_message(Lang::Nl).unwrap(),
        "2 rijen (€ 1.075,50) hebben geen klant"
    );
    assert_eq!(
        r.without_customer_message(Lang::En).unwrap(),
        "2 rows (€1,075.50) have no customer"
    );
    assert_eq!(
        r.warnings[0].message(Lang::Nl),
        "rij 3, kolom Bedrag: '12,3,4' is geen bedrag"
    );
    assert_eq!(
        r.warnings[0].message(Lang::En),
        "row 3, column Bedrag: '12,3,4' is not an amount"
    );
    // The prospect without purchases is registered, the bad amounts never became 0.
    assert_eq!(keys(&imp), vec!["1", "5"]);
    assert_eq!(imp.dataset.customers[1].status, DeclaredStatus::Prospect);
    assert_eq!(tx(&imp).revenue, vec![10_000, -2_500]);
    assert_eq!(r.warning_total(), 7);
    let csv = r.skipped_rows_csv(Lang::Nl);
    assert!(
        csv.starts_with(
            "\u{feff}rij;kolom;waarde;reden;overgeslagen\r\n3;Bedrag;12,3,4;geen bedrag;ja\r\n"
        ),
        "{csv}"
    );
}

#[test]
fn month_first_settled_by_a_value() {
    let imp = load("us_dates.csv");
    assert_eq!(imp.report.date_order, Some(DateOrder::MonthFirst));
    assert!(!imp.report.date_order_ambiguous);
    assert_eq!(
        tx(&imp).day,
        vec![day(2024, 3, 4), day(2024, 3, 25), day(2024, 12, 1)]
    );
}

#[test]
fn ambiguous_dates_default_to_day_first_and_can_be_flipped() {
    let imp = load("ambiguous_dates.csv");
    let r = &imp.report;
    assert_eq!(r.date_order, Some(DateOrder::DayFirst));
    assert!(r.date_order_ambiguous);
    assert_eq!(r.date_order_reason, Some(DateOrderReason::EuropeanFile));
    assert_eq!(
        tx(&imp).day,
        vec![day(2024, 4, 3), day(2024, 6, 5), day(2024, 8, 7)]
    );
    let flipped = load_with(
        "ambiguous_dates.csv",
        &ImportOptions {
            date_order: Some(DateOrder::MonthFirst),
            ..Default::default()
        },
    );
    assert_eq!(
        tx(&flipped).day,
        vec![day(2024, 3, 4), day(2024, 5, 6), day(2024, 7, 8)]
    );
    assert_eq!(
        flipped.report.date_order_reason,
        Some(DateOrderReason::UserChoice)
    );
}

#[test]
fn xlsx_skips_the_cover_sheet_and_reads_date_cells() {
    let imp = load("two_sheets.xlsx");
    let r = &imp.report;
    assert_eq!(r.file_kind, FileKind::Xlsx);
    assert_eq!(r.sheets, vec!["Voorblad", "Omzet"]);
    assert_eq!(r.sheet, Some(1));
    assert_eq!(keys(&imp), vec!["K1", "K2"]);
    let t = tx(&imp);
    assert_eq!(
        t.day,
        vec![day(2024, 3, 5), day(2024, 3, 6), day(2024, 12, 31)]
    );
    assert_eq!(t.revenue, vec![123_456, 9_999, -1_000]);
    // Margin fractions: 25 % of 1234,56 = 308,64; 12,5 % of 99,99 = 12,49875 → 12,50.
    assert_eq!(t.profit, Some(vec![30_864, 1_250, -250]));
    assert_eq!(imp.dataset.profit_source, ProfitSource::MarginPercent);
    // The cover sheet alone has no table.
    let path = format!(
        "{}/tests/fixtures/import/two_sheets.xlsx",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).unwrap();
    let err = import(
        &bytes,
        "two_sheets.xlsx",
        &ImportOptions {
            sheet: Some(0),
            ..Default::default()
        },
    )
    .unwrap_err();
    // The cover sheet, chosen: no table, said so, with the sheets to choose another.
    assert!(matches!(err, ImportError::SheetNotATable { .. }), "{err:?}");
    let report = err.report().expect("the sheets");
    assert_eq!(report.sheets, vec!["Voorblad", "Omzet"]);
    assert_eq!((report.sheet, report.columns.len()), (Some(0), 0));
    assert!(!err.rows_read());
    assert_eq!(
        err.message(Lang::Nl),
        "Blad ‘Voorblad’ bevat geen tabel met klanten en bedragen. Kies hieronder een ander blad."
    );
    let err = import(
        &bytes,
        "two_sheets.xlsx",
        &ImportOptions {
            sheet: Some(5),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::SheetNotFound { index: 5, .. }));
}

#[test]
fn a_workbook_is_read_from_its_first_sheet_with_customers_and_amounts() {
    // A cover sheet and a customer list without amounts come before the invoices.
    let imp = load("klanten-en-facturen.xlsx");
    let r = &imp.report;
    assert_eq!(r.sheets, vec!["Toelichting", "Klanten", "Facturen"]);
    assert_eq!(r.sheet, Some(2));
    assert_eq!(r.sheets_passed, vec!["Toelichting", "Klanten"]);
    assert_eq!(keys(&imp), vec!["K01", "K02", "K03"]);
    assert_eq!(tx(&imp).revenue, vec![125_000, 48_050, 31_000, 9_950]);
    assert_eq!(
        r.sheets_passed_message(Lang::Nl).as_deref(),
        Some(
            "Gelezen: blad ‘Facturen’, het eerste met bruikbare klanten en bedragen (‘Toelichting’ en ‘Klanten’ hebben die niet)"
        )
    );
    assert_eq!(
        r.sheets_passed_message(Lang::En).as_deref(),
        Some(
            "Read: sheet ‘Facturen’, the first with usable customers and amounts (‘Toelichting’ and ‘Klanten’ have none)"
        )
    );

    // The sheet the user picks is read as it is: the customer list has no
    // amount, and its error has the columns and the sheets to choose from.
    let path = format!(
        "{}/tests/fixtures/import/klanten-en-facturen.xlsx",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).unwrap();
    let pick = |sheet| {
        let options = ImportOptions {
            sheet: Some(sheet),
            ..Default::default()
        };
        import(&bytes, "klanten-en-facturen.xlsx", &options)
    };
    let err = pick(1).unwrap_err();
    let report = err.report().expect("the columns of the customer list");
    assert!(matches!(err, ImportError::NoAmountColumn { .. }));
    assert_eq!((report.sheet, report.sheets.len()), (Some(1), 3));
    assert!(report.sheets_passed.is_empty());
    // Read as asked, the invoices pass nothing over.
    let invoices = pick(2).expect("the invoices");
    assert!(invoices.report.sheets_passed.is_empty());
    assert_eq!(invoices.report.sheets_passed_message(Lang::Nl), None);
    // The two-sheet workbook's cover sheet holds no table: skipped, not passed over.
    assert!(load("two_sheets.xlsx").report.sheets_passed.is_empty());
}

/// The same five invoices in each format a program may call "Excel": a real
/// Excel 97-2003 workbook, an OpenDocument spreadsheet, a web page named
/// `.xls` (what many web applications' "export to Excel" write) and Excel's
/// XML spreadsheet 2003 named `.xls`. Each gives the same customers,
/// amounts and days.
#[test]
fn every_kind_of_excel_file_gives_the_same_invoices() {
    for name in [
        "facturen-biff.xls",
        "facturen.ods",
        "facturen-webpagina.xls",
        "facturen-xml2003.xls",
    ] {
        let imp = load(name);
        assert_eq!(
            names(&imp),
            ["Café De Zon", "Bakkerij Jansen & Zn", "Visser Installatie"],
            "{name}"
        );
        let t = tx(&imp);
        assert_eq!(t.customer, [0, 1, 0, 2, 1], "{name}");
        assert_eq!(
            t.revenue,
            [125_000, 48_050, 31_000, 9_950, 100_000],
            "{name}"
        );
        assert_eq!(
            t.day,
            [
                day(2026, 3, 5),
                day(2026, 4, 12),
                day(2026, 6, 2),
                day(2026, 7, 15),
                day(2026, 8, 1)
            ],
            "{name}"
        );
        assert_eq!(imp.report.rows_used, 5, "{name}");
    }

    // The web page: read as such, in its own encoding, the title table
    // passed over and the totals line skipped under its row number.
    let page = load("facturen-webpagina.xls");
    let r = &page.report;
    assert_eq!(r.file_kind, FileKind::Html);
    assert_eq!(r.encoding, "windows-1252");
    assert_eq!(r.delimiter, None);
    assert_eq!((r.rows_read, r.rows_skipped), (6, 1), "{:?}", r.warnings);
    assert_eq!(r.warnings[0].row, 7);
    assert_eq!(r.warnings[0].kind, WarningKind::TotalsRow);

    // SpreadsheetML: a workbook's values, its empty column kept in place.
    let xml = load("facturen-xml2003.xls");
    assert_eq!(xml.report.file_kind, FileKind::Xlsx);
    assert_eq!(
        xml.report
            .columns
            .iter()
            .map(|c| c.header.as_str())
            .collect::<Vec<_>>(),
        ["Relatie", "Factuurdatum", "Opmerking", "Bedrag"]
    );
}

/// A tab-separated file named `.xls` (another "export to Excel") is read as
/// the text it is, not refused as a broken workbook.
#[test]
fn text_named_xls_is_read_as_text() {
    let text = "Klant\tDatum\tOmzet\nA\t05-03-2026\t10,00\nB\t06-03-2026\t20,00\n";
    let imp = import(text.as_bytes(), "export.xls", &ImportOptions::default()).unwrap();
    assert_eq!(imp.report.file_kind, FileKind::Csv);
    assert_eq!(imp.report.delimiter, Some('\t'));
    assert_eq!(tx(&imp).revenue, [1_000, 2_000]);
    // A binary file so named still goes to the workbook reader, and its
    // error says so.
    let err = import(
        b"\x01\x00\x02garbage",
        "export.xls",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, ImportError::UnreadableWorkbook { .. }),
        "{err:?}"
    );
}

/// Xero's invoice export (its header as Xero writes it): a row per invoice
/// line with the invoice's total on each, one customer invoiced in pounds.
#[test]
fn xero_invoices_count_each_total_once_and_leave_pounds_out() {
    let imp = load("xero_invoices.csv");
    let r = &imp.report;
    assert_eq!(r.order_totals, Some(true));
    assert_eq!(r.rows_repeated_totals, 2);
    assert_eq!(
        (r.rows_other_currency, r.currency.as_deref()),
        (5, Some("EUR"))
    );
    assert_eq!(
        names(&imp),
        [
            "Vos Transport BV",
            "Bakkerij De Korenschoof B.V.",
            "Dupont, Ateliers SRL",
            "Studio Lindeboom"
        ]
    );
    let mut per = [0i64; 4];
    for (&c, &v) in tx(&imp).customer.iter().zip(&tx(&imp).revenue) {
        per[c as usize] += v;
    }
    // Each invoice's total once, the credit note below zero.
    assert_eq!(per, [374_000, 145_500, 114_000, 89_600]);
}

/// WooCommerce's Analytics → Orders download: a refund is a row of its own
/// with a negative amount, under the order's number again; "on hold" (a bank
/// transfer on its way) is a sale, as in WooCommerce's own reports.
#[test]
fn woocommerce_analytics_orders_net_their_refunds() {
    let imp = load("woocommerce_analytics_orders.csv");
    let mut per: Vec<(&str, i64)> = names(&imp).into_iter().map(|n| (n, 0)).collect();
    for (&c, &v) in tx(&imp).customer.iter().zip(&tx(&imp).revenue) {
        per[c as usize].1 += v;
    }
    assert_eq!(
        per,
        [
            ("Jan de Vries", 15_241),
            ("Fleur Janssens", 11_478),
            ("Café \"De Zwaan\"", 17_355),
            ("Mehmet Özdemir", 12_355),
            ("+31 Koffiebar", 2_500),
            ("Hendrik Bos", 2_478),
        ]
    );
    // The refunded order and its refund: not counted, together worth nothing.
    assert_eq!(
        (imp.report.rows_not_sold, imp.report.cents_not_sold),
        (2, 0)
    );
}

/// Stripe's payments export: "Customer ID" is empty for a payment without a
/// customer record, "Customer Email" is not. The address is then the key, so
/// those payments count for their customer; a payment with neither has none.
#[test]
fn stripe_payments_are_keyed_by_email_when_the_customer_id_is_often_empty() {
    let imp = load("stripe_payments.csv");
    let r = &imp.report;
    let column = |header: &str| {
        r.columns
            .iter()
            .find(|c| c.header == header)
            .unwrap_or_else(|| panic!("{header}"))
    };
    assert_eq!(column("Customer Email").role, Role::CustomerId);
    assert!(matches!(
        column("Customer Email").reason,
        Reason::Preferred {
            why: Preference::EmailOverSparseId,
            ..
        }
    ));
    // The number that lost is no name either.
    assert_eq!(column("Customer ID").role, Role::Ignore);
    assert_eq!(
        keys(&imp),
        [
            "administratie@vostransport.be",
            "compta@ateliersdupont.be",
            "sanne.dewit@example.nl",
            "inkoop@korenschoof.nl"
        ]
    );
    let mut per = [0i64; 4];
    for (&c, &v) in tx(&imp).customer.iter().zip(&tx(&imp).revenue) {
        per[c as usize] += v;
    }
    // Sanne's two payments as a guest (one partly refunded), in two cases.
    assert_eq!(per, [14_700, 44_700, 12_500, 59_900]);
    assert_eq!(
        (r.rows_without_customer, r.cents_without_customer),
        (1, 7_500)
    );
}

/// An accounting package's list of bookings ("mutaties", e-Boekhouden's
/// layout with its "Soort" of each booking): only the invoices sent are
/// sales. A purchase invoice (KPN's), the payments of invoices (the invoice
/// counted already), money spent and a journal entry are skipped, each
/// listed with its kind; money received without an invoice counts.
#[test]
fn bookings_count_only_their_sales() {
    let imp = load("eboekhouden_mutaties.csv");
    let r = &imp.report;
    assert_eq!(roles(&imp)[2], Role::OrderStatus);
    assert_eq!(
        names(&imp),
        ["Bakkerij Jansen", "Installatiebedrijf Smit", "Kees Bakker"]
    );
    let mut per = [0i64; 3];
    for (&c, &v) in tx(&imp).customer.iter().zip(&tx(&imp).revenue) {
        per[c as usize] += v;
    }
    assert_eq!(per, [130_000, 50_000, 4_000]);
    assert_eq!((r.rows_not_sold, r.cents_not_sold), (5, 136_180));
    let skipped: Vec<String> = r.warnings.iter().map(|w| w.message(Lang::Nl)).collect();
    assert_eq!(
        skipped,
        [
            "rij 4, kolom Soort: 'Factuur ontvangen' is geen verkoop; rij overgeslagen",
            "rij 5, kolom Soort: 'Factuurbetaling ontvangen' is geen verkoop; rij overgeslagen",
            "rij 6, kolom Soort: 'Geld uitgegeven' is geen verkoop; rij overgeslagen",
            "rij 7, kolom Soort: 'Memoriaal' is geen verkoop; rij overgeslagen",
            "rij 10, kolom Soort: 'Factuurbetaling verstuurd' is geen verkoop; rij overgeslagen",
        ]
    );
    assert_eq!(
        r.not_sold_message(Lang::Nl).as_deref(),
        Some(
            "5 rijen (€ 1.361,80) tellen niet mee: volgens ‘Soort’ geannuleerd, concept, mislukt, in afwachting van betaling, terugbetaald, inkoop of betaling"
        )
    );
}

/// WooCommerce's orders through a popular export plugin ("Order Export for
/// WooCommerce": a row per order line, the order's amounts on each, the
/// billing and shipping names apart). Each order counts once, its refund
/// once; a consumer is named by the billing person, a business by its
/// company (Sanne ordered as herself, then for her company); the customer's
/// note, country code and coupon code are no customer.
#[test]
fn woocommerce_order_lines_count_each_order_and_refund_once() {
    let imp = load("woocommerce_order_export.csv");
    let r = &imp.report;
    let role = |h: &str| r.columns.iter().find(|c| c.header == h).map(|c| c.role);
    assert_eq!(role("Email (Billing)"), Some(Role::CustomerId));
    assert_eq!(role("Company (Billing)"), Some(Role::CustomerName));
    assert_eq!(role("First Name (Billing)"), Some(Role::PersonName));
    assert_eq!(role("Last Name (Billing)"), Some(Role::PersonName));
    for h in [
        "Customer Note",
        "First Name (Shipping)",
        "Country Code (Billing)",
        "Coupon Code",
        "Order Total Amount",
    ] {
        assert_eq!(role(h), Some(Role::Ignore), "{h}");
    }
    assert_eq!(r.order_totals, Some(true));
    assert_eq!(r.rows_repeated_totals, 5);
    assert_eq!((r.rows_refunded, r.cents_refunded), (1, 5_000));
    assert_eq!((r.rows_not_sold, r.cents_not_sold), (1, 3_000));
    assert_eq!(
        names(&imp),
        [
            "Bakkerij Jansen",
            "Anna de Vries",
            "Installatiebedrijf De Wit"
        ]
    );
    let mut per = [0i64; 3];
    for (&c, &v) in tx(&imp).customer.iter().zip(&tx(&imp).revenue) {
        per[c as usize] += v;
    }
    // Subtotals (excl. VAT and shipping): 100; 45.50 + 15 + 55; 87.50 + 490 − 50.
    assert_eq!(per, [10_000, 11_550, 52_750]);
    // A shop without companies: the billing person is the name, not the
    // customer's note ("Graag voor 10 uur bezorgen").
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/woocommerce_order_export.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let company = "\"Company (Billing)\",";
    let at = text.find(company).unwrap();
    let column = text[..at].matches(',').count();
    let without: String = text
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split("\",\"").collect();
            f.remove(column);
            f.join("\",\"") + "\n"
        })
        .collect();
    let imp = import(without.as_bytes(), "orders.csv", &ImportOptions::default()).unwrap();
    let role = |h: &str| {
        imp.report
            .columns
            .iter()
            .find(|c| c.header == h)
            .map(|c| c.role)
    };
    assert_eq!(role("Customer Note"), Some(Role::Ignore));
    assert_eq!(role("First Name (Billing)"), Some(Role::CustomerName));
    assert_eq!(
        names(&imp),
        ["Piet Jansen", "Anna de Vries", "Sanne de Wit"]
    );
}

/// Revenue per customer, in first-seen order.
fn per_customer(imp: &Imported) -> Vec<i64> {
    let mut per = vec![0i64; imp.dataset.customers.len()];
    for (&c, &v) in tx(imp).customer.iter().zip(&tx(imp).revenue) {
        per[c as usize] += v;
    }
    per
}

/// Exact Online's transactions (every booking line, one signed amount):
/// only the lines on revenue accounts count, turned round (revenue is
/// credited); the debtor, VAT, bank and purchase lines are listed; a
/// supplier is no customer; the relation's number is the key and its name
/// the name.
#[test]
fn a_general_ledger_export_counts_its_revenue_accounts() {
    let imp = load("exact_transacties.csv");
    let r = &imp.report;
    assert_eq!(roles(&imp)[4], Role::Ledger);
    assert_eq!(
        (roles(&imp)[6], roles(&imp)[7]),
        (Role::CustomerId, Role::CustomerName)
    );
    assert_eq!(keys(&imp), ["101", "102", "103"]);
    assert_eq!(
        names(&imp),
        [
            "Bakkerij Jansen",
            "Slagerij de Vries",
            "Installatiebedrijf Smit"
        ]
    );
    // 1,250 + 980; 480.50 less a credit note of 80.50; 3,200 + 1,800.
    assert_eq!(per_customer(&imp), [223_000, 40_000, 500_000]);
    assert!(r.revenue_negated);
    assert_eq!(
        (r.rows_read, r.rows_used, r.rows_other_account),
        (23, 6, 17)
    );
    assert_eq!(r.rows_skipped, 17);
    assert_eq!(
        r.warnings[0].message(Lang::Nl),
        "rij 2, kolom Grootboekrekening: '1300' is geen omzetrekening; rij overgeslagen"
    );
    assert_eq!(
        r.ledger_message(Lang::Nl).as_deref(),
        Some(
            "Alleen regels op een omzetrekening tellen, volgens ‘Grootboekrekening’ (8…, 70…; zonder nummer ‘omzet’, ‘opbrengst’, ‘verkoop’ in de naam): 17 regels op andere rekeningen (debiteuren, btw, bank) tellen niet mee; ‘Bedrag’ staat op de omzetrekeningen als credit (negatief) en is omgedraaid"
        )
    );
}

/// SnelStart's booking lines ("Debet" and "Credit", the ledger number, the
/// relation's code): revenue is the credit on the revenue account, less its
/// debit (a credit note).
#[test]
fn booking_lines_count_credit_less_debit_on_revenue_accounts() {
    let imp = load("snelstart_boekingen.csv");
    let r = &imp.report;
    assert_eq!(
        roles(&imp)[4..9],
        [
            Role::Ledger,
            Role::CustomerId,
            Role::OrderNumber,
            Role::Debit,
            Role::Revenue
        ]
    );
    assert_eq!(keys(&imp), ["10001", "10002"]);
    assert_eq!(per_customer(&imp), [96_000, 100_000]);
    assert!(!r.revenue_negated);
    assert_eq!((r.rows_used, r.rows_other_account), (4, 10));
    // Three invoices are three orders; the credit note is none.
    assert_eq!(tx(&imp).orders.as_ref().map(Vec::len), Some(3));
}

/// A journal with one unsigned amount and a debit/credit indicator ("D/C"):
/// the credit on a revenue account is revenue, a debit there a credit note;
/// a line without an indicator is skipped and said, not guessed.
#[test]
fn a_debit_credit_indicator_signs_the_journal_amounts() {
    let imp = load("journaal_debet_credit.csv");
    let r = &imp.report;
    assert_eq!(
        roles(&imp)[3..9],
        [
            Role::Ledger,
            Role::CustomerId,
            Role::CustomerName,
            Role::Ignore,
            Role::Revenue,
            Role::Side
        ]
    );
    assert_eq!(keys(&imp), ["2001", "2002", "2003"]);
    // 1,250; 2,000 less a credit note of 300; 800 (not the correction).
    assert_eq!(per_customer(&imp), [125_000, 170_000, 80_000]);
    assert_eq!(
        (r.rows_used, r.rows_other_account, r.rows_skipped),
        (4, 10, 11)
    );
    let unknown = r
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::SideUnknown)
        .expect("the line without an indicator is listed");
    assert_eq!(unknown.row, 16);
    assert_eq!(
        unknown.message(Lang::Nl),
        "rij 16, kolom D/C: geen debet (D) of credit (C) ingevuld; rij overgeslagen"
    );
}
