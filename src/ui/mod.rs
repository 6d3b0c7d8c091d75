//! The Leptos user interface: holds signals and draws.
//!
//! Every number it shows comes from [`crate::analysis`]; components here only
//! bind values to the page. One public component per file.

mod app;
mod contact_plan;
mod controls;
mod customer_table;
mod dashboard;
mod dom;
mod drop_zone;
pub mod format;
pub mod geometry;
mod import_panel;
mod key_figures;
mod layer_moves;
mod method;
mod offline;
mod pareto_chart;
pub mod privacy;
mod pyramid_chart;
mod pyramid_table;
pub mod state;
pub mod worker_client;

pub use app::App;
pub use drop_zone::DropZone;
