//! Plain Rust: bytes in, numbers out.
//!
//! Nothing in here imports leptos, web-sys or js-sys, so it compiles and
//! tests natively and serves the UI, the worker and benchmarks unchanged.

pub mod abc;
pub mod analyse;
pub mod approach;
pub mod calendar;
pub mod contact;
pub mod customers;
pub mod dataset;
pub mod engine;
pub mod export;
pub mod import;
pub mod lang;
pub mod moves;
pub mod packed;
pub mod pareto;
pub mod pyramid;
pub mod relation;
pub mod rhythm;
pub mod sample;
pub mod settings;
pub mod trend;
