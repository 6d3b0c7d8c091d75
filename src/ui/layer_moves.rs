//! `<LayerMoves/>`: movement through the pyramid since the previous period,
//! as a table of the layer then (rows) against the layer now (columns). Every
//! count opens its customers in the table. Shown only when the analysis has a
//! trend (see [`moves`](crate::analysis::moves)).

use leptos::prelude::*;

use crate::analysis::lang::Lang;
use crate::analysis::moves::{LayerMoves, Move, POSITIONS, then_label};
use crate::analysis::pyramid::Layer;
use crate::t;

use super::format::count;
use super::state::{AppState, TableFilter, use_app};

/// The movement table and a sentence on the top customers.
#[component]
pub fn LayerMoves() -> impl IntoView {
    let state = use_app();
    move || {
        let lang = state.lang.get();
        let (moves, months, totals) = state.analysis.with(|a| {
            let a = a.as_ref()?;
            Some((a.moves.clone()?, a.window_months, a.customer_totals))
        })?;
        // A customer-level file's period before is its own column ("Omzet 2024").
        let column = totals.then(|| state.previous_revenue_column()).flatten();
        let before = match (column, months, lang) {
            (Some(column), _, Lang::Nl) => format!("de kolom ‘{column}’"),
            (Some(column), _, Lang::En) => format!("the column ‘{column}’"),
            (None, _, Lang::Nl) if totals => "de kolom met de vorige periode".to_owned(),
            (None, _, Lang::En) if totals => "the column of the period before".to_owned(),
            (None, 1, Lang::Nl) => "de maand vóór het venster".to_owned(),
            (None, 1, Lang::En) => "the month before the window".to_owned(),
            (None, w, Lang::Nl) => format!("de {w} maanden vóór het venster"),
            (None, w, Lang::En) => format!("the {w} months before the window"),
        };
        Some(view! {
            <section class="card moves" aria-labelledby="moves-heading" data-testid="moves">
                <h2 id="moves-heading">{t!("Verschuivingen in de piramide", "Movement through the pyramid")}</h2>
                <p class="moves__intro muted">
                    {lang.pick(
                        "Laag in de periode ervoor (rijen) tegen de laag nu (kolommen). De periode ervoor: ",
                        "Layer in the period before (rows) against the layer now (columns). The period before: ",
                    )}
                    {before}
                    {lang.pick(
                        ", in lagen verdeeld zoals nu. Klik een aantal voor de klanten.",
                        ", cut into layers as now. Click a count for its customers.",
                    )}
                </p>
                <p class="moves__summary" data-testid="moves-summary">{summary(&moves, lang)}</p>
                <div class="moves__body">
                    <div class="moves__scroll">
                        <table class="table moves__table" data-testid="moves-table">
                            <thead>
                                <tr>
                                    <th
                                        scope="col"
                                        class="moves__corner"
                                        aria-label=lang.pick("laag in de periode ervoor, laag nu", "layer in the period before, layer now")
                                    >
                                        {t!("toen ↓  nu →", "then ↓  now →")}
                                    </th>
                                    {POSITIONS.into_iter().map(|now| view! {
                                        <th scope="col" class="num">
                                            <span class=format!("swatch layer--{}", now.key()) aria-hidden="true"></span>
                                            // On a phone the initial stands in for the name (the rows name them).
                                            <span class="moves__name">{now.label(lang)}</span>
                                            <span class="moves__initial" aria-hidden="true">{initial(now.label(lang))}</span>
                                        </th>
                                    }).collect_view()}
                                    <th scope="col" class="num">
                                        <span class="moves__name">{t!("totaal", "total")}</span>
                                        <span class="moves__initial" aria-hidden="true">"tot."</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {POSITIONS.into_iter().map(|then| view! {
                                    <tr>
                                        <th scope="row">
                                            <span class=format!("swatch layer--{}", then.key()) aria-hidden="true"></span>
                                            {then_label(then, lang)}
                                        </th>
                                        {POSITIONS.into_iter().map(|now| cell(state, &moves, then, now, lang)).collect_view()}
                                        <td class="num moves__total">
                                            {count_button(state, moves.from(then), format!("move-{}-all", then.key()), TableFilter::moved(then, None), lang)}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <ul class="moves__legend" data-testid="moves-legend">
                        <li class="moves__key moves__cell--up">
                            {lang.pick("Omhoog: een hogere laag dan in de periode ervoor.", "Up: a higher layer than in the period before.")}
                        </li>
                        <li class="moves__key moves__cell--down">
                            {lang.pick(
                                "Omlaag: een kernklant die minder koopt, staat ook in het belplan (servicegesprek: houd hem vast).",
                                "Down: a key customer buying less is also on the call plan (a service call: keep them).",
                            )}
                        </li>
                        <li class="moves__key moves__cell--stopped">
                            {lang.pick(
                                "Gestopt: ze staan in het belplan bij te heractiveren; bel en vraag waarom ze stopten.",
                                "Stopped: they are on the call plan's list to reactivate; call and ask why they stopped.",
                            )}
                        </li>
                        <li class="moves__key moves__cell--new">
                            {lang.pick(
                                "Nieuw of terug: bel kort na de levering en spreek het volgende contactmoment af.",
                                "New or back: call shortly after delivery and agree on the next contact.",
                            )}
                        </li>
                    </ul>
                </div>
            </section>
        })
    }
}

/// One count: the layer then and now.
fn cell(
    state: AppState,
    moves: &LayerMoves,
    then: Layer,
    now: Layer,
    lang: Lang,
) -> impl IntoView + use<> {
    let kind = Move::of(then, now).map_or("none", Move::key);
    let inner = (kind != "none").then(|| {
        count_button(
            state,
            moves.count(then, now),
            format!("move-{}-{}", then.key(), now.key()),
            TableFilter::moved(then, Some(now)),
            lang,
        )
    });
    view! { <td class=format!("num moves__cell moves__cell--{kind}")>{inner}</td> }
}

/// A count that opens its customers in the table; 0 is plain text.
fn count_button(
    state: AppState,
    n: u32,
    testid: String,
    filter: TableFilter,
    lang: Lang,
) -> impl IntoView + use<> {
    let text = count(n.into(), lang);
    if n == 0 {
        return view! { <span class="moves__zero" data-testid=testid data-count=0>{text}</span> }
            .into_any();
    }
    view! {
        <button class="moves__count" data-testid=testid data-count=n on:click=move |_| state.show_table(filter.clone())>
            {text}
        </button>
    }
    .into_any()
}

/// A layer's first letter, upper case: the column heads on a phone.
fn initial(label: &str) -> String {
    label
        .chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

/// "Top customers in the period before: 20, still top now: 14. Up a layer
/// or more: 37 · down: 52 · stopped: 40 · new or back: 120."
fn summary(moves: &LayerMoves, lang: Lang) -> String {
    let c = |n: u32| count(n.into(), lang);
    let (up, down) = moves.up_and_down();
    let top = match moves.from(Layer::Top) {
        0 => String::new(),
        tops => format!(
            "{} {}, {} {}. ",
            lang.pick(
                "Topklanten in de periode ervoor:",
                "Top customers in the period before:"
            ),
            c(tops),
            lang.pick("nu nog top:", "still top now:"),
            c(moves.count(Layer::Top, Layer::Top)),
        ),
    };
    format!(
        "{top}{} {} · {} {} · {} {} · {} {}.",
        lang.pick("Een laag of meer omhoog:", "Up a layer or more:"),
        c(up),
        lang.pick("omlaag:", "down:"),
        c(down),
        lang.pick("gestopt:", "stopped:"),
        c(moves.to(Layer::Inactive)),
        lang.pick("nieuw of terug:", "new or back:"),
        c(moves.from(Layer::Inactive)),
    )
}
