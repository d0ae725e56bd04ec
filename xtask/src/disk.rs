//! The disk that `cargo xtask test` builds on: the free space before each
//! step, and, where `TALLY_PRUNE_BUILDS=1` (what `.ci/run` sets), each
//! step's own build directory removed as soon as no later step needs it.
//!
//! A fresh clone builds about 6 GB across its target directories (std
//! debug and release, loom, shuttle, the MSRV toolchain's three builds,
//! Miri, ThreadSanitizer with its own std). A CI disk can hold less than
//! that: a run once failed in its last step with `No space left on device`.
//! Pruning keeps the peak near the largest single step: `target/` of a
//! fresh clone peaked at 1.7 GB under `.ci/run` (sampled every 10 s), and
//! ends at 0.5 GB, against 6.1 GB without.
//! It is opt-in because on a developer's tree those directories are what
//! makes the next run incremental.

use std::path::Path;
use std::process::Command;

/// The variable that turns pruning on.
pub(crate) const PRUNE_VAR: &str = "TALLY_PRUNE_BUILDS";

/// Whether build directories are removed after the steps that own them.
pub(crate) fn pruning() -> bool {
    std::env::var(PRUNE_VAR).is_ok_and(|v| v == "1")
}

/// Free space on the file system holding `path`, in GiB, as `df` reports
/// it; `None` where `df` is missing or says something else.
pub(crate) fn free_gib(path: &Path) -> Option<f64> {
    // The path may not exist yet (a fresh clone's target/): ask about the
    // nearest ancestor that does.
    let existing = path.ancestors().find(|p| p.exists())?;
    let output = Command::new("df").arg("-Pk").arg(existing).output().ok()?;
    if !output.status.success() {
        return None;
    }
    available_kib(&String::from_utf8_lossy(&output.stdout)).map(|kib| kib as f64 / 1024.0 / 1024.0)
}

/// The "Available" column of `df -Pk`'s one data line.
fn available_kib(df_output: &str) -> Option<u64> {
    df_output
        .lines()
        .nth(1)?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()
}

/// "12.3 GiB free", or nothing where the space cannot be read.
pub(crate) fn describe_free(path: &Path) -> String {
    free_gib(path).map_or_else(String::new, |gib| format!("{gib:.1} GiB free"))
}

/// Removes `dir` if pruning is on and it exists, saying so.
pub(crate) fn prune(dir: &Path) {
    if !pruning() || !dir.exists() {
        return;
    }
    match std::fs::remove_dir_all(dir) {
        Ok(()) => println!("pruned {} ({})", dir.display(), describe_free(dir)),
        // Not a failure of the step: the build passed; the disk may still
        // suffice for the rest.
        Err(e) => eprintln!("xtask: could not prune {}: {e}", dir.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_available_column_of_df() {
        let df = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n\
                  /dev/vda         263174212 31457280  65011712      33% /\n";
        assert_eq!(available_kib(df), Some(65_011_712));
    }

    #[test]
    fn says_nothing_of_output_it_does_not_know() {
        assert_eq!(available_kib(""), None);
        assert_eq!(
            available_kib("df: /nowhere: No such file or directory\n"),
            None
        );
    }

    #[test]
    fn prunes_only_when_asked() {
        let dir = std::env::temp_dir().join(format!("xtask-prune-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // The variable is not set under `cargo test` unless a CI exported
        // it; either way the directory's fate must follow it.
        prune(&dir);
        assert_eq!(dir.exists(), !pruning());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
