//! shuttle's schedulers, with no time limit: each run explores exactly the
//! iterations it was asked for (or, for DFS, the whole space).
//!
//! PCT at depth 1 never preempts, so it can never find a lost update; the
//! suite uses depths 2 and 3.

use crate::plan::Search;
use crate::verify::{Body, Checker};
use shuttle::scheduler::{
    DfsScheduler, PctScheduler, RandomScheduler, UncontrolledNondeterminismCheckScheduler,
};
use shuttle::{Config, FailurePersistence, Runner};

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

/// Schedules per random or PCT run: 10 000 (100 in `--quick` mode).
/// At least 1000 is the bar; shuttle runs these models in microseconds per
/// schedule, so ten times that costs seconds.
pub fn iterations() -> usize {
    if crate::quick() {
        100
    } else {
        10_000
    }
}

/// Schedules per step of a fault sweep (`crate::sweep`): 1000 (10 in
/// `--quick` mode). A sweep explores one plan per step of each worker, a
/// dozen or more per strategy, so a tenth of [`iterations`] keeps it to
/// about a second per strategy and search.
pub fn sweep_iterations() -> usize {
    iterations() / 10
}

/// The shuttle checker for a search of the plan.
///
/// # Panics
/// For a loom search, or for generated inputs (a proptest run of its own).
pub fn for_search(search: Search) -> Shuttle {
    match search {
        Search::Random => Shuttle::Random(iterations()),
        Search::PctDepth2 => Shuttle::Pct {
            depth: 2,
            iterations: iterations(),
        },
        Search::PctDepth3 => Shuttle::Pct {
            depth: 3,
            iterations: iterations(),
        },
        Search::Dfs => Shuttle::Dfs,
        Search::Determinism => Shuttle::Nondeterminism(iterations() / 10),
        other => panic!("{other} is not a single shuttle search"),
    }
}

/// A configuration with no wall-clock limit, whatever the defaults become,
/// that prints a failing schedule (the harness shows it only if the test
/// fails).
pub fn config() -> Config {
    let mut config = Config::new();
    config.max_time = None;
    config.failure_persistence = FailurePersistence::Print;
    config
}

impl Checker for Shuttle {
    fn search(&self) -> Search {
        match self {
            Shuttle::Random(_) => Search::Random,
            Shuttle::Pct { depth: 2, .. } => Search::PctDepth2,
            Shuttle::Pct { depth: 3, .. } => Search::PctDepth3,
            Shuttle::Pct { depth, .. } => panic!("no search of the plan is PCT at depth {depth}"),
            Shuttle::Dfs => Search::Dfs,
            Shuttle::Nondeterminism(_) => Search::Determinism,
        }
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
