//! Every ledger written by the real Python library gets the verdict the real
//! library gave it, through every input format, and our exports are byte-identical
//! to the rows Python read out of the database.
//!
//! The fixtures directory defaults to `fixtures/ledgers` (frozen, committed); CI
//! also points `NEXUSCONE_FIXTURES_DIR` at a ledger set freshly written by the
//! Python library with a new random seed (`fixtures/live_check.sh`).

mod common;
use common::nexuscone;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

/// Tampers the Python library misses and we catch on purpose, with the finding kind
/// we report. Python's `nexuscone-verify` never looks at witness attestations, and
/// `verify_witness_attestations` never compares them with the entries they attest.
/// Its plain `nexuscone-verify` never looks at anchors (`fixtures/README.md`, "Anchor
/// tampers the library misses"); these anchor tampers we catch with no trust input.
const EXTRA_DETECTIONS: &[(&str, &str)] = &[
    ("tamper_rewrite_history", "witness_mismatch"),
    ("tamper_witness_head", "witness_attestation"),
    ("tamper_witness_sig_bitflip", "witness_attestation"),
    ("tamper_anchor_block_height", "anchor_column"),
    ("tamper_anchor_cut_tail", "anchor_binding"),
    ("tamper_anchor_head_entry_id", "anchor_binding"),
    ("tamper_anchor_head_hash", "anchor_binding"),
    ("tamper_anchor_head_hash_pending", "anchor_binding"),
    ("tamper_anchor_ots_appended", "anchor_proof"),
    ("tamper_anchor_rewrite_resigned", "anchor_binding"),
    ("tamper_anchor_tsa_gen_time", "anchor_column"),
    ("tamper_anchor_tst_sig", "anchor_proof"),
];

/// Anchor tampers only Bitcoin headers reveal: without them we miss them as Python
/// does (the proofs hold as far as they can be checked alone) and report the
/// `anchors_not_checked_against_bitcoin` limit; with `--bitcoin-headers` we report
/// the finding named here.
const HEADER_DETECTIONS: &[(&str, &str)] = &[
    ("tamper_anchor_block_hash", "anchor_column"),
    ("tamper_anchor_ots_path_byte", "anchor_proof"),
    ("tamper_anchor_swap_ots", "anchor_proof"),
];

/// Type tampers (`fixtures/README.md`, "Type tampers"): one entry column of `signed`
/// holding another SQLite storage class, hashes untouched. The real library raises
/// on most of them instead of giving a verdict (`TypeError`, `ValueError`,
/// `OperationalError`: a traceback, exit 1 with no entry named) and misses two:
/// `format_version` 2.5 (`int(2.5)` is 2) and, without keys, a BLOB signature. We
/// report each at its entry: `(ledger, kind in the database, kind in its exports)`.
/// The exports hold what JSON can: a BLOB as hex text (a changed value, so the hash
/// or the signature fails), non-UTF-8 text as lone surrogates (still mistyped).
const TYPE_TAMPERS: &[(&str, &str, &str)] = &[
    ("tamper_type_actor_blob", "field_type", "hash_mismatch"),
    ("tamper_type_actor_not_utf8", "field_type", "field_type"),
    (
        "tamper_type_format_version_real",
        "field_type",
        "field_type",
    ),
    (
        "tamper_type_format_version_text",
        "field_type",
        "field_type",
    ),
    ("tamper_type_signature_blob", "field_type", "bad_signature"),
];

/// Type tampers of the other tables (`fixtures/README.md`, "Type tampers"): one
/// column of a `witnesses` or `witness_attestations` row of `signed` holding another
/// storage class, `entries` untouched. The real library misses two (`verify_chain`
/// never reads these tables; `verify_witness_attestations` reads `int(17.5)` as 17 and
/// never reads a witness's label) and raises on the third (`TypeError`, no row
/// named). We report each at its row: `(ledger, the report member naming the row,
/// kind in the database, kind in the bundle export)`. The bundle holds a BLOB as hex
/// text: a changed `signed_at` fails the attestation's hash; a changed label is
/// covered by nothing, so the bundle has no finding (`None`).
const ROW_TYPE_TAMPERS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "tamper_type_attestation_head_real",
        "attestation_id",
        "field_type",
        Some("field_type"),
    ),
    (
        "tamper_type_attestation_signed_at_blob",
        "attestation_id",
        "field_type",
        Some("witness_attestation"),
    ),
    (
        "tamper_type_witness_label_blob",
        "witness_id",
        "field_type",
        None,
    ),
];

fn is_type_tamper(stem: &str) -> bool {
    TYPE_TAMPERS.iter().any(|(name, _, _)| *name == stem)
        || ROW_TYPE_TAMPERS.iter().any(|(name, ..)| *name == stem)
}

/// Findings that are not `verify_chain`'s: witnesses and anchors.
const NOT_CHAIN_KINDS: &[&str] = &[
    "witness_attestation",
    "witness_mismatch",
    "anchor_binding",
    "anchor_proof",
    "anchor_column",
];

fn fixtures_dir() -> PathBuf {
    match std::env::var_os("NEXUSCONE_FIXTURES_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/ledgers"),
    }
}

/// Every fixture ledger but the type tampers, which
/// `type_tampers_are_findings_at_their_entry_where_python_raises_or_misses` checks.
fn ledgers() -> Vec<(String, Value)> {
    let mut ledgers = all_ledgers();
    ledgers.retain(|(stem, _)| !is_type_tamper(stem));
    ledgers
}

fn all_ledgers() -> Vec<(String, Value)> {
    let dir = fixtures_dir();
    let mut names: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".expected.json")?.to_owned();
            let expected = serde_json::from_slice(&std::fs::read(dir.join(&name)).ok()?).ok()?;
            Some((stem, expected))
        })
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        names.len() >= 20,
        "expected the fixture set in {}, found {} ledgers",
        dir.display(),
        names.len()
    );
    names
}

fn path(stem: &str, ext: &str) -> String {
    fixtures_dir()
        .join(format!("{stem}.{ext}"))
        .to_string_lossy()
        .into_owned()
}

fn report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not a JSON report ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn extra_detection(stem: &str) -> Option<&'static str> {
    EXTRA_DETECTIONS
        .iter()
        .find(|(name, _)| *name == stem)
        .map(|(_, kind)| *kind)
}

/// Our first failure among entry checks only (witness and anchor findings set aside).
fn first_chain_failure(report: &Value) -> Option<&Value> {
    report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| !NOT_CHAIN_KINDS.contains(&f["kind"].as_str().unwrap()))
}

#[test]
fn cli_without_keys_exits_and_prints_as_python_nexuscone_verify() {
    let mut checked = 0;
    for (stem, expected) in ledgers() {
        let python = &expected["cli"];
        let ours = nexuscone(&["verify", &path(&stem, "sqlite")]);
        let code = ours.status.code().unwrap();
        let stdout = String::from_utf8_lossy(&ours.stdout);
        let stderr = String::from_utf8_lossy(&ours.stderr);
        if let Some(kind) = extra_detection(&stem) {
            assert_eq!(
                python["exit"], 0,
                "{stem}: Python was expected to miss this tamper"
            );
            assert_eq!(
                code, 1,
                "{stem}: we must catch the {kind} Python misses; stderr: {stderr}"
            );
            continue;
        }
        assert_eq!(
            i64::from(code),
            python["exit"].as_i64().unwrap(),
            "{stem}: exit code; stderr: {stderr}"
        );
        if code == 0 {
            assert_eq!(stdout, python["stdout"].as_str().unwrap(), "{stem}: stdout");
        } else {
            let python_first = python["stderr"].as_str().unwrap().lines().next().unwrap();
            assert_eq!(
                stderr.lines().next().unwrap(),
                python_first,
                "{stem}: first failure line"
            );
        }
        checked += 1;
    }
    println!("{checked} ledgers agree with nexuscone-verify");
}

fn assert_agrees_with_verify_chain(stem: &str, expected: &Value, report: &Value, format: &str) {
    let python = &expected["verify_chain"];
    let ours = first_chain_failure(report);
    if python["ok"].as_bool().unwrap() {
        assert!(
            ours.is_none(),
            "{stem} ({format}): Python verify_chain accepts it, we report {ours:?}"
        );
        assert_eq!(
            report["entries"], python["count"],
            "{stem} ({format}): entry count"
        );
        return;
    }
    let ours = ours.unwrap_or_else(|| {
        panic!("{stem} ({format}): Python rejects it ({python}), we found nothing")
    });
    if python["error_type"] == "ChainVerificationError" {
        let message = ours["message"].as_str().unwrap();
        let python_message = python["message"].as_str().unwrap();
        // An unknown key fails in Python with the same words; we add why.
        assert!(
            message == python_message || message.starts_with(&format!("{python_message} (")),
            "{stem} ({format}): first failure\n ours:   {message}\n python: {python_message}"
        );
        assert_eq!(
            ours["entry_id"], python["entry_id"],
            "{stem} ({format}): failing entry"
        );
    } else {
        // Python crashed (e.g. ValueError on malformed signature hex): we must still
        // fail, with a located signature finding.
        assert_eq!(ours["kind"], "bad_signature", "{stem} ({format}): {ours}");
        assert!(
            ours["entry_id"].is_i64(),
            "{stem} ({format}): the finding names the entry"
        );
    }
}

fn assert_agrees_with_verify_witnesses(stem: &str, expected: &Value, report: &Value, format: &str) {
    let python = &expected["witnesses"];
    let ours: Vec<&Value> = report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "witness_attestation")
        .collect();
    if python["ok"].as_bool().unwrap() {
        assert!(
            ours.is_empty(),
            "{stem} ({format}): Python accepts the attestations, we report {ours:?}"
        );
    } else {
        let first = ours.first().unwrap_or_else(|| {
            panic!("{stem} ({format}): Python rejects an attestation: {python}")
        });
        assert_eq!(
            first["message"], python["message"],
            "{stem} ({format}): first witness failure"
        );
    }
}

#[test]
fn every_format_with_keys_agrees_with_python_verify_chain_and_witnesses() {
    let keys = path("keys", "json");
    let mut checked = 0;
    for (stem, expected) in ledgers() {
        for format in ["sqlite", "jsonl", "bundle.json"] {
            let ours = nexuscone(&["verify", &path(&stem, format), "--keys", &keys, "--json"]);
            let code = ours.status.code().unwrap();
            assert!(
                code == 0 || code == 1,
                "{stem} ({format}): exit {code}: {}",
                String::from_utf8_lossy(&ours.stderr)
            );
            let report = report(&ours);
            assert_eq!(
                report["valid"].as_bool().unwrap(),
                code == 0,
                "{stem} ({format}): exit code agrees with report"
            );
            assert_agrees_with_verify_chain(&stem, &expected, &report, format);
            if format != "jsonl" {
                assert_agrees_with_verify_witnesses(&stem, &expected, &report, format);
            }
            let python_all_ok =
                expected["verify_chain"]["ok"] == true && expected["witnesses"]["ok"] == true;
            match extra_detection(&stem) {
                Some(kind) if format != "jsonl" => {
                    assert!(
                        report["failures"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|f| f["kind"] == kind),
                        "{stem} ({format}): expected a {kind} finding"
                    );
                }
                _ if format != "jsonl" => assert_eq!(
                    code == 0,
                    python_all_ok,
                    "{stem} ({format}): overall verdict"
                ),
                _ => {}
            }
            checked += 1;
        }
    }
    println!("{checked} ledger files agree with verify_chain and verify_witness_attestations");
}

/// The anchored family: `anchored` and every `tamper_anchor_*`.
fn anchored_ledgers() -> Vec<(String, Value)> {
    let anchored: Vec<_> = ledgers()
        .into_iter()
        .filter(|(stem, _)| stem == "anchored" || stem.starts_with("tamper_anchor_"))
        .collect();
    assert_eq!(anchored.len(), 13, "anchored and its 12 tampers");
    anchored
}

/// `verify LEDGER --json` with the ledger's own Bitcoin headers and TSA roots.
fn verify_anchored(stem: &str, format: &str, json: bool) -> Output {
    let (ledger, headers, roots) = (
        path(stem, format),
        path(stem, "bitcoin-headers"),
        path(stem, "tsa-roots.pem"),
    );
    let mut args = vec![
        "verify",
        &ledger,
        "--bitcoin-headers",
        &headers,
        "--tsa-roots",
        &roots,
    ];
    if json {
        args.push("--json");
    }
    nexuscone(&args)
}

/// The anchors a tamper hit (`manifest.json` `anchor_tampers`).
fn tampered_anchors(stem: &str) -> Vec<Value> {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(fixtures_dir().join("manifest.json")).unwrap())
            .unwrap();
    manifest["anchor_tampers"][stem]["anchors"]
        .as_array()
        .unwrap_or_else(|| panic!("{stem}: not in the manifest's anchor_tampers"))
        .clone()
}

#[test]
fn honest_anchored_ledger_verifies_its_anchors_with_headers_and_roots() {
    let python = &ledgers()
        .into_iter()
        .find(|(stem, _)| stem == "anchored")
        .unwrap()
        .1["cli"];
    let plain = verify_anchored("anchored", "sqlite", false);
    assert_eq!(
        plain.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&plain.stdout),
        python["stdout"].as_str().unwrap()
    );
    for format in ["sqlite", "bundle.json"] {
        let report = report(&verify_anchored("anchored", format, true));
        assert_eq!(report["valid"], true, "{format}: {}", report["failures"]);
        let anchors = report["anchors"].as_array().unwrap();
        assert_eq!(anchors.len(), 5, "{format}");
        for anchor in anchors {
            assert_eq!(anchor["binding"], "bound", "{format}: {anchor}");
            let head = anchor["chain_head_entry_id"].as_i64().unwrap();
            if anchor["anchor_id"] == 5 {
                // OpenTimestamps pending, no token: nothing proves a time offline.
                assert_eq!(anchor["status"], "pending", "{format}: {anchor}");
                assert!(anchor["covers"].is_null());
                continue;
            }
            assert_eq!(anchor["status"], "verified", "{format}: {anchor}");
            assert_eq!(anchor["tst"]["status"], "verified", "{format}: {anchor}");
            let covers = anchor["covers"]["message"].as_str().unwrap();
            assert!(
                covers.starts_with(&format!("entries 1..{head} existed by ")),
                "{covers}"
            );
        }
        let limits: Vec<&str> = report["limits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["kind"].as_str().unwrap())
            .collect();
        assert!(limits.contains(&"anchors_pending") && limits.contains(&"anchors_test_difficulty"));
        assert!(!limits.iter().any(|l| *l == "anchors_not_verified"
            || *l == "anchors_not_checked_against_bitcoin"
            || *l == "anchors_tsa_signer_not_checked"));
    }
}

#[test]
fn every_anchor_tamper_is_caught_at_its_anchor_with_headers_and_roots() {
    for (stem, _) in anchored_ledgers()
        .into_iter()
        .filter(|(s, _)| s != "anchored")
    {
        let kind = extra_detection(&stem)
            .or_else(|| {
                HEADER_DETECTIONS
                    .iter()
                    .find(|(n, _)| *n == stem)
                    .map(|(_, k)| *k)
            })
            .unwrap_or_else(|| panic!("{stem}: no expected finding listed"));
        let hit = tampered_anchors(&stem);
        for format in ["sqlite", "bundle.json"] {
            let output = verify_anchored(&stem, format, true);
            assert_eq!(output.status.code(), Some(1), "{stem} ({format})");
            let report = report(&output);
            let found = report["failures"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["kind"] == kind && hit.contains(&f["anchor_id"]));
            assert!(
                found,
                "{stem} ({format}): expected {kind} at anchors {hit:?}: {}",
                report["failures"]
            );
        }
    }
}

#[test]
fn header_only_anchor_tampers_pass_without_headers_and_say_what_was_not_checked() {
    for (stem, kind) in HEADER_DETECTIONS {
        let output = nexuscone(&["verify", &path(stem, "sqlite"), "--json"]);
        let report = report(&output);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{stem}: missed, as Python misses it"
        );
        let limit = report["limits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["kind"] == "anchors_not_checked_against_bitcoin")
            .unwrap_or_else(|| panic!("{stem}: the limit that hides the {kind}"));
        for anchor in tampered_anchors(stem) {
            assert!(
                limit["message"]
                    .as_str()
                    .unwrap()
                    .contains(&anchor.to_string()),
                "{limit}"
            );
        }
    }
}

/// Exports `stem`'s database to `out` with `extra` arguments and requires the bytes
/// of the Python-written `python_file`.
fn assert_export_matches(stem: &str, out: &Path, extra: &[&str], python_file: &str) {
    let ledger = path(stem, "sqlite");
    let mut args = vec![
        "export",
        ledger.as_str(),
        "--to",
        out.to_str().unwrap(),
        "--force",
    ];
    args.extend_from_slice(extra);
    let ours = nexuscone(&args);
    assert!(
        ours.status.success(),
        "{stem}: {}",
        String::from_utf8_lossy(&ours.stderr)
    );
    assert!(
        std::fs::read(out).unwrap() == std::fs::read(path(stem, python_file)).unwrap(),
        "{stem}: {python_file} export differs"
    );
}

#[test]
fn export_writes_the_bytes_python_read_from_the_database() {
    let out_dir = std::env::temp_dir().join(format!("nexuscone-export-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    for (stem, _) in ledgers() {
        assert_export_matches(&stem, &out_dir.join(format!("{stem}.jsonl")), &[], "jsonl");

        let python_bundle: Value =
            serde_json::from_slice(&std::fs::read(path(&stem, "bundle.json")).unwrap()).unwrap();
        let keys_file = out_dir.join("keys.json");
        std::fs::write(&keys_file, python_bundle["public_keys"].to_string()).unwrap();
        let bundle = out_dir.join(format!("{stem}.json"));
        assert_export_matches(
            &stem,
            &bundle,
            &["--keys", keys_file.to_str().unwrap()],
            "bundle.json",
        );
    }
    std::fs::remove_dir_all(&out_dir).unwrap();
}

/// Anchor-mode runs where our checks fail an anchor the library passes (or fails for
/// another reason): `(ledger, mode)`. Every other run prints what the library printed.
const STRICTER_ANCHOR_MODES: &[(&str, &str)] = &[
    ("tamper_anchor_cut_tail", "check_anchors"),
    ("tamper_anchor_cut_tail", "check_tst"),
    ("tamper_anchor_head_entry_id", "check_anchors"),
    ("tamper_anchor_head_entry_id", "check_tst"),
    ("tamper_anchor_head_hash", "check_anchors"),
    // The library fails it on the imprint; we name the binding first.
    ("tamper_anchor_head_hash", "check_tst"),
    ("tamper_anchor_head_hash_pending", "check_anchors"),
    ("tamper_anchor_ots_appended", "check_anchors"),
    ("tamper_anchor_rewrite_resigned", "check_anchors"),
    ("tamper_anchor_rewrite_resigned", "check_tst"),
    ("tamper_anchor_tsa_gen_time", "check_tst"),
    ("tamper_anchor_tst_sig", "check_tst"),
];

fn nexuscone_verify(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_nexuscone-verify"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn anchor_modes_print_what_nexuscone_verify_printed_and_fail_where_we_are_stricter() {
    for (stem, expected) in anchored_ledgers() {
        let cli = &expected["anchor_cli"];
        let ledger = path(&stem, "sqlite");
        let mut runs = vec![
            (
                "check_anchors",
                vec!["--check-anchors"],
                &cli["check_anchors"],
            ),
            ("check_tst", vec!["--check-tst"], &cli["check_tst"]),
        ];
        for (id, python) in cli["print_anchor"].as_object().unwrap() {
            runs.push(("print_anchor", vec!["--print-anchor", id.as_str()], python));
        }
        for (mode, flags, python) in runs {
            let mut args = vec![ledger.as_str()];
            args.extend(flags);
            let ours = nexuscone_verify(&args);
            let (stdout, stderr) = (
                String::from_utf8_lossy(&ours.stdout),
                String::from_utf8_lossy(&ours.stderr),
            );
            if STRICTER_ANCHOR_MODES.contains(&(stem.as_str(), mode)) {
                assert_eq!(ours.status.code(), Some(1), "{stem} {mode}: {stderr}");
                let named = tampered_anchors(&stem)
                    .iter()
                    .any(|id| stderr.contains(&format!("FAILED anchor_id={id}: ")));
                assert!(
                    named,
                    "{stem} {mode}: a FAILED line at a tampered anchor: {stderr}"
                );
                continue;
            }
            assert_eq!(
                i64::from(ours.status.code().unwrap()),
                python["exit"],
                "{stem} {args:?}: {stderr}"
            );
            assert_eq!(
                stdout,
                python["stdout"].as_str().unwrap(),
                "{stem} {args:?}"
            );
            assert_eq!(
                stderr,
                python["stderr"].as_str().unwrap(),
                "{stem} {args:?}"
            );
        }
    }
}

#[test]
fn upgrade_pending_is_refused_because_it_needs_the_network() {
    let ours = nexuscone_verify(&[&path("anchored", "sqlite"), "--upgrade-pending"]);
    assert_eq!(ours.status.code(), Some(2));
    assert!(ours.stdout.is_empty());
    assert!(String::from_utf8_lossy(&ours.stderr).contains("network"));
}

/// The row a tamper of another table hit, from its description (`witness 2: ...`).
fn tampered_row(expected: &Value) -> i64 {
    let tamper = expected["tamper"].as_str().unwrap();
    let id = tamper.split(':').next().and_then(|t| t.split(' ').nth(1));
    id.and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no row in {tamper:?}"))
}

#[test]
fn row_type_tampers_are_findings_at_their_row_where_python_raises_or_misses() {
    let all = all_ledgers();
    let keys = path("keys", "json");
    for (stem, member, database_kind, bundle_kind) in ROW_TYPE_TAMPERS {
        let (_, expected) = all
            .iter()
            .find(|(name, _)| name == stem)
            .unwrap_or_else(|| panic!("{stem}: not among the fixtures"));
        assert_eq!(
            expected["verify_chain"]["ok"], true,
            "{stem}: entries untouched"
        );
        let witnesses = &expected["witnesses"];
        assert!(
            witnesses["ok"] == true || witnesses["error_type"] != "WitnessVerificationError",
            "{stem}: the library was expected to raise or miss it: {witnesses}"
        );
        let row = tampered_row(expected);
        for (format, kind) in [
            ("sqlite", Some(database_kind)),
            ("bundle.json", bundle_kind.as_ref()),
        ] {
            let ours = nexuscone(&["verify", &path(stem, format), "--keys", &keys, "--json"]);
            let report = report(&ours);
            let failures = report["failures"].as_array().unwrap();
            let Some(kind) = kind else {
                assert_eq!(
                    ours.status.code(),
                    Some(0),
                    "{stem} ({format}): {failures:?}"
                );
                continue;
            };
            assert_eq!(ours.status.code(), Some(1), "{stem} ({format})");
            let first = &failures[0];
            assert_eq!(
                (
                    first[*member].as_i64(),
                    first["kind"].as_str(),
                    first["entry_id"].as_i64()
                ),
                (Some(row), Some(*kind), None),
                "{stem} ({format}): {first}"
            );
        }
        // The JSONL export holds the entries alone: nothing of the tamper is in it.
        let jsonl = nexuscone(&["verify", &path(stem, "jsonl"), "--keys", &keys]);
        assert_eq!(jsonl.status.code(), Some(0), "{stem} (jsonl)");
    }
}

/// The entry a tamper hit, from its description (`entry 51: ...`).
fn tampered_entry(expected: &Value) -> i64 {
    let tamper = expected["tamper"].as_str().unwrap();
    let id = tamper
        .strip_prefix("entry ")
        .and_then(|t| t.split(':').next());
    id.and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no entry in {tamper:?}"))
}

#[test]
fn type_tampers_are_findings_at_their_entry_where_python_raises_or_misses() {
    let all = all_ledgers();
    let keys = path("keys", "json");
    for (stem, database_kind, export_kind) in TYPE_TAMPERS {
        let (_, expected) = all
            .iter()
            .find(|(name, _)| name == stem)
            .unwrap_or_else(|| panic!("{stem}: not among the fixtures"));
        let chain = &expected["verify_chain"];
        assert!(
            chain["ok"] == true || chain["error_type"] != "ChainVerificationError",
            "{stem}: the library was expected to raise or miss it: {chain}"
        );
        let entry = tampered_entry(expected);
        for (format, kind) in [
            ("sqlite", database_kind),
            ("jsonl", export_kind),
            ("bundle.json", export_kind),
        ] {
            let ours = nexuscone(&["verify", &path(stem, format), "--keys", &keys, "--json"]);
            assert_eq!(ours.status.code(), Some(1), "{stem} ({format})");
            let first = first_chain_failure(&report(&ours)).cloned();
            let first = first.unwrap_or_else(|| panic!("{stem} ({format}): no finding"));
            assert_eq!(
                (first["entry_id"].as_i64(), first["kind"].as_str()),
                (Some(entry), Some(*kind)),
                "{stem} ({format}): {first}"
            );
        }
        let without_keys = nexuscone(&["verify", &path(stem, "sqlite")]);
        assert_eq!(without_keys.status.code(), Some(1), "{stem}: without keys");
        let out =
            std::env::temp_dir().join(format!("nexuscone-{stem}-{}.jsonl", std::process::id()));
        let export = nexuscone(&[
            "export",
            &path(stem, "sqlite"),
            "--to",
            out.to_str().unwrap(),
            "--force",
        ]);
        let stderr = String::from_utf8_lossy(&export.stderr);
        assert_eq!(export.status.code(), Some(2), "{stem}: export: {stderr}");
        assert!(
            stderr.contains(&format!("entry {entry} ")),
            "{stem}: export: {stderr}"
        );
        assert!(!out.exists(), "{stem}: no export written");
    }
}
