//! A thin newtype over the backend's `Arc`.
//!
//! A newtype rather than a re-export so that clippy's ban on `std::sync::Arc`
//! outside this module can tell the facade's type from std's. (The recorder
//! leaves reference counts out: they cannot change a count.)

use super::backend::sync as raw;
use std::fmt;
use std::ops::Deref;

/// A thread-safe reference-counted pointer from the selected backend.
pub struct Arc<T: ?Sized>(raw::Arc<T>);

impl<T> Arc<T> {
    /// Moves `value` into a new reference-counted allocation.
    pub fn new(value: T) -> Self {
        Self(raw::Arc::new(value))
    }
}

impl<T: ?Sized> Clone for Arc<T> {
    fn clone(&self) -> Self {
        Self(raw::Arc::clone(&self.0))
    }
}

impl<T: ?Sized> Deref for Arc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Arc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
