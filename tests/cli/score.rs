//! `itc score`: the scorecard weighed by hand. Every figure below is computed in its comment
//! from the demo's KPIs over 2026 as `itc kpi --period 2026` gives them (numerator/denominator)
//! and from the manager's appraisal APR-2026-010; the cards are written into a copy of the demo.

use std::path::Path;

use serde_json::Value;

use crate::escapes::{copy, record, run};
use crate::support::{code, findings, itc_en, new_repo, replace_in, stderr, stdout};

/// Where the demo's scorecard begins.
const MARK: &str = "# ---- 考核计分卡";

/// The demo's itc.toml with its `[scorecard]` replaced by `card` (a TOML fragment).
fn card(dir: &Path, card: &str) {
    let path = dir.join("itc.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let cut = text.find(MARK).expect("the demo has a scorecard");
    std::fs::write(&path, format!("{}{MARK}\n{card}", &text[..cut])).unwrap();
}

fn score(dir: &Path, period: &str) -> Value {
    let out = run(dir, &["score", "--period", period, "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn near(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((got - want).abs() < 1e-9, "{got} ≠ {want}");
}

/// One item of the card: `[[scorecard.items]]` with its lines.
fn item(category: &str, weight: u32, what: &str) -> String {
    format!("[[scorecard.items]]\ncategory = \"{category}\"\nweight = {weight}\n{what}\n")
}

#[test]
fn the_demo_scores_as_the_worked_example_of_docs() {
    let v = score(&crate::support::demo(), "2026");
    // Points of the 21 items (docs/scorecard.md, "A worked example"):
    // 规划的科学性 5 × 80/100 = 4; availability 99.92 % ≥ 99.9 %, above its floor range: 6;
    // backup 2050/2463 = 83.23 % < 99 % (December's and Q4's checks are missing at the year's
    // end and count as failed): 0; restore 43/45 ≥ 95 %: 4; security incidents 2 ≤ 2: 4;
    // data quality 5 × (177766/183210 − 0.9) / (0.98 − 0.9) = 4.39285…;
    // cost control 4 × (1.2 − 2538000/2300000) / (1.2 − 1.05) = 2.57391…;
    // 外部合作 4 × 85/100 = 3.4; 领导汇报 4 × 90/100 = 3.6; 创新能力 10 × 55/100 = 5.5;
    // every other KPI missed its target without a floor: 0.
    let dq = 5.0 * (177_766.0 / 183_210.0 - 0.9) / (0.98 - 0.9);
    let cost = 4.0 * (1.2 - 2_538_000.0 / 2_300_000.0) / (1.2 - 1.05);
    let points = 4.0 + 6.0 + 4.0 + 4.0 + dq + cost + 3.4 + 3.6 + 5.5;
    near(&v["total"], points);
    near(&v["scored_weight"], 100.0);
    assert_eq!(v["subject"], "chen.ming");
    let cats: Vec<(&str, f64, f64)> = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let (p, w) = (c["points"].as_f64().unwrap(), c["weight"].as_f64().unwrap());
            (c["category"].as_str().unwrap(), (p * 1e6).round() / 1e6, w)
        })
        .collect();
    let work = ((4.0 + 6.0 + 4.0 + 4.0 + dq + cost) * 1e6_f64).round() / 1e6;
    assert_eq!(
        cats,
        [
            ("work", work, 60.0),
            ("team", 0.0, 15.0),
            ("communication", 7.0, 15.0),
            ("innovation", 5.5, 10.0)
        ]
    );
    // The manual item's evidence is the appraisal's score line.
    let innovation = &v["items"][20];
    assert_eq!(innovation["item"], "创新能力");
    assert_eq!(innovation["evidence"][0]["id"], "APR-2026-010");
    assert_eq!(innovation["evidence"][0]["line"], 29);
    near(&innovation["points"], 5.5);
    // The human table says it in words: 37.47 of 100 weights scored.
    let out = run(&crate::support::demo(), &["score", "--period", "2026"]);
    assert!(
        stdout(&out).contains("total 37.47 (scored 100 of 100 weights)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_kpi_without_a_floor_is_all_or_nothing() {
    let dir = copy();
    // restore 43/45 = 95.55 % ≥ 95 %: all 30; repair 10/18 = 55.55 % < 95 %: 0 of 70.
    // Total 30 / 100 × 100 = 30.
    card(
        dir.path(),
        &format!(
            "[scorecard]\n{}{}",
            item("work", 30, "kpi = \"restore_success\""),
            item("work", 70, "kpi = \"repair_timeliness\"")
        ),
    );
    let v = score(dir.path(), "2026");
    near(&v["items"][0]["points"], 30.0);
    near(&v["items"][1]["points"], 0.0);
    near(&v["total"], 30.0);
}

#[test]
fn a_floor_scores_linearly_and_mirrored_for_a_maximum() {
    let dir = copy();
    // repair 10/18 with the floor at 0.5: 50 × (10/18 − 0.5) / (0.95 − 0.5) = 6.17283…
    // cost 2538000/2300000 = 110.35 % with the floor at 120 % above the target 105 %:
    // 50 × (1.2 − 1.10347…) / (1.2 − 1.05) = 32.17391…
    card(
        dir.path(),
        &format!(
            "[scorecard]\n{}{}",
            item("work", 50, "kpi = \"repair_timeliness\"\nfloor = 0.5"),
            item("work", 50, "kpi = \"cost_control\"\nfloor = 1.2")
        ),
    );
    let v = score(dir.path(), "2026");
    let repair = 50.0 * (10.0 / 18.0 - 0.5) / (0.95 - 0.5);
    let cost = 50.0 * (1.2 - 2_538_000.0 / 2_300_000.0) / (1.2 - 1.05);
    near(&v["items"][0]["points"], repair);
    near(&v["items"][1]["points"], cost);
    near(&v["items"][1]["floor"], 1.2);
    near(&v["total"], repair + cost);
}

#[test]
fn a_floor_is_clamped_at_both_ends() {
    let dir = copy();
    // repair 10/18 = 0.5555… lies below the floor 0.6: 0, not negative.
    // availability 99.92 % lies above its target 99.9 %: the full 40, not more.
    // cost 110.35 % lies above the floor 108 % of a maximum: 0 of 20, not negative.
    card(
        dir.path(),
        &format!(
            "[scorecard]\n{}{}{}",
            item("work", 40, "kpi = \"repair_timeliness\"\nfloor = 0.6"),
            item("work", 40, "kpi = \"availability\"\nfloor = 0.99"),
            item("work", 20, "kpi = \"cost_control\"\nfloor = 1.08")
        ),
    );
    let v = score(dir.path(), "2026");
    near(&v["items"][0]["points"], 0.0);
    near(&v["items"][1]["points"], 40.0);
    near(&v["items"][2]["points"], 0.0);
    near(&v["total"], 40.0);
}

#[test]
fn an_item_without_a_value_is_left_out_and_the_total_scaled() {
    let dir = copy();
    // backup_success has no target once [targets] loses it: not scored. restore 4/4 of 40
    // and 领导汇报 90 × 20 / 100 = 18: (40 + 18) / (40 + 20) × 100 = 96.666…, over 60 of
    // 100 weights.
    replace_in(&dir.path().join("itc.toml"), "backup_success = 0.99\n", "");
    card(
        dir.path(),
        &format!(
            "[scorecard]\n{}{}{}",
            item("work", 40, "kpi = \"restore_success\""),
            item("work", 40, "kpi = \"backup_success\""),
            item("communication", 20, "item = \"领导汇报\"")
        ),
    );
    let v = score(dir.path(), "2026");
    assert_eq!(v["items"][1]["points"], Value::Null);
    assert_eq!(v["items"][1]["reason"], "no_target");
    near(&v["scored_weight"], 60.0);
    near(&v["total"], 58.0 / 60.0 * 100.0);
    let out = run(dir.path(), &["score", "--period", "2026"]);
    assert!(
        stdout(&out).contains("scored 60 of 100 weights"),
        "{}",
        stdout(&out)
    );
    // A period before the records: every KPI is n/a, the manual item has no appraisal due in
    // it; nothing is scored and the total is n/a, not 0 nor 100.
    let v = score(dir.path(), "2025");
    assert_eq!(v["total"], Value::Null);
    near(&v["scored_weight"], 0.0);
    assert_eq!(v["items"][0]["reason"], "kpi_na");
    assert_eq!(v["items"][2]["reason"], "no_appraisal");
}

#[test]
fn a_manual_item_is_scored_from_the_subjects_appraisal_once_it_has_its_result() {
    let dir = copy();
    let only = |name: &str| format!("[scorecard]\n{}", item("innovation", 100, name));
    card(dir.path(), &only("item = \"领导汇报\""));
    // APR-2026-010 (chen.ming, due 2026-07-31) scores 领导汇报 90: 100 × 90 / 100 = 90.
    let v = score(dir.path(), "2026-H2");
    near(&v["total"], 90.0);
    assert_eq!(
        v["items"][0]["evidence"][0]["file"],
        "appraisals/2026/APR-2026-010.toml"
    );
    // Due in July: the first half has no appraisal of the manager for it.
    let v = score(dir.path(), "2026-H1");
    assert_eq!(v["items"][0]["reason"], "no_appraisal");
    // Another subject: the goal is the manager's, not theirs (li.wei's APR-2026-001 has its
    // result, without it).
    card(
        dir.path(),
        &format!(
            "[scorecard]\nsubject = \"li.wei\"\n{}",
            item("team", 100, "item = \"领导汇报\"")
        ),
    );
    assert_eq!(score(dir.path(), "2026")["items"][0]["reason"], "no_score");
    // A name that is no goal of the appraisal.
    card(dir.path(), &only("item = \"领导 汇报\""));
    assert_eq!(score(dir.path(), "2026")["items"][0]["reason"], "no_score");
}

#[test]
fn a_manual_item_without_a_score_is_not_scored() {
    let dir = copy();
    card(
        dir.path(),
        &format!(
            "[scorecard]\n{}{}",
            item("communication", 50, "item = \"领导汇报\""),
            item("innovation", 50, "item = \"创新能力\"")
        ),
    );
    // As of before the result (2026-07-17), the appraisal is in review: neither is scored.
    let out = crate::support::Itc::new(dir.path())
        .today("2026-07-10")
        .args([
            "--lang", "en", "score", "--period", "2026", "--format", "json",
        ])
        .run();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["items"][0]["reason"], "not_at_result");
    assert_eq!(v["total"], Value::Null);
    // At its result, without a score for 创新能力: only 领导汇报 is, 90 × 50 / 100 = 45 of 50
    // weights, 45 / 50 × 100 = 90.
    let apr = record(dir.path(), "APR-2026-010");
    replace_in(&apr, "  { goal = \"创新能力\", score = 55 },\n", "");
    let v = score(dir.path(), "2026");
    assert_eq!(v["items"][1]["reason"], "no_score");
    assert_eq!(v["items"][1]["points"], Value::Null);
    near(&v["total"], 90.0);
    // Scored by the manager themself: no evidence, nothing is scored.
    replace_in(
        &apr,
        "appraiser = \"liu.yang\"",
        "appraiser = \"chen.ming\"",
    );
    let v = score(dir.path(), "2026");
    assert_eq!(v["items"][0]["reason"], "self_appraised");
    assert_eq!(v["total"], Value::Null);
}

#[test]
fn check_refuses_a_broken_scorecard_at_its_lines() {
    let dir = copy();
    card(
        dir.path(),
        &format!(
            "[scorecard]\nsubject = \"nobody\"\n{}{}{}{}{}{}{}",
            item("work", 10, "kpi = \"availabilty\""),
            item("work", 10, "kpi = \"repair_timeliness\"\nfloor = 0.99"),
            item("work", 10, "kpi = \"cost_control\"\nfloor = 1.0"),
            item("team", 10, "item = \"领导汇报\""),
            item("team", 10, "item = \"领导汇报\""),
            item("team", 10, "kpi = \"backup_success\"\nitem = \"x\""),
            item("team", 10, "kpi = \"repair_timeliness\""),
        ),
    );
    let text = std::fs::read_to_string(dir.path().join("itc.toml")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The n-th line (1-based) holding `needle`.
    let line = |needle: &str, nth: usize| {
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .nth(nth - 1)
            .map(|(i, _)| i + 1)
            .unwrap()
    };
    let items_line = line("[[scorecard.items]]", 1);
    let out = itc_en(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let (found, _) = findings(&out);
    let mut got: Vec<(String, usize)> = found
        .iter()
        .filter(|f| f.file == "itc.toml")
        .map(|f| (f.code.clone(), f.line as usize))
        .collect();
    got.sort();
    // Weights 7 × 10 = 70, not 100 (E0820 at the first `[[scorecard.items]]`); the unknown
    // KPI; the floor 0.99 above the minimum 0.95 and 1.0 below the maximum 1.05 (E0822); the
    // second 领导汇报; both kpi and item (at its category); repair_timeliness twice; the subject.
    let mut want = vec![
        ("E0820".to_string(), items_line),
        ("E0821".into(), line("availabilty", 1)),
        ("E0822".into(), line("floor = 0.99", 1)),
        ("E0822".into(), line("floor = 1.0", 1)),
        ("E0824".into(), line("category = \"team\"", 2)),
        ("E0825".into(), line("category = \"team\"", 3)),
        ("E0826".into(), line("subject = \"nobody\"", 1)),
        ("E0828".into(), line("kpi = \"repair_timeliness\"", 2)),
    ];
    want.sort();
    assert_eq!(got, want);
    // `score` refuses a broken itc.toml rather than weigh it (exit 2, as `kpi` does).
    assert_eq!(code(&run(dir.path(), &["score", "--period", "2026"])), 2);
}

#[test]
fn check_refuses_a_floor_without_a_target_and_manual_items_without_a_subject() {
    let dir = copy();
    replace_in(&dir.path().join("itc.toml"), "data_quality = 0.98\n", "");
    replace_in(
        &dir.path().join("itc.toml"),
        "role = \"综合信息中心经理\"",
        "role = \"经理\"",
    );
    card(
        dir.path(),
        &format!(
            "[scorecard]\n{}{}",
            item("work", 50, "kpi = \"data_quality\"\nfloor = 0.9"),
            item("innovation", 50, "item = \"创新能力\"")
        ),
    );
    let (found, _) = findings(&itc_en(dir.path(), &["check", "--format", "json"]));
    let codes: Vec<&str> = found
        .iter()
        .filter(|f| f.file == "itc.toml")
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(codes, ["E0823", "E0827"], "{found:#?}");
    // A category outside the four is the config schema's refusal.
    card(
        dir.path(),
        &format!(
            "[scorecard]\nsubject = \"chen.ming\"\n{}",
            item("fun", 100, "item = \"x\"")
        ),
    );
    let (found, _) = findings(&itc_en(dir.path(), &["check", "--format", "json"]));
    let codes: Vec<&str> = found
        .iter()
        .filter(|f| f.file == "itc.toml")
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(codes, ["E0305"], "{found:#?}");
}

#[test]
fn score_weighs_the_values_kpi_gives() {
    // Each KPI item's value and target are those of `kpi --format json`, and its points the
    // formula over them: weight when met without a floor, linear with one.
    let demo = crate::support::demo();
    let s = score(&demo, "2026");
    let out = run(&demo, &["kpi", "--period", "2026", "--format", "json"]);
    let k: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut checked = 0;
    for i in s["items"].as_array().unwrap() {
        let Some(key) = i["kpi"].as_str() else {
            continue;
        };
        let kpi = k["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["key"] == key)
            .unwrap();
        assert_eq!(i["value"], kpi["value"], "{key}");
        assert_eq!(i["target"], kpi["target"], "{key}");
        let (w, v, t) = (
            i["weight"].as_f64().unwrap(),
            kpi["value"].as_f64().unwrap(),
            kpi["target"].as_f64().unwrap(),
        );
        let max = matches!(key, "cost_control" | "security_incidents");
        let want = match i["floor"].as_f64() {
            None => w * f64::from(u8::from(kpi["verdict"] == "met")),
            Some(f) if max => w * ((f - v) / (f - t)).clamp(0.0, 1.0),
            Some(f) => w * ((v - f) / (t - f)).clamp(0.0, 1.0),
        };
        near(&i["points"], want);
        checked += 1;
    }
    assert_eq!(checked, 17);
}

#[test]
fn the_report_shows_the_score_first() {
    let out = run(
        &crate::support::demo(),
        &["report", "--period", "2026", "--format", "md"],
    );
    let md = stdout(&out);
    let first = md.find("\n## ").unwrap();
    assert!(md[first..].starts_with("\n## Score\n"), "{md}");
    assert!(
        md.contains("total 37.47 (scored 100 of 100 weights)"),
        "{md}"
    );
    assert!(
        md.contains("| Innovation | 创新能力 | manual | 10 | 55 |"),
        "{md}"
    );
    assert!(
        md.contains("**The total over the last twelve months**"),
        "{md}"
    );
}

#[test]
fn score_speaks_chinese_and_markdown_and_explains() {
    let demo = crate::support::demo();
    let out = crate::support::Itc::new(&demo)
        .today("2026-12-31")
        .args(["score", "--period", "2026"])
        .run();
    assert!(
        stdout(&out).contains("总分 37.47(已计分权重 100 / 100)"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("创新能力"));
    let md = stdout(&run(
        &demo,
        &["score", "--period", "2026", "--format", "md"],
    ));
    assert!(
        md.contains("**total 37.47 (scored 100 of 100 weights)**"),
        "{md}"
    );
    let ex = stdout(&run(&demo, &["score", "--period", "2026", "--explain"]));
    assert!(ex.contains("\nData quality (data_quality)\n"), "{ex}");
}

#[test]
fn without_a_scorecard_score_says_how_to_get_one() {
    let dir = copy();
    card(dir.path(), "");
    let out = run(dir.path(), &["score"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("[scorecard]"), "{}", stderr(&out));
}

#[test]
fn init_writes_a_default_card_of_the_seventeen_kpis_and_four_manual_items() {
    for lang in ["zh", "en"] {
        let dir = new_repo(lang, "toml");
        let out = itc_en(dir.path(), &["check"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let out = run(
            dir.path(),
            &["score", "--period", "2026", "--format", "json"],
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let items = v["items"].as_array().unwrap();
        let kpis = items.iter().filter(|i| i["kpi"].is_string()).count();
        let manual: Vec<&str> = items.iter().filter_map(|i| i["item"].as_str()).collect();
        assert_eq!(kpis, 17);
        assert_eq!(manual, ["规划的科学性", "外部合作", "领导汇报", "创新能力"]);
        near(&v["weight"], 100.0);
        assert_eq!(v["categories"].as_array().unwrap().len(), 4);
        assert_eq!(v["subject"], "manager");
    }
}
