//! The fault-injection seam: make one worker panic at a chosen step, to prove
//! that every strategy turns a dead worker into an error, never a partial count.
//!
//! Compiled only with the `fault-injection` feature, which the test suites
//! enable through a dev-dependency; `cargo build` and `cargo install` carry
//! no trace of it. (`cargo bench` builds with dev-dependencies, so benchmarks
//! run with the seam compiled in: one never-taken branch per step.) A
//! strategy calls `Probe::step` at each unit of work a worker does (a block
//! counted, an entry merged under a lock, a message sent); the plan's worker
//! panics when its step counter reaches `FaultPlan::after_steps`. Steps that
//! happen inside a critical section make the panic poison that lock too.

/// Which worker panics, and after how many of its steps.
#[cfg(feature = "fault-injection")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultPlan {
    /// Index of the worker that panics (0 for `sequential`).
    pub worker: usize,
    /// Steps the worker completes before it panics; 0 panics at the first.
    pub after_steps: usize,
}

/// The message every injected panic carries, so tests can tell it apart.
pub const INJECTED_PANIC: &str = "injected fault";

/// The faults planned for one run (none unless the feature is on and a plan
/// was given).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Faults {
    #[cfg(feature = "fault-injection")]
    plan: Option<FaultPlan>,
}

impl Faults {
    #[cfg(feature = "fault-injection")]
    pub(crate) fn planned(plan: FaultPlan) -> Self {
        Self { plan: Some(plan) }
    }

    /// The probe worker `worker` carries.
    pub(crate) fn probe(&self, worker: usize) -> Probe {
        #[cfg(feature = "fault-injection")]
        {
            Probe {
                worker,
                remaining: self
                    .plan
                    .filter(|plan| plan.worker == worker)
                    .map(|plan| plan.after_steps),
            }
        }
        #[cfg(not(feature = "fault-injection"))]
        {
            let _ = worker;
            Probe {}
        }
    }
}

/// One worker's countdown to its planned panic; free when nothing is planned.
#[derive(Debug)]
pub(crate) struct Probe {
    #[cfg(feature = "fault-injection")]
    worker: usize,
    #[cfg(feature = "fault-injection")]
    remaining: Option<usize>,
}

impl Probe {
    /// Marks one unit of work; panics if this worker's plan says so.
    #[inline(always)]
    pub(crate) fn step(&mut self) {
        #[cfg(feature = "fault-injection")]
        if let Some(remaining) = &mut self.remaining {
            if *remaining == 0 {
                panic!("{INJECTED_PANIC} in worker {}", self.worker);
            }
            *remaining -= 1;
        }
    }
}
