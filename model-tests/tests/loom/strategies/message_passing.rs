//! `message-passing` under loom, and its twins: `try-recv-collector` (stops
//! at the first empty `try_recv`: lost counts), `one-message-too-many`
//! (waits for n + 1 messages: deadlock), `relaxed-publication` (a mailbox
//! flag raised and read with `Relaxed`: a data race, which loom reports as a
//! causality violation) and `silent-partial-result` (the tutorial's
//! collector: a dead worker's share silently missing; loom cannot show it,
//! since its channel does not model disconnection and the collector
//! deadlocks first, so the plan pins that blind spot).

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
        suite::twin(Broken::RelaxedPublication),
        suite::twin(Broken::SilentPartialResult),
    ]
    .into_iter()
    .flatten()
    .collect()
}
