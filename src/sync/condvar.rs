//! A condition variable from the selected backend, waiting on our
//! [`MutexGuard`].
//!
//! What it is for: blocking until another thread changes what a mutex
//! guards, the way the bounded block queue (`crate::feed`) makes a reader
//! wait for room and a worker wait for a block. loom and shuttle both model
//! it (loom explores every wake-up order; neither produces spurious wake-ups
//! on its own, std may), so callers always wait in a loop on their condition.
//! Poisoning is reported as [`Poisoned`], as for [`Mutex::lock`](super::Mutex::lock).

use super::backend::sync as raw;
use super::{MutexGuard, Poisoned};

/// A condition variable.
#[derive(Debug)]
pub struct Condvar {
    inner: raw::Condvar,
    #[cfg(any(loom, shuttle))]
    name: super::record::Object,
}

impl Default for Condvar {
    fn default() -> Self {
        Self::new()
    }
}

impl Condvar {
    /// A condition variable nobody waits on yet.
    pub fn new() -> Self {
        Condvar {
            inner: raw::Condvar::new(),
            #[cfg(any(loom, shuttle))]
            name: super::record::object("condvar"),
        }
    }

    /// Releases `guard`'s lock, sleeps until notified, and takes the lock
    /// again. May wake without a notification: wait in a loop.
    pub fn wait<'a, T>(&self, mut guard: MutexGuard<'a, T>) -> Result<MutexGuard<'a, T>, Poisoned> {
        #[cfg(any(loom, shuttle))]
        guard.record_wait(self.name);
        let raw_guard = guard.take_raw();
        let raw_guard = super::phases::timed(super::phases::Phase::RecvWait, 1, || {
            self.inner.wait(raw_guard)
        })
        .map_err(|_| Poisoned)?;
        guard.put_raw(raw_guard);
        #[cfg(any(loom, shuttle))]
        guard.record_woken();
        Ok(guard)
    }

    /// Wakes one waiting thread, if any.
    pub fn notify_one(&self) {
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Notify(self.name, false));
        self.inner.notify_one();
    }

    /// Wakes every waiting thread.
    pub fn notify_all(&self) {
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Notify(self.name, true));
        self.inner.notify_all();
    }
}
