//! Reading a user's file (or pasted text) into bytes, inside the browser.

use std::sync::Arc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A file the user dropped, picked or pasted, read into memory.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    /// File name as the browser reports it ("" for pasted text).
    pub name: String,
    /// The raw bytes, shared so that re-reading with other options never copies them.
    pub bytes: Arc<[u8]>,
}

impl LoadedFile {
    /// Wraps text pasted from a spreadsheet.
    pub fn pasted(text: String) -> Self {
        Self {
            name: String::new(),
            bytes: Arc::from(text.into_bytes().into_boxed_slice()),
        }
    }
}

/// Reads a browser `File` completely.
pub async fn read_file(file: web_sys::File) -> Result<LoadedFile, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| {
        e.as_string()
            .unwrap_or_else(|| "unreadable file".to_owned())
    })?;
    let buffer: js_sys::ArrayBuffer = buffer
        .dyn_into()
        .map_err(|_| "the browser returned no bytes".to_owned())?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(LoadedFile {
        name: file.name(),
        bytes: Arc::from(bytes.into_boxed_slice()),
    })
}
