//! `sharded` under loom, and its twin `unlocked-shard` (merges into a shard
//! without its lock: a data race, which loom reports as a causality
//! violation on the shard's `UnsafeCell`).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::Sharded),
        suite::twin(Broken::UnlockedShard),
    ]
    .into_iter()
    .flatten()
    .collect()
}
