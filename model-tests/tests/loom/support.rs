//! Tests only the loom suite has: the outcome-set pins, and the recorder's
//! (timelines and their symptom lines, a pinned timeline, the recorder's
//! vacuity guard).

use model_tests::harness::test;
use model_tests::harness::Test;
use model_tests::loom_check::Loom;
use model_tests::model::Subject;
use model_tests::verify::{check, explore, first_failure, Expect, Mode};
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

/// For every twin loom catches with a wrong count (a lost update or an
/// over-count) or a deadlock, the timeline of the failing execution ends in
/// a line that says why: the word, the expected and actual counts, and the
/// write that overwrote another, the message no receive took or the worker
/// that died; or who waits for what, held by whom.
pub(crate) fn timelines_name_the_symptom() -> Vec<Test> {
    use tally::broken::{ModelChecker, Symptom};
    Broken::ALL
        .into_iter()
        .filter(|twin| {
            matches!(
                twin.symptom(),
                Symptom::LostUpdate | Symptom::OverCount | Symptom::Deadlock
            )
        })
        .filter(|twin| twin.blind_spot(ModelChecker::Loom).is_none())
        .map(|twin| {
            let name = format!(
                "{}::timeline_names_the_symptom",
                model_tests::suite::twin_path(twin)
            );
            test(name, move || {
                let (exploration, timeline) = first_failure(&Loom::Exhaustive, twin);
                let last = timeline.lines().last().unwrap_or_default();
                let explained = if twin.symptom() == Symptom::Deadlock {
                    last.starts_with("deadlock:") && last.contains("waits for")
                } else {
                    last.contains("expected")
                        && ["overwrote", "never received", "panicked"]
                            .iter()
                            .any(|why| last.contains(why))
                };
                assert!(
                    explained,
                    "{twin}: the symptom line does not say why:\n{timeline}"
                );
                let failure = exploration.failure.as_ref().expect("told from a failure");
                for worker in [1, 2] {
                    assert!(
                        failure.events.iter().any(|e| e.thread == worker),
                        "{twin}: nothing recorded for thread {worker}:\n{timeline}"
                    );
                }
            })
        })
        .collect()
}

/// The timeline of the lost update in `shared-mutex`'s twin, pinned: loom's
/// exploration order is deterministic, so its first failing execution is
/// always this one.
pub(crate) fn split_merge_lock_timeline() -> Test {
    test("timeline::split_merge_lock_first_failure", || {
        let model = model_tests::catalog::named("two_workers_one_shared_word");
        let exploration = explore(
            &Loom::Exhaustive,
            Subject::Broken(Broken::SplitMergeLock),
            &model,
            Mode::AssertEach,
        );
        let timeline = exploration
            .timeline()
            .expect("split-merge-lock fails under loom");
        insta::assert_snapshot!("split_merge_lock_first_failure", timeline);
    })
}

/// The recorder records: in one execution of each threaded strategy every
/// worker shows a lock, atomic or channel operation, and under a shared map
/// (`shared-mutex`) every worker's reads and writes of it; not spawns alone.
pub(crate) fn recorder_records() -> Test {
    // The events outlive the model's executions: std's primitives, not the
    // facade's.
    #[allow(clippy::disallowed_types)]
    test("vacuity::recorder_records_every_worker", || {
        use tally::sync::record::{self, Op};
        let model = model_tests::catalog::named("two_workers_one_shared_word");
        for strategy in tally::Strategy::ALL
            .into_iter()
            .filter(|s| s.is_concurrent())
        {
            let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let kept = std::sync::Arc::clone(&events);
            let model = model.clone();
            Loom::Bounded(0).builder().check(move || {
                record::start();
                let _ = model.run(Subject::Real(strategy));
                *kept.lock().unwrap() = record::take();
            });
            let events = events.lock().unwrap().clone();
            for worker in [1, 2] {
                let synced = events.iter().any(|e| {
                    e.thread == worker
                        && matches!(
                            e.op,
                            Op::Acquire(..)
                                | Op::Load(..)
                                | Op::Store(..)
                                | Op::FetchAdd(..)
                                | Op::Send(..)
                        )
                });
                assert!(
                    synced,
                    "{strategy}: no sync operation recorded for thread {worker}: {events:?}"
                );
                if strategy == tally::Strategy::SharedMutex {
                    let mapped = events.iter().any(|e| {
                        e.thread == worker
                            && matches!(e.op, Op::Add(..) | Op::Get(..) | Op::Set(..))
                    });
                    assert!(
                        mapped,
                        "{strategy}: no map operation recorded for thread {worker}: {events:?}"
                    );
                }
            }
        }
    })
}
