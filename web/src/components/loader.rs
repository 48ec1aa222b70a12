//! Getting a ledger in: the file picker, drag and drop anywhere, paste, the demo.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::blob_of;
use crate::demo;
use crate::session::Session;
use crate::trust::TrustAnchors;

/// Loads a demo ledger with the demo's public keys as trust anchors (for it alone).
pub fn load_demo(session: Session, tampered: bool) {
    let keys = std::str::from_utf8(demo::KEYS).unwrap_or_default();
    let keys = TrustAnchors::parse(keys, "demo keys.json").ok();
    let (name, bytes) = if tampered {
        demo::TAMPERED
    } else {
        demo::SIGNED
    };
    match blob_of(&js_sys::Uint8Array::from(bytes)) {
        Ok(blob) => session.load_demo(name.to_owned(), blob, keys),
        Err(message) => session.fail(message),
    }
}

/// The worker reads the file itself: the page never holds its bytes.
fn load_file(session: Session, file: web_sys::File) {
    session.load(file.name(), file.into());
}

/// Loads the first file; a database's `-wal` file among them means the database
/// alone is not the whole ledger, which is said instead of a verdict.
fn load_files(session: Session, files: web_sys::FileList) {
    let all: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    if let Some(wal) = all
        .iter()
        .find(|f| f.name().ends_with("-wal") && f.size() > 0.0)
    {
        session.fail(format!(
            "{}: an uncheckpointed write-ahead log. Its entries are not in the database file; checkpoint the database first (sqlite3 ledger.sqlite 'PRAGMA wal_checkpoint(TRUNCATE)') and load the database alone.",
            wal.name()
        ));
        return;
    }
    if let Some(file) = all.into_iter().find(|f| !f.name().ends_with("-shm")) {
        load_file(session, file);
    }
}

fn is_text_field(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT"))
}

/// A paste outside a text field replaces a loaded ledger only if the user says so.
fn replace_confirmed(session: Session) -> bool {
    let Some(name) = session
        .ledger
        .with_untracked(|l| l.as_ref().map(|l| l.input.name.clone()))
    else {
        return true;
    };
    web_sys::window().is_some_and(|w| {
        w.confirm_with_message(&format!(
            "Replace the loaded ledger ({name}) with what you pasted?"
        ))
        .unwrap_or(false)
    })
}

/// The loading controls, plus drop and paste handlers on the whole window.
#[component]
pub fn Loader() -> impl IntoView {
    let session = expect_context::<Session>();
    let dragging = RwSignal::new(false);

    let _ = window_event_listener(ev::dragover, move |e: web_sys::DragEvent| {
        e.prevent_default();
        dragging.set(true);
    });
    let _ = window_event_listener(ev::dragleave, move |e: web_sys::DragEvent| {
        if e.related_target().is_none() {
            dragging.set(false);
        }
    });
    let _ = window_event_listener(ev::drop, move |e: web_sys::DragEvent| {
        e.prevent_default();
        dragging.set(false);
        if let Some(file) = e
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            load_file(session, file);
        }
    });
    let _ = window_event_listener(ev::paste, move |e: web_sys::ClipboardEvent| {
        if is_text_field(e.target()) || !replace_confirmed(session) {
            return;
        }
        let Some(data) = e.clipboard_data() else {
            return;
        };
        if let Some(file) = data.files().and_then(|f| f.get(0)) {
            e.prevent_default();
            load_file(session, file);
        } else if let Ok(text) = data.get_data("text") {
            if !text.trim().is_empty() {
                e.prevent_default();
                match blob_of(&wasm_bindgen::JsValue::from_str(&text)) {
                    Ok(blob) => session.load("pasted text".to_owned(), blob),
                    Err(message) => session.fail(message),
                }
            }
        }
    });

    let picker = NodeRef::<leptos::html::Input>::new();
    let on_pick = move |e: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&e);
        if let Some(files) = input.files() {
            load_files(session, files);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };

    view! {
        <div class="loader">
            <button
                type="button"
                class="primary"
                data-testid="open-ledger"
                on:click=move |_| {
                    if let Some(input) = picker.get_untracked() {
                        input.click();
                    }
                }
            >
                "Open a ledger…"
            </button>
            <input
                id="ledger-file"
                class="visually-hidden"
                tabindex="-1"
                aria-hidden="true"
                node_ref=picker
                type="file"
                multiple
                accept=".jsonl,.ndjson,.json,.sqlite,.db,application/json"
                on:change=on_pick
            />
            <button type="button" data-testid="demo" on:click=move |_| load_demo(session, false)>
                "Try the demo"
            </button>
            <button
                type="button"
                data-testid="demo-tampered"
                on:click=move |_| load_demo(session, true)
            >
                "Tampered demo"
            </button>
            <span class="hint">
                "…or drop a JSONL export, JSON bundle or SQLite database anywhere, or paste it (Ctrl+V)."
            </span>
        </div>
        <div class="dropzone" class:active=move || dragging.get() aria-hidden="true">
            "Drop the ledger file to verify it"
        </div>
    }
}
