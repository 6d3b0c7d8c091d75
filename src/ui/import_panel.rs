//! `<ImportPanel/>`: what was understood of the file, and the switches to
//! correct it (column roles, date order, decimal separator, sheet).
//!
//! Every change sets an import option; the worker re-reads the file (its
//! bytes in memory; a large file read in two parts, from disk again), so the
//! user never drops the file again, unless it was changed or moved since.

use leptos::prelude::*;

use crate::analysis::import::{
    DOWNLOAD_CAP, DataShape, DateOrder, DateOrderReason, DecimalSeparator, FileKind, ImportReport,
    Role, assign_role,
};
use crate::analysis::lang::Lang;
use crate::t;

use super::dom::{details_open, select_value};
use super::format::{count, counted};
use super::state::{DownloadKind, use_app};

fn file_kind(kind: FileKind, lang: Lang) -> &'static str {
    match kind {
        FileKind::Csv => "CSV",
        FileKind::Xlsx => "Excel",
        FileKind::Pasted => lang.pick("geplakte tabel", "pasted table"),
        FileKind::Html => lang.pick("webpagina met een tabel", "web page with a table"),
    }
}

/// A date order in a few words, for a column's line under the select.
fn order_name(order: DateOrder, lang: Lang) -> &'static str {
    match order {
        DateOrder::DayFirst => lang.pick("dag-maand-jaar", "day-month-year"),
        DateOrder::MonthFirst => lang.pick("maand-dag-jaar", "month-day-year"),
        DateOrder::YearFirst => lang.pick("jaar-maand-dag", "year-month-day"),
    }
}

fn delimiter_name(d: char, lang: Lang) -> String {
    match d {
        ';' => lang.pick("puntkomma (;)", "semicolon (;)").to_owned(),
        ',' => lang.pick("komma (,)", "comma (,)").to_owned(),
        '\t' => "tab".to_owned(),
        '|' => lang.pick("streep (|)", "pipe (|)").to_owned(),
        other => format!("'{other}'"),
    }
}

/// The import summary and correction panel.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = use_app();
    // Lives outside the re-rendered details, so a role change does not fold the panel.
    let open = RwSignal::new(false);
    view! {
        {move || {
            state.import.get().map(|imported| {
                let report = imported.report.clone();
                view! { <ImportDetails report=report customers=imported.customers open=open /> }
            })
        }}
    }
}

/// The import panel of a file that gave nothing to analyse (the error says
/// why above it: no usable row, or no column for the customer or the
/// amount), open: a column's role is corrected here, like after any other
/// file.
#[component]
pub fn FailedImportPanel() -> impl IntoView {
    let state = use_app();
    let open = RwSignal::new(true);
    view! {
        {move || {
            state.error.with(|e| {
                let e = e.as_ref()?;
                let report = e.report()?.clone();
                let columns_only = !e.rows_read();
                Some(view! { <ImportDetails report=report customers=0 open=open columns_only=columns_only /> })
            })
        }}
    }
}

/// `columns_only`: the file's rows were not read (no column was the
/// customer or the amount); the panel shows its columns to choose from, not
/// row counts or warnings.
#[component]
fn ImportDetails(
    report: ImportReport,
    customers: u32,
    open: RwSignal<bool>,
    #[prop(optional)] columns_only: bool,
) -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let report = &report;
    let summary = {
        let report = report.clone();
        move || {
            let lang = lang.get();
            let mut parts = vec![file_kind(report.file_kind, lang).to_owned()];
            if report.file_kind != FileKind::Xlsx {
                parts.push(report.encoding.clone());
            }
            if let Some(d) = report.delimiter {
                parts.push(format!(
                    "{} {}",
                    lang.pick("scheidingsteken", "delimiter"),
                    delimiter_name(d, lang)
                ));
            }
            if let Some(row) = report.header_row {
                parts.push(format!(
                    "{} {row}",
                    lang.pick("kopregel op rij", "header on row")
                ));
            }
            // Not known before the rows are read.
            if columns_only {
                return parts.join(" · ");
            }
            parts.push(
                match report.shape {
                    DataShape::Transactions => {
                        lang.pick("één rij per factuur", "one row per invoice")
                    }
                    DataShape::CustomerTotals => {
                        lang.pick("één rij per klant", "one row per customer")
                    }
                }
                .to_owned(),
            );
            parts.join(" · ")
        }
    };
    let counts = {
        let report = report.clone();
        move || {
            let lang = lang.get();
            if columns_only && report.columns.is_empty() {
                return lang.pick("geen tabel", "no table").to_owned();
            }
            if columns_only {
                return format!(
                    "{} · {}",
                    counted(
                        report.columns.len() as u64,
                        lang,
                        ["kolom", "kolommen"],
                        ["column", "columns"]
                    ),
                    lang.pick("nog geen rij gelezen", "no row read yet"),
                );
            }
            // Further lines of an order, a report's header rows per customer,
            // repeated order totals and header rows are neither used nor
            // skipped: named, so the counts add up.
            let named = |n: u64, nl, en| match n {
                0 => String::new(),
                n => format!(" · {}", counted(n, lang, nl, en)),
            };
            let further = named(
                report.rows_further_lines,
                ["vervolgregel", "vervolgregels"],
                ["further line", "further lines"],
            ) + &named(
                report.rows_group_headers,
                ["kopregel", "kopregels"],
                ["header line", "header lines"],
            ) + &named(
                report.rows_repeated_totals,
                ["herhaald ordertotaal", "herhaalde ordertotalen"],
                ["repeated order total", "repeated order totals"],
            ) + &named(
                report.rows_repeated_headers,
                ["herhaalde kopregel", "herhaalde kopregels"],
                ["repeated header row", "repeated header rows"],
            );
            format!(
                "{} · {} {}{further} · {} {} · {}",
                counted(
                    report.rows_read,
                    lang,
                    ["rij gelezen", "rijen gelezen"],
                    ["row read", "rows read"]
                ),
                count(report.rows_used, lang),
                lang.pick("gebruikt", "used"),
                count(report.rows_skipped, lang),
                lang.pick("overgeslagen", "skipped"),
                counted(
                    customers as u64,
                    lang,
                    ["relatie", "relaties"],
                    ["relation", "relations"]
                ),
            )
        }
    };
    let without_customer = {
        let report = report.clone();
        move || report.without_customer_message(lang.get())
    };
    let not_sold = {
        let report = report.clone();
        move || report.not_sold_message(lang.get())
    };
    let sold_all = report.rows_not_sold == 0;
    let ledger = {
        let report = report.clone();
        move || report.ledger_message(lang.get())
    };
    let currency = {
        let report = report.clone();
        move || report.currency_message(lang.get())
    };
    let one_currency = report.rows_other_currency == 0;
    let further_lines = {
        let report = report.clone();
        move || report.further_lines_message(lang.get())
    };
    let refunded = {
        let report = report.clone();
        move || report.refunded_message(lang.get())
    };
    let sheets_passed = {
        let report = report.clone();
        move || report.sheets_passed_message(lang.get())
    };
    let grouped = {
        let report = report.clone();
        move || report.group_message(lang.get())
    };
    let repeated_totals = {
        let report = report.clone();
        move || report.repeated_totals_message(lang.get())
    };
    let has_problems = columns_only || report.warning_total() > 0;
    let body_report = report.clone();
    // On a short screen the facts are cut off; the whole line is in the tooltip.
    let facts_title = summary.clone();

    view! {
        <details
            class="card import"
            data-testid="import-panel"
            prop:open=move || open.get()
            on:toggle=move |ev| if let Some(now) = details_open(&ev) { open.set(now) }
        >
            <summary class="import__summary">
                <span class="import__title">{t!("Wat is er ingelezen", "What was read")}</span>
                <span class="import__facts" title=facts_title>{summary}</span>
                <span
                    class="import__counts"
                    class:import__counts--warn=has_problems
                    data-testid="import-summary"
                    data-rows-read=report.rows_read
                    data-rows-used=report.rows_used
                    data-rows-skipped=report.rows_skipped
                    data-rows-further=report.rows_further_lines
                    data-rows-repeated=report.rows_repeated_totals
                    data-customers=customers
                >
                    {counts}
                </span>
            </summary>
            // Built only while open: a folded panel costs nothing when a file loads.
            <Show when=move || open.get()>
                <div class="import__body">
                    {
                        let without_customer = without_customer.clone();
                        move || without_customer().map(|m| view! { <p class="import__note">{m}</p> })
                    }
                    {rule_note(not_sold.clone(), sold_all, "not-sold")}
                    {info_note(ledger.clone(), "ledger")}
                    {rule_note(currency.clone(), one_currency, "currency")}
                    {info_note(sheets_passed.clone(), "sheets-passed")}
                    {info_note(grouped.clone(), "grouped")}
                    {info_note(further_lines.clone(), "further-lines")}
                    {info_note(repeated_totals.clone(), "order-totals-note")}
                    {info_note(refunded.clone(), "refunded")}
                    <Conventions report=body_report.clone() />
                    {(!body_report.columns.is_empty()).then(|| view! { <ColumnRoles report=body_report.clone() /> })}
                    {(!columns_only).then(|| view! { <Warnings report=body_report.clone() /> })}
                </div>
            </Show>
        </details>
    }
}

/// A note of the panel in the information style (a rule that was applied),
/// when `text` gives one.
fn info_note(
    text: impl Fn() -> Option<String> + Send + Sync + 'static,
    testid: &'static str,
) -> impl IntoView {
    rule_note(text, true, testid)
}

/// A note of a rule that may leave rows out: amber when it did, else in the
/// information style (`kept_all`), so the rule is visible either way.
fn rule_note(
    text: impl Fn() -> Option<String> + Send + Sync + 'static,
    kept_all: bool,
    testid: &'static str,
) -> impl IntoView {
    move || {
        text().map(|m| {
            view! {
                <p class="import__note" class:import__note--info=kept_all data-testid=testid>
                    {m}
                </p>
            }
        })
    }
}

/// Date order, decimal separator and sheet: each switchable.
#[component]
fn Conventions(report: ImportReport) -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let date_order = report.date_order;
    let ambiguous = report.date_order_ambiguous;
    let reason = report.date_order_reason.clone();
    // The other date columns (due date, paid date): each read in its own order.
    let other_dates = report.dates.iter().skip(1).cloned().collect::<Vec<_>>();
    // With more than one, each line names its column.
    let main_header = report
        .dates
        .first()
        .filter(|_| !other_dates.is_empty())
        .map(|d| d.header.clone());
    // Dates that read one way only (ISO, month names, Excel's numbers) in
    // every date column: no order to choose, so no select saying "31-12-2024".
    let one_reading = reason.as_ref().is_some_and(DateOrderReason::one_reading)
        && other_dates.iter().all(|d| d.reason.one_reading());
    let decimal = report.decimals.first().map(|d| d.decimal);
    let decimal_ambiguous = report.decimals.iter().any(|d| d.ambiguous);
    let sheets = report.sheets.clone();
    let sheet = report.sheet;
    // Whether the amount is the order's total, written on each of its lines:
    // asked only when an order number has several lines with an amount (or
    // the choice was made).
    let order_totals = report.order_totals;
    let fill_down = report.fill_down_choice();

    let on_date = move |ev: web_sys::Event| {
        let order = match select_value(&ev).as_deref() {
            Some("day-first") => Some(DateOrder::DayFirst),
            Some("month-first") => Some(DateOrder::MonthFirst),
            Some("year-first") => Some(DateOrder::YearFirst),
            _ => None,
        };
        state.update_options(|o| o.date_order = order);
    };
    let on_decimal = move |ev: web_sys::Event| {
        let decimal = match select_value(&ev).as_deref() {
            Some("comma") => Some(DecimalSeparator::Comma),
            Some("point") => Some(DecimalSeparator::Point),
            _ => None,
        };
        state.update_options(|o| o.decimal = decimal);
    };
    let on_sheet = move |ev: web_sys::Event| {
        let sheet = select_value(&ev).and_then(|v| v.parse().ok());
        state.update_options(|o| {
            o.sheet = sheet;
            o.roles = None;
        });
    };

    view! {
        <div class="conventions">
            {date_order.map(|order| view! {
                <label class="field">
                    <span class="field__label">{t!("Datumvolgorde", "Date order")}</span>
                    {(!one_reading).then(|| view! {
                        <select data-testid="date-order" on:change=on_date>
                            <option value="day-first" selected=order == DateOrder::DayFirst>
                                {move || format!("{} (31-12-2024)", order_name(DateOrder::DayFirst, lang.get()))}
                            </option>
                            <option value="month-first" selected=order == DateOrder::MonthFirst>
                                {move || format!("{} (12/31/2024)", order_name(DateOrder::MonthFirst, lang.get()))}
                            </option>
                            <option value="year-first" selected=order == DateOrder::YearFirst>
                                {move || format!("{} (2024-12-31)", order_name(DateOrder::YearFirst, lang.get()))}
                            </option>
                        </select>
                    })}
                    <span class="field__hint" class:field__hint--warn=ambiguous data-testid="date-order-note">
                        {main_header.clone().map(|h| view! { <span class="date-orders__column">{h}</span>": " })}
                        {
                            let reason = reason.clone();
                            move || reason.as_ref().map(|r| r.message(lang.get())).unwrap_or_default()
                        }
                    </span>
                    {(!other_dates.is_empty()).then(|| view! {
                        <ul class="field__hint date-orders" data-testid="date-order-others">
                            {other_dates.iter().map(|d| {
                                let (order, reason) = (d.order, d.reason.clone());
                                view! {
                                    <li class:field__hint--warn=d.ambiguous>
                                        <span class="date-orders__column">{d.header.clone()}</span>
                                        {move || {
                                            let l = lang.get();
                                            // Dates that read one way only (ISO, or days over 12): no order to name.
                                            if reason.one_reading() {
                                                format!(": {}", reason.message(l))
                                            } else {
                                                format!(": {}; {}", order_name(order, l), reason.message(l))
                                            }
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                </label>
            })}
            {decimal.map(|decimal| view! {
                <label class="field">
                    <span class="field__label">{t!("Decimaalteken", "Decimal separator")}</span>
                    <select data-testid="decimal" on:change=on_decimal>
                        <option value="comma" selected=decimal == DecimalSeparator::Comma>
                            {t!("komma (1.234,56)", "comma (1.234,56)")}
                        </option>
                        <option value="point" selected=decimal == DecimalSeparator::Point>
                            {t!("punt (1,234.56)", "point (1,234.56)")}
                        </option>
                    </select>
                    <span class="field__hint" class:field__hint--warn=decimal_ambiguous>
                        {move || if decimal_ambiguous {
                            lang.get().pick("Niet zeker: controleer de bedragen.", "Not certain: check the amounts.")
                        } else {
                            lang.get().pick("Afgeleid uit alle bedragen.", "Derived from all amounts.")
                        }}
                    </span>
                </label>
            })}
            {order_totals.map(|once| two_way(
                ("Bedrag op elke regel", "Amount on each line"),
                "order-totals",
                [
                    ("line", ("telt per regel", "counts per line")),
                    ("order", ("is het ordertotaal (telt één keer)", "is the order's total (counts once)")),
                ],
                once,
                (
                    "Zet een export het totaal van de order op elke productregel, kies dan het ordertotaal.",
                    "If the export writes the order's total on each product line, choose the order's total.",
                ),
                move |once| state.update_options(|o| o.order_totals = Some(once)),
            ))}
            {fill_down.map(|above| two_way(
                ("Rijen zonder klant", "Rows without a customer"),
                "fill-down",
                [
                    ("none", ("tellen voor geen klant", "count for no customer")),
                    ("above", ("horen bij de klant erboven", "belong to the customer above")),
                ],
                above,
                (
                    "Staat de klant alleen op de eerste rij van zijn groep (een draaitabel), kies dan de klant erboven.",
                    "If each customer is named on the first row of its group only (a pivot table), choose the customer above.",
                ),
                move |above| state.update_options(|o| o.fill_down = Some(above)),
            ))}
            {(sheets.len() > 1).then(|| view! {
                <label class="field">
                    <span class="field__label">{t!("Werkblad", "Sheet")}</span>
                    <select data-testid="sheet" on:change=on_sheet>
                        {sheets.iter().enumerate().map(|(i, name)| view! {
                            <option value=i.to_string() selected=sheet == Some(i)>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
        </div>
    }
}

/// A choice between two readings of the file: a select of two options
/// (value, then the Dutch and English text), the second one `second`
/// chosen, with a hint; `choose` gets whether the second is chosen now.
fn two_way(
    label: (&'static str, &'static str),
    testid: &'static str,
    options: [(&'static str, (&'static str, &'static str)); 2],
    second: bool,
    hint: (&'static str, &'static str),
    choose: impl Fn(bool) + 'static,
) -> impl IntoView {
    let [(first_value, first), (second_value, second_text)] = options;
    view! {
        <label class="field">
            <span class="field__label">{t!(label.0, label.1)}</span>
            <select
                data-testid=testid
                on:change=move |ev| choose(select_value(&ev).as_deref() == Some(second_value))
            >
                <option value=first_value selected=!second>{t!(first.0, first.1)}</option>
                <option value=second_value selected=second>{t!(second_text.0, second_text.1)}</option>
            </select>
            <span class="field__hint field__hint--narrow">{t!(hint.0, hint.1)}</span>
        </label>
    }
}

/// One row per column: header, role (a select), and why.
#[component]
fn ColumnRoles(report: ImportReport) -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let roles: Vec<Role> = report.columns.iter().map(|c| c.role).collect();
    let rows = report
        .columns
        .iter()
        .map(|column| {
            let index = column.index;
            let roles = roles.clone();
            let on_change = move |ev: web_sys::Event| {
                let Some(role) = select_value(&ev).and_then(|v| Role::from_key(&v)) else {
                    return;
                };
                let mut roles = roles.clone();
                assign_role(&mut roles, index, role);
                state.update_options(|o| o.roles = Some(roles));
            };
            let current = column.role;
            let reason = column.reason.clone();
            let examples = column.examples.join(" · ");
            view! {
                <tr>
                    <th scope="row">{column.header.clone()}</th>
                    <td class="columns__examples" title=examples.clone()>{examples.clone()}</td>
                    <td>
                        <select
                            data-testid=format!("role-{index}")
                            aria-label=move || format!("{} {}", lang.get().pick("Rol van kolom", "Role of column"), index + 1)
                            on:change=on_change
                        >
                            {Role::ALL.iter().map(|&role| view! {
                                <option value=role.key() selected=role == current>
                                    {move || role.label(lang.get())}
                                </option>
                            }).collect_view()}
                        </select>
                    </td>
                    <td class="muted">{move || reason.message(lang.get())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        // Its own frame scrolls sideways on a phone, never the page.
        <div class="columns__scroll">
            <table class="table table--compact columns">
                <caption>{t!("Kolommen en hun rol", "Columns and their role")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!("Kolom", "Column")}</th>
                        <th scope="col" class="columns__examples">{t!("Voorbeelden", "Examples")}</th>
                        <th scope="col">{t!("Rol", "Role")}</th>
                        <th scope="col">{t!("Waarom", "Why")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Skipped rows and other warnings: counted, listed (first 50), downloadable.
#[component]
fn Warnings(report: ImportReport) -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let total = report.warning_total();
    if total == 0 {
        return view! {
            <p class="import__ok" data-testid="warnings-none">
                {t!("Alle rijen zijn gebruikt; er is niets overgeslagen.", "Every row was used; nothing was skipped.")}
            </p>
        }
        .into_any();
    }
    let report = std::sync::Arc::new(report);
    let counts = {
        let report = report.clone();
        move || {
            let lang = lang.get();
            report
                .warning_counts
                .iter()
                .map(|c| format!("{} × {}", count(c.count, lang), c.kind.label(lang)))
                .collect::<Vec<_>>()
                .join(" · ")
        }
    };
    let list = {
        let report = report.clone();
        move || {
            let lang = lang.get();
            report
                .warnings
                .iter()
                .take(50)
                .map(|w| view! { <li class:skipped=w.skipped>{w.message(lang)}</li> })
                .collect_view()
        }
    };
    // The worker reads the file again for every warning (the report lists
    // the first WARNING_CAP) with its row's cells.
    let download = move |_| state.export_skipped_rows();
    // A large file takes a moment: the button says so, and waits.
    let busy = move || state.downloading(DownloadKind::SkippedRows);
    view! {
        <div class="warnings" data-testid="warnings" data-total=total>
            <h3>
                {move || counted(total, lang.get(), ["melding", "meldingen"], ["notice", "notices"])}
            </h3>
            <p class="muted">{counts}</p>
            <ul class="warnings__list">{list}</ul>
            <p class="muted">
                {move || {
                    let lang = lang.get();
                    (total > 50).then(|| {
                        let download = if total > DOWNLOAD_CAP as u64 {
                            format!(
                                "{} {} {}",
                                lang.pick("de download bevat de eerste", "the download has the first"),
                                count(DOWNLOAD_CAP as u64, lang),
                                lang.pick("(de rest staat als aantal hierboven)", "(the rest are counted above)"),
                            )
                        } else {
                            lang.pick("de download bevat ze allemaal", "the download has them all").to_string()
                        };
                        format!(
                            "{} {} {}; {download}, {}",
                            lang.pick("De eerste 50 van", "The first 50 of"),
                            count(total, lang),
                            lang.pick("staan hier", "are listed here"),
                            lang.pick("met de hele rij uit het bestand.", "with the whole row from the file."),
                        )
                    })
                }}
            </p>
            <button
                class="button"
                data-testid="download-skipped"
                disabled=busy
                aria-busy=move || busy().to_string()
                on:click=download
            >
                {move || if busy() {
                    lang.get().pick("CSV wordt gemaakt…", "Making the CSV…")
                } else {
                    lang.get().pick("Download overgeslagen rijen (CSV)", "Download skipped rows (CSV)")
                }}
            </button>
            {move || state.download_failed(DownloadKind::SkippedRows).map(|m| view! {
                <p class="download-error" role="alert" data-testid="download-error">{m}</p>
            })}
        </div>
    }
    .into_any()
}
