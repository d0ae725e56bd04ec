//! [`WordMap`]: one compact hash map from word to count, the storage under
//! [`super::Counts`].
//!
//! Layout, chosen for vocabulary-heavy input (millions of distinct words):
//! - every distinct word's bytes once, each followed by a space (which no
//!   word contains), in a `String` arena owned by the map (not in the
//!   input's blocks, which streaming frees): an offset into the arena is
//!   enough to find a word, which is what ranking keeps;
//! - one 16-byte entry per distinct word, `(start: u32, len: u32, count:
//!   usize)`, in a `Vec` in insertion order: the same order as the arena,
//!   so walking the entries (to merge, to rank) reads memory in sequence;
//! - a `hashbrown::HashTable` of 8-byte slots, `(entry index: u32, hash:
//!   u32)`. The stored hash makes growing the table touch neither the
//!   entries nor the arena, and settles almost every probe without them.
//!
//! The same storage without slots is a list ([`WordMap::list`]): words in,
//! duplicates and all, for `partitioned` to hand over where a lookup would
//! find nothing.
//!
//! A distinct word costs its bytes and a space, 16 bytes of entry and 9 bytes per table
//! slot (10 to 21 bytes at hashbrown's load factors), against about 120
//! for a `HashMap<String, usize>` (a heap block per word and its allocator
//! overhead). Offsets and indices are `u32`: one map holds at most 4 GiB of
//! distinct word text and 4 G distinct words, and panics beyond that (which
//! the strategies report as an error, never as a count).

use super::short;
use hashbrown::HashTable;

/// What follows each word in the arena: whitespace, so never part of one.
const WORD_END: char = ' ';

/// The hash a word is stored under: 32 bits of its foldhash, as
/// [`super::WordHasher`] computes it.
pub(crate) type WordHash = u32;

/// The 64-bit hash hashbrown wants, spread from the stored 32 bits: a
/// multiplication by an odd constant, so the low bits (which pick a slot)
/// stay a bijection of the stored hash's low bits and the top seven (the
/// slot's tag) mix all of them.
#[inline(always)]
fn table_hash(hash: WordHash) -> u64 {
    u64::from(hash).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    entry: u32,
    hash: WordHash,
}

/// One distinct word: where its bytes are in the arena, and its count.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    start: u32,
    len: u32,
    pub(crate) count: usize,
}

/// A map from word to count; see the module doc for the layout.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordMap {
    slots: HashTable<Slot>,
    entries: Vec<Entry>,
    arena: String,
    /// A list, not a map ([`WordMap::list`]): new words get no slot, so
    /// every word added is new.
    listed: bool,
    /// First sightings, kept out of the table ([`WordMap::sieved`]).
    sieve: Option<Box<Sieve>>,
}

/// Where a sieved map puts the words it sees for the first time: a list,
/// not the table, and a bit set by hash that says which hashes were seen.
///
/// Why: with millions of distinct words most of a map's words are seen
/// once, and a slot for each is most of what the map costs (the insert,
/// and growing the table, whose fresh memory the kernel must fault in).
/// A word whose bit is clear is new for sure: it goes on the list. A word
/// whose bit is set but that the table does not hold was seen once (or
/// shares its bit with a word that was): it gets a slot and an entry with
/// count 1. So a word's count is its entry's count plus one if it is on
/// the list, and it is on the list at most once (its bit is set from then
/// on). Nothing is ever lost or counted twice whatever the bits say; they
/// only decide how many words get slots.
///
/// Only `partitioned`'s `--top` layers are sieved: their first `k` are
/// found by a threshold that looks few words up (`super::threshold`),
/// while a sieved map's `get` and `entries` do not include the list, so it
/// must be [`WordMap::settle`]d before anything else reads it.
#[derive(Debug, Clone, Default)]
struct Sieve {
    /// One bit per hash value modulo its length (a power of two); empty
    /// until the map holds `from` words.
    seen: Vec<u64>,
    /// The length `seen` gets.
    words: usize,
    /// The words in the table from which first sightings are sieved: a
    /// small vocabulary (prose) never is, and pays nothing for the sieve.
    from: usize,
    /// The words seen once, in a list ([`WordMap::list`]), count 1 each.
    singles: WordMap,
    /// The hash of each word of `singles`, in order.
    hashes: Vec<WordHash>,
}

impl Sieve {
    fn new(bits: usize, from: usize) -> Self {
        Sieve {
            words: bits.next_power_of_two().div_ceil(64),
            from,
            singles: WordMap::list(),
            ..Sieve::default()
        }
    }

    /// An empty sieve like this one.
    fn empty_like(&self) -> Self {
        Sieve::new(self.words * 64, self.from)
    }

    /// The words on the list, with their hashes.
    fn singles(&self) -> impl Iterator<Item = (&str, WordHash)> + '_ {
        (self.singles.entries.iter())
            .zip(&self.hashes)
            .map(|(entry, &hash)| (self.singles.word(entry), hash))
    }

    /// Marks `hash` seen; true if it was not yet.
    #[inline(always)]
    fn first_sighting(&mut self, hash: WordHash) -> bool {
        let bit = hash as usize & (self.seen.len() * 64 - 1);
        let (word, mask) = (bit / 64, 1u64 << (bit % 64));
        let first = self.seen[word] & mask == 0;
        self.seen[word] |= mask;
        first
    }
}

impl WordMap {
    /// Adds `n` to `word`'s count (a normalised word whose hash is `hash`)
    /// and returns the count it had.
    #[inline(always)]
    pub(crate) fn add(&mut self, word: &str, hash: WordHash, n: usize) -> usize {
        match self.find(word.as_bytes(), hash) {
            Some(index) => {
                let entry = &mut self.entries[index];
                let old = entry.count;
                entry.count += n;
                old
            }
            None => {
                self.insert_new(word, hash, n);
                0
            }
        }
    }

    /// Adds one to the count of a short word given as its number
    /// (`super::short`), and returns the count it had: [`Self::add`]
    /// comparing eight bytes at once. Written out beside `add` and `find`
    /// on purpose: one lookup taking the comparison as a closure cost 1.4%
    /// more instructions on prose and 2% on non-ASCII text (callgrind).
    #[inline(always)]
    pub(crate) fn add_short(&mut self, word: u64, len: usize, hash: WordHash) -> usize {
        let WordMap {
            slots,
            entries,
            arena,
            ..
        } = self;
        let found = slots.find(table_hash(hash), |slot| {
            slot.hash == hash && {
                let entry = &entries[slot.entry as usize];
                entry.len as usize == len
                    && short::load(arena.as_bytes(), entry.start as usize, len) == word
            }
        });
        match found {
            Some(slot) => {
                let entry = &mut self.entries[slot.entry as usize];
                entry.count += 1;
                entry.count - 1
            }
            None => {
                self.insert_new_short(word, len, hash);
                0
            }
        }
    }

    /// The index of `word`'s entry, if it has one.
    #[inline(always)]
    fn find(&self, word: &[u8], hash: WordHash) -> Option<usize> {
        let WordMap {
            slots,
            entries,
            arena,
            ..
        } = self;
        slots
            .find(table_hash(hash), |slot| {
                slot.hash == hash
                    && same_bytes(word_bytes(arena, &entries[slot.entry as usize]), word)
            })
            .map(|slot| slot.entry as usize)
    }

    /// Adds a word the map does not hold yet: out of line, since after the
    /// first few blocks almost every occurrence is of a known word.
    #[inline(never)]
    fn insert_new(&mut self, word: &str, hash: WordHash, n: usize) {
        if n == 1 && self.sift(word, hash) {
            return;
        }
        let start = self.arena.len();
        self.arena.push_str(word);
        self.push_entry(start, hash, n);
    }

    /// [`Self::insert_new`] for a short word given as its number.
    #[inline(never)]
    fn insert_new_short(&mut self, word: u64, len: usize, hash: WordHash) {
        let bytes = word.to_le_bytes();
        let word = std::str::from_utf8(&bytes[..len]).expect("a short word is ASCII");
        if self.sift(word, hash) {
            return;
        }
        let start = self.arena.len();
        self.arena.push_str(word);
        self.push_entry(start, hash, 1);
    }

    /// Puts one occurrence of a word the table does not hold on the sieve's
    /// list if its hash was never seen; false (nothing done) if it was, or
    /// if the map is not sieved.
    #[inline(always)]
    fn sift(&mut self, word: &str, hash: WordHash) -> bool {
        let Some(sieve) = self.sieve.as_deref_mut() else {
            return false;
        };
        if sieve.seen.is_empty() {
            if self.entries.len() < sieve.from {
                return false;
            }
            // Memory the kernel zeroes as it is touched.
            sieve.seen = vec![0; sieve.words];
        }
        if !sieve.first_sighting(hash) {
            return false;
        }
        sieve.singles.insert_new(word, hash, 1);
        sieve.hashes.push(hash);
        true
    }

    /// An empty sieved map ([`Sieve`]) with a sieve of `bits` bits (rounded
    /// up to a power of two, at least 64), used once the table holds `from`
    /// words.
    pub(crate) fn sieved(bits: usize, from: usize) -> WordMap {
        WordMap {
            sieve: Some(Box::new(Sieve::new(bits, from))),
            ..WordMap::default()
        }
    }

    /// Whether the map is sieved and not yet settled: a word may then count
    /// one more than its entry says (see [`Sieve`]).
    pub(crate) fn is_sieved(&self) -> bool {
        self.sieve.is_some()
    }

    /// The words on the sieve's list (each seen once before the table got
    /// it, if it did), with their hashes.
    pub(crate) fn singles(&self) -> impl Iterator<Item = (&str, WordHash)> + '_ {
        self.sieve.iter().flat_map(|sieve| sieve.singles())
    }

    /// How many words the sieve's list holds.
    pub(crate) fn singles_len(&self) -> usize {
        self.sieve.as_ref().map_or(0, |sieve| sieve.hashes.len())
    }

    /// Adds what the sieve holds into the map and drops the sieve: a plain
    /// map from then on.
    pub(crate) fn settle(&mut self) {
        let Some(sieve) = self.sieve.take() else {
            return;
        };
        self.reserve(sieve.hashes.len());
        for (word, hash) in sieve.singles() {
            self.add(word, hash, 1);
        }
    }

    /// Adds `n` to `word`'s count if the table holds it; true if it did.
    pub(crate) fn add_if_held(&mut self, word: &str, hash: WordHash, n: usize) -> bool {
        match self.find(word.as_bytes(), hash) {
            Some(index) => {
                self.entries[index].count += n;
                true
            }
            None => false,
        }
    }

    /// Ends the word the arena holds from `start` on, and gives it an
    /// entry with count `n` and a slot.
    #[inline(always)]
    fn push_entry(&mut self, start: usize, hash: WordHash, n: usize) {
        let entry = Entry {
            start: fits_u32(start),
            len: fits_u32(self.arena.len() - start),
            count: n,
        };
        let index = fits_u32(self.entries.len());
        self.arena.push(WORD_END);
        fits_u32(self.arena.len());
        self.entries.push(entry);
        if !self.listed {
            self.slots
                .insert_unique(table_hash(hash), Slot { entry: index, hash }, |slot| {
                    table_hash(slot.hash)
                });
        }
    }

    /// An empty list: a `WordMap` that gives every word added an entry of
    /// its own, duplicates and all. Its lookups search an empty table, so
    /// they cost one probe and find nothing, and the map's code serves both
    /// with the difference out of the hot path (a check per word cost prose
    /// 5% more instructions). It is only for handing words over to be merged
    /// into a map (merging adds each entry): where most words are new, as
    /// with millions of distinct words, a map would pay for a slot that
    /// saves the owner nothing.
    pub(crate) fn list() -> WordMap {
        WordMap {
            listed: true,
            ..WordMap::default()
        }
    }

    /// Whether this is a list ([`WordMap::list`]).
    pub(crate) fn is_list(&self) -> bool {
        self.listed
    }

    /// An empty map or list, as `self` is (sieved alike if it is).
    pub(crate) fn empty_like(&self) -> WordMap {
        WordMap {
            listed: self.listed,
            sieve: (self.sieve.as_ref()).map(|sieve| Box::new(sieve.empty_like())),
            ..WordMap::default()
        }
    }

    /// Sets `word`'s count to `n`.
    pub(crate) fn set(&mut self, word: &str, hash: WordHash, n: usize) {
        match self.find(word.as_bytes(), hash) {
            Some(index) => self.entries[index].count = n,
            None => self.insert_new(word, hash, n),
        }
    }

    /// The count of `word`, zero if absent.
    pub(crate) fn get(&self, word: &str, hash: WordHash) -> usize {
        self.find(word.as_bytes(), hash)
            .map_or(0, |index| self.entries[index].count)
    }

    /// Number of distinct words.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Makes room for `more` new words without growing the table.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.slots.reserve(more, |slot| table_hash(slot.hash));
        self.entries.reserve(more);
    }

    /// The entries, in insertion order.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// An entry's word.
    #[inline]
    pub(crate) fn word(&self, entry: &Entry) -> &str {
        let start = entry.start as usize;
        &self.arena[start..start + entry.len as usize]
    }

    /// An entry's offset in the arena.
    pub(crate) fn start(entry: &Entry) -> usize {
        entry.start as usize
    }

    /// The word at arena offset `start` (an entry's start).
    pub(crate) fn word_at(&self, start: usize) -> &str {
        let len = memchr::memchr(WORD_END as u8, &self.arena.as_bytes()[start..])
            .expect("every word in the arena is followed by its end");
        &self.arena[start..start + len]
    }

    /// The word of `len` bytes at arena offset `start` (an entry's start).
    pub(crate) fn word_of_len(&self, start: usize, len: usize) -> &str {
        &self.arena[start..start + len]
    }

    /// Each word and its count, in insertion order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        self.entries
            .iter()
            .map(|entry| (self.word(entry), entry.count))
    }
}

#[inline(always)]
fn word_bytes<'a>(arena: &'a str, entry: &Entry) -> &'a [u8] {
    let start = entry.start as usize;
    &arena.as_bytes()[start..start + entry.len as usize]
}

/// `a == b`, lengths first, then eight bytes at a time: words are short,
/// and a call to `memcmp` costs more than comparing them inline.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
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

/// An offset, length or index as an entry stores it.
#[inline]
fn fits_u32(n: usize) -> u32 {
    u32::try_from(n).expect("one map holds at most 4 GiB of distinct word text and 4 G words")
}
