//! The first `k` words of a count that was never merged: several maps
//! (layers) whose counts add up to the whole, as `partitioned` leaves them
//! when `--top K` spares it the exchange.
//!
//! Merging every layer into one map would insert every distinct word a
//! second time, which is most of the cost of a vocabulary-heavy count; the
//! first `k` need only a few. A threshold settles which (the idea of the
//! TPUT algorithm for distributed top-k, in one round because every layer
//! is in memory here):
//! 1. A layer's `k`-th largest count is at most the whole count's `k`-th
//!    largest total, since its `k` words have at least those counts in
//!    total. The largest such count over the layers is the `floor`.
//! 2. A word whose total reaches `floor` has a count of at least
//!    `floor / layers` in some layer (if every count were below, they would
//!    add up to less). So every word of the first `k` is a word that some
//!    layer counts at `count * layers >= floor`, a candidate; all others
//!    total below `floor` and rank after `k` words.
//! 3. Each candidate's total is looked up in every layer.
//!
//! The candidates with their exact totals are a count whose first `k` words
//! are the whole count's first `k`, ties and all: a word that ties the
//! `k`-th total is a candidate too (`>=`, not `>`). On skewed input (a few
//! words far ahead of millions seen once or twice) the floor is high and
//! the candidates are a few hundred; with fewer than `k` words in each
//! layer it is zero, and every word is a candidate.
//!
//! A sieved layer (`WordMap::sieved`) holds a word's first sighting on a
//! list rather than in its table, so its count there is its entry's plus
//! one if the list has it. Step 1 takes the entries' counts, which are at
//! most the layer's, so the floor stays below the `k`-th total; step 2
//! admits an entry if its count plus one reaches `floor / layers`, and a
//! word only on lists (one per layer at most) only if one does; step 3
//! adds the lists, scanned once for the candidates.

use super::map::WordMap;
use super::WordHasher;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The `floor` of step 1: the largest over the layers of each layer's
/// `k`-th largest count, zero if no layer has `k` words. A layer is given
/// as the `k` largest counts of each of its partitions
/// ([`largest_counts`]), which hold the `k` largest of the whole layer. One
/// floor serves every partition: a word below it ranks after `k` words of
/// the whole count, whichever partition they are in (a partition's own
/// floor would be lower wherever few of the heavy words hash to it).
pub(crate) fn floor(layers: &[Vec<&[usize]>], k: usize) -> usize {
    layers
        .iter()
        .map(|parts| kth_largest(parts.iter().flat_map(|counts| counts.iter().copied()), k))
        .max()
        .unwrap_or(0)
}

/// The `k` largest counts in `map`, in no particular order (all of them
/// if it has fewer words).
pub(crate) fn largest_counts(map: &WordMap, k: usize) -> Vec<usize> {
    let mut largest = largest_heap(map.entries().iter().map(|entry| entry.count), k);
    largest.drain().map(|Reverse(count)| count).collect()
}

/// The `k`-th largest of `counts`, zero if there are fewer than `k` (or
/// `k` is zero).
fn kth_largest(counts: impl Iterator<Item = usize>, k: usize) -> usize {
    let largest = largest_heap(counts, k);
    match largest.peek() {
        Some(Reverse(least)) if largest.len() == k => *least,
        _ => 0,
    }
}

/// The `k` largest of `counts` in a heap whose top is the least of them:
/// a scan that compares each count with that least before anything moves.
fn largest_heap(counts: impl Iterator<Item = usize>, k: usize) -> BinaryHeap<Reverse<usize>> {
    // Room for what there is, not for `k`: `--top` takes any `k`.
    let mut largest = BinaryHeap::with_capacity(k.min(counts.size_hint().0));
    if k == 0 {
        return largest;
    }
    for count in counts {
        if largest.len() < k {
            largest.push(Reverse(count));
        } else if let Some(mut least) = largest.peek_mut() {
            if count > least.0 {
                *least = Reverse(count);
            }
        }
    }
    largest
}

/// Whether a word counted `count` times in one of `layers` layers may
/// total `floor` (step 2): `count * layers >= floor`, saturating towards
/// yes.
fn reaches(count: usize, layers: usize, floor: usize) -> bool {
    count.saturating_mul(layers) >= floor
}

/// The most a word whose entry in `layer` says `count` may count there:
/// one more in a sieved layer, whose list may hold its first sighting.
fn at_most(layer: &WordMap, count: usize) -> usize {
    count + usize::from(layer.is_sieved())
}

/// How many words of `layers` (maps of one partition) reach `floor`, a
/// word counted once per layer that has it: at most, and about, the
/// candidates [`candidates`] would look up.
pub(crate) fn admitted(layers: &[&WordMap], floor: usize) -> usize {
    let n = layers.len();
    layers
        .iter()
        .map(|layer| {
            let held = (layer.entries().iter())
                .filter(|entry| reaches(at_most(layer, entry.count), n, floor))
                .count();
            let singles = if reaches(1, n, floor) {
                layer.singles_len()
            } else {
                0
            };
            held + singles
        })
        .sum()
}

/// The candidates among `layers` (maps of one partition, hashed by
/// `hasher`, perhaps sieved) for the first `k` words of the whole count,
/// given its [`floor`]: each with its total over the layers.
///
/// In a sieved layer a word may also be on the sieve's list, once, which
/// adds one to its count there; the list is not looked up but scanned,
/// once per layer, for the candidates' words (few, on skewed input, where
/// the threshold is used). A word only on lists totals at most one per
/// layer, so it is a candidate only if that reaches the floor.
pub(crate) fn candidates(layers: &[&WordMap], hasher: WordHasher, floor: usize) -> WordMap {
    assert!(
        layers.iter().all(|layer| !layer.is_list()),
        "a list cannot be looked up: layers are maps"
    );
    let n = layers.len();
    // Each candidate with its total over the layers' tables.
    let mut totals = WordMap::default();
    let consider = |totals: &mut WordMap, word: &str, hash| {
        // (A word only on lists holds 0 until the lists are scanned, and
        // is looked up again, to 0, if another layer lists it: no harm.)
        if totals.get(word, hash) == 0 {
            let held = layers.iter().map(|layer| layer.get(word, hash)).sum();
            totals.set(word, hash, held);
        }
    };
    for layer in layers {
        for entry in layer.entries() {
            if reaches(at_most(layer, entry.count), n, floor) {
                let word = layer.word(entry);
                consider(&mut totals, word, hasher.hash(word));
            }
        }
        if reaches(1, n, floor) {
            for (word, hash) in layer.singles() {
                consider(&mut totals, word, hash);
            }
        }
    }
    // Then the lists' sightings of the candidates.
    for layer in layers {
        for (word, hash) in layer.singles() {
            totals.add_if_held(word, hash, 1);
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn map(hasher: WordHasher, words: &[(&str, usize)]) -> WordMap {
        let mut map = WordMap::default();
        for &(word, n) in words {
            map.add(word, hasher.hash(word), n);
        }
        map
    }

    fn totals(map: &WordMap) -> BTreeMap<&str, usize> {
        map.iter().collect()
    }

    /// The candidates of one partition's layers for the first `k`.
    fn settle(layers: &[&WordMap], hasher: WordHasher, k: usize) -> WordMap {
        let largest: Vec<Vec<usize>> = layers.iter().map(|l| largest_counts(l, k)).collect();
        let per_layer: Vec<Vec<&[usize]>> = largest.iter().map(|c| vec![&c[..]]).collect();
        candidates(layers, hasher, floor(&per_layer, k))
    }

    #[test]
    fn the_kth_largest_count_is_zero_below_k_counts() {
        let counts = [5, 1, 3, 3];
        let kth = |k| kth_largest(counts.into_iter(), k);
        assert_eq!(
            [kth(0), kth(1), kth(2), kth(3), kth(4), kth(5)],
            [0, 5, 3, 3, 1, 0]
        );
    }

    #[test]
    fn the_floor_is_the_largest_kth_of_a_layer_over_all_its_partitions() {
        // Layer one: 7 and 4 in one partition, 6 in another, so its 2nd
        // largest is 6, though neither partition's 2nd is; layer two has a
        // single word.
        let layers = vec![vec![&[7, 4][..], &[6][..]], vec![&[9][..]]];
        assert_eq!(floor(&layers, 2), 6);
        assert_eq!(floor(&layers, 1), 9);
        assert_eq!(floor(&layers, 4), 0);
    }

    #[test]
    fn a_word_exactly_at_the_floor_over_the_layers_is_a_candidate() {
        // The floor is 4 (the first layer's largest); "aa" totals 4 from 2
        // and 2, exactly `floor / layers` in each, and ties "zz" for the
        // first place, which it takes by its word. With `>` in place of
        // `>=` it would be left out.
        let hasher = WordHasher::new();
        let first = map(hasher, &[("zz", 4), ("aa", 2), ("b", 1)]);
        let second = map(hasher, &[("aa", 2), ("c", 1)]);
        let found = settle(&[&first, &second], hasher, 1);
        assert_eq!(totals(&found), BTreeMap::from([("aa", 4), ("zz", 4)]));
    }

    #[test]
    fn candidates_carry_their_totals_over_every_layer() {
        // "x" is a candidate in the first layer only (3 * 3 >= 9), and its
        // total takes the counts the other layers hold below the floor.
        let hasher = WordHasher::new();
        let first = map(hasher, &[("w", 9), ("x", 3)]);
        let second = map(hasher, &[("x", 2), ("y", 1)]);
        let third = map(hasher, &[("x", 1), ("y", 2)]);
        let found = settle(&[&first, &second, &third], hasher, 1);
        assert_eq!(totals(&found), BTreeMap::from([("w", 9), ("x", 6)]));
    }

    #[test]
    fn with_fewer_than_k_words_in_each_layer_every_word_is_a_candidate() {
        let hasher = WordHasher::new();
        let first = map(hasher, &[("a", 3), ("b", 1)]);
        let second = map(hasher, &[("b", 1), ("c", 1)]);
        let found = settle(&[&first, &second], hasher, 3);
        assert_eq!(
            totals(&found),
            BTreeMap::from([("a", 3), ("b", 2), ("c", 1)])
        );
    }

    /// `Counts::first_of_sum` over three workers' counts of 2 partitions,
    /// with enough words to settle the partitions on threads (under Miri
    /// too): its first `k` are those of the merged count, and every count
    /// it holds is whole.
    #[test]
    fn the_first_k_of_a_sum_are_those_of_the_merged_count() {
        use crate::words::Counts;
        let hasher = WordHasher::new();
        let words = 3 * crate::words::rank::PARALLEL_FROM / 2;
        let layers: Vec<Counts> = (0..3)
            .map(|layer| {
                // Word `i` some `i % 7 + layer` times, word 0 most: one
                // text per layer (one `add_text`, which keeps Miri quick).
                let mut text = String::new();
                for i in 0..words {
                    let times = if i == 0 { 50 } else { i % 7 + layer };
                    text.push_str(&format!("w{i} ").repeat(times));
                }
                let mut counts = Counts::partitioned(hasher, 2);
                counts.add_text(&text);
                counts
            })
            .collect();
        let mut merged = Counts::with_hasher(hasher);
        for layer in &layers {
            merged.merge(layer.clone());
        }
        for k in [0, 1, 5, words + 1] {
            let first = Counts::first_of_sum(layers.clone(), k);
            assert_eq!(first.top(k), merged.top(k), "k = {k}");
            assert!(first.iter().all(|(word, n)| merged.get(word) == n));
            if k == 1 {
                assert!(first.len() < words / 2, "the threshold left words out");
            }
        }
    }

    /// The floor is each worker's `k`-th over all its partitions, the
    /// largest over the workers: not a partition's `k`-th over all the
    /// workers, which can exceed the whole count's `k`-th total (here "a"
    /// in both workers, in one partition, would make it 5, and leave out
    /// "c", second with 1).
    #[test]
    fn the_floor_is_taken_per_worker_not_per_partition() {
        use crate::words::Counts;
        let hasher = WordHasher::new();
        let layers: Vec<Counts> = ["a a a a a c", "a a a a a"]
            .iter()
            .map(|text| {
                let mut counts = Counts::partitioned(hasher, 2);
                counts.add_text(text);
                counts
            })
            .collect();
        let first = Counts::first_of_sum(layers, 2);
        assert_eq!(first.top(2), vec![("a", 10), ("c", 1)]);
    }

    /// Layers whose first sightings went on sieve lists (`Counts::sieved`),
    /// with sieves small enough that words share bits (so some first
    /// sightings get a slot, and some second ones), used from the first
    /// word or from a few words on, skewed or flat, split
    /// in 1 to 3 partitions: the first `k` and every count they give are
    /// the merged count's, through the threshold (these are fewer words
    /// than `MERGE_FROM`) and the one-layer case.
    #[test]
    fn sieved_layers_give_the_first_k_of_the_merged_count() {
        use crate::words::Counts;
        use proptest::collection::vec;
        use proptest::prelude::*;
        // Half the words one of three, the rest one of forty. (Not
        // `prop_oneof!`: it holds its strategies in a std `Arc`.)
        let word = (0u8..40, any::<bool>()).prop_map(|(id, heavy)| if heavy { id % 3 } else { id });
        let config = ProptestConfig {
            cases: if cfg!(miri) { 4 } else { 256 },
            ..ProptestConfig::default()
        };
        proptest!(config, |(
            layers in vec(vec(word, 0..80), 1..4),
            parts in 1usize..=3,
            bits in prop::sample::select(vec![1usize, 64, 256, 1 << 12]),
            from in prop::sample::select(vec![0usize, 1, 8]),
            k in 0usize..=12,
        )| {
            let hasher = WordHasher::new();
            let mut merged = Counts::with_hasher(hasher);
            let layers: Vec<Counts> = layers
                .iter()
                .map(|ids| {
                    let text: String = ids.iter().map(|id| format!("w{id} ")).collect();
                    merged.add_text(&text);
                    let mut layer = Counts::sieved_with(hasher, parts, bits, from);
                    layer.add_text(&text);
                    layer
                })
                .collect();
            let first = Counts::first_of_sum(layers, k);
            prop_assert_eq!(first.top(k), merged.top(k));
            for (word, n) in first.iter() {
                prop_assert_eq!(n, merged.get(word), "{}", word);
            }
        });
    }

    /// With `k` of 0 nothing is needed; with one layer it is the count;
    /// and where most of enough words reach the floor (every word once,
    /// here) the layers are merged whole: each way, the first `k` and
    /// every count are the merged count's. And no `k` is too large.
    #[test]
    fn where_the_threshold_would_not_pay_the_layers_are_merged() {
        use crate::words::counts::MERGE_FROM;
        use crate::words::Counts;
        use std::fmt::Write as _;
        let hasher = WordHasher::new();
        let layer = |text: &str| {
            let mut counts = Counts::partitioned(hasher, 2);
            counts.add_text(text);
            counts
        };
        let words = |range: std::ops::Range<usize>| {
            range.fold(String::new(), |mut text, i| {
                write!(text, "w{i} ").unwrap();
                text
            })
        };
        let half = MERGE_FROM / 2;
        let flat = || vec![layer(&words(0..half)), layer(&words(half..2 * half))];
        let mut whole = Counts::with_hasher(hasher);
        flat().into_iter().for_each(|l| whole.merge(l));
        // Sieved alike, every word twice: a sieve's words must be merged
        // too, each once.
        let sieved = |text: &str| {
            let mut counts = Counts::sieved_with(hasher, 2, 1 << 10, 0);
            counts.add_text(text);
            counts
        };
        let twice = |range| words(range).repeat(2);
        let sieved_flat = vec![sieved(&twice(0..half)), sieved(&twice(half..2 * half))];
        let mut sieved_whole = Counts::with_hasher(hasher);
        for range in [0..half, half..2 * half] {
            sieved_whole.add_text(&twice(range));
        }
        for k in [1, usize::MAX] {
            let first = Counts::first_of_sum(sieved_flat.clone(), k);
            assert_eq!(first, sieved_whole, "sieved, k = {k}");
        }
        assert_eq!(
            Counts::first_of_sum(vec![sieved("a b a c")], 2),
            layer("a b a c"),
            "one sieved layer is settled"
        );
        assert!(Counts::first_of_sum(flat(), 0).is_empty());
        assert_eq!(
            Counts::first_of_sum(vec![layer("a b a")], 1),
            layer("a b a")
        );
        for k in [1, 3, usize::MAX] {
            let first = Counts::first_of_sum(flat(), k);
            assert_eq!(first, whole, "k = {k}: every word reaches a floor of 1");
        }
    }
}
