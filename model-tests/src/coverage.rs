//! The coverage record: one row per model run, kept for the whole test
//! binary; the completeness guard that compares the rows with the plan; and
//! the table printed after the last test.
// The record outlives every model execution and is shared by the harness's
// test threads, so it uses std's primitives, not the facade's (which are
// only valid inside one execution).
#![allow(clippy::disallowed_types)]

use crate::catalog;
use crate::model::Subject;
use crate::plan::{Aim, Planned, Search};
use std::fmt::{self, Write as _};
use std::sync::Mutex;
use std::time::Duration;
use tally::broken::{Broken, ModelChecker};
use tally::Strategy;

/// What a run showed. A row's verdict is its test's verdict: a test fails
/// exactly when its row says `FAIL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A real strategy matched the oracle in every execution.
    Pass,
    /// A twin was caught as expected (the symptom's headline).
    Caught(String),
    /// A twin the checker cannot see was, as pinned, not caught.
    Blind,
    /// Deliberately not run (`--quick`).
    Skipped,
    /// Planned, but the checker cannot make the run, and why
    /// ([`Aim::Unmodelled`]).
    Unmodelled(String),
    /// The test failed, and why.
    Fail(String),
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Pass => f.write_str("pass"),
            Verdict::Caught(what) => write!(f, "caught: {what}"),
            Verdict::Blind => f.write_str("not caught (blind spot, pinned)"),
            Verdict::Skipped => f.write_str("skipped (--quick)"),
            Verdict::Unmodelled(why) => write!(f, "not run: {why}"),
            Verdict::Fail(why) => write!(f, "FAIL: {why}"),
        }
    }
}

/// One model run.
#[derive(Debug, Clone)]
pub struct Row {
    /// What ran.
    pub subject: Subject,
    /// The search.
    pub search: Search,
    /// The model's name.
    pub model: &'static str,
    /// The search's bound, as reported (`pct d=2 x10000`).
    pub bound: String,
    /// Executions explored.
    pub executions: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Its verdict.
    pub verdict: Verdict,
}

/// Marks a row on a child process's stdout (see [`crate::harness`]).
pub const ROW_PREFIX: &str = "tally-coverage-row\t";

impl Row {
    /// The row as one tab-separated line, for a child process to hand back.
    pub fn to_line(&self) -> String {
        let (kind, text) = match &self.verdict {
            Verdict::Pass => ("pass", ""),
            Verdict::Caught(what) => ("caught", what.as_str()),
            Verdict::Blind => ("blind", ""),
            Verdict::Skipped => ("skipped", ""),
            Verdict::Unmodelled(why) => ("unmodelled", why.as_str()),
            Verdict::Fail(why) => ("fail", why.as_str()),
        };
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        [
            self.subject.name().to_owned(),
            self.search.name().to_owned(),
            self.model.to_owned(),
            clean(&self.bound),
            self.executions.to_string(),
            self.elapsed.as_secs_f64().to_string(),
            kind.to_owned(),
            clean(text),
        ]
        .join("\t")
    }

    /// Reads a line written by [`Row::to_line`].
    ///
    /// # Errors
    /// If a field is missing or names nothing known.
    pub fn parse(line: &str) -> Result<Row, String> {
        let bad = || format!("malformed coverage row: {line:?}");
        let fields: Vec<&str> = line.split('\t').collect();
        let [subject, search, model, bound, executions, seconds, kind, text] = fields[..] else {
            return Err(bad());
        };
        let subject = Strategy::ALL
            .into_iter()
            .map(Subject::Real)
            .chain(Broken::ALL.into_iter().map(Subject::Broken))
            .find(|s| s.name() == subject)
            .ok_or_else(bad)?;
        let search = Search::ALL
            .into_iter()
            .find(|s| s.name() == search)
            .ok_or_else(bad)?;
        let model = model_names()
            .into_iter()
            .find(|m| *m == model)
            .ok_or_else(bad)?;
        let verdict = match kind {
            "pass" => Verdict::Pass,
            "caught" => Verdict::Caught(text.to_owned()),
            "blind" => Verdict::Blind,
            "skipped" => Verdict::Skipped,
            "unmodelled" => Verdict::Unmodelled(text.to_owned()),
            "fail" => Verdict::Fail(text.to_owned()),
            _ => return Err(bad()),
        };
        Ok(Row {
            subject,
            search,
            model,
            bound: bound.to_owned(),
            executions: executions.parse().map_err(|_| bad())?,
            elapsed: Duration::from_secs_f64(seconds.parse().map_err(|_| bad())?),
            verdict,
        })
    }
}

/// Every model name a row can carry, in catalog order.
fn model_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = catalog::all().into_iter().map(|m| m.name).collect();
    names.push(crate::plan::GENERATED);
    names
}

static ROWS: Mutex<Vec<Row>> = Mutex::new(Vec::new());

/// Adds a row to this binary's record.
pub fn record(row: Row) {
    ROWS.lock().unwrap_or_else(|e| e.into_inner()).push(row);
}

/// Every row recorded so far, in report order: each strategy, then its
/// twins; within a subject by search, then by model in catalog order.
pub fn rows() -> Vec<Row> {
    let mut rows = ROWS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    rows.sort_by_key(|row| (subject_rank(row.subject), row.search, model_rank(row.model)));
    rows
}

fn subject_rank(subject: Subject) -> (usize, usize) {
    let strategy_rank = |s: Strategy| Strategy::ALL.iter().position(|&x| x == s);
    match subject {
        Subject::Real(s) => (strategy_rank(s).unwrap_or(usize::MAX), 0),
        Subject::Broken(b) => (
            strategy_rank(b.twin_of()).unwrap_or(usize::MAX),
            1 + Broken::ALL.iter().position(|&x| x == b).unwrap_or(0),
        ),
    }
}

fn model_rank(model: &str) -> usize {
    model_names()
        .into_iter()
        .position(|m| m == model)
        .unwrap_or(usize::MAX)
}

const NO_ROW: &str = "no coverage row";

/// Checks that `rows` cover every run of `plan`: a row for each subject x
/// search x model, with at least one execution, and the verdict the plan's
/// aim calls for; and that each of the suite's vacuity guards is among the
/// tests that `passed`. `quick` accepts rows skipped by `--quick` (and says
/// so).
///
/// # Errors
/// A report naming each subject with missing or empty runs, and each
/// vacuity guard that did not pass.
pub fn guard(
    suite: ModelChecker,
    plan: &[Planned],
    rows: &[Row],
    passed: &[String],
    quick: bool,
) -> Result<String, String> {
    let unguarded: Vec<&str> = crate::plan::vacuity(suite)
        .iter()
        .copied()
        .filter(|name| !passed.iter().any(|p| p == name))
        .collect();
    let mut gaps: Vec<(Subject, String)> = Vec::new();
    let mut skipped = 0;
    for planned in plan {
        let found = rows.iter().find(|r| {
            r.subject == planned.subject && r.search == planned.search && r.model == planned.model
        });
        let run = format!("{} on {}", planned.search, planned.model);
        let gap = match found {
            None => Some(format!("{run}: {NO_ROW}")),
            Some(row) if row.verdict == Verdict::Skipped && quick => {
                skipped += 1;
                None
            }
            // Never run, by plan: the row names the reason.
            Some(row) if matches!(planned.aim, Aim::Unmodelled(_)) => match &row.verdict {
                Verdict::Unmodelled(_) => None,
                verdict => Some(format!("{run}: {verdict} (planned as not run)")),
            },
            Some(row) if row.executions == 0 => {
                Some(format!("{run}: explored no execution ({})", row.verdict))
            }
            Some(row) => match (planned.aim, &row.verdict) {
                (Aim::Oracle, Verdict::Pass)
                | (Aim::Catch, Verdict::Caught(_))
                | (Aim::Blind(_), Verdict::Blind) => None,
                (_, verdict) => Some(format!("{run}: {verdict}")),
            },
        };
        if let Some(gap) = gap {
            gaps.push((planned.subject, gap));
        }
    }
    let suite_name = suite_name(suite);
    if gaps.is_empty() && unguarded.is_empty() {
        let skipped = if skipped > 0 {
            format!(" ({skipped} skipped by --quick: not a full run)")
        } else {
            String::new()
        };
        return Ok(format!(
            "completeness guard ({suite_name} suite): every strategy and twin covered, {} planned runs, {} vacuity guards passed{skipped}",
            plan.len(),
            crate::plan::vacuity(suite).len()
        ));
    }
    let mut report = format!("completeness guard ({suite_name} suite): FAILED");
    for name in unguarded {
        let _ = write!(
            report,
            "\n  vacuity guard `{name}` did not run and pass (is `vacuity::tests()` in main.rs?)"
        );
    }
    let mut subjects: Vec<Subject> = gaps.iter().map(|(s, _)| *s).collect();
    subjects.dedup();
    for subject in subjects {
        let own: Vec<&str> = gaps
            .iter()
            .filter(|(s, _)| *s == subject)
            .map(|(_, g)| g.as_str())
            .collect();
        let planned = plan.iter().filter(|p| p.subject == subject).count();
        let kind = match subject {
            Subject::Real(_) => "strategy",
            Subject::Broken(_) => "twin",
        };
        let module = match subject {
            Subject::Real(s) => module_name(s),
            Subject::Broken(b) => module_name(b.twin_of()),
        };
        if own.len() == planned && own.iter().all(|gap| gap.ends_with(NO_ROW)) {
            let _ = write!(
                report,
                "\n  {kind} `{subject}`: none of its {planned} planned runs has a coverage row: are its tests registered in model-tests/tests/{suite_name}/strategies/{module}.rs, and that module in main.rs?"
            );
            continue;
        }
        let _ = write!(
            report,
            "\n  {kind} `{subject}`: {} of its {planned} planned runs unchecked:",
            own.len()
        );
        for gap in own {
            let _ = write!(report, "\n      {gap}");
        }
    }
    Err(report)
}

/// The suite's name, as in its directory.
pub fn suite_name(suite: ModelChecker) -> &'static str {
    match suite {
        ModelChecker::Loom => "loom",
        ModelChecker::Shuttle => "shuttle",
    }
}

/// The module a strategy's tests live in (`message-passing` -> `message_passing`).
pub fn module_name(strategy: Strategy) -> String {
    strategy.name().replace('-', "_")
}

/// The coverage table, in Markdown, with a summary line above it.
pub fn render(suite: ModelChecker, rows: &[Row]) -> String {
    let count = |f: fn(&Verdict) -> bool| rows.iter().filter(|r| f(&r.verdict)).count();
    let executions: usize = rows.iter().map(|r| r.executions).sum();
    let seconds: f64 = rows.iter().map(|r| r.elapsed.as_secs_f64()).sum();
    let mut out = format!(
        "{}: {} runs, {} executions explored, {seconds:.0} s of checking; {} pass, {} caught, {} blind spot pinned, {} not run (unmodelled), {} skipped, {} FAIL\n\n",
        suite_name(suite),
        rows.len(),
        thousands(executions),
        count(|v| *v == Verdict::Pass),
        count(|v| matches!(v, Verdict::Caught(_))),
        count(|v| *v == Verdict::Blind),
        count(|v| matches!(v, Verdict::Unmodelled(_))),
        count(|v| *v == Verdict::Skipped),
        count(|v| matches!(v, Verdict::Fail(_))),
    );
    out.push_str("| subject | model | search | executions | time | verdict |\n");
    out.push_str("|---|---|---|---:|---:|---|\n");
    for row in rows {
        let subject = match row.subject {
            Subject::Real(s) => format!("`{s}`"),
            Subject::Broken(b) => format!("&nbsp;&nbsp;twin `{b}`"),
        };
        let _ = writeln!(
            out,
            "| {subject} | {} | {} | {} | {:.2}s | {} |",
            row.model,
            row.bound,
            thousands(row.executions),
            row.elapsed.as_secs_f64(),
            row.verdict
        );
    }
    out
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{plan, vacuity, Planned};

    /// The rows a perfect run of `planned` would record.
    fn perfect(planned: &[Planned]) -> Vec<Row> {
        planned
            .iter()
            .map(|p| Row {
                subject: p.subject,
                search: p.search,
                model: p.model,
                bound: "test".to_owned(),
                executions: if matches!(p.aim, Aim::Unmodelled(_)) {
                    0
                } else {
                    3
                },
                elapsed: Duration::from_millis(1),
                verdict: match p.aim {
                    Aim::Oracle => Verdict::Pass,
                    Aim::Catch => Verdict::Caught("deadlock".to_owned()),
                    Aim::Blind(_) => Verdict::Blind,
                    Aim::Unmodelled(why) => Verdict::Unmodelled(why.to_owned()),
                },
            })
            .collect()
    }

    fn all_passed(suite: ModelChecker) -> Vec<String> {
        vacuity(suite).iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn a_complete_run_passes_in_both_suites() {
        for suite in [ModelChecker::Loom, ModelChecker::Shuttle] {
            let plan = plan(suite);
            let report = guard(suite, &plan, &perfect(&plan), &all_passed(suite), false);
            assert!(report.is_ok(), "{report:?}");
        }
    }

    #[test]
    fn a_strategy_without_rows_fails_naming_it_and_its_twins() {
        let suite = ModelChecker::Shuttle;
        let plan = plan(suite);
        let rows: Vec<Row> = perfect(&plan)
            .into_iter()
            .filter(|r| match r.subject {
                Subject::Real(s) => s != Strategy::Sharded,
                Subject::Broken(b) => b.twin_of() != Strategy::Sharded,
            })
            .collect();
        let report = guard(suite, &plan, &rows, &all_passed(suite), false).unwrap_err();
        for name in [
            "strategy `sharded`",
            "twin `unlocked-shard`",
            "twin `lock-order-deadlock`",
        ] {
            assert!(report.contains(name), "{name} not named in:\n{report}");
        }
        assert!(!report.contains("`message-passing`"), "{report}");
    }

    #[test]
    fn an_empty_a_failed_or_a_mislabelled_run_fails() {
        let suite = ModelChecker::Loom;
        let plan = plan(suite);
        type Spoil = fn(&mut Row);
        let broken: [(Spoil, &str); 3] = [
            (|r| r.executions = 0, "explored no execution"),
            (
                |r| r.verdict = Verdict::Fail("boom".to_owned()),
                "FAIL: boom",
            ),
            (|r| r.verdict = Verdict::Caught("x".to_owned()), "caught: x"),
        ];
        for (spoil, expected) in broken {
            let mut rows = perfect(&plan);
            spoil(&mut rows[0]); // a real strategy's run
            let report = guard(suite, &plan, &rows, &all_passed(suite), false).unwrap_err();
            assert!(report.contains(expected), "{expected} not in:\n{report}");
        }
    }

    #[test]
    fn a_skipped_run_passes_only_in_quick_mode() {
        let suite = ModelChecker::Loom;
        let plan = plan(suite);
        let mut rows = perfect(&plan);
        rows[0].verdict = Verdict::Skipped;
        rows[0].executions = 0;
        assert!(guard(suite, &plan, &rows, &all_passed(suite), false).is_err());
        let report = guard(suite, &plan, &rows, &all_passed(suite), true).unwrap();
        assert!(report.contains("1 skipped by --quick"), "{report}");
    }

    #[test]
    fn a_vacuity_guard_that_did_not_pass_fails_the_run() {
        let suite = ModelChecker::Shuttle;
        let plan = plan(suite);
        let mut passed = all_passed(suite);
        let missing = passed.remove(1);
        let report = guard(suite, &plan, &perfect(&plan), &passed, false).unwrap_err();
        assert!(report.contains(&missing), "{report}");
    }

    #[test]
    fn rows_survive_the_trip_from_a_child_process() {
        let plan = plan(ModelChecker::Loom);
        for mut row in perfect(&plan) {
            row.bound = "a\tbound".to_owned();
            row.verdict = Verdict::Fail("line one\nline two".to_owned());
            let back = Row::parse(&row.to_line()).unwrap();
            assert_eq!(
                (back.subject, back.search, back.model, back.executions),
                (row.subject, row.search, row.model, row.executions)
            );
            assert_eq!(back.bound, "a bound");
            assert_eq!(back.verdict, Verdict::Fail("line one line two".to_owned()));
        }
        assert!(Row::parse("nonsense").is_err());
    }
}
