//! Regressions of git paths.

#[allow(unused_imports)]
use crate::support::*;
