//! `cargo xtask tsan`: the std tests that start threads, built with
//! ThreadSanitizer, which fails a run on any data race it observes, whether
//! or not the count came out right.
//!
//! `RUSTFLAGS=-Zsanitizer=thread` with `-Zbuild-std`, so std itself (its
//! channels, mutexes, thread spawning and joining) is instrumented too and
//! its synchronisation is seen, not reported as false races; in
//! `target/tsan` (std is built once there). The tests: equivalence (all its
//! proptest cases), the faults (a panicking worker, a poisoned lock), the
//! Miri-sized module, and the stress test (every threaded strategy at 8
//! threads, many times). `TSAN_OPTIONS=halt_on_error=1` makes the first race
//! fail the run. Where nightly's `rust-src` cannot be installed, the step
//! says `SKIPPED tsan: <reason>`, never PASS.

use crate::steps::{run_command, workspace_root, Status};

/// The tests run, by name prefix.
const TESTS: [&str; 4] = [
    "suite::equivalence::",
    "suite::faults::",
    "suite::miri::",
    "suite::stress::",
];

/// Tests skipped: the same code paths as the ones kept, on inputs sized for
/// native speed (minutes each under ThreadSanitizer's unoptimised build).
const SKIPPED: [&str; 2] = [
    "every_strategy_equals_the_oracle_on_a_multi_megabyte_corpus",
    "a_panicking_worker_is_an_error_in_every_strategy",
];

/// Whether the sanitizer build can work here (nightly with `rust-src`, for
/// `-Zbuild-std`), installing what is missing if rustup can; or why not.
fn available() -> Result<String, String> {
    let has_src = || {
        crate::nightly::sysroot()
            .is_some_and(|root| root.join("lib/rustlib/src/rust/library/std").is_dir())
    };
    crate::nightly::ensure(&["rust-src"], has_src)?;
    let host = crate::nightly::host().ok_or("nightly rustc does not say its host triple")?;
    if !host.starts_with("x86_64-") && !host.starts_with("aarch64-") {
        return Err(format!("ThreadSanitizer is not supported on {host}"));
    }
    Ok(host)
}

/// Runs the step.
pub(crate) fn run() -> Status {
    let host = match available() {
        Ok(host) => host,
        Err(why) => {
            println!("SKIPPED tsan: {why}");
            return Status::Skipped(why);
        }
    };
    let mut cmd = crate::nightly::cargo(&workspace_root().join("target/tsan"));
    cmd.args([
        "test",
        "-Zbuild-std",
        "--target",
        &host,
        "-p",
        "tally",
        "--test",
        "tests",
        "--",
    ])
    .args(TESTS);
    for skipped in SKIPPED {
        cmd.args(["--skip", skipped]);
    }
    cmd.env("RUSTFLAGS", "-Zsanitizer=thread")
        .env("RUSTDOCFLAGS", "-Zsanitizer=thread")
        .env("TSAN_OPTIONS", "halt_on_error=1");
    run_command(cmd)
}
