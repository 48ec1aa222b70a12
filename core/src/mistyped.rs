//! Mistyped values: a row whose column holds a value of another type than the
//! column's (`format_version` holding text or a float, `actor` holding a BLOB or
//! null, a JSON number where a string belongs), in any table a ledger carries:
//! `entries`, `witnesses`, `witness_attestations`, `anchors`. Such a value is a
//! tampered value, so the row is read, not refused: the verifier reports it as a
//! `field_type` finding at its row (`docs/FORMAT.md` §2, "Mistyped values") and skips
//! the checks that would need it. The row holds the value as text (a number in
//! decimal, a BLOB or non-UTF-8 text decoded lossily, null as empty), or an integer
//! column 0, in its place.
//!
//! What cannot be placed in the chain is still unreadable input: an entry row with
//! no `entry_id` at all (absent or null), a row that is not an object, a column or
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
        self.sentence_at(&format!("entry {entry_id}{placed}"))
    }

    /// The sentence of the finding at the row called `row` (`witness 2`, `attestation
    /// 5`, `witness_attestations row number 3`).
    pub fn sentence_at(&self, row: &str) -> String {
        format!("{row} {self}: a tampered value, so the checks that need it were not run")
    }

    /// True when the mistyped column is `column`.
    pub fn is(&self, column: &str) -> bool {
        self.field == column
    }

    /// The row of a table called by its id, or by its position (1-based, in reading
    /// order) when the id column `id_column` is among `mistyped`: `witness 2`,
    /// `witnesses row number 3`.
    pub fn row_name(
        mistyped: &[Mistyped],
        id_column: &str,
        (singular, table): (&str, &str),
        id: i64,
        position: usize,
    ) -> String {
        if mistyped.iter().any(|m| m.is(id_column)) {
            format!("{table} row number {position}")
        } else {
            format!("{singular} {id}")
        }
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
