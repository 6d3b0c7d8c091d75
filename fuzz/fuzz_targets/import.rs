//! Fuzzes the import with arbitrary bytes as CSV, pasted text and workbook.
//!
//! Run on this stable-only machine with:
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run import`
//! (needs `cargo install cargo-fuzz` once).
#![no_main]

use klantenpiramide::analysis::import::{ImportOptions, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ImportOptions::default();
    // Any result is fine; a panic is the bug.
    let _ = import(data, "fuzz.csv", &options);
    let _ = import(data, "", &options);
    let _ = import(data, "fuzz.xlsx", &options);
});
