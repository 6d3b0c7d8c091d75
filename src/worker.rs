//! Web Worker entry point: wires messages to the analysis engine.
//!
//! A message is `{ envelope, file? }`: the command (serde) and, for a load,
//! the `File` itself, read here with `FileReaderSync` so the page never
//! holds the bytes. Replies go back as serde values. "Ready" is posted first:
//! messages sent before the worker's wasm has loaded would be lost, so the
//! page queues them until then.

use std::cell::RefCell;

use js_sys::Reflect;
use klantenpiramide::analysis::engine::{Engine, Envelope, Reply, Timings};
use klantenpiramide::analysis::import::{ImportError, MAX_BYTES};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Progress is posted at most this often (in bytes), so messages stay few.
const PROGRESS_STEP: u64 = 1 << 20;

fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    match serde_wasm_bindgen::to_value(reply) {
        Ok(value) => {
            let _ = scope.post_message(&value);
        }
        Err(e) => web_sys::console::error_1(&format!("worker: cannot encode reply: {e}").into()),
    }
}

/// A file larger than the import accepts: refused before a byte is copied.
struct TooLarge(u64);

impl From<TooLarge> for JsValue {
    fn from(e: TooLarge) -> JsValue {
        JsValue::from_f64(e.0 as f64)
    }
}

/// Reads the message's file, if any. A number as error means "too large".
fn read_file(data: &JsValue) -> Result<Vec<u8>, JsValue> {
    let file = Reflect::get(data, &"file".into())?;
    if file.is_undefined() || file.is_null() {
        return Ok(Vec::new());
    }
    let blob: web_sys::Blob = file.dyn_into()?;
    if blob.size() > MAX_BYTES as f64 {
        return Err(TooLarge(blob.size() as u64).into());
    }
    let buffer = web_sys::FileReaderSync::new()?.read_as_array_buffer(&blob)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or(0.0, |p| p.now())
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let engine = RefCell::new(Engine::new());
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        let envelope = Reflect::get(&data, &"envelope".into())
            .ok()
            .and_then(|e| serde_wasm_bindgen::from_value::<Envelope>(e).ok());
        let Some(envelope) = envelope else {
            web_sys::console::error_1(&"worker: message without a valid envelope".into());
            return;
        };
        let id = envelope.id;
        let started = now(&reply_scope);
        let bytes = match read_file(&data) {
            Ok(bytes) => bytes,
            Err(e) => {
                let error = match e.as_f64() {
                    Some(size) => ImportError::TooLarge {
                        bytes: size as u64,
                        limit: MAX_BYTES as u64,
                    },
                    None => ImportError::Unreadable,
                };
                post(&reply_scope, &Reply::Failed { id, error });
                return;
            }
        };
        let mut next = PROGRESS_STEP;
        let mut progress = |done: u64, total: u64, rows: u64| {
            if done >= next || done == total {
                next = done + PROGRESS_STEP;
                post(
                    &reply_scope,
                    &Reply::Progress {
                        id,
                        done,
                        total,
                        rows,
                    },
                );
            }
        };
        let read = now(&reply_scope);
        let mut reply = engine.borrow_mut().handle(envelope, bytes, &mut progress);
        if let Reply::Loaded { import, .. } = &mut reply {
            import.timings = Some(Timings {
                read_ms: read - started,
                compute_ms: now(&reply_scope) - read,
            });
        }
        post(&reply_scope, &reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &Reply::Ready);
}
