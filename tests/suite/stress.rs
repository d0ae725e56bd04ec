//! Real threads, many times: every threaded strategy at 8 workers over many
//! small blocks, repeated, each result equal to the oracle's. Natively this
//! is a stress test (a lost update shows as a wrong count only when the
//! scheduler happens to interleave badly); under ThreadSanitizer
//! (`cargo xtask tsan`) every run is also checked for data races, whether or
//! not the count came out right.

use super::checked::Checked;
use super::gen;
use tally::words::count_words;
use tally::{source, Counts, Strategy};

/// Rounds per strategy; `TALLY_STRESS_ROUNDS` overrides it.
fn rounds() -> usize {
    std::env::var("TALLY_STRESS_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(25)
}

#[test]
fn every_threaded_strategy_at_eight_threads_many_times_equals_the_oracle() {
    // About 6 KB of Unicode-heavy text in blocks of 32 bytes: 200-odd
    // blocks, so each of the 8 workers takes many turns at every lock.
    let text = gen::corpus(6 << 10, 0x5eed);
    let expected = Counts::from(count_words(&text));
    let mut checked = Checked::new("stress at 8 threads");
    checked.ran(Strategy::Sequential); // no threads: nothing to stress
    for strategy in Strategy::ALL.into_iter().filter(|s| s.is_concurrent()) {
        for round in 0..rounds() {
            let blocks = source::blocks(text.clone(), 32);
            let got = strategy.count(blocks, 8).expect("no fault injected");
            assert!(got == expected, "{strategy}, round {round}: wrong count");
            checked.ran(strategy);
        }
    }
    checked.assert_every_strategy();
}

#[test]
fn streaming_at_eight_threads_many_times_equals_the_oracle() {
    let text = gen::corpus(6 << 10, 0xfeed);
    let expected = Counts::from(count_words(&text));
    for round in 0..rounds() {
        for strategy in Strategy::ALL.into_iter().filter(|s| s.streams()) {
            let got = strategy
                .count_stream(8, |emit| {
                    source::stream_reader(
                        &mut text.as_bytes(),
                        "stress".as_ref(),
                        32,
                        source::Utf8::Strict,
                        &mut |_| {},
                        emit,
                    )
                    .map(|_| ())
                })
                .expect("valid UTF-8, no fault injected");
            assert!(got == expected, "{strategy} streaming, round {round}");
        }
    }
}
