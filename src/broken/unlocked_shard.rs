//! `unlocked-shard`: `sharded` that merges into its shard without the lock.
//!
//! The bug: the shards are plain cells, on the theory that "words are spread
//! over many shards, so two workers rarely touch the same one". Rarely is not
//! never: two workers merging into one shard at once race on the map itself,
//! which is undefined behaviour, not merely a wrong count. loom tracks every
//! access to an [`UnsafeCell`] and reports the concurrent writes as a
//! causality violation. shuttle cannot see it (it only switches threads at
//! sync operations, and this code has none), and with real threads it is UB,
//! so it refuses to run outside a model.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew::Crew;
use crate::sync::cell::UnsafeCell;
use crate::sync::Arc;
use crate::words::Counts;

const NAME: &str = "unlocked-shard";
const SHARDS: usize = 2;

/// Shards that are shared between threads without any lock.
struct Shards(Vec<UnsafeCell<Counts>>);

// SAFETY: it is not safe, and that is the point: this type claims to be
// shareable so that the model checker can catch the data race it allows.
unsafe impl Sync for Shards {}

fn shard_of(word: &str) -> usize {
    word.len() % SHARDS
}

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let shards = Arc::new(Shards(
        (0..SHARDS)
            .map(|_| UnsafeCell::new(Counts::new()))
            .collect(),
    ));
    let crew = Crew::spawn(NAME, work, faults, {
        let shards = Arc::clone(&shards);
        move |mut worker, blocks| {
            for (word, n) in worker.count_blocks(&blocks) {
                shards.0[shard_of(&word)].with_mut(|map| {
                    // SAFETY: none. BUG: another worker may be inside this
                    // same map right now; loom reports it.
                    unsafe { (*map).add_normalized(&word, n) }
                });
            }
            Ok(())
        }
    });
    crew.join()?;
    let mut total = Counts::new();
    for shard in &shards.0 {
        // SAFETY: every worker has been joined, so this thread is the only
        // one left touching the shards.
        total.merge(shard.with_mut(|map| unsafe { std::mem::take(&mut *map) }));
    }
    Ok(total)
}
