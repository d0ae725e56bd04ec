//! The shuttle suite: every strategy under random and PCT (depth 2 and 3)
//! schedule search on models up to 4 workers x 10 words, complete DFS on the
//! small ones, proptest inputs under PCT and a determinism check, each
//! execution compared with the oracle; plus the negative controls (the bug
//! zoo's twins, which shuttle must catch or, where it cannot see them, pins
//! as blind spots) and the vacuity guards. After the
//! last test, the harness prints the coverage table and the completeness
//! guard fails the run if any strategy or twin went unchecked.
//!
//! Run it with `cargo xtask shuttle`, or by hand:
//! `RUSTFLAGS="--cfg shuttle" cargo test --release -p model-tests --test shuttle`.
//! Without the cfg it compiles to a single ignored test saying so.
#![cfg_attr(shuttle, deny(warnings))]
#![deny(unsafe_code)]

use std::process::ExitCode;

#[cfg(not(shuttle))]
fn main() -> ExitCode {
    model_tests::harness::needs_cfg(
        "shuttle_suite_needs_cfg_shuttle",
        "the shuttle suite needs RUSTFLAGS=\"--cfg shuttle\" (see README, Model checking)",
    )
}

/// Index: one module per strategy, each with its broken twins.
#[cfg(shuttle)]
mod strategies {
    pub(crate) mod atomic_buckets;
    pub(crate) mod channel_per_word;
    pub(crate) mod claim_blocks;
    pub(crate) mod message_passing;
    pub(crate) mod mutex_per_word;
    pub(crate) mod partitioned;
    pub(crate) mod sequential;
    pub(crate) mod sharded;
    pub(crate) mod shared_mutex;
}

/// The suite ran under shuttle, explored more than one schedule, has no time
/// limit, and its determinism check can fail.
#[cfg(shuttle)]
mod support;

#[cfg(shuttle)]
mod vacuity;

#[cfg(shuttle)]
fn main() -> ExitCode {
    let tests = [
        strategies::sequential::tests(),
        strategies::message_passing::tests(),
        strategies::channel_per_word::tests(),
        strategies::shared_mutex::tests(),
        strategies::mutex_per_word::tests(),
        strategies::sharded::tests(),
        strategies::atomic_buckets::tests(),
        strategies::claim_blocks::tests(),
        strategies::partitioned::tests(),
        vacuity::tests(),
        vec![support::dead_worker_timeline()],
        model_tests::race::tests(env!("CARGO_BIN_EXE_race"), "pct"),
    ];
    model_tests::harness::run(
        tally::broken::ModelChecker::Shuttle,
        tests.into_iter().flatten().collect(),
    )
}
