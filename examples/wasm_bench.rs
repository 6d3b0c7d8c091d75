//! `make bench`, wasm part: the import and the analysis compiled to wasm as
//! the worker is (the worker's profile, wasm SIMD), without the browser, for
//! `tests/bench/wasm-node.mjs` to time in Node (the same V8 as Chromium). It
//! shows what the code costs in wasm on one thread, apart from what the
//! browser adds (two workers sharing two cores with the page, the file's
//! stream, the messages).
//!
//! Built by `make bench`:
//! `cargo rustc --profile worker-release --target wasm32-unknown-unknown
//! --example wasm_bench -- -C link-arg=--export=...` (the exports below). A
//! native build of it does nothing.

use klantenpiramide::analysis::analyse::analyse_in_stages;
use klantenpiramide::analysis::import::{ImportOptions, Imported, import};
use klantenpiramide::analysis::settings::Settings;

/// Room for `len` bytes of input, for the caller to fill; given back by
/// [`bench_import`].
#[unsafe(no_mangle)]
pub extern "C" fn bench_input(len: usize) -> *mut u8 {
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast::<u8>()
}

/// Imports the `len` bytes at `ptr` (from [`bench_input`], which it frees) as
/// a CSV file; returns the import, or null when the file does not import.
///
/// # Safety
/// `ptr` and `len` are what one call of [`bench_input`] gave and took, not
/// used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bench_import(ptr: *mut u8, len: usize) -> *mut Imported {
    // SAFETY: the caller passes a box `bench_input` made for `len` bytes.
    let bytes = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
    match import(&bytes, "bench.csv", &ImportOptions::default()) {
        Ok(imported) => Box::into_raw(Box::new(imported)),
        Err(_) => std::ptr::null_mut(),
    }
}

/// The rows the import used.
///
/// # Safety
/// `imported` is what [`bench_import`] returned, not null, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bench_rows(imported: *const Imported) -> f64 {
    // SAFETY: see above.
    let imported = unsafe { &*imported };
    imported.report.rows_used as f64
}

/// Analyses the import as the first result does (relation types, layers,
/// Pareto, ABC, the layer moves: the figures; the table's rows follow the
/// result); returns the active customers.
///
/// # Safety
/// As [`bench_rows`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bench_analyse(imported: *const Imported) -> u32 {
    // SAFETY: see above.
    let imported = unsafe { &*imported };
    let (analysis, _rows) = analyse_in_stages(&imported.dataset, &Settings::default());
    analysis.relations.active
}

/// Frees what [`bench_import`] returned.
///
/// # Safety
/// As [`bench_rows`]; `imported` is not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bench_free(imported: *mut Imported) {
    // SAFETY: see above.
    drop(unsafe { Box::from_raw(imported) });
}

fn main() {}
