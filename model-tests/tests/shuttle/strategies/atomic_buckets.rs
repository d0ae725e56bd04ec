//! `atomic-buckets` under shuttle, and its twin `atomic-load-store` (load
//! then store instead of `fetch_add`: a lost update).

crate::support::shuttle_models!(tally::Strategy::AtomicBuckets);

mod atomic_load_store {
    crate::support::shuttle_catches!(
        tally::broken::Broken::AtomicLoadStore,
        two_workers_one_shared_word,
        three_workers_three_words_shared_first_and_last
    );
}
