//! Trust anchors for the ledger's size and history: note verifier keys and a signed
//! checkpoint. When both are given and the note verifies, the ledger is verified
//! again against the checkpoint, which catches cut-off and forked ledgers.

use leptos::ev;
use leptos::prelude::*;

use nexuscone_core::input::LocatedError;

use super::dom::{count, read_text};
use super::error_text::ErrorText;
use super::text_field::TextField;
use crate::session::Session;
use crate::trust::{CheckpointAnchor, CheckpointText};

/// A file input that replaces `target`'s text with the chosen file's.
fn load_into(
    target: RwSignal<String>,
    error: RwSignal<Option<LocatedError>>,
) -> impl Fn(ev::Event) {
    move |e: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&e);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            leptos::task::spawn_local(async move {
                match read_text(file).await {
                    Ok((_, text)) => target.set(text),
                    Err(message) => error.set(Some(message)),
                }
            });
        }
        input.set_value("");
    }
}

/// The checkpoint panel.
#[component]
pub fn CheckpointPanel() -> impl IntoView {
    let session = expect_context::<Session>();
    let vkeys = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let origin = RwSignal::new(String::new());
    let error = RwSignal::new(None::<LocatedError>);
    let apply = move |_| {
        let opened = CheckpointAnchor::open(CheckpointText {
            vkeys: vkeys.get_untracked(),
            note: note.get_untracked(),
            origin: origin.get_untracked(),
            source: "(pasted)".to_owned(),
        });
        match opened {
            Ok(anchor) => {
                error.set(None);
                session.set_checkpoint(Some(anchor));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let current = move || {
        match session.checkpoint.get() {
        Some(c) => {
            let matched = session.verification.with(|v| {
                v.as_ref()
                    .and_then(|v| v.report.checkpoint.as_ref())
                    .map(|s| s.matched)
            });
            let state = match matched {
                Some(true) => ("ok-text", "the ledger matches it (size and root)"),
                Some(false) => ("error-text", "the ledger does NOT match it"),
                None => ("", "not checked yet"),
            };
            view! {
                <p data-testid="checkpoint-current">
                    {format!(
                        "Checkpoint {} · tree size {} · root {} · signed by {}: ",
                        c.checkpoint.origin,
                        count(c.checkpoint.size),
                        c.checkpoint.root.to_hex(),
                        c.signed_by.join(", "),
                    )}
                    <span class=state.0>{state.1}</span>
                </p>
            }
            .into_any()
        }
        None => view! {
            <p data-testid="checkpoint-current">
                "No checkpoint. Without one, newest entries that were cut off, or a ledger forked and rewritten from the start, cannot be detected."
            </p>
        }
        .into_any(),
    }
    };
    view! {
        <section class="panel trust checkpoint" aria-label="Checkpoint">
            <h2>"Signed checkpoint"</h2>
            {current}
            <TextField
                id="vkeys-text"
                label="Verifier keys (C2SP vkey name+hash+base64, one per line)"
                rows=2
                value=vkeys
            />
            <TextField id="checkpoint-text" label="Checkpoint (signed note)" rows=4 value=note />
            <label for="checkpoint-origin">"Expected origin (optional)"</label>
            <input
                id="checkpoint-origin"
                class="origin"
                type="text"
                data-testid="checkpoint-origin"
                spellcheck="false"
                prop:value=move || origin.get()
                on:input=move |e| origin.set(event_target_value(&e))
            />
            <div class="buttons">
                <button type="button" data-testid="checkpoint-apply" on:click=apply>
                    "Use this checkpoint"
                </button>
                <label class="button" for="vkeys-file">"Load vkeys…"</label>
                <input id="vkeys-file" class="visually-hidden" type="file" on:change=load_into(vkeys, error) />
                <label class="button" for="checkpoint-file">"Load checkpoint…"</label>
                <input id="checkpoint-file" class="visually-hidden" type="file" on:change=load_into(note, error) />
                <button type="button" data-testid="checkpoint-clear" on:click=move |_| { error.set(None); session.set_checkpoint(None) }>
                    "Clear checkpoint"
                </button>
            </div>
            {move || error.get().map(|e| view! { <ErrorText testid="checkpoint-error".to_owned() error=e /> })}
        </section>
    }
}
