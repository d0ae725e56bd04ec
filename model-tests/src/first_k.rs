//! `partitioned` counted for its first `k` words (`tally count --top K`):
//! its workers keep their partitions instead of exchanging them, and a
//! threshold settles the first `k` across their counts
//! (`Strategy::count_top_stream`). The workers still take their blocks from
//! the feed, so the hand-off is explored here as in the strategy's own
//! runs: every execution must rank first what the oracle ranks first, with
//! the oracle's counts. Outside the plan, so outside the coverage table:
//! the threshold itself is sequential code, checked by the std suites'
//! properties and unit tests.
// The executions' tally outlives them, so it is std's, not the facade's.
#![allow(clippy::disallowed_types)]

use crate::catalog;
use crate::harness::{test, Test};
use crate::model::Model;
use crate::plan::Search;
use crate::suite;
use crate::verify::Checker;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tally::{source, Counts, Strategy};

/// The first words asked for: few enough that the threshold leaves words
/// out of every model with more than one.
const K: usize = 1;

/// One test per model, as the plan runs the strategy itself (loom: every
/// interleaving within the preemption bound, on the small models, since an
/// unbounded search of the feed does not finish; shuttle: random
/// schedules, on the large ones), named
/// `strategies::partitioned::first_k::<search>::<model>`.
pub fn tests() -> Vec<Test> {
    let (search, models) = if cfg!(loom) {
        (Search::Bounded, catalog::small())
    } else {
        (Search::Random, catalog::large())
    };
    models
        .into_iter()
        .map(|model| {
            let name = format!("strategies::partitioned::first_k::{search}::{}", model.name);
            test(name, move || check(suite::checker(search).as_ref(), &model))
        })
        .collect()
}

/// Explores `model` under `checker`, asserting every execution's first
/// [`K`] and counts, and that more than one execution was explored.
fn check(checker: &dyn Checker, model: &Model) {
    let oracle = Counts::from_iter(model.oracle().expect("the oracle never fails"));
    let first: Vec<(String, usize)> = oracle
        .top(K)
        .into_iter()
        .map(|(word, n)| (word.to_owned(), n))
        .collect();
    let executions = Arc::new(AtomicUsize::new(0));
    let body = {
        let (executions, model) = (Arc::clone(&executions), model.clone());
        Arc::new(move || {
            executions.fetch_add(1, Ordering::Relaxed);
            let blocks: Vec<_> = model
                .texts
                .iter()
                .flat_map(|text| source::blocks(text.clone(), usize::MAX))
                .collect();
            let got = Strategy::Partitioned
                .count_top_stream(model.workers(), K, |emit| {
                    blocks.into_iter().try_for_each(emit)
                })
                .expect("no fault was planned");
            let got_first: Vec<(String, usize)> = got
                .top(K)
                .into_iter()
                .map(|(word, n)| (word.to_owned(), n))
                .collect();
            assert_eq!(got_first, first, "the first {K} differ from the oracle's");
            for (word, n) in got.iter() {
                assert_eq!(n, oracle.get(word), "the count of {word:?} differs");
            }
        })
    };
    checker.explore(body);
    let executions = executions.load(Ordering::Relaxed);
    assert!(
        executions > 1,
        "{}: only {executions} execution explored",
        model.name
    );
}
