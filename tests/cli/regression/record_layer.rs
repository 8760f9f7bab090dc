//! Regressions of record layer.

#[allow(unused_imports)]
use crate::support::*;
