//! Results that arrive in any order, handed out in the order of their numbers.

use std::collections::BTreeMap;

/// Holds results numbered `0, 1, 2, …` until every earlier one has been taken.
#[derive(Debug)]
pub struct InOrder<T> {
    next: u64,
    waiting: BTreeMap<u64, T>,
}

impl<T> Default for InOrder<T> {
    fn default() -> InOrder<T> {
        InOrder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<T> InOrder<T> {
    /// Nothing received yet; the first result is number 0.
    pub fn new() -> InOrder<T> {
        InOrder::default()
    }

    /// Keeps result `id`. Returns false, and keeps nothing, when `id` was already
    /// taken or is waiting.
    pub fn insert(&mut self, id: u64, result: T) -> bool {
        if id < self.next || self.waiting.contains_key(&id) {
            return false;
        }
        self.waiting.insert(id, result);
        true
    }

    /// The next result in order, once it has arrived.
    pub fn pop(&mut self) -> Option<T> {
        let result = self.waiting.remove(&self.next)?;
        self.next += 1;
        Some(result)
    }

    /// How many results have been taken.
    pub fn taken(&self) -> u64 {
        self.next
    }

    /// How many results arrived early and wait for an earlier one.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }
}
