//! `nexuscone`: verify, export and canonicalise Nexuscone audit ledgers.
//!
//! Argument parsing only; the subcommands live in the library (`lib.rs`), which
//! also documents the exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use nexuscone_cli::{commands, InputError};

#[derive(Parser)]
#[command(name = "nexuscone", version, about = "Verify Nexuscone audit ledgers (byte-compatible with the Python library)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify a ledger: .sqlite/.db database, .jsonl export or bundle .json.
    Verify(commands::VerifyArgs),
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Verify(args) => commands::verify(&args),
        Command::Export { db, to, keys, force } => commands::export(&db, &to, keys.as_deref(), force),
        Command::Canonical => commands::canonical(),
    };
    match result {
        Ok(code) => code,
        Err(InputError(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
