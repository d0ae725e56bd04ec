//! `cargo xtask readme`: copies the coverage tables the last model-suite
//! runs wrote (`target/<backend>/coverage.md`) into README.md, between the
//! `<!-- coverage:<backend> -->` markers, so the README's tables are always
//! a command's output rather than an edit by hand.

use crate::coverage;
use crate::steps::{workspace_root, Backend};

/// Splices both tables into README.md; false (with a message) if a table
/// or a marker is missing.
pub(crate) fn run() -> bool {
    let path = workspace_root().join("README.md");
    let mut readme = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("xtask readme: cannot read {}: {e}", path.display());
            return false;
        }
    };
    for backend in [Backend::Loom, Backend::Shuttle] {
        let table = match std::fs::read_to_string(coverage::file(backend)) {
            Ok(table) => table,
            Err(_) => {
                eprintln!(
                    "xtask readme: no {} coverage table: run `cargo xtask test` (or `cargo xtask {}`) first",
                    backend.name(),
                    backend.name()
                );
                return false;
            }
        };
        if table.contains("skipped (--quick)") || table.contains("| FAIL") {
            eprintln!(
                "xtask readme: the {} table comes from a --quick or failing run; run the full suite until it passes",
                backend.name()
            );
            return false;
        }
        let open = format!("<!-- coverage:{} -->\n", backend.name());
        let close = format!("<!-- /coverage:{} -->", backend.name());
        let (Some(start), Some(end)) = (readme.find(&open), readme.find(&close)) else {
            eprintln!("xtask readme: README.md lacks the markers {open:?} ... {close:?}");
            return false;
        };
        readme.replace_range(start + open.len()..end, &table);
    }
    match std::fs::write(&path, readme) {
        Ok(()) => {
            println!("xtask readme: README.md's coverage tables updated");
            true
        }
        Err(e) => {
            eprintln!("xtask readme: cannot write {}: {e}", path.display());
            false
        }
    }
}

/// Replaces what README.md holds between `<!-- NAME -->` and
/// `<!-- /NAME -->` with `content`; false (with a message) on failure.
pub(crate) fn splice(name: &str, content: &str) -> bool {
    let path = workspace_root().join("README.md");
    let Ok(mut readme) = std::fs::read_to_string(&path) else {
        eprintln!("xtask: cannot read {}", path.display());
        return false;
    };
    let open = format!("<!-- {name} -->\n");
    let close = format!("<!-- /{name} -->");
    let (Some(start), Some(end)) = (readme.find(&open), readme.find(&close)) else {
        eprintln!("xtask: README.md lacks the markers {open:?} ... {close:?}");
        return false;
    };
    readme.replace_range(start + open.len()..end, content);
    std::fs::write(&path, readme).is_ok()
}
