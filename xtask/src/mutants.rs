//! `cargo xtask mutants`: proof that the model suites can fail.
//!
//! Each mutation below weakens one strategy's synchronisation so that it can
//! lose an update or count one twice (or return an error instead of a
//! count). For each, xtask
//! applies it to a scratch copy of the workspace, runs that strategy's loom
//! and shuttle tests there, and expects at least one of them to fail. A
//! mutation that no test catches fails the command: the suites would then be
//! blind to a real bug.
//!
//! The scratch copy lives in `target/mutants/` with its own target
//! directories, so the working tree is never modified, even if this is
//! interrupted, and the normal builds stay warm.

use crate::steps::{workspace_root, Backend};
use std::path::Path;
use tally::Strategy;

/// One deliberate weakening of a strategy.
struct Mutation {
    /// The strategy it weakens.
    strategy: Strategy,
    /// What the mutation does, for the report.
    what: &'static str,
    /// File to change, relative to the workspace root.
    file: &'static str,
    /// Text that must occur exactly once in the file...
    find: &'static str,
    /// ...and what replaces it.
    replace: &'static str,
}

const MUTATIONS: &[Mutation] = &[
    Mutation {
        strategy: Strategy::MessagePassing,
        what: "collector polls with try_recv instead of blocking recv",
        file: "src/strategy/message_passing.rs",
        find: "match rx.recv() {",
        replace: "match rx.try_recv() {",
    },
    Mutation {
        strategy: Strategy::ChannelPerWord,
        what: "collector stops at the first worker's Done",
        file: "src/strategy/channel_per_word.rs",
        find: "Ok(Message::Done) => done += 1,",
        replace: "Ok(Message::Done) => done = expected,",
    },
    Mutation {
        strategy: Strategy::SharedMutex,
        what: "merge split: each count read under one lock, written under another",
        file: "src/strategy/shared_mutex.rs",
        find: "let mut map = shared.lock().map_err(|_| worker.poisoned())?;
            worker.step();
            map.merge(local);",
        replace: "for (word, n) in local {
                let seen = shared.lock().map_err(|_| worker.poisoned())?.get(&word);
                shared.lock().map_err(|_| worker.poisoned())?.insert(&word, seen + n);
            }",
    },
    Mutation {
        strategy: Strategy::MutexPerWord,
        what: "increment split: read under one lock, write under another",
        file: "src/strategy/mutex_per_word.rs",
        find: "let mut map = shared.lock().map_err(|_| worker.poisoned())?;
                    worker.step();
                    map.add_one(word);",
        replace: "worker.step();
                    let seen = shared.lock().map_err(|_| worker.poisoned())?.get(&word);
                    shared.lock().map_err(|_| worker.poisoned())?.insert(&word, seen + 1);",
    },
    Mutation {
        strategy: Strategy::Sharded,
        what: "shard merge split: read under the shard lock, write under a second acquisition",
        file: "src/strategy/sharded.rs",
        find: "let mut map = shard.lock().map_err(|_| worker.poisoned())?;
                worker.step();
                map.merge(group);",
        replace: "for (word, n) in group {
                    let seen = shard.lock().map_err(|_| worker.poisoned())?.get(&word);
                    shard.lock().map_err(|_| worker.poisoned())?.insert(&word, seen + n);
                }",
    },
    Mutation {
        strategy: Strategy::AtomicBuckets,
        what: "fetch_add replaced by load then store",
        file: "src/strategy/atomic_buckets.rs",
        find: "buckets[index].fetch_add(1, Ordering::Relaxed);",
        replace: "let seen = buckets[index].load(Ordering::Relaxed);
                    buckets[index].store(seen + 1, Ordering::Relaxed);",
    },
    Mutation {
        strategy: Strategy::ClaimBlocks,
        what: "the claim's fetch_add replaced by load then store",
        file: "src/strategy/claim_blocks.rs",
        find: "cursor.fetch_add(1, Ordering::Relaxed)",
        replace: "{
        let index = cursor.load(Ordering::Relaxed);
        cursor.store(index + 1, Ordering::Relaxed);
        index
    }",
    },
    Mutation {
        strategy: Strategy::Partitioned,
        what: "each owner stops one final share short of what it is owed",
        file: "src/strategy/partitioned.rs",
        find: "while lasts < n - 1 {",
        replace: "while lasts < n.saturating_sub(2) {",
    },
];

/// Runs every mutation (or those of the strategies named in `only`); true
/// if each was caught by at least one model test.
pub(crate) fn run(only: &[&str]) -> bool {
    if let Some(unknown) = only
        .iter()
        .find(|name| !MUTATIONS.iter().any(|m| m.strategy.name() == **name))
    {
        eprintln!("xtask mutants: no mutation for a strategy named {unknown:?}");
        return false;
    }
    let scratch = workspace_root().join("target/mutants");
    let copy = scratch.join("workspace");
    if let Err(e) = copy_workspace(&copy) {
        eprintln!("xtask mutants: cannot copy the workspace: {e}");
        return false;
    }
    let mut rows = Vec::new();
    let mut all_caught = true;
    let chosen = MUTATIONS
        .iter()
        .filter(|m| only.is_empty() || only.contains(&m.strategy.name()));
    for mutation in chosen {
        let path = copy.join(mutation.file);
        let original = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("xtask mutants: cannot read {}: {e}", path.display());
                return false;
            }
        };
        if original.matches(mutation.find).count() != 1 {
            eprintln!(
                "xtask mutants: the mutation for {} no longer applies: its text must occur exactly once in {}",
                mutation.strategy.name(), mutation.file
            );
            all_caught = false;
            continue;
        }
        let mutated = original.replacen(mutation.find, mutation.replace, 1);
        let written = std::fs::write(&path, mutated);
        let verdicts: Vec<String> = match written {
            Ok(()) => [Backend::Loom, Backend::Shuttle]
                .iter()
                .map(|&backend| suite_verdict(&copy, &scratch, backend, mutation.strategy))
                .collect(),
            Err(e) => vec![format!("cannot write: {e}")],
        };
        // Restore before anything else can fail.
        if let Err(e) = std::fs::write(&path, &original) {
            eprintln!("xtask mutants: cannot restore {}: {e}", path.display());
            return false;
        }
        let caught = verdicts.iter().any(|v| v.starts_with("caught"));
        all_caught &= caught;
        rows.push((mutation, verdicts, caught));
    }

    println!("\n== mutants: each strategy weakened, run against its model tests ==");
    for (mutation, verdicts, caught) in &rows {
        println!(
            "{}  {:<17} {}\n      loom: {}\n      shuttle: {}",
            if *caught { "CAUGHT" } else { "MISSED" },
            mutation.strategy.name(),
            mutation.what,
            verdicts.first().map_or("", String::as_str),
            verdicts.get(1).map_or("", String::as_str),
        );
    }
    all_caught
}

/// Runs `strategy`'s tests of `backend`'s suite in the scratch copy and says
/// which failed.
fn suite_verdict(copy: &Path, scratch: &Path, backend: Backend, strategy: Strategy) -> String {
    let filter = format!("strategies::{}::", strategy.name().replace('-', "_"));
    let mut cmd = backend.cargo_in(copy, &scratch.join(format!("target-{}", backend.name())));
    cmd.args(backend.model_suite_args());
    cmd.args(["--", &filter, "--test-threads=2"]);
    println!("\n$ {cmd:?}");
    let output = match cmd.output() {
        Ok(output) => output,
        Err(e) => return format!("cannot run cargo: {e}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    // A set: the harness shows a failed test's own output, which repeats
    // its `test ... FAILED` line (and libtest-mimic pads names).
    let failed: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
        .map(str::trim)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !failed.is_empty() {
        let mut names: Vec<&str> = failed
            .iter()
            .map(|t| t.trim_start_matches(&filter[..]))
            .collect();
        names.truncate(4);
        format!(
            "caught by {} test(s): {}{}",
            failed.len(),
            names.join(", "),
            if failed.len() > 4 { ", ..." } else { "" }
        )
    } else if output.status.success() {
        "not caught: every test passed".to_owned()
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
        format!(
            "build or run failed: {}",
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        )
    }
}

/// Copies what the workspace builds from into `dest`.
fn copy_workspace(dest: &Path) -> std::io::Result<()> {
    let root = workspace_root();
    // A fresh copy each run: nothing left over from an older tree.
    if dest.exists() {
        std::fs::remove_dir_all(dest)?;
    }
    std::fs::create_dir_all(dest)?;
    for entry in [
        "Cargo.toml",
        "Cargo.lock",
        "clippy.toml",
        ".cargo",
        "src",
        "tests",
        "benches",
        // Cargo.toml names examples/baseline.rs: the manifest needs it.
        "examples",
        "model-tests",
        "xtask",
    ] {
        copy_tree(&root.join(entry), &dest.join(entry))?;
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if from.is_dir() {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every strategy with threads has at least one mutation, so `xtask
    /// mutants` proves its model tests can fail; `sequential` has no
    /// synchronisation to weaken.
    #[test]
    fn every_concurrent_strategy_has_a_mutation() {
        for strategy in Strategy::ALL {
            let mutations = MUTATIONS.iter().filter(|m| m.strategy == strategy).count();
            assert_eq!(
                mutations > 0,
                strategy.is_concurrent(),
                "{strategy}: {mutations} mutation(s) in xtask/src/mutants.rs"
            );
        }
    }

    /// Each mutation still applies to the file it names (it would otherwise
    /// be reported as missed only when someone runs `xtask mutants`).
    #[test]
    fn every_mutation_applies_exactly_once() {
        for mutation in MUTATIONS {
            let text = std::fs::read_to_string(workspace_root().join(mutation.file))
                .unwrap_or_else(|e| panic!("{}: {e}", mutation.file));
            assert_eq!(
                text.matches(mutation.find).count(),
                1,
                "{}: the mutation's text must occur exactly once in {}",
                mutation.strategy,
                mutation.file
            );
        }
    }
}
