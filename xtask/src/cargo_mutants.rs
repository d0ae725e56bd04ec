//! `cargo xtask mutants --cargo-mutants [--shard K/N] [--std-only]`: how
//! strong the test suites are, measured by a tool nobody here wrote.
//!
//! [cargo-mutants](https://mutants.rs) changes one thing at a time in the
//! files `.cargo/mutants.toml` names (the strategies, the counting core,
//! the source, the feed and the facade: `||` for `&&`, a function body
//! replaced by a default value, ...) and runs one test command per mutant.
//! A mutant is caught when a test fails. cargo-mutants runs one command
//! under one `RUSTFLAGS`, so this runs it in rounds:
//!
//! 1. every mutant against the std suite (release, as `cargo xtask test`);
//! 2. the std round's survivors against the shuttle model suite
//!    (`RUSTFLAGS="--cfg shuttle"`);
//! 3. what still survives against the loom model suite.
//!
//! A mutant survives only if no round catches it. Each round is a separate
//! cargo-mutants run with its own output directory under
//! `target/cargo-mutants/`, so the normal builds are never touched.
//! cargo-mutants is installed with `cargo install` when missing; where it
//! cannot be, the command says so and fails. `--shard K/N` runs the K-th of
//! N slices (the run takes hours on 2 cores); not part of `cargo xtask test`.

use crate::steps::workspace_root;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

/// One round: its name, the RUSTFLAGS, the package whose tests run.
struct Round {
    name: &'static str,
    rustflags: &'static str,
    test_package: &'static str,
}

const ROUNDS: [Round; 3] = [
    Round {
        name: "std",
        rustflags: "",
        test_package: "tally",
    },
    Round {
        name: "shuttle",
        rustflags: "--cfg shuttle",
        test_package: "model-tests",
    },
    Round {
        name: "loom",
        rustflags: "--cfg loom",
        test_package: "model-tests",
    },
];

pub(crate) fn run(args: &[String]) -> ExitCode {
    match mutate(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("xtask mutants --cargo-mutants: {e}");
            ExitCode::FAILURE
        }
    }
}

fn mutate(args: &[String]) -> Result<bool, String> {
    let mut shard = None;
    let mut std_only = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--cargo-mutants" => {}
            "--std-only" => std_only = true,
            "--shard" => shard = Some(rest.next().ok_or("--shard needs K/N")?.clone()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    ensure_installed()?;
    let started = Instant::now();
    let out_root = workspace_root().join("target/cargo-mutants");
    let mut survivors: Option<BTreeSet<String>> = None;
    let mut caught_by = Vec::new();
    let mut total = None;
    let mut unviable = 0;
    for round in ROUNDS.iter().take(if std_only { 1 } else { 3 }) {
        if survivors.as_ref().is_some_and(BTreeSet::is_empty) {
            break;
        }
        let out = out_root.join(round.name);
        let round_started = Instant::now();
        let mut cmd = Command::new(env!("CARGO"));
        cmd.current_dir(workspace_root())
            .args(["mutants", "--no-shuffle", "--output"])
            .arg(&out)
            .args(["--test-package", round.test_package]);
        // Round-robin: a shard is a sample of every file, not one file.
        // Only the first round shards; later ones take its survivors.
        if let (Some(shard), None) = (&shard, &survivors) {
            cmd.args(["--shard", shard, "--sharding", "round-robin"]);
        }
        // Later rounds retest only the survivors, each named exactly.
        if let Some(names) = &survivors {
            for name in names {
                cmd.args(["--re", &format!("^{}$", regex_escape(name))]);
            }
        }
        cmd.env("RUSTFLAGS", round.rustflags);
        eprintln!("xtask: cargo-mutants, {} round", round.name);
        std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        let status = cmd
            .status()
            .map_err(|e| format!("cannot run cargo mutants: {e}"))?;
        // 0: every mutant caught; 2: some missed; 3: some timed out (all
        // judged below). Anything else (the unmutated tree failing its
        // tests, a usage error) means the round proves nothing.
        if !matches!(status.code(), Some(0 | 2 | 3)) {
            return Err(format!(
                "the {} round failed: cargo mutants {status}",
                round.name
            ));
        }
        let dir = out.join("mutants.out");
        let missed = read_names(&dir.join("missed.txt"))?;
        let timeout = read_names(&dir.join("timeout.txt"))?;
        let caught = read_names(&dir.join("caught.txt"))?;
        let round_unviable = read_names(&dir.join("unviable.txt"))?;
        if caught.is_empty() && missed.is_empty() && timeout.is_empty() {
            return Err(format!(
                "the {} round tested no mutant (see {})",
                round.name,
                dir.display()
            ));
        }
        if total.is_none() {
            total = Some(caught.len() + missed.len() + timeout.len() + round_unviable.len());
            unviable = round_unviable.len();
        }
        // A timeout is a caught mutant: the suite noticed (a hang), as the
        // model suites' deadlock checks would.
        caught_by.push((
            round.name,
            caught.len() + timeout.len(),
            round_started.elapsed(),
        ));
        survivors = Some(missed.into_iter().collect());
    }
    let survivors = survivors.unwrap_or_default();
    let total = total.unwrap_or(0);
    let viable = total - unviable;
    println!("\n== cargo-mutants ==");
    println!("mutants: {total} ({unviable} do not build, so prove nothing; {viable} viable)");
    for (round, caught, took) in &caught_by {
        println!(
            "  {round:<8} round: caught {caught} ({:.0} s)",
            took.as_secs_f64()
        );
    }
    let killed = viable - survivors.len();
    println!(
        "score: {killed}/{viable} viable mutants caught ({:.1}%) in {:.0} s{}",
        if viable > 0 {
            100.0 * killed as f64 / viable as f64
        } else {
            0.0
        },
        started.elapsed().as_secs_f64(),
        shard.map_or(String::new(), |s| format!(", shard {s}"))
    );
    for name in &survivors {
        println!("SURVIVED {name}");
    }
    Ok(survivors.is_empty())
}

/// Installs cargo-mutants if `cargo mutants` is not there.
fn ensure_installed() -> Result<(), String> {
    let works = || {
        Command::new(env!("CARGO"))
            .args(["mutants", "--version"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if works() {
        return Ok(());
    }
    eprintln!("xtask: installing cargo-mutants (cargo install cargo-mutants --locked)");
    let installed = Command::new(env!("CARGO"))
        .args(["install", "cargo-mutants", "--locked"])
        .status()
        .is_ok_and(|s| s.success());
    if installed && works() {
        Ok(())
    } else {
        Err(
            "SKIPPED cargo-mutants: it is not installed and `cargo install cargo-mutants` failed"
                .into(),
        )
    }
}

/// The mutant names in one of cargo-mutants' outcome lists (absent: none).
fn read_names(path: &Path) -> Result<Vec<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// `name` as a regular expression matching exactly itself.
fn regex_escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_name_is_taken_literally() {
        assert_eq!(
            regex_escape("src/a.rs:1:2: replace f -> (usize, [u8]) with 0"),
            "src/a\\.rs:1:2: replace f \\-> \\(usize, \\[u8\\]\\) with 0"
        );
    }
}
