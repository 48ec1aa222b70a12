//! The one-line answer at the top, and the report download.

use leptos::prelude::*;
use nexuscone_core::input::ErrorDocument;
use nexuscone_core::report::{LimitKind, Report, Verdict as CoreVerdict};

use super::dom::{count, download};
use super::error_text::ErrorData;
use super::failures::{go_to, Reveal};
use crate::plain;
use crate::report_file;
use crate::session::{Phase, Session};

/// What on this page lifts a limit: the viewer's hint after the core's sentence.
pub fn hint(kind: LimitKind) -> Option<&'static str> {
    match kind {
        LimitKind::SignaturesUnchecked | LimitKind::SelfAssertedSigningKeys => {
            Some("load keys in Trust")
        }
        LimitKind::NoCheckpoint => Some("load a checkpoint and its verifier keys"),
        LimitKind::AnchorsNotCheckedAgainstBitcoin => Some("load Bitcoin block headers in Trust"),
        LimitKind::AnchorsTsaSignerNotChecked => Some("load TSA root certificates in Trust"),
        _ => None,
    }
}

/// A kind as words, from the core's stable snake_case name (`as_str`).
pub fn kind_words(kind: &str) -> String {
    kind.replace('_', " ")
}

/// The banner's class (the assurance level) and its headline and explanation: the
/// level first; for a failure, the first one in plain words.
pub(super) fn sentence(report: &Report) -> (&'static str, String, String) {
    let why = match &report.first_failure {
        Some(first) => format!("First: {}.", plain::finding(first, report.last_entry_id)),
        None => format!("{}.", report.assurance.message),
    };
    (
        report.assurance.level.as_str(),
        plain::headline(report),
        why,
    )
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

    let on_download_error = move |_| {
        let Phase::Unreadable(error) = session.phase.get_untracked() else {
            return;
        };
        let document = ErrorDocument { error: &error };
        let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string());
        let offered =
            text.and_then(|text| download("verification-error.json", "application/json", &text));
        download_error.set(offered.err());
    };

    let reveal = expect_context::<Reveal>();
    let banner = move || {
        let phase = session.phase.get();
        let verification = session.verification.get();
        let error = match &phase {
            Phase::Unreadable(error) => ErrorData::of(error),
            _ => ErrorData::default(),
        };
        let (class, text, why, failing) = match (&phase, &verification) {
            (Phase::Unreadable(error), _) => (
                "error",
                "CANNOT READ".to_owned(),
                error.message.clone(),
                None,
            ),
            (Phase::Failed(message), _) => {
                ("error", "CANNOT READ".to_owned(), message.clone(), None)
            }
            (Phase::Cancelled, _) => (
                "cancelled",
                "CANCELLED".to_owned(),
                "verification was stopped: no verdict".to_owned(),
                None,
            ),
            (Phase::Working(_), _) => ("pending", "VERIFYING…".to_owned(), String::new(), None),
            (_, Some(v)) => {
                let (class, text, why) = sentence(&v.report);
                let failing = v
                    .report
                    .first_failure
                    .as_ref()
                    .map(|f| f.entry_id.map_or_else(String::new, |id| id.to_string()));
                (class, text, why, failing)
            }
            _ => (
                "idle",
                "NO LEDGER LOADED".to_owned(),
                "open a file, drop it anywhere, paste it, or try the demo".to_owned(),
                None,
            ),
        };
        let verdict = verification.as_ref().map(|v| match v.report.verdict {
            CoreVerdict::Valid => "valid",
            CoreVerdict::ValidWithLimits => "limits",
            CoreVerdict::Invalid => "invalid",
        });
        let kind = match (&phase, verdict) {
            (Phase::Done, Some(kind)) => kind,
            _ => class,
        };
        let has_failure = failing.is_some();
        let unreadable = matches!(phase, Phase::Unreadable(_));
        view! {
            <div
                class=format!("verdict {class}")
                data-testid="verdict"
                data-verdict=kind
                data-assurance=verification.as_ref().map(|v| v.report.assurance.level.as_str())
                data-failing-entry=failing.filter(|f| !f.is_empty())
                data-error-kind=error.kind
                data-error-line=error.line
                data-error-offset=error.offset
                data-error-entry-id=error.entry_id
                data-error-key=error.key
            >
                <p class="headline" role="status" aria-live="polite">
                    <strong data-testid="headline">{text}</strong>
                    {(!why.is_empty()).then(|| view! { <span class="why" data-testid="verdict-why">" "{why}</span> })}
                </p>
                {unreadable.then(|| view! {
                    <button
                        type="button"
                        data-testid="download-error-report"
                        on:click=on_download_error
                    >
                        "Download error report (JSON)"
                    </button>
                    {move || download_error.get().map(|e| view! { <span class="error-text">{e}</span> })}
                })}
                {has_failure.then(|| view! {
                    <button
                        type="button"
                        class="jump"
                        data-testid="jump-failure"
                        on:click=move |_| go_to(session, reveal, 0)
                    >
                        "Jump to first failure"
                    </button>
                })}
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
