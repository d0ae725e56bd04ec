//! `std::cell::UnsafeCell` with loom's closure API, so code that touches raw
//! cells is written once, against loom's stricter interface (tokio does the
//! same in `loom/std/unsafe_cell.rs`). Under loom every access is tracked and a
//! concurrent write is reported as a causality violation; here the closures
//! are free.

/// A cell whose contents are reached only through `with` / `with_mut`.
#[derive(Debug, Default)]
pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

impl<T> UnsafeCell<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Self(std::cell::UnsafeCell::new(value))
    }

    /// Gives `f` a shared raw pointer to the contents.
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// Gives `f` a mutable raw pointer to the contents.
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}
