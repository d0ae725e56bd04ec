//! `mutex-per-word` under shuttle, and its twin `split-increment-lock` (the
//! increment split into two critical sections: a lost update).

crate::support::shuttle_models!(tally::Strategy::MutexPerWord);

mod split_increment_lock {
    crate::support::shuttle_catches!(
        tally::broken::Broken::SplitIncrementLock,
        two_workers_one_shared_word,
        three_workers_three_words_shared_first_and_last
    );
}
