//! The sync facade: every primitive the counting strategies coordinate through.
//!
//! One path tree, three backends:
//!
//! | build                         | backend   | what it is for                       |
//! |-------------------------------|-----------|--------------------------------------|
//! | plain `cargo build`           | `std`     | real threads, real work              |
//! | `RUSTFLAGS="--cfg loom"`      | `loom`    | exhaustive (DPOR) interleavings      |
//! | `RUSTFLAGS="--cfg shuttle"`   | `shuttle` | random / PCT / DFS schedule search   |
//!
//! Strategy code imports only from here, so the same source is what runs in
//! production and what the model checkers explore. Clippy enforces it: the
//! workspace `clippy.toml` bans std's locks, atomics, channels, `Arc`,
//! `UnsafeCell` and thread functions everywhere, and only this module is
//! allowed to name them.
//!
//! Each banned primitive is a thin newtype (or function) over the backend's,
//! not a re-export: clippy resolves re-exports to their origin, so only our
//! own types let it tell the facade from std; and the newtypes (guards and
//! `JoinHandle` included) are where, in model builds, [`record`] logs every
//! operation (thread, operation, object, value) without touching call
//! sites: a strategy is never changed to be traced. What needs neither is
//! re-exported as is: `Ordering`.
//!
//! Differences between the backends are removed here, never at call sites:
//! - [`Mutex::lock`] and [`RwLock`] return our own [`Poisoned`] error whatever
//!   the backend, so strategies surface a poisoned lock as an error instead of
//!   unwrapping it (loom never poisons; std and shuttle do).
//! - [`cell::UnsafeCell`] has loom's closure API (`with` / `with_mut`) on every
//!   backend, so unsafe code is written once against the stricter API.
//! - [`mpsc`] has one error type, [`mpsc::Closed`], for all backends.
//! - [`thread::available_parallelism`] is a constant 2 in model builds, so a
//!   default never makes a model bigger than the test asked for.
//!
//! What the subset leaves out, because loom or shuttle cannot model it: bounded
//! channels (`crate::feed` builds its bounded queue from [`Mutex`] and
//! [`Condvar`] instead), `Receiver::iter`, channel disconnection under loom (count the
//! messages you expect instead), `thread::scope` and `Barrier` (workers take
//! `'static` data such as [`Arc`]'d text).
// This is the one module allowed to name the std primitives that clippy.toml
// bans elsewhere.
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

#[cfg(all(loom, shuttle))]
compile_error!("`--cfg loom` and `--cfg shuttle` select different sync backends: set only one");

#[cfg(loom)]
use loom as backend;
#[cfg(shuttle)]
use shuttle as backend;
#[cfg(not(any(loom, shuttle)))]
use std as backend;

/// The backend this build coordinates through: `"std"`, `"loom"` or `"shuttle"`.
pub const BACKEND: &str = if cfg!(loom) {
    "loom"
} else if cfg!(shuttle) {
    "shuttle"
} else {
    "std"
};

mod arc;
pub mod atomic;
mod condvar;
mod exclusive;
mod frozen;
pub mod mpsc;
mod mutex;
pub mod phases;
pub mod record;
mod rwlock;
pub mod thread;
mod unsafe_cell;

pub use self::arc::Arc;
pub use self::condvar::Condvar;
pub use self::exclusive::Exclusive;
pub use self::frozen::Frozen;
pub use self::mutex::{Mutex, MutexGuard, Poisoned};
pub use self::rwlock::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Interior mutability without a lock, for the bug zoo's deliberate races.
pub mod cell {
    pub use super::unsafe_cell::UnsafeCell;
}
