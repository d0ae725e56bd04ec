//! `shared-mutex` under loom, and its twin `split-merge-lock` (reads a count
//! under one lock, writes it under another: a lost update).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::SharedMutex),
        suite::twin(Broken::SplitMergeLock),
        vec![crate::support::lost_update_outcomes(Broken::SplitMergeLock)],
    ]
    .into_iter()
    .flatten()
    .collect()
}
