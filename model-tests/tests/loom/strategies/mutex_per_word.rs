//! `mutex-per-word` under loom, and its twin `split-increment-lock` (the
//! increment split into a locked read and a locked write: a lost update).

use crate::support::loom_models;
use tally::Strategy;

loom_models!(Strategy::MutexPerWord);

mod split_increment_lock {
    use crate::support::loom_catches;
    use tally::broken::Broken;

    loom_catches!(
        Broken::SplitIncrementLock,
        two_workers_one_shared_word,
        three_workers_three_words_shared_first_and_last
    );

    #[test]
    fn outcome_set_is_the_oracle_and_one_lost_update() {
        crate::support::assert_lost_update_outcomes(Broken::SplitIncrementLock);
    }
}
