//! Word semantics: what a word is, how it is normalised, and the map of counts.
//!
//! The definition of correct is [`count_words`], the tutorial's sequential
//! count, kept literally: words are [`str::split_whitespace`] tokens (Unicode
//! `White_Space`, so NBSP, NEL, U+3000 and VT all split) and each token is
//! lowercased whole with [`str::to_lowercase`]. Lowercasing the whole token,
//! not char by char, matters: a Greek capital sigma becomes final `ς` only at
//! the end of a word, and `İ` lowercases to two chars.
//!
//! Every strategy finds and normalises words through [`normalized_words`]
//! (directly, or through [`Counts::add_text`]), which must agree with the
//! oracle on every input; the test suites check exactly that.

use crate::sync::record;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::HashMap;

/// The oracle: the tutorial's sequential word count, the single definition of
/// correct. Deliberately naive; nothing else in the crate calls it on a hot path.
pub fn count_words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

/// The lowercase form under which `word` is counted.
///
/// Equal to `word.to_lowercase()`; borrows when the word is already lowercase
/// ASCII, the common case, so counting does not allocate per word.
pub fn normalize(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// The words of `text`, each normalised: exactly what the oracle counts, one
/// item per occurrence.
pub fn normalized_words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split_whitespace().map(normalize)
}

/// Word counts: each distinct normalised word and how often it occurred.
///
/// Backed by a hash map with a fixed hasher (FxHash), so iteration order
/// depends only on the sequence of insertions. That keeps loom and shuttle
/// executions deterministic; use [`Counts::sorted`] for a canonical order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    map: FxHashMap<String, usize>,
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

    /// Counts every word of `text`.
    pub fn from_text(text: &str) -> Self {
        let mut counts = Self::new();
        counts.add_text(text);
        counts
    }

    /// Counts every word of `text` into `self`.
    pub fn add_text(&mut self, text: &str) {
        for word in normalized_words(text) {
            self.add_one(word);
        }
    }

    /// Counts one occurrence of `word`, already normalised (as
    /// [`normalize`] returns it).
    pub fn add_one(&mut self, word: Cow<'_, str>) {
        match word {
            Cow::Borrowed(word) => self.add_normalized(word, 1),
            // Already an owned String: give it to the map, don't copy it.
            Cow::Owned(word) => {
                // (Arguments computed for the recorder in model builds
                // only: this is the hot loop.)
                #[cfg(any(loom, shuttle))]
                {
                    let old = self.get_unrecorded(&word);
                    record::map_add(&word, old, old + 1);
                }
                *self.map.entry(word).or_insert(0) += 1;
            }
        }
    }

    /// Adds `n` to the count of `word`, which must already be normalised.
    pub fn add_normalized(&mut self, word: &str, n: usize) {
        // `get_mut` first so a word seen before costs no allocation.
        if let Some(count) = self.map.get_mut(word) {
            record::map_add(word, *count, *count + n);
            *count += n;
        } else {
            record::map_add(word, 0, n);
            self.map.insert(word.to_owned(), n);
        }
    }

    /// Sets the count of `word` (normalised) to `n`.
    pub fn insert(&mut self, word: &str, n: usize) {
        record::map_set(word, n);
        self.map.insert(word.to_owned(), n);
    }

    /// Adds every count of `other` into `self`.
    pub fn merge(&mut self, mut other: Counts) {
        // What the recorder sees (model builds): each word added in turn.
        #[cfg(any(loom, shuttle))]
        for (word, n) in &other.map {
            let old = self.get_unrecorded(word);
            record::map_add(word, old, old + n);
        }
        // Insert the smaller map into the larger: the first merge into an
        // empty map is free, and a collector's work stays proportional to
        // the smaller side.
        if self.map.len() < other.map.len() {
            std::mem::swap(&mut self.map, &mut other.map);
        }
        for (word, n) in other.map {
            *self.map.entry(word).or_insert(0) += n;
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
        self.map.get(word).copied().unwrap_or(0)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no word was counted.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Total number of words counted (the sum of all counts).
    pub fn total(&self) -> usize {
        self.map.values().sum()
    }

    /// Each word and its count, in the map's (deterministic) order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        self.map.iter().map(|(w, &n)| (w.as_str(), n))
    }

    /// The canonical report order: count descending, ties by word in
    /// ascending byte order.
    pub fn sorted(&self) -> Vec<(&str, usize)> {
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort_unstable_by(report_order);
        entries
    }

    /// The first `k` entries of [`Counts::sorted`], without sorting the
    /// rest: a partial selection (linear time) gathers the `k` first, and
    /// only those are sorted. The order is total (words are distinct), so
    /// the result is exactly `sorted()[..k]`.
    pub fn top(&self, k: usize) -> Vec<(&str, usize)> {
        let mut entries: Vec<_> = self.iter().collect();
        if k == 0 {
            return Vec::new();
        }
        if k < entries.len() {
            entries.select_nth_unstable_by(k - 1, report_order);
            entries.truncate(k);
        }
        entries.sort_unstable_by(report_order);
        entries
    }
}

impl IntoIterator for Counts {
    type Item = (String, usize);
    type IntoIter = std::collections::hash_map::IntoIter<String, usize>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.into_iter()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_splits_on_unicode_whitespace_and_lowercases_whole_words() {
        // NBSP, NEL, ideographic space and vertical tab all split.
        let text = "A\u{a0}a\u{85}B\u{3000}b\u{b}ΟΔΟΣ";
        let counts = count_words(text);
        assert_eq!(counts["a"], 2);
        assert_eq!(counts["b"], 2);
        // Final sigma: only whole-word lowercasing gives `ς` at the end.
        assert_eq!(counts["οδος"], 1);
    }

    proptest::proptest! {
        /// `top(k)` is exactly the first `k` of the full sort, ties and all.
        #[test]
        fn top_k_is_the_prefix_of_the_full_order(
            counts in proptest::collection::btree_map("[a-e]{1,3}", 1usize..6, 0..40),
            k in 0usize..50,
        ) {
            let counts: Counts = counts.into_iter().collect();
            let sorted = counts.sorted();
            let expected = &sorted[..k.min(sorted.len())];
            proptest::prop_assert_eq!(counts.top(k), expected);
        }
    }

    #[test]
    fn zero_width_space_is_not_whitespace() {
        let counts = count_words("a\u{200b}b a");
        assert_eq!(counts["a\u{200b}b"], 1);
        assert_eq!(counts["a"], 1);
    }

    #[test]
    fn add_text_agrees_with_oracle_on_tricky_words() {
        let text = "İstanbul ΣΑΣ ẞtraße Straße straße e\u{301} É  \t\n x";
        assert_eq!(Counts::from_text(text), Counts::from(count_words(text)));
    }

    #[test]
    fn sorted_orders_by_count_then_bytes() {
        let counts = Counts::from_text("b a c a b Z");
        assert_eq!(
            counts.sorted(),
            vec![("a", 2), ("b", 2), ("c", 1), ("z", 1)]
        );
    }
}
