//! `message-passing` under loom, and its twins `try-recv-collector` (stops at
//! the first empty `try_recv`: lost counts) and `one-message-too-many`
//! (waits for n + 1 messages: deadlock).

use crate::support::loom_models;
use tally::Strategy;

loom_models!(Strategy::MessagePassing);

mod try_recv_collector {
    use crate::support::loom_catches;
    use tally::broken::Broken;

    loom_catches!(
        Broken::TryRecvCollector,
        two_workers_disjoint_words,
        three_workers_three_words_shared_first_and_last
    );
}

mod one_message_too_many {
    use crate::support::loom_catches;
    use tally::broken::Broken;

    loom_catches!(
        Broken::OneMessageTooMany,
        two_workers_disjoint_words,
        three_workers_three_words_shared_first_and_last
    );
}
