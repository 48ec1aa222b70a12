//! The messages between the page and the verifier worker, and their compact
//! encodings.
//!
//! # Design
//!
//! The worker (`worker.rs`) owns the ledger: it reads the file the page hands it (a
//! `Blob`, so the page never copies the bytes), parses it and verifies it with
//! `nexuscone-core`, and keeps the parsed rows and the Merkle tree for as long as
//! that ledger is shown. The page keeps only what it needs to draw a million rows
//! and filter them without asking: per entry, the id, the time, the timestamp text,
//! the actor, action and event type (indexes into their distinct values) and the
//! status. These travel as a few transferred `ArrayBuffer`s (typed arrays copied in
//! and out of WebAssembly memory in one go, and moved, not copied, between the
//! threads), never as one JavaScript object per entry: about 40 bytes an entry plus
//! the timestamp text.
//!
//! Everything else is asked for when it is shown: the detail of one entry
//! ([`EntryDetail`], built by the worker with the core's hashing and Merkle code)
//! and the entries matching a text search (an index list). The core report and the
//! rest of each message are small and go as JSON text.
//!
//! A message is a JavaScript object `{ json, buffers, blob }`: `json` the
//! [`Request`] or [`Reply`], `buffers` the binary columns in the order the variant's
//! documentation gives, `blob` the input file of [`Request::Load`].
//!
//! Jobs (reading, verifying) carry a generation number; the page ignores replies
//! of a job it has replaced. Cancelling terminates the worker: the page then
//! starts a fresh one, so no work goes on after Cancel.
//!
//! What this module is NOT: a place for checks. It carries the core's results.

use std::collections::BTreeMap;

use js_sys::{Array, ArrayBuffer, BigInt64Array, Object, Reflect, Uint32Array, Uint8Array};
use nexuscone_core::entry::Entry;
use nexuscone_core::input::LocatedError;
use nexuscone_core::report::{EntryStatus, FindingKind, Report};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::input::InputInfo;
use crate::ledger::{Column, Ledger};
use crate::trust::{CheckpointText, ProofTrust, TrustAnchors, WitnessAnchors};

/// What the user vouches for, sent with each verification.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Anchors {
    /// Trusted entry-signing keys.
    pub trust: Option<TrustAnchors>,
    /// Trusted witness keys.
    #[serde(default)]
    pub witness: Option<WitnessAnchors>,
    /// A signed checkpoint, as the user gave it (the worker opens it again).
    pub checkpoint: Option<CheckpointText>,
    /// Bitcoin block headers for the anchors' OpenTimestamps proofs.
    #[serde(default)]
    pub bitcoin_headers: Option<ProofTrust>,
    /// TSA root certificates for the anchors' time-stamp tokens.
    #[serde(default)]
    pub tsa_roots: Option<ProofTrust>,
}

/// From the page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Verify with this many workers in all (the page's `?workers=`), this one
    /// included; sent first when the page asks. Otherwise one per core, at most 9.
    Workers {
        /// Verifying workers in all, at least 1.
        workers: u32,
    },
    /// Read the attached `blob`, then verify it. Replaces any ledger held.
    Load {
        /// Job number, echoed in replies.
        generation: u64,
        /// The file name, or a description for pasted text.
        name: String,
        /// The trust anchors to verify with.
        anchors: Anchors,
    },
    /// Verify the held ledger again with other anchors.
    Verify {
        /// Job number, echoed in replies.
        generation: u64,
        /// The trust anchors to verify with.
        anchors: Anchors,
    },
    /// The detail of one entry: answered with [`Reply::Entry`].
    Entry {
        /// Position in input order.
        index: u32,
    },
    /// The entries whose text contains `text`: answered with [`Reply::Search`].
    Search {
        /// Echoed in the reply, so the page keeps only the latest answer.
        seq: u64,
        /// What to look for, case-insensitive.
        text: String,
    },
}

/// How far a job is.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Progress {
    /// Reading and parsing the file.
    Reading {
        /// Bytes read.
        done: u64,
        /// Bytes in all.
        total: u64,
    },
    /// Reading a database's entries from its pages, after the file was read.
    ReadingEntries {
        /// Entries read.
        entries: u64,
        /// How far into the file the pages read reach, in bytes.
        reached: u64,
        /// Bytes in all.
        total: u64,
    },
    /// Verifying the entries.
    Verifying {
        /// Entries checked.
        done: u64,
        /// Entries in all.
        total: u64,
        /// Milliseconds since verification started.
        elapsed_ms: f64,
    },
}

/// The ledger's shape, sent once it is read ([`Reply::Read`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerMeta {
    /// The input.
    pub input: InputInfo,
    /// Number of entries.
    pub entries: u32,
    /// Distinct actors, indexed by the actor column.
    pub actors: Vec<String>,
    /// Distinct actions.
    pub actions: Vec<String>,
    /// Distinct event types.
    pub event_types: Vec<String>,
}

/// Where the signing keys a verification used came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeySource {
    /// Keys the user supplied.
    Trusted(TrustAnchors),
    /// No user keys; the ledger's own keys were used (self-asserted).
    Ledger(BTreeMap<String, String>),
    /// No keys at all: signatures unchecked.
    None,
}

/// One trust input a verification used, as core recorded it
/// ([`nexuscone_core::input::TrustSource`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustInput {
    /// Its kind's stable name (`entry_keys`, `verifier_keys`, `checkpoint`, …).
    pub kind: String,
    /// Where it came from: a file name, `pasted keys`, `demo keys.json`.
    pub name: String,
    /// Lowercase hex SHA-256 of its bytes as supplied.
    pub sha256: String,
}

/// A finished verification, less the per-entry statuses ([`Reply::Verified`]).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VerifiedMeta {
    /// The trust inputs it was checked against, in the order given.
    pub trust_inputs: Vec<TrustInput>,
    /// The core's report.
    pub report: Report,
    /// The keys used.
    pub keys: KeySource,
    /// Entries named by a listed failure, with the first failure's kind. Some
    /// failures (a witness attesting a head the ledger no longer holds) are found
    /// after the entry's own status was given, so the table shows both.
    pub failing_entries: Vec<(i64, FindingKind)>,
    /// Wall time of the verification, in milliseconds.
    pub millis: f64,
    /// The worker's WebAssembly memory, in bytes, when it finished: its peak, as
    /// WebAssembly memory never shrinks.
    pub worker_memory: u64,
    /// The workers that verified: this one and its helpers.
    pub workers: u32,
}

/// One step of a Merkle inclusion path, leaf to root (RFC 9162 §2.1.3.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathStep {
    /// The sibling is the left child.
    pub sibling_is_left: bool,
    /// The sibling's hash, hex.
    pub sibling: String,
    /// The node it makes with the path so far, hex.
    pub node: String,
}

/// An entry's Merkle inclusion path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inclusion {
    /// The leaf's index.
    pub leaf_index: u64,
    /// The tree size the path is for.
    pub size: u64,
    /// The leaf hash, SHA-256(0x00 ‖ entry_hash), hex.
    pub leaf: String,
    /// The steps up to the root.
    pub steps: Vec<PathStep>,
    /// The root the path ends at, hex.
    pub root: String,
    /// What the root is compared with ("checkpoint … root at size …" or "ledger root").
    pub anchor: String,
    /// With a checkpoint covering the entry: whether the root equals its root.
    pub matches_checkpoint: Option<bool>,
}

/// A redacted entry's marker and where its redaction entry is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    /// The hash of the payload that was erased.
    pub original_payload_hash: String,
    /// When.
    pub redacted_at: String,
    /// By whom.
    pub redacted_by: String,
    /// Why.
    pub reason: String,
    /// The redaction entry recording it: (index, entry id).
    pub by: Option<(u32, i64)>,
}

/// Everything the detail pane shows of one entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryDetail {
    /// Position in input order.
    pub index: u32,
    /// The stored fields, as stored.
    pub entry: Entry,
    /// The hash the core recomputes; `None` for an unknown format version.
    pub recomputed_hash: Option<String>,
    /// The previous entry in input order: (entry id, its entry_hash).
    pub previous: Option<(i64, String)>,
    /// Failure and warning messages naming this entry.
    pub findings: Vec<String>,
    /// For a redacted payload.
    pub redaction: Option<Redaction>,
    /// The inclusion path, or why there is none.
    pub inclusion: Result<Inclusion, String>,
}

/// From the worker to the page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    /// A job's progress.
    Progress {
        /// The job.
        generation: u64,
        /// How far it is.
        progress: Progress,
    },
    /// The ledger is read. Buffers: ids (i64), times (i64 microseconds, `i64::MIN`
    /// for unreadable), timestamp text (UTF-8), timestamp ends (u32), actor,
    /// action and event type indexes (u32).
    Read {
        /// The job.
        generation: u64,
        /// The ledger's shape.
        meta: LedgerMeta,
    },
    /// The ledger is verified. Buffers: statuses (u8, index into
    /// [`EntryStatus::ALL`]).
    Verified {
        /// The job.
        generation: u64,
        /// The result.
        meta: Box<VerifiedMeta>,
    },
    /// The input (or a trust input) could not be read.
    Failed {
        /// The job.
        generation: u64,
        /// Core's error: kind, sentence and location.
        error: LocatedError,
    },
    /// The answer to [`Request::Entry`]; `None` when no ledger holds that index.
    Entry(Option<Box<EntryDetail>>),
    /// The answer to [`Request::Search`]. Buffers: matching positions (u32, ascending).
    Search {
        /// The request's number.
        seq: u64,
        /// The text searched for.
        text: String,
    },
}

/// Each entry's status as one byte, its index in [`EntryStatus::ALL`].
pub fn status_bytes(statuses: &[EntryStatus]) -> Vec<u8> {
    statuses
        .iter()
        .map(|s| EntryStatus::ALL.iter().position(|a| a == s).unwrap_or(0) as u8)
        .collect()
}

/// The statuses of [`status_bytes`]; `None` for a byte that names no status.
pub fn statuses(bytes: &[u8]) -> Option<Vec<EntryStatus>> {
    bytes
        .iter()
        .map(|&b| EntryStatus::ALL.get(b as usize).copied())
        .collect()
}

/// A buffer to transfer, holding a copy of `values` (one memory copy, no loop).
pub fn u8_buffer(values: &[u8]) -> ArrayBuffer {
    Uint8Array::from(values).buffer()
}

/// A buffer to transfer, holding a copy of `values` in the platform's (WebAssembly's:
/// little-endian) byte order.
pub fn u32_buffer(values: &[u32]) -> ArrayBuffer {
    Uint32Array::from(values).buffer()
}

fn i64_buffer(values: &[i64]) -> ArrayBuffer {
    BigInt64Array::from(values).buffer()
}

/// The bytes of a received buffer.
pub fn u8s(buffer: &ArrayBuffer) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}

/// The integers of a [`u32_buffer`]; `None` when its length is not a multiple of 4.
pub fn u32s(buffer: &ArrayBuffer) -> Option<Vec<u32>> {
    buffer
        .byte_length()
        .is_multiple_of(4)
        .then(|| Uint32Array::new(buffer).to_vec())
}

fn i64s(buffer: &ArrayBuffer) -> Option<Vec<i64>> {
    buffer
        .byte_length()
        .is_multiple_of(8)
        .then(|| BigInt64Array::new(buffer).to_vec())
}

/// The per-entry columns as they travel: plain vectors, one buffer each.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ColumnData {
    ids: Vec<i64>,
    /// Unix microseconds, `i64::MIN` when unreadable.
    times: Vec<i64>,
    timestamp_text: Vec<u8>,
    timestamp_ends: Vec<u32>,
    actors: Vec<u32>,
    actions: Vec<u32>,
    event_types: Vec<u32>,
}

impl ColumnData {
    /// The buffers of [`Reply::Read`], in its order.
    pub fn to_buffers(&self) -> Vec<ArrayBuffer> {
        vec![
            i64_buffer(&self.ids),
            i64_buffer(&self.times),
            u8_buffer(&self.timestamp_text),
            u32_buffer(&self.timestamp_ends),
            u32_buffer(&self.actors),
            u32_buffer(&self.actions),
            u32_buffer(&self.event_types),
        ]
    }

    /// The columns of [`ColumnData::to_buffers`]; `None` when one is missing or torn.
    pub fn from_buffers(buffers: &[ArrayBuffer]) -> Option<ColumnData> {
        let [ids, times, text, ends, actors, actions, event_types] = buffers else {
            return None;
        };
        Some(ColumnData {
            ids: i64s(ids)?,
            times: i64s(times)?,
            timestamp_text: u8s(text),
            timestamp_ends: u32s(ends)?,
            actors: u32s(actors)?,
            actions: u32s(actions)?,
            event_types: u32s(event_types)?,
        })
    }
}

/// What the page knows of every entry: enough to draw and filter the table and the
/// timeline. Built from [`Reply::Read`].
#[derive(Debug, Default)]
pub struct Columns {
    /// `entry_id`s, in input order.
    pub ids: Vec<i64>,
    /// Times as Unix microseconds, `None` when unreadable.
    pub times: Vec<Option<i64>>,
    /// All timestamp texts, one after another.
    timestamp_text: String,
    /// Where each timestamp ends in `timestamp_text`.
    timestamp_ends: Vec<u32>,
    /// `actor` column.
    pub actors: Column,
    /// `action` column.
    pub actions: Column,
    /// `event_type` column (legacy rows: the effective `request`).
    pub event_types: Column,
}

impl Columns {
    /// The columns of [`Reply::Read`] for `ledger`, with its meta.
    pub fn encode(ledger: &Ledger, input: InputInfo) -> (LedgerMeta, ColumnData) {
        let n = ledger.rows.len();
        let mut timestamp_text = Vec::new();
        let mut timestamp_ends = Vec::with_capacity(n);
        for row in &ledger.rows {
            timestamp_text.extend_from_slice(row.entry.timestamp.as_bytes());
            timestamp_ends.push(timestamp_text.len() as u32);
        }
        let data = ColumnData {
            ids: ledger.rows.iter().map(|r| r.entry.entry_id).collect(),
            times: ledger.times.iter().map(|t| t.unwrap_or(i64::MIN)).collect(),
            timestamp_text,
            timestamp_ends,
            actors: ledger.actors.of_entry.clone(),
            actions: ledger.actions.of_entry.clone(),
            event_types: ledger.event_types.of_entry.clone(),
        };
        let meta = LedgerMeta {
            input,
            entries: n as u32,
            actors: ledger.actors.values.clone(),
            actions: ledger.actions.values.clone(),
            event_types: ledger.event_types.values.clone(),
        };
        (meta, data)
    }

    /// The columns of [`Columns::encode`].
    ///
    /// # Errors
    /// When a column's length does not match the entry count or an index points past
    /// its values (a worker bug, reported rather than drawn wrong).
    pub fn decode(meta: LedgerMeta, data: ColumnData) -> Result<Columns, String> {
        let n = meta.entries as usize;
        let mismatch = || "a column does not match the entry count".to_owned();
        let column = |values: Vec<String>, of_entry: Vec<u32>| {
            if of_entry.len() != n || of_entry.iter().any(|&i| i as usize >= values.len()) {
                return Err(mismatch());
            }
            Ok(Column::from_parts(values, of_entry))
        };
        let timestamp_text = String::from_utf8(data.timestamp_text)
            .map_err(|_| "timestamps are not UTF-8".to_owned())?;
        let ends = &data.timestamp_ends;
        let ends_ok = ends.len() == n
            && ends.windows(2).all(|w| w[0] <= w[1])
            && ends
                .last()
                .is_none_or(|&e| e as usize == timestamp_text.len())
            && ends
                .iter()
                .all(|&e| timestamp_text.is_char_boundary(e as usize));
        if data.ids.len() != n || data.times.len() != n || !ends_ok {
            return Err(mismatch());
        }
        Ok(Columns {
            ids: data.ids,
            times: data
                .times
                .into_iter()
                .map(|t| (t != i64::MIN).then_some(t))
                .collect(),
            timestamp_text,
            timestamp_ends: data.timestamp_ends,
            actors: column(meta.actors, data.actors)?,
            actions: column(meta.actions, data.actions)?,
            event_types: column(meta.event_types, data.event_types)?,
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The stored timestamp of the entry at `index`.
    pub fn timestamp(&self, index: usize) -> &str {
        let end = self.timestamp_ends[index] as usize;
        let start = index
            .checked_sub(1)
            .map_or(0, |i| self.timestamp_ends[i] as usize);
        &self.timestamp_text[start..end]
    }
}

/// The size of this thread's WebAssembly memory, in bytes: its peak, as WebAssembly
/// memory never shrinks.
pub fn memory_bytes() -> u64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<ArrayBuffer>()
        .byte_length() as u64
}

/// A message object: `json`, and the `buffers` (moved, not copied, when posted with
/// the returned transfer list) and `blob` when given.
pub fn message(
    json: &str,
    buffers: &[ArrayBuffer],
    blob: Option<&web_sys::Blob>,
) -> (Object, Array) {
    let object = Object::new();
    let transfer = Array::new();
    let list = Array::new();
    for buffer in buffers {
        list.push(buffer);
        transfer.push(buffer);
    }
    let _ = Reflect::set(&object, &"json".into(), &JsValue::from_str(json));
    let _ = Reflect::set(&object, &"buffers".into(), &list);
    if let Some(blob) = blob {
        let _ = Reflect::set(&object, &"blob".into(), blob);
    }
    (object, transfer)
}

/// The parts of a message object: its JSON text, its buffers, its blob.
pub fn parts(data: &JsValue) -> (String, Vec<ArrayBuffer>, Option<web_sys::Blob>) {
    let get = |key: &str| Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let json = get("json").as_string().unwrap_or_default();
    let buffers = get("buffers")
        .dyn_into::<Array>()
        .map(|list| {
            list.iter()
                .filter_map(|b| b.dyn_into::<ArrayBuffer>().ok())
                .collect()
        })
        .unwrap_or_default();
    let blob = get("blob").dyn_into::<web_sys::Blob>().ok();
    (json, buffers, blob)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nexuscone_core::input::{Format, Hint};

    #[test]
    fn columns_survive_encoding_entry_for_entry() {
        let ledger = Ledger::read(
            include_bytes!("../../fixtures/ledgers/signed.bundle.json"),
            Hint::None,
        )
        .unwrap();
        let input = InputInfo {
            name: "signed.bundle.json".into(),
            format: Format::Bundle,
            bytes: 1,
            sha256: String::new(),
        };
        let (meta, data) = Columns::encode(&ledger, input);
        let json = serde_json::to_string(&meta).unwrap();
        let columns = Columns::decode(serde_json::from_str(&json).unwrap(), data).unwrap();
        assert_eq!(columns.len(), ledger.rows.len());
        for (i, row) in ledger.rows.iter().enumerate() {
            assert_eq!(columns.ids[i], row.entry.entry_id);
            assert_eq!(columns.timestamp(i), row.entry.timestamp);
            assert_eq!(columns.times[i], ledger.times[i]);
            let actor = columns.actors.of_entry[i] as usize;
            assert_eq!(columns.actors.values[actor], row.entry.actor);
            let event = columns.event_types.of_entry[i] as usize;
            assert_eq!(
                columns.event_types.values[event],
                row.entry.effective_event_type()
            );
        }
    }

    #[test]
    fn a_short_column_is_refused_not_drawn() {
        let ledger = Ledger::read(
            include_bytes!("../../fixtures/ledgers/signed.bundle.json"),
            Hint::None,
        )
        .unwrap();
        let input = InputInfo {
            name: String::new(),
            format: Format::Bundle,
            bytes: 0,
            sha256: String::new(),
        };
        let (meta, data) = Columns::encode(&ledger, input);
        let mut short = data.clone();
        short.actors.truncate(2);
        assert!(Columns::decode(meta.clone(), short).is_err());
        let mut past = data.clone();
        past.actions[0] = meta.actions.len() as u32;
        assert!(Columns::decode(meta.clone(), past).is_err());
        let mut torn = data;
        torn.timestamp_ends[0] += 1000;
        assert!(Columns::decode(meta, torn).is_err());
    }

    #[test]
    fn a_report_crossing_to_the_page_serialises_exactly_as_the_core_wrote_it() {
        use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
        let ledger = Ledger::read(
            include_bytes!("../../fixtures/ledgers/tamper_rewrite_history.bundle.json"),
            Hint::None,
        )
        .unwrap();
        let mut verifier = ChainVerifier::new(VerifyOptions {
            witnesses: ledger.carried.witnesses.clone(),
            attestations: ledger.carried.attestations.clone(),
            ..VerifyOptions::default()
        });
        for row in &ledger.rows {
            verifier.push_row(row);
        }
        let report = verifier.finish();
        assert!(!report.failures.is_empty());
        let written = serde_json::to_string(&Reply::Verified {
            generation: 7,
            meta: Box::new(VerifiedMeta {
                trust_inputs: Vec::new(),
                report,
                keys: KeySource::None,
                failing_entries: vec![(25, FindingKind::WitnessMismatch)],
                millis: 1.5,
                worker_memory: 1 << 20,
                workers: 1,
            }),
        })
        .unwrap();
        let read: Reply = serde_json::from_str(&written).unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), written);
    }

    #[test]
    fn every_status_survives_its_byte() {
        let all = EntryStatus::ALL.to_vec();
        assert_eq!(statuses(&status_bytes(&all)), Some(all));
        assert_eq!(statuses(&[EntryStatus::ALL.len() as u8]), None);
    }
}
