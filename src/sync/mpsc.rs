//! Unbounded multi-producer, single-consumer channels from the selected
//! backend, with one error type for all three.
//!
//! Under loom a receiver never sees the channel close: `recv` after every
//! sender is dropped deadlocks the model instead of returning [`Closed`].
//! Count the messages you expect (or send a "done" per producer) rather than
//! waiting for the channel to close.

use super::backend::sync::mpsc as raw;
use std::fmt;

/// The other end of the channel is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed;

impl fmt::Display for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("channel closed")
    }
}

impl std::error::Error for Closed {}

/// Why [`Receiver::try_recv`] returned no message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TryRecvError {
    /// Nothing is queued right now; senders may still send.
    Empty,
    /// Nothing is queued and every sender is gone.
    Closed,
}

/// Creates an unbounded channel.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let (tx, rx) = raw::channel();
    #[cfg(any(loom, shuttle))]
    let name = super::record::object("channel");
    (
        Sender {
            inner: tx,
            #[cfg(any(loom, shuttle))]
            name,
        },
        Receiver {
            inner: rx,
            #[cfg(any(loom, shuttle))]
            name,
        },
    )
}

/// The sending half; clone it for more producers.
#[derive(Debug)]
pub struct Sender<T> {
    inner: raw::Sender<T>,
    #[cfg(any(loom, shuttle))]
    name: super::record::Object,
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            #[cfg(any(loom, shuttle))]
            name: self.name,
        }
    }
}

impl<T> Sender<T> {
    /// Queues `message`; fails (dropping it) if the receiver is gone.
    pub fn send(&self, message: T) -> Result<(), Closed> {
        let sent = super::phases::timed(super::phases::Phase::Send, 1, || self.inner.send(message))
            .map_err(|_| Closed);
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Send(self.name, sent.is_ok()));
        sent
    }
}

/// The receiving half.
#[derive(Debug)]
pub struct Receiver<T> {
    inner: raw::Receiver<T>,
    #[cfg(any(loom, shuttle))]
    name: super::record::Object,
}

impl<T> Receiver<T> {
    /// Blocks for the next message; fails once every sender is gone (never
    /// under loom, which deadlocks instead).
    pub fn recv(&self) -> Result<T, Closed> {
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Wait(self.name));
        let received =
            super::phases::timed(super::phases::Phase::RecvWait, 1, || self.inner.recv())
                .map_err(|_| Closed);
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Recv(self.name, received.is_ok()));
        received
    }

    /// The next message if one is queued.
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        let received = self.inner.try_recv().map_err(|e| match e {
            std::sync::mpsc::TryRecvError::Empty => TryRecvError::Empty,
            std::sync::mpsc::TryRecvError::Disconnected => TryRecvError::Closed,
        });
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Recv(self.name, received.is_ok()));
        received
    }
}
