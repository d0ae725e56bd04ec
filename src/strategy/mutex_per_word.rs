//! `mutex-per-word`: every word locks the one shared map.
//!
//! Coordination model: shared memory, finest-grained locking. There is no
//! private map: each word is normalised, then counted under the lock.
//!
//! Cost: a lock acquisition per word. Threads spend their time handing the
//! lock back and forth (and its cache line with it), so adding threads makes
//! it slower, not faster: the contention lesson.
//!
//! How it can fail: the increment must be one critical section; splitting it
//! into a locked read and a locked write loses updates when two workers count
//! the same word. A panic while holding the lock poisons it, and the run fails.

use super::crew::{self, Crew};
use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::sync::{Arc, Mutex};
use crate::words::Counts;

const NAME: &str = "mutex-per-word";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let shared = Arc::new(Mutex::new(Counts::new()));
    let crew = Crew::spawn(NAME, work, faults, {
        let shared = Arc::clone(&shared);
        move |mut worker, blocks| {
            for block in &blocks {
                for word in block.words() {
                    let mut map = shared.lock().map_err(|_| worker.poisoned())?;
                    worker.step();
                    map.add_one(word);
                }
            }
            Ok(())
        }
    });
    crew.join()?;
    crew::take_shared(NAME, &*shared)
}
