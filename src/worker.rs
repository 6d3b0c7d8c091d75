//! Web Worker entry point: wires messages to the analysis engine.
//!
//! A message is `{ envelope, file? }`: the command (serde) and, for a load,
//! the `File` itself, read here with `FileReaderSync` so the page never
//! holds the bytes. Replies go back as serde values. "Ready" is posted first:
//! messages sent before the worker's wasm has loaded would be lost, so the
//! page queues them until then.

use std::cell::RefCell;

use js_sys::Reflect;
use klantenpiramide::analysis::engine::{Command, Engine, Envelope, Reply, Timings};
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

/// The file is read in slices of this size, each copied straight into wasm
/// memory: the whole file never exists twice (no full-size `ArrayBuffer`).
const READ_CHUNK: usize = 4 << 20;

/// Reads the message's file, if any, into one buffer of exactly its size.
/// Files over the import's limit are refused before a byte is read, and a
/// file the worker cannot hold is a clear error instead of a crashed worker.
fn read_file(data: &JsValue) -> Result<Vec<u8>, ImportError> {
    let file = Reflect::get(data, &"file".into()).map_err(|_| ImportError::Unreadable)?;
    if file.is_undefined() || file.is_null() {
        return Ok(Vec::new());
    }
    let blob: web_sys::Blob = file.dyn_into().map_err(|_| ImportError::Unreadable)?;
    let size = blob.size() as u64;
    if size > MAX_BYTES as u64 {
        return Err(ImportError::TooLarge {
            bytes: size,
            limit: MAX_BYTES as u64,
        });
    }
    let size = size as usize;
    let mut bytes = Vec::new();
    // Out of memory: the same message as a worker the browser stopped.
    bytes
        .try_reserve_exact(size)
        .map_err(|_| ImportError::Crashed)?;
    let reader = web_sys::FileReaderSync::new().map_err(|_| ImportError::Unreadable)?;
    while bytes.len() < size {
        let start = bytes.len();
        let end = (start + READ_CHUNK).min(size);
        let view = blob
            .slice_with_f64_and_f64(start as f64, end as f64)
            .and_then(|part| reader.read_as_array_buffer(&part))
            .map(|buffer| js_sys::Uint8Array::new(&buffer))
            .map_err(|_| ImportError::Unreadable)?;
        let n = view.length() as usize;
        if n == 0 || n > size - start {
            // The file changed on disk while it was being read.
            return Err(ImportError::Unreadable);
        }
        view.copy_to_uninit(&mut bytes.spare_capacity_mut()[..n]);
        // SAFETY: `copy_to_uninit` initialised the `n` bytes after the current length.
        unsafe { bytes.set_len(start + n) };
    }
    Ok(bytes)
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
        if matches!(envelope.command, Command::Load { .. }) {
            engine.borrow_mut().forget();
        }
        let bytes = match read_file(&data) {
            Ok(bytes) => bytes,
            Err(error) => {
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
    // While the user picks a file: get the hot code optimised (see `warm_up`).
    // Messages that arrive meanwhile wait, as they would behind any command.
    Engine::warm_up();
}
