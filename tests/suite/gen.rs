//! Input generators: Unicode-heavy texts built to break word splitting and
//! lowercasing, as proptest strategies and as a deterministic large corpus.

use proptest::prelude::*;

/// Every char with the Unicode `White_Space` property: what
/// `split_whitespace` splits on, and what block cutting may cut at.
pub(crate) const WHITESPACE: &[char] = &[
    ' ', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}',
    '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}',
    '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
];

/// Chars that look like separators but are not `White_Space`: they must stay
/// inside words.
pub(crate) const NOT_WHITESPACE: &[char] = &[
    '\u{200b}', // zero-width space
    '\u{200c}', // zero-width non-joiner
    '\u{200d}', // zero-width joiner
    '\u{2060}', // word joiner
    '\u{feff}', // BOM / zero-width no-break space
    '\u{180e}', // Mongolian vowel separator (White_Space until Unicode 6.3)
    '\u{0}', '\u{1b}', '\u{7f}', '\u{9f}', // controls
];

/// Words whose lowercase form is the trap.
pub(crate) const TRICKY_WORDS: &[&str] = &[
    "ΟΔΟΣ", // final sigma: whole-word lowercasing gives ς at the end
    "ΣΑΣ",
    "Σ",
    "ὈΔΥΣΣΕΎΣ",
    "İstanbul", // İ lowercases to two chars (i + combining dot)
    "İ",
    "ẞ", // capital sharp s lowercases to ß
    "Straße",
    "STRASSE",
    "e\u{301}", // e + combining acute
    "É",
    "Ǆ", // titlecase digraphs
    "ǅ",
    "K", // Kelvin sign lowercases to ASCII k
    "Å", // Angstrom sign
    "👍🏽",
    "👩\u{200d}💻",
    "ＡＢＣ", // fullwidth
    "the",
    "The",
    "THE",
    "a",
    "A",
];

/// One piece of a text: a word, a whitespace run, a not-whitespace char, or
/// any char at all.
// `prop_oneof!` builds its union with std's `Arc`; no threads are involved.
#[allow(clippy::disallowed_types)]
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(TRICKY_WORDS).prop_map(str::to_owned),
        3 => prop::collection::vec(prop::sample::select(WHITESPACE), 1..4)
            .prop_map(|cs| cs.into_iter().collect()),
        1 => prop::sample::select(NOT_WHITESPACE).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z]{1,12}",
        1 => (prop::sample::select(TRICKY_WORDS), 20..200usize)
            .prop_map(|(w, n)| w.repeat(n)),
    ]
}

/// Unicode-heavy texts of up to a few hundred pieces.
pub(crate) fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..300).prop_map(|pieces| pieces.concat())
}

/// A deterministic corpus of about `bytes` bytes, from a fixed-seed LCG, with
/// long words and long whitespace runs among the tricky ones.
pub(crate) fn corpus(bytes: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut text = String::with_capacity(bytes + 1024);
    while text.len() < bytes {
        match next(20) {
            0 => text.push_str(&TRICKY_WORDS[next(TRICKY_WORDS.len())].repeat(1 + next(500))),
            1 => {
                for _ in 0..1 + next(2000) {
                    text.push(WHITESPACE[next(WHITESPACE.len())]);
                }
            }
            2 => text.push(NOT_WHITESPACE[next(NOT_WHITESPACE.len())]),
            _ => {
                text.push_str(TRICKY_WORDS[next(TRICKY_WORDS.len())]);
                text.push(WHITESPACE[next(WHITESPACE.len())]);
            }
        }
    }
    text
}
