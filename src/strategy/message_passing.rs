//! `message-passing`: workers count locally and send their whole map.
//!
//! Coordination model: message passing. Each worker owns a private map, so
//! counting needs no synchronisation at all; the only shared object is an
//! unbounded channel, used once per worker. The collector (the calling
//! thread) merges maps as they arrive.
//!
//! Cost: one message per worker, but the merge is sequential and touches
//! every distinct word of every worker, so with a large vocabulary the
//! collector becomes the bottleneck.
//!
//! How it can fail: the tutorial collected with `for m in rx` and returned
//! whatever had arrived when the channel closed, so a worker that panicked
//! (dropping its sender) silently lost its share. Here the collector counts
//! the messages it is owed, one per worker, instead of waiting for the channel
//! to close (loom does not model disconnection), and then joins every worker:
//! a missing message is always an error. Waiting for one message too many
//! deadlocks; stopping at the first empty `try_recv` loses counts; the bug zoo
//! keeps both.

use super::crew::Crew;
use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::sync::mpsc;
use crate::words::Counts;

const NAME: &str = "message-passing";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let (tx, rx) = mpsc::channel::<Counts>();
    let crew = Crew::spawn(NAME, work, faults, move |mut worker, blocks| {
        let local = worker.count_blocks(&blocks);
        worker.step();
        // The receiver outlives every worker (it is dropped only after
        // `join`), so a send can only fail if the collector itself died.
        tx.send(local).map_err(|_| worker.collector_gone())
    });

    collect(NAME, &rx, crew)
}

/// The collector: merges the one map each worker of `crew` owes, then joins
/// them all. A missing map is always an error, never a short count.
pub(super) fn collect(
    name: &'static str,
    rx: &mpsc::Receiver<Counts>,
    crew: Crew<()>,
) -> Result<Counts, Error> {
    let expected = crew.len();
    let mut total = Counts::new();
    let mut received = 0;
    while received < expected {
        match rx.recv() {
            Ok(local) => {
                total.merge(local);
                received += 1;
            }
            // Every sender is gone early: some worker died. `join` names it.
            Err(_) => break,
        }
    }
    crew.join()?;
    if received < expected {
        return Err(Error::ChannelClosed {
            strategy: name,
            received,
            expected,
        });
    }
    Ok(total)
}
