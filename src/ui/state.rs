//! The app's state: one source signal (the loaded file) and the settings,
//! feeding a chain of memos (file → import → analysis). Views read memos and
//! never recompute; nothing keeps signals in sync with effects.

use std::ops::Deref;
use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::abc::AbcClass;
use crate::analysis::analyse::RhythmCounts;
use crate::analysis::approach::Approach;
use crate::analysis::contact::ContactPlan;
use crate::analysis::customers::{CustomerQuery, ManagerFilter, SortColumn};
use crate::analysis::engine::{AnalysisView, Command, ImportSummary, Reply, TablePage};
use crate::analysis::import::{ImportError, ImportOptions, Role};
use crate::analysis::lang::Lang;
use crate::analysis::moves::then_label;
use crate::analysis::pyramid::Layer;
use crate::analysis::rhythm::Cadence;
use crate::analysis::settings::Settings;
use crate::analysis::trend::Signal;

use super::dashboard::{Decode, Rehearse};
use super::dom::download_text;
use super::worker_client::WorkerClient;

/// A large value shared between signals and memos. Equality is identity, so
/// a memo holding one never compares big values to decide whether it changed.
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

/// What the customer table shows: filters, search and sort. Kept in the
/// app state so that loading another file starts the table afresh.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableFilter {
    /// Only this layer (set by clicking a layer in the pyramid).
    pub layer: Option<Layer>,
    /// One of the call lists instead of a layer.
    pub call: Option<CallList>,
    /// All active customers (the four upper layers), with no layer or call
    /// list chosen.
    pub active: bool,
    /// Search text (key or name).
    pub search: String,
    /// Only this ABC class.
    pub abc: Option<AbcClass>,
    /// Only this conversation code.
    pub approach: Option<Approach>,
    /// Only customers with this layer in the previous period (a count of
    /// the movement through the pyramid): an active layer, or inactive for
    /// "not active then" (see [`moves`](crate::analysis::moves)).
    pub previous_layer: Option<Layer>,
    /// Only the customers with this contact plan (see
    /// [`contact`](crate::analysis::contact)).
    pub contact: Option<ContactPlan>,
    /// Only this account manager's relations (a count clicked in the call
    /// plan's split per account manager).
    pub manager: Option<ManagerFilter>,
    /// Sort column.
    pub sort: SortColumn,
    /// Sort descending.
    pub descending: bool,
}

impl TableFilter {
    /// A layer clicked in the pyramid: show it, or all layers when it was
    /// already shown. From a call list or all active customers, it shows
    /// the whole layer.
    pub fn toggle_layer(&mut self, layer: Layer) {
        let was_list = self.call.take().is_some() | std::mem::take(&mut self.active);
        self.layer = if self.layer == Some(layer) && !was_list {
            None
        } else {
            Some(layer)
        };
    }

    /// Leaves a call list, a sort or a layer of the period before the
    /// analysis on screen cannot give (a customer-level file has no rhythm,
    /// and a trend only with last period's revenue; an invoice file that does
    /// not reach back has no trend, so no movement either); `true` when that
    /// changed anything.
    pub fn keep_available(&mut self, available: Available) -> bool {
        let list = self.call.is_some_and(|l| !l.is_available(available));
        let then = self.previous_layer.is_some() && !available.trend;
        if then {
            self.previous_layer = None;
        }
        let plan = self.contact.is_some() && !available.contact;
        if plan {
            self.contact = None;
        }
        let sort = match self.sort {
            SortColumn::Interval | SortColumn::Expected => !available.rhythm,
            SortColumn::Trend => !available.trend,
            _ => false,
        };
        if list {
            self.call = None;
        }
        if sort {
            self.sort = SortColumn::Rank;
            self.descending = false;
        }
        list || sort || then || plan
    }

    /// The name a download of this list is saved under: the call list or the
    /// layer, the ABC class, and whether it is a search result.
    pub fn file_name(&self, lang: Lang) -> String {
        let customers = lang.pick("klanten", "customers");
        let mut stem = match (self.call, self.layer) {
            (Some(list), _) => list.file_stem(lang).to_owned(),
            (None, Some(layer)) => format!("{customers}-{}", layer.label(lang)),
            (None, None) if self.active => format!("{customers}-{}", lang.pick("actief", "active")),
            (None, None) => customers.to_owned(),
        };
        if let Some(manager) = &self.manager {
            let who = match manager {
                ManagerFilter::Named(name) => name.as_str(),
                ManagerFilter::Nobody => {
                    lang.pick("zonder-accountmanager", "without-account-manager")
                }
            };
            stem = format!("{stem}-{who}");
        }
        if let Some(class) = self.abc {
            stem = format!("{stem}-{}", class.key());
        }
        if let Some(then) = self.previous_layer {
            stem = format!(
                "{stem}-{}-{}",
                lang.pick("vorige-periode", "previous-period"),
                then_label(then, lang).replace(' ', "-")
            );
        }
        if let Some(plan) = self.contact {
            stem = format!(
                "{stem}-{}-{}",
                lang.pick("contactplan", "contact-plan"),
                plan.label(lang)
            );
        }
        if let Some(approach) = self.approach {
            stem = format!(
                "{stem}-{}-{}",
                lang.pick("aanpak", "approach"),
                approach.label(lang)
            );
        }
        if !self.search.trim().is_empty() {
            stem = format!("{stem}-{}", lang.pick("zoekresultaat", "search"));
        }
        format!("{stem}.csv")
    }

    /// The filter of the relations with one conversation code, in rank order.
    pub fn approach(approach: Approach) -> Self {
        Self {
            approach: Some(approach),
            ..Self::default()
        }
    }

    /// The filter of the customers with one contact plan, in rank order.
    pub fn contact(plan: ContactPlan) -> Self {
        Self {
            contact: Some(plan),
            ..Self::default()
        }
    }

    /// The filter of the customers that went from `then` (previous period)
    /// to `now` (`None`: any layer now), in rank order.
    pub fn moved(then: Layer, now: Option<Layer>) -> Self {
        Self {
            layer: now,
            previous_layer: Some(then),
            ..Self::default()
        }
    }

    /// The filter of all active customers, in rank order.
    pub fn active() -> Self {
        Self {
            active: true,
            ..Self::default()
        }
    }

    /// The layers the table shows: `None` for all of them.
    pub fn layers(&self) -> Option<Vec<Layer>> {
        if self.active && self.layer.is_none() && self.call.is_none() {
            return Some(Layer::ALL.into_iter().filter(|l| l.is_active()).collect());
        }
        self.layer.map(|l| vec![l])
    }

    /// The filter of a call list, sorted the way it is worked through.
    pub fn call_list(list: CallList) -> Self {
        let (sort, descending) = match list {
            // Most recent first: they remember you best.
            CallList::Reactivate => (SortColumn::LastPurchase, true),
            // By value: the largest customers first. (By next expected order,
            // the longest rhythms, most overdue, would come first; the
            // "Volgende" column sorts that way on a click.)
            // Pearls too: the largest small customers are the nearest to
            // the next layer (by trend, a tiny customer going from 10 to
            // 100 would come first).
            CallList::Due | CallList::Silent | CallList::Pearls => (SortColumn::Rank, false),
            // The largest drop first: all are key customers, so the deepest
            // fall is the most at stake (by value now, one who fell to small
            // would come last).
            CallList::BuyingLess => (SortColumn::Trend, false),
        };
        Self {
            layer: (list == CallList::Reactivate).then_some(Layer::Inactive),
            call: Some(list),
            sort,
            descending,
            ..Self::default()
        }
    }
}

/// What the analysis on screen can give beyond the pyramid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Available {
    /// Purchase rhythms (dated invoice lines).
    pub rhythm: bool,
    /// A trend (dated invoice lines reaching back to the previous period).
    pub trend: bool,
    /// A contact plan (dated invoice lines with due and paid dates).
    pub contact: bool,
}

impl Available {
    /// Everything: an invoice file that reaches back far enough.
    pub const ALL: Available = Available {
        rhythm: true,
        trend: true,
        contact: true,
    };
}

/// The call lists: who to call now, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallList {
    /// Inactive, last purchase after R − 2W months: to reactivate.
    Reactivate,
    /// Active, the next order by their rhythm is due.
    Due,
    /// Active, silent for longer than their rhythm.
    Silent,
    /// Key customers (see [`is_key`](crate::analysis::trend::is_key)),
    /// buying clearly less than before: keep them.
    BuyingLess,
    /// Small, regular and growing: potential.
    Pearls,
}

impl CallList {
    /// All call lists, in the order the app shows them.
    pub const ALL: [CallList; 5] = [
        CallList::Due,
        CallList::Silent,
        CallList::BuyingLess,
        CallList::Pearls,
        CallList::Reactivate,
    ];

    /// Stable key for the filter select and test ids.
    pub fn key(self) -> &'static str {
        match self {
            CallList::Reactivate => "inactive-recent",
            CallList::Due => "due",
            CallList::Silent => "silent",
            CallList::BuyingLess => Signal::BuyingLess.key(),
            CallList::Pearls => Signal::Pearl.key(),
        }
    }

    /// The cadence a rhythm list shows; `None` for the other lists.
    pub fn cadence(self) -> Option<Cadence> {
        match self {
            CallList::Due => Some(Cadence::Due),
            CallList::Silent => Some(Cadence::Silent),
            CallList::Reactivate | CallList::BuyingLess | CallList::Pearls => None,
        }
    }

    /// The signal a trend list shows; `None` for the other lists.
    pub fn signal(self) -> Option<Signal> {
        match self {
            CallList::BuyingLess => Some(Signal::BuyingLess),
            CallList::Pearls => Some(Signal::Pearl),
            CallList::Reactivate | CallList::Due | CallList::Silent => None,
        }
    }

    /// Whether the analysis on screen can give this list.
    pub fn is_available(self, available: Available) -> bool {
        match self {
            CallList::Reactivate => true,
            CallList::Due | CallList::Silent => available.rhythm,
            CallList::BuyingLess => available.trend,
            CallList::Pearls => available.rhythm && available.trend,
        }
    }

    /// The list's name: the call plan's words after the count.
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            CallList::Reactivate => lang.pick("te heractiveren", "to reactivate"),
            CallList::Due => Cadence::Due.label(lang),
            CallList::Silent => Cadence::Silent.label(lang),
            CallList::BuyingLess => Signal::BuyingLess.label(lang),
            CallList::Pearls => Signal::Pearl.label(lang),
        }
    }

    /// The words after a count in the call plan: [`CallList::short`], in
    /// the singular for one ("1 kernklant die minder koopt").
    pub fn after_count(self, n: Option<u32>, lang: Lang) -> &'static str {
        match (self, n) {
            (CallList::BuyingLess, Some(1)) => {
                lang.pick("kernklant die minder koopt", "key customer buying less")
            }
            (CallList::Pearls, Some(1)) => lang.pick(
                "parel: kleine klant die groeit",
                "pearl: small customer growing",
            ),
            _ => self.short(lang),
        }
    }

    /// The list's name in the filter select.
    pub fn label(self, lang: Lang) -> String {
        let layer = match self {
            CallList::Reactivate => lang.pick("inactief, ", "inactive, "),
            _ => "",
        };
        format!(
            "{layer}{} ({})",
            self.short(lang),
            lang.pick("nu bellen", "call now")
        )
    }

    /// The name a downloaded list is saved under, without `.csv`.
    pub fn file_stem(self, lang: Lang) -> &'static str {
        match self {
            CallList::Reactivate => {
                lang.pick("bellijst-te-heractiveren", "call-list-to-reactivate")
            }
            CallList::Due => lang.pick("bellijst-aan-de-beurt", "call-list-due-to-reorder"),
            CallList::Silent => lang.pick(
                "bellijst-stiller-dan-ritme",
                "call-list-quieter-than-rhythm",
            ),
            CallList::BuyingLess => lang.pick(
                "bellijst-kernklanten-die-minder-kopen",
                "call-list-key-customers-buying-less",
            ),
            CallList::Pearls => lang.pick("bellijst-parels", "call-list-pearls"),
        }
    }

    /// The list with this [`CallList::key`].
    pub fn from_key(key: &str) -> Option<CallList> {
        CallList::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// What the user loaded: a file, pasted text or the built-in sample.
#[derive(Clone, Debug)]
pub enum Source {
    /// A dropped or picked file (a handle: the bytes are read in the worker).
    File(web_sys::File),
    /// Text pasted from a spreadsheet.
    Text(String),
    /// The built-in sample.
    Sample,
}

/// A load in progress, for the progress bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Loading {
    /// The command's id.
    pub id: u32,
    /// Bytes read so far.
    pub done: u64,
    /// Bytes in all (0 until the worker reports).
    pub total: u64,
    /// Rows read so far.
    pub rows: u64,
    /// When the load started (`performance.now()`, ms).
    pub started: f64,
    /// When the last progress arrived (ms).
    pub now: f64,
    /// The status line's height (px) when the load started: its progress
    /// keeps that room (0: not measured).
    pub room: f64,
}

/// The height (px) of the status line on the page now (0 without one).
fn status_line_height() -> f64 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".status-line").ok().flatten())
        .map_or(0.0, |line| line.get_bounding_client_rect().height())
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// The app state, provided as context by `<App/>`; read it with [`use_app`].
///
/// The dataset lives in a Web Worker. The page holds the settings and the
/// small results the worker sends back: the import summary, the analysis
/// (without per-customer rows) and the visible page of the customer table.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The language of the interface.
    pub lang: RwSignal<Lang>,
    /// How to read the file (user overrides of detection).
    pub options: RwSignal<ImportOptions>,
    /// How to analyse the dataset.
    pub settings: RwSignal<Settings>,
    /// The customer table's layer filter.
    pub filter: RwSignal<TableFilter>,
    /// What was imported (report, counts).
    pub import: RwSignal<Option<Shared<ImportSummary>>>,
    /// The analysis under the current settings.
    pub analysis: RwSignal<Option<Shared<AnalysisView>>>,
    /// The purchase rhythms of the analysis on screen; `None` while they are
    /// computed (just after a load). Apart from the analysis, so that their
    /// arrival redraws only the call plan and the table.
    pub rhythm: RwSignal<Option<RhythmCounts>>,
    /// The page of the customer table last received.
    pub page: RwSignal<Option<Shared<TablePage>>>,
    /// Why the last load gave nothing usable.
    pub error: RwSignal<Option<ImportError>>,
    /// A load in progress.
    pub loading: RwSignal<Option<Loading>>,
    /// How long the user waited for the import on screen, in ms: from the
    /// load's start on this page to its answer (before drawing), waiting for
    /// the worker included. A re-read after Cancel keeps the figure of the
    /// load it repeats.
    pub answered_in: RwSignal<Option<f64>>,
    /// Ids of the last command sent and the last reply received.
    pub traffic: RwSignal<(u32, u32)>,
    /// The dashboard is still being drawn, step by step (see `dashboard`).
    pub painting: RwSignal<bool>,
    /// The dashboard's chunk could not be fetched: no result can be read or
    /// shown, so no file is read either (the page says to reload).
    pub dashboard_missing: RwSignal<bool>,
    /// The status the page reports.
    pub stage: Memo<Stage>,
    /// The id of the last load or re-import: only its failure is an error.
    load_id: RwSignal<u32>,
    client: StoredValue<Option<WorkerClient>, LocalStorage>,
    /// The source being loaded, and the last one that loaded well (replayed after a cancel).
    loading_source: StoredValue<Option<Source>, LocalStorage>,
    last_good: StoredValue<Option<(Source, ImportOptions, Settings)>, LocalStorage>,
    /// The CSV file the worker is making (the one asked for last): its
    /// command id and the name to save it as.
    download: StoredValue<Option<(u32, String)>, LocalStorage>,
    /// How the dashboard's chunk draws a result aside, once it has loaded
    /// (see [`AppState::use_chunk`]); taken when a warm-up result was drawn so.
    rehearse: StoredValue<Option<Rehearse>, LocalStorage>,
    /// Which kind of file the worker is making, and which could not be made
    /// last ([`DownloadKind`] as a number; 0: none). Plain numbers in a
    /// signal type the page has anyway: each new type of signal adds its own
    /// code to the first download (measured: about 1 KB each).
    download_kinds: RwSignal<(u32, u32)>,
    /// Why that file could not be made.
    download_error: RwSignal<Option<ImportError>>,
}

/// Which CSV file a download button asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum DownloadKind {
    /// The customer table's rows.
    Customers = 1,
    /// The import's skipped rows, with their cells.
    SkippedRows = 2,
}

impl AppState {
    /// Shows the customer table with `filter` and scrolls to it (a count
    /// clicked anywhere on the dashboard).
    pub fn show_table(self, filter: TableFilter) {
        self.filter.set(filter);
        if let Some(table) = document().get_element_by_id("customers-heading") {
            table.scroll_into_view();
        }
    }

    /// The name of a customer-level file's column with the revenue of the
    /// period before ("Omzet 2024"), as the file has it; `None` without one.
    pub fn previous_revenue_column(self) -> Option<String> {
        self.column_of(Role::PreviousRevenue)
    }

    /// The name of the column with `role`, as the file has it; `None`
    /// without one.
    pub fn column_of(self, role: Role) -> Option<String> {
        self.import
            .with(|i| Some(i.as_ref()?.report.header_of(role)?.to_owned()))
    }

    /// Creates the signals and starts the worker (call once, inside the app's
    /// owner); `code` hears when the worker's code is in memory.
    pub fn new(lang: Lang, code: super::privacy::WhenLoaded) -> Self {
        let state = Self::without_worker(lang);
        // Once the worker's code (and the dashboard's) is in memory, the
        // offline copy is kept and the network sealed: from then on neither
        // the page nor any worker can make a connection.
        let client = WorkerClient::start(
            move |reply| state.receive(reply),
            move || state.crashed(),
            move || code.loaded(),
        );
        state.client.set_value(Some(client));
        state
    }

    /// A state without a worker: what it is asked for goes nowhere. For
    /// drawing a result aside, unseen (see [`super::dashboard`]).
    pub fn without_worker(lang: Lang) -> Self {
        let lang = RwSignal::new(lang);
        let error = RwSignal::new(None::<ImportError>);
        let loading = RwSignal::new(None::<Loading>);
        let analysis = RwSignal::new(None::<Shared<AnalysisView>>);
        let stage = Memo::new(move |_| {
            if loading.with(Option::is_some) {
                return Stage::Loading;
            }
            if let Some(error) = error.with(|e| e.as_ref().map(|e| e.message(lang.get()))) {
                return Stage::Error(error);
            }
            if analysis.with(Option::is_some) {
                Stage::Ready
            } else {
                Stage::Empty
            }
        });
        Self {
            lang,
            options: RwSignal::new(ImportOptions::default()),
            settings: RwSignal::new(Settings::default()),
            filter: RwSignal::new(TableFilter::default()),
            import: RwSignal::new(None),
            analysis,
            rhythm: RwSignal::new(None),
            page: RwSignal::new(None),
            error,
            loading,
            answered_in: RwSignal::new(None),
            traffic: RwSignal::new((0, 0)),
            painting: RwSignal::new(false),
            dashboard_missing: RwSignal::new(false),
            stage,
            load_id: RwSignal::new(0),
            client: StoredValue::new_local(None),
            loading_source: StoredValue::new_local(None),
            last_good: StoredValue::new_local(None),
            download: StoredValue::new_local(None),
            rehearse: StoredValue::new_local(None),
            download_kinds: RwSignal::new((0, 0)),
            download_error: RwSignal::new(None),
        }
    }

    /// Several files that cannot be read as one: say so (what is on
    /// screen stays; the next file clears the message).
    pub fn refuse_files(&self, names: Vec<String>) {
        self.error.set(Some(ImportError::CannotCombine { names }));
    }

    /// The dashboard's chunk has loaded: it decodes the worker's results,
    /// and draws a warm-up result aside (see [`Reply::WarmUp`]).
    pub fn use_chunk(&self, decode: Decode, rehearse: Rehearse) {
        self.rehearse.set_value(Some(rehearse));
        self.client.with_value(|c| {
            if let Some(c) = c {
                c.set_decoder(decode);
            }
        });
    }

    /// A warm-up result of the worker: a load's is drawn once, aside and
    /// unseen, while the page shows nothing else, so that the first file's
    /// dashboard is not the first drawn (its code runs compiled).
    fn warm_up(&self, reply: Reply) {
        let Reply::Loaded { import, view, .. } = reply else {
            return;
        };
        if self.stage.with_untracked(|s| *s != Stage::Empty) {
            return;
        }
        if let Some(rehearse) = self.rehearse.try_update_value(Option::take).flatten() {
            rehearse(self.lang.get_untracked(), *import, *view);
        }
    }

    /// A fresh worker in place of the busy one (its work is dropped, so
    /// every command sent counts as answered).
    fn restart_worker(&self) {
        self.client.with_value(|c| {
            if let Some(c) = c {
                c.restart();
            }
        });
        self.traffic.update(|t| t.1 = t.0);
    }

    /// The dashboard's chunk could not be fetched: nothing read can be
    /// shown. A load under way stops (its result could never be read) and
    /// no other starts.
    pub fn dashboard_failed(&self) {
        self.dashboard_missing.set(true);
        if self.loading.with_untracked(Option::is_some) {
            self.restart_worker();
            self.loading.set(None);
            self.loading_source.set_value(None);
        }
    }

    fn send(&self, command: Command, file: Option<&web_sys::Blob>) -> u32 {
        let id = self
            .client
            .with_value(|c| c.as_ref().map(|c| c.send(command, file)))
            .unwrap_or(0);
        self.traffic.update(|t| t.0 = id);
        id
    }

    fn send_load(&self, source: &Source) -> u32 {
        let settings = self.settings.get_untracked();
        let options = self.options.get_untracked();
        match source {
            Source::File(file) => self.send(
                Command::Load {
                    name: file.name(),
                    options,
                    settings,
                },
                Some(file),
            ),
            Source::Text(text) => self.send(
                Command::LoadText {
                    text: text.clone(),
                    settings,
                },
                None,
            ),
            Source::Sample => self.send(Command::LoadSample { settings }, None),
        }
    }

    /// Loads a new source: every per-file choice (column roles, conventions,
    /// reference date, account manager, table filter) starts afresh; the analysis settings the
    /// user chose (basis, window, percentages) are kept.
    pub fn load(&self, source: Source) {
        if self.dashboard_missing.get_untracked() {
            return;
        }
        self.options.set(ImportOptions::default());
        self.settings.update(|s| {
            s.reference_day = None;
            s.account_manager = None;
        });
        self.filter.set(TableFilter::default());
        // Anything still under way in the worker (a load, or the re-read
        // of the last good file after a Cancel) would be finished first.
        if self.loading.with_untracked(Option::is_some)
            || self
                .traffic
                .with_untracked(|(sent, answered)| sent > answered)
        {
            // The worker would finish the load under way first (seconds, for
            // a large file) before it even looks at this one: a fresh
            // worker instead, as Cancel does. Nothing of the old load is
            // kept: this file replaces it.
            self.restart_worker();
        }
        let id = self.send_load(&source);
        self.load_id.set(id);
        self.loading_source.set_value(Some(source));
        self.start_loading(id);
    }

    /// Changes the import options and re-reads the file in the worker
    /// (with progress and Cancel, like a load). Other roles or conventions
    /// are for the sheet on screen: the re-read keeps to it, rather than
    /// looking again for the first sheet that can be read.
    pub fn update_options(&self, change: impl FnOnce(&mut ImportOptions)) {
        let shown = self.shown_sheet();
        self.options.update(|o| {
            change(o);
            if o.sheet.is_none() {
                o.sheet = shown;
            }
        });
        self.reimport();
    }

    /// Back to what the import detects by itself, the sheet included.
    pub fn reset_options(&self) {
        self.options.set(ImportOptions::default());
        self.reimport();
    }

    /// Re-reads the file in the worker with the current options.
    fn reimport(&self) {
        let id = self.send(
            Command::Reimport {
                options: self.options.get_untracked(),
                settings: self.settings.get_untracked(),
            },
            None,
        );
        self.load_id.set(id);
        self.start_loading(id);
    }

    fn start_loading(&self, id: u32) {
        let started = now_ms();
        // Measured before the page shows the progress; a load that replaces
        // one under way keeps the room the first one found.
        let room = self
            .loading
            .with_untracked(|l| l.as_ref().map(|l| l.room))
            .unwrap_or_else(status_line_height);
        self.loading.set(Some(Loading {
            id,
            done: 0,
            total: 0,
            rows: 0,
            started,
            now: started,
            room,
        }));
    }

    /// Changes the settings and re-analyses the dataset in the worker.
    pub fn update_settings(&self, change: impl FnOnce(&mut Settings)) {
        let manager = self.settings.with_untracked(|s| s.account_manager);
        self.settings.update(change);
        // One account manager's own pyramid: a table narrowed to another
        // one (or to theirs) from the split per manager has had its day.
        if self.settings.with_untracked(|s| s.account_manager) != manager {
            self.filter.update(|f| f.manager = None);
        }
        if self.import.with_untracked(Option::is_some) {
            self.send(
                Command::Analyse {
                    settings: self.settings.get_untracked(),
                },
                None,
            );
        }
    }

    /// Asks the worker for a page of the customer table.
    pub fn request_page(&self, query: CustomerQuery) {
        if self.import.with_untracked(Option::is_some) {
            self.send(Command::Page { query }, None);
        }
    }

    /// Asks the worker for every row of the customer table that matches
    /// `query`, as a CSV file; it is offered for download as `file_name`
    /// when it arrives.
    pub fn export(&self, query: CustomerQuery, file_name: String) {
        if self.import.with_untracked(Option::is_some) {
            let lang = self.lang.get_untracked();
            let command = Command::Export { query, lang };
            self.download(command, file_name, DownloadKind::Customers);
        }
    }

    /// The workbook sheet whose report the import panel shows: the failed
    /// file's (see [`Self::failed_with_report`]), else the read file's.
    fn shown_sheet(&self) -> Option<usize> {
        if untrack(|| self.failed_with_report()) {
            self.error
                .with_untracked(|e| e.as_ref().and_then(ImportError::report)?.sheet)
        } else {
            self.import
                .with_untracked(|i| i.as_ref().and_then(|s| s.report.sheet))
        }
    }

    /// Whether the file on screen is an error with a report to correct it
    /// by: no row was usable, or no column was the customer or the amount.
    pub fn failed_with_report(&self) -> bool {
        self.stage.with(|s| matches!(s, Stage::Error(_)))
            && self
                .error
                .with(|e| e.as_ref().and_then(ImportError::report).is_some())
    }

    /// Asks the worker for every warning of the import with its row's cells
    /// (it reads the file again), offered as "overgeslagen-rijen.csv".
    pub fn export_skipped_rows(&self) {
        let lang = self.lang.get_untracked();
        let name = lang.pick("overgeslagen-rijen.csv", "skipped-rows.csv");
        let command = Command::SkippedRows { lang };
        self.download(command, name.to_string(), DownloadKind::SkippedRows);
    }

    /// Sends a command the worker answers with a CSV file, to be offered for
    /// download as `file_name`.
    fn download(&self, command: Command, file_name: String, kind: DownloadKind) {
        let id = self.send(command, None);
        self.download.set_value(Some((id, file_name)));
        self.download_kinds.set((kind as u32, 0));
        self.download_error.set(None);
    }

    /// Whether the worker is making a `kind` file (its button waits).
    pub fn downloading(&self, kind: DownloadKind) -> bool {
        self.download_kinds.with(|k| k.0 == kind as u32)
    }

    /// Why the last `kind` file could not be made, as a sentence.
    pub fn download_failed(&self, kind: DownloadKind) -> Option<String> {
        if self.download_kinds.with(|k| k.1) != kind as u32 {
            return None;
        }
        let lang = self.lang.get();
        self.download_error
            .with(|e| e.as_ref().map(|e| e.message(lang)))
    }

    /// Stops a load at once. The worker is replaced; the last good file is
    /// read again in the background, so what is on screen stays usable.
    pub fn cancel(&self) {
        self.restart_worker();
        self.loading.set(None);
        self.drop_download();
        self.loading_source.set_value(None);
        if let Some((source, options, settings)) = self.last_good.get_value() {
            // Back to exactly what was on screen: its options and settings.
            self.options.set(options);
            self.settings.set(settings);
            let id = self.send_load(&source);
            self.load_id.set(id);
            self.loading_source.set_value(Some(source));
        }
    }

    /// The worker died (the browser ran out of memory, or a bug trapped).
    /// Its dataset is gone: say so plainly; a fresh worker is already waiting.
    fn crashed(&self) {
        self.traffic.update(|t| t.1 = t.0);
        self.loading.set(None);
        self.drop_download();
        self.import.set(None);
        self.analysis.set(None);
        self.page.set(None);
        self.loading_source.set_value(None);
        self.last_good.set_value(None);
        self.error.set(Some(ImportError::Crashed));
    }

    fn receive(&self, reply: Reply) {
        match reply {
            // The client consumes Ready; nothing to do should one arrive.
            Reply::Ready => {}
            Reply::WarmUp(reply) => self.warm_up(*reply),
            Reply::Progress {
                id,
                done,
                total,
                rows,
            } => {
                self.loading.update(|l| {
                    if let Some(l) = l.as_mut().filter(|l| l.id == id) {
                        l.done = done;
                        l.total = total;
                        l.rows = rows;
                        l.now = now_ms();
                    }
                });
            }
            // A load that a newer load or re-read has overtaken is of no use.
            Reply::Loaded { id, .. } if id < self.load_id.get_untracked() => self.answered(id),
            Reply::Loaded { id, import, view } => {
                if let Some(source) = self.loading_source.get_value() {
                    self.last_good.set_value(Some((
                        source,
                        self.options.get_untracked(),
                        self.settings.get_untracked(),
                    )));
                }
                let started = self
                    .loading
                    .with_untracked(|l| l.as_ref().filter(|l| l.id == id).map(|l| l.started));
                if let Some(started) = started {
                    self.answered_in.set(Some(now_ms() - started));
                }
                self.import.set(Some(Shared::new(*import)));
                self.rhythm.set(view.rhythm.clone());
                self.analysis.set(Some(Shared::new(*view)));
                self.error.set(None);
                // A new file: the last one's failed download is past.
                self.forget_failed_download();
                self.loading.update(|l| {
                    if l.as_ref().is_some_and(|l| l.id <= id) {
                        *l = None;
                    }
                });
                self.answered(id);
            }
            // From before the latest load: of no use.
            Reply::Analysed { id, .. } if id < self.load_id.get_untracked() => self.answered(id),
            Reply::Analysed { id, view } => {
                self.rhythm.set(view.rhythm.clone());
                self.analysis.set(Some(Shared::new(*view)));
                self.answered(id);
            }
            Reply::Export { id, csv, .. } => {
                // Only the latest request is saved: two clicks, one file.
                if let Some(name) = self.take_download(id)
                    && let Err(e) = download_text(&name, &csv, "text/csv;charset=utf-8")
                {
                    leptos::logging::warn!("the export could not be offered: {e}");
                }
                self.answered(id);
            }
            // A load's rhythms, right after its first result (with its id).
            Reply::Rhythms { id, .. } if id < self.load_id.get_untracked() => self.answered(id),
            Reply::Rhythms { id, counts } => {
                self.rhythm.set(Some(counts));
                self.answered(id);
            }
            Reply::Page { id, page } => {
                self.page.set(Some(Shared::new(page)));
                self.answered(id);
            }
            Reply::Failed { id, error } => {
                let kind = self.download_kinds.with_untracked(|k| k.0);
                if self.take_download(id).is_some() {
                    self.download_kinds.update(|k| k.1 = kind);
                    self.download_error.set(Some(error));
                } else if id == self.load_id.get_untracked() {
                    self.import.set(None);
                    self.analysis.set(None);
                    self.page.set(None);
                    self.error.set(Some(error));
                    self.forget_failed_download();
                    self.loading.set(None);
                }
                self.answered(id);
            }
        }
    }

    /// No download waited for, none failed (the worker was replaced).
    fn drop_download(&self) {
        self.download.set_value(None);
        self.download_kinds.set((0, 0));
    }

    /// The last failed download is past (another file is on screen).
    fn forget_failed_download(&self) {
        self.download_kinds.update(|k| k.1 = 0);
        self.download_error.set(None);
    }

    /// The file name of the download command `id` answers, if it is the
    /// one waited for (its button stops waiting when its answer is an
    /// export; a failure says which kind failed, see `receive`).
    fn take_download(&self, id: u32) -> Option<String> {
        let (waited, name) = self.download.get_value()?;
        if waited != id {
            return None;
        }
        self.download.set_value(None);
        self.download_kinds.update(|k| k.0 = 0);
        Some(name)
    }

    fn answered(&self, id: u32) {
        self.traffic.update(|t| t.1 = t.1.max(id));
    }

    /// The basis of the analysis on screen as a word in a sentence ("omzet").
    pub fn basis_word(&self) -> &'static str {
        let basis = self
            .analysis
            .with(|a| a.as_ref().map(|a| a.basis))
            .unwrap_or_default();
        basis.noun(self.lang.get())
    }

    /// Whether the worker still owes replies or the dashboard is still being
    /// drawn (for tests: `data-pending`).
    pub fn pending(&self) -> bool {
        self.traffic.with(|(sent, answered)| sent > answered)
            || self.painting.get()
            || self.rhythms_pending()
    }

    /// The analysis on screen still waits for its purchase rhythms (they
    /// follow a load's first result).
    pub fn rhythms_pending(&self) -> bool {
        self.analysis.with(Option::is_some) && self.rhythm.with(Option::is_none)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_lists_round_trip_through_their_keys() {
        for list in CallList::ALL {
            assert_eq!(CallList::from_key(list.key()), Some(list));
            // The layer select holds layers and call lists: no key is both.
            assert_eq!(Layer::from_key(list.key()), None);
        }
        assert_eq!(CallList::from_key(""), None);
        // "active" (all active customers) is neither.
        assert_eq!(
            (CallList::from_key("active"), Layer::from_key("active")),
            (None, None)
        );
    }

    #[test]
    fn all_active_customers_are_the_four_upper_layers() {
        use Layer::*;
        let active = TableFilter::active();
        assert_eq!(active.layers(), Some(vec![Top, Large, Medium, Small]));
        assert_eq!(active.file_name(Lang::Nl), "klanten-actief.csv");
        assert_eq!(TableFilter::default().layers(), None);
        // A layer clicked in the pyramid shows that layer alone.
        let mut f = TableFilter::active();
        f.toggle_layer(Small);
        assert_eq!((f.layers(), f.active), (Some(vec![Small]), false));
    }

    #[test]
    fn a_call_list_is_a_filter_sorted_the_way_it_is_worked_through() {
        let due = TableFilter::call_list(CallList::Due);
        assert_eq!((due.layer, due.call), (None, Some(CallList::Due)));
        assert_eq!((due.sort, due.descending), (SortColumn::Rank, false));
        let silent = TableFilter::call_list(CallList::Silent);
        assert_eq!((silent.sort, silent.descending), (SortColumn::Rank, false));
        // Pearls: largest first; key customers buying less: largest drop
        // first. Over all layers (the signal itself says which).
        let pearls = TableFilter::call_list(CallList::Pearls);
        assert_eq!((pearls.layer, pearls.call), (None, Some(CallList::Pearls)));
        assert_eq!((pearls.sort, pearls.descending), (SortColumn::Rank, false));
        let less = TableFilter::call_list(CallList::BuyingLess);
        assert_eq!((less.layer, less.call), (None, Some(CallList::BuyingLess)));
        assert_eq!((less.sort, less.descending), (SortColumn::Trend, false));
        let again = TableFilter::call_list(CallList::Reactivate);
        assert_eq!(again.layer, Some(Layer::Inactive));
        assert_eq!(
            (again.sort, again.descending),
            (SortColumn::LastPurchase, true)
        );
    }

    #[test]
    fn lists_and_sorts_the_analysis_cannot_give_are_left() {
        let customer_level = Available {
            rhythm: false,
            trend: false,
            contact: false,
        };
        let short_file = Available {
            rhythm: true,
            trend: false,
            contact: true,
        };
        // A customer-level file: no rhythm, no trend.
        for list in [
            CallList::Due,
            CallList::Silent,
            CallList::Pearls,
            CallList::BuyingLess,
        ] {
            let mut f = TableFilter::call_list(list);
            assert!(f.keep_available(customer_level), "{list:?}");
            assert_eq!(f.call, None);
            assert_eq!(f.sort, SortColumn::Rank);
        }
        for column in [
            SortColumn::Expected,
            SortColumn::Interval,
            SortColumn::Trend,
        ] {
            let mut sorted = TableFilter {
                sort: column,
                descending: true,
                ..TableFilter::default()
            };
            assert!(sorted.keep_available(customer_level));
            assert_eq!((sorted.sort, sorted.descending), (SortColumn::Rank, false));
        }
        // A file that does not reach back: rhythms stay, the trend goes.
        let mut due = TableFilter::call_list(CallList::Due);
        assert!(!due.keep_available(short_file));
        let mut pearls = TableFilter::call_list(CallList::Pearls);
        assert!(pearls.keep_available(short_file));
        let mut by_trend = TableFilter {
            sort: SortColumn::Trend,
            ..TableFilter::default()
        };
        assert!(by_trend.keep_available(short_file));
        let mut by_expected = TableFilter {
            sort: SortColumn::Expected,
            ..TableFilter::default()
        };
        assert!(!by_expected.keep_available(short_file));
        // The movement needs the trend.
        let mut moved = TableFilter::moved(Layer::Top, Some(Layer::Small));
        assert!(moved.keep_available(short_file));
        assert_eq!(
            moved,
            TableFilter {
                layer: Some(Layer::Small),
                ..TableFilter::default()
            }
        );
        let mut moved = TableFilter::moved(Layer::Top, None);
        assert!(!moved.keep_available(Available::ALL));
        assert_eq!(moved.previous_layer, Some(Layer::Top));
        // The contact plan needs due and paid dates.
        let mut plan = TableFilter::contact(ContactPlan::Tiresome);
        assert!(!plan.keep_available(short_file));
        assert!(plan.keep_available(Available {
            contact: false,
            ..Available::ALL
        }));
        assert_eq!(plan, TableFilter::default());
        // "To reactivate" needs neither: nothing changes, nothing is redrawn.
        let mut reactivate = TableFilter::call_list(CallList::Reactivate);
        assert!(!reactivate.keep_available(customer_level));
        assert_eq!(reactivate, TableFilter::call_list(CallList::Reactivate));
        // With everything available, nothing is ever left.
        for list in CallList::ALL {
            assert!(!TableFilter::call_list(list).keep_available(Available::ALL));
        }
    }

    #[test]
    fn one_customer_on_a_list_reads_in_the_singular() {
        let chip =
            |list: CallList, n: u32, lang: Lang| format!("{n} {}", list.after_count(Some(n), lang));
        assert_eq!(
            chip(CallList::BuyingLess, 1, Lang::Nl),
            "1 kernklant die minder koopt"
        );
        assert_eq!(
            chip(CallList::BuyingLess, 2, Lang::Nl),
            "2 kernklanten die minder kopen"
        );
        assert_eq!(
            chip(CallList::Pearls, 1, Lang::Nl),
            "1 parel: kleine klant die groeit"
        );
        assert_eq!(
            chip(CallList::Pearls, 0, Lang::En),
            "0 pearls: small customers growing"
        );
        assert_eq!(
            chip(CallList::Pearls, 1, Lang::En),
            "1 pearl: small customer growing"
        );
        // The others read well either way.
        assert_eq!(
            chip(CallList::Due, 1, Lang::Nl),
            "1 aan de beurt om te bestellen"
        );
        assert_eq!(chip(CallList::Reactivate, 1, Lang::Nl), "1 te heractiveren");
    }

    #[test]
    fn a_downloaded_list_is_named_after_what_it_shows() {
        assert_eq!(TableFilter::default().file_name(Lang::Nl), "klanten.csv");
        assert_eq!(
            TableFilter::call_list(CallList::Due).file_name(Lang::Nl),
            "bellijst-aan-de-beurt.csv"
        );
        let layer = TableFilter {
            layer: Some(Layer::Medium),
            abc: Some(AbcClass::A),
            search: " bakker ".into(),
            ..TableFilter::default()
        };
        assert_eq!(
            layer.file_name(Lang::Nl),
            "klanten-middelgroot-A-zoekresultaat.csv"
        );
        assert_eq!(layer.file_name(Lang::En), "customers-medium-A-search.csv");
        assert_eq!(
            TableFilter::approach(Approach::Service).file_name(Lang::Nl),
            "klanten-aanpak-service.csv"
        );
        // The movement: the layer now, then the layer in the period before.
        assert_eq!(
            TableFilter::moved(Layer::Inactive, Some(Layer::Small)).file_name(Lang::Nl),
            "klanten-klein-vorige-periode-nieuw-of-terug.csv"
        );
        assert_eq!(
            TableFilter::moved(Layer::Top, None).file_name(Lang::En),
            "customers-previous-period-top.csv"
        );
        assert_eq!(
            TableFilter::contact(ContactPlan::Blooming).file_name(Lang::Nl),
            "klanten-contactplan-bloeiend.csv"
        );
        let engaging_top = TableFilter {
            layer: Some(Layer::Top),
            ..TableFilter::contact(ContactPlan::Engaging)
        };
        assert_eq!(
            engaging_top.file_name(Lang::En),
            "customers-top-contact-plan-engaging.csv"
        );
        let due_sales = TableFilter {
            approach: Some(Approach::Sales),
            ..TableFilter::call_list(CallList::Due)
        };
        assert_eq!(
            due_sales.file_name(Lang::Nl),
            "bellijst-aan-de-beurt-aanpak-verkoop.csv"
        );
        assert_eq!(
            due_sales.file_name(Lang::En),
            "call-list-due-to-reorder-approach-sales.csv"
        );
        let theirs = |manager| TableFilter {
            manager: Some(manager),
            ..TableFilter::call_list(CallList::Silent)
        };
        assert_eq!(
            theirs(ManagerFilter::Named("Sanne de Boer".into())).file_name(Lang::Nl),
            "bellijst-stiller-dan-ritme-Sanne de Boer.csv"
        );
        assert_eq!(
            theirs(ManagerFilter::Nobody).file_name(Lang::En),
            "call-list-quieter-than-rhythm-without-account-manager.csv"
        );
    }

    #[test]
    fn a_layer_click_toggles_and_leaves_a_call_list_for_the_whole_layer() {
        let mut f = TableFilter::default();
        f.toggle_layer(Layer::Top);
        assert_eq!(f.layer, Some(Layer::Top));
        f.toggle_layer(Layer::Top);
        assert_eq!(f.layer, None);
        // From "to reactivate" (layer inactive), the inactive layer widens to all inactive.
        let mut f = TableFilter::call_list(CallList::Reactivate);
        f.toggle_layer(Layer::Inactive);
        assert_eq!((f.layer, f.call), (Some(Layer::Inactive), None));
        // From "due" (no layer), a layer click shows that layer.
        let mut f = TableFilter::call_list(CallList::Due);
        f.toggle_layer(Layer::Small);
        assert_eq!((f.layer, f.call), (Some(Layer::Small), None));
    }
}
