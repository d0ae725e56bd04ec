//! The report order over a count: count descending, ties by word in
//! ascending byte order; whole, or the first `k` without sorting the rest.
//!
//! With millions of distinct words the ranking is a large share of a run,
//! and its memory adds to the map's. So each word is ranked by a 16-byte key
//! built in one pass over the entries (which lie in arena order, so the pass
//! reads memory in sequence): its count, clamped to 32 bits and inverted,
//! its first eight bytes read big-endian (zero-padded: the same order as
//! comparing those bytes), and where its bytes are. Two integer comparisons
//! settle almost every pair; only words sharing both compare whole. Writing
//! the ranked words then touches only each word's bytes (the arena ends
//! every word with a space, so an offset finds it) and, for a count too big
//! for the key, its entry. Nothing else is materialised: the ranked words
//! are produced one at a time, for the report to write.

use super::map::WordMap;
use super::WordHasher;
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy)]
struct Key {
    prefix: u64,
    /// `u32::MAX - min(count, u32::MAX)`: smaller for larger counts; zero
    /// for a count that does not fit.
    inverse_count: u32,
    /// Where the word is: its offset in the parts' arenas laid end to end.
    at: u32,
}

/// The words of `parts` (disjoint maps) in report order, the first `top`
/// of them if given.
pub(crate) fn ranked(
    parts: &[WordMap],
    hasher: WordHasher,
    top: Option<usize>,
) -> impl Iterator<Item = (&str, usize)> {
    // Where each part's arena starts among the offsets.
    let bases: Vec<usize> = parts
        .iter()
        .scan(0, |next, part| {
            let base = *next;
            *next += part.arena_len();
            Some(base)
        })
        .collect();
    let word_at = move |at: u32| {
        let at = at as usize;
        let part = bases.partition_point(|&base| base <= at) - 1;
        (&parts[part], parts[part].word_at(at - bases[part]))
    };
    let mut keys: Vec<Key> = Vec::with_capacity(parts.iter().map(WordMap::len).sum());
    let mut base = 0;
    for map in parts {
        for entry in map.entries() {
            let word = map.word(entry);
            keys.push(Key {
                prefix: prefix(word),
                inverse_count: u32::MAX - u32::try_from(entry.count).unwrap_or(u32::MAX),
                at: u32::try_from(base + WordMap::start(entry))
                    .expect("at most 4 GiB of distinct word text in one count"),
            });
        }
        base += map.arena_len();
    }
    let count_of = move |map: &WordMap, word: &str, key: &Key| match key.inverse_count {
        0 => map.get(word.as_bytes(), hasher.hash(word)),
        inverse => (u32::MAX - inverse) as usize,
    };
    let order = |a: &Key, b: &Key| -> Ordering {
        a.inverse_count
            .cmp(&b.inverse_count)
            .then_with(|| match a.inverse_count {
                // Both counts too big for the key: compare them whole.
                0 => {
                    let (map_a, word_a) = word_at(a.at);
                    let (map_b, word_b) = word_at(b.at);
                    count_of(map_b, word_b, b).cmp(&count_of(map_a, word_a, a))
                }
                _ => Ordering::Equal,
            })
            .then(a.prefix.cmp(&b.prefix))
            .then_with(|| word_at(a.at).1.cmp(word_at(b.at).1))
    };
    match top {
        Some(0) => keys.clear(),
        // Partial selection (linear time) gathers the `k` first; only those
        // are sorted. The order is total (words are distinct), so this is
        // exactly the first `k` of the full order.
        Some(k) if k < keys.len() => {
            keys.select_nth_unstable_by(k - 1, order);
            keys.truncate(k);
            keys.shrink_to_fit();
            keys.sort_unstable_by(order);
        }
        _ => keys.sort_unstable_by(order),
    }
    keys.into_iter().map(move |key| {
        let (map, word) = word_at(key.at);
        (word, count_of(map, word, &key))
    })
}

/// The first eight bytes of `word`, zero-padded, as a big-endian number.
fn prefix(word: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = word.len().min(8);
    bytes[..n].copy_from_slice(&word.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}
