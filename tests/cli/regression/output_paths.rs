//! Regressions of output paths.

#[allow(unused_imports)]
use crate::support::*;
