//! [`Counts`]: the word counts every strategy produces.
//!
//! A count is one [`WordMap`] (`super::map`, the compact storage), or
//! several disjoint ones: `partitioned` builds each worker's count in `n`
//! parts, one per hash partition, and its final count is the owners' merged
//! parts side by side, never copied into one map. Every word lives in the
//! part its hash picks ([`WordHasher::partition`]), so a lookup goes
//! straight to its part, and ranking reads the parts in place.
//!
//! The hasher is foldhash, seeded at random per count in std builds so
//! crafted input cannot aim at one seed's collisions, and fixed in model
//! builds so every loom and shuttle execution sees the same order. Counts
//! built to be merged part by part share one hasher.
//!
//! In model builds every read and write of a count tells the race lab's
//! recorder (`crate::sync::record`), in words; std builds pay nothing.

use super::map::{WordHash, WordMap};
use super::short;
use super::threshold;
use super::tokens::{Case, Token, Tokens};
use crate::sync::phases::{self, Phase};
use crate::sync::{record, thread};
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;

/// The hash function of a [`Counts`]: foldhash with a seed of its own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct WordHasher(u64);

impl WordHasher {
    /// A hasher with a random seed (std builds) or the fixed one (models).
    pub fn new() -> Self {
        #[cfg(not(any(loom, shuttle)))]
        let seed = std::hash::RandomState::new().hash_one(0x7a11);
        #[cfg(any(loom, shuttle))]
        let seed = 0;
        WordHasher(seed)
    }

    /// The hash `word` is stored under: the top 32 bits of its foldhash.
    /// A word of at most eight bytes hashes as its number and length (as
    /// the tokenizer hands it over), whichever way it was found.
    #[inline]
    pub fn hash(&self, word: &str) -> u32 {
        let word = word.as_bytes();
        if word.len() <= short::MAX_LEN {
            return self.hash_short(short::pack(word), word.len());
        }
        (foldhash::fast::FixedState::with_seed(self.0).hash_one(word) >> 32) as WordHash
    }

    /// The hash of a short word given as its number (`super::short`): one
    /// multiply-fold of the number with the length in its top byte, which
    /// only an eight-byte word fills, so at most two words share an input.
    #[inline(always)]
    fn hash_short(&self, word: u64, len: usize) -> WordHash {
        let keyed = word ^ (len as u64) << 56;
        (foldhash::fast::FixedState::with_seed(self.0).hash_one(keyed) >> 32) as WordHash
    }

    /// Which of `n` partitions a word with this `hash` belongs to: its top
    /// bits, scaled. (A map picks slots with a hash's low bits, so a
    /// partition, which fixes its top bits, leaves them free.)
    #[inline]
    pub fn partition(hash: u32, n: usize) -> usize {
        ((u64::from(hash) * n as u64) >> 32) as usize
    }
}

impl Default for WordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for WordHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WordHasher")
    }
}

/// The share of the words (over all layers) above which
/// [`Counts::first_of_sum`] merges the layers instead of looking up the
/// candidates: one in four. A candidate costs a lookup in every layer and
/// an insert, a merged word about one insert. Measured on 2 M distinct
/// words seen once each (every word a candidate), at 2 threads: `--top 10`
/// took 0.50 s through the candidates and 0.23 s with the exchange.
const MERGE_ABOVE: usize = 4;

/// The fewest words (over all layers) that [`Counts::first_of_sum`] would
/// merge rather than look up: below, either way takes no time, and the
/// threshold is the path that the small inputs of the tests and the model
/// checkers explore. (Under Miri a few dozen, so it checks both.)
pub(crate) const MERGE_FROM: usize = if cfg!(miri) { 64 } else { 1 << 12 };

/// The bits of the sieves of one [`Counts::sieved`] count, split among its
/// parts: 2^22 bits, 512 KiB, whatever the number of parts, so more
/// workers do not mean more memory per worker. On zipf-huge at 2 threads
/// that is about as many bits as each part has words seen once. (Model
/// builds: 64, which every part rounds up to, so that their few words
/// share bits and the checkers see first sightings both sieved and let
/// through.)
#[cfg(not(any(loom, shuttle)))]
const SIEVE_BITS: usize = 1 << 22;
#[cfg(any(loom, shuttle))]
const SIEVE_BITS: usize = 64;

/// The words a [`Counts::sieved`] part holds before it sieves: prose (a
/// few tens of thousands of distinct words) never does, and pays nothing
/// for it; where a sieve pays, most words come after. (Model builds: from
/// the first word, so the checkers run through the sieve.)
#[cfg(not(any(loom, shuttle)))]
const SIEVE_FROM: usize = 1 << 15;
#[cfg(any(loom, shuttle))]
const SIEVE_FROM: usize = 0;

/// `maps` (of one partition, none a list, perhaps sieved) as one: the
/// others' words added into the largest, and every sieve's words.
fn merged_maps(maps: Vec<WordMap>, hasher: WordHasher) -> WordMap {
    let largest = (0..maps.len()).max_by_key(|&i| maps[i].len());
    let mut maps = maps;
    let Some(mut merged) = largest.map(|i| maps.swap_remove(i)) else {
        return WordMap::default();
    };
    merged.settle();
    merged.reserve(maps.iter().map(|map| map.len() + map.singles_len()).sum());
    for map in &maps {
        add_all(&mut merged, map, hasher);
        for (word, hash) in map.singles() {
            merged.add(word, hash, 1);
        }
    }
    merged
}

/// Adds every word of `from` into `into` (both hashed by `hasher`).
fn add_all(into: &mut WordMap, from: &WordMap, hasher: WordHasher) {
    for (word, n) in from.iter() {
        into.add(word, hasher.hash(word), n);
    }
}

/// Word counts: each distinct normalised word and how often it occurred.
///
/// Two counts are equal when they hold the same words with the same counts,
/// whatever their order, layout or hasher. Iteration order is insertion
/// order within each part: use [`Counts::sorted`] for the canonical one.
#[derive(Clone)]
pub struct Counts {
    /// One map, or disjoint maps, word `w` in part
    /// `WordHasher::partition(hash(w), parts.len())`. Never empty.
    parts: Vec<WordMap>,
    hasher: WordHasher,
}

impl Default for Counts {
    fn default() -> Self {
        Self::with_hasher(WordHasher::new())
    }
}

impl Counts {
    /// An empty count.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty count hashing with `hasher`.
    pub fn with_hasher(hasher: WordHasher) -> Self {
        Self::partitioned(hasher, 1)
    }

    /// An empty count kept in `n` parts by hash, to be split with
    /// [`Counts::into_parts`] and merged part by part.
    pub(crate) fn partitioned(hasher: WordHasher, n: usize) -> Self {
        Counts {
            parts: (0..n.max(1)).map(|_| WordMap::default()).collect(),
            hasher,
        }
    }

    /// [`Counts::partitioned`] with each part sieved (`WordMap::sieved`):
    /// for [`Counts::first_of_sum`] only, which settles what it needs.
    pub(crate) fn sieved(hasher: WordHasher, n: usize) -> Self {
        Self::sieved_with(hasher, n, SIEVE_BITS / n.max(1), SIEVE_FROM)
    }

    /// [`Counts::sieved`] with sieves of `bits` bits used from `from` words
    /// on: small ones in tests, so that words share bits.
    pub(crate) fn sieved_with(hasher: WordHasher, n: usize, bits: usize, from: usize) -> Self {
        Counts {
            parts: (0..n.max(1)).map(|_| WordMap::sieved(bits, from)).collect(),
            hasher,
        }
    }

    /// Its parts, each a count of its own (with this hasher): part `j`
    /// holds exactly the words of partition `j`.
    pub(crate) fn into_parts(self) -> Vec<Counts> {
        let hasher = self.hasher;
        self.parts
            .into_iter()
            .map(|map| Counts {
                parts: vec![map],
                hasher,
            })
            .collect()
    }

    /// How many distinct words part `j` holds.
    pub(crate) fn part_len(&self, j: usize) -> usize {
        self.parts[j].len()
    }

    /// Takes part `j` out as a count of its own (with this hasher),
    /// leaving the part empty.
    pub(crate) fn take_part(&mut self, j: usize) -> Counts {
        let empty = self.parts[j].empty_like();
        Counts {
            parts: vec![std::mem::replace(&mut self.parts[j], empty)],
            hasher: self.hasher,
        }
    }

    /// The occurrences part `j` was added, over its distinct words.
    pub(crate) fn part_occurrences(&self, j: usize) -> usize {
        self.parts[j]
            .entries()
            .iter()
            .map(|entry| entry.count)
            .sum()
    }

    /// Makes part `j`, which must be empty, a list ([`WordMap::list`]):
    /// from now on every word added to it is an entry of its own, for a
    /// part that is only handed over to be merged.
    pub(crate) fn list_part(&mut self, j: usize) {
        assert_eq!(self.parts[j].len(), 0, "only an empty part becomes a list");
        self.parts[j] = WordMap::list();
    }

    /// The count made of `parts` side by side, nothing copied. Part `j` must
    /// hold only words of partition `j` of `parts.len()`, all parts hashing
    /// alike: what [`Counts::into_parts`] gives, each part merged with the
    /// same part of other counts of the same hasher.
    pub(crate) fn from_parts(parts: Vec<Counts>) -> Counts {
        let Some(hasher) = parts.first().map(|part| part.hasher) else {
            return Counts::new();
        };
        let parts: Vec<WordMap> = parts
            .into_iter()
            .flat_map(|part| {
                assert!(
                    part.hasher == hasher && part.parts.len() == 1,
                    "parts of one count share its hasher and are single maps"
                );
                part.parts
            })
            .collect();
        Counts { parts, hasher }
    }

    /// A count whose first `k` words in report order are the first `k` of
    /// the count that `layers` add up to, with their exact totals: what
    /// `--top K` needs of counts never merged (see `super::threshold`). The
    /// layers must be split alike ([`Counts::partitioned`] with one hasher
    /// and one `n`, none of their parts a list); the partitions are
    /// disjoint, so each is settled on its own, on a thread of its own when
    /// they are large.
    ///
    /// Where the threshold pays (a skewed vocabulary: few candidates), that
    /// is a scan of each layer and, per candidate, a lookup in each layer.
    /// Where it would not, the layers are merged as the exchange would
    /// have merged them: one layer is the whole count already; with `k` of
    /// 0 no word is needed; and when more than one in [`MERGE_ABOVE`] of
    /// at least [`MERGE_FROM`] words reach the floor (a flat vocabulary, or a `k` near its size),
    /// looking each up in every layer and copying it would cost more than
    /// a merge.
    pub(crate) fn first_of_sum(mut layers: Vec<Counts>, k: usize) -> Counts {
        // (A sieved layer holds a word's count as its entry's plus one if
        // the word is on its sieve's list: see `WordMap::sieved`. The
        // threshold and the merge below account for both.)
        let Some(first) = layers.first() else {
            return Counts::new();
        };
        let (hasher, n) = (first.hasher, first.parts.len());
        assert!(
            layers
                .iter()
                .all(|layer| layer.hasher == hasher && layer.parts.len() == n),
            "layers are split alike"
        );
        if k == 0 {
            return Counts::with_hasher(hasher);
        }
        if layers.len() == 1 {
            let mut layer = layers.pop().expect("one layer");
            layer.parts.iter_mut().for_each(WordMap::settle);
            return layer;
        }
        let partitions: Vec<usize> = (0..n).collect();
        let words: usize = (layers.iter())
            .flat_map(|layer| &layer.parts)
            .map(|map| map.len() + map.singles_len())
            .sum();
        let on_threads = n > 1 && words >= super::rank::PARALLEL_FROM;
        fn each<R: Send>(
            on_threads: bool,
            items: &[usize],
            f: impl Fn(&usize) -> R + Sync,
        ) -> Vec<R> {
            if on_threads {
                thread::map_scoped(items, f)
            } else {
                items.iter().map(f).collect()
            }
        }
        // The `k` largest counts of each layer's part `j`, then one floor.
        let largest: Vec<Vec<Vec<usize>>> = each(on_threads, &partitions, |&j| {
            layers
                .iter()
                .map(|layer| threshold::largest_counts(&layer.parts[j], k))
                .collect()
        });
        let per_layer: Vec<Vec<&[usize]>> = (0..layers.len())
            .map(|w| largest.iter().map(|of_part| &of_part[w][..]).collect())
            .collect();
        let floor = threshold::floor(&per_layer, k);
        let admitted: usize = each(on_threads, &partitions, |&j| {
            let maps: Vec<&WordMap> = layers.iter().map(|layer| &layer.parts[j]).collect();
            threshold::admitted(&maps, floor)
        })
        .into_iter()
        .sum();
        if words >= MERGE_FROM && admitted > words / MERGE_ABOVE {
            // Partition `j` of every layer, merged into the largest of them.
            let mut columns: Vec<Vec<WordMap>> = (0..n).map(|_| Vec::new()).collect();
            for layer in layers {
                for (column, map) in columns.iter_mut().zip(layer.parts) {
                    column.push(map);
                }
            }
            let merge = |maps: Vec<WordMap>| merged_maps(maps, hasher);
            let parts = if on_threads {
                thread::map_owned(columns, merge)
            } else {
                columns.into_iter().map(merge).collect()
            };
            return Counts { parts, hasher };
        }
        let parts = each(on_threads, &partitions, |&j| {
            let maps: Vec<&WordMap> = layers.iter().map(|layer| &layer.parts[j]).collect();
            threshold::candidates(&maps, hasher, floor)
        });
        Counts { parts, hasher }
    }

    /// Counts every word of `text`.
    pub fn from_text(text: &str) -> Self {
        let mut counts = Self::new();
        counts.add_text(text);
        counts
    }

    /// Counts every word of `text` into `self`: the hot loop of every
    /// strategy that counts locally.
    pub fn add_text(&mut self, text: &str) {
        phases::timed(Phase::Count, text.len() as u64, || {
            self.add_text_untimed(text)
        });
    }

    #[inline(always)]
    fn add_text_untimed(&mut self, text: &str) {
        // Reused for every ASCII word with capitals: no allocation per
        // ASCII word (a Unicode one gets its own from `to_lowercase`).
        let mut lowered = String::new();
        let mut tokens = Tokens::new(text);
        while let Some(token) = tokens.next_token() {
            let (start, end, case) = match token {
                Token::Short { word, len } => {
                    self.add_short(word, len);
                    continue;
                }
                Token::Range { start, end, case } => (start, end, case),
            };
            let unicode;
            let word: &str = match case {
                Case::Lower => &text[start..end],
                Case::AsciiUpper => {
                    lowered.clear();
                    lowered.push_str(&text[start..end]);
                    lowered.make_ascii_lowercase();
                    &lowered
                }
                Case::Unicode => {
                    unicode = text[start..end].to_lowercase();
                    &unicode
                }
            };
            self.add_str(word, 1);
        }
    }

    /// Counts one occurrence of `word`, already normalised (as
    /// [`super::normalize`] returns it).
    pub fn add_one(&mut self, word: impl AsRef<str>) {
        self.add_normalized(word.as_ref(), 1);
    }

    /// Adds `n` to the count of `word`, which must already be normalised.
    pub fn add_normalized(&mut self, word: &str, n: usize) {
        self.add_str(word, n);
    }

    /// Adds `n` to a normalised word.
    #[inline(always)]
    fn add_str(&mut self, word: &str, n: usize) {
        let hash = self.hasher.hash(word);
        let part = self.part_of(hash);
        let old = self.parts[part].add(word, hash, n);
        #[cfg(any(loom, shuttle))]
        record::map_add(word, old, old + n);
        #[cfg(not(any(loom, shuttle)))]
        let _ = old;
    }

    /// Counts one occurrence of a short word given as its number
    /// (`super::short`), already normalised.
    #[inline(always)]
    fn add_short(&mut self, word: u64, len: usize) {
        let hash = self.hasher.hash_short(word, len);
        let part = self.part_of(hash);
        let old = self.parts[part].add_short(word, len, hash);
        #[cfg(any(loom, shuttle))]
        record::map_add(
            std::str::from_utf8(&word.to_le_bytes()[..len]).expect("a short word is ASCII"),
            old,
            old + 1,
        );
        #[cfg(not(any(loom, shuttle)))]
        let _ = old;
    }

    /// The part a word with `hash` lives in.
    #[inline(always)]
    fn part_of(&self, hash: WordHash) -> usize {
        match self.parts.len() {
            1 => 0,
            n => WordHasher::partition(hash, n),
        }
    }

    /// Sets the count of `word` (normalised) to `n`.
    pub fn insert(&mut self, word: &str, n: usize) {
        record::map_set(word, n);
        let hash = self.hasher.hash(word);
        let part = self.part_of(hash);
        self.parts[part].set(word, hash, n);
    }

    /// Adds every count of `other` into `self`.
    pub fn merge(&mut self, other: Counts) {
        let entries = other.len() as u64;
        phases::timed(Phase::Merge, entries, || self.merge_untimed(other));
    }

    fn merge_untimed(&mut self, mut other: Counts) {
        // What the recorder sees (model builds): each word of `other` added
        // to `self` in turn, whichever way round the work is done.
        #[cfg(any(loom, shuttle))]
        for (word, n) in other.iter() {
            let old = self.get_unrecorded(word);
            record::map_add(word, old, old + n);
        }
        if self.parts.len() == other.parts.len() && self.hasher == other.hasher {
            // Part by part, each smaller map into the larger.
            for (mine, theirs) in self.parts.iter_mut().zip(&mut other.parts) {
                // (Never a list into a map: only a map finds its words.)
                if mine.len() < theirs.len() && !theirs.is_list() {
                    std::mem::swap(mine, theirs);
                }
                mine.reserve(theirs.len());
                add_all(mine, theirs, self.hasher);
            }
            return;
        }
        // One map each, hashed differently: insert the smaller into the
        // larger (the first merge into an empty count is then free).
        if self.parts.len() == 1 && other.parts.len() == 1 && self.len() < other.len() {
            std::mem::swap(self, &mut other);
        }
        for (word, n) in other.iter() {
            let hash = self.hasher.hash(word);
            let part = self.part_of(hash);
            self.parts[part].add(word, hash, n);
        }
    }

    /// The count of `word` (normalised), zero if it never occurred.
    pub fn get(&self, word: &str) -> usize {
        let count = self.get_unrecorded(word);
        record::map_get(word, count);
        count
    }

    /// [`Counts::get`] without telling the recorder.
    fn get_unrecorded(&self, word: &str) -> usize {
        let hash = self.hasher.hash(word);
        self.parts[self.part_of(hash)].get(word, hash)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.parts.iter().map(WordMap::len).sum()
    }

    /// True when no word was counted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Total number of words counted (the sum of all counts).
    pub fn total(&self) -> usize {
        self.iter().map(|(_, n)| n).sum()
    }

    /// Each word and its count: each part in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        self.parts.iter().flat_map(WordMap::iter)
    }

    /// The words in report order (count descending, ties by word in
    /// ascending byte order), the first `top` of them if given, one at a
    /// time: see `super::rank` for how, in 16 bytes per word.
    pub fn ranked(&self, top: Option<usize>) -> impl Iterator<Item = (&str, usize)> + '_ {
        super::rank::ranked(&self.parts, self.hasher, top)
    }

    /// The report in [`Counts::ranked`] order, the first `top` words if
    /// given, as lines: `line` appends a word's line to a buffer, and
    /// `write` is handed the buffers in order until it fails. The report's
    /// fast path: a short word is read from its ranking key, not from the
    /// map, and a large count in parts is formatted on a thread per part
    /// (see `super::rank`).
    pub fn write_ranked<E>(
        &self,
        top: Option<usize>,
        line: impl Fn(&mut Vec<u8>, &str, usize) + Sync,
        write: impl FnMut(Vec<u8>) -> Result<(), E>,
    ) -> Result<(), E> {
        super::rank::write_ranked(&self.parts, self.hasher, top, line, write)
    }

    /// [`Counts::write_ranked`] cut into chunks of `chunk_words` words,
    /// formatted on a thread per part however small the count.
    #[cfg(test)]
    pub(crate) fn write_ranked_in_chunks<E>(
        &self,
        top: Option<usize>,
        chunk_words: usize,
        line: impl Fn(&mut Vec<u8>, &str, usize) + Sync,
        write: impl FnMut(Vec<u8>) -> Result<(), E>,
    ) -> Result<(), E> {
        super::rank::write_ranked_in_chunks(&self.parts, self.hasher, top, chunk_words, line, write)
    }

    /// The canonical report order: count descending, ties by word in
    /// ascending byte order.
    pub fn sorted(&self) -> Vec<(&str, usize)> {
        self.ranked(None).collect()
    }

    /// The first `k` entries of [`Counts::sorted`], without sorting the
    /// rest.
    pub fn top(&self, k: usize) -> Vec<(&str, usize)> {
        self.ranked(Some(k)).collect()
    }
}

impl PartialEq for Counts {
    fn eq(&self, other: &Counts) -> bool {
        self.len() == other.len() && self.iter().all(|(word, n)| other.get_unrecorded(word) == n)
    }
}

impl Eq for Counts {}

impl fmt::Debug for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.sorted()).finish()
    }
}

impl IntoIterator for Counts {
    type Item = (String, usize);
    type IntoIter = std::vec::IntoIter<(String, usize)>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
            .map(|(word, n)| (word.to_owned(), n))
            .collect::<Vec<_>>()
            .into_iter()
    }
}

impl FromIterator<(String, usize)> for Counts {
    fn from_iter<I: IntoIterator<Item = (String, usize)>>(iter: I) -> Self {
        let mut counts = Counts::new();
        for (word, n) in iter {
            counts.add_normalized(&word, n);
        }
        counts
    }
}

impl From<HashMap<String, usize>> for Counts {
    fn from(map: HashMap<String, usize>) -> Self {
        map.into_iter().collect()
    }
}
