//! The selected entry: every stored field, the payload as text, the recomputed
//! hash beside the stored one, the link to the previous entry, the signature. The
//! worker builds the entry's detail ([`crate::protocol::EntryDetail`]); this draws it.

use leptos::prelude::*;

use super::table::status_label;
use crate::pretty;
use crate::protocol::KeySource;
use crate::session::Session;

/// `a` as spans, the characters that differ from `b` marked.
fn diff(a: &str, b: &str) -> impl IntoView {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_differs = false;
    let mut other = b.chars();
    for c in a.chars() {
        let differs = other.next() != Some(c);
        if differs != run_differs && !run.is_empty() {
            spans.push((std::mem::take(&mut run), run_differs));
        }
        run_differs = differs;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push((run, run_differs));
    }
    spans
        .into_iter()
        .map(|(text, differs)| {
            if differs {
                view! { <mark class="diff">{text}</mark> }.into_any()
            } else {
                view! { <span>{text}</span> }.into_any()
            }
        })
        .collect_view()
}

/// The detail pane for `selected`: asks the worker for the entry (again when a new
/// verification is in, as the inclusion path depends on it) and shows its answer.
#[component]
pub fn Detail(selected: RwSignal<Option<usize>>) -> impl IntoView {
    let session = expect_context::<Session>();
    Effect::new(move |_| {
        session.verification.track();
        if let Some(index) = selected.get() {
            session.request_entry(index);
        }
    });
    move || {
        let index = selected.get()?;
        let ledger = session.ledger.get()?;
        let verification = session.verification.get();
        let Some(e) = session.detail.get().filter(|d| d.index as usize == index) else {
            let id = ledger.columns.ids.get(index).copied()?;
            return Some(
                view! {
                    <aside class="panel detail" aria-label="Entry detail" data-testid="detail-loading">
                        <h2>{format!("Entry {id}")}</h2>
                        <p>"Loading…"</p>
                    </aside>
                }
                .into_any(),
            );
        };
        let status = verification
            .as_ref()
            .and_then(|v| v.statuses.get(index).copied());
        let key_hex = e.entry.signing_key_id.as_deref().and_then(|id| {
            match verification.as_ref().map(|v| &v.keys) {
                Some(KeySource::Trusted(t)) => t.signing_keys.get(id).cloned(),
                Some(KeySource::Ledger(keys)) => keys
                    .get(id)
                    .map(|k| format!("{k} (from the ledger itself)")),
                _ => None,
            }
        });
        // In plain words from the report; as the core words them for an entry past
        // the report's listed findings.
        let id = e.entry.entry_id;
        let listed: Vec<_> = verification
            .as_ref()
            .map(|v| {
                let last = v.report.last_entry_id;
                v.report
                    .failures
                    .iter()
                    .chain(&v.report.warnings)
                    .filter(|f| f.entry_id == Some(id))
                    .map(|f| view! { <li>{super::failures::explained(f, last)}</li> }.into_any())
                    .collect()
            })
            .unwrap_or_default();
        let findings = if listed.is_empty() {
            e.findings
                .iter()
                .map(|f| view! { <li>{f.clone()}</li> }.into_any())
                .collect()
        } else {
            listed
        };
        let stored_hash = e.entry.entry_hash.clone();
        let hash_row = match e.recomputed_hash.clone() {
            Some(r) => {
                let same = r == stored_hash;
                view! {
                    <dt>"entry_hash (stored)"</dt>
                    <dd><code data-testid="stored-hash">{diff(&stored_hash, &r)}</code></dd>
                    <dt>"entry_hash (recomputed)"</dt>
                    <dd>
                        <code data-testid="recomputed-hash">{diff(&r, &stored_hash)}</code>
                        <span class=if same { "hash-verdict ok-text" } else { "hash-verdict error-text" }>
                            {if same { "matches the stored hash" } else { "DIFFERS from the stored hash" }}
                        </span>
                    </dd>
                }
                .into_any()
            }
            None => view! {
                <dt>"entry_hash (stored)"</dt>
                <dd><code data-testid="stored-hash">{stored_hash.clone()}</code></dd>
                <dt>"entry_hash (recomputed)"</dt>
                <dd>"cannot be recomputed: unknown format_version"</dd>
            }
            .into_any(),
        };
        let previous_row = match e.previous.clone() {
            Some((id, previous_entry_hash)) => view! {
                <dt>"previous entry"</dt>
                <dd>
                    <button type="button" class="linkish" on:click=move |_| selected.set(Some(index - 1))>
                        {format!("entry {id}")}
                    </button>
                    " entry_hash "
                    <code>{diff(&previous_entry_hash, &e.entry.previous_hash)}</code>
                </dd>
            }
            .into_any(),
            None => view! {
                <dt>"previous entry"</dt>
                <dd>"none: this is the first entry (previous_hash must be 64 zeros)"</dd>
            }
            .into_any(),
        };
        let payload = pretty::payload(&e.entry.payload);
        let redaction = e.redaction.clone().map(|r| {
            view! { <h3>"Redaction"</h3>{super::inclusion::redaction_info(r, move |i| selected.set(Some(i)))} }
        });
        let path = super::inclusion::inclusion_path(&e.inclusion);
        let finding_badge = verification
            .as_ref()
            .and_then(|v| v.failing_entries.get(&e.entry.entry_id).copied())
            .filter(|_| !status.is_some_and(|s| s.is_failure()))
            .map(
                |k| view! { <span class="badge s-finding">{super::verdict::kind_words(k.as_str())}</span> },
            );
        Some(view! {
            <aside class="panel detail" aria-label="Entry detail" data-testid="detail">
                <div class="detail-head">
                    <h2>{format!("Entry {}", e.entry.entry_id)}</h2>
                    {status.map(|s| view! { <span class=format!("badge s-{}", s.as_str())>{status_label(s)}</span> })}
                    {finding_badge}
                    <button type="button" class="close" aria-label="Close the detail pane" on:click=move |_| selected.set(None)>"×"</button>
                </div>
                <ul class="failures">{findings}</ul>
                <dl>
                    <dt>"entry_id"</dt><dd>{e.entry.entry_id}</dd>
                    <dt>"timestamp"</dt><dd>{e.entry.timestamp.clone()}</dd>
                    <dt>"actor"</dt><dd>{e.entry.actor.clone()}</dd>
                    <dt>"action"</dt><dd>{e.entry.action.clone()}</dd>
                    <dt>"event_type"</dt>
                    <dd>{e.entry.event_type.clone().unwrap_or_else(|| "(no column: legacy row, hashed as \"request\")".into())}</dd>
                    <dt>"format_version"</dt>
                    <dd>{e.entry.format_version.map_or_else(|| "(no column: 1)".to_owned(), |v| v.to_string())}</dd>
                    <dt>"previous_hash"</dt><dd><code>{e.entry.previous_hash.clone()}</code></dd>
                    {previous_row}
                    {hash_row}
                    <dt>"signing_key_id"</dt>
                    <dd>{e.entry.signing_key_id.clone().unwrap_or_else(|| "(none)".into())}</dd>
                    <dt>"public key"</dt>
                    <dd><code>{key_hex.unwrap_or_else(|| "(not known)".into())}</code></dd>
                    <dt>"signature"</dt>
                    <dd><code class="wrap">{e.entry.signature.clone().unwrap_or_else(|| "(unsigned)".into())}</code></dd>
                    <dt>"payload"</dt>
                    <dd><pre class="payload" data-testid="payload">{payload}</pre></dd>
                    <dt>"payload (stored)"</dt>
                    <dd><code class="wrap">{e.entry.payload.clone()}</code></dd>
                </dl>
                {redaction}
                <h3>"Merkle inclusion proof"</h3>
                {path}
            </aside>
        }
        .into_any())
    }
}
