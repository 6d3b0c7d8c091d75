//! `<KeyFigures/>`: relation counts and total value, in cards that read from
//! the back of a meeting room, and the call plan under them.

use leptos::prelude::*;

use crate::analysis::analyse::ManagerCalls;
use crate::analysis::approach::Approach;
use crate::analysis::customers::ManagerFilter;
use crate::analysis::settings::Basis;
use crate::analysis::trend::{DECLINE_PCT, GROWTH_PCT};

use crate::analysis::import::Role;
use crate::analysis::lang::Lang;
use crate::analysis::pyramid::Layer;

use super::format::{count, date, margin_percent, money_whole};
use super::state::{AppState, CallList, TableFilter, use_app};

/// Key figures of the current analysis.
#[component]
pub fn KeyFigures() -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    move || {
        let lang = lang.get();
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            let basis = match a.basis {
                Basis::Revenue => lang.pick("Omzet", "Revenue"),
                Basis::Profit => lang.pick("Winst", "Profit"),
            };
            // A customer-level file gives totals of its own period: saying
            // "in the last 12 months" there would be a claim it cannot back.
            let window = if a.customer_totals {
                format!(
                    "{basis} {}",
                    lang.pick("van actieve klanten (totalen uit het bestand)", "of active customers (totals from the file)")
                )
            } else {
                format!(
                    "{basis} {} {} {}",
                    lang.pick("in de laatste", "in the last"),
                    a.window_months,
                    lang.pick("maanden", "months")
                )
            };
            let r = &a.relations;
            let card = |label: String, value: String, testid: &'static str, note: Option<String>| {
                view! {
                    <div class="figure" data-testid=testid>
                        <span class="figure__value">{value}</span>
                        <span class="figure__label">{label}</span>
                        {note.map(|n| view! { <span class="figure__note">{n}</span> })}
                    </div>
                }
            };
            // A count of relations opens them in the customer table, like a layer in the pyramid.
            let shows = lang.pick("Toon deze relaties in de klantentabel", "Show these relations in the customer table");
            let counted = move |label: String, n: u32, testid: &'static str, note: Option<String>, filter: TableFilter| {
                view! {
                    <button
                        class="figure figure--link"
                        data-testid=testid
                        title=shows
                        disabled=n == 0
                        on:click=move |_| state.show_table(filter.clone())
                    >
                        <span class="figure__value">{count(n.into(), lang)}</span>
                        <span class="figure__label">{label}</span>
                        {note.map(|n| view! { <span class="figure__note">{n}</span> })}
                    </button>
                }
            };
            let layer = |l: Layer| TableFilter { layer: Some(l), ..TableFilter::default() };
            Some(view! {
                <section class="figures" aria-label=lang.pick("Kerncijfers", "Key figures")>
                    {card(window, money_whole(a.total_value, lang), "figure-total", None)}
                    {counted(lang.pick("Actieve klanten", "Active customers").to_owned(), r.active, "figure-active",
                        Some(format!("{} {}", lang.pick("van", "of"), count(r.total.into(), lang))), TableFilter::active())}
                    {counted(lang.pick("Inactief", "Inactive").to_owned(), r.inactive, "figure-inactive",
                        Some(lang.pick("kochten eerder, nu niet meer", "bought before, not any more").to_owned()), layer(Layer::Inactive))}
                    {counted(lang.pick("Prospects", "Prospects").to_owned(), r.prospect, "figure-prospects", None, layer(Layer::Prospect))}
                    {counted(lang.pick("Suspects", "Suspects").to_owned(), r.suspect, "figure-suspects", None, layer(Layer::Suspect))}
                    // One flow: the codes continue the call plan's last line when there is room.
                    <div class="calls">
                        <CallPlan />
                        <Approaches />
                    </div>
                    {a.profit_unavailable.then(|| view! {
                        <p class="figures__warning">
                            {lang.pick("Dit bestand heeft geen winst of marge: de analyse gebruikt omzet.",
                                "This file has no profit or margin: the analysis uses revenue.")}
                        </p>
                    })}
                </section>
            })
        })
    }
}

/// "Who to call now?": the call lists with their counts, each opening
/// the customer table on that list.
#[component]
fn CallPlan() -> impl IntoView {
    let state = use_app();
    move || {
        let lang = state.lang.get();
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            let (w, w2) = (a.window_months, a.window_months.saturating_mul(2));
            let (less, more) = (DECLINE_PCT, GROWTH_PCT);
            // With profit in the file, a pearl also has a good margin: the
            // median of the customers in view (one account manager's, when
            // one is chosen).
            let theirs = a.account_manager.is_some();
            let median_of = match (theirs, lang) {
                (false, Lang::Nl) => "de mediaan van de actieve klanten",
                (true, Lang::Nl) => "de mediaan van de actieve klanten van deze accountmanager",
                (false, Lang::En) => "the median of the active customers",
                (true, Lang::En) => "the median of this account manager's active customers",
            };
            let (join, margin) = match a.median_margin_bp {
                Some(m) => (
                    ",",
                    format!(
                        "{} {} ({median_of})",
                        lang.pick(", en met een marge van minstens", ", and with a margin of at least"),
                        margin_percent(m, lang),
                    ),
                ),
                None => (lang.pick(" en", " and"), String::new()),
            };
            // `None`: the rhythms are still being computed (just after a load).
            let item = |list: CallList, n: Option<u32>| {
                let title = match (list, lang) {
                    (CallList::Due, Lang::Nl) => format!("Actieve klanten met een koopritme (minstens 3 bestellingen in de laatste {w2} maanden) van wie de volgende bestelling binnen een week verwacht wordt (bij een ritme korter dan 4 weken: binnen een kwart ritme), of die al iets over tijd is (tot 1,5 keer het ritme na de laatste aankoop): bel voor ze bestellen."),
                    (CallList::Due, Lang::En) => format!("Active customers with a purchase rhythm (at least 3 orders in the last {w2} months) whose next order is expected within a week (for a rhythm shorter than 4 weeks: within a quarter of it), or is up to half a rhythm late (1.5 times the rhythm after the last purchase): call before they order."),
                    (CallList::Silent, Lang::Nl) => "Actieve klanten die al langer dan 1,5 keer hun gewone ritme niets kochten: goede klanten vertrekken zonder iets te zeggen.".to_owned(),
                    (CallList::Silent, Lang::En) => "Active customers who have bought nothing for more than 1.5 times their usual rhythm: good customers leave without a word.".to_owned(),
                    (CallList::BuyingLess, Lang::Nl) if a.customer_totals => format!("Kernklanten van wie de omzet in dit bestand minstens {less}% lager is dan in de vorige periode (de kolom met de omzet daarvan): waardevolle klanten die je kunt kwijtraken. Kernklanten zijn de lagen top, groot en middelgroot, en wie in de vorige periode minstens zoveel kocht als nu de kleinste klant in die lagen. Bel om te horen wat er veranderd is, en houd ze vast."),
                    (CallList::BuyingLess, Lang::En) if a.customer_totals => format!("Key customers whose revenue in this file is at least {less}% lower than in the period before (the column with its revenue): valuable customers you could lose. Key customers are the top, large and medium layers, and whoever, in the period before, bought at least as much as the smallest customer in those layers buys now. Call to hear what changed, and keep them."),
                    (CallList::BuyingLess, Lang::Nl) => format!("Kernklanten van wie de waarde in de laatste {w} maanden minstens {less}% lager is dan in de {w} maanden daarvoor: waardevolle klanten die je kunt kwijtraken. Kernklanten zijn de lagen top, groot en middelgroot, en wie in die {w} maanden daarvoor minstens zoveel kocht als nu de kleinste klant in die lagen. Bel om te horen wat er veranderd is, en houd ze vast."),
                    (CallList::BuyingLess, Lang::En) => format!("Key customers whose value in the last {w} months is at least {less}% lower than in the {w} months before: valuable customers you could lose. Key customers are the top, large and medium layers, and whoever, in those {w} months before, bought at least as much as the smallest customer in those layers buys now. Call to hear what changed, and keep them."),
                    (CallList::Pearls, Lang::Nl) => format!("Kleine klanten die in een vast ritme kopen (minstens 3 bestellingen in de laatste {w2} maanden, niet stilgevallen){join} van wie de waarde in de laatste {w} maanden minstens {more}% hoger is dan in de {w} maanden daarvoor (of die toen niets kochten){margin}: ze kopen nu weinig, maar groeien. Bel om meer te verkopen."),
                    (CallList::Pearls, Lang::En) => format!("Small customers who buy in a steady rhythm (at least 3 orders in the last {w2} months, not gone quiet){join} whose value in the last {w} months is at least {more}% higher than in the {w} months before (or who bought nothing then){margin}: they buy little now, but grow. Call to sell more."),
                    (CallList::Reactivate, Lang::Nl) if a.previous_revenue_column => format!("Inactieve klanten van wie de laatste aankoop in de {w} maanden vóór het venster ligt, of die (zonder datum) in de vorige periode omzet hadden en nu inactief zijn. Vuistregel: na een jaar zonder factuur bellen om te heractiveren, na twee jaar is een klant koud."),
                    (CallList::Reactivate, Lang::En) if a.previous_revenue_column => format!("Inactive customers whose last purchase lies in the {w} months before the window, or who (without a date) had revenue in the period before and are inactive now. Rule of thumb: after a year without an invoice call to reactivate; after two years a customer is cold."),
                    (CallList::Reactivate, Lang::Nl) => format!("Inactieve klanten van wie de laatste aankoop in de {w} maanden vóór het venster ligt. Vuistregel: na een jaar zonder factuur bellen om te heractiveren, na twee jaar is een klant koud."),
                    (CallList::Reactivate, Lang::En) => format!("Inactive customers whose last purchase lies in the {w} months before the window. Rule of thumb: after a year without an invoice call to reactivate; after two years a customer is cold."),
                };
                let testid = format!("call-{}", list.key());
                count_chip(state, testid, n, title, list.after_count(n, lang), TableFilter::call_list(list), lang)
            };
            // Apart from the analysis: they arrive just after it.
            let counts = state.rhythm.get();
            // A customer-level file with last period's revenue: a trend, but no rhythm (so no pearls).
            let totals_trend = (a.customer_totals && a.has_trend).then(|| item(CallList::BuyingLess, a.buying_less));
            // A year to date against a whole year: everyone seems to buy less. Said
            // where the list is, with the two column names.
            let partial_year = (a.customer_totals && a.has_trend)
                .then(|| partial_year(&state, lang))
                .flatten()
                .map(|text| view! { <span class="controls__warn small" data-testid="call-partial-year">{text}</span> });
            let rhythm = (!a.customer_totals).then(|| {
                view! {
                    {item(CallList::Due, counts.as_ref().map(|r| r.due))}
                    {item(CallList::Silent, counts.as_ref().map(|r| r.silent))}
                    {a.has_trend.then(|| view! {
                        {item(CallList::BuyingLess, a.buying_less)}
                        {item(CallList::Pearls, counts.as_ref().map(|r| r.pearls))}
                    })}
                }
            });
            // An invoice file that does not reach back to the previous period
            // has no trend: say from when it needs data.
            let no_trend = (!a.customer_totals && !a.has_trend)
                .then(|| a.reactivate_after().zip(a.data_start))
                .flatten()
                .map(|(before, first)| {
                    let from = date(before.saturating_add(1), lang);
                    let first = date(first, lang);
                    let text = match lang {
                        Lang::Nl => format!("Parels en kernklanten die minder kopen vragen factuurregels vanaf {from}; dit bestand begint op {first}."),
                        Lang::En => format!("Pearls and key customers buying less need invoice lines from {from}; this file starts on {first}."),
                    };
                    view! { <span class="muted small" data-testid="call-no-trend">{text}</span> }
                });
            Some(view! {
                <div class="callplan" data-testid="call-plan" role="group" aria-labelledby="callplan-title">
                    <h2 class="callplan__title" id="callplan-title">{lang.pick("Wie bel je nu?", "Who to call now?")}</h2>
                    {rhythm}
                    {totals_trend}
                    {partial_year}
                    {item(CallList::Reactivate, Some(a.relations.inactive_recent))}
                    {counts.as_ref().filter(|r| !a.customer_totals && r.without > 0).map(|r| view! {
                        <span
                            class="muted small"
                            data-testid="call-without"
                            data-count=r.without
                            title=format!(
                                "{} {w2} {}",
                                lang.pick("Actieve klanten met minder dan 3 bestellingen in de laatste", "Active customers with fewer than 3 orders in the last"),
                                lang.pick("maanden: te weinig voor een ritme.", "months: too few for a rhythm."),
                            )
                        >
                            {format!("{} {}", count(r.without.into(), lang), lang.pick("nog zonder ritme", "without a rhythm yet"))}
                        </span>
                    })}
                    {no_trend}
                    {a.customer_totals.then(|| {
                        let text = match (a.has_trend, a.previous_revenue_column) {
                            (true, _) => lang.pick(
                                "Een koopritme en parels vragen factuurregels met datums; dit bestand heeft één regel per klant.",
                                "A purchase rhythm and pearls need dated invoice lines; this file has one row per customer.",
                            ),
                            (false, true) => lang.pick(
                                "De trend vergelijkt omzet met de omzet van de vorige periode: kies omzet als basis. Een koopritme vraagt factuurregels met datums.",
                                "The trend compares revenue with the revenue of the period before: choose revenue as the basis. A purchase rhythm needs dated invoice lines.",
                            ),
                            (false, false) => lang.pick(
                                "Een koopritme vraagt factuurregels met datums; een trend vraagt die, of een kolom met de omzet van de vorige periode. Dit bestand heeft één regel per klant.",
                                "A purchase rhythm needs dated invoice lines; a trend needs them, or a column with the revenue of the period before. This file has one row per customer.",
                            ),
                        };
                        view! { <span class="muted small" data-testid="call-totals-note">{text}</span> }
                    })}
                    {a.has_trend.then(|| running_year(state, lang)).flatten().map(|text| view! {
                        <span class="small warn-text" data-testid="call-running-year">{text}</span>
                    })}
                    // With everyone's relations in view: whose calls these are.
                    {counts
                        .filter(|c| a.account_manager.is_none() && !c.managers.is_empty())
                        .map(|c| manager_calls(state, &c.managers, !a.customer_totals, a.has_trend, a.has_trend && !a.customer_totals, lang))}
                </div>
            })
        })
    }
}

/// A customer-level file whose revenue is this calendar year's ("Omzet 2026"
/// in November 2026) against a whole year before: its trend sets part of a
/// year against a whole one, and nearly everyone seems to buy less.
fn running_year(state: AppState, lang: Lang) -> Option<String> {
    let now = state.column_of(Role::Revenue)?;
    let before = state.column_of(Role::PreviousRevenue)?;
    let year = js_sys::Date::new_0().get_full_year().to_string();
    (now.contains(&year) && !before.contains(&year)).then(|| match lang {
        Lang::Nl => format!(
            "‘{now}’ is het lopende jaar: de trend zet een deel ervan tegen heel ‘{before}’, dus bijna iedereen lijkt minder te kopen. Exporteer dezelfde maanden van beide jaren voor een eerlijke trend."
        ),
        Lang::En => format!(
            "‘{now}’ is the running year: the trend sets part of it against all of ‘{before}’, so nearly everyone seems to buy less. Export the same months of both years for a fair trend."
        ),
    })
}

/// A count in the call plan or the conversation codes (`None`: still being
/// computed, shown as "…"), with the words after it; a click shows its
/// customers in the table.
fn count_chip(
    state: AppState,
    testid: String,
    n: Option<u32>,
    title: String,
    text: &'static str,
    filter: TableFilter,
    lang: Lang,
) -> impl IntoView + use<> {
    view! {
        <button
            class="callplan__item"
            data-testid=testid
            data-count=n
            title=title
            disabled=n.is_none_or(|n| n == 0)
            on:click=move |_| state.show_table(filter.clone())
        >
            <strong>{n.map_or_else(|| "…".to_owned(), |n| count(n.into(), lang))}</strong>
            " "
            {text}
        </button>
    }
}

/// "How to talk to them": the three conversation codes with their counts
/// (`…` while the rhythms are computed), each opening the customer table on
/// its relations. Apart from the call plan: a code is for any conversation,
/// also when the customer calls.
#[component]
fn Approaches() -> impl IntoView {
    let state = use_app();
    move || {
        let lang = state.lang.get();
        state.analysis.with(Option::is_some).then(|| {
            let counts = state.rhythm.with(|r| r.as_ref().map(|c| c.approaches));
            let items = Approach::ALL
                .into_iter()
                .map(|a| {
                    let title = format!("{}: {}.", a.label(lang), a.advice(lang));
                    let n = counts.map(|c| c.get(a));
                    count_chip(state, format!("approach-{}", a.key()), n, title, a.label(lang), TableFilter::approach(a), lang)
                })
                .collect_view();
            view! {
                <div class="approaches" data-testid="approaches" role="group" aria-labelledby="approach-title">
                    <h2 class="callplan__title" id="approach-title" title=Approach::rule(lang)>
                        {lang.pick("Aanpak als je ze spreekt:", "How to talk to them:")}
                    </h2>
                    {items}
                </div>
            }
        })
    }
}

/// The warning for a trend of a part of a year against a whole one: the
/// revenue column reads "to date" ("Omzet 2025 t/m nov"), the previous one
/// does not.
fn partial_year(state: &AppState, lang: Lang) -> Option<String> {
    state.import.with(|i| {
        let (now, before) = i.as_ref()?.report.partial_year()?;
        Some(match lang {
            Lang::Nl => format!("Let op: \"{now}\" lijkt een deel van een jaar, \"{before}\" een heel jaar, waardoor iedereen minder lijkt te kopen. Vergelijk even lange periodes."),
            Lang::En => format!("Note: \"{now}\" looks like part of a year, \"{before}\" like a whole year, so everyone seems to buy less. Compare periods of equal length."),
        })
    })
}

/// The call lists per account manager, folded away under the call plan.
fn manager_calls(
    state: AppState,
    managers: &[ManagerCalls],
    rhythm: bool,
    buying_less: bool,
    pearls: bool,
    lang: Lang,
) -> impl IntoView + use<> {
    // A count opens its customers in the table, narrowed to the manager
    // (`key` names the column: "active" or a call list's key).
    let link = |v: u32, key: &str, filter: TableFilter| {
        count_cell(state, format!("manager-{key}"), v, filter, lang)
    };
    let head = |nl: &'static str, en: &'static str| view! { <th scope="col" class="num">{lang.pick(nl, en)}</th> };
    let rows = managers
        .iter()
        .map(|m| {
            let name = manager_name(m, lang);
            let theirs = ManagerFilter::of(m.manager.as_deref());
            let list = |v: u32, list: CallList| {
                let filter = TableFilter {
                    manager: Some(theirs.clone()),
                    ..TableFilter::call_list(list)
                };
                link(v, list.key(), filter)
            };
            view! {
                <tr data-testid="manager-calls-row">
                    <th scope="row">{name}</th>
                    {link(m.active, "active", TableFilter { manager: Some(theirs.clone()), ..TableFilter::active() })}
                    {rhythm.then(|| view! {
                        {list(m.due, CallList::Due)}
                        {list(m.silent, CallList::Silent)}
                    })}
                    {buying_less.then(|| list(m.buying_less, CallList::BuyingLess))}
                    {pearls.then(|| list(m.pearls, CallList::Pearls))}
                    {list(m.reactivate, CallList::Reactivate)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="callplan__managers" data-testid="manager-calls">
            <summary>{lang.pick("Per accountmanager", "Per account manager")}</summary>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{lang.pick("Accountmanager", "Account manager")}</th>
                        {head("Actief", "Active")}
                        {rhythm.then(|| view! {
                            {head("Aan de beurt", "Due")}
                            {head("Stiller", "Quieter")}
                        })}
                        {buying_less.then(|| head("Minder kopen", "Buying less"))}
                        {pearls.then(|| head("Parels", "Pearls"))}
                        {head("Te heractiveren", "To reactivate")}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="muted small">{lang.pick(
                "Dezelfde bellijsten, verdeeld per accountmanager; klik op een aantal voor de klanten. Kies bij de instellingen een accountmanager voor een eigen piramide: lagen en kernklanten tellen dan binnen de eigen klanten.",
                "The same call lists, split per account manager; click a count for the customers. Choose an account manager in the settings for their own pyramid: layers and key customers then count within their own customers.",
            )}</p>
        </details>
    }
}

/// A row's account manager as the split per manager names it.
pub(super) fn manager_name(m: &ManagerCalls, lang: Lang) -> String {
    m.manager.clone().unwrap_or_else(|| {
        lang.pick("(geen accountmanager)", "(no account manager)")
            .to_owned()
    })
}

/// A count in a split per manager: a click opens those customers in the
/// table (`filter`), nothing to open when it is 0.
pub(super) fn count_cell(
    state: AppState,
    testid: String,
    v: u32,
    filter: TableFilter,
    lang: Lang,
) -> impl IntoView + use<> {
    view! {
        <td class="num">
            <button
                class="link-button"
                data-testid=testid
                disabled=v == 0
                on:click=move |_| state.show_table(filter.clone())
            >
                {count(v.into(), lang)}
            </button>
        </td>
    }
}
