//! Every failure one click away: the failures list, each in plain words with the
//! core's technical sentence (hashes) on demand, linked to its row; and going to a
//! failure from anywhere (the verdict's "Jump to first failure").

use leptos::prelude::*;
use nexuscone_core::report::{Finding, FindingKind};

use super::anchors_panel;
use super::dom::count;
use crate::plain;
use crate::session::Session;

/// How many failures the list shows (the downloaded report lists up to 1,000).
const SHOWN: usize = 50;

/// A request to show one entry of the ledger: select it, lift filters hiding it,
/// scroll to it and focus the table. The counter makes a repeated request a change.
#[derive(Clone, Copy)]
pub struct Reveal(pub RwSignal<Option<(usize, u64)>>);

impl Reveal {
    /// No request yet.
    pub fn new() -> Reveal {
        Reveal(RwSignal::new(None))
    }

    /// Shows the entry at `index` (a position in the ledger's rows).
    pub fn entry(&self, index: usize) {
        self.0
            .update(|r| *r = Some((index, r.map_or(0, |(_, n)| n + 1))));
    }
}

/// Which failures the summary counts and the table filter group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Witness attestations that fail or disagree with the ledger.
    Attestations,
    /// Anchors that fail or disagree with the ledger.
    Anchors,
}

impl Group {
    /// Both groups.
    pub const ALL: [Group; 2] = [Group::Attestations, Group::Anchors];

    /// True when `kind` belongs to the group.
    pub fn has(self, kind: FindingKind) -> bool {
        match self {
            Group::Attestations => matches!(
                kind,
                FindingKind::WitnessAttestation | FindingKind::WitnessMismatch
            ),
            Group::Anchors => matches!(
                kind,
                FindingKind::AnchorBinding | FindingKind::AnchorProof | FindingKind::AnchorColumn
            ),
        }
    }

    /// The stable name used in the page (`data-group`, filter values).
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Attestations => "attestation_failures",
            Group::Anchors => "anchor_failures",
        }
    }

    /// As words.
    pub fn label(self) -> &'static str {
        match self {
            Group::Attestations => "witness attestation failures",
            Group::Anchors => "anchor failures",
        }
    }
}

/// Goes to the failure listed at `i`: an anchor's failure to the anchor in the
/// anchors panel (which links to its head's row); another to its row when it
/// concerns an entry the ledger holds, else to its place in the failures list.
pub fn go_to(session: Session, reveal: Reveal, i: usize) {
    let (Some(ledger), Some(v)) = (
        session.ledger.get_untracked(),
        session.verification.get_untracked(),
    ) else {
        return;
    };
    let Some(finding) = v.report.failures.get(i) else {
        return;
    };
    if let Some(anchor) = finding.anchor_id {
        return focus(&anchors_panel::element_id(anchor));
    }
    let row = finding
        .entry_id
        .and_then(|id| ledger.columns.ids.iter().position(|&e| e == id));
    match row {
        Some(index) => reveal.entry(index),
        None => {
            open_failures();
            focus(&format!("failure-{i}"));
        }
    }
}

/// Opens the failures list.
fn open_failures() {
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(details) = document.and_then(|d| d.get_element_by_id("failures-box")) {
        let _ = details.set_attribute("open", "");
    }
}

/// Scrolls to the element `id` and focuses it.
fn focus(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(item) = document.get_element_by_id(id) {
        item.scroll_into_view();
        if let Ok(item) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(item) {
            let _ = item.focus();
        }
    }
}

/// One failure in plain words, the core's sentence on demand.
pub fn explained(f: &Finding, last_entry_id: Option<i64>) -> impl IntoView {
    view! {
        <span class="plain">{plain::finding(f, last_entry_id)}</span>
        <details class="technical">
            <summary>"technical detail"</summary>
            <code class="wrap">{f.message.clone()}</code>
        </details>
    }
}

/// The failures, each linked to its row.
#[component]
pub fn FailureList() -> impl IntoView {
    let session = expect_context::<Session>();
    let reveal = expect_context::<Reveal>();
    move || {
        let v = session.verification.get()?;
        let report = &v.report;
        if report.failures_total == 0 {
            return None;
        }
        let last = report.last_entry_id;
        let items = report
            .failures
            .iter()
            .take(SHOWN)
            .enumerate()
            .map(|(i, f)| {
                let target = match (f.anchor_id, f.attestation_id, f.entry_id) {
                    (Some(a), ..) => format!("anchor {a}"),
                    (_, _, Some(e)) => format!("entry {e}"),
                    (_, Some(a), None) => format!("attestation {a}"),
                    _ => "see".to_owned(),
                };
                view! {
                    <li id=format!("failure-{i}") tabindex="-1" data-kind=f.kind.as_str()>
                        <button
                            type="button"
                            class="linkish"
                            data-testid="failure-link"
                            title="Show where it is"
                            on:click=move |_| go_to(session, reveal, i)
                        >
                            {target}
                        </button>
                        " "
                        {explained(f, last)}
                    </li>
                }
            })
            .collect_view();
        let more = report.failures_total.saturating_sub(SHOWN as u64);
        Some(view! {
            <details id="failures-box" class="failures-box" open=report.failures_total <= 5>
                <summary>
                    <strong>{plain::plural(report.failures_total, "failure", "failures")}</strong>
                </summary>
                <ul class="failures" data-testid="failures">{items}</ul>
                {(more > 0).then(|| view! {
                    <p>{format!("…and {} more (all in the downloadable report, up to 1,000).", count(more))}</p>
                })}
            </details>
        })
    }
}
