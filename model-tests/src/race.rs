//! The race lab's runner (`cargo xtask race NAME`): one search for a
//! subject's bug, its first failing execution told as a timeline, and the
//! command that replays exactly that execution.
//!
//! Replay is exact, not a new search: shuttle persists the failing schedule
//! to a file (`FailurePersistence::File`) and `shuttle::replay_from_file`
//! runs that schedule alone; loom writes a checkpoint of the execution path
//! before every iteration (its `checkpoint` feature, interval 1), so after a
//! failure the file holds the failing path, and loom started from it runs
//! that execution first. Either way the replay must fail in its first
//! execution, and prints the identical timeline.
// The execution counter of a replay lives outside the model: std's
// primitives, not the facade's.
#![allow(clippy::disallowed_types)]

use crate::catalog;
use crate::model::{Model, Subject};
use crate::plan::Search;
use crate::verify::{explore, Body, Checker, Exploration, Mode};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tally::broken::Broken;
use tally::Strategy;

/// What to run.
#[derive(Debug, Clone)]
pub struct Request {
    /// The strategy or twin.
    pub subject: Subject,
    /// `loom`, `loom-bounded`, `random`, `pct` (depth 2), `pct3` or `dfs`.
    pub checker: String,
    /// The catalog model.
    pub model: &'static str,
    /// A seed for shuttle's random and PCT schedulers.
    pub seed: Option<u64>,
    /// Replay this file (a loom checkpoint or a shuttle schedule) instead
    /// of searching.
    pub replay: Option<PathBuf>,
}

/// How a search ended.
#[derive(Debug)]
pub struct Verdict {
    /// What was explored.
    pub exploration: Exploration,
    /// The file that replays the failing execution, if one failed.
    pub replay: Option<PathBuf>,
    /// Whether the search covered every execution.
    pub exhaustive: bool,
}

/// The subject called `name`.
pub fn subject(name: &str) -> Option<Subject> {
    Strategy::ALL
        .into_iter()
        .map(Subject::Real)
        .chain(Broken::ALL.into_iter().map(Subject::Broken))
        .find(|s| s.name() == name)
}

/// The model a subject's race runs on by default: the smallest that shows
/// a twin's bug; two workers sharing a word for a real strategy.
pub fn default_model(subject: Subject) -> &'static str {
    match subject {
        Subject::Broken(twin) => catalog::exposing(twin).smallest,
        Subject::Real(_) => "two_workers_one_shared_word",
    }
}

/// Where a race keeps its replay files.
fn scratch(request: &Request) -> PathBuf {
    let root = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    let seed = request
        .seed
        .map_or_else(String::new, |seed| format!("-seed{seed}"));
    root.join("race").join(format!(
        "{}-{}-{}{seed}",
        request.subject.name(),
        request.checker,
        request.model
    ))
}

/// Runs the request's search (or replay).
///
/// # Errors
/// An unknown checker for this build, or files that cannot be written.
pub fn run(request: &Request) -> Result<Verdict, String> {
    let model = catalog::named(request.model);
    let dir = scratch(request);
    if let Some(file) = &request.replay {
        if !file.exists() {
            return Err(format!("no replay file {}", file.display()));
        }
    }
    let checker = backend::checker(request, &dir)?;
    let exploration = explore(checker.as_ref(), request.subject, &model, Mode::AssertEach);
    if let (Some(message), None) = (&exploration.panic, &exploration.failure) {
        // The checker stopped with nothing recorded: not a finding, and
        // never "not found".
        return Err(format!(
            "the checker stopped without a failing execution: {message}"
        ));
    }
    if request.replay.is_some() && exploration.executions != 1 {
        return Err(format!(
            "the replay ran {} executions, not the one recorded: the model is not deterministic",
            exploration.executions
        ));
    }
    let replay = exploration
        .failure
        .as_ref()
        .and_then(|_| backend::replay_file(request, &dir));
    Ok(Verdict {
        exploration,
        replay,
        exhaustive: backend::exhaustive(&request.checker),
    })
}

/// `race NAME [--checker C] [--model M] [--seed N] [--replay FILE] [--html FILE]`,
/// or `race NAME --checker C --probe SEEDS` for one cell of the matrix.
pub fn main(args: Vec<String>) -> ExitCode {
    if let Some(at) = args.iter().position(|a| a == "--probe") {
        let seeds = args.get(at + 1).and_then(|n| n.parse().ok()).unwrap_or(1);
        let rest: Vec<String> = args
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at && *i != at + 1)
            .map(|(_, a)| a.clone())
            .collect();
        return match parse(&rest).and_then(|(request, _)| probe(&request, seeds)) {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("race: {e}");
                ExitCode::from(2)
            }
        };
    }
    let parsed = parse(&args).and_then(|(request, html)| {
        backend::prepare(&request)?;
        Ok((run(&request)?, request, html))
    });
    match parsed {
        Ok((verdict, request, html)) => report(&verdict, &request, html.as_deref()),
        Err(e) => {
            eprintln!("race: {e}");
            ExitCode::from(2)
        }
    }
}

/// One cell of `cargo xtask race --matrix`: the search run once (loom, DFS)
/// or once per seed 1..=`seeds` (random, PCT), as one tab-separated line:
/// `probe`, searches that found the subject's own symptom (for a twin; any
/// failure for a real strategy), searches, the median number of executions
/// to the first failure over those that found it (over all, explored in
/// full, if none did), seconds, and what the first search that stopped at
/// something else stopped at.
fn probe(request: &Request, seeds: u64) -> Result<String, String> {
    quiet_panics();
    let seeded = matches!(request.checker.as_str(), "random" | "pct" | "pct3");
    let runs: Vec<Option<u64>> = if seeded {
        (1..=seeds).map(Some).collect()
    } else {
        vec![request.seed]
    };
    let own = |message: &str| match request.subject {
        Subject::Broken(twin) => message
            .trim_start()
            .starts_with(crate::verify::expected_panic(twin.symptom())),
        Subject::Real(_) => true,
    };
    let started = std::time::Instant::now();
    let (mut hits, mut all) = (Vec::new(), Vec::new());
    let mut elsewhere = String::new();
    for seed in &runs {
        let exploration = probe_once(&Request {
            seed: *seed,
            replay: None,
            ..request.clone()
        })?;
        all.push(exploration.executions);
        match exploration.panic.as_deref() {
            Some(message) if own(message) => hits.push(exploration.executions),
            Some(message) if elsewhere.is_empty() => {
                elsewhere = crate::verify::headline(message);
            }
            _ => {}
        }
    }
    let median = |mut v: Vec<usize>| {
        v.sort_unstable();
        v[v.len() / 2]
    };
    let found = hits.len();
    let executions = if hits.is_empty() {
        median(all)
    } else {
        median(hits)
    };
    Ok(format!(
        "probe\t{found}\t{}\t{executions}\t{:.2}\t{elsewhere}",
        runs.len(),
        started.elapsed().as_secs_f64()
    ))
}

/// One search without replay files (the matrix runs many).
fn probe_once(request: &Request) -> Result<Exploration, String> {
    let model = catalog::named(request.model);
    let checker = backend::probe_checker(request)?;
    Ok(explore(
        checker.as_ref(),
        request.subject,
        &model,
        Mode::AssertEach,
    ))
}

fn parse(args: &[String]) -> Result<(Request, Option<PathBuf>), String> {
    let mut name = None;
    let mut checker = None;
    let mut model = None;
    let mut seed = None;
    let mut replay = None;
    let mut html = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        match arg.as_str() {
            "--checker" => checker = Some(value()?),
            "--model" => model = Some(value()?),
            "--seed" => seed = Some(value()?.parse().map_err(|_| "--seed takes a number")?),
            "--replay" => replay = Some(PathBuf::from(value()?)),
            "--html" => html = Some(PathBuf::from(value()?)),
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            other => name = Some(other.to_owned()),
        }
    }
    let name = name.ok_or("which subject? (cargo xtask race --list)")?;
    let subject = subject(&name).ok_or_else(|| format!("no strategy or twin named {name:?}"))?;
    let model = match model {
        Some(m) => catalog::all()
            .into_iter()
            .map(|model| model.name)
            .find(|n| *n == m)
            .ok_or_else(|| format!("no model named {m:?}"))?,
        None => default_model(subject),
    };
    let checker = checker.ok_or("--checker is required (cargo xtask race chooses one)")?;
    Ok((
        Request {
            subject,
            checker,
            model,
            seed,
            replay,
        },
        html,
    ))
}

fn report(verdict: &Verdict, request: &Request, html: Option<&Path>) -> ExitCode {
    let exploration = &verdict.exploration;
    let model: &Model = &exploration.model;
    let kind = match request.subject {
        Subject::Real(s) => format!("a correct strategy: {}", s.description()),
        Subject::Broken(b) => format!("broken twin of {}: {}", b.twin_of(), b.description()),
    };
    println!("race: {} ({kind})", request.subject);
    println!(
        "checker: {}; model {}: {:?}{}",
        request.checker,
        model.name,
        model.texts,
        match model.fault {
            Some(plan) => format!(", worker {} made to panic", plan.worker),
            None => String::new(),
        }
    );
    let Some(timeline) = exploration.timeline() else {
        println!(
            "not found: {} executions explored in {:.2}s, {}",
            exploration.executions,
            exploration.elapsed.as_secs_f64(),
            if verdict.exhaustive {
                "exhaustive: every execution returned the oracle's count"
            } else {
                "a sample, not every execution: every one returned the oracle's count"
            }
        );
        return ExitCode::FAILURE;
    };
    let what = exploration
        .panic
        .as_deref()
        .map(crate::verify::headline)
        .unwrap_or_default();
    let replayed = if request.replay.is_some() {
        "replayed"
    } else {
        "found"
    };
    println!(
        "{replayed}: {what}, at execution {} ({:.2}s)\n",
        exploration.executions,
        exploration.elapsed.as_secs_f64()
    );
    println!("{timeline}");
    if let Some(path) = html {
        let failure = exploration
            .failure
            .as_ref()
            .expect("a timeline has a failure");
        let page = crate::html::page(
            &format!(
                "{} on {} ({})",
                request.subject, model.name, request.checker
            ),
            &failure.events,
            crate::timeline::symptom(&failure.events, &failure.outcome, &model.oracle())
                .as_deref()
                .unwrap_or(&what),
        );
        match std::fs::write(path, page) {
            Ok(()) => println!("\nhtml: {}", path.display()),
            Err(e) => eprintln!("race: cannot write {}: {e}", path.display()),
        }
    }
    if let Some(file) = &verdict.replay {
        println!(
            "\nreplay: cargo xtask race {} --checker {} --model {} --replay {}",
            request.subject,
            request.checker,
            model.name,
            file.display()
        );
    }
    ExitCode::SUCCESS
}

/// A checker that counts nothing itself but refuses a second execution
/// when replaying (the failing one must come first).
struct Once<C> {
    inner: C,
    replaying: bool,
}

impl<C: Checker> Checker for Once<C> {
    fn search(&self) -> Search {
        self.inner.search()
    }

    fn bound(&self) -> String {
        self.inner.bound()
    }

    fn explore(&self, body: Body) {
        if !self.replaying {
            return self.inner.explore(body);
        }
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&runs);
        self.inner.explore(Arc::new(move || {
            assert!(
                counted.fetch_add(1, Ordering::Relaxed) == 0,
                "the replayed execution did not fail: the model is not deterministic"
            );
            body();
        }));
    }
}

/// A fresh scratch directory for a search (kept for a replay).
fn fresh(request: &Request) -> Result<PathBuf, String> {
    let dir = scratch(request);
    if request.replay.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// The failing execution is reported as a timeline: the panic messages and
/// backtraces behind it would only bury it.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

#[cfg(loom)]
mod backend {
    use super::{Once, Request};
    use crate::loom_check::Loom;
    use crate::plan::Search;
    use crate::verify::{Body, Checker};
    use std::path::{Path, PathBuf};

    /// loom, writing a checkpoint before every iteration.
    struct Checkpointed {
        loom: Loom,
        file: PathBuf,
    }

    impl Checker for Checkpointed {
        fn search(&self) -> Search {
            self.loom.search()
        }

        fn bound(&self) -> String {
            self.loom.bound()
        }

        fn explore(&self, body: Body) {
            let mut builder = self.loom.builder();
            builder.checkpoint_file = Some(self.file.clone());
            builder.checkpoint_interval = 1;
            builder.check(move || body());
        }
    }

    pub(super) fn checker(request: &Request, dir: &Path) -> Result<Box<dyn Checker>, String> {
        let loom = match request.checker.as_str() {
            "loom" => Loom::Exhaustive,
            "loom-bounded" => Loom::Bounded(2),
            other => {
                return Err(format!(
                    "{other} is not a loom checker (loom, loom-bounded)"
                ))
            }
        };
        let file = match &request.replay {
            Some(file) => file.clone(),
            None => dir.join("checkpoint.json"),
        };
        Ok(Box::new(Once {
            inner: Checkpointed { loom, file },
            replaying: request.replay.is_some(),
        }))
    }

    pub(super) fn replay_file(request: &Request, dir: &Path) -> Option<PathBuf> {
        Some(
            request
                .replay
                .clone()
                .unwrap_or_else(|| dir.join("checkpoint.json")),
        )
    }

    /// The plain checker, with no checkpoint (for the matrix).
    pub(super) fn probe_checker(request: &Request) -> Result<Box<dyn Checker>, String> {
        match request.checker.as_str() {
            "loom" => Ok(Box::new(Loom::Exhaustive)),
            "loom-bounded" => Ok(Box::new(Loom::Bounded(2))),
            other => Err(format!(
                "{other} is not a loom checker (loom, loom-bounded)"
            )),
        }
    }

    pub(super) fn exhaustive(checker: &str) -> bool {
        checker == "loom"
    }

    /// Silences panics; makes the scratch directory.
    pub(super) fn prepare(request: &Request) -> Result<(), String> {
        super::quiet_panics();
        super::fresh(request).map(|_| ())
    }
}

#[cfg(shuttle)]
mod backend {
    use super::{Once, Request};
    use crate::plan::Search;
    use crate::shuttle_check::config;
    use crate::verify::{Body, Checker};
    use shuttle::scheduler::{DfsScheduler, PctScheduler, RandomScheduler};
    use shuttle::{FailurePersistence, Runner};
    use std::path::{Path, PathBuf};

    /// A shuttle search that persists its failing schedule under `dir`, or
    /// the replay of one.
    struct Persisted {
        kind: &'static str,
        seed: Option<u64>,
        /// Where failing schedules go; `None` for the matrix's probes.
        dir: Option<PathBuf>,
        replay: Option<PathBuf>,
    }

    const SCHEDULES: usize = 10_000;

    impl Checker for Persisted {
        fn search(&self) -> Search {
            match self.kind {
                "random" => Search::Random,
                "pct" => Search::PctDepth2,
                "pct3" => Search::PctDepth3,
                _ => Search::Dfs,
            }
        }

        fn bound(&self) -> String {
            match (self.kind, self.seed) {
                ("dfs", _) => "dfs (complete)".to_owned(),
                (kind, Some(seed)) => format!("{kind} x{SCHEDULES}, seed {seed}"),
                (kind, None) => format!("{kind} x{SCHEDULES}"),
            }
        }

        fn explore(&self, body: Body) {
            let body = move || body();
            if let Some(file) = &self.replay {
                return shuttle::replay_from_file(body, file);
            }
            let mut config = config();
            config.failure_persistence = match &self.dir {
                Some(dir) => FailurePersistence::File(Some(dir.clone())),
                None => FailurePersistence::None,
            };
            let depth = if self.kind == "pct3" { 3 } else { 2 };
            match (self.kind, self.seed) {
                ("random", Some(seed)) => {
                    Runner::new(RandomScheduler::new_from_seed(seed, SCHEDULES), config).run(body)
                }
                ("random", None) => Runner::new(RandomScheduler::new(SCHEDULES), config).run(body),
                ("pct" | "pct3", Some(seed)) => {
                    Runner::new(PctScheduler::new_from_seed(seed, depth, SCHEDULES), config)
                        .run(body)
                }
                ("pct" | "pct3", None) => {
                    Runner::new(PctScheduler::new(depth, SCHEDULES), config).run(body)
                }
                _ => Runner::new(DfsScheduler::new(None, false), config).run(body),
            };
        }
    }

    fn kind(request: &Request) -> Result<&'static str, String> {
        match request.checker.as_str() {
            "random" => Ok("random"),
            "pct" => Ok("pct"),
            "pct3" => Ok("pct3"),
            "dfs" => Ok("dfs"),
            other => Err(format!(
                "{other} is not a shuttle checker (random, pct, pct3, dfs)"
            )),
        }
    }

    pub(super) fn checker(request: &Request, dir: &Path) -> Result<Box<dyn Checker>, String> {
        Ok(Box::new(Once {
            inner: Persisted {
                kind: kind(request)?,
                seed: request.seed,
                dir: Some(dir.to_owned()),
                replay: request.replay.clone(),
            },
            replaying: request.replay.is_some(),
        }))
    }

    /// The search with nothing persisted (for the matrix).
    pub(super) fn probe_checker(request: &Request) -> Result<Box<dyn Checker>, String> {
        Ok(Box::new(Persisted {
            kind: kind(request)?,
            seed: request.seed,
            dir: None,
            replay: None,
        }))
    }

    pub(super) fn replay_file(request: &Request, dir: &Path) -> Option<PathBuf> {
        if let Some(file) = &request.replay {
            return Some(file.clone());
        }
        // shuttle names them schedule000.txt, schedule001.txt, ...: the
        // search stops at its first failure, so that is the last file.
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|entry| Some(entry.ok()?.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        files.pop()
    }

    pub(super) fn exhaustive(checker: &str) -> bool {
        checker == "dfs"
    }

    /// shuttle persists a failing schedule from its panic hook, installed
    /// once per process with the first runner's configuration: make that
    /// first runner one that persists to the scratch directory, then put a
    /// filter outside it, so that the seam's injected panics (caught, and
    /// part of the model) persist nothing and every panic prints nothing.
    pub(super) fn prepare(request: &Request) -> Result<(), String> {
        let dir = super::fresh(request)?;
        // Innermost: nothing from std's hook (shuttle's still says where it
        // persisted the schedule).
        super::quiet_panics();
        let mut config = config();
        config.failure_persistence = FailurePersistence::File(Some(dir));
        Runner::new(RandomScheduler::new(1), config).run(|| {});
        let inner = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = tally::error::panic_message(info.payload());
            if !message.contains(tally::fault::INJECTED_PANIC) {
                // Persists the schedule; also prints, to stderr.
                inner(info);
            }
        }));
        Ok(())
    }
}

/// End-to-end tests of the `race` binary at `bin` with `checker`: a twin's
/// failing execution replays to the identical timeline, in one execution;
/// a correct strategy is never flagged (exit 1).
pub fn tests(bin: &'static str, checker: &'static str) -> Vec<crate::harness::Test> {
    use crate::harness::test;
    use std::process::Command;

    let scratch =
        move || std::env::temp_dir().join(format!("tally-race-{}-{checker}", std::process::id()));
    let race = move |args: &[&str]| {
        let output = Command::new(bin)
            .args(args)
            .env("CARGO_TARGET_DIR", scratch())
            .output()
            .expect("the race binary runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let timeline = |report: &str| -> String {
        report
            .lines()
            .skip_while(|l| !l.starts_with("step"))
            .take_while(|l| !l.starts_with("replay:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    vec![
        test("race::replay_prints_the_identical_timeline", move || {
            let (code, found) = race(&["split-merge-lock", "--checker", checker, "--seed", "3"]);
            assert_eq!(code, Some(0), "{found}");
            let replay = found
                .lines()
                .find_map(|l| l.strip_prefix("replay: cargo xtask race "))
                .unwrap_or_else(|| panic!("no replay line in:\n{found}"));
            let args: Vec<&str> = replay.split_whitespace().collect();
            let (code, replayed) = race(&args);
            assert_eq!(code, Some(0), "{replayed}");
            assert!(replayed.contains("at execution 1 "), "{replayed}");
            assert!(timeline(&found).contains("overwrote"), "{found}");
            assert_eq!(timeline(&found), timeline(&replayed));
            let _ = std::fs::remove_dir_all(scratch());
        }),
        test("race::a_correct_strategy_is_never_flagged", move || {
            let (code, report) = race(&["shared-mutex", "--checker", checker, "--seed", "3"]);
            assert_eq!(code, Some(1), "{report}");
            assert!(report.contains("not found"), "{report}");
            let _ = std::fs::remove_dir_all(scratch());
        }),
    ]
}
