//! `cargo xtask fuzz [--time SECONDS]`: the fuzz target `fuzz/fuzz_targets/count.rs`
//! under libFuzzer (`cargo +nightly fuzz run count`), for SECONDS (default
//! 60), with the Unicode dictionary `fuzz/dict/unicode.dict` and the seeds in
//! `fuzz/seeds/count/`; new inputs go to `fuzz/corpus/count/` (not in git),
//! crashes to `fuzz/artifacts/count/`. Installs `cargo-fuzz` when missing;
//! where it or nightly cannot be had, says `SKIPPED fuzz: <reason>` and exits
//! with status 2, never 0. Prints the executions and the time at the end.
//! Not part of `cargo xtask test`: a fuzzing run is open-ended.

use crate::steps::{workspace_root, Status};
use std::io::{BufRead, BufReader};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

const TARGET: &str = "count";
const DEFAULT_SECONDS: u64 = 60;

/// Whether `cargo fuzz` runs, installing it (and nightly) if needed.
fn available() -> Result<(), String> {
    crate::nightly::ensure(&[], || crate::nightly::sysroot().is_some())?;
    if crate::nightly::cargo_succeeds(&["fuzz", "--version"]) {
        return Ok(());
    }
    println!("$ cargo install cargo-fuzz --locked");
    let installed = Command::new("cargo")
        .args(["install", "cargo-fuzz", "--locked"])
        .status();
    if !installed.is_ok_and(|s| s.success()) {
        return Err("`cargo install cargo-fuzz --locked` failed".to_owned());
    }
    if crate::nightly::cargo_succeeds(&["fuzz", "--version"]) {
        Ok(())
    } else {
        Err("cargo-fuzz installed but `cargo fuzz --version` fails".to_owned())
    }
}

/// `--time SECONDS`, or the default.
fn seconds(args: &[String]) -> Result<u64, String> {
    match args.iter().position(|a| a == "--time") {
        None => Ok(DEFAULT_SECONDS),
        Some(i) => args
            .get(i + 1)
            .and_then(|s| s.parse().ok())
            .filter(|&s| s > 0)
            .ok_or_else(|| "usage: cargo xtask fuzz [--time SECONDS]".to_owned()),
    }
}

/// The executions and seconds of libFuzzer's last line,
/// `Done 123456 runs in 60 second(s)`.
fn done_line(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("Done ")?;
    let (runs, rest) = rest.split_once(" runs in ")?;
    let seconds = rest.split_whitespace().next()?;
    Some((runs.parse().ok()?, seconds.parse().ok()?))
}

/// Runs the fuzzer.
pub(crate) fn run(args: &[String]) -> ExitCode {
    let seconds = match seconds(args) {
        Ok(s) => s,
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    if let Err(why) = available() {
        println!("SKIPPED fuzz: {why}");
        return ExitCode::from(2);
    }
    let root = workspace_root();
    let fuzz = root.join("fuzz");
    let corpus = fuzz.join("corpus").join(TARGET);
    if let Err(e) = std::fs::create_dir_all(&corpus) {
        eprintln!("xtask fuzz: cannot create {}: {e}", corpus.display());
        return ExitCode::FAILURE;
    }
    let mut cmd = crate::nightly::cargo(&root.join("target/fuzz"));
    cmd.args(["fuzz", "run", TARGET])
        .arg(&corpus)
        .arg(fuzz.join("seeds").join(TARGET))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!(
            "-dict={}",
            fuzz.join("dict/unicode.dict").display()
        ))
        .arg("-print_final_stats=1")
        .stderr(Stdio::piped());
    println!("$ {cmd:?}");
    let started = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("xtask fuzz: cannot start cargo fuzz: {e}");
            return ExitCode::FAILURE;
        }
    };
    // libFuzzer reports on stderr: echo it, and keep its summary.
    let mut done = None;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("{line}");
            done = done_line(&line).or(done);
        }
    }
    let status = child.wait().map_or(Status::Failed, |s| {
        if s.success() {
            Status::Passed
        } else {
            Status::Failed
        }
    });
    let wall = started.elapsed().as_secs_f64();
    match done {
        Some((runs, fuzzing)) => println!(
            "xtask fuzz: {} executions in {fuzzing} s of fuzzing ({wall:.0} s with the build)",
            crate::thousands(runs)
        ),
        None => println!("xtask fuzz: no summary from libFuzzer ({wall:.0} s)"),
    }
    if status == Status::Passed {
        ExitCode::SUCCESS
    } else {
        println!(
            "xtask fuzz: FAILED; the input is in fuzz/artifacts/{TARGET}/ \
             (replay: cargo +nightly fuzz run {TARGET} <file>)"
        );
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzers_summary() {
        assert_eq!(
            done_line("Done 1234567 runs in 61 second(s)"),
            Some((1_234_567, 61))
        );
        assert_eq!(done_line("#1024 pulse cov: 10"), None);
    }

    #[test]
    fn time_defaults_and_parses() {
        assert_eq!(seconds(&[]), Ok(DEFAULT_SECONDS));
        assert_eq!(seconds(&["--time".into(), "300".into()]), Ok(300));
        assert!(seconds(&["--time".into()]).is_err());
        assert!(seconds(&["--time".into(), "0".into()]).is_err());
    }
}
