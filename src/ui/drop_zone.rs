//! `<DropZone/>`: drop a file, click or press Enter/Space to pick one.
//!
//! Follows the pattern of leptos-use's `use_drop_zone`: default prevented on
//! all four drag events, nested enter/leave counted so hovering a child does
//! not flicker, and a real `<input type=file>` for keyboard users.

use leptos::{html, prelude::*};

/// A large drop target for customer exports.
#[component]
pub fn DropZone(
    /// Called with the file the user dropped or picked.
    on_file: Callback<web_sys::File>,
    /// Whether a file is being read (disables the zone).
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let depth = RwSignal::new(0i32);
    let open_picker = move || {
        if let Some(input) = input.get() {
            input.click();
        }
    };
    let take_first = move |files: Option<web_sys::FileList>| {
        if let Some(file) = files.and_then(|list| list.get(0)) {
            on_file.run(file);
        }
    };

    view! {
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
            on:dragenter=move |ev| {
                ev.prevent_default();
                depth.update(|d| *d += 1);
            }
            on:dragover=move |ev| { ev.prevent_default() }
            on:dragleave=move |ev| {
                ev.prevent_default();
                depth.update(|d| *d = (*d - 1).max(0));
            }
            on:drop=move |ev| {
                ev.prevent_default();
                depth.set(0);
                take_first(ev.data_transfer().and_then(|dt| dt.files()));
            }
        >
            <svg class="drop-zone__icon" viewBox="0 0 48 48" aria-hidden="true">
                <path d="M24 6v24M14 20l10 10 10-10M8 34v6h32v-6" />
            </svg>
            <p class="drop-zone__title">
                {crate::t!("Sleep je klantenexport hierheen", "Drop your customer export here")}
            </p>
            <p class="drop-zone__hint" id="drop-hint">
                {crate::t!(
                    "of klik om een bestand te kiezen · CSV, TXT of XLSX · plakken uit Excel kan ook",
                    "or click to choose a file · CSV, TXT or XLSX · pasting from Excel works too"
                )}
            </p>
            <input
                node_ref=input
                class="visually-hidden"
                type="file"
                tabindex="-1"
                accept=".csv,.txt,.tsv,.xlsx,text/csv,text/plain"
                data-testid="file-input"
                on:click=move |ev| { ev.stop_propagation() }
                on:change=move |ev| {
                    let target = event_target::<web_sys::HtmlInputElement>(&ev);
                    take_first(target.files());
                    target.set_value("");
                }
            />
        </div>
    }
}
