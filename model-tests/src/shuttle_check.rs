//! shuttle's schedulers, with no time limit: each run explores exactly the
//! iterations it was asked for (or, for DFS, the whole space).
//!
//! PCT at depth 1 never preempts, so it can never find a lost update; the
//! suite uses depths 2 and 3.

use crate::verify::{Body, Checker};
use shuttle::scheduler::{
    DfsScheduler, PctScheduler, RandomScheduler, UncontrolledNondeterminismCheckScheduler,
};
use shuttle::{Config, Runner};

/// A shuttle schedule search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shuttle {
    /// `iterations` uniformly random schedules.
    Random(usize),
    /// `iterations` PCT schedules with `depth` priority change points.
    Pct {
        /// Bug depth to target (2 or 3 for lost updates).
        depth: usize,
        /// Schedules to run.
        iterations: usize,
    },
    /// Depth-first search of every schedule, to completion.
    Dfs,
    /// Random schedules, each replayed to check it is deterministic.
    Nondeterminism(usize),
}

/// A configuration with no wall-clock limit, whatever the defaults become.
pub fn config() -> Config {
    let mut config = Config::new();
    config.max_time = None;
    config
}

impl Checker for Shuttle {
    fn backend(&self) -> &'static str {
        "shuttle"
    }

    fn bound(&self) -> String {
        match self {
            Shuttle::Random(n) => format!("random x{n}"),
            Shuttle::Pct { depth, iterations } => format!("pct d={depth} x{iterations}"),
            Shuttle::Dfs => "dfs (complete)".to_owned(),
            Shuttle::Nondeterminism(n) => format!("determinism x{n}"),
        }
    }

    fn explore(&self, body: Body) {
        let body = move || body();
        match *self {
            Shuttle::Random(n) => Runner::new(RandomScheduler::new(n), config()).run(body),
            Shuttle::Pct { depth, iterations } => {
                Runner::new(PctScheduler::new(depth, iterations), config()).run(body)
            }
            Shuttle::Dfs => Runner::new(DfsScheduler::new(None, false), config()).run(body),
            Shuttle::Nondeterminism(n) => Runner::new(
                UncontrolledNondeterminismCheckScheduler::new(RandomScheduler::new(n)),
                config(),
            )
            .run(body),
        };
    }
}
