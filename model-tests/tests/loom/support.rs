//! Tests only the loom suite has.

use model_tests::harness::test;
use model_tests::harness::Test;
use model_tests::loom_check::Loom;
use model_tests::model::Subject;
use model_tests::verify::{check, Expect};
use std::collections::BTreeSet;
use tally::broken::Broken;

/// The jcstress-style outcome table for a lost-update twin: on two workers
/// that each count `a` once, exhaustive exploration must find exactly two
/// outcomes, `a: 2` (the oracle) and `a: 1` (one update lost), and nothing
/// else.
pub(crate) fn lost_update_outcomes(twin: Broken) -> Test {
    let name = format!(
        "{}::outcome_set_is_the_oracle_and_one_lost_update",
        model_tests::suite::twin_path(twin)
    );
    test(name, move || {
        let model = model_tests::catalog::named("two_workers_one_shared_word");
        let oracle = model.oracle().expect("the oracle never fails");
        let mut lost_one = oracle.clone();
        *lost_one.get_mut("a").expect("both workers count `a`") -= 1;
        let expected = BTreeSet::from([Ok(oracle), Ok(lost_one)]);
        check(
            &Loom::OutcomeSet,
            Subject::Broken(twin),
            &model,
            Expect::Outcomes(expected),
        );
    })
}
