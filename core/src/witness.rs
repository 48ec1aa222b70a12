//! Witness attestations: third parties signing the chain head.
//!
//! Mirrors `Ledger.verify_witness_attestations` (nexuscone 0.2.1): each witness
//! keeps a sub-chain of attestations starting from 64 zeros; the attestation
//! hash is the SHA-256 hex of the canonical JSON of
//! `{witness_id, chain_head_entry_id, chain_head_hash, signed_at,
//! prev_attestation_hash}`, and the witness signs its RAW 32 bytes with Ed25519.
//!
//! The Python library stops there. It never compares an attestation with the
//! entry it attests, so history rewritten after an attestation goes unnoticed.
//! [`AttestationCheck`] results feed the chain verifier, which makes that
//! comparison while it streams the entries.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::canonical::push_json_string;
use crate::entry::EntryHash;
use crate::mistyped::Mistyped;
use crate::order::sorted_positions;
use crate::signature::{check_signature, parse_public_key, SignatureCheck};

/// The first `prev_attestation_hash` of every witness: sixty-four zeros.
pub const GENESIS_ATTESTATION_HASH: &str = crate::entry::GENESIS_PREVIOUS_HASH;

/// A row of the `witnesses` table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Witness {
    /// `witnesses.witness_id`.
    pub witness_id: i64,
    /// `witnesses.label`, unique per ledger.
    pub label: String,
    /// `witnesses.public_key_hex`: the witness's Ed25519 key, as the ledger asserts it.
    pub public_key_hex: String,
    /// `witnesses.role`: `consortium`, `regulator` or `self`.
    pub role: String,
    /// `witnesses.created_at`.
    pub created_at: String,
    /// `witnesses.retired_at`, if retired.
    pub retired_at: Option<String>,
    /// The columns that hold a value of another type ([`crate::mistyped`]), read as
    /// text (or 0) in their place.
    #[serde(skip)]
    pub mistyped: Vec<Mistyped>,
}

impl Witness {
    /// True when `witness_id` could be read: only then can attestations name it.
    pub fn has_id(&self) -> bool {
        !self.mistyped.iter().any(|m| m.is("witness_id"))
    }

    /// How findings call the witness that is `position`-th (1-based) in its table.
    pub fn name(&self, position: usize) -> String {
        let table = ("witness", "witnesses");
        Mistyped::row_name(
            &self.mistyped,
            "witness_id",
            table,
            self.witness_id,
            position,
        )
    }
}

/// A row of the `witness_attestations` table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WitnessAttestation {
    /// `witness_attestations.attestation_id`.
    pub attestation_id: i64,
    /// The witness that signed.
    pub witness_id: i64,
    /// The entry the witness saw as the chain head.
    pub chain_head_entry_id: i64,
    /// That entry's `entry_hash` as the witness saw it.
    pub chain_head_hash: String,
    /// When the witness signed.
    pub signed_at: String,
    /// The previous attestation hash of the same witness, or 64 zeros.
    pub prev_attestation_hash: String,
    /// SHA-256 hex over the five fields above.
    pub attestation_hash: String,
    /// Hex Ed25519 signature over the raw 32 bytes of `attestation_hash`.
    pub signature_hex: String,
    /// The columns that hold a value of another type ([`crate::mistyped`]), read as
    /// text (or 0) in their place.
    #[serde(skip)]
    pub mistyped: Vec<Mistyped>,
}

impl WitnessAttestation {
    /// How findings call the attestation that is `position`-th (1-based) in its table.
    pub fn name(&self, position: usize) -> String {
        let table = ("attestation", "witness_attestations");
        let id = self.attestation_id;
        Mistyped::row_name(&self.mistyped, "attestation_id", table, id, position)
    }

    /// Recomputes the attestation hash from the stored fields.
    pub fn compute_hash(&self) -> EntryHash {
        let mut preimage = String::with_capacity(320);
        preimage.push_str("{\"chain_head_entry_id\":");
        preimage.push_str(&self.chain_head_entry_id.to_string());
        preimage.push_str(",\"chain_head_hash\":");
        push_json_string(&mut preimage, &self.chain_head_hash);
        preimage.push_str(",\"prev_attestation_hash\":");
        push_json_string(&mut preimage, &self.prev_attestation_hash);
        preimage.push_str(",\"signed_at\":");
        push_json_string(&mut preimage, &self.signed_at);
        preimage.push_str(",\"witness_id\":");
        preimage.push_str(&self.witness_id.to_string());
        preimage.push('}');
        EntryHash(Sha256::digest(preimage.as_bytes()).into())
    }
}

/// What is wrong with one attestation, in the Python library's wording.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttestationProblem {
    /// The attestation names a witness that is not registered.
    UnknownWitness,
    /// The per-witness sub-chain link is broken.
    BrokenLink,
    /// The stored attestation hash does not match the recomputed one.
    HashMismatch,
    /// The signature is malformed or does not verify under the witness key.
    BadSignature,
    /// A column holds a value of another type ([`crate::mistyped`]): the checks that
    /// need it were not run.
    FieldType,
}

/// The result of checking one attestation on its own (before the entries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttestationCheck {
    /// The attestation checked.
    pub attestation: WitnessAttestation,
    /// Problems found, each with the Python library's message.
    pub problems: Vec<(AttestationProblem, String)>,
    /// True when the witness key is one the caller trusts (not only self-asserted).
    pub trusted_key: bool,
}

impl AttestationCheck {
    /// True when the attestation passed its own checks.
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }

    /// True when every column was of its type, so the attestation names the entry
    /// it attests.
    pub fn is_typed(&self) -> bool {
        self.attestation.mistyped.is_empty()
    }

    /// The attestation id, unless that column is mistyped.
    pub fn id(&self) -> Option<i64> {
        let readable = !self
            .attestation
            .mistyped
            .iter()
            .any(|m| m.is("attestation_id"));
        readable.then_some(self.attestation.attestation_id)
    }
}

/// How a witness key came to be believed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyTrust {
    /// The caller supplied this key as trusted.
    Trusted,
    /// The key was read from the ledger itself: whoever wrote the ledger chose it.
    SelfAsserted,
    /// The caller supplied trusted keys and this one is not among them.
    Untrusted,
}

impl KeyTrust {
    /// The stable snake_case name: `trusted`, `self_asserted`, `untrusted`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyTrust::Trusted => "trusted",
            KeyTrust::SelfAsserted => "self_asserted",
            KeyTrust::Untrusted => "untrusted",
        }
    }
}

/// Checks every attestation's sub-chain link, hash and signature, in the order
/// `verify_witness_attestations` uses (by witness, then attestation id). An
/// attestation with a mistyped column ([`crate::mistyped`]) gets a
/// [`AttestationProblem::FieldType`] per column instead: the other checks would
/// need the value it lacks. A witness whose `witness_id` is mistyped can be named by
/// no attestation.
///
/// `trusted_keys`: lowercase hex keys the caller trusts; `None` means the ledger's
/// own (self-asserted) keys are used.
pub fn check_attestations(
    witnesses: &[Witness],
    attestations: &[WitnessAttestation],
    trusted_keys: Option<&BTreeSet<String>>,
) -> Vec<AttestationCheck> {
    // `extend`, not `collect`, here and below: `collect` into a map compiles its own sort.
    let mut by_id: BTreeMap<i64, &Witness> = BTreeMap::new();
    by_id.extend(
        witnesses
            .iter()
            .filter(|w| w.has_id())
            .map(|w| (w.witness_id, w)),
    );
    let key = |a: &WitnessAttestation| (a.witness_id, a.attestation_id);
    let ordered = sorted_positions(attestations.len(), &|a, b| {
        key(&attestations[a]).cmp(&key(&attestations[b]))
    });
    let mut expected_prev: BTreeMap<i64, String> = BTreeMap::new();
    let mut checks = Vec::with_capacity(attestations.len());
    for position in ordered {
        let attestation = &attestations[position];
        let wid = attestation.witness_id;
        let witness = by_id.get(&wid).copied();
        let problems = if attestation.mistyped.is_empty() {
            let prev = expected_prev.get(&wid).map(String::as_str);
            check_one(attestation, witness, prev)
        } else {
            mistyped_problems(attestation, position + 1)
        };
        let trusted_key = witness.is_some_and(|w| {
            trusted_keys.is_some_and(|keys| keys.contains(&w.public_key_hex.to_ascii_lowercase()))
        });
        let names_witness = !attestation.mistyped.iter().any(|m| m.is("witness_id"));
        if witness.is_some() && names_witness {
            expected_prev.insert(wid, attestation.attestation_hash.clone());
        }
        checks.push(AttestationCheck {
            attestation: attestation.clone(),
            problems,
            trusted_key,
        });
    }
    checks
}

/// A [`AttestationProblem::FieldType`] per mistyped column of the attestation that
/// is `position`-th (1-based) in its table.
fn mistyped_problems(
    attestation: &WitnessAttestation,
    position: usize,
) -> Vec<(AttestationProblem, String)> {
    let name = attestation.name(position);
    let sentence = |m: &Mistyped| (AttestationProblem::FieldType, m.sentence_at(&name));
    attestation.mistyped.iter().map(sentence).collect()
}

/// The checks of one well-typed attestation of `witness` (`None`: not registered),
/// whose sub-chain's previous attestation hash is `prev` (`None`: it is the first).
fn check_one(
    attestation: &WitnessAttestation,
    witness: Option<&Witness>,
    prev: Option<&str>,
) -> Vec<(AttestationProblem, String)> {
    let aid = attestation.attestation_id;
    let wid = attestation.witness_id;
    let Some(witness) = witness else {
        return vec![(
            AttestationProblem::UnknownWitness,
            format!("Attestation {aid} references witness_id={wid} which does not exist."),
        )];
    };
    let mut problems = Vec::new();
    let who = format!("Attestation {aid} from witness {wid} ({})", witness.label);
    let prev = prev.unwrap_or(GENESIS_ATTESTATION_HASH);
    if attestation.prev_attestation_hash != prev {
        problems.push((
            AttestationProblem::BrokenLink,
            format!(
                "{who} prev_attestation_hash mismatch: expected {prev}, stored {}",
                attestation.prev_attestation_hash
            ),
        ));
    }
    let recomputed = attestation.compute_hash();
    if !recomputed.matches_hex(&attestation.attestation_hash) {
        problems.push((
            AttestationProblem::HashMismatch,
            format!(
                "{who} attestation_hash mismatch: expected {}, stored {}",
                recomputed.to_hex(),
                attestation.attestation_hash
            ),
        ));
    }
    problems.extend(signature_problem(attestation, witness, &recomputed, &who));
    problems
}

/// The signature's problem, if any, checked over `recomputed`.
fn signature_problem(
    attestation: &WitnessAttestation,
    witness: &Witness,
    recomputed: &EntryHash,
    who: &str,
) -> Option<(AttestationProblem, String)> {
    let signature = match parse_public_key(&witness.public_key_hex) {
        Ok(key) => check_signature(&key, &recomputed.0, &attestation.signature_hex),
        Err(_) => SignatureCheck::UnknownKey,
    };
    let why = match signature {
        SignatureCheck::Valid => return None,
        SignatureCheck::Invalid => format!("{who} signature verification failed."),
        SignatureCheck::Malformed => format!("{who} signature verification raised: signature_hex is not 128 hex characters"),
        SignatureCheck::UnknownKey => format!("{who} signature verification raised: the registered public key is not a valid Ed25519 key"),
    };
    Some((AttestationProblem::BadSignature, why))
}
