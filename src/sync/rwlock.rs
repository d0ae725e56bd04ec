//! An adapter for the backend's `RwLock` with the same poisoning contract as
//! [`super::Mutex`]: a lock whose writer panicked yields [`Poisoned`]. In
//! model builds it tells the recorder who read- or write-locked it.

use super::backend::sync as raw;
use super::Poisoned;
use std::ops::{Deref, DerefMut};

/// A reader-writer lock from the selected backend.
#[derive(Debug)]
pub struct RwLock<T> {
    inner: raw::RwLock<T>,
    #[cfg(any(loom, shuttle))]
    name: super::record::Object,
}

/// Shared access to an [`RwLock`]'s value.
#[derive(Debug)]
pub struct RwLockReadGuard<'a, T> {
    inner: raw::RwLockReadGuard<'a, T>,
    #[cfg(any(loom, shuttle))]
    name: super::record::Object,
}

/// Exclusive access to an [`RwLock`]'s value.
#[derive(Debug)]
pub struct RwLockWriteGuard<'a, T> {
    inner: raw::RwLockWriteGuard<'a, T>,
    #[cfg(any(loom, shuttle))]
    name: super::record::Object,
}

impl<T: Default> Default for RwLock<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> RwLock<T> {
    /// Creates an unlocked reader-writer lock holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            inner: raw::RwLock::new(value),
            #[cfg(any(loom, shuttle))]
            name: super::record::object("rwlock"),
        }
    }

    /// Blocks until shared access is held; fails if a writer panicked.
    pub fn read(&self) -> Result<RwLockReadGuard<'_, T>, Poisoned> {
        self.noted("read");
        let inner = self.inner.read().map_err(|_| Poisoned)?;
        self.got("read");
        Ok(RwLockReadGuard {
            inner,
            #[cfg(any(loom, shuttle))]
            name: self.name,
        })
    }

    /// Blocks until exclusive access is held; fails if a writer panicked.
    pub fn write(&self) -> Result<RwLockWriteGuard<'_, T>, Poisoned> {
        self.noted("write");
        let inner = self.inner.write().map_err(|_| Poisoned)?;
        self.got("write");
        Ok(RwLockWriteGuard {
            inner,
            #[cfg(any(loom, shuttle))]
            name: self.name,
        })
    }

    #[inline(always)]
    fn noted(&self, _how: &'static str) {
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Request(self.name, _how));
    }

    #[inline(always)]
    fn got(&self, _how: &'static str) {
        #[cfg(any(loom, shuttle))]
        {
            super::record::op(super::record::Op::Acquire(self.name, _how));
            super::record::hold(self.name);
        }
    }
}

impl<T> Deref for RwLockReadGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

#[cfg(any(loom, shuttle))]
impl<T> Drop for RwLockReadGuard<'_, T> {
    fn drop(&mut self) {
        super::record::op(super::record::Op::Release(self.name));
        super::record::let_go(self.name);
    }
}

#[cfg(any(loom, shuttle))]
impl<T> Drop for RwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        super::record::op(super::record::Op::Release(self.name));
        super::record::let_go(self.name);
    }
}
