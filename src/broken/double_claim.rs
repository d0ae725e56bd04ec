//! `double-claim`: `claim-blocks` whose claim is a `load` then a `store`.
//!
//! The bug: a worker reads the cursor, then writes back the next index, in
//! two atomic steps instead of one read-modify-write. Two workers can read
//! the same index between those steps, and both count that block: an
//! over-count, the opposite symptom of a lost update (a word counted more
//! often than it occurs), which an assertion that only looks for missing
//! counts would never notice.
//!
//! The interleaving, on two workers and two blocks `a` and `b`: worker 0
//! loads 0; worker 1 loads 0; worker 0 stores 1 and counts block 0 (`a`);
//! worker 1 stores 1 and counts block 0 (`a`) again; worker 0 loads 1,
//! stores 2 and counts `b`; worker 1 loads 2 and stops. Result `a: 2, b: 1`,
//! oracle `a: 1, b: 1`.
//!
//! The fix: `fetch_add(1)`, one atomic step (what `claim-blocks` does).
//!
//! Who sees it: loom and shuttle both (each atomic access is a scheduling
//! point); real threads now and then, under contention.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::claim_blocks;
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::words::Counts;

const NAME: &str = "double-claim";

/// BUG: another worker can load the same index before this store.
fn claim(cursor: &AtomicUsize) -> usize {
    let index = cursor.load(Ordering::Relaxed);
    cursor.store(index + 1, Ordering::Relaxed);
    index
}

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    claim_blocks::count_claiming(NAME, work, faults, claim)
}
