//! Project automation (the xtask convention): `cargo xtask test` is the one
//! command that checks everything, and what `.ci/run` runs. The GitHub
//! workflow runs the same steps split in jobs (`std`, `msrv`, `miri`, `tsan`,
//! `loom`, `shuttle`).
//!
//! ```text
//! cargo xtask test [--quick]     fmt, clippy (std, loom, shuttle), docs, std tests, msrv, miri, tsan, both model suites
//! cargo xtask std                fmt, clippy (std, loom, shuttle), docs, std tests
//! cargo xtask msrv               build and test with the declared rust-version's own toolchain
//! cargo xtask miri               a Miri-sized part of the std tests under Miri, several seeds
//! cargo xtask tsan               the threaded std tests under ThreadSanitizer
//! cargo xtask fuzz [--time S]    the fuzz target for S seconds (default 60); not part of `test`
//! cargo xtask loom [--quick]     the loom suite only
//! cargo xtask shuttle [--quick]  the shuttle suite only
//! cargo xtask mutants [NAME...]   weaken each strategy (or those named); its model tests must fail
//! cargo xtask readme             copy the last suites' coverage tables into README.md
//! cargo xtask race --list | NAME  the race lab: find a bug, tell it as a timeline, replay it
//! cargo xtask callgrind [--save-baseline] [--threshold PCT]
//!                                instruction counts of the hot path against the checked-in baseline
//! cargo xtask corpus [--seed N]  make the benchmark corpora in target/corpora/
//! cargo xtask bench [--quick]    time every strategy and the baselines; docs/bench/ and the README's table
//! ```
//!
//! Each backend builds in its own target directory (`target/`,
//! `target/loom`, `target/shuttle`): a RUSTFLAGS change would otherwise
//! rebuild every dependency on every switch.
#![deny(unsafe_code)]

mod bench;
mod callgrind;
mod cargo_mutants;
mod costmodel;
mod coverage;
mod disk;
mod fuzz;
mod matrix;
mod miri;
mod msrv;
mod mutants;
mod nightly;
mod race;
mod readme;
mod steps;
mod tsan;

use std::process::ExitCode;
use std::time::Instant;
use steps::{Backend, Status, Step};

const USAGE: &str =
    "usage: cargo xtask <test|std|msrv|miri|tsan|fuzz|loom|shuttle|mutants|readme|race|callgrind|corpus|bench|costmodel> [--quick]

  test      fmt, clippy under std/loom/shuttle, docs, std tests, msrv, miri, tsan, loom and shuttle suites
  std       fmt, clippy under std/loom/shuttle, docs, std tests
  msrv      test (and check under loom and shuttle) with the declared rust-version's toolchain
  miri      the library's unit tests and tests/suite/miri.rs under Miri (nightly, several seeds)
  tsan      the threaded std tests under ThreadSanitizer (nightly, -Zbuild-std)
  fuzz      run the fuzz target (fuzz/) for `--time SECONDS` (default 60), with the Unicode
            dictionary; installs cargo-fuzz if missing (not part of `test`)
  loom      the loom model suite (honours LOOM_MAX_PREEMPTIONS for bounded models)
  shuttle   the shuttle model suite
  mutants   weaken each strategy's synchronisation; its model tests must catch it
            (`mutants claim-blocks sharded` runs only the strategies named);
            `mutants --cargo-mutants [--shard K/N] [--std-only]`: cargo-mutants over the
            strategies, words, source, feed and facade, against the std, shuttle, loom suites
  readme    copy the coverage tables of the last full suite runs into README.md
  race      the race lab: `race --list`, `race NAME [--checker C] [--html FILE]`, `race --matrix`
  callgrind instruction counts of benches/hot_path.rs under callgrind against the checked-in
            baseline; fails on a regression beyond 3% (`--threshold PCT`); `--save-baseline`
            re-records it (not part of `test`: needs valgrind)
  corpus    make the benchmark corpora (KJV x10, seeded Zipf texts) in target/corpora/ [--seed N]
  bench     time every strategy and the baselines, judge the performance targets, write docs/bench/
            (`bench --quick` for a smoke run; `bench --help` for the rest)
  costmodel where each strategy's time goes at 1-4 threads (locks, merges, channels), the cost
            model fitted to it and its prediction for 1-64 threads: docs/bench/costmodel.md
            (`--from DIR`: the same from scripts/scaling-run.sh's measurements on another machine)
  --quick   smoke mode: loom skips its bounded models, shuttle runs fewer schedules
            (skipped models are reported as skipped, never as passed)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let command = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(String::as_str);
    let plan: Vec<Step> = match command {
        Some("test") => full_plan(quick),
        Some("std") => static_and_std_plan(),
        Some("msrv") => vec![Step::Msrv],
        Some("mutants") if args.iter().any(|a| a == "--cargo-mutants") => {
            return cargo_mutants::run(&after(&args, "mutants"));
        }
        Some("miri") => vec![Step::Miri],
        Some("tsan") => vec![Step::Tsan],
        Some("fuzz") => {
            let rest = after(&args, "fuzz");
            return fuzz::run(&rest);
        }
        Some("mutants") => {
            // `cargo xtask mutants [STRATEGY...]`: all, or the ones named.
            let only: Vec<&str> = args
                .iter()
                .filter(|a| !a.starts_with("--") && *a != "mutants")
                .map(String::as_str)
                .collect();
            return if mutants::run(&only) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        Some("race") => {
            let rest = after(&args, "race");
            return race::run(&rest);
        }
        Some("callgrind") => {
            let rest = after(&args, "callgrind");
            return callgrind::run(&rest);
        }
        Some(command @ ("bench" | "corpus")) => {
            let rest = after(&args, command);
            return if command == "bench" {
                bench::run(&rest)
            } else {
                bench::corpus_command(&rest)
            };
        }
        Some("costmodel") => {
            let rest = after(&args, "costmodel");
            return costmodel::run(&rest);
        }
        Some("readme") => {
            return if readme::run() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        Some("loom") => vec![Step::ModelSuite(Backend::Loom, quick)],
        Some("shuttle") => vec![Step::ModelSuite(Backend::Shuttle, quick)],
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    run(&plan)
}

/// `cargo xtask std`: fmt, clippy under every backend, docs, std tests.
fn static_and_std_plan() -> Vec<Step> {
    let mut plan = vec![Step::Fmt];
    plan.extend(Backend::ALL.map(Step::Clippy));
    plan.push(Step::Docs);
    plan.push(Step::StdTests);
    plan
}

/// `cargo xtask test`: everything.
fn full_plan(quick: bool) -> Vec<Step> {
    let mut plan = static_and_std_plan();
    plan.push(Step::Msrv);
    plan.push(Step::Miri);
    plan.push(Step::Tsan);
    plan.push(Step::ModelSuite(Backend::Loom, quick));
    plan.push(Step::ModelSuite(Backend::Shuttle, quick));
    plan
}

/// The arguments after the subcommand `command`.
fn after(args: &[String], command: &str) -> Vec<String> {
    args.iter()
        .skip_while(|a| *a != command)
        .skip(1)
        .cloned()
        .collect()
}

/// Runs every step (a failure does not hide the later ones), then prints one
/// summary line per step and the model coverage table.
fn run(plan: &[Step]) -> ExitCode {
    let started = Instant::now();
    let outcomes: Vec<_> = plan
        .iter()
        .enumerate()
        .map(|(at, step)| {
            let outcome = step.run();
            for dir in steps::prunable(plan, at) {
                disk::prune(&dir);
            }
            (step, outcome)
        })
        .collect();

    println!("\n== tally xtask summary ==");
    for (step, outcome) in &outcomes {
        let verdict = match &outcome.status {
            Status::Passed => "PASS".to_owned(),
            Status::Failed => "FAIL".to_owned(),
            Status::Skipped(why) => format!("SKIPPED ({why})"),
        };
        println!("{:<28} {:>7.1}s  {verdict}", step.label(), outcome.seconds);
    }
    coverage::print_tables(plan);
    let count =
        |status: fn(&Status) -> bool| outcomes.iter().filter(|(_, o)| status(&o.status)).count();
    let failed = count(|s| *s == Status::Failed);
    let skipped = count(|s| matches!(s, Status::Skipped(_)));
    println!(
        "\n{} steps in {:.0}s",
        outcomes.len(),
        started.elapsed().as_secs_f64()
    );
    for (step, outcome) in &outcomes {
        if let Status::Skipped(why) = &outcome.status {
            println!("SKIPPED {}: {why}", step.label());
        }
    }
    // The last line in the plain form CI readers recognise.
    let skipped = if skipped > 0 {
        format!(", {skipped} skipped")
    } else {
        String::new()
    };
    println!(
        "xtask: {} passed, {failed} failed{skipped}",
        count(|s| *s == Status::Passed)
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `12345678` as `12,345,678`, for the tables and plots xtask writes.
pub(crate) fn thousands(n: u64) -> String {
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

    /// What pruning deletes after each step of `plan`, relative to
    /// `target/`.
    fn pruned(plan: &[Step]) -> Vec<(String, Vec<String>)> {
        let target = steps::workspace_root().join("target");
        (0..plan.len())
            .map(|at| {
                let dirs = steps::prunable(plan, at)
                    .iter()
                    .map(|dir| dir.strip_prefix(&target).unwrap().display().to_string())
                    .collect();
                (plan[at].label(), dirs)
            })
            .collect()
    }

    #[test]
    fn the_full_run_deletes_each_build_after_its_last_use_and_never_xtasks_own() {
        let expected: [(&str, &[&str]); 11] = [
            ("cargo fmt --check", &[]),
            // target/debug: the std check build, but also xtask's home.
            ("clippy (std)", &[]),
            ("clippy (loom)", &["loom/debug"]),
            ("clippy (shuttle)", &["shuttle/debug"]),
            ("cargo doc", &["doc"]),
            ("tests (std)", &["release"]),
            ("msrv", &["msrv"]),
            ("miri", &["miri"]),
            ("tsan (ThreadSanitizer)", &["tsan"]),
            ("loom suite", &["loom/release"]),
            ("shuttle suite", &["shuttle/release"]),
        ];
        let actual = pruned(&full_plan(false));
        assert_eq!(actual.len(), expected.len());
        for ((label, dirs), (expected_label, expected_dirs)) in actual.iter().zip(expected) {
            // msrv and miri labels carry a version and a seed count.
            assert!(
                label.starts_with(expected_label),
                "{label} is not {expected_label}"
            );
            assert_eq!(dirs, expected_dirs, "after {label}");
        }
    }

    #[test]
    fn a_build_a_later_step_uses_again_is_kept() {
        let plan = [Step::StdTests, Step::Fmt, Step::StdTests];
        let kept: Vec<_> = pruned(&plan).into_iter().map(|(_, dirs)| dirs).collect();
        assert_eq!(kept, [vec![], vec![], vec!["release".to_owned()]]);
    }
}
