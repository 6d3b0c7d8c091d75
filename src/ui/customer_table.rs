//! `<CustomerTable/>`: every relation, searchable, sortable, filterable by
//! layer and ABC class, and virtualised: only the rows in view are in the
//! DOM, so 100,000 customers scroll as smoothly as 100.
//!
//! The rows live in the worker with the dataset. The table asks for the
//! page around the scroll position (search, filters, sort, offset, limit);
//! the worker keeps the ordered list for a query, so scrolling only slices it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::analysis::abc::AbcClass;
use crate::analysis::approach::Approach;
use crate::analysis::calendar::Day;
use crate::analysis::contact::{ContactPlan, PaymentRecord};
use crate::analysis::customers::{CustomerQuery, CustomerRow, ManagerFilter, SortColumn};
use crate::analysis::lang::Lang;
use crate::analysis::moves::{Move, then_label};
use crate::analysis::pyramid::Layer;
use crate::analysis::rhythm::{Cadence, Rhythm};
use crate::analysis::trend::{DECLINE_PCT, GROWTH_PCT, Signal};
use crate::t;

use super::dom::{input_value, select_value};
use super::format::{count, date, from_reference, margin_percent, money, px, trend as trend_text};
use super::state::{Available, CallList, DownloadKind, TableFilter, use_app};

/// Height of one row in pixels (fixed, so positions are arithmetic).
pub const ROW_HEIGHT: f64 = 36.0;

/// Height of the scrolling viewport in pixels.
pub const VIEWPORT: f64 = 468.0;
/// Extra rows rendered above and below the viewport.
pub const OVERSCAN: usize = 6;

/// The layer select's value for all active customers (no layer's or call list's key).
const ACTIVE_KEY: &str = "active";

/// The rows to render for a scroll position: `(first, end)` indices into the
/// ordered list of `total` rows.
pub fn visible_range(scroll_top: f64, total: usize) -> (usize, usize) {
    let first = (scroll_top.max(0.0) / ROW_HEIGHT).floor() as usize;
    let first = first.saturating_sub(OVERSCAN).min(total);
    (first, (first + rows_per_page()).min(total))
}

/// How many rows one page holds: the viewport plus the overscan on both sides.
pub fn rows_per_page() -> usize {
    (VIEWPORT / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN
}

/// The customer table.
#[component]
pub fn CustomerTable() -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let filter = state.filter;
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = NodeRef::<leptos::html::Div>::new();

    let query = Memo::new(move |_| {
        // The first row is known before the total: the worker clips the page.
        let (offset, _) = visible_range(scroll_top.get(), usize::MAX);
        // "To reactivate": last purchase after R − 2W months. Without dates,
        // whoever bought in the period before (a customer-level file's column).
        let recent_after = state
            .analysis
            .with(|a| a.as_ref().map(|a| a.reactivate_after().unwrap_or(Day::MAX)));
        filter.with(|f| CustomerQuery {
            search: f.search.clone(),
            layers: f.layers(),
            abc: f.abc.map(|c| vec![c]),
            last_purchase_after: recent_after.filter(|_| f.call == Some(CallList::Reactivate)),
            cadence: f.call.and_then(CallList::cadence),
            signal: f.call.and_then(CallList::signal),
            approach: f.approach,
            previous_layer: f.previous_layer,
            contact: f.contact,
            account_manager: f.manager.clone(),
            sort: f.sort,
            descending: f.descending,
            offset,
            limit: rows_per_page(),
        })
    });
    // Ask the worker for the page whenever the query or the analysis changes.
    Effect::new(move |_| {
        let query = query.get();
        state.analysis.track();
        // The rows carry each customer's rhythm once it is in.
        state.rhythm.track();
        state.request_page(query);
    });
    // A new result set (other filters, search, sort, or another file) starts at the top.
    Effect::watch(
        move || {
            filter.track();
            state.import.track();
        },
        move |_, _, _| {
            scroll_top.set(0.0);
            if let Some(el) = viewport.get_untracked() {
                el.set_scroll_top(0);
            }
        },
        false,
    );

    // Invoice files count lines with revenue > 0 up to R (no invoice numbers,
    // so not orders); customer-level files give their own order count (or
    // none), have no rhythm, and a trend only from a column with last
    // period's revenue; an invoice file that does not reach back to the
    // previous period has no trend. Memos: the analysis changes with every
    // setting, these seldom (the call-list options and the optional columns
    // are not rebuilt each time).
    let available = Memo::new(move |_| {
        state.analysis.with(|a| match a {
            Some(a) => Available {
                rhythm: !a.customer_totals,
                trend: a.has_trend,
                contact: a.has_payments,
            },
            None => Available::ALL,
        })
    });
    let totals = Memo::new(move |_| !available.get().rhythm);
    let trend_shown = Memo::new(move |_| available.get().trend);
    let has_orders = Memo::new(move |_| {
        state
            .analysis
            .with(|a| a.as_ref().is_none_or(|a| a.has_orders))
    });
    // An invoice file with order numbers counts its orders, not its lines.
    let order_numbers = Memo::new(move |_| {
        state
            .analysis
            .with(|a| a.as_ref().is_some_and(|a| a.order_numbers))
    });
    let has_margin = Memo::new(move |_| {
        state
            .analysis
            .with(|a| a.as_ref().is_some_and(|a| a.has_margin))
    });
    let label = move |column: SortColumn, nl: &'static str, en: &'static str| {
        let lang = lang.get();
        match column {
            SortColumn::Orders if !totals.get() && !order_numbers.get() => {
                lang.pick("Regels", "Lines")
            }
            _ => lang.pick(nl, en),
        }
    };
    let title = move |column: SortColumn| -> Option<String> {
        let lang = lang.get();
        let text = match column {
            SortColumn::Interval => Some(lang.pick(
                "Gewoonlijk aantal dagen tussen twee bestellingen: de mediaan van de laatste 12 tussenpozen. Alleen actieve klanten met minstens 3 bestellingen in de laatste twee vensters; aankoopdagen minder dan 3 dagen uit elkaar zijn één bestelling",
                "Usual number of days between two orders: the median of the last 12 gaps. Active customers with at least 3 orders in the last two windows only; purchase days less than 3 days apart are one order",
            )),
            SortColumn::Expected => Some(lang.pick(
                "Verwachte volgende bestelling: laatste aankoop + ritme. Oranje: aan de beurt om te bestellen, nu bellen; rood: al langer stil dan 1,5 keer het ritme",
                "Expected next order: last purchase + rhythm. Amber: due to reorder, call now; red: silent for more than 1.5 times the rhythm",
            )),
            SortColumn::Trend => {
                let (more, less) = (GROWTH_PCT, DECLINE_PCT);
                let margin = if has_margin.get() {
                    lang.pick(", marge minstens de mediaan", ", margin at least the median")
                } else {
                    ""
                };
                let text = match (lang, totals.get()) {
                    (Lang::Nl, false) => format!("Waarde in het venster tegenover de even lange periode ervoor, in hele procenten (naar nul afgerond); nieuw: kocht toen niets; gestopt: kocht toen wel, in het venster niet (inactief). ◆ Groen: parel (kleine klant, vast ritme, minstens {more}% groei{margin}); ▼ rood: kernklant die minstens {less}% minder koopt"),
                    (Lang::En, false) => format!("Value in the window against the period of the same length before it, in whole percent (rounded toward zero); new: bought nothing then; stopped: bought then, not in the window (inactive). ◆ Green: pearl (small customer, steady rhythm, at least {more}% growth{margin}); ▼ red: key customer buying at least {less}% less"),
                    (Lang::Nl, true) => format!("Omzet volgens het bestand tegenover de omzet van de vorige periode (de kolom daarvan), in hele procenten (naar nul afgerond); nieuw: toen geen omzet; gestopt: toen omzet, nu inactief; –: geen bedrag om mee te vergelijken. ▼ Rood: kernklant die minstens {less}% minder koopt"),
                    (Lang::En, true) => format!("Revenue as the file gives it against the revenue of the period before (its column), in whole percent (rounded toward zero); new: no revenue then; stopped: revenue then, inactive now; –: no amount to compare with. ▼ Red: key customer buying at least {less}% less"),
                };
                return Some(text);
            }
            SortColumn::Approach => Some(Approach::rule(lang)),
            SortColumn::Orders if totals.get() && !has_orders.get() => Some(lang.pick("Dit bestand geeft geen aantal orders", "This file gives no order count")),
            SortColumn::Orders if totals.get() => Some(lang.pick("Aantal orders volgens het bestand", "Number of orders as the file gives it")),
            SortColumn::Orders if order_numbers.get() => Some(lang.pick(
                "Verschillende order- of factuurnummers met positieve omzet tot en met de peildatum, over alle jaren in het bestand",
                "Different order or invoice numbers with positive revenue up to the reference date, over all years in the file",
            )),
            SortColumn::Orders => Some(lang.pick(
                "Factuurregels met positieve omzet tot en met de peildatum, over alle jaren in het bestand",
                "Invoice lines with positive revenue up to the reference date, over all years in the file",
            )),
            _ => None,
        };
        text.map(str::to_owned)
    };
    let header = move |column: SortColumn, nl: &'static str, en: &'static str, numeric: bool| {
        let sort = move || filter.with(|f| (f.sort, f.descending));
        let aria = move || {
            let (c, d) = sort();
            if c != column {
                "none"
            } else if d {
                "descending"
            } else {
                "ascending"
            }
        };
        // Arrows, not triangles: a red ▼ in the trend column marks a key
        // customer buying less.
        let arrow = move || {
            let (c, d) = sort();
            if c != column {
                ""
            } else if d {
                " ↓"
            } else {
                " ↑"
            }
        };
        view! {
            <th scope="col" class:num=numeric aria-sort=aria title=move || title(column)>
                <button
                    class="sort-button"
                    data-testid=format!("sort-{}", format!("{column:?}").to_ascii_lowercase())
                    on:click=move |_| {
                        filter.update(|f| {
                            if f.sort == column {
                                f.descending = !f.descending;
                            } else {
                                f.sort = column;
                                // Numbers read best largest first; text A to Z.
                                f.descending = numeric;
                            }
                        });
                    }
                >
                    {move || label(column, nl, en)}
                    {arrow}
                </button>
            </th>
        }
    };

    let rows = move || {
        let lang = lang.get();
        let has_orders = has_orders.get();
        let (reference, before) = state.analysis.with(|a| {
            a.as_ref().map_or((None, String::new()), |a| {
                // What the trend compares with: the file's own column, by its name
                // ("Omzet 2024"), or the W months before.
                let before = if a.customer_totals {
                    state.previous_revenue_column().unwrap_or_else(|| {
                        lang.pick(
                            "de vorige periode (uit het bestand)",
                            "the period before (from the file)",
                        )
                        .to_owned()
                    })
                } else {
                    format!(
                        "{} {} {}",
                        lang.pick("de", "the"),
                        a.window_months,
                        lang.pick("maanden ervoor", "months before")
                    )
                };
                (a.reference_day, before)
            })
        });
        state.page.with(|page| {
            let page = page.as_ref()?;
            Some(
                page.rows
                    .iter()
                    .map(|r| {
                        view! {
                            <tr data-testid="customer-row" data-key=r.key.clone() data-layer=r.layer.key()>
                                <td class="num muted">{r.rank}</td>
                                <td>{r.key.clone()}</td>
                                <td class="name" title=r.name.clone()>{r.name.clone()}</td>
                                <td class="capitalize">
                                    {layer_swatch(r.layer, r.previous_layer, lang)}
                                    {r.layer.label(lang)}
                                </td>
                                <td>{r.abc.map(|c| c.key()).unwrap_or("–")}</td>
                                <td>
                                    <span class=format!("approach approach--{}", r.approach.key()) data-testid="approach" title=r.approach.advice(lang)>
                                        {r.approach.label(lang)}
                                    {r.contact.map(|plan| {
                                        let why = contact_why(plan, r.payment, lang);
                                        view! {
                                            <span
                                                class=format!("contact-mark contact-mark--cell contact-mark--{}", plan.key())
                                                data-testid="contact-mark"
                                                data-plan=plan.key()
                                                role="img"
                                                aria-label=why.clone()
                                                title=why
                                            ></span>
                                        }
                                    })}
                                    </span>
                                </td>
                                <td class="num">{money(r.value, lang)}</td>
                                {trend_shown.get().then(|| trend_cell(r, &before, lang))}
                                // A customer-level file without an order count: unknown, not 0.
                                {if has_orders { view! { <td class="num">{count(r.orders.into(), lang)}</td> }.into_any() } else { view! { <td class="num muted">"–"</td> }.into_any() }}
                                <td class="num">{r.last_purchase.map(|d| date(d, lang)).unwrap_or_else(|| "–".to_owned())}</td>
                                {(!totals.get()).then(|| rhythm_cells(r.rhythm, reference, lang))}
                                <td class="manager" title=r.account_manager.clone()>{r.account_manager.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view(),
            )
        })
    };
    // Spacers stand in for the rows above and below the page, from the page
    // itself, so the rows drawn and the space around them always agree.
    let pad_top = move || {
        let first = state.page.with(|p| {
            p.as_ref()
                .map_or(0, |p| p.query.offset.min(p.total as usize))
        });
        format!("{}px", px(first as f64 * ROW_HEIGHT))
    };
    let pad_bottom = move || {
        let below = state.page.with(|p| {
            p.as_ref().map_or(0, |p| {
                (p.total as usize).saturating_sub(p.query.offset + p.rows.len())
            })
        });
        format!("{}px", px(below as f64 * ROW_HEIGHT))
    };
    let total = move || {
        state
            .page
            .with(|p| p.as_ref().map_or(0, |p| p.total as usize))
    };
    let has_managers = move || {
        state
            .import
            .with(|i| i.as_ref().is_some_and(|i| !i.account_managers.is_empty()))
    };

    let columns = move || {
        let a = available.get();
        (10 + 2 * usize::from(a.rhythm) + usize::from(a.trend)).to_string()
    };
    // A file without a rhythm or a trend (another file, a re-read as
    // customer-level, an earlier reference date) leaves no such list or
    // sort behind.
    Effect::new(move |_| {
        let available = available.get();
        filter.maybe_update(|f| f.keep_available(available));
    });

    view! {
        <section class="card customers" aria-labelledby="customers-heading">
            <div class="customers__head">
                <h2 id="customers-heading">{t!("Klanten", "Customers")}</h2>
                <span class="muted" data-testid="customer-count" data-count=total>
                    {move || format!("{} {}", count(total() as u64, lang.get()), lang.get().pick("getoond", "shown"))}
                </span>
                // Narrowed to one account manager from the call plan's split: said, and undone with a click.
                {move || filter.with(|f| f.manager.clone()).map(|manager| {
                    let lang = lang.get();
                    let who = match manager {
                        ManagerFilter::Named(name) => name,
                        ManagerFilter::Nobody => lang.pick("geen accountmanager", "no account manager").to_owned(),
                    };
                    filter_chip(
                        "manager-filter",
                        lang.pick("Toon de klanten van alle accountmanagers", "Show the customers of every account manager"),
                        format!("{}: {who}", lang.pick("Accountmanager", "Account manager")),
                        move || filter.update(|f| f.manager = None),
                    )
                })}
                // Narrowed to a layer of the period before (a count of the movement table).
                {move || filter.with(|f| f.previous_layer).map(|then| {
                    let lang = lang.get();
                    filter_chip(
                        "previous-filter",
                        lang.pick("Toon de klanten ongeacht hun laag in de periode ervoor", "Show the customers whatever their layer in the period before"),
                        format!("{}: {}", lang.pick("Periode ervoor", "Period before"), then_label(then, lang)),
                        move || filter.update(|f| f.previous_layer = None),
                    )
                })}
                <button
                    class="button customers__export"
                    data-testid="export-customers"
                    disabled=move || total() == 0 || state.downloading(DownloadKind::Customers)
                    aria-busy=move || state.downloading(DownloadKind::Customers).to_string()
                    title=move || lang.get().pick(
                        "Alle klanten van deze lijst, met deze zoekopdracht, filters en sortering, als CSV (opent in Excel)",
                        "Every customer in this list, with this search, filters and sort, as CSV (opens in Excel)",
                    )
                    on:click=move |_| {
                        let name = filter.with_untracked(|f| f.file_name(lang.get_untracked()));
                        let query = CustomerQuery {
                            offset: 0,
                            limit: usize::MAX,
                            ..query.get_untracked()
                        };
                        state.export(query, name);
                    }
                >
                    {move || if state.downloading(DownloadKind::Customers) {
                        lang.get().pick("CSV wordt gemaakt…", "Making the CSV…")
                    } else {
                        lang.get().pick("Download deze lijst (CSV)", "Download this list (CSV)")
                    }}
                </button>
                {move || state.download_failed(DownloadKind::Customers).map(|m| view! {
                    <p class="download-error" role="alert" data-testid="download-error">{m}</p>
                })}
            </div>
            <div class="customers__tools">
                <label class="field field--grow">
                    <span class="field__label">{t!("Zoeken", "Search")}</span>
                    <input
                        type="search"
                        data-testid="customer-search"
                        placeholder=move || lang.get().pick("naam of klantnummer", "name or customer number")
                        prop:value=move || filter.with(|f| f.search.clone())
                        on:input=move |ev| {
                            filter.update(|f| f.search = input_value(&ev).unwrap_or_default());
                        }
                    />
                </label>
                <label class="field">
                    <span class="field__label">{t!("Laag / bellijst", "Layer / call list")}</span>
                    <select
                        data-testid="layer-filter"
                        // The property, not only `selected` on the options: once
                        // the user picked an option, browsers ignore those.
                        prop:value=move || filter.with(|f| match (f.call, f.layer) {
                            (Some(list), _) => list.key().to_owned(),
                            (None, Some(l)) => l.key().to_owned(),
                            (None, None) if f.active => ACTIVE_KEY.to_owned(),
                            (None, None) => String::new(),
                        })
                        on:change=move |ev| {
                            let key = select_value(&ev).unwrap_or_default();
                            filter.update(|f| match CallList::from_key(&key) {
                                Some(list) => {
                                    // Keep what the user typed in the search box, and the account manager.
                                    let search = std::mem::take(&mut f.search);
                                    let manager = f.manager.take();
                                    *f = TableFilter { search, manager, ..TableFilter::call_list(list) };
                                }
                                None => {
                                    f.call = None;
                                    f.layer = Layer::from_key(&key);
                                    f.active = key == ACTIVE_KEY;
                                }
                            });
                        }
                    >
                        <option value="" selected=move || filter.with(|f| f.layer.is_none() && f.call.is_none() && !f.active)>
                            {t!("alle lagen", "all layers")}
                        </option>
                        <option value=ACTIVE_KEY selected=move || filter.with(|f| f.layer.is_none() && f.call.is_none() && f.active)>
                            {t!("alle actieve klanten", "all active customers")}
                        </option>
                        {Layer::ALL.into_iter().map(|l| view! {
                            <option value=l.key() selected=move || filter.with(|f| f.layer == Some(l) && f.call.is_none())>
                                {move || l.label(lang.get())}
                            </option>
                        }).collect_view()}
                        <optgroup label=move || lang.get().pick("Bellijsten", "Call lists")>
                            // Only the lists the analysis can give: a customer-level file has no
                            // rhythm (and a trend only with last period's revenue), an invoice
                            // file that does not reach back no trend.
                            {move || CallList::ALL.into_iter().filter(|&l| l.is_available(available.get())).map(|l| view! {
                                <option value=l.key() selected=move || filter.with(|f| f.call == Some(l))>
                                    {move || l.label(lang.get())}
                                </option>
                            }).collect_view()}
                        </optgroup>
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">{t!("ABC-klasse", "ABC class")}</span>
                    <select
                        data-testid="abc-filter"
                        prop:value=move || filter.with(|f| f.abc.map_or("", |c| c.key()).to_owned())
                        on:change=move |ev| {
                            let class = select_value(&ev).and_then(|k| AbcClass::from_key(&k));
                            filter.update(|f| f.abc = class);
                        }
                    >
                        <option value="" selected=move || filter.with(|f| f.abc.is_none())>{t!("alle", "all")}</option>
                        {AbcClass::ALL.into_iter().map(|c| view! {
                            <option value=c.key() selected=move || filter.with(|f| f.abc == Some(c))>{c.key()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">{t!("Aanpak", "Approach")}</span>
                    <select
                        data-testid="approach-filter"
                        title=move || Approach::rule(lang.get())
                        prop:value=move || filter.with(|f| f.approach.map_or("", Approach::key).to_owned())
                        on:change=move |ev| {
                            let approach = select_value(&ev).and_then(|k| Approach::from_key(&k));
                            filter.update(|f| f.approach = approach);
                        }
                    >
                        <option value="" selected=move || filter.with(|f| f.approach.is_none())>{t!("alle", "all")}</option>
                        {Approach::ALL.into_iter().map(|a| view! {
                            <option value=a.key() selected=move || filter.with(|f| f.approach == Some(a))>
                                {move || a.label(lang.get())}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                // Only when the file has due and paid dates.
                {move || available.get().contact.then(|| view! {
                    <label class="field">
                        <span class="field__label">{t!("Contactplan", "Contact plan")}</span>
                        <select
                            data-testid="contact-filter"
                            prop:value=move || filter.with(|f| f.contact.map_or("", ContactPlan::key).to_owned())
                            on:change=move |ev| {
                                let plan = select_value(&ev).and_then(|k| ContactPlan::from_key(&k));
                                filter.update(|f| f.contact = plan);
                            }
                        >
                            <option value="" selected=move || filter.with(|f| f.contact.is_none())>{t!("alle", "all")}</option>
                            {ContactPlan::ALL.into_iter().map(|p| view! {
                                <option value=p.key() selected=move || filter.with(|f| f.contact == Some(p))>
                                    {move || p.label(lang.get())}
                                </option>
                            }).collect_view()}
                        </select>
                    </label>
                })}
            </div>
            <div
                class="customers__viewport"
                node_ref=viewport
                data-testid="customer-viewport"
                tabindex="0"
                on:scroll=move |ev| {
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        scroll_top.set(f64::from(el.scroll_top()));
                    }
                }
            >
                <table class="table table--customers" data-testid="customer-table">
                    <thead>
                        <tr>
                            {header(SortColumn::Rank, "#", "#", true)}
                            {header(SortColumn::Key, "Nummer", "Number", false)}
                            {header(SortColumn::Name, "Naam", "Name", false)}
                            {header(SortColumn::Layer, "Laag", "Layer", false)}
                            {header(SortColumn::Abc, "ABC", "ABC", false)}
                            {header(SortColumn::Approach, "Aanpak", "Approach", false)}
                            {header(SortColumn::Value, "Waarde", "Value", true)}
                            {move || trend_shown.get().then(|| header(SortColumn::Trend, "Trend", "Trend", true))}
                            {header(SortColumn::Orders, "Orders", "Orders", true)}
                            {header(SortColumn::LastPurchase, "Laatste aankoop", "Last purchase", true)}
                            {move || (!totals.get()).then(|| view! {
                                {header(SortColumn::Interval, "Ritme", "Rhythm", true)}
                                {header(SortColumn::Expected, "Volgende", "Next", true)}
                            })}
                            // A soft hyphen: the long Dutch word may break in the header.
                            {header(SortColumn::AccountManager, "Account\u{ad}manager", "Account manager", false)}
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true"><td colspan=columns style:height=pad_top></td></tr>
                        {rows}
                        <tr class="spacer" aria-hidden="true"><td colspan=columns style:height=pad_bottom></td></tr>
                    </tbody>
                </table>
            </div>
            // On paper only the rows drawn show: say which, and where the rest is.
            <p class="print-only muted small" data-testid="print-rows">
                {move || state.page.with(|p| {
                    let p = p.as_ref().filter(|p| p.total > 0)?;
                    let first = p.query.offset.min(p.total as usize);
                    let lang = lang.get();
                    Some(format!(
                        "{} {}–{} {} {}{}",
                        lang.pick("Afgedrukt: rij", "Printed: rows"),
                        count(first as u64 + 1, lang),
                        count((first + p.rows.len()) as u64, lang),
                        lang.pick("van", "of"),
                        count(p.total.into(), lang),
                        lang.pick("; de hele lijst staat in de CSV-download.", "; the whole list is in the CSV download."),
                    ))
                })}
            </p>
            <Show when=move || !has_managers()>
                <p class="muted small">{t!(
                    "Dit bestand noemt geen accountmanagers.",
                    "This file names no account managers."
                )}</p>
            </Show>
        </section>
    }
}

/// The trend cell of one row: the change against the previous period, on a
/// colour when the customer is on the pearls or the buying-less list;
/// "gestopt" when it stopped ([`CustomerRow::stopped`]).
/// A filter set from elsewhere on the page (a count clicked), said above the
/// table: its text and ✕, a click lifts it.
fn filter_chip(
    testid: &'static str,
    title: &'static str,
    text: String,
    lift: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button class="chip chip--filter" data-testid=testid title=title on:click=move |_| lift()>
            {format!("{text} ✕")}
        </button>
    }
}

/// The layer's colour before its name, with the move since the period
/// before in it: ↑ when the customer was in a lower layer then, ↓ when in a
/// higher one (or it stopped), + when it is new or back; plain when it stayed
/// or without a trend. The tooltip says the layer then. In the swatch, so the
/// column is no wider for it.
fn layer_swatch(now: Layer, then: Option<Layer>, lang: Lang) -> impl IntoView + use<> {
    let class = format!("swatch layer--{}", now.key());
    let moved = then.and_then(|then| {
        let (mark, kind) = match Move::of(then, now)? {
            Move::New => ("+", "new"),
            Move::Up => ("↑", "up"),
            // Stopped: inactive now, so a lower layer too.
            Move::Down | Move::Stopped => ("↓", "down"),
            Move::Same => return None,
        };
        Some((then, mark, kind))
    });
    match moved {
        None => view! { <span class=class aria-hidden="true"></span> }.into_any(),
        Some((then, mark, kind)) => {
            let title = format!(
                "{}: {}",
                lang.pick("periode ervoor", "period before"),
                then_label(then, lang)
            );
            view! {
                <span
                    class=format!("{class} swatch--move move--{kind}")
                    role="img"
                    data-testid="move"
                    data-then=then.key()
                    title=title.clone()
                    aria-label=title
                >
                    {mark}
                </span>
            }
            .into_any()
        }
    }
}

fn trend_cell(r: &CustomerRow, before: &str, lang: Lang) -> impl IntoView + use<> {
    let Some(trend) = r.trend() else {
        return view! { <td class="num muted">"–"</td> }.into_any();
    };
    let text = if r.stopped() {
        lang.pick("gestopt", "stopped").to_owned()
    } else {
        trend_text(trend, lang)
    };
    let class = match r.signal {
        Some(Signal::Pearl) => "signal mark signal--pearl",
        Some(Signal::BuyingLess) => "signal mark signal--less",
        None => "signal",
    };
    let before = format!("{before}: {}", money(r.previous_value.unwrap_or(0), lang));
    let margin = r.margin_bp.map_or_else(String::new, |m| {
        format!(
            "; {} {}",
            lang.pick("marge", "margin"),
            margin_percent(m, lang)
        )
    });
    let title = match r.signal {
        Some(s) => format!("{}; {before}{margin}", s.one(lang)),
        None => format!("{before}{margin}"),
    };
    view! {
        <td class="num">
            <span class=class data-testid="trend" data-signal=r.signal.map(Signal::key) title=title>{text}</span>
            // The shape and colour say it on screen; a screen reader hears it.
            {r.signal.map(|s| view! { <span class="visually-hidden">{format!(", {}", s.one(lang))}</span> })}
        </td>
    }
    .into_any()
}

/// The rhythm and next-purchase cells of one row.
fn rhythm_cells(rhythm: Option<Rhythm>, reference: Option<Day>, lang: Lang) -> impl IntoView {
    let Some(r) = rhythm else {
        return view! {
            <td class="num muted">"–"</td>
            <td class="num muted">"–"</td>
        }
        .into_any();
    };
    let class = match r.cadence {
        Cadence::OnSchedule => "cadence",
        Cadence::Due => "cadence mark cadence--due",
        Cadence::Silent => "cadence mark cadence--silent",
    };
    let note = match reference {
        Some(reference) => format!(
            "{}; {}",
            r.cadence.label(lang),
            from_reference(r.expected, reference, lang)
        ),
        None => r.cadence.label(lang).to_owned(),
    };
    view! {
        <td class="num">{format!("{} {}", count(r.interval.into(), lang), if r.interval == 1 { lang.pick("dag", "day") } else { lang.pick("dagen", "days") })}</td>
        <td class="num">
            <span class=class data-cadence=r.cadence.key() title=note>{date(r.expected, lang)}</span>
            // The shape and colour say it on screen; a screen reader hears it.
            {(r.cadence != Cadence::OnSchedule).then(|| view! {
                <span class="visually-hidden">{format!(", {}", r.cadence.label(lang))}</span>
            })}
        </td>
    }
    .into_any()
}

/// A contact plan mark's tooltip: the plan and, from the payment record,
/// what it rests on ("contactplan: vermoeiend; 4 van 12 facturen te laat;
/// een factuur 41 dagen na de vervaldatum open").
fn contact_why(plan: ContactPlan, payment: Option<PaymentRecord>, lang: Lang) -> String {
    let mut out = format!(
        "{}: {}",
        lang.pick("contactplan", "contact plan"),
        plan.label(lang)
    );
    if let Some(p) = payment {
        out.push_str(&match lang {
            Lang::Nl => format!("; {} van {} facturen te laat", p.late, p.invoices),
            Lang::En => format!("; {} of {} invoices late", p.late, p.invoices),
        });
        if p.overdue_days > 0 {
            out.push_str(&match lang {
                Lang::Nl => format!(
                    "; een factuur {} dagen na de vervaldatum open",
                    p.overdue_days
                ),
                Lang::En => format!("; an invoice open {} days past due", p.overdue_days),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visible_range_follows_the_scroll_position() {
        assert_eq!(visible_range(0.0, 0), (0, 0));
        assert_eq!(visible_range(0.0, 5), (0, 5));
        let shown = (VIEWPORT / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        assert_eq!(visible_range(0.0, 100_000), (0, shown));
        let (first, end) = visible_range(ROW_HEIGHT * 1000.0, 100_000);
        assert_eq!(first, 1000 - OVERSCAN);
        assert_eq!(end - first, shown);
        // Scrolled past the end (rows were filtered away): nothing breaks.
        assert_eq!(visible_range(ROW_HEIGHT * 500.0, 10), (10, 10));
        assert_eq!(visible_range(-50.0, 10), (0, 10));
    }
}
