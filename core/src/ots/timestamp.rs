//! A timestamp: the tree of operations and attestations that commits a start message to
//! attestations (python-opentimestamps `core/timestamp.py`, `Timestamp.serialize` and
//! `Timestamp.deserialize`).
//!
//! Each node is a message. On the wire a node is a list of branches, every branch but the last
//! preceded by the fork marker `0xff`. A branch is either an attestation (`0x00`, then
//! [`Attestation`]) or an operation ([`Op`]) followed by the node of its result. The wire format
//! carries no messages: the reader computes each one from the start message, as the reference
//! does, so a proof whose operations break a limit is rejected while it is read.
//!
//! The tree keeps branches in the order read, so [`Timestamp::to_bytes`] gives back the input
//! exactly, except that a non-minimal `varuint` (which the reference also accepts) is written in
//! its minimal form. The reference re-sorts branches and merges repeated ones when it
//! serialises; the proofs calendars make are already in its order.

use super::attestation::Attestation;
use super::error::{OtsError, OtsErrorKind};
use super::execute::Attestations;
use super::op::Op;
use super::wire::Reader;
use super::{MAX_DEPTH, MAX_MSG_LENGTH};

/// The fork marker: another branch follows this one.
const FORK: u8 = 0xff;
/// The attestation marker.
const ATTESTATION: u8 = 0x00;

/// A timestamp for a start message, read and checked against the reference's limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    start: Vec<u8>,
    root: Node,
}

/// A node of the tree: the branches that leave one message. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    branches: Vec<Branch>,
}

/// One branch leaving a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Branch {
    /// The node's message is attested.
    Attestation(Attestation),
    /// The operation applied to the node's message gives the message of the next node.
    Op(Op, Node),
}

impl Timestamp {
    /// Reads a bare serialised timestamp (no `.ots` header) for the message `start`, as
    /// `Timestamp.deserialize(ctx, start)` followed by `assert_eof` does. For Nexuscone's
    /// `anchors.ots_proof_blob`, `start` is the raw 32 bytes of `chain_head_hash`.
    ///
    /// # Errors
    /// [`OtsError`] with the offset in `bytes` where reading stopped: truncated or trailing
    /// input, an unknown operation, an attestation that does not read, a limit broken.
    pub fn parse(bytes: &[u8], start: &[u8]) -> Result<Self, OtsError> {
        let mut input = Reader::new(bytes, 0);
        let timestamp = Self::read(&mut input, start)?;
        input.finish(|count| OtsErrorKind::TrailingBytes { count })?;
        Ok(timestamp)
    }

    /// Reads a timestamp for `start` from `input`, leaving what follows it.
    pub(super) fn read(input: &mut Reader, start: &[u8]) -> Result<Self, OtsError> {
        if start.len() > MAX_MSG_LENGTH {
            let kind = OtsErrorKind::StartTooLong {
                length: start.len(),
            };
            return Err(OtsError::at(input.offset(), kind));
        }
        let root = Node::read(input, start, 0)?;
        Ok(Self {
            start: start.to_vec(),
            root,
        })
    }

    /// The serialisation: the input it was read from, with `varuint`s in minimal form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.root.write(&mut out);
        out
    }

    /// The start message.
    pub fn start(&self) -> &[u8] {
        &self.start
    }

    /// The node of the start message.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// Every attestation with the message it commits to, depth first in the order read.
    pub fn attestations(&self) -> Attestations<'_> {
        Attestations::new(&self.start, &self.root)
    }
}

impl Node {
    /// The branches, in the order read.
    pub fn branches(&self) -> &[Branch] {
        &self.branches
    }

    /// Reads the node of message `msg`, `depth` operations below the start.
    fn read(input: &mut Reader, msg: &[u8], depth: usize) -> Result<Self, OtsError> {
        if depth == MAX_DEPTH {
            return Err(OtsError::at(input.offset(), OtsErrorKind::TooDeep));
        }
        let mut branches = Vec::new();
        loop {
            let mut tag_offset = input.offset();
            let mut tag = input.byte()?;
            let forked = tag == FORK;
            if forked {
                tag_offset = input.offset();
                tag = input.byte()?;
            }
            branches.push(Branch::read(input, tag, tag_offset, msg, depth)?);
            if !forked {
                return Ok(Self { branches });
            }
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        let last = self.branches.len().saturating_sub(1);
        for (index, branch) in self.branches.iter().enumerate() {
            if index != last {
                out.push(FORK);
            }
            branch.write(out);
        }
    }
}

impl Branch {
    /// Reads the branch whose first byte, at `tag_offset`, was `tag`.
    fn read(
        input: &mut Reader,
        tag: u8,
        tag_offset: usize,
        msg: &[u8],
        depth: usize,
    ) -> Result<Self, OtsError> {
        if tag == ATTESTATION {
            return Ok(Self::Attestation(Attestation::read(input)?));
        }
        let op = Op::read(tag, tag_offset, input)?;
        op.check(msg.len())
            .map_err(|limit| OtsError::op_limit(tag_offset, &op, msg.len(), limit))?;
        let next = Node::read(input, &op.apply(msg), depth + 1)?;
        Ok(Self::Op(op, next))
    }

    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Self::Attestation(attestation) => {
                out.push(ATTESTATION);
                attestation.write(out);
            }
            Self::Op(op, next) => {
                op.write(out);
                next.write(out);
            }
        }
    }
}
