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
//! check exactly that. [`Counts`] is the compact map of counts (`counts`).

mod counts;
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
