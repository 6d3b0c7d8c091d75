//! The page's side of the Web Worker: starts it, queues commands until it
//! is ready, posts commands (with the `File` itself for a load, so the page
//! never holds the bytes), and hands every reply to one callback.
//!
//! Cancel terminates the worker at once and starts a new one; the caller
//! replays the last good load on it so that settings keep working.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use crate::analysis::engine::{Command, Envelope, Reply};

/// The script Trunk generates for the worker bundle.
const WORKER_SCRIPT: &str = "./worker_loader.js";

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    queue: Vec<JsValue>,
    next_id: u32,
    on_reply: Rc<dyn Fn(Reply)>,
    /// Keeps the message handler alive as long as its worker.
    _handler: Option<Closure<dyn FnMut(MessageEvent)>>,
}

/// A handle to the worker; cheap to clone.
#[derive(Clone)]
pub struct WorkerClient {
    inner: Rc<RefCell<Inner>>,
}

impl WorkerClient {
    /// Starts a worker; `on_reply` receives every reply except `Ready`.
    pub fn start(on_reply: impl Fn(Reply) + 'static) -> Self {
        let client = Self {
            inner: Rc::new(RefCell::new(Inner {
                worker: None,
                ready: false,
                queue: Vec::new(),
                next_id: 1,
                on_reply: Rc::new(on_reply),
                _handler: None,
            })),
        };
        client.spawn();
        client
    }

    fn spawn(&self) {
        let worker = match Worker::new(WORKER_SCRIPT) {
            Ok(worker) => worker,
            Err(e) => {
                web_sys::console::error_2(&"cannot start the worker".into(), &e);
                return;
            }
        };
        let weak = Rc::downgrade(&self.inner);
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(inner) = weak.upgrade() else { return };
            let reply = match serde_wasm_bindgen::from_value::<Reply>(ev.data()) {
                Ok(reply) => reply,
                Err(e) => {
                    web_sys::console::error_1(&format!("cannot decode a worker reply: {e}").into());
                    return;
                }
            };
            if reply == Reply::Ready {
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
            let on_reply = inner.borrow().on_reply.clone();
            on_reply(reply);
        });
        worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.worker = Some(worker);
        inner.ready = false;
        inner._handler = Some(handler);
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
                worker.terminate();
            }
            inner.queue.clear();
            inner._handler = None;
        }
        self.spawn();
    }
}
