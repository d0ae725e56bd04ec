//! `cargo xtask bench` and `cargo xtask corpus`: the performance issue's
//! measurements, from corpora to verdicts.
//!
//! ```text
//! cargo xtask corpus [--seed N] [--quick]     make the corpora in target/corpora/
//! cargo xtask bench [--quick] [--runs N] [--corpora A,B] [--seed N] [--criterion] [--check]
//! ```
//!
//! `bench` builds `tally` and `examples/baseline.rs` in release (one at a
//! time, so the measured binary is exactly `cargo build --release`'s), makes the
//! corpora (`corpus`), checks that every command prints what the tutorial
//! prints (`check`), times every command as a whole process in paired
//! rounds (`plan`, `timing`), judges the issue's targets (`targets`) and
//! writes `docs/bench/results.md`, `results.json` and `throughput.svg`
//! (`report`, `plot`), and the README's `<!-- bench -->` section. `--quick`
//! (a smoke run: a tenth of each corpus, 3 runs, a 200 MB stream) writes to
//! `target/bench-quick/` instead and leaves the README alone. The exit
//! status is non-zero if any target fails; the files are written anyway.

mod check;
pub(crate) mod corpus;
mod criterion;
mod plan;
mod plot;
mod report;
mod targets;
pub(crate) mod timing;

use crate::steps::{workspace_root, Backend};
use check::Stats;
use corpus::Corpus;
use plan::Tools;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use timing::{Kind, Measurement, Runner, Sample};

const USAGE: &str = "usage: cargo xtask bench [--quick] [--runs N] [--corpora A,B] [--seed N] [--criterion] [--check]
       cargo xtask corpus [--quick] [--seed N]

  --quick      smoke run: a tenth of each corpus, 3 runs, a 200 MB stream; writes target/bench-quick/
  --runs N     paired rounds (default 5; the targets ask for at least 5)
  --corpora    only these corpora (names as in the report: kjv10, zipf-small, zipf-huge, unique-huge)
  --seed N     the synthetic corpora's seed (default 2024)
  --criterion  also run `cargo bench --bench strategies` on the corpora (in-process, tens of minutes)
  --check      stop after checking that every command prints what the tutorial prints";

#[derive(Debug)]
struct Options {
    quick: bool,
    runs: usize,
    corpora: Option<Vec<String>>,
    seed: u64,
    criterion: bool,
    check_only: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            quick: false,
            runs: 0,
            corpora: None,
            seed: corpus::DEFAULT_SEED,
            criterion: false,
            check_only: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match arg.as_str() {
                "--quick" => options.quick = true,
                "--criterion" => options.criterion = true,
                "--check" => options.check_only = true,
                "--runs" => {
                    options.runs = value("--runs")?
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or("--runs takes a number from 1")?;
                }
                "--seed" => {
                    options.seed = value("--seed")?
                        .parse()
                        .map_err(|_| "--seed takes a number")?;
                }
                "--corpora" => {
                    options.corpora =
                        Some(value("--corpora")?.split(',').map(str::to_owned).collect());
                }
                "--help" | "-h" => return Err(String::new()),
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        if options.runs == 0 {
            options.runs = default_runs(options.quick);
        }
        Ok(options)
    }
}

/// `cargo xtask corpus`.
pub(crate) fn corpus_command(args: &[String]) -> ExitCode {
    let options = match Options::parse(args) {
        Ok(options) => options,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("xtask corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match corpus::ensure(options.quick, options.seed) {
        Ok(corpora) => {
            for c in corpora {
                println!("{:>12} bytes  {}", c.bytes, c.path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask bench`.
pub(crate) fn run(args: &[String]) -> ExitCode {
    let options = match Options::parse(args) {
        Ok(options) => options,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("xtask bench: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match bench(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("xtask bench: some targets FAIL (the reports are written)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("xtask bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One corpus's measurements.
#[derive(Debug)]
pub(crate) struct CorpusRun {
    pub(crate) corpus: Corpus,
    pub(crate) stats: Stats,
    pub(crate) measurements: Vec<Measurement>,
}

impl CorpusRun {
    pub(crate) fn get(
        &self,
        kind: Kind,
        name: &str,
        threads: Option<usize>,
    ) -> Option<&Measurement> {
        self.measurements
            .iter()
            .find(|m| m.cmd.kind == kind && m.cmd.name == name && m.cmd.threads == threads)
    }

    /// Input MB (10^6 bytes) over the median wall time.
    pub(crate) fn mb_s(&self, m: &Measurement) -> Option<f64> {
        Some(self.corpus.bytes as f64 / 1e6 / m.median_s()?)
    }

    /// How many times faster than the tutorial's program, paired.
    pub(crate) fn vs_tutorial(&self, m: &Measurement) -> Option<f64> {
        timing::speedup(self.get(Kind::Baseline, "tutorial", None)?, m)
    }
}

/// Target 4's one run.
#[derive(Debug, Serialize)]
pub(crate) struct Stream {
    pub(crate) bytes: u64,
    pub(crate) command: String,
    pub(crate) sample: Result<Sample, String>,
}

/// Where and when it ran.
#[derive(Debug, Serialize)]
pub(crate) struct Meta {
    pub(crate) date: String,
    pub(crate) commit: String,
    pub(crate) nproc: String,
    pub(crate) memory: String,
    pub(crate) load_before: String,
    pub(crate) load_after: String,
    pub(crate) runs: usize,
    pub(crate) seed: u64,
    pub(crate) quick: bool,
    pub(crate) peak_rss: bool,
}

/// Rounds when `--runs` is not given.
fn default_runs(quick: bool) -> usize {
    if quick {
        3
    } else {
        5
    }
}

impl Meta {
    /// The command that made this run, with the options that change what
    /// it measures (not `--criterion`, which only adds a section).
    pub(crate) fn command(&self) -> String {
        let mut line = String::from("cargo xtask bench");
        if self.quick {
            line.push_str(" --quick");
        }
        if self.runs != default_runs(self.quick) {
            line.push_str(&format!(" --runs {}", self.runs));
        }
        if self.seed != corpus::DEFAULT_SEED {
            line.push_str(&format!(" --seed {}", self.seed));
        }
        line
    }
}

/// A whole bench run.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) meta: Meta,
    pub(crate) quick: bool,
    pub(crate) tools: Tools,
    pub(crate) corpora: Vec<CorpusRun>,
    pub(crate) stream: Option<Stream>,
}

/// The whole bench; `Ok(false)` when a target fails.
fn bench(options: &Options) -> Result<bool, String> {
    let target = Backend::Std.target_dir();
    build()?;
    let tools = Tools::find(&target)?;
    eprintln!(
        "bench: {} strategies ({}), default {}",
        tools.strategies.len(),
        tools.strategies.join(", "),
        tools.default
    );

    let mut corpora = corpus::ensure(options.quick, options.seed)?;
    if let Some(only) = &options.corpora {
        let names: Vec<String> = corpora.iter().map(|c| c.name.clone()).collect();
        if let Some(unknown) = only.iter().find(|name| !names.contains(name)) {
            return Err(format!(
                "no corpus {unknown:?}; there are {}",
                names.join(", ")
            ));
        }
        corpora.retain(|c| only.contains(&c.name));
    }

    let sample = check::sample_path(&corpus::dir(options.quick));
    check::write_sample(&corpora, &sample)?;
    check::run(&tools, &sample)?;
    if options.check_only {
        return Ok(true);
    }

    let out_dir = if options.quick {
        target.join("bench-quick")
    } else {
        workspace_root().join("docs/bench")
    };
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let runner = Runner::new(&target);
    let load_before = loadavg();
    let mut runs = Vec::new();
    for corpus in corpora {
        let stats = check::stats(&tools, &corpus)?;
        eprintln!(
            "bench: {}: {} bytes, {} words, {} distinct",
            corpus.name, corpus.bytes, stats.words, stats.distinct
        );
        let cmds = tools.commands(&corpus.path, corpus.huge);
        // Into the page cache before the first round, so no command pays for the disk.
        std::fs::read(&corpus.path).map_err(|e| format!("{}: {e}", corpus.path.display()))?;
        let measurements = runner.rounds(&cmds, options.runs, &corpus.name);
        runs.push(CorpusRun {
            corpus,
            stats,
            measurements,
        });
    }

    let bytes = if options.quick {
        targets::STREAM_BYTES_QUICK
    } else {
        targets::STREAM_BYTES
    };
    let producer = format!("yes 'the quick brown fox' | head -c {bytes}");
    let tally = [tools.tally.display().to_string(), "count".to_owned()];
    eprintln!("bench: streaming {bytes} bytes into tally count");
    let stream = Stream {
        bytes,
        command: format!("{producer} | {} > /dev/null", tally.join(" ")),
        sample: runner.piped(&producer, &tally),
    };

    let run = Run {
        meta: Meta {
            date: command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
            commit: commit(),
            nproc: command_line("nproc", &[]),
            memory: mem_total(),
            load_before,
            load_after: loadavg(),
            runs: options.runs,
            seed: options.seed,
            quick: options.quick,
            peak_rss: runner.measures_rss(),
        },
        quick: options.quick,
        tools,
        corpora: runs,
        stream: Some(stream),
    };
    let rankings = targets::rankings(&run);
    let verdicts = targets::judge(&run, &rankings);
    let criterion = if options.criterion {
        Some(criterion::run(&run, options.quick)?)
    } else {
        None
    };

    let markdown = report::markdown(&run, &rankings, &verdicts, criterion.as_deref());
    write(&out_dir.join("results.md"), &markdown)?;
    write(
        &out_dir.join("results.json"),
        &report::json(&run, &rankings, &verdicts, criterion.as_deref()),
    )?;
    write(&out_dir.join("throughput.svg"), &plot::svg(&run)?)?;
    eprintln!(
        "bench: wrote {}/results.md, results.json, throughput.svg",
        out_dir.display()
    );
    if !options.quick {
        let readme =
            std::fs::read_to_string(workspace_root().join("README.md")).unwrap_or_default();
        let marked = readme.contains("<!-- bench -->\n") && readme.contains("<!-- /bench -->");
        if marked
            && crate::readme::splice("bench", &report::readme_section(&run, &rankings, &verdicts))
        {
            eprintln!("bench: README.md's bench section updated");
        }
    }

    println!("{}", report::targets_table(&verdicts));
    let failed = verdicts
        .iter()
        .filter(|t| t.verdict == targets::Verdict::Fail)
        .count();
    let errors = run
        .corpora
        .iter()
        .flat_map(|c| &c.measurements)
        // The contention pair is context, not a target: its failure (no
        // `taskset`, say) is shown in its table and fails nothing.
        .filter(|m| m.error.is_some() && m.cmd.kind != Kind::Contention)
        .count();
    println!(
        "bench: {} passed, {failed} failed ({} targets; {errors} commands failed)",
        verdicts
            .iter()
            .filter(|t| t.verdict == targets::Verdict::Pass)
            .count(),
        verdicts.len()
    );
    Ok(failed == 0 && errors == 0)
}

/// `cargo build --release --bin tally`, then `--example baseline` on its
/// own: built together, the example's dev-dependencies would unify their
/// features into the measured binary's dependencies, and the binary timed
/// would not be the one `cargo build --release` makes.
fn build() -> Result<(), String> {
    for target in [["--bin", "tally"], ["--example", "baseline"]] {
        let mut cmd = Backend::Std.cargo();
        cmd.args(["build", "--release"]).args(target);
        if crate::steps::run_command(cmd) != crate::steps::Status::Passed {
            return Err(format!("cargo build --release {} failed", target.join(" ")));
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// What `program args` prints, trimmed ("?" if it cannot run).
fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or("?".to_owned(), |o| {
            String::from_utf8_lossy(&o.stdout).trim().to_owned()
        })
}

/// The commit measured, `-dirty` if the tree has changes.
fn commit() -> String {
    let root = workspace_root().display().to_string();
    let hash = command_line("git", &["-C", &root, "rev-parse", "--short=10", "HEAD"]);
    let dirty = !command_line(
        "git",
        &["-C", &root, "status", "--porcelain", "--untracked-files=no"],
    )
    .is_empty();
    format!("{hash}{}", if dirty { "-dirty" } else { "" })
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_owned())
}

/// MemTotal of /proc/meminfo, in GiB.
fn mem_total() -> String {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.1} GiB", kib / f64::from(1 << 20)))
        })
        .unwrap_or_else(|| "?".to_owned())
}

/// The corpora's folder, for the criterion run.
pub(crate) fn corpora_dir(quick: bool) -> PathBuf {
    corpus::dir(quick)
}

/// A made-up run, for the tests of what is computed and written from one.
#[cfg(test)]
pub(crate) mod fake {
    use super::*;

    /// Two corpora (`kjv10`; `zipf-huge`, huge), three strategies (default
    /// `message-passing`), 5 rounds; `speed(name, threads)` gives each
    /// command's MB/s (`name` "default" for no `--strategy`), each round a
    /// little noisier than the last.
    pub(crate) fn run(speed: impl Fn(&str, usize) -> f64) -> Run {
        let tools = Tools {
            tally: "/bin/tally".into(),
            baseline: "/bin/baseline".into(),
            strategies: vec![
                "sequential".into(),
                "message-passing".into(),
                "sharded".into(),
            ],
            default: "message-passing".into(),
            contention_cpus: Some((0, 1)),
        };
        let corpora = [("kjv10", false), ("zipf-huge", true)]
            .into_iter()
            .map(|(name, huge)| {
                let corpus = Corpus {
                    name: name.to_owned(),
                    path: PathBuf::from(format!("/corpora/{name}.txt")),
                    bytes: 40_000_000,
                    what: "made up | with a pipe".to_owned(),
                    huge,
                };
                let measurements = tools
                    .commands(&corpus.path, huge)
                    .into_iter()
                    .map(|cmd| {
                        let mb_s = match cmd.kind {
                            Kind::Pipeline => 1.0,
                            Kind::TopTen => speed("default", 2) * 2.0,
                            // Two copies at once take 1.25 times as long.
                            Kind::Contention if cmd.name == plan::TWO_AT_ONCE => {
                                speed("default", 1) / 1.25
                            }
                            _ => speed(&cmd.name, cmd.threads.unwrap_or(1)),
                        };
                        let samples = (0..5)
                            .map(|round| Sample {
                                wall_s: 40.0 / mb_s * (1.0 + f64::from(round) / 100.0),
                                peak_rss_kib: Some(100_000),
                            })
                            .collect();
                        Measurement {
                            cmd,
                            samples,
                            error: None,
                        }
                    })
                    .collect();
                CorpusRun {
                    corpus,
                    stats: Stats {
                        words: 8_000_000,
                        distinct: 3_500_000,
                        distinct_bytes: 28_000_000,
                    },
                    measurements,
                }
            })
            .collect();
        Run {
            meta: Meta {
                date: "today".into(),
                commit: "abc".into(),
                nproc: "2".into(),
                memory: "1 GiB".into(),
                load_before: "0".into(),
                load_after: "0".into(),
                runs: 5,
                seed: corpus::DEFAULT_SEED,
                quick: false,
                peak_rss: true,
            },
            quick: false,
            tools,
            corpora,
            stream: Some(Stream {
                bytes: 1000,
                command: "yes | head | tally count".into(),
                sample: Ok(Sample {
                    wall_s: 1.0,
                    peak_rss_kib: Some(10_000),
                }),
            }),
        }
    }
}
