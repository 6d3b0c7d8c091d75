//! Small, panic-free helpers for reading form controls from events, and for the DOM.

use wasm_bindgen::JsCast;

/// The value of the `<select>` an event came from.
pub fn select_value(ev: &web_sys::Event) -> Option<String> {
    ev.target()?
        .dyn_into::<web_sys::HtmlSelectElement>()
        .ok()
        .map(|s| s.value())
}

/// The value of the `<input>` an event came from.
pub fn input_value(ev: &web_sys::Event) -> Option<String> {
    ev.target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
        .map(|i| i.value())
}

/// Whether the `<details>` a `toggle` event came from is now open.
pub fn details_open(ev: &web_sys::Event) -> Option<bool> {
    ev.target()?
        .dyn_into::<web_sys::HtmlDetailsElement>()
        .ok()
        .map(|d| d.open())
}

/// Offers `text` as a file download (a blob URL; nothing leaves the machine).
pub fn download_text(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::new();
    parts.push(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "could not create the file".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "could not create the file".to_owned())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or("could not create a link")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Some browsers start reading the blob only after the click has returned:
    // let the URL live a while before freeing it.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

/// Pays the browser's one-time costs for the kinds of elements the
/// dashboard's first drawing step holds, ahead of time: a hidden sample of
/// them is added, laid out and removed.
///
/// Chromium sets up a page's first `<input type="date">` (its editing fields
/// and the locale's date format) in 15–30 ms on a 2-core machine, the next
/// one in under 2 ms; a first `<select>`, `<details>`, number input, SVG text
/// or table costs 1–6 ms each. Left to the moment a result first appears,
/// all of it would land in that frame, the one that must stay short.
pub fn warm_up_elements() {
    const SAMPLE: &str = "<input type=date value=2000-01-01><input type=number value=1>\
        <select><option>a</option></select><details><summary>a</summary>a</details>\
        <svg viewBox='0 0 9 9'><text>a</text></svg><table><tr><th>a</th><td>a</td></tr></table>";
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Ok(sample)) = (document.body(), document.create_element("div")) else {
        return;
    };
    let _ = sample.set_attribute("aria-hidden", "true");
    let _ = sample.set_attribute("inert", "");
    let _ = sample.set_attribute("style", "position:absolute;visibility:hidden");
    sample.set_inner_html(SAMPLE);
    if body.append_child(&sample).is_ok() {
        // Reading its box lays it out, which builds the parts.
        let _ = sample.get_bounding_client_rect();
        sample.remove();
    }
}
