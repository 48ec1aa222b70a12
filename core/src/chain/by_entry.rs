//! Checks waiting for the entry they name (witness attestations, anchors): their
//! indexes sorted by entry id, found by binary search as each entry streams past.
//! A sorted list rather than a map of lists: the same lookups, without another map's
//! code in the WebAssembly modules (docs/PERFORMANCE.md).

use crate::order::sorted_positions;

/// `(entry id, index)` pairs, sorted by entry id, then index.
#[derive(Debug, Default)]
pub(super) struct ByEntry(Vec<(i64, usize)>);

impl ByEntry {
    /// Indexes `0..` of `named`, each under the entry id it names (`None`: none).
    pub(super) fn new(named: impl Iterator<Item = Option<i64>>) -> ByEntry {
        let pairs: Vec<(i64, usize)> = named
            .enumerate()
            .filter_map(|(index, id)| Some((id?, index)))
            .collect();
        let order = sorted_positions(pairs.len(), &|a, b| pairs[a].0.cmp(&pairs[b].0));
        ByEntry(order.into_iter().map(|i| pairs[i]).collect())
    }

    /// The indexes naming entry `id`, in index order.
    pub(super) fn naming(&self, id: i64) -> impl Iterator<Item = usize> + '_ {
        let first = self.0.partition_point(|&(named, _)| named < id);
        let pairs = self.0[first..].iter();
        pairs
            .take_while(move |&&(named, _)| named == id)
            .map(|&(_, index)| index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entry_finds_exactly_the_indexes_naming_it_in_index_order() {
        let named = [Some(5), None, Some(2), Some(5), Some(9), Some(2)];
        let by_entry = ByEntry::new(named.iter().copied());
        for id in 0..12 {
            let naive: Vec<usize> = (0..named.len()).filter(|&i| named[i] == Some(id)).collect();
            assert_eq!(by_entry.naming(id).collect::<Vec<_>>(), naive, "entry {id}");
        }
    }
}
