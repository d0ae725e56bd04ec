//! Project automation (the xtask convention): `cargo xtask test` is the one
//! command that checks everything, and what `.ci/run` runs. The GitHub
//! workflow runs the same steps split in three jobs (`std`, `loom`, `shuttle`).
//!
//! ```text
//! cargo xtask test [--quick]     fmt, clippy (std, loom, shuttle), docs, std tests, both model suites
//! cargo xtask std                fmt, clippy (std, loom, shuttle), docs, std tests
//! cargo xtask loom [--quick]     the loom suite only
//! cargo xtask shuttle [--quick]  the shuttle suite only
//! cargo xtask mutants            weaken each strategy; its model tests must fail
//! ```
//!
//! Each backend builds in its own target directory (`target/`,
//! `target/loom`, `target/shuttle`): a RUSTFLAGS change would otherwise
//! rebuild every dependency on every switch.

mod coverage;
mod mutants;
mod steps;

use std::process::ExitCode;
use std::time::Instant;
use steps::{Backend, Step};

const USAGE: &str = "usage: cargo xtask <test|std|loom|shuttle|mutants> [--quick]

  test      fmt, clippy under std/loom/shuttle, docs, std tests, loom and shuttle suites
  std       fmt, clippy under std/loom/shuttle, docs, std tests
  loom      the loom model suite (honours LOOM_MAX_PREEMPTIONS for bounded models)
  shuttle   the shuttle model suite
  mutants   weaken each strategy's synchronisation; its model tests must catch it
  --quick   smoke mode: loom skips its bounded models, shuttle runs fewer schedules
            (skipped models are reported as skipped, never as passed)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let command = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(String::as_str);
    let static_and_std = || {
        let mut plan = vec![Step::Fmt];
        plan.extend(Backend::ALL.map(Step::Clippy));
        plan.push(Step::Docs);
        plan.push(Step::StdTests);
        plan
    };
    let plan: Vec<Step> = match command {
        Some("test") => {
            let mut plan = static_and_std();
            plan.push(Step::ModelSuite(Backend::Loom, quick));
            plan.push(Step::ModelSuite(Backend::Shuttle, quick));
            plan
        }
        Some("std") => static_and_std(),
        Some("mutants") => {
            return if mutants::run() {
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

/// Runs every step (a failure does not hide the later ones), then prints one
/// summary line per step and the model coverage table.
fn run(plan: &[Step]) -> ExitCode {
    let started = Instant::now();
    let outcomes: Vec<_> = plan.iter().map(|step| (step, step.run())).collect();

    println!("\n== tally xtask summary ==");
    for (step, outcome) in &outcomes {
        let verdict = if outcome.passed { "PASS" } else { "FAIL" };
        println!("{verdict}  {:<28} {:>7.1}s", step.label(), outcome.seconds);
    }
    coverage::print_tables(plan);
    let failed = outcomes.iter().filter(|(_, o)| !o.passed).count();
    println!(
        "\n{} steps in {:.0}s",
        outcomes.len(),
        started.elapsed().as_secs_f64()
    );
    // The last line in the plain form CI readers recognise.
    println!(
        "xtask: {} passed, {} failed",
        outcomes.len() - failed,
        failed
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
