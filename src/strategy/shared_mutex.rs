//! `shared-mutex`: workers count locally, then merge into one `Arc<Mutex<map>>`.
//!
//! Coordination model: shared memory, coarse-grained. This is the tutorial's
//! version: each worker counts its blocks in a private map (no locking), then
//! takes the one lock once and adds its entries.
//!
//! Cost: one lock acquisition per worker, but the merges are serialised, so
//! with a large vocabulary workers queue on the lock.
//!
//! How it can fail: the whole merge must be one critical section per entry at
//! least; reading a count under one lock and writing it under another loses
//! updates (the bug zoo's `split-merge-lock`). A worker that panics
//! mid-merge poisons the lock: the others see [`Poisoned`](crate::sync::Poisoned)
//! and stop, and the run fails rather than return a half-merged map.

use super::crew::{self, Crew};
use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::sync::{Arc, Mutex};
use crate::words::Counts;

const NAME: &str = "shared-mutex";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let shared = Arc::new(Mutex::new(Counts::new()));
    let crew = Crew::spawn(NAME, work, faults, {
        let shared = Arc::clone(&shared);
        move |mut worker, blocks| {
            let local = worker.count_blocks(&blocks);
            let mut map = shared.lock().map_err(|_| worker.poisoned())?;
            worker.step();
            map.merge(local);
            Ok(())
        }
    });
    crew.join()?;
    crew::take_shared(NAME, &*shared)
}
