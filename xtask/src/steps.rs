//! The steps `cargo xtask` runs, each a cargo invocation with its backend's
//! RUSTFLAGS and target directory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A sync backend, selected by cfg.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    Std,
    Loom,
    Shuttle,
}

impl Backend {
    pub(crate) const ALL: [Backend; 3] = [Backend::Std, Backend::Loom, Backend::Shuttle];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Backend::Std => "std",
            Backend::Loom => "loom",
            Backend::Shuttle => "shuttle",
        }
    }

    /// The `--cfg` this backend adds to RUSTFLAGS.
    fn cfg(self) -> Option<&'static str> {
        match self {
            Backend::Std => None,
            Backend::Loom => Some("--cfg loom"),
            Backend::Shuttle => Some("--cfg shuttle"),
        }
    }

    /// Its own target directory, so switching backends rebuilds nothing.
    pub(crate) fn target_dir(self) -> PathBuf {
        let target = workspace_root().join("target");
        match self {
            Backend::Std => target,
            other => target.join(other.name()),
        }
    }

    /// `cargo` arguments that run this backend's model suite (release: the
    /// models run many times faster optimised, which pays for the build).
    pub(crate) fn model_suite_args(self) -> [&'static str; 6] {
        [
            "test",
            "--release",
            "-p",
            "model-tests",
            "--test",
            self.name(),
        ]
    }

    /// A `cargo` command set up for this backend.
    pub(crate) fn cargo(self) -> Command {
        self.cargo_in(workspace_root(), &self.target_dir())
    }

    /// A `cargo` command for this backend, run in `dir` with `target_dir`.
    pub(crate) fn cargo_in(self, dir: &Path, target_dir: &Path) -> Command {
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.current_dir(dir);
        self.configure(&mut cmd, target_dir);
        cmd
    }

    /// Points a cargo command at `target_dir` and gives it this backend's
    /// RUSTFLAGS.
    pub(crate) fn configure(self, cmd: &mut Command, target_dir: &Path) {
        cmd.env("CARGO_TARGET_DIR", target_dir);
        // Keep whatever the caller set, minus any backend cfg (an exported
        // `--cfg loom` would turn the std steps into loom builds), plus ours.
        let inherited = std::env::var("RUSTFLAGS").unwrap_or_default();
        let mut flags = inherited
            .replace("--cfg loom", "")
            .replace("--cfg shuttle", "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(cfg) = self.cfg() {
            flags = format!("{flags} {cfg}").trim().to_owned();
        }
        cmd.env("RUSTFLAGS", flags);
    }
}

/// One thing `cargo xtask` checks.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    Fmt,
    Clippy(Backend),
    /// `cargo doc` with warnings denied: no broken intra-doc links.
    Docs,
    StdTests,
    /// A model suite; `true` for the quick smoke mode.
    ModelSuite(Backend, bool),
    /// The declared minimum Rust version, checked with that toolchain.
    Msrv,
    /// A Miri-sized part of the std tests under Miri (nightly).
    Miri,
    /// The threaded std tests under ThreadSanitizer (nightly).
    Tsan,
}

/// How a step ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status {
    Passed,
    Failed,
    /// Could not run here, and why: never counted as passed.
    Skipped(String),
}

pub(crate) struct Outcome {
    pub(crate) status: Status,
    pub(crate) seconds: f64,
}

impl Step {
    pub(crate) fn label(&self) -> String {
        match self {
            Step::Fmt => "cargo fmt --check".into(),
            Step::Clippy(backend) => format!("clippy ({})", backend.name()),
            Step::Docs => "cargo doc".into(),
            Step::StdTests => "tests (std)".into(),
            Step::ModelSuite(backend, quick) => {
                format!(
                    "{} suite{}",
                    backend.name(),
                    if *quick { " (quick)" } else { "" }
                )
            }
            Step::Msrv => format!("msrv (Rust {})", crate::msrv::declared()),
            Step::Miri => format!("miri ({} seeds)", crate::miri::seeds()),
            Step::Tsan => "tsan (ThreadSanitizer)".into(),
        }
    }

    pub(crate) fn run(&self) -> Outcome {
        let target = workspace_root().join("target");
        println!(
            "\n== {} == {}",
            self.label(),
            crate::disk::describe_free(&target)
        );
        let started = Instant::now();
        let status = match self {
            Step::Msrv => crate::msrv::run(),
            Step::Miri => crate::miri::run(),
            Step::Tsan => crate::tsan::run(),
            _ => run_command(self.command()),
        };
        Outcome {
            status,
            seconds: started.elapsed().as_secs_f64(),
        }
    }

    /// The build directories this step's cargo commands write.
    fn builds_in(&self) -> Vec<PathBuf> {
        let target = workspace_root().join("target");
        match *self {
            Step::Fmt => Vec::new(),
            // Check builds, in the backend's debug directory.
            Step::Clippy(backend) => vec![backend.target_dir().join("debug")],
            Step::Docs => vec![target.join("debug"), target.join("doc")],
            Step::StdTests => vec![target.join("release")],
            Step::ModelSuite(backend, _) => vec![backend.target_dir().join("release")],
            Step::Msrv => vec![target.join("msrv")],
            Step::Miri => vec![target.join("miri")],
            Step::Tsan => vec![target.join("tsan")],
        }
    }

    fn command(&self) -> Command {
        match *self {
            Step::Msrv | Step::Miri | Step::Tsan => {
                unreachable!("{self:?} runs its own commands")
            }
            Step::Fmt => {
                let mut cmd = Backend::Std.cargo();
                cmd.args(["fmt", "--all", "--", "--check"]);
                cmd
            }
            Step::Clippy(backend) => {
                let mut cmd = backend.cargo();
                cmd.args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]);
                cmd
            }
            Step::Docs => {
                let mut cmd = Backend::Std.cargo();
                cmd.args(["doc", "--workspace", "--no-deps"]);
                cmd.env("RUSTDOCFLAGS", "-D warnings");
                cmd
            }
            Step::StdTests => {
                let mut cmd = Backend::Std.cargo();
                cmd.args(["test", "--workspace", "--release"]);
                cmd
            }
            Step::ModelSuite(backend, quick) => {
                let mut cmd = backend.cargo();
                cmd.args(backend.model_suite_args());
                cmd.env(crate::coverage::FILE_VAR, crate::coverage::file(backend));
                // Never inherit quick mode: a full run must be full.
                if quick {
                    cmd.env("TALLY_MODEL_QUICK", "1");
                } else {
                    cmd.env_remove("TALLY_MODEL_QUICK");
                }
                // One test at a time, so each row's time is its own.
                cmd.args(["--", "--test-threads=1"]);
                let _ = std::fs::remove_file(crate::coverage::file(backend));
                cmd
            }
        }
    }
}

/// What may be deleted once step `at` of `plan` is over (where
/// `TALLY_PRUNE_BUILDS=1`): the directories it built in that no later step
/// builds in, except `target/debug`, where xtask itself was built and runs
/// from. Derived from the plan, so a step added later that reuses a build
/// keeps it. (A model suite's coverage file, which the summary reads at
/// the end, is beside its `release` directory, not in it.)
pub(crate) fn prunable(plan: &[Step], at: usize) -> Vec<PathBuf> {
    let xtask_home = workspace_root().join("target/debug");
    plan[at]
        .builds_in()
        .into_iter()
        .filter(|dir| *dir != xtask_home)
        .filter(|dir| {
            !plan[at + 1..]
                .iter()
                .any(|later| later.builds_in().contains(dir))
        })
        .collect()
}

/// Runs `cmd`, echoing it first.
pub(crate) fn run_command(mut cmd: Command) -> Status {
    println!("$ {cmd:?}");
    match cmd.status() {
        Ok(status) if status.success() => Status::Passed,
        Ok(_) => Status::Failed,
        Err(e) => {
            eprintln!("xtask: cannot start {cmd:?}: {e}");
            Status::Failed
        }
    }
}

/// The workspace root (the parent of this crate's manifest directory).
pub(crate) fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
}
