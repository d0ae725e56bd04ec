//! `sequential`: one thread counts every block in turn.
//!
//! Coordination model: none. This is the oracle's algorithm run over the same
//! blocks the threaded strategies see, so it is the baseline every speed-up is
//! measured against. Cost: one core.
//!
//! How it can fail: it has no threads to lose, only a panic in the counting
//! code itself. That is caught and reported like any worker's (as worker 0),
//! so every strategy has the same contract: a panic is an error, never a
//! partial count.

use super::crew::Worker;
use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::words::Counts;
use std::panic::{self, AssertUnwindSafe};

const NAME: &str = "sequential";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let mut worker = Worker::new(NAME, 0, &faults);
    // Unwind safety: on a panic the half-built map is dropped, never returned.
    panic::catch_unwind(AssertUnwindSafe(|| {
        let mut counts = Counts::new();
        for block in work.iter().flatten() {
            worker.step();
            counts.add_text(block.as_str());
        }
        counts
    }))
    .map_err(|payload| Error::WorkerPanicked {
        strategy: NAME,
        worker: 0,
        message: crate::error::panic_message(payload.as_ref()),
    })
}
