//! Threads from the selected backend: spawn, join, yield.
//!
//! `spawn` is a function of ours, not a re-export, so clippy's ban on
//! `std::thread::spawn` outside the facade sees the difference.

use super::backend::thread as raw;

pub use raw::JoinHandle;

/// Starts a thread (a modelled one under loom and shuttle) running `f`.
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    raw::spawn(f)
}

/// Offers the scheduler a chance to run another thread (a scheduling point
/// under loom and shuttle).
pub fn yield_now() {
    raw::yield_now()
}

/// How many workers to use when the caller does not say.
///
/// Model builds answer a constant 2, as tokio's facade stubs `num_cpus`, so
/// defaults stay small and every execution is deterministic.
pub fn available_parallelism() -> usize {
    #[cfg(any(loom, shuttle))]
    {
        2
    }
    #[cfg(not(any(loom, shuttle)))]
    {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
}
