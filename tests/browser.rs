//! Browser tests (wasm-bindgen-test in headless Chromium) for the pieces that
//! only exist in a browser: sealing the network.
#![cfg(target_arch = "wasm32")]

use klantenpiramide::ui::privacy;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn after_sealing_no_fetch_gets_out() {
    assert!(privacy::seal_network());
    let window = web_sys::window().expect("a window");
    let outcome = JsFuture::from(window.fetch_with_str("/")).await;
    let error = outcome.expect_err("fetch must be refused once the network is sealed");
    let error: js_sys::Error = error.dyn_into().expect("a JS error");
    assert_eq!(String::from(error.name()), "TypeError");
}
