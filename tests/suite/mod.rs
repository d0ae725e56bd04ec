//! Index of the std-backend integration tests.

/// `tally` the command: every behaviour a user can see.
mod cli;
/// Every strategy equals the oracle on generated Unicode-heavy inputs.
mod equivalence;
/// A panicking worker or poisoned lock is an error, never a partial count.
mod faults;
/// Shared input generators.
mod gen;
