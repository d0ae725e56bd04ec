//! Guards against a vacuous pass: the suite really ran under loom, really
//! explored more than one interleaving, and cannot be cut short.

use model_tests::harness::test;
use model_tests::harness::Test;
use model_tests::loom_check::Loom;
use model_tests::model::Subject;
use model_tests::verify::{explore, Mode};
use tally::Strategy;

/// The vacuity guards, as tests.
pub(crate) fn tests() -> Vec<Test> {
    vec![
        test(
            "vacuity::facade_is_backed_by_loom",
            facade_is_backed_by_loom,
        ),
        test(
            "vacuity::two_worker_model_explores_more_than_one_execution",
            two_worker_model_explores_more_than_one_execution,
        ),
        test(
            "vacuity::environment_caps_cannot_shorten_a_run",
            environment_caps_cannot_shorten_a_run,
        ),
    ]
}

/// The library under test, not only this test binary, was built for loom:
/// its facade says so, and its primitives refuse to work outside a model
/// (a facade that fell back to std would run the spawn below happily).
fn facade_is_backed_by_loom() {
    assert_eq!(tally::sync::BACKEND, "loom");
    let outside_a_model = std::panic::catch_unwind(|| {
        tally::sync::thread::spawn(|| ()).join().unwrap();
    });
    assert!(
        outside_a_model.is_err(),
        "a loom thread spawned outside a model should panic"
    );
}

fn two_worker_model_explores_more_than_one_execution() {
    let model = model_tests::catalog::named("two_workers_one_shared_word");
    for strategy in Strategy::ALL.into_iter().filter(|s| s.is_concurrent()) {
        // `partitioned` is too big to explore without the preemption
        // bound (see `model_tests::plan`), as it is in its own rows.
        let search = if strategy == Strategy::Partitioned {
            Loom::Bounded(2)
        } else {
            Loom::Exhaustive
        };
        let exploration = explore(&search, Subject::Real(strategy), &model, Mode::AssertEach);
        assert!(
            exploration.executions > 1 && exploration.panic.is_none(),
            "{strategy}: loom explored {} execution(s), panic: {:?}",
            exploration.executions,
            exploration.panic
        );
    }
}

fn environment_caps_cannot_shorten_a_run() {
    // Builder::new() reads these; a capped run returns as if it had passed.
    std::env::set_var("LOOM_MAX_PERMUTATIONS", "1");
    std::env::set_var("LOOM_MAX_DURATION", "0");
    let builders = [Loom::Exhaustive.builder(), Loom::Bounded(2).builder()];
    std::env::remove_var("LOOM_MAX_PERMUTATIONS");
    std::env::remove_var("LOOM_MAX_DURATION");
    for builder in builders {
        assert_eq!(builder.max_permutations, None);
        assert_eq!(builder.max_duration, None);
    }
    assert_eq!(Loom::Exhaustive.builder().preemption_bound, None);
    assert_eq!(Loom::Bounded(2).builder().preemption_bound, Some(2));
}
