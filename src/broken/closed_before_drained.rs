//! `closed-before-drained`: `partitioned` whose workers take "the reader has
//! closed the feed" to mean "the input is over".
//!
//! The bug: a worker that finds the feed closed stops, without looking in
//! the queue first. But the reader closes the feed right after pushing its
//! last blocks, and those may still be queued when a worker next looks: they
//! are never counted. An under-count, with no panic, no error and nothing in
//! any single thread's code that looks wrong; the end-of-input flag and the
//! queue are read under the same lock, just in the wrong order.
//!
//! The interleaving, on two workers and two blocks `a` and `b` (room for
//! two): the reader pushes `a` and `b`, both fit, and closes the feed; then
//! worker 0 takes, finds the feed closed and stops; worker 1 likewise. No
//! word is counted; oracle `a: 1, b: 1`.
//!
//! The fix: the queue first, and only an empty queue with the feed closed
//! is the end (`feed::take_next`).
//!
//! Who sees it: loom and shuttle both (the take is a lock operation, a
//! scheduling point for each); real threads whenever the reader outruns
//! the workers, which on a fast disk is the common case.

use crate::error::Error;
use crate::fault::Faults;
use crate::feed::{Next, State};
use crate::source::Block;
use crate::strategy::{partitioned, push_all};
use crate::words::Counts;

const NAME: &str = "closed-before-drained";

/// BUG: `closed` is read first; blocks still queued at the close are lost.
fn take_closed_first(state: &mut State) -> Next {
    if state.closed {
        return Next::End;
    }
    match state.blocks.pop_front() {
        Some(block) => Next::Block(block),
        None => Next::Wait,
    }
}

pub(super) fn count(blocks: Vec<Block>, workers: usize, faults: Faults) -> Result<Counts, Error> {
    let workers = workers.min(blocks.len()).max(1);
    partitioned::count_taking(NAME, workers, faults, take_closed_first, |feed| {
        push_all(NAME, feed, blocks)
    })
}
