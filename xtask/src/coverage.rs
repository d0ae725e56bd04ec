//! The coverage report: what each model test explored, gathered from the
//! records the model suites append to `target/<backend>/coverage.tsv` and
//! printed as one table after the suites run.

use crate::steps::{Backend, Step};
use std::path::PathBuf;

/// The environment variable naming the file a model suite appends to.
pub(crate) const FILE_VAR: &str = "TALLY_COVERAGE_FILE";

/// Where `backend`'s suite writes its records.
pub(crate) fn file(backend: Backend) -> PathBuf {
    backend.target_dir().join("coverage.tsv")
}

/// Prints one table for every model suite in `plan` that left records.
pub(crate) fn print_tables(plan: &[Step]) {
    for step in plan {
        let Step::ModelSuite(backend, _) = step else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(file(*backend)) else {
            println!("\n({} suite left no coverage records)", backend.name());
            continue;
        };
        let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        let header = [
            "strategy",
            "model",
            "backend",
            "bound",
            "executions",
            "time",
            "verdict",
        ];
        let mut widths = header.map(str::len);
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        println!("\n== model coverage: {} ==", backend.name());
        let line = |cells: &[&str]| {
            let parts: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            println!("| {} |", parts.join(" | "));
        };
        line(&header);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        println!("|-{}-|", rule.join("-|-"));
        for row in &rows {
            line(row);
        }
    }
}
