//! `atomic-buckets` under loom, and its twin `atomic-load-store` (a `load`
//! then a `store` instead of `fetch_add`: a lost update).

use crate::support::loom_models;
use tally::Strategy;

loom_models!(Strategy::AtomicBuckets);

mod atomic_load_store {
    use crate::support::loom_catches;
    use tally::broken::Broken;

    loom_catches!(
        Broken::AtomicLoadStore,
        two_workers_one_shared_word,
        three_workers_three_words_shared_first_and_last
    );

    #[test]
    fn outcome_set_is_the_oracle_and_one_lost_update() {
        crate::support::assert_lost_update_outcomes(Broken::AtomicLoadStore);
    }
}
