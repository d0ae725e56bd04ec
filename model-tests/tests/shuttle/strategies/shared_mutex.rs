//! `shared-mutex` under shuttle, and its twin `split-merge-lock` (a count
//! read under one lock and written under another: a lost update).

crate::support::shuttle_models!(tally::Strategy::SharedMutex);

mod split_merge_lock {
    crate::support::shuttle_catches!(
        tally::broken::Broken::SplitMergeLock,
        two_workers_one_shared_word,
        three_workers_three_words_shared_first_and_last
    );
}
