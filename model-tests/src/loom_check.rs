//! loom, configured so that a pass always means the whole space was explored.
//!
//! `loom::model::Builder::new()` reads `LOOM_MAX_DURATION` and
//! `LOOM_MAX_PERMUTATIONS` from the environment, and either makes loom stop
//! early *and return as if it had passed*. Every builder made here clears
//! both, so no environment can turn a partial exploration into a pass.
//! `LOOM_MAX_BRANCHES` is left alone: exceeding it panics, which fails the
//! test rather than passing it.

use crate::plan::Search;
use crate::verify::{Body, Checker};

/// How much of the interleaving space loom explores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loom {
    /// Every interleaving (no preemption bound; `LOOM_MAX_PREEMPTIONS` is ignored).
    Exhaustive,
    /// Every interleaving with at most this many preemptions per execution.
    Bounded(usize),
    /// Every interleaving, as `Exhaustive`, reported as the search that
    /// pins a twin's outcome set.
    OutcomeSet,
}

impl Loom {
    /// The bound for larger models: `LOOM_MAX_PREEMPTIONS` if set, else 2
    /// (what tokio and crossbeam run in CI).
    pub fn bounded_from_env() -> Self {
        let bound = std::env::var("LOOM_MAX_PREEMPTIONS")
            .ok()
            .map(|v| v.parse().expect("LOOM_MAX_PREEMPTIONS must be a number"))
            .unwrap_or(2);
        Loom::Bounded(bound)
    }

    /// A builder that explores exactly as `self` says, with no time or
    /// permutation cap whatever the environment holds.
    pub fn builder(self) -> loom::model::Builder {
        let mut builder = loom::model::Builder::new();
        builder.max_duration = None;
        builder.max_permutations = None;
        builder.checkpoint_file = None;
        builder.preemption_bound = match self {
            Loom::Exhaustive | Loom::OutcomeSet => None,
            Loom::Bounded(bound) => Some(bound),
        };
        builder
    }
}

/// The loom checker for a search of the plan.
///
/// # Panics
/// For a shuttle search.
pub fn for_search(search: Search) -> Loom {
    match search {
        Search::Exhaustive => Loom::Exhaustive,
        Search::Bounded => Loom::bounded_from_env(),
        Search::OutcomeSet => Loom::OutcomeSet,
        other => panic!("{other} is not a loom search"),
    }
}

impl Checker for Loom {
    fn search(&self) -> Search {
        match self {
            Loom::Exhaustive => Search::Exhaustive,
            Loom::Bounded(_) => Search::Bounded,
            Loom::OutcomeSet => Search::OutcomeSet,
        }
    }

    fn bound(&self) -> String {
        match self {
            Loom::Exhaustive => "exhaustive".to_owned(),
            Loom::OutcomeSet => "exhaustive, every outcome".to_owned(),
            Loom::Bounded(n) => format!("preemptions <= {n}"),
        }
    }

    fn explore(&self, body: Body) {
        self.builder().check(move || body());
    }
}
