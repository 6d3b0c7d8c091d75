//! Web Worker entry point: wires messages to the analysis engine.
//!
//! A message is `{ envelope, file? }`: the command (serde) and, for a load,
//! the `File` itself, read here with `FileReaderSync` so the page never
//! holds the bytes. Replies go back as serde values. "Ready" is posted first:
//! messages sent before the worker's wasm has loaded would be lost, so the
//! page queues them until then.
//!
//! Two cores: this worker starts a helper, a copy of itself (same script,
//! same compiled module) named [`HELPER`]. A large text file (UTF-8, or
//! Windows-1252 as Excel saves "CSV", decoded by each part) is read in
//! two parts at once (see `analysis::import::split`): the helper starts
//! reading the second part of the file while this worker reads the first
//! megabyte, plans the import and hands the plan over. Each reads its part
//! as a stream ([`FileStream`]) and its rows every [`FEED`] bytes while the
//! browser reads on. The helper's part
//! comes back as bytes (transferred, not copied) and is appended to this
//! worker's. Whatever cannot be split, or a helper that fails, falls back to
//! one pass here. Cancel terminates this worker, and with it the helper.
//!
//! After a load in two parts only the dataset stays in memory, not the
//! file's bytes: a re-import with other options and the skipped rows'
//! download read the file again (a file changed on disk since cannot be
//! read: they say so).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Object, Reflect, Uint8Array};
use klantenpiramide::analysis::engine::{
    Command, Engine, Envelope, Reply, SourceFile, Steps, Timings, WarmUp,
};
use klantenpiramide::analysis::import::split::{self, Plan, Stream};
use klantenpiramide::analysis::import::{ImportError, ImportOptions, MAX_BYTES};
use klantenpiramide::analysis::sample::benchmark_csv;
use klantenpiramide::analysis::settings::Settings;
use klantenpiramide::file_stream::FileStream;
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent, Worker};

/// Progress is posted at most this often (in bytes), so messages stay few.
const PROGRESS_STEP: u64 = 1 << 20;

/// ... and at most once in this many ms: every progress message is a frame the
/// page draws, on the two cores the workers read on. Posted at every step
/// (about every 35 ms on the 60 MB file), the page's main thread was busy
/// 149–161 ms until the pyramid, 112–148 ms with at most one per 150 ms.
/// `ab.mjs`, 10 rounds: medians 669 against 584 ms to the pyramid with this
/// limit (a slow hour), 540 against 484 ms with 150 ms.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// The file is read in slices of this size, each copied straight into wasm
/// memory: the whole file never exists twice (no full-size `ArrayBuffer`).
const READ_CHUNK: usize = 4 << 20;

/// A two-part load reads its parts as a stream into one reused buffer of
/// this size (see [`FileStream`]), and reads the rows of what came while
/// the browser goes on reading. Measured through the app on the 60 MB file
/// (`tests/bench/ab.mjs`, 8 and 10 rounds, medians): 4 MB 560 and 529 ms,
/// 8 MB 548, 2 MB (rows read per 4 MB) 544, 1 MB 626 (the default reader
/// with 1 MB: 647); the 8 MB `slice().arrayBuffer()` pieces before, each
/// asked for while the one before was read, 610 and 571 ms. The browser
/// hands over at most this much per read, often less.
const CHUNK: usize = 4 << 20;

/// The rows of a part are read once this many new bytes came (or its end).
const FEED: usize = 4 << 20;

/// The plan is made on the file's first this many bytes, twice as many
/// each time they hold too few rows for it (long rows), up to
/// [`PLAN_HEAD_MAX`].
const PLAN_HEAD: usize = 1 << 20;

/// The most of the file's start the plan waits for: a file it cannot plan
/// on this much is read in one pass.
const PLAN_HEAD_MAX: usize = 8 << 20;

/// Files from this size on are read in two parts: below it, starting the
/// second part costs about what it saves.
const SPLIT_FROM: usize = 16 << 20;

/// The worker warms up this many ms after its start at the latest, when no
/// helper has started by then.
const WARM_UP_LATEST: i32 = 1000;

/// The helper worker's name (`self.name` inside it).
const HELPER: &str = "klantenpiramide-helper";

/// The invoice lines [`warm_up_plan_message`] plans on (about 240 KB):
/// enough for a plan (its sample rows), little to make and read.
const PLAN_WARM_UP_ROWS: usize = 4_000;

fn post(scope: &DedicatedWorkerGlobalScope, reply: &impl Serialize) {
    match serde_wasm_bindgen::to_value(reply) {
        Ok(value) => {
            let _ = scope.post_message(&value);
        }
        Err(e) => web_sys::console::error_1(&format!("worker: cannot encode reply: {e}").into()),
    }
}

/// The message's file, if any.
fn file_of(data: &JsValue) -> Option<Blob> {
    Reflect::get(data, &"file".into()).ok()?.dyn_into().ok()
}

/// A page message that loads `file` with `envelope`'s command.
fn load_message(envelope: Envelope, file: &Blob) -> Option<JsValue> {
    let message = Object::new();
    let envelope = serde_wasm_bindgen::to_value(&envelope).ok()?;
    Reflect::set(&message, &"envelope".into(), &envelope).ok()?;
    Reflect::set(&message, &"file".into(), file).ok()?;
    Some(message.into())
}

/// A `Vec` with room for exactly `size` bytes, or the out-of-memory error
/// (the same message as a worker the browser stopped) instead of an abort.
fn buffer_for(size: usize) -> Result<Vec<u8>, ImportError> {
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(size)
        .map_err(|_| ImportError::Crashed)?;
    Ok(bytes)
}

/// Appends bytes `[bytes.len(), end)` of `blob` to `bytes` (which already
/// has the room), in [`READ_CHUNK`] slices.
fn read_into(blob: &Blob, bytes: &mut Vec<u8>, end: usize) -> Result<(), ImportError> {
    let reader = web_sys::FileReaderSync::new().map_err(|_| ImportError::Unreadable)?;
    while bytes.len() < end {
        let start = bytes.len();
        let stop = (start + READ_CHUNK).min(end);
        let view = blob
            .slice_with_f64_and_f64(start as f64, stop as f64)
            .and_then(|part| reader.read_as_array_buffer(&part))
            .map(|buffer| Uint8Array::new(&buffer))
            .map_err(|_| ImportError::Unreadable)?;
        let n = view.length() as usize;
        if n == 0 || n > stop - start || n > bytes.capacity() - bytes.len() {
            // The file changed on disk while it was being read.
            return Err(ImportError::Unreadable);
        }
        append_view(bytes, &view);
    }
    Ok(())
}

/// Appends all of `view` to `bytes`, into its room as it is (not zeroed
/// first); the room grows when it is short.
fn append_view(bytes: &mut Vec<u8>, view: &Uint8Array) {
    let n = view.length() as usize;
    bytes.reserve(n);
    let len = bytes.len();
    view.copy_to_uninit(&mut bytes.spare_capacity_mut()[..n]);
    // SAFETY: `copy_to_uninit` initialised the `n` bytes after the current length.
    unsafe { bytes.set_len(len + n) };
}

/// Appends bytes `[bytes.len(), end)` of `blob` to `bytes` (which already
/// has the room) through a [`FileStream`]'s one reused buffer: slices read
/// one after the other (`read_into`, where there is no stream) leave their
/// `ArrayBuffer`s to the garbage collector, 50 MB of a 60 MB file still
/// held when the import's own memory peaked.
async fn read_rest(blob: &Blob, bytes: &mut Vec<u8>, end: usize) -> Result<(), ImportError> {
    match FileStream::open(blob, bytes.len(), end, CHUNK, true) {
        Ok(mut rest) => rest.append_at_least(bytes, usize::MAX).await.map(|_| ()),
        Err(_) => read_into(blob, bytes, end),
    }
}

/// The size of a file the import takes, or why not.
fn size_of(blob: &Blob) -> Result<usize, ImportError> {
    let size = blob.size() as u64;
    if size > MAX_BYTES as u64 {
        return Err(ImportError::TooLarge {
            bytes: size,
            limit: MAX_BYTES as u64,
        });
    }
    Ok(size as usize)
}

/// Reads the message's whole file (empty without one). Files over the
/// import's limit are refused before a byte is read.
fn read_file(data: &JsValue) -> Result<Vec<u8>, ImportError> {
    let Some(blob) = file_of(data) else {
        return Ok(Vec::new());
    };
    let size = size_of(&blob)?;
    let mut bytes = buffer_for(size)?;
    read_into(&blob, &mut bytes, size)?;
    Ok(bytes)
}

fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or(0.0, |p| p.now())
}

/// A progress callback that posts [`Reply::Progress`] at most every
/// [`PROGRESS_STEP`] bytes and [`PROGRESS_EVERY_MS`], and at the end.
fn progress_poster(scope: &DedicatedWorkerGlobalScope, id: u32) -> impl FnMut(u64, u64, u64) + '_ {
    let mut next = PROGRESS_STEP;
    let mut not_before = f64::NEG_INFINITY;
    move |done: u64, total: u64, rows: u64| {
        if done == total || (done >= next && now(scope) >= not_before) {
            next = done + PROGRESS_STEP;
            not_before = now(scope) + PROGRESS_EVERY_MS;
            post(
                scope,
                &Reply::Progress {
                    id,
                    done,
                    total,
                    rows,
                },
            );
        }
    }
}

/// A promise and the function that resolves it: a one-shot signal.
fn signal() -> (js_sys::Promise, js_sys::Function) {
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
    let resolve = resolve.unwrap_or_else(|| js_sys::Function::new_no_args(""));
    (promise, resolve)
}

/// How far the helper is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Readiness {
    /// Started, not ready yet (it instantiates the module, in tens of ms).
    Starting,
    /// It said "ready": a large file can be read in two parts.
    Ready,
    /// It failed: never split with it again.
    Failed,
}

/// The helper worker, as this worker sees it.
struct Helper {
    worker: Worker,
    readiness: Rc<Cell<Readiness>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The worker the page talks to.
struct Host {
    scope: DedicatedWorkerGlobalScope,
    engine: RefCell<Engine>,
    helper: RefCell<Option<Helper>>,
    /// A load in two parts, or a file's second reading, is under way
    /// (across awaits).
    busy: Cell<bool>,
    /// The file of the last load in two parts: its bytes are not kept in
    /// memory, it is read again when a command needs them
    /// ([`Engine::needs_source`]).
    source_file: RefCell<Option<Blob>>,
    /// The page's messages that came meanwhile, handled after it.
    queue: RefCell<VecDeque<JsValue>>,
    /// The helper's part (in its byte form, as it came: outside this
    /// worker's memory) once it came (`None` inside: it failed), and the
    /// signal for a load waiting for it.
    second: RefCell<Option<Option<Uint8Array>>>,
    second_came: RefCell<Option<js_sys::Function>>,
    /// How far the helper is: bytes of its part read, and lines.
    second_progress: Cell<(u64, u64)>,
    /// A large file waits (first in the queue) for a helper that is starting.
    waiting_for_helper: Cell<bool>,
    /// Counts those waits: a wait's time-out ends that wait, never a later one.
    helper_waits: Cell<u32>,
    /// The last wait ran out: the helper that is starting is not waited for again.
    gave_up_on_helper: Cell<bool>,
    /// The warm-up ran (see [`Host::warm_up_once`]).
    warmed: Cell<bool>,
}

/// What a two-part load knows of its command.
struct Job {
    id: u32,
    name: String,
    options: ImportOptions,
    settings: Settings,
    file: Blob,
    size: usize,
    started: f64,
}

/// How a two-part attempt ended.
enum TwoParts {
    /// Answered: loaded in two parts, or failed with a reply.
    Done,
    /// Ruled out: read the rest after `bytes` and load in one pass.
    FallBack { bytes: Vec<u8>, waited: f64 },
}

impl Host {
    fn on_page_message(self: &Rc<Self>, data: JsValue) {
        let envelope = Reflect::get(&data, &"envelope".into())
            .ok()
            .and_then(|e| serde_wasm_bindgen::from_value::<Envelope>(e).ok());
        if self.busy.get() {
            self.queue.borrow_mut().push_back(data);
            return;
        }
        let Some(envelope) = envelope else {
            web_sys::console::error_1(&"worker: message without a valid envelope".into());
            return;
        };
        // A re-import of a file read in two parts is that file's load again.
        let reload = self.engine.borrow().reimport_as_load(&envelope.command);
        let id = envelope.id;
        if let Some(message) = reload.and_then(|command| {
            let file = self.source_file.borrow().clone()?;
            load_message(Envelope { id, command }, &file)
        }) {
            self.on_page_message(message);
            return;
        }
        if self.engine.borrow().needs_source(&envelope.command) {
            self.read_source_again(data, id);
            return;
        }
        if matches!(
            envelope.command,
            Command::Load { .. } | Command::LoadText { .. } | Command::LoadSample { .. }
        ) {
            *self.source_file.borrow_mut() = None;
        }
        let started = now(&self.scope);
        if let Command::Load {
            name,
            options,
            settings,
        } = &envelope.command
        {
            let large = file_of(&data)
                .and_then(|file| size_of(&file).ok().map(|size| (file, size)))
                .filter(|(_, size)| *size >= SPLIT_FROM);
            if large.is_some() && self.helper.borrow().is_none() {
                // Right after a load (a re-import, say): its helper has
                // gone, the next one was to start in a moment. Start it
                // now, and wait for it below like one starting.
                self.spawn_helper();
            }
            let readiness = self.helper.borrow().as_ref().map(|h| h.readiness.get());
            // A file dropped right after the page opened: its helper is
            // still starting. Reading in two parts is worth the wait; the
            // load waits first in the queue until the helper is ready or
            // failed, or a second has passed (then one pass).
            if large.is_some()
                && readiness == Some(Readiness::Starting)
                && !self.gave_up_on_helper.get()
            {
                self.busy.set(true);
                self.waiting_for_helper.set(true);
                let wait = self.helper_waits.get().wrapping_add(1);
                self.helper_waits.set(wait);
                self.queue.borrow_mut().push_front(data);
                self.after(1000, move |host| {
                    if host.waiting_for_helper.get() && host.helper_waits.get() == wait {
                        host.gave_up_on_helper.set(true);
                        host.helper_settled();
                    }
                });
                return;
            }
            self.engine.borrow_mut().forget();
            if let (Some((file, size)), Some(Readiness::Ready)) = (large, readiness) {
                let job = Job {
                    id,
                    name: name.clone(),
                    options: options.clone(),
                    settings: settings.clone(),
                    file,
                    size,
                    started,
                };
                self.busy.set(true);
                let host = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    host.load_in_two(job).await;
                    host.retire_helper();
                    host.spawn_helper_soon();
                    host.busy.set(false);
                    host.drain_queue();
                });
                return;
            }
        }
        let bytes = match read_file(&data) {
            Ok(bytes) => bytes,
            Err(error) => {
                post(&self.scope, &Reply::Failed { id, error });
                return;
            }
        };
        let read = now(&self.scope);
        let mut progress = progress_poster(&self.scope, id);
        let reply = self
            .engine
            .borrow_mut()
            .handle(envelope, bytes, &mut progress);
        self.post_timed(reply, read - started, now(&self.scope) - read, 1, None);
    }

    /// Reads the file of the last load in two parts again, for the command
    /// in `data` that needs its bytes, and then handles that command. The
    /// page's messages wait meanwhile. A file that cannot be read again
    /// (changed on disk, moved) is dropped: the command answers so. Without
    /// the memory for it, command `id` answers that, and the file stays to
    /// try again.
    fn read_source_again(self: &Rc<Self>, data: JsValue, id: u32) {
        let Some(file) = self.source_file.borrow_mut().take() else {
            // Nothing to read: the engine answers that it cannot.
            self.engine.borrow_mut().drop_source();
            self.on_page_message(data);
            return;
        };
        self.busy.set(true);
        let host = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let read = async {
                let size = size_of(&file)?;
                let mut bytes = buffer_for(size)?;
                read_rest(&file, &mut bytes, size).await?;
                Ok::<_, ImportError>(bytes)
            };
            // Whether the command can be handled now (with the bytes, or
            // answering that the file cannot be read).
            let handle = match read.await {
                Ok(bytes) => {
                    host.engine.borrow_mut().restore_source(bytes);
                    true
                }
                Err(error @ ImportError::Crashed) => {
                    *host.source_file.borrow_mut() = Some(file);
                    post(&host.scope, &Reply::Failed { id, error });
                    false
                }
                Err(_) => {
                    host.engine.borrow_mut().drop_source();
                    true
                }
            };
            host.busy.set(false);
            if handle {
                host.on_page_message(data);
            }
            host.drain_queue();
        });
    }

    /// Posts a reply, with the load's timings when it is a load. After a
    /// load, adds the purchase rhythms and posts the complete analysis: the
    /// page draws the pyramid meanwhile.
    fn post_timed(
        &self,
        mut reply: Reply,
        read_ms: f64,
        compute_ms: f64,
        parts: u8,
        steps: Option<Steps>,
    ) {
        let loaded = match &mut reply {
            Reply::Loaded { id, import, .. } => {
                import.timings = Some(Timings {
                    read_ms,
                    compute_ms,
                    parts,
                    steps,
                });
                Some(*id)
            }
            _ => None,
        };
        post(&self.scope, &reply);
        drop(reply);
        if let Some(complete) = loaded.and_then(|id| self.engine.borrow_mut().complete(id)) {
            post(&self.scope, &complete);
        }
    }

    /// Loads a large file in two parts (the helper reads the second), the
    /// rows of each read as its bytes come. Anything that
    /// rules the split out ends in one pass over the whole file.
    async fn load_in_two(self: &Rc<Self>, job: Job) {
        // The one pass runs after the attempt has returned, so nothing the
        // attempt held (the first part's columns, reserved for the whole
        // file; the helper's part) is still allocated during it.
        if let TwoParts::FallBack { bytes, waited } = self.try_in_two(&job).await {
            self.fall_back(job, bytes, waited).await;
        }
    }

    async fn try_in_two(self: &Rc<Self>, job: &Job) -> TwoParts {
        let size = job.size;
        let cut = split::cut(size);
        let limit = split::first_part_len(size);
        *self.second.borrow_mut() = None;
        self.second_progress.set((0, 0));
        self.tell_helper(
            "read",
            &[("file", job.file.clone().into()), ("from", cut.into())],
        );
        // The file's start is asked for before the room for the first part
        // is made: growing the worker's memory takes 5–20 ms. Only the first
        // part is kept while it is read: the whole file's room (growing the
        // memory by the file's size before the first byte) made the load
        // 20–40 ms slower in the browser (`tests/bench/ab.mjs`), and after
        // the load the file is read again only when a command needs it.
        let opened = FileStream::open(&job.file, 0, limit, CHUNK, true);
        let mut bytes = match buffer_for(limit) {
            Ok(bytes) => bytes,
            Err(error) => {
                post(&self.scope, &Reply::Failed { id: job.id, error });
                return TwoParts::Done;
            }
        };
        let Ok(mut file) = opened else {
            return TwoParts::FallBack { bytes, waited: 0.0 };
        };
        // Time spent waiting for the file's bytes.
        let mut waited = 0.0;
        let mut get = async |file: &mut FileStream, bytes: &mut Vec<u8>, more: usize| {
            let t = now(&self.scope);
            let got = file.append_at_least(bytes, more).await;
            waited += now(&self.scope) - t;
            got
        };
        // The plan, on the file's first megabyte (more for long rows); the
        // first part's rows start with those.
        let head_max = PLAN_HEAD_MAX.min(cut);
        let mut head = PLAN_HEAD.min(head_max);
        // The start's text when it must be decoded (Windows-1252).
        let mut decoded = Vec::new();
        let planned = loop {
            let more = head.saturating_sub(bytes.len());
            if let Err(error) = get(&mut file, &mut bytes, more).await {
                post(&self.scope, &Reply::Failed { id: job.id, error });
                return TwoParts::Done;
            }
            // Never past the cut: those rows are the helper's.
            let start = &bytes[..bytes.len().min(cut)];
            if let Some(planned) =
                split::plan_first(start, &mut decoded, size, &job.name, &job.options)
            {
                break Some(planned);
            }
            if head >= head_max || file.left() == 0 || !split::may_plan_on_more(start, &job.name) {
                break None;
            }
            head = (head * 2).min(head_max);
        };
        let Some(planned) = planned else {
            drop(file);
            return TwoParts::FallBack { bytes, waited };
        };
        match serde_wasm_bindgen::to_value(planned.plan()) {
            Ok(plan) => self.tell_helper("plan", &[("plan", plan)]),
            Err(_) => return TwoParts::FallBack { bytes, waited },
        }
        let since = |t: f64| t - job.started;
        let mut steps = Steps {
            planned_ms: since(now(&self.scope)),
            ..Steps::default()
        };
        let Some((plan, mut stream)) = planned.read(&mut |_, _, _| {}) else {
            return TwoParts::FallBack { bytes, waited };
        };
        let mut progress = progress_poster(&self.scope, job.id);
        // The first part ends at the first line ending after the cut. The
        // rows of what came are read first: what was read for the plan may
        // reach that end already.
        let end = loop {
            if self.helper_failed() {
                // No part will come: one pass now, not after reading this half.
                return TwoParts::FallBack { bytes, waited };
            }
            let have = bytes.len();
            let end = split::second_part_start(&bytes, 0, cut);
            let upto = end.unwrap_or(have);
            if stream
                .feed(&plan, &bytes, upto, end.is_some(), &mut |_, _, _| {})
                .is_none()
            {
                return TwoParts::FallBack { bytes, waited };
            }
            // Both parts: the helper reports between this part's pieces.
            let (done, lines) = self.second_progress.get();
            progress(
                (upto as u64 + done).min(size as u64),
                size as u64,
                stream.lines() + lines,
            );
            if end.is_some() {
                break end;
            }
            if file.left() == 0 || get(&mut file, &mut bytes, FEED).await.is_err() {
                return TwoParts::FallBack { bytes, waited };
            }
        };
        // The look-ahead past the first part's end is not needed.
        drop(file);
        let first = match (end, stream.closed()) {
            (Some(_), Some(first)) => first,
            _ => return TwoParts::FallBack { bytes, waited },
        };
        steps.first_ms = since(now(&self.scope));
        let Some(second) = self.second_part().await else {
            return TwoParts::FallBack { bytes, waited };
        };
        // Into the room of this part's text, whose rows are read: that memory
        // is in use already, where fresh room (13 MB for the 60 MB file) grew
        // the worker's memory. The helper's part is the smaller one, and its
        // byte form mostly smaller than its text (13 MB of 28 there): it fits,
        // else the room grows.
        bytes.clear();
        append_view(&mut bytes, &second);
        drop(second);
        steps.parts_ms = since(now(&self.scope));
        self.retire_helper();
        let joined = split::join(plan, first, &bytes);
        let Some(imported) = joined else {
            // `bytes` holds none of the file now: one pass reads it whole.
            bytes.clear();
            return TwoParts::FallBack { bytes, waited };
        };
        steps.joined_ms = since(now(&self.scope));
        // Every byte read: the page says it analyses now.
        if let Ok(imported) = &imported {
            progress(size as u64, size as u64, imported.report.rows_read);
        }
        drop(bytes);
        let file = SourceFile {
            name: job.name.clone(),
            bytes: None,
            options: job.options.clone(),
        };
        let reply = self.engine.borrow_mut().load_imported(
            job.id,
            file,
            size as u64,
            imported,
            &job.settings,
        );
        let total = now(&self.scope) - job.started;
        steps.analysed_ms = total;
        self.post_timed(reply, waited, total - waited, 2, Some(steps));
        *self.source_file.borrow_mut() = Some(job.file.clone());
        TwoParts::Done
    }

    /// The helper failed (or errored) during this load: no part will come.
    fn helper_failed(&self) -> bool {
        matches!(*self.second.borrow(), Some(None))
    }

    /// The helper's part, once it comes; `None` when it failed.
    async fn second_part(&self) -> Option<Uint8Array> {
        if self.second.borrow().is_none() {
            let (came, resolve) = signal();
            *self.second_came.borrow_mut() = Some(resolve);
            let _ = JsFuture::from(came).await;
        }
        self.second.borrow_mut().take().flatten()
    }

    /// The helper's part arrived (`None`: it could not read it, or failed).
    fn on_second_part(&self, part: Option<Uint8Array>) {
        *self.second.borrow_mut() = Some(part);
        if let Some(resolve) = self.second_came.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    }

    /// Reads the rest of the file after `bytes` and loads it in one pass.
    async fn fall_back(self: &Rc<Self>, job: Job, mut bytes: Vec<u8>, waited: f64) {
        self.retire_helper();
        let t = now(&self.scope);
        let read = match bytes.try_reserve_exact(job.size.saturating_sub(bytes.len())) {
            Ok(()) => read_rest(&job.file, &mut bytes, job.size).await,
            Err(_) => Err(ImportError::Crashed),
        };
        if let Err(error) = read {
            post(&self.scope, &Reply::Failed { id: job.id, error });
            return;
        }
        let read = now(&self.scope);
        let envelope = Envelope {
            id: job.id,
            command: Command::Load {
                name: job.name,
                options: job.options,
                settings: job.settings,
            },
        };
        let mut progress = progress_poster(&self.scope, job.id);
        let reply = self
            .engine
            .borrow_mut()
            .handle(envelope, bytes, &mut progress);
        let total = now(&self.scope) - job.started;
        self.post_timed(
            reply,
            waited + (read - t),
            total - waited - (read - t),
            1,
            None,
        );
    }

    fn drain_queue(self: &Rc<Self>) {
        while !self.busy.get() {
            let Some(data) = self.queue.borrow_mut().pop_front() else {
                return;
            };
            self.on_page_message(data);
        }
    }

    /// Posts `{ kind, ...fields }` to the helper.
    fn tell_helper(&self, kind: &str, fields: &[(&str, JsValue)]) {
        let message = Object::new();
        let _ = Reflect::set(&message, &"kind".into(), &kind.into());
        for (k, v) in fields {
            let _ = Reflect::set(&message, &(*k).into(), v);
        }
        if let Some(h) = self.helper.borrow().as_ref() {
            let _ = h.worker.post_message(&message);
        }
    }

    /// Ends the helper: its memory goes with it (a fresh one is started
    /// after the load, see [`Host::spawn_helper_soon`]).
    fn retire_helper(&self) {
        self.helper.borrow_mut().take();
    }

    /// Starts a fresh helper a moment from now: its start-up (and warm-up)
    /// would otherwise compete with the page drawing the result.
    fn spawn_helper_soon(self: &Rc<Self>) {
        self.later(|host| {
            if host.helper.borrow().is_none() {
                host.spawn_helper();
            }
        });
    }

    /// Warms up (see [`warm_up`]) both ways, the first time only: once the
    /// first helper has started (it warms up too, meanwhile, on the other
    /// core), or after [`WARM_UP_LATEST`] ms without one. Not before: a
    /// worker starts its own worker only between its tasks, so a warm-up
    /// right away held the helper back until it ended. Never during a load
    /// (a file dropped at once): after it.
    ///
    /// Both ways here, not one way in each worker: a browser optimises a
    /// function once it ran long enough in one worker, so the functions both
    /// ways share get optimised sooner. Traced on the 60 MB file, the
    /// optimising compiles during the load were then 4–11 ms, not 41–53 ms;
    /// `ab.mjs`, 10 rounds: 381 against 388 ms (7 of 10).
    fn warm_up_once(self: &Rc<Self>) {
        if !self.warmed.replace(true) {
            self.warm_up_from(&[WarmUp::OnePass, WarmUp::InTwoParts]);
        }
    }

    /// Warms up `ways`, each in a task of its own, then the plan's way to the
    /// helper ([`warm_up_plan_message`]): a file (or the sample) asked for
    /// meanwhile waits for one way at most (0.2–0.4 s), then goes first.
    fn warm_up_from(self: &Rc<Self>, ways: &'static [WarmUp]) {
        if self.busy.get() || !self.queue.borrow().is_empty() {
            self.later(move |host| host.warm_up_from(ways));
            return;
        }
        let [way, rest @ ..] = ways else {
            // Last, in a task of its own: the plan's way to the helper.
            warm_up_plan_message();
            return;
        };
        // One way's replies go to the page too (the other way's are of the same kinds).
        let page = matches!(way, WarmUp::OnePass).then_some(&self.scope);
        warm_up(*way, page);
        self.after(0, move |host| host.warm_up_from(rest));
    }

    /// Replaces a helper that failed while idle, a moment from now (a load
    /// in two parts under way by then replaces it when it ends).
    fn replace_helper_soon(self: &Rc<Self>) {
        self.later(|host| {
            if !host.busy.get() {
                host.retire_helper();
                host.spawn_helper();
            }
        });
    }

    /// The helper a large file waits for is ready or failed (or the wait
    /// ran out): handle that file, and what came after it.
    fn helper_settled(self: &Rc<Self>) {
        if self.waiting_for_helper.replace(false) {
            self.busy.set(false);
            self.drain_queue();
        }
    }

    /// Runs `f` half a second from now, if the host is still there.
    fn later(self: &Rc<Self>, f: impl FnOnce(&Rc<Self>) + 'static) {
        self.after(500, f);
    }

    /// Runs `f` `ms` milliseconds from now, if the host is still there.
    fn after(self: &Rc<Self>, ms: i32, f: impl FnOnce(&Rc<Self>) + 'static) {
        let weak = Rc::downgrade(self);
        let start = Closure::once_into_js(move || {
            if let Some(host) = weak.upgrade() {
                f(&host);
            }
        });
        let _ = self
            .scope
            .set_timeout_with_callback_and_timeout_and_arguments_0(start.unchecked_ref(), ms);
    }

    fn spawn_helper(self: &Rc<Self>) {
        let global: JsValue = self.scope.clone().into();
        let url = Reflect::get(&global, &"location".into())
            .and_then(|l| Reflect::get(&l, &"href".into()))
            .ok()
            .and_then(|h| h.as_string());
        let module = Reflect::get(&global, &"klpModule".into()).unwrap_or(JsValue::UNDEFINED);
        let (Some(url), false) = (url, module.is_undefined()) else {
            return;
        };
        let options = web_sys::WorkerOptions::new();
        options.set_name(HELPER);
        let Ok(worker) = Worker::new_with_options(&url, &options) else {
            return;
        };
        if worker.post_message(&module).is_err() {
            worker.terminate();
            return;
        }
        let readiness = Rc::new(Cell::new(Readiness::Starting));
        self.gave_up_on_helper.set(false);
        let weak = Rc::downgrade(self);
        let is_ready = readiness.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(host) = weak.upgrade() else { return };
            let data = ev.data();
            let kind = Reflect::get(&data, &"kind".into())
                .ok()
                .and_then(|k| k.as_string());
            match kind.as_deref() {
                Some("ready") => {
                    is_ready.set(Readiness::Ready);
                    host.warm_up_once();
                    host.helper_settled();
                }
                Some("progress") => {
                    let number = |k: &str| {
                        Reflect::get(&data, &k.into())
                            .ok()
                            .and_then(|v| v.as_f64())
                            .unwrap_or(0.0) as u64
                    };
                    host.second_progress.set((number("done"), number("lines")));
                }
                Some("part") => {
                    let part = Reflect::get(&data, &"part".into())
                        .ok()
                        .and_then(|p| p.dyn_into::<Uint8Array>().ok());
                    host.on_second_part(part);
                }
                _ => {}
            }
        });
        let weak = Rc::downgrade(self);
        let failed = readiness.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            // Handled here: one pass instead, and no error reaches the page.
            ev.prevent_default();
            // Never split with it again; a load under way falls back at its
            // next piece and replaces the helper when it ends.
            failed.set(Readiness::Failed);
            if let Some(host) = weak.upgrade() {
                host.helper_settled();
                host.on_second_part(None);
                if !host.busy.get() {
                    // Idle (e.g. it trapped warming up): replace it, later —
                    // not from inside its own error handler.
                    host.replace_helper_soon();
                }
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *self.helper.borrow_mut() = Some(Helper {
            worker,
            readiness,
            _on_message: on_message,
            _on_error: on_error,
        });
    }
}

/// The helper's side of a two-part load.
#[derive(Default)]
struct HelperState {
    /// The plan once it came (`None` inside: it could not be decoded).
    plan: Option<Option<Plan>>,
    plan_came: Option<js_sys::Function>,
}

/// Reads the second part of `file` (from the first line ending at or after
/// `from`) as the browser gives it, its rows with the plan once it comes;
/// the part's bytes.
async fn read_second(
    scope: &DedicatedWorkerGlobalScope,
    state: &RefCell<HelperState>,
    file: Blob,
    from: usize,
) -> Option<Vec<u8>> {
    let size = size_of(&file).ok()?;
    // Asked for first: the browser reads while the room is made.
    let opened = FileStream::open(&file, from, size, CHUNK, true);
    let mut bytes = buffer_for(size.checked_sub(from)?).ok()?;
    let mut reading = opened.ok()?;
    let mut stream: Option<(Plan, Stream)> = None;
    while reading.left() > 0 {
        reading.append_at_least(&mut bytes, FEED).await.ok()?;
        let last = reading.left() == 0;
        if stream.is_none() {
            let plan = state.borrow_mut().plan.take();
            if let Some(plan) = plan {
                let plan = plan?;
                let start = split::second_part_start(&bytes, from, from)?;
                let s = Stream::new(&plan, start - from, size - from)?;
                stream = Some((plan, s));
            }
        }
        if let Some((plan, s)) = &mut stream {
            s.feed(plan, &bytes, bytes.len(), last, &mut |_, _, _| {})?;
            let progress = Object::new();
            let _ = Reflect::set(&progress, &"kind".into(), &"progress".into());
            let _ = Reflect::set(&progress, &"done".into(), &(bytes.len() as f64).into());
            let _ = Reflect::set(&progress, &"lines".into(), &(s.lines() as f64).into());
            let _ = scope.post_message(&progress);
        }
    }
    if stream.is_none() {
        // Read before the plan came: wait for it, then read the rows.
        if state.borrow().plan.is_none() {
            let (came, resolve) = signal();
            state.borrow_mut().plan_came = Some(resolve);
            let _ = JsFuture::from(came).await;
        }
        let plan = state.borrow_mut().plan.take().flatten()?;
        let start = split::second_part_start(&bytes, from, from)?;
        let mut s = Stream::new(&plan, start - from, size - from)?;
        s.feed(&plan, &bytes, bytes.len(), true, &mut |_, _, _| {})?;
        stream = Some((plan, s));
    }
    // Written over the part's text, whose rows are read: that memory is in
    // use already (into fresh memory it took 2.7 times as long natively).
    stream.map(|(_, s)| s.encode_into(bytes))
}

/// The helper: reads the second part of a file with the plan it is given.
fn helper_main(scope: DedicatedWorkerGlobalScope) {
    let state = Rc::new(RefCell::new(HelperState::default()));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        let get = |k: &str| Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        match get("kind").as_string().as_deref() {
            Some("read") => {
                let from = get("from").as_f64().unwrap_or(0.0) as usize;
                let file = get("file").dyn_into::<Blob>().ok();
                let state = state.clone();
                let scope = reply_scope.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    // Every "read" is answered with a part, empty when it
                    // failed: the host waits for it.
                    let part = match file {
                        Some(file) => read_second(&scope, &state, file, from).await,
                        None => None,
                    };
                    let message = Object::new();
                    let _ = Reflect::set(&message, &"kind".into(), &"part".into());
                    let transfer = js_sys::Array::new();
                    if let Some(encoded) = part {
                        let array = Uint8Array::new_from_slice(&encoded);
                        transfer.push(&array.buffer());
                        let _ = Reflect::set(&message, &"part".into(), &array);
                    }
                    let _ = scope.post_message_with_transfer(&message, &transfer);
                });
            }
            Some("plan") => {
                let plan = serde_wasm_bindgen::from_value::<Plan>(get("plan")).ok();
                let mut s = state.borrow_mut();
                s.plan = Some(plan);
                if let Some(resolve) = s.plan_came.take() {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            }
            _ => {}
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"kind".into(), &"ready".into());
    let _ = scope.post_message(&ready);
    // A helper reads large files: warm up that way (see `Host::warm_up_once`;
    // a fresh helper after each load runs it on optimised code, in 0.1–0.15 s).
    warm_up(WarmUp::InTwoParts, None);
    warm_up_plan_message();
}

/// A warm-up reply as the page decodes it, [`Reply::WarmUp`], encoded
/// without a copy of the reply (or the code to make one).
#[derive(Serialize)]
enum PageWarmUp<'a> {
    WarmUp(&'a Reply),
}

/// [`Engine::warm_up`], each reply encoded as if to be posted; with `page`,
/// posted as a [`Reply::WarmUp`], for the page to decode the same way.
fn warm_up(way: WarmUp, page: Option<&DedicatedWorkerGlobalScope>) {
    Engine::warm_up(way, &mut |reply| match page {
        Some(scope) => post(scope, &PageWarmUp::WarmUp(reply)),
        None => {
            let _ = serde_wasm_bindgen::to_value(reply);
        }
    });
}

/// The plan's way from this worker to the helper: encoded here, decoded
/// there ([`Host::try_in_two`], [`helper_main`]), once, on a plan of a few
/// generated invoice lines (0.2 ms to make natively; the sample takes 13 ms,
/// and the warm-up's ways make it already). The warm-up in two parts passes
/// its plan in place, so this code ran first during a real load: traced on
/// the 60 MB file, the helper compiled the plan's decoding then (7 ms for its
/// largest function) before it could read a row.
fn warm_up_plan_message() {
    let bytes = benchmark_csv(PLAN_WARM_UP_ROWS, 1);
    let mut decoded = Vec::new();
    let options = ImportOptions::default();
    let Some(first) = split::plan_first(&bytes, &mut decoded, bytes.len(), "warm-up.csv", &options)
    else {
        return;
    };
    if let Ok(plan) = serde_wasm_bindgen::to_value(first.plan()) {
        let _ = serde_wasm_bindgen::from_value::<Plan>(plan);
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if scope.name() == HELPER {
        helper_main(scope);
        return;
    }
    let host = Rc::new(Host {
        scope: scope.clone(),
        engine: RefCell::new(Engine::new()),
        helper: RefCell::new(None),
        busy: Cell::new(false),
        source_file: RefCell::new(None),
        queue: RefCell::new(VecDeque::new()),
        second: RefCell::new(None),
        second_came: RefCell::new(None),
        second_progress: Cell::new((0, 0)),
        waiting_for_helper: Cell::new(false),
        helper_waits: Cell::new(0),
        gave_up_on_helper: Cell::new(false),
        warmed: Cell::new(false),
    });
    let weak = Rc::downgrade(&host);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(host) = weak.upgrade() {
            host.on_page_message(ev.data());
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &Reply::Ready);
    host.spawn_helper();
    // While the user picks a file: get the hot code optimised (see
    // `warm_up`), once the helper has started. Messages that arrive
    // meanwhile wait, as they would behind any command.
    host.after(WARM_UP_LATEST, |host| host.warm_up_once());
    // The host lives as long as the worker.
    std::mem::forget(host);
}
