//! `split-merge-lock` and `split-increment-lock`: `shared-mutex` and
//! `mutex-per-word` with each update split into two critical sections.
//!
//! The bug: a count is read under one lock acquisition and written back
//! under another. Between the two, another worker can update the same word;
//! its update is then overwritten (a lost update). Every single access is
//! locked, which is why this bug survives review: the lock protects the map,
//! but not the read-modify-write.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew::{self, Crew, Worker};
use crate::sync::{Arc, Mutex};
use crate::words::Counts;

/// Adds `n` to `word` in `shared`, wrongly, in two critical sections.
fn split_add(shared: &Mutex<Counts>, worker: &Worker, word: &str, n: usize) -> Result<(), Error> {
    let current = shared.lock().map_err(|_| worker.poisoned())?.get(word);
    // BUG: the lock is released here; another worker may update `word` now.
    shared
        .lock()
        .map_err(|_| worker.poisoned())?
        .insert(word, current + n);
    Ok(())
}

/// `shared-mutex` with the split: local count, then a split merge per entry.
pub(super) fn count_merge(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    const NAME: &str = "split-merge-lock";
    let shared = Arc::new(Mutex::new(Counts::new()));
    let crew = Crew::spawn(NAME, work, faults, {
        let shared = Arc::clone(&shared);
        move |mut worker, blocks| {
            for (word, n) in worker.count_blocks(&blocks) {
                split_add(&shared, &worker, &word, n)?;
            }
            Ok(())
        }
    });
    crew.join()?;
    crew::take_shared(NAME, &*shared)
}

/// `mutex-per-word` with the split: every word is a split increment.
pub(super) fn count_increment(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    const NAME: &str = "split-increment-lock";
    let shared = Arc::new(Mutex::new(Counts::new()));
    let crew = Crew::spawn(NAME, work, faults, {
        let shared = Arc::clone(&shared);
        move |worker, blocks| {
            for block in &blocks {
                for word in block.words() {
                    split_add(&shared, &worker, &word, 1)?;
                }
            }
            Ok(())
        }
    });
    crew.join()?;
    crew::take_shared(NAME, &*shared)
}
