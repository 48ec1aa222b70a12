//! Findings as the verifier collects them: every one counted, the first
//! [`MAX_LISTED`] kept.

use crate::report::{Finding, FindingKind, MAX_LISTED};

/// Counted findings, of which the first [`MAX_LISTED`] are kept.
#[derive(Debug, Default)]
pub(super) struct Findings {
    pub(super) listed: Vec<Finding>,
    pub(super) total: u64,
}

impl Findings {
    pub(super) fn push(&mut self, finding: Finding) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED {
            self.listed.push(finding);
        }
    }

    /// Records a finding about entry `entry_id`.
    pub(super) fn entry(&mut self, entry_id: i64, kind: FindingKind, message: String) {
        self.push(entry_finding(entry_id, kind, message));
    }
}

/// A finding located at one entry only.
pub(super) fn entry_finding(entry_id: i64, kind: FindingKind, message: String) -> Finding {
    Finding {
        entry_id: Some(entry_id),
        attestation_id: None,
        anchor_id: None,
        witness_id: None,
        kind,
        message,
    }
}

/// `text` cut to at most 120 bytes (at a character boundary), for quoting stored values.
pub(super) fn shorten(text: &str) -> String {
    const MAX: usize = 120;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
