//! The verifier worker's entry point: installs its message handler. Everything
//! else lives in the library crate (`worker.rs`).

fn main() {
    console_error_panic_hook::set_once();
    nexuscone_web::start_worker();
}
