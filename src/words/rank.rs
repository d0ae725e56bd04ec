//! The report order over a count: count descending, ties by word in
//! ascending byte order; whole, or the first `k` without sorting the rest.
//!
//! With millions of distinct words the ranking is a large share of a run,
//! and its memory adds to the map's. So each word is ranked by one 128-bit
//! integer ([`Key`]), for a full ranking built in one pass over the entries
//! (which lie in arena order, so the pass reads memory in sequence), and
//! for the first `k` only where a word can still be among them
//! ([`Part::first`]): its count, clamped to 28
//! bits and inverted, its first eight bytes read big-endian (zero-padded:
//! the same order as comparing those bytes), its length up to 15, and where
//! its bytes are. A full ranking is then a sort of integers, and one pass
//! that sorts again, by their words, the rare runs of keys that tie on count
//! and prefix. Writing the ranked words touches nothing for a word of at
//! most eight bytes (its key holds it), only the word's bytes for a longer
//! one, and its entry for a count too big for the key. Nothing else is
//! materialised: the ranked words are produced a chunk of lines at a time.
//!
//! A count in parts (`partitioned`'s, one part per worker) is ranked part by
//! part, each part on a thread of its own when it is large
//! ([`thread::map_scoped`]), and the sorted runs are merged as the words are
//! written: cut into chunks at keys found by binary search in every run, each
//! chunk merged and formatted on a part's thread while the caller writes the
//! chunks before it ([`thread::map_ordered`]). Ranking, then formatting, were
//! one thread's work after a parallel count: on 3.3 M distinct words a third
//! of the whole run, which capped what a second worker could gain (see the
//! README's cost model). A part's first `k` are
//! selected in the part, since the first `k` of the whole are among them.

use super::map::{Entry, WordMap};
use super::WordHasher;
use crate::sync::thread;
use std::cmp::Ordering;
use std::ops::Range;

/// Below this many distinct words in all, the parts are ranked one after
/// the other: a thread costs more than sorting them. (Under Miri a few
/// dozen, so its check of the threaded path stays small.)
pub(crate) const PARALLEL_FROM: usize = if cfg!(miri) { 64 } else { 1 << 15 };

/// Counts from this one up are not held in a key: the key says "look it
/// up", and two such words compare their counts whole.
const KEYED_COUNTS: usize = (1 << 28) - 1;

/// The room [`Part::first`] keeps beyond the `k` keys it selects (at least
/// `k` more): each time the room fills, a partial selection of it. (Under
/// Miri a few dozen, so its run of the test with this room stays small.)
const SELECT_SPARE: usize = if cfg!(miri) { 16 } else { 1 << 12 };

/// The spare room rankings use: [`SELECT_SPARE`], except in unit tests,
/// which leave room for `k` more only, so that small counts fill it again
/// and again and exercise the bound. (A test of its own runs the real room.)
const RANKING_SPARE: usize = if cfg!(test) { 1 } else { SELECT_SPARE };

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
        match top {
            Some(0) => Vec::new(),
            Some(k) if k < self.map.len() => self.first(k, RANKING_SPARE),
            _ => self.sorted(),
        }
    }

    /// All the part's keys in report order: a sort of the integers, then
    /// of the few runs of keys whose tie the integers cannot break.
    fn sorted(self) -> Vec<Key> {
        let mut keys: Vec<Key> = Vec::with_capacity(self.map.len());
        keys.extend(self.map.entries().iter().map(|entry| self.key(entry)));
        keys.sort_unstable();
        for tied in keys.chunk_by_mut(|a, b| {
            a.class() == b.class() || a.inverse_count() == 0 && b.inverse_count() == 0
        }) {
            // Sorted by length within a class: if any is long, the last is.
            if tied.len() > 1 && needs_words(tied[0], tied[tied.len() - 1]) {
                tied.sort_unstable_by(|a, b| order((self, *a), (self, *b)));
            }
        }
        keys
    }

    /// The part's first `k` keys in report order (`k` at least one and below
    /// the part's size), with memory for `k` and some spare, not for every
    /// word: keys gather in a buffer, and when it is full a partial selection
    /// (linear time) keeps its first `k`. The last of those bounds the rest: a
    /// later key enters only if it comes before, and a word whose count is
    /// below the bound's is passed over before its key is built (on prose,
    /// almost every word after the first few thousand). The order is total
    /// (words are distinct), so this is exactly the first `k` of the full
    /// order.
    fn first(self, k: usize, spare: usize) -> Vec<Key> {
        let order = |a: &Key, b: &Key| order((self, *a), (self, *b));
        let room = (k + k.max(spare)).min(self.map.len());
        let mut keys: Vec<Key> = Vec::with_capacity(room);
        let mut bound: Option<(Key, usize)> = None;
        for entry in self.map.entries() {
            if bound.is_some_and(|(_, count)| entry.count < count) {
                continue;
            }
            let key = self.key(entry);
            if bound.is_some_and(|(last, _)| order(&key, &last).is_gt()) {
                continue;
            }
            keys.push(key);
            if keys.len() == room {
                keys.select_nth_unstable_by(k - 1, order);
                keys.truncate(k);
                bound = Some((keys[k - 1], self.count(keys[k - 1])));
            }
        }
        if keys.len() > k {
            keys.select_nth_unstable_by(k - 1, order);
            keys.truncate(k);
        }
        // Up to 2k keys of room, of which k are kept until the report is
        // written: give the rest back.
        keys.shrink_to_fit();
        keys.sort_unstable_by(order);
        keys
    }

    fn key(self, entry: &Entry) -> Key {
        Key::new(self.map.word(entry), entry.count, WordMap::start(entry))
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

/// Words of the report per chunk written: small enough that each chunk's
/// lines stay in cache and few are in memory at once, large enough that
/// cutting them (a binary search per part) costs nothing.
const CHUNK_WORDS: usize = 1 << 14;

/// The parts of a count, each with its run: its keys in report order, the
/// first `top` of them if given. Large parts are ranked on threads of their
/// own.
fn runs(
    parts: &[WordMap],
    hasher: WordHasher,
    top: Option<usize>,
) -> (Vec<Part<'_>>, Vec<Vec<Key>>) {
    let parts: Vec<Part<'_>> = parts.iter().map(|map| Part { map, hasher }).collect();
    let rank = |part: &Part<'_>| part.run(top);
    let runs = if parallel(&parts) {
        thread::map_scoped(&parts, rank)
    } else {
        parts.iter().map(rank).collect()
    };
    (parts, runs)
}

/// Whether `parts` hold enough words to be ranked and written on threads
/// of their own, one per part.
fn parallel(parts: &[Part<'_>]) -> bool {
    parts.len() > 1 && parts.iter().map(|part| part.map.len()).sum::<usize>() >= PARALLEL_FROM
}

/// Whether `a` comes before `b` in the report.
fn before(a: &(Part<'_>, Key), b: &(Part<'_>, Key)) -> bool {
    order(*a, *b).is_lt()
}

/// The words of `parts` (disjoint maps) in report order, the first `top`
/// of them if given.
pub(crate) fn ranked(
    parts: &[WordMap],
    hasher: WordHasher,
    top: Option<usize>,
) -> impl Iterator<Item = (&str, usize)> {
    let (parts, runs) = runs(parts, hasher, top);
    itertools::kmerge_by(
        runs.into_iter()
            .zip(parts)
            .map(|(run, part)| run.into_iter().map(move |key| (part, key))),
        before,
    )
    .take(top.unwrap_or(usize::MAX))
    .map(|(part, key)| (part.word(key), part.count(key)))
}

/// The report's lines, in order, the first `top` if given: `line` appends
/// one word's line to a buffer, and `write` is handed the buffers in order
/// until it fails. The merged runs are cut into chunks of
/// [`CHUNK_WORDS`] words, and when the parts are large each part's thread
/// formats every `n`th chunk while the caller writes ([`thread::map_ordered`]):
/// formatting millions of lines was the largest part of a run left on one
/// thread.
pub(crate) fn write_ranked<E>(
    parts: &[WordMap],
    hasher: WordHasher,
    top: Option<usize>,
    line: impl Fn(&mut Vec<u8>, &str, usize) + Sync,
    write: impl FnMut(Vec<u8>) -> Result<(), E>,
) -> Result<(), E> {
    let (parts, runs) = runs(parts, hasher, top);
    let threads = if parallel(&parts) { parts.len() } else { 1 };
    write_chunks(&parts, &runs, top, CHUNK_WORDS, threads, line, write)
}

/// [`write_ranked`] with the chunk size and the number of threads given,
/// so tests can cut small counts into many chunks.
#[cfg(test)]
pub(crate) fn write_ranked_in_chunks<E>(
    parts: &[WordMap],
    hasher: WordHasher,
    top: Option<usize>,
    chunk_words: usize,
    line: impl Fn(&mut Vec<u8>, &str, usize) + Sync,
    write: impl FnMut(Vec<u8>) -> Result<(), E>,
) -> Result<(), E> {
    let (parts, runs) = runs(parts, hasher, top);
    let threads = parts.len();
    write_chunks(&parts, &runs, top, chunk_words, threads, line, write)
}

/// Cuts the merge of `runs` into chunks of about `chunk_words` words and
/// hands their lines to `write` in order, formatted on `threads` threads.
fn write_chunks<E>(
    parts: &[Part<'_>],
    runs: &[Vec<Key>],
    top: Option<usize>,
    chunk_words: usize,
    threads: usize,
    line: impl Fn(&mut Vec<u8>, &str, usize) + Sync,
    write: impl FnMut(Vec<u8>) -> Result<(), E>,
) -> Result<(), E> {
    let chunks = chunks(parts, runs, top, chunk_words);
    let format = |chunk: &Chunk| {
        // Lines of a dozen bytes or so: one growth at most, usually none.
        let mut lines = Vec::with_capacity(chunk.words * 16);
        let keys = chunk
            .ranges
            .iter()
            .zip(runs)
            .zip(parts)
            .map(|((range, run), &part)| run[range.clone()].iter().map(move |&key| (part, key)));
        for (part, key) in itertools::kmerge_by(keys, before).take(chunk.words) {
            with_word(part, key, |word, count| line(&mut lines, word, count));
        }
        lines
    };
    thread::map_ordered(&chunks, threads, format, write)
}

/// A stretch of the report: a range of each run, all of whose keys come
/// after those of the chunks before and before those of the chunks after;
/// its first `words` words are written.
struct Chunk {
    ranges: Vec<Range<usize>>,
    words: usize,
}

/// The merge of `runs`, the first `top` words if given, cut into chunks of
/// about `chunk_words` words: at keys spread evenly over the longest run,
/// each found in the other runs by binary search. (Parts are hash
/// partitions, so their runs interleave evenly.)
fn chunks(
    parts: &[Part<'_>],
    runs: &[Vec<Key>],
    top: Option<usize>,
    chunk_words: usize,
) -> Vec<Chunk> {
    let total: usize = runs.iter().map(Vec::len).sum();
    let mut left = top.map_or(total, |k| k.min(total));
    let Some(longest) = (0..runs.len()).max_by_key(|&r| runs[r].len()) else {
        return Vec::new();
    };
    let pieces = total.div_ceil(chunk_words.max(1)).max(1);
    let mut starts = vec![0; runs.len()];
    let mut chunks = Vec::with_capacity(pieces);
    for piece in 1..=pieces {
        if left == 0 {
            break;
        }
        let ends: Vec<usize> = if piece == pieces {
            runs.iter().map(Vec::len).collect()
        } else {
            let at = piece * runs[longest].len() / pieces;
            let pivot = (parts[longest], runs[longest][at]);
            (0..runs.len())
                .map(|r| {
                    if r == longest {
                        at
                    } else {
                        runs[r].partition_point(|&key| before(&(parts[r], key), &pivot))
                    }
                })
                .collect()
        };
        let ranges: Vec<Range<usize>> = starts.iter().zip(&ends).map(|(&s, &e)| s..e).collect();
        let words = ranges
            .iter()
            .map(ExactSizeIterator::len)
            .sum::<usize>()
            .min(left);
        left -= words;
        starts = ends;
        if words > 0 {
            chunks.push(Chunk { ranges, words });
        }
    }
    chunks
}

/// `f` of a ranked word and its count. A word of at most eight bytes comes
/// from its key, without reading the arena: with millions of distinct
/// words, each such read is a cache miss.
#[inline(always)]
fn with_word<R>(part: Part<'_>, key: Key, f: impl FnOnce(&str, usize) -> R) -> R {
    let count = part.count(key);
    match key.len() {
        len @ ..=8 => {
            let bytes = key.prefix().to_be_bytes();
            let word = std::str::from_utf8(&bytes[..len])
                .expect("a word of at most eight bytes is its key's prefix");
            f(word, count)
        }
        _ => f(part.word(key), count),
    }
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
    use super::{Part, SELECT_SPARE};
    use crate::words::map::WordMap;
    use crate::words::{Counts, WordHasher};

    /// [`Part::first`] with the room the binary uses, on enough words to
    /// fill it many times (the unit tests' rankings leave less room): long
    /// words sharing their first eight bytes, counts that tie, counts too
    /// big for a key, in an order unrelated to the ranking.
    #[test]
    fn the_first_k_with_the_real_room_are_the_prefix_of_the_full_order() {
        let hasher = WordHasher::new();
        let mut map = WordMap::default();
        let words = 5 * SELECT_SPARE;
        for i in 0..words {
            // A permutation of 0..words, so the ranking order is not the
            // insertion order.
            let j = i * 7919 % words;
            let word = format!("{}{j}", ["", "abcdefgh", "abcdefghijklmnopq"][j % 3]);
            let count = match j % 11 {
                0 => super::KEYED_COUNTS + j,
                n => n % 4 + 1,
            };
            map.add(&word, hasher.hash(&word), count);
        }
        let part = Part { map: &map, hasher };
        let sorted = part.sorted();
        for k in [
            1,
            2,
            10,
            SELECT_SPARE / 3,
            SELECT_SPARE,
            2 * SELECT_SPARE + 3,
            words - 1,
        ] {
            assert_eq!(part.first(k, SELECT_SPARE), sorted[..k], "k = {k}");
        }
    }

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
        let written = |top, chunk_words| crate::words::tests::written(&counts, top, chunk_words);
        assert_eq!(
            written(Some(words - 1), super::CHUNK_WORDS),
            expected[..words - 1]
        );
        assert_eq!(written(None, super::PARALLEL_FROM / 8), expected);
    }
}
