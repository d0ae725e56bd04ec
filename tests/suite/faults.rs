//! A worker that panics, at any step of any strategy, makes the count fail
//! with an error naming the strategy and the worker; it never yields a
//! partial count. Steps inside critical sections also poison the lock.

use super::checked::Checked;
use tally::fault::{FaultPlan, INJECTED_PANIC};
use tally::{source, Error, Strategy};

const BLOCK_SIZE: usize = 256;

/// Hundreds of blocks of a six-word vocabulary: every worker has many steps
/// to take, so every plan below really fires.
fn input() -> Vec<tally::Block> {
    let text = "alpha Beta gamma alpha delta beta ΟΔΟΣ epsilon\n".repeat(2000);
    source::blocks(text, BLOCK_SIZE)
}

/// The steps at which to panic worker `worker` of `workers`: its first step,
/// its second, one mid-way and one late. A step is a block for the
/// strategies that count locally, a word for the per-word ones (which have
/// more steps than blocks, so every point still fires). Then one more: the
/// send (message passing), or inside the merge's critical section for the
/// strategies that merge under a lock, where the panic also poisons it.
fn fault_points(strategy: Strategy, workers: usize, worker: usize) -> Vec<usize> {
    if matches!(strategy, Strategy::ClaimBlocks | Strategy::Partitioned) {
        // Workers claim (or take from the feed) blocks as they go, so how
        // many steps one takes is up to the scheduler; only its first step
        // (its first claim, or its last, empty one) is certain to happen.
        return vec![0];
    }
    // Blocks are dealt round-robin: worker `w` gets blocks w, w+n, ...
    let blocks = input().len();
    let own = (blocks - worker).div_ceil(workers);
    let mut points = vec![0, 1, own / 2, own - 1];
    match strategy {
        Strategy::MessagePassing => points.push(own),
        // One step per merge, taken while holding the lock.
        Strategy::SharedMutex => points.push(own),
        Strategy::Sharded => points.extend([own, own + 1]),
        _ => {}
    }
    points
}

/// Workers to try: up to 4, one for `sequential` (which has one).
fn max_workers(strategy: Strategy) -> usize {
    if strategy == Strategy::Sequential {
        1
    } else {
        4
    }
}

/// Asserts that `result` is the injected panic of `plan`'s worker, blamed
/// on `strategy` and that worker.
#[track_caller]
fn assert_blamed(
    result: Result<tally::Counts, Error>,
    strategy: Strategy,
    workers: usize,
    plan: FaultPlan,
) {
    match result {
        Err(Error::WorkerPanicked {
            strategy: name,
            worker,
            message,
        }) => {
            assert_eq!(name, strategy.name());
            assert_eq!(worker, plan.worker, "{strategy}: wrong worker blamed");
            assert!(message.contains(INJECTED_PANIC), "{message}");
        }
        other => panic!("{strategy} {workers} workers {plan:?}: got {other:?}"),
    }
}

#[test]
fn a_panicking_worker_is_an_error_in_every_strategy() {
    let mut checked = Checked::new("a panicking worker is an error");
    for strategy in Strategy::ALL {
        for workers in 1..=max_workers(strategy) {
            for worker in 0..workers {
                for after_steps in fault_points(strategy, workers, worker) {
                    let plan = FaultPlan {
                        worker,
                        after_steps,
                    };
                    let result = strategy.count_with_fault(input(), workers, plan);
                    checked.ran(strategy);
                    assert_blamed(result, strategy, workers, plan);
                }
            }
        }
    }
    checked.assert_every_strategy();
}

/// `--top K` (`Strategy::count_top_stream`): `partitioned`'s workers keep
/// their partitions there instead of exchanging them, and a worker that
/// panics must still fail the count, never leave the first K to the others.
#[test]
fn a_panicking_worker_counted_for_its_first_k_is_an_error_in_every_strategy() {
    let mut checked = Checked::new("a panicking worker counted for its first k");
    for strategy in Strategy::ALL {
        for workers in 1..=max_workers(strategy) {
            for worker in 0..workers {
                let plan = FaultPlan {
                    worker,
                    after_steps: 0,
                };
                let result = strategy.count_top_with_fault(input(), workers, 3, plan);
                checked.ran(strategy);
                assert_blamed(result, strategy, workers, plan);
            }
        }
    }
    checked.assert_every_strategy();
}

#[test]
fn the_error_message_names_strategy_and_worker() {
    let plan = FaultPlan {
        worker: 2,
        after_steps: 3,
    };
    let error = Strategy::MessagePassing
        .count_with_fault(input(), 4, plan)
        .unwrap_err()
        .to_string();
    assert!(error.contains("message-passing"), "{error}");
    assert!(error.contains("worker 2"), "{error}");
    assert!(error.contains("no count was produced"), "{error}");
}

#[test]
fn without_a_plan_for_it_no_worker_fails() {
    // A plan for a worker that does not exist never fires: the count is whole.
    let plan = FaultPlan {
        worker: 99,
        after_steps: 0,
    };
    let expected = Strategy::Sequential.count(input(), 1).unwrap();
    for strategy in Strategy::ALL {
        assert_eq!(
            strategy.count_with_fault(input(), 4, plan).unwrap(),
            expected
        );
    }
}
