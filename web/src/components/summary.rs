//! What the verification found, beyond the verdict: counts by status, signers,
//! witnesses, limits and the first failures.

use leptos::prelude::*;
use nexuscone_core::report::EntryStatus;

use super::dom::count;
use super::failures::{FailureList, Group};
use super::table::{status_label, Filters, StatusFilter};
use super::verdict::{hint, kind_words};
use crate::session::Session;

/// The summary panel.
#[component]
pub fn Summary() -> impl IntoView {
    let session = expect_context::<Session>();
    let filters = expect_context::<Filters>();
    move || {
        let v = session.verification.get()?;
        let report = &v.report;
        let statuses = EntryStatus::ALL
            .iter()
            .filter_map(|&s| {
                let n = report.statuses.get(s);
                (n > 0).then(|| {
                    view! {
                        <li>
                            <button
                                type="button"
                                class="linkish"
                                title="Show only these entries"
                                on:click=move |_| filters.status.set(StatusFilter::Is(s))
                            >
                                <span class=format!("badge s-{}", s.as_str())>{status_label(s)}</span>
                                " "
                                {count(n)}
                            </button>
                        </li>
                    }
                })
            })
            .collect_view();
        let groups = Group::ALL
            .iter()
            .filter_map(|&g| {
                let n = report.failures.iter().filter(|f| g.has(f.kind)).count() as u64;
                (n > 0).then(|| {
                    view! {
                        <li>
                            <button
                                type="button"
                                class="linkish"
                                data-group=g.as_str()
                                title="Show only the entries these failures name"
                                on:click=move |_| filters.status.set(StatusFilter::Group(g))
                            >
                                <span class="badge s-finding">{g.label()}</span>
                                " "
                                {count(n)}
                            </button>
                        </li>
                    }
                })
            })
            .collect_view();
        let signers = report
            .signers
            .iter()
            .map(|s| {
                view! {
                    <tr>
                        <td><code>{s.key_id.clone()}</code></td>
                        <td>{if s.key_known { "yes" } else { "no" }}</td>
                        <td>{count(s.entries)}</td>
                        <td>{count(s.verified)}</td>
                        <td>{count(s.failed)}</td>
                        <td>{format!("{}–{}", s.first_entry_id, s.last_entry_id)}</td>
                    </tr>
                }
            })
            .collect_view();
        let witnesses = report
            .witnesses
            .iter()
            .map(|w| {
                view! {
                    <tr>
                        <td>{w.label.clone()}</td>
                        <td>{w.role.clone()}</td>
                        <td>{kind_words(w.key_trust.as_str())}</td>
                        <td>{count(w.attestations)}</td>
                        <td>{count(w.verified)}</td>
                        <td>
                            {w.latest_attested_entry_id.map(|i| i.to_string()).unwrap_or_else(|| "–".into())}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let limits = report
            .limits
            .iter()
            .map(|l| {
                view! {
                    <li>
                        <strong>{kind_words(l.kind.as_str())}</strong>
                        ": "
                        {l.message.clone()}
                        {hint(l.kind).map(|h| view! { <span class="hint">" ("{h}")"</span> })}
                    </li>
                }
            })
            .collect_view();
        let c = &report.coverage;
        Some(view! {
            <section class="panel summary" aria-label="Summary" data-testid="summary" data-worker-memory=v.worker_memory.to_string() data-page-memory=v.page_memory.to_string() data-verify-ms=format!("{:.0}", v.millis) data-workers=v.workers.to_string()>
                <h2>"Entries by status"</h2>
                <ul class="status-counts" data-testid="status-counts">{statuses}{groups}</ul>
                <p class="coverage">
                    {format!(
                        "Protection as the file itself shows it (whether or not you supplied the keys): {} signed and witnessed or anchored, {} signed only, {} witnessed or anchored only, {} unprotected. Checked in {:.0} ms by {} using {} MiB; this page holds {} MiB.",
                        count(c.signed_and_witnessed),
                        count(c.signed_only),
                        count(c.witnessed_only),
                        count(c.unprotected),
                        v.millis,
                        if v.workers == 1 { "a worker".to_owned() } else { format!("{} workers", v.workers) },
                        count(v.worker_memory >> 20),
                        count(v.page_memory >> 20),
                    )}
                </p>
                <FailureList />
                <h2>"Signing keys"</h2>
                <table class="small" data-testid="signers">
                    <thead><tr><th>"key id"</th><th>"trusted key"</th><th>"entries"</th><th>"verified"</th><th>"failed"</th><th>"entry ids"</th></tr></thead>
                    <tbody>{signers}</tbody>
                </table>
                <h2>"Witnesses"</h2>
                <table class="small" data-testid="witnesses">
                    <thead><tr><th>"label"</th><th>"role"</th><th>"key"</th><th>"attestations"</th><th>"verified"</th><th>"latest entry"</th></tr></thead>
                    <tbody>{witnesses}</tbody>
                </table>
                <h2>"Not verified, and why"</h2>
                <ul class="limits" data-testid="limits">{limits}</ul>
            </section>
        })
    }
}
