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
        test(
            "vacuity::injected_panics_print_nothing",
            injected_panics_print_nothing,
        ),
    ]
}

/// The fault sweep's panics print nothing: `sequential`'s sweep (quick
/// mode: 10 schedules per step), run as the harness runs every test, in a
/// child process of this binary, passes with no injected panic in its
/// output. Negative control: the same run with the harness told to report
/// injected panics shows them, so the check can see a panic that leaks.
fn injected_panics_print_nothing() {
    use model_tests::harness::{CHILD_VAR, SHOW_INJECTED_VAR};
    let name = "strategies::sequential::random::two_workers_each_panics_at_every_step";
    let run = |show: bool| {
        let mut command = std::process::Command::new(std::env::current_exe().unwrap());
        command
            .args([name, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_VAR, "1")
            .env("TALLY_MODEL_QUICK", "1")
            .env_remove(model_tests::harness::COVERAGE_FILE_VAR)
            .env_remove(SHOW_INJECTED_VAR);
        if show {
            command.env(SHOW_INJECTED_VAR, "1");
        }
        let output = command.output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "{name} failed:\n{stdout}\n{stderr}"
        );
        let row = stdout
            .lines()
            .find_map(|l| l.strip_prefix(model_tests::coverage::ROW_PREFIX))
            .unwrap_or_else(|| panic!("{name} recorded no row:\n{stdout}"));
        let row = model_tests::coverage::Row::parse(row).unwrap();
        assert!(row.executions > 0, "{row:?}");
        (stdout, stderr)
    };
    let (stdout, stderr) = run(false);
    for leak in [tally::fault::INJECTED_PANIC, "panicked"] {
        assert!(
            !stdout.contains(leak) && !stderr.contains(leak),
            "an injected panic printed {leak:?}:\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
    }
    let (_, stderr) = run(true);
    assert!(
        stderr.contains(tally::fault::INJECTED_PANIC),
        "negative control: with injected panics reported, none showed:\n{stderr}"
    );
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
