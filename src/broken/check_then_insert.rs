//! `check-then-insert`: `mutex-per-word` over an `RwLock`, checking under
//! the read lock and inserting under the write lock.
//!
//! The bug: "is the word there yet?" is asked under a shared read lock, and
//! the answer acted on under a separate write lock. Both locks are taken,
//! every access is protected, and still the check and the act are two
//! critical sections: two workers that meet the same word for the first time
//! both see it absent, and both insert it with count 1. One occurrence is
//! lost.
//!
//! The interleaving, on two workers that each count `a` once:
//! worker 0 read-locks, sees `a` absent, unlocks; worker 1 read-locks, sees
//! `a` absent, unlocks; worker 0 write-locks and inserts `a = 1`; worker 1
//! write-locks and inserts `a = 1` over it. Result `a: 1`, oracle `a: 2`.
//!
//! The fix: decide and update under the one write lock (`entry` semantics),
//! as `mutex-per-word` does with its single lock.
//!
//! Who sees it: loom and shuttle both (every step is a lock operation, a
//! scheduling point for both); real threads rarely, since the window is a
//! few instructions wide.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew::{self, Crew};
use crate::sync::{Arc, RwLock};
use crate::words::Counts;

const NAME: &str = "check-then-insert";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let shared = Arc::new(RwLock::new(Counts::new()));
    let crew = Crew::spawn(NAME, work, faults, {
        let shared = Arc::clone(&shared);
        move |mut worker, blocks| {
            for block in &blocks {
                for word in block.words() {
                    worker.step();
                    let seen = shared.read().map_err(|_| worker.poisoned())?.get(&word) > 0;
                    // BUG: the read lock is gone; another worker may insert
                    // the same word before the write lock is ours.
                    let mut map = shared.write().map_err(|_| worker.poisoned())?;
                    if seen {
                        map.add_one(word);
                    } else {
                        map.insert(&word, 1);
                    }
                }
            }
            Ok(())
        }
    });
    crew.join()?;
    crew::take_shared(NAME, &*shared)
}
