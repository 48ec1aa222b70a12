//! The OpenTimestamps track of an anchor (SPEC §8): the stored proof read from the raw
//! head bytes with nothing left over, each Bitcoin attestation checked against the
//! user's headers, and the columns that restate the proof (`bitcoin_block_height`,
//! the height of the first Bitcoin attestation; `bitcoin_block_hash`, that block's
//! hash) compared with it.

use crate::bitcoin::{BlockCheck, BlockHash, FoundBy, HeaderSet};
use crate::ots::{Attestation, Timestamp};
use crate::report::FindingKind;

use super::row::AnchorRow;
use super::track::{Problem, Track, TrackStatus};

/// What the attestations of one proof showed.
#[derive(Default)]
pub(super) struct Tally {
    /// How problems start: `anchor 3` or `the proof`.
    label: String,
    /// What the proof starts from: `the head` or `the file digest`.
    subject: &'static str,
    /// `(block time, its RFC 3339 text, sentence)` of each verified attestation.
    verified: Vec<(u32, String, String)>,
    /// Sentences for attestations no header was given for.
    unchecked: Vec<String>,
    pending: Vec<String>,
    below_mainnet: bool,
    problems: Vec<Problem>,
}

/// The OpenTimestamps track, or `None` when the row holds no proof.
pub(super) fn check(
    row: &AnchorRow,
    head: &[u8; 32],
    headers: Option<&HeaderSet>,
) -> Option<Track> {
    let blob = row.ots_proof.as_ref()?;
    let timestamp = match Timestamp::parse(blob, head) {
        Ok(timestamp) => timestamp,
        Err(error) => {
            let message = format!(
                "anchor {}: the OpenTimestamps proof does not read at byte {}: {}",
                row.anchor_id, error.offset, error.kind
            );
            let problem = Problem::new(FindingKind::AnchorProof, "ots_unreadable", message);
            return Some(Track::failed(vec![problem]));
        }
    };
    let none = HeaderSet::default();
    let headers = headers.unwrap_or(&none);
    let mut tally = Tally::new(format!("anchor {}", row.anchor_id), "the head");
    let first_bitcoin = tally.run(&timestamp, headers);
    tally
        .problems
        .extend(columns(row, first_bitcoin.as_ref().map(|(h, b)| (*h, b))));
    Some(tally.track())
}

impl Tally {
    pub(super) fn new(label: String, subject: &'static str) -> Tally {
        Tally {
            label,
            subject,
            ..Tally::default()
        }
    }

    /// Checks every attestation of `timestamp`; the first Bitcoin attestation's check.
    pub(super) fn run(
        &mut self,
        timestamp: &Timestamp,
        headers: &HeaderSet,
    ) -> Option<(u64, BlockCheck)> {
        let mut first_bitcoin = None;
        for reached in timestamp.attestations() {
            match reached.attestation {
                Attestation::Bitcoin { height } => {
                    let block = headers.verify_commitment(*height, &reached.message);
                    self.add(&block);
                    first_bitcoin.get_or_insert((*height, block));
                }
                Attestation::Pending { uri } => self.pending.push(uri.clone()),
                _ => {}
            }
        }
        first_bitcoin
    }

    /// A problem of this proof.
    pub(super) fn problem(&mut self, finding: FindingKind, kind: &str, message: String) {
        let message = format!("{}: {message}", self.label);
        self.problems.push(Problem::new(finding, kind, message));
    }

    fn add(&mut self, block: &BlockCheck) {
        let label = self.label.clone();
        let problem = |kind, message: String| {
            Problem::new(
                FindingKind::AnchorProof,
                kind,
                format!("{label}: {message}"),
            )
        };
        match block {
            BlockCheck::Verified { height, header, found, mainnet_difficulty } => {
                self.below_mainnet |= !mainnet_difficulty;
                let confirmed = match found {
                    FoundBy::Height => "",
                    FoundBy::MerkleRoot => " (found by merkle root: the height is not confirmed)",
                };
                let sentence = format!(
                    "{} is committed to by the merkle root of Bitcoin block {height} (hash {}){confirmed}, which existed by {}",
                    self.subject,
                    header.hash(),
                    header.time_utc()
                );
                self.verified.push((header.time(), header.time_utc(), sentence));
            }
            BlockCheck::NotChecked { height, merkle_root } => self.unchecked.push(format!(
                "commits to merkle root {merkle_root} of Bitcoin block {height} — not checked against Bitcoin"
            )),
            BlockCheck::MerkleRootMismatch { height, header, claimed } => self.problems.push(problem(
                "merkle_root_mismatch",
                format!("the OpenTimestamps proof commits to merkle root {claimed} for Bitcoin block {height}, but the header given for that block has merkle root {}", header.merkle_root()),
            )),
            BlockCheck::ProofOfWorkFails { height, header, .. } => self.problems.push(problem(
                "proof_of_work_fails",
                format!("the header given for Bitcoin block {height} (hash {}) does not meet its own target", header.hash()),
            )),
            BlockCheck::NotAMerkleRoot { height, length } => self.problems.push(problem(
                "not_a_merkle_root",
                format!("the OpenTimestamps proof's Bitcoin attestation for block {height} commits to {length} bytes, not a 32-byte merkle root"),
            )),
        }
    }

    pub(super) fn track(self) -> Track {
        if !self.problems.is_empty() {
            return Track::failed(self.problems);
        }
        if let Some((time, utc, sentence)) = self.verified.iter().min_by_key(|v| v.0).cloned() {
            let kind = if self.below_mainnet {
                "bitcoin_test_difficulty"
            } else {
                "bitcoin"
            };
            let mut track = Track::holds(TrackStatus::Verified, kind, sentence);
            track.existed_by = Some(utc);
            track.existed_by_unix = Some(u64::from(time));
            return track;
        }
        if !self.unchecked.is_empty() {
            let message = self.unchecked.join("; ");
            return Track::holds(
                TrackStatus::NotChecked,
                "not_checked_against_bitcoin",
                message,
            );
        }
        if !self.pending.is_empty() {
            let message = format!(
                "only pending attestations (calendars {}): completing them needs the network",
                self.pending.join(", ")
            );
            return Track::holds(TrackStatus::Pending, "pending", message);
        }
        let message = "no Bitcoin or pending attestation: the proof's other attestations are listed, not checked".to_owned();
        Track::holds(TrackStatus::NotChecked, "other_attestations", message)
    }
}

/// The stored columns against the proof's first Bitcoin attestation.
fn columns(row: &AnchorRow, first: Option<(u64, &BlockCheck)>) -> Vec<Problem> {
    let id = row.anchor_id;
    let problem = |kind, message: String| {
        Problem::new(
            FindingKind::AnchorColumn,
            kind,
            format!("anchor {id}: {message}"),
        )
    };
    let mut problems = Vec::new();
    let first_height = first.map(|(height, _)| height);
    if let Some(stored) = row.bitcoin_block_height {
        if first_height.and_then(|h| i64::try_from(h).ok()) != Some(stored) {
            // nexuscone-verify --check-anchors's words.
            let message = match first_height {
                Some(height) => format!("height mismatch: proof says {height}, row says {stored}"),
                None => format!("bitcoin_block_height is {stored}, but the proof carries no Bitcoin attestation"),
            };
            problems.push(problem("block_height_column", message));
        }
    }
    if let Some(text) = &row.bitcoin_block_hash {
        match (BlockHash::from_display_hex(text), first.map(|(_, block)| block)) {
            (None, _) => problems.push(problem(
                "block_hash_column",
                format!("bitcoin_block_hash {text:?} is not 64 hex digits"),
            )),
            (Some(stored), Some(BlockCheck::Verified { height, header, .. })) if header.hash() != stored => {
                problems.push(problem(
                    "block_hash_column",
                    format!("bitcoin_block_hash is {stored}, but the header given for block {height} hashes to {}", header.hash()),
                ))
            }
            _ => {}
        }
    }
    problems
}
