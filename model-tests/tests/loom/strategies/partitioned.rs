//! `partitioned` under loom (its blocks come through the feed, the bounded
//! queue a reader fills), and its twin `closed-before-drained` (takes a
//! closed feed as the end of the input while blocks are still queued);
//! and the strategy counted for its first `k` words (`--top K`).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::Partitioned),
        suite::twin(Broken::ClosedBeforeDrained),
        model_tests::first_k::tests(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
