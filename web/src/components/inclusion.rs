//! The detail pane's proofs, as the worker computed them: the selected entry's
//! Merkle inclusion path from leaf to root, and, for a redacted entry, its marker
//! and the entry that redacted it.

use leptos::prelude::*;

use crate::protocol::{Inclusion, Redaction};

/// The inclusion path, drawn leaf to root, or why there is none.
pub fn inclusion_path(inclusion: &Result<Inclusion, String>) -> AnyView {
    let p = match inclusion {
        Ok(p) => p.clone(),
        Err(e) => {
            return view! { <p data-testid="inclusion-path">{e.clone()}</p> }.into_any();
        }
    };
    let levels = p
        .steps
        .iter()
        .enumerate()
        .map(|(level, s)| {
            let side = if s.sibling_is_left { "left" } else { "right" };
            view! {
                <li data-testid="path-step">
                    <span class="level">{format!("level {}", level + 1)}</span>
                    <span class=format!("side {side}")>{format!("sibling on the {side}")}</span>
                    <code class="wrap sibling">{s.sibling.clone()}</code>
                    <span class="arrow">"→ node"</span>
                    <code class="wrap node">{s.node.clone()}</code>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="inclusion" data-testid="inclusion-path">
            <p>
                {format!("Leaf {} of {} (SHA-256(0x00 ‖ entry_hash)): ", p.leaf_index, p.size)}
                <code class="wrap">{p.leaf}</code>
            </p>
            <ol class="path">{levels}</ol>
            <p>
                <strong>{format!("Root ({}): ", p.anchor)}</strong>
                <code class="wrap" data-testid="path-root">{p.root}</code>
                {p.matches_checkpoint.map(|same| {
                    if same {
                        view! { <span class="hash-verdict ok-text">"equals the signed checkpoint's root"</span> }.into_any()
                    } else {
                        view! { <span class="hash-verdict error-text">"DIFFERS from the signed checkpoint's root"</span> }.into_any()
                    }
                })}
            </p>
        </div>
    }
    .into_any()
}

/// A redacted entry's marker and a link to the redaction entry that records it.
pub fn redaction_info(
    r: Redaction,
    select: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> AnyView {
    let link = match r.by {
        Some((index, id)) => view! {
            <button type="button" class="linkish" data-testid="redaction-link" on:click=move |_| select(index as usize)>
                {format!("entry {id}")}
            </button>
        }
        .into_any(),
        None => view! { <span class="error-text">"not found in this ledger"</span> }.into_any(),
    };
    view! {
        <div class="redaction" data-testid="redaction">
            <dl>
                <dt>"original_payload_hash"</dt><dd><code>{r.original_payload_hash}</code></dd>
                <dt>"redacted_at"</dt><dd>{r.redacted_at}</dd>
                <dt>"redacted_by"</dt><dd>{r.redacted_by}</dd>
                <dt>"reason"</dt><dd>{r.reason}</dd>
                <dt>"redaction entry"</dt><dd>{link}</dd>
            </dl>
        </div>
    }
    .into_any()
}
