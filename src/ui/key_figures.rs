//! `<KeyFigures/>`: relation counts, total value and concentration, in cards
//! that read from the back of a meeting room.

use leptos::prelude::*;

use crate::analysis::customers::SortColumn;
use crate::analysis::pyramid::Layer;
use crate::analysis::settings::Basis;

use super::format::{count, money_whole, percent};
use super::state::{AppState, TableFilter, use_app};

/// Shows the "to reactivate, call now" customers in the customer table:
/// inactive, last purchase in the W months before the window, most recent
/// first, and scrolls to the table.
fn show_call_list(state: AppState) {
    state.filter.set(TableFilter {
        layer: Some(Layer::Inactive),
        recent: true,
        sort: SortColumn::LastPurchase,
        descending: true,
        ..TableFilter::default()
    });
    if let Some(table) = leptos::prelude::document().get_element_by_id("customers-heading") {
        table.scroll_into_view();
    }
}

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
            let c = &a.concentration;
            let concentration = if a.pareto.customers == 0 {
                lang.pick(
                    "Geen klant met een positieve waarde in dit venster.",
                    "No customer with a positive value in this window.",
                )
                .to_owned()
            } else {
                format!(
                    "{} {}; {} {}; {} {}.",
                    lang.pick("Je grootste klant is", "Your largest customer is"),
                    percent(c.top_1, 1, lang),
                    lang.pick("de top 5 samen", "the top 5 together"),
                    percent(c.top_5, 1, lang),
                    lang.pick("de top 10", "the top 10"),
                    percent(c.top_10, 1, lang),
                )
            };
            let r = &a.relations;
            // The domain's guideline: a year without an invoice → call to
            // reactivate; the ones who stopped in the period before the
            // window are those.
            let recent = r.inactive_recent;
            let card = |label: String, value: String, testid: &'static str, note: Option<String>| {
                view! {
                    <div class="figure" data-testid=testid>
                        <span class="figure__value">{value}</span>
                        <span class="figure__label">{label}</span>
                        {note.map(|n| view! { <span class="figure__note">{n}</span> })}
                    </div>
                }
            };
            Some(view! {
                <section class="figures" aria-label=lang.pick("Kerncijfers", "Key figures")>
                    {card(window, money_whole(a.total_value, lang), "figure-total", None)}
                    {card(lang.pick("Actieve klanten", "Active customers").to_owned(), count(r.active.into(), lang), "figure-active",
                        Some(format!("{} {}", lang.pick("van", "of"), count(r.total.into(), lang))))}
                    <div class="figure" data-testid="figure-inactive" data-recent=recent>
                        <span class="figure__value">{count(r.inactive.into(), lang)}</span>
                        <span class="figure__label">{lang.pick("Inactief", "Inactive")}</span>
                        {if recent > 0 {
                            // The call list: the customer table, filtered and sorted.
                            view! {
                                <button class="link-button figure__note" data-testid="call-now" on:click=move |_| show_call_list(state)>
                                    {format!("{} {}", count(recent.into(), lang), lang.pick("te heractiveren: nu bellen", "to reactivate: call now"))}
                                </button>
                            }.into_any()
                        } else {
                            view! {
                                <span class="figure__note">{lang.pick("kochten eerder, nu niet meer", "bought before, not any more")}</span>
                            }.into_any()
                        }}
                    </div>
                    {card(lang.pick("Prospects", "Prospects").to_owned(), count(r.prospect.into(), lang), "figure-prospects", None)}
                    {card(lang.pick("Suspects", "Suspects").to_owned(), count(r.suspect.into(), lang), "figure-suspects", None)}
                    <p class="figures__concentration" data-testid="concentration">{concentration}</p>
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
