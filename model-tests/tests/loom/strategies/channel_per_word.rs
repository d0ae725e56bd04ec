//! `channel-per-word` under loom, and its twin `first-done-collector` (stops
//! collecting at the first worker's `Done`: the other workers' later words
//! are lost).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::ChannelPerWord),
        suite::twin(Broken::FirstDoneCollector),
    ]
    .into_iter()
    .flatten()
    .collect()
}
