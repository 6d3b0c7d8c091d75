//! Browser tests (wasm-bindgen-test in headless Chromium) for the pieces that
//! only exist in a browser: sealing the network, and the import as compiled
//! for wasm (its SIMD field scan).
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

/// The seal waits for every piece of code the page fetches after its first
/// paint, and a call too many adds no second policy.
#[wasm_bindgen_test]
fn the_seal_waits_for_every_piece_and_is_added_once() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let policies = || {
        document
            .query_selector_all("meta[data-testid=sealed-csp]")
            .expect("a valid selector")
            .length()
    };
    let before = policies();
    let seal = privacy::SealWhenLoaded::new(2);
    seal.loaded();
    assert_eq!(policies(), before, "sealed after one of two pieces");
    seal.clone().loaded();
    assert_eq!(policies(), before + 1);
    seal.loaded();
    assert_eq!(policies(), before + 1, "a third call sealed again");
}

/// The import compiled for the browser (wasm SIMD scans 16 bytes at a time):
/// fields of every length from 0 to 40 bytes, so field ends fall at every
/// place in a 16- and an 8-byte block, with `\n` and `\r\n` line ends.
#[wasm_bindgen_test]
fn the_wasm_splitter_finds_every_field_end() {
    use klantenpiramide::analysis::dataset::Facts;
    use klantenpiramide::analysis::import::{ImportOptions, import};

    let names: Vec<String> = (0..41)
        .map(|n| (0..n).map(|i| (b'a' + (i % 26) as u8) as char).collect())
        .collect();
    let mut text = String::from("Klantnummer;Klantnaam;Factuurdatum;Bedrag\r\n");
    for round in 0..2 {
        for (i, name) in names.iter().enumerate() {
            let end = if (i + round) % 2 == 0 { "\n" } else { "\r\n" };
            text.push_str(&format!(
                "K{i:02};{name};0{}-03-2025;{i},{round}5{end}",
                1 + round
            ));
        }
    }
    let imported = import(text.as_bytes(), "lengths.csv", &ImportOptions::default())
        .expect("the file imports");
    assert_eq!(imported.report.rows_used, 82);
    let customers = &imported.dataset.customers;
    assert_eq!(customers.len(), 41);
    for (i, c) in customers.iter().enumerate() {
        assert_eq!(*c.key, format!("K{i:02}"));
        // A customer without a name is shown by its key.
        let name: &str = if names[i].is_empty() {
            &c.key
        } else {
            &names[i]
        };
        assert_eq!(&*c.name, name, "name of K{i:02}");
    }
    let Facts::Transactions(t) = &imported.dataset.facts else {
        panic!("invoice lines are transactions");
    };
    // Row (i, round) is i euros and round·10 + 5 cents.
    let mut totals = vec![0i64; 41];
    for (&c, &cents) in t.customer.iter().zip(&t.revenue) {
        totals[c as usize] += cents;
    }
    for (i, total) in totals.iter().enumerate() {
        assert_eq!(*total, 2 * 100 * i as i64 + 5 + 15, "total of K{i:02}");
    }
}
