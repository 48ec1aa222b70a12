//! The conformance table of issue 10 (`fixtures/conformance/table.json`) through the
//! CLI: every case's input and trust files go to `nexuscone verify --json`, and the
//! table's one judge (`fixtures/conformance/conformance.mjs`, shared with the npm and
//! viewer runners) normalises the answers and compares them with the table. How the
//! CLI is fed and how its answer is read is in `fixtures/conformance/README.md`.
//!
//! Needs Node (18+) on the PATH, or its path in `NODE`: the table's inputs are built
//! from the committed fixtures at test time by the same generator every runner uses.

mod common;
use common::{nexuscone, s};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Deserialize;
use serde_json::{json, Map, Value};

/// One case as the generator resolved it (`cases.json`); the rest of its fields are
/// the judge's.
#[derive(Deserialize)]
struct Case {
    id: String,
    input: PathBuf,
    trust: TrustFiles,
}

/// The trust inputs of a case, as files (absent: not supplied).
#[derive(Deserialize)]
struct TrustFiles {
    keys: Option<PathBuf>,
    witness_keys: Option<PathBuf>,
    checkpoint: Option<PathBuf>,
    vkey: Option<PathBuf>,
    bitcoin_headers: Option<PathBuf>,
    tsa_roots: Option<PathBuf>,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/conformance/conformance.mjs")
}

fn node(args: &[&str]) -> Output {
    let node = std::env::var_os("NODE").unwrap_or_else(|| "node".into());
    Command::new(&node)
        .arg(script())
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("run {node:?} (Node 18+ is needed for the conformance table): {e}")
        })
}

/// `verify INPUT --json` with the case's trust files as the CLI takes them: key,
/// header and root files by path, the verifier key as text (as `--vkey "$(cat FILE)"`
/// passes it).
fn verify_args(case: &Case) -> Vec<String> {
    let mut args = vec!["verify".into(), s(&case.input).into(), "--json".into()];
    let trust = &case.trust;
    for (flag, file) in [
        ("--keys", &trust.keys),
        ("--witness-keys", &trust.witness_keys),
        ("--bitcoin-headers", &trust.bitcoin_headers),
        ("--tsa-roots", &trust.tsa_roots),
    ] {
        if let Some(file) = file {
            args.extend([flag.into(), s(file).into()]);
        }
    }
    if let Some(note) = &trust.checkpoint {
        args.extend(["--checkpoint".into(), s(note).into()]);
    }
    if let Some(vkey) = &trust.vkey {
        let text = std::fs::read_to_string(vkey).unwrap();
        args.extend(["--vkey".into(), text.trim_end_matches(['\n', '\r']).into()]);
    }
    args
}

fn answer(output: &Output) -> Value {
    json!({
        "exit": output.status.code(),
        "stdout": String::from_utf8_lossy(&output.stdout),
        "stderr": String::from_utf8_lossy(&output.stderr),
    })
}

#[test]
fn every_conformance_case_gets_the_tables_outcome_through_the_cli() {
    let dir = common::scratch("conformance", "cli");
    let generated = node(&["generate", s(&dir)]);
    assert!(
        generated.status.success(),
        "generator: {}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let cases: Vec<Case> =
        serde_json::from_slice(&std::fs::read(dir.join("cases.json")).unwrap()).unwrap();
    let mut answers = Map::new();
    for case in &cases {
        let args = verify_args(case);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        answers.insert(case.id.clone(), answer(&nexuscone(&args)));
    }
    let results = dir.join("cli.json");
    std::fs::write(&results, Value::Object(answers).to_string()).unwrap();
    let judged = node(&["judge", "cli", s(&results)]);
    let report = String::from_utf8_lossy(&judged.stdout);
    println!("{report}");
    assert!(
        judged.status.success(),
        "the CLI disagrees with the conformance table:\n{report}{}",
        String::from_utf8_lossy(&judged.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
