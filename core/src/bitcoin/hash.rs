//! The two 32-byte values of a block header that must not be mixed up: the block's hash and
//! its merkle root.
//!
//! Both are kept in *internal* byte order, as they sit in the header and as hashes produce
//! them. Block explorers and `bitcoin-cli` print them byte-reversed ("display order"); `Display`
//! does the same so a printed value can be looked up, and [`BlockHash::from_display_hex`] reads
//! what they print.

use core::fmt;

macro_rules! reversed_hash {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name([u8; 32]);

        impl $name {
            /// Wraps 32 bytes in internal byte order.
            pub const fn from_internal(bytes: [u8; 32]) -> Self {
                Self(bytes)
            }

            /// Reads 32 bytes in internal byte order; `None` for any other length.
            pub fn from_internal_slice(bytes: &[u8]) -> Option<Self> {
                bytes.try_into().ok().map(Self)
            }

            /// Reads 64 hex digits in display order (as explorers and `bitcoin-cli` print).
            pub fn from_display_hex(text: &str) -> Option<Self> {
                let mut bytes: [u8; 32] = hex::decode(text).ok()?.try_into().ok()?;
                bytes.reverse();
                Some(Self(bytes))
            }

            /// The bytes in internal order.
            pub const fn internal(&self) -> &[u8; 32] {
                &self.0
            }

            /// Lower-case hex in internal byte order.
            pub fn to_internal_hex(&self) -> String {
                hex::encode(self.0)
            }
        }

        impl fmt::Display for $name {
            /// Lower-case hex in display order (byte-reversed).
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.iter().rev().try_for_each(|b| write!(f, "{b:02x}"))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }
    };
}

reversed_hash!(
    /// A block's hash: the double SHA-256 of its 80-byte header.
    BlockHash
);

reversed_hash!(
    /// A block's merkle root: bytes 36..68 of its header, the root of its transactions. What a
    /// Bitcoin attestation of OpenTimestamps commits to.
    MerkleRoot
);
