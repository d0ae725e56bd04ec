//! The test generators every strategy module uses.

use model_tests::model::{Model, Subject};
use model_tests::shuttle_check::Shuttle;
use model_tests::verify::{self, Mode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::cell::Cell;
use std::time::Instant;

/// Schedules per random or PCT run (fewer in `--quick` mode).
pub(crate) fn iterations() -> usize {
    if model_tests::quick() {
        100
    } else {
        // At least 1000 is the bar; shuttle runs these models in microseconds
        // per schedule, so ten times that costs seconds.
        10_000
    }
}

/// Checks `subject` on the catalog model `model` with `search`: every
/// schedule against the oracle, then the outcome set.
pub(crate) fn check(search: Shuttle, subject: Subject, model: &str) {
    let model = model_tests::catalog::named(model);
    verify::verify(&search, subject, &model, Mode::AssertEach).assert_only_oracle();
}

/// The negative control: `search` must catch `twin` on `model`, with a
/// panic that names the twin's symptom.
pub(crate) fn catches(search: Shuttle, twin: tally::broken::Broken, model: &str) {
    let model = model_tests::catalog::named(model);
    verify::assert_caught(verify::expected_panic(twin.symptom()), || {
        verify::verify(&search, Subject::Broken(twin), &model, Mode::AssertEach);
    });
}

/// Small inputs for proptest: 2 or 3 workers, 1 to 4 words each, from an
/// alphabet where normalisation merges words (`A`/`a`, `ΟΔΟΣ`/`οδος`,
/// `ẞ`/`ß`) and separators are Unicode whitespace.
fn small_texts() -> impl Strategy<Value = Vec<String>> {
    let word =
        prop::sample::select(&["a", "A", "b", "ΟΔΟΣ", "οδος", "İ", "ẞ", "ß", "a\u{200b}"][..]);
    let space = prop::sample::select(&[" ", "\u{a0}", "\u{3000}", "\n", "\u{85}"][..]);
    let text = prop::collection::vec((word, space), 1..=4).prop_map(|pairs| {
        pairs
            .into_iter()
            .flat_map(|(w, s)| [w, s])
            .collect::<String>()
    });
    prop::collection::vec(text, 2..=3)
}

/// proptest generates the inputs, shuttle's PCT (depth 2) searches the
/// schedules of each: a failure shrinks to the smallest input on which PCT
/// still finds a wrong result. Reported as one coverage row.
pub(crate) fn generated_inputs_under_pct(subject: Subject) {
    let cases = if model_tests::quick() { 8 } else { 32 };
    let search = Shuttle::Pct {
        depth: 2,
        iterations: 100,
    };
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let executions = Cell::new(0);
    let started = Instant::now();
    let result = runner.run(&small_texts(), |texts| {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let model = Model::new("generated", &texts);
        let exploration = verify::verify_unreported(&search, subject, &model, Mode::AssertEach);
        executions.set(executions.get() + exploration.executions);
        exploration.assert_only_oracle();
        Ok(())
    });
    let verdict = match &result {
        Ok(()) => "pass".to_owned(),
        Err(e) => format!("FAIL: {}", e.to_string().lines().next().unwrap_or("")),
    };
    verify::report(
        &search,
        subject,
        &format!("{cases} proptest inputs, 2-3 workers x 1-4 words"),
        executions.get(),
        started.elapsed(),
        &verdict,
    );
    if let Err(e) = result {
        panic!("{subject}: {e}");
    }
}

/// Generates, for `$strategy` (a full path, e.g. `tally::Strategy::Sharded`):
/// random and PCT depth 2 and 3 on every model of the catalog's `large()`
/// list, complete DFS on two small models, the determinism check, and
/// proptest inputs under PCT.
macro_rules! shuttle_models {
    ($strategy:expr) => {
        $crate::support::shuttle_models!(@search $strategy,
            two_workers_one_shared_word,
            three_workers_three_words_shared_first_and_last,
            four_workers_ten_words_unicode,
        );

        mod dfs {
            #[test]
            fn two_workers_one_shared_word() {
                $crate::support::check(
                    model_tests::shuttle_check::Shuttle::Dfs,
                    model_tests::model::Subject::Real($strategy),
                    "two_workers_one_shared_word",
                );
            }

            #[test]
            fn two_workers_two_words_both_shared() {
                $crate::support::check(
                    model_tests::shuttle_check::Shuttle::Dfs,
                    model_tests::model::Subject::Real($strategy),
                    "two_workers_two_words_both_shared",
                );
            }
        }

        #[test]
        fn schedules_replay_deterministically() {
            $crate::support::check(
                model_tests::shuttle_check::Shuttle::Nondeterminism($crate::support::iterations() / 10),
                model_tests::model::Subject::Real($strategy),
                "three_workers_three_words_shared_first_and_last",
            );
        }

        #[test]
        fn generated_inputs_under_pct() {
            $crate::support::generated_inputs_under_pct(model_tests::model::Subject::Real($strategy));
        }
    };
    (@search $strategy:expr, $($model:ident,)*) => {$(
        mod $model {
            use model_tests::model::Subject;
            use model_tests::shuttle_check::Shuttle;

            #[test]
            fn random() {
                let search = Shuttle::Random($crate::support::iterations());
                $crate::support::check(search, Subject::Real($strategy), stringify!($model));
            }

            #[test]
            fn pct_depth_2() {
                let search = Shuttle::Pct { depth: 2, iterations: $crate::support::iterations() };
                $crate::support::check(search, Subject::Real($strategy), stringify!($model));
            }

            #[test]
            fn pct_depth_3() {
                let search = Shuttle::Pct { depth: 3, iterations: $crate::support::iterations() };
                $crate::support::check(search, Subject::Real($strategy), stringify!($model));
            }
        }
    )*};
}
pub(crate) use shuttle_models;

/// Generates the negative controls for `$twin` (a full path): random, PCT
/// depth 2 and 3 on `$model`, and complete DFS on `$small`, must each catch
/// it with a panic containing the text of its symptom.
macro_rules! shuttle_catches {
    ($twin:expr, $small:ident, $model:ident) => {
        #[test]
        fn caught_by_random() {
            let search = model_tests::shuttle_check::Shuttle::Random($crate::support::iterations());
            $crate::support::catches(search, $twin, stringify!($model));
        }

        #[test]
        fn caught_by_pct_depth_2() {
            let iterations = $crate::support::iterations();
            let search = model_tests::shuttle_check::Shuttle::Pct {
                depth: 2,
                iterations,
            };
            $crate::support::catches(search, $twin, stringify!($model));
        }

        #[test]
        fn caught_by_pct_depth_3() {
            let iterations = $crate::support::iterations();
            let search = model_tests::shuttle_check::Shuttle::Pct {
                depth: 3,
                iterations,
            };
            $crate::support::catches(search, $twin, stringify!($model));
        }

        #[test]
        fn caught_by_dfs() {
            let search = model_tests::shuttle_check::Shuttle::Dfs;
            $crate::support::catches(search, $twin, stringify!($small));
        }
    };
}
pub(crate) use shuttle_catches;
