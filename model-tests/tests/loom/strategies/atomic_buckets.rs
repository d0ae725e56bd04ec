//! `atomic-buckets` under loom, and its twin `atomic-load-store` (a `load`
//! then a `store` instead of `fetch_add`: a lost update).

use model_tests::harness::Test;
use model_tests::suite;
use tally::broken::Broken;
use tally::Strategy;

/// This strategy's tests, then its twins'.
pub(crate) fn tests() -> Vec<Test> {
    [
        suite::strategy(Strategy::AtomicBuckets),
        suite::twin(Broken::AtomicLoadStore),
        vec![crate::support::lost_update_outcomes(
            Broken::AtomicLoadStore,
        )],
    ]
    .into_iter()
    .flatten()
    .collect()
}
