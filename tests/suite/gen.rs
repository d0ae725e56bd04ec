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

/// Words whose splitting or lowercasing is a trap.
pub(crate) const TRICKY_WORDS: &[&str] = &[
    "the",
    "The",
    "THE",
    "word",
    "Word",
    "WORD",
    "ΟΔΟΣ", // final sigma: whole-word lowercasing ends in ς
    "Οδός",
    "οδος",
    "ΣΑΣ",
    "Σ",
    "σ",
    "ς",
    "ὈΔΥΣΣΕΎΣ",
    "İ", // lowercases to two chars
    "İstanbul",
    "ISTANBUL",
    "ı",
    "ẞ", // capital sharp s
    "ß",
    "Straße",
    "STRASSE",
    "e\u{301}", // e + combining acute
    "é",
    "E\u{301}COLE",
    "École",
    "\u{301}", // a lone combining mark is a word of its own
    "n\u{303}o",
    "Ǆ",
    "ǅ",
    "ǆ",
    "ﬁ",
    "ΐ",
    "\u{212b}", // Angstrom sign
    "\u{212a}", // Kelvin sign
    "\u{2126}", // Ohm sign
    "😀",
    "👍🏽",
    "🇫🇷",
    "👩\u{200d}💻",
    "日本語",
    "Привет",
    "ПРИВЕТ",
    "ＡＢＣ",
    "x\u{200b}y",  // zero-width space is not whitespace
    "\u{200b}",    // so it is a word on its own
    "\u{feff}bom", // nor is the BOM
    "a\u{180e}b",  // nor the Mongolian vowel separator (since Unicode 6.3)
    "don't",
    "42",
    "É",
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

/// A deterministic Unicode-heavy corpus of at least `min_bytes` bytes, from
/// a fixed-seed LCG (Knuth's MMIX constants). It starts with whitespace and
/// ends inside a word (no final newline). Among the tricky words it puts
/// numbered words (so the vocabulary is large), long repeated words and long
/// whitespace runs (so block cuts land inside them), and words glued by a
/// zero-width space, which must not split them.
pub(crate) fn corpus(min_bytes: usize, seed: u64) -> String {
    let mut state = seed;
    let mut below = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut text = String::with_capacity(min_bytes + 64);
    text.push('\u{3000}');
    loop {
        let word = TRICKY_WORDS[below(TRICKY_WORDS.len())];
        match below(40) {
            0 => text.push_str(&word.repeat(1 + below(500))),
            1..=10 => {
                text.push_str(word);
                text.push_str(&below(5000).to_string());
            }
            _ => text.push_str(word),
        }
        if text.len() >= min_bytes {
            return text;
        }
        match below(40) {
            0 => text.push('\u{200b}'),
            1 => (0..1 + below(2000)).for_each(|_| text.push(WHITESPACE[below(WHITESPACE.len())])),
            _ => text.push(WHITESPACE[below(WHITESPACE.len())]),
        }
    }
}
