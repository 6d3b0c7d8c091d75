//! `<ContactPlanCard/>`: the contact plan (domain.md §3): how many customers
//! are blooming, engaging or tiresome, how often to visit and call each, and
//! the visits and calls that adds up to. Every count opens its customers in
//! the table. For an invoice file without due and paid dates, one sentence
//! says what the plan needs (see [`contact`](crate::analysis::contact)).

use leptos::prelude::*;

use crate::analysis::analyse::ManagerCalls;
use crate::analysis::contact::{
    ContactCounts, ContactPlan, GRACE_DAYS, LONG_OVERDUE_DAYS, MONTHLY_DAYS, ON_TIME_LATE_IN,
};
use crate::analysis::customers::ManagerFilter;
use crate::analysis::import::Role;
use crate::analysis::lang::Lang;
use crate::t;

use super::format::count;
use super::key_figures::{count_cell, manager_name};
use super::state::{AppState, TableFilter, use_app};

/// For a file with one of the two payment columns (a paid date or an open
/// amount being one): which it has, and which it lacks.
fn half_of_the_dates(state: AppState, lang: Lang) -> Option<String> {
    let due = state.column_of(Role::DueDate);
    let paid = match state.column_of(Role::PaidDate) {
        Some(c) => Some((c, lang.pick("een betaaldatum", "a paid date"))),
        None => state
            .column_of(Role::OpenAmount)
            .map(|c| (c, lang.pick("een openstaand bedrag", "an open amount"))),
    };
    Some(match (due, paid) {
        (Some(due), None) => match lang {
            Lang::Nl => format!(
                "Dit bestand heeft een vervaldatum (‘{due}’), maar geen betaaldatum of openstaand bedrag."
            ),
            Lang::En => {
                format!("This file has a due date (‘{due}’), but no paid date or open amount.")
            }
        },
        (None, Some((column, what))) => match lang {
            Lang::Nl => format!("Dit bestand heeft {what} (‘{column}’), maar geen vervaldatum."),
            Lang::En => format!("This file has {what} (‘{column}’), but no due date."),
        },
        _ => return None,
    })
}

/// The contact plan card; nothing for a customer-level file.
#[component]
pub fn ContactPlanCard() -> impl IntoView {
    let state = use_app();
    move || {
        let lang = state.lang.get();
        let (payments, margin, everyone) = state.analysis.with(|a| {
            let a = a.as_ref().filter(|a| !a.customer_totals)?;
            Some((a.has_payments, a.has_margin, a.account_manager.is_none()))
        })?;
        let heading = view! {
            <h2 id="contact-heading">{t!("Contactplan: bloeiend, boeiend, vermoeiend", "Contact plan: blooming, engaging, tiresome")}</h2>
        };
        if !payments {
            return Some(
                view! {
                    <section class="card contacts contacts--needs" aria-labelledby="contact-heading" data-testid="contact-plan">
                        {heading}
                        <p class="muted" data-testid="contact-needs">
                            {lang.pick(
                                "Heeft je export per factuur een vervaldatum en een betaaldatum (leeg: nog open) of een openstaand bedrag, dan deelt de app je actieve klanten hier in: bloeiend (bestelt elke maand, betaalt op tijd), boeiend (kernklant met een lagere marge) en vermoeiend (je moet achter je geld aan), met hoe vaak je ze bezoekt en belt.",
                                "When your export has a due date and a paid date (empty: still open) or an open amount per invoice, the app sorts your active customers here: blooming (orders every month, pays on time), engaging (a key customer with a lower margin) and tiresome (you chase your money), with how often to visit and call them.",
                            )}
                        </p>
                        {half_of_the_dates(state, lang).map(|text| view! {
                            <p class="muted" data-testid="contact-half">{text}</p>
                        })}
                    </section>
                }
                .into_any(),
            );
        }
        let counts = state
            .rhythm
            .with(|r| r.as_ref().and_then(|c| c.contact.clone()));
        // The same plan per account manager, when everyone's relations are in view.
        let managers = state
            .rhythm
            .with(|r| r.as_ref().map(|c| c.managers.clone()))
            .filter(|m| everyone && !m.is_empty());
        let rows = ContactPlan::ALL
            .into_iter()
            .map(|plan| {
                let n = counts.as_ref().map(|c| c.of(plan));
                view! {
                    <tr>
                        <th scope="row">
                            <span class=format!("contact-mark contact-mark--{}", plan.key())></span>
                            {plan.label(lang)}
                        </th>
                        <td class="num">
                            <button
                                class="link-button"
                                data-testid=format!("contact-{}", plan.key())
                                data-count=n
                                disabled=n.is_none_or(|n| n == 0)
                                on:click=move |_| state.show_table(TableFilter::contact(plan))
                            >
                                {n.map_or_else(|| "…".to_owned(), |n| count(n.into(), lang))}
                            </button>
                        </td>
                        <td>{who(plan, margin, lang)}</td>
                        <td data-label=lang.pick("Bezoeken", "Visit")>{plan.visits(lang)}</td>
                        <td data-label=lang.pick("Bellen", "Call")>{plan.calls(lang)}</td>
                    </tr>
                }
            })
            .collect_view();
        let th =
            |nl: &'static str, en: &'static str| view! { <th scope="col">{lang.pick(nl, en)}</th> };
        Some(
            view! {
                <section class="card contacts" aria-labelledby="contact-heading" data-testid="contact-plan">
                    {heading}
                    <p class="muted contacts__intro" data-testid="contact-intro">{intro(state, lang)}</p>
                    <div class="contacts__scroll">
                    <table class="table contacts__table">
                        <thead>
                            <tr>
                                {th("Plan", "Plan")}
                                <th scope="col" class="num">{lang.pick("Klanten", "Customers")}</th>
                                {th("Wie", "Who")}
                                {th("Bezoeken", "Visit")}
                                {th("Bellen", "Call")}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                    </div>
                    {counts.map(|c| summary(&c, lang))}
                    {managers.map(|m| per_manager(state, &m, lang))}
                </section>
            }
            .into_any(),
        )
    }
}

/// The plan per account manager, folded away: who has how many customers
/// of each plan, and the visits and calls that asks of them. Each count
/// opens those customers in the table.
fn per_manager(state: AppState, managers: &[ManagerCalls], lang: Lang) -> impl IntoView + use<> {
    let n = |v: u32| count(v.into(), lang);
    let rows = managers
        .iter()
        .map(|m| {
            let name = manager_name(m, lang);
            let theirs = ManagerFilter::of(m.manager.as_deref());
            let c = &m.contact;
            let cells = ContactPlan::ALL
                .into_iter()
                .map(|plan| {
                    let filter = TableFilter {
                        manager: Some(theirs.clone()),
                        ..TableFilter::contact(plan)
                    };
                    count_cell(
                        state,
                        format!("manager-contact-{}", plan.key()),
                        c.of(plan),
                        filter,
                        lang,
                    )
                })
                .collect_view();
            view! {
                <tr data-testid="manager-contact-row">
                    <th scope="row">{name}</th>
                    {cells}
                    <td class="num" data-testid="manager-visits">{n(c.visits_per_month())}</td>
                    <td class="num" data-testid="manager-calls-week">{n(c.calls_per_week())}</td>
                </tr>
            }
        })
        .collect_view();
    let head = |text: &'static str| view! { <th scope="col" class="num">{text}</th> };
    view! {
        <details class="callplan__managers contacts__managers" data-testid="manager-contact">
            <summary>{lang.pick("Per accountmanager", "Per account manager")}</summary>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{lang.pick("Accountmanager", "Account manager")}</th>
                        {ContactPlan::ALL.into_iter().map(|p| head(p.label(lang))).collect_view()}
                        {head(lang.pick("Bezoeken per maand", "Visits a month"))}
                        {head(lang.pick("Telefoontjes per week", "Calls a week"))}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="muted small">{lang.pick(
                "Zo verdeeld over de accountmanagers vraagt het plan dit van ieder; klik op een aantal voor hun klanten.",
                "Split over the account managers, this is what the plan asks of each; click a count for their customers.",
            )}</p>
        </details>
    }
}

/// Where the plan comes from: the supplier's case, and the columns of this
/// file it reads.
fn intro(state: AppState, lang: Lang) -> String {
    let due = state.column_of(Role::DueDate).unwrap_or_default();
    // Without a paid date, the open amount says which invoices are still open.
    let (paid, open) = match state.column_of(Role::PaidDate) {
        Some(paid) => (paid, false),
        None => (state.column_of(Role::OpenAmount).unwrap_or_default(), true),
    };
    let open_rule = match (open, lang) {
        (false, _) => "",
        (true, Lang::Nl) => {
            " Zonder betaaldatum telt een factuur zonder openstaand bedrag als op tijd betaald: alleen een factuur die nu na de vervaldatum open staat is te laat."
        }
        (true, Lang::En) => {
            " Without a paid date, an invoice with nothing open counts as paid on time: only an invoice open past its due date now is late."
        }
    };
    match lang {
        Lang::Nl => format!(
            "Een leverancier deelde zijn klanten zo in en plande er zijn bezoeken en telefoontjes naar; zijn omzet per klant steeg 30%. De app ziet in dit bestand hoe vaak een klant bestelt, zijn marge en of hij op tijd betaalt (de kolommen ‘{due}’ en ‘{paid}’).{open_rule} Klik een aantal voor de klanten."
        ),
        Lang::En => format!(
            "A supplier split its customers this way and planned its visits and calls by it; its revenue per customer rose 30%. In this file the app sees how often a customer orders, its margin and whether it pays on time (the columns ‘{due}’ and ‘{paid}’).{open_rule} Click a count for its customers."
        ),
    }
}

/// Who gets a plan, in the words of the rule.
fn who(plan: ContactPlan, margin: bool, lang: Lang) -> String {
    match (plan, lang) {
        (ContactPlan::Blooming, Lang::Nl) => format!(
            "bestelt minstens elke {MONTHLY_DAYS} dagen en is niet stiller dan dat; betaalt op tijd: hooguit 1 op de {ON_TIME_LATE_IN} facturen in het venster meer dan {GRACE_DAYS} dagen na de vervaldatum betaald, en nu geen factuur langer open"
        ),
        (ContactPlan::Blooming, Lang::En) => format!(
            "orders at least every {MONTHLY_DAYS} days and is not quieter than that; pays on time: at most 1 in {ON_TIME_LATE_IN} invoices in the window paid more than {GRACE_DAYS} days after its due date, and none open longer now"
        ),
        (ContactPlan::Engaging, _) if !margin => lang
            .pick(
                "een kernklant met een lagere marge: dit bestand heeft geen winst of marge",
                "a key customer with a lower margin: this file has no profit or margin",
            )
            .to_owned(),
        (ContactPlan::Engaging, _) => lang
            .pick(
                "een kernklant (top, groot, middelgroot) met een marge onder de mediaan; of zijn naam en connecties dat waard zijn, bepaal jij",
                "a key customer (top, large, medium) with a margin below the median; whether its name and connections are worth it is your call",
            )
            .to_owned(),
        (ContactPlan::Tiresome, Lang::Nl) => format!(
            "je moet achter je geld aan: minstens 2 en een kwart van de facturen meer dan {GRACE_DAYS} dagen te laat, of een factuur meer dan {LONG_OVERDUE_DAYS} dagen over de vervaldatum open"
        ),
        (ContactPlan::Tiresome, Lang::En) => format!(
            "you chase your money: at least 2 and a quarter of the invoices more than {GRACE_DAYS} days late, or an invoice open more than {LONG_OVERDUE_DAYS} days past due"
        ),
    }
}

/// The visits and calls the plan asks for, and the payment behaviour.
fn summary(c: &ContactCounts, lang: Lang) -> impl IntoView + use<> {
    let n = |v: u32| count(v.into(), lang);
    let (workload, payers) = match lang {
        Lang::Nl => (
            format!(
                "Samen ongeveer {} bezoeken per maand en {} telefoontjes per week; de andere actieve klanten bel je als het belplan het zegt.",
                n(c.visits_per_month()),
                n(c.calls_per_week())
            ),
            format!(
                "Betaalgedrag van de actieve klanten: {} op tijd · {} soms te laat · {} vaak te laat of lang open · {} zonder factuur met vervaldatum in het venster.",
                n(c.on_time),
                n(c.sometimes_late),
                n(c.chasing),
                n(c.unknown)
            ),
        ),
        Lang::En => (
            format!(
                "Together about {} visits a month and {} calls a week; the other active customers you call when the call plan says so.",
                n(c.visits_per_month()),
                n(c.calls_per_week())
            ),
            format!(
                "Payment behaviour of the active customers: {} on time · {} sometimes late · {} often late or long open · {} without an invoice with a due date in the window.",
                n(c.on_time),
                n(c.sometimes_late),
                n(c.chasing),
                n(c.unknown)
            ),
        ),
    };
    view! {
        <p class="contacts__summary" data-testid="contact-workload">{workload}</p>
        <p class="muted small" data-testid="contact-payers">{payers}</p>
    }
}
