//! The crate's error type: every way a count can fail instead of returning a
//! partial result.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why tally could not produce a count. Never a partial count in disguise:
/// each variant means the whole run failed.
#[derive(Debug)]
pub enum Error {
    /// An input could not be opened or read.
    Read {
        /// The path as the user gave it (`-` for stdin).
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// Stdin was to be read, but fd 0 was closed when tally started
    /// (`tally count - <&-`): not an empty input.
    StdinClosed,
    /// An input path names a directory.
    IsDirectory {
        /// The path as the user gave it.
        path: PathBuf,
    },
    /// An input is not valid UTF-8.
    InvalidUtf8 {
        /// The path as the user gave it (`-` for stdin).
        path: PathBuf,
        /// Byte offset in the input of the first invalid sequence (its
        /// `valid_up_to()` in the whole input).
        offset: usize,
    },
    /// A worker thread panicked, so its share of the input was never counted.
    WorkerPanicked {
        /// The strategy that ran the worker.
        strategy: &'static str,
        /// Index of the worker that panicked.
        worker: usize,
        /// The panic message, when it was a string.
        message: String,
    },
    /// A lock was poisoned: its holder panicked mid-update.
    LockPoisoned {
        /// The strategy whose lock it was.
        strategy: &'static str,
        /// The worker that found it poisoned, `None` for the final collection.
        worker: Option<usize>,
    },
    /// A worker could not send its counts: the collector was gone.
    CollectorGone {
        /// The strategy whose channel it was.
        strategy: &'static str,
        /// The worker whose send failed.
        worker: usize,
    },
    /// Every worker stopped taking blocks before the input was read (they
    /// failed; their own errors say why).
    FeedStopped {
        /// The strategy whose workers they were.
        strategy: &'static str,
    },
    /// The collector received fewer messages than workers promised to send.
    ChannelClosed {
        /// The strategy whose channel it was.
        strategy: &'static str,
        /// Messages that arrived.
        received: usize,
        /// Messages the collector was owed.
        expected: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            Error::StdinClosed => write!(
                f,
                "cannot read -: stdin is closed (give a file, or pipe the input in)"
            ),
            Error::IsDirectory { path } => {
                write!(f, "cannot read {}: is a directory", path.display())
            }
            Error::InvalidUtf8 { path, offset } => write!(
                f,
                "{} is not valid UTF-8: invalid byte at offset {offset}",
                path.display()
            ),
            Error::WorkerPanicked {
                strategy,
                worker,
                message,
            } => write!(
                f,
                "strategy {strategy}: worker {worker} panicked ({message}); no count was produced"
            ),
            Error::LockPoisoned {
                strategy,
                worker: Some(worker),
            } => write!(
                f,
                "strategy {strategy}: worker {worker} found a poisoned lock; no count was produced"
            ),
            Error::LockPoisoned {
                strategy,
                worker: None,
            } => write!(
                f,
                "strategy {strategy}: the shared map was poisoned; no count was produced"
            ),
            Error::CollectorGone { strategy, worker } => write!(
                f,
                "strategy {strategy}: worker {worker} could not send its counts, the collector \
                 is gone; no count was produced"
            ),
            Error::ChannelClosed {
                strategy,
                received,
                expected,
            } => write!(
                f,
                "strategy {strategy}: channel closed after {received} of {expected} messages; \
                 no count was produced"
            ),
            Error::FeedStopped { strategy } => write!(
                f,
                "strategy {strategy}: every worker stopped before the input was read; \
                 no count was produced"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The text of a panic payload (`panic!` gives a `&str` or a `String`), or a
/// placeholder for any other payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}
