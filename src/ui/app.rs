//! `<App/>`: the page shell and the state that flows through it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::drop_zone::DropZone;
use super::file_read::{LoadedFile, read_file};

/// Where the page is: nothing loaded, reading, a result, or an error.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Empty,
    Loading,
    Ready(LoadedFile),
    Error(String),
}

impl Stage {
    fn key(&self) -> &'static str {
        match self {
            Stage::Empty => "empty",
            Stage::Loading => "loading",
            Stage::Ready(_) => "ready",
            Stage::Error(_) => "error",
        }
    }
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let stage = RwSignal::new(Stage::Empty);

    let on_file = Callback::new(move |file: web_sys::File| {
        stage.set(Stage::Loading);
        spawn_local(async move {
            match read_file(file).await {
                Ok(loaded) => stage.set(Stage::Ready(loaded)),
                Err(message) => stage.set(Stage::Error(message)),
            }
        });
    });
    let busy = Signal::derive(move || stage.with(|s| matches!(s, Stage::Loading)));

    view! {
        <header class="masthead">
            <div class="masthead__brand">
                <span class="masthead__logo" aria-hidden="true">"▲"</span>
                <h1>"Klantenpiramide"</h1>
            </div>
            <p class="masthead__promise">
                "Je bestand verlaat deze computer nooit: alles wordt in je browser berekend."
            </p>
        </header>
        <main class="page">
            <DropZone on_file=on_file busy=busy />
            <p
                class="status"
                data-testid="status"
                data-state=move || stage.with(Stage::key)
                role="status"
                aria-live="polite"
            >
                {move || stage.with(|s| match s {
                    Stage::Empty => "Nog geen bestand geladen.".to_owned(),
                    Stage::Loading => "Bezig met lezen…".to_owned(),
                    Stage::Ready(file) => format!(
                        "{} · {} bytes · eerste regel: {}",
                        file.name,
                        file.bytes.len(),
                        first_line(&file.bytes),
                    ),
                    Stage::Error(message) => message.clone(),
                })}
            </p>
        </main>
    }
}

fn first_line(bytes: &[u8]) -> String {
    let end = bytes
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end.min(200)]).into_owned()
}
