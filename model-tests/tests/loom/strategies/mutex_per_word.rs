//! `mutex-per-word` under loom, and its twin `split-increment-lock` (the
//! increment split into a locked read and a locked write: a lost update).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::MutexPerWord),
        suite::twin(Broken::SplitIncrementLock),
        vec![crate::support::lost_update_outcomes(
            Broken::SplitIncrementLock,
        )],
    ]
    .into_iter()
    .flatten()
    .collect()
}
