//! The viewer's components, one per file.

mod anchors_panel;
pub mod app;
mod checkpoint_panel;
mod detail;
pub(crate) mod dom;
mod error_text;
mod failures;
mod inclusion;
mod key_input;
mod loader;
mod print_report;
mod progress;
mod summary;
mod table;
mod text_field;
mod timeline_chart;
mod trust_panel;
mod trust_used;
mod verdict;
