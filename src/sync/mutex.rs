//! An adapter for the backend's `Mutex` that turns poisoning into our own error.
//!
//! std and shuttle poison a mutex whose holder panicked; loom never does. The
//! strategies must not silently keep counting into a map a dead worker left
//! half-updated, so `lock` returns [`Poisoned`] rather than the guard inside a
//! `PoisonError`, and callers propagate it with `?`.

use super::backend::sync as raw;
use std::fmt;

/// The guard returned by [`Mutex::lock`].
pub use raw::MutexGuard;

/// A mutual-exclusion lock from the selected backend.
#[derive(Debug, Default)]
pub struct Mutex<T> {
    inner: raw::Mutex<T>,
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

impl<T> Mutex<T> {
    /// Creates an unlocked mutex holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            inner: raw::Mutex::new(value),
        }
    }

    /// Blocks until the lock is held; fails if a previous holder panicked.
    pub fn lock(&self) -> Result<MutexGuard<'_, T>, Poisoned> {
        self.inner.lock().map_err(|_| Poisoned)
    }

    /// Consumes the mutex and returns its value; fails if it was poisoned.
    pub fn into_inner(self) -> Result<T, Poisoned> {
        self.inner.into_inner().map_err(|_| Poisoned)
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
