//! An adapter for the backend's `RwLock` with the same poisoning contract as
//! [`super::Mutex`]: a lock whose writer panicked yields [`Poisoned`].

use super::backend::sync as raw;
use super::Poisoned;

/// The guards returned by [`RwLock::read`] and [`RwLock::write`].
pub use raw::{RwLockReadGuard, RwLockWriteGuard};

/// A reader-writer lock from the selected backend.
#[derive(Debug, Default)]
pub struct RwLock<T> {
    inner: raw::RwLock<T>,
}

impl<T> RwLock<T> {
    /// Creates an unlocked reader-writer lock holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            inner: raw::RwLock::new(value),
        }
    }

    /// Blocks until shared access is held; fails if a writer panicked.
    pub fn read(&self) -> Result<RwLockReadGuard<'_, T>, Poisoned> {
        self.inner.read().map_err(|_| Poisoned)
    }

    /// Blocks until exclusive access is held; fails if a writer panicked.
    pub fn write(&self) -> Result<RwLockWriteGuard<'_, T>, Poisoned> {
        self.inner.write().map_err(|_| Poisoned)
    }
}
