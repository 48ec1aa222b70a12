//! The page: loading controls, progress, the verdict, the summary and trust panels,
//! the anchors, and the ledger table with its detail pane.

use leptos::prelude::*;

use super::anchors_panel::AnchorsPanel;
use super::checkpoint_panel::CheckpointPanel;
use super::detail::Detail;
use super::failures::Reveal;
use super::loader::{load_demo, Loader};
use super::print_report::PrintReport;
use super::progress::Progress;
use super::summary::Summary;
use super::table::{Filters, Table};
use super::timeline_chart::TimelineChart;
use super::trust_panel::TrustPanel;
use super::trust_used::TrustUsed;
use super::verdict::Verdict;
use crate::session::Session;

/// The whole viewer. `?demo=1` loads the valid demo ledger, `?demo=tampered` the
/// tampered one.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::new();
    provide_context(session);
    let selected = RwSignal::new(None::<usize>);
    let filters = Filters::new();
    provide_context(filters);
    provide_context(Reveal::new());

    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
        if let Some(demo) = params.get("demo") {
            load_demo(session, demo == "tampered");
        }
    }
    // A new ledger: the old selection may point at nothing.
    Effect::new(move |_| {
        session.ledger.track();
        selected.set(None);
        filters.reset();
    });

    view! {
        <a class="skip" href="#ledger-table">"Skip to the ledger table"</a>
        <header class="top">
            <h1>"Nexuscone audit viewer"</h1>
            <p class="tagline">
                "Verifies a Nexuscone audit ledger in this browser. Nothing is uploaded."
            </p>
            <Loader />
        </header>
        <main>
            <Progress />
            <Verdict />
            <TrustUsed />
            <div class="panels">
                <Summary />
                <div class="anchors">
                    <TrustPanel />
                    <CheckpointPanel />
                </div>
            </div>
            <AnchorsPanel />
            <TimelineChart />
            <section class="ledger" aria-label="Ledger entries">
                <Table selected=selected />
                <Detail selected=selected />
            </section>
            <PrintReport />
        </main>
    }
}
