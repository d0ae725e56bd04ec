//! [`Frozen`]: immutable data shared between threads, whose reference count
//! is deliberately *not* modelled.
//!
//! Every backend uses std's `Arc` here. Under loom each modelled `Arc` clone
//! and drop is an atomic operation on a shared count, and loom must explore
//! their orders; for data that never changes after construction those orders
//! cannot affect any result, yet they multiplied the executions of a
//! three-worker model many times over. What makes skipping them sound: the
//! value is fully built before any worker is spawned, spawning orders that
//! construction before every read (in every backend), and nothing writes it
//! afterwards. Anything holding a sync object or interior mutability belongs
//! in [`super::Arc`], where loom checks it.

use std::fmt;
use std::ops::Deref;

/// A read-only value shared by reference count.
pub struct Frozen<T: ?Sized>(std::sync::Arc<T>);

impl<T> Frozen<T> {
    /// Freezes `value` for sharing.
    pub fn new(value: T) -> Self {
        Self(std::sync::Arc::new(value))
    }
}

impl<T: ?Sized> Clone for Frozen<T> {
    fn clone(&self) -> Self {
        Self(std::sync::Arc::clone(&self.0))
    }
}

impl<T: ?Sized> Deref for Frozen<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Frozen<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
