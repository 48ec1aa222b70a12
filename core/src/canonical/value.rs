//! The JSON data model as Python's `json` module sees it.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::order::sorted_positions;

use super::{JsonString, Number};

/// A parsed JSON value: what `json.loads` returns, in Rust.
///
/// Objects are kept as member lists. [`parse`](super::parse) returns them sorted
/// by key with duplicates removed (the last value wins, as in a Python `dict`);
/// values built by hand may be in any order and may repeat keys, and the printer
/// applies the same rule (sort by code point, last duplicate wins).
///
/// Recursive drop and clone stay well within the stack for anything up to
/// [`MAX_DEPTH`](super::MAX_DEPTH) levels, which is all the parser produces; the
/// printer is iterative and handles any depth.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (Python `None`).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An `int` or a `float`.
    Number(Number),
    /// A string, possibly with lone surrogates.
    String(JsonString),
    /// An array (Python `list`).
    Array(Vec<Value>),
    /// An object (Python `dict`) as `(key, value)` members.
    Object(Vec<(JsonString, Value)>),
}

impl Value {
    /// What kind of value this is, for error messages: `an integer`, `a string`, …
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(Number::Int(_)) => "an integer",
            Value::Number(Number::Float(_)) => "a float",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s.into())
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Number(v.into())
    }
}

impl From<u64> for Value {
    fn from(v: u64) -> Self {
        Value::Number(v.into())
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

/// A string-to-string map (key ids to hex keys, say) as an object.
impl From<&BTreeMap<String, String>> for Value {
    fn from(map: &BTreeMap<String, String>) -> Self {
        Value::Object(
            map.iter()
                .map(|(k, v)| (k.as_str().into(), v.as_str().into()))
                .collect(),
        )
    }
}

/// The members a Python `dict` built from `members` holds, in the order
/// `sort_keys` prints them: positions in `members`, sorted by `order`, and of
/// equal keys only the last (a `dict` keeps the last value written to a key).
pub(crate) fn dict_order(
    members: &[(JsonString, Value)],
    order: &dyn Fn(&JsonString, &JsonString) -> Ordering,
) -> Vec<usize> {
    let sorted = sorted_positions(members.len(), &|a, b| order(&members[a].0, &members[b].0));
    let mut kept: Vec<usize> = Vec::with_capacity(sorted.len());
    for position in sorted {
        match kept.last_mut() {
            Some(last) if members[*last].0 == members[position].0 => *last = position,
            _ => kept.push(position),
        }
    }
    kept
}
