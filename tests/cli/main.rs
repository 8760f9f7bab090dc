//! The integration tests: the real `itc` binary on real files, in the fixture repositories and
//! in temporary copies of them. Expected outputs live beside the fixtures; run with
//! `ITC_BLESS=1` to rewrite them after an intended change, then review the diff.

#![allow(clippy::unwrap_used)]

mod check;
mod fmt;
mod hardening_read;
mod kpi;
mod list;
mod robustness;
mod rules;
mod schema;
mod support;
mod write;
