//! Word semantics: what a word is, how it is normalised, and the map of counts.
//!
//! The definition of correct is [`count_words`], the tutorial's sequential
//! count, kept literally: words are [`str::split_whitespace`] tokens (Unicode
//! `White_Space`, so NBSP, NEL, U+3000 and VT all split) and each token is
//! lowercased whole with [`str::to_lowercase`]. Lowercasing the whole token,
//! not char by char, matters: a Greek capital sigma becomes final `ς` only at
//! the end of a word, and `İ` lowercases to two chars.
//!
//! Every strategy finds and normalises words through the tokenizer
//! (`tokens`: [`normalized_words`], or [`Counts::add_text`] on its hot
//! path), which must agree with the oracle on every input; the test suites
//! check exactly that. [`Counts`] is the map of counts (`counts`), stored
//! compactly (`map`) and ranked for the report (`rank`); the first `k` words
//! of counts never merged are found by a threshold (`threshold`).

mod counts;
mod map;
mod rank;
mod short;
mod threshold;
mod tokens;

pub use counts::{Counts, WordHasher};
use std::borrow::Cow;
use std::collections::HashMap;
use tokens::{Case, Tokens};

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
    match Tokens::new(word).next() {
        Some((token, Case::Lower)) if token.len() == word.len() => Cow::Borrowed(word),
        _ => Cow::Owned(word.to_lowercase()),
    }
}

/// The words of `text`, each normalised: exactly what the oracle counts, one
/// item per occurrence.
pub fn normalized_words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    Tokens::new(text).map(|(word, case)| match case {
        Case::Lower => Cow::Borrowed(word),
        Case::AsciiUpper => Cow::Owned(word.to_ascii_lowercase()),
        Case::Unicode => Cow::Owned(word.to_lowercase()),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::strategy::Strategy as _;

    #[test]
    fn normalize_is_to_lowercase_whatever_it_is_given() {
        // Whitespace inside, or a lowercase first word: `normalize` must
        // still lowercase the whole string (cargo-mutants found this
        // unchecked: only single words were ever normalised in tests).
        for text in ["ab", "ab Cd", "a\u{a0}B", "ab  ", "  ab", "Ab cd", "ΟΔΟΣ x"] {
            assert_eq!(normalize(text), text.to_lowercase(), "{text:?}");
        }
    }

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
        /// `top(k)` is exactly the first `k` of the full sort, ties and all,
        /// whatever order the words were first seen in (a later word tying
        /// with the `k`th on its count may still come before it).
        #[test]
        fn top_k_is_the_prefix_of_the_full_order(
            adds in proptest::collection::vec(("[a-e]{1,3}", 1usize..6), 0..60),
            k in 0usize..50,
        ) {
            let mut counts = Counts::default();
            for (word, n) in adds {
                counts.insert(&word, n);
            }
            let sorted = counts.sorted();
            let expected = &sorted[..k.min(sorted.len())];
            proptest::prop_assert_eq!(counts.top(k), expected);
        }
    }

    /// The report order by its definition: a plain sort of (word, count).
    fn naive_order(counts: &Counts) -> Vec<(String, usize)> {
        let mut entries: Vec<(String, usize)> = counts.clone().into_iter().collect();
        entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        entries
    }

    /// What [`Counts::write_ranked_in_chunks`] writes, read back: one
    /// `word count` line per word (a word holds no whitespace).
    pub(crate) fn written(
        counts: &Counts,
        top: Option<usize>,
        chunk_words: usize,
    ) -> Vec<(String, usize)> {
        let mut text = Vec::new();
        counts
            .write_ranked_in_chunks(
                top,
                chunk_words,
                |lines, word, n| lines.extend_from_slice(format!("{word} {n}\n").as_bytes()),
                |lines| {
                    text.extend_from_slice(&lines);
                    Ok::<(), ()>(())
                },
            )
            .expect("collects");
        String::from_utf8(text)
            .expect("UTF-8")
            .lines()
            .map(|line| {
                let (word, n) = line.rsplit_once(' ').expect("a word and its count");
                (word.to_owned(), n.parse().expect("a count"))
            })
            .collect()
    }

    fn owned(entries: Vec<(&str, usize)>) -> Vec<(String, usize)> {
        entries
            .into_iter()
            .map(|(w, n)| (w.to_owned(), n))
            .collect()
    }

    proptest::proptest! {
        /// The ranking keys (a clamped count and an eight-byte prefix) order
        /// exactly as the definition, on the words that defeat them: shared
        /// prefixes, NUL bytes (zero padding), multi-byte chars, and counts
        /// beyond 32 bits. The words go in shuffled, so a word that ties
        /// with an earlier one on count may still come first.
        #[test]
        fn ranking_equals_a_plain_sort(
            words in proptest::collection::btree_map(
                "(abcdefghijklmnop|abcdefgh|abcdefg|ab)?[a\\x00é]{0,3}[a-c\\x00]{1,2}",
                counts_around_the_keys_limits(),
                0..60,
            )
            .prop_map(|words| words.into_iter().collect::<Vec<(String, usize)>>())
            .prop_shuffle(),
            k in 0usize..70,
            parts in 1usize..5,
        ) {
            let whole: Counts = words.clone().into_iter().collect();
            let expected = naive_order(&whole);
            // One map, and the same words in parts: ranked part by part and
            // merged.
            let mut split = Counts::partitioned(WordHasher::new(), parts);
            for (word, n) in words {
                split.insert(&word, n);
            }
            for counts in [&whole, &split] {
                proptest::prop_assert_eq!(owned(counts.sorted()), expected.clone());
                proptest::prop_assert_eq!(
                    owned(counts.top(k)),
                    expected[..k.min(expected.len())].to_vec()
                );
                // Written as lines, in chunks of 1 to 4 words formatted on
                // a thread per part, so chunk edges fall everywhere.
                for chunk_words in 1..=4 {
                    proptest::prop_assert_eq!(
                        written(counts, None, chunk_words),
                        expected.clone()
                    );
                    proptest::prop_assert_eq!(
                        written(counts, Some(k), chunk_words),
                        expected[..k.min(expected.len())].to_vec()
                    );
                }
            }
        }
    }

    /// Small counts, and counts at and beyond the 28 bits a ranking key
    /// holds, and 32 bits.
    fn counts_around_the_keys_limits() -> impl proptest::strategy::Strategy<Value = usize> {
        const KEYED: usize = (1 << 28) - 1;
        const COUNTS: [usize; 9] = [
            1,
            2,
            3,
            KEYED - 1,
            KEYED,
            KEYED + 1,
            u32::MAX as usize,
            u32::MAX as usize + 1,
            1 << 40,
        ];
        proptest::sample::select(&COUNTS[..])
    }

    #[test]
    fn a_count_in_parts_finds_ranks_and_merges_like_one_map() {
        let text = "a b c d e f g h a b c a ΣΑΣ İ x\u{0}y";
        let hasher = WordHasher::new();
        let mut split = Counts::partitioned(hasher, 3);
        split.add_text(text);
        let whole = Counts::from_text(text);
        let rejoined = Counts::from_parts(split.clone().into_parts());
        for counts in [&split, &rejoined] {
            assert_eq!(counts, &whole);
            assert_eq!(counts.sorted(), whole.sorted());
            assert_eq!(counts.get("a"), 3);
        }
        // Merged part by part (same hasher, same parts) and across layouts.
        let mut doubled = split.clone();
        doubled.merge(split.clone());
        let mut expected = whole.clone();
        expected.merge(whole.clone());
        assert_eq!(doubled, expected);
        let mut mixed = whole.clone();
        mixed.merge(split);
        assert_eq!(mixed, expected);
    }

    /// A part made a list keeps every word added, duplicates and all, stays
    /// a list when taken, and merges into a map word by word, even into a
    /// smaller one (which must stay the map).
    #[test]
    fn a_listed_part_is_handed_over_and_merged_word_by_word() {
        let hasher = WordHasher::new();
        let mut sender = Counts::partitioned(hasher, 1);
        sender.list_part(0);
        sender.add_text("a b a C a");
        assert_eq!(sender.part_len(0), 5);
        let share = sender.take_part(0);
        sender.add_text("a a");
        assert_eq!(sender.part_len(0), 2, "still a list");
        let mut owner = Counts::with_hasher(hasher);
        owner.add_text("c");
        owner.merge(share);
        owner.add_text("b c");
        assert_eq!(owner, Counts::from_text("c a b a c a b c"));
        assert_eq!(owner.get("c"), 3);
    }

    #[test]
    fn insert_sets_a_count_up_or_down() {
        let mut counts = Counts::from_text("a a a");
        counts.insert("a", 1);
        counts.insert("b", 2);
        assert_eq!(counts.sorted(), vec![("b", 2), ("a", 1)]);
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
