//! The nightly toolchain, for the steps that need it (`miri`, `tsan`,
//! `fuzz`): installed with rustup when missing, with the components a step
//! names; where that fails, the reason, so the step is reported as skipped,
//! never as passed.

use crate::steps::workspace_root;
use std::path::{Path, PathBuf};
use std::process::Command;

const TOOLCHAIN: &str = "nightly";

/// Makes sure `works()` holds, installing the nightly toolchain and then
/// `components` with rustup if it does not; otherwise says why not.
pub(crate) fn ensure(components: &[&str], works: impl Fn() -> bool) -> Result<(), String> {
    if works() {
        return Ok(());
    }
    let present = Command::new("rustup")
        .args(["run", TOOLCHAIN, "rustc", "--version"])
        .output();
    match present {
        Err(e) => return Err(format!("rustup is not available ({e})")),
        Ok(output) if output.status.success() => {}
        Ok(_) => {
            println!("$ rustup toolchain install {TOOLCHAIN} --profile minimal");
            let installed = Command::new("rustup")
                .args(["toolchain", "install", TOOLCHAIN, "--profile", "minimal"])
                .status();
            if !installed.is_ok_and(|s| s.success()) {
                return Err(format!("`rustup toolchain install {TOOLCHAIN}` failed"));
            }
        }
    }
    if !components.is_empty() {
        println!(
            "$ rustup component add --toolchain {TOOLCHAIN} {}",
            components.join(" ")
        );
        let added = Command::new("rustup")
            .args(["component", "add", "--toolchain", TOOLCHAIN])
            .args(components)
            .status();
        if !added.is_ok_and(|s| s.success()) {
            return Err(format!(
                "`rustup component add --toolchain {TOOLCHAIN} {}` failed",
                components.join(" ")
            ));
        }
    }
    if works() {
        Ok(())
    } else {
        Err(format!(
            "nightly with {} installed, but still not usable",
            components.join(", ")
        ))
    }
}

/// `cargo` of the nightly toolchain, run at the workspace root with
/// `target_dir` and without inherited RUSTFLAGS (a `--cfg loom` from the
/// caller must not leak in). `rustup run`, not `cargo +nightly`: the cargo
/// running xtask is a toolchain's own binary, not rustup's proxy.
pub(crate) fn cargo(target_dir: &Path) -> Command {
    let mut cmd = Command::new("rustup");
    cmd.args(["run", TOOLCHAIN, "cargo"])
        .current_dir(workspace_root())
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS");
    cmd
}

/// Whether `args` run with nightly's cargo succeed (quietly).
pub(crate) fn cargo_succeeds(args: &[&str]) -> bool {
    Command::new("rustup")
        .args(["run", TOOLCHAIN, "cargo"])
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Nightly's sysroot, if the toolchain is there.
pub(crate) fn sysroot() -> Option<PathBuf> {
    let output = Command::new("rustup")
        .args(["run", TOOLCHAIN, "rustc", "--print", "sysroot"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
}

/// The host's target triple (what `-Zbuild-std` and sanitizers need spelled
/// out), from nightly's `rustc -vV`.
pub(crate) fn host() -> Option<String> {
    let output = Command::new("rustup")
        .args(["run", TOOLCHAIN, "rustc", "-vV"])
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
}
