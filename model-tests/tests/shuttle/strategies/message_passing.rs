//! `message-passing` under shuttle, and its twins `try-recv-collector`
//! (lost counts) and `one-message-too-many` (deadlock).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::MessagePassing),
        suite::twin(Broken::TryRecvCollector),
        suite::twin(Broken::OneMessageTooMany),
    ]
    .into_iter()
    .flatten()
    .collect()
}
