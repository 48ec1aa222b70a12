//! The timeline: entries per time bucket as an inline SVG bar chart, failed entries
//! in their own colour, so gaps and bursts show at a glance; the entries verified
//! anchors cover are shaded and every anchored head is marked. Clicking a bucket
//! filters the table to its time range.

use std::sync::Arc;

use leptos::prelude::*;

use super::dom::count;
use super::table::Filters;
use crate::plain::plural;
use crate::session::{LedgerView, Session};
use crate::timeline::{format_time, Spans, Timeline};
use nexuscone_core::anchor::AnchorSummary;

/// Chart width and height in SVG user units (the SVG scales to its box).
const W: f64 = 1000.0;
const H: f64 = 120.0;

/// Focuses the bucket at `index` (SVG elements are focused through the DOM).
fn focus_bucket(index: usize) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = format!("[data-testid=timeline-bucket][data-index=\"{index}\"]");
    if let Ok(Some(bucket)) = document.query_selector(&selector) {
        if let Ok(focus) = js_sys::Reflect::get(&bucket, &"focus".into()) {
            let _ = wasm_bindgen::JsCast::unchecked_into::<js_sys::Function>(focus).call0(&bucket);
        }
    }
}

/// The timeline panel; nothing until a verification is in.
#[component]
pub fn TimelineChart() -> impl IntoView {
    let session = expect_context::<Session>();
    let filters = expect_context::<Filters>();
    let timeline = Memo::new(move |_| {
        let ledger = session.ledger.get()?;
        let v = session.verification.get()?;
        let columns = &ledger.columns;
        let covered = Spans::new(v.report.anchors.iter().filter_map(|a| {
            let c = a.covers.as_ref()?;
            Some((c.first_entry_id, c.last_entry_id))
        }));
        let timeline = Timeline::build(
            &columns.times,
            |i| {
                v.statuses.get(i).is_some_and(|s| s.is_failure())
                    || v.failing_entries.contains_key(&columns.ids[i])
            },
            |i| covered.contains(columns.ids[i]),
        )?;
        let marks = anchor_marks(&timeline, &v.report.anchors, &ledger);
        Some(Arc::new((timeline, marks)))
    });
    // One tab stop: the active bucket; arrow keys move it.
    let active = RwSignal::new(0usize);
    move || {
        let shown = timeline.get()?;
        let (t, marks) = (&shown.0, &shown.1);
        let n = t.buckets.len();
        let max = t
            .buckets
            .iter()
            .map(|b| b.entries)
            .max()
            .unwrap_or(1)
            .max(1);
        let slot = W / n as f64;
        // Empty buckets between covered ones are shaded too: the covered time is one span.
        let covered_buckets = t
            .buckets
            .iter()
            .enumerate()
            .filter(|(_, b)| b.covered > 0)
            .map(|(i, _)| i);
        let (lo, hi) = covered_buckets.fold((usize::MAX, 0), |(lo, hi), i| (lo.min(i), hi.max(i)));
        let bar_w = (slot * 0.86).max(0.5);
        let scale = |c: u64| (c as f64 / max as f64) * (H - 4.0);
        let bars = (0..n)
            .map(|i| {
                let b = t.buckets[i];
                let (from, to) = t.range(i);
                let x = i as f64 * slot + (slot - bar_w) / 2.0;
                let h_all = scale(b.entries);
                let h_fail = scale(b.failures);
                let heads: String = marks
                    .iter()
                    .filter(|m| m.bucket == i)
                    .map(|m| format!("; head of anchor {} ({})", m.anchor_id, m.status.replace('_', " ")))
                    .collect();
                let label = format!(
                    "{} to {}: {} entries, {} failed, {} covered by a verified anchor{heads}",
                    format_time(from),
                    format_time(to),
                    b.entries,
                    b.failures,
                    b.covered
                );
                let (empty, has_failures) = (b.entries == 0, b.failures > 0);
                let on_key = move |e: leptos::ev::KeyboardEvent| {
                    let next = match e.key().as_str() {
                        "Enter" | " " => {
                            e.prevent_default();
                            filters.set_time_range(from, to);
                            return;
                        }
                        "ArrowRight" | "ArrowDown" => (i + 1).min(n - 1),
                        "ArrowLeft" | "ArrowUp" => i.saturating_sub(1),
                        "Home" => 0,
                        "End" => n - 1,
                        _ => return,
                    };
                    e.prevent_default();
                    active.set(next);
                    focus_bucket(next);
                };
                let selected = move || {
                    filters.from.with(|f| f == &format_time(from))
                        && filters.to.with(|t| t == &format_time(to))
                };
                view! {
                    <g
                        class="bucket"
                        class:empty=empty
                        class:has-failures=has_failures
                        class:selected=selected
                        role="button"
                        tabindex=move || if active.get().min(n - 1) == i { "0" } else { "-1" }
                        data-index=i.to_string()
                        aria-label=label
                        data-testid="timeline-bucket"
                        data-entries=b.entries.to_string()
                        data-failures=b.failures.to_string()
                        data-covered=b.covered.to_string()
                        on:click=move |_| filters.set_time_range(from, to)
                        on:keydown=on_key
                    >
                        <rect class="hit" x=(i as f64 * slot).to_string() y="0" width=slot.to_string() height=H.to_string() />
                        {(b.covered > 0 || (b.entries == 0 && lo < i && i < hi)).then(|| view! {
                            <rect class="covered" x=(i as f64 * slot).to_string() y="0" width=slot.to_string() height=H.to_string() />
                        })}
                        {if b.entries == 0 {
                            view! { <rect class="gap" x=x.to_string() y=(H - 2.0).to_string() width=bar_w.to_string() height="2" /> }.into_any()
                        } else {
                            view! {
                                <rect class="bar" x=x.to_string() y=(H - h_all).to_string() width=bar_w.to_string() height=(h_all - h_fail).max(0.0).to_string() />
                                <rect class="bar-fail" x=x.to_string() y=(H - h_fail).to_string() width=bar_w.to_string() height=h_fail.to_string() />
                            }.into_any()
                        }}
                    </g>
                }
            })
            .collect_view();
        let empty = t.buckets.iter().filter(|b| b.entries == 0).count();
        let failed: u64 = t.buckets.iter().map(|b| b.failures).sum();
        let covered: u64 = t.buckets.iter().map(|b| b.covered).sum();
        let anchored = !marks.is_empty();
        let marks = marks
            .iter()
            .map(|m| {
                let x = (m.at * W).clamp(1.0, W - 1.0);
                view! {
                    <g class=format!("anchor-mark a-{}", m.status) aria-hidden="true" data-testid="timeline-anchor" data-anchor-id=m.anchor_id.to_string() data-status=m.status>
                        <line x1=x.to_string() x2=x.to_string() y1="0" y2=H.to_string() />
                        <path d=format!("M{} 0 L{} 0 L{} 8 Z", x - 5.0, x + 5.0, x) />
                    </g>
                }
            })
            .collect_view();
        let (start, _) = t.range(0);
        let (_, end) = t.range(n - 1);
        Some(view! {
            <section class="panel timeline" aria-label="Entries over time" data-testid="timeline">
                <h2>"Entries over time"</h2>
                <p class="timeline-meta">
                    {format!(
                        "{} of {} · busiest {} · {} · {} failed",
                        plural(n as u64, "bucket", "buckets"),
                        t.width_label(),
                        plural(max, "entry", "entries"),
                        plural(empty as u64, "empty bucket", "empty buckets"),
                        plural(failed, "entry", "entries"),
                    )}
                    {anchored.then(|| format!(" · {} covered by verified anchors", plural(covered, "entry", "entries")))}
                    {(t.unreadable > 0).then(|| format!(" · {} entries with an unreadable timestamp left off", count(t.unreadable)))}
                    <span class="legend">
                        <span class="swatch ok"></span>"entries "<span class="swatch fail"></span>"failed"
                        {anchored.then(|| view! { " "<span class="swatch covered"></span>"anchored "<span class="swatch head"></span>"anchored head" })}
                    </span>
                </p>
                <svg
                    class="chart"
                    viewBox=format!("0 0 {W} {H}")
                    preserveAspectRatio="none"
                    role="group"
                    aria-label="Entries per time bucket: arrow keys move between buckets, Enter filters the table to one"
                >
                    {bars}
                    {marks}
                </svg>
                <div class="axis">
                    <span>{format_time(start)}</span>
                    <span class="hint">"Click a bucket to show its entries"</span>
                    <span>{format_time(end)}</span>
                </div>
            </section>
        })
    }
}

/// An anchored head on the chart.
#[derive(Debug, PartialEq)]
struct AnchorMark {
    anchor_id: i64,
    /// Where the head's time falls, 0 to 1.
    at: f64,
    /// The bucket it falls in.
    bucket: usize,
    status: &'static str,
}

/// A mark for each anchor whose head is an entry of this file with a readable time.
fn anchor_marks(t: &Timeline, anchors: &[AnchorSummary], ledger: &LedgerView) -> Vec<AnchorMark> {
    let rows = ledger.rows_of(anchors.iter().filter_map(|a| a.chain_head_entry_id));
    anchors
        .iter()
        .filter_map(|a| {
            let head = a.chain_head_entry_id?;
            let time = ledger.columns.times[*rows.get(&head)?]?;
            Some(AnchorMark {
                anchor_id: a.anchor_id,
                at: t.fraction(time),
                bucket: t.bucket_of(time),
                status: a.status.as_str(),
            })
        })
        .collect()
}
