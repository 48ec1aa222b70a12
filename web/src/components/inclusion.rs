//! The detail pane's proofs: the selected entry's Merkle inclusion path from leaf to
//! root, and, for a redacted entry, its marker and the entry that redacted it.

use leptos::prelude::*;
use nexuscone_core::merkle::entry_leaf_hex;
use nexuscone_core::redaction::{is_redaction_entry, Marker, Record};

use crate::ledger::Ledger;
use crate::session::Verification;

/// The inclusion path of the entry at `index` (its leaf index in the tree built from
/// the entry hashes in input order), at the checkpoint's size when one was given and
/// covers the entry, otherwise at the ledger's size.
pub fn inclusion_path(ledger: &Ledger, verification: &Verification, index: usize) -> AnyView {
    let Some(tree) = verification.tree.as_ref() else {
        return view! {
            <p data-testid="inclusion-path">"No Merkle tree: an entry_hash is not 64 hex characters."</p>
        }
        .into_any();
    };
    let checkpoint = verification
        .checkpoint
        .as_ref()
        .map(|c| &c.checkpoint)
        .filter(|c| (index as u64) < c.size && c.size <= tree.len());
    let size = checkpoint.map_or(tree.len(), |c| c.size);
    let entry = &ledger.rows[index].entry;
    let Some(leaf) = entry_leaf_hex(&entry.entry_hash) else {
        return view! { <p data-testid="inclusion-path">"entry_hash is not hex"</p> }.into_any();
    };
    let steps = tree
        .inclusion_proof(index as u64, size)
        .and_then(|proof| proof.steps(&leaf));
    let steps = match steps {
        Ok(steps) => steps,
        Err(e) => {
            return view! { <p class="error-text" data-testid="inclusion-path">{e.to_string()}</p> }
                .into_any()
        }
    };
    let root = steps
        .last()
        .map_or_else(|| leaf.to_hex(), |s| s.node.to_hex());
    let (anchor, matches) = match checkpoint {
        Some(c) => {
            let same = c.root.to_hex() == root;
            (
                format!("checkpoint {} root at size {}", c.origin, c.size),
                Some(same),
            )
        }
        None => (format!("ledger root at size {size}"), None),
    };
    let levels = steps
        .iter()
        .enumerate()
        .map(|(level, s)| {
            let side = if s.sibling_is_left { "left" } else { "right" };
            view! {
                <li data-testid="path-step">
                    <span class="level">{format!("level {}", level + 1)}</span>
                    <span class=format!("side {side}")>{format!("sibling on the {side}")}</span>
                    <code class="wrap sibling">{s.sibling.to_hex()}</code>
                    <span class="arrow">"→ node"</span>
                    <code class="wrap node">{s.node.to_hex()}</code>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="inclusion" data-testid="inclusion-path">
            <p>
                {format!("Leaf {} of {} (SHA-256(0x00 ‖ entry_hash)): ", index, size)}
                <code class="wrap">{leaf.to_hex()}</code>
            </p>
            <ol class="path">{levels}</ol>
            <p>
                <strong>{format!("Root ({anchor}): ")}</strong>
                <code class="wrap" data-testid="path-root">{root}</code>
                {matches.map(|same| {
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

/// For a redacted entry: the marker that replaced its payload and a link to the
/// redaction entry that records it. `None` when the payload is not a marker.
pub fn redaction_info(
    ledger: &Ledger,
    index: usize,
    select: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> Option<AnyView> {
    let entry = &ledger.rows[index].entry;
    let marker = Marker::parse(&entry.payload)?;
    let by = ledger.rows.iter().position(|r| {
        is_redaction_entry(&r.entry)
            && Record::parse(&r.entry.payload).is_some_and(|rec| rec.entry_id == entry.entry_id)
    });
    let link = match by {
        Some(i) => {
            let id = ledger.rows[i].entry.entry_id;
            view! {
                <button type="button" class="linkish" data-testid="redaction-link" on:click=move |_| select(i)>
                    {format!("entry {id}")}
                </button>
            }
            .into_any()
        }
        None => view! { <span class="error-text">"not found in this ledger"</span> }.into_any(),
    };
    Some(
        view! {
            <div class="redaction" data-testid="redaction">
                <dl>
                    <dt>"original_payload_hash"</dt><dd><code>{marker.original_payload_hash}</code></dd>
                    <dt>"redacted_at"</dt><dd>{marker.redacted_at}</dd>
                    <dt>"redacted_by"</dt><dd>{marker.redacted_by}</dd>
                    <dt>"reason"</dt><dd>{marker.reason}</dd>
                    <dt>"redaction entry"</dt><dd>{link}</dd>
                </dl>
            </div>
        }
        .into_any(),
    )
}
