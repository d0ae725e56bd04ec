//! proptest generates the inputs, shuttle's PCT (depth 2) searches the
//! schedules of each: a failure shrinks to the smallest input on which PCT
//! still finds a wrong result. Reported as one coverage row.

use crate::coverage::{self, Row, Verdict};
use crate::model::{Model, Subject};
use crate::plan::{Search, GENERATED};
use crate::shuttle_check::Shuttle;
use crate::verify::{self, Checker, Mode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::cell::Cell;
use std::time::Instant;

/// Small inputs: 2 or 3 workers, 1 to 4 words each, from an alphabet where
/// normalisation merges words (`A`/`a`, `ΟΔΟΣ`/`οδος`, `ẞ`/`ß`) and
/// separators are Unicode whitespace.
fn small_texts() -> impl Strategy<Value = Vec<String>> {
    let word =
        prop::sample::select(&["a", "A", "b", "ΟΔΟΣ", "οδος", "İ", "ẞ", "ß", "a\u{200b}"][..]);
    let space = prop::sample::select(&[" ", "\u{a0}", "\u{3000}", "\n", "\u{85}"][..]);
    let text = prop::collection::vec((word, space), 1..=4).prop_map(|pairs| {
        pairs
            .into_iter()
            .flat_map(|(w, s)| [w, s])
            .collect::<String>()
    });
    prop::collection::vec(text, 2..=3)
}

/// Checks `subject` on 32 generated inputs (8 in quick mode), each under 100
/// PCT schedules, and records one row.
pub(crate) fn under_pct(subject: Subject) {
    let cases = if crate::quick() { 8 } else { 32 };
    let search = Shuttle::Pct {
        depth: 2,
        iterations: 100,
    };
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let executions = Cell::new(0);
    let started = Instant::now();
    let result = runner.run(&small_texts(), |texts| {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let model = Model::new(GENERATED, &texts);
        let exploration = verify::explore(&search, subject, &model, Mode::AssertEach);
        executions.set(executions.get() + exploration.executions);
        match exploration.panic {
            None => Ok(()),
            Some(message) => Err(TestCaseError::fail(message)),
        }
    });
    let verdict = match &result {
        Ok(()) => Verdict::Pass,
        Err(e) => Verdict::Fail(e.to_string().lines().next().unwrap_or("").to_owned()),
    };
    coverage::record(Row {
        subject,
        search: Search::GeneratedInputs,
        model: GENERATED,
        bound: format!("{cases} inputs x {}", search.bound()),
        executions: executions.get(),
        elapsed: started.elapsed(),
        verdict,
    });
    if let Err(e) = result {
        panic!("{subject} on {cases} proptest inputs x 100 PCT schedules: {e}");
    }
}
