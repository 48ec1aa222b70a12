//! The anchors a ledger carries (SPEC §8, §9): each anchor, its OpenTimestamps and
//! RFC 3161 tracks with their status, whether its head is an entry of this file, and
//! in plain words what it proves. Every status and sentence is core's
//! ([`nexuscone_core::anchor::AnchorSummary`]); this panel only words and links them.
//!
//! Test ids: `anchors` (the panel), `anchor` (one per anchor, `data-anchor-id`,
//! `data-status`), `anchor-proves`, `anchor-track` (`data-track` `ots` or `tst`,
//! `data-status`), `anchor-binding` (`data-binding`), `anchor-entry` (the link to the
//! head's row).

use leptos::prelude::*;
use nexuscone_core::anchor::{AnchorSummary, Binding, Track, TrackStatus};

use super::failures::{explained, Reveal};
use crate::plain::{self, TrackName};
use crate::session::Session;

/// The id of an anchor's element, for links from the failures list.
pub fn element_id(anchor_id: i64) -> String {
    format!("anchor-{anchor_id}")
}

/// The anchors panel; nothing when the ledger carries no anchors.
#[component]
pub fn AnchorsPanel() -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        let v = session.verification.get()?;
        let anchors = &v.report.anchors;
        if anchors.is_empty() {
            return None;
        }
        let last = v.report.last_entry_id;
        let verified = anchors
            .iter()
            .filter(|a| a.status == TrackStatus::Verified)
            .count();
        let heads = anchors.iter().filter_map(|a| a.chain_head_entry_id);
        let rows = session
            .ledger
            .with_untracked(|l| l.as_ref().map(|l| l.rows_of(heads)))
            .unwrap_or_default();
        let items = anchors
            .iter()
            .map(|a| {
                let row = a.chain_head_entry_id.and_then(|id| rows.get(&id).copied());
                anchor(a, last, row)
            })
            .collect_view();
        let without_trust = anchors.iter().any(|a| a.status == TrackStatus::NotChecked);
        Some(view! {
            <section class="panel anchor-panel" aria-label="Anchors" data-testid="anchors">
                <h2>"Anchors: time-stamps of the chain's head"</h2>
                <p class="anchor-summary">
                    {format!(
                        "{} of {} verified against what you supplied.",
                        verified,
                        plain::plural(anchors.len() as u64, "anchor", "anchors"),
                    )}
                    {without_trust.then(|| view! {
                        <span class="hint">" Load Bitcoin block headers and TSA root certificates in Trust to check the rest."</span>
                    })}
                </p>
                <ul class="anchor-list">{items}</ul>
            </section>
        })
    }
}

/// One anchor; `row` is its head's row in the table, if the ledger holds it.
fn anchor(a: &AnchorSummary, last: Option<i64>, row: Option<usize>) -> impl IntoView {
    let status = a.status.as_str();
    let tracks = [(TrackName::Ots, &a.ots), (TrackName::Tst, &a.tst)]
        .into_iter()
        .filter_map(|(name, track)| track.as_ref().map(|t| track_row(name, t, last, a)))
        .collect_view();
    let head = a
        .chain_head_entry_id
        .map_or("no entry".to_owned(), |e| format!("entry {e}"));
    view! {
        <li
            class="anchor"
            id=element_id(a.anchor_id)
            tabindex="-1"
            data-testid="anchor"
            data-anchor-id=a.anchor_id.to_string()
            data-status=status
        >
            <h3>
                {format!("Anchor {} · head {head} ", a.anchor_id)}
                <span class=format!("badge a-{status}")>{plain::anchor_status(a.status)}</span>
            </h3>
            <p class="proves" data-testid="anchor-proves">{plain::anchor_proves(a, last)}</p>
            <dl class="tracks">
                {tracks}
                <dt>"Head"</dt>
                <dd data-testid="anchor-binding" data-binding=a.binding.as_str()>{binding(a, last, row)}</dd>
            </dl>
        </li>
    }
}

/// One track: its status in words, then core's sentence (a failure in plain words,
/// the technical sentence on demand).
fn track_row(name: TrackName, t: &Track, last: Option<i64>, a: &AnchorSummary) -> impl IntoView {
    let status = t.status.as_str();
    let said = match t.problems.first() {
        Some(p) => explained(&plain::anchor_finding(a, p), last).into_any(),
        None => view! { <span class="said">{t.message.clone()}</span> }.into_any(),
    };
    view! {
        <dt>{name.label()}</dt>
        <dd data-testid="anchor-track" data-track=name.as_str() data-status=status>
            <span class=format!("badge a-{status}")>{plain::track_status(name, t)}</span>
            " "
            {said}
        </dd>
    }
}

/// Whether the head is an entry of this file, with a link to its row.
fn binding(a: &AnchorSummary, last: Option<i64>, row: Option<usize>) -> impl IntoView {
    let reveal = expect_context::<Reveal>();
    let id = a.chain_head_entry_id;
    let words = match a.binding {
        Binding::Bound => "holds the anchored hash".to_owned(),
        Binding::HeadMismatch => "holds another hash than the anchored one: rewritten after it was anchored, or the anchor was edited".to_owned(),
        Binding::PastEnd => format!(
            "is gone: this file ends at {}, so the anchored entries were cut off",
            last.map_or("no entry".to_owned(), |l| format!("entry {l}"))
        ),
        Binding::MissingEntry => "is missing from this file".to_owned(),
        Binding::Unreadable => "cannot be read from the anchor row".to_owned(),
    };
    let link = match (row, id) {
        (Some(index), Some(id)) => view! {
            <button
                type="button"
                class="linkish"
                data-testid="anchor-entry"
                title="Show it in the ledger table"
                on:click=move |_| reveal.entry(index)
            >
                {format!("entry {id}")}
            </button>
        }
        .into_any(),
        _ => view! { <span>{id.map_or("the head".to_owned(), |id| format!("entry {id}"))}</span> }
            .into_any(),
    };
    view! { {link}" "{words} }
}
