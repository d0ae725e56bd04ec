//! `channel-per-word` under shuttle, and its twin `first-done-collector`
//! (stops at the first `Done`: lost words).

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
