//! The dashboard: everything shown once a dataset is analysed (or, for a file
//! of which no row was usable, its import panel), and the page's code-split
//! boundary.
//!
//! In the page build (cargo feature `split`, set in index.html; see build.rs
//! and `.ci/split-page.mjs`) the dashboard's code is a wasm chunk of its own.
//! The first paint waits only for the main module (start screen, state, the
//! worker's client); the app fetches the chunk right after it, alongside the
//! worker's code, and seals the network once both are in memory. Without the
//! feature (tests, clippy) [`load`] hands over the dashboard directly.
//!
//! The chunk also decodes the worker's results ([`Chunk::decode`]): the
//! serde code for the analysis, the import report and their many enums is
//! the largest part of what the page reads, and only the dashboard shows
//! it. The main module reads the worker's small messages (ready, progress)
//! itself; see [`super::worker_client`].

use leptos::prelude::*;

use wasm_bindgen::{JsCast, JsValue};

use crate::analysis::engine::{AnalysisView, ImportSummary, Reply};
use crate::analysis::lang::Lang;
use crate::t;

use super::contact_plan::ContactPlanCard;
use super::controls::Controls;
use super::customer_table::CustomerTable;
use super::import_panel::{FailedImportPanel, ImportPanel};
use super::key_figures::KeyFigures;
use super::layer_moves::LayerMoves;
use super::method::Method;
use super::pareto_chart::ParetoChart;
use super::pyramid_chart::PyramidChart;
use super::pyramid_table::PyramidTable;
use super::state::{AppState, Shared, use_app};

/// What the dashboard's chunk brings.
#[derive(Clone, Copy)]
pub struct Chunk {
    /// Builds the dashboard (inside the app's owner, with the state in context).
    pub view: fn() -> AnyView,
    /// Decodes a reply of the worker.
    pub decode: Decode,
    /// Draws a result aside, unseen.
    pub rehearse: Rehearse,
}

/// Decodes a reply of the worker (its message's data), or says why not.
pub type Decode = fn(JsValue) -> Result<Reply, String>;

/// Draws a result aside, unseen (see [`rehearse`]).
pub type Rehearse = fn(Lang, ImportSummary, AnalysisView);

/// The dashboard's chunk could not be fetched or instantiated (the console
/// has the details). Never made without the `split` feature.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "split"), allow(dead_code))]
pub struct LoadError;

/// Fetches the dashboard's code. Once it has loaded, later calls return at
/// once; after a failure a later call would fetch again (but the app calls
/// this once, and the network is sealed after it).
pub async fn load() -> Result<Chunk, LoadError> {
    #[cfg(feature = "split")]
    {
        chunk_entry().await.map_err(|_| LoadError)
    }
    #[cfg(not(feature = "split"))]
    {
        Ok(CHUNK)
    }
}

/// The chunk's contents.
const CHUNK: Chunk = Chunk {
    view,
    decode,
    rehearse,
};

/// The chunk's only entry point: everything reachable from it alone moves
/// into the chunk. This is the page's one split point: the app loads it
/// right after the first paint and then seals the network
/// ([`super::privacy::WhenLoaded`]); another chunk would have to be
/// loaded before the seal too.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(dashboard, wasm_split_path = ::leptos::wasm_split, fallible)]
fn chunk_entry() -> Result<Chunk, leptos::wasm_split::SplitLoaderError> {
    Ok(CHUNK)
}

/// Decodes a reply of the worker: reached only from the chunk's entry, so
/// this serde code is in the chunk.
fn decode(data: JsValue) -> Result<Reply, String> {
    serde_wasm_bindgen::from_value(data).map_err(|e| e.to_string())
}

/// Draws the dashboard of a result aside, step by step as the page would,
/// in an element of the page that is laid out but never seen: with the
/// worker's warm-up result, while the user picks a file. The browser
/// compiles each function of the page's code when it first runs, and
/// styles and lays out a page's first dashboard far slower than the next
/// (its fonts, text shaping and style caches are cold: 36 ms against 10 in
/// a trace, for fewer elements). Without this, the first file's dashboard
/// paid for both in the frame that shows its pyramid.
///
/// The element leaves the page once the last step has been drawn, when a
/// real result is drawn, or after [`REHEARSAL`] at the latest, so the page
/// never holds two dashboards; the state it reads talks to no worker.
fn rehearse(lang: Lang, import: ImportSummary, view: AnalysisView) {
    let document = document();
    let Some(parent) = document
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    parent.set_class_name("page rehearsal");
    let _ = parent.set_attribute("aria-hidden", "true");
    let _ = parent.set_attribute("inert", "");
    if let Some(body) = document.body()
        && body.append_child(&parent).is_ok()
    {
        STAGE.set(Some(parent.clone().into()));
    }
    REHEARSING.set(true);
    // The state is made inside the drawing's owner, so it goes with it.
    let drawn = leptos::mount::mount_to(parent, move || {
        let state = AppState::without_worker(lang);
        state.rhythm.set(view.rhythm.clone());
        state.import.set(Some(Shared::new(import)));
        state.analysis.set(Some(Shared::new(view)));
        provide_context(state);
        self::view()
    });
    REHEARSING.set(false);
    // Its steps take a frame each; a tab in the background draws no frames
    // and so rehearses fewer.
    set_timeout(
        move || {
            end_rehearsal();
            drop(drawn);
        },
        REHEARSAL,
    );
}

/// How long a result drawn aside is kept: long enough for every step.
const REHEARSAL: std::time::Duration = std::time::Duration::from_secs(1);

thread_local! {
    /// The element a result is rehearsed in, while it is in the page.
    static STAGE: std::cell::RefCell<Option<web_sys::Element>> = const { std::cell::RefCell::new(None) };
    /// Whether the dashboard being built is the rehearsal's.
    static REHEARSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Takes the rehearsal's element out of the page (its drawing goes on
/// unseen, outside the document, until it is dropped).
fn end_rehearsal() {
    if let Some(stage) = STAGE.take() {
        stage.remove();
    }
}

/// The dashboard; or, for a file that gave nothing to analyse (no usable
/// row, no customer or no amount column), its import panel, open, so a
/// column's role can be corrected in place. Both come through the chunk's
/// one entry point.
fn view() -> AnyView {
    if !REHEARSING.get() {
        end_rehearsal();
    }
    // Decided once per view: the app's `shown` memo draws it again when the
    // case changes.
    if untrack(|| use_app().failed_with_report()) {
        view! { <FailedImportPanel /> }.into_any()
    } else {
        view! { <Dashboard /> }.into_any()
    }
}

/// Everything shown once a dataset is analysed.
///
/// Drawn top down in steps, each after the previous one has been painted:
/// what was read, the settings, the figures and the pyramid; the Pareto
/// chart; the customer table and the method. Built in one go, creating and
/// laying out the whole dashboard kept the page busy for longer than a frame
/// (a "long task") right when the result arrives.
///
/// The first step is two (what was read and the settings; then the figures
/// and the pyramid) for the page's first dashboard, when its code has never
/// run: as one it made a 50–95 ms frame on a busy 2-core VM, and one of
/// 62 ms in 4 of 5 loads on 2026-11-29 (`make bench`). Once a dashboard has
/// been drawn (usually the warm-up result drawn aside, [`rehearse`]) it is
/// one: a frame of over 50 ms in 1 of 12 loads (59 ms), and the pyramid a
/// frame (20–28 ms) sooner. (A rehearsal in a background tab, which draws
/// no frames, stops at its first step and so does not count.) Top down,
/// nothing already drawn moves when a step is added below it.
#[component]
fn Dashboard() -> impl IntoView {
    let state = use_app();
    // The step that adds the figures and the pyramid.
    let first = u8::from(!DRAWN_BEFORE.get());
    let last = first + 2;
    let step = RwSignal::new(0u8);
    state.painting.set(true);
    draw_next(step, last, state);
    on_cleanup(move || state.painting.set(false));
    view! {
        <ImportPanel />
        <Controls />
        <Show when={move || step.get() >= first}>
            <KeyFigures />
            <div class="grid-2">
                <section class="card" aria-labelledby="pyramid-heading">
                    <h2 id="pyramid-heading">{t!("Klantenpiramide", "Customer pyramid")}</h2>
                    <PyramidChart />
                    <PyramidTable />
                </section>
                <section class="card" aria-labelledby="pareto-heading">
                    <h2 id="pareto-heading">{t!("Pareto-curve en ABC", "Pareto curve and ABC")}</h2>
                    <Show when={move || step.get() > first} fallback=|| view! { <div class="chart-placeholder"></div> }>
                        <ParetoChart />
                    </Show>
                </section>
            </div>
        </Show>
        <Show when={move || step.get() >= last}>
            <LayerMoves />
            <ContactPlanCard />
            <CustomerTable />
            <Method />
        </Show>
    }
}

thread_local! {
    /// Whether the page has drawn a dashboard to its last step (its code has run).
    static DRAWN_BEFORE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Takes the dashboard's next drawing step once the current one has been
/// painted (the animation frame comes before that paint; the timeout after
/// it), and so on up to step `last`, when `painting` ends. A dashboard
/// already gone by then (another file) leaves `painting` alone: it belongs
/// to the next one.
fn draw_next(step: RwSignal<u8>, last: u8, state: AppState) {
    request_animation_frame(move || {
        set_timeout(
            move || match step.try_update(|s| {
                *s += 1;
                *s
            }) {
                None => {}
                Some(s) if s < last => draw_next(step, last, state),
                Some(_) => {
                    // A rehearsal has been laid out to its last step.
                    end_rehearsal();
                    DRAWN_BEFORE.set(true);
                    state.painting.set(false);
                }
            },
            std::time::Duration::ZERO,
        );
    });
}
