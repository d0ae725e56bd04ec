//! `claim-blocks`: workers claim blocks one at a time from a shared cursor.
//!
//! Coordination model: shared memory for the work queue, message passing for
//! the result. Blocks are not dealt out in advance: one `AtomicUsize` cursor
//! indexes the next unclaimed block, and each worker claims with
//! `fetch_add(1)`, counts that block into its private map, and claims again
//! until the cursor runs past the end. Then it sends its map to the
//! collector, as in `message-passing`. A fast worker simply claims more
//! blocks: dynamic load balancing, where the other strategies split the work
//! evenly up front and wait for the slowest worker.
//!
//! Cost: one atomic read-modify-write per block (a few nanoseconds against
//! the microseconds a block takes to count), and the collector's sequential
//! merge of every worker's map.
//!
//! How it can fail: the claim must be one atomic read-modify-write. Reading
//! the cursor and then storing the next value lets two workers read the same
//! index and count the same block twice (the bug zoo's `double-claim`: an
//! over-count, not a lost update). Relaxed ordering is enough: the blocks are
//! frozen before any worker starts, so the cursor publishes nothing but
//! itself. A worker that panics never sends its map; the collector counts
//! the maps it is owed and the run fails.

use super::crew::Crew;
use super::message_passing;
use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::{mpsc, Arc, Frozen};
use crate::words::Counts;

const NAME: &str = "claim-blocks";

/// Claims the next block: the cursor's old value, moved on by one in a
/// single atomic step.
fn claim(cursor: &AtomicUsize) -> usize {
    cursor.fetch_add(1, Ordering::Relaxed)
}

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    count_claiming(NAME, work, faults, claim)
}

/// The strategy, with the claim step given: the bug zoo's `double-claim`
/// passes a broken one.
pub(crate) fn count_claiming(
    name: &'static str,
    work: Vec<Vec<Block>>,
    faults: Faults,
    claim: fn(&AtomicUsize) -> usize,
) -> Result<Counts, Error> {
    let workers = work.len();
    // Every block in one queue; the crew's own lists stay empty.
    let blocks = Frozen::new(work.into_iter().flatten().collect::<Vec<Block>>());
    let cursor = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel::<Counts>();
    let crew = Crew::spawn(name, (0..workers).map(|_| Vec::new()).collect(), faults, {
        let blocks = Frozen::clone(&blocks);
        let cursor = Arc::clone(&cursor);
        move |mut worker, _| {
            let mut local = Counts::new();
            loop {
                // One step per claim, the last (empty) one included, so
                // every worker takes at least one step however the blocks
                // fall.
                worker.step();
                let Some(block) = blocks.get(claim(&cursor)) else {
                    break;
                };
                local.add_text(block.as_str());
            }
            tx.send(local).map_err(|_| worker.collector_gone())
        }
    });
    message_passing::collect(name, &rx, crew)
}
