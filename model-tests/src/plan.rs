//! What each suite must check: every strategy and every twin, with every
//! search meant for it, on the models chosen for it.
//!
//! This plan is derived from the code alone (`Strategy::ALL`, `Broken::ALL`,
//! [`Broken::blind_spot`], the catalog), never from the tests that happen to
//! be registered. The suites build their tests from it, one strategy module
//! at a time, and the completeness guard ([`crate::coverage::guard`])
//! compares it with the coverage rows the run actually produced: a module
//! left out of a suite, a variant without tests, or a search that explored
//! nothing fails the run by name.

use crate::catalog;
use crate::model::Subject;
use std::fmt;
use tally::broken::{BlindSpot, Broken, ModelChecker, Symptom};
use tally::Strategy;

/// One schedule search, as the plan and the coverage rows name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Search {
    /// loom, every interleaving.
    Exhaustive,
    /// loom, every interleaving within a preemption bound.
    Bounded,
    /// shuttle, uniformly random schedules.
    Random,
    /// shuttle, PCT with 2 priority change points.
    PctDepth2,
    /// shuttle, PCT with 3 priority change points.
    PctDepth3,
    /// shuttle, depth-first search of every schedule.
    Dfs,
    /// shuttle, random schedules each replayed to check determinism.
    Determinism,
    /// proptest-generated inputs, each under shuttle's PCT (depth 2).
    GeneratedInputs,
    /// loom, every interleaving, recording every outcome (to pin a twin's
    /// whole outcome set rather than stop at its first wrong one).
    OutcomeSet,
}

impl Search {
    /// Every search.
    pub const ALL: [Search; 9] = [
        Search::Exhaustive,
        Search::Bounded,
        Search::Random,
        Search::PctDepth2,
        Search::PctDepth3,
        Search::Dfs,
        Search::Determinism,
        Search::GeneratedInputs,
        Search::OutcomeSet,
    ];

    /// The checker that runs this search.
    pub const fn checker(self) -> ModelChecker {
        match self {
            Search::Exhaustive | Search::Bounded | Search::OutcomeSet => ModelChecker::Loom,
            Search::Random
            | Search::PctDepth2
            | Search::PctDepth3
            | Search::Dfs
            | Search::Determinism
            | Search::GeneratedInputs => ModelChecker::Shuttle,
        }
    }

    /// The name in test names and reports.
    pub const fn name(self) -> &'static str {
        match self {
            Search::Exhaustive => "exhaustive",
            Search::Bounded => "bounded",
            Search::Random => "random",
            Search::PctDepth2 => "pct_depth_2",
            Search::PctDepth3 => "pct_depth_3",
            Search::Dfs => "dfs",
            Search::Determinism => "determinism",
            Search::GeneratedInputs => "generated_inputs",
            Search::OutcomeSet => "outcome_set",
        }
    }
}

impl fmt::Display for Search {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name of the pseudo-model for proptest-generated inputs.
pub const GENERATED: &str = "generated_inputs";

/// What a planned run must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aim {
    /// A real strategy: every execution returns the oracle's count.
    Oracle,
    /// A twin the checker must catch, with its symptom.
    Catch,
    /// A twin the checker cannot see: the run pins that down.
    Blind(BlindSpot),
    /// A run the checker cannot make at all (it would abort the test
    /// process, or fail inside the checker itself): not run, but planned by
    /// name with its reason, so the table and the guard show the gap
    /// instead of its silent absence.
    Unmodelled(&'static str),
}

/// One run the plan requires: subject x search x model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// What runs.
    pub subject: Subject,
    /// How its schedules are searched.
    pub search: Search,
    /// The catalog model it runs on ([`GENERATED`] for proptest inputs).
    pub model: &'static str,
    /// What it must show.
    pub aim: Aim,
}

/// Every run `checker`'s suite must make: each strategy in `Strategy::ALL`,
/// then each twin in `Broken::ALL`.
pub fn plan(checker: ModelChecker) -> Vec<Planned> {
    let strategies = Strategy::ALL
        .into_iter()
        .flat_map(|s| for_strategy(checker, s));
    let twins = Broken::ALL.into_iter().flat_map(|t| for_twin(checker, t));
    strategies.chain(twins).collect()
}

/// The vacuity guards `checker`'s suite must pass (they record no coverage
/// row; the harness checks that each ran and passed).
pub fn vacuity(checker: ModelChecker) -> &'static [&'static str] {
    match checker {
        ModelChecker::Loom => &[
            "vacuity::facade_is_backed_by_loom",
            "vacuity::two_worker_model_explores_more_than_one_execution",
            "vacuity::environment_caps_cannot_shorten_a_run",
        ],
        ModelChecker::Shuttle => &[
            "vacuity::facade_is_backed_by_shuttle",
            "vacuity::two_worker_model_explores_more_than_one_schedule",
            "vacuity::runs_have_no_time_limit",
            "vacuity::determinism_check_catches_uncontrolled_randomness",
            "vacuity::injected_panics_print_nothing",
        ],
    }
}

/// The runs of one real strategy under `checker`.
pub fn for_strategy(checker: ModelChecker, strategy: Strategy) -> Vec<Planned> {
    let subject = Subject::Real(strategy);
    let run = |search, model| Planned {
        subject,
        search,
        model,
        aim: Aim::Oracle,
    };
    let on =
        |search, models: Vec<&'static str>| models.into_iter().map(move |model| run(search, model));
    match checker {
        ModelChecker::Loom => {
            let (exhaustive, too_big): (Vec<_>, Vec<_>) = catalog::small()
                .into_iter()
                .partition(|model| exhaustive_fits(strategy, model));
            let bounded = catalog::bounded()
                .into_iter()
                .filter(|model| bounded_fits(strategy, model));
            on(Search::Exhaustive, names(exhaustive))
                .chain(on(Search::Bounded, names(too_big)))
                .chain(on(Search::Bounded, names(bounded.collect())))
                .chain([loom_fault_sweep(strategy)])
                .collect()
        }
        // No threads: PCT refuses a body without concurrency, and one
        // schedule is the whole space, so random, DFS and determinism only.
        ModelChecker::Shuttle if !strategy.is_concurrent() => vec![
            run(Search::Random, "four_workers_ten_words_unicode"),
            run(
                Search::Dfs,
                "three_workers_three_words_shared_first_and_last",
            ),
            run(
                Search::Determinism,
                "three_workers_three_words_shared_first_and_last",
            ),
            // The fault sweep (`crate::sweep`): its one worker made to
            // panic at each of its steps.
            run(Search::Random, catalog::FAULT_SWEEP),
        ],
        ModelChecker::Shuttle => {
            let large = names(catalog::large());
            [Search::Random, Search::PctDepth2, Search::PctDepth3]
                .into_iter()
                .flat_map(|search| on(search, large.clone()))
                .chain(on(
                    Search::Dfs,
                    // Not `partitioned`: without loom's partial-order
                    // reduction, DFS over its feed (a mutex, two condition
                    // variables, a close) and its exchange did not finish
                    // two workers in three minutes. loom's bounded search
                    // covers those models.
                    if strategy == Strategy::Partitioned {
                        vec![]
                    } else {
                        vec![
                            "two_workers_one_shared_word",
                            "two_workers_two_words_both_shared",
                        ]
                    },
                ))
                .chain([
                    run(
                        Search::Determinism,
                        "three_workers_three_words_shared_first_and_last",
                    ),
                    run(Search::GeneratedInputs, GENERATED),
                    // A worker made to panic: every schedule must end in an
                    // error, never a count. Under shuttle only: a collector
                    // that waits on a channel for a dead worker's message
                    // deadlocks under loom, which does not model
                    // disconnection.
                    run(
                        if strategy == Strategy::Partitioned {
                            Search::Random
                        } else {
                            Search::Dfs
                        },
                        "two_workers_second_panics",
                    ),
                    run(Search::Random, "three_workers_three_words_last_panics"),
                    // The fault sweep (`crate::sweep`): each worker made to
                    // panic at each of its steps in turn, under random and
                    // PCT schedules.
                    run(Search::Random, catalog::FAULT_SWEEP),
                    run(Search::PctDepth2, catalog::FAULT_SWEEP),
                ])
                .collect()
        }
    }
}

/// Why loom cannot follow a dead worker of `strategy`: its collector (or a
/// partition owner) waits on a channel for the dead worker's message, and
/// loom's mpsc does not model disconnection, so the dropped sender never
/// wakes the receiver and every such execution deadlocks. Shuttle models
/// disconnection and sweeps these strategies; under loom the plan pins the
/// deadlock instead of skipping them silently.
pub const LOOM_NO_DISCONNECTION: BlindSpot = BlindSpot {
    why: "loom does not model channel disconnection: a receiver waiting for a dead worker's message is never woken, so every execution deadlocks",
    deadlocks: true,
};

/// Why the channel strategies whose dead worker leaves loom in a state it
/// cannot even report cleanly are not run under loom. Measured with loom
/// 0.7.3: `claim-blocks` deadlocks, and then a destructor panics during
/// loom's cleanup, which aborts the whole test process; `partitioned`
/// stops on loom's own "Messages leaked" check (the dead worker's partition
/// stays queued) rather than on anything the strategy did.
pub const LOOM_NOT_RUN: &str = "loom does not model channel disconnection; here a dead worker aborts loom's teardown or trips its leak check";

/// Why a step inside a critical section is not swept under loom: loom does
/// not model lock poisoning. A thread that panics holding a loom `Mutex`
/// poisons the std mutex inside loom, and the next `lock` panics inside
/// loom itself instead of returning the poison to the strategy.
pub const LOOM_NO_POISONING: &str = "loom does not model lock poisoning: a panic while holding a loom Mutex makes loom's next lock panic inside loom";

/// What the fault sweep can do with `strategy` under loom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoomFaults {
    /// Every step of every worker.
    EveryStep,
    /// Only each worker's first `n` steps: the later ones are inside a
    /// critical section ([`LOOM_NO_POISONING`]).
    FirstSteps(usize),
    /// No step (each is inside a critical section): not run.
    NoStep,
    /// A dead worker's collector waits forever: the deadlock is pinned
    /// ([`LOOM_NO_DISCONNECTION`]).
    Deadlocks,
    /// Not run at all ([`LOOM_NOT_RUN`]).
    NotRun,
}

/// What the fault sweep can do with `strategy` under loom (measured: see
/// [`LOOM_NO_DISCONNECTION`], [`LOOM_NO_POISONING`], [`LOOM_NOT_RUN`]).
pub const fn loom_faults(strategy: Strategy) -> LoomFaults {
    match strategy {
        Strategy::Sequential | Strategy::AtomicBuckets => LoomFaults::EveryStep,
        // Step 0 counts the block; the next ones merge under the lock(s).
        Strategy::SharedMutex | Strategy::Sharded => LoomFaults::FirstSteps(1),
        // Every step is taken holding the map's lock.
        Strategy::MutexPerWord => LoomFaults::NoStep,
        Strategy::MessagePassing | Strategy::ChannelPerWord => LoomFaults::Deadlocks,
        Strategy::ClaimBlocks | Strategy::Partitioned => LoomFaults::NotRun,
    }
}

/// `strategy`'s fault sweep under loom ([`loom_faults`]): exhaustive where
/// loom can model the dead worker, the deadlock pinned where its collector
/// waits forever, and a named, unrun entry where loom cannot run it.
fn loom_fault_sweep(strategy: Strategy) -> Planned {
    let model = catalog::fault_sweep();
    let search = if exhaustive_fits(strategy, &model) {
        Search::Exhaustive
    } else {
        Search::Bounded
    };
    Planned {
        subject: Subject::Real(strategy),
        search,
        model: model.name,
        aim: match loom_faults(strategy) {
            LoomFaults::EveryStep | LoomFaults::FirstSteps(_) => Aim::Oracle,
            LoomFaults::Deadlocks => Aim::Blind(LOOM_NO_DISCONNECTION),
            LoomFaults::NoStep => Aim::Unmodelled(LOOM_NO_POISONING),
            LoomFaults::NotRun => Aim::Unmodelled(LOOM_NOT_RUN),
        },
    }
}

/// Whether loom can explore every interleaving of `model` for `strategy` in
/// reasonable time. Not `claim-blocks` on three workers: every claim, the
/// last empty one of each worker included, is a read-modify-write of one
/// cursor, so two workers already take 4,816 executions and three did not
/// finish in ten minutes. Those models run under the preemption bound
/// instead (the row says so), never under a time or iteration cap.
///
/// Nor `partitioned` on any model: its blocks come through the feed (a
/// mutex, two condition variables and a close), and each worker also sends
/// and receives a partition, so even two workers did not finish an
/// unbounded exploration in twelve minutes. It runs under the preemption
/// bound everywhere under loom, and shuttle explores it at random, with PCT
/// and with DFS on two workers.
fn exhaustive_fits(strategy: Strategy, model: &crate::model::Model) -> bool {
    match strategy {
        Strategy::ClaimBlocks => model.workers() <= 2,
        Strategy::Partitioned => false,
        _ => true,
    }
}

/// Whether loom can explore `model` for `strategy` under the preemption
/// bound in reasonable time. Not `partitioned` on four workers: 1,193,036
/// executions and 130 s, a third of the whole loom suite, for one model that
/// shuttle's random and PCT searches cover on four workers.
fn bounded_fits(strategy: Strategy, model: &crate::model::Model) -> bool {
    !(strategy == Strategy::Partitioned && model.workers() > 3)
}

/// The runs of one twin under `checker`: the negative controls if the
/// checker can see its bug, else one run pinning the blind spot.
pub fn for_twin(checker: ModelChecker, twin: Broken) -> Vec<Planned> {
    let subject = Subject::Broken(twin);
    let models = catalog::exposing(twin);
    let run = |search, model, aim| Planned {
        subject,
        search,
        model,
        aim,
    };
    match (twin.blind_spot(checker), checker) {
        (Some(reason), ModelChecker::Loom) => {
            vec![run(Search::Exhaustive, models.smallest, Aim::Blind(reason))]
        }
        // Random, not DFS: DFS cannot finish a spin loop (the collector of
        // `relaxed-publication` waits on a flag), and a sample of schedules
        // shows a blind spot as well as every schedule would.
        (Some(reason), ModelChecker::Shuttle) => {
            vec![run(Search::Random, models.smallest, Aim::Blind(reason))]
        }
        (None, ModelChecker::Loom) => vec![
            run(Search::Exhaustive, models.smallest, Aim::Catch),
            run(Search::Bounded, models.larger, Aim::Catch),
        ],
        (None, ModelChecker::Shuttle) => {
            let mut runs = vec![
                run(Search::Random, models.larger, Aim::Catch),
                run(Search::PctDepth2, models.larger, Aim::Catch),
                run(Search::PctDepth3, models.larger, Aim::Catch),
                run(Search::Dfs, models.smallest, Aim::Catch),
            ];
            // A twin that swallows a dead worker is also the fault sweep's
            // negative control: its judgement must catch the partial count.
            if twin.symptom() == Symptom::PartialCount {
                runs.push(run(Search::Random, catalog::FAULT_SWEEP, Aim::Catch));
            }
            runs
        }
    }
}

fn names(models: Vec<crate::model::Model>) -> Vec<&'static str> {
    models.into_iter().map(|m| m.name).collect()
}
