//! The printable report: what an auditor files. Hidden on screen; the `@media print`
//! rules in style.css hide the controls and show only this.

use leptos::prelude::*;
use nexuscone_core::report::EntryStatus;

use super::dom::{count, set_page_rule};
use super::table::status_label;
use super::verdict::{kind_words, sentence};
use crate::plain;
use crate::protocol::KeySource;
use crate::report_file::TOOL_VERSION;
use crate::session::Session;

/// Opens the browser's print dialog on the report.
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// The printed header's title, which also marks the page's own `@page` rule.
const PAGE_MARK: &str = "Nexuscone verification report";

/// The `@page` rules: a header on every page naming the file and the time of
/// verification, the page number and count at the foot, margins.
fn page_header(file: &str, verified_at: &str) -> String {
    let quoted: String = format!("{file} · verified {verified_at} UTC")
        .chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect();
    format!(
        "@page {{ margin: 20mm 16mm 18mm; @top-left {{ content: \"{PAGE_MARK}\"; font: 9pt sans-serif; }} @top-right {{ content: \"{quoted}\"; font: 9pt sans-serif; }} @bottom-right {{ content: \"page \" counter(page) \" of \" counter(pages); font: 9pt sans-serif; }} }}"
    )
}

/// The report, rendered once a verification is in.
#[component]
pub fn PrintReport() -> impl IntoView {
    let session = expect_context::<Session>();
    Effect::new(move |_| {
        let (Some(v), Some(ledger)) = (session.verification.get(), session.ledger.get()) else {
            return;
        };
        let rule = page_header(&ledger.input.name, &v.verified_at);
        if let Err(e) = set_page_rule(&rule, PAGE_MARK) {
            leptos::logging::warn!("cannot set the printed page header: {e:?}");
        }
    });
    move || {
        let v = session.verification.get()?;
        let ledger = session.ledger.get()?;
        let input = &ledger.input;
        let report = &v.report;
        let (class, verdict, why) = sentence(report);
        let statuses = EntryStatus::ALL
            .iter()
            .filter(|&&s| report.statuses.get(s) > 0)
            .map(|&s| view! { <tr><td>{status_label(s)}</td><td>{count(report.statuses.get(s))}</td></tr> })
            .collect_view();
        let limits = report
            .limits
            .iter()
            .map(|l| view! { <li><strong>{kind_words(l.kind.as_str())}</strong>": "{l.message.clone()}</li> })
            .collect_view();
        let failures = report
            .failures
            .iter()
            .map(|f| {
                view! {
                    <li>
                        {plain::finding(f, report.last_entry_id)}
                        <br />
                        <small class="technical">{f.message.clone()}</small>
                    </li>
                }
            })
            .collect_view();
        let covers = report
            .assurance
            .covers
            .iter()
            .map(|c| view! { <li>{c.message.clone()}</li> })
            .collect_view();
        let anchors = report
            .anchors
            .iter()
            .map(|a| view! { <li>{format!("Anchor {} ({}): {}", a.anchor_id, plain::anchor_status(a.status), plain::anchor_proves(a, report.last_entry_id))}</li> })
            .collect_view();
        let has_anchors = !report.anchors.is_empty();
        let trust_inputs = v
            .trust_inputs
            .iter()
            .map(|t| view! { <tr><td>{kind_words(&t.kind)}</td><td>{t.name.clone()}</td><td><code>{t.sha256.clone()}</code></td></tr> })
            .collect_view();
        let keys = match &v.keys {
            KeySource::Trusted(t) => format!(
                "{} from {}: {}",
                plain::plural(
                    t.signing_keys.len() as u64,
                    "trusted signing key",
                    "trusted signing keys"
                ),
                t.source,
                t.signing_keys
                    .iter()
                    .map(|(id, k)| format!("{id} {k}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            KeySource::Ledger(k) => format!(
                "no trusted keys: the ledger's own {} used (self-asserted)",
                plain::plural(k.len() as u64, "key was", "keys were")
            ),
            KeySource::None => "no signing keys supplied: signatures unchecked".to_owned(),
        };
        let checkpoint = match (&v.checkpoint, &report.checkpoint) {
            (Some(c), summary) => format!(
                "checkpoint {} size {} root {} (verifier keys {}; signed by {}): {}",
                c.checkpoint.origin,
                c.checkpoint.size,
                c.checkpoint.root.to_hex(),
                c.vkeys.join(", "),
                c.signed_by.join(", "),
                match summary {
                    Some(s) if s.matched => "matched",
                    _ => "NOT matched",
                }
            ),
            (None, _) => "no checkpoint supplied".to_owned(),
        };
        Some(view! {
            <section class="print-report" data-testid="print-report" aria-hidden="true">
                <h1>"Nexuscone ledger verification report"</h1>
                <p class="print-meta" data-testid="print-verified-at">
                    {format!("Verified {} (UTC) by nexuscone-web {TOOL_VERSION}, in the browser, offline.", v.verified_at)}
                </p>
                <p class=format!("print-verdict {class}") data-testid="print-verdict">{verdict}</p>
                <p>{why}</p>
                <h2>"Assurance"</h2>
                <p data-testid="print-assurance">{report.assurance.message.clone()}</p>
                <ul>{covers}</ul>
                <h2>"Input"</h2>
                <table class="small">
                    <tr><th>"file"</th><td>{input.name.clone()}</td></tr>
                    <tr><th>"format"</th><td>{input.format.as_str()}</td></tr>
                    <tr><th>"bytes"</th><td>{count(input.bytes)}</td></tr>
                    <tr><th>"SHA-256"</th><td><code>{input.sha256.clone()}</code></td></tr>
                    <tr><th>"verified by"</th><td>{format!("nexuscone-web {TOOL_VERSION}, in the browser, offline")}</td></tr>
                </table>
                <h2>"Summary"</h2>
                <table class="small">
                    <tr><th>"entries"</th><td>{count(report.entries)}</td></tr>
                    {statuses}
                    <tr><th>"failures"</th><td>{count(report.failures_total)}</td></tr>
                </table>
                <h2>"Trust inputs"</h2>
                <table class="small" data-testid="print-trust-inputs">
                    <tr><th>"kind"</th><th>"source"</th><th>"SHA-256"</th></tr>
                    {trust_inputs}
                </table>
                <ul>
                    <li data-testid="print-keys">{keys}</li>
                    <li data-testid="print-checkpoint">{checkpoint}</li>
                </ul>
                {has_anchors.then(|| view! {
                    <h2>"Anchors"</h2>
                    <ul data-testid="print-anchors">{anchors}</ul>
                })}
                <h2>"Limits (what was not verified)"</h2>
                <ul>{limits}</ul>
                <h2>{format!("Failures ({})", count(report.failures_total))}</h2>
                <ol class="failures" data-testid="print-failures">{failures}</ol>
            </section>
        })
    }
}
