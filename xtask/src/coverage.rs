//! The coverage report: the table each model suite's harness writes to
//! `target/<backend>/coverage.md` (a summary line, then a Markdown row per
//! model run, each strategy followed by its twins), printed after the suites
//! run.

use crate::steps::{Backend, Step};
use std::path::PathBuf;

/// The environment variable naming the file a model suite writes its table
/// to (`model_tests::harness::COVERAGE_FILE_VAR`).
pub(crate) const FILE_VAR: &str = "TALLY_COVERAGE_FILE";

/// Where `backend`'s suite writes its table.
pub(crate) fn file(backend: Backend) -> PathBuf {
    backend.target_dir().join("coverage.md")
}

/// Prints the table of every model suite in `plan`.
pub(crate) fn print_tables(plan: &[Step]) {
    for step in plan {
        let Step::ModelSuite(backend, _) = step else {
            continue;
        };
        println!("\n== model coverage: {} ==", backend.name());
        match std::fs::read_to_string(file(*backend)) {
            Ok(table) => print!("{table}"),
            Err(_) => println!("({} suite left no coverage table)", backend.name()),
        }
    }
}
