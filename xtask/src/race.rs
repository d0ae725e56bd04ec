//! `cargo xtask race`: the race lab's front door.
//!
//! ```text
//! cargo xtask race --list
//! cargo xtask race --matrix     every twin under every checker (see matrix.rs), into the README
//! cargo xtask race NAME [--checker loom|loom-bounded|random|pct|dfs] [--seed N]
//!                       [--model MODEL] [--html FILE] [--replay FILE]
//! ```
//!
//! `--list` prints every subject. Otherwise xtask picks the backend from the
//! checker (by default the one that can see the subject's bug: loom, or
//! shuttle's PCT where loom is blind to it), builds the `race` binary of
//! `model-tests` under that backend's cfg in its own target directory, and
//! runs it: the verdict, the failing execution's timeline and the line
//! `replay: ...` that re-runs exactly that execution. Exit 0 when a failing
//! execution was found, 1 when none was (a correct strategy), 2 on a usage
//! error.

use crate::steps::{workspace_root, Backend};
use std::process::ExitCode;
use tally::broken::{Broken, ModelChecker};
use tally::Strategy;

/// Runs `cargo xtask race ARGS`.
pub(crate) fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--list") {
        list();
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "--matrix") {
        return crate::matrix::run();
    }
    // The subject: the one argument that is neither an option nor an
    // option's value.
    let name = args.iter().enumerate().find(|&(i, arg)| {
        !arg.starts_with("--") && (i == 0 || !TAKES_VALUE.contains(&args[i - 1].as_str()))
    });
    let Some((_, name)) = name else {
        eprintln!("usage: cargo xtask race --list | race NAME [--checker C] [--seed N] [--model M] [--html FILE] [--replay FILE]");
        return ExitCode::from(2);
    };
    if let Some(option) = TAKES_VALUE
        .iter()
        .find(|option| args.last().is_some_and(|last| last == *option))
    {
        eprintln!("xtask race: {option} needs a value");
        return ExitCode::from(2);
    }
    let checker = match value_of(args, "--checker") {
        Some(checker) => checker.to_owned(),
        None => match default_checker(name) {
            Some(checker) => checker.to_owned(),
            None => {
                eprintln!(
                    "xtask race: no strategy or twin named {name:?} (cargo xtask race --list)"
                );
                return ExitCode::from(2);
            }
        },
    };
    let backend = match checker.as_str() {
        "loom" | "loom-bounded" => Backend::Loom,
        "random" | "pct" | "pct3" | "dfs" => Backend::Shuttle,
        other => {
            eprintln!(
                "xtask race: unknown checker {other:?} (loom, loom-bounded, random, pct, pct3, dfs)"
            );
            return ExitCode::from(2);
        }
    };
    let mut cmd = backend.cargo_in(workspace_root(), &backend.target_dir());
    cmd.args([
        "run",
        "--quiet",
        "--release",
        "-p",
        "model-tests",
        "--bin",
        "race",
        "--",
    ]);
    cmd.args(args);
    if value_of(args, "--checker").is_none() {
        cmd.args(["--checker", &checker]);
    }
    match cmd.status() {
        Ok(status) => ExitCode::from(status.code().unwrap_or(2) as u8),
        Err(e) => {
            eprintln!("xtask race: cannot run cargo: {e}");
            ExitCode::from(2)
        }
    }
}

/// The checker that finds `name`'s bug: loom's exhaustive search unless
/// loom is blind to it, then shuttle's PCT. A correct strategy gets loom,
/// whose exhaustive search can say "none" with authority.
fn default_checker(name: &str) -> Option<&'static str> {
    if Strategy::ALL.iter().any(|s| s.name() == name) {
        return Some("loom");
    }
    let twin = Broken::ALL.into_iter().find(|b| b.name() == name)?;
    Some(match twin.blind_spot(ModelChecker::Loom) {
        None => "loom",
        Some(_) => "pct",
    })
}

fn list() {
    for strategy in Strategy::ALL {
        println!(
            "{:<22} correct  {}",
            strategy.name(),
            strategy.description()
        );
    }
    for twin in Broken::ALL {
        println!("{:<22} broken   {}", twin.name(), twin.description());
    }
}

const TAKES_VALUE: [&str; 5] = ["--checker", "--seed", "--model", "--html", "--replay"];

fn value_of<'a>(args: &'a [String], option: &str) -> Option<&'a str> {
    args.windows(2)
        .find(|pair| pair[0] == option)
        .map(|pair| pair[1].as_str())
}
