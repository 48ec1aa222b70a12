//! The ledger as a virtualised grid: only the rows in view are in the DOM, so a
//! million entries scroll as smoothly as fifty. Filters narrow the rows by status,
//! actor, action, event type and free text.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use nexuscone_core::report::EntryStatus;

use super::dom::count;
use super::failures::{Group, Reveal};
use super::verdict::kind_words;
use crate::protocol::Columns;
use crate::session::{Session, Verification};
use crate::timeline::{format_time, parse_time};

/// Height of one row in pixels (CSS `--row-h` must match).
const ROW_H: f64 = 28.0;
/// Browsers cap element heights (Firefox near 17.9 million px); beyond this the
/// scroll position maps proportionally onto rows instead of one row per 28 px.
const MAX_SPACER: f64 = 8_000_000.0;

/// Which statuses the table shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Every entry.
    All,
    /// Entries whose status makes the ledger invalid.
    Failures,
    /// One status.
    Is(EntryStatus),
    /// Entries named by a failure of a group (witness attestations, anchors).
    Group(Group),
}

/// The table's filters, shared so the summary can set them.
#[derive(Clone, Copy)]
pub struct Filters {
    /// By status.
    pub status: RwSignal<StatusFilter>,
    /// By actor (index into the ledger's actor column).
    pub actor: RwSignal<Option<u32>>,
    /// By action.
    pub action: RwSignal<Option<u32>>,
    /// By event type.
    pub event_type: RwSignal<Option<u32>>,
    /// Free text, case-insensitive.
    pub text: RwSignal<String>,
    /// Entries at or after this time (an ISO 8601 timestamp; empty: no bound).
    pub from: RwSignal<String>,
    /// Entries before this time.
    pub to: RwSignal<String>,
}

impl Filters {
    /// No filtering.
    pub fn new() -> Filters {
        Filters {
            status: RwSignal::new(StatusFilter::All),
            actor: RwSignal::new(None),
            action: RwSignal::new(None),
            event_type: RwSignal::new(None),
            text: RwSignal::new(String::new()),
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
        }
    }

    /// Back to no filtering.
    pub fn reset(&self) {
        self.status.set(StatusFilter::All);
        self.actor.set(None);
        self.action.set(None);
        self.event_type.set(None);
        self.text.set(String::new());
        self.from.set(String::new());
        self.to.set(String::new());
    }

    /// Shows only entries in `[from, to)` (Unix microseconds).
    pub fn set_time_range(&self, from: i64, to: i64) {
        self.from.set(format_time(from));
        self.to.set(format_time(to));
    }
}

/// A status as words.
pub fn status_label(status: EntryStatus) -> String {
    status.as_str().replace('_', " ")
}

/// Positions (indexes into the ledger's rows) that pass the filters, or `None`
/// while the worker has not yet answered the text search. Compared by pointer: a
/// recomputation is always a change.
#[derive(Clone, Default)]
struct Shown(Option<Arc<Vec<u32>>>);

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl Shown {
    fn with<T>(&self, f: impl FnOnce(&[u32]) -> T) -> T {
        f(self.0.as_deref().map_or(&[], Vec::as_slice))
    }
}

/// A time bound typed by the user: `None` when empty or unreadable (no bound).
fn bound(text: &str) -> Option<i64> {
    parse_time(text)
}

/// The filters other than the text search, which the worker answers (`text_hits`:
/// the positions it matched, ascending; `None`: no text filter).
#[allow(clippy::too_many_arguments)]
fn filter_rows(
    columns: &Columns,
    verification: Option<&Verification>,
    status: StatusFilter,
    actor: Option<u32>,
    action: Option<u32>,
    event_type: Option<u32>,
    text_hits: Option<&[u32]>,
    (from, to): (Option<i64>, Option<i64>),
) -> Vec<u32> {
    let passes = |i: usize| {
        let s = verification.and_then(|v| v.statuses.get(i).copied());
        let status_ok = match (status, s) {
            (StatusFilter::All, _) => true,
            (StatusFilter::Failures, Some(s)) => {
                s.is_failure()
                    || verification.is_some_and(|v| v.failing_entries.contains_key(&columns.ids[i]))
            }
            (StatusFilter::Is(want), Some(s)) => s == want,
            (StatusFilter::Group(group), Some(_)) => verification.is_some_and(|v| {
                v.entry_findings
                    .get(&columns.ids[i])
                    .is_some_and(|kinds| kinds.iter().any(|&k| group.has(k)))
            }),
            (_, None) => false,
        };
        status_ok
            && actor.is_none_or(|a| columns.actors.of_entry[i] == a)
            && action.is_none_or(|a| columns.actions.of_entry[i] == a)
            && event_type.is_none_or(|a| columns.event_types.of_entry[i] == a)
            && from.is_none_or(|f| matches!(columns.times[i], Some(t) if t >= f))
            && to.is_none_or(|b| matches!(columns.times[i], Some(t) if t < b))
    };
    match text_hits {
        Some(hits) => hits
            .iter()
            .copied()
            .filter(|&i| (i as usize) < columns.len() && passes(i as usize))
            .collect(),
        None => (0..columns.len() as u32)
            .filter(|&i| passes(i as usize))
            .collect(),
    }
}

fn column_select(
    label: &'static str,
    testid: &'static str,
    options: Vec<(u32, String)>,
    value: RwSignal<Option<u32>>,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(i, text)| {
            view! { <option value=i.to_string() prop:selected=move || value.get() == Some(i)>{text}</option> }
        })
        .collect_view();
    view! {
        <label>
            {label}
            <select
                data-testid=testid
                on:change=move |e| value.set(event_target_value(&e).parse().ok())
            >
                <option value="" prop:selected=move || value.get().is_none()>"all"</option>
                {options}
            </select>
        </label>
    }
}

/// A time bound; marked invalid while its text is not a readable time.
fn time_input(
    label: &'static str,
    testid: &'static str,
    placeholder: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label class="time">
            {label}
            <input
                type="text"
                spellcheck="false"
                data-testid=testid
                placeholder=placeholder
                class:invalid=move || value.with(|v| !v.trim().is_empty() && bound(v).is_none())
                prop:value=move || value.get()
                on:change=move |e| value.set(event_target_value(&e))
            />
        </label>
    }
}

/// The filters and the grid. `selected` is the index of the entry shown in the
/// detail pane.
#[component]
pub fn Table(selected: RwSignal<Option<usize>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let filters = expect_context::<Filters>();
    // The text search runs in the worker, which holds the payloads.
    Effect::new(move |_| {
        let text = filters.text.get().trim().to_owned();
        if session.ledger.with(Option::is_some) && !text.is_empty() {
            session.search(text);
        }
    });
    let shown = Memo::new(move |_| {
        let Some(ledger) = session.ledger.get() else {
            return Shown(Some(Arc::default()));
        };
        let verification = session.verification.get();
        let text = filters.text.with(|t| t.trim().to_owned());
        let hits = if text.is_empty() {
            None
        } else {
            match session.search_hits.get() {
                Some((searched, hits)) if searched == text => Some(hits),
                _ => return Shown(None),
            }
        };
        Shown(Some(Arc::new(filter_rows(
            &ledger.columns,
            verification.as_deref(),
            filters.status.get(),
            filters.actor.get(),
            filters.action.get(),
            filters.event_type.get(),
            hits.as_deref().map(Vec::as_slice),
            (
                filters.from.with(|f| bound(f)),
                filters.to.with(|t| bound(t)),
            ),
        ))))
    });

    let grid = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(13.0 * ROW_H);

    // (rows, rows that fit, spacer height, first row shown)
    let geometry = move || {
        let n = shown.with(|s| s.with(<[u32]>::len));
        let fit = ((viewport.get() / ROW_H).floor() as usize).max(1);
        let spacer = if n <= fit {
            0.0
        } else {
            ((n - fit) as f64 * ROW_H).min(MAX_SPACER)
        };
        let first = if spacer <= 0.0 {
            0
        } else {
            ((scroll_top.get() / spacer).clamp(0.0, 1.0) * (n - fit) as f64).round() as usize
        };
        (n, fit, spacer, first)
    };
    let measure = move || {
        if let Some(el) = grid.get_untracked() {
            viewport.set((el.client_height() as f64 - ROW_H).max(ROW_H));
            scroll_top.set(el.scroll_top() as f64);
        }
    };
    Effect::new(move |_| {
        if grid.get().is_some() {
            measure();
        }
    });
    let _ = window_event_listener(ev::resize, move |_| measure());

    let scroll_to = move |pos: usize| {
        let (n, fit, spacer, first) = geometry();
        let Some(el) = grid.get_untracked() else {
            return;
        };
        if n <= fit || spacer <= 0.0 {
            return;
        }
        let target = if pos < first {
            pos
        } else if pos >= first + fit {
            pos + 1 - fit
        } else {
            return;
        };
        let top = target as f64 / (n - fit) as f64 * spacer;
        el.set_scroll_top(top.ceil() as i32);
        scroll_top.set(top.ceil());
    };
    let select_pos = move |pos: usize| {
        if let Some(&index) = shown
            .with_untracked(|s| s.with(|s| s.get(pos).copied()))
            .as_ref()
        {
            selected.set(Some(index as usize));
            scroll_to(pos);
        }
    };
    let selected_pos = move || {
        let index = selected.get_untracked()? as u32;
        shown.with_untracked(|s| s.with(|s| s.binary_search(&index).ok()))
    };
    let on_key = move |e: ev::KeyboardEvent| {
        let n = shown.with_untracked(|s| s.with(<[u32]>::len));
        if n == 0 {
            return;
        }
        let (_, fit, _, _) = geometry();
        let pos = selected_pos();
        let next = match (e.key().as_str(), pos) {
            ("ArrowDown", Some(p)) => (p + 1).min(n - 1),
            ("ArrowUp", Some(p)) => p.saturating_sub(1),
            ("PageDown", Some(p)) => (p + fit).min(n - 1),
            ("PageUp", Some(p)) => p.saturating_sub(fit),
            ("ArrowDown" | "ArrowUp" | "PageDown" | "PageUp" | "Home", _) => 0,
            ("End", _) => n - 1,
            ("Escape", _) => {
                selected.set(None);
                return;
            }
            _ => return,
        };
        e.prevent_default();
        select_pos(next);
    };

    let show_entry = move |index: usize| {
        let visible =
            shown.with_untracked(|s| s.with(|s| s.binary_search(&(index as u32)).is_ok()));
        if !visible {
            filters.reset();
        }
        selected.set(Some(index));
        // After the filter reset the memo recomputes on read.
        if let Some(pos) =
            shown.with_untracked(|s| s.with(|s| s.binary_search(&(index as u32)).ok()))
        {
            scroll_to(pos);
        }
        if let Some(el) = grid.get_untracked() {
            let _ = el.focus();
        }
    };

    // Another component asked to show an entry (a failure, the verdict's jump).
    let reveal = expect_context::<Reveal>();
    Effect::new(move |_| {
        let Some((index, _)) = reveal.0.get() else {
            return;
        };
        // Only the request is a dependency, not the scroll position read below.
        untrack(move || show_entry(index));
    });

    let filter_bar = move || {
        let ledger = session.ledger.get()?;
        let status_options = EntryStatus::ALL
            .iter()
            .map(|&s| {
                view! {
                    <option
                        value=s.as_str()
                        prop:selected=move || filters.status.get() == StatusFilter::Is(s)
                    >
                        {status_label(s)}
                    </option>
                }
            })
            .collect_view();
        let group_options = Group::ALL
            .iter()
            .map(|&g| {
                view! {
                    <option
                        value=g.as_str()
                        prop:selected=move || filters.status.get() == StatusFilter::Group(g)
                    >
                        {g.label()}
                    </option>
                }
            })
            .collect_view();
        Some(view! {
            <div class="filters" role="search" aria-label="Filter entries">
                <label>
                    "status"
                    <select
                        data-testid="filter-status"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            filters.status.set(match value.as_str() {
                                "" => StatusFilter::All,
                                "failures" => StatusFilter::Failures,
                                other => EntryStatus::ALL
                                    .iter()
                                    .copied()
                                    .find(|s| s.as_str() == other)
                                    .map(StatusFilter::Is)
                                    .or_else(|| Group::ALL.iter().copied().find(|g| g.as_str() == other).map(StatusFilter::Group))
                                    .unwrap_or(StatusFilter::All),
                            });
                        }
                    >
                        <option value="" prop:selected=move || filters.status.get() == StatusFilter::All>"all"</option>
                        <option value="failures" prop:selected=move || filters.status.get() == StatusFilter::Failures>"failures only"</option>
                        {group_options}
                        {status_options}
                    </select>
                </label>
                {column_select("actor", "filter-actor", ledger.columns.actors.sorted(), filters.actor)}
                {column_select("action", "filter-action", ledger.columns.actions.sorted(), filters.action)}
                {column_select("event type", "filter-event-type", ledger.columns.event_types.sorted(), filters.event_type)}
                <label class="search">
                    "search"
                    <input
                        type="search"
                        data-testid="filter-text"
                        placeholder="id, actor, action, payload text…"
                        prop:value=move || filters.text.get()
                        on:input=move |e| filters.text.set(event_target_value(&e))
                    />
                </label>
                {time_input("from", "filter-from", "at or after, e.g. 2025-01-31T09:00:00Z", filters.from)}
                {time_input("to", "filter-to", "before, e.g. 2025-02-01", filters.to)}
                <button type="button" on:click=move |_| filters.reset()>"Clear filters"</button>
                <span class="shown-count" data-testid="shown-count">
                    {move || shown.with(|s| match &s.0 {
                        Some(rows) => format!(
                            "{} of {}",
                            count(rows.len() as u64),
                            crate::plain::plural(ledger.columns.len() as u64, "entry", "entries"),
                        ),
                        None => "searching…".to_owned(),
                    })}
                </span>
            </div>
        })
    };

    let rows = move || {
        let ledger = session.ledger.get()?;
        let verification = session.verification.get();
        let (n, fit, _, first) = geometry();
        let end = (first + fit + 1).min(n);
        let positions: Vec<u32> = shown.with(|s| s.with(|s| s[first.min(n)..end].to_vec()));
        let columns = &ledger.columns;
        let current = selected.get();
        Some(
            positions
                .into_iter()
                .enumerate()
                .map(|(offset, index)| {
                    let index = index as usize;
                    let id = columns.ids[index];
                    let status = verification.as_ref().and_then(|v| v.statuses.get(index).copied());
                    let is_selected = current == Some(index);
                    let finding = verification
                        .as_ref()
                        .and_then(|v| v.failing_entries.get(&id).copied())
                        .filter(|_| !status.is_some_and(EntryStatus::is_failure));
                    let text = |c: &crate::ledger::Column| c.values[c.of_entry[index] as usize].clone();
                    view! {
                        <div
                            role="row"
                            class="row"
                            class:selected=is_selected
                            class:failing=status.is_some_and(EntryStatus::is_failure) || finding.is_some()
                            aria-selected=if is_selected { "true" } else { "false" }
                            aria-rowindex=(first + offset + 2).to_string()
                            data-entry-id=id.to_string()
                            on:click=move |_| selected.set(Some(index))
                        >
                            <span role="gridcell" class="c-id">{id}</span>
                            <span role="gridcell" class="c-time">{columns.timestamp(index).to_owned()}</span>
                            <span role="gridcell" class="c-actor">{text(&columns.actors)}</span>
                            <span role="gridcell" class="c-action">{text(&columns.actions)}</span>
                            <span role="gridcell" class="c-type">{text(&columns.event_types)}</span>
                            <span role="gridcell" class="c-status">
                                {status.map(|s| view! { <span class=format!("badge s-{}", s.as_str())>{status_label(s)}</span> })}
                                {finding.map(|k| view! { <span class="badge s-finding">{kind_words(k.as_str())}</span> })}
                            </span>
                        </div>
                    }
                })
                .collect_view(),
        )
    };

    // Said to screen readers when the selection changes.
    let announced = move || {
        let index = selected.get()?;
        let ledger = session.ledger.get()?;
        let id = *ledger.columns.ids.get(index)?;
        let status = session
            .verification
            .with(|v| v.as_ref().and_then(|v| v.statuses.get(index).copied()));
        Some(format!(
            "Entry {id} selected{}",
            status.map_or(String::new(), |s| format!(": {}", status_label(s)))
        ))
    };

    view! {
        <div class="table-area">
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="selection-status">{announced}</p>
            {filter_bar}
            <div
                id="ledger-table"
                class="grid"
                role="grid"
                tabindex="0"
                aria-label="Ledger entries: arrow keys move, Page Up/Down, Home/End"
                aria-rowcount=move || (shown.with(|s| s.with(<[u32]>::len)) + 1).to_string()
                data-testid="ledger-table"
                node_ref=grid
                on:scroll=move |_| measure()
                on:keydown=on_key
            >
                <div role="row" class="row head" aria-rowindex="1">
                    <span role="columnheader" class="c-id">"id"</span>
                    <span role="columnheader" class="c-time">"time"</span>
                    <span role="columnheader" class="c-actor">"actor"</span>
                    <span role="columnheader" class="c-action">"action"</span>
                    <span role="columnheader" class="c-type">"event type"</span>
                    <span role="columnheader" class="c-status">"status"</span>
                </div>
                <div class="window" role="rowgroup" style:height=move || format!("{}px", viewport.get())>
                    {rows}
                </div>
                <div class="spacer" style:height=move || format!("{}px", geometry().2)></div>
            </div>
        </div>
    }
}
