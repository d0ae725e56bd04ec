//! The README keeps up with the code: every strategy and every twin appears
//! in its tables, and what it says of the demo matches the demo. A new
//! strategy or twin that nobody documented fails here, by name.

use std::collections::BTreeSet;
use tally::broken::Broken;
use tally::Strategy;

const README: &str = include_str!("../../README.md");

/// The text from the heading `heading` to the next heading of its level.
fn section(heading: &str) -> &'static str {
    let level = heading.split(' ').next().unwrap_or("##");
    let start = README
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README has no section {heading:?}"));
    let body = &README[start + heading.len() + 2..];
    let end = body.find(&format!("\n{level} ")).unwrap_or(body.len());
    &body[..end]
}

/// The table whose header row starts with `header`, as rows of trimmed cells.
fn table(text: &str, header: &str) -> Vec<Vec<String>> {
    let start = text
        .find(header)
        .unwrap_or_else(|| panic!("README has no table with header {header:?}"));
    text[start..]
        .lines()
        .skip(2) // the header and the rule
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            line.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .collect()
}

/// The first `code` span of a cell: `` `message-passing` (default) `` gives
/// `message-passing`.
fn code(cell: &str) -> String {
    cell.split('`').nth(1).unwrap_or("").to_owned()
}

/// Asserts `found == expected`, naming what is missing and what is extra.
#[track_caller]
fn assert_same<T: Ord + std::fmt::Debug>(found: &BTreeSet<T>, expected: &BTreeSet<T>, what: &str) {
    let missing: Vec<&T> = expected.difference(found).collect();
    let extra: Vec<&T> = found.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: missing {missing:?}, not in the code {extra:?}"
    );
}

fn strategy_names(filter: impl Fn(&Strategy) -> bool) -> BTreeSet<String> {
    Strategy::ALL
        .into_iter()
        .filter(filter)
        .map(|s| s.name().to_owned())
        .collect()
}

#[test]
fn strategies_table_has_a_row_per_strategy() {
    let rows = table(section("## Strategies"), "| name |");
    let named: BTreeSet<String> = rows.iter().map(|row| code(&row[0])).collect();
    assert_same(
        &named,
        &strategy_names(|_| true),
        "README, Strategies table",
    );
}

#[test]
fn twin_table_has_a_row_per_twin_naming_its_strategy() {
    let rows = table(section("## Model checking"), "| twin |");
    let named: BTreeSet<(String, String)> = rows
        .iter()
        .map(|row| (code(&row[0]), code(&row[1])))
        .collect();
    let expected: BTreeSet<(String, String)> = Broken::ALL
        .into_iter()
        .map(|b| (b.name().to_owned(), b.twin_of().name().to_owned()))
        .collect();
    assert_same(&named, &expected, "README, twin table: (twin, of)");
}

#[test]
fn mutants_table_has_a_row_per_concurrent_strategy() {
    let rows = table(section("## Model checking"), "| strategy | mutation |");
    let named: BTreeSet<String> = rows.iter().map(|row| code(&row[0])).collect();
    assert_same(
        &named,
        &strategy_names(|s| s.is_concurrent()),
        "README, `cargo xtask mutants` table",
    );
}

#[test]
fn coverage_tables_have_rows_for_every_strategy_and_twin() {
    for suite in ["loom", "shuttle"] {
        let start = README
            .find(&format!("<!-- coverage:{suite} -->"))
            .unwrap_or_else(|| panic!("README has no {suite} coverage table"));
        let end = README[start..]
            .find(&format!("<!-- /coverage:{suite} -->"))
            .unwrap_or_else(|| panic!("README's {suite} coverage table is not closed"));
        let rows = table(&README[start..start + end], "| subject |");
        let named: BTreeSet<String> = rows.iter().map(|row| code(&row[0])).collect();
        let expected: BTreeSet<String> = strategy_names(|_| true)
            .into_iter()
            .chain(Broken::ALL.iter().map(|b| b.name().to_owned()))
            .collect();
        assert_same(
            &named,
            &expected,
            &format!("README, {suite} coverage table (regenerate it: `cargo xtask test`, then `cargo xtask readme`)"),
        );
    }
}

#[test]
fn demo_row_count_matches_the_demo() {
    let strategies = Strategy::ALL.len();
    let sentence = format!(
        "The full table has {} rows: {strategies} strategies x 1, 2, 4 threads.",
        strategies * 3
    );
    assert!(
        README
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(&sentence),
        "README should say of the demo: {sentence:?}"
    );
}

#[test]
fn bad_input_table_names_tests_that_exist() {
    // The tests live in these files; a renamed or deleted test fails here.
    let sources = [include_str!("cli.rs"), include_str!("equivalence.rs")].concat();
    let rows = table(
        section("### Bad input"),
        "| input | what tally does | exit status | test name |",
    );
    assert!(rows.len() >= 13, "the matrix has a row per bad input");
    for row in &rows {
        let names: Vec<&str> = row[3].split('`').skip(1).step_by(2).collect();
        assert!(!names.is_empty(), "row names no test: {row:?}");
        for name in names {
            assert!(
                sources.contains(&format!("fn {name}(")),
                "README, Bad input: no test named {name:?}"
            );
        }
    }
}
