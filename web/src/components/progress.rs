//! The progress bar while a ledger is read and verified, with a cancel button.

use leptos::prelude::*;

use super::dom::count;
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
            Phase::Reading { done, total } => (
                format!(
                    "Reading the file: {} of {} bytes",
                    count(done),
                    count(total)
                ),
                done as f64,
                total.max(1) as f64,
            ),
            Phase::Verifying {
                done,
                total,
                started,
                now,
            } => {
                let elapsed = ((now - started) / 1000.0).max(0.001);
                let rate = done as f64 / elapsed;
                let left = if rate > 0.0 {
                    (total - done) as f64 / rate
                } else {
                    0.0
                };
                (
                    format!(
                        "Verifying: {} of {} entries checked · {} entries/s · about {} left",
                        count(done),
                        count(total),
                        count(rate as u64),
                        seconds(left)
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
                <button type="button" on:click=move |_| session.cancel()>
                    "Cancel"
                </button>
            </div>
        })
    }
}
