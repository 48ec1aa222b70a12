//! RFC 9162 section 2.1 Merkle trees.
