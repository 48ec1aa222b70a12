//! A standalone OpenTimestamps proof (a `.ots` file, SPEC §8), checked as an anchor's
//! OpenTimestamps track is: every Bitcoin attestation against the user's headers, and,
//! when the timestamped file is given, its hash against the proof's digest. For
//! `nexuscone ots`.

use serde::{Deserialize, Serialize};

use crate::bitcoin::HeaderSet;
use crate::ots::{Attestation, OtsError, OtsFile};
use crate::report::FindingKind;

use super::ots_track::Tally;
use super::track::{Track, TrackStatus};

/// What a `.ots` file proves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtsProofReport {
    /// True only when a Bitcoin attestation was verified against a supplied header, no
    /// check failed and, if a target was given, it is the file the proof is for.
    pub valid: bool,
    /// The hash the proof took of the file: `sha256`, `sha1`, `ripemd160`, `keccak256`.
    pub file_hash_op: String,
    /// That hash, the digest the timestamp starts from (hex).
    pub file_digest: String,
    /// Whether the target file hashes to the digest (`None`: no target given).
    pub target_matches: Option<bool>,
    /// Every attestation with the message it commits to.
    pub attestations: Vec<ListedAttestation>,
    /// The verdict: `bitcoin` (verified), `not_checked_against_bitcoin`, `pending`,
    /// `other_attestations`, or the first failure's kind (`target_mismatch`,
    /// `merkle_root_mismatch`, `proof_of_work_fails`, ...).
    pub track: Track,
}

/// One attestation of the proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedAttestation {
    /// `bitcoin`, `litecoin`, `ethereum`, `pending` or `unknown`.
    pub kind: String,
    /// The block height, for a blockchain attestation.
    pub height: Option<u64>,
    /// The calendar, for a pending one.
    pub uri: Option<String>,
    /// The 8-byte tag, hex, for an unknown one (carried, not read).
    pub tag: Option<String>,
    /// The message the attestation commits to (hex).
    pub message: String,
}

/// Reads the `.ots` file `proof` and checks it against `headers`, and against the
/// timestamped file `target` when given.
///
/// # Errors
/// [`OtsError`] with the byte offset when `proof` does not read as a `.ots` file.
pub fn check_ots_file(
    proof: &[u8],
    target: Option<&[u8]>,
    headers: Option<&HeaderSet>,
) -> Result<OtsProofReport, OtsError> {
    let file = OtsFile::parse(proof)?;
    let none = HeaderSet::default();
    let mut tally = Tally::new("the proof".to_owned(), "the file digest");
    tally.run(file.timestamp(), headers.unwrap_or(&none));
    let target_matches = target.map(|t| file.covers(t));
    if target_matches == Some(false) {
        let message = format!(
            "the target file's {} is not the digest the proof timestamps ({})",
            file.hash_op().name(),
            hex::encode(file.digest())
        );
        tally.problem(FindingKind::AnchorProof, "target_mismatch", message);
    }
    let track = tally.track();
    Ok(OtsProofReport {
        valid: track.status == TrackStatus::Verified,
        file_hash_op: file.hash_op().name().to_owned(),
        file_digest: hex::encode(file.digest()),
        target_matches,
        attestations: listed(&file),
        track,
    })
}

fn listed(file: &OtsFile) -> Vec<ListedAttestation> {
    let attestations = file.timestamp().attestations();
    attestations
        .map(|reached| {
            let (kind, height, uri, tag) = match reached.attestation {
                Attestation::Bitcoin { height } => ("bitcoin", Some(*height), None, None),
                Attestation::Litecoin { height } => ("litecoin", Some(*height), None, None),
                Attestation::Ethereum { height } => ("ethereum", Some(*height), None, None),
                Attestation::Pending { uri } => ("pending", None, Some(uri.clone()), None),
                Attestation::Unknown { tag, .. } => ("unknown", None, None, Some(hex::encode(tag))),
            };
            ListedAttestation {
                kind: kind.to_owned(),
                height,
                uri,
                tag,
                message: hex::encode(&reached.message),
            }
        })
        .collect()
}
