//! The loom suite: every strategy, every interleaving of small models and
//! every interleaving within a preemption bound of larger ones, each
//! execution compared with the oracle; plus the negative controls (the bug
//! zoo's twins, which loom must catch) and the vacuity guards.
//!
//! Run it with `cargo xtask loom`, or by hand:
//! `RUSTFLAGS="--cfg loom" cargo test --release -p model-tests --test loom`.
//! Without the cfg it compiles to a single ignored test saying so.
#![cfg_attr(loom, deny(warnings))]

#[cfg(not(loom))]
#[test]
#[ignore = "the loom suite needs RUSTFLAGS=\"--cfg loom\" (see README, Model checking)"]
fn loom_suite_needs_cfg_loom() {}

#[cfg(loom)]
mod support;

/// Index: one module per strategy, each with its broken twins.
#[cfg(loom)]
mod strategies {
    mod atomic_buckets;
    mod channel_per_word;
    mod message_passing;
    mod mutex_per_word;
    mod sequential;
    mod sharded;
    mod shared_mutex;
}

/// The suite ran under loom, explored more than one execution, and cannot be
/// cut short by the environment.
#[cfg(loom)]
mod vacuity;
