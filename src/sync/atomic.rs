//! Atomic integers from the selected backend, behind thin newtypes
//! (so clippy can ban std's outside the facade, and a recorder can sit inside
//! each operation later).
//!
//! For readers of model results: shuttle treats every ordering as `SeqCst`,
//! so it cannot find weak-memory bugs; loom models `Relaxed`, `Acquire` and
//! `Release`, but treats `SeqCst` as `AcqRel`.

use super::backend::sync::atomic as raw;

pub use std::sync::atomic::Ordering;

/// An integer shared between threads.
#[derive(Debug, Default)]
pub struct AtomicUsize(raw::AtomicUsize);

impl AtomicUsize {
    /// A new atomic holding `value`.
    pub fn new(value: usize) -> Self {
        Self(raw::AtomicUsize::new(value))
    }

    /// Reads the value.
    pub fn load(&self, order: Ordering) -> usize {
        self.0.load(order)
    }

    /// Writes the value.
    pub fn store(&self, value: usize, order: Ordering) {
        self.0.store(value, order)
    }

    /// Adds `value` in one atomic read-modify-write; returns the old value.
    pub fn fetch_add(&self, value: usize, order: Ordering) -> usize {
        self.0.fetch_add(value, order)
    }
}
