//! Behaviour tests on small inline inputs: formats, overrides and errors.

use klantenpiramide::analysis::calendar::day_from_civil;
use klantenpiramide::analysis::dataset::{Facts, ProfitSource};
use klantenpiramide::analysis::import::{
    DataShape, DateOrder, DateOrderReason, DecimalSeparator, FileKind, ImportError, ImportOptions,
    Imported, Reason, Role, WarningKind, import,
};
use klantenpiramide::analysis::lang::Lang;

fn ok(text: &str, name: &str) -> Imported {
    import(text.as_bytes(), name, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)))
}

/// The error of a file that must not import (with the default options).
fn fails(text: &[u8]) -> ImportError {
    fails_named(text, "x.csv")
}

/// [`fails`], for a file named `name`.
fn fails_named(bytes: &[u8], name: &str) -> ImportError {
    match import(bytes, name, &ImportOptions::default()) {
        Ok(_) => panic!("imported: {}", String::from_utf8_lossy(bytes)),
        Err(e) => e,
    }
}

/// `text` read again with the roles `imp` detected, but column `column` ignored.
fn ignoring(imp: &Imported, column: usize, text: &str, name: &str) -> Imported {
    let mut roles: Vec<Role> = imp.report.columns.iter().map(|c| c.role).collect();
    roles[column] = Role::Ignore;
    let options = ImportOptions {
        roles: Some(roles),
        ..ImportOptions::default()
    };
    import(text.as_bytes(), name, &options).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)))
}

/// The role of the column headed `header`.
fn role_of(imp: &Imported, header: &str) -> Option<Role> {
    imp.report
        .columns
        .iter()
        .find(|c| c.header == header)
        .map(|c| c.role)
}

fn revenue(imp: &Imported) -> Vec<i64> {
    match &imp.dataset.facts {
        Facts::Transactions(t) => t.revenue.clone(),
        Facts::Totals(t) => t.revenue.iter().map(|r| r.unwrap_or(i64::MIN)).collect(),
    }
}

#[test]
fn pasted_text_is_tab_separated() {
    let imp = ok(
        "Klant\tDatum\tOmzet\nA\t1-2-2024\t1.234,50\nB\t2-2-2024\t10\n",
        "",
    );
    assert_eq!(imp.report.file_kind, FileKind::Pasted);
    assert_eq!(imp.report.delimiter, Some('\t'));
    assert_eq!(revenue(&imp), vec![123_450, 1_000]);
}

#[test]
fn money_formats_from_the_issue() {
    let text = "Klant;Datum;Bedrag\n\
        A;01-01-2024;1234,56\n\
        A;01-01-2024;1.234,56\n\
        A;01-01-2024;1 234,56\n\
        A;01-01-2024;1\u{a0}234,56\n\
        A;01-01-2024;1\u{202f}234,56\n\
        A;01-01-2024;€ 1.234,56\n\
        A;01-01-2024;EUR 1234\n\
        A;01-01-2024;-1.234,56\n\
        A;01-01-2024;1.234,56-\n\
        A;01-01-2024;(1.234,56)\n\
        A;01-01-2024;+12\n";
    let imp = ok(text, "x.csv");
    assert_eq!(
        revenue(&imp),
        vec![
            123_456, 123_456, 123_456, 123_456, 123_456, 123_456, 123_400, -123_456, -123_456,
            -123_456, 1_200
        ]
    );
    let us = "Customer,Date,Amount\nA,2024-01-01,\"$1,234.56\"\nA,2024-01-01,1234.56\nB,2024-01-01,\"1,234\"\n";
    assert_eq!(revenue(&ok(us, "x.csv")), vec![123_456, 123_456, 123_400]);
}

#[test]
fn ambiguous_thousands_is_reported_and_overridable() {
    let text = "Klant,Datum,Bedrag\nA,2024-01-01,\"1,234\"\nB,2024-01-02,\"2,500\"\n";
    let imp = ok(text, "x.csv");
    assert_eq!(imp.report.decimals[0].decimal, DecimalSeparator::Point);
    assert!(imp.report.decimals[0].ambiguous);
    assert_eq!(revenue(&imp), vec![123_400, 250_000]);
    let opts = ImportOptions {
        decimal: Some(DecimalSeparator::Comma),
        ..Default::default()
    };
    let imp = import(text.as_bytes(), "x.csv", &opts).unwrap();
    assert_eq!(revenue(&imp), vec![123, 250]);
    // One settling value anywhere in the file decides for the whole column, also beyond the sample.
    let mut long = String::from("Klant,Datum,Bedrag\n");
    for i in 0..1500 {
        long.push_str(&format!("K{i},2024-01-01,\"1,234\"\n"));
    }
    long.push_str("K1,2024-01-01,\"12,5\"\n");
    let imp = ok(&long, "x.csv");
    assert_eq!(imp.report.decimals[0].decimal, DecimalSeparator::Comma);
    assert!(!imp.report.decimals[0].ambiguous);
    assert_eq!(revenue(&imp)[0], 123);
}

#[test]
fn quantity_times_unit_price_when_no_amount() {
    let imp = ok(
        "Klant;Datum;Aantal;Prijs\nA;01-01-2024;3;2,50\nA;02-01-2024;1,5;0,99\n",
        "x.csv",
    );
    assert_eq!(revenue(&imp), vec![750, 149]);
}

#[test]
fn margin_percentages() {
    let imp = ok(
        "Klant;Datum;Omzet;Marge\nA;01-01-2024;100,00;12,5%\nB;01-01-2024;-33,33;25%\n",
        "x.csv",
    );
    assert_eq!(imp.report.columns[3].role, Role::MarginPercent);
    assert_eq!(imp.dataset.profit_source, ProfitSource::MarginPercent);
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!()
    };
    // 33,33 × 25 % = 8,3325 → 8,33 (half away from zero on the negative side too).
    assert_eq!(t.profit, Some(vec![1_250, -833]));
}

#[test]
fn user_roles_replace_detection() {
    let text = "a;b;c\nX;01-01-2024;5\nY;02-01-2024;6\n";
    let roles = vec![Role::CustomerName, Role::Date, Role::Revenue];
    let imp = import(
        text.as_bytes(),
        "x.csv",
        &ImportOptions {
            roles: Some(roles),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(imp.report.columns[2].reason, Reason::UserChoice);
    assert_eq!(revenue(&imp), vec![500, 600]);
}

#[test]
fn headerless_file_is_detected_from_values() {
    let imp = ok(
        "Jansen;05-03-2024;12,50\nPietersen;06-03-2024;7,25\nJansen;07-03-2024;1,00\n",
        "x.csv",
    );
    assert_eq!(imp.report.header_row, None);
    assert_eq!(imp.report.columns[0].reason, Reason::ValuesLookLikeNames);
    assert_eq!(imp.report.columns[1].reason, Reason::ValuesLookLikeDates);
    assert_eq!(imp.report.columns[2].reason, Reason::ValuesLookLikeAmounts);
    assert_eq!(revenue(&imp), vec![1_250, 725, 100]);
}

#[test]
fn invoice_numbers_never_become_the_customer() {
    let e = fails(b"Factuurnummer;Datum;Bedrag\nF-1;01-01-2024;5,00\nF-2;02-01-2024;6,00\n");
    assert!(matches!(e, ImportError::NoCustomerColumn { .. }));
    let imp = ok(
        "Ordernummer;Klant;Datum;Bedrag\nO-1;Jansen;01-01-2024;5,00\nO-2;Jansen;02-01-2024;6,00\n",
        "x.csv",
    );
    assert_eq!(imp.dataset.customers.len(), 1);
    // The number is the order's: it counts orders.
    assert_eq!(imp.report.columns[0].role, Role::OrderNumber);
}

#[test]
fn a_column_named_invoice_with_amounts_is_no_order_number() {
    // Amounts under "Factuur": not the invoice's number. (Nor, by its name, the
    // amount: the panel offers the choice.)
    let e = fails(b"Klant;Datum;Factuur\nJansen;01-01-2024;1.250,00\nSmit;02-01-2024;99,95\n");
    let column = &e.report().expect("the columns").columns[2];
    assert_eq!(column.role, Role::Ignore);
    assert_eq!(
        column.reason.message(Lang::Nl),
        "kolomnaam wijst op order-/factuurnummer, maar de waarden passen niet"
    );
    // With numbers in it, it is the number.
    let imp = ok(
        "Klant;Datum;Factuur;Bedrag\nJansen;01-01-2024;F-1;5,00\nSmit;02-01-2024;1002;6,00\n",
        "x.csv",
    );
    assert_eq!(imp.report.columns[2].role, Role::OrderNumber);
}

#[test]
fn order_numbers_are_kept_per_line_and_an_empty_one_is_none() {
    let text = "Factuurnummer;Klant;Datum;Bedrag\n\
        F001;Jansen;01-02-2024;100,00\n\
        F001;Jansen;01-02-2024;50,00\n\
        F002;Jansen;01-03-2024;70,00\n\
        ;Smit;06-03-2024;5,00\n";
    let imp = ok(text, "x.csv");
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("transactions");
    };
    // Jansen (0): F001 from 1 Feb, F002 from 1 Mar; Smit (1): a line
    // without a number, an order of its own.
    let day = |m, d| day_from_civil(2024, m, d).unwrap();
    let (feb, mar) = (day(2, 1), day(3, 1));
    let smit = day(3, 6);
    let mut orders = t.orders.clone().expect("order numbers");
    orders.sort_unstable();
    assert_eq!(orders, [(0, feb), (0, mar), (1, smit)]);
    // Without the column: none.
    let options = ImportOptions {
        roles: Some(vec![
            Role::Ignore,
            Role::CustomerName,
            Role::Date,
            Role::Revenue,
        ]),
        ..ImportOptions::default()
    };
    let imp = import(text.as_bytes(), "x.csv", &options).unwrap();
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("transactions");
    };
    assert_eq!(t.orders, None);
}

#[test]
fn a_file_without_an_amount_column_reports_its_columns_to_choose_from() {
    // "Prijs" alone is a unit price (it needs a quantity): no amount.
    let text = b"Klant;Datum;Prijs\nJansen;01-01-2024;5,00\nSmit;02-01-2024;6,00\n\
        Jansen;03-01-2024;7,00\nJansen;04-01-2024;7,00\n";
    let e = fails(text);
    let ImportError::NoAmountColumn { report } = &e else {
        panic!("{e:?}");
    };
    assert!(!e.rows_read());
    assert_eq!(e.report(), Some(report.as_ref()));
    let roles: Vec<Role> = report.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles, [Role::CustomerName, Role::Date, Role::UnitPrice]);
    assert_eq!(
        report.columns[2].reason.message(Lang::Nl),
        "geeft alleen met een kolom aantal een bedrag"
    );
    // The first different values of each column, for the choice.
    assert_eq!(report.columns[0].examples, ["Jansen", "Smit"]);
    assert_eq!(report.columns[2].examples, ["5,00", "6,00", "7,00"]);
    assert_eq!((report.delimiter, report.header_row), (Some(';'), Some(1)));
    assert_eq!(report.rows_read, 0);
    assert_eq!(
        e.message(Lang::Nl),
        "Geen kolom lijkt op een bedrag; de kolommen zijn: Klant, Datum, Prijs. \
         Kies hieronder welke kolom de omzet is."
    );
    // The choice the panel makes reads the file.
    let options = ImportOptions {
        roles: Some(vec![Role::CustomerName, Role::Date, Role::Revenue]),
        ..ImportOptions::default()
    };
    let imp = import(text, "x.csv", &options).unwrap();
    assert_eq!(revenue(&imp), vec![500, 600, 700, 700]);
}

#[test]
fn a_file_without_a_customer_column_reports_its_columns_to_choose_from() {
    let e = fails(
        b"Omschrijving;Datum;Bedrag\nLevering hout en staal voor de nieuwbouw;01-01-2024;5,00\n",
    );
    let ImportError::NoCustomerColumn { report } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(report.columns[2].role, Role::Revenue);
    // A long value is cut.
    assert_eq!(report.columns[0].examples, ["Levering hout en staal v…"]);
    assert!(e.message(Lang::En).ends_with(
        "columns are: Omschrijving, Datum, Bedrag. Choose below which column names the customer."
    ));
}

#[test]
fn rows_in_another_currency_than_most_are_skipped_not_summed() {
    // A webshop selling abroad: amounts in their own currency, no conversion.
    let text = "Name,Email,Financial Status,Currency,Subtotal,Created at\n\
        #1001,ann@example.com,paid,EUR,100.00,2024-03-05\n\
        #1002,bob@example.com,paid,EUR,50.00,2024-03-06\n\
        #1003,cy@example.com,paid,USD,80.00,2024-03-07\n\
        #1004,ann@example.com,paid,eur,20.00,2024-03-08\n\
        #1005,dee@example.com,voided,USD,10.00,2024-03-09\n\
        #1006,dee@example.com,paid,GBP,30.00,2024-03-10\n\
        #1007,bob@example.com,paid,,5.00,2024-03-11\n\
        #1008,eve@example.com,paid,USD,n/a,2024-03-12\n";
    let imp = ok(text, "orders_export.csv");
    let r = &imp.report;
    assert_eq!(r.columns[3].role, Role::Currency);
    assert_eq!(r.currency.as_deref(), Some("EUR"));
    // EUR (in any case) and an empty cell count; USD and GBP do not. A
    // voided order is no sale first.
    assert_eq!(revenue(&imp), vec![10_000, 5_000, 2_000, 500]);
    assert_eq!(
        (r.rows_other_currency, r.rows_not_sold, r.rows_skipped),
        (3, 1, 4)
    );
    // A row in another currency has that one warning, not also its amount's.
    assert!(
        r.warnings
            .iter()
            .all(|w| w.kind != WarningKind::AmountNotANumber)
    );
    let listed: Vec<String> = r
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::OtherCurrency)
        .map(|w| w.message(Lang::Nl))
        .collect();
    assert_eq!(
        listed,
        vec![
            "rij 4, kolom Currency: 'USD' is een andere valuta; rij overgeslagen",
            "rij 7, kolom Currency: 'GBP' is een andere valuta; rij overgeslagen",
            "rij 9, kolom Currency: 'USD' is een andere valuta; rij overgeslagen"
        ]
    );
    assert_eq!(
        r.currency_message(Lang::Nl).as_deref(),
        Some(
            "3 rijen in een andere valuta dan EUR tellen niet mee (volgens ‘Currency’): de app rekent niet om"
        )
    );
    assert_eq!(
        r.currency_message(Lang::En).as_deref(),
        Some(
            "3 rows in another currency than EUR are not counted (according to ‘Currency’): the app does not convert"
        )
    );
    // The column ignored, every amount counts as it stands.
    let all = ignoring(&imp, 3, text, "orders_export.csv");
    assert_eq!(all.report.rows_other_currency, 0);
    assert_eq!(all.report.currency_message(Lang::En), None);
    assert_eq!(revenue(&all).iter().sum::<i64>(), 28_500);

    // One currency: the rule, for information. Symbols are currencies too.
    let one = ok(
        "Klant;Datum;Bedrag;Valuta\nA;01-03-2024;10,00;€\nB;02-03-2024;20,00;EUR\n",
        "x.csv",
    );
    assert_eq!(one.report.columns[3].role, Role::Currency);
    assert_eq!(
        one.report.currency_message(Lang::Nl).as_deref(),
        Some("Alle bedragen zijn in EUR (volgens ‘Valuta’)")
    );
    assert_eq!(revenue(&one), vec![1_000, 2_000]);

    // A cell that names no currency ("n.v.t.", "nvt") counts like an empty
    // one; "Euro" written out is EUR, "USD" still another.
    let mut text = String::from("Klant;Datum;Bedrag;Valuta\n");
    for (i, currency) in ["n.v.t.", "nvt", "Euro", "USD"]
        .into_iter()
        .chain(["EUR"; 8])
        .enumerate()
    {
        text.push_str(&format!(
            "K{i};0{}-03-2024;{},00;{currency}\n",
            1 + i % 9,
            10 + i
        ));
    }
    let some = ok(&text, "x.csv");
    assert_eq!(some.report.columns[3].role, Role::Currency);
    assert_eq!(some.report.currency.as_deref(), Some("EUR"));
    assert_eq!(&revenue(&some)[..3], [1_000, 1_100, 1_200]);
    assert_eq!(revenue(&some).len(), 11);
    assert_eq!(some.report.rows_other_currency, 1);

    // Not a currency: an amount in the foreign currency, or values that are none.
    let other = ok(
        "Klant;Datum;Bedrag;Bedrag valuta;Valuta\nA;01-03-2024;10,00;11,00;ja\nB;02-03-2024;20,00;22,00;nee\n",
        "x.csv",
    );
    assert!(
        other
            .report
            .columns
            .iter()
            .all(|c| c.role != Role::Currency)
    );
    assert_eq!(other.report.currency_message(Lang::Nl), None);
    assert_eq!(revenue(&other), vec![1_000, 2_000]);
}

#[test]
fn amounts_written_in_another_currency_than_most_are_skipped_not_summed() {
    // A list typed by hand: no currency column, the amounts say it themselves.
    let text = "Klant;Datum;Bedrag\n\
        A;01-03-2024;€ 1.000,00\n\
        B;02-03-2024;€ 250,00\n\
        C;03-03-2024;$ 900,00\n\
        A;04-03-2024;40,00\n";
    let imp = ok(text, "x.csv");
    let r = &imp.report;
    assert_eq!(r.currency.as_deref(), Some("EUR"));
    // Euros, and an amount without a sign; not the dollars.
    assert_eq!(revenue(&imp), vec![100_000, 25_000, 4_000]);
    assert_eq!((r.rows_other_currency, r.rows_skipped), (1, 1));
    let w = &r.warnings[0];
    assert_eq!(w.kind, WarningKind::OtherCurrency);
    assert_eq!(
        w.message(Lang::En),
        "row 4, column Bedrag: '$ 900,00' is another currency; row skipped"
    );
    assert_eq!(
        r.currency_message(Lang::Nl).as_deref(),
        Some(
            "1 rij in een andere valuta dan EUR telt niet mee (volgens ‘Bedrag’): de app rekent niet om"
        )
    );
    // Amounts in one currency: no rule to state, nothing skipped.
    let one = ok(
        "Klant;Datum;Bedrag\nA;01-03-2024;€ 10,00\nB;02-03-2024;20,00\n",
        "x.csv",
    );
    assert_eq!(one.report.currency.as_deref(), Some("EUR"));
    assert_eq!(one.report.currency_message(Lang::Nl), None);
    assert_eq!(revenue(&one), vec![1_000, 2_000]);
}

#[test]
fn an_amount_converted_to_one_currency_is_the_revenue_and_counts_in_every_currency() {
    // The amount in the company's currency beside the invoice's own, named
    // either way ("Bedrag EUR" / "Bedrag valuta", "Bedrag" / Exact's "Bedrag VV").
    for (header, converted) in [
        ("Valuta;Bedrag valuta;Bedrag EUR", 5),
        ("Valuta;Bedrag;Bedrag in EUR", 5),
        ("Valuta;Bedrag VV;Bedrag", 5),
        ("Valuta;Bedrag;Bedrag VV", 4),
    ] {
        // The converted amount is 92,00 where the invoice said 100,00 dollars.
        let usd = if converted == 5 {
            "100,00;92,00"
        } else {
            "92,00;100,00"
        };
        let text = format!(
            "Debiteur;Naam;Factuurdatum;{header}\n\
             1001;A;01-03-2024;USD;{usd}\n\
             1002;B;02-03-2024;EUR;50,00;50,00\n\
             1003;C;03-03-2024;EUR;50,00;50,00\n"
        );
        let imp = ok(&text, "x.csv");
        let r = &imp.report;
        assert_eq!(r.columns[converted].role, Role::Revenue, "{header}");
        // The rows' currency is not the revenue's: unused, said why, nothing skipped.
        assert_eq!(r.columns[3].role, Role::Ignore, "{header}");
        assert_eq!(r.columns[3].reason, Reason::AmountConverted, "{header}");
        assert_eq!(
            r.columns[3].reason.message(Lang::En),
            "the invoice's currency; the revenue column is already in one currency"
        );
        assert_eq!(revenue(&imp), vec![9_200, 5_000, 5_000], "{header}");
        assert_eq!((r.rows_skipped, r.currency_message(Lang::Nl)), (0, None));
    }
    // Without a currency column a currency in the name is no reason to
    // prefer an amount: excluding VAT still wins.
    let vat = ok(
        "Klant;Datum;Bedrag excl. btw;Bedrag EUR\nA;01-03-2024;10,00;12,10\n",
        "x.csv",
    );
    assert_eq!(vat.report.columns[2].role, Role::Revenue);
}

#[test]
fn refunds_are_subtracted_from_an_orders_revenue_and_never_below_zero() {
    // Shopify's columns: the refund includes VAT and shipping, the subtotal not.
    let text = "Name,Email,Financial Status,Subtotal,Total,Refunded Amount,Created at\n\
        #1001,ann@example.com,paid,100.00,121.00,0.00,2024-03-05\n\
        #1002,bob@example.com,partially_refunded,100.00,121.00,30.25,2024-03-06\n\
        #1003,bob@example.com,refunded,200.00,242.00,242.00,2024-03-07\n\
        #1004,cy@example.com,partially_refunded,50.00,60.50,60.50,2024-03-08\n\
        #1005,cy@example.com,paid,80.00,96.80,n/a,2024-03-09\n\
        #1006,ann@example.com,paid,40.00,48.40,,2024-03-10\n";
    let imp = ok(text, "orders_export.csv");
    let role = |h: &str| role_of(&imp, h);
    assert_eq!(role("Refunded Amount"), Some(Role::Refunded));
    assert_eq!(role("Subtotal"), Some(Role::Revenue));
    // 100; 100 − 30.25; the refunded order is no sale; 50 − 60.50 stops at 0;
    // a refund that is no number leaves the 80; an empty one is none.
    assert_eq!(revenue(&imp), vec![10_000, 6_975, 0, 8_000, 4_000]);
    assert_eq!(imp.report.rows_refunded, 2);
    assert_eq!(imp.report.cents_refunded, 3_025 + 5_000);
    assert_eq!(imp.report.rows_not_sold, 1);
    let refund_warnings: Vec<String> = imp
        .report
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::RefundNotANumber)
        .map(|w| w.message(Lang::Nl))
        .collect();
    assert_eq!(
        refund_warnings,
        ["rij 6, kolom Refunded Amount: 'n/a' is geen bedrag; de rij telt zonder terugbetaling"]
    );
    assert_eq!(
        imp.report.refunded_message(Lang::Nl).as_deref(),
        Some(
            "‘Refunded Amount’ is van de omzet afgetrokken: € 80,25 op 2 rijen (een order gaat niet onder 0)"
        )
    );
    // Without the column: every amount in full.
    let full = ignoring(&imp, 5, text, "orders_export.csv");
    assert_eq!(revenue(&full), vec![10_000, 10_000, 5_000, 8_000, 4_000]);
    assert_eq!(full.report.refunded_message(Lang::Nl), None);
}

#[test]
fn line_endings_cr_crlf_lf_give_the_same_rows() {
    let lf = "Klant;Datum;Bedrag\nA;01-01-2024;1,00\n\nB;02-01-2024;x\n";
    for text in [
        lf.to_string(),
        lf.replace('\n', "\r\n"),
        lf.replace('\n', "\r"),
    ] {
        let imp = ok(&text, "x.csv");
        assert_eq!(revenue(&imp), vec![100]);
        let w = &imp.report.warnings[0];
        assert_eq!(w.kind, WarningKind::AmountNotANumber);
        // CR-only files count records (blank lines are invisible to the reader).
        let expected_row = if text.contains('\n') { 4 } else { 3 };
        assert_eq!(w.row, expected_row, "{text:?}");
    }
}

#[test]
fn transactions_vs_totals_shape() {
    let imp = ok("Klant;Omzet\nA;10\nB;20\n", "x.csv");
    assert_eq!(imp.report.shape, DataShape::CustomerTotals);
    let imp = ok(
        "Klant;Datum;Omzet;Aantal orders\nA;01-01-2024;10;3\nB;01-02-2024;20;1\n",
        "x.csv",
    );
    assert_eq!(imp.report.shape, DataShape::CustomerTotals);
    assert_eq!(imp.report.columns[1].reason, Reason::DateAsLastPurchase);
    let Facts::Totals(t) = &imp.dataset.facts else {
        panic!()
    };
    assert_eq!(
        t.last_purchase,
        Some(vec![day_from_civil(2024, 1, 1), day_from_civil(2024, 2, 1)])
    );
}

#[test]
fn last_periods_revenue_in_a_customer_level_file() {
    // Row 4 repeats A (its amounts add up), C has no revenue last year (empty: 0), D's is
    // not an amount: a warning with row and column, D stays with its revenue now, and its
    // revenue last year is unknown (no trend), not 0 ("bought nothing").
    let text = "Klant;Omzet 2025;Omzet 2024\n\
        A;1.000,00;800,00\n\
        B;50,00;100,00\n\
        A;10,00;20,00\n\
        C;30,00;\n\
        D;40,00;veel\n";
    let imp = ok(text, "x.csv");
    assert_eq!(imp.report.shape, DataShape::CustomerTotals);
    assert_eq!(imp.report.columns[1].role, Role::Revenue);
    assert_eq!(imp.report.columns[2].role, Role::PreviousRevenue);
    assert_eq!(
        imp.report.columns[2].reason,
        Reason::YearBefore {
            of: "Omzet 2025".into()
        }
    );
    let Facts::Totals(t) = &imp.dataset.facts else {
        panic!("customer-level")
    };
    assert_eq!(
        t.revenue,
        vec![Some(101_000), Some(5_000), Some(3_000), Some(4_000)]
    );
    assert_eq!(
        t.previous_revenue,
        Some(vec![Some(82_000), Some(10_000), Some(0), None])
    );
    assert_eq!(imp.report.rows_skipped, 0);
    let w = &imp.report.warnings[0];
    assert_eq!(
        (w.row, w.column.as_deref(), w.kind, w.skipped),
        (6, Some("Omzet 2024"), WarningKind::AmountNotANumber, false)
    );
    assert_eq!(
        w.message(Lang::Nl),
        "rij 6, kolom Omzet 2024: 'veel' is geen bedrag"
    );

    // A pivot of revenue per customer and year, headed by the years alone (an
    // accountant's "omzet per debiteur"): the header row is found, the latest
    // year is the revenue and the year before the period before.
    let text = "Omzet per debiteur\n\
        Debiteur;Naam;2023;2024;2025\n\
        1001;Bakkerij Jansen;12.500,00;14.200,00;15.100,00\n\
        1002;Slagerij de Vries;8.000,00;7.500,00;3.200,00\n\
        1003;Garage Peters;;;9.800,00\n";
    let imp = ok(text, "x.csv");
    assert_eq!(imp.report.header_row, Some(2));
    let roles: Vec<Role> = imp.report.columns.iter().map(|c| c.role).collect();
    use Role::*;
    assert_eq!(
        roles,
        [CustomerId, CustomerName, Ignore, PreviousRevenue, Revenue]
    );
    let Facts::Totals(t) = &imp.dataset.facts else {
        panic!("customer-level")
    };
    assert_eq!(
        t.revenue,
        vec![Some(1_510_000), Some(320_000), Some(980_000)]
    );
    assert_eq!(
        t.previous_revenue,
        Some(vec![Some(1_420_000), Some(750_000), Some(0)])
    );
    assert_eq!(imp.report.rows_read, 3);

    // Once unknown, a repeated customer's sum stays unknown, whichever row comes first.
    let imp = ok(
        "Klant;Omzet;Omzet vorig jaar\nA;1;x\nA;2;3\nB;4;5\nB;6;x\n",
        "x.csv",
    );
    assert!(
        matches!(&imp.dataset.facts, Facts::Totals(t) if t.previous_revenue == Some(vec![None, None]))
    );

    // With a plain date and one row per customer, the column makes it customer-level
    // (the date is then the last purchase).
    let imp = ok(
        "Klant;Datum;Omzet;Omzet vorig jaar\nA;01-12-2025;10;5\nB;01-06-2025;20;\n",
        "x.csv",
    );
    assert_eq!(imp.report.shape, DataShape::CustomerTotals);
    assert!(
        matches!(&imp.dataset.facts, Facts::Totals(t) if t.previous_revenue == Some(vec![Some(500), Some(0)]))
    );

    // In an invoice file the dates give the period before: the column is not used, and the
    // report says why.
    let imp = ok(
        "Klant;Datum;Omzet;Omzet vorig jaar\nA;01-01-2025;10;5\nA;01-02-2025;20;5\n",
        "x.csv",
    );
    assert_eq!(imp.report.shape, DataShape::Transactions);
    assert_eq!(imp.report.columns[3].role, Role::Ignore);
    assert_eq!(imp.report.columns[3].reason, Reason::PreviousNeedsTotals);
    assert_eq!(revenue(&imp), vec![1_000, 2_000]);
}

#[test]
fn a_creation_date_is_never_the_last_purchase() {
    // One row per customer with an order count, and a record-creation date: with a status
    // column that is a CRM export (tested below); without one the date still says nothing
    // about purchases.
    let imp = ok(
        "Klant;Aangemaakt op;Omzet;Aantal orders\nA;01-01-2020;10;3\nB;05-06-2021;20;1\n",
        "x.csv",
    );
    assert_eq!(imp.report.shape, DataShape::CustomerTotals);
    assert_eq!(imp.report.columns[1].role, Role::Ignore);
    assert!(matches!(&imp.dataset.facts, Facts::Totals(t) if t.last_purchase.is_none()));
}

#[test]
fn hubspot_companies_export_is_customer_level() {
    let text = "Record ID,Company name,Lifecycle Stage,Company owner,Create Date,Last Activity Date,Total Revenue\n\
        101,Acme,customer,Jo Smith,2023-01-05 10:00,2024-02-01 09:00,1200.50\n\
        102,Globex,lead,Jo Smith,2023-02-05 10:00,2024-03-01 09:00,\n\
        103,Initech,marketingqualifiedlead,,2023-03-05 10:00,,\n";
    let imp = ok(text, "hubspot.csv");
    assert_eq!(imp.report.shape, DataShape::CustomerTotals);
    use Role::*;
    let roles: Vec<Role> = imp.report.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        vec![
            CustomerId,
            CustomerName,
            Status,
            AccountManager,
            Ignore,
            Ignore,
            Revenue
        ]
    );
    let Facts::Totals(t) = &imp.dataset.facts else {
        panic!()
    };
    assert_eq!(t.revenue, vec![Some(120_050), None, None]);
    assert_eq!(t.last_purchase, None);
    use klantenpiramide::analysis::dataset::DeclaredStatus as S;
    let st: Vec<S> = imp.dataset.customers.iter().map(|c| c.status).collect();
    assert_eq!(st, vec![S::Customer, S::Prospect, S::Prospect]);
    assert_eq!(
        imp.dataset.account_managers,
        ["Jo Smith"].map(std::sync::Arc::<str>::from)
    );
}

#[test]
fn fatal_errors_have_messages() {
    let o = ImportOptions::default();
    assert_eq!(
        import(b"", "x.csv", &o).unwrap_err(),
        ImportError::EmptyFile
    );
    assert_eq!(
        import(b"  \r\n ", "x.csv", &o).unwrap_err(),
        ImportError::EmptyFile
    );
    assert_eq!(
        import(b"hello\nworld\n", "x.csv", &o).unwrap_err(),
        ImportError::NotATable
    );
    let e = import(b"Klant;Plaats\nA;Utrecht\nB;Gouda\n", "x.csv", &o).unwrap_err();
    assert_eq!(
        e.message(Lang::Nl),
        "Geen kolom lijkt op een bedrag; de kolommen zijn: Klant, Plaats. Kies hieronder welke kolom de omzet is."
    );
    assert_eq!(
        e.message(Lang::En),
        "No column looks like an amount; columns are: Klant, Plaats. Choose below which column is the revenue."
    );
    let e = import(
        b"Klant;Datum;Bedrag\n;01-01-2024;5\n;02-01-2024;6\n",
        "x.csv",
        &o,
    )
    .unwrap_err();
    assert!(matches!(e, ImportError::NothingUsable { .. }));
    let e = import(b"PK\x03\x04garbage", "x.xlsx", &o).unwrap_err();
    assert!(matches!(e, ImportError::UnreadableWorkbook { .. }));
}

#[test]
fn role_labels_cover_all_roles() {
    for r in Role::ALL {
        assert!(!r.label(Lang::Nl).is_empty() && !r.label(Lang::En).is_empty());
    }
    assert_eq!(Role::CustomerId.label(Lang::Nl), "Klantnummer");
}

#[test]
fn the_skipped_rows_download_does_not_run_cells_as_formulas() {
    let imp = ok(
        "Klant;Datum;Bedrag\nA;01-01-2024;10,00\nA;02-01-2024;20,00\nA;03-01-2024;30,00\nA;04-01-2024;40,00\nB;05-01-2024;=1+1\nC;06-01-2024;-x\n",
        "f.csv",
    );
    assert_eq!(imp.report.rows_skipped, 2);
    let csv = imp.report.skipped_rows_csv(Lang::Nl);
    let lines: Vec<&str> = csv.lines().collect();
    // Each bad value kept, with an apostrophe in front so Excel shows it as text.
    assert!(
        lines.iter().any(|l| l.starts_with("6;Bedrag;'=1+1;")),
        "{csv}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("7;Bedrag;'-x;")),
        "{csv}"
    );
}

#[test]
fn a_date_column_its_values_leave_open_reads_like_one_they_settled() {
    // The invoice dates settle month-first (03/25); every due and paid date could be
    // either way. They follow the invoice dates: 04/05 is the 5th of April, not 4 May.
    let text = "Customer,Invoice date,Amount,Due date,Paid date\n\
                A,03/25/2026,10.00,04/05/2026,04/06/2026\n\
                B,03/02/2026,12.50,04/01/2026,\n";
    let imp = ok(text, "invoices.csv");
    let r = &imp.report;
    let order = |i: usize| {
        (
            r.dates[i].order,
            r.dates[i].ambiguous,
            r.dates[i].reason.clone(),
        )
    };
    assert_eq!(r.dates.len(), 3);
    assert!(matches!(
        order(0),
        (
            DateOrder::MonthFirst,
            false,
            DateOrderReason::SettledByValue { .. }
        )
    ));
    for i in [1, 2] {
        assert_eq!(
            order(i),
            (
                DateOrder::MonthFirst,
                false,
                DateOrderReason::SameAsColumn {
                    header: "Invoice date".into()
                }
            )
        );
    }
    assert_eq!(
        r.dates[1].reason.message(Lang::Nl),
        "onduidelijk; zoals de kolom 'Invoice date'"
    );
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("an invoice file");
    };
    let p = t.payments.as_ref().expect("due and paid dates");
    assert_eq!(p.due[0], day_from_civil(2026, 4, 5));
    assert_eq!(p.paid[0], day_from_civil(2026, 4, 6));
    assert_eq!((p.due[1], p.paid[1]), (day_from_civil(2026, 4, 1), None));
    // The other way round: a paid date of 25-04 settles day-first for the invoice dates.
    let text = "Klant;Factuurdatum;Bedrag;Vervaldatum;Betaald op\nA;03-04-2026;10,00;03-05-2026;25-04-2026\n";
    let imp = ok(text, "facturen.csv");
    assert_eq!(imp.report.date_order, Some(DateOrder::DayFirst));
    assert!(!imp.report.date_order_ambiguous);
    assert_eq!(
        imp.report.date_order_reason,
        Some(DateOrderReason::SameAsColumn {
            header: "Betaald op".into()
        })
    );
}

#[test]
fn a_webshop_export_leaves_out_cancelled_failed_and_refunded_orders() {
    // WooCommerce's order export, its statuses with and without "wc-".
    let text = "Order Number,Order Status,Order Date,Customer Email,Order Total\n\
        1001,wc-completed,2024-03-01,ann@example.com,100.00\n\
        1002,Cancelled,2024-03-02,bob@example.com,500.00\n\
        1003,processing,2024-03-03,bob@example.com,80.00\n\
        1004,failed,2024-03-04,cy@example.com,60.00\n\
        1005,wc-refunded,2024-03-05,ann@example.com,40.00\n\
        1006,on-hold,2024-03-06,cy@example.com,25.50\n\
        1007,pending_payment,2024-03-07,ann@example.com,10.00\n\
        1008,checkout-draft,2024-03-08,dee@example.com,99.00\n";
    let imp = ok(text, "orders.csv");
    let r = &imp.report;
    assert_eq!(r.columns[1].role, Role::OrderStatus);
    // Ann's "pending_payment" order (10.00) never started its payment: no sale.
    assert_eq!(revenue(&imp), vec![10_000, 8_000, 2_550]);
    assert_eq!((r.rows_read, r.rows_used, r.rows_skipped), (8, 3, 5));
    assert_eq!((r.rows_not_sold, r.cents_not_sold), (5, 70_900));
    let listed: Vec<(u64, &str)> = r
        .warnings
        .iter()
        .map(|w| (w.row, w.value.as_str()))
        .collect();
    assert_eq!(
        listed,
        vec![
            (3, "Cancelled"),
            (5, "failed"),
            (6, "wc-refunded"),
            (8, "pending_payment"),
            (9, "checkout-draft")
        ]
    );
    assert!(
        r.warnings
            .iter()
            .all(|w| w.kind == WarningKind::NotASale && w.skipped)
    );
    assert_eq!(
        r.not_sold_message(Lang::Nl).as_deref(),
        Some(
            "5 rijen (€ 709,00) tellen niet mee: volgens ‘Order Status’ geannuleerd, concept, mislukt, in afwachting van betaling, terugbetaald, inkoop of betaling"
        )
    );
    // A customer whose only order was a draft is no relation at all.
    assert!(
        imp.dataset
            .customers
            .iter()
            .all(|c| &*c.key != "dee@example.com")
    );

    // The user can count them after all: the column ignored, every order counts.
    let all = ignoring(&imp, 1, text, "orders.csv");
    assert_eq!(all.report.rows_not_sold, 0);
    assert_eq!(revenue(&all).iter().sum::<i64>(), 91_450);
}

#[test]
fn a_draft_invoice_is_no_sale_and_its_bad_amount_is_not_a_second_warning() {
    // Moneybird: "Status" holds the invoice's state, in Dutch.
    let text = "Factuurnummer;Factuurdatum;Contact;Totaal excl. btw;Status\n\
        2024-0001;05-03-2024;Élan Design;1.210,00;Betaald\n\
        2024-0002;12-03-2024;Zuidas Advocaten;99,95;Te laat\n\
        ;14-03-2024;Zuidas Advocaten;nog invullen;Concept\n\
        2024-0003;02-04-2024;Élan Design;500,00;Open\n";
    let imp = ok(text, "facturen.csv");
    let r = &imp.report;
    assert_eq!(r.columns[4].role, Role::OrderStatus);
    assert_eq!(revenue(&imp), vec![121_000, 9_995, 50_000]);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(
        r.warnings[0].message(Lang::Nl),
        "rij 4, kolom Status: 'Concept' is geen verkoop; rij overgeslagen"
    );
    // No readable amount: counted as a row, not in the sum.
    assert_eq!((r.rows_not_sold, r.cents_not_sold), (1, 0));
}

#[test]
fn a_relation_status_stays_a_relation_status() {
    let text = "Klant;Status;Omzet\nA;klant;100,00\nB;prospect;0\nC;Klant;50,00\nD;lead;0\n";
    let imp = ok(text, "crm.csv");
    assert_eq!(imp.report.columns[1].role, Role::Status);
    assert_eq!(imp.report.rows_not_sold, 0);
    assert_eq!(imp.report.not_sold_message(Lang::Nl), None);
}

#[test]
fn order_states_read_in_any_case_with_or_without_the_prefix() {
    use klantenpiramide::analysis::import::columns::{OrderState, order_state};
    for v in [
        "cancelled",
        "Canceled",
        "wc-cancelled",
        "WC-FAILED",
        "voided",
        " Concept ",
        "checkout_draft",
        "Geannuleerd",
        "Terugbetaald",
        "annulé",
        "Pending payment",
        "wc-pending",
        "In afwachting van betaling",
        "Gerestitueerd",
    ] {
        assert_eq!(order_state(v.as_bytes()), OrderState::NotASale, "{v}");
    }
    for v in [
        "paid",
        "partially_refunded",
        "Pending",
        "pending",
        "wc-on-hold",
        "In wachtrij",
        "Te laat",
        "Oninbaar",
    ] {
        assert_eq!(order_state(v.as_bytes()), OrderState::Sale, "{v}");
    }
    for v in [
        "",
        "klant",
        "refunded but not really",
        "x".repeat(60).as_str(),
    ] {
        assert_eq!(order_state(v.as_bytes()), OrderState::Unknown, "{v}");
    }
}

#[test]
fn the_further_lines_of_a_shopify_order_are_neither_used_nor_skipped() {
    // Shopify: an order's total and status on its first line only; #1002 was voided.
    let text = "Name,Email,Financial Status,Subtotal,Created at,Lineitem quantity,Lineitem name\n\
        #1001,ann@example.com,paid,100.00,2024-03-05 14:22:00 +0100,2,Mok\n\
        #1001,ann@example.com,,,2024-03-05 14:22:00 +0100,1,Bord\n\
        #1002,bob@example.com,voided,80.00,2024-03-07 09:00:00 +0100,1,Kan\n\
        #1002,bob@example.com,,,2024-03-07 09:00:00 +0100,1,Glas\n\
        #1003,cy@example.com,paid,,2024-03-08 10:00:00 +0100,3,Lepel\n";
    let imp = ok(text, "orders_export.csv");
    let r = &imp.report;
    assert_eq!(revenue(&imp), vec![10_000]);
    // #1003's first line has a status but no amount: that one is missing.
    assert_eq!(
        (
            r.rows_read,
            r.rows_used,
            r.rows_further_lines,
            r.rows_skipped
        ),
        (5, 1, 2, 2)
    );
    let kinds: Vec<(u64, WarningKind)> = r.warnings.iter().map(|w| (w.row, w.kind)).collect();
    assert_eq!(
        kinds,
        vec![(4, WarningKind::NotASale), (6, WarningKind::MissingAmount)]
    );
    assert_eq!(
        r.further_lines_message(Lang::En).as_deref(),
        Some(
            "2 rows without ‘Subtotal’ and ‘Financial Status’ are further lines of an order: the order's total is on its first line and counts there"
        )
    );
    // Without an order status a row without an amount is missing one, as before.
    let plain = text.replace("Financial Status", "Remark");
    let imp = ok(&plain, "orders_export.csv");
    assert_eq!(imp.report.rows_further_lines, 0);
    assert_eq!(imp.report.rows_skipped, 3);
}

#[test]
fn an_empty_customer_number_column_leaves_the_name_as_the_key() {
    // Exported with the column, but no customer was ever given a number.
    let text = "Klantnummer;Naam;Factuurdatum;Bedrag\n\
        ;Jansen;01-02-2024;100,00\n\
        ;Smit;02-02-2024;50,00\n\
        ;Jansen;03-02-2024;75,00\n";
    let imp = ok(text, "f.csv");
    let r = &imp.report;
    assert_eq!(r.columns[0].role, Role::Ignore);
    assert_eq!(
        r.columns[0].reason.message(Lang::Nl),
        "kolomnaam wijst op klantnummer, maar de kolom is leeg"
    );
    assert_eq!(r.columns[1].role, Role::CustomerName);
    assert_eq!(r.rows_skipped, 0);
    let keys: Vec<&str> = imp.dataset.customers.iter().map(|c| &*c.key).collect();
    assert_eq!(keys, vec!["Jansen", "Smit"]);
}

#[test]
fn an_empty_amount_column_gives_way_to_one_with_values() {
    let text = "Klantnummer;Naam;Factuurdatum;Bedrag;Totaal\n\
        K01;Jansen;01-02-2024;;100,00\n\
        K02;Smit;02-02-2024;;50,00\n";
    let imp = ok(text, "f.csv");
    let roles: Vec<Role> = imp.report.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles[3..], [Role::Ignore, Role::Revenue]);
    assert_eq!(
        imp.report.columns[3].reason,
        Reason::EmptyColumn {
            role: Role::Revenue
        }
    );
    assert_eq!(revenue(&imp), vec![10_000, 5_000]);
    // Alone, it stays the amount: every row then lacks one, and says so.
    let alone = "Klantnummer;Naam;Factuurdatum;Bedrag\nK01;Jansen;01-02-2024;\n";
    let Err(ImportError::NothingUsable { report }) =
        import(alone.as_bytes(), "f.csv", &ImportOptions::default())
    else {
        panic!("no usable row");
    };
    assert_eq!(report.columns[3].role, Role::Revenue);
    assert_eq!(report.warnings[0].kind, WarningKind::MissingAmount);
}

#[test]
fn counts_in_the_messages_have_thousands_separators() {
    let mut text = String::from("Klant;Datum;Bedrag;Orderstatus\nA;01-01-2024;5,00;betaald\n");
    for i in 0..1_200 {
        text.push_str(&format!("K{i};02-01-2024;10,00;geannuleerd\n"));
    }
    let imp = ok(&text, "f.csv");
    assert_eq!(
        imp.report.not_sold_message(Lang::Nl).as_deref(),
        Some(
            "1.200 rijen (€ 12.000,00) tellen niet mee: volgens ‘Orderstatus’ geannuleerd, concept, mislukt, in afwachting van betaling, terugbetaald, inkoop of betaling"
        )
    );
    assert!(
        imp.report
            .not_sold_message(Lang::En)
            .is_some_and(|m| m.starts_with("1,200 rows (€12,000.00) are not counted"))
    );
}

#[test]
fn a_registration_date_is_no_last_purchase() {
    // WooCommerce's customer report: "Last active" is the nearest it has to
    // a last purchase; "Date registered" says nothing about purchases (it made
    // everyone a customer who last bought when they signed up).
    let text = "Name,Username,Last active,Date registered,Email,Orders,Total spend,AOV\n\
        Anna de Vries,anna,\"November 20, 2025\",\"March 3, 2023\",anna@example.nl,12,\"€1,234.50\",€102.88\n\
        Bert Jansen,bertj,\"October 2, 2025\",\"May 12, 2024\",bert@example.nl,3,€245.00,€81.67\n\
        Carla Peeters,carla,\"January 15, 2024\",\"January 2, 2022\",carla@example.be,1,€49.95,€49.95\n";
    let imp = ok(text, "customers.csv");
    let c = &imp.report.columns;
    assert_eq!((c[2].role, c[3].role), (Role::LastPurchase, Role::Ignore));
    assert_eq!(c[3].reason, Reason::NotAPurchaseDate);
    assert_eq!(
        c[3].reason.message(Lang::En),
        "a creation or registration date: says nothing about purchases"
    );
    let Facts::Totals(t) = &imp.dataset.facts else {
        panic!("customer-level")
    };
    assert_eq!(
        t.last_purchase,
        Some(vec![
            day_from_civil(2025, 11, 20),
            day_from_civil(2025, 10, 2),
            day_from_civil(2024, 1, 15),
        ])
    );
    assert_eq!(t.revenue, vec![Some(123_450), Some(24_500), Some(4_995)]);

    // Without "Last active", the registration date is still not used.
    let imp = ok(
        "Name,Date registered,Orders,Total spend\nAnna,2023-03-03,4,100\nBert,2024-05-12,1,50\n",
        "customers.csv",
    );
    assert_eq!(imp.report.columns[1].role, Role::Ignore);
    assert_eq!(imp.report.columns[1].reason, Reason::NotAPurchaseDate);
    assert!(matches!(&imp.dataset.facts, Facts::Totals(t) if t.last_purchase.is_none()));
    // WooCommerce Analytics calls it "Sign Up".
    let imp = ok(
        "Name,Sign Up,Orders,Total Spend\nAnna,2023-03-03,4,100\nBert,2024-05-12,1,50\n",
        "customers.csv",
    );
    assert_eq!(imp.report.columns[1].reason, Reason::NotAPurchaseDate);
}

#[test]
fn a_number_of_its_own_on_every_row_is_no_customer_number() {
    // Mollie's payments: "ID" is the payment's; the consumer's name comes back.
    let text = "ID,Date,Amount,Currency,Status,Consumer name\n\
        tr_1,2025-01-03 10:12:00,25.00,EUR,paid,J. de Vries\n\
        tr_2,2025-01-04 11:00:00,40.00,EUR,paid,P. Jansen\n\
        tr_3,2025-01-05 12:00:00,99.95,EUR,paid,J. de Vries\n\
        tr_4,2025-01-06 12:00:00,15.00,EUR,paid,J. de Vries\n";
    let imp = ok(text, "payments.csv");
    let c = &imp.report.columns;
    assert_eq!((c[0].role, c[5].role), (Role::Ignore, Role::CustomerName));
    assert_eq!(c[0].reason, Reason::IdPerRow);
    assert_eq!(imp.dataset.customers.len(), 2);
    assert_eq!(revenue(&imp), [2_500, 4_000, 9_995, 1_500]);

    // A customer list: a code and a name on every row, both different: the code is the key.
    let imp = ok(
        "Code;Naam;Omzet\n1;Jansen;10\n2;De Vries;20\n3;Peters;30\n",
        "x.csv",
    );
    assert_eq!(imp.report.columns[0].role, Role::CustomerId);
    // Invoice lines whose customer number comes back with the name: the number is the key.
    let imp = ok(
        "Nummer;Naam;Datum;Bedrag\n1;Jansen;1-2-2025;10\n2;De Vries;2-2-2025;20\n1;Jansen;3-2-2025;30\n",
        "x.csv",
    );
    assert_eq!(imp.report.columns[0].role, Role::CustomerId);
    // Two customers of the same name, each with its own number, in a customer list of
    // mostly different names: still two customers.
    let imp = ok(
        "Code;Naam;Omzet\n1;Jansen;10\n2;Jansen;20\n3;Peters;30\n4;Smit;5\n5;Bakker;7\n6;Visser;8\n7;Mulder;9\n8;Bos;1\n9;Vos;2\n10;Dekker;3\n11;Kok;4\n",
        "x.csv",
    );
    assert_eq!(imp.report.columns[0].role, Role::CustomerId);
    assert_eq!(imp.dataset.customers.len(), 11);
}

#[test]
fn a_customer_column_of_names_beside_the_number_is_the_name() {
    // Exact Online: "Debiteurnummer" and "Debiteur", the name.
    let text = "Factuurnummer;Factuurdatum;Debiteurnummer;Debiteur;Bedrag excl. BTW\n\
        25001;03-01-2025;1001;Bakkerij Jansen;100,00\n\
        25002;05-01-2025;1002;Slagerij de Vries;200,00\n\
        25003;07-01-2025;1001;Bakkerij Jansen;50,00\n";
    let imp = ok(text, "x.csv");
    let c = &imp.report.columns;
    assert_eq!(
        (c[2].role, c[3].role),
        (Role::CustomerId, Role::CustomerName)
    );
    assert_eq!(c[3].reason, Reason::ValuesLookLikeNames);
    let mut names: Vec<&str> = imp.dataset.customers.iter().map(|c| &*c.name).collect();
    names.sort_unstable();
    assert_eq!(names, ["Bakkerij Jansen", "Slagerij de Vries"]);
    // A postal code that lost to the e-mail address is no name.
    let imp = ok(
        "Email,Postal code,Total spent\na@x.nl,3511 AB,10\nb@x.nl,8011 CD,20\n",
        "x.csv",
    );
    assert_eq!(imp.report.columns[1].role, Role::Ignore);
}

#[test]
fn a_pdf_an_image_or_a_document_says_what_it_is() {
    let of = |bytes: &[u8], name: &str| import(bytes, name, &ImportOptions::default()).err();
    assert_eq!(
        of(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "factuur.pdf"),
        Some(ImportError::Pdf)
    );
    assert_eq!(of(b"%PDF-1.7\n", "export"), Some(ImportError::Pdf));
    let png = include_bytes!("fixtures/app/not-a-table.png");
    assert_eq!(of(png, "screenshot.png"), Some(ImportError::Image));
    assert_eq!(of(png, "klanten.csv"), Some(ImportError::Image));
    assert_eq!(
        of(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "x"),
        Some(ImportError::Image)
    );
    assert_eq!(
        of(b"PK\x03\x04....", "offerte.docx"),
        Some(ImportError::TextDocument)
    );
    assert_eq!(
        of(b"PK\x03\x04....", "omzet.numbers"),
        Some(ImportError::Numbers)
    );
    // A table is still a table, whatever else it resembles.
    assert_eq!(of(b"Klant;Bedrag\nA;1\nB;2\n", "klanten.csv"), None);
    let e = fails_named(b"%PDF-1.4", "facturen.pdf");
    assert_eq!(
        e.message(Lang::Nl),
        "Dit is een PDF, geen tabel: de app leest CSV en Excel. Exporteer je klanten of facturen als CSV of Excel, of kopieer de tabel en plak hem hier (Ctrl+V)."
    );
    assert_eq!(
        fails_named(b"PK\x03\x04", "omzet.numbers").message(Lang::En),
        "This is a Numbers file (export it from Numbers as CSV or Excel), not a table: the app reads CSV and Excel. Export your customers or invoices as CSV or Excel, or copy the table and paste it here (Ctrl+V)."
    );
}

#[test]
fn a_groups_subtotal_line_is_a_totals_line_not_a_row_without_a_customer() {
    // A report grouped per customer: "Totaal <name>" under each group, no date.
    let text = "Debiteur;Naam;Factuurdatum;Bedrag\n\
        1001;Bakkerij Jansen;03-01-2025;100,00\n\
        1001;Bakkerij Jansen;10-02-2025;50,00\n\
        ;Totaal Bakkerij Jansen;;150,00\n\
        1003;Totaal Techniek BV;12-02-2025;80,00\n\
        ;Totaal Totaal Techniek BV;;80,00\n\
        ;Totaal generaal;;230,00\n";
    let imp = ok(text, "x.csv");
    let r = &imp.report;
    assert_eq!((r.rows_read, r.rows_used, r.rows_skipped), (6, 3, 3));
    assert!(
        r.warnings.iter().all(|w| w.kind == WarningKind::TotalsRow),
        "{:?}",
        r.warnings
    );
    assert_eq!(r.rows_without_customer, 0);
    // A customer whose name starts with "Totaal", on a dated row, is a customer.
    assert!(
        imp.dataset
            .customers
            .iter()
            .any(|c| &*c.name == "Totaal Techniek BV")
    );
    assert_eq!(
        r.warnings[0].message(Lang::Nl),
        "rij 4: 'Totaal Bakkerij Jansen' is een totaalregel; overgeslagen"
    );
}

#[test]
fn xeros_invoice_lines_count_each_line_once() {
    // Xero's invoice export: camel-cased headers, one row per invoice line with
    // the invoice's total (VAT included) repeated on each; "LineAmount" is the line's.
    let text = "ContactName,EmailAddress,InvoiceNumber,InvoiceDate,DueDate,Total,TaxTotal,InvoiceAmountPaid,InvoiceAmountDue,Description,Quantity,UnitAmount,LineAmount,TaxAmount,Currency,Type,Status\n\
        Acme Ltd,ap@acme.co.uk,INV-0001,01/02/2025,15/02/2025,240.00,40.00,240.00,0.00,Widget,2,50.00,100.00,20.00,GBP,Sales invoice,Paid\n\
        Acme Ltd,ap@acme.co.uk,INV-0001,01/02/2025,15/02/2025,240.00,40.00,240.00,0.00,Gadget,1,100.00,100.00,20.00,GBP,Sales invoice,Paid\n\
        Beta plc,ap@beta.co.uk,INV-0002,03/02/2025,17/02/2025,120.00,20.00,0.00,120.00,Widget,2,50.00,100.00,20.00,GBP,Sales invoice,Awaiting Payment\n\
        Beta plc,ap@beta.co.uk,INV-0003,04/02/2025,18/02/2025,60.00,10.00,0.00,60.00,Widget,1,50.00,50.00,10.00,GBP,Sales invoice,Voided\n";
    let imp = ok(text, "Export.csv");
    let role = |h: &str| role_of(&imp, h);
    assert_eq!(role("ContactName"), Some(Role::CustomerName));
    assert_eq!(role("InvoiceNumber"), Some(Role::OrderNumber));
    assert_eq!(role("InvoiceDate"), Some(Role::Date));
    assert_eq!(role("DueDate"), Some(Role::DueDate));
    assert_eq!(role("LineAmount"), Some(Role::Revenue));
    assert_eq!(role("Total"), Some(Role::Ignore));
    assert_eq!(role("InvoiceAmountDue"), Some(Role::OpenAmount));
    assert_eq!(role("Status"), Some(Role::OrderStatus));
    // Its "Type" is the document's ("Sales invoice"), not the relation's:
    // it could say which rows are sales, but "Status" does.
    assert_eq!(role("Type"), Some(Role::Ignore));
    let reason = &imp
        .report
        .columns
        .iter()
        .find(|c| c.header == "Type")
        .unwrap()
        .reason;
    assert_eq!(
        reason,
        &Reason::LostTo {
            role: Role::OrderStatus,
            winner: "Status".into()
        }
    );
    // Each line once, without VAT; the voided invoice is no sale.
    assert_eq!(revenue(&imp), [10_000, 10_000, 10_000]);
    assert_eq!(imp.report.rows_not_sold, 1);
    // Day first, as the due dates of the 15th and 17th say.
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("invoice lines")
    };
    assert_eq!(t.day[0], day_from_civil(2025, 2, 1).unwrap());
    // The amount due says which invoice is open.
    let p = t.payments.as_ref().expect("a due date and an open amount");
    assert_eq!(p.paid[2], None);
    assert_eq!(p.paid[0], p.due[0]);
}

#[test]
fn a_relation_type_column_is_the_status_when_its_values_are_statuses() {
    let imp = ok(
        "Relatie;Type;Omzet\nA;klant;100\nB;prospect;0\nC;Klant;50\nD;lead;\n",
        "crm.csv",
    );
    assert_eq!(role_of(&imp, "Type"), Some(Role::Status));
}

#[test]
fn a_report_per_customer_counts_its_rows_for_the_customer_above() {
    // A report laid out per customer: the customer on a header row of its
    // own, its invoices below without one, a subtotal under each.
    let text = "Debiteur;Factuurdatum;Factuurnummer;Bedrag\n\
        1001 Bakkerij Jansen;;;\n\
        ;03-01-2025;25001;100,00\n\
        ;10-02-2025;25003;50,00\n\
        Subtotaal;;;150,00\n\
        1002 Slagerij de Vries;;;\n\
        ;05-01-2025;25002;200,00\n\
        Subtotaal;;;200,00\n";
    let imp = ok(text, "x.csv");
    let r = &imp.report;
    assert_eq!(
        (r.rows_read, r.rows_used, r.rows_skipped),
        (7, 3, 2),
        "{:?}",
        r.warnings
    );
    assert_eq!((r.rows_group_headers, r.rows_filled_down), (2, 3));
    assert!(r.warnings.iter().all(|w| w.kind == WarningKind::TotalsRow));
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("invoice lines")
    };
    let name_of = |i: usize| &*imp.dataset.customers[t.customer[i] as usize].name;
    assert_eq!(
        (0..3)
            .map(|i| (name_of(i), t.revenue[i]))
            .collect::<Vec<_>>(),
        [
            ("1001 Bakkerij Jansen", 10_000),
            ("1001 Bakkerij Jansen", 5_000),
            ("1002 Slagerij de Vries", 20_000)
        ]
    );
    assert_eq!(
        r.group_message(Lang::Nl).unwrap(),
        "Een rapport per klant: 3 rijen zonder klant tellen voor de klant in de kopregel erboven (2 kopregels; een subtotaal sluit een klant af)"
    );

    // A webshop's guest orders among customers' orders: no header rows, so
    // they stay rows without a customer, never the customer above them.
    let text = "Email;Created at;Total\n\
        a@x.nl;2025-01-03;10.00\n\
        ;2025-01-04;20.00\n\
        b@x.nl;2025-01-05;30.00\n\
        ;2025-01-06;40.00\n\
        ;2025-01-07;50.00\n";
    let imp = ok(text, "orders.csv");
    let r = &imp.report;
    assert_eq!(
        (r.rows_used, r.rows_without_customer, r.rows_filled_down),
        (2, 3, 0)
    );
    assert_eq!(r.group_message(Lang::Nl), None);
}

/// An export with a row per product that writes the order's total on each
/// of its lines (WooCommerce's order export plugins do by default).
const ORDER_TOTAL_ON_EACH_LINE: &str = "Order Number,Order Date,Customer Email,Item Name,Quantity,Order Total\n\
    1001,2025-03-01,a@x.nl,Mok,2,45.00\n\
    1001,2025-03-01,a@x.nl,Schotel,1,45.00\n\
    1002,2025-03-02,b@x.nl,Theepot,1,30.00\n\
    1003,2025-03-04,a@x.nl,Mok,1,62.50\n\
    1003,2025-03-04,a@x.nl,Theepot,1,62.50\n\
    1003,2025-03-04,a@x.nl,Lepel,4,62.50\n\
    1004,2025-03-05,c@x.nl,Mok,3,80.00\n\
    1004,2025-03-05,c@x.nl,Schotel,3,80.00\n";

#[test]
fn an_order_total_on_each_of_its_lines_counts_once() {
    let imp = ok(ORDER_TOTAL_ON_EACH_LINE, "orders.csv");
    let r = &imp.report;
    assert_eq!(role_of(&imp, "Order Total"), Some(Role::Revenue));
    assert_eq!(role_of(&imp, "Order Number"), Some(Role::OrderNumber));
    assert_eq!(r.order_totals, Some(true));
    assert_eq!(
        (
            r.rows_read,
            r.rows_used,
            r.rows_repeated_totals,
            r.rows_skipped
        ),
        (8, 4, 4, 0)
    );
    assert_eq!(revenue(&imp), [4_500, 3_000, 6_250, 8_000]);
    assert_eq!(
        r.repeated_totals_message(Lang::Nl).unwrap(),
        "‘Order Total’ is het totaal van een order en staat op elk van zijn regels: het telt één keer per ‘Order Number’ (4 regels herhaalden het)"
    );

    // The user says each line is its own amount: every line counts.
    let options = ImportOptions {
        order_totals: Some(false),
        ..ImportOptions::default()
    };
    let every = import(ORDER_TOTAL_ON_EACH_LINE.as_bytes(), "orders.csv", &options).unwrap();
    assert_eq!(every.report.order_totals, Some(false));
    assert_eq!(
        (every.report.rows_used, every.report.rows_repeated_totals),
        (8, 0)
    );
    assert_eq!(every.report.repeated_totals_message(Lang::En), None);
    assert_eq!(
        revenue(&every).iter().sum::<i64>(),
        2 * 4_500 + 3_000 + 3 * 6_250 + 2 * 8_000
    );
}

#[test]
fn line_amounts_that_differ_within_an_order_each_count() {
    // Each line its own amount: one order of two equal lines is no pattern.
    let text = "Order Number,Order Date,Customer Email,Item Name,Line Total\n\
        1001,2025-03-01,a@x.nl,Mok,30.00\n\
        1001,2025-03-01,a@x.nl,Schotel,15.00\n\
        1002,2025-03-02,b@x.nl,Theepot,30.00\n\
        1002,2025-03-02,b@x.nl,Theepot,30.00\n\
        1003,2025-03-04,a@x.nl,Mok,12.50\n\
        1003,2025-03-04,a@x.nl,Lepel,50.00\n\
        1004,2025-03-05,c@x.nl,Mok,80.00\n\
        1004,2025-03-05,c@x.nl,Mok,80.00\n";
    let imp = ok(text, "lines.csv");
    assert_eq!(imp.report.order_totals, Some(false));
    assert_eq!(
        (imp.report.rows_used, imp.report.rows_repeated_totals),
        (8, 0)
    );

    // Too few orders of several lines to tell: every line counts, and the
    // user can say otherwise.
    let text = "Order Number,Order Date,Customer Email,Order Total\n\
        1001,2025-03-01,a@x.nl,45.00\n\
        1001,2025-03-01,a@x.nl,45.00\n\
        1002,2025-03-02,b@x.nl,30.00\n\
        1003,2025-03-04,a@x.nl,62.50\n\
        1003,2025-03-04,a@x.nl,62.50\n";
    let imp = ok(text, "few.csv");
    assert_eq!(imp.report.order_totals, Some(false));
    let options = ImportOptions {
        order_totals: Some(true),
        ..ImportOptions::default()
    };
    let once = import(text.as_bytes(), "few.csv", &options).unwrap();
    assert_eq!(revenue(&once), [4_500, 3_000, 6_250]);

    // The same amount on every line of an order under a header that names
    // no order total ("Bedrag"), or lines of one order on different days:
    // a seller of one price, each line counts.
    for (header, second_day) in [("Bedrag", "01-03-2025"), ("Totaal", "08-03-2025")] {
        let text = format!(
            "Factuurnummer;Datum;Klant;{header}\n\
            F1;01-03-2025;A;25,00\nF1;{second_day};A;25,00\n\
            F2;02-03-2025;B;25,00\nF2;02-03-2025;B;25,00\n\
            F3;03-03-2025;A;25,00\nF3;03-03-2025;A;25,00\n"
        );
        let imp = ok(&text, "x.csv");
        assert_eq!(role_of(&imp, header), Some(Role::Revenue));
        assert_eq!(imp.report.order_totals, Some(false), "{header}");
        assert_eq!(imp.report.rows_used, 6, "{header}");
    }

    // Without an order number, or with one line per invoice, there is
    // nothing to choose.
    let imp = ok(
        "Klant;Datum;Bedrag\nA;1-2-2025;10\nA;1-2-2025;10\n",
        "x.csv",
    );
    assert_eq!(imp.report.order_totals, None);
    let imp = ok(
        "Factuur;Klant;Datum;Totaal\n1;A;1-2-2025;10\n2;A;1-2-2025;10\n3;B;2-2-2025;10\n",
        "x.csv",
    );
    assert_eq!(role_of(&imp, "Factuur"), Some(Role::OrderNumber));
    assert_eq!(imp.report.order_totals, None);
}

/// A pivot table copied from Excel: each customer named on the first row of
/// its group only (Excel's default layout), a grand total at the bottom.
const PIVOT: &str = "Klant;Datum;Omzet\n\
    Bakkerij Jansen;03-01-2025;100,00\n\
    ;10-02-2025;50,00\n\
    ;15-03-2025;25,00\n\
    Slagerij de Vries;05-01-2025;200,00\n\
    ;20-02-2025;80,00\n\
    Café Het Hoekje;02-01-2025;60,00\n\
    ;28-02-2025;40,00\n\
    Eindtotaal;;555,00\n";

#[test]
fn a_pivot_table_names_each_customer_once_and_its_rows_count_for_it() {
    let imp = ok(PIVOT, "draaitabel.csv");
    let r = &imp.report;
    assert!(r.fill_down);
    assert_eq!(
        (
            r.rows_used,
            r.rows_filled_down,
            r.rows_without_customer,
            r.rows_skipped
        ),
        (7, 4, 0, 1)
    );
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("invoice lines")
    };
    let mut per_customer = vec![0i64; imp.dataset.customers.len()];
    for (&c, &rev) in t.customer.iter().zip(&t.revenue) {
        per_customer[c as usize] += rev;
    }
    let names: Vec<(&str, i64)> = imp
        .dataset
        .customers
        .iter()
        .map(|c| &*c.name)
        .zip(per_customer)
        .collect();
    assert_eq!(
        names,
        [
            ("Bakkerij Jansen", 17_500),
            ("Slagerij de Vries", 28_000),
            ("Café Het Hoekje", 10_000)
        ]
    );
    assert_eq!(
        r.group_message(Lang::Nl).unwrap(),
        "De klant staat alleen op de eerste rij van zijn groep: 4 rijen zonder klant tellen voor de klant erboven (een subtotaal sluit een klant af)"
    );

    // The user says no: those rows have no customer.
    let options = ImportOptions {
        fill_down: Some(false),
        ..ImportOptions::default()
    };
    let apart = import(PIVOT.as_bytes(), "draaitabel.csv", &options).unwrap();
    assert!(!apart.report.fill_down);
    assert_eq!(
        (apart.report.rows_used, apart.report.rows_without_customer),
        (3, 4)
    );
    assert_eq!(apart.report.group_message(Lang::Nl), None);

    // The same rows in date order (a webshop's guest orders among customers'
    // orders are so): not a pivot table, unless the user says so.
    let dated = "Klant;Datum;Omzet\n\
        Bakkerij Jansen;02-01-2025;100,00\n\
        ;03-01-2025;50,00\n\
        Slagerij de Vries;05-01-2025;200,00\n\
        ;20-02-2025;80,00\n\
        ;28-02-2025;40,00\n";
    let imp = ok(dated, "orders.csv");
    assert!(!imp.report.fill_down);
    assert_eq!(imp.report.rows_without_customer, 3);
    let options = ImportOptions {
        fill_down: Some(true),
        ..ImportOptions::default()
    };
    let filled = import(dated.as_bytes(), "orders.csv", &options).unwrap();
    assert_eq!(
        (
            filled.report.rows_filled_down,
            filled.report.rows_without_customer
        ),
        (3, 0)
    );

    // One such row reads in the singular.
    let one = import(
        "Klant;Datum;Omzet\nA;02-01-2025;100,00\n;03-01-2025;50,00\n".as_bytes(),
        "orders.csv",
        &options,
    )
    .unwrap();
    assert_eq!(
        one.report.group_message(Lang::Nl).unwrap(),
        "De klant staat alleen op de eerste rij van zijn groep: 1 rij zonder klant telt voor de klant erboven (een subtotaal sluit een klant af)"
    );
    assert_eq!(
        one.report.group_message(Lang::En).unwrap(),
        "Each customer is named on the first row of its group only: 1 row without a customer counts for the customer above them (a subtotal closes a customer)"
    );
}

/// An Excel pivot table of totals per customer per product group (or per
/// year): the customer on its group's first row only, the groups below it.
#[test]
fn a_pivot_of_totals_per_group_counts_every_group_for_its_customer() {
    let text = "Rijlabels\tProductgroep\tSom van Omzet\n\
        Bakkerij Jansen\tBrood\t1.250,00\n\
        \tGebak\t1.400,00\n\
        \tKoffie\t900,00\n\
        Café De Zon\tGebak\t300,00\n\
        \tKoffie\t450,00\n\
        Visser Installatie\tBrood\t2.000,00\n\
        Eindtotaal\t\t6.300,00\n";
    let imp = ok(text, "draaitabel.txt");
    let r = &imp.report;
    assert_eq!(r.shape, DataShape::CustomerTotals);
    assert!(r.fill_down);
    assert_eq!(
        (
            r.rows_used,
            r.rows_filled_down,
            r.rows_without_customer,
            r.rows_skipped
        ),
        (6, 3, 0, 1)
    );
    let Facts::Totals(t) = &imp.dataset.facts else {
        panic!("customer totals")
    };
    assert_eq!(t.revenue, [Some(355_000), Some(75_000), Some(200_000)]);
    assert_eq!(
        r.group_message(Lang::Nl).unwrap(),
        "De klant staat alleen op de eerste rij van zijn groep: 3 rijen zonder klant tellen voor de klant erboven (een subtotaal sluit een klant af)"
    );
    assert_eq!(r.fill_down_choice(), Some(true));

    // The user says no: those rows have no customer, and the choice stays.
    let options = ImportOptions {
        fill_down: Some(false),
        ..ImportOptions::default()
    };
    let apart = import(text.as_bytes(), "draaitabel.txt", &options).unwrap();
    assert_eq!(
        (apart.report.rows_used, apart.report.rows_without_customer),
        (3, 3)
    );
    assert_eq!(apart.report.fill_down_choice(), Some(false));

    // A customer list with a nameless row or two is no pivot: they stay
    // without a customer (and the choice is offered).
    let list = "Klant\tPlaats\tOmzet\n\
        A\tUtrecht\t10,00\n\
        \tUtrecht\t20,00\n\
        B\tZeist\t30,00\n\
        C\tUtrecht\t40,00\n";
    let imp = ok(list, "klanten.txt");
    assert!(!imp.report.fill_down);
    assert_eq!(imp.report.rows_without_customer, 1);
    assert_eq!(imp.report.fill_down_choice(), Some(false));
    // Nor are as many nameless rows as named ones when nothing labels them
    // with values that come back under another customer.
    let unlabelled = "Klant\tOmzet\nA\t10,00\n\t20,00\nB\t30,00\n\t40,00\n";
    assert!(!ok(unlabelled, "klanten.txt").report.fill_down);
    let own_labels = "Klant\tNotitie\tOmzet\nA\tx\t10,00\n\ty\t20,00\nB\tz\t30,00\n\tw\t40,00\n";
    assert!(!ok(own_labels, "klanten.txt").report.fill_down);

    // Per year, the same pivot is dated rows (each year on 1 January), and
    // each year still counts for the customer above it.
    let years = text
        .replace("Productgroep", "Jaar")
        .replace("Brood", "2023")
        .replace("Gebak", "2024")
        .replace("Koffie", "2025");
    let imp = ok(&years, "draaitabel.txt");
    assert_eq!(imp.report.shape, DataShape::Transactions);
    assert!(imp.report.fill_down);
    assert_eq!(imp.report.rows_filled_down, 3);
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("transactions")
    };
    assert_eq!(t.customer, [0, 0, 0, 1, 1, 2]);
    assert_eq!(t.day[2], day_from_civil(2025, 1, 1).unwrap());
}

/// An e-mail address as the customer's key is one customer however it is
/// typed (a webshop's orders: "Sanne.DeWit@…" once, "sanne.dewit@…" else).
#[test]
fn an_email_key_is_one_customer_in_any_case() {
    let text = "Email,Created at,Total,Billing Name\n\
        sanne.dewit@example.nl,2024-01-04,42.80,Sanne de Wit\n\
        Sanne.DeWit@Example.NL,2024-02-01,30.10,Sanne de Wit\n\
        inkoop@korenschoof.nl,2024-02-09,74.85,Kees Verhoeven\n\
        SANNE.DEWIT@EXAMPLE.NL,2024-03-08,87.80,\n";
    let imp = ok(text, "orders_export.csv");
    let keys: Vec<&str> = imp.dataset.customers.iter().map(|c| &*c.key).collect();
    assert_eq!(keys, ["sanne.dewit@example.nl", "inkoop@korenschoof.nl"]);
    assert_eq!(&*imp.dataset.customers[0].name, "Sanne de Wit");
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("orders")
    };
    assert_eq!(t.customer, [0, 0, 1, 0]);

    // A customer number missing on one row in twenty stays the key: a
    // company's contacts have addresses of their own.
    let mut b2b = String::from("Klantnummer;E-mail;Datum;Bedrag\n");
    for i in 0..20 {
        let number = if i == 7 {
            String::new()
        } else {
            format!("K{:02}", i % 4)
        };
        b2b.push_str(&format!(
            "{number};inkoper{i}@klant{}.nl;01-02-2024;10,00\n",
            i % 4
        ));
    }
    let imp = ok(&b2b, "x.csv");
    assert_eq!(imp.report.columns[0].role, Role::CustomerId);
    assert_eq!(imp.dataset.customers.len(), 4);
    assert_eq!(imp.report.rows_without_customer, 1);

    // Keys that are no addresses keep their case: "K01" and "k01" may be
    // two customers in a system that tells them apart.
    let codes = "Klantcode;Datum;Bedrag\nK01;01-02-2024;10,00\nk01;02-02-2024;20,00\n";
    assert_eq!(ok(codes, "x.csv").dataset.customers.len(), 2);
}

#[test]
fn the_header_row_again_further_down_is_counted_apart_not_warned_about() {
    // Two exports put one after the other (the second with its own
    // byte-order mark), and a header printed again at the end.
    let text = "Klant;Datum;Bedrag\n\
        A;01-02-2025;10,00\n\
        \u{feff}Klant;Datum;Bedrag\n\
        B;02-02-2025;20,00\n\
        Klant;Datum;Bedrag\n\
        Klant;03-02-2025;5,00\n";
    let imp = ok(text, "2024.csv + 2025.csv");
    let r = &imp.report;
    assert_eq!(
        (
            r.rows_read,
            r.rows_used,
            r.rows_repeated_headers,
            r.rows_skipped
        ),
        (5, 3, 2, 0),
        "{:?}",
        r.warnings
    );
    // A customer called "Klant" with a date and an amount is a customer.
    assert_eq!(revenue(&imp), [1_000, 2_000, 500]);
}

/// The customers as (key, name, revenue in cents), in the dataset's order.
fn customer_revenue(imp: &Imported) -> Vec<(String, String, i64)> {
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("not transactions");
    };
    imp.dataset
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cents = (0..t.len())
                .filter(|&j| t.customer[j] as usize == i)
                .map(|j| t.revenue[j])
                .sum();
            (c.key.to_string(), c.name.to_string(), cents)
        })
        .collect()
}

#[test]
fn a_consumer_without_a_company_name_is_a_customer_by_their_own_name() {
    // A webshop's orders: businesses give a company name, consumers do not.
    let text = "Bestelnummer;Besteldatum;Bedrijfsnaam;Voornaam;Achternaam;Totaal\n\
        1001;03-01-2026;Bakkerij Jansen;Piet;Jansen;120,00\n\
        1002;04-01-2026;;Anna;de Vries;45,50\n\
        1003;05-01-2026;;Kees;;30,00\n\
        1004;06-01-2026;Bakkerij Jansen;Marie;Jansen;80,00\n\
        1005;07-01-2026;;Anna;de Vries;15,00\n\
        1006;08-01-2026;;;;9,00\n";
    let imp = ok(text, "bestellingen.csv");
    let r = &imp.report;
    assert_eq!(role_of(&imp, "Bedrijfsnaam"), Some(Role::CustomerName));
    assert_eq!(role_of(&imp, "Voornaam"), Some(Role::PersonName));
    assert_eq!(role_of(&imp, "Achternaam"), Some(Role::PersonName));
    assert_eq!(
        r.columns[3].reason.message(Lang::Nl),
        "de klantnaam op een rij zonder \"Bedrijfsnaam\" (een particulier)"
    );
    let own = |k: &str, n: &str, c: i64| (k.to_string(), n.to_string(), c);
    assert_eq!(
        customer_revenue(&imp),
        vec![
            own("Bakkerij Jansen", "Bakkerij Jansen", 20_000),
            own("Anna de Vries", "Anna de Vries", 6_050),
            own("Kees", "Kees", 3_000),
        ]
    );
    // A row with no name at all still has no customer, and says so.
    assert_eq!(r.rows_skipped, 1);
    assert_eq!(r.warnings[0].kind, WarningKind::MissingCustomer);
    // With the company column ignored, first and last name are the name.
    let imp = ignoring(&imp, 2, text, "bestellingen.csv");
    let keys: Vec<String> = customer_revenue(&imp).into_iter().map(|c| c.0).collect();
    assert_eq!(
        keys,
        ["Piet Jansen", "Anna de Vries", "Kees", "Marie Jansen"]
    );
}

#[test]
fn an_email_key_names_a_consumer_by_person_until_a_company_name_comes() {
    // Shopify's orders: "Billing Name" and "Billing Company" (mostly empty),
    // keyed by the e-mail address.
    // (A "… Name" that names no person, before it, is no person's name.)
    let text = "Name,Email,Created at,Subtotal,Payment Terms Name,Vendor Name,Billing Name,Billing Company\n\
        #1001,piet@jansen.nl,2026-01-03 10:00:00 +0100,120.00,Net 30,Koffie BV,Piet Jansen,\n\
        #1002,anna@devries.nl,2026-01-04 10:00:00 +0100,45.50,,Koffie BV,Anna de Vries,\n\
        #1003,piet@jansen.nl,2026-01-05 10:00:00 +0100,80.00,Net 30,Koffie BV,Piet Jansen,Bakkerij Jansen\n\
        #1004,kees@bakker.nl,2026-01-06 10:00:00 +0100,30.00,,Thee BV,,\n";
    let imp = ok(text, "orders_export.csv");
    assert_eq!(role_of(&imp, "Email"), Some(Role::CustomerId));
    assert_eq!(role_of(&imp, "Billing Company"), Some(Role::CustomerName));
    assert_eq!(role_of(&imp, "Billing Name"), Some(Role::PersonName));
    assert_eq!(role_of(&imp, "Payment Terms Name"), Some(Role::Ignore));
    assert_eq!(role_of(&imp, "Vendor Name"), Some(Role::Ignore));
    let own = |k: &str, n: &str, c: i64| (k.to_string(), n.to_string(), c);
    assert_eq!(
        customer_revenue(&imp),
        vec![
            own("piet@jansen.nl", "Bakkerij Jansen", 20_000),
            own("anna@devries.nl", "Anna de Vries", 4_550),
            own("kees@bakker.nl", "kees@bakker.nl", 3_000),
        ]
    );
    // Dutch headers: "E-mailadres" is the address, "Voornaam (facturering)"
    // and "Achternaam (facturering)" the person, not the shipping address's.
    let text = "Bestelnummer;Besteldatum;Voornaam (verzending);Achternaam (verzending);\
        Voornaam (facturering);Achternaam (facturering);Bedrijf (facturering);E-mailadres;Totaal\n\
        1;03-01-2026;X;Y;Anna;de Vries;;anna@devries.nl;45,50\n\
        2;04-01-2026;X;Y;Piet;Jansen;Bakkerij Jansen;piet@jansen.nl;120,00\n\
        3;05-01-2026;X;Y;Anna;de Vries;;Anna@DeVries.nl;15,00\n";
    let imp = ok(text, "orders.csv");
    assert_eq!(role_of(&imp, "E-mailadres"), Some(Role::CustomerId));
    assert_eq!(role_of(&imp, "Voornaam (verzending)"), Some(Role::Ignore));
    assert_eq!(
        role_of(&imp, "Voornaam (facturering)"),
        Some(Role::PersonName)
    );
    assert_eq!(
        customer_revenue(&imp),
        vec![
            own("anna@devries.nl", "Anna de Vries", 6_050),
            own("piet@jansen.nl", "Bakkerij Jansen", 12_000),
        ]
    );
}

#[test]
fn first_and_last_name_together_are_the_key() {
    // Two Piets are two customers; a Piet without a last name a third.
    let text = "Voornaam;Achternaam;Datum;Bedrag\n\
        Piet;Jansen;01-02-2024;10,00\n\
        Piet;Bakker;02-02-2024;20,00\n\
        Piet;Jansen;03-02-2024;5,00\n\
        Piet;;04-02-2024;1,00\n";
    let imp = ok(text, "klanten.csv");
    let own = |k: &str, c: i64| (k.to_string(), k.to_string(), c);
    assert_eq!(
        customer_revenue(&imp),
        vec![
            own("Piet Jansen", 1_500),
            own("Piet Bakker", 2_000),
            own("Piet", 100)
        ]
    );
    // Many people, seven first names: each once and later again, across
    // the customer table's growth.
    let mut text = String::from("Voornaam;Achternaam;Datum;Bedrag\n");
    for round in 0..2 {
        for i in 0..3000 {
            text.push_str(&format!(
                "Voor{};Achter{i};0{}-02-2024;1,00\n",
                i % 7,
                round + 1
            ));
        }
    }
    let imp = ok(&text, "klanten.csv");
    assert_eq!(imp.dataset.customers.len(), 3000);
    assert!(customer_revenue(&imp).iter().all(|c| c.2 == 200));
}

#[test]
fn a_customer_list_names_consumers_by_person_and_businesses_by_company() {
    // Shopify's customers export: a company only for business customers.
    let text = "Customer ID,First Name,Last Name,Email,Default Address Company,Total Spent,Total Orders\n\
        7210123456789,Ann,Lee,ann@example.com,,1234.50,3\n\
        7210123456790,Bob,Ray,bob@example.com,Ray Bikes BV,1020.00,2\n";
    let imp = ok(text, "customers_export.csv");
    assert_eq!(imp.report.shape, DataShape::CustomerTotals);
    assert_eq!(
        role_of(&imp, "Default Address Company"),
        Some(Role::CustomerName)
    );
    assert_eq!(role_of(&imp, "First Name"), Some(Role::PersonName));
    let names: Vec<&str> = imp.dataset.customers.iter().map(|c| &*c.name).collect();
    // Was "7210123456789": the number, for want of a company.
    assert_eq!(names, ["Ann Lee", "Ray Bikes BV"]);
}

#[test]
fn a_french_invoice_list_reads_its_numbers_and_leaves_out_a_cancelled_invoice() {
    // A Walloon supplier's invoices: "Statut" of each invoice, feminine forms.
    let text = "N° client;Nom du client;N° facture;Date facture;Montant HTVA;TVA;Montant TVAC;Statut\n\
        C001;Boulangerie Dupont;F2026-001;03/01/2026;1.000,00;210,00;1.210,00;Payée\n\
        C002;Garage Lambert SPRL;F2026-002;04/01/2026;500,00;105,00;605,00;Ouverte\n\
        C001;Boulangerie Dupont;F2026-003;15/01/2026;250,00;52,50;302,50;Annulée\n\
        C002;Garage Lambert SPRL;F2026-004;20/01/2026;80,00;16,80;96,80;En retard\n";
    let imp = ok(text, "factures.csv");
    assert_eq!(role_of(&imp, "N° facture"), Some(Role::OrderNumber));
    assert_eq!(role_of(&imp, "Montant HTVA"), Some(Role::Revenue));
    assert_eq!(role_of(&imp, "Statut"), Some(Role::OrderStatus));
    assert_eq!(
        (imp.report.rows_not_sold, imp.report.cents_not_sold),
        (1, 25_000)
    );
    assert_eq!(revenue(&imp), [100_000, 50_000, 8_000]);
}

#[test]
fn an_account_managers_first_and_last_name_are_no_customer_name() {
    let text = "Company Name,Owner First Name,Owner Last Name,First Name,Last Name,Close Date,Amount\n\
        Acme BV,Sanne,de Boer,,,01/02/2026,100\n\
        ,Sanne,de Boer,Jan,Smit,02/02/2026,50\n";
    let imp = ok(text, "deals.csv");
    assert_eq!(
        role_of(&imp, "Owner First Name"),
        Some(Role::AccountManager)
    );
    assert_eq!(role_of(&imp, "Owner Last Name"), Some(Role::Ignore));
    assert_eq!(role_of(&imp, "First Name"), Some(Role::PersonName));
    let names: Vec<&str> = imp.dataset.customers.iter().map(|c| &*c.name).collect();
    assert_eq!(names, ["Acme BV", "Jan Smit"]);
}

#[test]
fn a_report_per_month_reads_each_month_as_its_first_day() {
    // Revenue per customer per month: "Periode" without a day.
    let text = "Relatienummer;Relatienaam;Periode;Omzet excl. BTW\n\
        1001;Bakkerij Jansen;2025-12;1.250,00\n\
        1002;Smit Installatie;2026-01;800,00\n\
        1001;Bakkerij Jansen;2026-01;1.100,00\n";
    let imp = ok(text, "omzet-per-maand.csv");
    let r = &imp.report;
    assert_eq!(role_of(&imp, "Periode"), Some(Role::Date));
    assert_eq!(r.shape, DataShape::Transactions);
    assert_eq!(r.date_order_reason, Some(DateOrderReason::Months));
    assert_eq!(
        r.date_order_reason.as_ref().unwrap().message(Lang::Nl),
        "maanden of kwartalen zonder dag: elk telt als zijn eerste dag"
    );
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("transactions")
    };
    assert_eq!(
        t.day,
        [
            day_from_civil(2025, 12, 1).unwrap(),
            day_from_civil(2026, 1, 1).unwrap(),
            day_from_civil(2026, 1, 1).unwrap()
        ]
    );
    // Per quarter, under a header that is only "Kwartaal".
    let text = "Klant;Kwartaal;Omzet\nA;2025-Q4;300\nB;Q1 2026;100\nA;K1 2026;250\n";
    let imp = ok(text, "kwartalen.csv");
    assert_eq!(role_of(&imp, "Kwartaal"), Some(Role::Date));
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("transactions")
    };
    assert_eq!(t.day[0], day_from_civil(2025, 10, 1).unwrap());
    // An amount "this month" is no month, also when it is empty.
    let text = "Klant;Omzet;Omzet deze maand;Omzet vorige periode\nA;100;;\nB;200;;\n";
    let imp = ok(text, "klanten.csv");
    assert_eq!(role_of(&imp, "Omzet deze maand"), Some(Role::Ignore));
    assert_eq!(imp.report.shape, DataShape::CustomerTotals);
    // Nor is an empty "Omzet vorige periode" beside last year's revenue (it
    // was the last-purchase date, empty for every customer).
    let text = "Klant;Omzet;Omzet vorig jaar;Omzet vorige periode\nA;100;90;\nB;200;150;\n";
    let imp = ok(text, "klanten.csv");
    assert_eq!(role_of(&imp, "Omzet vorige periode"), Some(Role::Ignore));
    assert_eq!(
        role_of(&imp, "Omzet vorig jaar"),
        Some(Role::PreviousRevenue)
    );
}

#[test]
fn a_report_per_year_reads_each_year_as_its_first_of_january() {
    // Revenue per customer per year, one row each: the years were ignored and
    // every year's revenue summed as if it were one period's.
    let text = "Klant;Jaar;Omzet\n\
        Bakkerij Jansen;2024;10.000,00\n\
        Bakkerij Jansen;2025;12.000,00\n\
        Smit;2024;5.000,00\n\
        De Zwaan;2025;3.000,00\n";
    let imp = ok(text, "omzet-per-jaar.csv");
    let r = &imp.report;
    assert_eq!(role_of(&imp, "Jaar"), Some(Role::Date));
    assert_eq!(r.shape, DataShape::Transactions);
    assert_eq!(r.date_order_reason, Some(DateOrderReason::Years));
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("transactions")
    };
    let jan1 = |y| day_from_civil(y, 1, 1).unwrap();
    assert_eq!(t.day, [jan1(2024), jan1(2025), jan1(2024), jan1(2025)]);
    // A date column with a year in it is not read so: that cell is said.
    let text = "Klant;Datum;Omzet\nA;01-02-2025;10\nB;2025;20\nA;03-02-2025;5\n";
    let imp = ok(text, "f.csv");
    assert_eq!(imp.report.rows_skipped, 1);
    assert_eq!(imp.report.warnings[0].kind, WarningKind::DateNotADate);
    // Nor is a year column of other things ("Jaar" of a contract: "2 jaar").
    let text = "Klant;Jaar;Omzet\nA;2 jaar;10\nB;1 jaar;20\n";
    assert_eq!(role_of(&ok(text, "f.csv"), "Jaar"), Some(Role::Ignore));
}

/// Revenue per customer, by name, in cents (transactions files).
fn per_customer(imp: &Imported) -> Vec<(String, i64)> {
    let Facts::Transactions(t) = &imp.dataset.facts else {
        panic!("transactions")
    };
    let mut out: Vec<(String, i64)> = imp
        .dataset
        .customers
        .iter()
        .map(|c| (c.name.to_string(), 0))
        .collect();
    for (&c, &r) in t.customer.iter().zip(&t.revenue) {
        out[c as usize].1 += r;
    }
    out
}

#[test]
fn a_journal_counts_the_lines_on_revenue_accounts_credit_minus_debit() {
    // SnelStart's booking lines: per invoice the debtor (1300, debit, with
    // VAT), the revenue (8000, credit) and the VAT (1671, credit); a credit
    // note debits revenue; a payment credits the debtor. Before, "Credit"
    // was the revenue on every line: VAT and payments counted as sales.
    let text = "Dagboek;Boekingcode;Datum;Omschrijving;Grootboeknummer;Relatiecode;Factuurnummer;Debet;Credit\n\
        Verkoop;1;15-01-2026;Bakkerij Jansen;1300;101;2026001;121,00;\n\
        Verkoop;1;15-01-2026;Bakkerij Jansen;8000;101;2026001;;100,00\n\
        Verkoop;1;15-01-2026;Bakkerij Jansen;1671;101;2026001;;21,00\n\
        Verkoop;2;20-01-2026;Slagerij de Vries;1300;102;2026002;242,00;\n\
        Verkoop;2;20-01-2026;Slagerij de Vries;8010;102;2026002;;200,00\n\
        Verkoop;2;20-01-2026;Slagerij de Vries;1671;102;2026002;;42,00\n\
        Verkoop;3;25-01-2026;Slagerij de Vries;1300;102;2026003;;60,50\n\
        Verkoop;3;25-01-2026;Slagerij de Vries;8010;102;2026003;50,00;\n\
        Verkoop;3;25-01-2026;Slagerij de Vries;1671;102;2026003;10,50;\n\
        Bank;4;30-01-2026;Betaling Bakkerij Jansen;1300;101;2026001;;121,00\n";
    let imp = ok(text, "snelstart-boekingen.csv");
    let r = &imp.report;
    assert_eq!(role_of(&imp, "Grootboeknummer"), Some(Role::Ledger));
    assert_eq!(role_of(&imp, "Credit"), Some(Role::Revenue));
    assert_eq!(role_of(&imp, "Debet"), Some(Role::Debit));
    assert_eq!(
        per_customer(&imp),
        [("101".to_string(), 10_000), ("102".to_string(), 15_000)]
    );
    assert_eq!(
        (r.rows_used, r.rows_other_account, r.rows_skipped),
        (3, 7, 7)
    );
    let listed: Vec<&str> = r.warnings.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(listed[..3], ["1300", "1671", "1300"]);
    assert!(
        r.warnings
            .iter()
            .all(|w| w.kind == WarningKind::OtherAccount && w.skipped)
    );
    let said = r.ledger_message(Lang::Nl).unwrap();
    assert!(said.contains("7 regels op andere rekeningen"), "{said}");
    assert!(said.contains("‘Credit’ min ‘Debet’"), "{said}");
    // "Bedrag debet" and "Bedrag credit" each name an amount (one of them
    // won the revenue by its header): the same reading.
    let named = text.replace(";Debet;Credit\n", ";Bedrag debet;Bedrag credit\n");
    let imp2 = ok(&named, "snelstart-boekingen.csv");
    assert_eq!(role_of(&imp2, "Bedrag credit"), Some(Role::Revenue));
    assert_eq!(role_of(&imp2, "Bedrag debet"), Some(Role::Debit));
    assert_eq!(per_customer(&imp2), per_customer(&imp));
    // Ignoring the ledger column is the user's choice: every line counts.
    let all = ignoring(&imp, 4, text, "snelstart-boekingen.csv");
    assert_eq!(all.report.rows_other_account, 0);
    assert!(all.report.ledger_message(Lang::Nl).is_none());
}

#[test]
fn a_journal_with_one_signed_amount_turns_the_credited_revenue_round() {
    // Exact Online's transactions: debit positive, credit negative, the
    // account's name beside its number, the relation's number and name.
    let text = "Dagboek;Boekstuknummer;Datum;Grootboekrekening;Omschrijving grootboekrekening;Relatie;Naam relatie;Bedrag\n\
        70;26700001;15-01-2026;1300;Debiteuren;101;Bakkerij Jansen;121,00\n\
        70;26700001;15-01-2026;8000;Omzet hoog;101;Bakkerij Jansen;-100,00\n\
        70;26700001;15-01-2026;1500;Te betalen btw hoog;101;Bakkerij Jansen;-21,00\n\
        70;26700002;20-01-2026;1300;Debiteuren;102;Slagerij de Vries;242,00\n\
        70;26700002;20-01-2026;8000;Omzet hoog;102;Slagerij de Vries;-200,00\n\
        70;26700002;20-01-2026;1500;Te betalen btw hoog;102;Slagerij de Vries;-42,00\n\
        70;26700003;25-01-2026;8000;Omzet hoog;102;Slagerij de Vries;50,00\n\
        20;26200001;30-01-2026;1300;Debiteuren;101;Bakkerij Jansen;-121,00\n";
    let imp = ok(text, "transacties.csv");
    assert_eq!(role_of(&imp, "Grootboekrekening"), Some(Role::Ledger));
    assert_eq!(role_of(&imp, "Relatie"), Some(Role::CustomerId));
    assert_eq!(role_of(&imp, "Naam relatie"), Some(Role::CustomerName));
    assert_eq!(
        per_customer(&imp),
        [
            ("Bakkerij Jansen".to_string(), 10_000),
            ("Slagerij de Vries".to_string(), 15_000)
        ]
    );
    assert!(imp.report.revenue_negated);
    let said = imp.report.ledger_message(Lang::En).unwrap();
    assert!(said.contains("5 lines on other accounts"), "{said}");
    assert!(said.contains("‘Bedrag’ is credit (negative)"), "{said}");
    // The same lines with revenue written positive are not turned round.
    let positive = text
        .replace(";-100,00", ";100,00")
        .replace(";-200,00", ";200,00")
        .replace(";50,00\n", ";-50,00\n");
    let imp = ok(&positive, "transacties.csv");
    assert!(!imp.report.revenue_negated);
    assert_eq!(per_customer(&imp)[1].1, 15_000);
}

#[test]
fn an_account_card_counts_the_debit_and_not_the_payments_or_the_balance() {
    // Before, the running balance ("Saldo") was the revenue by its values.
    let text = "Debiteur;Naam;Datum;Factuurnummer;Omschrijving;Debet;Credit;Saldo\n\
        101;Bakkerij Jansen;15-01-2026;2026001;Factuur;121,00;;121,00\n\
        101;Bakkerij Jansen;30-01-2026;2026001;Betaling;;121,00;0,00\n\
        102;Slagerij de Vries;20-01-2026;2026002;Factuur;242,00;;242,00\n";
    let imp = ok(text, "debiteurenkaart.csv");
    assert_eq!(role_of(&imp, "Debet"), Some(Role::Revenue));
    assert_eq!(role_of(&imp, "Credit"), Some(Role::Ignore));
    assert_eq!(role_of(&imp, "Saldo"), Some(Role::Ignore));
    assert_eq!(
        per_customer(&imp),
        [
            ("Bakkerij Jansen".to_string(), 12_100),
            ("Slagerij de Vries".to_string(), 24_200)
        ]
    );
    assert!(imp.report.ledger_message(Lang::Nl).is_none());
    // The payment is said as what it is, not as a missing amount.
    let w = &imp.report.warnings;
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].kind, w[0].skipped), (WarningKind::CreditLine, true));
    assert_eq!(
        w[0].message(Lang::Nl),
        "rij 3, kolom Credit: credit 121,00: een betaling of creditnota; rij niet meegeteld"
    );
}

#[test]
fn a_debit_credit_indicator_gives_an_unsigned_amount_its_sign() {
    // A journal with one unsigned amount and "D/C" beside it (Twinfield's
    // layout, as publicly described): the credit on a revenue account is
    // revenue, a debit there a credit note. Before, the credit note counted
    // as revenue: € 250 instead of € 150 for customer 102.
    let text = "Datum;Grootboekrekening;Relatie;Omschrijving;Bedrag;D/C\n\
        15-01-2026;1300;101;Factuur 1;121,00;D\n\
        15-01-2026;8000;101;Factuur 1;100,00;C\n\
        15-01-2026;1500;101;Factuur 1;21,00;C\n\
        20-01-2026;8000;102;Factuur 2;200,00;C\n\
        25-01-2026;8000;102;Creditnota 3;50,00;D\n\
        26-01-2026;8000;102;Correctie;10,00;X\n";
    let imp = ok(text, "transacties.csv");
    let r = &imp.report;
    assert_eq!(role_of(&imp, "D/C"), Some(Role::Side));
    assert_eq!(role_of(&imp, "Bedrag"), Some(Role::Revenue));
    assert_eq!(
        per_customer(&imp),
        [("101".to_string(), 10_000), ("102".to_string(), 15_000)]
    );
    // The credit note is not "turned round" as a signed journal would be.
    assert!(!r.revenue_negated);
    let said = r.ledger_message(Lang::Nl).unwrap();
    assert!(
        said.ends_with("; ‘Bedrag’ telt als omzet waar ‘D/C’ credit zegt en gaat eraf waar het debet zegt (een creditnota)"),
        "{said}"
    );
    // An indicator that is neither is not guessed: skipped and said.
    let unknown: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::SideUnknown)
        .collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(
        unknown[0].message(Lang::Nl),
        "rij 7, kolom D/C: 'X' is geen debet (D) of credit (C); rij overgeslagen"
    );
    assert_eq!((r.rows_used, r.rows_skipped), (3, 3));
    // Signed as well (credit negative): the indicator decides, the same.
    let signed = text
        .replace(";100,00;C", ";-100,00;C")
        .replace(";200,00;C", ";-200,00;C");
    assert_eq!(
        per_customer(&ok(&signed, "transacties.csv")),
        per_customer(&imp)
    );
    // On an account card (no ledger account) the debit is what was
    // invoiced; a credit is a payment or a credit note, not counted.
    let card = "Debiteur;Datum;Omschrijving;Bedrag;Debet/Credit\n\
        101;15-01-2026;Factuur 1;121,00;Debet\n\
        101;30-01-2026;Betaling;121,00;Credit\n\
        102;20-01-2026;Factuur 2;242,00;debet\n";
    let imp = ok(card, "debiteurenkaart.csv");
    assert_eq!(role_of(&imp, "Debet/Credit"), Some(Role::Side));
    assert_eq!(
        per_customer(&imp),
        [("101".to_string(), 12_100), ("102".to_string(), 24_200)]
    );
    let w = &imp.report.warnings;
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].kind, w[0].skipped), (WarningKind::CreditLine, true));
    // A credit note written as a negative debit on the card is taken off,
    // not counted as € 21 more (the sign is the card's own there).
    let card_note = format!("{card}101;02-02-2026;Creditnota 4;-21,00;D\n");
    assert_eq!(
        per_customer(&ok(&card_note, "debiteurenkaart.csv")),
        [("101".to_string(), 10_000), ("102".to_string(), 24_200)]
    );
    // A column named so with other values is no indicator.
    let other = "Klant;Datum;Bedrag;DC\nA;15-01-2026;10,00;Noord\nB;16-01-2026;20,00;Zuid\n";
    assert_ne!(role_of(&ok(other, "f.csv"), "DC"), Some(Role::Side));
}

#[test]
fn a_column_of_d_and_c_under_a_kind_header_is_the_indicator() {
    // "Soort" (or "Type", or no header) holding D and C beside one amount:
    // the amount's debit/credit indicator, by its values. Before, the
    // column was left unused and the credit note counted as revenue
    // (€ 250 instead of € 150 for customer 102).
    let rows = "15-01-2026;1300;101;121,00;D\n\
        15-01-2026;8000;101;100,00;C\n\
        15-01-2026;1500;101;21,00;C\n\
        20-01-2026;8000;102;200,00;C\n\
        25-01-2026;8000;102;50,00;D\n";
    for header in ["Soort", "Type", ""] {
        let text = format!("Datum;Grootboekrekening;Relatie;Bedrag;{header}\n{rows}");
        let imp = ok(&text, "journaal.csv");
        let side = imp.report.columns.iter().find(|c| c.role == Role::Side);
        let side = side.unwrap_or_else(|| panic!("no indicator under {header:?}"));
        assert_eq!(side.header, header);
        assert_eq!(
            side.reason.message(Lang::Nl),
            "waarden zijn D en C: debet of credit bij het bedrag"
        );
        assert_eq!(
            per_customer(&imp),
            [("101".to_string(), 10_000), ("102".to_string(), 15_000)],
            "{header:?}"
        );
    }
    // Only one side, other values among them, or a header that names
    // something else: no indicator.
    for (header, rows) in [
        (
            "Soort",
            "15-01-2026;8000;101;100,00;C\n20-01-2026;8000;102;200,00;C\n",
        ),
        (
            "Soort",
            "15-01-2026;8000;101;100,00;C\n20-01-2026;8000;102;200,00;D\n\
             21-01-2026;8000;102;200,00;Factuur\n",
        ),
        (
            "Regio",
            "15-01-2026;8000;101;100,00;C\n20-01-2026;8000;102;200,00;D\n",
        ),
    ] {
        let text = format!("Datum;Grootboekrekening;Relatie;Bedrag;{header}\n{rows}");
        assert_ne!(
            role_of(&ok(&text, "f.csv"), header),
            Some(Role::Side),
            "{rows}"
        );
    }
}

#[test]
fn a_journal_sorted_by_account_is_read_as_one_in_booking_order() {
    // A "grootboekkaart" of every account: the debtor's lines first, more
    // of them than the sample holds, the revenue account's after them. The
    // sign and the ledger column are decided on the whole file.
    let mut text = String::from("Grootboekrekening;Datum;Relatie;Bedrag\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "1300;{:02}-01-2026;K{};121,00\n",
            i % 28 + 1,
            i % 7
        ));
    }
    for i in 0..3000 {
        text.push_str(&format!(
            "8000;{:02}-01-2026;K{};-100,00\n",
            i % 28 + 1,
            i % 7
        ));
    }
    let imp = ok(&text, "grootboekkaart.csv");
    assert_eq!(role_of(&imp, "Grootboekrekening"), Some(Role::Ledger));
    assert!(imp.report.revenue_negated);
    assert_eq!(imp.report.rows_other_account, 3000);
    assert!(revenue(&imp).iter().all(|&r| r == 10_000));
    assert_eq!(revenue(&imp).len(), 3000);
}

#[test]
fn a_postal_code_or_a_cost_centre_is_never_the_customer_number() {
    // WooCommerce's customer report without the e-mail column: the generic
    // "code" made "Postal Code" the key, so neighbours were one customer.
    let text = "Name,Orders,Total Spend,Postal Code\n\
        Anna de Vries,12,1234.50,3511 AB\n\
        Bakkerij Jansen,40,8950.00,3511 AB\n";
    let imp = ok(text, "customers.csv");
    assert_eq!(role_of(&imp, "Postal Code"), Some(Role::Ignore));
    assert_eq!(imp.dataset.customers.len(), 2);
    // Nor another thing's number beside the customer's name (a cost
    // centre's, a project's, a sales rep's, a warehouse's): the generic
    // "nummer", "code" or "ID" made it the key, so two customers of one
    // cost centre were one. Those words alone ("Code") still name the
    // customer's number.
    for header in [
        "Kostenplaats nummer",
        "Project code",
        "Dagboek code",
        "Verkoper nummer",
        "Magazijn code",
        "Vestiging ID",
        "Bank account number",
        "Verkoper e-mail",
    ] {
        let text = format!(
            "Klant;{header};Bedrag\nBakkerij Jansen;100;50,00\nSlagerij de Vries;100;70,00\n"
        );
        let imp = ok(&text, "boekingen.csv");
        assert_ne!(role_of(&imp, header), Some(Role::CustomerId), "{header}");
        assert_eq!(imp.dataset.customers.len(), 2, "{header}");
    }
    let text = "Code;Naam;Bedrag\nK1;Bakkerij Jansen;50,00\nK1;Bakkerij Jansen BV;70,00\n";
    let imp = ok(text, "klanten.csv");
    assert_eq!(role_of(&imp, "Code"), Some(Role::CustomerId));
    assert_eq!(imp.dataset.customers.len(), 1);
}

#[test]
fn a_ledger_of_names_is_a_journal_only_with_its_other_sides() {
    // Invoice lines by revenue category (a bookkeeping app's categories):
    // "Consultancy" has no revenue word, and is revenue all the same.
    let text = "Klant;Datum;Grootboekrekening;Bedrag\n\
        Bakkerij Jansen;01-02-2026;Omzet;100,00\n\
        Bakkerij Jansen;01-02-2026;Consultancy;250,00\n\
        Smit;03-02-2026;Workshops;80,00\n";
    let imp = ok(text, "factuurregels.csv");
    assert_eq!(role_of(&imp, "Grootboekrekening"), Some(Role::Ignore));
    assert_eq!(revenue(&imp), [10_000, 25_000, 8_000]);
    // The same names beside a debtor's and the VAT's lines: a journal.
    let text = "Klant;Datum;Grootboekrekening;Debet;Credit\n\
        Bakkerij Jansen;01-02-2026;Debiteuren;121,00;\n\
        Bakkerij Jansen;01-02-2026;Omzet;;100,00\n\
        Bakkerij Jansen;01-02-2026;Te betalen btw;;21,00\n";
    let imp = ok(text, "journaal.csv");
    assert_eq!(role_of(&imp, "Grootboekrekening"), Some(Role::Ledger));
    assert_eq!(revenue(&imp), [10_000]);
}

#[test]
fn a_belgian_journal_with_short_account_numbers_counts_its_70() {
    // A Belgian package numbering in four digits: 4000 customers, 7000
    // sales, 4510 VAT. No 8… anywhere, so 7000 is no Dutch cost of sales.
    let text = "Datum;Grootboekrekening;Klant;Debet;Credit\n\
        01-02-2026;4000;Brasserie Leuven;121,00;\n\
        01-02-2026;7000;Brasserie Leuven;;100,00\n\
        01-02-2026;4510;Brasserie Leuven;;21,00\n";
    let imp = ok(text, "journaal.csv");
    assert_eq!(role_of(&imp, "Grootboekrekening"), Some(Role::Ledger));
    assert_eq!(revenue(&imp), [10_000]);
    // With a Dutch revenue account in the file, 7000 is cost of sales.
    let dutch = text.replace("7000;Brasserie", "8000;Brasserie")
        + "02-02-2026;7000;Brasserie Leuven;40,00;\n";
    let imp = ok(&dutch, "journaal.csv");
    assert_eq!(revenue(&imp), [10_000]);
    assert_eq!(imp.report.rows_other_account, 3);
    // A Dutch ledger sorted by account, longer than the first rows: its
    // debtors, then cost of sales (7000), its revenue (8000) only after the
    // rows the plan looks at. 7000 stays cost.
    let mut sorted = String::from("Grootboekrekening;Datum;Klant;Bedrag\n");
    for (account, n, amount) in [
        ("1300", 800, "121,00"),
        ("7000", 2000, "40,00"),
        ("8000", 1000, "-100,00"),
    ] {
        for i in 0..n {
            sorted.push_str(&format!(
                "{account};{:02}-01-2026;K{};{amount}\n",
                i % 28 + 1,
                i % 5
            ));
        }
    }
    let imp = ok(&sorted, "grootboekkaart.csv");
    assert_eq!(imp.report.rows_other_account, 2800);
    assert_eq!(revenue(&imp).len(), 1000);
    assert!(revenue(&imp).iter().all(|&r| r == 10_000));
}

#[test]
fn a_ledger_column_of_revenue_accounts_only_says_every_line_counts() {
    // Invoice lines with their revenue account (8000, 8100): nothing is
    // left out, and the note says so instead of "0 lines are not counted".
    let text = "Klant;Datum;Grootboekrekening;Bedrag\n\
        Bakkerij Jansen;01-02-2026;8000;100,00\n\
        Smit;03-02-2026;8100;80,00\n";
    let imp = ok(text, "factuurregels.csv");
    assert_eq!(role_of(&imp, "Grootboekrekening"), Some(Role::Ledger));
    assert_eq!(revenue(&imp), [10_000, 8_000]);
    assert_eq!(
        imp.report.ledger_message(Lang::Nl).as_deref(),
        Some(
            "Alleen regels op een omzetrekening tellen, volgens ‘Grootboekrekening’ (8…, 70…; zonder nummer ‘omzet’, ‘opbrengst’, ‘verkoop’ in de naam): elke regel staat op een omzetrekening"
        )
    );
    // One line on another account: singular.
    let text = format!("{text}Smit;04-02-2026;1300;96,80\n");
    let said = ok(&text, "f.csv").report.ledger_message(Lang::En).unwrap();
    assert!(
        said.ends_with(": 1 line on other accounts (debtors, VAT, bank) is not counted"),
        "{said}"
    );
}

/// An English general ledger ("4000 Sales"): its accounts are numbered by
/// another chart than the Dutch one, so revenue is told by the accounts'
/// names: sales count, a sales discount is taken off, receivables, VAT and
/// interest do not count; and the note says so.
#[test]
fn an_english_ledger_tells_revenue_by_its_account_names() {
    let text = "Date,GL Account,Contact,Reference,Debit,Credit\n\
        2025-03-01,1100 Accounts Receivable,Acme Ltd,INV-1,120.00,\n\
        2025-03-01,4000 Sales,Acme Ltd,INV-1,,100.00\n\
        2025-03-01,2200 VAT,Acme Ltd,INV-1,,20.00\n\
        2025-04-02,1100 Accounts Receivable,Bolt Inc,INV-2,240.00,\n\
        2025-04-02,4000 Sales,Bolt Inc,INV-2,,200.00\n\
        2025-04-02,2200 VAT,Bolt Inc,INV-2,,40.00\n\
        2025-05-02,4010 Sales Discounts,Bolt Inc,CN-1,10.00,\n\
        2025-05-02,1100 Accounts Receivable,Bolt Inc,CN-1,,10.00\n\
        2025-05-03,4900 Interest Income,Big Bank,INT-1,,5.00\n";
    let imp = ok(text, "general-ledger.csv");
    assert_eq!(role_of(&imp, "GL Account"), Some(Role::Ledger));
    assert_eq!(role_of(&imp, "Contact"), Some(Role::CustomerName));
    assert_eq!(revenue(&imp), [10_000, 20_000, -1_000]);
    let names: Vec<&str> = imp.dataset.customers.iter().map(|c| &*c.name).collect();
    assert_eq!(names, ["Acme Ltd", "Bolt Inc"]);
    assert!(imp.report.ledger_by_name);
    assert_eq!(imp.report.rows_other_account, 6);
    let said = imp.report.ledger_message(Lang::En).unwrap();
    assert!(
        said.contains(
            "numbered by another chart than the Dutch or Belgian one, so their names tell"
        ),
        "{said}"
    );
    // Headed "Account" (Xero, QuickBooks): a ledger by its numbered accounts.
    let xero = ok(
        &text.replace("GL Account", "Account"),
        "account-transactions.csv",
    );
    assert_eq!(role_of(&xero, "Account"), Some(Role::Ledger));
    let why = |imp: &Imported, header: &str| {
        let column = imp.report.columns.iter().find(|c| c.header == header);
        column.map(|c| c.reason.clone())
    };
    assert_eq!(why(&xero, "Account"), Some(Reason::ValuesLookLikeLedger));
    assert!(matches!(
        why(&imp, "GL Account"),
        Some(Reason::HeaderMatched { .. })
    ));
    assert_eq!(revenue(&xero), [10_000, 20_000, -1_000]);
    // A CRM's "Account" holds the customers, whatever their names say.
    let crm = "Account,Close Date,Amount\n\
        Acme Sales Ltd,2025-03-01,100.00\n\
        First Bank,2025-03-02,200.00\n\
        4Sight Consulting,2025-03-03,50.00\n";
    let crm = ok(crm, "opportunities.csv");
    assert_eq!(role_of(&crm, "Account"), Some(Role::CustomerName));
    assert_eq!(revenue(&crm), [10_000, 20_000, 5_000]);
    // A Belgian chart named in French keeps its numbers: "708000 Remises"
    // (discounts) is revenue by number, though its name says nothing.
    let belgian = "Datum;Grootboekrekening;Klant;Debet;Credit\n\
        01-03-2025;400000 Clients;K1;121,00;\n\
        01-03-2025;700000 Chiffre d affaires;K1;;100,00\n\
        01-03-2025;451000 TVA;K1;;21,00\n\
        02-03-2025;708000 Remises;K1;5,00;\n";
    let belgian = ok(belgian, "grand-livre.csv");
    assert!(!belgian.report.ledger_by_name);
    assert_eq!(revenue(&belgian), [10_000, -500]);
    // The same lines with Dutch numbers: by number, as before (an 8… is there).
    let dutch = text
        .replace("4000 Sales", "8000 Sales")
        .replace("4010 Sales", "8010 Sales");
    let imp = ok(&dutch, "grootboek.csv");
    assert!(!imp.report.ledger_by_name);
    assert_eq!(revenue(&imp), [10_000, 20_000, -1_000]);
}

/// A journal's lines sorted by account, `invoices` invoices of `cents`
/// each (`cents` / 100 net, VAT 21%): all debtors' lines first, then VAT,
/// then revenue; the accounts written as `accounts` gives them.
fn sorted_journal(invoices: u32, accounts: [&str; 3]) -> String {
    let [debtors, vat, revenue] = accounts;
    let mut text = String::from("Datum;Boekstuk;Klant;Grootboekrekening;Debet;Credit\n");
    let line = |i: u32, account: &str, debit: &str, credit: &str| {
        let (day, customer) = (i % 28 + 1, i % 40);
        format!("{day:02}-03-2025;F{i};Klant {customer};{account};{debit};{credit}\n")
    };
    for i in 0..invoices {
        text += &line(i, debtors, "121,00", "");
    }
    for i in 0..invoices {
        text += &line(i, vat, "", "21,00");
    }
    for i in 0..invoices {
        text += &line(i, revenue, "", "100,00");
    }
    text
}

#[test]
fn a_journal_sorted_by_account_finds_its_revenue_accounts_further_down() {
    // 1,500 debtors' lines first: the plan's sample (its first 1,050 rows)
    // holds no revenue account; the revenue comes 3,000 rows later.
    let dutch = [
        "1300 Debiteuren",
        "1600 Af te dragen btw",
        "8000 Omzet hoog",
    ];
    let english = ["1100 Accounts Receivable", "2200 VAT", "4000 Sales"];
    for (accounts, by_name) in [
        (dutch, false),
        (english, true),
        (["1300", "1600", "8000"], false),
    ] {
        let imp = ok(&sorted_journal(1500, accounts), "journaal.csv");
        assert_eq!(
            role_of(&imp, "Grootboekrekening"),
            Some(Role::Ledger),
            "{accounts:?}"
        );
        assert_eq!(role_of(&imp, "Credit"), Some(Role::Revenue), "{accounts:?}");
        // The net revenue of each invoice, once; the other lines skipped.
        assert_eq!(revenue(&imp), vec![10_000; 1500], "{accounts:?}");
        assert_eq!(imp.report.rows_other_account, 3000);
        assert_eq!(imp.report.ledger_by_name, by_name, "{accounts:?}");
    }
}

#[test]
fn a_ledger_card_of_one_account_is_an_account_card() {
    // The debtors' card exported from the ledger: one account on every row
    // (the first 1,500 lines of a sorted journal). Its debit is what was
    // invoiced, not a line on another account than revenue.
    for debtors in ["1300 Debiteuren", "1300"] {
        let card: String = sorted_journal(1500, [debtors, "-", "-"])
            .lines()
            .take(1501)
            .map(|l| format!("{l}\n"))
            .collect();
        let imp = ok(&card, "debiteurenkaart.csv");
        assert_eq!(role_of(&imp, "Grootboekrekening"), Some(Role::Ignore));
        let reason = imp
            .report
            .columns
            .iter()
            .find(|c| c.header == "Grootboekrekening");
        assert_eq!(
            reason.map(|c| c.reason.clone()),
            Some(Reason::OneAccountCard)
        );
        assert_eq!(role_of(&imp, "Debet"), Some(Role::Revenue));
        assert_eq!(revenue(&imp), vec![12_100; 1500], "{debtors}");
        // Another account after the sample: a journal after all, without
        // revenue: nothing to count, and the error says why.
        let two = card.clone() + "01-04-2025;F9;Klant 1;1600 Af te dragen btw;;21,00\n";
        assert!(matches!(
            import(two.as_bytes(), "journaal.csv", &ImportOptions::default()),
            Err(ImportError::NothingUsable { .. })
        ));
    }
}
