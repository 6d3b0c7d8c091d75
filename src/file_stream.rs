//! Reading part of a `File` (a `Blob`) as a stream, chunk by chunk, straight
//! into the end of a `Vec<u8>`: the worker's way to read a large file while
//! it reads the rows of what came already.
//!
//! A byte stream read with a BYOB ("bring your own buffer") reader fills one
//! reused buffer of [`FileStream::open`]'s `chunk` bytes; a browser without
//! one gives its own chunks through the default reader. Either way the
//! bytes arrive as the browser reads them, without a new `ArrayBuffer` per
//! piece. Measured in headless Chromium on a 60 MB file read in two halves
//! by two workers that each spent 6 ms per MB on what they read: the halves
//! were in after 190–215 ms with a BYOB reader (1 MB buffers), 219–250 ms
//! with the default reader, and 249–314 ms with 8 MB `slice().arrayBuffer()`
//! pieces each asked for while the one before was used (the worker's way
//! before). The sizes the app uses are measured in `src/worker.rs`.

use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, ReadableStream, ReadableStreamByobReader, ReadableStreamDefaultReader,
    ReadableStreamGetReaderOptions, ReadableStreamReaderMode,
};

use crate::analysis::import::ImportError;

/// How the stream is read.
enum Reader {
    /// Into our own buffer, handed back and forth (`None` while a read has it).
    Byob {
        reader: ReadableStreamByobReader,
        buffer: Option<ArrayBuffer>,
    },
    /// In the browser's chunks.
    Default(ReadableStreamDefaultReader),
}

/// Bytes `[from, to)` of a blob, read chunk by chunk. Dropping it before
/// the end cancels the rest of the read.
pub struct FileStream {
    reader: Reader,
    /// The first read, asked for when the stream was opened.
    first: Option<js_sys::Promise>,
    /// Bytes still to come.
    left: usize,
}

impl FileStream {
    /// Starts reading bytes `[from, to)` of `blob`. `chunk`: the size of the
    /// buffer a BYOB reader fills (at most this much per [`FileStream::append_to`]);
    /// `byob`: whether to try one (else, or without one, the default reader).
    pub fn open(
        blob: &Blob,
        from: usize,
        to: usize,
        chunk: usize,
        byob: bool,
    ) -> Result<FileStream, ImportError> {
        let unreadable = |_| ImportError::Unreadable;
        let part = blob
            .slice_with_f64_and_f64(from as f64, to as f64)
            .map_err(unreadable)?;
        // `Blob.stream()` itself exists wherever wasm SIMD does; asked for
        // through `Reflect` so that a browser without it is an error here,
        // not an exception through the worker.
        let stream_of = Reflect::get(&part, &"stream".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or(ImportError::Unreadable)?;
        let stream: ReadableStream = stream_of
            .call0(&part)
            .map_err(unreadable)?
            .dyn_into()
            .map_err(unreadable)?;
        let reader = match byob.then(|| byob_reader(&stream)).flatten() {
            Some(reader) => Reader::Byob {
                reader,
                buffer: Some(ArrayBuffer::new(chunk.max(1) as u32)),
            },
            None => Reader::Default(ReadableStreamDefaultReader::new(&stream).map_err(unreadable)?),
        };
        let mut stream = FileStream {
            reader,
            first: None,
            left: to.saturating_sub(from),
        };
        // Asked for at once: the browser starts reading while the caller
        // makes the room for the bytes.
        if stream.left > 0 {
            stream.first = stream.ask();
        }
        Ok(stream)
    }

    /// Asks for the next chunk (`None`: a BYOB read has the buffer).
    fn ask(&mut self) -> Option<js_sys::Promise> {
        match &mut self.reader {
            Reader::Byob { reader, buffer } => buffer
                .take()
                .map(|own| reader.read_with_array_buffer_view(&Uint8Array::new(&own))),
            Reader::Default(reader) => Some(reader.read()),
        }
    }

    /// Whether the stream is read into our own buffer (a BYOB reader).
    pub fn is_byob(&self) -> bool {
        matches!(self.reader, Reader::Byob { .. })
    }

    /// Appends the next chunk to `bytes`, which must have the room for
    /// everything still to come; the number of bytes appended, 0 at the end.
    /// An error when the blob gives more or fewer bytes than it should (the
    /// file changed on disk while it was read) or cannot be read.
    pub async fn append_to(&mut self, bytes: &mut Vec<u8>) -> Result<usize, ImportError> {
        let unreadable = |_| ImportError::Unreadable;
        let Some(read) = self.first.take().or_else(|| self.ask()) else {
            return Err(ImportError::Unreadable);
        };
        let result = JsFuture::from(read).await.map_err(unreadable)?;
        let done = Reflect::get(&result, &"done".into())
            .map(|d| d.is_truthy())
            .map_err(unreadable)?;
        let value = Reflect::get(&result, &"value".into()).map_err(unreadable)?;
        let chunk = value.dyn_into::<Uint8Array>().ok();
        if let (Reader::Byob { buffer, .. }, Some(chunk)) = (&mut self.reader, &chunk) {
            // The buffer comes back (moved) with every answer, the last too.
            *buffer = Some(chunk.buffer());
        }
        let n = chunk.as_ref().map_or(0, |c| c.length() as usize);
        if done || n == 0 {
            return if self.left == 0 {
                Ok(0)
            } else {
                // Fewer bytes than the blob's size said.
                Err(ImportError::Unreadable)
            };
        }
        let Some(chunk) = chunk else {
            return Err(ImportError::Unreadable);
        };
        if n > self.left || n > bytes.capacity() - bytes.len() {
            return Err(ImportError::Unreadable);
        }
        let len = bytes.len();
        chunk.copy_to_uninit(&mut bytes.spare_capacity_mut()[..n]);
        // SAFETY: `copy_to_uninit` initialised the `n` bytes after the current length.
        unsafe { bytes.set_len(len + n) };
        self.left -= n;
        Ok(n)
    }

    /// Appends chunks to `bytes` until at least `more` bytes came or the
    /// stream ended; how many came.
    pub async fn append_at_least(
        &mut self,
        bytes: &mut Vec<u8>,
        more: usize,
    ) -> Result<usize, ImportError> {
        let mut came = 0;
        while came < more && self.left > 0 {
            match self.append_to(bytes).await? {
                0 => break,
                n => came += n,
            }
        }
        Ok(came)
    }

    /// Bytes still to come.
    pub fn left(&self) -> usize {
        self.left
    }
}

impl Drop for FileStream {
    fn drop(&mut self) {
        // A first read never waited for: its failure is handled here.
        if let Some(first) = self.first.take() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(first).await;
            });
        }
        if self.left > 0 {
            // The rest is not wanted: the browser may stop reading it.
            let cancelled = match &self.reader {
                Reader::Byob { reader, .. } => reader.cancel(),
                Reader::Default(reader) => reader.cancel(),
            };
            // After a failed read (the file changed on disk) the stream is
            // errored and `cancel` rejects with that error: handled here, or
            // it would reach the page as an unhandled rejection.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(cancelled).await;
            });
        }
    }
}

/// A BYOB reader of `stream`, if the browser gives one.
fn byob_reader(stream: &ReadableStream) -> Option<ReadableStreamByobReader> {
    let options = ReadableStreamGetReaderOptions::new();
    options.set_mode(ReadableStreamReaderMode::Byob);
    // `getReader({ mode: "byob" })` throws where the stream is no byte
    // stream: asked through `Reflect`, as the binding would throw through.
    let get = Reflect::get(stream, &"getReader".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    get.call1(stream, &options).ok()?.dyn_into().ok()
}
