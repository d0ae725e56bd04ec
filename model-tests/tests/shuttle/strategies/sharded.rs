//! `sharded` under shuttle, and its twins `unlocked-shard` (merges into a
//! shard without its lock: a data race, which shuttle cannot see: it switches
//! threads only at sync operations, and the race has none, so the plan pins
//! that, from `Broken::blind_spot`) and `lock-order-deadlock` (holds two
//! shard locks, taken in opposite orders: a deadlock).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::Sharded),
        suite::twin(Broken::UnlockedShard),
        suite::twin(Broken::LockOrderDeadlock),
    ]
    .into_iter()
    .flatten()
    .collect()
}
