//! `channel-per-word` under shuttle, and its twin `first-done-collector`
//! (stops at the first `Done`: lost words).

crate::support::shuttle_models!(tally::Strategy::ChannelPerWord);

mod first_done_collector {
    crate::support::shuttle_catches!(
        tally::broken::Broken::FirstDoneCollector,
        two_workers_disjoint_words,
        three_workers_three_words_shared_first_and_last
    );
}
