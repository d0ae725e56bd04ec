//! `channel-per-word` under loom, and its twin `first-done-collector` (stops
//! collecting at the first worker's `Done`: the other workers' later words
//! are lost).

use crate::support::loom_models;
use tally::Strategy;

loom_models!(Strategy::ChannelPerWord);

mod first_done_collector {
    use crate::support::loom_catches;
    use tally::broken::Broken;

    loom_catches!(
        Broken::FirstDoneCollector,
        two_workers_disjoint_words,
        three_workers_three_words_shared_first_and_last
    );
}
