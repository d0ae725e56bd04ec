//! The loom suite. Run with `RUSTFLAGS="--cfg loom" cargo test --release -p model-tests --test loom`.

#[cfg(not(loom))]
#[test]
#[ignore = "the loom suite needs RUSTFLAGS=\"--cfg loom\" (see README, Model checking)"]
fn loom_suite_needs_cfg_loom() {}
