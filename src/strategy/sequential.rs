//! `sequential`: one thread counts every block in turn.
//!
//! Coordination model: none. This is the oracle's algorithm run over the same
//! blocks the threaded strategies see, so it is the baseline every speed-up is
//! measured against. Cost: one core. How it can fail: it has no threads to
//! lose, so only by a bug in the shared counting code, which the equivalence
//! tests would show in every strategy at once. An injected fault panics the
//! calling thread itself (as worker 0).

use super::crew::Worker;
use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::words::Counts;

const NAME: &str = "sequential";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let mut worker = Worker::solo(NAME, 0, &faults);
    let mut counts = Counts::new();
    for block in work.iter().flatten() {
        worker.step();
        counts.add_text(block.as_str());
    }
    Ok(counts)
}
