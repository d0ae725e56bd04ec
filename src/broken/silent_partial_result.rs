//! `silent-partial-result`: the tutorial's own collector, which merges
//! whatever arrives until the channel closes and never checks the workers.
//!
//! The bug: `while let Ok(map) = rx.recv()` ends when every sender is gone,
//! and a worker that panics drops its sender too, without sending. The
//! collector cannot tell "all done" from "one died", returns the maps that
//! did arrive as if they were the whole count, and ignores what `join`
//! would have said. The count is silently short.
//!
//! The interleaving, on two workers of which worker 1 panics at its first
//! step: worker 0 sends its map and drops its sender; worker 1 panics, and
//! its sender is dropped as it unwinds; the collector merges worker 0's map,
//! then `recv` fails (every sender gone) and it returns worker 0's words
//! alone, with no error.
//!
//! The fix: count the maps owed, one per worker, and join every worker,
//! turning a panic into an error (what `message-passing` does).
//!
//! Who sees it: shuttle, which models channel disconnection, catches the
//! partial count once a fault is injected into a worker (the models with a
//! panicking worker). Not loom: its channel does not model disconnection,
//! so `recv` after the last sender is dropped blocks forever and every
//! execution deadlocks before the bug can show. Real threads show it every
//! time a worker panics, and tests that never make one panic never do.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew::Crew;
use crate::sync::mpsc;
use crate::words::Counts;

const NAME: &str = "silent-partial-result";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let (tx, rx) = mpsc::channel::<Counts>();
    let crew = Crew::spawn(NAME, work, faults, move |mut worker, blocks| {
        let local = worker.count_blocks(&blocks);
        let _ = tx.send(local);
        Ok(())
    });
    let mut total = Counts::new();
    // BUG: "the channel closed" is taken to mean "every worker finished".
    while let Ok(local) = rx.recv() {
        total.merge(local);
    }
    // BUG: a dead worker's error is thrown away.
    let _ = crew.join();
    Ok(total)
}
