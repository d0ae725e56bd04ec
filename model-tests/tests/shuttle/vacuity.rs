//! Guards against a vacuous pass: the suite really ran under shuttle, really
//! explored more than one schedule, has no time limit, and the determinism
//! check it relies on can fail.

use model_tests::harness::test;
use model_tests::harness::Test;
use model_tests::model::Subject;
use model_tests::shuttle_check::{config, Shuttle};
use model_tests::verify::{explore, Mode};
use shuttle::scheduler::{RandomScheduler, UncontrolledNondeterminismCheckScheduler};
use shuttle::Runner;
use std::hash::BuildHasher;
use tally::error::panic_message;
use tally::Strategy;

/// The vacuity guards, as tests.
pub(crate) fn tests() -> Vec<Test> {
    vec![
        test(
            "vacuity::facade_is_backed_by_shuttle",
            facade_is_backed_by_shuttle,
        ),
        test(
            "vacuity::two_worker_model_explores_more_than_one_schedule",
            two_worker_model_explores_more_than_one_schedule,
        ),
        test("vacuity::runs_have_no_time_limit", || {
            assert_eq!(config().max_time, None);
        }),
        test(
            "vacuity::determinism_check_catches_uncontrolled_randomness",
            determinism_check_catches_uncontrolled_randomness,
        ),
    ]
}

/// The library under test, not only this test binary, was built for shuttle:
/// its facade says so, and its primitives refuse to work outside a model
/// (a facade that fell back to std would run the spawn below happily).
fn facade_is_backed_by_shuttle() {
    assert_eq!(tally::sync::BACKEND, "shuttle");
    let outside_a_model = std::panic::catch_unwind(|| {
        tally::sync::thread::spawn(|| ()).join().unwrap();
    });
    assert!(
        outside_a_model.is_err(),
        "a shuttle thread spawned outside a model should panic"
    );
}

fn two_worker_model_explores_more_than_one_schedule() {
    let model = model_tests::catalog::named("two_workers_one_shared_word");
    for strategy in Strategy::ALL.into_iter().filter(|s| s.is_concurrent()) {
        // `partitioned` is too big for DFS (see `model_tests::plan`), as
        // in its own rows: a random sample shows the exploration as well.
        let search = if strategy == Strategy::Partitioned {
            Shuttle::Random(1000)
        } else {
            Shuttle::Dfs
        };
        let exploration = explore(&search, Subject::Real(strategy), &model, Mode::AssertEach);
        assert!(
            exploration.executions > 1 && exploration.panic.is_none(),
            "{strategy}: shuttle explored {} schedule(s), panic: {:?}",
            exploration.executions,
            exploration.panic
        );
    }
}

/// Negative control for the determinism runs: a body whose sync operations
/// depend on std's per-instance random hasher must be caught.
fn determinism_check_catches_uncontrolled_randomness() {
    let caught = std::panic::catch_unwind(|| {
        let scheduler = UncontrolledNondeterminismCheckScheduler::new(RandomScheduler::new(100));
        Runner::new(scheduler, config()).run(|| {
            let flips = std::collections::hash_map::RandomState::new().hash_one(0u8) % 3;
            let worker = tally::sync::thread::spawn(|| {});
            for _ in 0..flips {
                tally::sync::thread::yield_now();
            }
            worker.join().unwrap();
        });
    });
    let message = caught
        .err()
        .map(|payload| panic_message(payload.as_ref()))
        .unwrap_or_default();
    assert!(
        message.contains("possible nondeterminism"),
        "the determinism check did not catch a nondeterministic body: {message:?}"
    );
}
