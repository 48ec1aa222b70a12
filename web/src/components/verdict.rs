//! The one-line answer at the top, and the report download.

use leptos::prelude::*;
use nexuscone_core::report::{LimitKind, Report, Verdict as CoreVerdict};

use super::dom::{count, download};
use super::error_text::ErrorData;
use crate::protocol::KeySource;
use crate::report_file;
use crate::session::{Phase, Session};

/// What on this page lifts a limit: the viewer's hint after the core's sentence.
pub fn hint(kind: LimitKind) -> Option<&'static str> {
    match kind {
        LimitKind::SignaturesUnchecked | LimitKind::SelfAssertedSigningKeys => {
            Some("load keys in Trust")
        }
        LimitKind::NoCheckpoint => Some("load a checkpoint and its verifier keys"),
        _ => None,
    }
}

/// A kind as words, from the core's stable snake_case name (`as_str`).
pub fn kind_words(kind: &str) -> String {
    kind.replace('_', " ")
}

pub(super) fn sentence(report: &Report, keys: &KeySource) -> (&'static str, String) {
    let n = count(report.entries);
    match report.verdict {
        CoreVerdict::Valid => (
            "valid",
            format!("VALID · all {n} entries verified: chain intact and every check passed"),
        ),
        CoreVerdict::ValidWithLimits => {
            let limits: Vec<String> = report
                .limits
                .iter()
                .map(|l| kind_words(l.kind.as_str()))
                .collect();
            let keys = match keys {
                KeySource::None => " (no trusted keys supplied)",
                KeySource::Ledger(_) => " (keys taken from the ledger itself)",
                KeySource::Trusted(_) => "",
            };
            (
                "limits",
                format!(
                    "VALID WITH LIMITS · {n} entries, nothing failed{keys}; not verified: {}",
                    limits.join(", ")
                ),
            )
        }
        CoreVerdict::Invalid => {
            let first = report
                .first_failure
                .as_ref()
                .map(|f| f.message.clone())
                .unwrap_or_default();
            (
                "invalid",
                format!(
                    "INVALID · {} failure(s) in {n} entries; first: {first}",
                    count(report.failures_total)
                ),
            )
        }
    }
}

/// The verdict banner (`data-testid="verdict"`, `data-failing-entry` on failure).
#[component]
pub fn Verdict() -> impl IntoView {
    let session = expect_context::<Session>();
    let download_error = RwSignal::new(None::<String>);
    let on_download = move |_| {
        let (Some(ledger), Some(verification)) = (
            session.ledger.get_untracked(),
            session.verification.get_untracked(),
        ) else {
            return;
        };
        let input = &ledger.input;
        let text = report_file::build(input, &verification);
        let stem = input.name.split('.').next().unwrap_or("ledger").to_owned();
        download_error.set(
            download(
                &format!("{stem}.verification-report.json"),
                "application/json",
                &text,
            )
            .err(),
        );
    };

    let banner = move || {
        let phase = session.phase.get();
        let verification = session.verification.get();
        let error = match &phase {
            Phase::Unreadable(error) => ErrorData::of(error),
            _ => ErrorData::default(),
        };
        let (class, text, failing) = match (&phase, &verification) {
            (Phase::Failed(message), _) => ("error", format!("CANNOT READ · {message}"), None),
            (Phase::Unreadable(error), _) => {
                ("error", format!("CANNOT READ · {}", error.message), None)
            }
            (Phase::Cancelled, _) => (
                "cancelled",
                "CANCELLED · verification was stopped: no verdict".to_owned(),
                None,
            ),
            (Phase::Working(_), _) => ("pending", "VERIFYING…".to_owned(), None),
            (_, Some(v)) => {
                let (class, text) = sentence(&v.report, &v.keys);
                let failing = v
                    .report
                    .first_failure
                    .as_ref()
                    .and_then(|f| f.entry_id)
                    .map(|id| id.to_string());
                (class, text, failing)
            }
            _ => (
                "idle",
                "NO LEDGER LOADED · open a file, drop it anywhere, paste it, or try the demo"
                    .to_owned(),
                None,
            ),
        };
        view! {
            <div
                class=format!("verdict {class}")
                data-testid="verdict"
                data-verdict=class
                data-failing-entry=failing
                data-error-kind=error.kind
                data-error-line=error.line
                data-error-offset=error.offset
                data-error-entry-id=error.entry_id
                data-error-key=error.key
                role="status"
                aria-live="polite"
            >
                {text}
            </div>
        }
    };

    view! {
        <section class="verdict-row" aria-label="Verdict">
            {banner}
            <Show when=move || session.verification.with(Option::is_some)>
                <div class="verdict-meta">
                    <span data-testid="input-info">
                        {move || {
                            session.ledger.get().map(|l| {
                                let i = &l.input;
                                format!(
                                    "{} · {} · {} bytes · SHA-256 {}",
                                    i.name,
                                    i.format.as_str(),
                                    count(i.bytes),
                                    i.sha256,
                                )
                            })
                        }}
                    </span>
                    <button type="button" data-testid="download-report" on:click=on_download>
                        "Download report (JSON)"
                    </button>
                    <button type="button" data-testid="print-button" on:click=move |_| super::print_report::print()>
                        "Print report"
                    </button>
                    {move || download_error.get().map(|e| view! { <span class="error-text">{e}</span> })}
                </div>
            </Show>
        </section>
    }
}
