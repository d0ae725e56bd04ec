//! `sequential` under loom: no threads, so one execution per model; it is
//! here so every strategy runs through the same harness.

use model_tests::harness::Test;
use model_tests::suite;
use tally::Strategy;

/// This strategy's tests (it has no twin: no synchronisation to break).
pub(crate) fn tests() -> Vec<Test> {
    suite::strategy(Strategy::Sequential)
}
