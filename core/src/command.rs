//! What the `nexuscone` command prints for `verify`, `root` and `canonical`, for the
//! two front ends that offer it: the Rust CLI (`cli/`) and the npm package's
//! `nexuscone` bin (through `wasm/src/command.rs`). Both print [`Printed`], so their
//! output is the same bytes (`pkg-npm/test/cli.test.mjs` compares them on every
//! fixture); exit codes are the Python `nexuscone-verify`'s (`docs/FORMAT.md`).
//!
//! The rules come from [`crate::input`]: which format a ledger is, its lines, key
//! files. This module adds only the command's text, including the hint naming the
//! command's option that lifts a limit ([`limit_hint`]), and [`RootOf`], the Merkle
//! root of a ledger built as its entries arrive.
//!
//! What this module is NOT: it does no I/O. Front ends read files (whole, or in
//! chunks through [`crate::input::Reader`]) and write [`Printed`] to stdout and
//! stderr.

use std::fmt::Display;

use thiserror::Error;

use crate::canonical;
use crate::entry::Entry;
use crate::export::Row;
use crate::input::{self, Carried, ErrorKind, Format, Hint, InputError, LocatedError, Sink};
use crate::merkle::{entry_leaf_hex, CompactRange, LeafHash, RootHash};
use crate::report::{LimitKind, Report};

/// Why a `root` (or a proof over a ledger) has no answer.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum CommandError {
    /// The input is not a ledger.
    #[error(transparent)]
    Input(#[from] InputError),
    /// An entry whose `entry_hash` is not 64 hex characters has no Merkle leaf.
    #[error("entry {entry_id}: entry_hash {entry_hash:?} is not 64 hex characters, so it has no Merkle leaf")]
    NoLeaf {
        /// The entry's id.
        entry_id: i64,
        /// Its `entry_hash` as stored.
        entry_hash: String,
    },
    /// A tree size larger than the ledger.
    #[error("tree size {size} is larger than the ledger ({available} entries)")]
    SizeTooLarge {
        /// The size asked for.
        size: u64,
        /// The entries the ledger has.
        available: u64,
    },
}

impl CommandError {
    /// The stable kind (`docs/FORMAT.md`, "Input error kinds").
    pub fn kind(&self) -> ErrorKind {
        match self {
            CommandError::Input(error) => error.kind(),
            CommandError::NoLeaf { .. } => ErrorKind::InvalidRow,
            CommandError::SizeTooLarge { .. } => ErrorKind::InvalidProof,
        }
    }
}

impl From<&CommandError> for LocatedError {
    fn from(error: &CommandError) -> LocatedError {
        let mut located = LocatedError::new(error.kind(), error.to_string());
        match error {
            CommandError::Input(error) => located.location = error.location(),
            CommandError::NoLeaf { entry_id, .. } => located.location.entry_id = Some(*entry_id),
            CommandError::SizeTooLarge { .. } => {}
        }
        located
    }
}

/// An error about the file `name`, as the command prints it: `NAME: ERROR`.
pub fn in_file(name: &str, error: impl Display) -> String {
    format!("{name}: {error}")
}

/// The option of the `nexuscone` command that lifts a limit, printed after the
/// core's sentence (which names no front end's options); empty when none does.
pub fn limit_hint(kind: LimitKind) -> &'static str {
    match kind {
        LimitKind::SignaturesUnchecked | LimitKind::SelfAssertedSigningKeys => " (use --keys)",
        LimitKind::SelfAssertedWitnessKeys => " (use --witness-keys)",
        LimitKind::NoCheckpoint => " (use --checkpoint and --vkey)",
        LimitKind::AnchorsNotCheckedAgainstBitcoin => " (use --bitcoin-headers)",
        LimitKind::AnchorsTsaSignerNotChecked => " (use --tsa-roots)",
        _ => "",
    }
}

/// The Merkle leaf of an entry (its `entry_hash`'s 32 bytes, `docs/SPEC.md`).
///
/// # Errors
/// [`CommandError::NoLeaf`] for an `entry_hash` that is not 64 hex characters.
pub fn leaf(entry: &Entry) -> Result<LeafHash, CommandError> {
    entry_leaf_hex(&entry.entry_hash).ok_or_else(|| CommandError::NoLeaf {
        entry_id: entry.entry_id,
        entry_hash: entry.entry_hash.clone(),
    })
}

/// Checks that a requested tree size fits a ledger of `available` entries.
///
/// # Errors
/// [`CommandError::SizeTooLarge`].
pub fn check_size(size: u64, available: u64) -> Result<(), CommandError> {
    if size > available {
        return Err(CommandError::SizeTooLarge { size, available });
    }
    Ok(())
}

/// The Merkle root (RFC 9162 §2.1.1) of a ledger's first `size` entries, or of all
/// of them, built as the entries arrive (`nexuscone root`), in O(log n) memory. A
/// [`Sink`] for [`input::read`] and [`input::Reader`].
#[derive(Debug, Default)]
pub struct RootOf {
    range: CompactRange,
    size: Option<u64>,
    total: u64,
}

impl RootOf {
    /// The root of the first `size` entries (`None`: all).
    pub fn new(size: Option<u64>) -> RootOf {
        RootOf {
            size,
            ..RootOf::default()
        }
    }

    /// Takes the next entry.
    ///
    /// # Errors
    /// [`CommandError::NoLeaf`], for an entry inside the requested size.
    pub fn push(&mut self, entry: &Entry) -> Result<(), CommandError> {
        self.total += 1;
        if !matches!(self.size, Some(s) if self.range.size() >= s) {
            self.range.append(leaf(entry)?);
        }
        Ok(())
    }

    /// The tree size and its root.
    ///
    /// # Errors
    /// [`CommandError::SizeTooLarge`].
    pub fn finish(self) -> Result<(u64, RootHash), CommandError> {
        let size = self.size.unwrap_or(self.total);
        check_size(size, self.total)?;
        Ok((size, self.range.root()))
    }
}

impl Sink for RootOf {
    type Error = CommandError;

    fn begin(&mut self, _: Format, _: Carried) -> Result<(), CommandError> {
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), CommandError> {
        self.push(&row.entry)
    }
}

/// `nexuscone root`'s output for the whole ledger file `name`.
pub fn root(bytes: &[u8], name: &str, size: Option<u64>) -> Printed {
    let mut root = RootOf::new(size);
    if let Err(e) = input::read(bytes, Hint::from_name(name), &mut root) {
        return Printed::error(LocatedError::from(&e).in_input(name));
    }
    match root.finish() {
        Ok((_, hash)) => Printed::out(format!("{hash}\n")),
        Err(e) => Printed::error(LocatedError::from(&e)),
    }
}

/// `nexuscone canonical`'s output for the JSON text read from stdin.
pub fn canonical(stdin: &[u8]) -> Printed {
    match canonical::canonicalize(stdin) {
        Ok(text) => Printed::out(text),
        Err(e) => Printed::error(LocatedError::from(&e).in_input("stdin")),
    }
}

/// What a command prints, and its exit code: 0 valid, 1 verification failed, 2
/// unreadable input or bad usage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// Text for standard output.
    pub stdout: String,
    /// Text for standard error.
    pub stderr: String,
    /// The exit code.
    pub code: u8,
    /// For exit code 2, the error: under `--json` each front end prints it as
    /// `{"error": {...}}` on stdout with its own JSON writer (`docs/FORMAT.md`).
    pub error: Option<LocatedError>,
}

impl Printed {
    /// `text` on stdout, exit code 0.
    pub fn out(text: String) -> Printed {
        Printed {
            stdout: text,
            ..Printed::default()
        }
    }

    /// An input error: `error: MESSAGE` on stderr, exit code 2, and the error.
    pub fn error(error: LocatedError) -> Printed {
        Printed {
            stderr: format!("error: {}\n", error.message),
            code: 2,
            error: Some(error),
            ..Printed::default()
        }
    }

    /// `verify`'s text for a report (without `--json`, whose indented JSON of the
    /// report each front end prints with its own JSON writer): the Python CLI's line
    /// (`OK · chain valid (N entries)` on stdout, or `FAIL · <first failure>` on
    /// stderr), then on stderr the assurance of a valid ledger (`assurance · …`),
    /// warnings, a matched checkpoint, what each verified
    /// anchor covers and what was not verified, each limit with its [`limit_hint`].
    /// Exit code 0 when valid, else 1.
    pub fn verify(report: &Report) -> Printed {
        let mut printed = Printed {
            code: if report.valid { 0 } else { 1 },
            ..Printed::default()
        };
        match &report.first_failure {
            None => printed.stdout = format!("OK · chain valid ({} entries)\n", report.entries),
            Some(failure) => printed.line(format!("FAIL · {}", failure.message)),
        }
        if report.valid {
            printed.line(format!("assurance · {}", report.assurance.message));
        }
        if report.first_failure.is_some() && report.failures_total > 1 {
            let more = report.failures_total - 1;
            printed.line(format!("  … and {more} more failures (--json lists them)"));
        }
        printed.notes(report);
        printed
    }

    fn notes(&mut self, report: &Report) {
        for warning in report.warnings.iter().take(3) {
            self.line(format!("warning · {}", warning.message));
        }
        if report.warnings_total > 3 {
            let more = report.warnings_total - 3;
            self.line(format!("  … and {more} more warnings (--json lists them)"));
        }
        if let Some(checkpoint) = report.checkpoint.as_ref().filter(|c| c.matched) {
            self.line(format!(
                "checkpoint · {} tree size {} root {} matched",
                checkpoint.origin, checkpoint.size, checkpoint.root
            ));
        }
        for anchor in &report.anchors {
            if let Some(covered) = &anchor.covers {
                self.line(format!("anchor {} · {}", anchor.anchor_id, covered.message));
            }
        }
        for limit in &report.limits {
            let hint = limit_hint(limit.kind);
            self.line(format!("not verified · {}{hint}", limit.message));
        }
    }

    /// `ots`'s text for a standalone proof (without `--json`): the digest, the target,
    /// each attestation, then `VERIFIED · …` on stdout (exit code 0) or `NOT CHECKED ·
    /// …`, `PENDING · …`, `FAIL · …` on stderr (exit code 1: nothing proven).
    #[cfg(feature = "tst")]
    pub fn ots(report: &crate::anchor::standalone::OtsProofReport) -> Printed {
        use crate::anchor::TrackStatus;
        let mut printed = Printed {
            code: if report.valid { 0 } else { 1 },
            ..Printed::default()
        };
        let mut out = format!("{} digest {}\n", report.file_hash_op, report.file_digest);
        if let Some(matches) = report.target_matches {
            let how = if matches { "is" } else { "is NOT" };
            out.push_str(&format!("target · {how} the file the proof is for\n"));
        }
        for a in &report.attestations {
            let at = [
                a.height.map(|h| format!("block {h}")),
                a.uri.clone(),
                a.tag.clone(),
            ];
            let at = at.into_iter().flatten().collect::<Vec<_>>().join(" ");
            out.push_str(&format!(
                "attestation · {} {at} · message {}\n",
                a.kind, a.message
            ));
        }
        let track = &report.track;
        match track.status {
            TrackStatus::Verified => out.push_str(&format!("VERIFIED · {}\n", track.message)),
            TrackStatus::NotChecked if track.kind == "not_checked_against_bitcoin" => {
                printed.line(format!(
                    "NOT CHECKED · {} (use --bitcoin-headers)",
                    track.message
                ));
            }
            TrackStatus::NotChecked => printed.line(format!("NOT CHECKED · {}", track.message)),
            TrackStatus::Pending => printed.line(format!("PENDING · {}", track.message)),
            TrackStatus::Failed => {
                for problem in &track.problems {
                    printed.line(format!("FAIL · {}", problem.message));
                }
            }
        }
        printed.stdout = out;
        printed
    }

    fn line(&mut self, text: String) {
        self.stderr.push_str(&text);
        self.stderr.push('\n');
    }
}
