//! `<PyramidChart/>`: Curry's pyramid as SVG, the four active layers stacked
//! (top narrowest) with inactive customers, prospects and suspects below.
//! Hovering a layer shows its figures; clicking it filters the customer table.

use leptos::prelude::*;

use crate::analysis::pyramid::{Layer, LayerFigures};
use crate::t;

use super::format::{active_layer_percents, count, money_whole, percent, px};
use super::geometry::{pyramid_bands, pyramid_height};
use super::state::{TableFilter, use_app};

const WIDTH: f64 = 640.0;
const BAND: f64 = 44.0;
const GAP: f64 = 5.0;
const CENTRE: f64 = 170.0;
const HALF_BASE: f64 = 165.0;
const LABEL_X: f64 = 360.0;

/// The customer pyramid.
#[component]
pub fn PyramidChart() -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let hovered = RwSignal::new(None::<Layer>);
    let height = pyramid_height(4, 3, BAND, GAP);
    let bands = pyramid_bands(4, 3, CENTRE, HALF_BASE, BAND, GAP);

    let figures = move |layer: Layer| {
        state
            .analysis
            .with(|a| a.as_ref().and_then(|a| a.layer(layer).cloned()))
    };
    // An active layer's share of value, as the table shows it (the four add
    // up to exactly 100%).
    let value_percent = move |layer: Layer, lang| {
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            let mut percents = active_layer_percents(&a.layers, |f| f.share_of_value, lang);
            percents.get_mut(layer.index()).and_then(Option::take)
        })
    };
    let basis_word = move || state.basis_word();
    let toggle = move |layer: Layer| {
        state.filter.update(|f| f.toggle_layer(layer));
    };
    let selected = move |layer: Layer| state.filter.with(|f: &TableFilter| f.layer == Some(layer));

    let groups = Layer::ALL
        .iter()
        .zip(bands)
        .map(|(&layer, band)| {
            let label_line = move || {
                let lang = lang.get();
                figures(layer).map(|f: LayerFigures| {
                    if layer.is_active() {
                        format!(
                            "{} · {} {}",
                            count(f.customers.into(), lang),
                            value_percent(layer, lang).unwrap_or_default(),
                            basis_word()
                        )
                    } else {
                        count(f.customers.into(), lang)
                    }
                })
            };
            view! {
                <g
                    class="band"
                    class:band--selected=move || selected(layer)
                    class:band--dim=move || state.filter.with(|f| f.layers().is_some_and(|ls| !ls.contains(&layer)))
                    data-layer=layer.key()
                    on:mouseenter=move |_| hovered.set(Some(layer))
                    on:mouseleave=move |_| hovered.set(None)
                    on:click=move |_| toggle(layer)
                >
                    <polygon points=band.points.clone() class=format!("layer--{}", layer.key()) />
                    <line
                        class="band__leader"
                        x1=px(band.right_at_mid + 6.0)
                        y1=px(band.mid_y)
                        x2=px(LABEL_X - 8.0)
                        y2=px(band.mid_y)
                    />
                    <text class="band__name" x=px(LABEL_X) y=px(band.mid_y - 4.0)>
                        {move || layer.label(lang.get())}
                    </text>
                    <text class="band__figures" x=px(LABEL_X) y=px(band.mid_y + 14.0)>
                        {label_line}
                    </text>
                </g>
            }
        })
        .collect_view();

    let detail = move || {
        let lang = lang.get();
        let layer = hovered.get().or_else(|| state.filter.with(|f| f.layer))?;
        let f = figures(layer)?;
        Some(if layer.is_active() {
            format!(
                "{}: {} {} ({} {}), {} {} ({}), {} {}",
                layer.label(lang),
                count(f.customers.into(), lang),
                lang.pick("klanten", "customers"),
                percent(f.share_of_customers, 1, lang),
                lang.pick("van de actieve", "of active"),
                money_whole(f.value, lang),
                basis_word(),
                value_percent(layer, lang).unwrap_or_default(),
                lang.pick("gemiddeld", "average"),
                money_whole(f.average_value.round() as i64, lang),
            )
        } else {
            format!(
                "{}: {} ({} {})",
                layer.label(lang),
                count(f.customers.into(), lang),
                percent(f.share_of_relations, 1, lang),
                lang.pick("van alle relaties", "of all relations"),
            )
        })
    };

    view! {
        <figure class="chart pyramid">
            <svg
                viewBox=format!("0 0 {} {}", px(WIDTH), px(height))
                role="img"
                aria-labelledby="pyramid-title"
                data-testid="pyramid-chart"
            >
                <title id="pyramid-title">
                    {move || {
                        let lang = lang.get();
                        let mut parts = vec![lang.pick("Klantenpiramide", "Customer pyramid").to_owned()];
                        for layer in Layer::ALL {
                            if let Some(f) = figures(layer) {
                                parts.push(format!("{} {}", layer.label(lang), count(f.customers.into(), lang)));
                            }
                        }
                        parts.join(", ")
                    }}
                </title>
                {groups}
            </svg>
            <figcaption class="chart__detail" data-testid="pyramid-detail">
                {move || detail().unwrap_or_else(|| lang.get().pick(
                    "Wijs een laag aan voor de cijfers; klik om de klantenlijst te filteren.",
                    "Point at a layer for its figures; click to filter the customer list.",
                ).to_owned())}
            </figcaption>
            <p class="visually-hidden">{t!("De tabel hieronder bevat dezelfde cijfers.", "The table below holds the same figures.")}</p>
        </figure>
    }
}
