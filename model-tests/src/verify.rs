//! Runs one checker over one model and judges the outcome set.
//!
//! The checker (loom or shuttle, any scheduler) is handed a body that runs the
//! subject once, counts the execution, and records its outcome in sets that
//! live outside the model. When the checker is done, [`Exploration`] holds
//! every distinct outcome seen. A row goes to the coverage report whatever
//! happens, including when the checker panics (a caught bug, or a deadlock),
//! and that panic is then passed on unchanged so `#[should_panic]` can match
//! its message.
// The bookkeeping here lives outside the model on purpose: it must survive
// from one execution to the next, so it uses std's primitives, not the
// facade's (which are only valid inside one execution).
#![allow(clippy::disallowed_types)]

use crate::model::{Model, Outcome, Subject};
use std::collections::BTreeSet;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tally::broken::Symptom;
use tally::error::panic_message;

/// The panic message when an execution returns a count that differs from
/// the oracle's. Negative controls for lost updates expect exactly this text,
/// so a deadlock, an error or a checker limit can never pass for one.
pub const ORACLE_MISMATCH: &str = "result differs from the oracle";

/// The panic message when an execution returns an error instead of a count.
pub const COUNT_FAILED: &str = "returned an error instead of a count";

/// The panic text that shows a checker caught a bug with this symptom:
/// our [`ORACLE_MISMATCH`] for a lost update, loom's and shuttle's own
/// wording for a deadlock, and loom's for a data race on an `UnsafeCell`.
pub fn expected_panic(symptom: Symptom) -> &'static str {
    match symptom {
        Symptom::LostUpdate => ORACLE_MISMATCH,
        Symptom::Deadlock => "deadlock",
        Symptom::DataRace => "Causality violation",
    }
}

/// Whether the body asserts inside each execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Panic in the first execution whose result is wrong, so the checker
    /// stops there and prints how to replay it.
    AssertEach,
    /// Only record outcomes (to show a broken twin's full outcome set).
    Record,
}

/// What one checker run explored.
#[derive(Debug)]
pub struct Exploration {
    /// The subject that ran.
    pub subject: Subject,
    /// The model it ran on.
    pub model: Model,
    /// Executions (interleavings or schedules) explored.
    pub executions: usize,
    /// Every distinct outcome seen.
    pub outcomes: BTreeSet<Outcome>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Exploration {
    /// Panics with [`ORACLE_MISMATCH`] unless the outcome set is exactly
    /// {oracle}.
    #[track_caller]
    pub fn assert_only_oracle(&self) {
        let oracle = self.model.oracle();
        let wrong: Vec<_> = self.outcomes.iter().filter(|o| **o != oracle).collect();
        assert!(
            wrong.is_empty() && self.outcomes.contains(&oracle),
            "{ORACLE_MISMATCH}: {} on {}: {} wrong outcome(s) in {} executions, e.g. {:?}; oracle {:?}",
            self.subject,
            self.model.name,
            wrong.len(),
            self.executions,
            wrong.first(),
            oracle,
        );
    }
}

/// What a checker runs once per execution. A std `Arc`: it outlives every
/// execution, so it must not be a model object.
pub type Body = Arc<dyn Fn() + Send + Sync>;

/// A checker: runs the body under some schedule search until it is done.
pub trait Checker {
    /// The backend, for the report (`loom`, `shuttle`).
    fn backend(&self) -> &'static str;
    /// The search and its bound, for the report (`exhaustive`, `pct d=2 x1000`).
    fn bound(&self) -> String;
    /// Explores `body`; panics if the body panics or the model deadlocks.
    fn explore(&self, body: Body);
}

/// Runs `subject` on `model` under `checker`, and reports what was explored
/// (a printed line and a coverage row).
pub fn verify(checker: &dyn Checker, subject: Subject, model: &Model, mode: Mode) -> Exploration {
    explore(checker, subject, model, mode, true)
}

/// [`verify`] without the report, for callers that run many generated models
/// and report one summary row with [`report`].
pub fn verify_unreported(
    checker: &dyn Checker,
    subject: Subject,
    model: &Model,
    mode: Mode,
) -> Exploration {
    explore(checker, subject, model, mode, false)
}

fn explore(
    checker: &dyn Checker,
    subject: Subject,
    model: &Model,
    mode: Mode,
    reported: bool,
) -> Exploration {
    let executions = Arc::new(AtomicUsize::new(0));
    let outcomes = Arc::new(Mutex::new(BTreeSet::new()));
    let body: Body = {
        let (executions, outcomes) = (Arc::clone(&executions), Arc::clone(&outcomes));
        let model = model.clone();
        let oracle = model.oracle();
        Arc::new(move || {
            executions.fetch_add(1, Ordering::Relaxed);
            let outcome = model.run(subject);
            let wrong = outcome != oracle;
            outcomes.lock().unwrap().insert(outcome.clone());
            if mode == Mode::AssertEach && wrong {
                let what = if outcome.is_ok() {
                    ORACLE_MISMATCH
                } else {
                    COUNT_FAILED
                };
                panic!(
                    "{what}: {subject} on {}: got {outcome:?}, oracle {oracle:?}",
                    model.name
                );
            }
        })
    };

    let started = Instant::now();
    let result = panic::catch_unwind(AssertUnwindSafe(|| checker.explore(body)));
    let exploration = Exploration {
        subject,
        model: model.clone(),
        executions: executions.load(Ordering::Relaxed),
        outcomes: std::mem::take(&mut *outcomes.lock().unwrap_or_else(|e| e.into_inner())),
        elapsed: started.elapsed(),
    };
    if reported {
        let verdict = judge(subject, &exploration, result.as_ref().err());
        report(
            checker,
            subject,
            &model.name,
            exploration.executions,
            exploration.elapsed,
            &verdict,
        );
    }
    if let Err(payload) = result {
        panic::resume_unwind(payload);
    }
    exploration
}

/// The report's verdict: `pass` / `FAIL` for a real strategy, `caught` /
/// `NOT caught` for a broken twin.
fn judge(
    subject: Subject,
    exploration: &Exploration,
    panic: Option<&Box<dyn std::any::Any + Send>>,
) -> String {
    let oracle = exploration.model.oracle();
    let only_oracle = exploration.outcomes.iter().all(|o| *o == oracle);
    let problem = match panic {
        Some(payload) => Some(first_line(payload.as_ref())),
        None if !only_oracle => Some(format!("{} distinct outcomes", exploration.outcomes.len())),
        None => None,
    };
    match (subject, problem) {
        (Subject::Real(_), None) => "pass".to_owned(),
        (Subject::Real(_), Some(problem)) => format!("FAIL: {problem}"),
        (Subject::Broken(_), Some(problem)) => format!("caught: {problem}"),
        (Subject::Broken(_), None) => "NOT caught".to_owned(),
    }
}

/// Prints one line about a run and appends it to the coverage file, if
/// `cargo xtask` asked for one.
pub fn report(
    checker: &dyn Checker,
    subject: Subject,
    model: &str,
    executions: usize,
    elapsed: Duration,
    verdict: &str,
) {
    let row = [
        subject.name().to_owned(),
        model.to_owned(),
        checker.backend().to_owned(),
        checker.bound(),
        executions.to_string(),
        format!("{:.2}s", elapsed.as_secs_f64()),
        verdict.to_owned(),
    ];
    println!(
        "[{}] {} on {} ({}): {} executions in {}: {}",
        row[2], row[0], row[1], row[3], row[4], row[5], row[6]
    );
    if let Some(path) = std::env::var_os("TALLY_COVERAGE_FILE") {
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| writeln!(file, "{}", row.join("\t")));
        if let Err(e) = appended {
            eprintln!("cannot append to the coverage file {path:?}: {e}");
        }
    }
}

/// Records a model deliberately not run (quick mode), so the report shows it.
pub fn report_skipped(checker: &dyn Checker, subject: Subject, model: &Model) {
    report(
        checker,
        subject,
        &model.name,
        0,
        Duration::ZERO,
        "skipped (--quick)",
    );
}

/// The first line of a panic payload, for the report.
fn first_line(payload: &(dyn std::any::Any + Send)) -> String {
    let text = panic_message(payload);
    // The checkers' messages start with a short headline ("deadlock",
    // "Causality violation", our ORACLE_MISMATCH) followed by details.
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let headline = line.split([':', ';', '!']).next().unwrap_or(line);
    headline.chars().take(60).collect()
}

/// Runs `check` and asserts that it panics with a message containing
/// `expected`: the negative controls' assertion. A panic with any other
/// message (a deadlock where a lost update was expected, a checker limit)
/// fails the control instead of passing it.
#[track_caller]
pub fn assert_caught(expected: &str, check: impl FnOnce()) {
    // The panic hook is left alone: shuttle's prints the failing schedule,
    // which is what a reader of a caught bug wants to see.
    let result = panic::catch_unwind(AssertUnwindSafe(check));
    match result {
        Ok(()) => panic!("the checker did not catch the bug: expected a panic with {expected:?}"),
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            assert!(
                message.contains(expected),
                "the checker panicked, but not with {expected:?}: {message}"
            );
        }
    }
}
