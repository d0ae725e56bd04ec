//! The loom suite: every strategy, every interleaving of small models and
//! every interleaving within a preemption bound of larger ones, each
//! execution compared with the oracle; plus the negative controls (the bug
//! zoo's twins, which loom must catch) and the vacuity guards. After the
//! last test, the harness prints the coverage table and the completeness
//! guard fails the run if any strategy or twin went unchecked.
//!
//! Run it with `cargo xtask loom`, or by hand:
//! `RUSTFLAGS="--cfg loom" cargo test --release -p model-tests --test loom`.
//! Without the cfg it compiles to a single ignored test saying so.
#![cfg_attr(loom, deny(warnings))]
#![deny(unsafe_code)]

use std::process::ExitCode;

#[cfg(not(loom))]
fn main() -> ExitCode {
    model_tests::harness::needs_cfg(
        "loom_suite_needs_cfg_loom",
        "the loom suite needs RUSTFLAGS=\"--cfg loom\" (see README, Model checking)",
    )
}

#[cfg(loom)]
mod support;

/// Index: one module per strategy, each with its broken twins.
#[cfg(loom)]
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

/// The suite ran under loom, explored more than one execution, and cannot be
/// cut short by the environment.
#[cfg(loom)]
mod vacuity;

#[cfg(loom)]
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
        model_tests::race::tests(env!("CARGO_BIN_EXE_race"), "loom"),
        support::timelines_name_the_symptom(),
        vec![
            support::split_merge_lock_timeline(),
            support::recorder_records(),
        ],
    ];
    model_tests::harness::run(
        tally::broken::ModelChecker::Loom,
        tests.into_iter().flatten().collect(),
    )
}
