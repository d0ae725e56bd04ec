//! The feed: blocks handed from one reader to the workers as they are read.
//!
//! A bounded queue built from the facade's [`Mutex`] and [`Condvar`] (loom
//! has no bounded channel): the reader [`Feed::push`]es each block as soon as
//! it is cut and waits while `capacity` blocks are already waiting; each
//! worker [`Intake::take`]s the next block, waiting while the queue is empty
//! and the reader is still reading. Reading overlaps counting, and memory is
//! bounded by the blocks in flight: `capacity` queued, one per worker being
//! counted, one being read.
//!
//! The end of the input is a state, not a message: dropping the [`Feed`]
//! (whether the reader finished or failed midway) marks the queue closed, and `take` returns `None` only when the
//! queue is closed *and* empty. Checking `closed` before looking in the
//! queue would drop the blocks still queued at the close: the bug zoo's
//! `closed-before-drained`, which the model suites must catch.
//!
//! The reader must never wait for room that nobody will make: each
//! [`Intake`] counts itself out when dropped (a worker that returns or
//! panics), and `push` fails with [`PushError::NoTakers`] once none is left, instead of
//! blocking forever.

use crate::source::Block;
use crate::sync::{Arc, Condvar, Mutex, Poisoned};
use std::collections::VecDeque;

/// The reader's end of the queue.
#[derive(Debug)]
pub struct Feed {
    shared: Arc<Shared>,
}

/// A worker's end of the queue.
#[derive(Debug)]
pub struct Intake {
    shared: Arc<Shared>,
    /// How this intake takes a block: [`take_next`], or a broken twin's.
    take: TakeFn,
}

/// How a worker takes the next block from the queue's state.
pub(crate) type TakeFn = fn(&mut State) -> Next;

/// What a taker finds.
#[derive(Debug)]
pub(crate) enum Next {
    /// A block to count.
    Block(Block),
    /// The input is over.
    End,
    /// Nothing yet: wait for the reader.
    Wait,
}

#[derive(Debug)]
struct Shared {
    /// The feed as the race lab's timelines name it: a push is a send on
    /// it, a take a receive, so a block never taken shows as a send never
    /// received.
    #[cfg(any(loom, shuttle))]
    name: crate::sync::record::Object,
    state: Mutex<State>,
    /// Signalled when a block arrives or the feed closes.
    not_empty: Condvar,
    /// Signalled when a block leaves or a taker goes away.
    not_full: Condvar,
    capacity: usize,
}

/// The queue behind the lock.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) blocks: VecDeque<Block>,
    /// The reader is done: no block will be pushed after those queued.
    pub(crate) closed: bool,
    /// Intakes still alive.
    takers: usize,
}

/// The right way to take: the queue first, and only an empty queue can
/// mean the end.
pub(crate) fn take_next(state: &mut State) -> Next {
    match state.blocks.pop_front() {
        Some(block) => Next::Block(block),
        None if state.closed => Next::End,
        None => Next::Wait,
    }
}

/// A queue of at most `capacity` waiting blocks (at least 1), with one
/// intake per worker.
pub fn bounded(capacity: usize, takers: usize) -> (Feed, Vec<Intake>) {
    bounded_taking(capacity, takers, take_next)
}

/// [`bounded`] with the take step given: the bug zoo passes a broken one.
pub(crate) fn bounded_taking(capacity: usize, takers: usize, take: TakeFn) -> (Feed, Vec<Intake>) {
    let shared = Arc::new(Shared {
        #[cfg(any(loom, shuttle))]
        name: crate::sync::record::object("feed"),
        state: Mutex::new(State {
            blocks: VecDeque::new(),
            closed: false,
            takers,
        }),
        not_empty: Condvar::new(),
        not_full: Condvar::new(),
        capacity: capacity.max(1),
    });
    let intakes = (0..takers)
        .map(|_| Intake {
            shared: Arc::clone(&shared),
            take,
        })
        .collect();
    (Feed { shared }, intakes)
}

/// Why a push failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushError {
    /// Every taker is gone (all workers returned or died): nobody will take
    /// the block, so the reader should stop reading.
    NoTakers,
    /// The queue's lock was poisoned.
    Poisoned,
}

impl Feed {
    /// Queues `block`, waiting while the queue is full.
    pub fn push(&self, block: Block) -> Result<(), PushError> {
        let shared = &*self.shared;
        let mut state = shared.state.lock().map_err(|_| PushError::Poisoned)?;
        while state.blocks.len() >= shared.capacity && state.takers > 0 {
            state = shared
                .not_full
                .wait(state)
                .map_err(|_| PushError::Poisoned)?;
        }
        if state.takers == 0 {
            return Err(PushError::NoTakers);
        }
        state.blocks.push_back(block);
        #[cfg(any(loom, shuttle))]
        crate::sync::record::op(crate::sync::record::Op::Send(shared.name, true));
        drop(state);
        shared.not_empty.notify_one();
        Ok(())
    }
}

/// Dropping the feed closes it: workers take what is queued, then stop.
impl Drop for Feed {
    fn drop(&mut self) {
        let shared = &*self.shared;
        // A poisoned queue needs no closing: every take reports the poison.
        if let Ok(mut state) = shared.state.lock() {
            state.closed = true;
        }
        shared.not_empty.notify_all();
    }
}

impl Intake {
    /// The next block, or `None` once the input is over.
    pub fn take(&self) -> Result<Option<Block>, Poisoned> {
        let shared = &*self.shared;
        let mut state = shared.state.lock()?;
        loop {
            match (self.take)(&mut state) {
                Next::Block(block) => {
                    #[cfg(any(loom, shuttle))]
                    crate::sync::record::op(crate::sync::record::Op::Recv(shared.name, true));
                    drop(state);
                    shared.not_full.notify_one();
                    return Ok(Some(block));
                }
                Next::End => return Ok(None),
                Next::Wait => state = shared.not_empty.wait(state)?,
            }
        }
    }
}

impl Drop for Intake {
    fn drop(&mut self) {
        let shared = &*self.shared;
        if let Ok(mut state) = shared.state.lock() {
            state.takers -= 1;
        }
        // The reader may be waiting for room this taker will never make.
        shared.not_full.notify_all();
    }
}

// The sleeps give the other thread time to run ahead (to overfill the queue,
// or to block in `push`) if the code lets it: on correct code no assertion
// depends on them, so they cannot make a test flaky, only a bug visible.
#[cfg(all(test, not(any(loom, shuttle))))]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use crate::sync::thread;
    use std::thread::sleep;
    use std::time::Duration;

    fn block(text: &str) -> Block {
        Block::whole(text.to_owned())
    }

    fn queued(intake: &Intake) -> usize {
        intake
            .shared
            .state
            .lock()
            .expect("not poisoned")
            .blocks
            .len()
    }

    #[test]
    fn blocks_come_out_in_order_and_the_end_only_after_the_queue_is_drained() {
        let (feed, intakes) = bounded(4, 1);
        for text in ["a", "b", "c"] {
            feed.push(block(text)).expect("a taker is alive");
        }
        drop(feed);
        let taken: Vec<String> = std::iter::from_fn(|| intakes[0].take().expect("not poisoned"))
            .map(|b| b.as_str().to_owned())
            .collect();
        assert_eq!(taken, ["a", "b", "c"]);
        assert!(intakes[0].take().expect("not poisoned").is_none());
    }

    #[test]
    fn the_reader_waits_while_the_queue_is_full() {
        let (feed, mut intakes) = bounded(2, 1);
        let intake = intakes.pop().expect("one intake");
        let reader = thread::spawn(move || {
            for i in 0..6 {
                feed.push(block(&i.to_string())).expect("a taker is alive");
            }
        });
        // However long the reader runs ahead, it never queues more than 2.
        let mut taken = 0;
        loop {
            sleep(Duration::from_millis(5));
            assert!(queued(&intake) <= 2, "{} blocks queued", queued(&intake));
            match intake.take().expect("not poisoned") {
                Some(_) => taken += 1,
                None => break,
            }
        }
        reader.join().expect("the reader does not panic");
        assert_eq!(taken, 6);
    }

    #[test]
    fn a_push_fails_once_every_taker_is_gone_even_when_the_queue_is_full() {
        let (feed, intakes) = bounded(1, 2);
        feed.push(block("a")).expect("takers are alive");
        let mut intakes = intakes.into_iter();
        drop(intakes.next());
        // One taker left: the full queue makes the reader wait for it.
        let last = intakes.next().expect("a second intake");
        let reader = thread::spawn(move || feed.push(block("b")));
        sleep(Duration::from_millis(20));
        drop(last);
        assert_eq!(
            reader.join().expect("the reader does not panic"),
            Err(PushError::NoTakers)
        );
    }
}
