//! `message-passing` under shuttle, and its twins `try-recv-collector`
//! (lost counts) and `one-message-too-many` (deadlock).

crate::support::shuttle_models!(tally::Strategy::MessagePassing);

mod try_recv_collector {
    crate::support::shuttle_catches!(
        tally::broken::Broken::TryRecvCollector,
        two_workers_disjoint_words,
        three_workers_three_words_shared_first_and_last
    );
}

mod one_message_too_many {
    crate::support::shuttle_catches!(
        tally::broken::Broken::OneMessageTooMany,
        two_workers_disjoint_words,
        three_workers_three_words_shared_first_and_last
    );
}
