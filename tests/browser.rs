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
    let seal = privacy::WhenLoaded::then(2, || {
        privacy::seal_network();
    });
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

/// A result crosses from the worker to the page through serde-wasm-bindgen
/// and comes back equal, with the Pareto curve's points and their names as
/// one `Uint8Array` each (see `analysis::packed`).
#[wasm_bindgen_test]
fn a_result_crosses_to_the_page_unchanged_with_its_curve_as_bytes() {
    use klantenpiramide::analysis::engine::{Command, Engine, Envelope, Reply};
    use klantenpiramide::analysis::settings::Settings;

    let mut engine = Engine::new();
    let command = Command::LoadSample {
        settings: Settings::default(),
    };
    let reply = engine.handle(Envelope { id: 1, command }, Vec::new(), &mut |_, _, _| {});
    let Reply::Loaded { view, .. } = &reply else {
        panic!("the sample did not load: {reply:?}");
    };
    let points = view.pareto.points.len();
    assert!(points > 500, "{points} points");

    let value = serde_wasm_bindgen::to_value(&reply).expect("encodes");
    let back: Reply = serde_wasm_bindgen::from_value(value.clone()).expect("decodes");
    assert_eq!(back, reply);

    let field = |value: &wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::get(value, &key.into()).expect("a field")
    };
    let view = field(&field(&value, "Loaded"), "view");
    let packed = field(&field(&field(&view, "analysis"), "pareto"), "points");
    let Ok(bytes) = packed.dyn_into::<js_sys::Uint8Array>() else {
        panic!("the points did not cross as a Uint8Array");
    };
    assert_eq!(bytes.length() as usize, points * 36);
    assert!(
        field(&view, "point_names").is_instance_of::<js_sys::Uint8Array>(),
        "the names did not cross as a Uint8Array"
    );
}

/// The page reads the worker's small messages (ready, progress) without
/// serde, so that serde's code for the results can stay in the dashboard's
/// chunk: it must read them as the worker posts them, and leave every other
/// reply to the chunk.
#[wasm_bindgen_test]
fn the_page_reads_ready_and_progress_as_the_worker_posts_them() {
    use klantenpiramide::analysis::engine::Reply;
    use klantenpiramide::analysis::import::ImportError;
    use klantenpiramide::ui::worker_client::small_reply;

    let posted = |reply: &Reply| serde_wasm_bindgen::to_value(reply).expect("a reply serializes");
    for reply in [
        Reply::Ready,
        Reply::Progress {
            id: 7,
            // Over 4 GiB: a count the page must not cut to 32 bits.
            done: 5_000_000_123,
            total: 6_000_000_000,
            rows: 1_000_001,
        },
    ] {
        assert_eq!(small_reply(&posted(&reply)), Some(reply));
    }
    let failed = Reply::Failed {
        id: 3,
        error: ImportError::NotATable,
    };
    assert_eq!(small_reply(&posted(&failed)), None);
    let rhythms = Reply::Rhythms {
        id: 4,
        counts: Default::default(),
    };
    assert_eq!(small_reply(&posted(&rhythms)), None);
    assert_eq!(small_reply(&wasm_bindgen::JsValue::from_f64(1.0)), None);
}

/// A blob of `n` bytes that differ from their neighbours (so a chunk in the
/// wrong place or a byte lost shows).
fn patterned_blob(n: usize) -> (Vec<u8>, web_sys::Blob) {
    let bytes: Vec<u8> = (0..n).map(|i| (i * 7 + i / 251) as u8).collect();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&bytes[..]));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).expect("a blob");
    (bytes, blob)
}

/// The worker's file stream gives a blob's part whole and in order, in
/// chunks no larger than its buffer, with a BYOB reader and without.
#[wasm_bindgen_test]
async fn a_file_stream_reads_the_part_whole_and_in_order() {
    use klantenpiramide::file_stream::FileStream;

    let (bytes, blob) = patterned_blob(3_000_000);
    let (from, to, chunk) = (100, 2_500_001, 64 << 10);
    for byob in [true, false] {
        let mut stream = FileStream::open(&blob, from, to, chunk, byob).expect("a stream");
        // Headless Chromium has byte streams: the BYOB reader is the one read.
        assert_eq!(stream.is_byob(), byob);
        let mut got = Vec::with_capacity(to - from);
        let mut reads = 0;
        loop {
            let n = stream.append_to(&mut got).await.expect("the blob reads");
            if n == 0 {
                break;
            }
            if byob {
                assert!(n <= chunk, "{n} bytes in one read of a {chunk}-byte buffer");
            }
            reads += 1;
        }
        assert!(reads > 1, "read in one go");
        assert_eq!(stream.left(), 0);
        assert!(got == bytes[from..to], "the part's bytes (byob: {byob})");
    }
}

/// Asked for at least so many bytes, the stream gives that many or all
/// that is left; a buffer without the room is an error, never a short read.
#[wasm_bindgen_test]
async fn a_file_stream_gives_at_least_what_is_asked_and_needs_the_room() {
    use klantenpiramide::analysis::import::ImportError;
    use klantenpiramide::file_stream::FileStream;

    let (bytes, blob) = patterned_blob(1_000_000);
    let mut stream = FileStream::open(&blob, 0, bytes.len(), 32 << 10, true).expect("a stream");
    let mut got = Vec::with_capacity(bytes.len());
    let came = stream
        .append_at_least(&mut got, 300_000)
        .await
        .expect("reads");
    assert!(came >= 300_000 && came == got.len(), "{came}");
    let rest = stream
        .append_at_least(&mut got, usize::MAX)
        .await
        .expect("reads");
    assert_eq!(came + rest, bytes.len());
    assert!(got == bytes);

    let mut stream = FileStream::open(&blob, 0, bytes.len(), 32 << 10, true).expect("a stream");
    let mut small = Vec::with_capacity(1000);
    let outcome = stream.append_at_least(&mut small, usize::MAX).await;
    assert!(
        matches!(outcome, Err(ImportError::Unreadable)),
        "{outcome:?}"
    );
    assert!(small.len() <= 1000);
}
