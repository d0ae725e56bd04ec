//! Throughput of every strategy, so that `tally count`'s default is the
//! fastest by measurement, not by guess.
//!
//! Two inputs: natural prose (Genesis, KJV, repeated to 4 MB: a small
//! vocabulary, so merges are cheap) and a synthetic 4 MB text where most
//! words are distinct (merges and shared maps dominate). Each strategy runs at
//! 1 thread and at the machine's available parallelism; ratios against
//! `sequential` in the same run are what to compare across machines.
//!
//! Beside them, in the same groups, the baselines of `baselines/` (the
//! tutorial's `count_words`, its channel and mutex versions, a rayon
//! fold/reduce), so every strategy's ratio to the tutorial's code can be read
//! from the same run.
//!
//! `cargo bench --bench strategies` (add `-- <filter>` to narrow it).
//!
//! The benchmark corpora (`cargo xtask corpus`, `scripts/kjv-corpus.sh`) are
//! measured when named: `TALLY_BENCH_CORPORA=kjv10,zipf-small,zipf-huge`
//! runs every strategy at 1, 2 and 4 threads, and every baseline, on each
//! `NAME.txt` of `$TALLY_BENCH_CORPORA_DIR` (default:
//! `$CARGO_TARGET_DIR/corpora`, else `target/corpora`), in groups
//! `corpus/NAME` (filter `-- corpus/` to run only those). A 40 MB corpus
//! takes several minutes: `cargo xtask bench --criterion` runs them all.

mod baselines;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, BenchmarkId, Criterion,
    SamplingMode, Throughput,
};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;
use tally::{source, sync, Strategy};

const SAMPLE: &str = include_str!("../src/sample/genesis-kjv.txt");
const SIZE: usize = 4 << 20;

fn prose() -> String {
    SAMPLE.repeat(SIZE / SAMPLE.len() + 1)
}

/// Mostly distinct words: `w0 w1 ... wN` with every tenth word repeated.
fn vocabulary_heavy() -> String {
    let mut text = String::with_capacity(SIZE + 16);
    let mut i = 0u64;
    while text.len() < SIZE {
        let word = if i.is_multiple_of(10) { i % 100 } else { i };
        text.push_str(&format!("w{word} "));
        i += 1;
    }
    text
}

fn strategies(c: &mut Criterion) {
    let parallel = sync::thread::available_parallelism();
    let mut threads = vec![1];
    if parallel > 1 {
        threads.push(parallel);
    }
    for (input_name, text) in [("prose", prose()), ("vocabulary-heavy", vocabulary_heavy())] {
        let mut group = c.benchmark_group(input_name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(2));
        for &n in &threads {
            let blocks = source::blocks(text.clone(), source::block_size_for(text.len(), n));
            for strategy in Strategy::ALL {
                group.bench_with_input(BenchmarkId::new(strategy.name(), n), &n, |b, &n| {
                    b.iter_batched(
                        || blocks.clone(),
                        |blocks| black_box(strategy.count(blocks, n).expect("no faults injected")),
                        BatchSize::SmallInput,
                    )
                });
            }
            bench_baselines(&mut group, &text, n);
        }
        group.finish();
    }
}

/// The baselines on `text` at `n` threads (the single-threaded `tutorial`
/// only at 1), in `group`, beside the strategies.
fn bench_baselines(group: &mut BenchmarkGroup<'_, WallTime>, text: &str, n: usize) {
    for kind in baselines::KINDS {
        if kind == "tutorial" && n != 1 {
            continue;
        }
        group.bench_with_input(BenchmarkId::new(kind, n), &n, |b, &n| match kind {
            "tutorial" => b.iter(|| black_box(baselines::tutorial(text))),
            "tutorial-channel" => b.iter(|| black_box(baselines::tutorial_channel(text, n))),
            "tutorial-mutex" => b.iter(|| black_box(baselines::tutorial_mutex(text, n))),
            "rayon-fold" => b.iter(|| black_box(baselines::rayon_fold(text, n))),
            other => unreachable!("baseline {other} has no arm here"),
        });
    }
}

/// Every strategy at 1, 2 and 4 threads, and every baseline, on each corpus
/// `TALLY_BENCH_CORPORA` names (nothing when it is unset).
fn corpora(c: &mut Criterion) {
    let Ok(names) = std::env::var("TALLY_BENCH_CORPORA") else {
        return;
    };
    let dir = std::env::var_os("TALLY_BENCH_CORPORA_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(|t| PathBuf::from(t).join("corpora")))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/corpora"));
    for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let path = dir.join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (`cargo xtask corpus` writes the corpora)",
                path.display()
            )
        });
        let mut group = c.benchmark_group(format!("corpus/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        // Tens of megabytes a run: a few runs per sample, the same number in each.
        group.sample_size(10);
        group.sampling_mode(SamplingMode::Flat);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(10));
        for n in [1, 2, 4] {
            let blocks = source::blocks(text.clone(), source::block_size_for(text.len(), n));
            for strategy in Strategy::ALL {
                group.bench_with_input(BenchmarkId::new(strategy.name(), n), &n, |b, &n| {
                    b.iter_batched(
                        || blocks.clone(),
                        |blocks| black_box(strategy.count(blocks, n).expect("no faults injected")),
                        BatchSize::PerIteration,
                    )
                });
            }
            bench_baselines(&mut group, &text, n);
        }
        group.finish();
    }
}

criterion_group!(benches, strategies, corpora);
criterion_main!(benches);
