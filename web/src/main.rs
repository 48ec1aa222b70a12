//! Mounts the viewer. Everything else lives in the library crate.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(nexuscone_web::App);
}
