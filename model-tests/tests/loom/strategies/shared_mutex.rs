//! `shared-mutex` under loom, and its twin `split-merge-lock` (reads a count
//! under one lock, writes it under another: a lost update).

use crate::support::loom_models;
use tally::Strategy;

loom_models!(Strategy::SharedMutex);

mod split_merge_lock {
    use crate::support::loom_catches;
    use tally::broken::Broken;

    loom_catches!(
        Broken::SplitMergeLock,
        two_workers_one_shared_word,
        three_workers_three_words_shared_first_and_last
    );

    #[test]
    fn outcome_set_is_the_oracle_and_one_lost_update() {
        crate::support::assert_lost_update_outcomes(Broken::SplitMergeLock);
    }
}
