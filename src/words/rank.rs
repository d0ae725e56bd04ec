//! The report order over a count: count descending, ties by word in
//! ascending byte order; whole, or the first `k` without sorting the rest.
//!
//! With millions of distinct words the ranking is a large share of a run,
//! and its memory adds to the map's. So each word is ranked by one 128-bit
//! integer ([`Key`]) built in one pass over the entries (which lie in arena
//! order, so the pass reads memory in sequence): its count, clamped to 28
//! bits and inverted, its first eight bytes read big-endian (zero-padded:
//! the same order as comparing those bytes), its length up to 15, and where
//! its bytes are. A full ranking is then a sort of integers, and one pass
//! that sorts again, by their words, the rare runs of keys that tie on count
//! and prefix. Writing the ranked words touches nothing for a word of at
//! most eight bytes (its key holds it), only the word's bytes for a longer
//! one, and its entry for a count too big for the key. Nothing else is
//! materialised: the ranked words are produced one at a time.
//!
//! A count in parts (`partitioned`'s, one part per worker) is ranked part by
//! part, each part on a thread of its own when it is large
//! ([`thread::map_scoped`]), and the sorted runs are merged as the words are
//! written. Ranking was one thread's work after a parallel count: on 3.3 M
//! distinct words a third of the whole run, which capped what a second
//! worker could gain (see the README's cost model). A part's first `k` are
//! selected in the part, since the first `k` of the whole are among them.

use super::map::WordMap;
use super::WordHasher;
use crate::sync::thread;
use std::cmp::Ordering;

/// Below this many distinct words in all, the parts are ranked one after
/// the other: a thread costs more than sorting them. (Under Miri a few
/// dozen, so its check of the threaded path stays small.)
const PARALLEL_FROM: usize = if cfg!(miri) { 64 } else { 1 << 15 };

/// Counts from this one up are not held in a key: the key says "look it
/// up", and two such words compare their counts whole.
const KEYED_COUNTS: usize = (1 << 28) - 1;

/// The word lengths a key holds; a longer word's key says "find its end".
const KEYED_LENGTH: usize = 15;

/// A word's ranking key, one integer, so that sorting keys is sorting
/// integers. From the top bit down:
/// - 28 bits: `KEYED_COUNTS - min(count, KEYED_COUNTS)`, smaller for larger
///   counts; zero for a count to look up;
/// - 64 bits: the word's first eight bytes, big-endian, zero-padded;
/// - 4 bits: `min(len, 15)`. A word of at most eight bytes is its prefix,
///   and writing it needs nothing else; a longer one needs no search for
///   its end;
/// - 32 bits: where the word is, its offset in its part's arena.
///
/// The integer order is the report order except among keys that tie on
/// the first 92 bits and are not all short, or whose counts are looked up
/// ([`needs_words`]): [`Part::run`] sorts those few again by [`order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key(u128);

impl Key {
    fn new(word: &str, count: usize, at: usize) -> Key {
        let inverse = (KEYED_COUNTS - count.min(KEYED_COUNTS)) as u128;
        let len = word.len().min(KEYED_LENGTH) as u128;
        let at = u32::try_from(at).expect("a map's offsets are 32-bit");
        Key(inverse << 100 | u128::from(prefix(word)) << 36 | len << 32 | u128::from(at))
    }

    /// Zero when the count must be looked up.
    fn inverse_count(self) -> u32 {
        (self.0 >> 100) as u32
    }

    /// The count and the prefix: what two integer comparisons settle.
    fn class(self) -> u128 {
        self.0 >> 36
    }

    /// The word's length if it is in the key, else `KEYED_LENGTH`.
    fn len(self) -> usize {
        (self.0 >> 32) as usize & 0xf
    }

    fn at(self) -> usize {
        self.0 as u32 as usize
    }

    fn prefix(self) -> u64 {
        (self.0 >> 36) as u64
    }
}

/// Whether keys that tie on [`Key::class`] need their words (or counts) to
/// be ordered: the integer order is right for short words, whose lengths
/// break the tie ("a" before "a\0"), but not for longer ones, and not for
/// counts too big for the key.
fn needs_words(a: Key, b: Key) -> bool {
    a.inverse_count() == 0 || a.len() > 8 || b.len() > 8
}

/// One part's words, ready to compare and write.
#[derive(Clone, Copy)]
struct Part<'a> {
    map: &'a WordMap,
    hasher: WordHasher,
}

impl<'a> Part<'a> {
    fn word(self, key: Key) -> &'a str {
        match key.len() {
            KEYED_LENGTH => self.map.word_at(key.at()),
            len => self.map.word_of_len(key.at(), len),
        }
    }

    fn count(self, key: Key) -> usize {
        match key.inverse_count() {
            0 => {
                let word = self.word(key);
                self.map.get(word, self.hasher.hash(word))
            }
            inverse => KEYED_COUNTS - inverse as usize,
        }
    }

    /// The part's keys in report order, the first `top` if given.
    fn run(self, top: Option<usize>) -> Vec<Key> {
        let mut keys: Vec<Key> = Vec::new();
        if top == Some(0) {
            return keys;
        }
        keys.reserve_exact(self.map.len());
        keys.extend(
            self.map
                .entries()
                .iter()
                .map(|entry| Key::new(self.map.word(entry), entry.count, WordMap::start(entry))),
        );
        let order = |a: &Key, b: &Key| order((self, *a), (self, *b));
        match top {
            // Partial selection (linear time) gathers the `k` first; only
            // those are sorted. The order is total (words are distinct), so
            // this is exactly the first `k` of the full order.
            Some(k) if k < keys.len() => {
                keys.select_nth_unstable_by(k - 1, order);
                keys.truncate(k);
                keys.shrink_to_fit();
                keys.sort_unstable_by(order);
            }
            // The whole order: sort the integers, then the few runs of
            // keys whose tie the integers cannot break.
            _ => {
                keys.sort_unstable();
                for tied in keys.chunk_by_mut(|a, b| {
                    a.class() == b.class() || a.inverse_count() == 0 && b.inverse_count() == 0
                }) {
                    // Sorted by length within a class: if any is long,
                    // the last is.
                    if tied.len() > 1 && needs_words(tied[0], tied[tied.len() - 1]) {
                        tied.sort_unstable_by(order);
                    }
                }
            }
        }
        keys
    }
}

/// Report order between two ranked words, each with its part: the integer
/// order of their keys where that settles it.
#[inline(always)]
fn order((part_a, a): (Part<'_>, Key), (part_b, b): (Part<'_>, Key)) -> Ordering {
    if a.class() != b.class() && (a.inverse_count() != 0 || b.inverse_count() != 0) {
        return a.class().cmp(&b.class());
    }
    order_tied((part_a, a), (part_b, b))
}

/// [`order`] for keys that tie on their class, or whose counts are both
/// looked up.
#[cold]
#[inline(never)]
fn order_tied((part_a, a): (Part<'_>, Key), (part_b, b): (Part<'_>, Key)) -> Ordering {
    match a.inverse_count() {
        // Both counts too big for the key: compare them whole.
        0 => part_b.count(b).cmp(&part_a.count(a)),
        _ => Ordering::Equal,
    }
    .then(a.prefix().cmp(&b.prefix()))
    .then_with(|| match (a.len(), b.len()) {
        // Both words are their prefixes, zero-padded: the shorter is the
        // other's prefix ("a" and "a\0").
        (len_a @ ..=8, len_b @ ..=8) => len_a.cmp(&len_b),
        _ => part_a.word(a).cmp(part_b.word(b)),
    })
}

/// The keys of `parts` (disjoint maps) in report order, each with its
/// part, the first `top` of them if given.
fn merged<'a>(
    parts: &'a [WordMap],
    hasher: WordHasher,
    top: Option<usize>,
) -> impl Iterator<Item = (Part<'a>, Key)> {
    let parts: Vec<Part<'_>> = parts.iter().map(|map| Part { map, hasher }).collect();
    let rank = |part: &Part<'_>| part.run(top);
    let words: usize = parts.iter().map(|part| part.map.len()).sum();
    let runs = if parts.len() > 1 && words >= PARALLEL_FROM {
        thread::map_scoped(&parts, rank)
    } else {
        parts.iter().map(rank).collect()
    };
    itertools::kmerge_by(
        runs.into_iter()
            .zip(parts)
            .map(|(run, part)| run.into_iter().map(move |key| (part, key))),
        |a: &(Part<'_>, Key), b: &(Part<'_>, Key)| order(*a, *b).is_lt(),
    )
    .take(top.unwrap_or(usize::MAX))
}

/// The words of `parts` (disjoint maps) in report order, the first `top`
/// of them if given.
pub(crate) fn ranked(
    parts: &[WordMap],
    hasher: WordHasher,
    top: Option<usize>,
) -> impl Iterator<Item = (&str, usize)> {
    merged(parts, hasher, top).map(|(part, key)| (part.word(key), part.count(key)))
}

/// `write` of each word of `parts` and its count, in report order, the
/// first `top` if given; the first error stops it. A word of at most eight
/// bytes is written from its key, without reading the arena: with millions
/// of distinct words, each such read is a cache miss on one thread.
pub(crate) fn for_each_ranked<E>(
    parts: &[WordMap],
    hasher: WordHasher,
    top: Option<usize>,
    mut write: impl FnMut(&str, usize) -> Result<(), E>,
) -> Result<(), E> {
    for (part, key) in merged(parts, hasher, top) {
        let count = part.count(key);
        match key.len() {
            len @ ..=8 => {
                let bytes = key.prefix().to_be_bytes();
                let word = std::str::from_utf8(&bytes[..len])
                    .expect("a word of at most eight bytes is its key's prefix");
                write(word, count)?;
            }
            _ => write(part.word(key), count)?,
        }
    }
    Ok(())
}

/// The first eight bytes of `word`, zero-padded, as a big-endian number.
fn prefix(word: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = word.len().min(8);
    bytes[..n].copy_from_slice(&word.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use crate::words::{Counts, WordHasher};

    /// Keys that tie on count and prefix: a short word first (its length
    /// orders it), then longer ones that only their bytes order; and counts
    /// too big for a key.
    #[test]
    fn ties_on_count_and_prefix_are_broken_by_the_words() {
        let big = super::KEYED_COUNTS + 5;
        let counts: Counts = [
            ("abcdefghz", 2),
            ("abcdefgh", 2),
            ("abcdefghab", 2),
            ("abcdefg", 2),
            ("abcdefghb", 2),
            ("zz", big),
            ("yy", big + 1),
            ("ab", big),
        ]
        .into_iter()
        .map(|(word, n)| (word.to_owned(), n))
        .collect();
        let expected = [
            ("yy", big + 1),
            ("ab", big),
            ("zz", big),
            ("abcdefg", 2),
            ("abcdefgh", 2),
            ("abcdefghab", 2),
            ("abcdefghb", 2),
            ("abcdefghz", 2),
        ];
        assert_eq!(counts.sorted(), expected);
    }

    /// Enough words for the parts to be ranked on threads of their own,
    /// with shared prefixes, long words and tied counts; against a plain
    /// sort.
    #[test]
    fn parts_ranked_on_threads_merge_into_the_report_order() {
        let words = 3 * super::PARALLEL_FROM / 2;
        let mut counts = Counts::partitioned(WordHasher::new(), 3);
        for i in 0..words {
            let word = format!("{}{i}", ["", "abcdefgh", "abcdefghijklmnopq"][i % 3]);
            counts.insert(&word, i % 7 + 1);
        }
        let mut expected: Vec<(String, usize)> = counts.clone().into_iter().collect();
        expected.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let owned = |ranked: Vec<(&str, usize)>| -> Vec<(String, usize)> {
            ranked.into_iter().map(|(w, n)| (w.to_owned(), n)).collect()
        };
        assert_eq!(owned(counts.sorted()), expected);
        assert_eq!(owned(counts.top(words / 3)), expected[..words / 3]);
        let mut written = Vec::new();
        counts
            .for_each_ranked(Some(words - 1), |word, n| {
                written.push((word.to_owned(), n));
                Ok::<(), ()>(())
            })
            .expect("collects");
        assert_eq!(written, expected[..words - 1]);
    }
}
