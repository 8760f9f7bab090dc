//! Periods for every `--period`, and for a period field of `--set`.

use std::ffi::OsStr;

use clap_complete::engine::CompletionCandidate;

use super::line::Typed;
use super::values::{Value, matching};

/// Periods: the relative names (English, then Chinese, each with the other as its help), then
/// the absolute ones.
pub fn periods(typed: &Typed, current: &OsStr) -> Vec<CompletionCandidate> {
    let names = crate::output::catalog::periods::NAMES;
    let mut values: Vec<Value> = names
        .iter()
        .map(|(zh, en)| (en.to_string(), Some(zh.to_string())))
        .collect();
    values.extend(
        names
            .iter()
            .map(|(zh, en)| (zh.to_string(), Some(en.to_string()))),
    );
    values.extend(cycles(typed));
    matching(current, values)
}

/// This year's and last year's year, halves, quarters and months ("this" by `ITC_TODAY` or
/// the clock, in the repository's time zone).
pub fn cycles(typed: &Typed) -> Vec<Value> {
    use chrono::Datelike;
    let tz = typed.repo().map(|r| r.config.tz);
    let tz = tz.or_else(|| chrono::FixedOffset::east_opt(0));
    let Some(now) = tz.and_then(|tz| crate::time::now(None, tz, false).ok()) else {
        return Vec::new();
    };
    let year = crate::time::today(now).year();
    let mut values = Vec::new();
    for y in [year, year - 1] {
        values.push((format!("{y}"), None));
        values.extend((1..=2).map(|h| (format!("{y}-H{h}"), None)));
        values.extend((1..=4).map(|q| (format!("{y}-Q{q}"), None)));
        values.extend((1..=12).map(|m| (format!("{y}-{m:02}"), None)));
    }
    values
}
