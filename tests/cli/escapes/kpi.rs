//! Escape routes closed by the KPIs themselves: an item that cannot be placed counts against,
//! a rejected value is never read, and every item left out carries a reason code.

use std::path::Path;

use serde_json::Value;

use super::{copy, item, kpi, nd, record, run};
use crate::support::{Itc, code, has_cjk, replace_in, stderr, stdout};

/// Removes the TOML section `[name]` (to the next section or the end) from a record.
fn drop_section(path: &Path, name: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let head = format!("\n[{name}]\n");
    let start = text.find(&head).unwrap_or_else(|| panic!("no [{name}]"));
    let end = text[start + 1..]
        .find("\n[")
        .map_or(text.len(), |e| start + 1 + e);
    std::fs::write(path, format!("{}{}", &text[..start], &text[end..])).unwrap();
}

#[test]
fn repair_stuck_at_report_without_occurrence_counts_against() {
    let dir = copy();
    let inc = record(dir.path(), "INC-2026-0015");
    replace_in(&inc, "stage = \"diagnosis\"", "stage = \"report\"");
    drop_section(&inc, "diagnosis");
    replace_in(&inc, "occurred_at = 2026-11-10T09:30:00+08:00\n", "");
    let k = kpi(dir.path(), "repair_timeliness", "2026-11");
    // Hand-computed, 2026-11: INC-2026-0015 (P2, 8h) is placed at outage_start 09:30 (the
    // earliest of outage_start 09:30 and report.at 10:00), due 17:30, never restored: 0/1.
    // INC-2026-0016 (P4) is late too, 0/1; INC-2026-0017 restored in 1h: 1/1. So 1/3, as with
    // its occurred_at.
    assert_eq!(nd(&k), (1.0, 3.0));
    let i = item(&k, "INC-2026-0015");
    assert_eq!(i["counted"], true);
    assert_eq!(
        (i["numerator"].as_f64(), i["denominator"].as_f64()),
        (Some(0.0), Some(1.0))
    );
    assert_eq!(i["code"], "stand_in");
    let reason = i["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("no report.occurred_at: outage_start stands in"),
        "{reason}"
    );
}

#[test]
fn security_incidents_stuck_at_alert() {
    let dir = copy();
    let inc = record(dir.path(), "INC-2026-0012");
    replace_in(&inc, "stage = \"archived\"", "stage = \"alert\"");
    for s in ["report", "diagnosis", "handling", "archived"] {
        drop_section(&inc, s);
    }
    let k = kpi(dir.path(), "security_incidents", "2026-Q3");
    // Hand-computed: the one security event of 2026-Q3, INC-2026-0012 (level IV), still counts,
    // at alert.at 2026-08-18 10:05: 1.
    assert_eq!(k["value"].as_f64(), Some(1.0));
    assert_eq!(k["extra"]["by_month"]["2026-08"], 1);
    let i = item(&k, "INC-2026-0012");
    assert_eq!(
        (i["counted"].as_bool(), i["code"].as_str()),
        (Some(true), Some("stand_in"))
    );
}

#[test]
fn restore_failed_drill_without_start_counts() {
    let dir = copy();
    let drl = record(dir.path(), "DRL-2026-005");
    replace_in(&drl, "stage = \"prepared\"", "stage = \"executed\"");
    let mut text = std::fs::read_to_string(&drl).unwrap();
    text.push_str("\n[executed]\nat = 2026-11-21T18:00:00+08:00\nresult = \"failed\"\n");
    std::fs::write(&drl, text).unwrap();
    // Hand-computed, 2026-11: erp's check of November (BAK-2026-017) has 2 restore tests, both
    // succeeded, and the only restore drill executed is DRL-2026-005, failed, placed at
    // executed.at 2026-11-21: 0/1 (it was left out as "not executed yet" without started_at).
    // 2/3.
    let k = kpi(dir.path(), "restore_success", "2026-11");
    assert_eq!(nd(&k), (2.0, 3.0));
    assert_eq!(item(&k, "DRL-2026-005")["code"], "stand_in");
    // The drill pass rate of November: the same drill, failed: 0/1.
    let k = kpi(dir.path(), "drill_pass", "2026-11");
    assert_eq!(nd(&k), (0.0, 1.0));
}

#[test]
fn repair_date_only_restored_at_is_not_midnight() {
    let dir = copy();
    let inc = record(dir.path(), "INC-2026-0010");
    replace_in(
        &inc,
        "restored_at = 2026-07-22T04:30:00+08:00",
        "restored_at = 2026-07-22",
    );
    // Hand-computed, 2026-07: INC-2026-0010 (P1, 4h) occurred 2026-07-21 22:10, restored 04:30
    // next day: 6h 20m, late. Read as midnight it would take 1h 50m, on time. Its restored_at
    // is rejected (E0304), so it counts 0/1 with the reason naming the field; INC-2026-0011
    // 1/1. So 1/2, as before the edit.
    let k = kpi(dir.path(), "repair_timeliness", "2026-07");
    assert_eq!(nd(&k), (1.0, 2.0));
    let i = item(&k, "INC-2026-0010");
    assert_eq!(
        (
            i["counted"].as_bool(),
            i["numerator"].as_f64(),
            i["denominator"].as_f64()
        ),
        (Some(true), Some(0.0), Some(1.0))
    );
    assert_eq!(i["code"], "rejected_value");
    assert!(
        i["reason"]
            .as_str()
            .unwrap()
            .contains("handling.restored_at")
    );
}

#[test]
fn plan_completion_plan_kept_at_drafting_counts() {
    let dir = copy();
    let plan = record(dir.path(), "PLN-2026-001");
    replace_in(&plan, "stage = \"execution\"", "stage = \"drafting\"");
    drop_section(&plan, "execution");
    // Hand-computed, 2026 (as of 2027-01-01): the six live items of PLN-2026-001 still count:
    // 费控 done 09-25 by 09-30 ✓, 数据中台 done 09-10 after 08-31 ✗, OA 信创 due 10-31 not
    // done ✗, 等保 done 06-26 by 06-30 ✓, 演练 and 机房 due 12-31 not done ✗ ✗; the dropped
    // item is left out. No other plan has an item due in 2026: 2/6. And 2026 has no approved
    // plan any more: coverage counts it, 0/1 on 2026-01-01. 2/7.
    let k = kpi(dir.path(), "plan_completion", "2026");
    assert_eq!(nd(&k), (2.0, 7.0));
    assert_eq!(item(&k, "plan 2026")["code"], "missing_record");
    assert_eq!(item(&k, "PLN-2026-001#3 OA 信创改造")["code"], "missed");
}

/// A copy of the demo whose records begin on 2026-06-01.
fn since_june() -> tempfile::TempDir {
    let dir = copy();
    replace_in(
        &dir.path().join("itc.toml"),
        "since = 2026-01-01",
        "since = 2026-06-01",
    );
    dir
}

#[test]
fn availability_months_before_since_are_na() {
    let dir = since_june();
    // 2026-03 lies wholly before 2026-06-01: n/a, with its reason code.
    let k = kpi(dir.path(), "availability", "2026-03");
    assert_eq!(k["value"], Value::Null);
    assert_eq!(k["verdict"], "n/a");
    assert_eq!(k["na_reason"], "before_since");
    let human = stdout(&run(
        dir.path(),
        &["kpi", "availability", "--period", "2026-03"],
    ));
    assert!(
        human.contains("the period lies before the records begin (2026-06-01)"),
        "{human}"
    );
    // 2026-Q2 straddles it: it counts from 2026-06-01, so its service time and downtime are
    // June's: 3972.70h/3978h (24x7 systems 30 days × 24h, business-hour ones their June
    // hours; dw down 5.3h weighted), not the quarter's.
    let q2 = kpi(dir.path(), "availability", "2026-Q2");
    let june = kpi(dir.path(), "availability", "2026-06");
    assert_eq!(nd(&q2), nd(&june));
    assert_eq!(q2["na_reason"], Value::Null);
    // Without `since` in itc.toml, the demo's incidents begin in 2026 (the earliest date
    // they speak of); 2025-12 lies before it.
    let dir = copy();
    replace_in(&dir.path().join("itc.toml"), "since = 2026-01-01", "");
    let k = kpi(dir.path(), "availability", "2025-12");
    assert_eq!(k["na_reason"], "before_since");
}

#[test]
fn report_trend_gap_before_since() {
    let dir = since_june();
    let out = run(
        dir.path(),
        &["report", "--period", "2026-Q3", "--format", "md"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    // The twelve months 2025-10 … 2026-09: the eight before 2026-06 are a gap (n/a), the
    // four from June have values (June 99.86: 3972.70h/3978h).
    let row = md
        .lines()
        .filter(|l| l.starts_with("| System availability |"))
        .find(|l| l.matches('|').count() == 14)
        .unwrap_or_else(|| panic!("{md}"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(&cells[2..10], ["n/a"; 8], "{row}");
    assert_eq!(cells[10], "99.86", "{row}");
    // The month after since compares against one wholly before it: the change is n/a (—).
    let out = run(
        dir.path(),
        &["report", "--period", "2026-06", "--format", "md"],
    );
    let md = stdout(&out);
    let row = md
        .lines()
        .find(|l| l.starts_with("| System availability | 99.86%"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.ends_with("| — |"), "{row}");
}

#[test]
fn left_out_carries_codes() {
    let dir = copy();
    let bak = record(dir.path(), "BAK-2026-011");
    let text = std::fs::read_to_string(&bak).unwrap();
    let period = text
        .lines()
        .find(|l| l.starts_with("period"))
        .unwrap()
        .to_string();
    replace_in(&bak, &period, "period = \"2026-Q5\"");
    let out = run(
        dir.path(),
        &[
            "kpi",
            "backup_success",
            "--period",
            "2026",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let k = &v["kpis"][0];
    // Without --explain, every record left out is listed with its code: BAK-2026-011's period
    // is rejected (not a period), so it is left out for incomplete data, the one such record.
    let left: Vec<(&str, &str)> = k["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["code"].as_str().unwrap()))
        .collect();
    assert!(
        left.contains(&("BAK-2026-011", "rejected_value")),
        "{left:?}"
    );
    assert!(left.iter().all(|(_, c)| !c.is_empty()));
    assert_eq!(k["incomplete"], 1);
    // Every backup record is either counted or left out with a code; so is every check
    // missing (coverage): dw's 2026-Q3 (BAK-2026-011 holds no period), and as of the end of
    // 2026-12-31, erp's 2026-12 and the 2026-Q4 of finance, mail, dw and hr (oa's check of
    // 2026-10 lies within its Q4): 6.
    let all = kpi(dir.path(), "backup_success", "2026");
    let backups = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .count();
    let explain = all["explain"].as_array().unwrap();
    let missing = explain
        .iter()
        .filter(|i| i["code"] == "missing_record")
        .count();
    assert_eq!(missing, 6);
    assert_eq!(explain.len(), backups + missing);
    let human = stdout(&run(
        dir.path(),
        &["kpi", "backup_success", "--period", "2026"],
    ));
    assert!(
        human.contains("Backup success rate: 1 records left out for incomplete data"),
        "{human}"
    );
    let zh = Itc::new(dir.path())
        .today(super::TODAY)
        .args(["--lang", "zh", "kpi", "backup_success", "--period", "2026"])
        .run();
    assert!(
        stdout(&zh).contains("数据备份成功率: 1 条记录因数据不全未计入"),
        "{}",
        stdout(&zh)
    );
}

#[test]
fn cost_control_explain_marks() {
    let dir = copy();
    let out = stdout(&run(
        dir.path(),
        &["kpi", "cost_control", "--period", "2026", "--explain"],
    ));
    // A maximum target: within budget is ✓, over it ✗. PRJ-2026-002 spent 1450000 of
    // 1200000 (+20.8%), PRJ-2026-001 790000 of 800000 (−1.2%).
    assert!(
        out.contains(
            "  ✗ PRJ-2026-002 [1450000/1200000] budget 1200000, actual 1450000 (deviation +20.8%)"
        ),
        "{out}"
    );
    assert!(out.contains("  ✓ PRJ-2026-001 [790000/800000]"), "{out}");
}

#[test]
fn reasons_in_english() {
    let dir = copy();
    let inc = record(dir.path(), "INC-2026-0015");
    replace_in(
        &inc,
        "occurred_at = 2026-11-10T09:30:00+08:00",
        "occurred_at = 2027-11-10T09:30:00+08:00",
    );
    let out = stdout(&run(dir.path(), &["kpi", "--period", "2026", "--explain"]));
    // Every reason line is English: ids and figures only besides (the item names of plans
    // and findings are the records' own words, after the id).
    for line in out.lines().filter(|l| {
        l.starts_with("  ✓") || l.starts_with("  ✗") || l.starts_with("  –") || l.starts_with("  •")
    }) {
        let reason = line.split(']').next_back().unwrap_or(line);
        assert!(!has_cjk(reason), "{line}");
    }
    // A future occurrence has its own reason.
    assert!(
        out.contains("  – INC-2026-0015 [left out] occurs after as-of\n"),
        "{out}"
    );
}

#[test]
fn acceptance_cost_kept_at_monitoring() {
    // PRJ-2026-002 failed its first acceptance and ended 20.8% over budget. Kept at monitoring,
    // it leaves acceptance pass and cost control, which count accepted projects only (DESIGN.md
    // §5); but its planned end (2026-08-31) has passed, so it is overdue and on-time delivery
    // counts it missed, as it counted it late before.
    let dir = copy();
    let prj = record(dir.path(), "PRJ-2026-002");
    let text = std::fs::read_to_string(&prj).unwrap();
    let cut = text.find("\nacceptance:\n").unwrap();
    std::fs::write(&prj, &text[..=cut]).unwrap();
    replace_in(&prj, "stage: acceptance", "stage: monitoring");
    let out = run(dir.path(), &["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let out = run(dir.path(), &["list", "--overdue", "--format", "json"]);
    let list: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "PRJ-2026-002")
        .unwrap_or_else(|| panic!("PRJ-2026-002 not overdue: {list:#}"));
    assert_eq!(row["overdue"][0]["due"], "2026-08-31", "{row:#}");

    // Q3 on-time delivery: planned ends in Q3 are PRJ-2026-002's (08-31), missed, not done.
    let k = kpi(dir.path(), "on_time_delivery", "2026-Q3");
    let i = item(&k, "PRJ-2026-002");
    assert_eq!(i["counted"], true);
    assert_eq!(i["numerator"].as_f64(), Some(0.0));
    assert_eq!(i["code"], "missed");
    for key in ["acceptance_pass", "cost_control"] {
        let k = kpi(dir.path(), key, "2026");
        let i = item(&k, "PRJ-2026-002");
        assert_eq!(i["counted"], false, "{key}: {i:#}");
        assert_eq!(i["code"], "not_yet", "{key}: {i:#}");
        assert_eq!(i["reason"], "not accepted yet", "{key}: {i:#}");
    }
}

#[test]
fn rectification_no_findings_counts_as_incomplete_only_once_inspected() {
    // 2026: the demo's findings due in the year are 7 (4 fixed in time): 4/7. SEC-2026-12 (at
    // policy) and SEC-2026-H2-OT (at training) are not inspected yet: left out, `not_yet`, and
    // not incomplete data.
    let dir = copy();
    let k = kpi(dir.path(), "rectification", "2026");
    assert_eq!(nd(&k), (4.0, 7.0));
    for id in ["SEC-2026-12", "SEC-2026-H2-OT"] {
        assert_eq!(item(&k, id)["code"], "not_yet", "{id}");
    }
    assert_eq!(k["incomplete"], 0, "{k:#}");

    // SEC-2026-Q4's one finding (due 2026-12-15, not fixed: 0/1) deleted with its list: the
    // inspection recorded nothing, which is incomplete data (and check's E0503): 4/6.
    let sec = record(dir.path(), "SEC-2026-Q4");
    let text = std::fs::read_to_string(&sec).unwrap();
    let start = text.find("  findings:\n").unwrap();
    let end = start
        + text[start..]
            .find("\n\n")
            .map_or(text.len() - start, |e| e + 1);
    std::fs::write(&sec, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let k = kpi(dir.path(), "rectification", "2026");
    assert_eq!(nd(&k), (4.0, 6.0));
    assert_eq!(item(&k, "SEC-2026-Q4")["code"], "missing_data");
    assert_eq!(k["incomplete"], 1);

    // `findings: []`: the inspection found nothing, so there is nothing to rectify; not
    // incomplete.
    replace_in(
        &sec,
        "inspected_on: 2026-11-20",
        "inspected_on: 2026-11-20\n  findings: []",
    );
    let k = kpi(dir.path(), "rectification", "2026");
    assert_eq!(nd(&k), (4.0, 6.0));
    assert_eq!(item(&k, "SEC-2026-Q4")["code"], "nothing_found");
    assert_eq!(k["incomplete"], 0);
}
