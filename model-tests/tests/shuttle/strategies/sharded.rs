//! `sharded` under shuttle. Its twin `unlocked-shard` is a data race with no
//! sync operation inside it, so shuttle, which switches threads only at sync
//! operations, cannot interleave the race and cannot see it.
//! `Broken::blind_spot` says so, and `suite::twin` then generates the test
//! that pins the limitation down (loom's suite catches the twin).

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
