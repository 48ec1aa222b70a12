//! Mistyped values: an entry row whose column holds a value of another type than
//! the column's (`format_version` holding text or a float, `actor` holding a BLOB or
//! null, a JSON number where a string belongs). Such a value is a tampered value, so
//! the row is read, not refused: the verifier reports it as a `field_type` finding at
//! its entry (`docs/FORMAT.md` §2, "Mistyped values") and skips the checks that
//! would need it. The row's [`crate::entry::Entry`] holds the value as text (a number
//! in decimal, a BLOB or non-UTF-8 text decoded lossily, null as empty) in its place.
//!
//! What cannot be placed in the chain is still unreadable input: a row with no
//! `entry_id` at all (absent or null), a row that is not an object, a column or
//! member the format requires that is missing.
//!
//! What this module is NOT: a reader. The SQLite and JSON readers find mistyped
//! values; this module only names them.

/// An entry column (or export member) that holds a value of another type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mistyped {
    /// The column: `entry_id`, `format_version`, `actor`, ...
    pub field: &'static str,
    /// What the column holds: `an integer`, `a string`, `INTEGER`, `TEXT`.
    pub expected: &'static str,
    /// What was found: `a float`, `null`, `BLOB`, `TEXT that is not UTF-8`.
    pub found: String,
}

/// The checks a mistyped column keeps from running on its entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unchecked {
    /// `entry_id` is not an integer: the entry is placed after the previous one.
    pub placement: bool,
    /// A hashed column: the entry hash cannot be recomputed.
    pub hash: bool,
    /// `previous_hash`: the link to the previous entry cannot be checked.
    pub link: bool,
    /// `entry_hash`, `signature` or `signing_key_id`: the signature cannot be checked.
    pub signature: bool,
    /// `payload`: its canonical form cannot be checked.
    pub payload: bool,
}

impl Mistyped {
    /// The sentence of the finding at entry `entry_id`.
    pub fn sentence(&self, entry_id: i64) -> String {
        let placed = if self.field == "entry_id" {
            " (placed after the previous entry by its position)"
        } else {
            ""
        };
        format!("entry {entry_id}{placed} {self}: a tampered value, so the checks that need it were not run")
    }

    /// True for `signature` and `signing_key_id`, which only the signature covers.
    pub fn is_signature(&self) -> bool {
        matches!(self.field, "signature" | "signing_key_id")
    }
}

impl std::fmt::Display for Mistyped {
    /// `format_version holds TEXT, not INTEGER`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} holds {}, not {}",
            self.field, self.found, self.expected
        )
    }
}

impl Unchecked {
    /// What the mistyped columns `mistyped` keep from being checked.
    pub fn of(mistyped: &[Mistyped]) -> Unchecked {
        let mut unchecked = Unchecked::default();
        for value in mistyped {
            match value.field {
                "entry_id" => unchecked.placement = true,
                "previous_hash" => unchecked.link = true,
                "entry_hash" => unchecked.signature = true,
                "signature" | "signing_key_id" => unchecked.signature = true,
                "payload" => unchecked.payload = true,
                _ => {}
            }
            unchecked.hash |= !value.is_signature();
        }
        unchecked
    }
}
