//! An adapter for the backend's `Mutex` that turns poisoning into our own error.
//!
//! std and shuttle poison a mutex whose holder panicked; loom never does. The
//! strategies must not silently keep counting into a map a dead worker left
//! half-updated, so `lock` returns [`Poisoned`] rather than the guard inside a
//! `PoisonError`, and callers propagate it with `?`. In model builds the lock
//! and its guard also tell the recorder ([`super::record`]) who asked for,
//! got and released it.

use super::backend::sync as raw;
use super::phases::{self, Phase, Timer};
use std::fmt;
use std::ops::{Deref, DerefMut};

/// A mutual-exclusion lock from the selected backend.
#[derive(Debug)]
pub struct Mutex<T> {
    inner: raw::Mutex<T>,
    #[cfg(any(loom, shuttle))]
    name: super::record::Object,
}

/// Exclusive access to a [`Mutex`]'s value; released when dropped.
#[derive(Debug)]
pub struct MutexGuard<'a, T> {
    // An `Option` only so that [`super::Condvar::wait`] can hand the
    // backend's guard over (this type has a `Drop`, so the field cannot
    // simply be moved out); it is `Some` whenever user code can see the
    // guard.
    inner: Option<raw::MutexGuard<'a, T>>,
    /// Since when the lock is held (the cost model's `lock_held`; nothing
    /// unless the `phase-timings` feature is on).
    held: Timer,
    #[cfg(any(loom, shuttle))]
    name: super::record::Object,
}

/// A lock's previous holder panicked, so the data it guards may be half-updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Poisoned;

impl fmt::Display for Poisoned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("lock poisoned: a thread panicked while holding it")
    }
}

impl std::error::Error for Poisoned {}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> Mutex<T> {
    /// Creates an unlocked mutex holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            inner: raw::Mutex::new(value),
            #[cfg(any(loom, shuttle))]
            name: super::record::object("mutex"),
        }
    }

    /// Blocks until the lock is held; fails if a previous holder panicked.
    pub fn lock(&self) -> Result<MutexGuard<'_, T>, Poisoned> {
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Request(self.name, "lock"));
        let inner =
            phases::timed(Phase::LockWait, 1, || self.inner.lock()).map_err(|_| Poisoned)?;
        #[cfg(any(loom, shuttle))]
        {
            super::record::op(super::record::Op::Acquire(self.name, "lock"));
            super::record::hold(self.name);
        }
        Ok(MutexGuard {
            inner: Some(inner),
            held: Timer::start(),
            #[cfg(any(loom, shuttle))]
            name: self.name,
        })
    }

    /// Consumes the mutex and returns its value; fails if it was poisoned.
    pub fn into_inner(self) -> Result<T, Poisoned> {
        self.inner.into_inner().map_err(|_| Poisoned)
    }
}

impl<'a, T> MutexGuard<'a, T> {
    /// The backend's guard, for the backend's `Condvar::wait`, which
    /// releases the lock; `self` is left empty until `put_raw`. The hold so
    /// far is timed, and a new one starts at `put_raw`.
    pub(super) fn take_raw(&mut self) -> raw::MutexGuard<'a, T> {
        self.held.stop(Phase::LockHeld, 1);
        self.inner
            .take()
            .expect("a guard is taken once, by Condvar::wait")
    }

    /// Puts back the backend's guard `wait` returned.
    pub(super) fn put_raw(&mut self, inner: raw::MutexGuard<'a, T>) {
        self.held = Timer::start();
        self.inner = Some(inner);
    }
}

#[cfg(any(loom, shuttle))]
impl<T> MutexGuard<'_, T> {
    /// Tells the recorder the lock is given up to sleep on `condvar`.
    pub(super) fn record_wait(&self, condvar: super::record::Object) {
        super::record::op(super::record::Op::Release(self.name));
        super::record::let_go(self.name);
        super::record::op(super::record::Op::Sleep(condvar));
    }

    /// Tells the recorder the lock is held again after a wait.
    pub(super) fn record_woken(&self) {
        super::record::op(super::record::Op::Acquire(self.name, "lock"));
        super::record::hold(self.name);
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.inner.as_ref().expect("a guard holds its lock")
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.inner.as_mut().expect("a guard holds its lock")
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // Before the backend's guard, a field, unlocks: the record keeps
        // the real order.
        self.held.stop(Phase::LockHeld, 1);
        #[cfg(any(loom, shuttle))]
        {
            super::record::op(super::record::Op::Release(self.name));
            super::record::let_go(self.name);
        }
    }
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;
    use crate::sync::{thread, Arc};

    #[test]
    fn a_panic_while_holding_the_lock_poisons_it() {
        let mutex = Arc::new(Mutex::new(0));
        let holder = Arc::clone(&mutex);
        let joined = thread::spawn(move || {
            let _guard = holder.lock().unwrap();
            panic!("holder dies");
        })
        .join();
        assert!(joined.is_err());
        assert_eq!(mutex.lock().err(), Some(Poisoned));
    }
}
