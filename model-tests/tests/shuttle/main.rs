//! The shuttle suite. Run with `RUSTFLAGS="--cfg shuttle" cargo test --release -p model-tests --test shuttle`.

#[cfg(not(shuttle))]
#[test]
#[ignore = "the shuttle suite needs RUSTFLAGS=\"--cfg shuttle\" (see README, Model checking)"]
fn shuttle_suite_needs_cfg_shuttle() {}
