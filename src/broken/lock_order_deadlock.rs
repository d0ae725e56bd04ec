//! `lock-order-deadlock`: `sharded` whose merge holds two shard locks at
//! once, taken in opposite orders by different workers.
//!
//! The bug: to "merge in one go", each worker locks the two shards it
//! merges into and holds both while it merges. Even workers lock shard 0
//! then shard 1, odd workers shard 1 then shard 0. Each order alone is fine;
//! together they can wait on each other forever.
//!
//! The interleaving: worker 0 locks shard 0; worker 1 locks shard 1;
//! worker 0 blocks on shard 1 (held by worker 1); worker 1 blocks on shard 0
//! (held by worker 0). Neither can go on: a deadlock.
//!
//! The fix: hold one shard lock at a time (as `sharded` does), or take any
//! set of locks in one global order (by shard index).
//!
//! Who sees it: loom and shuttle both report the deadlock (every thread
//! blocked on a lock); real threads hang now and then, which is why it
//! refuses to run outside a model.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew::{self, Crew};
use crate::sync::{Arc, Mutex};
use crate::words::Counts;
use std::mem::ManuallyDrop;

const NAME: &str = "lock-order-deadlock";
const SHARDS: usize = 2;

fn shard_of(word: &str) -> usize {
    word.len() % SHARDS
}

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let shards: Arc<Vec<Mutex<Counts>>> =
        Arc::new((0..SHARDS).map(|_| Mutex::new(Counts::new())).collect());
    let crew = Crew::spawn(NAME, work, faults, {
        let shards = Arc::clone(&shards);
        move |mut worker, blocks| {
            // loom reports a deadlock by panicking in the thread that blocked
            // last, and the loom objects that thread drops while unwinding
            // (this `Arc`, the first guard below) call into an execution
            // that has no running thread left: a panic in a destructor,
            // which aborts the process. So neither is ever dropped by an
            // unwind; both are released by hand on the normal path.
            let shards = ManuallyDrop::new(shards);
            let mut local: [Counts; SHARDS] = Default::default();
            for (word, n) in worker.count_blocks(&blocks) {
                local[shard_of(&word)].add_normalized(&word, n);
            }
            // BUG: the lock order depends on who is asking.
            let (first, second) = if worker.id % 2 == 0 { (0, 1) } else { (1, 0) };
            let mut a = ManuallyDrop::new(shards[first].lock().map_err(|_| worker.poisoned())?);
            let mut b = match shards[second].lock() {
                Ok(guard) => guard,
                Err(_) => {
                    drop(ManuallyDrop::into_inner(a));
                    return Err(worker.poisoned());
                }
            };
            let [zero, one] = local;
            let (into_first, into_second) = if first == 0 { (zero, one) } else { (one, zero) };
            a.merge(into_first);
            b.merge(into_second);
            drop(b);
            drop(ManuallyDrop::into_inner(a));
            drop(ManuallyDrop::into_inner(shards));
            Ok(())
        }
    });
    crew.join()?;
    crew::take_each_shared(NAME, &shards)
}
