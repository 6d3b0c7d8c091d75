//! The customer table as a CSV file: the list on screen (a layer, a class,
//! a search or a call list), every matching row, to take to the phone, a CRM
//! or a spreadsheet.
//!
//! Dutch files use `;` and a decimal comma (what Dutch Excel opens directly),
//! English ones `,` and a decimal point; dates are ISO (`2026-06-30`), which
//! every spreadsheet reads as a date. A byte-order mark makes Excel read the
//! names as UTF-8. Text that a spreadsheet would run as a formula (`=`, `+`,
//! `-`, `@` first) gets a leading apostrophe.

use super::analyse::Analysis;
use super::calendar::iso;
use super::customers::CustomerRow;
use super::dataset::Cents;
use super::lang::Lang;
use super::moves::then_label;
use super::pyramid::Layer;
use super::trend::Trend;

/// Which optional columns a download has: what the file and the analysis
/// give, nothing that would be empty in every row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    /// Dated invoice lines: "lines" instead of the file's order count, and
    /// the purchase rhythm.
    pub invoice_lines: bool,
    /// The previous period's value, the trend and the call-list signal.
    pub trend: bool,
    /// The margin (the file has profit).
    pub margin: bool,
    /// A count per row: invoice lines, or the file's own order count.
    pub orders: bool,
    /// The count of an invoice file is of its order or invoice numbers.
    pub order_numbers: bool,
    /// The payment behaviour and the contact plan (due and paid dates).
    pub payments: bool,
}

impl Columns {
    /// The columns an analysis has.
    pub fn of(analysis: &Analysis) -> Self {
        Self {
            invoice_lines: !analysis.customer_totals,
            trend: analysis.has_trend,
            margin: analysis.has_margin,
            orders: analysis.has_orders,
            order_numbers: analysis.order_numbers,
            payments: analysis.has_payments,
        }
    }
}

/// The rows as a CSV file, with these optional columns.
pub fn customers_csv<'a>(
    rows: impl IntoIterator<Item = &'a CustomerRow>,
    lang: Lang,
    columns: Columns,
) -> String {
    let (sep, decimal) = match lang {
        Lang::Nl => (';', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::from("\u{feff}");
    let mut head = vec![
        lang.pick("rang", "rank"),
        lang.pick("klantnummer", "customer number"),
        lang.pick("naam", "name"),
        lang.pick("laag", "layer"),
        "ABC",
        lang.pick("waarde", "value"),
    ];
    if columns.trend {
        head.extend([
            lang.pick("waarde periode ervoor", "value period before"),
            lang.pick("trend (%)", "trend (%)"),
            lang.pick("laag periode ervoor", "layer period before"),
        ]);
    }
    if columns.margin {
        head.push(lang.pick("marge (%)", "margin (%)"));
    }
    if columns.orders {
        head.push(if columns.invoice_lines && !columns.order_numbers {
            lang.pick("regels", "lines")
        } else {
            "orders"
        });
    }
    head.push(lang.pick("laatste aankoop", "last purchase"));
    if columns.invoice_lines {
        head.extend([
            lang.pick("ritme (dagen)", "rhythm (days)"),
            lang.pick("volgende aankoop", "next purchase"),
            lang.pick("ritmestatus", "rhythm status"),
        ]);
    }
    if columns.trend {
        head.push(lang.pick("signaal", "signal"));
    }
    head.push(lang.pick("aanpak", "approach"));
    if columns.payments {
        head.extend([
            lang.pick("facturen met vervaldatum", "invoices with due date"),
            lang.pick("te laat betaald", "paid late"),
            lang.pick("dagen open na vervaldatum", "days open past due"),
            lang.pick("contactplan", "contact plan"),
        ]);
    }
    head.push(lang.pick("accountmanager", "account manager"));
    push_line(&mut out, sep, head.into_iter().map(str::to_owned));
    for r in rows {
        let mut fields = vec![
            r.rank.to_string(),
            text(&r.key),
            text(&r.name),
            layer_label(r.layer, lang).to_owned(),
            r.abc.map(|c| c.key()).unwrap_or_default().to_owned(),
            amount(r.value, decimal),
        ];
        if columns.trend {
            fields.extend([
                r.previous_value
                    .map(|p| amount(p, decimal))
                    .unwrap_or_default(),
                r.trend().map(|t| trend(t, lang)).unwrap_or_default(),
                r.previous_layer
                    .map(|l| then_label(l, lang))
                    .unwrap_or_default()
                    .to_owned(),
            ]);
        }
        if columns.margin {
            fields.push(r.margin_bp.map(|m| margin(m, decimal)).unwrap_or_default());
        }
        if columns.orders {
            fields.push(r.orders.to_string());
        }
        fields.push(r.last_purchase.map(iso).unwrap_or_default());
        if columns.invoice_lines {
            fields.extend([
                r.rhythm.map(|x| x.interval.to_string()).unwrap_or_default(),
                r.rhythm.map(|x| iso(x.expected)).unwrap_or_default(),
                r.rhythm
                    .map(|x| x.cadence.label(lang))
                    .unwrap_or_default()
                    .to_owned(),
            ]);
        }
        if columns.trend {
            fields.push(r.signal.map(|s| s.one(lang)).unwrap_or_default().to_owned());
        }
        fields.push(r.approach.label(lang).to_owned());
        if columns.payments {
            let p = r.payment;
            fields.extend([
                p.map(|p| p.invoices.to_string()).unwrap_or_default(),
                p.map(|p| p.late.to_string()).unwrap_or_default(),
                p.filter(|p| p.overdue_days > 0)
                    .map(|p| p.overdue_days.to_string())
                    .unwrap_or_default(),
                r.contact
                    .map(|c| c.label(lang))
                    .unwrap_or_default()
                    .to_owned(),
            ]);
        }
        fields.push(text(r.account_manager.as_deref().unwrap_or_default()));
        push_line(&mut out, sep, fields.into_iter());
    }
    out
}

fn layer_label(layer: Layer, lang: Lang) -> &'static str {
    match layer {
        // One relation per row: singular.
        Layer::Prospect => "prospect",
        Layer::Suspect => "suspect",
        other => other.label(lang),
    }
}

/// A trend as a whole percent rounded toward zero, as on screen but without
/// the `%` (a number a spreadsheet sorts): `32`, `-41`; `nieuw` / `new`.
fn trend(trend: Trend, lang: Lang) -> String {
    match trend.whole_percent() {
        Some(p) => p.to_string(),
        None => lang.pick("nieuw", "new").to_owned(),
    }
}

/// Basis points as a percentage with one decimal, rounded down like the
/// margin itself: `3125` → `31,2`.
fn margin(bp: i32, decimal: char) -> String {
    let tenths = bp.div_euclid(10);
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    format!("{sign}{}{decimal}{}", abs / 10, abs % 10)
}

/// Cents as a plain decimal without thousands separators: `-1234,50`.
fn amount(cents: Cents, decimal: char) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}{decimal}{:02}", abs / 100, abs % 100)
}

/// Text from the file, defused: a spreadsheet runs a cell starting with
/// `=`, `+`, `-` or `@` as a formula.
pub(crate) fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// One CSV line; fields with the separator, a quote or a line break are quoted.
pub(crate) fn push_line(out: &mut String, sep: char, fields: impl Iterator<Item = String>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(sep);
        }
        if f.contains([sep, '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&f);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::abc::AbcClass;
    use crate::analysis::approach::Approach;
    use crate::analysis::rhythm::{Cadence, Rhythm};
    use crate::analysis::trend::Signal;

    fn row(rank: u32, key: &str, name: &str, value: Cents) -> CustomerRow {
        CustomerRow {
            id: rank,
            rank,
            key: key.into(),
            name: name.into(),
            layer: Layer::Top,
            abc: Some(AbcClass::A),
            value,
            orders: 3,
            last_purchase: Some(20_604), // 2026-05-31
            previous_value: Some(100_000),
            bought_before: true,
            margin_bp: Some(3125),
            signal: None,
            rhythm: Some(Rhythm {
                interval: 30,
                expected: 20_634, // 2026-06-30
                cadence: Cadence::Due,
            }),
            key_customer: true,
            approach: Approach::Sales,
            previous_layer: Some(Layer::Large),
            payment: None,
            contact: None,
            account_manager: Some("Sanne".into()),
        }
    }

    #[test]
    fn dutch_csv_with_semicolons_decimal_comma_and_iso_dates() {
        let mut other = row(2, "B", "=HYPERLINK(\"x\")", -5);
        other.rhythm = None;
        other.layer = Layer::Prospect;
        other.abc = None;
        other.account_manager = None;
        other.previous_value = Some(0);
        other.margin_bp = Some(-15);
        other.approach = Approach::Efficiency;
        other.previous_layer = None;
        let mut third = row(3, "C", "Groeit", 1_000);
        third.previous_value = Some(0);
        third.bought_before = false;
        third.layer = Layer::Small;
        third.signal = Some(Signal::Pearl);
        third.account_manager = None;
        third.margin_bp = None;
        third.approach = Approach::Service;
        third.previous_layer = Some(Layer::Inactive);
        let csv = customers_csv(
            [&row(1, "A", "Stipt; BV", 123_456), &other, &third],
            Lang::Nl,
            Columns {
                invoice_lines: true,
                trend: true,
                margin: true,
                orders: true,
                order_numbers: false,
                payments: false,
            },
        );
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "\u{feff}rang;klantnummer;naam;laag;ABC;waarde;waarde periode ervoor;trend (%);laag periode ervoor;marge (%);regels;laatste aankoop;ritme (dagen);volgende aankoop;ritmestatus;signaal;aanpak;accountmanager"
        );
        assert_eq!(
            lines[1],
            "1;A;\"Stipt; BV\";top;A;1234,56;1000,00;23;groot;31,2;3;2026-05-31;30;2026-06-30;aan de beurt om te bestellen;;verkoop;Sanne"
        );
        assert_eq!(
            lines[2],
            "2;B;\"'=HYPERLINK(\"\"x\"\")\";prospect;;-0,05;0,00;;;-0,2;3;2026-05-31;;;;;efficiency;"
        );
        assert_eq!(
            lines[3],
            "3;C;Groeit;klein;A;10,00;0,00;nieuw;nieuw of terug;;3;2026-05-31;30;2026-06-30;aan de beurt om te bestellen;parel;service;"
        );
        assert_eq!(lines[4], "");
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn payment_behaviour_and_contact_plan() {
        use crate::analysis::contact::{ContactPlan, PaymentRecord};
        let mut late = row(1, "A", "Laat", 100);
        late.payment = Some(PaymentRecord {
            invoices: 12,
            late: 4,
            overdue_days: 41,
        });
        late.contact = Some(ContactPlan::Tiresome);
        let mut unknown = row(2, "B", "Onbekend", 100);
        unknown.payment = None;
        let mut paid = row(3, "C", "Stipt", 100);
        paid.payment = Some(PaymentRecord {
            invoices: 12,
            late: 0,
            overdue_days: 0,
        });
        paid.contact = Some(ContactPlan::Blooming);
        let columns = Columns {
            invoice_lines: false,
            trend: false,
            margin: false,
            orders: false,
            order_numbers: false,
            payments: true,
        };
        let csv = customers_csv([&late, &unknown, &paid], Lang::Nl, columns);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "\u{feff}rang;klantnummer;naam;laag;ABC;waarde;laatste aankoop;aanpak;facturen met vervaldatum;te laat betaald;dagen open na vervaldatum;contactplan;accountmanager"
        );
        assert_eq!(
            lines[1],
            "1;A;Laat;top;A;1,00;2026-05-31;verkoop;12;4;41;vermoeiend;Sanne"
        );
        assert_eq!(
            lines[2],
            "2;B;Onbekend;top;A;1,00;2026-05-31;verkoop;;;;;Sanne"
        );
        assert_eq!(
            lines[3],
            "3;C;Stipt;top;A;1,00;2026-05-31;verkoop;12;0;;bloeiend;Sanne"
        );
        let en = customers_csv([&paid], Lang::En, columns);
        assert!(en.starts_with("\u{feff}rank,customer number,name,layer,ABC,value,last purchase,approach,invoices with due date,paid late,days open past due,contact plan,account manager\r\n"), "{en}");
        assert!(en.contains(",12,0,,blooming,Sanne"), "{en}");
    }

    #[test]
    fn text_a_spreadsheet_would_run_gets_an_apostrophe() {
        assert_eq!(text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text("-€ 12,50"), "'-€ 12,50");
        assert_eq!(text("+31 6 1234"), "'+31 6 1234");
        assert_eq!(text("@home"), "'@home");
        assert_eq!(text("Jansen = Food"), "Jansen = Food");
        assert_eq!(text(""), "");
    }

    #[test]
    fn english_customer_level_csv_has_orders_and_no_rhythm() {
        let columns = Columns {
            invoice_lines: false,
            trend: false,
            margin: true,
            orders: true,
            order_numbers: false,
            payments: false,
        };
        let csv = customers_csv([&row(1, "A", "Stipt, BV", 100)], Lang::En, columns);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "\u{feff}rank,customer number,name,layer,ABC,value,margin (%),orders,last purchase,approach,account manager"
        );
        assert_eq!(
            lines[1],
            "1,A,\"Stipt, BV\",top,A,1.00,31.2,3,2026-05-31,sales,Sanne"
        );
    }

    #[test]
    fn every_row_has_as_many_fields_as_the_header_whatever_the_columns() {
        for bits in 0..32u8 {
            let columns = Columns {
                invoice_lines: bits & 1 != 0,
                trend: bits & 2 != 0,
                margin: bits & 4 != 0,
                orders: bits & 8 != 0,
                order_numbers: bits & 8 != 0 && bits & 1 != 0,
                payments: bits & 16 != 0,
            };
            for lang in [Lang::Nl, Lang::En] {
                let csv = customers_csv([&row(1, "A", "Plain", 100)], lang, columns);
                let sep = if lang == Lang::Nl { ';' } else { ',' };
                let fields: Vec<usize> = csv
                    .split("\r\n")
                    .filter(|l| !l.is_empty())
                    .map(|l| l.matches(sep).count() + 1)
                    .collect();
                let optional = 3 * usize::from(columns.invoice_lines)
                    + 4 * usize::from(columns.trend)
                    + usize::from(columns.margin)
                    + usize::from(columns.orders)
                    + 4 * usize::from(columns.payments);
                assert_eq!(fields, [9 + optional, 9 + optional], "{columns:?} {lang:?}");
            }
        }
    }
}
