//! Throughput of every strategy, so that `tally count`'s default is the
//! fastest by measurement, not by guess.
//!
//! Two inputs: natural prose (Genesis, KJV, repeated to 4 MB: a small
//! vocabulary, so merges are cheap) and a synthetic 4 MB text where most
//! words are distinct (merges and shared maps dominate). Each strategy runs at
//! 1 thread and at the machine's available parallelism; ratios against
//! `sequential` in the same run are what to compare across machines.
//!
//! `cargo bench --bench strategies` (add `-- <filter>` to narrow it).

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
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
        }
        group.finish();
    }
}

criterion_group!(benches, strategies);
criterion_main!(benches);
