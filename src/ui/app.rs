//! `<App/>`: the page shell, the start screen and the dashboard layout.

use leptos::prelude::*;

use crate::analysis::lang::Lang;
use crate::t;

use super::dashboard;
use super::drop_zone::DropZone;
use super::format::{count, fixed, percent};
use super::privacy::WhenLoaded;
use super::state::{AppState, Source, Stage, use_app};

/// The browser's preferred language: Dutch when any preferred language is
/// Dutch, English when the first one is English, Dutch otherwise.
fn browser_lang() -> Lang {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Lang::Nl;
    };
    let languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    if languages
        .iter()
        .any(|l| l.to_ascii_lowercase().starts_with("nl"))
    {
        Lang::Nl
    } else if languages
        .first()
        .is_some_and(|l| l.to_ascii_lowercase().starts_with("en"))
    {
        Lang::En
    } else {
        Lang::Nl
    }
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    // Two pieces of code come after the first paint: the worker's and the
    // dashboard's. Then the offline copy keeps the app's files (from the
    // browser's cache, where the page has just put them), and then the
    // network is sealed.
    let offline_ready = RwSignal::new(false);
    let code = WhenLoaded::then(2, move || {
        leptos::task::spawn_local(async move {
            offline_ready.set(super::offline::keep_offline_copy().await);
            super::privacy::seal_network();
        });
    });
    let state = AppState::new(browser_lang(), code.clone());
    provide_context(state);
    let dashboard_code = RwSignal::new(None::<Result<dashboard::Chunk, dashboard::LoadError>>);
    leptos::task::spawn_local(async move {
        let chunk = dashboard::load().await;
        dashboard_code.set(Some(chunk));
        // Then the results that came before it, drawn by it at once.
        match chunk {
            Ok(chunk) => state.use_chunk(chunk.decode, chunk.rehearse),
            Err(_) => state.dashboard_failed(),
        }
        code.loaded();
        // In a task of its own, while the user picks a file.
        set_timeout(super::dom::warm_up_elements, std::time::Duration::ZERO);
    });

    let on_file = Callback::new(move |file: web_sys::File| state.load(Source::File(file)));
    let on_files_refused = Callback::new(move |names: Vec<String>| state.refuse_files(names));
    let load_sample = move |_| state.load(Source::Sample);
    // Text pasted from a spreadsheet anywhere outside a form field is read as a table.
    let _paste = window_event_listener(leptos::ev::paste, move |ev| {
        let in_field = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_field {
            return;
        }
        let text = ev.clipboard_data().and_then(|d| d.get_data("text").ok());
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            ev.prevent_default();
            state.load(Source::Text(text));
        }
    });
    let busy = Signal::derive(move || state.loading.with(Option::is_some));
    let readable = move || !state.dashboard_missing.get();
    let has_data = move || state.analysis.with(Option::is_some);
    // What the dashboard's chunk draws: the dashboard (`Some(true)`), the
    // import panel of a file that gave nothing to analyse (`Some(false)`: no
    // usable row, or no customer or amount column), or nothing. A change
    // redraws it.
    let shown = Memo::new(move |_| {
        if has_data() {
            Some(true)
        } else {
            state.failed_with_report().then_some(false)
        }
    });

    view! {
        <Masthead />
        <main class="page" class:page--loading=busy>
            <section class="start" class:start--compact=has_data>
                <p class="start__lead" class:visually-hidden=has_data>
                    {t!(
                        "Zet je klantenexport om in Curry's klantenpiramide, een Pareto-curve en een ABC-indeling. In je browser: je bestand wordt nergens heen gestuurd.",
                        "Turn your customer export into Curry's customer pyramid, a Pareto curve and an ABC split. In your browser: your file is never sent anywhere."
                    )}
                </p>
                // Without the dashboard's chunk nothing read could be shown:
                // no file is offered (the page says to reload).
                <Show when=readable>
                    <DropZone on_file=on_file on_files_refused=on_files_refused busy=busy />
                </Show>
                // With a file on screen, one row: the (small) drop zone, what was read, the sample.
                <StatusLine />
                <Show when=readable>
                    <div class="start__actions">
                        <button class="button button--primary" data-testid="sample-button" on:click=load_sample>
                            {t!("Probeer de voorbeelddata", "Try the sample data")}
                        </button>
                        <span class="start__sample-note">
                            {t!(
                                "Een verzonnen groothandel: 2.000 klanten, drie jaar facturen.",
                                "An invented wholesaler: 2,000 customers, three years of invoices."
                            )}
                        </span>
                    </div>
                </Show>
            </section>
            // The dashboard; or, for a file of which no row was usable, its
            // import panel (the chunk decides), to correct a column's role.
            // Without the chunk nothing can be shown (it also reads the
            // worker's results): say so at once.
            <Show when=move || shown.get().is_some() || dashboard_code.with(|c| matches!(c, Some(Err(_))))>
                {move || match (shown.get(), dashboard_code.get()) {
                    (_, Some(Err(_))) => view! { <DashboardMissing /> }.into_any(),
                    (Some(_), Some(Ok(chunk))) => (chunk.view)(),
                    // Nothing to show, or the chunk is still on its way (then
                    // there is no result yet either: the chunk decodes them).
                    (None, _) | (Some(_), None) => ().into_any(),
                }}
            </Show>
        </main>
        <footer class="colophon">
            {t!(
                "Klantenpiramide rekent alles uit in deze browsertab. Geen server, geen upload, geen tracking.",
                "Klantenpiramide computes everything in this browser tab. No server, no upload, no tracking."
            )}
            <Show when=move || offline_ready.get()>
                " "
                <span data-testid="offline-ready">
                    {t!(
                        "Deze versie staat nu op deze computer en werkt ook zonder internet.",
                        "This version is now kept on this computer and works without internet too."
                    )}
                </span>
            </Show>
        </footer>
    }
}

/// The header: product name, promise, language switch.
#[component]
fn Masthead() -> impl IntoView {
    let lang = use_app().lang;
    view! {
        <header class="masthead">
            <div class="masthead__brand">
                <svg class="masthead__logo" viewBox="0 0 32 28" aria-hidden="true">
                    <polygon points="16,0 21,8 11,8" class="layer--top" />
                    <polygon points="10.3,9 21.7,9 25,14 7,14" class="layer--large" />
                    <polygon points="6.3,15 25.7,15 29,20 3,20" class="layer--medium" />
                    <polygon points="2.3,21 29.7,21 32,27 0,27" class="layer--small" />
                </svg>
                <h1>{t!("Klantenpiramide", "Customer pyramid")}</h1>
            </div>
            <p class="masthead__promise">
                {t!(
                    "Je bestand verlaat deze computer nooit: alles wordt in je browser berekend.",
                    "Your file never leaves this computer: everything is computed in your browser."
                )}
            </p>
            <div class="masthead__lang" role="group" aria-label="Taal / Language">
                <button
                    class="chip"
                    aria-pressed=move || (lang.get() == Lang::Nl).to_string()
                    data-testid="lang-nl"
                    on:click=move |_| lang.set(Lang::Nl)
                >
                    "NL"
                </button>
                <button
                    class="chip"
                    aria-pressed=move || (lang.get() == Lang::En).to_string()
                    data-testid="lang-en"
                    on:click=move |_| lang.set(Lang::En)
                >
                    "EN"
                </button>
            </div>
        </header>
    }
}

/// The status line: what the page is doing, with `data-state` for tests
/// (and `data-pending` while the worker still owes a reply); a progress bar
/// and a Cancel button while a file loads.
#[component]
fn StatusLine() -> impl IntoView {
    let state = use_app();
    let text = move || {
        let lang = state.lang.get();
        state.stage.with(|stage| match stage {
            Stage::Empty => lang
                .pick("Nog geen bestand geladen.", "No file loaded yet.")
                .to_owned(),
            Stage::Loading => lang.pick("Bezig met lezen…", "Reading…").to_owned(),
            Stage::Ready => state.import.with(|i| {
                let Some(i) = i.as_ref() else {
                    return String::new();
                };
                let what = if i.file_name.is_empty() {
                    lang.pick("Geplakte tabel geanalyseerd", "Pasted table analysed")
                        .to_owned()
                } else {
                    format!(
                        "{} {}",
                        lang.pick("Geanalyseerd:", "Analysed:"),
                        i.file_name
                    )
                };
                // What the user waited (every load is timed by the page).
                match state.answered_in.get() {
                    Some(ms) => format!(
                        "{what} · {} {} {} {} s",
                        count(i.report.rows_read, lang),
                        lang.pick("rijen", "rows"),
                        lang.pick("in", "in"),
                        super::format::decimal(ms / 1000.0, 2, lang),
                    ),
                    None => what,
                }
            }),
            Stage::Error(message) => message.clone(),
        })
    };
    // Built once per load (so Cancel keeps its focus); only the figures change.
    let share = move || {
        state.loading.with(|l| {
            l.as_ref()
                .filter(|l| l.total > 0)
                .map_or(0.0, |l| l.done as f64 / l.total as f64)
        })
    };
    let progress_text = move || {
        let lang = state.lang.get();
        state.loading.with(|l| {
            let Some(l) = l.as_ref() else {
                return String::new();
            };
            let seconds = (l.now - l.started) / 1000.0;
            let rate = if seconds > 0.05 {
                format!(
                    " · {} {}",
                    count((l.rows as f64 / seconds) as u64, lang),
                    lang.pick("rijen/s", "rows/s")
                )
            } else {
                String::new()
            };
            // Every byte read: joining and analysing still take a moment
            // (0.65 s after the last byte of a 480 MB file).
            let then = if l.total > 0 && l.done >= l.total {
                lang.pick(" · nu analyseren…", " · now analysing…")
            } else {
                ""
            };
            format!(
                "{} · {} {}{rate}{then}",
                percent(share(), 0, lang),
                count(l.rows, lang),
                lang.pick("rijen", "rows")
            )
        })
    };
    let loading = move || state.loading.with(Option::is_some);
    // A load's progress keeps the room of what the line said before it, so
    // nothing below moves up when it starts or down when it ends.
    let min_height = move || {
        state.loading.with(|l| {
            l.as_ref()
                .filter(|l| l.room > 0.0)
                // Whole pixels: no float formatting in the page's bundle.
                .map(|l| format!("{}px", l.room.ceil() as u32))
        })
    };
    let progress = move || {
        view! {
            <Show when=loading>
                <progress
                    class="progress"
                    data-testid="progress"
                    max="1000"
                    value=move || (share() * 1000.0).round() as u32
                ></progress>
                <span class="progress__text">{progress_text}</span>
                <button class="button" data-testid="cancel" on:click=move |_| state.cancel()>
                    {t!("Annuleren", "Cancel")}
                </button>
            </Show>
        }
    };
    // After a bad correction (say, no column left as the amount) the import
    // panel has nothing to show; offer the way back to what was detected.
    let can_reset = move || {
        state.stage.with(|s| matches!(s, Stage::Error(_)))
            && state.options.with(|o| *o != Default::default())
    };
    view! {
        <div
            class="status-line"
            class:status-line--loading=loading
            style:min-height=min_height
        >
            <p
                class="status"
                data-testid="status"
                data-state=move || state.stage.with(Stage::key)
                data-pending=move || state.pending().to_string()
                data-read-ms=move || state.import.with(|i| i.as_ref().and_then(|i| i.timings).map(|t| fixed(t.read_ms, 1, ".")))
                data-compute-ms=move || state.import.with(|i| i.as_ref().and_then(|i| i.timings).map(|t| fixed(t.compute_ms, 1, ".")))
                data-parts=move || state.import.with(|i| i.as_ref().and_then(|i| i.timings).map(|t| t.parts.to_string()))
                data-steps-ms=move || state.import.with(|i| i.as_ref().and_then(|i| i.timings?.steps).map(|s| {
                    [s.planned_ms, s.first_ms, s.parts_ms, s.joined_ms, s.analysed_ms].map(|ms| fixed(ms, 1, ".")).join(" ")
                }))
                data-answered-ms=move || state.answered_in.get().map(|ms| fixed(ms, 1, "."))
                role="status"
                aria-live="polite"
            >
                {text}
            </p>
            {progress}
            <Show when=can_reset>
                <button
                    class="button"
                    data-testid="reset-import"
                    on:click=move |_| state.reset_options()
                >
                    {t!("Terug naar de automatische herkenning", "Back to automatic detection")}
                </button>
            </Show>
        </div>
    }
}

/// Shown in place of the dashboard when its code could not be fetched
/// (the server went away between the first paint and the fetch).
#[component]
fn DashboardMissing() -> impl IntoView {
    view! {
        <p class="dashboard-missing" role="alert" data-testid="dashboard-missing">
            {t!(
                "De grafieken en tabellen konden niet worden geladen. Laad de pagina opnieuw.",
                "The charts and tables could not be loaded. Reload the page."
            )}
        </p>
    }
}
