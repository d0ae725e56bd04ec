//! The std suite's completeness guard: a test that must check every
//! strategy records each check, then proves none was skipped. `Strategy::ALL`
//! is complete at compile time; this makes sure a loop over it did not
//! `continue` past one, or stop early.

use tally::Strategy;

/// The checks a test made, per strategy.
#[derive(Debug)]
pub(super) struct Checked {
    what: &'static str,
    checks: [usize; Strategy::ALL.len()],
}

impl Checked {
    /// A guard for the test that checks `what`.
    pub(super) fn new(what: &'static str) -> Self {
        Checked {
            what,
            checks: [0; Strategy::ALL.len()],
        }
    }

    /// Records one check of `strategy`.
    pub(super) fn ran(&mut self, strategy: Strategy) {
        let index = Strategy::ALL
            .iter()
            .position(|&s| s == strategy)
            .expect("ALL lists every strategy");
        self.checks[index] += 1;
    }

    /// Panics, naming them, unless every strategy was checked at least once.
    #[track_caller]
    pub(super) fn assert_every_strategy(&self) {
        let missed: Vec<&str> = Strategy::ALL
            .iter()
            .zip(self.checks)
            .filter(|(_, n)| *n == 0)
            .map(|(s, _)| s.name())
            .collect();
        assert!(
            missed.is_empty(),
            "std suite, {}: never checked {missed:?}",
            self.what
        );
    }
}
