//! The page's side of the Web Worker: starts it, queues commands until it
//! is ready, posts commands (with the `File` itself for a load, so the page
//! never holds the bytes), and hands every reply to one callback.
//!
//! At start-up the page fetches the worker's script and compiles its wasm
//! module once, then tells the network seal (see [`super::privacy`]), which
//! closes once the dashboard's chunk is in memory too. Every
//! worker is created from that script as a `blob:` URL and handed the
//! compiled module, so starting another worker (after a cancel) needs no
//! network, works offline, and the worker inherits the page's sealed
//! Content-Security-Policy: it cannot make a connection either.
//!
//! Cancel terminates the worker at once and starts a new one; the caller
//! replays the last good load on it so that settings keep working.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

use super::dashboard::Decode;
use crate::analysis::engine::{Command, Envelope, Reply};

/// The worker bundle Trunk builds (wasm-bindgen `no-modules` glue and
/// module), under Trunk's names; the build names them after their content and
/// says so in `<meta name="klp-worker" content="GLUE WASM">`
/// (`.ci/name-worker.mjs`).
const WORKER_GLUE: &str = "./worker.js";
const WORKER_WASM: &str = "./worker_bg.wasm";

/// The worker's glue and module as the build named them.
fn worker_files() -> (String, String) {
    let named = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=klp-worker]").ok().flatten())
        .and_then(|meta| meta.get_attribute("content"));
    if let Some(named) = named {
        let mut parts = named.split_whitespace();
        if let (Some(glue), Some(wasm)) = (parts.next(), parts.next()) {
            return (glue.to_owned(), wasm.to_owned());
        }
    }
    (WORKER_GLUE.to_owned(), WORKER_WASM.to_owned())
}

/// Appended to the glue: the first message is the compiled module, kept as
/// `self.klpModule` so the worker can start its helper from it.
/// A failed start is rethrown outside the promise, so the page's `onerror` sees it.
const BOOTSTRAP: &str = "\nself.onmessage = (e) => { self.onmessage = null; self.klpModule = e.data; wasm_bindgen({ module_or_path: e.data }).catch((err) => setTimeout(() => { throw err; })); };\n";

/// What every worker is made from: a `blob:` URL of the glue and the compiled module.
#[derive(Clone)]
struct Blueprint {
    url: String,
    module: JsValue,
}

async fn fetch_ok(url: &str) -> Result<web_sys::Response, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await?
        .dyn_into()?;
    if response.ok() {
        Ok(response)
    } else {
        Err(format!("{url}: HTTP {}", response.status()).into())
    }
}

/// Fetches the worker's glue and compiles its module (once, at start-up).
async fn blueprint() -> Result<Blueprint, JsValue> {
    let (glue_file, wasm_file) = worker_files();
    let glue = JsFuture::from(fetch_ok(&glue_file).await?.text()?)
        .await?
        .as_string()
        .ok_or("worker glue is not text")?;
    let bytes = JsFuture::from(fetch_ok(&wasm_file).await?.array_buffer()?).await?;
    let module = JsFuture::from(js_sys::WebAssembly::compile(&bytes)).await?;
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(&glue));
    parts.push(&JsValue::from_str(BOOTSTRAP));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    Ok(Blueprint { url, module })
}

struct Inner {
    blueprint: Option<Blueprint>,
    worker: Option<Worker>,
    /// Counts the workers started: a reply of a replaced worker is dropped.
    generation: u32,
    ready: bool,
    queue: Vec<JsValue>,
    next_id: u32,
    on_reply: Rc<dyn Fn(Reply)>,
    on_crash: Rc<dyn Fn()>,
    /// Decodes the worker's results: the dashboard's chunk brings it.
    decode: Option<Decode>,
    /// Results that came before `decode`, in order.
    pending: Vec<JsValue>,
    /// Keep the handlers alive as long as their worker.
    _handler: Option<Closure<dyn FnMut(MessageEvent)>>,
    _error_handler: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

/// A handle to the worker; cheap to clone.
#[derive(Clone)]
pub struct WorkerClient {
    inner: Rc<RefCell<Inner>>,
}

impl WorkerClient {
    /// Prepares the worker (fetch and compile, then `on_prepared`: the
    /// worker's code is in memory) and starts it; `on_reply` receives every reply
    /// except `Ready`. Commands sent before the worker is ready are queued.
    /// When the worker dies (out of memory, a trap), it is replaced by a
    /// fresh one and `on_crash` is called, so nothing waits forever.
    pub fn start(
        on_reply: impl Fn(Reply) + 'static,
        on_crash: impl Fn() + 'static,
        on_prepared: impl FnOnce() + 'static,
    ) -> Self {
        let client = Self {
            inner: Rc::new(RefCell::new(Inner {
                blueprint: None,
                worker: None,
                generation: 0,
                ready: false,
                queue: Vec::new(),
                next_id: 1,
                on_reply: Rc::new(on_reply),
                on_crash: Rc::new(on_crash),
                decode: None,
                pending: Vec::new(),
                _handler: None,
                _error_handler: None,
            })),
        };
        let preparing = client.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let prepared = blueprint().await;
            on_prepared();
            match prepared {
                Ok(blueprint) => {
                    preparing.inner.borrow_mut().blueprint = Some(blueprint);
                    preparing.spawn();
                }
                Err(e) => {
                    web_sys::console::error_2(&"cannot prepare the worker".into(), &e);
                    let on_crash = preparing.inner.borrow().on_crash.clone();
                    on_crash();
                }
            }
        });
        client
    }

    fn spawn(&self) {
        let Some(blueprint) = self.inner.borrow().blueprint.clone() else {
            return;
        };
        let worker = match Worker::new(&blueprint.url) {
            Ok(worker) => worker,
            Err(e) => {
                web_sys::console::error_2(&"cannot start the worker".into(), &e);
                let on_crash = self.inner.borrow().on_crash.clone();
                on_crash();
                return;
            }
        };
        if let Err(e) = worker.post_message(&blueprint.module) {
            web_sys::console::error_2(&"cannot hand the module to the worker".into(), &e);
        }
        let generation = {
            let mut inner = self.inner.borrow_mut();
            inner.generation = inner.generation.wrapping_add(1);
            inner.generation
        };
        let weak = Rc::downgrade(&self.inner);
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(inner) = weak.upgrade() else { return };
            let data = ev.data();
            let reply = match small_reply(&data) {
                Some(Reply::Ready) => {
                    let (worker, queue) = {
                        let mut inner = inner.borrow_mut();
                        inner.ready = true;
                        (inner.worker.clone(), std::mem::take(&mut inner.queue))
                    };
                    if let Some(worker) = worker {
                        for message in queue {
                            let _ = worker.post_message(&message);
                        }
                    }
                    return;
                }
                Some(reply) => Incoming::Decoded(reply),
                None => Incoming::Raw(data),
            };
            // Shown in a task of its own: decoding a large reply and drawing it in
            // one go would hold the page for longer than a frame.
            let weak = Rc::downgrade(&inner);
            leptos::prelude::set_timeout(
                move || {
                    if let Some(inner) = weak.upgrade() {
                        deliver(&inner, generation, reply);
                    }
                },
                std::time::Duration::ZERO,
            );
        });
        worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        let weak = Rc::downgrade(&self.inner);
        let error_handler = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            let Some(inner) = weak.upgrade() else { return };
            let client = WorkerClient { inner };
            client.restart();
            let on_crash = client.inner.borrow().on_crash.clone();
            on_crash();
        });
        worker.set_onerror(Some(error_handler.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.worker = Some(worker);
        inner.ready = false;
        inner._handler = Some(handler);
        inner._error_handler = Some(error_handler);
    }

    /// Posts a command (with a file for a load) and returns its id.
    pub fn send(&self, command: Command, file: Option<&web_sys::Blob>) -> u32 {
        let mut inner = self.inner.borrow_mut();
        let id = inner.next_id;
        inner.next_id += 1;
        let envelope = Envelope { id, command };
        let message = Object::new();
        let encoded = match serde_wasm_bindgen::to_value(&envelope) {
            Ok(value) => value,
            Err(e) => {
                web_sys::console::error_1(&format!("cannot encode a command: {e}").into());
                return id;
            }
        };
        let _ = Reflect::set(&message, &"envelope".into(), &encoded);
        if let Some(file) = file {
            let _ = Reflect::set(&message, &"file".into(), file);
        }
        let message: JsValue = message.into();
        match (&inner.worker, inner.ready) {
            (Some(worker), true) => {
                let _ = worker.post_message(&message);
            }
            _ => inner.queue.push(message),
        }
        id
    }

    /// Stops the worker at once (whatever it is doing) and starts a fresh one.
    pub fn restart(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            if let Some(worker) = inner.worker.take() {
                // Detach first: a message already on its way must not reach a dropped closure.
                worker.set_onmessage(None);
                worker.set_onerror(None);
                worker.terminate();
            }
            inner.queue.clear();
            inner.pending.clear();
            inner._handler = None;
            inner._error_handler = None;
        }
        self.spawn();
    }

    /// The dashboard's chunk has loaded: results are decoded from now on,
    /// those that came before it first, in order.
    pub fn set_decoder(&self, decode: Decode) {
        let pending = {
            let mut inner = self.inner.borrow_mut();
            inner.decode = Some(decode);
            std::mem::take(&mut inner.pending)
        };
        let on_reply = self.inner.borrow().on_reply.clone();
        for reply in pending.into_iter().filter_map(|data| decoded(decode, data)) {
            on_reply(reply);
        }
    }
}

/// A reply as it reaches the page.
enum Incoming {
    /// Read by the main module itself.
    Decoded(Reply),
    /// Left to the dashboard's chunk to decode.
    Raw(JsValue),
}

/// Reads the worker's small messages without serde, so that the main module
/// does not carry serde's code for the results: `"Ready"` and
/// `{ Progress: { id, done, total, rows } }` (serde's externally tagged
/// enum, as the worker posts them). `None` for any other reply.
pub fn small_reply(data: &JsValue) -> Option<Reply> {
    if data.as_string().as_deref() == Some("Ready") {
        return Some(Reply::Ready);
    }
    if !data.is_object() {
        return None;
    }
    let progress = Reflect::get(data, &"Progress".into())
        .ok()
        .filter(JsValue::is_object)?;
    let number = |key: &str| Reflect::get(&progress, &key.into()).ok()?.as_f64();
    Some(Reply::Progress {
        id: number("id")? as u32,
        done: number("done")? as u64,
        total: number("total")? as u64,
        rows: number("rows")? as u64,
    })
}

/// Hands a reply of worker `generation` to the page, if that worker is
/// still the current one; a result that comes before the decoder waits for it.
fn deliver(inner: &RefCell<Inner>, generation: u32, reply: Incoming) {
    let (on_reply, reply) = {
        let mut inner = inner.borrow_mut();
        if inner.generation != generation {
            return;
        }
        let reply = match (reply, inner.decode) {
            (Incoming::Decoded(reply), _) => reply,
            (Incoming::Raw(data), Some(decode)) => match decoded(decode, data) {
                Some(reply) => reply,
                None => return,
            },
            (Incoming::Raw(data), None) => {
                inner.pending.push(data);
                return;
            }
        };
        (inner.on_reply.clone(), reply)
    };
    on_reply(reply);
}

/// Decodes a result; a reply that cannot be decoded is logged and dropped.
fn decoded(decode: Decode, data: JsValue) -> Option<Reply> {
    decode(data)
        .map_err(|e| {
            web_sys::console::error_1(&format!("cannot decode a worker reply: {e}").into())
        })
        .ok()
}
