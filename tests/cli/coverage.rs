//! Coverage: a record itc.toml requires and that does not exist counts against its KPI (reason
//! `missing_record`), and `check` warns of it once overdue (W0810–W0814) at the itc.toml line
//! that requires it. Each test edits a copy of the demo (clean at the escape routes' today,
//! 2026-12-31: every record its coverage requires exists).

use std::path::Path;

use serde_json::Value;

use crate::escapes::{TODAY, copy, item, nd, record};
use crate::support::{Finding, Itc, code, findings, replace_in, stderr, stdout};

/// Runs itc in `dir` in English with `ITC_TODAY` = `today`.
fn run_at(dir: &Path, today: &str, args: &[&str]) -> std::process::Output {
    Itc::new(dir)
        .today(today)
        .args(["--lang", "en"])
        .args(args)
        .run()
}

/// `kpi KEY --period P --format json --explain` at `today`: the one KPI.
fn kpi_at(dir: &Path, today: &str, key: &str, period: &str) -> Value {
    let out = run_at(
        dir,
        today,
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

fn kpi(dir: &Path, key: &str, period: &str) -> Value {
    kpi_at(dir, TODAY, key, period)
}

/// The findings of `check` at `today` with code `code`.
fn warned(dir: &Path, today: &str, code: &str) -> Vec<Finding> {
    let (list, _) = findings(&run_at(dir, today, &["check", "--format", "json"]));
    list.into_iter().filter(|f| f.code == code).collect()
}

/// The 1-based line of itc.toml holding `text` (the first one).
fn line_of(dir: &Path, text: &str) -> u64 {
    let config = std::fs::read_to_string(dir.join("itc.toml")).unwrap();
    let i = config
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no {text} in itc.toml"));
    i as u64 + 1
}

fn remove(dir: &Path, id: &str) {
    std::fs::remove_file(record(dir, id)).unwrap();
}

#[test]
fn the_demo_is_covered() {
    let dir = copy();
    for code in ["W0810", "W0811", "W0812", "W0813", "W0814"] {
        assert!(warned(dir.path(), TODAY, code).is_empty(), "{code}");
    }
}

#[test]
fn a_missing_backup_check_counts_as_failed_and_is_warned_of_at_the_system() {
    let dir = copy();
    let k = kpi(dir.path(), "backup_success", "2026-10");
    // Hand-computed, 2026-10 with every check: BAK-2026-012 (oa 2026-10) 31/31 and
    // BAK-2026-016 (erp 2026-10) 62/62; the quarterly checks lie in no month.
    assert_eq!(nd(&k), (93.0, 93.0));
    remove(dir.path(), "BAK-2026-016");
    let k = kpi(dir.path(), "backup_success", "2026-10");
    // erp's check of 2026-10 is missing: one failed job a day of October, 0/31; oa 31/31.
    // 31/62 = 50%, missed against 99%.
    assert_eq!(nd(&k), (31.0, 62.0));
    assert_eq!(k["verdict"], "missed");
    let i = item(&k, "erp 2026-10");
    assert_eq!(i["code"], "missing_record");
    assert_eq!(i["counted"], true);
    assert!(
        i["reason"]
            .as_str()
            .unwrap()
            .contains("no backup check of erp"),
        "{i}"
    );
    let found = warned(dir.path(), TODAY, "W0810");
    assert_eq!(found.len(), 1, "{found:?}");
    // erp is the one monthly system: its backup_check line.
    let line = line_of(dir.path(), "backup_check = \"monthly\"");
    assert_eq!(
        found[0].brief(),
        format!("itc.toml:{line}:16 W0810 config"),
        "{found:?}"
    );
    assert!(found[0].message.contains("2026-10"), "{}", found[0].message);
}

#[test]
fn none_requires_no_backup_check() {
    let dir = copy();
    remove(dir.path(), "BAK-2026-016");
    replace_in(
        &dir.path().join("itc.toml"),
        "backup_check = \"monthly\"",
        "backup_check = \"none\"",
    );
    // Only oa's check of 2026-10 counts: 31/31.
    assert_eq!(
        nd(&kpi(dir.path(), "backup_success", "2026-10")),
        (31.0, 31.0)
    );
    assert!(warned(dir.path(), TODAY, "W0810").is_empty());
}

#[test]
fn a_system_without_backup_check_is_checked_monthly() {
    let dir = copy();
    // erp's key removed: the default, monthly, still requires its check of 2026-10.
    remove(dir.path(), "BAK-2026-016");
    replace_in(
        &dir.path().join("itc.toml"),
        "backup_check = \"monthly\"",
        "",
    );
    assert_eq!(
        nd(&kpi(dir.path(), "backup_success", "2026-10")),
        (31.0, 62.0)
    );
    let found = warned(dir.path(), TODAY, "W0810");
    assert_eq!(found.len(), 1, "{found:?}");
    // At erp's id, line 26 of the demo's itc.toml.
    assert_eq!(found[0].brief(), "itc.toml:26:6 W0810 config");
}

#[test]
fn a_missing_appraisal_counts_as_not_executed() {
    let dir = copy();
    // Hand-computed, 2026: the nine H1 appraisals due 2026-07-31; on time: li.wei, zhang.san,
    // zhao.liu, sun.li (result 07-18..07-22), wang.wu (07-20) and the manager chen.ming's
    // (APR-2026-010, by liu.yang); zhou.jie, wu.fang and zheng.hao not: 6/9.
    assert_eq!(
        nd(&kpi(dir.path(), "appraisal_execution", "2026")),
        (6.0, 9.0)
    );
    remove(dir.path(), "APR-2026-012");
    let k = kpi(dir.path(), "appraisal_execution", "2026");
    // wang.wu's appraisal of 2026-H1 is missing: 0/1 in its place, 5/9.
    assert_eq!(nd(&k), (5.0, 9.0));
    let i = item(&k, "wang.wu 2026-H1");
    assert_eq!(i["code"], "missing_record");
    let found = warned(dir.path(), TODAY, "W0811");
    assert_eq!(found.len(), 1, "{found:?}");
    let line = line_of(dir.path(), "id = \"wang.wu\"");
    assert_eq!(found[0].brief(), format!("itc.toml:{line}:6 W0811 config"));
    assert!(found[0].message.contains("wang.wu") && found[0].message.contains("2026-H1"));
}

#[test]
fn an_exempt_member_and_the_manager_need_no_appraisal() {
    let dir = copy();
    remove(dir.path(), "APR-2026-012");
    replace_in(
        &dir.path().join("itc.toml"),
        "exempt = [\"liu.yang\"]",
        "exempt = [\"liu.yang\", \"wang.wu\"]",
    );
    // The seven others and the manager's own (APR-2026-010, on time): 5/8. None is required
    // of the manager, chen.ming, nor of the exempt liu.yang and wang.wu.
    assert_eq!(
        nd(&kpi(dir.path(), "appraisal_execution", "2026")),
        (5.0, 8.0)
    );
    assert!(warned(dir.path(), TODAY, "W0811").is_empty());
}

#[test]
fn a_period_without_a_survey_is_missed_not_na() {
    let dir = copy();
    remove(dir.path(), "SUR-2026-003");
    let k = kpi(dir.path(), "business_satisfaction", "2026-H2");
    // SUR-2026-003 was the one business survey of 2026-H2: none left, and the half-year has
    // ended by as-of (the end of 2026-12-31). The missing survey counts one response, not
    // satisfied: 0/1 = 0%, missed against 85%, not n/a.
    assert_eq!(nd(&k), (0.0, 1.0));
    assert_eq!(k["verdict"], "missed");
    assert_eq!(item(&k, "business 2026-H2")["code"], "missing_record");
    // check's today 2026-12-31 is still in the half-year; from 2027-01-01 it is overdue, at
    // `business = "half-year"`.
    assert!(warned(dir.path(), TODAY, "W0812").is_empty());
    let found = warned(dir.path(), "2027-01-01", "W0812");
    assert_eq!(found.len(), 1, "{found:?}");
    let line = line_of(dir.path(), "business = \"half-year\"");
    assert_eq!(found[0].brief(), format!("itc.toml:{line}:12 W0812 config"));
    assert!(found[0].message.contains("2026-H2"), "{}", found[0].message);
}

#[test]
fn a_year_without_an_approved_plan_counts_against_plan_completion() {
    let dir = copy();
    // Hand-computed, 2026 as of the end of 2026-12-31: PLN-2026-001's six live items due in
    // 2026, two done by their due (费控 09-25 by 09-30, 等保 06-26 by 06-30): 2/6.
    assert_eq!(nd(&kpi(dir.path(), "plan_completion", "2026")), (2.0, 6.0));
    // The plan now plans 2027 (still approved): 2026 has no approved plan.
    replace_in(
        &record(dir.path(), "PLN-2026-001"),
        "year = 2026",
        "year = 2027",
    );
    let k = kpi(dir.path(), "plan_completion", "2026");
    // Its items still count by their due dates, 2/6, and the missing plan 0/1: 2/7.
    assert_eq!(nd(&k), (2.0, 7.0));
    assert_eq!(item(&k, "plan 2026")["code"], "missing_record");
    let found = warned(dir.path(), TODAY, "W0813");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("2026"), "{}", found[0].message);
}

#[test]
fn a_core_system_without_a_passed_non_tabletop_drill_is_warned_of_at_its_line() {
    let dir = copy();
    // In the twelve months to 2027-01-01 (as-of of 2026 at today 2026-12-31), erp passed its
    // full drill DRL-2026-001 and finance its restore drill DRL-2026-002.
    let k = kpi(dir.path(), "drill_pass", "2026");
    assert_eq!(
        k["extra"]["core_without_passed_drill"],
        serde_json::json!([])
    );
    // erp's drill becomes a tabletop exercise, which covers no system.
    replace_in(
        &record(dir.path(), "DRL-2026-001"),
        "type = \"full\"",
        "type = \"tabletop\"",
    );
    let k = kpi(dir.path(), "drill_pass", "2026");
    assert_eq!(
        k["extra"]["core_without_passed_drill"],
        serde_json::json!(["erp"])
    );
    // check at 2026-12-31: the twelve months before it reach back to 2025-12-31, before the
    // records begin (since 2026-01-01): nothing is required yet. At 2027-01-01 they start
    // on 2026-01-01: erp is warned of at its id, line 26.
    assert!(warned(dir.path(), TODAY, "W0814").is_empty());
    let found = warned(dir.path(), "2027-01-01", "W0814");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].brief(), "itc.toml:26:6 W0814 config");
    assert!(found[0].message.contains("erp"), "{}", found[0].message);
}

#[test]
fn nothing_is_required_before_since() {
    let dir = copy();
    remove(dir.path(), "BAK-2026-013");
    remove(dir.path(), "BAK-2026-014");
    replace_in(
        &dir.path().join("itc.toml"),
        "since = 2026-01-01",
        "since = 2026-08-01",
    );
    // erp's checks of 2026-07 and 2026-08 are gone; 2026-07 lies wholly before since.
    let found = warned(dir.path(), TODAY, "W0810");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("2026-08"), "{}", found[0].message);
    // The KPI of 2026-07 is n/a (before since); that of 2026-08 counts the missing check,
    // 0/31 (no other check lies in August).
    assert_eq!(
        kpi(dir.path(), "backup_success", "2026-07")["verdict"],
        "n/a"
    );
    assert_eq!(
        nd(&kpi(dir.path(), "backup_success", "2026-08")),
        (0.0, 31.0)
    );
}

#[test]
fn a_period_not_over_by_as_of_is_not_missing() {
    let dir = copy();
    remove(dir.path(), "BAK-2026-017");
    // erp's check of 2026-11 is gone. The KPI at today 2026-11-29 (as-of: the end of that
    // day): November has not ended, nothing is counted, n/a.
    let k = kpi_at(dir.path(), "2026-11-29", "backup_success", "2026-11");
    assert_eq!(nd(&k), (0.0, 0.0));
    assert_eq!(k["verdict"], "n/a");
    // At 2026-11-30 as-of is 2026-12-01 00:00: November has ended, 0/30.
    let k = kpi_at(dir.path(), "2026-11-30", "backup_success", "2026-11");
    assert_eq!(nd(&k), (0.0, 30.0));
    // check warns from the day after the period: not on 2026-11-30, on 2026-12-01.
    assert!(warned(dir.path(), "2026-11-30", "W0810").is_empty());
    let found = warned(dir.path(), "2026-12-01", "W0810");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("2026-11"), "{}", found[0].message);
}

#[test]
fn the_report_lists_the_coverage_settings_that_require_less() {
    let dir = copy();
    replace_in(
        &dir.path().join("itc.toml"),
        "exempt = [\"liu.yang\"]",
        "exempt = [\"liu.yang\", \"wang.wu\"]",
    );
    let out = run_at(
        dir.path(),
        TODAY,
        &["report", "--period", "2026", "--format", "md"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    // portal requires no backup check, oa one a quarter (default monthly), wang.wu no
    // appraisal: each requires fewer records than the default, so each is lenient.
    for row in [
        "| systems.portal.backup\\_check | none | monthly | Backup success rate | more lenient |",
        "| systems.oa.backup\\_check | quarterly | monthly | Backup success rate | more lenient |",
        "| appraisal.exempt | liu.yang, wang.wu | \\[\\] | Appraisal plan execution | more lenient |",
    ] {
        assert!(md.contains(row), "{row}\n{md}");
    }
}
