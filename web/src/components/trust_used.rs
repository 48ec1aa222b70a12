//! What the ledger shown was checked with, each trust input with its source, and the
//! inputs the previous ledger was checked with, kept only if the user chooses to.

use leptos::prelude::*;

use super::verdict::kind_words;
use crate::session::Session;

/// The "checked with" line and the offer to keep the previous ledger's trust.
#[component]
pub fn TrustUsed() -> impl IntoView {
    let session = expect_context::<Session>();
    let used = move || {
        let v = session.verification.get()?;
        let inputs: Vec<String> = v
            .trust_inputs
            .iter()
            .map(|t| {
                format!(
                    "{} from {} (SHA-256 {}…)",
                    kind_words(&t.kind),
                    t.name,
                    &t.sha256[..12.min(t.sha256.len())]
                )
            })
            .collect();
        let text = if inputs.is_empty() {
            "Checked with nothing you supplied: no keys, checkpoint, headers or roots.".to_owned()
        } else {
            format!("Checked with: {}.", inputs.join("; "))
        };
        Some(view! { <p class="trust-used" data-testid="checked-with">{text}</p> })
    };
    let offer = move || {
        let offered = session.offered_trust.get()?;
        let mut what = Vec::new();
        if let Some(keys) = &offered.keys {
            what.push(format!("signing keys from {}", keys.source));
        }
        if let Some(keys) = &offered.witness {
            what.push(format!("witness keys from {}", keys.source));
        }
        if let Some(checkpoint) = &offered.checkpoint {
            what.push(format!("the checkpoint from {}", checkpoint.text.source));
        }
        if let Some(headers) = &offered.bitcoin_headers {
            what.push(format!("Bitcoin block headers from {}", headers.source));
        }
        if let Some(roots) = &offered.tsa_roots {
            what.push(format!("TSA root certificates from {}", roots.source));
        }
        Some(view! {
            <p class="trust-offer" data-testid="trust-offer">
                {format!(
                    "The previous file was checked with {}. Trust never carries over: they are not used for this file.",
                    and_list(&what)
                )}
                " "
                <button type="button" data-testid="keep-trust" on:click=move |_| session.keep_offered_trust()>
                    "Use them for this file too"
                </button>
            </p>
        })
    };
    view! { {used} {offer} }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
