//! `tally` with no arguments: every strategy races on an embedded sample, and
//! each result is checked against the oracle.
//!
//! The sample is the Book of Genesis from the King James Version (1611, in
//! the public domain), about 200 KB.

use super::Outcome;
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tally::{source, words, Counts, Strategy};

/// The embedded sample text.
const SAMPLE: &str = include_str!("../sample/genesis-kjv.txt");

const THREADS: [usize; 3] = [1, 2, 4];

/// Timed runs per row; the fastest is shown, which is the least disturbed
/// by whatever else the machine is doing.
const RUNS: usize = 5;

pub(super) fn run() -> Outcome {
    let oracle = Counts::from(words::count_words(SAMPLE));
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "tally demo: {} KB of Genesis (KJV), {} words, {} distinct; every result checked against the oracle\n",
        SAMPLE.len() / 1024,
        oracle.total(),
        oracle.len()
    )?;
    writeln!(
        out,
        "{:<18} {:>7} {:>10} {:>12}  matches oracle",
        "strategy", "threads", "time", "words/s"
    )?;
    let mut all_match = true;
    for strategy in Strategy::ALL {
        for threads in THREADS {
            let block_size = source::block_size_for(SAMPLE.len(), threads);
            let mut best = Duration::MAX;
            let mut verdict = "yes".to_owned();
            for _ in 0..RUNS {
                let blocks = source::blocks(SAMPLE.to_owned(), block_size);
                let start = Instant::now();
                let result = strategy.count(blocks, threads);
                best = best.min(start.elapsed());
                match result {
                    Ok(counts) if counts == oracle => {}
                    Ok(_) => verdict = "NO: differs from the oracle".to_owned(),
                    Err(e) => verdict = format!("NO: {e}"),
                }
            }
            all_match &= verdict == "yes";
            let words_per_sec = oracle.total() as f64 / best.as_secs_f64();
            writeln!(
                out,
                "{:<18} {:>7} {:>8.2}ms {:>12.0}  {verdict}",
                strategy.name(),
                threads,
                best.as_secs_f64() * 1e3,
                words_per_sec
            )?;
        }
    }
    writeln!(
        out,
        "\nTry: tally count FILE...   tally strategies   tally --help"
    )?;
    writeln!(
        out,
        "Watch a race: cargo xtask race --list, then cargo xtask race split-merge-lock (README, \"The race lab\")"
    )?;
    Ok(if all_match {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
