//! Tests only the shuttle suite has.

use model_tests::harness::{test, Test};
use model_tests::shuttle_check::Shuttle;
use model_tests::verify::first_failure;
use tally::broken::Broken;

/// The silently partial result, which only shuttle sees: its timeline ends
/// in a line that names the worker that died and the count returned
/// without its share.
pub(crate) fn dead_worker_timeline() -> Test {
    test(
        "strategies::message_passing::silent_partial_result::timeline_names_the_symptom",
        || {
            let (_, timeline) = first_failure(&Shuttle::Dfs, Broken::SilentPartialResult);
            let last = timeline.lines().last().unwrap_or_default();
            assert!(
                last.contains("expected") && last.contains("worker 1 panicked"),
                "the symptom line does not name the dead worker:\n{timeline}"
            );
        },
    )
}
