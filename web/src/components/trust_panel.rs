//! Trust anchors: the entry-signing and witness public keys the user vouches for, and
//! the Bitcoin block headers and TSA root certificates anchors are checked against,
//! each through a [`KeyInput`]. Changing them verifies the ledger again.

use leptos::prelude::*;
use nexuscone_core::input::{ErrorKind, LocatedError};

use super::key_input::KeyInput;
use crate::session::Session;
use crate::trust::{ProofTrust, ProofTrustKind, TrustAnchors, WitnessAnchors};

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
            <ProofTrustInput kind=ProofTrustKind::BitcoinHeaders />
            <ProofTrustInput kind=ProofTrustKind::TsaRoots />
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

/// The words and file types of an anchor trust input.
#[derive(Clone, Copy)]
struct ProofTrustWords {
    heading: &'static str,
    id: &'static str,
    noun: &'static str,
    label: &'static str,
    accept: &'static str,
    one: &'static str,
    many: &'static str,
    none: &'static str,
}

fn proof_trust_words(kind: ProofTrustKind) -> ProofTrustWords {
    match kind {
        ProofTrustKind::BitcoinHeaders => ProofTrustWords {
            heading: "Trusted Bitcoin block headers",
            id: "bitcoin-headers",
            noun: "headers",
            label: "Paste Bitcoin block headers: 80 bytes of hex per line, optionally after the height (“bitcoin-cli getblockheader HASH false” prints one)",
            accept: ".txt,.hex,.headers,.bitcoin-headers",
            one: "Bitcoin block header",
            many: "Bitcoin block headers",
            none: "No Bitcoin block headers. An OpenTimestamps proof then shows only which merkle root it commits to, not that Bitcoin recorded it.",
        },
        ProofTrustKind::TsaRoots => ProofTrustWords {
            heading: "Trusted TSA root certificates",
            id: "tsa-roots",
            noun: "roots",
            label: "Paste TSA root certificates (PEM)",
            accept: ".pem,.crt,.cer,.txt",
            one: "TSA root certificate",
            many: "TSA root certificates",
            none: "No TSA root certificates. A time-stamp token's signature is checked, but not who signed it: anyone can make such a certificate.",
        },
    }
}

/// The input for the Bitcoin headers or the TSA roots anchors are checked against.
#[component]
fn ProofTrustInput(kind: ProofTrustKind) -> impl IntoView {
    let session = expect_context::<Session>();
    let words = proof_trust_words(kind);
    let apply = move |(source, text): (String, String)| {
        let trust = ProofTrust::parse(kind, &text, &source)?;
        session.set_proof_trust(kind, Some(trust));
        Ok(())
    };
    view! {
        <h2>{words.heading}</h2>
        <KeyInput
            id=words.id
            noun=words.noun
            label=words.label
            accept=words.accept
            apply=apply
            clear=move |()| session.set_proof_trust(kind, None)
        >
            {move || proof_trust(session.proof_trust(kind), &words)}
        </KeyInput>
    }
}

/// What headers or roots are trusted now (`data-testid="trusted-{id}"`).
fn proof_trust(trust: Option<ProofTrust>, words: &ProofTrustWords) -> impl IntoView {
    let testid = format!("trusted-{}", words.id);
    match trust {
        Some(t) => {
            let count = crate::plain::plural(t.items.len() as u64, words.one, words.many);
            let items = t
                .items
                .iter()
                .map(|item| view! { <li><code class="wrap">{item.clone()}</code></li> })
                .collect_view();
            view! {
                <p>{format!("{count}, from {}:", t.source)}</p>
                <ul class="keys" data-testid=testid>{items}</ul>
            }
            .into_any()
        }
        None => view! { <p data-testid=testid>{words.none}</p> }.into_any(),
    }
}
