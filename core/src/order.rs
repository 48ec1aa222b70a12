//! Stable sorting through one instantiation of the standard library's sort.
//!
//! `slice::sort_by` is compiled once per element type and comparator, about 6 KB
//! of WebAssembly each, and the npm package and the viewer download every copy.
//! Core therefore sorts positions with a comparator behind `dyn`: one copy.

use std::cmp::Ordering;

/// The positions `0..len`, stably sorted by `compare` (positions that compare
/// equal keep their order).
pub(crate) fn sorted_positions(
    len: usize,
    compare: &dyn Fn(usize, usize) -> Ordering,
) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    positions.sort_by(|&a, &b| compare(a, b));
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_elements_keep_their_order() {
        let keys = [3, 1, 3, 0, 1];
        assert_eq!(
            sorted_positions(keys.len(), &|a, b| keys[a].cmp(&keys[b])),
            [3, 1, 4, 0, 2]
        );
    }
}
