//! `itc show` shows the record: every field with its label in the output language, the stage
//! sections in the order of the stages with the timeline, what it needs next, what is overdue,
//! every deadline with its standing. A short id names one record, or lists its candidates.

use serde_json::Value;

use crate::support::*;

fn show(dir: &std::path::Path, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--as-of", "2026-11-30"]);
    let o = itc(dir, &all);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o)
}

/// The position of each needle in the text, which must hold them all.
fn positions(text: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            text.find(n)
                .unwrap_or_else(|| panic!("no `{n}` in\n{text}"))
        })
        .collect()
}

#[test]
fn show_gives_every_field_with_its_label_and_the_stages_in_order() {
    let text = show(&demo(), &["--lang", "zh", "show", "PRJ-2026-003"]);
    let at = positions(
        &text,
        &[
            "类别 信息化项目 · 阶段 项目监控 (monitoring) · 责任人 wang.wu",
            "\n字段:\n",
            "  需求部门 (department): 办公室\n",
            "  预算 (budget): 600000\n",
            "  计划完成日期 (planned_end): 2026-10-31\n",
            "  基线变更 (baseline_changes):\n    1. 变更日期: 2026-06-15 · 原日期: 2026-09-30 · 新日期: 2026-10-31 · 原因: 国产数据库适配延期 · 批准人: chen.ming\n",
            "\n阶段(按流程顺序):\n",
            "  ✓ 项目立项 (initiation) 2026-01-15 00:00 · 36 天\n      业务需求 (requirement): OA 迁移至国产操作系统与数据库\n",
            "  ✓ 项目选型 (selection) 2026-02-20 00:00",
            "      候选供应商 (candidates): 原厂升级, 己软件\n",
            "  ✓ 项目实施 (implementation)",
            "  ▶ 项目监控 (monitoring) 2026-04-10 00:00",
            "        2. 日期: 2026-09-30 · 进度(%): 75 · 已支出: 450000\n",
            "  · 项目验收 (acceptance)\n",
            "进入下一阶段前需要 项目验收 (acceptance):",
            "期限:",
            "逾期: 未验收,计划完成日期 2026-10-31 已过",
        ],
    );
    assert!(at.windows(2).all(|w| w[0] < w[1]), "out of order: {at:?}");
    // The stage sections' own `at`/`by` are on the timeline line, not repeated.
    assert!(!text.contains("(at):"), "{text}");

    let text = show(&demo(), &["--lang", "en", "show", "INC-2026-0015"]);
    positions(
        &text,
        &[
            "kind Incident · stage Diagnosis (diagnosis) · owner wang.wu",
            "\nfields:\n",
            "  Severity (severity): P2\n",
            "\nstages, in order:\n",
            "  · Alert (alert)\n",
            "  ✓ Report (report) 2026-11-10 10:00 · li.wei · 5h\n",
            "      Occurred at (occurred_at): 2026-11-10T09:30:00+08:00\n",
            "  ▶ Diagnosis (diagnosis)",
            "      Cause (cause): 流程引擎并发更新同一流程实例产生死锁\n",
            "ready for Handling (handling): itc advance INC-2026-0015",
            "overdue: not restored past the P2 limit of 8h (2026-11-10 17:30)",
        ],
    );
}

#[test]
fn show_json_adds_the_labelled_fields_and_sections_and_keeps_its_keys() {
    let out = show(
        &demo(),
        &["--lang", "en", "show", "PRJ-2026-003", "--format", "json"],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    for key in [
        "id",
        "kind",
        "file",
        "title",
        "stage",
        "owner",
        "final",
        "timeline",
        "next",
        "needs",
        "overdue",
        "deadlines",
    ] {
        assert!(v.get(key).is_some(), "`{key}` is gone");
    }
    assert_eq!(v["kind_label"], "IT project");
    assert_eq!(v["stage_label"], "Monitoring");
    let fields = v["fields"].as_array().unwrap();
    let field = |k: &str| fields.iter().find(|f| f["key"] == k).unwrap();
    assert_eq!(field("planned_end")["label"], "Planned end");
    assert_eq!(field("planned_end")["value"], "2026-10-31");
    assert_eq!(field("budget")["value"], 600000);
    assert_eq!(
        field("baseline_changes")["value"][0]["reason"],
        "国产数据库适配延期"
    );
    let sections: Vec<&str> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        sections,
        ["initiation", "selection", "implementation", "monitoring"]
    );
    let monitoring = &v["sections"][3];
    assert_eq!(monitoring["current"], true);
    assert_eq!(monitoring["label"], "Monitoring");
    assert_eq!(monitoring["fields"][1]["key"], "checkpoints");
    assert_eq!(monitoring["fields"][1]["value"][1]["progress"], 75);
    // Every key of the file is shown: the top-level fields and the stage sections.
    let file = std::fs::read_to_string(demo().join("projects/PRJ-2026-003.toml")).unwrap();
    let doc: toml::Table = file.parse().unwrap();
    for (key, value) in &doc {
        match value.as_table() {
            Some(t) => {
                let sec = v["sections"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|s| s["stage"] == key.as_str())
                    .unwrap();
                let shown: Vec<&str> = sec["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["key"].as_str().unwrap())
                    .collect();
                let mut want: Vec<&str> = t.keys().map(String::as_str).collect();
                let mut got = shown.clone();
                want.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, want, "{key}");
            }
            None => assert!(fields.iter().any(|f| f["key"] == key.as_str()), "{key}"),
        }
    }
    // In Chinese, the labels are Chinese.
    let out = show(&demo(), &["show", "PRJ-2026-003", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let label = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "planned_end")
        .unwrap()["label"]
        .clone();
    assert_eq!(label, "计划完成日期");
}

#[test]
fn show_escapes_record_values_and_shows_unknown_fields_by_their_key() {
    let dir = temp_copy(&demo());
    let file = dir.path().join("incidents/2026/INC-2026-0015.toml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "cause = \"流程引擎并发更新同一流程实例产生死锁\"",
        "cause = \"two\\nlines \\u001b[2J\"\nnote_x = \"free\"",
    );
    std::fs::write(&file, text).unwrap();
    let out = show(dir.path(), &["--lang", "en", "show", "INC-2026-0015"]);
    assert!(!out.contains('\u{1b}'), "a raw escape in\n{out}");
    assert!(
        out.contains("      Cause (cause): two\n        lines \\u{1b}[2J\n"),
        "{out}"
    );
    assert!(out.contains("      note_x: free\n"), "{out}");
}

#[test]
fn show_gives_the_timeline_what_is_needed_and_what_is_overdue() {
    let out = at_noon(&demo(), &["--lang", "en", "show", "INC-2026-0015"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("✓ Report (report) 2026-11-10 10:00 · li.wei · 5h"),
        "{text}"
    );
    assert!(
        text.contains("▶ Diagnosis (diagnosis) 2026-11-10 15:00 · 19d 21h"),
        "{text}"
    );
    assert!(
        text.contains("ready for Handling (handling): itc advance INC-2026-0015"),
        "{text}"
    );
    assert!(
        text.contains("overdue: not restored past the P2 limit of 8h (2026-11-10 17:30)"),
        "{text}"
    );
    let out = at_noon(
        &demo(),
        &["--lang", "en", "show", "PRJ-2026-003", "--format", "json"],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stage"], "monitoring");
    assert_eq!(v["next"], "acceptance");
    assert_eq!(v["timeline"].as_array().unwrap().len(), 4);
    let needs: Vec<&str> = v["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    assert_eq!(v["needs"][0]["code"], "E0501");
    assert_eq!(v["needs"][0]["field"], "acceptance.accepted_on");
    // Accepted on, by, report, actual cost and the failed acceptances (`[]` when none).
    assert_eq!(needs.len(), 5, "{needs:?}");
    assert!(
        needs[0].starts_with("missing Accepted on (acceptance.accepted_on, date)"),
        "{needs:?}"
    );
    let out = at_noon(&demo(), &["show", "INC-2026-9999"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn show_lists_every_deadline_with_its_standing() {
    let out = itc(
        &demo(),
        &[
            "--lang",
            "en",
            "show",
            "PLN-2026-001",
            "--as-of",
            "2026-11-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let standings: Vec<(&str, &str)> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["due"].as_str().unwrap(), d["standing"].as_str().unwrap()))
        .collect();
    assert_eq!(
        standings,
        [
            // The drafting stage's 60d from 2025-11-25: 2026-01-24 00:00, met when execution
            // was entered (2026-01-01).
            ("2026-01-24T00:00:00+08:00", "on_time"),
            ("2026-09-30", "on_time"),
            ("2026-08-31", "late"),
            ("2026-10-31", "missed"),
            ("2026-06-30", "on_time"),
            ("2026-12-31", "pending"),
            ("2026-12-31", "pending")
        ]
    );
    let text = stdout(&itc(
        &demo(),
        &[
            "--lang",
            "en",
            "show",
            "PLN-2026-001",
            "--as-of",
            "2026-11-30",
        ],
    ));
    assert!(
        // Its owner, and how late: its deadline 2026-11-01 00:00 to the as-of's end,
        // 2026-12-01 00:00, is 30 days.
        text.contains("plan item #3 OA 信创改造 2026-10-31 (wang.wu): overdue, 30d late\n"),
        "{text}"
    );
}

#[test]
fn short_ids_name_one_record_and_an_ambiguous_one_lists_its_candidates() {
    let repo = new_repo("zh", "toml");
    let dir = repo.path();
    let id = new_incident(dir, &["--by", "ops"]);
    let tag = id.rsplit('-').next().unwrap().to_string();
    for short in [
        "INC-2026-1".to_string(),
        "INC-2026-0001".to_string(),
        "inc-2026-01".to_string(),
        format!("INC-2026-1-{}", &tag[..1]),
        id.clone(),
    ] {
        let out = ok(dir, &["show", &short]);
        assert!(out.starts_with(&id), "{short}: {out}");
    }
    ok(dir, &["set", "INC-2026-1", "notes=短编号"]);
    let out = ok(dir, &["advance", "inc-2026-1", "--at", "2026-03-01 10:00"]);
    assert!(out.starts_with(&format!("{id}: ")), "the full id: {out}");
    assert!(
        std::fs::read_to_string(file_of(dir, &id))
            .unwrap()
            .contains("notes = \"短编号\"")
    );

    // A record of the same number made on another branch: the short id names both.
    let file = file_of(dir, &id);
    let other_id = format!("INC-2026-0001-{}", if tag == "zzz" { "yyy" } else { "zzz" });
    let other = file.with_file_name(format!("{other_id}.toml"));
    std::fs::write(
        &other,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace(&id, &other_id),
    )
    .unwrap();
    let before = std::fs::read(&file).unwrap();
    for args in [
        vec!["show", "INC-2026-1"],
        vec!["set", "INC-2026-0001", "notes=x"],
        vec!["advance", "INC-2026-1"],
    ] {
        let out = itc(dir, &args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("可指多条记录") && err.contains(&id) && err.contains(&other_id),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing written");
    // The whole id, or enough of the tag, still names one.
    ok(dir, &["show", &other_id]);
    ok(dir, &["show", &format!("INC-2026-1-{}", &tag)]);
    let out = itc(dir, &["--lang", "en", "show", "INC-2026-7"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no record INC-2026-7"),
        "{}",
        stderr(&out)
    );
}
