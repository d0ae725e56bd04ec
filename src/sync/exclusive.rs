//! [`Exclusive`]: what the facade's locks have in common, so that code
//! which only needs exclusive access (taking the finished count out of a
//! shared map, say) works with any of them.

use super::{Mutex, MutexGuard, Poisoned, RwLock, RwLockWriteGuard};
use std::ops::DerefMut;

/// A lock that grants exclusive access to a `T`, failing if poisoned.
pub trait Exclusive<T> {
    /// The guard that holds the exclusive access.
    type Guard<'a>: DerefMut<Target = T>
    where
        Self: 'a;

    /// Blocks until exclusive access is held (`Mutex::lock`,
    /// `RwLock::write`); fails if a previous holder panicked.
    fn exclusive(&self) -> Result<Self::Guard<'_>, Poisoned>;
}

impl<T> Exclusive<T> for Mutex<T> {
    type Guard<'a>
        = MutexGuard<'a, T>
    where
        T: 'a;

    fn exclusive(&self) -> Result<Self::Guard<'_>, Poisoned> {
        self.lock()
    }
}

impl<T> Exclusive<T> for RwLock<T> {
    type Guard<'a>
        = RwLockWriteGuard<'a, T>
    where
        T: 'a;

    fn exclusive(&self) -> Result<Self::Guard<'_>, Poisoned> {
        self.write()
    }
}
