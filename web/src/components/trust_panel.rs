//! Trust anchors: the entry-signing public keys the user vouches for. Changing
//! them verifies the ledger again.

use leptos::ev;
use leptos::prelude::*;

use super::dom::read_text;
use super::text_field::TextField;
use crate::session::Session;
use crate::trust::TrustAnchors;

/// The key input panel.
#[component]
pub fn TrustPanel() -> impl IntoView {
    let session = expect_context::<Session>();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let apply = move |source: &str, content: &str| match TrustAnchors::parse(content, source) {
        Ok(anchors) if anchors.signing_keys.is_empty() => {
            error.set(Some(format!("{source}: no keys found")))
        }
        Ok(anchors) => {
            error.set(None);
            session.set_trust(Some(anchors));
        }
        Err(message) => error.set(Some(message)),
    };
    let on_file = move |e: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&e);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            leptos::task::spawn_local(async move {
                match read_text(file).await {
                    Ok((name, text)) => apply(&name, &text),
                    Err(message) => error.set(Some(message)),
                }
            });
        }
        input.set_value("");
    };
    let current = move || {
        match session.trust.get() {
        Some(t) => {
            let keys = t
                .signing_keys
                .iter()
                .map(|(id, key)| view! { <li><code>{id.clone()}</code>" "<code class="wrap">{key.clone()}</code></li> })
                .collect_view();
            view! {
                <p>{format!("{}, from {}:", crate::plain::plural(t.signing_keys.len() as u64, "trusted key", "trusted keys"), t.source)}</p>
                <ul class="keys" data-testid="trusted-keys">{keys}</ul>
            }
            .into_any()
        }
        None => view! {
            <p data-testid="trusted-keys">
                "No trusted keys. Signatures are checked against the ledger's own keys if it carries any (which proves consistency, not authorship), otherwise not at all."
            </p>
        }
        .into_any(),
    }
    };
    view! {
        <section class="panel trust" aria-label="Trust anchors">
            <h2>"Trusted signing keys"</h2>
            {current}
            <TextField
                id="keys-text"
                label="Paste keys: a JSON object of key id to hex, or one “key-id hex” per line"
                rows=3
                value=text
            />
            <div class="buttons">
                <button type="button" data-testid="keys-apply" on:click=move |_| apply("pasted keys", &text.get_untracked())>
                    "Use these keys"
                </button>
                <label class="button" for="keys-file">"Load keys file…"</label>
                <input id="keys-file" class="visually-hidden" type="file" accept=".json,.txt" on:change=on_file />
                <button type="button" data-testid="keys-clear" on:click=move |_| { error.set(None); session.set_trust(None) }>
                    "Clear keys"
                </button>
            </div>
            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
        </section>
    }
}
