//! Shared pieces of the loom and shuttle suites.
//!
//! - [`model`]: what a model is (the text each worker counts), what runs in
//!   it (a real strategy or a bug-zoo twin), and the oracle it must match.
//! - [`catalog`]: the models every strategy is checked on.
//! - [`verify`]: runs one checker over one model, collects the outcome set
//!   (every distinct result across all explored executions, the jcstress
//!   idea), counts executions, and appends a row to the coverage report.
//! - `loom_check` / `shuttle_check` (under their cfg): the checkers, configured so that no
//!   run can be cut short by a time or iteration cap and still pass.
//!
//! The test binaries are `tests/loom` and `tests/shuttle`; each compiles to a
//! single ignored test unless its cfg is set.

pub mod catalog;
pub mod model;
pub mod verify;

#[cfg(loom)]
pub mod loom_check;
#[cfg(shuttle)]
pub mod shuttle_check;

/// True when `TALLY_MODEL_QUICK=1` (`cargo xtask <suite> --quick`), a
/// smoke mode: loom skips the real strategies' preemption-bounded models
/// (the negative controls still run), shuttle runs 100 schedules per search
/// instead of 10 000 and fewer proptest inputs. A skipped model is reported
/// as skipped, never as passed.
pub fn quick() -> bool {
    std::env::var("TALLY_MODEL_QUICK").is_ok_and(|v| v == "1")
}
