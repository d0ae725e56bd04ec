//! `one-message-too-many`: `message-passing` whose collector waits for one
//! message more than there are workers.
//!
//! The bug: an off-by-one in the receive loop (`0..=n`). The collector also
//! keeps a sender of its own (as code that "might send a final message" does),
//! so even a backend that models disconnection never closes the channel: the
//! last `recv` blocks forever. loom and shuttle report a deadlock.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew::Crew;
use crate::sync::mpsc;
use crate::words::Counts;

const NAME: &str = "one-message-too-many";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let (tx, rx) = mpsc::channel::<Counts>();
    let _collector_tx = tx.clone();
    let crew = Crew::spawn(NAME, work, faults, move |mut worker, blocks| {
        let _ = tx.send(worker.count_blocks(&blocks));
        Ok(())
    });
    let mut total = Counts::new();
    // BUG: `..=` waits for one message more than the crew sends.
    for _ in 0..=crew.len() {
        match rx.recv() {
            Ok(local) => total.merge(local),
            Err(_) => break,
        }
    }
    crew.join()?;
    Ok(total)
}
