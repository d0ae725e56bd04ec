//! Runs one checker over one model, judges the result against what the test
//! expects, and records the verdict as a coverage row.
//!
//! The checker (loom or shuttle, any scheduler) is handed a body that runs the
//! subject once, counts the execution, and records its outcome in sets that
//! live outside the model. When the checker is done, [`Exploration`] holds
//! every distinct outcome seen. [`check`] then judges the run against an
//! [`Expect`]ation in one place, so a row's verdict is always its test's
//! verdict: a control caught with the wrong symptom is `FAIL`, never
//! `caught`.
// The bookkeeping here lives outside the model on purpose: it must survive
// from one execution to the next, so it uses std's primitives, not the
// facade's (which are only valid inside one execution).
#![allow(clippy::disallowed_types)]

use crate::coverage::{self, Row, Verdict};
use crate::model::{Model, Outcome, Subject, OVER_COUNT, PARTIAL_COUNT, UNDER_COUNT};
use crate::plan::Search;
use crate::timeline;
use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tally::broken::Symptom;
use tally::error::panic_message;
use tally::sync::record;

/// The panic text that shows a checker caught a bug with this symptom: ours
/// for a wrong result ([`UNDER_COUNT`], [`OVER_COUNT`], [`PARTIAL_COUNT`],
/// each distinct, so one symptom can never pass for another), loom's and
/// shuttle's own wording for a deadlock, and loom's for a data race on an
/// `UnsafeCell`.
pub fn expected_panic(symptom: Symptom) -> &'static str {
    match symptom {
        Symptom::LostUpdate => UNDER_COUNT,
        Symptom::OverCount => OVER_COUNT,
        Symptom::PartialCount => PARTIAL_COUNT,
        Symptom::Deadlock => DEADLOCK,
        Symptom::DataRace => "Causality violation",
    }
}

/// How both checkers' deadlock reports begin.
const DEADLOCK: &str = "deadlock";

/// Whether the body asserts inside each execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Panic in the first execution whose result is wrong, so the checker
    /// stops there and can print how to replay it.
    AssertEach,
    /// Only record outcomes (to see a twin's whole outcome set).
    Record,
}

/// What a test expects of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Every execution returns the oracle's count (a real strategy).
    Oracle,
    /// The checker stops with this symptom's panic (a negative control).
    Caught(Symptom),
    /// The checker cannot see the bug, and the test pins that limitation
    /// down: every execution is right, or, where `deadlocks` says so (a
    /// checker that cannot model what the bug needs, such as loom and
    /// channel disconnection), the checker stops at a deadlock first.
    Blind {
        /// Whether a deadlock is what the checker shows instead.
        deadlocks: bool,
    },
    /// Exactly this set of outcomes across all executions.
    Outcomes(BTreeSet<Outcome>),
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
    /// The checker's panic message, if it panicked.
    pub panic: Option<String>,
    /// The failing execution, as recorded, if one failed.
    pub failure: Option<Failure>,
}

/// One failing execution: what the recorder saw, and what it returned (or
/// the checker's panic, if the checker stopped it).
#[derive(Debug, Clone)]
pub struct Failure {
    /// Every recorded operation, in order.
    pub events: Vec<record::Event>,
    /// Its result.
    pub outcome: Outcome,
}

impl Exploration {
    /// The failing execution told step by step ([`crate::timeline`]).
    pub fn timeline(&self) -> Option<String> {
        let failure = self.failure.as_ref()?;
        Some(timeline::tell(
            &failure.events,
            &failure.outcome,
            &self.model.oracle(),
        ))
    }
}

impl Exploration {
    /// The verdict on this run, or why it is not what `expect` asks for.
    fn judge(&self, expect: &Expect) -> Result<Verdict, String> {
        let oracle = self.model.oracle();
        let all_right = self.outcomes.iter().all(|o| self.model.wrong(o).is_none())
            && !self.outcomes.is_empty();
        let seen = self.panic.as_deref().map(headline);
        if self.executions == 0 {
            return Err("explored no execution".to_owned());
        }
        match (expect, seen) {
            (Expect::Oracle, None) if all_right => Ok(Verdict::Pass),
            (Expect::Oracle, None) => Err(format!(
                "{} distinct outcomes, oracle {oracle:?}",
                self.outcomes.len()
            )),
            (Expect::Oracle, Some(seen)) => Err(seen),
            (Expect::Caught(symptom), Some(seen)) => {
                let wanted = expected_panic(*symptom);
                // The message must start with the symptom: ours name the
                // twin further on ("lock-order-deadlock"), so a search
                // anywhere in the text could match the wrong symptom.
                if self
                    .panic
                    .as_deref()
                    .is_some_and(|p| p.trim_start().starts_with(wanted))
                {
                    Ok(Verdict::Caught(seen))
                } else {
                    Err(format!("wrong symptom ({seen}; expected {wanted})"))
                }
            }
            (Expect::Caught(symptom), None) => Err(format!(
                "not caught in {} executions (expected {})",
                self.executions,
                expected_panic(*symptom)
            )),
            (Expect::Blind { .. }, None) if all_right => Ok(Verdict::Blind),
            (Expect::Blind { .. }, None) => Err(format!(
                "seen after all ({} distinct outcomes), though pinned as a blind spot: update Broken::blind_spot",
                self.outcomes.len()
            )),
            (Expect::Blind { deadlocks: true }, Some(seen)) if seen.starts_with(DEADLOCK) => {
                Ok(Verdict::Blind)
            }
            (Expect::Blind { .. }, Some(seen)) => Err(format!(
                "caught after all ({seen}), though pinned as a blind spot: update Broken::blind_spot"
            )),
            (Expect::Outcomes(wanted), None) if self.outcomes == *wanted => Ok(Verdict::Caught(
                format!("outcome set as pinned, {} outcomes", wanted.len()),
            )),
            (Expect::Outcomes(wanted), None) => Err(format!(
                "outcome set {:?}, pinned {wanted:?}",
                self.outcomes
            )),
            (Expect::Outcomes(_), Some(seen)) => Err(seen),
        }
    }
}

/// What a checker runs once per execution. A std `Arc`: it outlives every
/// execution, so it must not be a model object.
pub type Body = Arc<dyn Fn() + Send + Sync>;

/// A checker: runs the body under some schedule search until it is done.
pub trait Checker {
    /// The search, as the plan names it.
    fn search(&self) -> Search;
    /// The search and its bound, for the report (`exhaustive`, `pct d=2 x1000`).
    fn bound(&self) -> String;
    /// Explores `body`; panics if the body panics or the model deadlocks.
    fn explore(&self, body: Body);
}

/// Runs `subject` on `model` under `checker`, records the coverage row, and
/// panics with everything needed to act on it unless the run is what
/// `expect` says. (What the checker printed on its way, a failing schedule
/// say, the harness shows with the test's failure.)
pub fn check(
    checker: &dyn Checker,
    subject: Subject,
    model: &Model,
    expect: Expect,
) -> Exploration {
    let mode = match expect {
        Expect::Oracle | Expect::Caught(_) => Mode::AssertEach,
        Expect::Blind { .. } | Expect::Outcomes(_) => Mode::Record,
    };
    let exploration = explore(checker, subject, model, mode);
    let verdict = exploration.judge(&expect);
    record(
        checker,
        subject,
        model.name,
        exploration.executions,
        exploration.elapsed,
        verdict.clone().unwrap_or_else(Verdict::Fail),
    );
    if let Err(why) = verdict {
        // resume_unwind, not panic!: the hook has printed the checker's
        // panic already, and the harness shows this message with the test.
        panic::resume_unwind(Box::new(format!(
            "FAIL: {why}\n  subject: {subject}\n  model {}: {:?}\n  search: {}, {} executions\n  outcomes: {:?}\n  oracle: {:?}\n  checker said: {}\n\nthe failing execution:\n{}",
            model.name,
            model.texts,
            checker.bound(),
            exploration.executions,
            exploration.outcomes,
            model.oracle(),
            exploration.panic.as_deref().unwrap_or("(nothing)"),
            exploration
                .timeline()
                .unwrap_or_else(|| "(no execution failed)".to_owned()),
        )));
    }
    exploration
}

/// Runs `subject` on `model` under `checker` and returns what it explored,
/// with no row and no judgement: for callers that run many models and
/// report one summary row with [`record()`].
pub fn explore(checker: &dyn Checker, subject: Subject, model: &Model, mode: Mode) -> Exploration {
    let executions = Arc::new(AtomicUsize::new(0));
    let outcomes = Arc::new(Mutex::new(BTreeSet::new()));
    let told = Arc::new(Mutex::new(None));
    let body: Body = {
        let (executions, outcomes, told) = (
            Arc::clone(&executions),
            Arc::clone(&outcomes),
            Arc::clone(&told),
        );
        let model = model.clone();
        Arc::new(move || {
            executions.fetch_add(1, Ordering::Relaxed);
            // A fresh record every execution: after a failure it holds
            // exactly the failing one.
            record::start();
            let outcome = model.run(subject);
            let events = record::take();
            let wrong = model.wrong(&outcome);
            outcomes.lock().unwrap().insert(outcome.clone());
            if let (Mode::AssertEach, Some(what)) = (mode, wrong) {
                let story = timeline::tell(&events, &outcome, &model.oracle());
                *told.lock().unwrap() = Some(Failure {
                    events,
                    outcome: outcome.clone(),
                });
                panic!(
                    "{what}: {subject} on {}: got {outcome:?}, oracle {:?}{}\n\n{story}",
                    model.name,
                    model.oracle(),
                    match model.fault {
                        Some(plan) => format!(" (worker {} made to panic)", plan.worker),
                        None => String::new(),
                    }
                );
            }
        })
    };
    let started = Instant::now();
    let result = panic::catch_unwind(AssertUnwindSafe(|| checker.explore(body)));
    let seen = std::mem::take(&mut *outcomes.lock().unwrap_or_else(|e| e.into_inner()));
    let panic = result.err().map(|payload| panic_message(payload.as_ref()));
    // A checker that stopped the execution itself (a deadlock, a data
    // race) left its record unfinished: that is the failing execution.
    let unfinished = record::take();
    let failure = told
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .or_else(|| {
            let stopped: Outcome = Err(panic.clone()?);
            (!unfinished.is_empty()).then_some(Failure {
                events: unfinished,
                outcome: stopped,
            })
        });
    Exploration {
        subject,
        model: model.clone(),
        executions: executions.load(Ordering::Relaxed),
        outcomes: seen,
        elapsed: started.elapsed(),
        panic,
        failure,
    }
}

/// `twin`'s first failing execution under `checker`, on the smallest model
/// that shows its bug, with its timeline.
///
/// # Panics
/// If no execution failed.
pub fn first_failure(checker: &dyn Checker, twin: tally::broken::Broken) -> (Exploration, String) {
    let model = crate::catalog::named(crate::catalog::exposing(twin).smallest);
    let exploration = explore(checker, Subject::Broken(twin), &model, Mode::AssertEach);
    let timeline = exploration
        .timeline()
        .unwrap_or_else(|| panic!("{twin}: no failing execution to tell"));
    (exploration, timeline)
}

/// Adds a coverage row for a run of `checker`.
pub fn record(
    checker: &dyn Checker,
    subject: Subject,
    model: &'static str,
    executions: usize,
    elapsed: Duration,
    verdict: Verdict,
) {
    coverage::record(Row {
        subject,
        search: checker.search(),
        model,
        bound: checker.bound(),
        executions,
        elapsed,
        verdict,
    });
}

/// Records a run deliberately not made (quick mode), so the report shows it.
pub fn record_skipped(checker: &dyn Checker, subject: Subject, model: &Model) {
    record(
        checker,
        subject,
        model.name,
        0,
        Duration::ZERO,
        Verdict::Skipped,
    );
}

/// The headline of a checker's panic message, for the report: the
/// checkers' messages start with a short one ("deadlock", "Causality
/// violation", our [`UNDER_COUNT`] and its kin) followed by details.
pub fn headline(message: &str) -> String {
    let line = message
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    for ours in [UNDER_COUNT, OVER_COUNT, PARTIAL_COUNT] {
        if line.starts_with(ours) {
            return ours.to_owned();
        }
    }
    let headline = line.split([':', ';', '!']).next().unwrap_or(line);
    headline.chars().take(60).collect()
}
