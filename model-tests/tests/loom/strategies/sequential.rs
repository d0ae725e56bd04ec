//! `sequential` under loom: no threads, so one execution per model; it is
//! here so every strategy runs through the same harness.

use crate::support::loom_models;
use tally::Strategy;

loom_models!(Strategy::Sequential);
