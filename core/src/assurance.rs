//! How far a verified ledger can be relied on: its assurance level, derived from the
//! finished [`Report`] and from whether the signing keys were the user's own.
//!
//! A hash chain that links proves only that its entries agree with each other: whoever
//! holds the file can rewrite it and re-hash. An entry is *protected* only when something
//! the user trusts commits to it (`docs/FORMAT.md`, "Assurance"):
//!
//! - a signature verified with a key the user supplied (not one the file ships);
//! - a later attestation by a witness whose key the user supplied;
//! - a checkpoint the user supplied, opened with their verifier keys, that the ledger
//!   matched (it commits to the first `size` entries);
//! - an anchor verified against Bitcoin headers or TSA roots the user supplied.
//!
//! Witnesses, checkpoints and anchors commit to every entry up to their head (through the
//! chain), signatures each to their own entry.
//!
//! What this module is NOT: a check. It re-reads what the verification found and says
//! what that is worth; it never changes the verdict.

use serde::{Deserialize, Serialize};

use crate::report::{Protection, Report, Verdict, MAX_LISTED};
use crate::witness::KeyTrust;

/// The assurance level, weakest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssuranceLevel {
    /// A check failed: see the report's failures.
    #[default]
    Invalid,
    /// Consistent but unprotected: nothing the user trusts covers any entry, so nothing
    /// stops whoever holds the file from rewriting it.
    Unprotected,
    /// Some entries are covered by something the user trusts, others by nothing.
    PartlyProtected,
    /// Every entry is covered by something the user trusts.
    Protected,
}

impl AssuranceLevel {
    /// The stable snake_case name (`docs/FORMAT.md`, "Assurance").
    pub fn as_str(self) -> &'static str {
        match self {
            AssuranceLevel::Invalid => "invalid",
            AssuranceLevel::Unprotected => "unprotected",
            AssuranceLevel::PartlyProtected => "partly_protected",
            AssuranceLevel::Protected => "protected",
        }
    }
}

/// What protects entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protector {
    /// Signatures verified with keys the user supplied.
    Signature,
    /// Attestations by witnesses whose keys the user supplied.
    Witness,
    /// A checkpoint the user supplied, which the ledger matched.
    Checkpoint,
    /// Anchors verified against Bitcoin headers or TSA roots the user supplied.
    Anchor,
}

impl Protector {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Protector::Signature => "signature",
            Protector::Witness => "witness",
            Protector::Checkpoint => "checkpoint",
            Protector::Anchor => "anchor",
        }
    }
}

/// Entries one kind of protector covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    /// What covers them.
    pub by: Protector,
    /// How many entries it covers.
    pub entries: u64,
    /// The first entry it covers.
    pub first_entry_id: i64,
    /// The last entry it covers.
    pub last_entry_id: i64,
    /// A sentence for people.
    pub message: String,
}

/// Consecutive entries nothing trusted covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The first entry of the span.
    pub first_entry_id: i64,
    /// The last entry of the span.
    pub last_entry_id: i64,
    /// How many entries it holds.
    pub entries: u64,
}

/// The assurance of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assurance {
    /// The level.
    pub level: AssuranceLevel,
    /// A sentence for people saying what the level means for this ledger.
    pub message: String,
    /// Entries covered by something the user trusts (0 when invalid).
    pub protected_entries: u64,
    /// Entries covered by nothing the user trusts (0 when invalid).
    pub unprotected_entries: u64,
    /// What covers which entries, one per kind of protector present.
    pub covers: Vec<Cover>,
    /// The entries covered by nothing trusted, as spans (the first [`MAX_LISTED`]).
    pub unprotected: Vec<Span>,
}

/// The assurance of `report`; `signing_keys_trusted` is false when its signatures were
/// checked against keys the ledger carries itself.
pub fn assess(report: &Report, signing_keys_trusted: bool) -> Assurance {
    if report.verdict == Verdict::Invalid {
        return Assurance {
            message: format!(
                "invalid: {} failed, so this ledger cannot be relied on as it stands",
                count(report.failures_total, "check", "checks")
            ),
            ..Assurance::default()
        };
    }
    let prefixes = prefix_covers(report);
    let horizon = prefixes.iter().map(|c| c.last_entry_id).max();
    let mut tally = Tally::default();
    for run in &report.coverage.runs.0 {
        let signed = signing_keys_trusted
            && matches!(
                run.value,
                Protection::Signed | Protection::SignedAndWitnessed
            );
        tally.run(run.first, run.last, signed, horizon);
    }
    let mut covers = tally.signature_cover().into_iter().collect::<Vec<_>>();
    covers.extend(prefixes);
    let level = match (tally.protected, tally.unprotected) {
        (_, 0) if report.entries > 0 => AssuranceLevel::Protected,
        (0, _) | (_, 0) => AssuranceLevel::Unprotected,
        _ => AssuranceLevel::PartlyProtected,
    };
    Assurance {
        level,
        message: message(level, &tally, &covers),
        protected_entries: tally.protected,
        unprotected_entries: tally.unprotected,
        covers,
        unprotected: tally.spans,
    }
}

/// Witnesses, a checkpoint and anchors the user trusts: each covers entries from the
/// ledger's first to its head.
fn prefix_covers(report: &Report) -> Vec<Cover> {
    let Some(first) = report.coverage.runs.0.first().map(|r| r.first) else {
        return Vec::new();
    };
    let witness = report
        .witnesses
        .iter()
        .filter(|w| w.key_trust == KeyTrust::Trusted)
        .filter_map(|w| w.latest_attested_entry_id)
        .max();
    let checkpoint = report
        .checkpoint
        .as_ref()
        .filter(|c| c.matched && c.size > 0)
        .and_then(|c| first.checked_add(i64::try_from(c.size - 1).ok()?));
    let anchor = crate::anchor::anchored_head(&report.anchors);
    let what = [
        (Protector::Witness, witness, "attested by a witness whose key you supplied"),
        (Protector::Checkpoint, checkpoint, "committed to by the checkpoint you supplied"),
        (Protector::Anchor, anchor, "shown to have existed by an anchor verified against the Bitcoin headers or TSA roots you supplied"),
    ];
    what.into_iter()
        .filter_map(|(by, last, words)| {
            let last = last.filter(|&last| last >= first)?;
            let entries = last.abs_diff(first) + 1;
            Some(Cover {
                by,
                entries,
                first_entry_id: first,
                last_entry_id: last,
                message: format!("{} {words}", range(first, last, entries)),
            })
        })
        .collect()
}

/// Entries counted as protected or not, in order.
#[derive(Default)]
struct Tally {
    protected: u64,
    unprotected: u64,
    spans: Vec<Span>,
    spans_total: u64,
    signed: u64,
    signed_first: Option<i64>,
    signed_last: i64,
}

impl Tally {
    /// Takes entries `first..=last`, signed with a trusted key or not; entries up to
    /// `horizon` are covered whatever their signature.
    fn run(&mut self, first: i64, last: i64, signed: bool, horizon: Option<i64>) {
        let n = last.abs_diff(first) + 1;
        if signed {
            self.signed += n;
            self.signed_first.get_or_insert(first);
            self.signed_last = last;
        }
        let covered_to = horizon.filter(|&h| h >= first).map(|h| h.min(last));
        let bare_from = match covered_to {
            _ if signed => None,
            None => Some(first),
            Some(to) if to < last => Some(to + 1),
            Some(_) => None,
        };
        let bare = bare_from.map_or(0, |from| last.abs_diff(from) + 1);
        self.protected += n - bare;
        self.unprotected += bare;
        if let Some(from) = bare_from {
            self.bare(from, last, bare);
        }
    }

    fn bare(&mut self, first: i64, last: i64, entries: u64) {
        if let Some(prev) = self.spans.last_mut() {
            if prev.last_entry_id.checked_add(1) == Some(first) {
                prev.last_entry_id = last;
                prev.entries += entries;
                return;
            }
        }
        self.spans_total += 1;
        if self.spans.len() < MAX_LISTED {
            self.spans.push(Span {
                first_entry_id: first,
                last_entry_id: last,
                entries,
            });
        }
    }

    fn signature_cover(&self) -> Option<Cover> {
        let first = self.signed_first?;
        let message = format!(
            "{} between entries {first} and {} {} a signature verified with a key you supplied",
            count(self.signed, "entry", "entries"),
            self.signed_last,
            if self.signed == 1 { "carries" } else { "carry" },
        );
        Some(Cover {
            by: Protector::Signature,
            entries: self.signed,
            first_entry_id: first,
            last_entry_id: self.signed_last,
            message,
        })
    }

    fn unprotected_words(&self) -> String {
        let mut spans: Vec<String> = self
            .spans
            .iter()
            .take(5)
            .map(|s| range(s.first_entry_id, s.last_entry_id, s.entries))
            .collect();
        if self.spans_total > 5 {
            spans.push(format!("and {} more ranges", self.spans_total - 5));
        }
        spans.join(", ")
    }
}

fn message(level: AssuranceLevel, tally: &Tally, covers: &[Cover]) -> String {
    let by = covers
        .iter()
        .map(|c| c.message.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let total = tally.protected + tally.unprotected;
    match level {
        AssuranceLevel::Invalid => String::new(),
        AssuranceLevel::Unprotected => format!(
            "consistent but unprotected: the {} agree with each other, but nothing you supplied covers any of them, so nothing stops whoever holds this file from rewriting it",
            count(total, "entry", "entries")
        ),
        AssuranceLevel::PartlyProtected => format!(
            "partly protected: {} of {total} entries are covered by something you supplied ({by}); {} covered by nothing you supplied and could have been rewritten without trace: {}",
            tally.protected,
            count(tally.unprotected, "entry is", "entries are"),
            tally.unprotected_words()
        ),
        AssuranceLevel::Protected => format!(
            "protected: every one of the {} is covered by something you supplied ({by})",
            count(total, "entry", "entries")
        ),
    }
}

/// `entry 3`, `entries 3..9`.
fn range(first: i64, last: i64, entries: u64) -> String {
    if entries == 1 {
        format!("entry {first}")
    } else {
        format!("entries {first}..{last}")
    }
}

/// `n` followed by the word that agrees with it.
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
