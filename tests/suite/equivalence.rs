//! Every strategy, at every thread count and block size, returns exactly the
//! oracle's count; and cutting into blocks never changes a count.

use super::checked::Checked;
use super::gen;
use proptest::prelude::*;
use tally::words::count_words;
use tally::{source, Counts, Strategy};

/// Asserts equality without dumping two huge maps: names the first words
/// whose counts differ.
#[track_caller]
fn assert_same_counts(got: &Counts, expected: &Counts, context: &str) {
    if got == expected {
        return;
    }
    let mut diffs: Vec<String> = expected
        .iter()
        .filter(|&(w, n)| got.get(w) != n)
        .map(|(w, n)| format!("{w:?}: expected {n}, got {}", got.get(w)))
        .chain(
            got.iter()
                .filter(|&(w, _)| expected.get(w) == 0)
                .map(|(w, n)| format!("{w:?}: expected 0, got {n}")),
        )
        .collect();
    diffs.sort();
    diffs.truncate(10);
    panic!(
        "{context}: counts differ from the oracle:\n  {}",
        diffs.join("\n  ")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_strategy_equals_the_oracle(
        text in gen::text(),
        threads in 1usize..=8,
        block_size in 1usize..=256,
    ) {
        let expected = Counts::from(count_words(&text));
        let mut checked = Checked::new("every strategy equals the oracle");
        for strategy in Strategy::ALL {
            let blocks = source::blocks(text.clone(), block_size);
            let got = strategy.count(blocks, threads).map_err(|e| TestCaseError::fail(e.to_string()))?;
            assert_same_counts(&got, &expected, &format!("{strategy} at {threads} threads, blocks of {block_size}"));
            checked.ran(strategy);
        }
        checked.assert_every_strategy();
    }

    /// `--top K` counts through `Strategy::count_top_stream`, which
    /// `partitioned` answers from its workers' unmerged counts by a
    /// threshold: on skewed text with ties (a few words many times, a
    /// capital and an `İ` that lowercase onto others) its first `k` must be
    /// the oracle's, and every count it holds whole.
    #[test]
    fn every_strategy_counted_for_its_first_k_ranks_them_as_the_oracle(
        // (Not `prop_oneof!`: it holds its strategies in a std `Arc`.)
        (tricky, skewed, pick_skewed) in (gen::text(), skewed_text(), any::<bool>()),
        threads in 1usize..=8,
        block_size in 1usize..=64,
        k in 0usize..=8,
    ) {
        let text = if pick_skewed { skewed } else { tricky };
        let expected = Counts::from(count_words(&text));
        let mut checked = Checked::new("every strategy counted for its first k");
        for strategy in Strategy::ALL {
            let got = strategy
                .count_top_stream(threads, k, |emit| {
                    source::blocks(text.clone(), block_size).into_iter().try_for_each(emit)
                })
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let context = format!("{strategy} at {threads} threads, blocks of {block_size}, k = {k}");
            prop_assert_eq!(got.top(k), expected.top(k), "{}", context);
            for (word, n) in got.iter() {
                prop_assert_eq!(n, expected.get(word), "{}: {:?}", context, word);
            }
            checked.ran(strategy);
        }
        checked.assert_every_strategy();
    }

    #[test]
    fn block_cutting_never_changes_a_count(text in gen::text(), block_size in 1usize..=64) {
        let blocks = source::blocks(text.clone(), block_size);
        let joined: String = blocks.iter().map(|b| b.as_str()).collect();
        prop_assert_eq!(&joined, &text);
        let mut summed = Counts::new();
        for block in &blocks {
            summed.merge(Counts::from(count_words(block.as_str())));
        }
        assert_same_counts(&summed, &Counts::from(count_words(&text)), "sum of per-block oracle counts");
    }

    #[test]
    fn several_documents_never_join_words(
        docs in prop::collection::vec(gen::text(), 0..5),
        threads in 1usize..=4,
    ) {
        let mut expected = Counts::new();
        for doc in &docs {
            expected.merge(Counts::from(count_words(doc)));
        }
        for strategy in Strategy::ALL {
            let blocks = source::blocks_of_documents(docs.clone(), 16);
            let got = strategy.count(blocks, threads).map_err(|e| TestCaseError::fail(e.to_string()))?;
            assert_same_counts(&got, &expected, &format!("{strategy} over {} documents", docs.len()));
        }
    }
}

/// Words from a small vocabulary, some far more often than others, so
/// that counts tie and a worker's first words stand well ahead.
fn skewed_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy as _;
    const WORDS: &[&str] = &[
        "a", "a", "a", "a", "b", "b", "b", "c", "c", "Ab", "ab", "İ", "i\u{307}", "d", "e",
    ];
    prop::collection::vec(prop::sample::select(WORDS), 0..120).prop_map(|words| words.join(" "))
}

#[test]
fn every_strategy_equals_the_oracle_on_a_multi_megabyte_corpus() {
    let text = gen::corpus(3 << 20, 0x7a11);
    let expected = Counts::from(count_words(&text));
    for threads in [1, 2, 3, 8] {
        // Small blocks too, so every worker gets many cuts through long runs.
        for block_size in [4096, source::block_size_for(text.len(), threads)] {
            for strategy in Strategy::ALL {
                let blocks = source::blocks(text.clone(), block_size);
                let got = strategy
                    .count(blocks, threads)
                    .expect("no fault was injected");
                assert_same_counts(
                    &got,
                    &expected,
                    &format!("{strategy} at {threads} threads, blocks of {block_size}"),
                );
            }
        }
    }
}

/// `partitioned` counted for its first `k` (`--top K`) on a corpus large
/// enough that the candidates are settled a partition per thread, and
/// skewed enough that the threshold leaves most words out: the count it
/// returns must be smaller than the whole (or the threshold was never
/// tested) and rank first exactly what the oracle ranks first.
#[test]
fn partitioned_counted_for_its_first_k_leaves_words_out_and_ranks_the_oracles_first() {
    let text = gen::corpus(3 << 20, 0x70b);
    let expected = Counts::from(count_words(&text));
    for threads in [2, 3, 8] {
        for k in [1, 10, 1000] {
            let got = Strategy::Partitioned
                .count_top_stream(threads, k, |emit| {
                    source::blocks(text.clone(), 64 * 1024)
                        .into_iter()
                        .try_for_each(emit)
                })
                .expect("no fault was injected");
            let context = format!("partitioned at {threads} threads, k = {k}");
            assert_eq!(got.top(k), expected.top(k), "{context}");
            assert!(
                got.iter().all(|(word, n)| expected.get(word) == n),
                "{context}: a count differs from the oracle's"
            );
            // (With k = 1000 of its 8,654 words the floor lets them all in.)
            assert!(
                k == 1000 || got.len() < expected.len() / 10,
                "{context}: {} of {} words were candidates",
                got.len(),
                expected.len()
            );
        }
    }
}

/// `partitioned` hands another owner's partition over before the end once
/// it holds 32,768 words: 150,000 words, each in three rounds, give every
/// worker several hand-overs, and a word's counts arrive in several shares.
#[test]
fn partitioned_hands_large_partitions_over_early_and_loses_nothing() {
    use std::fmt::Write as _;
    const WORDS: usize = 150_000;
    let mut text = String::new();
    for round in 0..3 {
        for i in 0..WORDS {
            write!(text, "w{} ", (i * 7919 + round * 13) % WORDS).unwrap();
        }
        text.push('\n');
    }
    let expected = Counts::from(count_words(&text));
    for threads in [2, 3] {
        let blocks = source::blocks(text.clone(), 64 * 1024);
        let got = Strategy::Partitioned
            .count(blocks, threads)
            .expect("no fault was injected");
        assert_same_counts(
            &got,
            &expected,
            &format!("partitioned at {threads} threads"),
        );
    }
}

#[test]
fn empty_and_whitespace_only_inputs_count_nothing() {
    for text in ["", " ", "\u{3000}\u{85}\n\t\u{a0}"] {
        for strategy in Strategy::ALL {
            let got = strategy
                .count(source::blocks(text.to_owned(), 1), 4)
                .unwrap();
            assert!(got.is_empty(), "{strategy} on {text:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The tokenizer's fast paths (ASCII table, byte-wise lowercasing, the
    /// hand-over to the Unicode rules) against the oracle, word by word.
    #[test]
    fn the_fast_paths_equal_the_oracle(text in gen::text()) {
        let oracle: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        let fast: Vec<String> = tally::words::normalized_words(&text).map(|w| w.into_owned()).collect();
        prop_assert_eq!(&fast, &oracle);
        for word in text.split_whitespace() {
            prop_assert_eq!(tally::words::normalize(word), word.to_lowercase());
        }
        assert_same_counts(&Counts::from_text(&text), &Counts::from(count_words(&text)), "Counts::from_text");
    }
}

/// Pieces of possibly invalid UTF-8: words, whitespace, and invalid
/// sequences of every kind `from_utf8_lossy` tells apart (stray
/// continuation bytes, truncated sequences, surrogates, overlong forms,
/// code points past U+10FFFF), plus a U+FFFD of the input's own.
const BYTE_PIECES: &[&[u8]] = &[
    b"word",
    b"Word",
    "ΟΔΟΣ".as_bytes(),
    "é".as_bytes(),
    b" ",
    b"\n",
    "\u{3000}".as_bytes(),
    "\u{a0}".as_bytes(),
    "\u{fffd}".as_bytes(),
    b"\0",
    b"\x80",
    b"\xff",
    b"\xc3",
    b"\xe2\x82",
    b"\xe3\x80",
    b"\xf0\x9f\x98",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xf4\x90\x80\x80",
];

/// Reads from a slice in reads of the given lengths, in turn: the reader's
/// boundaries fall anywhere, inside a char or an invalid sequence.
struct ChoppyReader<'a> {
    bytes: &'a [u8],
    lengths: Vec<usize>,
    turn: usize,
}

impl std::io::Read for ChoppyReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = self.lengths[self.turn % self.lengths.len()];
        self.turn += 1;
        let n = want.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn lossy_streaming_counts_what_from_utf8_lossy_of_the_whole_input_counts(
        pieces in proptest::collection::vec(proptest::sample::select(BYTE_PIECES), 0..80),
        block_size in 1usize..=32,
        lengths in proptest::collection::vec(1usize..=9, 1..6),
    ) {
        let bytes = pieces.concat();
        let whole = String::from_utf8_lossy(&bytes);
        let mut reader = ChoppyReader { bytes: &bytes, lengths, turn: 0 };
        let mut blocks = Vec::new();
        let streamed = source::stream_reader(
            &mut reader,
            std::path::Path::new("input"),
            block_size,
            source::Utf8::Lossy,
            &mut |_| {},
            &mut |block| {
                blocks.push(block);
                Ok(())
            },
        )
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let joined: String = blocks.iter().map(|b| b.as_str()).collect();
        prop_assert_eq!(&joined, &whole);
        let got = Strategy::Sequential
            .count(blocks, 1)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_same_counts(&got, &Counts::from(count_words(&whole)), "lossy stream");
        // Every U+FFFD of the text that the input did not hold is one
        // replaced sequence.
        let literal = bytes.windows(3).filter(|w| *w == "\u{fffd}".as_bytes()).count();
        let replaced = whole.matches('\u{fffd}').count() - literal;
        prop_assert_eq!(streamed.replaced, replaced as u64);
        prop_assert_eq!(streamed.bytes, bytes.len() as u64);
    }
}
