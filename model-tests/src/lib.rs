//! Shared pieces of the loom and shuttle suites.
//!
//! - [`model`]: what a model is (the text each worker counts), what runs in
//!   it (a real strategy or a bug-zoo twin), and the oracle it must match.
//! - [`catalog`]: the models every strategy is checked on, and the ones that
//!   expose each twin.
//! - [`plan`]: every run each suite must make, derived from the code.
//! - [`verify`]: runs one checker over one model, collects the outcome set
//!   (every distinct result across all explored executions, the jcstress
//!   idea), judges it and records a coverage row.
//! - [`coverage`]: the rows, the completeness guard, the table.
//! - [`sweep`]: the fault sweep, each worker made to panic at each of its
//!   steps in turn, every execution judged (an error naming the strategy and
//!   the worker if the fault fired, the oracle's count if it did not).
//! - [`timeline`]: a failing execution, step by step, from the recorder;
//!   [`html`]: the same as a page.
//! - `race` (under a model cfg): `cargo xtask race`'s runner, with replay.
//! - [`harness`]: the test runner of both binaries (each test in a process of
//!   its own, the guard after the last).
//! - `suite` (under a model cfg): the tests, generated from the plan;
//!   `first_k`: `partitioned` counted for its first `k` words (`--top K`).
//! - `loom_check` / `shuttle_check` (under their cfg): the checkers, configured so that no
//!   run can be cut short by a time or iteration cap and still pass.
//!
//! The test binaries are `tests/loom` and `tests/shuttle`; each compiles to a
//! single ignored test unless its cfg is set.
#![deny(unsafe_code)]

pub mod catalog;
pub mod coverage;
pub mod harness;
pub mod html;
pub mod model;
pub mod plan;
pub mod sweep;
pub mod verify;

#[cfg(any(loom, shuttle))]
pub mod first_k;
#[cfg(shuttle)]
mod generated;
#[cfg(loom)]
pub mod loom_check;
#[cfg(any(loom, shuttle))]
pub mod race;
#[cfg(shuttle)]
pub mod shuttle_check;
#[cfg(any(loom, shuttle))]
pub mod suite;
pub mod timeline;

/// True when `TALLY_MODEL_QUICK=1` (`cargo xtask <suite> --quick`), a
/// smoke mode: loom skips the real strategies' preemption-bounded models
/// (the negative controls still run), shuttle runs 100 schedules per search
/// instead of 10 000 and fewer proptest inputs. A skipped model is reported
/// as skipped, never as passed.
pub fn quick() -> bool {
    std::env::var("TALLY_MODEL_QUICK").is_ok_and(|v| v == "1")
}
