//! `verify_strict` for a key that signs many entries, with fixed-base tables.
//!
//! ed25519-dalek's `VerifyingKey::verify_strict` (2.2) accepts a signature `(R, s)`
//! over `M` under the key `A` exactly when
//!
//! 1. `s` is canonical (`s < ℓ`),
//! 2. `R` decompresses to a point that is not of small order, and `A` is not of
//!    small order, and
//! 3. `compress([s]B − [k]A) == R` byte for byte, with
//!    `k = SHA-512(R ‖ A ‖ M) mod ℓ` over the key's bytes as given.
//!
//! When 3 holds, `R` is the canonical encoding of `E = [s]B − [k]A`, so it
//! decompresses to `E` itself, and 2 is "neither `E` nor `A` is of small order".
//! [`PrecomputedKey::verify_strict`] checks exactly that, in that form: it never
//! decompresses `R` (a square root), and it computes `E` with two fixed-base
//! multiplications over precomputed tables of `B` and `−A` instead of
//! the double-base multiplication (about 2.5x fewer field operations in total).
//! Any correct evaluation gives the same group element, and `compress` is
//! canonical, so the verdict is the same; the tests below compare the two on
//! valid and adversarial signatures (small-order and mixed-order `R` and `A`,
//! non-canonical `s`, `R` and `A` encodings, wrong messages).
//!
//! A table costs about 0.7 MB and a millisecond to build, so [`super::KeyRing`]
//! builds one only for a key that has already signed many entries.

use std::sync::OnceLock;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha512};

/// Bits per signed digit of a scalar: the digits are its bytes, recoded.
const WINDOW: usize = 8;
/// Multiples `1..=HALF` of each position's power of two are stored.
const HALF: usize = 1 << (WINDOW - 1);
/// Digit positions: the 32 bytes, plus one for the final carry of the recoding.
const POSITIONS: usize = 32 + 1;

/// `[d · 2^(8i)] P` for every position `i` and every digit `d` in `1..=128`.
struct FixedBase {
    multiples: Vec<EdwardsPoint>,
}

impl FixedBase {
    fn new(point: EdwardsPoint) -> FixedBase {
        let mut multiples = Vec::with_capacity(POSITIONS * HALF);
        let mut base = point;
        for _ in 0..POSITIONS {
            let mut multiple = base;
            for _ in 0..HALF {
                multiples.push(multiple);
                multiple += base;
            }
            for _ in 0..WINDOW {
                base += base;
            }
        }
        FixedBase { multiples }
    }

    /// `sum + [scalar] P`. The scalar's bytes are recoded into signed digits
    /// `d_i ∈ [−128, 128)` with `Σ d_i 2^(8i)` equal to the scalar as an integer,
    /// so each position costs at most one addition or subtraction.
    fn mul_add(&self, scalar: &Scalar, mut sum: EdwardsPoint) -> EdwardsPoint {
        let mut carry = 0i16;
        let digits = scalar.as_bytes().iter().map(|&b| i16::from(b)).chain([0]);
        for (row, digit) in self.multiples.chunks_exact(HALF).zip(digits) {
            let mut digit = digit + carry;
            carry = i16::from(digit >= HALF as i16);
            digit -= carry << WINDOW;
            let multiple = |d: i16| &row[usize::from(d.unsigned_abs()) - 1];
            if digit > 0 {
                sum += multiple(digit);
            } else if digit < 0 {
                sum -= multiple(digit);
            }
        }
        sum
    }
}

/// The table of the Ed25519 base point, built on first use.
fn basepoint() -> &'static FixedBase {
    static TABLE: OnceLock<FixedBase> = OnceLock::new();
    TABLE.get_or_init(|| FixedBase::new(ED25519_BASEPOINT_POINT))
}

/// A verifying key with the fixed-base table of its negation.
pub(crate) struct PrecomputedKey {
    key: VerifyingKey,
    /// `A` is of small order: `verify_strict` rejects every signature.
    weak: bool,
    minus_a: FixedBase,
}

impl PrecomputedKey {
    pub(crate) fn new(key: &VerifyingKey) -> PrecomputedKey {
        PrecomputedKey {
            key: *key,
            weak: key.is_weak(),
            minus_a: FixedBase::new(-EdwardsPoint::from(*key)),
        }
    }

    /// Exactly `self.key.verify_strict(message, signature).is_ok()` (see the module docs).
    pub(crate) fn verify_strict(&self, message: &[u8], signature: &Signature) -> bool {
        let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(*signature.s_bytes()))
        else {
            return false;
        };
        if self.weak {
            return false;
        }
        let challenge: [u8; 64] = Sha512::new()
            .chain_update(signature.r_bytes())
            .chain_update(self.key.as_bytes())
            .chain_update(message)
            .finalize()
            .into();
        let k = Scalar::from_bytes_mod_order_wide(&challenge);
        let expected_r = self
            .minus_a
            .mul_add(&k, basepoint().mul_add(&s, EdwardsPoint::identity()));
        // `R` is the canonical encoding of `expected_r` here, so `expected_r` is of
        // small order exactly when `R` is one of those points' canonical encodings.
        expected_r.compress().as_bytes() == signature.r_bytes()
            && !SMALL_ORDER.contains(signature.r_bytes())
    }
}

/// The canonical encodings of the eight points of order dividing 8.
const SMALL_ORDER: [[u8; 32]; 8] = [
    from_hex(b"0100000000000000000000000000000000000000000000000000000000000000"),
    from_hex(b"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    from_hex(b"0000000000000000000000000000000000000000000000000000000000000000"),
    from_hex(b"0000000000000000000000000000000000000000000000000000000000000080"),
    from_hex(b"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
    from_hex(b"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
    from_hex(b"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    from_hex(b"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
];

/// 64 lowercase hex digits as bytes, at compile time.
const fn from_hex(text: &[u8; 64]) -> [u8; 32] {
    const fn nibble(digit: u8) -> u8 {
        match digit {
            b'0'..=b'9' => digit - b'0',
            _ => digit - b'a' + 10,
        }
    }
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = nibble(text[2 * i]) << 4 | nibble(text[2 * i + 1]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::edwards::CompressedEdwardsY;
    use ed25519_dalek::Verifier;

    /// The group order ℓ as little-endian bytes: (ℓ − 1) + 1.
    fn order_bytes() -> [u8; 32] {
        let mut bytes = (-Scalar::ONE).to_bytes();
        bytes[0] += 1; // ℓ − 1 ends in 0xec: no carry.
        bytes
    }

    /// Deterministic pseudo-random bytes: SHA-512 of a label and a counter.
    struct Stream(u64);

    impl Stream {
        fn bytes<const N: usize>(&mut self) -> [u8; N] {
            self.0 += 1;
            let digest = Sha512::digest(self.0.to_le_bytes());
            let mut out = [0u8; N];
            out.copy_from_slice(&digest[..N]);
            out
        }

        fn scalar(&mut self) -> Scalar {
            Scalar::from_bytes_mod_order_wide(&self.bytes::<64>())
        }

        fn below(&mut self, n: usize) -> usize {
            usize::from(self.bytes::<2>()[0]) % n
        }
    }

    /// The eight points of order dividing 8, found as `[ℓ]P` of points on the curve.
    fn torsion() -> Vec<EdwardsPoint> {
        let mut points = vec![EdwardsPoint::identity()];
        let mut y = 0u8;
        while points.len() < 8 {
            y += 1;
            let Some(p) = CompressedEdwardsY([y; 32]).decompress() else {
                continue;
            };
            // [ℓ]P = [ℓ − 1]P + P: the torsion component of P, times the cofactor's cofactor.
            let t = p * -Scalar::ONE + p;
            for multiple in (1..8u8).map(|m| t * Scalar::from(m)) {
                if !points.contains(&multiple) {
                    points.push(multiple);
                }
            }
        }
        points
    }

    /// `y + p` when that is below 2^255: a second, non-canonical encoding.
    fn non_canonical(encoding: [u8; 32]) -> Option<[u8; 32]> {
        let mut y = encoding;
        let sign = y[31] & 0x80;
        y[31] &= 0x7f;
        // p = 2^255 - 19, so y + p < 2^255 exactly when y < 19.
        if y[1..].iter().any(|&b| b != 0) || y[0] >= 19 {
            return None;
        }
        let mut out = [0xffu8; 32];
        out[0] = 0xed + y[0];
        out[31] = 0x7f | sign;
        Some(out)
    }

    /// A signature by secret scalar `a` under key bytes `a_bytes`, with nonce
    /// point `r_point` (whose discrete log to `B` is `r` up to torsion).
    fn sign_raw(a: Scalar, a_bytes: &[u8; 32], r: Scalar, r_bytes: [u8; 32], m: &[u8]) -> [u8; 64] {
        let h: [u8; 64] = Sha512::new()
            .chain_update(r_bytes)
            .chain_update(a_bytes)
            .chain_update(m)
            .finalize()
            .into();
        let s = r + Scalar::from_bytes_mod_order_wide(&h) * a;
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r_bytes);
        sig[32..].copy_from_slice(s.as_bytes());
        sig
    }

    /// Adds ℓ to the `s` half (a non-canonical `s` for the same equation) when it fits.
    fn s_plus_order(sig: &mut [u8; 64]) {
        let mut carry = 0u16;
        for (byte, order) in sig[32..].iter_mut().zip(order_bytes()) {
            let sum = u16::from(*byte) + u16::from(order) + carry;
            *byte = sum as u8;
            carry = sum >> 8;
        }
    }

    #[test]
    fn agrees_with_verify_strict_on_valid_and_adversarial_signatures() {
        let torsion = torsion();
        let mut rng = Stream(0);
        // Accepted signatures, those among them whose `R` or `A` has a torsion
        // component, rejected ones, and those that satisfy the equation but are
        // rejected for a small-order `R` or `A`.
        let (mut accepted, mut accepted_torsion, mut rejected, mut equation_only) = (0, 0, 0, 0);
        // Keys: honest ones, mixed-order ones (A0 + T), and small-order ones, each
        // also in a non-canonical encoding where one exists.
        for key_index in 0..24 {
            let a = rng.scalar();
            let t = torsion[key_index % 8];
            let point = match key_index % 3 {
                0 => EdwardsPoint::mul_base(&a),
                1 => EdwardsPoint::mul_base(&a) + t,
                _ => t,
            };
            let mut encodings = vec![point.compress().to_bytes()];
            encodings.extend(non_canonical(point.compress().to_bytes()));
            for a_bytes in encodings {
                let Ok(key) = VerifyingKey::from_bytes(&a_bytes) else {
                    continue;
                };
                let fast = PrecomputedKey::new(&key);
                for round in 0..40 {
                    let message = format!("{:064x}", rng.0 * 7 + round);
                    let r = rng.scalar();
                    // Nonce points: honest, mixed order, small order, non-canonical.
                    let tr = torsion[rng.below(8)];
                    let r_point = match round % 4 {
                        0 | 1 => EdwardsPoint::mul_base(&r),
                        2 => EdwardsPoint::mul_base(&r) + tr,
                        _ => tr,
                    };
                    let mut r_encodings = vec![r_point.compress().to_bytes()];
                    r_encodings.extend(non_canonical(r_point.compress().to_bytes()));
                    for r_bytes in r_encodings {
                        let good = sign_raw(a, &a_bytes, r, r_bytes, message.as_bytes());
                        let mut variants = vec![good];
                        let mut bigger_s = good;
                        s_plus_order(&mut bigger_s);
                        variants.push(bigger_s);
                        let mut flipped = good;
                        flipped[rng.below(64)] ^= 1 << rng.below(8);
                        variants.push(flipped);
                        let mut high_s = good;
                        high_s[63] |= 0xf0;
                        variants.push(high_s);
                        for bytes in variants {
                            let signature = Signature::from_bytes(&bytes);
                            for m in [message.as_bytes(), b"another message".as_slice()] {
                                let strict = key.verify_strict(m, &signature).is_ok();
                                assert_eq!(
                                    fast.verify_strict(m, &signature),
                                    strict,
                                    "key {a_bytes:02x?} signature {bytes:02x?}"
                                );
                                if strict {
                                    accepted += 1;
                                    accepted_torsion +=
                                        u32::from(key_index % 3 == 1 || round % 4 == 2);
                                } else {
                                    rejected += 1;
                                }
                            }
                        }
                    }
                    // `R` of small order and `s = k·a`: the equation holds whenever
                    // `[k]` maps the key's torsion part to `R`, and only the
                    // small-order rule rejects (the lax `verify` accepts).
                    for t in &torsion {
                        let r_bytes = t.compress().to_bytes();
                        let bytes =
                            sign_raw(a, &a_bytes, Scalar::ZERO, r_bytes, message.as_bytes());
                        let signature = Signature::from_bytes(&bytes);
                        let strict = key.verify_strict(message.as_bytes(), &signature).is_ok();
                        assert_eq!(fast.verify_strict(message.as_bytes(), &signature), strict);
                        let lax = key.verify(message.as_bytes(), &signature).is_ok();
                        equation_only += u32::from(lax && !strict);
                    }
                }
            }
        }
        // Each outcome must be well represented for the comparison to mean anything.
        assert!(
            accepted > 200 && accepted_torsion > 20 && rejected > 5000 && equation_only > 20,
            "{accepted} accepted ({accepted_torsion} with torsion), {rejected} rejected, \
             {equation_only} rejected only for a small-order R or A"
        );
    }

    #[test]
    fn small_order_encodings_are_those_of_the_eight_torsion_points() {
        let mut expected: Vec<[u8; 32]> =
            torsion().iter().map(|t| t.compress().to_bytes()).collect();
        let mut listed = SMALL_ORDER.to_vec();
        expected.sort();
        listed.sort();
        assert_eq!(listed, expected);
    }

    #[test]
    fn fixed_base_multiplication_matches_scalar_multiplication() {
        let mut rng = Stream(1 << 40);
        let p = EdwardsPoint::mul_base(&rng.scalar()) + torsion()[3];
        let table = FixedBase::new(p);
        let mut scalars = vec![Scalar::ZERO, Scalar::ONE, -Scalar::ONE, Scalar::from(128u8)];
        scalars.extend((0..200).map(|_| rng.scalar()));
        for k in scalars {
            assert_eq!(table.mul_add(&k, EdwardsPoint::identity()), p * k);
        }
    }
}
