//! `sharded` under loom, and its twin `unlocked-shard` (merges into a shard
//! without its lock: a data race, which loom reports as a causality
//! violation on the shard's `UnsafeCell`).

use crate::support::loom_models;
use tally::Strategy;

loom_models!(Strategy::Sharded);

mod unlocked_shard {
    use crate::support::loom_catches;
    use tally::broken::Broken;

    loom_catches!(
        Broken::UnlockedShard,
        two_workers_one_shared_word,
        three_workers_three_words_shared_first_and_last
    );
}
