//! Index of the std-backend integration tests.

/// Proves a test checked every strategy.
mod checked;
/// `tally` the command: every behaviour a user can see.
mod cli;
/// The README names every strategy and twin, and describes the demo as it is.
mod docs;
/// Every strategy equals the oracle on generated Unicode-heavy inputs.
mod equivalence;
/// A panicking worker or poisoned lock is an error, never a partial count.
mod faults;
/// Shared input generators.
mod gen;
/// Miri-sized checks of every strategy, the faults and the fast paths
/// (what `cargo xtask miri` runs under Miri).
mod miri;
/// Every threaded strategy at 8 threads, many times (what `cargo xtask
/// tsan` runs under ThreadSanitizer, with the equivalence and fault tests).
mod stress;
