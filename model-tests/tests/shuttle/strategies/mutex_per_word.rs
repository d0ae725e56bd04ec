//! `mutex-per-word` under shuttle, and its twin `split-increment-lock` (the
//! increment split into two critical sections: a lost update).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::MutexPerWord),
        suite::twin(Broken::SplitIncrementLock),
    ]
    .into_iter()
    .flatten()
    .collect()
}
