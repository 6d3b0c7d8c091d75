//! `<DropZone/>`: drop a file, click or press Enter/Space to pick one (or
//! several CSV files, read as one).
//!
//! A file can be dropped anywhere on the page, not only on the zone: the
//! browser's own answer to a file dropped elsewhere is to open it in place of
//! the app, which loses the analysis on screen. While a file is dragged over
//! the page, the whole window shows that it will take it.
//!
//! Follows the pattern of leptos-use's `use_drop_zone`: default prevented on
//! the drag events, nested enter/leave counted so moving over child elements
//! does not flicker, and a real `<input type=file>` for keyboard users. Drags
//! that carry no file (text dragged into the search field) are left alone.

use leptos::{html, leptos_dom::helpers::TimeoutHandle, prelude::*};

/// A large drop target for customer exports.
#[component]
pub fn DropZone(
    /// Called with the file the user dropped or picked (several text files
    /// as one, see [`several`]).
    on_file: Callback<web_sys::File>,
    /// Called with the names of several files that cannot be read as one
    /// (a workbook among them): none is read.
    on_files_refused: Callback<Vec<String>>,
    /// Whether a file is being read (the zone then takes no clicks; a drop
    /// still replaces the load under way).
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    // Drag enters minus drag leaves over the page: above 0 while a file is over it.
    let depth = RwSignal::new(0i32);
    let open_picker = move || {
        if let Some(input) = input.get() {
            input.click();
        }
    };
    let take_files = move |files: Option<web_sys::FileList>| {
        let files: Vec<web_sys::File> = files
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        match files.as_slice() {
            [] => {}
            [file] => on_file.run(file.clone()),
            _ => match several(&files) {
                Some(file) => on_file.run(file),
                None => on_files_refused.run(files.iter().map(web_sys::File::name).collect()),
            },
        }
    };

    // A drag sends "over" again and again while it lasts. When they stop
    // with the count above 0 (the element under the pointer was removed
    // before its "leave", say a progress bar at the end of a load), the
    // drag is over: the veil goes.
    let quiet = StoredValue::new(None::<TimeoutHandle>);
    let still_dragging = move || {
        if let Some(h) = quiet.get_value() {
            h.clear();
        }
        let h = set_timeout_with_handle(move || depth.set(0), DRAG_OVER_GAP).ok();
        quiet.set_value(h);
    };
    // On the window, so a drop anywhere is read (and the zone highlights for
    // it); each drop is handled here once.
    let _enter = window_event_listener(leptos::ev::dragenter, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            depth.update(|d| *d += 1);
            still_dragging();
        }
    });
    let _over = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            // Back after a pause longer than the gap (a busy page): still dragging.
            if depth.get_untracked() == 0 {
                depth.set(1);
            }
            still_dragging();
        }
    });
    let _leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        if carries_files(&ev) {
            depth.update(|d| *d = (*d - 1).max(0));
        }
    });
    let _drop = window_event_listener(leptos::ev::drop, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            depth.set(0);
            take_files(ev.data_transfer().and_then(|dt| dt.files()));
        }
    });

    view! {
        <div class="drop-veil" data-testid="drop-veil" class:drop-veil--on=move || { depth.get() > 0 } aria-hidden="true">
            <p class="drop-veil__text">
                {crate::t!("Laat los om dit bestand te analyseren", "Release to analyse this file")}
            </p>
        </div>
        <div
            class="drop-zone"
            class:drop-zone--over=move || { depth.get() > 0 }
            class:drop-zone--busy=move || busy.get()
            data-testid="drop-zone"
            role="button"
            tabindex="0"
            aria-describedby="drop-hint"
            on:click=move |_| { open_picker() }
            on:keydown=move |ev| {
                let key = ev.key();
                if key == "Enter" || key == " " {
                    ev.prevent_default();
                    open_picker();
                }
            }
        >
            <svg class="drop-zone__icon" viewBox="0 0 48 48" aria-hidden="true">
                <path d="M24 6v24M14 20l10 10 10-10M8 34v6h32v-6" />
            </svg>
            // A phone or tablet has nothing to drag from and no Excel to paste
            // from: it says "choose" (style: `hover: none`).
            <p class="drop-zone__title">
                <span class="drop-zone__drag">
                    {crate::t!("Sleep je klantenexport hierheen", "Drop your customer export here")}
                </span>
                <span class="drop-zone__tap">
                    {crate::t!("Kies je klantenexport", "Choose your customer export")}
                </span>
            </p>
            <p class="drop-zone__hint" id="drop-hint">
                <span class="drop-zone__drag">
                    {crate::t!("of klik om een bestand te kiezen · ", "or click to choose a file · ")}
                </span>
                {crate::t!("CSV, TXT, Excel of ODS", "CSV, TXT, Excel or ODS")}
                <span class="drop-zone__drag">
                    {crate::t!(" · plakken uit Excel kan ook", " · pasting from Excel works too")}
                </span>
            </p>
            <input
                node_ref=input
                class="visually-hidden"
                type="file"
                multiple
                tabindex="-1"
                accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods,.htm,.html,text/csv,text/plain"
                data-testid="file-input"
                on:click=move |ev| { ev.stop_propagation() }
                on:change=move |ev| {
                    let target = event_target::<web_sys::HtmlInputElement>(&ev);
                    take_files(target.files());
                    target.set_value("");
                }
            />
        </div>
    }
}

/// Several text files (CSV, TXT, TSV: exports of one year each, say) as one
/// file, one after the other with a line break between them, named after
/// them all ("2024.csv + 2025.csv"); nothing is read here. Each file's header
/// row is the header again further down: the import counts it apart
/// ("herhaalde kopregels"). `None` when one of them is no text file (a
/// workbook cannot be put after another).
fn several(files: &[web_sys::File]) -> Option<web_sys::File> {
    let text = |f: &web_sys::File| {
        let name = f.name().to_ascii_lowercase();
        [".csv", ".txt", ".tsv"].iter().any(|e| name.ends_with(e))
    };
    if !files.iter().all(text) {
        return None;
    }
    let parts = js_sys::Array::new();
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            parts.push(&wasm_bindgen::JsValue::from_str("\n"));
        }
        parts.push(file);
    }
    let name = files
        .iter()
        .map(web_sys::File::name)
        .collect::<Vec<_>>()
        .join(" + ");
    web_sys::File::new_with_blob_sequence(&parts, &name).ok()
}

/// The longest pause between two "dragover" events of one drag: browsers
/// send one at least every 350 ms (± 200), Chromium every 50 ms or so.
const DRAG_OVER_GAP: std::time::Duration = std::time::Duration::from_millis(1000);

/// Whether a drag carries files (not text or a link from the page itself).
fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}
