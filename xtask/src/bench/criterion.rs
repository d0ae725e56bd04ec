//! `cargo xtask bench --criterion`: the criterion bench
//! (`benches/strategies.rs`) on the same corpora, in-process (counting
//! only: no reading, no printing, the text already cut into blocks), then
//! its medians read back from `target/criterion/`. Off by default: every
//! strategy at 3 thread counts plus the baselines, ten samples each, on
//! 40 MB inputs, is most of an hour on two cores.

use super::plan::{BASELINES, THREADS};
use super::Run;
use crate::steps::{run_command, Backend, Status};
use serde::Serialize;

/// One benchmark's median, as criterion estimated it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Estimate {
    pub(crate) corpus: String,
    pub(crate) name: String,
    pub(crate) threads: usize,
    pub(crate) median_ns: f64,
    pub(crate) mb_s: f64,
}

/// Runs the corpus groups of the criterion bench and reads their medians.
pub(crate) fn run(run: &Run, quick: bool) -> Result<Vec<Estimate>, String> {
    let names: Vec<&str> = run.corpora.iter().map(|c| c.corpus.name.as_str()).collect();
    let root = Backend::Std.target_dir().join("criterion");
    for name in &names {
        // Nothing stale read back: only what this run measures.
        let _ = std::fs::remove_dir_all(root.join(format!("corpus_{name}")));
    }
    let mut cmd = Backend::Std.cargo();
    cmd.args(["bench", "--bench", "strategies", "--", "corpus/"]);
    if quick {
        cmd.arg("--quick");
    }
    cmd.env("TALLY_BENCH_CORPORA", names.join(","))
        .env("TALLY_BENCH_CORPORA_DIR", super::corpora_dir(quick));
    if run_command(cmd) != Status::Passed {
        return Err("`cargo bench --bench strategies` failed".to_owned());
    }
    let mut estimates = Vec::new();
    for c in &run.corpora {
        let group = root.join(format!("corpus_{}", c.corpus.name));
        let names = run
            .tools
            .strategies
            .iter()
            .map(String::as_str)
            .chain(BASELINES);
        for name in names {
            for threads in THREADS {
                let path = group
                    .join(name)
                    .join(threads.to_string())
                    .join("new/estimates.json");
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue; // `tutorial` runs at 1 thread only
                };
                let json: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                let Some(median_ns) = json["median"]["point_estimate"].as_f64() else {
                    return Err(format!("{}: no median", path.display()));
                };
                estimates.push(Estimate {
                    corpus: c.corpus.name.clone(),
                    name: name.to_owned(),
                    threads,
                    median_ns,
                    mb_s: c.corpus.bytes as f64 / 1e6 / (median_ns / 1e9),
                });
            }
        }
    }
    Ok(estimates)
}
