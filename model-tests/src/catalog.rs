//! The models every strategy is checked on, named for the behaviour they
//! probe. Small on purpose: loom's cost grows exponentially with threads and
//! sync operations (see the README's coverage table for what each costs).
//!
//! At most 4 texts (workers) per model: loom 0.7 allows 5 threads counting
//! the main one, and a 5th spawn aborts the whole test binary. Texts must be
//! non-empty (an empty text has no block, so its worker would not start), and
//! names must be identifiers: test names are made of them.

use crate::model::Model;
use tally::broken::Broken;
use tally::fault::FaultPlan;

/// Exhaustive-size models: loom explores every interleaving of these with no
/// preemption bound.
pub fn small() -> Vec<Model> {
    vec![
        Model::new("two_workers_one_shared_word", &["a", "a"]),
        Model::new("two_workers_disjoint_words", &["a", "b"]),
        Model::new("two_workers_two_words_both_shared", &["a b", "b a"]),
        Model::new("two_workers_three_words_one_shared", &["a b c", "d e a"]),
        Model::new("three_workers_one_shared_word", &["a", "a", "a"]),
        Model::new("three_workers_disjoint_words", &["a", "b", "c"]),
    ]
}

/// Larger models, run under a preemption bound: the shared word `a` comes
/// first in one text and last in another, the narrow race window an unbounded
/// search reaches only after millions of executions.
pub fn bounded() -> Vec<Model> {
    vec![
        Model::new(
            "three_workers_three_words_shared_first_and_last",
            &["a b c", "d e a", "a f a"],
        ),
        Model::new(
            "four_workers_three_words_shared_first_and_last",
            &["a b c", "d e a", "a f g", "h i A"],
        ),
    ]
}

/// Models for random and PCT schedule search: up to 4 workers x 10 words,
/// with the Unicode cases that normalisation must merge (`ΟΔΟΣ`/`οδος`,
/// `İ`, `ẞ`/`ß`, `The`/`the`).
pub fn large() -> Vec<Model> {
    vec![
        Model::new("two_workers_one_shared_word", &["a", "a"]),
        Model::new(
            "three_workers_three_words_shared_first_and_last",
            &["a b c", "d e a", "a f a"],
        ),
        Model::new(
            "four_workers_ten_words_unicode",
            &[
                "The ΟΔΟΣ a İ ẞ the cat a Σ sat",
                "ß a οδος The dog a\u{200b}b a x a",
                "a\u{a0}b\u{3000}c\u{85}d THE e ΟΔΟΣ f g",
                "é e\u{301} É a the z z y ẞ a",
            ],
        ),
    ]
}

/// Models in which one worker panics (the fault-injection seam) at its
/// first step: a right answer is an error, and a count is a silently
/// partial result.
pub fn faulted() -> Vec<Model> {
    let first_step = |worker| FaultPlan {
        worker,
        after_steps: 0,
    };
    vec![
        Model::with_fault("two_workers_second_panics", &["a", "b"], first_step(1)),
        Model::with_fault(
            "three_workers_three_words_last_panics",
            &["a b c", "d e a", "a f a"],
            first_step(2),
        ),
    ]
}

/// The name of the fault sweep's model ([`fault_sweep`]).
pub const FAULT_SWEEP: &str = "two_workers_each_panics_at_every_step";

/// The model of the fault sweep ([`crate::sweep`]): each worker in turn is
/// made to panic after 0, 1, 2, ... of its steps, until a plan no longer
/// fires. Two words per worker, both shared, so every strategy takes more
/// than one step per worker (a word, a block, a merge under a lock, a send)
/// and a panic inside a critical section poisons a lock the other worker
/// still needs. It carries no fault itself: the sweep sets one per run.
pub fn fault_sweep() -> Model {
    Model::new(FAULT_SWEEP, &["a b", "b a"])
}

/// Every model of every list, each name once, in catalog order.
pub fn all() -> Vec<Model> {
    let mut models: Vec<Model> = Vec::new();
    for model in small()
        .into_iter()
        .chain(bounded())
        .chain(large())
        .chain(faulted())
        .chain([fault_sweep()])
    {
        if !models.iter().any(|m| m.name == model.name) {
            models.push(model);
        }
    }
    models
}

/// The model called `name`, from any of the lists above.
///
/// # Panics
/// If there is none: a typo in a test name must not silently test nothing.
pub fn named(name: &str) -> Model {
    all()
        .into_iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no model named {name}"))
}

/// The models a twin's negative controls run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exposing {
    /// The smallest model that shows the bug: loom explores it exhaustively,
    /// shuttle's DFS completely.
    pub smallest: &'static str,
    /// A larger one: loom under a preemption bound, shuttle's random and PCT.
    pub larger: &'static str,
}

/// The models that expose `twin`'s bug. A lost update needs a word both
/// workers count; a lost message, a deadlock or a double claim shows on any
/// two workers; a silently partial result needs a worker that panics.
pub const fn exposing(twin: Broken) -> Exposing {
    let larger = "three_workers_three_words_shared_first_and_last";
    match twin {
        Broken::TryRecvCollector
        | Broken::OneMessageTooMany
        | Broken::FirstDoneCollector
        | Broken::RelaxedPublication
        | Broken::LockOrderDeadlock
        | Broken::DoubleClaim
        | Broken::ClosedBeforeDrained => Exposing {
            smallest: "two_workers_disjoint_words",
            larger,
        },
        Broken::SplitMergeLock
        | Broken::SplitIncrementLock
        | Broken::UnlockedShard
        | Broken::AtomicLoadStore
        | Broken::CheckThenInsert => Exposing {
            smallest: "two_workers_one_shared_word",
            larger,
        },
        // Only a dead worker shows it.
        Broken::SilentPartialResult => Exposing {
            smallest: "two_workers_second_panics",
            larger: "three_workers_three_words_last_panics",
        },
    }
}
