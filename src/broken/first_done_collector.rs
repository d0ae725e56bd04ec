//! `first-done-collector`: `channel-per-word` whose collector stops at the
//! first `Done`.
//!
//! The bug: the collector treats one worker's end-of-stream as everyone's.
//! Words that other workers send after that are never counted, and the
//! result is silently short.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::channel_per_word::Message;
use crate::strategy::crew::Crew;
use crate::sync::mpsc;
use crate::words::Counts;

const NAME: &str = "first-done-collector";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let (tx, rx) = mpsc::channel::<Message>();
    let crew = Crew::spawn(NAME, work, faults, move |_worker, blocks| {
        for block in &blocks {
            for word in block.words() {
                let _ = tx.send(Message::Word(word.into_owned()));
            }
        }
        let _ = tx.send(Message::Done);
        Ok(())
    });
    let mut total = Counts::new();
    // BUG: the first `Done` ends collection for every worker.
    while let Ok(Message::Word(word)) = rx.recv() {
        total.add_one(word);
    }
    crew.join()?;
    Ok(total)
}
