//! A model: one short text per worker, a subject to run on them, and the
//! oracle's answer.

use std::collections::BTreeMap;
use std::fmt;
use tally::broken::Broken;
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

/// Worker `i` counts `texts[i]`, so the model fixes exactly who sees what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// A behaviour-describing name, as in the test names.
    pub name: &'static str,
    /// One text per worker.
    pub texts: Vec<String>,
}

impl Model {
    /// A model with one worker per text.
    pub fn new(name: &'static str, texts: &[&str]) -> Self {
        Model {
            name,
            texts: texts.iter().map(|t| (*t).to_owned()).collect(),
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
        let result = match subject {
            Subject::Real(strategy) => strategy.count(blocks, self.workers()),
            Subject::Broken(twin) => twin.count(blocks, self.workers()),
        };
        result
            .map(|counts| counts.into_iter().collect())
            .map_err(|e| e.to_string())
    }
}
