//! `nexuscone anchors DB --check-anchors | --check-tst | --print-anchor N |
//! --upgrade-pending` (also `nexuscone-verify DB --check-anchors` ...): the real
//! `nexuscone-verify` anchor modes, printed as it prints them on honest ledgers
//! (`fixtures/README.md`, "Output details the Rust CLI must reproduce"), and failing
//! (exit 1) wherever the core's anchor checks ([`nexuscone_core::anchor`]) find a
//! problem the library misses. Only the printing is here.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use nexuscone_core::anchor::{AnchorRow, AnchorSummary, Problem, Track};
use nexuscone_core::export::Row;
use nexuscone_core::input::{Carried, Format, Sink, TrustKind};

use crate::{commands, ledger, InputError};

/// Arguments of `nexuscone anchors`.
#[derive(Args)]
#[command(group = clap::ArgGroup::new("mode").required(true).args(["check_anchors", "check_tst", "print_anchor", "upgrade_pending"]))]
pub struct AnchorsArgs {
    /// The ledger database.
    path: PathBuf,
    /// List anchors: confirmed OpenTimestamps proofs checked, pending ones listed.
    #[arg(long)]
    check_anchors: bool,
    /// Check each RFC 3161 time-stamp token.
    #[arg(long)]
    check_tst: bool,
    /// Print one anchor row.
    #[arg(long, value_name = "N")]
    print_anchor: Option<i64>,
    /// Not offered: upgrading pending proofs needs the calendars (the network).
    #[arg(long)]
    upgrade_pending: bool,
    /// Bitcoin block headers to check OpenTimestamps proofs against.
    #[arg(long)]
    bitcoin_headers: Option<PathBuf>,
    /// TSA root certificates (PEM) to check time-stamp tokens against.
    #[arg(long)]
    tsa_roots: Option<PathBuf>,
}

/// Keeps what a ledger carries; skips its entries.
#[derive(Default)]
struct CarriedOnly(Carried);

impl Sink for CarriedOnly {
    type Error = nexuscone_core::input::InputError;
    fn begin(&mut self, _: Format, carried: Carried) -> Result<(), Self::Error> {
        self.0 = carried;
        Ok(())
    }
    fn row(&mut self, _: &Row) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// `nexuscone anchors`.
pub fn anchors(args: &AnchorsArgs) -> Result<ExitCode, InputError> {
    if args.upgrade_pending {
        eprintln!("FAIL · --upgrade-pending asks the OpenTimestamps calendars for upgraded proofs over the network; this verifier works offline and does not offer it (run the Python nexuscone-verify --upgrade-pending, then verify the database here)");
        return Ok(ExitCode::from(2));
    }
    let mut carried = CarriedOnly::default();
    ledger::read(&args.path, &mut carried)?;
    let rows: Vec<AnchorRow> = carried.0.anchor_rows().collect();
    if let Some(id) = args.print_anchor {
        return Ok(print_anchor(&rows, id));
    }
    let summaries = verify(&args.path, args)?.anchors;
    let pairs = rows.iter().zip(&summaries);
    let failed = if args.check_anchors {
        check_anchors(pairs)
    } else {
        check_tst(pairs)
    };
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The report, with the trust inputs given.
fn verify(path: &Path, args: &AnchorsArgs) -> Result<nexuscone_core::report::Report, InputError> {
    let mut trust = commands::read_trust(None, None, &[], None)?;
    for (kind, file) in [
        (TrustKind::BitcoinHeaders, &args.bitcoin_headers),
        (TrustKind::TsaRoots, &args.tsa_roots),
    ] {
        if let Some(file) = file {
            let bytes = std::fs::read(file)
                .map_err(|e| InputError::io(format!("{}: cannot read: {e}", file.display())))?;
            trust.add(kind, &bytes, &file.display().to_string())?;
        }
    }
    ledger::verify(path, trust)
}

/// `--check-anchors`; true when an anchor failed.
fn check_anchors<'a>(pairs: impl Iterator<Item = (&'a AnchorRow, &'a AnchorSummary)>) -> bool {
    let (mut confirmed, mut pending, mut failed) = (0, 0, 0);
    for (row, summary) in pairs {
        let problems: Vec<&Problem> = summary
            .binding_problem
            .iter()
            .chain(summary.ots.iter().flat_map(|t: &Track| &t.problems))
            .collect();
        if let Some(problem) = problems.first() {
            print_failed(row, problem);
            failed += 1;
        } else if row.confirmed_at.is_some() && row.ots_proof.is_some() {
            let height = row
                .bitcoin_block_height
                .map_or("None".to_owned(), |h| h.to_string());
            println!(
                "VERIFIED chain_head={}... bitcoin_block={height}",
                head_short(row)
            );
            confirmed += 1;
        } else {
            let calendars = calendars(row);
            let calendars = if calendars.is_empty() {
                "(none)".to_owned()
            } else {
                calendars.join(", ")
            };
            let submitted = row
                .submitted_at
                .as_deref()
                .map_or("None".to_owned(), isoformat);
            println!(
                "PENDING  chain_head={}... submitted={submitted} calendars={calendars}",
                head_short(row)
            );
            pending += 1;
        }
    }
    println!("\nSummary: {confirmed} confirmed, {pending} pending, {failed} failed");
    failed > 0
}

/// `--check-tst`; true when an anchor failed.
fn check_tst<'a>(pairs: impl Iterator<Item = (&'a AnchorRow, &'a AnchorSummary)>) -> bool {
    let (mut verified, mut failed, mut skipped) = (0, 0, 0);
    for (row, summary) in pairs {
        let Some(track) = &summary.tst else {
            skipped += 1;
            continue;
        };
        if let Some(problem) = summary.binding_problem.iter().chain(&track.problems).next() {
            print_failed(row, problem);
            failed += 1;
            continue;
        }
        // The track passed, so the column is the token's genTime at whole seconds.
        let gen_time = row
            .tsa_gen_time
            .as_deref()
            .map_or("None".to_owned(), isoformat);
        let tsa = row
            .tsa_url
            .as_deref()
            .filter(|u| !u.is_empty())
            .unwrap_or("(unknown)");
        println!(
            "VERIFIED chain_head={}... tsa={tsa} gen_time={gen_time}",
            head_short(row)
        );
        verified += 1;
    }
    println!("\nSummary: {verified} verified, {failed} failed, {skipped} without TST");
    failed > 0
}

fn print_failed(row: &AnchorRow, problem: &Problem) {
    let prefix = format!("anchor {}: ", row.anchor_id);
    let message = problem
        .message
        .strip_prefix(&prefix)
        .unwrap_or(&problem.message);
    eprintln!("FAILED anchor_id={}: {message}", row.anchor_id);
}

/// `--print-anchor N`: the row, names padded as the library pads them.
fn print_anchor(rows: &[AnchorRow], id: i64) -> ExitCode {
    let Some(row) = rows.iter().find(|r| r.anchor_id == id) else {
        eprintln!("FAIL · 'No anchor with anchor_id={id}'");
        return ExitCode::from(1);
    };
    let none = || "None".to_owned();
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(none);
    let fields = [
        ("anchor_id", row.anchor_id.to_string()),
        ("chain_head_hash", row.chain_head_hash.clone()),
        (
            "chain_head_entry_id",
            row.chain_head_entry_id.map_or_else(none, |i| i.to_string()),
        ),
        (
            "submitted_at",
            row.submitted_at.as_deref().map_or_else(none, isoformat),
        ),
        ("calendar_servers", python_list(&calendars(row))),
        (
            "confirmed_at",
            row.confirmed_at.as_deref().map_or_else(none, isoformat),
        ),
        (
            "bitcoin_block_height",
            row.bitcoin_block_height
                .map_or_else(none, |h| h.to_string()),
        ),
        ("bitcoin_block_hash", opt(&row.bitcoin_block_hash)),
        (
            "ots_proof_blob_bytes",
            row.ots_proof.as_ref().map_or(0, Vec::len).to_string(),
        ),
        (
            "tst_blob_bytes",
            row.tst.as_ref().map_or(0, Vec::len).to_string(),
        ),
        ("tsa_url", opt(&row.tsa_url)),
        (
            "tsa_gen_time",
            row.tsa_gen_time
                .as_deref()
                .map_or_else(none, |t| isoformat(t).replacen('T', " ", 1)),
        ),
    ];
    for (name, value) in fields {
        println!("{name:<20} : {value}");
    }
    ExitCode::SUCCESS
}

fn head_short(row: &AnchorRow) -> &str {
    row.chain_head_hash
        .get(..16)
        .unwrap_or(&row.chain_head_hash)
}

/// The `calendar_servers` JSON list.
fn calendars(row: &AnchorRow) -> Vec<String> {
    row.calendar_servers
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default()
}

/// Python's `datetime.isoformat()` of a stored `%Y-%m-%dT%H:%M:%S.%fZ` time: UTC as
/// `+00:00`, the fraction left out when it is zero.
fn isoformat(stored: &str) -> String {
    let body = stored.strip_suffix('Z').unwrap_or(stored);
    let body = match body.split_once('.') {
        Some((whole, fraction)) if fraction.bytes().all(|b| b == b'0') => whole,
        _ => body,
    };
    format!("{body}+00:00")
}

/// Python's `repr` of a list of strings (quotes as `repr` picks them).
fn python_list(items: &[String]) -> String {
    let repr = |s: &String| {
        if s.contains('\'') && !s.contains('"') {
            format!("\"{s}\"")
        } else {
            format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
        }
    };
    format!(
        "[{}]",
        items.iter().map(repr).collect::<Vec<_>>().join(", ")
    )
}
