//! The offline copy: the page registers `sw.js` (source `src/sw.js`, written
//! into the build by `.ci/offline-copy.mjs`), a service worker that keeps
//! this build's files on the machine, so that the app opens and works without
//! a network the next time.
//!
//! Keeping the copy takes the app's own files, from the page's own origin:
//! it starts once the page has loaded the worker's and the dashboard's code,
//! so the files named after their content come from the browser's cache, not
//! from the network a second time (where it lacks one, they are downloaded).
//! [`keep_offline_copy`] waits until the copy is complete, so the network
//! seal (see [`super::privacy`]) comes after it and no request of any kind is
//! made once the app has started.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

/// The service worker's script, next to index.html.
const SCRIPT: &str = "./sw.js";

/// How long the seal waits for the copy on a slow network (the copy goes on
/// in the background after that; it needs no page).
const PATIENCE_MS: i32 = 30_000;

/// Registers the offline copy and waits until this version of it is complete.
///
/// Returns whether a complete copy is in place. False where the browser has
/// no service workers (a page from `file://` or plain `http` on another
/// machine), when the copy failed (it is tried again at the next visit), and
/// when it took longer than [`PATIENCE_MS`]. Never fails otherwise.
pub async fn keep_offline_copy() -> bool {
    let Some(container) = container() else {
        return false;
    };
    let keeping = wasm_bindgen_futures::future_to_promise(async move {
        Ok(JsValue::from_bool(keep(&container).await.unwrap_or(false)))
    });
    let patience = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, PATIENCE_MS);
        }
    });
    let race = Promise::race(&Array::of2(&keeping, &patience));
    JsFuture::from(race)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// `navigator.serviceWorker`, where the browser has one (secure contexts only).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let container = Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    (!container.is_undefined() && !container.is_null()).then(|| container.unchecked_into())
}

async fn keep(container: &ServiceWorkerContainer) -> Result<bool, JsValue> {
    let registration: ServiceWorkerRegistration = JsFuture::from(container.register(SCRIPT))
        .await?
        .dyn_into()?;
    // A later visit: ask for a newer version now, while the page is loading,
    // instead of some time after it has started. Offline this fails, and the
    // copy there is stays in use.
    if registration.installing().is_none() {
        let _ = JsFuture::from(registration.update()?).await;
    }
    // The newest version settles: activated (complete) or redundant (failed).
    while let Some(newest) = registration
        .installing()
        .or_else(|| registration.waiting())
        .or_else(|| {
            registration
                .active()
                .filter(|a| a.state() == ServiceWorkerState::Activating)
        })
    {
        state_change(&newest).await?;
    }
    Ok(registration
        .active()
        .is_some_and(|active| active.state() == ServiceWorkerState::Activated))
}

/// Resolves at the worker's next state change.
async fn state_change(worker: &ServiceWorker) -> Result<(), JsValue> {
    let changed = Promise::new(&mut |resolve: Function, _| {
        let watched = worker.clone();
        let once = Closure::once_into_js(move || {
            watched.set_onstatechange(None);
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        worker.set_onstatechange(Some(once.unchecked_ref()));
    });
    JsFuture::from(changed).await.map(drop)
}
