//! A bug-zoo twin on real threads, many times over: how often does a plain
//! stress test see the bug that loom or shuttle finds at once?
//!
//! ```text
//! cargo run --release --example real_threads -- split-merge-lock [RUNS]
//! ```
//!
//! Each run counts a two-worker input in which both workers count the same
//! word, the shape every lost update needs, and compares the result with
//! the oracle. A twin that is undefined behaviour on real threads is
//! refused (`Broken::undefined_on_real_threads`) except under Miri
//! (`cargo +nightly miri run --example real_threads -- TWIN 1`), which is
//! made to catch it; one that can hang is run, with a warning.

use std::process::ExitCode;
use std::time::Instant;
use tally::broken::Broken;
use tally::{source, words, Counts};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(twin) = args
        .first()
        .and_then(|name| Broken::ALL.into_iter().find(|b| b.name() == name))
    else {
        let names: Vec<&str> = Broken::ALL.iter().map(|b| b.name()).collect();
        eprintln!(
            "usage: real_threads TWIN [RUNS]\ntwins: {}",
            names.join(", ")
        );
        return ExitCode::from(2);
    };
    let runs: usize = match args.get(1).map(|n| n.parse()) {
        None => 10_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("RUNS must be a number");
            return ExitCode::from(2);
        }
    };
    if let (Some(why), false) = (twin.undefined_on_real_threads(), cfg!(miri)) {
        println!("{twin}: skipped: it is {why} on real threads (run it under Miri)");
        return ExitCode::SUCCESS;
    }
    if let Some(when) = twin.hangs_on_real_threads() {
        eprintln!("{twin} hangs on real threads {when}: interrupt it if it does");
    }
    // Two one-block documents, each holding the shared word.
    let texts = ["a b", "a c"];
    let oracle = Counts::from(words::count_words(&texts.join(" ")));
    let started = Instant::now();
    let mut wrong = 0;
    for _ in 0..runs {
        let blocks = source::blocks_of_documents(texts.map(str::to_owned).to_vec(), usize::MAX);
        if twin.count(blocks, 2).ok().as_ref() != Some(&oracle) {
            wrong += 1;
        }
    }
    println!(
        "{twin} on real threads: {wrong} wrong result(s) in {runs} runs ({:.1}s)",
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
