//! `message-passing` under loom, and its twins `try-recv-collector` (stops at
//! the first empty `try_recv`: lost counts) and `one-message-too-many`
//! (waits for n + 1 messages: deadlock).

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
