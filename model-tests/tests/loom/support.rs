//! The test generators every strategy module uses.

/// Generates one test per catalog model for `$strategy`: exhaustive for the
/// small models, preemption-bounded for the larger ones. Each asserts every
/// execution against the oracle, then that the outcome set is {oracle}.
macro_rules! loom_models {
    ($strategy:expr) => {
        loom_models!(@exhaustive $strategy,
            two_workers_one_shared_word,
            two_workers_disjoint_words,
            two_workers_two_words_both_shared,
            two_workers_three_words_one_shared,
            three_workers_one_shared_word,
            three_workers_disjoint_words,
        );
        loom_models!(@bounded $strategy,
            three_workers_three_words_shared_first_and_last,
            four_workers_three_words_shared_first_and_last,
        );
    };
    (@exhaustive $strategy:expr, $($model:ident,)*) => {$(
        #[test]
        fn $model() {
            let model = model_tests::catalog::named(stringify!($model));
            model_tests::verify::verify(
                &model_tests::loom_check::Loom::Exhaustive,
                model_tests::model::Subject::Real($strategy),
                &model,
                model_tests::verify::Mode::AssertEach,
            )
            .assert_only_oracle();
        }
    )*};
    (@bounded $strategy:expr, $($model:ident,)*) => {$(
        #[test]
        fn $model() {
            let model = model_tests::catalog::named(stringify!($model));
            let checker = model_tests::loom_check::Loom::bounded_from_env();
            let subject = model_tests::model::Subject::Real($strategy);
            if model_tests::quick() {
                model_tests::verify::report_skipped(&checker, subject, &model);
                return;
            }
            model_tests::verify::verify(&checker, subject, &model, model_tests::verify::Mode::AssertEach)
                .assert_only_oracle();
        }
    )*};
}
pub(crate) use loom_models;

/// Generates the negative controls for a broken twin: loom, exhaustive on the
/// smallest model that shows the bug and bounded on a larger one, must each
/// panic with the text of the twin's symptom (`verify::expected_panic`).
macro_rules! loom_catches {
    ($twin:expr, $small:ident, $large:ident) => {
        #[test]
        fn caught_exhaustively_on_small_model() {
            let model = model_tests::catalog::named(stringify!($small));
            model_tests::verify::assert_caught(
                model_tests::verify::expected_panic($twin.symptom()),
                || {
                    model_tests::verify::verify(
                        &model_tests::loom_check::Loom::Exhaustive,
                        model_tests::model::Subject::Broken($twin),
                        &model,
                        model_tests::verify::Mode::AssertEach,
                    );
                },
            );
        }

        #[test]
        fn caught_within_preemption_bound_on_larger_model() {
            let model = model_tests::catalog::named(stringify!($large));
            model_tests::verify::assert_caught(
                model_tests::verify::expected_panic($twin.symptom()),
                || {
                    model_tests::verify::verify(
                        &model_tests::loom_check::Loom::bounded_from_env(),
                        model_tests::model::Subject::Broken($twin),
                        &model,
                        model_tests::verify::Mode::AssertEach,
                    );
                },
            );
        }
    };
}
pub(crate) use loom_catches;

/// The jcstress-style outcome table for a lost-update twin: on two workers
/// that each count `a` once, exhaustive exploration must find exactly two
/// outcomes, `a: 2` (the oracle) and `a: 1` (one update lost), and nothing
/// else.
pub(crate) fn assert_lost_update_outcomes(twin: tally::broken::Broken) {
    use model_tests::model::Subject;
    use model_tests::verify::{verify, Mode};
    use std::collections::BTreeSet;

    let model = model_tests::catalog::named("two_workers_one_shared_word");
    let oracle = model.oracle().expect("the oracle never fails");
    let mut lost_one = oracle.clone();
    *lost_one.get_mut("a").expect("both workers count `a`") -= 1;
    let expected = BTreeSet::from([Ok(oracle), Ok(lost_one)]);

    let exploration = verify(
        &model_tests::loom_check::Loom::Exhaustive,
        Subject::Broken(twin),
        &model,
        Mode::Record,
    );
    assert_eq!(exploration.outcomes, expected, "{twin}: outcome set");
}
