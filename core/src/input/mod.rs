//! The one place where input is read and trust is decided, for every front end
//! (`docs/ARCHITECTURE.md`): the CLI, the npm package and the viewer hand bytes here
//! and get the same answer for the same bytes.
//!
//! - [`format`]: which format an input is, from its bytes (the name only a hint);
//! - [`lines`]: the lines of a JSONL input, with number and byte offset;
//! - [`located`]: input errors as front ends report them: kind and location;
//! - [`ledger`]: the parts of a ledger from any format, whole or in chunks;
//! - [`trust`]: what the user trusts (keys, verifier keys, checkpoints), read once;
//! - [`proof_file`]: the proof files the CLI writes and reads;
//! - [`verify`](mod@verify): a ledger verified straight from its input.
//!
//! What this module is NOT: it does no I/O. Front ends read files, DOM inputs and
//! JavaScript values into bytes and print or show what comes back; the SQLite engine
//! the CLI uses (rusqlite) hands its rows to [`crate::sqlite::tables`], the same
//! mapping [`ledger::read`] uses.

pub mod error;
pub mod format;
pub mod ledger;
pub mod lines;
pub mod located;
pub mod proof_file;
pub mod trust;
pub mod verify;

pub use error::{InputError, TrustError};
pub use format::{Format, Hint};
pub use ledger::{read, read_database, Carried, DatabaseRows, Ledger, Reader, Sink};
pub use located::{ErrorDocument, ErrorKind, LocatedError, Location};
pub use trust::{Trust, TrustKind, TrustSource};
pub use verify::{verify, Verification};
