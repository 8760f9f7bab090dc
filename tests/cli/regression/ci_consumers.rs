//! Regressions of ci consumers.

#[allow(unused_imports)]
use crate::support::*;
