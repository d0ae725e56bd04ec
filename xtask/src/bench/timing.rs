//! Whole-process timings. Each command runs as a child process with its
//! output sent to /dev/null, under `/usr/bin/time -f %M` for its peak RSS;
//! its wall time is taken here, around the child. Commands are measured in
//! rounds: each round runs every command once, in the same order, so the
//! commands of a round share whatever the (shared, noisy) machine was doing
//! then, and a ratio of two commands can be taken round by round (paired)
//! before its median is.

use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What a command measures, for the tables, the plot and the targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    /// `tally count --strategy NAME --threads N FILE`
    Strategy,
    /// `tally count --threads N FILE`: the default strategy, no flag.
    Default,
    /// `tally count --threads N --top 10 FILE`
    TopTen,
    /// `examples/baseline.rs NAME --threads N FILE`
    Baseline,
    /// `tr | sort | uniq -c | sort -rn`
    Pipeline,
    /// `tally count --threads 1` pinned to one CPU, alone or two copies at
    /// once on two CPUs: what two cores cost each other with no data or lock
    /// shared ([`super::plan::ALONE`], [`super::plan::TWO_AT_ONCE`]).
    Contention,
}

/// A command to time.
#[derive(Debug, Clone)]
pub(crate) struct Cmd {
    pub(crate) kind: Kind,
    pub(crate) name: String,
    pub(crate) threads: Option<usize>,
    pub(crate) argv: Vec<String>,
}

impl Cmd {
    /// The command as a shell line, for the reports.
    pub(crate) fn line(&self) -> String {
        self.argv
            .iter()
            .map(|arg| {
                if arg.contains([' ', '\'', '|', '<', '\n']) {
                    format!("'{}'", arg.replace('\'', r"'\''"))
                } else {
                    arg.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One run: wall seconds, and peak RSS in KiB where `/usr/bin/time` was there.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Sample {
    pub(crate) wall_s: f64,
    pub(crate) peak_rss_kib: Option<u64>,
}

/// Every run of one command, in round order.
#[derive(Debug, Clone)]
pub(crate) struct Measurement {
    pub(crate) cmd: Cmd,
    pub(crate) samples: Vec<Sample>,
    /// Why a run failed; the command's numbers are then not used.
    pub(crate) error: Option<String>,
}

impl Measurement {
    pub(crate) fn ok(&self) -> bool {
        self.error.is_none() && !self.samples.is_empty()
    }

    pub(crate) fn median_s(&self) -> Option<f64> {
        self.ok()
            .then(|| median(self.samples.iter().map(|s| s.wall_s).collect()))
    }

    /// The largest peak RSS of any run, in bytes.
    pub(crate) fn peak_rss_bytes(&self) -> Option<u64> {
        self.samples
            .iter()
            .filter_map(|s| s.peak_rss_kib)
            .max()
            .map(|kib| kib * 1024)
    }
}

/// How many times faster `fast` is than `slow`: the median, over rounds, of
/// each round's ratio (paired); `None` if either failed.
pub(crate) fn speedup(slow: &Measurement, fast: &Measurement) -> Option<f64> {
    if !slow.ok() || !fast.ok() || slow.samples.len() != fast.samples.len() {
        return None;
    }
    let ratios = slow
        .samples
        .iter()
        .zip(&fast.samples)
        .map(|(s, f)| s.wall_s / f.wall_s)
        .collect();
    Some(median(ratios))
}

pub(crate) fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Runs commands: under `/usr/bin/time` when it is installed.
#[derive(Debug)]
pub(crate) struct Runner {
    time: Option<PathBuf>,
    rss_file: PathBuf,
}

impl Runner {
    /// A runner writing its `/usr/bin/time` reports to `scratch`.
    pub(crate) fn new(scratch: &Path) -> Runner {
        let time = Path::new("/usr/bin/time");
        let works = Command::new(time)
            .args(["-f", "%M", "true"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !works {
            eprintln!("bench: no working /usr/bin/time (apt-get install time): no peak RSS");
        }
        Runner {
            time: works.then(|| time.to_owned()),
            rss_file: scratch.join("peak-rss.txt"),
        }
    }

    /// Whether runs report their peak RSS.
    pub(crate) fn measures_rss(&self) -> bool {
        self.time.is_some()
    }

    /// Runs `argv` once, output to /dev/null.
    pub(crate) fn run(&self, argv: &[String]) -> Result<Sample, String> {
        let mut command = match &self.time {
            Some(time) => {
                let mut c = Command::new(time);
                c.args(["-f", "%M", "-o"]).arg(&self.rss_file).args(argv);
                c
            }
            None => {
                let mut c = Command::new(&argv[0]);
                c.args(&argv[1..]);
                c
            }
        };
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let started = Instant::now();
        let output = command
            .output()
            .map_err(|e| format!("cannot run {}: {e}", argv[0]))?;
        let wall_s = started.elapsed().as_secs_f64();
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(format!("{} ({})", stderr.trim(), output.status));
        }
        // `time` writes one line, "Command exited ..." before it on failure.
        let peak_rss_kib = self.time.as_ref().and_then(|_| {
            let report = std::fs::read_to_string(&self.rss_file).ok()?;
            report.lines().last()?.trim().parse().ok()
        });
        Ok(Sample {
            wall_s,
            peak_rss_kib,
        })
    }

    /// Runs `sh -c "PRODUCER | ARGV > /dev/null"` once, `time` around
    /// `argv` alone: the peak RSS is `argv`'s, the wall time the pipeline's.
    pub(crate) fn piped(&self, producer: &str, argv: &[String]) -> Result<Sample, String> {
        let time = self.time.as_ref().ok_or("no /usr/bin/time: no peak RSS")?;
        // Its own report file: the outer `time` of `run` writes the other.
        let report = self.rss_file.with_extension("piped.txt");
        // No pipefail: `yes` dies of SIGPIPE once `head` has had enough.
        let line = format!(
            "{producer} | {} -f %M -o '{}' {} > /dev/null",
            time.display(),
            report.display(),
            argv.join(" ")
        );
        let sample = self.run(&["sh".to_owned(), "-c".to_owned(), line])?;
        let report = std::fs::read_to_string(&report).map_err(|e| e.to_string())?;
        let rss = report.lines().last().and_then(|l| l.trim().parse().ok());
        Ok(Sample {
            wall_s: sample.wall_s,
            peak_rss_kib: rss,
        })
    }

    /// `runs` rounds of `cmds`; `label` names them in the progress lines.
    pub(crate) fn rounds(&self, cmds: &[Cmd], runs: usize, label: &str) -> Vec<Measurement> {
        let mut measurements: Vec<Measurement> = cmds
            .iter()
            .map(|cmd| Measurement {
                cmd: cmd.clone(),
                samples: Vec::new(),
                error: None,
            })
            .collect();
        for round in 1..=runs {
            let started = Instant::now();
            for m in &mut measurements {
                if m.error.is_some() {
                    continue;
                }
                match self.run(&m.cmd.argv) {
                    Ok(sample) => m.samples.push(sample),
                    Err(e) => {
                        eprintln!("bench: FAILED {}: {e}", m.cmd.line());
                        m.error = Some(e);
                    }
                }
            }
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "bench: {label}: round {round}/{runs} ({} commands) in {seconds:.1}s{}",
                cmds.len(),
                if round < runs {
                    format!(", about {:.0}s to go", seconds * (runs - round) as f64)
                } else {
                    String::new()
                }
            );
        }
        measurements
    }
}
