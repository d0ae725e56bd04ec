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

    /// True if `this` is the value's only holder: then no other holder can
    /// appear, since making one takes a holder to clone.
    pub fn is_unique(this: &Self) -> bool {
        std::sync::Arc::strong_count(&this.0) == 1
    }

    /// The value itself, if `this` is its last holder; `this` back if not.
    ///
    /// Taking the value back is how a buffer is reused (`source`'s reader
    /// recycles the blocks the workers are done with). It is sound without
    /// the models seeing it: it succeeds only once every other holder is
    /// dropped, and std's `Arc` orders those drops before it (a release
    /// decrement each, an acquire here), on every backend, since `Frozen`
    /// is std's `Arc` on every backend.
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        std::sync::Arc::try_unwrap(this.0).map_err(Self)
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
