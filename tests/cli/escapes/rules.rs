//! Escape routes closed by the rules: entry fields, time-order pairs and early-stage time limits.

use std::path::Path;

use super::{TODAY, copy, record, run};
use crate::support::{Itc, findings, replace_in};

/// The findings of `check` on the copy, as `file:line code` (the demo itself is clean).
fn errors(dir: &Path) -> Vec<String> {
    let out = run(dir, &["check", "--format", "json"]);
    let (list, _) = findings(&out);
    list.iter()
        .map(|f| format!("{}:{} {}", f.file, f.line, f.code))
        .collect()
}

/// The 1-based line of the first line of `id`'s file that starts with `start`.
fn line(dir: &Path, id: &str, start: &str) -> usize {
    let text = std::fs::read_to_string(record(dir, id)).unwrap();
    1 + text
        .lines()
        .position(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?} in {id}"))
}

/// `file:line code` of a finding in `id`'s file at the line starting with `start`.
fn at(dir: &Path, id: &str, start: &str, code: &str) -> String {
    let path = record(dir, id);
    let rel = path
        .strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    format!("{rel}:{} {code}", line(dir, id, start))
}

/// Removes the lines of `id`'s file that start with any of `starts` (after indentation).
fn drop_lines(dir: &Path, id: &str, starts: &[&str]) {
    let path = record(dir, id);
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !starts.iter().any(|s| l.trim_start().starts_with(s)))
        .collect();
    assert_ne!(
        kept.len(),
        text.lines().count(),
        "nothing dropped from {id}"
    );
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
}

/// Cuts `id`'s file before the line starting with `start`.
fn cut_at(dir: &Path, id: &str, start: &str) {
    let path = record(dir, id);
    let text = std::fs::read_to_string(&path).unwrap();
    let n = line(dir, id, start) - 1;
    let kept: Vec<&str> = text.lines().take(n).collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
}

/// What `list --overdue` says is overdue about `id` at `now`.
fn overdue(dir: &Path, now: &str, id: &str) -> Vec<String> {
    let out = Itc::new(dir)
        .today(now)
        .args(["--lang", "en", "list", "--overdue", "--format", "json"])
        .run();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == id)
        .flat_map(|r| r["overdue"].as_array().unwrap().clone())
        .map(|o| o["what"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn availability_no_outage_window() {
    let dir = copy();
    let d = dir.path();
    drop_lines(d, "INC-2026-0010", &["outage_start", "outage_end"]);
    // Impact is absent, so full: the window is needed from the report on (complete here).
    assert_eq!(errors(d), [at(d, "INC-2026-0010", "[report]", "E0502")]);
    // With `impact = "none"` there is no outage to place, and no error; but a P1 without impact
    // is implausible, and flagged.
    replace_in(
        &record(d, "INC-2026-0010"),
        "category = \"hardware\"",
        "category = \"hardware\"\nimpact = \"none\"",
    );
    assert_eq!(errors(d), [at(d, "INC-2026-0010", "impact = ", "W0618")]);
}

#[test]
fn availability_window_shorter_than_the_repair() {
    let dir = copy();
    let d = dir.path();
    replace_in(
        &record(d, "INC-2026-0010"),
        "outage_end = 2026-07-22T04:30:00+08:00",
        "outage_end = 2026-07-21T22:15:00+08:00",
    );
    // Restored at 04:30 the next day, the outage cannot have ended at 22:15.
    assert_eq!(errors(d), [at(d, "INC-2026-0010", "outage_end", "E0601")]);
}

#[test]
fn repair_occurrence_after_report() {
    let dir = copy();
    let d = dir.path();
    replace_in(
        &record(d, "INC-2026-0010"),
        "occurred_at = 2026-07-21T22:10:00+08:00",
        "occurred_at = 2026-07-22T03:30:00+08:00",
    );
    // After the alert (22:15) and the report (22:20); not after the restoration (04:30).
    let alert = line(d, "INC-2026-0010", "[alert]") + 1;
    let report = line(d, "INC-2026-0010", "[report]") + 1;
    let rel = "incidents/2026/INC-2026-0010.toml";
    assert_eq!(
        errors(d),
        [
            format!("{rel}:{alert} E0601"),
            format!("{rel}:{report} E0601")
        ]
    );
}

#[test]
fn repair_zero_duration() {
    let dir = copy();
    let d = dir.path();
    replace_in(
        &record(d, "INC-2026-0010"),
        "restored_at = 2026-07-22T04:30:00+08:00",
        "restored_at = 2026-07-21T22:10:00+08:00",
    );
    // Restored when it occurred, but handling began at 23:30.
    assert_eq!(errors(d), [at(d, "INC-2026-0010", "restored_at", "E0601")]);
}

#[test]
fn repair_stuck_at_report_without_occurrence() {
    let dir = copy();
    let d = dir.path();
    let id = "INC-2026-0015";
    cut_at(d, id, "[diagnosis]");
    replace_in(
        &record(d, id),
        "stage = \"diagnosis\"",
        "stage = \"report\"",
    );
    drop_lines(d, id, &["occurred_at"]);
    assert_eq!(errors(d), [at(d, id, "[report]", "E0503")]);
    // Reported 11-10 10:00 with a limit of 1d: overdue since 11-11 10:00.
    assert!(
        overdue(d, TODAY, id).contains(&"Report past its time limit of 1d".to_string()),
        "{:?}",
        overdue(d, TODAY, id)
    );
}

#[test]
fn restore_failed_drill_kept_at_executed_without_start() {
    let dir = copy();
    let d = dir.path();
    let id = "DRL-2026-005";
    let path = record(d, id);
    replace_in(&path, "stage = \"prepared\"", "stage = \"executed\"");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text + "\n[executed]\nat = 2026-11-20\nresult = \"failed\"\n",
    )
    .unwrap();
    // A restore drill needs its start, its recovery and (dw has an RPO) its data loss from the
    // moment it is executed.
    let exec = at(d, id, "[executed]", "E0503");
    assert_eq!(errors(d), [exec.clone(), exec.clone(), exec]);
}

#[test]
fn data_quality_kept_at_cleansing() {
    let dir = copy();
    let d = dir.path();
    let id = "DAT-2026-001";
    cut_at(d, id, "[storage]");
    replace_in(
        &record(d, id),
        "stage = \"application\"",
        "stage = \"cleansing\"",
    );
    assert_eq!(errors(d), Vec::<String>::new());
    // In cleansing since 03-01, limit 30d: overdue since 03-31.
    assert_eq!(
        overdue(d, TODAY, id),
        ["Cleansing past its time limit of 30d"]
    );
    assert!(overdue(d, "2026-03-30", id).is_empty());
    // And its counts are needed as soon as cleansing is entered.
    drop_lines(d, id, &["records_in"]);
    assert_eq!(errors(d), [at(d, id, "[cleansing]", "E0503")]);
}

#[test]
fn on_time_delivery_no_planned_end() {
    let dir = copy();
    let d = dir.path();
    let id = "PRJ-2026-003";
    cut_at(d, id, "[monitoring]");
    replace_in(
        &record(d, id),
        "stage = \"monitoring\"",
        "stage = \"implementation\"",
    );
    drop_lines(
        d,
        id,
        &[
            "planned_end",
            "baseline_changes",
            "{ date = 2026-06-15",
            "]",
        ],
    );
    // Needed from initiation on (complete here): the delivery is judged against it.
    assert_eq!(errors(d), [at(d, id, "[initiation]", "E0501")]);
    // The same at initiation itself.
    cut_at(d, id, "[selection]");
    replace_in(
        &record(d, id),
        "stage = \"implementation\"",
        "stage = \"initiation\"",
    );
    assert_eq!(errors(d), [at(d, id, "[initiation]", "E0503")]);
}

#[test]
fn on_time_delivery_acceptance_backdated() {
    let dir = copy();
    let d = dir.path();
    let id = "PRJ-2026-002";
    replace_in(
        &record(d, id),
        "accepted_on: 2026-09-10",
        "accepted_on: 2026-07-15",
    );
    // Before the checkpoint of 07-31 and the failed acceptance of 08-20.
    let e = at(d, id, "accepted_on", "E0601");
    assert_eq!(errors(d), [e.clone(), e]);
}

#[test]
fn acceptance_pass_failed_acceptances_deleted() {
    let dir = copy();
    let d = dir.path();
    let id = "PRJ-2026-002";
    drop_lines(
        d,
        id,
        &[
            "failed_acceptances",
            "- date: 2026-08-20",
            "reason: 经营看板",
        ],
    );
    // Acceptance is the final stage, complete when entered.
    assert_eq!(errors(d), [at(d, id, "acceptance:", "E0501")]);
}

#[test]
fn rectification_fixed_before_found() {
    let dir = copy();
    let d = dir.path();
    let id = "SEC-2026-Q3";
    replace_in(
        &record(d, id),
        "fixed_on = 2026-09-12",
        "fixed_on = 2026-08-01",
    );
    // Inspected 08-25.
    assert_eq!(
        errors(d),
        [at(d, id, "{ finding = \"邮件系统未启用二次验证\"", "E0601")]
    );
}

#[test]
fn rectification_no_findings() {
    let dir = copy();
    let d = dir.path();
    let id = "SEC-2026-Q4";
    drop_lines(
        d,
        id,
        &["findings:", "- finding:", "level: high", "due: 2026-12-15"],
    );
    assert_eq!(errors(d), [at(d, id, "inspection:", "E0503")]);
    // An inspection that found nothing says so.
    replace_in(
        &record(d, id),
        "inspected_on: 2026-11-20",
        "inspected_on: 2026-11-20\n  findings: []",
    );
    assert_eq!(errors(d), Vec::<String>::new());
}

#[test]
fn drill_execution_started_before_planned() {
    let dir = copy();
    let d = dir.path();
    let id = "DRL-2026-005";
    let path = record(d, id);
    replace_in(&path, "stage = \"prepared\"", "stage = \"executed\"");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text + "\n[executed]\nat = 2026-11-20T12:00:00+08:00\nstarted_at = 2026-10-01T09:00:00+08:00\nresult = \"passed\"\nrecovered_at = 2026-10-01T11:00:00+08:00\ndata_loss = \"0m\"\n",
    )
    .unwrap();
    // Prepared 11-10 (planned 10-20): a start on 10-01 is before both.
    assert_eq!(errors(d), [at(d, id, "started_at", "E0601")]);
}

#[test]
fn drill_pass_data_loss_omitted() {
    let dir = copy();
    let d = dir.path();
    let id = "DRL-2026-003";
    drop_lines(d, id, &["data_loss"]);
    // The mail system has an RPO of 1h.
    assert_eq!(errors(d), [at(d, id, "[executed]", "E0503")]);
}

#[test]
fn goal_completion_late_appraisal_kept_at_review() {
    let dir = copy();
    let d = dir.path();
    let id = "APR-2026-006";
    // In review since 07-10, limit 14d: overdue since 07-24, before its due date 07-31.
    let whats = overdue(d, TODAY, id);
    assert!(
        whats.contains(&"Review past its time limit of 14d".to_string()),
        "{whats:?}"
    );
    let early = overdue(d, "2026-07-25", id);
    assert_eq!(early, ["Review past its time limit of 14d"]);
    assert!(overdue(d, "2026-07-23", id).is_empty());
    // Scores are needed as soon as review is entered.
    cut_at(d, id, "scores:");
    assert_eq!(errors(d), [at(d, id, "review:", "E0503")]);
}

#[test]
fn plan_completion_done_before_plan_existed() {
    let dir = copy();
    let d = dir.path();
    let id = "PLN-2026-001";
    replace_in(
        &record(d, id),
        "done_on = 2026-06-26",
        "done_on = 2025-10-01",
    );
    // Research began 2025-10-20.
    assert_eq!(
        errors(d),
        [at(d, id, "{ item = \"等保三级测评整改\"", "E0601")]
    );
}

#[test]
fn plan_completion_plan_kept_at_drafting() {
    let dir = copy();
    let d = dir.path();
    let id = "PLN-2027-002";
    // In drafting since 2026-11-20, limit 60d: overdue from 2027-01-19.
    assert!(overdue(d, TODAY, id).is_empty());
    assert_eq!(
        overdue(d, "2027-01-20", id),
        ["Drafting past its time limit of 60d"]
    );
    // Its items are needed as soon as drafting is entered.
    cut_at(d, id, "items:");
    assert_eq!(errors(d), [at(d, id, "drafting:", "E0503")]);
}
