//! `sharded`: workers count locally, then merge into mutex-protected shards.
//!
//! Coordination model: shared memory, lock striping (how DashMap-like maps
//! cut contention). The shared map is split into shards, each behind its own
//! mutex; a word always lives in the shard its hash picks. Each worker counts
//! its blocks into private per-shard maps, then locks each shard once to
//! merge its map for that shard. Two workers contend only when they merge into
//! the same shard at the same moment, so merges run in parallel, unlike
//! `shared-mutex` where they queue on one lock.
//!
//! Cost: hashing each word one extra time to pick its shard, and up to one
//! lock per shard per worker. The final collection merges the shards; since a word
//! always hashes to the same shard, their words are disjoint and the merge
//! is a concatenation in effect.
//!
//! How it can fail: as everywhere, the read and the write of one count must
//! sit in one critical section of the shard's lock; the bug zoo's twin
//! `unlocked-shard` skips the lock altogether, a data race. A panic mid-merge
//! poisons its shard, and the run fails.

use super::crew::{self, Crew};
use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::sync::{Arc, Mutex};
use crate::words::Counts;
use std::hash::BuildHasher;

const NAME: &str = "sharded";

/// Shards per worker: enough that two workers rarely want the same shard.
const SHARDS_PER_WORKER: usize = 4;

/// The shard that owns `word`.
///
/// Uses the hash's high bits: the shard's own map indexes buckets by the low
/// bits of the same hash, and if every key in a shard shared its low bits the
/// map would use only a fraction of its buckets.
fn shard_of(word: &str, shards: usize) -> usize {
    let hash = rustc_hash::FxBuildHasher.hash_one(word);
    ((hash >> 32) as usize) % shards
}

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let shard_count = (work.len() * SHARDS_PER_WORKER).max(1);
    let shards: Arc<Vec<Mutex<Counts>>> = Arc::new(
        (0..shard_count)
            .map(|_| Mutex::new(Counts::new()))
            .collect(),
    );
    let crew = Crew::spawn(NAME, work, faults, {
        let shards = Arc::clone(&shards);
        move |mut worker, blocks| {
            let mut local: Vec<Counts> = (0..shard_count).map(|_| Counts::new()).collect();
            for block in &blocks {
                worker.step();
                for word in block.words() {
                    local[shard_of(&word, shard_count)].add_one(word);
                }
            }
            for (shard, group) in shards.iter().zip(local) {
                if group.is_empty() {
                    continue;
                }
                let mut map = shard.lock().map_err(|_| worker.poisoned())?;
                worker.step();
                map.merge(group);
            }
            Ok(())
        }
    });
    crew.join()?;
    crew::take_each_shared(NAME, &shards)
}
