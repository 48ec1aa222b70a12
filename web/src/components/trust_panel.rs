//! Trust anchors: the entry-signing and witness public keys the user vouches for,
//! each through a [`KeyInput`]. Changing them verifies the ledger again.

use leptos::prelude::*;
use nexuscone_core::input::{ErrorKind, LocatedError};

use super::key_input::KeyInput;
use crate::session::Session;
use crate::trust::{TrustAnchors, WitnessAnchors};

fn no_keys(source: &str) -> LocatedError {
    LocatedError::new(
        ErrorKind::InvalidKeyFile,
        format!("{source}: no keys found"),
    )
}

/// The trust panel.
#[component]
pub fn TrustPanel() -> impl IntoView {
    let session = expect_context::<Session>();
    let apply_keys = move |(source, text): (String, String)| {
        let anchors = TrustAnchors::parse(&text, &source)?;
        if anchors.signing_keys.is_empty() {
            return Err(no_keys(&source));
        }
        session.set_trust(Some(anchors));
        Ok(())
    };
    let apply_witness_keys = move |(source, text): (String, String)| {
        let anchors = WitnessAnchors::parse(&text, &source)?;
        if anchors.keys.is_empty() {
            return Err(no_keys(&source));
        }
        session.set_witness_trust(Some(anchors));
        Ok(())
    };
    view! {
        <section class="panel trust" aria-label="Trust anchors">
            <h2>"Trusted signing keys"</h2>
            <KeyInput
                id="keys"
                noun="keys"
                label="Paste keys: a JSON object of key id to hex, or one “key-id hex” per line"
                apply=apply_keys
                clear=move |()| session.set_trust(None)
            >
                {signing_keys}
            </KeyInput>
            <h2>"Trusted witness keys"</h2>
            <KeyInput
                id="witness-keys"
                noun="witness keys"
                label="Paste witness keys: a JSON object of label to hex, or one “label hex” per line"
                apply=apply_witness_keys
                clear=move |()| session.set_witness_trust(None)
            >
                {witness_keys}
            </KeyInput>
        </section>
    }
}

/// What signing keys are trusted now.
fn signing_keys() -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
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
    }
}

/// What witness keys are trusted now.
fn witness_keys() -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        match session.witness_trust.get() {
        Some(w) => {
            let keys = w
                .keys
                .iter()
                .map(|key| view! { <li><code class="wrap">{key.clone()}</code></li> })
                .collect_view();
            view! {
                <p>{format!("{} trusted witness key(s), from {}:", w.keys.len(), w.source)}</p>
                <ul class="keys" data-testid="trusted-witness-keys">{keys}</ul>
            }
            .into_any()
        }
        None => view! {
            <p data-testid="trusted-witness-keys">
                "No trusted witness keys. Witness attestations are checked against the keys in the ledger's own witnesses table, which proves consistency, not who witnessed."
            </p>
        }
        .into_any(),
    }
    }
}
