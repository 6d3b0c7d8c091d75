//! `<Controls/>`: basis, reference date, window, and the layer and ABC
//! percentages in an "advanced" fold. Each control writes the settings
//! signal; the analysis memo recomputes from the dataset already in memory.

use leptos::prelude::*;

use crate::analysis::calendar::{Day, day_from_civil, iso, parse_iso};
use crate::analysis::lang::Lang;
use crate::analysis::settings::{AbcCuts, Basis, LayerCuts, Settings, percent_text_to_bp};
use crate::t;

use super::dom::{details_open, input_value, select_value};
use super::format::counted;
use super::state::use_app;

/// Today in the browser's time zone, as a day number.
fn today() -> Day {
    let now = js_sys::Date::new_0();
    day_from_civil(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or(Day::MAX)
}

/// What the window line says about rows (invoice files) or customers
/// (customer-level files) left out because they are dated after R; `None`
/// when nothing is.
fn after_reference_text(rows: u64, relations: u32, lang: Lang) -> Option<String> {
    let relations = u64::from(relations);
    if rows == 0 {
        // A customer-level file: customers, not rows, are left out.
        return (relations > 0).then(|| {
            let customers = counted(
                relations,
                lang,
                [
                    "relatie met een aankoop na de peildatum telt niet mee",
                    "relaties met een aankoop na de peildatum tellen niet mee",
                ],
                [
                    "relation with a purchase after the reference date is left out",
                    "relations with a purchase after the reference date are left out",
                ],
            );
            format!(" · {customers}")
        });
    }
    let mut text = format!(
        " · {}",
        counted(
            rows,
            lang,
            [
                "regel na de peildatum telt niet mee",
                "regels na de peildatum tellen niet mee"
            ],
            [
                "row after the reference date is left out",
                "rows after the reference date are left out"
            ]
        )
    );
    if relations > 0 {
        let only_after = counted(
            relations,
            lang,
            [
                "relatie heeft alleen regels daarna",
                "relaties hebben alleen regels daarna",
            ],
            [
                "relation only has rows after it",
                "relations only have rows after it",
            ],
        );
        text.push_str(&format!(" ({only_after})"));
    }
    Some(text)
}

/// The analysis settings bar.
#[component]
pub fn Controls() -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let settings = state.settings;
    let has_profit = move || {
        state
            .import
            .with(|i| i.as_ref().is_some_and(|i| i.has_profit))
    };
    let reference = move || {
        state
            .analysis
            .with(|a| a.as_ref().and_then(|a| a.reference_day).map(iso))
            .unwrap_or_default()
    };
    let window_start = move || {
        state
            .analysis
            .with(|a| a.as_ref().and_then(|a| a.window_start))
    };
    // A report per month or year is dated on first days: its window is told
    // in months or years.
    let date_unit = move || {
        use super::format::DateUnit;
        use crate::analysis::import::DateOrderReason;
        state.import.with(
            |i| match i.as_ref().and_then(|i| i.report.date_order_reason.as_ref()) {
                Some(DateOrderReason::Months) => DateUnit::Month,
                Some(DateOrderReason::Years) => DateUnit::Year,
                _ => DateUnit::Day,
            },
        )
    };

    let on_basis = move |ev: web_sys::Event| {
        let basis = match select_value(&ev).as_deref() {
            Some("profit") => Basis::Profit,
            _ => Basis::Revenue,
        };
        state.update_settings(|s| s.basis = basis);
    };
    let on_reference = move |ev: web_sys::Event| {
        let day = input_value(&ev).and_then(|v| parse_iso(&v));
        state.update_settings(|s| s.reference_day = day);
    };
    let on_window = move |ev: web_sys::Event| {
        if let Some(months) = input_value(&ev)
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|m| (1..=120).contains(m))
        {
            state.update_settings(|s| s.window_months = months);
        }
    };
    let set_layer = move |pick: fn(&mut LayerCuts) -> &mut u32| {
        move |ev: web_sys::Event| {
            if let Some(bp) = input_value(&ev).and_then(|v| percent_text_to_bp(&v)) {
                state.update_settings(|s| *pick(&mut s.layer_bp) = bp);
            }
        }
    };
    let set_abc = move |pick: fn(&mut AbcCuts) -> &mut u32| {
        move |ev: web_sys::Event| {
            if let Some(bp) = input_value(&ev).and_then(|v| percent_text_to_bp(&v)) {
                state.update_settings(|s| *pick(&mut s.abc_bp) = bp);
            }
        }
    };
    let managers = move || {
        state.import.with(|i| {
            i.as_ref()
                .map(|i| i.account_managers.clone())
                .unwrap_or_default()
        })
    };
    let on_manager = move |ev: web_sys::Event| {
        let manager = select_value(&ev).and_then(|v| v.parse::<u32>().ok());
        state.update_settings(|s| s.account_manager = manager);
    };
    let advanced_open = RwSignal::new(false);
    let reset = move |_| {
        state.update_settings(|s| {
            let reference_day = s.reference_day;
            let account_manager = s.account_manager;
            *s = Settings {
                reference_day,
                account_manager,
                ..Settings::default()
            };
        })
    };

    view! {
        <section class="card controls" aria-label=move || lang.get().pick("Instellingen", "Settings")>
            <label class="field">
                <span class="field__label">{t!("Waarde op basis van", "Value based on")}</span>
                <select data-testid="basis" on:change=on_basis>
                    <option value="revenue" selected=move || settings.with(|s| s.basis == Basis::Revenue)>
                        {t!("omzet", "revenue")}
                    </option>
                    <option
                        value="profit"
                        disabled=move || !has_profit()
                        selected=move || settings.with(|s| s.basis == Basis::Profit)
                    >
                        {move || if has_profit() {
                            lang.get().pick("winst", "profit")
                        } else {
                            lang.get().pick("winst (niet in dit bestand)", "profit (not in this file)")
                        }}
                    </option>
                </select>
            </label>
            <label class="field">
                <span class="field__label">{t!("Peildatum", "Reference date")}</span>
                <input
                    type="date"
                    data-testid="reference-date"
                    prop:value=reference
                    on:change=on_reference
                />
            </label>
            <label class="field">
                <span class="field__label">{t!("Actief = gekocht in de laatste", "Active = bought in the last")}</span>
                <span class="field__inline">
                    <input
                        type="number"
                        min="1"
                        max="120"
                        class="input--short"
                        data-testid="window-months"
                        prop:value=move || settings.with(|s| s.window_months.to_string())
                        on:change=on_window
                    />
                    {t!("maanden", "months")}
                </span>
            </label>
            <Show when=move || !managers().is_empty()>
                <label class="field">
                    <span class="field__label">{t!("Accountmanager", "Account manager")}</span>
                    <select data-testid="account-manager" on:change=on_manager>
                        <option value="" selected=move || settings.with(|s| s.account_manager.is_none())>
                            {t!("iedereen", "everyone")}
                        </option>
                        {move || managers().into_iter().enumerate().map(|(i, name)| {
                            let i = i as u32;
                            view! {
                                <option value=i.to_string() selected=move || settings.with(|s| s.account_manager == Some(i))>
                                    {name}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <p class="controls__window muted" data-testid="window-text">
                {move || {
                    let lang = lang.get();
                    match (window_start(), state.analysis.with(|a| a.as_ref().and_then(|a| a.reference_day))) {
                        (Some(start), Some(end)) => format!(
                            "{} {}",
                            lang.pick("Venster:", "Window:"),
                            super::format::window(start, end, date_unit(), lang),
                        ),
                        _ => String::new(),
                    }
                }}
                {move || {
                    let lang = lang.get();
                    // Nothing is dropped silently: rows after R are counted here.
                    let (rows, relations) = state.analysis.with(|a| {
                        a.as_ref().map_or((0, 0), |a| {
                            (a.transactions_after_reference, a.relations.after_reference)
                        })
                    });
                    let text = after_reference_text(rows, relations, lang)?;
                    Some(view! { <span data-testid="after-reference" data-rows=rows data-relations=relations>{text}</span> })
                }}
                {move || {
                    // R defaults to the latest date in the file: one mistyped
                    // year (2204) would make nearly everyone inactive. A month
                    // of slack: some invoices are dated ahead (the 1st of
                    // next month), and that is no reason to alarm anyone.
                    let chosen = settings.with(|s| s.reference_day.is_some());
                    let reference = state.analysis.with(|a| a.as_ref().and_then(|a| a.reference_day))?;
                    (!chosen && reference > today().saturating_add(31)).then(|| view! {
                        <span class="controls__warn" data-testid="future-reference">
                            {move || lang.get().pick(
                                " · Let op: de peildatum ligt meer dan een maand na vandaag. Staat er een verkeerde datum in het bestand? Kies dan zelf een peildatum.",
                                " · Note: the reference date is more than a month after today. Does the file hold a wrong date? Then pick a reference date.",
                            )}
                        </span>
                    })
                }}
            </p>
            <details
                class="controls__advanced"
                data-testid="advanced"
                prop:open=move || advanced_open.get()
                on:toggle=move |ev| if let Some(open) = details_open(&ev) { advanced_open.set(open) }
            >
                <summary>{t!("Geavanceerd: lagen en ABC-grenzen", "Advanced: layers and ABC limits")}</summary>
                // Built only while open: five number inputs (each with the
                // browser's own spin-button parts) are a noticeable share of
                // the frame that first shows a result.
                <Show when=move || advanced_open.get()>
                    <div class="controls__grid">
                        <PercentField label_nl="Top (% van actieve klanten)" label_en="Top (% of active customers)" testid="layer-top"
                            value=Signal::derive(move || settings.with(|s| s.layer_bp.top)) on_change=set_layer(|c| &mut c.top) />
                        <PercentField label_nl="Groot" label_en="Large" testid="layer-large"
                            value=Signal::derive(move || settings.with(|s| s.layer_bp.large)) on_change=set_layer(|c| &mut c.large) />
                        <PercentField label_nl="Middelgroot" label_en="Medium" testid="layer-medium"
                            value=Signal::derive(move || settings.with(|s| s.layer_bp.medium)) on_change=set_layer(|c| &mut c.medium) />
                        <PercentField label_nl="A tot (% van de waarde)" label_en="A up to (% of value)" testid="abc-a"
                            value=Signal::derive(move || settings.with(|s| s.abc_bp.a)) on_change=set_abc(|c| &mut c.a) />
                        <PercentField label_nl="B tot" label_en="B up to" testid="abc-b"
                            value=Signal::derive(move || settings.with(|s| s.abc_bp.b)) on_change=set_abc(|c| &mut c.b) />
                        <button class="button" data-testid="settings-defaults" on:click=reset>{t!("Standaardwaarden", "Defaults")}</button>
                    </div>
                </Show>
            </details>
        </section>
    }
}

#[component]
fn PercentField(
    /// Dutch label.
    label_nl: &'static str,
    /// English label.
    label_en: &'static str,
    /// `data-testid` of the input.
    testid: &'static str,
    /// Current value in basis points.
    value: Signal<u32>,
    /// Called on change.
    on_change: impl FnMut(web_sys::Event) + 'static,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field__label">{t!(label_nl, label_en)}</span>
            <span class="field__inline">
                <input
                    type="number"
                    min="0"
                    max="100"
                    step="0.5"
                    class="input--short"
                    data-testid=testid
                    prop:value=move || super::format::bp_percent(value.get(), Lang::En)
                    on:change=on_change
                />
                "%"
            </span>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_customers_after_the_reference_date() {
        assert_eq!(after_reference_text(0, 0, Lang::Nl), None);
        assert_eq!(
            after_reference_text(2, 1, Lang::Nl).as_deref(),
            Some(
                " · 2 regels na de peildatum tellen niet mee (1 relatie heeft alleen regels daarna)"
            )
        );
        assert_eq!(
            after_reference_text(1, 0, Lang::En).as_deref(),
            Some(" · 1 row after the reference date is left out")
        );
        assert_eq!(
            after_reference_text(0, 3, Lang::Nl).as_deref(),
            Some(" · 3 relaties met een aankoop na de peildatum tellen niet mee")
        );
    }
}
