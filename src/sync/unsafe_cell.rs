//! An `UnsafeCell` with loom's closure API (`with` / `with_mut`) on every
//! backend, so code that touches raw cells is written once, against loom's
//! stricter interface (tokio does the same in `loom/std/unsafe_cell.rs`).
//! Under loom every access is tracked and a concurrent write is reported as
//! a causality violation; under std the closures are free. In model builds
//! each access also goes to the recorder, with the thread that made it, and
//! a map touched inside is named after the cell.

#[cfg(loom)]
use loom::cell::UnsafeCell as RawUnsafeCell;
#[cfg(not(loom))]
use std::cell::UnsafeCell as RawUnsafeCell;

/// A cell whose contents are reached only through `with` / `with_mut`.
#[derive(Debug)]
pub struct UnsafeCell<T> {
    inner: RawUnsafeCell<T>,
    #[cfg(any(loom, shuttle))]
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
            inner: RawUnsafeCell::new(value),
            #[cfg(any(loom, shuttle))]
            name: super::record::object("cell"),
        }
    }

    /// Gives `f` a shared raw pointer to the contents.
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        self.inside(false, || {
            #[cfg(loom)]
            return self.inner.with(f);
            #[cfg(not(loom))]
            return f(self.inner.get());
        })
    }

    /// Gives `f` a mutable raw pointer to the contents.
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        self.inside(true, || {
            #[cfg(loom)]
            return self.inner.with_mut(f);
            #[cfg(not(loom))]
            return f(self.inner.get());
        })
    }

    /// Runs `f` as an access to the cell: recorded first (loom reports a
    /// race from inside the access, and the timeline must show it), and with
    /// the cell held, so that a map touched inside is named after it.
    #[inline(always)]
    fn inside<R>(&self, _write: bool, f: impl FnOnce() -> R) -> R {
        #[cfg(any(loom, shuttle))]
        {
            super::record::op(super::record::Op::Cell(self.name, _write));
            super::record::hold(self.name);
        }
        let result = f();
        #[cfg(any(loom, shuttle))]
        super::record::let_go(self.name);
        result
    }
}
