//! `sequential` under shuttle: no threads, so one schedule per model. PCT
//! refuses a body without concurrency, so random search, DFS and the
//! determinism check run it; the plan
//! (`model_tests::plan::for_strategy`) gives it those; it is here so every
//! strategy goes through the same harness.

use model_tests::harness::Test;
use model_tests::suite;
use tally::Strategy;

/// This strategy's tests (it has no twin: no synchronisation to break).
pub(crate) fn tests() -> Vec<Test> {
    suite::strategy(Strategy::Sequential)
}
