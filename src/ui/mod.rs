//! The Leptos user interface: holds signals and draws.
//!
//! Every number it shows comes from [`crate::analysis`]; components here only
//! bind values to the page.

mod app;
mod drop_zone;
mod file_read;
pub mod privacy;

pub use app::App;
pub use drop_zone::DropZone;
pub use file_read::{LoadedFile, read_file};
pub mod format;
pub mod geometry;
