//! Browser tests (wasm-bindgen-test in headless Chromium) for the pieces that
//! only exist in a browser: reading a `File`, and sealing the network.
#![cfg(target_arch = "wasm32")]

use klantenpiramide::ui::{LoadedFile, privacy, read_file};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn file_from(bytes: &[u8], name: &str) -> web_sys::File {
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    web_sys::File::new_with_u8_array_sequence(&parts, name).expect("a File can be built")
}

#[wasm_bindgen_test]
async fn a_file_is_read_byte_for_byte() {
    // Windows-1252 bytes (0x80 is the euro sign) must arrive untouched.
    let bytes = b"Klant;Bedrag\r\nJansen;\x80 12,50\r\n".to_vec();
    let loaded: LoadedFile = read_file(file_from(&bytes, "export.csv"))
        .await
        .expect("readable");
    assert_eq!(loaded.name, "export.csv");
    assert_eq!(&loaded.bytes[..], &bytes[..]);
}

#[wasm_bindgen_test]
async fn after_sealing_no_fetch_gets_out() {
    assert!(privacy::seal_network());
    let window = web_sys::window().expect("a window");
    let outcome = JsFuture::from(window.fetch_with_str("/")).await;
    let error = outcome.expect_err("fetch must be refused once the network is sealed");
    let error: js_sys::Error = error.dyn_into().expect("a JS error");
    assert_eq!(String::from(error.name()), "TypeError");
}
