//! The progress bar while the worker reads and verifies a ledger, with a cancel
//! button that stops it.

use leptos::prelude::*;

use super::dom::count;
use crate::protocol::Progress as Step;
use crate::session::{Phase, Session};

fn seconds(s: f64) -> String {
    if s < 1.0 {
        format!("{:.1} s", s)
    } else {
        format!("{:.0} s", s)
    }
}

/// Shown only while work is under way.
#[component]
pub fn Progress() -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        let (label, value, max) = match session.phase.get() {
            Phase::Working(Step::Reading { done, total }) => (
                format!(
                    "Reading the file: {} of {} bytes",
                    count(done),
                    count(total)
                ),
                done as f64,
                total.max(1) as f64,
            ),
            Phase::Working(Step::ReadingEntries {
                entries,
                reached,
                total,
            }) => (
                format!("Reading the database's entries: {} read", count(entries)),
                reached as f64,
                total.max(1) as f64,
            ),
            Phase::Working(Step::Verifying {
                done,
                total,
                elapsed_ms,
            }) => {
                let elapsed = (elapsed_ms / 1000.0).max(0.001);
                let rate = done as f64 / elapsed;
                let left = if rate > 0.0 {
                    format!(
                        "about {} left",
                        seconds(total.saturating_sub(done) as f64 / rate)
                    )
                } else {
                    "estimating time left".to_owned()
                };
                (
                    format!(
                        "Verifying: {} of {} entries checked · {} entries/s · {}",
                        count(done),
                        count(total),
                        count(rate as u64),
                        left
                    ),
                    done as f64,
                    total.max(1) as f64,
                )
            }
            _ => return None,
        };
        Some(view! {
            <div class="progress" data-testid="progress" role="status" aria-live="polite">
                <progress max=max.to_string() value=value.to_string()></progress>
                <span>{label}</span>
                <button type="button" data-testid="cancel" on:click=move |_| session.cancel()>
                    "Cancel"
                </button>
            </div>
        })
    }
}
