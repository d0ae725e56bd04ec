//! [`Counts`]: the map of word counts every strategy produces, compact and
//! fast to fill.
//!
//! Layout, chosen for vocabulary-heavy input (millions of distinct words):
//! - every distinct word is stored once, back to back, in one `String` arena
//!   owned by the map (not in the input's blocks, which streaming frees);
//! - the table holds 16-byte entries, `(start: u32, len: u32, count: usize)`,
//!   in a `hashbrown::HashTable` (one control byte per slot, no stored
//!   hash). A distinct word costs its own bytes plus 17 bytes per slot, about
//!   20 to 39 bytes at hashbrown's load factors, against about 120 for a
//!   `HashMap<String, usize>` (24-byte `String`, 8-byte count, a heap block
//!   per word with its allocator overhead).
//! - The cost of not storing hashes: growing the table rehashes each word
//!   from the arena, a cheap pass next to counting.
//!
//! Lookups take a borrowed key, so a word is allocated (appended to the
//! arena) only on its first occurrence, never per occurrence.
//!
//! The hasher is foldhash, seeded at random per map in std builds so crafted
//! input cannot aim at one seed's collisions, and fixed in model builds so
//! every loom and shuttle execution sees the same iteration order.
//!
//! The arena is addressed with `u32`: one map holds at most 4 GiB of distinct
//! word text. Beyond that the map panics with a message saying so, which the
//! strategies report as a worker's error, never as a count.

use super::tokens::{Case, Tokens};
use crate::sync::record;
use hashbrown::HashTable;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;

/// The hash function of a [`Counts`]: foldhash with a seed of its own.
#[derive(Clone, Copy)]
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

    /// Which of `n` partitions a word with this `hash` belongs to. Taken from
    /// bits 24 to 55 of the hash: hashbrown picks slots with the low bits and
    /// tags them with the top seven, and a partition must not fix either.
    #[inline]
    pub fn partition(hash: u64, n: usize) -> usize {
        ((((hash >> 24) & 0xffff_ffff) * n as u64) >> 32) as usize
    }

    /// The hash of `word`.
    #[inline]
    pub fn hash(&self, word: &str) -> u64 {
        self.hash_bytes(word.as_bytes())
    }

    #[inline]
    fn hash_bytes(&self, word: &[u8]) -> u64 {
        foldhash::fast::FixedState::with_seed(self.0).hash_one(word)
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

/// One distinct word: where its bytes are in the arena, and its count.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: u32,
    len: u32,
    count: usize,
}

impl Entry {
    #[inline]
    fn word<'a>(&self, arena: &'a str) -> &'a str {
        let start = self.start as usize;
        &arena[start..start + self.len as usize]
    }

    /// Whether this entry's word is `word`: lengths first, then bytes (no
    /// char-boundary checks, and most candidates differ in length).
    #[inline]
    fn is(&self, arena: &str, word: &[u8]) -> bool {
        let start = self.start as usize;
        self.len as usize == word.len()
            && same_bytes(&arena.as_bytes()[start..start + word.len()], word)
    }
}

/// Word counts: each distinct normalised word and how often it occurred.
///
/// Two counts are equal when they hold the same words with the same counts,
/// whatever their order or layout. Iteration order depends on the map's seed:
/// use [`Counts::sorted`] for the canonical one.
#[derive(Clone, Default)]
pub struct Counts {
    table: HashTable<Entry>,
    arena: String,
    hasher: WordHasher,
}

/// Count descending, ties by word in ascending byte order.
fn report_order(a: &(&str, usize), b: &(&str, usize)) -> std::cmp::Ordering {
    b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0))
}

impl Counts {
    /// An empty count.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty count hashing with `hasher` (a strategy that partitions words
    /// by hash gives all its maps the one it partitions with).
    pub fn with_hasher(hasher: WordHasher) -> Self {
        Counts {
            hasher,
            ..Self::default()
        }
    }

    /// The hasher this map uses.
    pub fn hasher(&self) -> WordHasher {
        self.hasher
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
        let bytes = text.as_bytes();
        // Reused for every ASCII word with capitals: no allocation per word.
        let mut lowered = Vec::new();
        let mut tokens = Tokens::new(text);
        while let Some((start, end, case)) = tokens.next_range() {
            match case {
                Case::Lower => self.add_bytes(&bytes[start..end]),
                Case::AsciiUpper => {
                    lowered.clear();
                    lowered.extend(bytes[start..end].iter().map(u8::to_ascii_lowercase));
                    self.add_bytes(&lowered);
                }
                Case::Unicode => self.add_normalized(&text[start..end].to_lowercase(), 1),
            }
        }
    }

    /// Counts every word of `text` into `parts`, each word into the part
    /// [`WordHasher::partition`] picks. Every part must use the same hasher
    /// (the first's is used).
    pub fn add_text_partitioned(parts: &mut [Counts], text: &str) {
        let Some(first) = parts.first() else {
            return;
        };
        let hasher = first.hasher;
        let n = parts.len();
        let bytes = text.as_bytes();
        let mut lowered = Vec::new();
        let mut tokens = Tokens::new(text);
        while let Some((start, end, case)) = tokens.next_range() {
            let unicode;
            let word: &[u8] = match case {
                Case::Lower => &bytes[start..end],
                Case::AsciiUpper => {
                    lowered.clear();
                    lowered.extend(bytes[start..end].iter().map(u8::to_ascii_lowercase));
                    &lowered
                }
                Case::Unicode => {
                    unicode = text[start..end].to_lowercase();
                    unicode.as_bytes()
                }
            };
            let hash = hasher.hash_bytes(word);
            parts[WordHasher::partition(hash, n)].add_bytes_hashed(word, hash);
        }
    }

    /// One count, from disjoint parts (no word in two of them), as
    /// `partitioned` returns them.
    pub fn from_disjoint(parts: Vec<Counts>) -> Counts {
        // Merging into the largest keeps the work to the smaller parts.
        let mut parts = parts;
        parts.sort_by_key(|part| std::cmp::Reverse(part.len()));
        let mut parts = parts.into_iter();
        let mut total = parts.next().unwrap_or_default();
        for part in parts {
            total.merge(part);
        }
        total
    }

    /// One occurrence of a normalised word given as bytes (valid UTF-8: a
    /// whole word of the text, or its ASCII lowercasing).
    #[inline]
    fn add_bytes(&mut self, word: &[u8]) {
        let hash = self.hasher.hash_bytes(word);
        self.add_bytes_hashed(word, hash);
    }

    #[inline]
    fn add_bytes_hashed(&mut self, word: &[u8], hash: u64) {
        #[cfg(any(loom, shuttle))]
        {
            let word = std::str::from_utf8(word).expect("a whole word of a str");
            self.add_hashed(word, hash, 1);
        }
        #[cfg(not(any(loom, shuttle)))]
        self.add_unrecorded(word, hash, 1);
    }

    /// Counts one occurrence of `word`, already normalised (as
    /// [`super::normalize`] returns it).
    pub fn add_one(&mut self, word: impl AsRef<str>) {
        self.add_normalized(word.as_ref(), 1);
    }

    /// Adds `n` to the count of `word`, which must already be normalised.
    #[inline]
    pub fn add_normalized(&mut self, word: &str, n: usize) {
        let hash = self.hasher.hash(word);
        self.add_hashed(word, hash, n);
    }

    /// [`Counts::add_normalized`] with the word's hash already computed by
    /// this map's hasher.
    #[inline]
    pub fn add_hashed(&mut self, word: &str, hash: u64, n: usize) {
        let old = self.add_unrecorded(word.as_bytes(), hash, n);
        record::map_add(word, old, old + n);
    }

    /// Adds `n` to `word`'s count and returns the count it had; tells the
    /// recorder nothing.
    #[inline(always)]
    fn add_unrecorded(&mut self, word: &[u8], hash: u64, n: usize) -> usize {
        let arena = &self.arena;
        if let Some(entry) = self.table.find_mut(hash, |entry| entry.is(arena, word)) {
            let old = entry.count;
            entry.count += n;
            return old;
        }
        self.insert_new(word, hash, n);
        0
    }

    /// Adds a word the map does not hold yet: out of line, since after the
    /// first few blocks almost every occurrence is of a known word.
    #[inline(never)]
    fn insert_new(&mut self, word: &[u8], hash: u64, n: usize) {
        let Counts {
            table,
            arena,
            hasher,
        } = self;
        let entry = Entry {
            start: arena_offset(arena.len()),
            len: arena_offset(word.len()),
            count: n,
        };
        arena.push_str(std::str::from_utf8(word).expect("a word is valid UTF-8"));
        arena_offset(arena.len());
        table.insert_unique(hash, entry, |entry| hasher.hash(entry.word(arena)));
    }

    /// Sets the count of `word` (normalised) to `n`.
    pub fn insert(&mut self, word: &str, n: usize) {
        record::map_set(word, n);
        let hash = self.hasher.hash(word);
        let Counts { table, arena, .. } = self;
        match table.find_mut(hash, |entry| entry.word(arena) == word) {
            Some(entry) => entry.count = n,
            None => {
                self.add_unrecorded(word.as_bytes(), hash, n);
            }
        }
    }

    /// Adds every count of `other` into `self`.
    pub fn merge(&mut self, mut other: Counts) {
        // What the recorder sees (model builds): each word of `other` added
        // to `self` in turn, whichever way round the work is done.
        #[cfg(any(loom, shuttle))]
        for (word, n) in other.iter() {
            let old = self.get_unrecorded(word);
            record::map_add(word, old, old + n);
        }
        // Insert the smaller map into the larger: the first merge into an
        // empty map is free, and a collector's work stays proportional to
        // the smaller side.
        if self.len() < other.len() {
            std::mem::swap(self, &mut other);
        }
        let Counts {
            table,
            arena,
            hasher,
        } = self;
        table.reserve(other.len(), |entry| hasher.hash(entry.word(arena)));
        for (word, n) in other.iter() {
            let hash = self.hasher.hash(word);
            self.add_unrecorded(word.as_bytes(), hash, n);
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
        self.table
            .find(self.hasher.hash(word), |entry| {
                entry.word(&self.arena) == word
            })
            .map_or(0, |entry| entry.count)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// True when no word was counted.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Total number of words counted (the sum of all counts).
    pub fn total(&self) -> usize {
        self.table.iter().map(|entry| entry.count).sum()
    }

    /// Each word and its count, in the map's order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        self.table
            .iter()
            .map(|entry| (entry.word(&self.arena), entry.count))
    }

    /// The canonical report order: count descending, ties by word in
    /// ascending byte order.
    pub fn sorted(&self) -> Vec<(&str, usize)> {
        // Sorted by a key that settles almost every comparison with two
        // integer compares: the count, then the word's first eight bytes
        // read big-endian (the same order as comparing those bytes). Only
        // words sharing a count and their first eight bytes compare whole.
        // With millions of distinct words, most counts are equal and
        // string comparisons would dominate the sort.
        let mut keyed: Vec<(std::cmp::Reverse<usize>, u64, &str)> = self
            .iter()
            .map(|(word, n)| (std::cmp::Reverse(n), prefix_key(word), word))
            .collect();
        keyed.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| a.2.cmp(b.2)));
        keyed.into_iter().map(|(n, _, word)| (word, n.0)).collect()
    }

    /// The first `k` entries of [`Counts::sorted`], without sorting the
    /// rest: a partial selection (linear time) gathers the `k` first, and
    /// only those are sorted. The order is total (words are distinct), so
    /// the result is exactly `sorted()[..k]`.
    pub fn top(&self, k: usize) -> Vec<(&str, usize)> {
        if k == 0 {
            return Vec::new();
        }
        let mut entries: Vec<_> = self.iter().collect();
        if k < entries.len() {
            entries.select_nth_unstable_by(k - 1, report_order);
            entries.truncate(k);
        }
        entries.sort_unstable_by(report_order);
        entries
    }

    /// Bytes of memory this map holds (table slots and arena), for the
    /// memory figures in the benchmarks.
    pub fn heap_bytes(&self) -> usize {
        let slots = self.table.capacity() * 8 / 7;
        slots * (std::mem::size_of::<Entry>() + 1) + self.arena.capacity()
    }
}

/// The first eight bytes of `word`, zero-padded, as a big-endian number:
/// comparing two keys orders the words as their first eight bytes do (a
/// shorter word, padded with zeros, sorts before its extensions, as in
/// byte order).
fn prefix_key(word: &str) -> u64 {
    let mut key = [0u8; 8];
    let n = word.len().min(8);
    key[..n].copy_from_slice(&word.as_bytes()[..n]);
    u64::from_be_bytes(key)
}

/// `a == b` for two slices of equal length, eight bytes at a time: words are
/// short, and a call to `memcmp` costs more than comparing them inline.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let mut a_chunks = a.chunks_exact(8);
    let mut b_chunks = b.chunks_exact(8);
    for (x, y) in (&mut a_chunks).zip(&mut b_chunks) {
        let x = u64::from_le_bytes(x.try_into().expect("eight bytes"));
        let y = u64::from_le_bytes(y.try_into().expect("eight bytes"));
        if x != y {
            return false;
        }
    }
    a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .all(|(x, y)| x == y)
}

/// An arena offset or length as stored in an entry.
#[inline]
fn arena_offset(n: usize) -> u32 {
    u32::try_from(n).expect("one map holds at most 4 GiB of distinct word text")
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
