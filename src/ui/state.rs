//! The app's state: one source signal (the loaded file) and the settings,
//! feeding a chain of memos (file → import → analysis). Views read memos and
//! never recompute; nothing keeps signals in sync with effects.

use std::ops::Deref;
use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::analyse::{Analysis, analyse};
use crate::analysis::import::{ImportError, ImportOptions, Imported, import};
use crate::analysis::lang::Lang;
use crate::analysis::pyramid::Layer;
use crate::analysis::settings::Settings;

use super::file_read::LoadedFile;

/// A large value shared between memos. Equality is identity, so a memo
/// holding one never compares a million rows to decide whether it changed.
#[derive(Debug)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Self(Arc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Where the page is, as the status element reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// Nothing loaded yet.
    Empty,
    /// A file is being read.
    Loading,
    /// A dataset is loaded and analysed.
    Ready,
    /// Nothing usable: the message says why, in the user's language.
    Error(String),
}

impl Stage {
    /// The `data-state` value of the status element.
    pub fn key(&self) -> &'static str {
        match self {
            Stage::Empty => "empty",
            Stage::Loading => "loading",
            Stage::Ready => "ready",
            Stage::Error(_) => "error",
        }
    }
}

/// What the customer table shows besides the search text and sort.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableFilter {
    /// Only this layer (set by clicking a layer in the pyramid).
    pub layer: Option<Layer>,
}

/// The app state, provided as context by `<App/>`; read it with [`use_app`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// The language of the interface.
    pub lang: RwSignal<Lang>,
    /// The loaded file (the one source of data).
    pub file: RwSignal<Option<LoadedFile>>,
    /// Whether a file is being read.
    pub reading: RwSignal<bool>,
    /// Why the last file could not be read, if it could not.
    pub read_error: RwSignal<Option<String>>,
    /// How to read the file (user overrides of detection).
    pub options: RwSignal<ImportOptions>,
    /// How to analyse the dataset.
    pub settings: RwSignal<Settings>,
    /// The customer table's layer filter.
    pub filter: RwSignal<TableFilter>,
    /// The imported dataset and report, or the reason nothing was usable.
    pub imported: Memo<Option<Result<Shared<Imported>, ImportError>>>,
    /// The analysis of the imported dataset under the current settings.
    pub analysis: Memo<Option<Shared<Analysis>>>,
    /// The status the page reports.
    pub stage: Memo<Stage>,
}

impl AppState {
    /// Creates the signals and memos (call once, inside the app's owner).
    pub fn new(lang: Lang) -> Self {
        let lang = RwSignal::new(lang);
        let file = RwSignal::new(None::<LoadedFile>);
        let reading = RwSignal::new(false);
        let read_error = RwSignal::new(None::<String>);
        let options = RwSignal::new(ImportOptions::default());
        let settings = RwSignal::new(Settings::default());
        let filter = RwSignal::new(TableFilter::default());

        let imported = Memo::new(move |_| {
            file.with(|file| {
                let file = file.as_ref()?;
                Some(options.with(|o| import(&file.bytes, &file.name, o).map(Shared::new)))
            })
        });
        let analysis = Memo::new(move |_| {
            imported.with(|imported| match imported {
                Some(Ok(imported)) => {
                    Some(settings.with(|s| Shared::new(analyse(&imported.dataset, s))))
                }
                _ => None,
            })
        });
        let stage = Memo::new(move |_| {
            if reading.get() {
                return Stage::Loading;
            }
            if let Some(message) = read_error.get() {
                return Stage::Error(message);
            }
            let lang = lang.get();
            imported.with(|imported| match imported {
                None => Stage::Empty,
                Some(Ok(_)) => Stage::Ready,
                Some(Err(error)) => Stage::Error(error.message(lang)),
            })
        });

        Self {
            lang,
            file,
            reading,
            read_error,
            options,
            settings,
            filter,
            imported,
            analysis,
            stage,
        }
    }

    /// Loads a new file: every per-file choice (column roles, conventions,
    /// reference date, table filter) starts afresh; the analysis settings the
    /// user chose (basis, window, percentages) are kept.
    pub fn load(&self, file: LoadedFile) {
        self.options.set(ImportOptions::default());
        self.settings.update(|s| s.reference_day = None);
        self.filter.set(TableFilter::default());
        self.read_error.set(None);
        self.reading.set(false);
        self.file.set(Some(file));
    }
}

/// The app state from context.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// Picks the text for the current language (reactive when called in a view closure).
pub fn tr(nl: &'static str, en: &'static str) -> &'static str {
    use_app().lang.get().pick(nl, en)
}

/// A view closure that shows Dutch or English text, following the language switch.
#[macro_export]
macro_rules! t {
    ($nl:expr, $en:expr) => {
        move || $crate::ui::state::tr($nl, $en)
    };
}
