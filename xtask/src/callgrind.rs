//! `cargo xtask callgrind`: the instruction-count regression guard.
//!
//! Wall times on a shared machine are noisy; the number of instructions the
//! counting hot path executes is not. This command runs `benches/hot_path.rs`
//! under callgrind (through [gungraun](https://docs.rs/gungraun), the
//! renamed iai-callgrind) and compares each benchmark's instruction count
//! (callgrind's `Ir`, benchmark function only, setup excluded) with the
//! checked-in baseline `benches/hot_path.baseline.json`. It fails, naming
//! each one, when a benchmark executes more than the threshold (default
//! [`DEFAULT_THRESHOLD_PCT`] %, `--threshold PCT`) above its baseline, when a
//! benchmark has no baseline, or when a baseline has no benchmark; it prints
//! baseline, now and change for every benchmark, improvements included.
//! `--save-baseline` rewrites the baseline file from this run instead.
//!
//! ```text
//! cargo xtask callgrind                    compare with the baseline, fail beyond 3%
//! cargo xtask callgrind --threshold 1.5    another threshold, in percent
//! cargo xtask callgrind --save-baseline    record the baseline (then commit it)
//! ```
//!
//! Not a step of `cargo xtask test`: it needs valgrind, and a change that
//! costs instructions on purpose needs a person to re-record the baseline.
//!
//! Why gungraun 0.19: gungraun-runner, the binary that drives valgrind, must
//! be exactly the library's version, so this command installs it itself
//! (`cargo install gungraun-runner --version <locked> --locked --root
//! target/tools`) when `target/tools` lacks it, and puts it first on the
//! bench's `PATH`. 0.19 is the newest release whose rust-version (1.85.1)
//! is within the workspace's 1.87 (0.20 needs 1.88; iai-callgrind, the old
//! name, stopped at 0.16). It needs nothing of valgrind beyond plain
//! callgrind (only its optional cachegrind mode wants valgrind 3.22), so
//! Debian's valgrind 3.19 serves.
//!
//! Counts are exact for one binary on one machine, but depend on the
//! compiler (a new rustc can move them by more than the threshold), and a
//! little on glibc and on the CPU features valgrind reports (glibc picks its
//! `memcpy` by them). The baseline records rustc, valgrind, gungraun and
//! glibc; a run with other versions warns, naming what differs, and still
//! compares. Re-record the baseline where the guard runs, after a toolchain
//! update or an intended change in cost.

use crate::steps::{workspace_root, Backend};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// A benchmark fails when it executes more than this percentage of
/// instructions above its baseline.
pub(crate) const DEFAULT_THRESHOLD_PCT: f64 = 3.0;

/// The bench target (in the root package) and its baseline file.
const BENCH: &str = "hot_path";
const BASELINE: &str = "benches/hot_path.baseline.json";
/// The library whose runner must be installed at exactly its version.
const LIBRARY: &str = "gungraun";
const RUNNER: &str = "gungraun-runner";

const USAGE: &str = "usage: cargo xtask callgrind [--save-baseline] [--threshold PCT]";

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub(crate) struct Options {
    save_baseline: bool,
    threshold_pct: f64,
}

/// Parses the arguments after `callgrind`.
pub(crate) fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        save_baseline: false,
        threshold_pct: DEFAULT_THRESHOLD_PCT,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let threshold = match arg.as_str() {
            "--save-baseline" => {
                options.save_baseline = true;
                continue;
            }
            "--threshold" => args.next().map(String::as_str),
            other => match other.strip_prefix("--threshold=") {
                Some(value) => Some(value),
                None => return Err(format!("unknown argument {other:?}")),
            },
        };
        let Some(value) = threshold else {
            return Err("--threshold needs a percentage".into());
        };
        match value.trim_end_matches('%').parse::<f64>() {
            Ok(pct) if pct.is_finite() && pct >= 0.0 => options.threshold_pct = pct,
            _ => return Err(format!("--threshold {value:?}: expected a percentage >= 0")),
        }
    }
    Ok(options)
}

/// Runs the command.
pub(crate) fn run(args: &[String]) -> ExitCode {
    let options = match parse_args(args) {
        Ok(options) => options,
        Err(why) => {
            eprintln!("xtask callgrind: {why}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let passed = match guard(&options) {
        Ok(passed) => passed,
        Err(why) => {
            eprintln!("xtask callgrind: FAIL: {why}");
            false
        }
    };
    println!(
        "xtask callgrind: {:.0}s in all",
        started.elapsed().as_secs_f64()
    );
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Everything after parsing: `Ok(false)` is a regression (already
/// reported), `Err` a guard that could not run.
fn guard(options: &Options) -> Result<bool, String> {
    let root = workspace_root();
    let valgrind = first_line(Command::new("valgrind").arg("--version")).map_err(|e| {
        format!("valgrind is needed ({e}); on Debian or Ubuntu: apt-get install valgrind")
    })?;
    let version = locked_version(&read(&root.join("Cargo.lock"))?, LIBRARY)
        .ok_or_else(|| format!("no `{LIBRARY}` in Cargo.lock"))?;
    let tools = Backend::Std.target_dir().join("tools");
    ensure_runner(&tools, &version)?;

    let environment = json!({
        "rustc": first_line(Command::new(rustc()).arg("-V"))?,
        "valgrind": valgrind,
        "gungraun": version,
        "glibc": first_line(Command::new("getconf").arg("GNU_LIBC_VERSION"))
            .unwrap_or_else(|_| "unknown".into()),
    });
    let measured = measure(&tools.join("bin"))?;

    let path = root.join(BASELINE);
    let baseline = match std::fs::read_to_string(&path) {
        Ok(text) => Some(Baseline::parse(&text).map_err(|e| format!("{BASELINE}: {e}"))?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read {BASELINE}: {e}")),
    };
    if let Some(baseline) = &baseline {
        for warning in baseline.environment_differences(&environment) {
            println!("xtask callgrind: WARNING: {warning}");
        }
    }
    let empty = Baseline::default();
    let comparison = compare(
        &baseline.as_ref().unwrap_or(&empty).benchmarks,
        &measured,
        options.threshold_pct,
    );
    print!("{}", comparison.table(options.save_baseline));

    if options.save_baseline {
        let text = Baseline::render(&environment, &measured);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {BASELINE}: {e}"))?;
        println!(
            "xtask callgrind: baseline of {} benchmarks written to {BASELINE}; commit it",
            measured.len()
        );
        return Ok(true);
    }
    if baseline.is_none() {
        return Err(format!(
            "no baseline at {BASELINE}: record one with `cargo xtask callgrind --save-baseline`"
        ));
    }
    let failures = comparison.failures();
    if failures.is_empty() {
        println!(
            "xtask callgrind: PASS: no benchmark regressed beyond {}%",
            options.threshold_pct
        );
        Ok(true)
    } else {
        println!(
            "xtask callgrind: FAIL: {} of {} benchmarks beyond the {}% threshold or unmatched:",
            failures.len(),
            comparison.rows.len(),
            options.threshold_pct
        );
        for failure in failures {
            println!("  {failure}");
        }
        println!(
            "If the cost is intended, re-record the baseline: `cargo xtask callgrind --save-baseline`"
        );
        Ok(false)
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The first line a command prints on stdout, if it succeeds.
fn first_line(cmd: &mut Command) -> Result<String, String> {
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{cmd:?} failed ({})", output.status));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned())
}

/// The rustc of the toolchain whose cargo runs xtask (its sibling), so the
/// recorded version is the one that compiles the bench.
fn rustc() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .and_then(|cargo| Some(cargo.parent()?.join("rustc")))
        .filter(|rustc| rustc.is_file())
        .unwrap_or_else(|| "rustc".into())
}

/// The version of `package` that `Cargo.lock` pins.
pub(crate) fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name = format!("name = \"{package}\"");
    lock.lines()
        .map(str::trim)
        .skip_while(|line| *line != name)
        .skip(1)
        .take_while(|line| !line.is_empty())
        .find_map(|line| line.strip_prefix("version = \""))
        .map(|v| v.trim_end_matches('"').to_owned())
}

/// Installs the runner into `tools` unless that exact version is there.
fn ensure_runner(tools: &Path, version: &str) -> Result<(), String> {
    let binary = tools.join("bin").join(RUNNER);
    // `cargo install` records what it installed; a binary of another
    // version would refuse the bench (the runner checks) but cost a build.
    let record = std::fs::read_to_string(tools.join(".crates.toml")).unwrap_or_default();
    if binary.is_file() && record.contains(&format!("\"{RUNNER} {version} ")) {
        return Ok(());
    }
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["install", RUNNER, "--version", &format!("={version}")])
        .arg("--locked")
        .arg("--root")
        .arg(tools)
        // Its own temporary target directory and flags: a tool build must
        // not share (and churn) the workspace's.
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS");
    println!(
        "xtask callgrind: installing {RUNNER} {version} (once) into {}",
        tools.display()
    );
    println!("$ {cmd:?}");
    match cmd.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("`cargo install {RUNNER}` failed ({status})")),
        Err(e) => Err(format!("cannot run cargo install: {e}")),
    }
}

/// Builds and runs the bench under callgrind; each benchmark's `Ir`.
fn measure(runner_dir: &Path) -> Result<BTreeMap<String, u64>, String> {
    let mut cmd = Backend::Std.cargo();
    cmd.args(["bench", "-p", "tally", "--bench", BENCH, "--"])
        // One JSON summary per benchmark on stdout.
        .arg("--output-format=json");
    let path = std::env::join_paths(
        std::iter::once(runner_dir.to_path_buf()).chain(
            std::env::var_os("PATH")
                .iter()
                .flat_map(std::env::split_paths),
        ),
    )
    .map_err(|e| format!("cannot extend PATH: {e}"))?;
    cmd.env("PATH", path);
    // Nothing from the caller's environment may configure the runner (a
    // GUNGRAUN_* setting would change what is measured) or point the bench
    // at another runner binary.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("GUNGRAUN_") || key.starts_with("IAI_CALLGRIND_") {
            cmd.env_remove(&*key);
        }
    }
    cmd.stdout(Stdio::piped());
    println!("$ {cmd:?}");
    let output = cmd
        .spawn()
        .and_then(|child| child.wait_with_output())
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        print!("{stdout}");
        return Err(format!(
            "`cargo bench --bench {BENCH}` failed ({})",
            output.status
        ));
    }
    let measured = parse_summaries(&stdout)?;
    if measured.is_empty() {
        return Err(format!(
            "`cargo bench --bench {BENCH}` reported no benchmark"
        ));
    }
    Ok(measured)
}

/// Each benchmark's name (`function::id`) and `Ir`, from gungraun's JSON
/// summaries (one object per benchmark).
pub(crate) fn parse_summaries(stdout: &str) -> Result<BTreeMap<String, u64>, String> {
    let mut measured = BTreeMap::new();
    for summary in serde_json::Deserializer::from_str(stdout).into_iter::<Value>() {
        let summary = summary.map_err(|e| format!("unreadable benchmark summary: {e}"))?;
        let function = summary["function_name"]
            .as_str()
            .ok_or("a benchmark summary without function_name")?;
        let name = match summary["id"].as_str() {
            Some(id) => format!("{function}::{id}"),
            None => function.to_owned(),
        };
        let ir = instructions(&summary).ok_or_else(|| format!("no callgrind Ir for {name}"))?;
        if measured.insert(name.clone(), ir).is_some() {
            return Err(format!("two benchmarks named {name}"));
        }
    }
    Ok(measured)
}

/// The new `Ir` total of a summary's callgrind profile. gungraun reports
/// new and old (the previous run in target/) as `Left`, `Right` or `Both`.
fn instructions(summary: &Value) -> Option<u64> {
    let profile = summary["profiles"]
        .as_array()?
        .iter()
        .find(|p| p["tool"] == "Callgrind")?;
    let metrics = &profile["summaries"]["total"]["summary"]["Callgrind"]["Ir"]["metrics"];
    let new = metrics
        .get("Left")
        .or_else(|| metrics.get("Both").and_then(|both| both.get(0)))?;
    new["Int"].as_u64()
}

/// The checked-in baseline.
#[derive(Debug, Default)]
struct Baseline {
    environment: BTreeMap<String, String>,
    benchmarks: BTreeMap<String, u64>,
}

impl Baseline {
    fn parse(text: &str) -> Result<Baseline, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let strings = |key: &str| -> Result<BTreeMap<String, String>, String> {
            let object = value[key].as_object().ok_or(format!("no `{key}` object"))?;
            Ok(object
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect())
        };
        let benchmarks = value["benchmarks"]
            .as_object()
            .ok_or("no `benchmarks` object")?
            .iter()
            .map(|(name, ir)| match ir.as_u64() {
                Some(ir) => Ok((name.clone(), ir)),
                None => Err(format!("benchmark {name}: {ir} is not a count")),
            })
            .collect::<Result<_, _>>()?;
        Ok(Baseline {
            environment: strings("recorded_with")?,
            benchmarks,
        })
    }

    fn render(environment: &Value, measured: &BTreeMap<String, u64>) -> String {
        let value = json!({
            "about": format!(
                "Instructions executed (callgrind Ir) by each benchmark of benches/{BENCH}.rs. \
                 Written by `cargo xtask callgrind --save-baseline`; \
                 `cargo xtask callgrind` fails on a regression beyond its threshold."
            ),
            "recorded_with": environment,
            "benchmarks": measured,
        });
        let mut text = serde_json::to_string_pretty(&value).expect("JSON values serialise");
        text.push('\n');
        text
    }

    /// What differs between the recording environment and this one.
    fn environment_differences(&self, now: &Value) -> Vec<String> {
        let Some(now) = now.as_object() else {
            return Vec::new();
        };
        now.iter()
            .filter_map(|(key, value)| {
                let now = value.as_str().unwrap_or_default();
                let then = self
                    .environment
                    .get(key)
                    .map_or("(not recorded)", String::as_str);
                (then != now).then(|| {
                    format!(
                        "the baseline was recorded with {key} `{then}`, this run uses `{now}`: \
                         counts may differ for that reason alone; re-record the baseline \
                         (`cargo xtask callgrind --save-baseline`) if so"
                    )
                })
            })
            .collect()
    }
}

/// One benchmark, compared.
#[derive(Debug, PartialEq)]
pub(crate) struct Row {
    name: String,
    baseline: Option<u64>,
    now: Option<u64>,
}

impl Row {
    /// The change in percent, when both counts are known.
    fn change_pct(&self) -> Option<f64> {
        let (baseline, now) = (self.baseline?, self.now?);
        if baseline == 0 {
            return None;
        }
        Some((now as f64 - baseline as f64) / baseline as f64 * 100.0)
    }

    fn verdict(&self, threshold_pct: f64) -> Verdict {
        match (self.baseline, self.now, self.change_pct()) {
            (None, _, _) => Verdict::NoBaseline,
            (_, None, _) => Verdict::NotRun,
            (Some(b), Some(n), None) => {
                if b == n {
                    Verdict::Ok
                } else {
                    Verdict::Regressed
                }
            }
            (_, _, Some(pct)) if pct > threshold_pct => Verdict::Regressed,
            (_, _, Some(pct)) if pct < -threshold_pct => Verdict::Improved,
            _ => Verdict::Ok,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Verdict {
    Ok,
    Improved,
    Regressed,
    NoBaseline,
    NotRun,
}

/// Every benchmark of the baseline and of the run.
#[derive(Debug)]
pub(crate) struct Comparison {
    rows: Vec<Row>,
    threshold_pct: f64,
}

/// Pairs the baseline with the run, by name.
pub(crate) fn compare(
    baseline: &BTreeMap<String, u64>,
    now: &BTreeMap<String, u64>,
    threshold_pct: f64,
) -> Comparison {
    let mut names: Vec<&String> = baseline.keys().chain(now.keys()).collect();
    names.sort();
    names.dedup();
    let rows = names
        .into_iter()
        .map(|name| Row {
            name: name.clone(),
            baseline: baseline.get(name).copied(),
            now: now.get(name).copied(),
        })
        .collect();
    Comparison {
        rows,
        threshold_pct,
    }
}

impl Comparison {
    /// A line per benchmark that fails the guard.
    pub(crate) fn failures(&self) -> Vec<String> {
        self.rows
            .iter()
            .filter_map(|row| match row.verdict(self.threshold_pct) {
                Verdict::Regressed => Some(format!(
                    "{}: regressed {} ({} -> {} instructions)",
                    row.name,
                    row.change_pct()
                        .map_or_else(|| "from 0".to_owned(), |pct| format!("{pct:+.2}%")),
                    crate::thousands(row.baseline.unwrap_or_default()),
                    crate::thousands(row.now.unwrap_or_default()),
                )),
                Verdict::NoBaseline => Some(format!("{}: no baseline for it", row.name)),
                Verdict::NotRun => Some(format!("{}: in the baseline but not run", row.name)),
                Verdict::Ok | Verdict::Improved => None,
            })
            .collect()
    }

    /// The table: baseline, now, change and verdict per benchmark (when
    /// `saving`, what the new baseline replaces).
    pub(crate) fn table(&self, saving: bool) -> String {
        let threshold_pct = self.threshold_pct;
        let width = self
            .rows
            .iter()
            .map(|row| row.name.len())
            .chain(["benchmark".len()])
            .max()
            .unwrap_or_default();
        let heading = if saving {
            "instructions executed (callgrind Ir), recorded as the new baseline".to_owned()
        } else {
            format!("instructions executed (callgrind Ir); fails above +{threshold_pct}%")
        };
        let mut out = format!(
            "\n{heading}\n\n\
             {:<width$}  {:>14}  {:>14}  {:>8}  verdict\n",
            "benchmark", "baseline", "now", "change"
        );
        let count = |n: Option<u64>| n.map_or_else(|| "-".to_owned(), crate::thousands);
        for row in &self.rows {
            let change = row
                .change_pct()
                .map_or_else(|| "-".to_owned(), |pct| format!("{pct:+.2}%"));
            let verdict = match row.verdict(threshold_pct) {
                _ if saving => "",
                Verdict::Ok => "ok",
                Verdict::Improved => "improved (re-record the baseline to keep the gain)",
                Verdict::Regressed => "REGRESSED",
                Verdict::NoBaseline => "NO BASELINE",
                Verdict::NotRun => "NOT RUN",
            };
            out.push_str(&format!(
                "{:<width$}  {:>14}  {:>14}  {:>8}  {verdict}\n",
                row.name,
                count(row.baseline),
                count(row.now),
                change
            ));
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|&(k, v)| (k.to_owned(), v)).collect()
    }

    #[test]
    fn a_regression_beyond_the_threshold_fails_and_is_named() {
        let base = counts(&[("a::x", 1000), ("b::y", 1000)]);
        let now = counts(&[("a::x", 1031), ("b::y", 1030)]);
        let failures = compare(&base, &now, 3.0).failures();
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(
            failures[0].starts_with("a::x: regressed +3.10%"),
            "{failures:?}"
        );
    }

    #[test]
    fn improvements_pass_and_are_reported() {
        let comparison = compare(&counts(&[("a", 1000)]), &counts(&[("a", 900)]), 3.0);
        assert!(comparison.failures().is_empty());
        assert!(comparison.table(false).contains("-10.00%  improved"));
    }

    #[test]
    fn a_benchmark_without_baseline_or_a_baseline_without_benchmark_fails() {
        let failures = compare(&counts(&[("gone", 5)]), &counts(&[("new", 5)]), 3.0).failures();
        assert_eq!(
            failures,
            [
                "gone: in the baseline but not run",
                "new: no baseline for it"
            ]
        );
    }

    #[test]
    fn threshold_and_flags_parse() {
        let args = |s: &[&str]| s.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_args(&args(&["--threshold", "1.5", "--save-baseline"])),
            Ok(Options {
                save_baseline: true,
                threshold_pct: 1.5
            })
        );
        assert_eq!(
            parse_args(&args(&["--threshold=5%"]))
                .unwrap()
                .threshold_pct,
            5.0
        );
        assert_eq!(
            parse_args(&[]).unwrap().threshold_pct,
            DEFAULT_THRESHOLD_PCT
        );
        assert!(parse_args(&args(&["--threshold"])).is_err());
        assert!(parse_args(&args(&["--threshold", "-1"])).is_err());
        assert!(parse_args(&args(&["--baseline"])).is_err());
    }

    #[test]
    fn the_locked_version_is_read_from_cargo_lock() {
        let lock = "[[package]]\nname = \"gungraun-macros\"\nversion = \"0.9.0\"\n\n\
                    [[package]]\nname = \"gungraun\"\nversion = \"0.19.0\"\nsource = \"x\"\n";
        assert_eq!(locked_version(lock, "gungraun").as_deref(), Some("0.19.0"));
        assert_eq!(locked_version(lock, "iai-callgrind"), None);
    }

    #[test]
    fn the_workspace_locks_a_version_of_the_library() {
        let lock = read(&workspace_root().join("Cargo.lock")).unwrap();
        assert!(locked_version(&lock, LIBRARY).is_some());
    }

    #[test]
    fn the_checked_in_baseline_parses() {
        let text = read(&workspace_root().join(BASELINE)).unwrap();
        let baseline = Baseline::parse(&text).unwrap();
        assert!(!baseline.benchmarks.is_empty());
        assert!(baseline.environment.contains_key("rustc"));
    }

    #[test]
    fn a_different_toolchain_is_a_warning_naming_it() {
        let baseline = Baseline::parse(
            r#"{"recorded_with": {"rustc": "rustc 1.87.0", "valgrind": "valgrind-3.19.0"},
                "benchmarks": {"a": 1}}"#,
        )
        .unwrap();
        let now = json!({"rustc": "rustc 1.95.0", "valgrind": "valgrind-3.19.0"});
        let warnings = baseline.environment_differences(&now);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with(
                "the baseline was recorded with rustc `rustc 1.87.0`, this run uses `rustc 1.95.0`"
            ),
            "{warnings:?}"
        );
    }

    /// gungraun's summary, cut down to what is read (the shape of 0.19's
    /// `--output-format=json`: new count first, the previous run's second).
    const SUMMARIES: &str = r#"
        {"function_name":"from_text","id":"prose","profiles":[
          {"tool":"DHAT","summaries":{}},
          {"tool":"Callgrind","summaries":{"total":{"summary":{"Callgrind":{
            "Ir":{"metrics":{"Both":[{"Int":69395372},{"Int":69000000}]}},
            "Dr":{"metrics":{"Both":[{"Int":1},{"Int":2}]}}}}}}}]}
        {"function_name":"top_10","id":"vocabulary_heavy","profiles":[
          {"tool":"Callgrind","summaries":{"total":{"summary":{"Callgrind":{
            "Ir":{"metrics":{"Left":{"Int":14826084}}}}}}}}]}
    "#;

    #[test]
    fn instruction_counts_are_read_from_gungraun_summaries() {
        assert_eq!(
            parse_summaries(SUMMARIES).unwrap(),
            counts(&[
                ("from_text::prose", 69_395_372),
                ("top_10::vocabulary_heavy", 14_826_084)
            ])
        );
        let no_ir = r#"{"function_name":"f","id":"x","profiles":[]}"#;
        assert_eq!(
            parse_summaries(no_ir),
            Err("no callgrind Ir for f::x".into())
        );
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(crate::thousands(0), "0");
        assert_eq!(crate::thousands(999), "999");
        assert_eq!(crate::thousands(1000), "1,000");
        assert_eq!(crate::thousands(12_345_678), "12,345,678");
    }
}
