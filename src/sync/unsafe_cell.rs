//! `std::cell::UnsafeCell` with loom's closure API, so code that touches raw
//! cells is written once, against loom's stricter interface (tokio does the
//! same in `loom/std/unsafe_cell.rs`). Under loom every access is tracked and a
//! concurrent write is reported as a causality violation; here the closures
//! are free.

/// A cell whose contents are reached only through `with` / `with_mut`.
#[derive(Debug)]
pub struct UnsafeCell<T> {
    inner: std::cell::UnsafeCell<T>,
    /// Under shuttle, what a map inside it is called in the timeline.
    #[cfg(shuttle)]
    name: super::record::Object,
}

impl<T: Default> Default for UnsafeCell<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> UnsafeCell<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Self {
            inner: std::cell::UnsafeCell::new(value),
            #[cfg(shuttle)]
            name: super::record::object("cell"),
        }
    }

    /// Gives `f` a shared raw pointer to the contents.
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        self.inside(|| f(self.inner.get()))
    }

    /// Gives `f` a mutable raw pointer to the contents.
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        self.inside(|| f(self.inner.get()))
    }

    /// Runs `f` with the cell marked as held, so that the recorder names a
    /// map touched inside it after the cell (shuttle builds).
    #[inline(always)]
    fn inside<R>(&self, f: impl FnOnce() -> R) -> R {
        #[cfg(shuttle)]
        super::record::hold(self.name);
        let result = f();
        #[cfg(shuttle)]
        super::record::let_go(self.name);
        result
    }
}
