//! `try-recv-collector`: `message-passing` whose collector stops at the first
//! empty `try_recv`.
//!
//! The bug: "nothing queued right now" is read as "every worker is done".
//! When the collector polls before some worker has sent its map, that map is
//! never merged (the worker's send still succeeds: the receiver is alive), and
//! the count comes back short with no error at all.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew::Crew;
use crate::sync::mpsc;
use crate::words::Counts;

const NAME: &str = "try-recv-collector";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let (tx, rx) = mpsc::channel::<Counts>();
    let crew = Crew::spawn(NAME, work, faults, move |mut worker, blocks| {
        let _ = tx.send(worker.count_blocks(&blocks));
        Ok(())
    });
    let mut total = Counts::new();
    // BUG: an empty queue does not mean the workers are finished.
    while let Ok(local) = rx.try_recv() {
        total.merge(local);
    }
    crew.join()?;
    Ok(total)
}
