//! Instruction counts of the counting hot path, under callgrind: the input of
//! `cargo xtask callgrind`, the regression guard (see CONTRIBUTING.md).
//!
//! Wall times on a shared machine are noisy; the number of instructions a
//! piece of code executes is not. Each benchmark runs once, in its own
//! valgrind process, and only the benchmark function itself is measured:
//! the inputs are generated (deterministically, here, from a fixed seed) in
//! argument expressions that gungraun evaluates outside the measured region,
//! and a result is dropped after it. What is measured:
//!
//! - `from_text::{prose, non_ascii, vocabulary_heavy}`: `Counts::from_text`
//!   on about 1 MB of mixed-case ASCII prose, on about 1 MB with non-ASCII
//!   words and separators, and on 100 000 mostly distinct words;
//! - `sequential_blocks::prose`: the same prose cut into 64 KiB blocks and
//!   counted by `Strategy::Sequential` (the cut included);
//! - `top_10::vocabulary_heavy`, `sorted::vocabulary_heavy`: the report
//!   orders of the vocabulary-heavy count;
//! - `merge::vocabulary_heavy`: `Counts::merge` of two counts with one
//!   hasher, of the first and the last 60% of the vocabulary-heavy words
//!   (a fifth shared): what `partitioned`'s owners do with what they are
//!   sent.
//!
//! A benchmark is named `function::input`.
//!
//! Each is some tens of millions of instructions (15 to 110 million at the
//! first baseline), so the whole run takes about 10 seconds under valgrind. Run it through `cargo xtask callgrind`, which
//! installs the matching `gungraun-runner` and compares with the checked-in
//! baseline (`benches/hot_path.baseline.json`); a plain
//! `cargo bench --bench hot_path` needs that runner on `PATH`.
//!
//! Only public API that keeps its signature is used (`Counts::{from_text,
//! sorted, top, len}`, `Strategy`, `source::blocks`), so a rewrite of the
//! counting core is measured by the same benchmarks.

use gungraun::{library_benchmark, library_benchmark_group, main};
use std::hint::black_box;
use tally::{source, Counts, Strategy};

/// The deterministic inputs. Nothing here is measured.
mod inputs {
    use tally::words::{Counts, WordHasher};

    /// About the size of each text, in bytes.
    const SIZE: usize = 1 << 20;

    /// SplitMix64: a fixed seed gives the same text on every machine.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// Uniform in `0..n` (the modulo bias is irrelevant here).
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        /// True with probability `percent` / 100.
        fn chance(&mut self, percent: u64) -> bool {
            self.next() % 100 < percent
        }

        /// An index into `n` items skewed towards the first, as word
        /// frequencies are (the product of two uniform draws).
        fn skewed(&mut self, n: usize) -> usize {
            self.below(n) * self.below(n) / n
        }
    }

    const ENGLISH: &[&str] = &[
        "the",
        "and",
        "of",
        "to",
        "a",
        "in",
        "that",
        "it",
        "is",
        "was",
        "he",
        "for",
        "on",
        "are",
        "as",
        "with",
        "his",
        "they",
        "i",
        "at",
        "be",
        "this",
        "have",
        "from",
        "or",
        "one",
        "had",
        "by",
        "word",
        "but",
        "not",
        "what",
        "all",
        "were",
        "we",
        "when",
        "your",
        "can",
        "said",
        "there",
        "use",
        "an",
        "each",
        "which",
        "she",
        "do",
        "how",
        "their",
        "if",
        "will",
        "up",
        "other",
        "about",
        "out",
        "many",
        "then",
        "them",
        "these",
        "so",
        "some",
        "her",
        "would",
        "make",
        "like",
        "him",
        "into",
        "time",
        "has",
        "look",
        "two",
        "more",
        "write",
        "go",
        "see",
        "number",
        "no",
        "way",
        "could",
        "people",
        "my",
        "than",
        "first",
        "water",
        "been",
        "call",
        "who",
        "oil",
        "its",
        "now",
        "find",
        "long",
        "down",
        "day",
        "did",
        "get",
        "come",
        "made",
        "may",
        "part",
        "counting",
        "thread",
        "channel",
        "message",
        "shared",
        "memory",
        "lock",
        "mutex",
        "worker",
        "collector",
        "merge",
        "interleaving",
        "schedule",
        "model",
        "checker",
        "oracle",
        "strategy",
        "sequential",
        "concurrency",
        "tutorial",
        "block",
        "vocabulary",
        "distinct",
        "frequency",
        "report",
    ];

    /// Words whose lowercase form is not a byte-wise ASCII fold: accents,
    /// `ß`, a Greek word ending in a capital sigma (final `ς` when
    /// lowercased whole), dotted capital `İ` (two chars when lowercased),
    /// Cyrillic, and caseless CJK.
    const NON_ASCII: &[&str] = &[
        "café",
        "Café",
        "CAFÉ",
        "élève",
        "ÉLÈVE",
        "naïve",
        "Straße",
        "STRASSE",
        "straße",
        "Grüße",
        "GRÜẞE",
        "Ärger",
        "ΟΔΟΣ",
        "οδός",
        "Σίσυφος",
        "ΣΊΣΥΦΟΣ",
        "İstanbul",
        "İZMİR",
        "ıspanak",
        "Москва",
        "МОСКВА",
        "москва",
        "東京",
        "日本語",
        "Ωmega",
        "ﬁn",
    ];

    /// Mixed-case English prose: sentences, commas, lines and paragraphs.
    fn prose_with(rng: &mut Rng, pick: &mut dyn FnMut(&mut Rng) -> &'static str) -> String {
        let mut text = String::with_capacity(SIZE + 64);
        let mut sentence_start = true;
        let mut on_line = 0;
        while text.len() < SIZE {
            let word = pick(rng);
            if rng.chance(1) {
                text.push_str(&word.to_uppercase());
            } else if sentence_start || rng.chance(4) {
                let mut chars = word.chars();
                let first = chars.next().unwrap_or(' ');
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            } else {
                text.push_str(word);
            }
            sentence_start = rng.chance(7);
            if sentence_start {
                text.push('.');
            } else if rng.chance(6) {
                text.push(',');
            }
            on_line += 1;
            if on_line >= 12 && rng.chance(30) {
                on_line = 0;
                text.push_str(if rng.chance(10) { "\n\n" } else { "\n" });
            } else {
                text.push(' ');
            }
        }
        text
    }

    /// About 1 MB of mixed-case ASCII prose.
    pub(crate) fn prose() -> String {
        let mut rng = Rng(1);
        prose_with(&mut rng, &mut |rng| ENGLISH[rng.skewed(ENGLISH.len())])
    }

    /// About 1 MB where one word in three is non-ASCII and words are
    /// separated by NBSP, U+3000 and tabs as well as spaces and newlines.
    pub(crate) fn non_ascii() -> String {
        let mut rng = Rng(2);
        let text = prose_with(&mut rng, &mut |rng| {
            if rng.chance(33) {
                NON_ASCII[rng.below(NON_ASCII.len())]
            } else {
                ENGLISH[rng.skewed(ENGLISH.len())]
            }
        });
        // Swap some separators for Unicode whitespace: every fifth space
        // becomes NBSP, every seventh U+3000, every thirteenth a tab.
        let mut spaces = 0u32;
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        for c in text.chars() {
            if c == ' ' {
                spaces += 1;
                out.push(match spaces {
                    n if n.is_multiple_of(5) => '\u{A0}',
                    n if n.is_multiple_of(7) => '\u{3000}',
                    n if n.is_multiple_of(13) => '\t',
                    _ => ' ',
                });
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Words that are distinct by construction: `i` scrambled by an odd
    /// multiplier (a bijection on `u32`), written in base 26.
    fn distinct_word(i: u32, out: &mut String) {
        let mut x = i.wrapping_mul(0x9E37_79B1);
        loop {
            out.push((b'a' + (x % 26) as u8) as char);
            x /= 26;
            if x == 0 {
                break;
            }
        }
    }

    /// 100 000 distinct words, one in twenty capitalised, with one word in
    /// ten drawn from a small set of repeats instead: merges and map growth
    /// dominate, as in a vocabulary-heavy corpus.
    pub(crate) fn vocabulary_heavy() -> String {
        let mut rng = Rng(3);
        let mut text = String::with_capacity(SIZE);
        let mut distinct = 0;
        while distinct < 100_000 {
            if rng.chance(10) {
                text.push_str(ENGLISH[rng.below(ENGLISH.len())]);
            } else {
                let start = text.len();
                distinct_word(distinct, &mut text);
                distinct += 1;
                if rng.chance(5) {
                    let first = text[start..start + 1].to_uppercase();
                    text.replace_range(start..start + 1, &first);
                }
            }
            text.push(if rng.chance(8) { '\n' } else { ' ' });
        }
        text
    }

    /// The count of [`vocabulary_heavy`], for the report benchmarks.
    pub(crate) fn vocabulary_counts() -> Counts {
        let counts = Counts::from_text(&vocabulary_heavy());
        assert!(
            counts.len() > 100_000,
            "the vocabulary-heavy input has {} distinct words, expected over 100 000",
            counts.len()
        );
        counts
    }

    /// Counts of the first and the last 60% of [`vocabulary_heavy`]'s
    /// words, with one hasher, so they merge part by part.
    pub(crate) fn vocabulary_halves() -> (Counts, Counts) {
        let text = vocabulary_heavy();
        let words: Vec<&str> = text.split_whitespace().collect();
        let hasher = WordHasher::new();
        let count = |words: &[&str]| {
            let mut counts = Counts::with_hasher(hasher);
            counts.add_text(&words.join(" "));
            counts
        };
        let n = words.len();
        (count(&words[..n * 3 / 5]), count(&words[n * 2 / 5..]))
    }

    /// `text`, leaked: a benchmark that borrows it then neither copies nor
    /// frees it inside the measured region.
    pub(crate) fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }

    /// `counts`, leaked, so the report benchmarks can return entries that
    /// borrow from it (dropped after the measured region).
    pub(crate) fn leak_counts(counts: Counts) -> &'static Counts {
        Box::leak(Box::new(counts))
    }
}

// (a, b, c) Counting one text into a map. (Plain comments: the attribute
// macro takes no doc comment.)
#[library_benchmark]
#[bench::prose(inputs::leak(inputs::prose()))]
#[bench::non_ascii(inputs::leak(inputs::non_ascii()))]
#[bench::vocabulary_heavy(inputs::leak(inputs::vocabulary_heavy()))]
fn from_text(text: &'static str) -> Counts {
    black_box(Counts::from_text(black_box(text)))
}

// (d) The sequential strategy over 64 KiB blocks, the cut included.
#[library_benchmark]
#[bench::prose(inputs::prose())]
fn sequential_blocks(text: String) -> Counts {
    let blocks = source::blocks(black_box(text), 64 * 1024);
    black_box(
        Strategy::Sequential
            .count(blocks, 1)
            .expect("no faults injected"),
    )
}

// (e) The report orders of the vocabulary-heavy count.
#[library_benchmark]
#[bench::vocabulary_heavy(inputs::leak_counts(inputs::vocabulary_counts()))]
fn top_10(counts: &'static Counts) -> Vec<(&'static str, usize)> {
    black_box(black_box(counts).top(10))
}

#[library_benchmark]
#[bench::vocabulary_heavy(inputs::leak_counts(inputs::vocabulary_counts()))]
fn sorted(counts: &'static Counts) -> Vec<(&'static str, usize)> {
    black_box(black_box(counts).sorted())
}

// (f) Merging counts part by part.
#[library_benchmark]
#[bench::vocabulary_heavy(inputs::vocabulary_halves())]
fn merge((mut into, from): (Counts, Counts)) -> Counts {
    black_box(&mut into).merge(black_box(from));
    into
}

library_benchmark_group!(
    name = hot_path,
    benchmarks = [from_text, sequential_blocks, top_10, sorted, merge]
);

main!(library_benchmark_groups = hot_path);
