//! The escape routes: each test edits a copy of the demo the way an appraised manager could bend
//! a KPI in their favour, and shows the route closed (refused, an error, or counted against) or
//! flagged (a warning). A test is named after its route.

mod files;
mod kpi;
mod plausible;
mod rules;
mod settings;

use std::path::{Path, PathBuf};

use crate::support::{Itc, demo, find_record, temp_copy};

/// "Now" for every route: after the demo's year, so that every demo deadline has passed.
pub const TODAY: &str = "2026-12-31";

/// A temporary copy of the demo.
pub fn copy() -> tempfile::TempDir {
    temp_copy(&demo())
}

/// The file of record `id` in `dir`.
pub fn record(dir: &Path, id: &str) -> PathBuf {
    find_record(dir, id)
}

/// Runs itc in `dir` in English at `TODAY`.
pub fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    Itc::new(dir)
        .today(TODAY)
        .args(["--lang", "en"])
        .args(args)
        .run()
}
