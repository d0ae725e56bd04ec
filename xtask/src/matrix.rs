//! `cargo xtask race --matrix`: every broken twin under every checker, side
//! by side, written into the README between `<!-- matrix -->` markers.
//!
//! Columns: loom exhaustive, loom with preemption bound 2, shuttle random,
//! PCT depth 2 and 3, DFS (each through the `race` binary's `--probe`, the
//! randomized ones over seeds 1 to 20), the twin on real threads
//! (`examples/real_threads.rs`, 10 000 runs in a child process killed after
//! 10 s, so a deadlock shows as a hang), and Miri with 20 seeds (where the
//! nightly toolchain and its `miri` component can be had; otherwise the
//! column says why not). A cell says whether the twin's own symptom was
//! found (the probe judges each search): a checker that stops at something
//! else (a deadlock where a lost count was the bug) is a miss, and says what
//! it saw.

use crate::steps::{run_command, workspace_root, Backend, Status};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use tally::broken::Broken;

const SEEDS: u32 = 20;
const STRESS_RUNS: &str = "10000";
const STRESS_LIMIT: Duration = Duration::from_secs(10);
const MIRI_LIMIT: Duration = Duration::from_secs(300);

/// Runs the matrix, prints it, and writes it into the README.
pub(crate) fn run() -> ExitCode {
    for backend in [Backend::Loom, Backend::Shuttle] {
        let mut build = backend.cargo();
        build.args([
            "build",
            "--quiet",
            "--release",
            "-p",
            "model-tests",
            "--bin",
            "race",
        ]);
        if run_command(build) != Status::Passed {
            return ExitCode::FAILURE;
        }
    }
    let mut stress = Backend::Std.cargo();
    stress.args(["build", "--quiet", "--release", "--example", "real_threads"]);
    if run_command(stress) != Status::Passed {
        return ExitCode::FAILURE;
    }
    let miri = crate::miri::available();
    if let Err(why) = &miri {
        println!("SKIPPED miri column: {why}");
    }
    let mut table = String::from(
        "| twin | loom | loom, bound 2 | random | PCT d=2 | PCT d=3 | DFS | real threads | Miri |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for twin in Broken::ALL {
        let mut cells = vec![format!("`{twin}`")];
        for (backend, checker, seeds) in [
            (Backend::Loom, "loom", 1),
            (Backend::Loom, "loom-bounded", 1),
            (Backend::Shuttle, "random", SEEDS),
            (Backend::Shuttle, "pct", SEEDS),
            (Backend::Shuttle, "pct3", SEEDS),
            (Backend::Shuttle, "dfs", 1),
        ] {
            cells.push(probe(twin, backend, checker, seeds));
        }
        cells.push(real_threads(twin));
        cells.push(match &miri {
            Ok(()) => under_miri(twin),
            Err(why) => format!("skipped: {why}"),
        });
        let row = format!("| {} |\n", cells.join(" | "));
        print!("{row}");
        table.push_str(&row);
    }
    println!("\n{table}");
    if crate::readme::splice("matrix", &table) {
        println!("xtask race --matrix: README.md's matrix updated");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// One checker's cell, through the `race` binary.
fn probe(twin: Broken, backend: Backend, checker: &str, seeds: u32) -> String {
    let binary = backend.target_dir().join("release/race");
    let output = Command::new(&binary)
        .args([
            twin.name(),
            "--checker",
            checker,
            "--probe",
            &seeds.to_string(),
        ])
        .env("CARGO_TARGET_DIR", backend.target_dir())
        .stderr(Stdio::null())
        .output();
    let Ok(output) = output else {
        return format!("error: cannot run {}", binary.display());
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let Some(line) = text.lines().find_map(|l| l.strip_prefix("probe\t")) else {
        return "error: no result".to_owned();
    };
    let fields: Vec<&str> = line.split('\t').collect();
    let [found, runs, executions, seconds, elsewhere] = fields[..] else {
        return "error: bad result".to_owned();
    };
    let found: u32 = found.parse().unwrap_or(0);
    match (found, seeds) {
        (0, _) if !elsewhere.is_empty() => format!("no: stops at `{elsewhere}`"),
        (0, 1) => format!("no: {executions} runs, all right ({seconds} s)"),
        (0, _) => format!("no: 0/{runs} seeds ({seconds} s)"),
        (_, 1) => format!("**found** at {executions} ({seconds} s)"),
        (_, _) => format!("**found** {found}/{runs}, median {executions} ({seconds} s)"),
    }
}

/// The real-threads cell: `examples/real_threads.rs` in a child process
/// with a time limit.
fn real_threads(twin: Broken) -> String {
    let binary = Backend::Std
        .target_dir()
        .join("release/examples/real_threads");
    let started = Instant::now();
    let ran = run_limited(
        Command::new(binary).args([twin.name(), STRESS_RUNS]),
        STRESS_LIMIT,
    );
    let (success, out) = match ran {
        Err(e) => return format!("error: {e}"),
        Ok(None) => {
            return format!(
                "**found: hang** (no result in {} s)",
                STRESS_LIMIT.as_secs()
            )
        }
        Ok(Some(done)) => done,
    };
    if out.contains("skipped") {
        return "skipped: undefined behaviour".to_owned();
    }
    if !success {
        return format!("error: {}", last_line(&out));
    }
    // "<twin> on real threads: <wrong> wrong result(s) in <runs> runs (<t>s)"
    let wrong: Option<u64> = out
        .lines()
        .find_map(|l| l.split(" on real threads: ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok());
    let seconds = started.elapsed().as_secs_f64();
    match wrong {
        None => format!("error: no result in {:?}", last_line(&out)),
        Some(0) => format!("no: 0/{STRESS_RUNS} runs ({seconds:.1} s)"),
        Some(wrong) => format!("**found** {wrong}/{STRESS_RUNS} runs ({seconds:.1} s)"),
    }
}

fn last_line(out: &str) -> &str {
    out.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

/// The Miri cell: the twin on Miri's threads, 20 seeds of scheduling.
fn under_miri(twin: Broken) -> String {
    let started = Instant::now();
    let mut cmd = Command::new("cargo");
    cmd.current_dir(workspace_root())
        .args([
            "+nightly",
            "miri",
            "run",
            "--quiet",
            "--example",
            "real_threads",
            "--",
        ])
        .args([twin.name(), "1"])
        .env("MIRIFLAGS", format!("-Zmiri-many-seeds=0..{SEEDS}"))
        .env("CARGO_TARGET_DIR", miri_target());
    let (success, out) = match run_limited(&mut cmd, MIRI_LIMIT) {
        Err(e) => return format!("error: {e}"),
        Ok(None) => return format!("no result in {} s", MIRI_LIMIT.as_secs()),
        Ok(Some(done)) => done,
    };
    let seconds = started.elapsed().as_secs_f64();
    let wrong = out
        .lines()
        .any(|l| l.contains(" wrong result") && !l.contains(": 0 wrong"));
    if out.contains("Undefined Behavior") {
        format!("**found: UB** ({seconds:.0} s)")
    } else if out.contains("the evaluated program deadlocked") {
        // Miri's own words: the twin's name ("lock-order-deadlock") is in
        // the output too.
        format!("**found: deadlock** ({seconds:.0} s)")
    } else if wrong {
        format!("**found** ({seconds:.0} s)")
    } else if success {
        format!("no: {SEEDS} seeds ({seconds:.0} s)")
    } else {
        format!("error: {}", last_line(&out))
    }
}

fn miri_target() -> PathBuf {
    workspace_root().join("target/miri-matrix")
}

/// Runs `cmd` with stdout and stderr captured together (each pipe read on
/// its own thread, so a chatty child never blocks); `Ok(None)` if it was
/// still running after `limit`, when its whole process group is killed
/// (`cargo miri` runs Miri as a grandchild).
// Polling a child process's exit: a real wait, not synchronisation between
// threads, which is what the project's ban on sleeping and std's threads is
// about.
#[allow(clippy::disallowed_methods)]
fn run_limited(cmd: &mut Command, limit: Duration) -> Result<Option<(bool, String)>, String> {
    use std::os::unix::process::CommandExt;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = Command::new("kill")
                    .args(["-KILL", &format!("-{}", child.id())])
                    .status();
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let out = stdout.join().unwrap_or_default() + &stderr.join().unwrap_or_default();
    Ok(status.map(|status| (status.success(), out)))
}
