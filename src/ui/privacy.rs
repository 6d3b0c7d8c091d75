//! Sealing the page off from the network once the app has loaded.
//!
//! index.html's Content-Security-Policy must allow `connect-src 'self'`: the
//! wasm modules themselves are fetched from the page's own origin. Once the
//! page's module runs, the code it fetches after the first paint (the
//! worker's, the dashboard's chunk) is in memory and the offline copy is
//! complete (see [`super::offline`]), nothing else may leave the machine, so
//! the app adds a second policy with
//! `connect-src 'none'`. Browsers enforce every policy they are given, so
//! from then on no fetch, XHR, WebSocket, EventSource or beacon can be made,
//! not even to the page's own origin; workers created later from `blob:`
//! URLs inherit both policies.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;

/// The policy added after start-up: no connections, no images or fonts
/// from anywhere but memory, and workers only from `blob:` URLs.
pub const SEALED_POLICY: &str =
    "connect-src 'none'; img-src data: blob:; font-src 'none'; worker-src blob:";

/// Adds the `connect-src 'none'` policy to the document's head.
///
/// Returns whether the policy was added (it always is in a normal page).
pub fn seal_network() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let (Some(head), Ok(meta)) = (document.head(), document.create_element("meta")) else {
        return false;
    };
    let Ok(meta) = meta.dyn_into::<web_sys::HtmlMetaElement>() else {
        return false;
    };
    meta.set_http_equiv("Content-Security-Policy");
    meta.set_content(SEALED_POLICY);
    meta.set_attribute("data-testid", "sealed-csp").is_ok() && head.append_child(&meta).is_ok()
}

/// Does something once every piece it waits for has loaded: once every
/// piece of code the page fetches after its first paint is in memory (the
/// worker's module and the dashboard's chunk), the app starts the offline
/// copy, which then finds those files in the browser's cache instead of
/// downloading them a second time, and seals the network when the copy is
/// complete.
///
/// Each piece calls [`WhenLoaded::loaded`] once, whether it loaded or
/// failed (a failed piece is not fetched again). Cheap to clone.
#[derive(Clone)]
pub struct WhenLoaded {
    waiting_for: Rc<Cell<u32>>,
    then: Rc<Cell<Option<Action>>>,
}

/// What a [`WhenLoaded`] does, once.
type Action = Box<dyn FnOnce()>;

impl WhenLoaded {
    /// Runs `action` after `pieces` calls of [`Self::loaded`].
    pub fn then(pieces: u32, action: impl FnOnce() + 'static) -> Self {
        Self {
            waiting_for: Rc::new(Cell::new(pieces)),
            then: Rc::new(Cell::new(Some(Box::new(action)))),
        }
    }

    /// One piece is in memory (or failed); the last one runs the action.
    /// Calls beyond the expected number change nothing.
    pub fn loaded(&self) {
        let left = self.waiting_for.get();
        self.waiting_for.set(left.saturating_sub(1));
        if left == 1
            && let Some(action) = self.then.take()
        {
            action();
        }
    }
}
