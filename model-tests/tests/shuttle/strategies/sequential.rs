//! `sequential` under shuttle: no threads, so one schedule per model. PCT
//! refuses a body without concurrency, so random search, DFS and the
//! determinism check run it; it is here so every strategy goes through the
//! same harness.

use model_tests::model::Subject;
use model_tests::shuttle_check::Shuttle;
use tally::Strategy;

#[test]
fn random_on_four_workers_ten_words_unicode() {
    let search = Shuttle::Random(crate::support::iterations());
    crate::support::check(
        search,
        Subject::Real(Strategy::Sequential),
        "four_workers_ten_words_unicode",
    );
}

#[test]
fn dfs_on_three_workers_three_words_shared_first_and_last() {
    crate::support::check(
        Shuttle::Dfs,
        Subject::Real(Strategy::Sequential),
        "three_workers_three_words_shared_first_and_last",
    );
}

#[test]
fn schedules_replay_deterministically() {
    crate::support::check(
        Shuttle::Nondeterminism(crate::support::iterations() / 10),
        Subject::Real(Strategy::Sequential),
        "three_workers_three_words_shared_first_and_last",
    );
}
