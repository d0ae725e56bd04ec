//! A model: one short text per worker, a subject to run on them, and the
//! oracle's answer.

use std::collections::BTreeMap;
use std::fmt;
use tally::broken::Broken;
use tally::fault::FaultPlan;
use tally::words::count_words;
use tally::{source, Strategy};

/// What one execution returned, as plain data that outlives the model: the
/// counts in a `BTreeMap` (so outcomes compare and print in a fixed order),
/// or the error's text.
pub type Outcome = Result<BTreeMap<String, usize>, String>;

/// The code under test: a real strategy or one of its broken twins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A strategy that must always equal the oracle.
    Real(Strategy),
    /// A negative control, which some checker must catch.
    Broken(Broken),
}

impl Subject {
    /// The name users and reports know it by.
    pub fn name(self) -> &'static str {
        match self {
            Subject::Real(s) => s.name(),
            Subject::Broken(b) => b.name(),
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an execution returned that it should not have, as the panic
/// message starts: a count below the oracle's somewhere and above it
/// nowhere (a lost update, a lost message).
pub const UNDER_COUNT: &str = "result differs from the oracle: under-count";

/// A count above the oracle's somewhere (a block counted twice).
pub const OVER_COUNT: &str = "result differs from the oracle: over-count";

/// A count although a worker panicked (a silently partial result).
pub const PARTIAL_COUNT: &str = "returned a count although a worker panicked";

/// An error instead of a count, where no worker was made to panic.
pub const COUNT_FAILED: &str = "returned an error instead of a count";

/// One block per text: with as many workers as texts, worker `i` counts
/// `texts[i]`, so the model fixes exactly who sees what (except under
/// `claim-blocks`, whose workers claim blocks as they go).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// A behaviour-describing name, as in the test names.
    pub name: &'static str,
    /// One text per worker.
    pub texts: Vec<String>,
    /// A worker made to panic, if any: then the only right answer is an
    /// error, never a count.
    pub fault: Option<FaultPlan>,
}

impl Model {
    /// A model with one worker per text.
    pub fn new(name: &'static str, texts: &[&str]) -> Self {
        Model {
            name,
            texts: texts.iter().map(|t| (*t).to_owned()).collect(),
            fault: None,
        }
    }

    /// A model in which `plan`'s worker panics.
    pub fn with_fault(name: &'static str, texts: &[&str], plan: FaultPlan) -> Self {
        Model {
            fault: Some(plan),
            ..Model::new(name, texts)
        }
    }

    /// Why `outcome` is wrong for this model (the start of the panic
    /// message a checked execution fails with), or `None` if it is right:
    /// the oracle's count, or with a planned fault any error.
    pub fn wrong(&self, outcome: &Outcome) -> Option<&'static str> {
        let oracle = self.oracle().unwrap_or_default();
        match (outcome, self.fault) {
            (Err(_), Some(_)) => None,
            (Ok(_), Some(_)) => Some(PARTIAL_COUNT),
            (Err(_), None) => Some(COUNT_FAILED),
            (Ok(counts), None) if *counts == oracle => None,
            (Ok(counts), None) => {
                let over = counts
                    .iter()
                    .any(|(word, n)| *n > oracle.get(word).copied().unwrap_or(0));
                Some(if over { OVER_COUNT } else { UNDER_COUNT })
            }
        }
    }

    /// Number of workers.
    pub fn workers(&self) -> usize {
        self.texts.len()
    }

    /// The oracle's count over all texts, each counted as its own document.
    pub fn oracle(&self) -> Outcome {
        let mut total = BTreeMap::new();
        for text in &self.texts {
            for (word, n) in count_words(text) {
                *total.entry(word).or_insert(0) += n;
            }
        }
        Ok(total)
    }

    /// Runs `subject` once on this model. Every sync object the subject
    /// creates is dropped before this returns, so callers compare plain maps.
    pub fn run(&self, subject: Subject) -> Outcome {
        // One block per text: with as many workers as texts, worker `i`
        // gets exactly block `i` (blocks are dealt round-robin).
        let blocks = self
            .texts
            .iter()
            .flat_map(|text| source::blocks(text.clone(), usize::MAX))
            .collect();
        let workers = self.workers();
        let result = match (subject, self.fault) {
            (Subject::Real(strategy), None) => strategy.count(blocks, workers),
            (Subject::Real(strategy), Some(plan)) => {
                strategy.count_with_fault(blocks, workers, plan)
            }
            (Subject::Broken(twin), None) => twin.count(blocks, workers),
            (Subject::Broken(twin), Some(plan)) => twin.count_with_fault(blocks, workers, plan),
        };
        result
            .map(|counts| counts.into_iter().collect())
            .map_err(|e| e.to_string())
    }
}
