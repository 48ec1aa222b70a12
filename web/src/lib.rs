//! The Nexuscone audit viewer: a Leptos (client-side) app that verifies a ledger in
//! the browser, entirely offline, with `nexuscone-core`.
//!
//! Two programs share this crate: the page (`main.rs`, the components) and the
//! verifier worker (`worker_main.rs`, `worker.rs`), which reads and verifies the
//! ledger off the page's thread with its helpers (`pool.rs`, `helper.rs`);
//! `protocol.rs` describes how they talk.
//!
//! What this crate is NOT: a verifier. Every check is `nexuscone-core`'s; this crate
//! reads files, moves the core's results between worker and page, and draws them.
#![forbid(unsafe_code)]

mod blob_pages;
mod components;
mod demo;
mod entry_detail;
mod helper;
mod input;
mod ledger;
mod plain;
mod pool;
mod pretty;
mod protocol;
mod report_file;
mod session;
mod timeline;
mod trust;
mod worker;

pub use components::app::App;
pub use worker::start as start_worker;
