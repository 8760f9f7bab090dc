//! The escape routes: each test edits a copy of the demo the way an appraised manager could bend
//! a KPI in their favour, and shows the route closed (refused, an error, or counted against) or
//! flagged (a warning). A test is named after its route.

mod files;
mod kpi;
mod plausible;
mod rules;
mod settings;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Itc, code, demo, find_record, stderr, stdout, temp_copy};

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

/// `itc kpi KEY --period PERIOD --format json --explain`: the one KPI.
pub fn kpi(dir: &Path, key: &str, period: &str) -> Value {
    let out = run(
        dir,
        &[
            "kpi",
            key,
            "--period",
            period,
            "--format",
            "json",
            "--explain",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    v["kpis"][0].clone()
}

/// (numerator, denominator) of a KPI.
pub fn nd(k: &Value) -> (f64, f64) {
    (
        k["numerator"].as_f64().unwrap(),
        k["denominator"].as_f64().unwrap_or(0.0),
    )
}

/// The `--explain` item of `id`.
pub fn item<'a>(k: &'a Value, id: &str) -> &'a Value {
    k["explain"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {k:#}"))
}
