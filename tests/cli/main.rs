//! The integration tests: the real `itc` binary on real files, in the fixture repositories and
//! in temporary copies of them. Expected outputs live beside the fixtures; run with
//! `ITC_BLESS=1` to rewrite them after an intended change, then review the diff.

#![allow(clippy::unwrap_used)]

mod advance;
mod agenda;
mod at;
mod check;
mod ci;
mod clocks;
mod commitments;
mod completions;
mod coverage;
mod deadlines;
mod diff;
mod docs;
mod edit;
mod escapes;
mod excel;
mod export;
mod external;
mod fmt;
mod guided;
mod help;
mod init;
mod kpi;
mod layers;
mod list;
mod new;
mod regression;
mod report;
mod robustness;
mod rules;
mod schema;
mod score;
mod set;
mod show;
mod small;
mod support;
mod words;
mod writes;
mod zh;
