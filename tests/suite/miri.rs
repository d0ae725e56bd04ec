//! Miri-sized checks (`cargo xtask miri` runs this module, and only this
//! one, of the std suite under Miri, over several scheduling seeds): tens of
//! words per input, so each strategy's threads, locks, atomics and channels
//! run under Miri's checks for undefined behaviour and data races in
//! seconds, not hours. They run in every `cargo test` too.

use super::checked::Checked;
use super::gen::{TRICKY_WORDS, WHITESPACE};
use tally::fault::{FaultPlan, INJECTED_PANIC};
use tally::words::count_words;
use tally::{source, Counts, Error, Strategy};

/// The trickiest words, for Miri: final sigma, `İ`, `ẞ`, a combining mark,
/// zero-width chars, and one word in three cases.
const MIRI_WORDS: &[&str] = &[
    "The",
    "ΟΔΟΣ",
    "Σ",
    "İ",
    "ẞ",
    "e\u{301}",
    "x\u{200b}y",
    "\u{feff}bom",
    "THE",
];

/// The tricky words (final sigma, `İ`, `ẞ`, combining marks, zero-width
/// chars), each followed by a different Unicode whitespace char: 50-odd
/// words natively, a dozen under Miri.
fn text() -> String {
    let words = if cfg!(miri) { MIRI_WORDS } else { TRICKY_WORDS };
    let mut text = String::from("\u{3000}");
    for (i, word) in words.iter().enumerate() {
        text.push_str(word);
        text.push(WHITESPACE[i % WHITESPACE.len()]);
        if i % 7 == 0 {
            text.push_str("the ");
        }
    }
    text.push_str("THE end");
    text
}

/// Block sizes: down to one char natively; under Miri, a few blocks per
/// worker and one block for all.
fn block_sizes() -> Vec<usize> {
    if cfg!(miri) {
        vec![12, 64]
    } else {
        vec![1, 16, 64]
    }
}

#[test]
fn every_strategy_equals_the_oracle_at_one_two_and_three_threads() {
    let text = text();
    let expected = Counts::from(count_words(&text));
    let mut checked = Checked::new("Miri-sized equivalence");
    for strategy in Strategy::ALL {
        for threads in 1..=3 {
            for block_size in block_sizes() {
                let blocks = source::blocks(text.clone(), block_size);
                let got = strategy.count(blocks, threads).expect("no fault injected");
                assert_eq!(
                    got, expected,
                    "{strategy} at {threads} threads, blocks of {block_size}"
                );
                checked.ran(strategy);
            }
        }
    }
    checked.assert_every_strategy();
}

#[test]
fn every_strategy_streams_to_the_oracles_count() {
    let text = text();
    let expected = Counts::from(count_words(&text));
    for strategy in Strategy::ALL {
        let got = strategy
            .count_stream(3, |emit| {
                source::stream_reader(
                    &mut text.as_bytes(),
                    "miri".as_ref(),
                    8,
                    source::Utf8::Strict,
                    &mut |_| {},
                    emit,
                )
                .map(|_| ())
            })
            .expect("valid UTF-8, no fault injected");
        assert_eq!(got, expected, "{strategy} streaming");
    }
}

#[test]
fn the_fast_paths_equal_the_oracle_word_by_word() {
    let text = text();
    let oracle: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let fast: Vec<String> = tally::words::normalized_words(&text)
        .map(|w| w.into_owned())
        .collect();
    assert_eq!(fast, oracle);
    let counts = Counts::from_text(&text);
    assert_eq!(counts, Counts::from(count_words(&text)));
    // The report order: count descending, then bytes ascending.
    let mut naive: Vec<(String, usize)> = count_words(&text).into_iter().collect();
    naive.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let sorted: Vec<(String, usize)> = counts
        .sorted()
        .into_iter()
        .map(|(w, n)| (w.to_owned(), n))
        .collect();
    assert_eq!(sorted, naive);
    for k in [0, 1, 5, naive.len(), naive.len() + 1] {
        let top: Vec<(String, usize)> = counts
            .top(k)
            .into_iter()
            .map(|(w, n)| (w.to_owned(), n))
            .collect();
        assert_eq!(top, naive[..k.min(naive.len())], "top {k}");
    }
}

/// Twenty blocks of a few words each (six under Miri).
fn fault_input() -> Vec<tally::Block> {
    let lines = if cfg!(miri) { 6 } else { 20 };
    source::blocks("alpha Beta ΟΔΟΣ alpha\n".repeat(lines), 16)
}

/// A worker's first and last step, and, for the strategies that merge under
/// a lock, a step inside that critical section (which also poisons it); the
/// dynamic strategies only their first (see `faults.rs`).
fn fault_points(strategy: Strategy, workers: usize, worker: usize) -> Vec<usize> {
    if matches!(strategy, Strategy::ClaimBlocks | Strategy::Partitioned) {
        return vec![0];
    }
    let own = (fault_input().len() - worker).div_ceil(workers);
    let mut points = vec![0, own - 1];
    match strategy {
        Strategy::MessagePassing | Strategy::SharedMutex => points.push(own),
        Strategy::Sharded => points.extend([own, own + 1]),
        _ => {}
    }
    points
}

#[test]
fn a_panicking_worker_is_an_error_at_a_few_steps() {
    let mut checked = Checked::new("Miri-sized faults");
    for strategy in Strategy::ALL {
        let workers = if strategy == Strategy::Sequential {
            1
        } else {
            2
        };
        for worker in 0..workers {
            for after_steps in fault_points(strategy, workers, worker) {
                let plan = FaultPlan {
                    worker,
                    after_steps,
                };
                match strategy.count_with_fault(fault_input(), workers, plan) {
                    Err(Error::WorkerPanicked {
                        strategy: name,
                        worker: w,
                        message,
                    }) => {
                        assert_eq!(name, strategy.name());
                        assert_eq!(w, worker, "{strategy}: wrong worker blamed");
                        assert!(message.contains(INJECTED_PANIC), "{message}");
                    }
                    other => panic!("{strategy} {plan:?}: got {other:?}"),
                }
                checked.ran(strategy);
            }
        }
    }
    checked.assert_every_strategy();
}
