//! `sharded` under shuttle. Its twin `unlocked-shard` is a data race with no
//! sync operation inside it, so shuttle, which switches threads only at sync
//! operations, cannot interleave the race and cannot see it: the test below
//! pins that limitation down (loom's suite catches the twin).

crate::support::shuttle_models!(tally::Strategy::Sharded);

mod unlocked_shard {
    use model_tests::model::Subject;
    use model_tests::shuttle_check::Shuttle;
    use model_tests::verify::{verify, Mode};
    use tally::broken::Broken;

    #[test]
    fn is_invisible_to_shuttle() {
        let model = model_tests::catalog::named("two_workers_one_shared_word");
        let exploration = verify(
            &Shuttle::Dfs,
            Subject::Broken(Broken::UnlockedShard),
            &model,
            Mode::Record,
        );
        assert_eq!(
            exploration.outcomes,
            std::collections::BTreeSet::from([model.oracle()]),
            "shuttle now sees the unlocked-shard race: move it to the caught controls"
        );
    }
}
