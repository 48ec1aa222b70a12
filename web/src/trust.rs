//! Trust anchors: the entry-signing public keys the user vouches for.
//!
//! Keys that come inside a ledger (a bundle's `public_keys`) prove only that the
//! ledger is consistent with itself; keys the user supplies prove authorship.

use std::collections::BTreeMap;

use nexuscone_core::signature::KeyRing;

/// The signing keys the user supplied, and where they came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustAnchors {
    /// Key id to lowercase hex Ed25519 public key.
    pub signing_keys: BTreeMap<String, String>,
    /// Where the keys came from (a file name, "pasted", "demo keys.json").
    pub source: String,
}

impl TrustAnchors {
    /// Parses keys from text: a JSON object of key id to hex key (the `keys.json`
    /// the CLI takes), or lines of `key-id hex`. Each key is checked by the core
    /// key ring, so a bad key is refused here rather than failing every entry.
    ///
    /// # Errors
    /// A sentence naming the line or key that could not be read.
    pub fn parse(text: &str, source: &str) -> Result<TrustAnchors, String> {
        let trimmed = text.trim();
        let signing_keys: BTreeMap<String, String> = if trimmed.starts_with('{') {
            serde_json::from_str::<BTreeMap<String, String>>(trimmed).map_err(|e| {
                format!("{source}: expected a JSON object of key id to hex public key: {e}")
            })?
        } else {
            let mut keys = BTreeMap::new();
            for (number, line) in trimmed.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let mut parts = line.split(|c: char| c.is_whitespace() || c == '=' || c == ':');
                let id = parts.next();
                let (Some(id), Some(key)) = (id, parts.rfind(|p| !p.is_empty())) else {
                    return Err(format!(
                        "{source}, line {}: expected `key-id hex-public-key`, found {line:?}",
                        number + 1
                    ));
                };
                keys.insert(id.to_owned(), key.to_owned());
            }
            keys
        };
        let signing_keys: BTreeMap<String, String> = signing_keys
            .into_iter()
            .map(|(id, key)| (id, key.trim().to_ascii_lowercase()))
            .collect();
        KeyRing::from_hex(signing_keys.iter().map(|(i, k)| (i.as_str(), k.as_str())))
            .map_err(|e| format!("{source}: {e}"))?;
        Ok(TrustAnchors {
            signing_keys,
            source: source.to_owned(),
        })
    }

    /// The keys as the core's key ring (already validated by [`TrustAnchors::parse`]).
    pub fn key_ring(&self) -> KeyRing {
        KeyRing::from_hex(
            self.signing_keys
                .iter()
                .map(|(id, key)| (id.as_str(), key.as_str())),
        )
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_json_and_lines_give_the_same_anchors() {
        let json = std::str::from_utf8(crate::demo::KEYS).unwrap();
        let from_json = TrustAnchors::parse(json, "keys.json").unwrap();
        let lines: String = from_json
            .signing_keys
            .iter()
            .map(|(id, key)| format!("{id} {}\n", key.to_ascii_uppercase()))
            .collect();
        let from_lines = TrustAnchors::parse(&lines, "keys.json").unwrap();
        assert_eq!(from_json, from_lines);
        assert_eq!(from_json.signing_keys.len(), 2);
    }

    #[test]
    fn a_key_that_is_not_32_bytes_of_hex_is_refused_by_name() {
        let err = TrustAnchors::parse("key-x abcd", "pasted").unwrap_err();
        assert!(err.contains("key-x"), "{err}");
    }
}
