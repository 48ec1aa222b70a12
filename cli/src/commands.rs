//! The subcommands.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use nexuscone_core::anchor::standalone::check_ots_file;
use nexuscone_core::command::{self, Printed};
use nexuscone_core::export::bundle::Bundle;
use nexuscone_core::export::{jsonl, Row};

use nexuscone_core::input::{
    ErrorDocument, ErrorKind, Format, LocatedError, Trust, TrustError, TrustKind,
};
use nexuscone_core::mistyped::Mistyped;

use crate::ledger;
use crate::sqlite::Database;
use crate::InputError;

/// Arguments of `nexuscone verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// The ledger: a Nexuscone .sqlite/.db database, a .jsonl export or a bundle .json;
    /// or a disclosure bundle .json (checked with --vkey and optionally --keys).
    path: PathBuf,
    /// Entry-signing public keys: a JSON object mapping key id to hex public key.
    #[arg(long)]
    keys: Option<PathBuf>,
    /// Trusted witness public keys: a JSON object mapping witness label to hex key.
    #[arg(long)]
    witness_keys: Option<PathBuf>,
    /// Fail on any entry without a verified signature.
    #[arg(long)]
    require_signatures: bool,
    /// Print the full report as one JSON object on stdout.
    #[arg(long)]
    json: bool,
    /// A signed checkpoint note (C2SP tlog-checkpoint): the ledger must hold at least
    /// its tree size with the same Merkle root.
    #[arg(long)]
    checkpoint: Option<PathBuf>,
    /// A note verifier key (`name+hash+base64`) for the checkpoint; may repeat.
    #[arg(long)]
    vkey: Vec<String>,
    /// Bitcoin block headers (`HEIGHT HEX` or `HEX` per line, as `bitcoin-cli
    /// getblockheader HASH false` prints them) to check OpenTimestamps anchors against.
    #[arg(long)]
    bitcoin_headers: Option<PathBuf>,
    /// TSA root certificates (PEM) to check RFC 3161 anchors against.
    #[arg(long)]
    tsa_roots: Option<PathBuf>,
}

fn read_file(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|e| InputError::io(format!("{}: cannot read: {e}", path.display())))
}

/// The trust inputs of the command line, read by the core's rules
/// ([`nexuscone_core::input::trust`]).
pub fn read_trust(
    keys: Option<&Path>,
    witness_keys: Option<&Path>,
    vkeys: &[String],
    checkpoint: Option<&Path>,
) -> Result<Trust, InputError> {
    let mut trust = Trust::new();
    for (kind, path) in [
        (TrustKind::EntryKeys, keys),
        (TrustKind::WitnessKeys, witness_keys),
    ] {
        if let Some(path) = path {
            trust.add(kind, &read_file(path)?, &path.display().to_string())?;
        }
    }
    if !vkeys.is_empty() {
        trust.add(
            TrustKind::VerifierKeys,
            vkeys.join("\n").as_bytes(),
            "--vkey",
        )?;
    }
    if let Some(path) = checkpoint {
        let name = path.display().to_string();
        trust
            .add(TrustKind::Checkpoint, &read_file(path)?, &name)
            .map_err(|e| {
                let hint = matches!(e, TrustError::NoVerifierKeys { .. });
                let mut error = InputError::from(e);
                if hint {
                    error.0.message.push_str(" (pass --vkey)");
                }
                error
            })?;
    }
    Ok(trust)
}

impl VerifyArgs {
    /// Whether `--json` was given.
    pub fn json(&self) -> bool {
        self.json
    }
}

/// Prints an error that stops a command (exit code 2): `error: MESSAGE` on stderr
/// and, under `--json`, `{"error": {kind, message, line, ...}}` on stdout
/// (`docs/FORMAT.md`, "Input error kinds").
pub fn print_error(error: &InputError, json: bool) {
    eprintln!("error: {}", error.message());
    if json {
        let document = ErrorDocument { error: &error.0 };
        if let Ok(text) = serde_json::to_string_pretty(&document) {
            println!("{text}");
        }
    }
}

/// `nexuscone verify`.
pub fn verify(args: &VerifyArgs) -> Result<ExitCode, InputError> {
    if ledger::detect(&args.path)? == Format::Disclosure {
        return crate::disclosure::verify_bundle(
            &args.path,
            args.keys.as_deref(),
            &args.vkey,
            args.json,
        );
    }
    let mut trust = read_trust(
        args.keys.as_deref(),
        args.witness_keys.as_deref(),
        &args.vkey,
        args.checkpoint.as_deref(),
    )?;
    trust.require_signatures = args.require_signatures;
    for (kind, path) in [
        (TrustKind::BitcoinHeaders, &args.bitcoin_headers),
        (TrustKind::TsaRoots, &args.tsa_roots),
    ] {
        if let Some(path) = path {
            trust.add(kind, &read_file(path)?, &path.display().to_string())?;
        }
    }
    let report = ledger::verify(&args.path, trust)?;
    if !args.json {
        return Ok(print(&Printed::verify(&report)));
    }
    let text = serde_json::to_string_pretty(&report)
        .map_err(|e| InputError::io(format!("report: {e}")))?;
    println!("{text}");
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Writes what a command prints and returns its exit code.
fn print(printed: &Printed) -> ExitCode {
    print!("{}", printed.stdout);
    eprint!("{}", printed.stderr);
    ExitCode::from(printed.code)
}

/// `nexuscone export DB --to OUT`.
pub fn export(
    db: &Path,
    to: &Path,
    keys: Option<&Path>,
    force: bool,
) -> Result<ExitCode, InputError> {
    if !force && to.exists() {
        return Err(InputError::usage(format!(
            "{}: already exists (pass --force to replace it)",
            to.display()
        )));
    }
    let database = Database::open(db)?;
    let as_bundle = to.extension().and_then(|e| e.to_str()) == Some("json");
    let partial = to.with_extension("partial");
    let file = File::create(&partial)
        .map_err(|e| InputError::io(format!("{}: cannot create: {e}", partial.display())))?;
    let mut out = BufWriter::new(file);
    let write_error =
        |e: std::io::Error| InputError::io(format!("{}: cannot write: {e}", partial.display()));
    if as_bundle {
        let (anchors, anchor_storage) = database.anchors()?;
        let mut bundle = Bundle {
            public_keys: read_trust(keys, None, &[], None)?
                .entry_keys()
                .cloned()
                .unwrap_or_default(),
            witnesses: database.witnesses()?,
            attestations: database.attestations()?,
            anchors,
            ..Bundle::default()
        };
        faithful_carried(db, &bundle, &anchor_storage)?;
        database.for_each_row(|row| {
            bundle.rows.push(faithful(db, row)?);
            Ok(())
        })?;
        out.write_all(bundle.to_canonical().as_bytes())
            .map_err(write_error)?;
    } else {
        database.for_each_row(|row| {
            let row = faithful(db, row)?;
            out.write_all(jsonl::write_line(&row.entry).as_bytes())
                .map_err(write_error)
        })?;
    }
    out.flush().map_err(write_error)?;
    drop(out);
    std::fs::rename(&partial, to)
        .map_err(|e| InputError::io(format!("{}: cannot rename into place: {e}", to.display())))?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses the bundle's witnesses, attestations and anchors (whose mistyped columns
/// are `anchor_storage`) when a column holds a value of another type, as [`faithful`]
/// refuses an entry row.
fn faithful_carried(
    db: &Path,
    bundle: &Bundle,
    anchor_storage: &[Vec<Mistyped>],
) -> Result<(), InputError> {
    let witnesses = (bundle.witnesses.iter().zip(1..)).map(|(w, n)| (w.name(n), &w.mistyped));
    let attestations = (bundle.attestations.iter().zip(1..)).map(|(a, n)| (a.name(n), &a.mistyped));
    let anchors = anchor_storage
        .iter()
        .zip(1..)
        .map(|(m, n)| (format!("anchors row number {n}"), m));
    let mut all = witnesses.chain(attestations).chain(anchors);
    match all.find_map(|(name, mistyped)| Some((name, mistyped.first()?))) {
        None => Ok(()),
        Some((name, value)) => Err(InputError::new(
            ErrorKind::InvalidValue,
            format!(
                "{}: {name} {value}: a tampered value has no faithful export; verify the database itself",
                db.display()
            ),
        )),
    }
}

/// `row`, unless a column holds a value of another type (`docs/FORMAT.md` §2,
/// "Mistyped values"): JSON would carry it as something else, so there is no
/// faithful export of it.
fn faithful(db: &Path, row: Row) -> Result<Row, InputError> {
    match row.mistyped.first() {
        None => Ok(row),
        Some(value) => {
            let mut error = LocatedError::new(
                ErrorKind::InvalidValue,
                format!(
                    "{}: entry {} {value}: a tampered value has no faithful export; verify the database itself",
                    db.display(),
                    row.entry.entry_id
                ),
            );
            error.location.entry_id = Some(row.entry.entry_id);
            Err(InputError(error))
        }
    }
}

/// `nexuscone canonical`: stdin JSON text to canonical JSON on stdout.
pub fn canonical() -> Result<ExitCode, InputError> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(|e| InputError::io(format!("stdin: cannot read: {e}")))?;
    let printed = command::canonical(&input);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(printed.stdout.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| InputError::io(format!("stdout: {e}")))?;
    eprint!("{}", printed.stderr);
    Ok(ExitCode::from(printed.code))
}

/// Arguments of `nexuscone ots`.
#[derive(Args)]
pub struct OtsArgs {
    /// The OpenTimestamps proof (.ots file).
    proof: PathBuf,
    /// The timestamped file: its hash must be the proof's digest.
    #[arg(long)]
    target: Option<PathBuf>,
    /// Bitcoin block headers to check the Bitcoin attestations against.
    #[arg(long)]
    bitcoin_headers: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// `nexuscone ots PROOF.ots [--target FILE] [--bitcoin-headers FILE] [--json]`: a
/// standalone proof checked by core (`anchor::standalone`, SPEC §8). Exit code 0 only
/// when a Bitcoin attestation is verified against a header.
pub fn ots(args: &OtsArgs) -> Result<ExitCode, InputError> {
    let proof = read_file(&args.proof)?;
    let target = args.target.as_deref().map(read_file).transpose()?;
    let mut trust = Trust::new();
    if let Some(path) = &args.bitcoin_headers {
        let name = path.display().to_string();
        trust.add(TrustKind::BitcoinHeaders, &read_file(path)?, &name)?;
    }
    let report =
        check_ots_file(&proof, target.as_deref(), trust.bitcoin_headers()).map_err(|e| {
            InputError::new(
                ErrorKind::InvalidProof,
                format!("{}: not an OpenTimestamps proof: {e}", args.proof.display()),
            )
        })?;
    if !args.json {
        return Ok(print(&Printed::ots(&report)));
    }
    let text = serde_json::to_string_pretty(&report)
        .map_err(|e| InputError::io(format!("report: {e}")))?;
    println!("{text}");
    Ok(ExitCode::from(if report.valid { 0 } else { 1 }))
}
