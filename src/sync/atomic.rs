//! Atomic integers from the selected backend, behind thin newtypes (so
//! clippy can ban std's outside the facade, and so that in model builds each
//! operation, with its value, goes to the recorder).
//!
//! For readers of model results: shuttle treats every ordering as `SeqCst`,
//! so it cannot find weak-memory bugs; loom models `Relaxed`, `Acquire` and
//! `Release`, but treats `SeqCst` as `AcqRel`.

use super::backend::sync::atomic as raw;

pub use std::sync::atomic::Ordering;

/// An integer shared between threads.
#[derive(Debug)]
pub struct AtomicUsize {
    inner: raw::AtomicUsize,
    #[cfg(any(loom, shuttle))]
    name: super::record::Object,
}

impl Default for AtomicUsize {
    fn default() -> Self {
        Self::new(0)
    }
}

impl AtomicUsize {
    /// A new atomic holding `value`.
    pub fn new(value: usize) -> Self {
        Self {
            inner: raw::AtomicUsize::new(value),
            #[cfg(any(loom, shuttle))]
            name: super::record::object("atomic"),
        }
    }

    /// Reads the value.
    pub fn load(&self, order: Ordering) -> usize {
        let value = self.inner.load(order);
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Load(self.name, value));
        value
    }

    /// Writes the value.
    pub fn store(&self, value: usize, order: Ordering) {
        self.inner.store(value, order);
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::Store(self.name, value));
    }

    /// Adds `value` in one atomic read-modify-write; returns the old value.
    pub fn fetch_add(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.fetch_add(value, order);
        #[cfg(any(loom, shuttle))]
        super::record::op(super::record::Op::FetchAdd(self.name, old, value));
        old
    }
}
