//! `cargo xtask msrv`: the `rust-version` the workspace declares is true.
//!
//! Builds and runs the tests with exactly that toolchain (installed with
//! rustup's minimal profile if missing), and checks that the loom and shuttle
//! builds compile with it too: a dependency of the model checkers can need a
//! newer compiler than the code itself (shuttle 0.9 is why it is 1.87, not
//! 1.85). Each build has its own target directory under `target/msrv/`.
//! Where the toolchain cannot be had (no rustup, no network), the step is
//! reported as skipped, with the reason, never as passed.

use crate::steps::{run_command, workspace_root, Backend, Status};
use std::process::Command;

/// The `rust-version` of `[workspace.package]`, e.g. `1.87`.
pub(crate) fn declared() -> String {
    let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap_or_default();
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("rust-version = "))
        .map(|v| v.trim_matches('"').to_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The toolchain to ask rustup for: `1.87` becomes `1.87.0`, the first
/// release that satisfies the declaration.
fn toolchain() -> String {
    let version = declared();
    if version.matches('.').count() == 1 {
        format!("{version}.0")
    } else {
        version
    }
}

/// Installs the toolchain if needed; the reason it cannot be had otherwise.
fn ensure_toolchain(toolchain: &str) -> Result<(), String> {
    let present = Command::new("rustup")
        .args(["run", toolchain, "rustc", "--version"])
        .output();
    match present {
        Err(e) => return Err(format!("rustup is not available ({e})")),
        Ok(output) if output.status.success() => return Ok(()),
        Ok(_) => {}
    }
    println!("$ rustup toolchain install {toolchain} --profile minimal");
    let installed = Command::new("rustup")
        .args(["toolchain", "install", toolchain, "--profile", "minimal"])
        .status();
    match installed {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!(
            "`rustup toolchain install {toolchain}` failed ({status})"
        )),
        Err(e) => Err(format!("cannot run rustup ({e})")),
    }
}

/// Runs the step.
pub(crate) fn run() -> Status {
    if declared() == "unknown" {
        eprintln!("xtask msrv: no `rust-version = ...` line in the workspace Cargo.toml");
        return Status::Failed;
    }
    let toolchain = toolchain();
    if let Err(why) = ensure_toolchain(&toolchain) {
        let why = format!("Rust {toolchain} unavailable: {why}");
        println!("SKIPPED msrv: {why}");
        return Status::Skipped(why);
    }
    let target = workspace_root().join("target/msrv");
    // `rustup run` rather than `cargo +toolchain`: the cargo running xtask
    // is a toolchain's own binary, not rustup's proxy.
    let cargo = |backend: Backend, args: &[&str]| {
        let mut cmd = Command::new("rustup");
        cmd.args(["run", &toolchain, "cargo"]).args(args);
        cmd.current_dir(workspace_root());
        backend.configure(&mut cmd, &target.join(backend.name()));
        cmd
    };
    let steps = [
        (Backend::Std, &["test", "--workspace"][..]),
        (Backend::Loom, &["check", "--workspace", "--all-targets"]),
        (Backend::Shuttle, &["check", "--workspace", "--all-targets"]),
    ];
    for (backend, args) in steps {
        let passed = run_command(cargo(backend, args)) == Status::Passed;
        // Three builds of about 0.6 GB each: keep one at a time on disk.
        crate::disk::prune(&target.join(backend.name()));
        if !passed {
            return Status::Failed;
        }
    }
    Status::Passed
}
