//! `cargo xtask costmodel`: scaling on paper. Two cores cannot show what
//! 16 or 64 threads do, so this measures where each strategy's time goes at
//! 1 to 4 threads, derives a cost model from it, and predicts 1 to 64.
//!
//! It builds `examples/phases.rs` with the `phase-timings` feature (its own
//! target dir, `target/phases`), runs it on the benchmark corpora kjv10 and
//! zipf-huge (made by `cargo xtask corpus` if missing), and writes
//! `docs/bench/costmodel.md`, `docs/bench/costmodel.json` (the raw
//! measurements) and the README's `<!-- costmodel -->` section.
//! `--refit` fits and writes again from `costmodel.json`, measuring nothing.
//! `--from DIR` fits and writes from measurements made on another machine
//! by `scripts/scaling-run.sh` (its `phases-CORPUS-T.json` files and its
//! `e2e.txt`, kept in `docs/bench/wide/`): there the model is fitted to
//! that machine's 1 and 2 threads and tested at 4, 8 and 16. It writes
//! `DIR/costmodel.md` and the README's `<!-- costmodel-wide -->` section.
//!
//! The model: a count of W words on t threads, with t private maps holding
//! V(t) distinct words between them (measured on t equal slices of the
//! corpus), costs
//!
//! ```text
//! T(t) = R + P/t + S(t)
//! ```
//!
//! R ranks and writes the result (measured at one thread; for
//! `partitioned`, whose parts are sorted each on its own thread, the share
//! that splits is fitted from 1 and 2 threads and divided by t), P is the work that
//! splits over threads (the one-thread count time less its coordination),
//! and S(t) is what the strategy's coordination adds, from unit costs
//! measured at 2 threads (the most this machine runs truly in parallel):
//! c_m nanoseconds per entry merged, h nanoseconds per lock hold. The
//! shape of S(t) is each strategy's structure, stated in `shape`.

use crate::bench::corpus;
use crate::bench::timing::median;
use crate::steps::workspace_root;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};

/// The corpora modelled: prose (a few thousand words, shared by every
/// slice) and millions of distinct words (each slice its own).
const CORPORA: [&str; 2] = ["kjv10", "zipf-huge"];
/// Threads measured, and predicted.
const MEASURED: [usize; 4] = [1, 2, 3, 4];
const PREDICTED: [usize; 8] = [1, 2, 3, 4, 8, 16, 32, 64];

/// How a strategy's coordination grows with threads.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// No threads: T = the one-thread time.
    Alone,
    /// One thread merges every other map (a collector, or one lock):
    /// S = c_m * V(t) * (t-1)/t.
    SerialMerge,
    /// Partition owners merge in parallel, each the other maps' share of
    /// its partition: S = c_m * V(t) * (t-1)/t / t.
    ParallelMerge,
    /// Each worker merges its whole map into lock shards (in parallel),
    /// then one thread collects the shards: S = c_m * (V(t)/t + V(1)).
    ShardMerge,
    /// Every word takes the one lock: T = max(P/t, W * h), h contended.
    LockPerWord,
    /// Every word is a message to one collector: T = max(P/t, C), C the
    /// collector's time at 2 threads.
    MessagePerWord,
    /// A sequential vocabulary pass first (sequential's whole time), then
    /// the rest splits: T = pass + (P - pass)/t.
    SerialPass,
}

/// Each strategy's shape, and why.
fn shape(strategy: &str) -> Shape {
    match strategy {
        "sequential" => Shape::Alone,
        // The collector merges the maps one after another.
        "message-passing" | "claim-blocks" => Shape::SerialMerge,
        // The maps are merged under one lock: queued, so one at a time.
        "shared-mutex" => Shape::SerialMerge,
        // Owner j merges partition j of every map, all owners at once.
        "partitioned" => Shape::ParallelMerge,
        // 4 lock shards per worker, merged into independently; the final
        // collection of the shards is one thread's.
        "sharded" => Shape::ShardMerge,
        "mutex-per-word" => Shape::LockPerWord,
        "channel-per-word" => Shape::MessagePerWord,
        "atomic-buckets" => Shape::SerialPass,
        other => panic!("costmodel: no shape for strategy {other}"),
    }
}

/// One measured run of the phases example.
#[derive(Debug, Clone)]
struct Measured {
    strategy: String,
    threads: usize,
    count_ns: f64,
    rank_ns: f64,
    phases: Value,
}

impl Measured {
    fn phase(&self, name: &str) -> (f64, f64) {
        let p = &self.phases[name];
        (
            p["ns"].as_f64().unwrap_or(0.0),
            p["events"].as_f64().unwrap_or(0.0),
        )
    }
}

/// A corpus's measurements.
struct Corpus {
    name: String,
    bytes: f64,
    words: f64,
    distinct: f64,
    /// (t, V(t)): distinct words summed over t equal slices.
    slices: Vec<(usize, f64)>,
    runs: Vec<Measured>,
}

impl Corpus {
    fn run(&self, strategy: &str, threads: usize) -> Option<&Measured> {
        self.runs
            .iter()
            .find(|m| m.strategy == strategy && m.threads == threads)
    }

    fn vocabulary(&self, threads: usize) -> f64 {
        self.slices
            .iter()
            .find(|(t, _)| *t == threads)
            .map_or(self.distinct * threads as f64, |(_, v)| *v)
    }

    /// The thread counts measured, ascending.
    fn threads(&self) -> Vec<usize> {
        let mut threads: Vec<usize> = self.runs.iter().map(|m| m.threads).collect();
        threads.sort_unstable();
        threads.dedup();
        threads
    }

    fn strategies(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for m in &self.runs {
            if !names.contains(&m.strategy) {
                names.push(m.strategy.clone());
            }
        }
        names
    }
}

/// A strategy's fitted parameters on one corpus.
#[derive(Debug, Clone, Copy)]
struct Fit {
    shape: Shape,
    /// Rank and write at one thread, ns.
    rank: f64,
    /// The part of `rank` that splits over threads (sorting the parts of a
    /// partitioned count in parallel), ns.
    rank_split: f64,
    /// The one-thread count, ns.
    one: f64,
    /// The work that splits over threads, ns: the one-thread count less
    /// its merges (which the shape models), its locks uncontended.
    parallel: f64,
    /// ns per merged entry.
    merge_per_entry: f64,
    /// ns per word through the one lock, contended (from 2 threads).
    hold: f64,
    /// The collector's time at 2 threads (per-word messages), ns.
    collector: f64,
    /// The sequential vocabulary pass (atomic-buckets), ns.
    pass: f64,
}

fn fit(corpus: &Corpus, strategy: &str) -> Option<Fit> {
    let one = corpus.run(strategy, 1)?;
    let two = corpus.run(strategy, 2)?;
    let shape = shape(strategy);
    // Entries really inserted at 2 threads: a collector takes the first
    // map as it is (swapped in, not merged); the others insert every
    // entry they are counted for.
    let (merge_ns, merge_events) = two.phase("merge");
    let inserted = match shape {
        Shape::SerialMerge => merge_events * 0.5,
        _ => merge_events,
    };
    let merge_per_entry = if inserted > 0.0 {
        merge_ns / inserted
    } else {
        0.0
    };
    // A contended lock costs more than its hold time: the lock's cache line
    // and the waiter's wake-up move between cores on every handoff, and
    // neither shows as holding. So a lock per word is costed at what it
    // achieved with 2 threads, handoffs included: the 2-thread count time
    // per word (a fitted point, marked in the tables, not a prediction).
    let hold = match shape {
        Shape::LockPerWord => two.count_ns / corpus.words,
        _ => 0.0,
    };
    let pass = match shape {
        Shape::SerialPass => corpus.run("sequential", 1).map_or(0.0, |s| s.count_ns),
        _ => 0.0,
    };
    // rank(1) = fixed + split, rank(2) = fixed + split / 2; a difference
    // under 10% is noise (a count too small to rank its parts in parallel).
    let rank_split = match shape {
        Shape::ParallelMerge if two.rank_ns < 0.9 * one.rank_ns => {
            (2.0 * (one.rank_ns - two.rank_ns)).min(one.rank_ns)
        }
        _ => 0.0,
    };
    Some(Fit {
        shape,
        rank: one.rank_ns,
        rank_split,
        one: one.count_ns,
        parallel: one.count_ns - one.phase("merge").0,
        merge_per_entry,
        hold,
        collector: two.count_ns,
        pass,
    })
}

impl Fit {
    /// Predicted wall time (count, rank and write) at `t` threads, ns.
    fn predict(&self, corpus: &Corpus, t: usize) -> f64 {
        let tf = t as f64;
        let vocab = corpus.vocabulary(t);
        let count = match self.shape {
            Shape::Alone => self.one,
            Shape::SerialMerge => {
                self.parallel / tf + self.merge_per_entry * vocab * (tf - 1.0) / tf
            }
            Shape::ParallelMerge => {
                self.parallel / tf + self.merge_per_entry * vocab * (tf - 1.0) / (tf * tf)
            }
            Shape::ShardMerge => {
                self.parallel / tf + self.merge_per_entry * (vocab / tf + corpus.distinct)
            }
            Shape::LockPerWord if t == 1 => self.one,
            Shape::LockPerWord => (self.parallel / tf).max(corpus.words * self.hold),
            Shape::MessagePerWord if t == 1 => self.one,
            Shape::MessagePerWord => (self.parallel / tf).max(self.collector),
            Shape::SerialPass => self.pass + (self.parallel - self.pass).max(0.0) / tf,
        };
        count + (self.rank - self.rank_split) + self.rank_split / tf
    }
}

pub(crate) fn run(args: &[String]) -> ExitCode {
    match costmodel(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask costmodel: {e}");
            ExitCode::FAILURE
        }
    }
}

fn costmodel(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let docs = root.join("docs/bench");
    let runs = match args {
        [] => 3,
        [flag, n] if flag == "--runs" => n.parse().map_err(|e| format!("--runs: {e}"))?,
        // Fit and write again from the last measurements, measuring nothing.
        [flag] if flag == "--refit" => {
            let path = docs.join("costmodel.json");
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let raw: serde_json::Map<String, Value> =
                serde_json::from_str(&text).map_err(|e| e.to_string())?;
            return publish(&docs, raw);
        }
        // Measured on a machine with more cores: see `wide`.
        [flag, dir] if flag == "--from" => return wide(Path::new(dir)),
        _ => return Err("usage: cargo xtask costmodel [--runs N | --refit | --from DIR]".into()),
    };
    let target = root.join("target/phases");
    let status = Command::new(env!("CARGO"))
        .current_dir(root)
        .args(["build", "--release", "--features", "phase-timings"])
        .args(["--example", "phases"])
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("building examples/phases.rs failed".into());
    }
    // The timers' own test runs only with the feature: here.
    let status = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "test",
            "--release",
            "--features",
            "phase-timings",
            "--lib",
            "phases",
        ])
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the phase timers' test failed".into());
    }
    let corpora = corpus::ensure(false, corpus::DEFAULT_SEED)?;
    let mut raw = serde_json::Map::new();
    for name in CORPORA {
        let file = corpora
            .iter()
            .find(|c| c.name == name)
            .ok_or(format!("no corpus {name}"))?;
        eprintln!("costmodel: measuring {name} ({runs} runs per point)");
        let threads: Vec<String> = MEASURED.iter().map(usize::to_string).collect();
        let output = Command::new(target.join("release/examples/phases"))
            .arg(&file.path)
            .args(["--threads", &threads.join(","), "--runs", &runs.to_string()])
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(format!(
                "phases on {name} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let json: Value = serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
        raw.insert(name.to_owned(), json);
    }
    publish(&docs, raw)
}

/// Fits the model to `raw` (the phases output per corpus) and writes the
/// report, the raw numbers and the README section.
fn publish(docs: &Path, raw: serde_json::Map<String, Value>) -> Result<(), String> {
    let (measured, cpus) = parse_all(&raw)?;
    let markdown = report(&measured, cpus, "`costmodel.json`");
    write(&docs.join("costmodel.md"), &markdown)?;
    let raw = serde_json::to_string_pretty(&Value::Object(raw)).map_err(|e| e.to_string())?;
    write(&docs.join("costmodel.json"), &raw)?;
    if !crate::readme::splice("costmodel", &readme_section(&measured, cpus)) {
        return Err("could not update README.md".into());
    }
    println!("{markdown}");
    println!("wrote docs/bench/costmodel.md, docs/bench/costmodel.json and README.md's section");
    Ok(())
}

/// Every corpus of `raw`, and the most CPUs any of them was measured with.
fn parse_all(raw: &serde_json::Map<String, Value>) -> Result<(Vec<Corpus>, usize), String> {
    let measured = raw
        .iter()
        .map(|(name, json)| parse(name, json))
        .collect::<Result<Vec<_>, _>>()?;
    let cpus = raw
        .values()
        .filter_map(|json| json["cpus"].as_u64())
        .max()
        .unwrap_or(1) as usize;
    Ok((measured, cpus))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn parse(name: &str, json: &Value) -> Result<Corpus, String> {
    let number = |v: &Value, key: &str| {
        v[key]
            .as_f64()
            .ok_or(format!("{name}: `{key}` missing in the phases output"))
    };
    let slices = json["slices"]
        .as_array()
        .ok_or("no slices")?
        .iter()
        .map(|s| Ok((number(s, "threads")? as usize, number(s, "distinct_sum")?)))
        .collect::<Result<_, String>>()?;
    let runs = json["runs"]
        .as_array()
        .ok_or("no runs")?
        .iter()
        .map(|r| {
            Ok(Measured {
                strategy: r["strategy"].as_str().ok_or("no strategy")?.to_owned(),
                threads: number(r, "threads")? as usize,
                count_ns: number(r, "count_ns")?,
                rank_ns: number(r, "rank_ns")?,
                phases: r["phases"].clone(),
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Corpus {
        name: name.to_owned(),
        bytes: number(json, "bytes")?,
        words: number(json, "words")?,
        distinct: number(json, "distinct")?,
        slices,
        runs,
    })
}

fn ms(ns: f64) -> String {
    format!("{:.1}", ns / 1e6)
}

/// MB/s of `corpus` in `ns`.
fn mb_s(corpus: &Corpus, ns: f64) -> String {
    format!("{:.0}", corpus.bytes / 1e6 / (ns / 1e9))
}

/// The full report: phase timings, the fitted model, predicted against
/// measured.
fn report(corpora: &[Corpus], cpus: usize, raw: &str) -> String {
    let mut out = String::from("# tally cost model\n\n");
    let _ = writeln!(
        out,
        "Written by `cargo xtask costmodel` on a machine with {cpus} CPUs. Every time is \
         from `examples/phases.rs` (built with the `phase-timings` feature), the run with \
         the median wall time of its point: the corpus in memory, cut into the blocks \
         `tally count` streams, counted, then ranked and written to a sink. Phase times \
         are summed over threads, in ms. Raw numbers: {raw}.\n"
    );
    out.push_str(MODEL_TEXT);
    for corpus in corpora {
        let _ = writeln!(
            out,
            "\n## {} ({:.1} MB, {:.0} words, {:.0} distinct)\n",
            corpus.name,
            corpus.bytes / 1e6,
            corpus.words,
            corpus.distinct
        );
        out.push_str("V(t), the distinct words t private maps hold between them:\n\n");
        out.push_str(&vocabulary_table(corpus));
        out.push_str("\n### Where the time goes (ms, summed over threads)\n\n");
        out.push_str(
            "| strategy | t | wall | rank+write | count | merge (entries) | lock wait | lock held (holds) | send | recv wait |\n\
             |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
        );
        for strategy in corpus.strategies() {
            for t in corpus.threads() {
                let Some(m) = corpus.run(&strategy, t) else {
                    continue;
                };
                let (merge, merged) = m.phase("merge");
                let (held, holds) = m.phase("lock_held");
                let _ = writeln!(
                    out,
                    "| `{strategy}` | {t} | {} | {} | {} | {} ({merged:.0}) | {} | {} ({holds:.0}) | {} | {} |",
                    ms(m.count_ns + m.rank_ns),
                    ms(m.rank_ns),
                    ms(m.phase("count").0),
                    ms(merge),
                    ms(m.phase("lock_wait").0),
                    ms(held),
                    ms(m.phase("send").0),
                    ms(m.phase("recv_wait").0),
                );
            }
        }
        out.push_str("\n### The fitted model, and its prediction (MB/s)\n\n");
        out.push_str(&prediction_table(corpus, cpus, true));
    }
    out
}

const MODEL_TEXT: &str = "\
## The model

A count of W words on t threads, whose t private maps hold V(t) distinct
words between them, takes `T(t) = R + P/t + S(t)`: R ranks and writes the
result, on one thread except in `partitioned`, whose parts are sorted, and
whose report is formatted, on a thread per part (there R = R_w + R_s/t,
with R_s fitted from the
1- and 2-thread rankings); P is the one-thread count less its merges, the
work that splits; S(t)
is what coordination adds, with unit costs measured at 2 threads: c_m ns
per entry merged; h ns per word through one contended lock and C the
per-word collector's whole time, both from the 2-thread run (fitted there,
predicted beyond). Its shape follows each strategy's structure:

| shape | strategies | T(t) |
|---|---|---|
| one thread | `sequential` | T(1) |
| one merger | `message-passing`, `claim-blocks`, `shared-mutex` (merges queue on its lock) | R + P/t + c_m·V(t)·(t−1)/t |
| merges in parallel | `partitioned` (each owner merges its partition of the other maps) | R_w + R_s/t + P/t + c_m·V(t)·(t−1)/t² |
| lock shards, one collector | `sharded` | R + P/t + c_m·(V(t)/t + V(1)) |
| a lock per word | `mutex-per-word` (h: the 2-thread time per word, handoffs included) | R + max(P/t, W·h) |
| a message per word | `channel-per-word` | R + max(P/t, C) |
| a sequential pass first | `atomic-buckets` | R + pass + (P − pass)/t |

What it leaves out: memory bandwidth (the 8-byte hash table slots and
entries of millions of words do not fit in cache: more cores share the same
DRAM), the reader (here the input is in memory; `tally count` reads on its
own thread, which overlaps), false sharing of hot atomic buckets, and the
operating system. So it is an upper bound on scaling, most optimistic where
the working set is largest.
";

fn vocabulary_table(corpus: &Corpus) -> String {
    let mut out = String::from("| t |");
    for (t, _) in &corpus.slices {
        let _ = write!(out, " {t} |");
    }
    out.push_str("\n|---|");
    for _ in &corpus.slices {
        out.push_str("--:|");
    }
    out.push_str("\n| V(t) |");
    for (_, v) in &corpus.slices {
        let _ = write!(out, " {v:.0} |");
    }
    out.push_str("\n| V(t) / V(1) |");
    for (_, v) in &corpus.slices {
        let _ = write!(out, " {:.1} |", v / corpus.distinct);
    }
    out.push('\n');
    out
}

/// Predicted MB/s at every `PREDICTED` thread count, measured beside it
/// where measured (in brackets; starred beyond the machine's CPUs).
fn prediction_table(corpus: &Corpus, cpus: usize, parameters: bool) -> String {
    let mut out = String::from("| strategy |");
    if parameters {
        out.push_str(" c_m ns | h ns |");
    }
    for t in PREDICTED {
        let _ = write!(out, " {t} |");
    }
    out.push_str("\n|---|");
    if parameters {
        out.push_str("--:|--:|");
    }
    for _ in PREDICTED {
        out.push_str("--:|");
    }
    out.push('\n');
    for strategy in corpus.strategies() {
        let Some(fit) = fit(corpus, &strategy) else {
            continue;
        };
        let _ = write!(out, "| `{strategy}` |");
        if parameters {
            let merges = matches!(
                fit.shape,
                Shape::SerialMerge | Shape::ParallelMerge | Shape::ShardMerge
            );
            let show = |shown: bool, x: f64| {
                if shown {
                    format!("{x:.0}")
                } else {
                    "–".into()
                }
            };
            let _ = write!(
                out,
                " {} | {} |",
                show(merges, fit.merge_per_entry),
                show(matches!(fit.shape, Shape::LockPerWord), fit.hold)
            );
        }
        for t in PREDICTED {
            let predicted = mb_s(corpus, fit.predict(corpus, t));
            match corpus.run(&strategy, t) {
                Some(m) => {
                    let fitted = t == 2
                        && (matches!(fit.shape, Shape::LockPerWord | Shape::MessagePerWord)
                            || fit.rank_split > 0.0);
                    let star = match (t > cpus, fitted) {
                        (true, _) => "*",
                        (false, true) => "†",
                        (false, false) => "",
                    };
                    let measured = mb_s(corpus, m.count_ns + m.rank_ns);
                    let _ = write!(out, " {predicted} ({measured}{star}) |");
                }
                None => {
                    let _ = write!(out, " {predicted} |");
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\nPredicted MB/s, measured in brackets (a star: more threads than the {cpus} CPUs, \
         so not a test of the model; a dagger: the point the model's per-word cost, or \
         its split of the ranking, was fitted to, so not a test either)."
    );
    out
}

/// What README.md shows between `<!-- costmodel -->` and `<!-- /costmodel -->`.
fn readme_section(corpora: &[Corpus], cpus: usize) -> String {
    let mut out = String::new();
    for corpus in corpora {
        let _ = writeln!(
            out,
            "**{}** ({:.1} MB, {:.0} distinct words; V(64) = {:.1}·V(1)): predicted MB/s, \
             measured in brackets\n",
            corpus.name,
            corpus.bytes / 1e6,
            corpus.distinct,
            corpus.vocabulary(64) / corpus.distinct
        );
        out.push_str(&prediction_table(corpus, cpus, false));
        out.push('\n');
    }
    out
}

/// `--from DIR`: the model fitted to, and tested on, measurements made by
/// `scripts/scaling-run.sh run DIR` on a machine with more cores than this
/// one. Fitted, as here, to that machine's 1- and 2-thread runs, so its
/// 4-, 8- and 16-thread runs test the prediction. Writes `DIR/costmodel.md`
/// and the README's `<!-- costmodel-wide -->` section.
fn wide(dir: &Path) -> Result<(), String> {
    let read =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let mut files: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?;
            let stem = name.strip_prefix("phases-")?.strip_suffix(".json")?;
            let (corpus, _threads) = stem.rsplit_once('-')?;
            Some((corpus.to_owned(), path))
        })
        .collect();
    files.sort();
    // One corpus's runs are spread over a file per thread count.
    let mut raw = serde_json::Map::new();
    for (corpus, path) in files {
        let json: Value =
            serde_json::from_str(&read(&path)?).map_err(|e| format!("{}: {e}", path.display()))?;
        match raw.get_mut(&corpus) {
            None => {
                raw.insert(corpus, json);
            }
            Some(merged) => {
                let runs = json["runs"].as_array().cloned().unwrap_or_default();
                merged["runs"]
                    .as_array_mut()
                    .ok_or(format!("{}: no runs", path.display()))?
                    .extend(runs);
            }
        }
    }
    if raw.is_empty() {
        return Err(format!("no phases-CORPUS-T.json in {}", dir.display()));
    }
    let (measured, cpus) = parse_all(&raw)?;
    let model = read(&dir.join("machine.txt"))
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("Model name:"))?;
            Some(line["Model name:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "unnamed CPUs".into());
    let end_to_end = end_to_end_table(&read(&dir.join("e2e.txt"))?)?;
    let mut markdown = report(&measured, cpus, "the `phases-*.json` files beside this one");
    let _ = write!(
        markdown,
        "\n## `tally count` end to end ({model})\n\nWhole-process wall time of the default \
         strategy, reading the file, median of the rounds in `e2e.txt`; in brackets the \
         speed-up over one thread.\n\n{end_to_end}"
    );
    write(&dir.join("costmodel.md"), &markdown)?;
    // What the fit leaves to test: every thread count measured beyond 2.
    let tested: Vec<String> = (measured.iter())
        .flat_map(Corpus::threads)
        .filter(|&t| t > 2)
        .collect::<std::collections::BTreeSet<_>>()
        .iter()
        .map(usize::to_string)
        .collect();
    let tested = match tested.split_last() {
        None => "nothing beyond them tests the model".to_owned(),
        Some((last, [])) => format!("so {last} threads test the model"),
        Some((last, rest)) => format!("so {} and {last} threads test the model", rest.join(", ")),
    };
    let mut section = format!(
        "Measured on {cpus} cores ({model}) by `scripts/scaling-run.sh`, fitted to its 1 and 2 \
         threads: {tested}.\n\n"
    );
    section.push_str(&readme_section(&measured, cpus));
    let _ = write!(
        section,
        "`tally count` end to end (the default strategy, reading the file; median wall time, \
         speed-up over one thread in brackets):\n\n{end_to_end}"
    );
    if !crate::readme::splice("costmodel-wide", &section) {
        return Err("could not update README.md".into());
    }
    println!("{markdown}");
    println!(
        "wrote {} and README.md's section",
        dir.join("costmodel.md").display()
    );
    Ok(())
}

/// The end-to-end table from `e2e.txt` lines `INPUT THREADS ROUND MICROSECONDS`:
/// the median per input and thread count, and its speed-up over one thread.
fn end_to_end_table(text: &str) -> Result<String, String> {
    let mut inputs: Vec<String> = Vec::new();
    let mut times: std::collections::BTreeMap<(usize, usize), Vec<f64>> = Default::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [input, threads, _round, micros] = fields[..] else {
            return Err(format!("e2e.txt: bad line {line:?}"));
        };
        let threads: usize = threads.parse().map_err(|e| format!("e2e.txt: {e}"))?;
        let micros: f64 = micros.parse().map_err(|e| format!("e2e.txt: {e}"))?;
        if !inputs.iter().any(|i| i == input) {
            inputs.push(input.to_owned());
        }
        let index = inputs.iter().position(|i| i == input).unwrap_or_default();
        times.entry((index, threads)).or_default().push(micros);
    }
    let mut threads: Vec<usize> = times.keys().map(|&(_, t)| t).collect();
    threads.sort_unstable();
    threads.dedup();
    let mut out = String::from("| input |");
    for t in &threads {
        let _ = write!(out, " {t} |");
    }
    out.push_str("\n|---|");
    for _ in &threads {
        out.push_str("--:|");
    }
    out.push('\n');
    for (index, input) in inputs.iter().enumerate() {
        let input = match input.strip_suffix("-top10") {
            Some(corpus) => format!("{corpus}, `--top 10`"),
            None => input.clone(),
        };
        let _ = write!(out, "| {input} |");
        let one = times.get(&(index, 1)).map(|s| median(s.clone()));
        for t in &threads {
            match times.get(&(index, *t)) {
                Some(samples) => {
                    let m = median(samples.clone());
                    let speedup = one.map_or(String::new(), |one| format!(" ({:.1}x)", one / m));
                    let _ = write!(out, " {} ms{speedup} |", ms(m * 1e3));
                }
                None => out.push_str(" |"),
            }
        }
        out.push('\n');
    }
    Ok(out)
}
