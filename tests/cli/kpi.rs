//! `itc kpi` on `tests/fixtures/kpi`, whose records were written for these tests. Every expected
//! number is computed by hand below, with the arithmetic. Times are +08:00; the calendar has a
//! holiday on Thu 2026-03-05 and a make-up workday on Sat 2026-03-07; `biz` serves
//! mon-fri 09:00-17:00, `core1` and `core2` 24x7.
//!
//! Then on other repositories: relative periods name the periods they stand for, the CSV header
//! is the same in every language, and no KPI is computed while itc.toml is broken or a target is
//! refused.

use serde_json::Value;

use crate::support::*;

/// The JSON report of `itc kpi` for a period, as of the end of `as_of`.
fn kpis(period: &str, as_of: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "--lang", "en", "kpi", "--period", period, "--as-of", as_of, "--format", "json",
    ];
    args.extend_from_slice(extra);
    let out = itc(&fixture("kpi"), &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn kpi<'a>(v: &'a Value, key: &str) -> &'a Value {
    v["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == key)
        .unwrap()
}

/// (value, numerator, denominator), values rounded to 12 places (JSON floats may differ from
/// the division written in a test by the last bit).
fn nums(k: &Value) -> (Option<f64>, f64, Option<f64>) {
    let round = |v: f64| (v * 1e12).round() / 1e12;
    (
        k["value"].as_f64().map(round),
        k["numerator"].as_f64().unwrap(),
        k["denominator"].as_f64(),
    )
}

fn r(v: f64) -> Option<f64> {
    Some((v * 1e12).round() / 1e12)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn the_fixture_repository_is_valid() {
    assert_eq!(code(&itc(&fixture("kpi"), &["check"])), 0);
}

#[test]
fn availability_merges_clips_weights_and_follows_the_calendar() {
    let v = kpis("2026-03", "2026-03-31", &[]);
    let a = kpi(&v, "availability");
    // core1, March = 31 d = 2 678 400 s of service, less the planned window of INC-0004
    // (03-20 00:00–04:00, 14 400 s) → 2 664 000 s.
    // Downtime: INC-0001 full 10:00–12:00 and INC-0002 partial 03-10 11:00 – 03-11 13:00
    // (restored then) overlap on 03-10:
    //   10:00–12:00 full = 7 200 s, 03-10 12:00 – 03-11 13:00 partial × 0.5 = 45 000 s
    //   → 52 200 s;
    // INC-0003 02-28 23:00 → 03-01 01:00 crosses into March: 3 600 s;
    // INC-0005 open since 03-31 22:00, counted to as-of (04-01 00:00): 7 200 s.
    // → 63 000 s; (2 664 000 − 63 000) / 2 664 000 = 2 601 000 / 2 664 000.
    let systems = a["extra"]["systems"].as_array().unwrap();
    let core1 = systems.iter().find(|s| s["system"] == "core1").unwrap();
    assert_eq!(core1["service_s"], 2_664_000);
    assert_eq!(core1["downtime_s"], 63_000.0);
    assert!(close(
        core1["value"].as_f64().unwrap(),
        2_601_000.0 / 2_664_000.0
    ));
    // biz: 22 weekdays in March 2026, less the holiday on the 5th, plus the make-up Saturday
    // the 7th = 22 days × 8 h = 633 600 s.
    // INC-0006 (full) 03-04 16:00 → 03-06 10:00 meets service on 03-04 16:00–17:00 and 03-06
    // 09:00–10:00 (the 5th is a holiday): 7 200 s. INC-0007 (partial) on the make-up Saturday
    // 10:00–11:00: 3 600 × 0.5 = 1 800 s. → 9 000 s.
    let biz = systems.iter().find(|s| s["system"] == "biz").unwrap();
    assert_eq!(biz["service_s"], 633_600);
    assert_eq!(biz["downtime_s"], 9_000.0);
    // core2: 2 678 400 s, no outages.
    // Overall, time-weighted: (2 601 000 + 624 600 + 2 678 400) / (2 664 000 + 633 600 + 2 678 400)
    //   = 5 904 000 / 5 976 000.
    assert_eq!(
        nums(a),
        (r(5_904_000.0 / 5_976_000.0), 5_904_000.0, Some(5_976_000.0))
    );
    assert_eq!(a["verdict"], "missed", "0.98795 < 0.999");
}

#[test]
fn availability_counts_an_open_outage_only_to_as_of() {
    // As of the end of 03-30, INC-0005 (from 03-31 22:00) has not happened, and the window
    // ends at 03-31 00:00: core1 service = 30 d = 2 592 000 − 14 400 planned = 2 577 600 s,
    // downtime 52 200 + 3 600 = 55 800 s.
    let v = kpis("2026-03", "2026-03-30", &["availability"]);
    let core1 = &kpi(&v, "availability")["extra"]["systems"][0];
    assert_eq!(core1["service_s"], 2_577_600);
    assert_eq!(core1["downtime_s"], 55_800.0);
}

#[test]
fn repair_timeliness_with_open_incidents_and_mttr() {
    let v = kpis("2026-03", "2026-03-31", &[]);
    let rt = kpi(&v, "repair_timeliness");
    // Restored in March: INC-0001 P2 in 2 h ≤ 8 h ✓; INC-0002 P3 in 26 h > 24 h ✗;
    // INC-0003 P1 in 2 h ≤ 4 h ✓ (restored 03-01); INC-0007 P3 in 1 h ✓.
    // Open past its deadline in March: INC-0006 P2, occurred 03-04 16:00, due 03-05 00:00 ✗.
    // Left out: INC-0004 (planned), INC-0005 (open, due 04-01 02:00, after as-of),
    // INC-0008 (restored in February). → 3 / 5.
    assert_eq!(nums(rt), (r(0.6), 3.0, Some(5.0)));
    // MTTR over the four restored: (7 200 + 93 600 + 7 200 + 3 600) / 4 = 27 900 s;
    // median of 3 600, 7 200, 7 200, 93 600 = 7 200 s.
    assert_eq!(rt["extra"]["mttr_mean_s"], 27_900.0);
    assert_eq!(rt["extra"]["mttr_median_s"], 7_200.0);
}

#[test]
fn breakdowns_sum_numerators_and_denominators() {
    let v = kpis(
        "2026-03",
        "2026-03-31",
        &["repair_timeliness", "--by", "severity"],
    );
    let groups = kpi(&v, "repair_timeliness")["groups"]
        .as_array()
        .unwrap()
        .clone();
    let g: Vec<(String, f64, f64)> = groups
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap().to_string(),
                g["numerator"].as_f64().unwrap(),
                g["denominator"].as_f64().unwrap(),
            )
        })
        .collect();
    // P1: INC-0003 ✓ → 1/1; P2: INC-0001 ✓, INC-0006 ✗ → 1/2; P3: INC-0002 ✗, INC-0007 ✓ → 1/2.
    assert_eq!(
        g,
        [
            ("P1".into(), 1.0, 1.0),
            ("P2".into(), 1.0, 2.0),
            ("P3".into(), 1.0, 2.0)
        ]
    );
    let v = kpis("2026-03", "2026-03-31", &["availability", "--by", "system"]);
    let groups = kpi(&v, "availability")["groups"]
        .as_array()
        .unwrap()
        .clone();
    let biz = groups.iter().find(|g| g["group"] == "biz").unwrap();
    assert_eq!(
        (biz["numerator"].as_f64(), biz["denominator"].as_f64()),
        (Some(624_600.0), Some(633_600.0))
    );
}

#[test]
fn backups_and_restores() {
    let v = kpis("2026-Q1", "2026-03-31", &[]);
    // Backup records within Q1: BAK-001 (2026-01) 30/31, BAK-002 (2026-02) 28/28; BAK-003
    // (2026-Q2) and BAK-004 (the whole year) are not within Q1. → 58 / 59.
    assert_eq!(
        nums(kpi(&v, "backup_success")),
        (r(58.0 / 59.0), 58.0, Some(59.0))
    );
    // Restores: BAK-001 2/2 + BAK-002 0/1 + restore drill DRL-001 executed 03-20 and passed
    // 1/1 → 3 / 4.
    assert_eq!(nums(kpi(&v, "restore_success")), (r(0.75), 3.0, Some(4.0)));
}

#[test]
fn data_quality_counts_cleansing_completed_in_the_period() {
    let v = kpis("2026-Q1", "2026-03-31", &["data_quality"]);
    // DAT-001: cleansing completed when storage was entered (02-10): 1000 in, 10 + 40 out;
    // DAT-002 completed 04-02 (Q2); DAT-003 still cleansing. → 950 / 1000.
    assert_eq!(
        nums(kpi(&v, "data_quality")),
        (r(0.95), 950.0, Some(1000.0))
    );
}

#[test]
fn projects_late_open_failed_acceptance_and_cost() {
    let v = kpis("2026-Q1", "2026-03-31", &[]);
    // planned_end in Q1: PRJ-001 (02-28, accepted 02-27 ✓), PRJ-002 (03-15, not accepted,
    // past due ✗), PRJ-003 (03-31, accepted 03-31 ✓), PRJ-005 (01-31, accepted 02-05 ✗);
    // PRJ-004 is due 06-30. → 2 / 4.
    assert_eq!(nums(kpi(&v, "on_time_delivery")), (r(0.5), 2.0, Some(4.0)));
    // Accepted in Q1: PRJ-001 ✓, PRJ-003 (failed once on 03-20) ✗, PRJ-005 ✓ → 2 / 3.
    assert_eq!(
        nums(kpi(&v, "acceptance_pass")),
        (r(2.0 / 3.0), 2.0, Some(3.0))
    );
    // Cost: (95 000 + 250 000 + 58 000) / (100 000 + 200 000 + 50 000) = 403 000 / 350 000;
    // PRJ-003 +25% is over the 20% limit, PRJ-005 +16% over the 15% warning line.
    let c = kpi(&v, "cost_control");
    assert_eq!(
        nums(c),
        (r(403_000.0 / 350_000.0), 403_000.0, Some(350_000.0))
    );
    assert_eq!(c["verdict"], "missed", "a maximum of 1.05");
    let over: Vec<(&str, &str)> = c["extra"]["over_budget"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["level"].as_str().unwrap()))
        .collect();
    assert_eq!(over, [("PRJ-2026-003", "limit"), ("PRJ-2026-005", "warn")]);
}

#[test]
fn security_incidents_are_counted_and_zero_is_not_na() {
    // INC-0008, level II, occurred 02-15.
    let q1 = kpis("2026-Q1", "2026-03-31", &["security_incidents"]);
    let s = kpi(&q1, "security_incidents");
    assert_eq!(nums(s), (r(1.0), 1.0, None));
    assert_eq!(s["extra"]["by_level"]["II"], 1);
    assert_eq!(s["extra"]["by_month"]["2026-02"], 1);
    // March has none: 0, met against a maximum of 2 — not n/a.
    let march = kpis("2026-03", "2026-03-31", &["security_incidents"]);
    let s = kpi(&march, "security_incidents");
    assert_eq!(s["value"], 0.0);
    assert_eq!(s["verdict"], "met");
}

#[test]
fn rectification_counts_findings_due_and_not_yet_due() {
    // Due in Q1: F1 (02-15, fixed 02-10 ✓), F2 (03-10, fixed 03-12 ✗), F3 (03-20, not fixed ✗);
    // F4 is due 05-01. → 1 / 3.
    let v = kpis("2026-Q1", "2026-03-31", &["rectification"]);
    assert_eq!(
        nums(kpi(&v, "rectification")),
        (r(1.0 / 3.0), 1.0, Some(3.0))
    );
    // As of 03-15, F3 is not yet due: F1 ✓, F2 ✗ → 1 / 2.
    let v = kpis("2026-Q1", "2026-03-15", &["rectification"]);
    assert_eq!(nums(kpi(&v, "rectification")), (r(0.5), 1.0, Some(2.0)));
}

#[test]
fn drills_executed_late_unexecuted_and_over_rto() {
    let v = kpis("2026-Q1", "2026-03-31", &[]);
    // Scheduled in Q1: DRL-001 (03-20, executed 03-20 ✓), DRL-002 (02-10, executed 02-12 ✗),
    // DRL-003 (03-25, never executed ✗); DRL-004 is scheduled 05-10. → 1 / 3.
    assert_eq!(
        nums(kpi(&v, "drill_execution")),
        (r(1.0 / 3.0), 1.0, Some(3.0))
    );
    // Executed in Q1: DRL-001 passed, recovered in 1.5 h ≤ RTO 4 h, lost 10 m ≤ RPO 15 m ✓;
    // DRL-002 passed but recovered in 5 h > 4 h ✗. → 1 / 2. core2 has no passed drill.
    let p = kpi(&v, "drill_pass");
    assert_eq!(nums(p), (r(0.5), 1.0, Some(2.0)));
    assert_eq!(
        p["extra"]["core_without_passed_drill"],
        serde_json::json!(["core2"])
    );
}

#[test]
fn appraisals_past_due_and_goals() {
    let v = kpis("2026-Q1", "2026-03-31", &[]);
    // Due in Q1: APR-001 (03-31, result 03-25 ✓), APR-002 (02-28, no result, past due ✗),
    // APR-003 (03-15, result 03-20 ✗). → 1 / 3.
    assert_eq!(
        nums(kpi(&v, "appraisal_execution")),
        (r(1.0 / 3.0), 1.0, Some(3.0))
    );
    // Results in Q1: APR-001 scores 80, 50 → 1 of 2 ≥ 60; APR-003 scores 90, 60, 59 → 2 of 3.
    // → 3 / 5.
    assert_eq!(nums(kpi(&v, "goal_completion")), (r(0.6), 3.0, Some(5.0)));
}

#[test]
fn satisfaction_and_a_period_without_surveys() {
    let v = kpis("2026-Q1", "2026-03-31", &[]);
    // Team survey 02-20: {5: 3, 4: 5, 3: 2} → top two boxes 8 / 10, mean (15 + 20 + 6) / 10 = 4.1.
    let e = kpi(&v, "employee_satisfaction");
    assert_eq!(nums(e), (r(0.8), 8.0, Some(10.0)));
    assert!(close(e["extra"]["mean"].as_f64().unwrap(), 4.1));
    // Business survey 03-10: {5: 10, 4: 6, 3: 3, 2: 1} → 16 / 20; mean 85 / 20 = 4.25.
    let b = kpi(&v, "business_satisfaction");
    assert_eq!(nums(b), (r(0.8), 16.0, Some(20.0)));
    assert_eq!(b["extra"]["mean"], 4.25);
    // April has no survey: 0/0 is n/a (null), never 0% or 100%.
    let april = kpis("2026-04", "2026-04-30", &["employee_satisfaction"]);
    let e = kpi(&april, "employee_satisfaction");
    assert_eq!(e["value"], Value::Null);
    assert_eq!(e["verdict"], "n/a");
}

#[test]
fn plan_items_done_late_open_and_dropped() {
    // Due in Q1: I1 (01-31, done 01-30 ✓), I2 (02-28, done 03-05 ✗), I3 (03-31, doing ✗);
    // I4 is dropped, I5 due 06-30. → 1 / 3.
    let v = kpis("2026-Q1", "2026-03-31", &["plan_completion"]);
    assert_eq!(
        nums(kpi(&v, "plan_completion")),
        (r(1.0 / 3.0), 1.0, Some(3.0))
    );
}

#[test]
fn explain_accounts_for_every_record_of_the_kind() {
    let v = kpis(
        "2026-03",
        "2026-03-31",
        &["repair_timeliness", "availability", "--explain"],
    );
    for key in ["repair_timeliness", "availability"] {
        let ids: Vec<&str> = kpi(&v, key)["explain"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        for n in 1..=8 {
            let id = format!("INC-2026-{n:04}");
            assert!(
                ids.contains(&id.as_str()),
                "{key}: {id} missing from {ids:?}"
            );
        }
    }
    let table = itc(
        &fixture("kpi"),
        &[
            "--lang",
            "en",
            "kpi",
            "repair_timeliness",
            "--period",
            "2026-03",
            "--as-of",
            "2026-03-31",
            "--explain",
        ],
    );
    let text = stdout(&table);
    assert!(
        text.contains("INC-2026-0004 [left out] planned maintenance, not a fault"),
        "{text}"
    );
    assert!(
        text.contains("INC-2026-0005 [left out] not restored, deadline not yet reached"),
        "{text}"
    );
    assert!(
        text.contains("INC-2026-0006 [0/1] not restored and past its P2 deadline: late"),
        "{text}"
    );
}

#[test]
fn report_formats_and_fail_on_missed() {
    let dir = fixture("kpi");
    let base = [
        "--lang",
        "en",
        "kpi",
        "--period",
        "2026-Q1",
        "--as-of",
        "2026-03-31",
    ];
    let table = itc(&dir, &base);
    assert_eq!(code(&table), 0);
    let text = stdout(&table);
    assert!(text.contains("availability"), "{text}");
    assert!(text.contains("66.66%"), "2/3 truncated: {text}");
    let zh = stdout(&itc(
        &dir,
        &["kpi", "--period", "2026-Q1", "--as-of", "2026-03-31"],
    ));
    assert!(
        zh.contains("故障修复及时率") && zh.contains("未达标"),
        "{zh}"
    );
    let mut args = base.to_vec();
    args.extend(["--format", "csv"]);
    let csv = stdout(&itc(&dir, &args));
    assert!(csv.starts_with("key,name,group,value,numerator,denominator,target,verdict\n"));
    assert_eq!(csv.lines().count(), 18);
    let mut args = base.to_vec();
    args.extend(["--format", "md"]);
    assert!(stdout(&itc(&dir, &args)).contains("| `cost_control` |"));
    let mut args = base.to_vec();
    args.push("--fail-on-missed");
    assert_eq!(code(&itc(&dir, &args)), 1);
    let met = [
        "kpi",
        "backup_success",
        "--period",
        "2026-Q1",
        "--as-of",
        "2026-03-31",
        "--fail-on-missed",
    ];
    assert_eq!(code(&itc(&dir, &met)), 0, "58/59 meets 0.98");
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let v = kpis("2026-Q1", "2026-03-31", &["--by", "month"]);
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["period", "kpis"]);
    assert_eq!(
        v["period"],
        serde_json::json!({"label": "2026-Q1", "start": "2026-01-01", "end": "2026-04-01", "as_of": "2026-04-01T00:00:00+08:00"})
    );
    let kpis = v["kpis"].as_array().unwrap();
    assert_eq!(kpis.len(), 17);
    for k in kpis {
        let keys: Vec<&String> = k.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "key",
                "name",
                "value",
                "numerator",
                "denominator",
                "target",
                "verdict",
                "groups",
                "extra",
                "left_out",
                "incomplete",
                "na_reason"
            ]
        );
        for item in k["left_out"].as_array().unwrap() {
            let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["id", "code"]);
        }
    }
    let group = &kpi(&v, "backup_success")["groups"][0];
    let keys: Vec<&String> = group.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["group", "value", "numerator", "denominator"]);
}

#[test]
fn periods_as_of_and_usage_errors() {
    let dir = fixture("kpi");
    // The default period is the quarter of "now" (ITC_TODAY).
    let out = Itc::new(&dir)
        .args(["kpi", "--format", "json", "security_incidents"])
        .today("2026-02-20")
        .run();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["period"]["label"], "2026-Q1");
    assert_eq!(
        v["period"]["as_of"], "2026-02-21T00:00:00+08:00",
        "min(now, period end)"
    );
    // A range: both ends inclusive as written.
    let v = kpis("2026-02..2026-03-10", "2026-12-31", &["security_incidents"]);
    assert_eq!(v["period"]["end"], "2026-03-11");
    assert_eq!(kpi(&v, "security_incidents")["value"], 1.0);
    for bad in [
        vec!["kpi", "--period", "2026-Q5"],
        vec!["kpi", "availabilty"],
        vec!["kpi", "--as-of", "soon"],
    ] {
        let out = itc(&dir, &bad);
        assert_eq!(code(&out), 2, "{bad:?}");
    }
    assert!(
        stderr(&itc(&dir, &["--lang", "en", "kpi", "availabilty"]))
            .contains("did you mean `availability`?")
    );
    assert!(stderr(&itc(&dir, &["kpi", "availabilty"])).contains("是否想写 `availability`"));
}

#[test]
fn the_demo_year_has_all_seventeen_kpis() {
    let out = itc(
        &demo(),
        &[
            "kpi",
            "--period",
            "2026",
            "--as-of",
            "2026-12-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 0);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kpis = v["kpis"].as_array().unwrap();
    assert_eq!(kpis.len(), 17);
    for k in kpis {
        let value = k["value"]
            .as_f64()
            .unwrap_or_else(|| panic!("{} is n/a over the demo year", k["key"]));
        if k["key"] != "security_incidents" {
            assert!((0.0..=1.5).contains(&value), "{}: {value}", k["key"]);
        }
    }
}

#[test]
fn kpis_warn_when_records_have_errors() {
    let dir = temp_copy(&fixture("kpi"));
    let quiet = itc(
        dir.path(),
        &[
            "--lang",
            "en",
            "kpi",
            "--period",
            "2026-Q1",
            "--as-of",
            "2026-03-31",
        ],
    );
    assert_eq!(stderr(&quiet), "", "a valid repository gives no note");
    let path = dir.path().join("incidents/INC-2026-0001.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "restored_at = 2026-03-10T12:00:00+08:00",
        "restored_at = 2026-03-09T12:00:00+08:00",
    );
    std::fs::write(&path, text).unwrap();
    let out = itc(
        dir.path(),
        &[
            "--lang",
            "en",
            "kpi",
            "--period",
            "2026-Q1",
            "--as-of",
            "2026-03-31",
        ],
    );
    assert_eq!(code(&out), 0);
    assert!(
        stderr(&out).contains("1 record(s) have errors, which may skew the KPIs"),
        "{}",
        stderr(&out)
    );
}

/// A temporary repository with the fixture's itc.toml (with `extra` appended) and the given
/// record files.
fn repo_with(extra: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let config = std::fs::read_to_string(fixture("kpi").join("itc.toml")).unwrap();
    std::fs::write(dir.path().join("itc.toml"), config + extra).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn kpis_in(dir: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec!["--lang", "en", "kpi", "--format", "json", "--explain"];
    all.extend_from_slice(args);
    let out = itc(dir, &all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn reason<'a>(k: &'a Value, id: &str) -> &'a str {
    k["explain"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"].as_str().unwrap().starts_with(id))
        .unwrap_or_else(|| panic!("{id} not explained: {k}"))["reason"]
        .as_str()
        .unwrap()
}

const HEAD: &str = "stage = \"x\"\nowner = \"a\"\ntitle = \"t\"\n";

#[test]
fn work_done_before_its_deadline_counts_even_when_the_deadline_is_after_as_of() {
    // Deadlines on 03-20, in 2026-Q1; as of the end of 02-28 they have not passed. Each kind has
    // one item done on 02-10 (counts 1/1, on time) and one not done (left out: not yet due).
    let dir = repo_with(
        "",
        &[
            (
                "projects/PRJ-2026-001.toml",
                &format!(
                    "id = \"PRJ-2026-001\"\n{HEAD}planned_end = 2026-03-20\n[acceptance]\nat = 2026-02-10\naccepted_on = 2026-02-10\n"
                ),
            ),
            (
                "projects/PRJ-2026-002.toml",
                &format!("id = \"PRJ-2026-002\"\n{HEAD}planned_end = 2026-03-20\n"),
            ),
            (
                "appraisals/APR-2026-001.toml",
                &format!(
                    "id = \"APR-2026-001\"\n{HEAD}due_on = 2026-03-20\n[result]\nat = 2026-02-10\n"
                ),
            ),
            (
                "appraisals/APR-2026-002.toml",
                &format!("id = \"APR-2026-002\"\n{HEAD}due_on = 2026-03-20\n"),
            ),
            (
                "drills/DRL-2026-001.toml",
                &format!(
                    "id = \"DRL-2026-001\"\n{HEAD}scheduled_on = 2026-03-20\n[executed]\nat = 2026-02-10\nstarted_at = 2026-02-10T10:00:00+08:00\n"
                ),
            ),
            (
                "drills/DRL-2026-002.toml",
                &format!("id = \"DRL-2026-002\"\n{HEAD}scheduled_on = 2026-03-20\n"),
            ),
            (
                "security/SEC-2026-Q1.toml",
                &format!(
                    "id = \"SEC-2026-Q1\"\n{HEAD}[inspection]\nat = 2026-01-10\nfindings = [{{ finding = \"f1\", level = \"low\", due = 2026-03-20, fixed_on = 2026-02-10 }}, {{ finding = \"f2\", level = \"low\", due = 2026-03-20 }}]\n"
                ),
            ),
            (
                "plans/PLN-2026-001.toml",
                &format!(
                    "id = \"PLN-2026-001\"\n{HEAD}[drafting]\nat = 2026-01-02\nitems = [{{ item = \"i1\", owner = \"a\", due = 2026-03-20, status = \"done\", done_on = 2026-02-10 }}, {{ item = \"i2\", owner = \"a\", due = 2026-03-20, status = \"doing\" }}]\n[execution]\nat = 2026-01-05\n"
                ),
            ),
        ],
    );
    let v = kpis_in(
        dir.path(),
        &["--period", "2026-Q1", "--as-of", "2026-02-28"],
    );
    for key in [
        "on_time_delivery",
        "appraisal_execution",
        "drill_execution",
        "rectification",
        "plan_completion",
    ] {
        let k = kpi(&v, key);
        assert_eq!(nums(k), (r(1.0), 1.0, Some(1.0)), "{key}: {k}");
    }
    let k = kpi(&v, "on_time_delivery");
    assert_eq!(
        reason(k, "PRJ-2026-001"),
        "accepted 2026-02-10, by 2026-03-20"
    );
    assert_eq!(reason(k, "PRJ-2026-002"), "due 2026-03-20, not yet due");
    // Once the deadline has passed, the one not done is missed: 1/2 each.
    let v = kpis_in(
        dir.path(),
        &["--period", "2026-Q1", "--as-of", "2026-03-20"],
    );
    for key in ["on_time_delivery", "appraisal_execution", "drill_execution"] {
        assert_eq!(nums(kpi(&v, key)), (r(0.5), 1.0, Some(2.0)), "{key}");
    }
}

#[test]
fn as_of_a_date_is_the_start_of_the_next_day_and_nothing_from_then_has_happened() {
    // --as-of 2026-02-27 is 2026-02-28T00:00. Everything below is dated 02-28 or stamped
    // 02-28T00:00, so as of 02-27 nothing has happened (0/0 = n/a, no security incident), and
    // as of 02-28 all of it has.
    let dir = repo_with(
        "",
        &[
            // P1, 4 h: occurred 02-28 00:00, restored 03:00 (3 h): in time.
            (
                "incidents/INC-2026-0001.toml",
                &format!(
                    "id = \"INC-2026-0001\"\n{HEAD}system = \"core1\"\nseverity = \"P1\"\ncategory = \"security\"\nsecurity_level = \"III\"\n[report]\nat = 2026-02-28T00:00:00+08:00\noccurred_at = 2026-02-28T00:00:00+08:00\n[handling]\nat = 2026-02-28T00:00:00+08:00\nrestored_at = 2026-02-28T03:00:00+08:00\n"
                ),
            ),
            (
                "projects/PRJ-2026-001.toml",
                &format!(
                    "id = \"PRJ-2026-001\"\n{HEAD}budget = 100\nplanned_end = 2026-02-28\n[acceptance]\nat = 2026-02-28\naccepted_on = 2026-02-28\nactual_cost = 90\n"
                ),
            ),
            (
                "surveys/SUR-2026-001.toml",
                &format!(
                    "id = \"SUR-2026-001\"\n{HEAD}audience = \"team\"\nresponses = {{ \"5\" = 4, \"3\" = 1 }}\n[conducted]\nat = 2026-02-28\n"
                ),
            ),
            (
                "data/DAT-2026-001.toml",
                &format!(
                    "id = \"DAT-2026-001\"\n{HEAD}[cleansing]\nat = 2026-02-20\nrecords_in = 100\nrecords_rejected = 5\nduplicates_removed = 5\n[storage]\nat = 2026-02-28T00:00:00+08:00\n"
                ),
            ),
            (
                "appraisals/APR-2026-001.toml",
                &format!(
                    "id = \"APR-2026-001\"\n{HEAD}due_on = 2026-02-28\n[review]\nat = 2026-02-20\nscores = [{{ goal = \"g\", score = 70 }}]\n[result]\nat = 2026-02-28\n"
                ),
            ),
        ],
    );
    let before = kpis_in(
        dir.path(),
        &["--period", "2026-02", "--as-of", "2026-02-27"],
    );
    assert_eq!(before["period"]["as_of"], "2026-02-28T00:00:00+08:00");
    for key in [
        "repair_timeliness",
        "acceptance_pass",
        "cost_control",
        "employee_satisfaction",
        "data_quality",
        "goal_completion",
        "on_time_delivery",
        "appraisal_execution",
    ] {
        assert_eq!(kpi(&before, key)["value"], Value::Null, "{key}");
    }
    assert_eq!(kpi(&before, "security_incidents")["value"], 0.0);
    assert_eq!(
        kpi(&before, "repair_timeliness")["extra"]["mttr_mean_s"],
        Value::Null
    );
    let after = kpis_in(
        dir.path(),
        &["--period", "2026-02", "--as-of", "2026-02-28"],
    );
    // Restored 3 h after it occurred (02-28 00:00 → 03:00), within 4 h: 1/1, MTTR 10 800 s.
    assert_eq!(
        nums(kpi(&after, "repair_timeliness")),
        (r(1.0), 1.0, Some(1.0))
    );
    assert_eq!(
        kpi(&after, "repair_timeliness")["extra"]["mttr_mean_s"],
        10_800.0
    );
    assert_eq!(
        nums(kpi(&after, "acceptance_pass")),
        (r(1.0), 1.0, Some(1.0))
    );
    // 90 / 100.
    assert_eq!(
        nums(kpi(&after, "cost_control")),
        (r(0.9), 90.0, Some(100.0))
    );
    // Top two boxes of a 5-point scale: 4 of 5.
    assert_eq!(
        nums(kpi(&after, "employee_satisfaction")),
        (r(0.8), 4.0, Some(5.0))
    );
    // 100 in, 10 out: 90 / 100.
    assert_eq!(
        nums(kpi(&after, "data_quality")),
        (r(0.9), 90.0, Some(100.0))
    );
    assert_eq!(
        nums(kpi(&after, "goal_completion")),
        (r(1.0), 1.0, Some(1.0))
    );
    assert_eq!(kpi(&after, "security_incidents")["value"], 1.0);
    // An instant as-of works the same way: at 02-28T03:00 the restoration has not happened.
    let at = kpis_in(
        dir.path(),
        &[
            "--period",
            "2026-02",
            "--as-of",
            "2026-02-28T03:00:00+08:00",
        ],
    );
    assert_eq!(kpi(&at, "repair_timeliness")["value"], Value::Null);
    assert_eq!(
        reason(kpi(&at, "repair_timeliness"), "INC-2026-0001"),
        "not restored, deadline not yet reached"
    );
}

#[test]
fn acceptance_after_the_period_end_is_not_counted_by_the_tolerance() {
    // tolerance_days = 3: PRJ-001's planned end 03-31 may be met until 04-03. It was accepted
    // on 04-01, the first day after 2026-Q1, whose as-of is 04-01 00:00: not yet accepted and
    // not yet late, so left out (0/0). PRJ-002, accepted 03-31, counts 1/1.
    let dir = repo_with(
        "\n[kpi]\ntolerance_days = 3\n",
        &[
            (
                "projects/PRJ-2026-001.toml",
                &format!(
                    "id = \"PRJ-2026-001\"\n{HEAD}planned_end = 2026-03-31\n[acceptance]\nat = 2026-04-01\naccepted_on = 2026-04-01\n"
                ),
            ),
            (
                "projects/PRJ-2026-002.toml",
                &format!(
                    "id = \"PRJ-2026-002\"\n{HEAD}planned_end = 2026-03-31\n[acceptance]\nat = 2026-03-31\naccepted_on = 2026-03-31\n"
                ),
            ),
        ],
    );
    let v = kpis_in(
        dir.path(),
        &["--period", "2026-Q1", "--as-of", "2026-12-31"],
    );
    let k = kpi(&v, "on_time_delivery");
    assert_eq!(nums(k), (r(1.0), 1.0, Some(1.0)));
    assert_eq!(reason(k, "PRJ-2026-001"), "due 2026-04-03, not yet due");
}

#[test]
fn cost_lines_are_compared_exactly_and_over_means_strictly_over() {
    // Defaults: warn over 15 %, limit over 20 %. 12 → 13.8 is exactly +15 %: not listed.
    // 9 → 10.8 is exactly +20 %: over 15 %, not over 20 %: warn. 10 → 12.01 is +20.1 %: limit.
    let project = |n: u32, budget: &str, actual: &str| {
        format!(
            "id = \"PRJ-2026-00{n}\"\n{HEAD}budget = {budget}\n[acceptance]\nat = 2026-02-10\naccepted_on = 2026-02-10\nactual_cost = {actual}\n"
        )
    };
    let dir = repo_with(
        "",
        &[
            ("projects/PRJ-2026-001.toml", &project(1, "12", "13.8")),
            ("projects/PRJ-2026-002.toml", &project(2, "9", "10.8")),
            ("projects/PRJ-2026-003.toml", &project(3, "10.0", "12.01")),
        ],
    );
    let v = kpis_in(
        dir.path(),
        &["--period", "2026-Q1", "--as-of", "2026-03-31"],
    );
    let c = kpi(&v, "cost_control");
    // (13.8 + 10.8 + 12.01) / (12 + 9 + 10) = 36.61 / 31.
    assert!(close(c["numerator"].as_f64().unwrap(), 36.61));
    assert_eq!(c["denominator"], 31.0);
    let over: Vec<(&str, &str)> = c["extra"]["over_budget"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["level"].as_str().unwrap()))
        .collect();
    assert_eq!(over, [("PRJ-2026-002", "warn"), ("PRJ-2026-003", "limit")]);
}

#[test]
fn periodic_checks_count_once_their_own_period_has_ended_by_as_of() {
    // 2026-Q2 as of the end of 05-10 (05-11 00:00): the April check has ended and counts;
    // May and June have not ended (not counted, and --explain says so); July is not within Q2.
    let bak = |n: u32, period: &str, jobs: u32, ok: u32| {
        format!(
            "id = \"BAK-2026-00{n}\"\n{HEAD}system = \"core1\"\nperiod = \"{period}\"\njobs = {jobs}\nsucceeded = {ok}\nrestore_tests = 2\nrestores_succeeded = 1\n[verified]\nat = 2026-05-01\n"
        )
    };
    let dir = repo_with(
        "",
        &[
            ("backups/BAK-2026-001.toml", &bak(1, "2026-04", 30, 29)),
            ("backups/BAK-2026-002.toml", &bak(2, "2026-05", 31, 31)),
            ("backups/BAK-2026-003.toml", &bak(3, "2026-06", 30, 30)),
            ("backups/BAK-2026-004.toml", &bak(4, "2026-07", 31, 31)),
        ],
    );
    let v = kpis_in(
        dir.path(),
        &["--period", "2026-Q2", "--as-of", "2026-05-10"],
    );
    let b = kpi(&v, "backup_success");
    assert_eq!(nums(b), (r(29.0 / 30.0), 29.0, Some(30.0)));
    assert_eq!(nums(kpi(&v, "restore_success")), (r(0.5), 1.0, Some(2.0)));
    for id in ["BAK-2026-002", "BAK-2026-003"] {
        assert!(
            reason(b, id).contains("has not ended by as-of"),
            "{id}: {}",
            reason(b, id)
        );
    }
    assert_eq!(
        reason(b, "BAK-2026-004"),
        "its period 2026-07 is not within the KPI period"
    );
    // As of the end of 06-30 all three of Q2 have ended: 29 + 31 + 30 / 30 + 31 + 30.
    let v = kpis_in(
        dir.path(),
        &["--period", "2026-Q2", "--as-of", "2026-06-30"],
    );
    assert_eq!(
        nums(kpi(&v, "backup_success")),
        (r(90.0 / 91.0), 90.0, Some(91.0))
    );
}

/// Without `--explain`, reasons are not worded (they would be dropped unread): every number, group
/// and verdict must still be what the explained run gives, for every KPI, period and breakdown.
#[test]
fn unexplained_kpis_equal_the_explained_ones_but_for_the_items() {
    for dir in [fixture("kpi"), demo()] {
        for (period, as_of) in [
            ("2026-03", "2026-03-31"),
            ("2026-Q1", "2026-02-15"),
            ("2026", "2026-12-31"),
        ] {
            for by in [
                None,
                Some("system"),
                Some("severity"),
                Some("owner"),
                Some("month"),
            ] {
                let mut args = vec![
                    "--lang", "en", "kpi", "--period", period, "--as-of", as_of, "--format", "json",
                ];
                if let Some(by) = by {
                    args.extend(["--by", by]);
                }
                let plain = itc(&dir, &args);
                args.push("--explain");
                let explained = itc(&dir, &args);
                assert_eq!(code(&plain), 0, "{}", stderr(&plain));
                let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
                let mut explained: Value = serde_json::from_slice(&explained.stdout).unwrap();
                let kpis = explained["kpis"].as_array_mut().unwrap();
                assert_eq!(kpis.len(), 17);
                for k in kpis.iter_mut() {
                    let items = k.as_object_mut().unwrap().remove("explain");
                    assert!(items.is_some_and(|i| i.is_array()), "{k}");
                }
                assert_eq!(plain, explained, "{} {period} {by:?}", dir.display());
            }
        }
    }
}

#[test]
fn kpi_refuses_while_a_target_is_refused() {
    // 99.9 would make every availability "missed": kpi computes nothing until itc.toml is
    // fixed, and shows the finding (exit 2), rather than judge against a wrong target.
    let dir = fixture("targets");
    let out = itc(
        &dir,
        &[
            "--lang",
            "en",
            "kpi",
            "availability",
            "--period",
            "2026",
            "--as-of",
            "2026-12-31",
            "--format",
            "json",
            "--fail-on-missed",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("E0804"), "{}", stderr(&out));
    assert!(stderr(&out).contains("itc.toml:12:16"), "{}", stderr(&out));
}

#[test]
fn relative_periods_are_the_periods_they_stand_for() {
    let run = |args: &[&str], today: &str| {
        let out = itc_with(&demo(), args, &[("ITC_TODAY", today)], None);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    for (relative, absolute, today) in [
        ("last-quarter", "2026-Q3", "2026-11-30"),
        ("this-quarter", "2026-Q4", "2026-11-30"),
        ("last-month", "2026-10", "2026-11-30"),
        ("this-month", "2026-11", "2026-11-30"),
        ("this-year", "2026", "2026-11-30"),
        ("last-year", "2025", "2026-11-30"),
        ("ytd", "2026-01-01..2026-11-30", "2026-11-30"),
        ("last-month", "2025-12", "2026-01-10"),
    ] {
        let kpi = |p: &str| run(&["kpi", "--period", p, "--format", "json"], today);
        let list = |p: &str| run(&["-q", "list", "--period", p], today);
        assert_eq!(kpi(relative), kpi(absolute), "kpi {relative} at {today}");
        assert_eq!(list(relative), list(absolute), "list {relative} at {today}");
    }
    // --as-of is today too, and beats ITC_TODAY.
    let a = run(
        &[
            "kpi",
            "--as-of",
            "2026-06-30",
            "--period",
            "last-quarter",
            "--format",
            "json",
        ],
        "2026-11-30",
    );
    let b = run(
        &[
            "kpi",
            "--as-of",
            "2026-06-30",
            "--period",
            "2026-Q1",
            "--format",
            "json",
        ],
        "2026-11-30",
    );
    assert_eq!(a, b);
    assert!(!run(&["-q", "list", "--period", "last-month"], "2026-11-30").is_empty());
    let out = at_noon(&demo(), &["kpi", "--period", "next-month"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("last-month"), "{}", stderr(&out));
}

#[test]
fn kpi_refuses_a_broken_itc_toml() {
    let dir = temp_copy(&fixture("kpi"));
    let path = dir.path().join("itc.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[org\n");
    std::fs::write(&path, text).unwrap();
    let args = [
        "--lang",
        "en",
        "kpi",
        "--period",
        "2026-Q1",
        "--as-of",
        "2026-03-31",
        "--fail-on-missed",
    ];
    let out = itc_within(dir.path(), &args, 30, false);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "no KPIs: {}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("error[E0101]"), "{err}");
    assert!(err.contains("--> itc.toml:"), "{err}");
    assert!(err.contains("itc.toml has 1 error(s)"), "{err}");
    let zh = itc_within(dir.path(), &args[2..], 30, false);
    assert_eq!(code(&zh), 2);
    assert!(
        stderr(&zh).contains("itc.toml 有 1 处错误"),
        "{}",
        stderr(&zh)
    );
    // An invalid value (not a syntax error) refuses too.
    let dir = temp_copy(&fixture("kpi"));
    let text = std::fs::read_to_string(dir.path().join("itc.toml")).unwrap();
    std::fs::write(
        dir.path().join("itc.toml"),
        text.replace("timezone = \"+08:00\"", "timezone = \"Mars\""),
    )
    .unwrap();
    let out = itc_within(dir.path(), &args, 30, false);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn kpi_csv_has_one_header_in_every_language() {
    let csv = |lang: &str| {
        let out = itc(
            &demo(),
            &[
                "--lang", lang, "kpi", "--period", "2026", "--as-of", DEMO_NOW, "--by", "system",
                "--format", "csv",
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    let (zh, en) = (csv("zh"), csv("en"));
    let header = "key,name,group,value,numerator,denominator,target,verdict";
    assert_eq!(zh.lines().next(), Some(header));
    assert_eq!(en.lines().next(), Some(header));
    // Only the KPI's name is translated: every other cell is the same in both languages.
    let strip = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| {
                let mut cells: Vec<&str> = l.split(',').collect();
                cells.remove(1);
                cells.join(",")
            })
            .collect()
    };
    assert_eq!(strip(&zh), strip(&en));
    assert_ne!(zh, en);
}

/// The record ids of a kind folder of the demo (file stems).
fn demo_ids(folder: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![demo().join(folder)];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if let Some(stem) = p.file_stem().and_then(|s| s.to_str()) {
                out.push(stem.to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_record_of_a_kpis_kinds_is_counted_or_left_out_with_a_code() {
    let folders: &[(&str, &[&str])] = &[
        ("availability", &["incidents"]),
        ("repair_timeliness", &["incidents"]),
        ("backup_success", &["backups"]),
        ("restore_success", &["backups", "drills"]),
        ("data_quality", &["data"]),
        ("on_time_delivery", &["projects"]),
        ("acceptance_pass", &["projects"]),
        ("cost_control", &["projects"]),
        ("security_incidents", &["incidents"]),
        ("rectification", &["security"]),
        ("drill_execution", &["drills"]),
        ("drill_pass", &["drills"]),
        ("appraisal_execution", &["appraisals"]),
        ("goal_completion", &["appraisals"]),
        ("employee_satisfaction", &["surveys"]),
        ("business_satisfaction", &["surveys"]),
        ("plan_completion", &["plans"]),
    ];
    for period in ["2026-Q3", "2027"] {
        let out = itc(
            &demo(),
            &[
                "--lang",
                "en",
                "kpi",
                "--period",
                period,
                "--as-of",
                "2026-12-31",
                "--format",
                "json",
                "--explain",
            ],
        );
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        for (key, dirs) in folders {
            let k = kpi(&v, key);
            // Record ids, without the part of a goal, finding or plan item (`#2 name`).
            let seen: Vec<&str> = k["explain"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().split('#').next().unwrap())
                .collect();
            for id in dirs.iter().flat_map(|d| demo_ids(d)) {
                assert!(
                    seen.contains(&id.as_str()),
                    "{period} {key}: {id} unaccounted"
                );
            }
            // Every item left out has a code, in `left_out` as in `explain`.
            let left = k["left_out"].as_array().unwrap();
            let explained_out = k["explain"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["counted"] == false && i["evidence"] == false)
                .count();
            assert_eq!(left.len(), explained_out, "{period} {key}");
            assert!(
                left.iter()
                    .all(|i| i["code"].as_str().is_some_and(|c| !c.is_empty()))
            );
        }
    }
}
