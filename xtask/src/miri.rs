//! `cargo xtask miri`: a Miri-sized part of the std tests under Miri, which
//! fails on undefined behaviour, data races and leaks, and runs threads
//! under its own scheduler.
//!
//! Two runs, in `target/miri`:
//!
//! - the library's unit tests (tokenizer, map, ranking, block cutting and
//!   streaming) but its two proptests, once, with isolation disabled (the
//!   streaming tests write temporary files);
//! - `tests/suite/miri.rs` of the std suite (every strategy at 1, 2 and 3
//!   threads against the oracle on 50-odd tricky words, streaming, the fast
//!   paths, a panicking worker at a few steps; smaller inputs under
//!   `cfg(miri)`), over [`SEEDS`] scheduling seeds (`-Zmiri-many-seeds`;
//!   `TALLY_MIRI_SEEDS=N` for more), each seed a different interleaving of
//!   the workers.
//!
//! Where nightly's `miri` component cannot be installed, the step says
//! `SKIPPED miri: <reason>`, never PASS.

use crate::steps::{run_command, workspace_root, Status};

/// The library's proptests: generating their inputs (regexes, maps) takes
/// minutes per case under Miri. `tests/suite/miri.rs` checks the same
/// ranking on a fixed input.
const PROPTESTS: [&str; 2] = [
    "ranking_equals_a_plain_sort",
    "top_k_is_the_prefix_of_the_full_order",
];

/// Scheduling seeds for the threaded tests by default: each runs the whole
/// module again (about a minute of Miri's time a seed; Miri runs seeds in
/// parallel). `TALLY_MIRI_SEEDS` asks for more.
const SEEDS: u32 = 2;

/// The seeds this run uses.
pub(crate) fn seeds() -> u32 {
    std::env::var("TALLY_MIRI_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(SEEDS)
}

/// Whether `cargo +nightly miri` works here (installing the component if
/// rustup can), or why not.
pub(crate) fn available() -> Result<(), String> {
    crate::nightly::ensure(&["miri", "rust-src"], || {
        crate::nightly::cargo_succeeds(&["miri", "--version"])
    })
}

/// Runs the step.
pub(crate) fn run() -> Status {
    if let Err(why) = available() {
        println!("SKIPPED miri: {why}");
        return Status::Skipped(why);
    }
    let target = workspace_root().join("target/miri");
    let mut lib = crate::nightly::cargo(&target);
    lib.args(["miri", "test", "--lib", "-p", "tally", "--"])
        .args(PROPTESTS.iter().flat_map(|test| ["--skip", test]))
        .env("MIRIFLAGS", "-Zmiri-disable-isolation");
    let mut suite = crate::nightly::cargo(&target);
    suite
        .args([
            "miri",
            "test",
            "-p",
            "tally",
            "--test",
            "tests",
            "--",
            "suite::miri::",
        ])
        .env("MIRIFLAGS", format!("-Zmiri-many-seeds=0..{}", seeds()));
    for cmd in [lib, suite] {
        if run_command(cmd) != Status::Passed {
            return Status::Failed;
        }
    }
    Status::Passed
}
