//! The tests of this build's suite, generated from the plan one strategy
//! (or twin) at a time: each strategy module of `tests/loom` and
//! `tests/shuttle` asks for its own, and the completeness guard finds any
//! module that did not.

use crate::catalog;
use crate::harness::{test, Test};
use crate::model::Subject;
use crate::plan::{self, Aim, Planned, Search};
use crate::verify::{self, Checker, Expect};
use tally::broken::{Broken, ModelChecker};
use tally::Strategy;

/// The checker this build runs.
pub const SUITE: ModelChecker = if cfg!(loom) {
    ModelChecker::Loom
} else {
    ModelChecker::Shuttle
};

/// One test per planned run of `strategy`, named
/// `strategies::<strategy>::<search>::<model>`.
pub fn strategy(strategy: Strategy) -> Vec<Test> {
    let module = crate::coverage::module_name(strategy);
    plan::for_strategy(SUITE, strategy)
        .into_iter()
        .map(|planned| {
            let name = format!(
                "strategies::{module}::{}::{}",
                planned.search, planned.model
            );
            test(name, move || run(&planned))
        })
        .collect()
}

/// One test per planned run of `twin`, named
/// `strategies::<strategy>::<twin>::<search>::<model>`.
pub fn twin(twin: Broken) -> Vec<Test> {
    plan::for_twin(SUITE, twin)
        .into_iter()
        .map(|planned| {
            let name = format!("{}::{}::{}", twin_path(twin), planned.search, planned.model);
            test(name, move || run(&planned))
        })
        .collect()
}

/// `strategies::<strategy>::<twin>`, the test path of a twin's tests.
pub fn twin_path(twin: Broken) -> String {
    format!(
        "strategies::{}::{}",
        crate::coverage::module_name(twin.twin_of()),
        twin.name().replace('-', "_")
    )
}

/// The checker of this build for a search of the plan.
pub(crate) fn checker(search: Search) -> Box<dyn Checker> {
    #[cfg(loom)]
    return Box::new(crate::loom_check::for_search(search));
    #[cfg(shuttle)]
    return Box::new(crate::shuttle_check::for_search(search));
}

/// The checker of one step of a fault sweep: loom's search as planned;
/// shuttle's random and PCT with [`crate::shuttle_check::sweep_iterations`]
/// schedules per step (a sweep explores one plan per step of each worker).
fn sweep_checker(search: Search) -> Box<dyn Checker> {
    #[cfg(loom)]
    return Box::new(crate::loom_check::for_search(search));
    #[cfg(shuttle)]
    return Box::new(match search {
        Search::Random => {
            crate::shuttle_check::Shuttle::Random(crate::shuttle_check::sweep_iterations())
        }
        Search::PctDepth2 => crate::shuttle_check::Shuttle::Pct {
            depth: 2,
            iterations: crate::shuttle_check::sweep_iterations(),
        },
        other => panic!("no fault sweep under {other}"),
    });
}

/// Makes one planned run and asserts what it must show.
fn run(planned: &Planned) {
    let subject = planned.subject;
    #[cfg(shuttle)]
    if planned.search == Search::GeneratedInputs {
        return crate::generated::under_pct(subject);
    }
    if planned.model == catalog::FAULT_SWEEP {
        let checker = sweep_checker(planned.search);
        let steps = match (SUITE, subject) {
            (ModelChecker::Loom, Subject::Real(strategy)) => match plan::loom_faults(strategy) {
                plan::LoomFaults::FirstSteps(n) => Some(n),
                _ => None,
            },
            _ => None,
        };
        return crate::sweep::check(
            checker.as_ref(),
            subject,
            &catalog::fault_sweep(),
            planned.aim,
            steps,
        );
    }
    let model = catalog::named(planned.model);
    let checker = checker(planned.search);
    let expect = match (planned.aim, subject) {
        (Aim::Oracle, _) => Expect::Oracle,
        (Aim::Catch, Subject::Broken(twin)) => Expect::Caught(twin.symptom()),
        (Aim::Catch, Subject::Real(_)) => unreachable!("the plan catches twins only"),
        (Aim::Blind(spot), _) => Expect::Blind {
            deadlocks: spot.deadlocks,
        },
        (Aim::Unmodelled(_), _) => unreachable!("only fault sweeps are planned as not run"),
    };
    // Quick mode skips the real strategies' bounded loom models (the
    // slowest runs); the row says so, and never passes for a run.
    if crate::quick() && planned.search == Search::Bounded && planned.aim == Aim::Oracle {
        verify::record_skipped(checker.as_ref(), subject, &model);
        return;
    }
    verify::check(checker.as_ref(), subject, &model, expect);
}
