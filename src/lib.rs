//! klantenpiramide: Curry's customer pyramid, the Pareto curve and who to
//! call next, computed in the browser from a customer export.
//!
//! Two rooms: [`analysis`] is plain Rust (bytes in, numbers out) and never
//! touches the browser; [`ui`] is Leptos and asks `analysis` for every number
//! it shows. [`file_stream`] is the worker's: it reads a file as the browser
//! gives it.
#![warn(missing_docs)]

pub mod analysis;
pub mod file_stream;
pub mod ui;
