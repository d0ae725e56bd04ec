//! `channel-per-word`: workers send every normalised word as its own message.
//!
//! Coordination model: message passing, at the finest grain. Workers
//! normalise in parallel; the collector does all the counting. It shows what
//! fine-grained messages cost: an allocation and a channel operation per
//! word, and a collector that serialises the whole count, so it is slower
//! than `sequential` on any machine.
//!
//! How it can fail: the collector must know when the workers are done. loom
//! does not model channel disconnection, so each worker ends its stream with
//! [`Message::Done`] and the collector stops after one `Done` per worker;
//! if a worker dies first, the channel closes early and `join` names it.

use super::crew::Crew;
use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::sync::mpsc;
use crate::words::Counts;

const NAME: &str = "channel-per-word";

/// What a worker sends.
#[derive(Debug)]
pub(crate) enum Message {
    /// One occurrence of a normalised word.
    Word(String),
    /// This worker has sent all its words.
    Done,
}

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let (tx, rx) = mpsc::channel::<Message>();
    let crew = Crew::spawn(NAME, work, faults, move |mut worker, blocks| {
        for block in &blocks {
            for word in block.words() {
                worker.step();
                tx.send(Message::Word(word.into_owned()))
                    .map_err(|_| worker.collector_gone())?;
            }
        }
        tx.send(Message::Done).map_err(|_| worker.collector_gone())
    });

    let expected = crew.len();
    let mut total = Counts::new();
    let mut done = 0;
    while done < expected {
        match rx.recv() {
            Ok(Message::Word(word)) => total.add_one(word),
            Ok(Message::Done) => done += 1,
            Err(_) => break,
        }
    }
    crew.join()?;
    if done < expected {
        return Err(Error::ChannelClosed {
            strategy: NAME,
            received: done,
            expected,
        });
    }
    Ok(total)
}
