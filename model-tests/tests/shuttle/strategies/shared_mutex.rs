//! `shared-mutex` under shuttle, and its twin `split-merge-lock` (a count
//! read under one lock and written under another: a lost update).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::SharedMutex),
        suite::twin(Broken::SplitMergeLock),
    ]
    .into_iter()
    .flatten()
    .collect()
}
