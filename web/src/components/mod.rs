//! The viewer's components, one per file.

pub mod app;
mod detail;
mod dom;
mod loader;
mod progress;
mod summary;
mod table;
mod trust_panel;
mod verdict;
