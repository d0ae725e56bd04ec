//! `claim-blocks` under shuttle, and its twin `double-claim` (claims a block
//! with `load` then `store`: two workers can count one block, an over-count).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::ClaimBlocks),
        suite::twin(Broken::DoubleClaim),
    ]
    .into_iter()
    .flatten()
    .collect()
}
