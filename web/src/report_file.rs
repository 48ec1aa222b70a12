//! The downloadable verification report: the core report plus what it was run on:
//! the assurance level first, when (UTC, the page's clock), by which tool, the input's
//! SHA-256, every trust input with its SHA-256, and the failures in plain words.

use serde_json::{json, Value};

use crate::input::InputInfo;
use crate::protocol::KeySource;
use crate::session::Verification;

/// The viewer's version, written into every report.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The report document as pretty JSON.
pub fn build(input: &InputInfo, verification: &Verification) -> String {
    let trust_anchors = match &verification.keys {
        KeySource::Trusted(trust) => json!({
            "signing_keys": trust.signing_keys,
            "source": trust.source,
            "self_asserted": false,
        }),
        KeySource::Ledger(keys) => json!({
            "signing_keys": keys,
            "source": "the ledger's own public_keys",
            "self_asserted": true,
        }),
        KeySource::None => json!({
            "signing_keys": {},
            "source": "none supplied",
            "self_asserted": false,
        }),
    };
    let checkpoint = verification.checkpoint.as_ref().map(|c| {
        json!({
            "origin": c.checkpoint.origin,
            "size": c.checkpoint.size,
            "root": c.checkpoint.root.to_hex(),
            "verifier_keys": c.vkeys,
            "signed_by": c.signed_by,
        })
    });
    let report = &verification.report;
    let failures_plain: Vec<String> = report
        .failures
        .iter()
        .map(|f| crate::plain::finding(f, report.last_entry_id))
        .collect();
    let document = json!({
        "assurance": report.assurance,
        "verified_at": verification.verified_at,
        "tool": {"name": "nexuscone-web", "version": TOOL_VERSION},
        "input": {
            "name": input.name,
            "format": input.format.as_str(),
            "bytes": input.bytes,
            "sha256": input.sha256,
        },
        "trust_inputs": verification.trust_inputs,
        "trust_anchors": trust_anchors,
        "witness_keys": verification.witness.as_ref().map(|w| json!({
            "keys": w.keys,
            "source": w.source,
        })),
        "failures_plain": failures_plain,
        "checkpoint": checkpoint,
        "report": serde_json::to_value(&verification.report).unwrap_or(Value::Null),
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
