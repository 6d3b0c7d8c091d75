//! `<PyramidTable/>`: the pyramid's figures as a table (the chart's data for
//! screen readers and for anyone who wants the exact numbers). The layer
//! names are buttons that filter the customer table, for keyboard users.

use leptos::prelude::*;

use crate::t;

use super::format::{active_layer_percents, count, money_whole, percent, plain_cents};
use super::state::use_app;

/// The pyramid's numbers, one row per layer.
#[component]
pub fn PyramidTable() -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let rows = move || {
        let lang = lang.get();
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            // The four active layers make up the active customers and their
            // value: their percentages add up to exactly 100.
            let customer_pcts = active_layer_percents(&a.layers, |f| f.share_of_customers, lang);
            let value_pcts = active_layer_percents(&a.layers, |f| f.share_of_value, lang);
            Some(
                a.layers
                    .iter()
                    .map(|f| {
                        let layer = f.layer;
                        let share = customer_pcts[layer.index()]
                            .clone()
                            .unwrap_or_else(|| percent(f.share_of_relations, 1, lang));
                        let value_share = value_pcts[layer.index()].clone().unwrap_or_else(|| "–".to_owned());
                        let pressed = move || state.filter.with(|t| t.layer == Some(layer));
                        view! {
                            <tr
                                data-layer=layer.key()
                                data-customers=f.customers
                                data-value=plain_cents(f.value)
                                class:row--selected=pressed
                            >
                                <th scope="row">
                                    <button
                                        class="link-button capitalize"
                                        aria-pressed=move || pressed().to_string()
                                        data-testid=format!("filter-{}", layer.key())
                                        on:click=move |_| state.filter.update(|t| t.toggle_layer(layer))
                                    >
                                        <span class=format!("swatch layer--{}", layer.key()) aria-hidden="true"></span>
                                        {layer.label(lang)}
                                    </button>
                                </th>
                                <td class="num">{count(f.customers.into(), lang)}</td>
                                <td class="num">{share}</td>
                                <td class="num">{money_whole(f.value, lang)}</td>
                                <td class="num">{value_share}</td>
                                <td class="num">{if layer.is_active() && f.customers > 0 {
                                    money_whole(f.average_value.round() as i64, lang)
                                } else {
                                    "–".to_owned()
                                }}</td>
                            </tr>
                        }
                    })
                    .collect_view(),
            )
        })
    };
    view! {
        <table class="table table--layers" data-testid="pyramid-table">
            <caption class="visually-hidden">{t!("Klanten en waarde per laag", "Customers and value per layer")}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!("Laag", "Layer")}</th>
                    <th scope="col" class="num">{t!("Klanten", "Customers")}</th>
                    <th scope="col" class="num" title=move || lang.get().pick(
                        "Actieve lagen: van de actieve klanten. Overige: van alle relaties.",
                        "Active layers: of active customers. Others: of all relations.")>
                        {t!("Aandeel", "Share")}
                    </th>
                    <th scope="col" class="num">{t!("Waarde", "Value")}</th>
                    <th scope="col" class="num">{t!("% waarde", "% value")}</th>
                    <th scope="col" class="num">{t!("Gemiddeld", "Average")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="muted small">{t!(
            "Aandeel: de actieve lagen van de actieve klanten, de andere drie van alle relaties. Inactieve klanten, prospects en suspects tellen niet mee in de waarde-aandelen.",
            "Share: the active layers of the active customers, the other three of all relations. Inactive customers, prospects and suspects are not part of the value shares."
        )}</p>
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::pyramid::Layer;

    #[test]
    fn layer_keys_are_the_test_contract() {
        let keys: Vec<&str> = Layer::ALL.iter().map(|l| l.key()).collect();
        assert_eq!(
            keys,
            [
                "top", "large", "medium", "small", "inactive", "prospect", "suspect"
            ]
        );
    }
}
