//! Running a timestamp: every attestation with the message it commits to
//! (`Timestamp.all_attestations()` of the reference).
//!
//! The walk recomputes the messages from the start message instead of storing one per node:
//! a node's message can be 4096 bytes while its branch takes a dozen bytes of input, so storing
//! them all would let a small proof take hundreds of times its size in memory. The walk holds
//! one message per level, at most [`MAX_DEPTH`](super::MAX_DEPTH) of them.
//!
//! Unlike the reference, which keeps the attestations of a node in a set and its operations in
//! a map (a repeated operation replaces the earlier branch), the walk lists every branch read.
//! Each attestation it lists is committed to by the path it gives.

use super::attestation::Attestation;
use super::timestamp::{Branch, Node};

/// An attestation reached from the start message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached<'a> {
    /// The attestation.
    pub attestation: &'a Attestation,
    /// The message it commits to: for a Bitcoin attestation, the block's merkle root in
    /// internal byte order.
    pub message: Vec<u8>,
    /// How many operations lead from the start message to it.
    pub path_length: usize,
}

/// Iterator over the attestations of a timestamp; see [`Timestamp::attestations`].
///
/// [`Timestamp::attestations`]: super::Timestamp::attestations
#[derive(Debug, Clone)]
pub struct Attestations<'a> {
    /// One level per node on the current path: the branches not yet walked and its message.
    stack: Vec<(&'a [Branch], Vec<u8>)>,
}

impl<'a> Attestations<'a> {
    pub(super) fn new(start: &[u8], root: &'a Node) -> Self {
        Self {
            stack: vec![(root.branches(), start.to_vec())],
        }
    }
}

impl<'a> Iterator for Attestations<'a> {
    type Item = Reached<'a>;

    fn next(&mut self) -> Option<Reached<'a>> {
        loop {
            let path_length = self.stack.len().checked_sub(1)?;
            let (branches, message) = self.stack.last_mut()?;
            let Some((branch, rest)) = branches.split_first() else {
                self.stack.pop();
                continue;
            };
            *branches = rest;
            match branch {
                Branch::Attestation(attestation) => {
                    return Some(Reached {
                        attestation,
                        message: message.clone(),
                        path_length,
                    })
                }
                // The limits were checked when the timestamp was read.
                Branch::Op(op, next) => {
                    let result = op.apply(message);
                    self.stack.push((next.branches(), result));
                }
            }
        }
    }
}
