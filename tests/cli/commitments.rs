//! Commitments carry a dated history: a commitment moved without a change entry (E0623), change
//! entries that do not chain (E0624), deadline KPIs judged on the commitment in force when the
//! original date passed (`late_change`), and `diff`'s section of commitment changes. Each test
//! edits a copy of the demo, in English, as of 2026-12-31.

use std::path::Path;

use serde_json::Value;

use crate::escapes::{copy, item, kpi, nd, record, run};
use crate::support::{code, demo_repo, findings, itc_at, replace_in, stderr, stdout};

/// `(code, file, line)` of the errors `check` finds.
fn errors(dir: &Path) -> Vec<(String, String, u64)> {
    let out = run(dir, &["check", "--format", "json"]);
    findings(&out)
        .0
        .into_iter()
        .filter(|f| f.severity == "error")
        .map(|f| (f.code, f.file, f.line))
        .collect()
}

/// PRJ-2026-002 (accepted 2026-09-10, planned end 2026-08-31) with its planned end moved to
/// 2026-09-30 by a change entry dated `date`.
fn move_prj_002(dir: &Path, date: &str) {
    replace_in(
        &record(dir, "PRJ-2026-002"),
        "planned_end: 2026-08-31\n",
        &format!(
            "planned_end: 2026-09-30\nbaseline_changes:\n  - {{ date: {date}, from: 2026-08-31, to: 2026-09-30, reason: 需求变更, approved_by: chen.ming }}\n"
        ),
    );
}

#[test]
fn a_planned_end_moved_without_a_change_entry_is_an_error_and_does_not_count() {
    let dir = copy();
    // PRJ-2026-003's entries end at 2026-10-31; the value is moved to 2027-06-30 without one.
    replace_in(
        &record(dir.path(), "PRJ-2026-003"),
        "planned_end = 2026-10-31",
        "planned_end = 2027-06-30",
    );
    assert_eq!(
        errors(dir.path()),
        [("E0623".into(), "projects/PRJ-2026-003.toml".into(), 8)]
    );
    // Judged on the recorded 2026-10-31 (the earlier of the entries' end and the value), not
    // accepted: still 0/1 in 2026, and the on-time delivery stays 2/4.
    let k = kpi(dir.path(), "on_time_delivery", "2026");
    assert_eq!(nd(&k), (2.0, 4.0));
    let i = item(&k, "PRJ-2026-003");
    assert_eq!(
        (i["code"].as_str(), i["numerator"].as_f64()),
        (Some("late_change"), Some(0.0))
    );
    assert!(i["reason"].as_str().unwrap().contains("2027-06-30"), "{i}");
}

#[test]
fn a_planned_end_moved_in_time_with_an_entry_is_judged_on_the_new_date() {
    let dir = copy();
    move_prj_002(dir.path(), "2026-08-01");
    assert_eq!(errors(dir.path()), []);
    // Demo 2026: PRJ-001 and -004 on time, -003 not accepted, -002 accepted 09-10 after 08-31:
    // 2/4. Moved on 08-01 (before 08-31) to 09-30, -002 is on time: 3/4.
    let k = kpi(dir.path(), "on_time_delivery", "2026");
    assert_eq!(nd(&k), (3.0, 4.0));
    assert_eq!(item(&k, "PRJ-2026-002")["code"], "on_time");
}

#[test]
fn a_planned_end_moved_after_the_date_does_not_rescue_the_delivery() {
    let dir = copy();
    // Moved on 09-05, after the 08-31 it moves: the deadline stays 08-31, accepted 09-10 is
    // late, and the on-time delivery stays 2/4.
    move_prj_002(dir.path(), "2026-09-05");
    assert_eq!(errors(dir.path()), []);
    let k = kpi(dir.path(), "on_time_delivery", "2026");
    assert_eq!(nd(&k), (2.0, 4.0));
    let i = item(&k, "PRJ-2026-002");
    assert_eq!(i["code"], "late_change");
    assert_eq!(i["numerator"].as_f64(), Some(0.0));
    let reason = i["reason"].as_str().unwrap();
    assert!(
        reason.contains("2026-09-05") && reason.contains("2026-08-31"),
        "{reason}"
    );
}

#[test]
fn change_entries_that_do_not_chain_are_an_error_at_the_entry() {
    let dir = copy();
    // A second entry from 2026-11-30, but the first one ended at 2026-10-31 (line 11 of the
    // file after the insertion).
    replace_in(
        &record(dir.path(), "PRJ-2026-003"),
        "approved_by = \"chen.ming\" },\n]",
        "approved_by = \"chen.ming\" },\n  { date = 2026-09-01, from = 2026-11-30, to = 2026-10-31, reason = \"r\", approved_by = \"chen.ming\" },\n]",
    );
    assert_eq!(
        errors(dir.path()),
        [("E0624".into(), "projects/PRJ-2026-003.toml".into(), 11)]
    );
    // Dates going back: the second entry dated 2026-06-01, before 2026-06-15.
    let dir = copy();
    replace_in(
        &record(dir.path(), "PRJ-2026-003"),
        "planned_end = 2026-10-31",
        "planned_end = 2026-11-30",
    );
    replace_in(
        &record(dir.path(), "PRJ-2026-003"),
        "approved_by = \"chen.ming\" },\n]",
        "approved_by = \"chen.ming\" },\n  { date = 2026-06-01, from = 2026-10-31, to = 2026-11-30, reason = \"r\", approved_by = \"chen.ming\" },\n]",
    );
    assert_eq!(
        errors(dir.path()),
        [("E0624".into(), "projects/PRJ-2026-003.toml".into(), 11)]
    );
    // The single-file check says the same.
    let out = run(
        dir.path(),
        &["check", "projects/PRJ-2026-003.toml", "--format", "json"],
    );
    let codes: Vec<String> = findings(&out).0.into_iter().map(|f| f.code).collect();
    assert_eq!(codes, ["E0624"]);
}

#[test]
fn a_drill_rescheduled_after_its_date_still_counts_as_not_executed() {
    // Demo 2026: 5/7 drills executed by their date; DRL-2026-005 (due 2026-11-20) is not.
    for (date, expected, code_of) in [
        // Moved on 12-01, after 11-20: due stays 11-20 (in 2026), still missed: 5/7.
        ("2026-12-01", (5.0, 7.0), Some("late_change")),
        // Moved on 11-01, before 11-20, to 2027-01-15: out of 2026: 5/6.
        ("2026-11-01", (5.0, 6.0), None),
    ] {
        let dir = copy();
        replace_in(
            &record(dir.path(), "DRL-2026-005"),
            "scheduled_on = 2026-11-20",
            &format!(
                "scheduled_on = 2027-01-15\nschedule_changes = [{{ date = {date}, from = 2026-11-20, to = 2027-01-15, reason = \"备份介质未到\", approved_by = \"chen.ming\" }}]"
            ),
        );
        assert_eq!(errors(dir.path()), []);
        let k = kpi(dir.path(), "drill_execution", "2026");
        assert_eq!(nd(&k), expected, "{date}");
        let i = item(&k, "DRL-2026-005");
        match code_of {
            Some(c) => assert_eq!(i["code"], c),
            None => assert_eq!(i["code"], "outside_period"),
        }
    }
}

#[test]
fn a_finding_due_extended_after_a_late_fix_stays_late() {
    let dir = copy();
    // SEC-2026-Q1 #2: due 03-31, fixed 04-08. Extended to 04-10 on 04-09 (after 03-31): still
    // late; rectification stays 4/7.
    replace_in(
        &record(dir.path(), "SEC-2026-Q1"),
        "due = 2026-03-31, fixed_on = 2026-04-08 }",
        "due = 2026-04-10, fixed_on = 2026-04-08, due_changes = [{ date = 2026-04-09, from = 2026-03-31, to = 2026-04-10, reason = \"厂商补丁延迟\", approved_by = \"chen.ming\" }] }",
    );
    assert_eq!(errors(dir.path()), []);
    let k = kpi(dir.path(), "rectification", "2026");
    assert_eq!(nd(&k), (4.0, 7.0));
    let i = item(&k, "SEC-2026-Q1#2 门户网站存在过期组件");
    assert_eq!(
        (i["code"].as_str(), i["numerator"].as_f64()),
        (Some("late_change"), Some(0.0))
    );
    // Without the entry, the moved due date is an E0623 only once a change list exists: here
    // the entry's `to` (04-10) and a value of 04-30 differ.
    replace_in(
        &record(dir.path(), "SEC-2026-Q1"),
        "due = 2026-04-10, fixed_on",
        "due = 2026-04-30, fixed_on",
    );
    let errs = errors(dir.path());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].0.as_str(), errs[0].2), ("E0623", 23));
    // The second finding is item [1], as `diff` and `export` number items.
    let out = run(dir.path(), &["check", "--format", "json"]);
    let message = findings(&out).0.remove(0).message;
    assert!(
        message.contains("`inspection.findings[1].due` is 2026-04-30")
            && message.contains("`inspection.findings[1].due_changes` #1, 2026-04-09")
            && message.contains("says 2026-04-10"),
        "{message}"
    );
}

#[test]
fn a_plan_item_dropped_after_its_date_counts_as_missed() {
    // Demo 2026 plan completion: 2/6; PLN-2026-001 #3 (due 10-31, doing) is missed.
    for (date, expected, code_of) in [
        // Dropped on 11-15, after 10-31: still counted, missed: 2/6.
        ("2026-11-15", (2.0, 6.0), "late_change"),
        // Dropped on 10-01: left out as dropped: 2/5.
        ("2026-10-01", (2.0, 5.0), "excluded"),
    ] {
        let dir = copy();
        replace_in(
            &record(dir.path(), "PLN-2026-001"),
            "due = 2026-10-31, status = \"doing\" }",
            &format!(
                "due = 2026-10-31, status = \"dropped\", status_changes = [{{ date = {date}, from = \"doing\", to = \"dropped\", reason = \"并入下年度\", approved_by = \"chen.ming\" }}] }}"
            ),
        );
        assert_eq!(errors(dir.path()), []);
        let k = kpi(dir.path(), "plan_completion", "2026");
        assert_eq!(nd(&k), expected, "{date}");
        assert_eq!(item(&k, "PLN-2026-001#3 OA 信创改造")["code"], code_of);
    }
}

#[test]
fn an_incident_downgraded_after_its_sla_passed_keeps_the_stricter_limit() {
    // INC-2026-0007: P1 (4h), outage from 2026-05-06 08:50, restored 14:30 (5h 40m): late.
    // The P1 limit passed on 05-06 12:50. Demo 2026 repair timeliness: 10/18.
    for (date, expected, code_of) in [
        // Downgraded to P2 (8h) on 05-07, after the P1 limit passed: P1 stays, 10/18.
        ("2026-05-07", (10.0, 18.0), "late_change"),
        // Downgraded on 05-06, the day the limit passed: P2 applies, 5h 40m ≤ 8h: 11/18.
        ("2026-05-06", (11.0, 18.0), "on_time"),
    ] {
        let dir = copy();
        replace_in(
            &record(dir.path(), "INC-2026-0007"),
            "severity: P1\n",
            &format!(
                "severity: P2\nseverity_changes:\n  - {{ date: {date}, from: P1, to: P2, reason: 影响范围小于预判, approved_by: chen.ming }}\n"
            ),
        );
        assert_eq!(errors(dir.path()), []);
        let k = kpi(dir.path(), "repair_timeliness", "2026");
        assert_eq!(nd(&k), expected, "{date}");
        let i = item(&k, "INC-2026-0007");
        if code_of == "on_time" {
            assert_eq!(i["numerator"].as_f64(), Some(1.0));
        } else {
            assert_eq!(
                (i["code"].as_str(), i["numerator"].as_f64()),
                (Some(code_of), Some(0.0))
            );
        }
    }
}

#[test]
fn an_appraisal_due_date_moved_after_it_passed_stays_missed() {
    let dir = copy();
    // APR-2026-004: due 07-31, result 08-12 (late). Moved to 08-15 on 08-01: late change, the
    // appraisal execution stays 6/9 (the demo's six on time of nine, as without the move).
    let file = record(dir.path(), "APR-2026-004");
    let text = std::fs::read_to_string(&file).unwrap();
    let (from, to) = if text.contains("due_on = 2026-07-31") {
        (
            "due_on = 2026-07-31".to_string(),
            "due_on = 2026-08-15\ndue_changes = [{ date = 2026-08-01, from = 2026-07-31, to = 2026-08-15, reason = \"r\", approved_by = \"chen.ming\" }]".to_string(),
        )
    } else {
        (
            "due_on: 2026-07-31".to_string(),
            "due_on: 2026-08-15\ndue_changes:\n  - { date: 2026-08-01, from: 2026-07-31, to: 2026-08-15, reason: r, approved_by: chen.ming }".to_string(),
        )
    };
    replace_in(&file, &from, &to);
    assert_eq!(errors(dir.path()), []);
    let k = kpi(dir.path(), "appraisal_execution", "2026");
    assert_eq!(nd(&k), (6.0, 9.0));
    assert_eq!(item(&k, "APR-2026-004")["code"], "late_change");
}

#[test]
fn diff_lists_commitment_changes_with_and_without_an_entry() {
    let d = demo_repo();
    let records = d.records();
    // PRJ-2026-003: moved without an entry; PRJ-2026-002: moved with one, approved by 陈明.
    replace_in(
        &record(&records, "PRJ-2026-003"),
        "planned_end = 2026-10-31",
        "planned_end = 2027-06-30",
    );
    move_prj_002(&records, "2026-08-01");
    let o = itc_at(&records, &["--lang", "en", "diff", "main"]);
    let text = stdout(&o);
    assert!(text.contains("\nCommitment changes:\n"), "{text}");
    assert!(
        text.contains(
            "  PRJ-2026-002 planned_end 2026-08-31 → 2026-09-30 (change entry 2026-08-01, approved by 陈明)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  PRJ-2026-003 planned_end 2026-10-31 → 2027-06-30 (no change entry)\n"),
        "{text}"
    );
    let o = itc_at(&records, &["diff", "main", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = v["commitments"].as_array().unwrap();
    assert_eq!(c.len(), 2, "{c:#?}");
    assert_eq!(c[0]["id"], "PRJ-2026-002");
    assert_eq!(c[0]["path"], "planned_end");
    assert_eq!(
        c[0]["entry"],
        serde_json::json!({"date": "2026-08-01", "approved_by": "陈明"})
    );
    assert_eq!(
        (
            c[1]["old"].as_str(),
            c[1]["new"].as_str(),
            c[1]["entry"].is_null()
        ),
        (Some("2026-10-31"), Some("2027-06-30"), true)
    );
    // Markdown has the section too.
    let o = itc_at(
        &records,
        &["--lang", "en", "diff", "main", "--format", "md"],
    );
    assert!(
        stdout(&o).contains("### Commitment changes\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn rules_mark_a_commitment_with_a_change_list_of_the_right_shape() {
    let dir = copy();
    // A repository's own commitment: a list that does not exist (E0906), and one of the wrong
    // shape (no approved_by: E0904).
    std::fs::write(
        dir.path().join("rules.toml"),
        "[[kind]]\nkey = \"data\"\nfields = [\n  { name = \"deadline\", type = \"date\", changes = \"deadline_changes\", zh = \"期限\", en = \"Deadline\" },\n  { name = \"size\", type = \"int\", changes = \"size_changes\", zh = \"规模\", en = \"Size\" },\n  { name = \"size_changes\", type = \"table_list\", zh = \"规模变更\", en = \"Size changes\", items = [\n    { name = \"date\", type = \"date\", zh = \"日期\", en = \"Date\" },\n    { name = \"from\", type = \"int\", zh = \"原值\", en = \"From\" },\n    { name = \"to\", type = \"int\", zh = \"新值\", en = \"To\" },\n  ] },\n]\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let mut codes: Vec<String> = findings(&out).0.into_iter().map(|f| f.code).collect();
    codes.sort();
    assert_eq!(codes, ["E0904", "E0906"]);
}
