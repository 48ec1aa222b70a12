//! `nexuscone`: verify, export and canonicalise Nexuscone audit ledgers.
//!
//! Argument parsing only; the subcommands live in the library (`lib.rs`), which
//! also documents the exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use nexuscone_cli::{anchors, commands, disclosure, proofs};

#[derive(Parser)]
#[command(
    name = "nexuscone",
    version,
    about = "Verify Nexuscone audit ledgers (byte-compatible with the Python library)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify a ledger: .sqlite/.db database, .jsonl export or bundle .json.
    Verify(commands::VerifyArgs),
    /// The anchor modes of nexuscone-verify: --check-anchors, --check-tst,
    /// --print-anchor N (--upgrade-pending needs the network and is not offered).
    Anchors(anchors::AnchorsArgs),
    /// Verify a standalone OpenTimestamps proof (.ots file): its digest against --target,
    /// its Bitcoin attestations against --bitcoin-headers. Exit code 0 only when verified.
    Ots(commands::OtsArgs),
    /// Export a ledger database as JSONL (.jsonl) or as a bundle (.json).
    Export {
        /// The SQLite database to export.
        db: PathBuf,
        /// Output file; its extension picks the format.
        #[arg(long)]
        to: PathBuf,
        /// Public keys (JSON object key id -> hex) to include in a bundle.
        #[arg(long)]
        keys: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Read one JSON text on stdin and write its canonical form (no trailing newline).
    Canonical,
    /// Print the Merkle root (hex) of the ledger's first N entries (default: all).
    Root {
        /// The ledger (.sqlite, .jsonl or bundle .json).
        ledger: PathBuf,
        /// Tree size.
        #[arg(long)]
        size: Option<u64>,
    },
    /// Print an inclusion or consistency proof as JSON.
    #[command(subcommand)]
    Prove(Prove),
    /// Print a signed checkpoint (C2SP tlog-checkpoint in a signed note).
    Checkpoint {
        /// The ledger.
        ledger: PathBuf,
        /// The checkpoint's origin line.
        #[arg(long)]
        origin: String,
        /// The note key name.
        #[arg(long)]
        key_name: String,
        /// File holding the 32-byte Ed25519 seed as 64 hex characters.
        #[arg(long)]
        seed_file: PathBuf,
        /// Tree size (default: all entries).
        #[arg(long)]
        size: Option<u64>,
    },
    /// Print the note verifier key matching a key name and seed.
    Vkey {
        /// The note key name.
        #[arg(long)]
        key_name: String,
        /// File holding the 32-byte Ed25519 seed as 64 hex characters.
        #[arg(long)]
        seed_file: PathBuf,
    },
    /// Write a copy of the ledger with one entry's payload redacted.
    Redact {
        /// The ledger (never modified).
        ledger: PathBuf,
        /// The entry_id to redact.
        #[arg(long)]
        entry: i64,
        /// Why.
        #[arg(long)]
        reason: String,
        /// Who.
        #[arg(long)]
        by: String,
        /// Output file (same format as the ledger).
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a selective-disclosure bundle: chosen entries with inclusion proofs
    /// against a signed checkpoint (verify it with `nexuscone verify BUNDLE --vkey`).
    Disclose {
        /// The ledger.
        ledger: PathBuf,
        /// Comma-separated entry ids, e.g. 3,17,42.
        #[arg(long)]
        entries: String,
        /// The signed checkpoint note the proofs are against.
        #[arg(long)]
        checkpoint: PathBuf,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
        /// Public keys (JSON object key id -> hex) to include for the disclosed signatures.
        #[arg(long)]
        keys: Option<PathBuf>,
        /// An older signed checkpoint to prove consistency from; may repeat.
        #[arg(long)]
        older_checkpoint: Vec<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check a C2SP tlog-proof of one entry offline.
    VerifyProof {
        /// The tlog-proof file.
        proof: PathBuf,
        /// The entry's entry_hash (64 lowercase hex characters).
        #[arg(long)]
        entry_hash: String,
        /// A note verifier key for the checkpoint; may repeat.
        #[arg(long, required = true)]
        vkey: Vec<String>,
        /// The checkpoint origin you expect.
        #[arg(long)]
        origin: String,
    },
    /// Check that a newer signed checkpoint extends an older one.
    VerifyConsistency {
        /// The older signed checkpoint note.
        #[arg(long)]
        old: PathBuf,
        /// The newer signed checkpoint note.
        #[arg(long)]
        new: PathBuf,
        /// The output of `nexuscone prove consistency --from OLD --to NEW`.
        #[arg(long)]
        proof: PathBuf,
        /// A note verifier key; may repeat.
        #[arg(long, required = true)]
        vkey: Vec<String>,
    },
}

#[derive(Subcommand)]
enum Prove {
    /// Inclusion proof of leaf I (entry_id I+1) in the tree of size N.
    Inclusion {
        /// The ledger.
        ledger: PathBuf,
        /// Leaf index, from 0.
        #[arg(long)]
        index: u64,
        /// Tree size.
        #[arg(long)]
        size: u64,
        /// A signed checkpoint note of tree size N (needed by --tlog-proof).
        #[arg(long, requires = "tlog_proof")]
        checkpoint: Option<PathBuf>,
        /// Print a C2SP tlog-proof against --checkpoint instead of JSON.
        #[arg(long, requires = "checkpoint")]
        tlog_proof: bool,
    },
    /// Consistency proof from tree size M to tree size N.
    Consistency {
        /// The ledger.
        ledger: PathBuf,
        /// Older size.
        #[arg(long)]
        from: u64,
        /// Newer size.
        #[arg(long)]
        to: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = matches!(&cli.command, Command::Verify(args) if args.json());
    let result = match cli.command {
        Command::Verify(args) => commands::verify(&args),
        Command::Anchors(args) => anchors::anchors(&args),
        Command::Ots(args) => commands::ots(&args),
        Command::Export {
            db,
            to,
            keys,
            force,
        } => commands::export(&db, &to, keys.as_deref(), force),
        Command::Canonical => commands::canonical(),
        Command::Root { ledger, size } => proofs::root(&ledger, size),
        Command::Prove(Prove::Inclusion {
            ledger,
            index,
            size,
            checkpoint,
            tlog_proof,
        }) => match checkpoint.filter(|_| tlog_proof) {
            Some(note) => disclosure::prove_tlog(&ledger, index, size, &note),
            None => proofs::prove_inclusion(&ledger, index, size),
        },
        Command::Prove(Prove::Consistency { ledger, from, to }) => {
            proofs::prove_consistency(&ledger, from, to)
        }
        Command::Checkpoint {
            ledger,
            origin,
            key_name,
            seed_file,
            size,
        } => proofs::checkpoint(&ledger, &origin, &key_name, &seed_file, size),
        Command::Vkey {
            key_name,
            seed_file,
        } => proofs::vkey(&key_name, &seed_file),
        Command::Redact {
            ledger,
            entry,
            reason,
            by,
            out,
        } => proofs::redact(&ledger, entry, &reason, &by, &out),
        Command::Disclose {
            ledger,
            entries,
            checkpoint,
            out,
            keys,
            older_checkpoint,
            force,
        } => disclosure::disclose(&disclosure::DiscloseArgs {
            ledger: &ledger,
            entries: &entries,
            checkpoint: &checkpoint,
            out: &out,
            keys: keys.as_deref(),
            older: &older_checkpoint,
            force,
        }),
        Command::VerifyProof {
            proof,
            entry_hash,
            vkey,
            origin,
        } => disclosure::verify_proof(&proof, &entry_hash, &vkey, &origin),
        Command::VerifyConsistency {
            old,
            new,
            proof,
            vkey,
        } => disclosure::verify_consistency(&old, &new, &proof, &vkey),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            commands::print_error(&error, json);
            ExitCode::from(2)
        }
    }
}
