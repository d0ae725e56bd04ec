//! Threads from the selected backend: spawn, join, yield; and scoped
//! threads for pure computation ([`map_scoped`]).
//!
//! `spawn` is a function of ours, not a re-export, so clippy's ban on
//! `std::thread::spawn` outside the facade sees the difference.
//!
//! A worker that panics must reach its strategy as an error from `join`, the
//! way std reports it, on every backend. Inside a loom or shuttle model a
//! panicking thread would instead fail the whole execution (each checker
//! catches the unwind itself), so a strategy's handling of a dead worker
//! could never be explored. In model builds `spawn` therefore catches the
//! panics of the fault-injection seam ([`crate::fault::INJECTED_PANIC`]) and
//! hands them to `join`; every other panic, the checkers' own included
//! (a deadlock, a causality violation, a teardown), unwinds as before.

use super::backend::thread as raw;
use std::any::Any;

/// What a panicking thread left behind.
pub type Panic = Box<dyn Any + Send + 'static>;

/// An owned permission to join a thread.
#[derive(Debug)]
pub struct JoinHandle<T> {
    #[cfg(not(any(loom, shuttle)))]
    inner: raw::JoinHandle<T>,
    #[cfg(any(loom, shuttle))]
    inner: raw::JoinHandle<Result<T, Panic>>,
    /// Its number in the recorder's timeline.
    #[cfg(any(loom, shuttle))]
    worker: usize,
}

impl<T> JoinHandle<T> {
    /// Waits for the thread; its value, or the payload it panicked with.
    pub fn join(self) -> Result<T, Panic> {
        #[cfg(not(any(loom, shuttle)))]
        return self.inner.join();
        #[cfg(any(loom, shuttle))]
        {
            let joined = self.inner.join().and_then(|result| result);
            super::record::op(super::record::Op::Join(self.worker, joined.is_ok()));
            joined
        }
    }
}

/// Starts a thread (a modelled one under loom and shuttle) running `f`.
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    #[cfg(not(any(loom, shuttle)))]
    return JoinHandle {
        inner: raw::spawn(f),
    };
    #[cfg(any(loom, shuttle))]
    return {
        let worker = super::record::next_worker();
        super::record::op(super::record::Op::Spawn(worker));
        JoinHandle {
            inner: raw::spawn(move || {
                use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
                super::record::started(worker);
                match catch_unwind(AssertUnwindSafe(f)) {
                    Ok(value) => Ok(value),
                    Err(payload) if is_injected(payload.as_ref()) => {
                        super::record::op(super::record::Op::Panicked);
                        Err(payload)
                    }
                    Err(payload) => resume_unwind(payload),
                }
            }),
            worker,
        }
    };
}

/// Whether a panic came from the fault-injection seam.
#[cfg(any(loom, shuttle))]
fn is_injected(payload: &(dyn Any + Send)) -> bool {
    crate::error::panic_message(payload).contains(crate::fault::INJECTED_PANIC)
}

/// `f` of each item, in order, each item but the first on a thread of its
/// own (std builds), the first on the caller's.
///
/// For pure computation over shared, immutable data, such as ranking the
/// disjoint parts of a finished count: the threads share nothing that
/// changes, only borrows the type system checks, and hand their results
/// back through `join`. So there is no interleaving to explore, and model
/// builds run the items one after the other (loom has no scoped threads).
/// A panic in `f` resumes on the caller.
pub fn map_scoped<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(not(any(loom, shuttle)))]
    {
        let Some((first, rest)) = items.split_first() else {
            return Vec::new();
        };
        let f = &f;
        std::thread::scope(|scope| {
            let others: Vec<_> = rest
                .iter()
                .map(|item| scope.spawn(move || f(item)))
                .collect();
            let mut results = Vec::with_capacity(items.len());
            results.push(f(first));
            for other in others {
                results.push(
                    other
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            results
        })
    }
    #[cfg(any(loom, shuttle))]
    {
        items.iter().map(f).collect()
    }
}

/// Offers the scheduler a chance to run another thread (a scheduling point
/// under loom and shuttle).
pub fn yield_now() {
    raw::yield_now()
}

/// How many workers to use when the caller does not say.
///
/// Model builds answer a constant 2, as tokio's facade stubs `num_cpus`, so
/// defaults stay small and every execution is deterministic.
pub fn available_parallelism() -> usize {
    #[cfg(any(loom, shuttle))]
    {
        2
    }
    #[cfg(not(any(loom, shuttle)))]
    {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
}
