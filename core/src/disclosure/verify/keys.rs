//! The key ring a disclosure's signatures are checked with: the caller's keys, which
//! the disclosure's own `public_keys` must agree with, or else those self-asserted keys.

use super::super::Disclosure;
use super::report::{DisclosureFindingKind, DisclosureOptions};
use super::Run;
use crate::signature::{parse_public_key, KeyRing};

/// The ring signatures are checked with, and whether it is self-asserted.
pub(super) fn ring(
    disclosure: &Disclosure,
    options: &DisclosureOptions,
    run: &mut Run,
) -> (KeyRing, bool) {
    let Some(trusted) = &options.keys else {
        let mut ring = KeyRing::new();
        for (key_id, key) in &disclosure.public_keys {
            // Parsing rejected keys that are not curve points.
            let _ = ring.insert_hex(key_id, key);
        }
        return (ring, true);
    };
    for (key_id, key) in &disclosure.public_keys {
        let same = parse_public_key(key)
            .ok()
            .zip(trusted.get(key_id))
            .is_some_and(|(a, b)| a == *b);
        if !same {
            run.fail(
                None,
                format!("public_keys.{key_id}"),
                DisclosureFindingKind::KeyDisagreement,
                format!("the disclosure's public key for {key_id:?} is not the one you supplied"),
            );
        }
    }
    (trusted.clone(), false)
}
