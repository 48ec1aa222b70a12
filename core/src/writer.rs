//! Appending entries exactly as `nexuscone.chain.Ledger.log` (0.2.1) stores them.
//!
//! Given the previous head (its `entry_id` and `entry_hash`), [`ChainWriter::append`]
//! computes the next row: `entry_id` = head + 1, `previous_hash` = head hash (64 zeros
//! for the first entry), the payload as canonical JSON, the entry hash under format 2
//! (or format 3 when asked), and optionally an Ed25519 signature over the UTF-8 bytes
//! of the entry hash hex, hex-encoded. The rows are byte-identical to Python's for the
//! same inputs (`fixtures/writer/`).
//!
//! What this module is NOT: it has no clock and no randomness. The caller passes the
//! timestamp (Python writes `%Y-%m-%dT%H:%M:%S.%fZ` in UTC; [`format_timestamp`] prints
//! a clock reading that way) and, for format 3, the salt.

use ed25519_dalek::{Signer as _, SigningKey};

use crate::canonical::{canonicalize, ParseError};
use crate::entry::{payload_commitment, Entry, HashFormat, GENESIS_PREVIOUS_HASH};

/// An Ed25519 entry signer: a 32-byte seed and the key id stored with the signature.
#[derive(Clone, Debug)]
pub struct EntrySigner {
    key_id: String,
    key: SigningKey,
}

impl EntrySigner {
    /// A signer from a 32-byte Ed25519 seed, as `Ed25519Signer.from_seed`.
    pub fn from_seed(key_id: &str, seed: &[u8; 32]) -> EntrySigner {
        EntrySigner {
            key_id: key_id.to_owned(),
            key: SigningKey::from_bytes(seed),
        }
    }

    /// The raw public key, hex, as `Ed25519Signer.public_key_hex`.
    pub fn public_key_hex(&self) -> String {
        hex::encode(self.key.verifying_key().as_bytes())
    }

    /// The key id.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }
}

/// How the new entry is hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WriteFormat {
    /// Format 2, what Python 0.2.1 writes.
    #[default]
    V2,
    /// Format 3 with this salt (32 random bytes chosen by the caller).
    V3 {
        /// The salt of the payload commitment.
        salt: [u8; 32],
    },
}

/// One entry to append.
#[derive(Clone, Debug)]
pub struct NewEntry<'a> {
    /// The timestamp, `%Y-%m-%dT%H:%M:%S.%fZ`.
    pub timestamp: &'a str,
    /// `actor`.
    pub actor: &'a str,
    /// `action`.
    pub action: &'a str,
    /// `event_type` (Python's default is `request`).
    pub event_type: &'a str,
    /// The payload as JSON text; it is stored in canonical form.
    pub payload_json: &'a [u8],
    /// The hash format.
    pub format: WriteFormat,
}

/// Appends entries to a chain whose head it tracks.
#[derive(Clone, Debug, Default)]
pub struct ChainWriter {
    head: Option<(i64, String)>,
}

impl ChainWriter {
    /// A writer for an empty ledger.
    pub fn new() -> ChainWriter {
        ChainWriter::default()
    }

    /// A writer continuing after the entry `entry_id` with hash `entry_hash`.
    pub fn after(entry_id: i64, entry_hash: &str) -> ChainWriter {
        ChainWriter {
            head: Some((entry_id, entry_hash.to_owned())),
        }
    }

    /// Computes the next row and makes it the head.
    ///
    /// # Errors
    /// When `payload_json` is not JSON.
    pub fn append(
        &mut self,
        new: &NewEntry<'_>,
        signer: Option<&EntrySigner>,
    ) -> Result<Entry, ParseError> {
        let payload = canonicalize(new.payload_json)?;
        Ok(self.append_canonical(new, payload, signer))
    }

    /// As [`append`](Self::append), with the payload already in canonical form.
    pub fn append_canonical(
        &mut self,
        new: &NewEntry<'_>,
        payload: String,
        signer: Option<&EntrySigner>,
    ) -> Entry {
        let (entry_id, previous_hash) = match &self.head {
            None => (1, GENESIS_PREVIOUS_HASH.to_owned()),
            Some((id, hash)) => (id + 1, hash.clone()),
        };
        let (format_version, format, payload_hash, payload_salt) = match new.format {
            WriteFormat::V2 => (2, HashFormat::V2, None, None),
            WriteFormat::V3 { salt } => (
                3,
                HashFormat::V3,
                Some(payload_commitment(&salt, &payload)),
                Some(hex::encode(salt)),
            ),
        };
        let mut entry = Entry {
            entry_id,
            timestamp: new.timestamp.to_owned(),
            actor: new.actor.to_owned(),
            action: new.action.to_owned(),
            event_type: Some(new.event_type.to_owned()),
            format_version: Some(format_version),
            payload,
            previous_hash,
            entry_hash: String::new(),
            signature: None,
            signing_key_id: None,
            payload_hash,
            payload_salt,
        };
        entry.entry_hash = entry.compute_hash(format).to_hex();
        if let Some(signer) = signer {
            let signature = signer.key.sign(entry.entry_hash.as_bytes());
            entry.signature = Some(hex::encode(signature.to_bytes()));
            entry.signing_key_id = Some(signer.key_id.clone());
        }
        self.head = Some((entry.entry_id, entry.entry_hash.clone()));
        entry
    }
}

/// Formats seconds since the Unix epoch and microseconds as Python's
/// `datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")`, the form
/// `Ledger.log` stores.
pub fn format_timestamp(secs: i64, micros: u32) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::format_timestamp;

    #[test]
    fn timestamps_print_as_python_strftime() {
        assert_eq!(format_timestamp(0, 0), "1970-01-01T00:00:00.000000Z");
        // 2024-02-29T23:59:59.000001Z: a leap day, one microsecond past the second.
        assert_eq!(
            format_timestamp(1_709_251_199, 1),
            "2024-02-29T23:59:59.000001Z"
        );
        assert_eq!(
            format_timestamp(1_714_564_800, 250_000),
            "2024-05-01T12:00:00.250000Z"
        );
        assert_eq!(format_timestamp(-1, 999_999), "1969-12-31T23:59:59.999999Z");
    }
}
