//! The suites' test runner: libtest's command line (filters, `--list`,
//! `--exact`, `--skip`, `--test-threads`, `--nocapture`), run by
//! `libtest-mimic`, plus two things libtest cannot do.
//!
//! - **A step after the last test.** The harness prints the coverage table
//!   (or writes it for `cargo xtask`) and runs the completeness guard, so a
//!   plain `RUSTFLAGS="--cfg loom" cargo test` fails just as `cargo xtask
//!   test` does when a strategy or twin went unchecked.
//! - **Each test in a process of its own**, its output captured and shown
//!   only if it fails. A negative control passes by making its checker
//!   panic, and the checkers print as they fail: std's panic hook a message
//!   (and a backtrace under `RUST_BACKTRACE`), shuttle a failing seed or
//!   schedule with unconditional `eprintln!`s that no hook can silence. In
//!   a child process all of that is kept away from a green run, and shown
//!   whole, never interleaved with another test's, when a test fails.
//!   The child hands its coverage rows back on its stdout.

// The list of passed tests lives in the parent process, outside any model,
// so it uses std's Mutex, not the facade's.
#![allow(clippy::disallowed_types)]

use crate::coverage::{self, Row};
use crate::plan;
use libtest_mimic::{Arguments, Failed, Trial};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tally::broken::ModelChecker;

/// The environment variable naming the file `cargo xtask` reads the
/// coverage table from; when unset, the table is printed.
pub const COVERAGE_FILE_VAR: &str = "TALLY_COVERAGE_FILE";

/// Set in a child process: run the one test named, print its rows.
pub const CHILD_VAR: &str = "TALLY_HARNESS_CHILD";

/// Set in a child process: report the fault-injection seam's panics like
/// any other (the negative control of the check that they print nothing).
pub const SHOW_INJECTED_VAR: &str = "TALLY_HARNESS_SHOW_INJECTED";

/// Injected panics seen by this process's hook, in any thread or model
/// execution: the fault sweep reads it before and after each execution to
/// know whether its planned fault fired ([`crate::sweep`]).
static INJECTED: AtomicUsize = AtomicUsize::new(0);

/// How many panics of the fault-injection seam this process has seen. Only
/// a child process (where every test runs) counts them: elsewhere it stays
/// 0, so a fault sweep run outside the harness finds that no plan fired and
/// fails rather than passing vacuously.
pub fn injected_panics() -> usize {
    INJECTED.load(Ordering::SeqCst)
}

/// The tests that passed in this (parent) process, for the guard.
static PASSED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// A test: a name and a body that passes unless it panics.
pub struct Test {
    name: String,
    body: Box<dyn FnOnce() + Send>,
}

impl std::fmt::Debug for Test {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Test").field("name", &self.name).finish()
    }
}

/// A test named `name` running `body`.
pub fn test(name: impl Into<String>, body: impl FnOnce() + Send + 'static) -> Test {
    Test {
        name: name.into(),
        body: Box::new(body),
    }
}

/// Runs `suite`'s `tests`, each in a child process, then reports coverage
/// and runs the guard. The process fails if any test failed or, on an
/// unfiltered run, if the guard finds a planned run without its row.
pub fn run(suite: ModelChecker, tests: Vec<Test>) -> ExitCode {
    let args = Arguments::from_args();
    if std::env::var_os(CHILD_VAR).is_some() {
        return run_in_child(&args, tests);
    }
    let show_output = args.nocapture;
    let trials = tests
        .into_iter()
        .map(|test| {
            let name = test.name;
            Trial::test(name.clone(), move || {
                run_child(&name, show_output)?;
                PASSED.lock().unwrap_or_else(|e| e.into_inner()).push(name);
                Ok(())
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if args.list {
        return conclusion.exit_code();
    }
    let rows = coverage::rows();
    let table = coverage::render(suite, &rows);
    match std::env::var_os(COVERAGE_FILE_VAR) {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, &table) {
                eprintln!("cannot write the coverage table to {path:?}: {e}");
                return ExitCode::FAILURE;
            }
        }
        None => println!("\n{table}"),
    }
    let complete = if conclusion.num_filtered_out > 0 || args.ignored {
        println!(
            "completeness guard ({} suite): not checked, {} tests filtered out",
            coverage::suite_name(suite),
            conclusion.num_filtered_out
        );
        true
    } else {
        let passed = PASSED.lock().unwrap_or_else(|e| e.into_inner()).clone();
        match coverage::guard(suite, &plan::plan(suite), &rows, &passed, crate::quick()) {
            Ok(report) => {
                println!("{report}");
                true
            }
            Err(report) => {
                eprintln!("\n{report}");
                false
            }
        }
    };
    if complete && !conclusion.has_failed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs the test named `name` in a child process; records the rows it
/// reports and fails with its whole output if it failed.
fn run_child(name: &str, show_output: bool) -> Result<(), Failed> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the test binary: {e}"))?;
    let output = Command::new(exe)
        .args([name, "--exact", "--test-threads=1"])
        .env(CHILD_VAR, "1")
        .env_remove(COVERAGE_FILE_VAR)
        .output()
        .map_err(|e| format!("cannot start the test's process: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut printed = String::new();
    for line in stdout.lines() {
        match line.strip_prefix(coverage::ROW_PREFIX) {
            Some(row) => coverage::record(Row::parse(row)?),
            None => {
                printed.push_str(line);
                printed.push('\n');
            }
        }
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let everything = format!("{printed}{stderr}");
    if output.status.success() {
        if show_output {
            print!("{everything}");
        }
        Ok(())
    } else {
        Err(format!("{} (its whole output follows)\n{everything}", output.status).into())
    }
}

/// Keeps the panics of the fault-injection seam silent and cheap.
///
/// In the models with a worker made to panic, every execution panics once,
/// by design: the facade hands the panic to `join`, and the strategy must
/// turn it into an error. Printing each (shuttle's hook serialises the
/// schedule, std's captures a backtrace under `RUST_BACKTRACE`) would cost
/// more than the execution itself. Every other panic is reported as before.
/// The hook also counts them ([`injected_panics`]): a panic hook runs at
/// the panic site, before any `catch_unwind` (the facade's, `sequential`'s,
/// a twin's own) can swallow it, so the count says whether a fault fired
/// whatever the code under test did with it.
fn silence_injected_panics() {
    // shuttle installs its hook around the current one on its first run;
    // make it do so now, so that this filter sits outside it.
    #[cfg(shuttle)]
    shuttle::Runner::new(
        shuttle::scheduler::RandomScheduler::new(1),
        crate::shuttle_check::config(),
    )
    .run(|| {});
    let report = std::panic::take_hook();
    let show = std::env::var_os(SHOW_INJECTED_VAR).is_some();
    std::panic::set_hook(Box::new(move |info| {
        let message = tally::error::panic_message(info.payload());
        let injected = message.contains(tally::fault::INJECTED_PANIC);
        if injected {
            INJECTED.fetch_add(1, Ordering::SeqCst);
        }
        if !injected || show {
            report(info);
        }
    }));
}

/// The child's side: runs the one test the arguments name, in this
/// process, and prints its coverage rows for the parent.
fn run_in_child(args: &Arguments, tests: Vec<Test>) -> ExitCode {
    silence_injected_panics();
    let trials = tests
        .into_iter()
        .map(|test| {
            let body = test.body;
            Trial::test(test.name, move || {
                body();
                Ok(())
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(args, trials);
    for row in coverage::rows() {
        println!("{}{}", coverage::ROW_PREFIX, row.to_line());
    }
    // Exactly one test, or the parent would count a test that never ran.
    if conclusion.num_passed + conclusion.num_failed != 1 {
        eprintln!(
            "the child process ran {} tests, not the one named: {:?}",
            conclusion.num_passed + conclusion.num_failed,
            args.filter
        );
        return ExitCode::FAILURE;
    }
    conclusion.exit_code()
}

/// The whole binary without its cfg: one ignored test that names it.
pub fn needs_cfg(name: &str, reason: &str) -> ExitCode {
    let args = Arguments::from_args();
    let trial = Trial::test(name, || Ok(())).with_ignored_flag(true);
    println!("{reason}");
    libtest_mimic::run(&args, vec![trial]).exit_code()
}
