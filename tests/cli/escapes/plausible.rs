//! Escape routes closed by plausibility: instants in the future, values out of sane bounds,
//! settings that bend the numbers.

use std::path::Path;

use super::{copy, record, run};
use crate::support::{Finding, findings, replace_in};

/// The findings of `check --format json` on `dir`.
fn check(dir: &Path) -> Vec<Finding> {
    findings(&run(dir, &["check", "--format", "json"])).0
}

/// The repository-relative file of record `id`, as findings name it.
fn rel(dir: &Path, id: &str) -> String {
    let path = record(dir, id);
    path.strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// Edits record `id` of `dir`: each `(from, to)` in turn.
fn edit(dir: &Path, id: &str, edits: &[(&str, &str)]) {
    let path = record(dir, id);
    for (from, to) in edits {
        replace_in(&path, from, to);
    }
}

/// Asserts `code` at record `id`, at `line`, with the severity its letter says; returns the
/// finding.
fn has(dir: &Path, code: &str, id: &str, line: u64) -> Finding {
    let file = rel(dir, id);
    let all = check(dir);
    let found = all
        .iter()
        .find(|f| f.code == code && f.file == file && f.line == line)
        .unwrap_or_else(|| panic!("no {code} at {file}:{line} in {all:#?}"));
    let severity = if code.starts_with('W') {
        "warning"
    } else {
        "error"
    };
    assert_eq!(found.severity, severity, "{found:?}");
    assert_eq!(found.check, "consistency", "{found:?}");
    found.clone()
}

/// The demo copy is clean before the edit, so that each finding is the edit's.
fn clean_copy() -> tempfile::TempDir {
    let dir = copy();
    let all = check(dir.path());
    assert!(all.is_empty(), "{all:#?}");
    dir
}

#[test]
fn availability_p1_marked_impact_none() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "INC-2026-0010",
        &[(
            "category = \"hardware\"\n",
            "category = \"hardware\"\nimpact = \"none\"\n",
        )],
    );
    let f = has(dir.path(), "W0618", "INC-2026-0010", 9);
    assert!(f.message.contains("P1"), "{}", f.message);
}

#[test]
fn availability_p1_marked_planned() {
    let dir = clean_copy();
    let id = "INC-2026-0010";
    edit(
        dir.path(),
        id,
        &[(
            "category = \"hardware\"\n",
            "category = \"hardware\"\nplanned = true\n",
        )],
    );
    has(dir.path(), "W0619", id, 9);
    // A change reference, or a link to the project the maintenance belongs to, answers it.
    edit(
        dir.path(),
        id,
        &[(
            "planned = true\n",
            "planned = true\nchange = \"CHG-2026-031\"\n",
        )],
    );
    assert!(check(dir.path()).is_empty());
    edit(
        dir.path(),
        id,
        &[(
            "change = \"CHG-2026-031\"\n",
            "links = [\"PRJ-2026-001\"]\n",
        )],
    );
    assert!(check(dir.path()).is_empty());
    // A link to anything else does not.
    edit(
        dir.path(),
        id,
        &[(
            "links = [\"PRJ-2026-001\"]\n",
            "links = [\"INC-2026-0001\"]\n",
        )],
    );
    has(dir.path(), "W0619", id, 9);
}

#[test]
fn availability_instants_in_the_future() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "INC-2026-0010",
        &[
            (
                "outage_start = 2026-07-21T22:10",
                "outage_start = 2030-07-21T22:10",
            ),
            (
                "outage_end = 2026-07-22T04:30",
                "outage_end = 2030-07-22T04:30",
            ),
        ],
    );
    let start = has(dir.path(), "W0612", "INC-2026-0010", 9);
    assert!(
        start.message.contains(
            "`outage_start` is 2030-07-21T22:10:00+08:00, more than a day after today (2026-12-31)"
        ),
        "{}",
        start.message
    );
    has(dir.path(), "W0612", "INC-2026-0010", 10);
}

#[test]
fn repair_occurrence_in_the_future() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "INC-2026-0015",
        &[(
            "occurred_at = 2026-11-10T09:30",
            "occurred_at = 2027-11-10T09:30",
        )],
    );
    let f = has(dir.path(), "W0612", "INC-2026-0015", 17);
    assert!(f.message.contains("`report.occurred_at`"), "{}", f.message);
    // Tomorrow is tolerated, the day after is not.
    let dir = clean_copy();
    edit(
        dir.path(),
        "INC-2026-0015",
        &[(
            "occurred_at = 2026-11-10T09:30",
            "occurred_at = 2027-01-01T23:59",
        )],
    );
    assert!(!check(dir.path()).iter().any(|f| f.code == "W0612"));
    edit(
        dir.path(),
        "INC-2026-0015",
        &[(
            "occurred_at = 2027-01-01T23:59",
            "occurred_at = 2027-01-02T00:00",
        )],
    );
    has(dir.path(), "W0612", "INC-2026-0015", 17);
}

#[test]
fn backup_zero_jobs() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "BAK-2026-011",
        &[
            ("jobs = 92", "jobs = 0"),
            ("succeeded = 88", "succeeded = 0"),
        ],
    );
    let f = has(dir.path(), "E0615", "BAK-2026-011", 7);
    assert_eq!(f.message, "`jobs` counts 0; at least 1 is needed");
}

/// A backup check without a restore test is a warning when its system has recovery objectives
/// (the demo's dw: RTO 24h, RPO 24h).
#[test]
fn backup_zero_restore_tests() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "BAK-2026-011",
        &[
            ("restore_tests = 1", "restore_tests = 0"),
            ("restores_succeeded = 1", "restores_succeeded = 0"),
        ],
    );
    let f = has(dir.path(), "W0622", "BAK-2026-011", 9);
    assert!(f.message.contains("system dw"), "{}", f.message);
    // A system without recovery objectives asks for no restore test.
    replace_in(
        &dir.path().join("itc.toml"),
        "availability_target = 0.995\nrto = \"24h\"\nrpo = \"24h\"\n",
        "availability_target = 0.995\n",
    );
    assert!(!check(dir.path()).iter().any(|f| f.code == "W0622"));
}

#[test]
fn backup_period_in_the_future() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "BAK-2026-011",
        &[("period = \"2026-Q3\"", "period = \"2030-Q3\"")],
    );
    let f = has(dir.path(), "W0612", "BAK-2026-011", 6);
    assert!(f.message.contains("`period` is 2030-Q3"), "{}", f.message);
}

#[test]
fn backup_verified_before_period_ended() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "BAK-2026-011",
        &[("at = 2026-10-03", "at = 2026-08-01")],
    );
    let f = has(dir.path(), "E0620", "BAK-2026-011", 13);
    assert_eq!(
        f.message,
        "verified at 2026-08-01, before its period 2026-Q3 ended (2026-10-01)"
    );
    // The first day after the period is the earliest.
    edit(
        dir.path(),
        "BAK-2026-011",
        &[("at = 2026-08-01", "at = 2026-10-01")],
    );
    assert!(check(dir.path()).is_empty());
}

#[test]
fn data_quality_next_stage_in_2030() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "DAT-2026-002",
        &[("storage:\n  at: 2026-06-01", "storage:\n  at: 2030-06-01")],
    );
    let f = has(dir.path(), "W0612", "DAT-2026-002", 22);
    assert!(
        f.message.contains("`storage.at` is 2030-06-01"),
        "{}",
        f.message
    );
}

#[test]
fn on_time_delivery_absurd_planned_end() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "PRJ-2026-003",
        &[("planned_end = 2026-10-31", "planned_end = 2099-12-31")],
    );
    let f = has(dir.path(), "W0621", "PRJ-2026-003", 8);
    assert_eq!(
        f.message,
        "planned end 2099-12-31 is more than 5 years after the approval on 2026-02-01"
    );
    // A planned end is a plan: no "in the future" warning for it.
    assert!(!check(dir.path()).iter().any(|f| f.code == "W0612"));
    // Five years to the day is the last plausible planned end.
    edit(
        dir.path(),
        "PRJ-2026-003",
        &[("planned_end = 2099-12-31", "planned_end = 2031-02-01")],
    );
    assert!(!check(dir.path()).iter().any(|f| f.code == "W0621"));
}

#[test]
fn cost_control_actual_cost_zero() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "PRJ-2026-002",
        &[("actual_cost: 1450000", "actual_cost: 0")],
    );
    let f = has(dir.path(), "E0614", "PRJ-2026-002", 45);
    assert_eq!(
        f.message,
        "the actual cost, 0, is below the 1150000 already spent at the checkpoint of 2026-07-31"
    );
}

#[test]
fn cost_control_actual_cost_below_spend() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "PRJ-2026-002",
        &[("actual_cost: 1450000", "actual_cost: 900000")],
    );
    has(dir.path(), "E0614", "PRJ-2026-002", 45);
    // Equal to the largest spending is fine.
    edit(
        dir.path(),
        "PRJ-2026-002",
        &[("actual_cost: 900000", "actual_cost: 1150000")],
    );
    assert!(check(dir.path()).is_empty());
}

#[test]
fn cost_control_budget_zero() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "PRJ-2026-002",
        &[("budget: 1200000", "budget: 0")],
    );
    let f = has(dir.path(), "E0613", "PRJ-2026-002", 7);
    assert_eq!(f.message, "the budget is 0; it must be greater than 0");
}

#[test]
fn drill_pass_tabletop_with_recovery() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "DRL-2026-003",
        &[("type = \"simulation\"", "type = \"tabletop\"")],
    );
    let f = has(dir.path(), "W0617", "DRL-2026-003", 24);
    assert!(
        f.message
            .starts_with("tabletop drill with `executed.recovered_at` = 2026-06-14T03:00:00+08:00"),
        "{}",
        f.message
    );
    // Covering a core system is the same warning, at the systems.
    edit(
        dir.path(),
        "DRL-2026-003",
        &[("systems = [\"mail\"]", "systems = [\"mail\", \"erp\"]")],
    );
    let f = has(dir.path(), "W0617", "DRL-2026-003", 8);
    assert!(f.message.contains("`systems` = erp"), "{}", f.message);
}

#[test]
fn drill_pass_rto_looser_than_system() {
    let dir = clean_copy();
    // mail: RTO 6h, RPO 1h.
    edit(
        dir.path(),
        "DRL-2026-003",
        &[(
            "scheduled_on = 2026-06-13\n",
            "scheduled_on = 2026-06-13\nrto = \"8h\"\nrpo = \"1h\"\n",
        )],
    );
    let f = has(dir.path(), "E0616", "DRL-2026-003", 11);
    assert_eq!(
        f.message,
        "the drill's `rto` is 8h, looser than system mail's 6h"
    );
    // Equal to the system's is fine (the RPO above is).
    assert_eq!(
        check(dir.path())
            .iter()
            .filter(|f| f.code == "E0616")
            .count(),
        1
    );
}

#[test]
fn satisfaction_no_respondents() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "SUR-2026-001",
        &[(
            "responses = { 5 = 3, 4 = 4, 3 = 1, 2 = 1 }",
            "responses = { 5 = 0, 4 = 0 }",
        )],
    );
    let f = has(dir.path(), "E0615", "SUR-2026-001", 7);
    assert_eq!(f.message, "`responses` counts 0; at least 1 is needed");
    // One respondent is enough.
    edit(
        dir.path(),
        "SUR-2026-001",
        &[(
            "responses = { 5 = 0, 4 = 0 }",
            "responses = { 5 = 0, 4 = 1 }",
        )],
    );
    assert!(check(dir.path()).is_empty());
}

#[test]
fn satisfaction_survey_in_the_future() {
    let dir = clean_copy();
    edit(
        dir.path(),
        "SUR-2026-001",
        &[(
            "[conducted]\nat = 2026-06-26",
            "[conducted]\nat = 2027-06-26",
        )],
    );
    let f = has(dir.path(), "W0612", "SUR-2026-001", 10);
    assert!(
        f.message.contains("`conducted.at` is 2027-06-26"),
        "{}",
        f.message
    );
}
