//! The analysis engine behind the Web Worker: it keeps the file's bytes, the
//! dataset and the latest analysis, and answers commands with small replies.
//!
//! Only what the views need crosses to the page: the import report, the
//! analysis without its per-customer rows, the names of the ≤ 1000 Pareto
//! points, and one page of the customer table at a time. A settings change
//! re-analyses the dataset in memory; a change of column roles or
//! conventions re-imports the bytes in memory. Nothing here knows about the
//! browser, so the protocol is tested natively.

use serde::{Deserialize, Serialize};

use super::analyse::{Analysis, PendingRows, RhythmCounts, analyse_in_stages, analyse_with};
use super::customers::{CustomerQuery, CustomerRow, matching};
use super::dataset::Dataset;
use super::export::{Columns, customers_csv};
use super::import::{
    ImportError, ImportOptions, ImportReport, Imported, import_every_warning, import_with_progress,
    split,
};
use super::lang::Lang;
use super::rhythm::PurchaseDays;
use super::sample::{SAMPLE_FILE_NAME, sample_csv};
use super::settings::Settings;

/// A command from the page, with the id its reply will carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// Chosen by the page; replies carry it so stale replies can be ignored.
    pub id: u32,
    /// What to do.
    pub command: Command,
}

/// What the page asks the engine to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Import a file (its bytes come alongside the command) and analyse it.
    Load {
        /// File name ("" for pasted text).
        name: String,
        /// How to read it.
        options: ImportOptions,
        /// How to analyse it.
        settings: Settings,
    },
    /// Import pasted text and analyse it.
    LoadText {
        /// The pasted text.
        text: String,
        /// How to analyse it.
        settings: Settings,
    },
    /// Generate the built-in sample, import and analyse it.
    LoadSample {
        /// How to analyse it.
        settings: Settings,
    },
    /// Re-read the bytes in memory with other options, and analyse.
    Reimport {
        /// How to read it.
        options: ImportOptions,
        /// How to analyse it.
        settings: Settings,
    },
    /// Re-analyse the dataset in memory.
    Analyse {
        /// How to analyse it.
        settings: Settings,
    },
    /// One page of the customer table.
    Page {
        /// Search, filters, sort, offset and limit.
        query: CustomerQuery,
    },
    /// Every warning of the import, with its row's cells, as a CSV file
    /// (answered with [`Reply::Export`]): the file is read again for it.
    SkippedRows {
        /// The language of the header and the reasons.
        lang: Lang,
    },
    /// Every row of the customer table that matches, as a CSV file.
    Export {
        /// Search, filters and sort (offset and limit are ignored).
        query: CustomerQuery,
        /// The language of the header and the number format.
        lang: Lang,
    },
}

/// What the page needs to know about an import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// The file's name ("" for pasted text).
    pub file_name: String,
    /// Size of the input in bytes.
    pub bytes: u64,
    /// Everything the importer decided and every problem it met.
    pub report: ImportReport,
    /// Number of relations in the dataset.
    pub customers: u32,
    /// Whether profit can be the basis.
    pub has_profit: bool,
    /// The account managers the file names (empty when it names none).
    pub account_managers: Vec<String>,
    /// How long reading and computing took, when the host measured it
    /// (the engine has no clock; the worker fills this in).
    pub timings: Option<Timings>,
}

/// Where the time of a load went, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Waiting for the file's bytes (while reading in parts, the time the
    /// worker had nothing to read its rows from).
    pub read_ms: f64,
    /// Import and analysis: the rest of the time.
    pub compute_ms: f64,
    /// In how many parts the file was read at once (two workers: 2).
    pub parts: u8,
    /// When each step of a load in two parts ended; `None` for one pass.
    pub steps: Option<Steps>,
}

/// When each step of a load in two parts ended, in milliseconds from the
/// load's command: where its time went, for `make bench`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Steps {
    /// The plan made on the file's start (and sent to the second worker).
    pub planned_ms: f64,
    /// This worker's part read (the second worker's may still be coming:
    /// how far apart the two end shows how evenly the file is cut).
    pub first_ms: f64,
    /// Both parts read: this worker's, and the second worker's come.
    pub parts_ms: f64,
    /// The parts joined into one import.
    pub joined_ms: f64,
    /// Analysed (the result is posted right after).
    pub analysed_ms: f64,
}

/// The analysis as the page shows it: without the per-customer rows (the
/// table asks for pages), with the names of the customers at the Pareto points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalysisView {
    /// The analysis; its `customers` list is left empty.
    pub analysis: Analysis,
    /// For each Pareto point, the name of the customer at that point.
    /// Serialised as one byte string (see [`packed`](super::packed)).
    #[serde(with = "super::packed")]
    pub point_names: Vec<Option<String>>,
}

impl std::ops::Deref for AnalysisView {
    type Target = Analysis;

    fn deref(&self) -> &Analysis {
        &self.analysis
    }
}

/// One page of the customer table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TablePage {
    /// The query this page answers.
    pub query: CustomerQuery,
    /// How many customers match (the table's scroll height).
    pub total: u32,
    /// The rows of the page.
    pub rows: Vec<CustomerRow>,
}

/// What the engine answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has loaded and listens (sent once, first).
    Ready,
    /// Import progress.
    Progress {
        /// The command's id.
        id: u32,
        /// Bytes read so far.
        done: u64,
        /// Bytes in all.
        total: u64,
        /// Rows read so far.
        rows: u64,
    },
    /// A file was (re-)imported and analysed.
    Loaded {
        /// The command's id.
        id: u32,
        /// The import.
        import: Box<ImportSummary>,
        /// Its analysis.
        view: Box<AnalysisView>,
    },
    /// The dataset was re-analysed.
    Analysed {
        /// The command's id.
        id: u32,
        /// The analysis.
        view: Box<AnalysisView>,
    },
    /// The purchase rhythms of a load, added just after its first result (a
    /// customer-level file, which has none: its call counts, from its rows).
    Rhythms {
        /// The load's id.
        id: u32,
        /// The active customers by cadence.
        counts: RhythmCounts,
    },
    /// A page of the customer table.
    Page {
        /// The command's id.
        id: u32,
        /// The page.
        page: TablePage,
    },
    /// A CSV file: the customer table, or the skipped rows.
    Export {
        /// The command's id.
        id: u32,
        /// The file's text.
        csv: String,
        /// How many rows it lists.
        rows: u32,
    },
    /// Nothing usable came out of the file, or a command came before any file.
    Failed {
        /// The command's id.
        id: u32,
        /// Why.
        error: ImportError,
    },
    /// A reply of the worker's warm-up ([`Engine::warm_up`]), never shown:
    /// the page decodes it (and draws a load's dashboard aside, unseen), so
    /// that its first real result is not the first of its kind (that decode
    /// took 17–23 ms in headless Chromium, the next one 0.4–2 ms: one-time
    /// compiling and setting up).
    WarmUp(Box<Reply>),
}

/// The file a dataset was read from, kept even when its import failed, so
/// that other options (or going back to automatic detection) can re-read it.
pub struct SourceFile {
    /// The file's name ("" for pasted text).
    pub name: String,
    /// Its bytes; `None` while they are not in memory (a large file read in
    /// parts: its caller keeps the file and reads it again when a command
    /// needs it, see [`Engine::needs_source`]).
    pub bytes: Option<Vec<u8>>,
    /// The options it was read with.
    pub options: ImportOptions,
}

/// The imported and analysed state.
struct Loaded {
    dataset: Dataset,
    /// Every customer's purchase days: built once, just after the first
    /// result is out (see [`Engine::complete`]), reused by every re-analysis.
    days: Option<PurchaseDays>,
    summary: ImportSummary,
    analysis: Analysis,
    /// A load's rows, while they are still to be built: its figures are
    /// posted first (see [`Engine::complete`]).
    rows: Option<PendingRows>,
    /// The page has had the analysis but not its rhythms (or a
    /// customer-level file's call counts) yet: until [`Engine::complete`].
    owes_rhythms: bool,
    /// The last table query (without offset/limit) and its ordered matches.
    order: Option<(CustomerQuery, Vec<u32>)>,
}

/// The engine: at most one file and one dataset at a time.
#[derive(Default)]
pub struct Engine {
    source: Option<SourceFile>,
    loaded: Option<Loaded>,
    /// The file's bytes were dropped because they could not be completed.
    source_lost: bool,
}

/// How [`Engine::warm_up`] reads the sample: as a small file is read, or as
/// a large one (see [`split`](super::import::split)).
#[derive(Clone, Copy, Debug)]
pub enum WarmUp {
    /// In one pass.
    OnePass,
    /// In two parts, fed a piece at a time.
    InTwoParts,
}

/// Progress callback: bytes done, bytes in all, rows read.
pub type ProgressFn<'a> = &'a mut dyn FnMut(u64, u64, u64);

impl Engine {
    /// A fresh engine without data.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs the whole pipeline once on the built-in sample, read `way`, and
    /// throws the result away: the import, the analysis, its purchase
    /// rhythms and a table page. `each` sees every reply (the worker encodes
    /// them, as it would to post them). `true` when every step answered.
    ///
    /// The workers call this while they wait for the first file (the main
    /// worker both ways, its helper in two parts): a browser compiles each
    /// wasm function when it first runs, in a quick baseline compile, and
    /// optimises only code that has run for a while (on other threads: on
    /// two cores, those a file is read on). Without this a user's first
    /// file paid for those compiles and ran partly on slow code.
    pub fn warm_up(way: WarmUp, each: &mut dyn FnMut(&Reply)) -> bool {
        let mut engine = Engine::new();
        let settings = Settings::default();
        let mut answered = |reply: Reply| {
            each(&reply);
            !matches!(reply, Reply::Failed { .. })
        };
        let loaded = match way {
            WarmUp::OnePass => engine.handle(
                Envelope {
                    id: 0,
                    command: Command::LoadSample {
                        settings: settings.clone(),
                    },
                },
                Vec::new(),
                &mut |_, _, _| {},
            ),
            WarmUp::InTwoParts => {
                let bytes = sample_csv().into_bytes();
                let options = ImportOptions::default();
                let piece = bytes.len() / 8;
                let cut = bytes.len() / 2;
                let Some(imported) =
                    split::import_in_two(&bytes, cut, piece, SAMPLE_FILE_NAME, &options)
                else {
                    return false;
                };
                let file = SourceFile {
                    name: SAMPLE_FILE_NAME.to_owned(),
                    bytes: None,
                    options,
                };
                engine.load_imported(0, file, bytes.len() as u64, imported, &settings)
            }
        };
        let ok = answered(loaded);
        let Some(rhythms) = engine.complete(0) else {
            return false;
        };
        let page = engine.handle(
            Envelope {
                id: 0,
                command: Command::Page {
                    query: CustomerQuery::default(),
                },
            },
            Vec::new(),
            &mut |_, _, _| {},
        );
        ok & answered(rhythms) & answered(page)
    }

    /// Drops the file and dataset in memory. A new file is read only after
    /// this, so two large files are never held at once.
    pub fn forget(&mut self) {
        self.loaded = None;
        self.source = None;
        self.source_lost = false;
    }

    /// Handles one command. `bytes` carries a `Load` command's file.
    pub fn handle(&mut self, envelope: Envelope, bytes: Vec<u8>, progress: ProgressFn) -> Reply {
        let id = envelope.id;
        // A command after a load that was not completed (the worker always
        // completes one at once) still reads whole rows.
        if let Some(loaded) = &mut self.loaded {
            loaded.fill_rows();
        }
        match envelope.command {
            Command::Load {
                name,
                options,
                settings,
            } => self.load(id, name, bytes, &options, &settings, progress),
            Command::LoadText { text, settings } => self.load(
                id,
                String::new(),
                text.into_bytes(),
                &ImportOptions::default(),
                &settings,
                progress,
            ),
            Command::LoadSample { settings } => self.load(
                id,
                SAMPLE_FILE_NAME.to_owned(),
                sample_csv().into_bytes(),
                &ImportOptions::default(),
                &settings,
                progress,
            ),
            Command::Reimport { options, settings } => match self.source.take() {
                Some(SourceFile {
                    name,
                    bytes: Some(bytes),
                    ..
                }) => self.load(id, name, bytes, &options, &settings, progress),
                elsewhere => {
                    self.source = elsewhere;
                    Reply::Failed {
                        id,
                        error: self.no_source(),
                    }
                }
            },
            Command::Analyse { settings } => match &mut self.loaded {
                Some(loaded) => {
                    let days = loaded
                        .days
                        .get_or_insert_with(|| PurchaseDays::new(&loaded.dataset));
                    loaded.analysis = analyse_with(&loaded.dataset, days, &settings);
                    // The view carries the rhythms.
                    loaded.owes_rhythms = false;
                    loaded.order = None;
                    Reply::Analysed {
                        id,
                        view: Box::new(view_of(&mut loaded.analysis, &loaded.dataset)),
                    }
                }
                None => Reply::Failed {
                    id,
                    error: ImportError::NothingLoaded,
                },
            },
            Command::SkippedRows { lang } => match &self.source {
                Some(SourceFile {
                    name,
                    bytes: Some(bytes),
                    options,
                }) => match import_every_warning(bytes, name, options) {
                    Ok(report) => Reply::Export {
                        id,
                        rows: report.warnings.len() as u32,
                        csv: report.skipped_rows_csv(lang),
                    },
                    Err(error) => Reply::Failed { id, error },
                },
                _ => Reply::Failed {
                    id,
                    error: self.no_source(),
                },
            },
            Command::Export { query, lang } => match &mut self.loaded {
                Some(loaded) => {
                    let columns = Columns::of(&loaded.analysis);
                    let order = ordered(&mut loaded.order, &loaded.analysis.customers, &query);
                    let rows = order
                        .iter()
                        .filter_map(|&i| loaded.analysis.customers.get(i as usize));
                    Reply::Export {
                        id,
                        csv: customers_csv(rows, lang, columns),
                        rows: order.len() as u32,
                    }
                }
                None => Reply::Failed {
                    id,
                    error: ImportError::NothingLoaded,
                },
            },
            Command::Page { query } => match &mut self.loaded {
                Some(loaded) => Reply::Page {
                    id,
                    page: page(loaded, query),
                },
                None => Reply::Failed {
                    id,
                    error: ImportError::NothingLoaded,
                },
            },
        }
    }

    fn load(
        &mut self,
        id: u32,
        name: String,
        bytes: Vec<u8>,
        options: &ImportOptions,
        settings: &Settings,
        progress: ProgressFn,
    ) -> Reply {
        self.forget();
        let total = bytes.len() as u64;
        let imported = import_with_progress(&bytes, &name, options, &mut |done, rows| {
            progress(done, total, rows)
        });
        let file = SourceFile {
            name,
            bytes: Some(bytes),
            options: options.clone(),
        };
        self.load_imported(id, file, total, imported, settings)
    }

    /// Takes an import made elsewhere (a file read in two parts, see
    /// [`split`](super::import::split)) and analyses it, as a load would.
    /// `file` is the file of `total` bytes, whose bytes the caller may keep
    /// out of memory (see [`Engine::needs_source`]).
    pub fn load_imported(
        &mut self,
        id: u32,
        file: SourceFile,
        total: u64,
        imported: Result<Imported, ImportError>,
        settings: &Settings,
    ) -> Reply {
        let reply = match imported {
            Ok(imported) => {
                let dataset = imported.dataset;
                let (mut analysis, rows) = analyse_in_stages(&dataset, settings);
                let summary = ImportSummary {
                    file_name: file.name.clone(),
                    bytes: total,
                    report: imported.report,
                    customers: dataset.customers.len() as u32,
                    has_profit: dataset.has_profit(),
                    account_managers: dataset
                        .account_managers
                        .iter()
                        .map(|m| m.to_string())
                        .collect(),
                    timings: None,
                };
                let view = view_of(&mut analysis, &dataset);
                self.loaded = Some(Loaded {
                    dataset,
                    days: None,
                    summary: summary.clone(),
                    analysis,
                    rows: Some(rows),
                    owes_rhythms: true,
                    order: None,
                });
                Reply::Loaded {
                    id,
                    import: Box::new(summary),
                    view: Box::new(view),
                }
            }
            Err(error) => {
                self.loaded = None;
                Reply::Failed { id, error }
            }
        };
        self.source = Some(file);
        self.source_lost = false;
        reply
    }

    /// Completes a load's first result: builds its rows, and adds the
    /// purchase rhythms and answers with their counts (`Rhythms`, with the
    /// load's `id`; table pages carry each row's rhythm from then on); or,
    /// for a customer-level file, which has no purchase days, answers with
    /// the call counts its rows gave. `None` when there is nothing to add.
    /// The worker calls this right after posting `Loaded`, so the page draws
    /// the pyramid meanwhile. Only the counts cross: the figures are
    /// unchanged, and the page redraws only what shows the rhythms.
    pub fn complete(&mut self, id: u32) -> Option<Reply> {
        let loaded = self.loaded.as_mut().filter(|l| l.owes_rhythms)?;
        loaded.owes_rhythms = false;
        loaded.fill_rows();
        if loaded.analysis.rhythm.is_none() {
            let days = loaded
                .days
                .get_or_insert_with(|| PurchaseDays::new(&loaded.dataset));
            loaded.analysis.add_rhythms(days);
            loaded.order = None;
        }
        Some(Reply::Rhythms {
            id,
            counts: loaded.analysis.rhythm.clone().unwrap_or_default(),
        })
    }

    /// Why there is no file to read again: its bytes were dropped or are
    /// not in memory, or none came.
    fn no_source(&self) -> ImportError {
        if self.source_lost || self.source.is_some() {
            ImportError::Unreadable
        } else {
            ImportError::NothingLoaded
        }
    }

    /// Whether `command` needs the file's bytes while they are not in
    /// memory: the caller reads the file again and hands them over
    /// ([`Engine::restore_source`]), or drops it ([`Engine::drop_source`])
    /// when it cannot be read, before handing over the command.
    pub fn needs_source(&self, command: &Command) -> bool {
        matches!(
            command,
            Command::Reimport { .. } | Command::SkippedRows { .. }
        ) && self.source.as_ref().is_some_and(|s| s.bytes.is_none())
    }

    /// A re-import of a file whose bytes are not in memory, as the load of
    /// that file with the new options that it is (a re-import reads the
    /// file afresh either way): its caller reads the file as it did the
    /// first time, in parts and with progress, instead of reading it whole
    /// before parsing ([`Engine::needs_source`]). `None` for any other command.
    pub fn reimport_as_load(&self, command: &Command) -> Option<Command> {
        let Command::Reimport { options, settings } = command else {
            return None;
        };
        let source = self.source.as_ref().filter(|s| s.bytes.is_none())?;
        Some(Command::Load {
            name: source.name.clone(),
            options: options.clone(),
            settings: settings.clone(),
        })
    }

    /// Hands over the bytes of a file that were not in memory (read again
    /// for a command that needs them, see [`Engine::needs_source`]).
    pub fn restore_source(&mut self, bytes: Vec<u8>) {
        if let Some(source) = &mut self.source {
            source.bytes = Some(bytes);
        }
    }

    /// Drops the file, keeping the dataset: when it cannot be read again
    /// (the file changed on disk or was moved), a re-import must not read
    /// half a file; it answers that the file cannot be read.
    pub fn drop_source(&mut self) {
        self.source = None;
        self.source_lost = true;
    }

    /// The current import summary, if a dataset is loaded.
    pub fn summary(&self) -> Option<&ImportSummary> {
        self.loaded.as_ref().map(|l| &l.summary)
    }
}

impl Loaded {
    /// Builds the rows of a load's first result, if they are still to be built.
    fn fill_rows(&mut self) {
        if let Some(rows) = self.rows.take() {
            rows.fill(&mut self.analysis, &self.dataset);
            self.order = None;
        }
    }
}

/// The page's view of an analysis. The per-customer rows stay here: they are
/// moved out while the rest is cloned, so a re-analysis never copies them.
fn view_of(analysis: &mut Analysis, dataset: &Dataset) -> AnalysisView {
    let point_names = analysis
        .pareto
        .points
        .iter()
        .map(|p| {
            p.customer
                .and_then(|id| dataset.customers.get(id as usize))
                .map(|c| c.name.to_string())
        })
        .collect();
    let rows = std::mem::take(&mut analysis.customers);
    let view = AnalysisView {
        analysis: analysis.clone(),
        point_names,
    };
    analysis.customers = rows;
    view
}

/// The rows matching a query (its offset and limit ignored), in its order,
/// as positions in the analysis' rows; kept until the query or the analysis
/// changes, so scrolling only slices it.
fn ordered<'a>(
    cache: &'a mut Option<(CustomerQuery, Vec<u32>)>,
    rows: &[CustomerRow],
    query: &CustomerQuery,
) -> &'a [u32] {
    let key = CustomerQuery {
        offset: 0,
        limit: 0,
        ..query.clone()
    };
    if !matches!(cache, Some((k, _)) if *k == key) {
        let order = matching(rows, &key);
        *cache = Some((key, order));
    }
    cache.as_ref().map(|(_, o)| o.as_slice()).unwrap_or(&[])
}

fn page(loaded: &mut Loaded, query: CustomerQuery) -> TablePage {
    let order = ordered(&mut loaded.order, &loaded.analysis.customers, &query);
    let rows = order
        .iter()
        .skip(query.offset)
        .take(query.limit)
        .filter_map(|&i| loaded.analysis.customers.get(i as usize).cloned())
        .collect();
    TablePage {
        total: order.len() as u32,
        query,
        rows,
    }
}
