//! The Nexuscone audit viewer: a Leptos (client-side) app that verifies a ledger in
//! the browser, entirely offline, with `nexuscone-core`.
//!
//! What this crate is NOT: a verifier. Every check is `nexuscone-core`'s; this crate
//! reads files from the DOM, converts core values for display, and schedules the
//! core's streaming verifier in small chunks so the page stays responsive.
#![forbid(unsafe_code)]

mod components;
mod demo;
mod input;
mod ledger;
mod pretty;
mod report_file;
mod session;
mod timeline;
mod trust;

pub use components::app::App;
