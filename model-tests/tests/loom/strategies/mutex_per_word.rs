//! `mutex-per-word` under loom, and its twins `split-increment-lock` (the
//! increment split into a locked read and a locked write) and
//! `check-then-insert` (presence checked under a read lock, the word inserted
//! under a write lock): both lose updates.

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::MutexPerWord),
        suite::twin(Broken::SplitIncrementLock),
        suite::twin(Broken::CheckThenInsert),
        vec![
            crate::support::lost_update_outcomes(Broken::SplitIncrementLock),
            crate::support::lost_update_outcomes(Broken::CheckThenInsert),
        ],
    ]
    .into_iter()
    .flatten()
    .collect()
}
