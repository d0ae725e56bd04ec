//! The fault sweep: each worker of a model made to panic at each of its
//! steps in turn (the fault-injection seam, `tally::fault`), under a model
//! checker, every explored schedule judged.
//!
//! For worker `w` and `k = 0, 1, 2, ...` the checker explores the model with
//! `FaultPlan { worker: w, after_steps: k }` until a `k` whose plan fires in
//! no explored schedule: that `k` is the number of steps the worker takes
//! (a block counted, a word, an entry merged under a lock, a claim, a send),
//! reported in the row. Each execution is judged on its own:
//!
//! - the fault fired: the result must be exactly the error naming the
//!   strategy and the dead worker (`Error::WorkerPanicked`), never a count
//!   ([`PARTIAL_COUNT`]) nor another error ([`WRONG_ERROR`]);
//! - it did not fire (a strategy whose workers take blocks as they come,
//!   where a worker may take fewer steps in some schedules): the result must
//!   be the oracle's count, exactly.
//!
//! Whether the fault fired is not read from the result (a twin that
//! swallows the panic would pass for one that never fired): the harness's
//! panic hook counts the seam's panics at the panic site, before anything
//! can catch them ([`crate::harness::injected_panics`]). A plan that never
//! fires cannot pass for a tested step: each step `k` below the end must
//! fire in at least one schedule, and in every schedule for the strategies
//! whose step counts do not depend on the schedule
//! ([`steps_depend_on_schedule`]); a worker that takes no step at all, or
//! one still firing after [`MAX_STEPS`], fails the run.
// The counters live outside the model on purpose (they must survive from
// one execution to the next), so they are std's, not the facade's.
#![allow(clippy::disallowed_types)]

use crate::coverage::{self, Row, Verdict};
use crate::harness::injected_panics;
use crate::model::{Model, Outcome, Subject, PARTIAL_COUNT};
use crate::plan::Aim;
use crate::verify::{expected_panic, headline, Body, Checker};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tally::error::{panic_message, Error};
use tally::fault::{FaultPlan, INJECTED_PANIC};
use tally::sync::record;
use tally::Strategy;

/// The panic that shows an execution returned an error other than the one
/// naming the strategy and the worker that died.
pub const WRONG_ERROR: &str = "returned the wrong error for the dead worker";

/// Steps tried per worker before the sweep gives up looking for the end:
/// the sweep's model gives no worker more than a handful.
pub const MAX_STEPS: usize = 16;

/// Whether how many steps a worker takes depends on the schedule:
/// `claim-blocks` and `partitioned` workers take blocks as they come, so a
/// worker may take one block, both or none. For the others every schedule
/// takes the same steps, and a step's plan must fire in every schedule.
pub fn steps_depend_on_schedule(subject: Subject) -> bool {
    let strategy = match subject {
        Subject::Real(s) => s,
        Subject::Broken(b) => b.twin_of(),
    };
    matches!(strategy, Strategy::ClaimBlocks | Strategy::Partitioned)
}

/// The one right error when worker `worker` of `subject` panicked: it names
/// the strategy and the worker, and carries the seam's message.
pub fn expected_error(subject: Subject, worker: usize) -> String {
    let strategy = match subject {
        Subject::Real(s) => s.name(),
        Subject::Broken(b) => b.twin_of().name(),
    };
    Error::WorkerPanicked {
        strategy,
        worker,
        message: format!("{INJECTED_PANIC} in worker {worker}"),
    }
    .to_string()
}

/// Why `outcome` is wrong for an execution of `model` (which carries no
/// fault: the oracle is its count) in which the planned fault did or did
/// not fire, or `None` if it is right.
pub fn wrong(
    model: &Model,
    expected: &str,
    fired: bool,
    outcome: &Outcome,
) -> Option<&'static str> {
    match (fired, outcome) {
        (true, Err(error)) if error == expected => None,
        (true, Err(_)) => Some(WRONG_ERROR),
        (true, Ok(_)) => Some(PARTIAL_COUNT),
        // Not fired: the count must be the oracle's (`Model::wrong` names
        // an error, an under- or an over-count).
        (false, outcome) => model.wrong(outcome),
    }
}

/// What exploring one plan showed.
#[derive(Debug)]
pub struct StepRun {
    /// Executions explored.
    pub executions: usize,
    /// Executions in which the planned fault fired.
    pub fired: usize,
    /// The checker's panic (a wrong execution, a deadlock), if any.
    pub panic: Option<String>,
}

/// Explores `base` with worker `worker` made to panic after `after_steps`
/// steps, judging every execution.
pub fn explore_step(
    checker: &dyn Checker,
    subject: Subject,
    base: &Model,
    worker: usize,
    after_steps: usize,
) -> StepRun {
    let plan = FaultPlan {
        worker,
        after_steps,
    };
    let executions = Arc::new(AtomicUsize::new(0));
    let fired = Arc::new(AtomicUsize::new(0));
    let body: Body = {
        let (executions, fired) = (Arc::clone(&executions), Arc::clone(&fired));
        let faulted = Model {
            fault: Some(plan),
            ..base.clone()
        };
        let base = base.clone();
        let expected = expected_error(subject, worker);
        Arc::new(move || {
            executions.fetch_add(1, Ordering::SeqCst);
            record::start();
            let before = injected_panics();
            let outcome = faulted.run(subject);
            let did_fire = injected_panics() > before;
            // The timeline is not needed: the checker prints the schedule.
            drop(record::take());
            if did_fire {
                fired.fetch_add(1, Ordering::SeqCst);
            }
            if let Some(what) = wrong(&base, &expected, did_fire, &outcome) {
                panic!(
                    "{what}: {subject} on {}, worker {worker} made to panic after {after_steps} steps ({}): got {outcome:?}; expected {}",
                    base.name,
                    if did_fire { "it did" } else { "the plan did not fire" },
                    if did_fire { format!("Err({expected:?})") } else { format!("{:?}", base.oracle()) },
                );
            }
        })
    };
    let result = panic::catch_unwind(AssertUnwindSafe(|| checker.explore(body)));
    drop(record::take());
    StepRun {
        executions: executions.load(Ordering::SeqCst),
        fired: fired.load(Ordering::SeqCst),
        panic: result.err().map(|p| panic_message(p.as_ref())),
    }
}

/// The workers `subject` starts on `base`: one per text, but only the
/// calling thread (worker 0) for `sequential`.
pub fn workers(subject: Subject, base: &Model) -> usize {
    match subject {
        Subject::Real(s) if !s.is_concurrent() => 1,
        _ => base.workers(),
    }
}

/// A whole sweep's result.
#[derive(Debug)]
pub struct Sweep {
    /// Executions explored over every plan.
    pub executions: usize,
    /// Steps found for each worker swept so far.
    pub steps: Vec<usize>,
    /// Why the sweep stopped short, with the checker's panic if there was one.
    pub stopped: Option<(String, Option<String>)>,
}

/// Sweeps every worker of `base` over every step, or over its first
/// `first` steps only (each of which must fire in every execution), where
/// the checker cannot follow a fault further (loom, inside a critical
/// section: `crate::plan::LOOM_NO_POISONING`).
pub fn sweep(checker: &dyn Checker, subject: Subject, base: &Model, first: Option<usize>) -> Sweep {
    let every_schedule = !steps_depend_on_schedule(subject);
    let mut sweep = Sweep {
        executions: 0,
        steps: Vec::new(),
        stopped: None,
    };
    for worker in 0..workers(subject, base) {
        for k in 0..=MAX_STEPS {
            if first == Some(k) {
                sweep.steps.push(k);
                break;
            }
            let run = explore_step(checker, subject, base, worker, k);
            sweep.executions += run.executions;
            let at = format!("worker {worker} after {k} steps");
            let problem = if let Some(panic) = run.panic {
                Some((format!("{at}: {}", headline(&panic)), Some(panic)))
            } else if run.executions == 0 {
                Some((format!("{at}: explored no execution"), None))
            } else if run.fired == 0 && k == 0 {
                Some((
                    format!(
                        "{at}: the plan never fired (the worker took no step: a vacuous sweep)"
                    ),
                    None,
                ))
            } else if run.fired == 0 {
                sweep.steps.push(k);
                break;
            } else if (every_schedule || first.is_some()) && run.fired < run.executions {
                Some((
                    format!("{at}: fired in {} of {} schedules, though this strategy's steps do not depend on the schedule", run.fired, run.executions),
                    None,
                ))
            } else if k == MAX_STEPS {
                Some((format!("{at}: still firing after {MAX_STEPS} steps"), None))
            } else {
                None
            };
            if problem.is_some() {
                sweep.stopped = problem;
                return sweep;
            }
        }
    }
    sweep
}

/// Makes the planned fault sweep of `subject` on `base` under `checker`,
/// records its row and panics unless it shows what `aim` asks:
/// - [`Aim::Oracle`]: every step of every worker fired and every execution
///   was judged right;
/// - [`Aim::Catch`] (a twin that swallows a dead worker): the sweep stopped
///   at the twin's symptom;
/// - [`Aim::Blind`] with a deadlock (loom, which cannot model a dead
///   worker's channel closing): each worker's first-step plan deadlocks;
/// - [`Aim::Unmodelled`]: nothing runs; the row gives the reason.
pub fn check(
    checker: &dyn Checker,
    subject: Subject,
    base: &Model,
    aim: Aim,
    first: Option<usize>,
) {
    let started = Instant::now();
    let (executions, bound, verdict, detail) = match aim {
        Aim::Unmodelled(why) => (
            0,
            checker.bound(),
            Ok(Verdict::Unmodelled(why.to_owned())),
            None,
        ),
        Aim::Oracle => {
            let sweep = sweep(checker, subject, base, first);
            let steps = sweep
                .steps
                .iter()
                .enumerate()
                .map(|(w, n)| format!("w{w}: {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let bound = match first {
                None => format!("{} per step; steps {steps}", checker.bound()),
                Some(n) => format!(
                    "{} per step; first {n} step(s) of each worker only",
                    checker.bound()
                ),
            };
            let verdict = match &sweep.stopped {
                None => Ok(Verdict::Pass),
                Some((why, _)) => Err(why.clone()),
            };
            let detail = sweep.stopped.and_then(|(_, panic)| panic);
            (sweep.executions, bound, verdict, detail)
        }
        Aim::Catch => {
            let Subject::Broken(twin) = subject else {
                unreachable!("the plan catches twins only")
            };
            let wanted = expected_panic(twin.symptom());
            let sweep = sweep(checker, subject, base, None);
            let bound = format!("{} per step", checker.bound());
            let verdict = match &sweep.stopped {
                Some((_, Some(panic))) if panic.trim_start().starts_with(wanted) => {
                    Ok(Verdict::Caught(headline(panic)))
                }
                Some((why, _)) => Err(format!("wrong symptom ({why}; expected {wanted})")),
                None => Err(format!(
                    "not caught in {} executions (expected {wanted})",
                    sweep.executions
                )),
            };
            (sweep.executions, bound, verdict, None)
        }
        Aim::Blind(spot) => {
            let mut executions = 0;
            let mut verdict = Ok(Verdict::Blind);
            for worker in 0..workers(subject, base) {
                let run = explore_step(checker, subject, base, worker, 0);
                executions += run.executions;
                let seen = run.panic.as_deref().map(headline);
                match seen {
                    Some(seen) if spot.deadlocks && seen.starts_with("deadlock") => {}
                    other => {
                        verdict = Err(format!(
                            "worker {worker} made to panic at its first step: {} (pinned: {}); update model_tests::plan",
                            other.unwrap_or_else(|| "no deadlock".to_owned()),
                            spot.why
                        ));
                        break;
                    }
                }
            }
            let bound = format!("{} at step 0", checker.bound());
            (executions, bound, verdict, None)
        }
    };
    coverage::record(Row {
        subject,
        search: checker.search(),
        model: base.name,
        bound,
        executions,
        elapsed: started.elapsed(),
        verdict: verdict.clone().unwrap_or_else(Verdict::Fail),
    });
    if let Err(why) = verdict {
        panic::resume_unwind(Box::new(format!(
            "FAIL: {why}\n  subject: {subject}\n  model {}: {:?}\n  search: {}\n  checker said: {}",
            base.name,
            base.texts,
            checker.bound(),
            detail.as_deref().unwrap_or("(nothing)"),
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{COUNT_FAILED, UNDER_COUNT};

    /// The judgement of one execution, on each way it can be wrong: the
    /// negative controls of code no twin reaches (a twin that swallows the
    /// panic is the suite's: `silent-partial-result` on the sweep's model).
    #[test]
    fn each_wrong_outcome_is_named() {
        let model = crate::catalog::fault_sweep();
        let subject = Subject::Real(Strategy::SharedMutex);
        let expected = expected_error(subject, 1);
        assert_eq!(
            expected,
            "strategy shared-mutex: worker 1 panicked (injected fault in worker 1); no count was produced"
        );
        let oracle = model.oracle();
        let partial: Outcome = Ok([("a".to_owned(), 1), ("b".to_owned(), 1)].into());
        let cases: [(bool, Outcome, Option<&str>); 7] = [
            (true, Err(expected.clone()), None),
            (false, oracle.clone(), None),
            (true, oracle.clone(), Some(PARTIAL_COUNT)),
            (true, partial.clone(), Some(PARTIAL_COUNT)),
            // Another worker blamed, or the root cause lost.
            (true, Err(expected_error(subject, 0)), Some(WRONG_ERROR)),
            (false, Err(expected.clone()), Some(COUNT_FAILED)),
            (false, partial, Some(UNDER_COUNT)),
        ];
        for (fired, outcome, want) in cases {
            assert_eq!(
                wrong(&model, &expected, fired, &outcome),
                want,
                "fired {fired}, {outcome:?}"
            );
        }
    }

    #[test]
    fn only_the_claiming_strategies_take_schedule_dependent_steps() {
        let dependent: Vec<Strategy> = Strategy::ALL
            .into_iter()
            .filter(|s| steps_depend_on_schedule(Subject::Real(*s)))
            .collect();
        assert_eq!(dependent, [Strategy::ClaimBlocks, Strategy::Partitioned]);
    }
}
