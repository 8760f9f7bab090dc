//! `itc diff`: records matched by id, field changes, stage moves, the KPI changes of the touched
//! periods, in the human, Markdown and JSON formats, on a git copy of examples/demo.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Value, json};

use crate::support::{code, demo_repo, git, itc_at, replace_in, stderr, stdout};

fn diff_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["diff"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let o = itc_at(dir, &all);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

fn record<'a>(d: &'a Value, id: &str) -> &'a Value {
    d["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {d:#}"))
}

fn field<'a>(r: &'a Value, path: &str) -> &'a Value {
    r["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no field {path} in {r:#}"))
}

#[test]
fn json_says_what_the_branch_does_to_each_record() {
    let d = demo_repo();
    let out = diff_json(&d.records(), &["main"]);
    assert_eq!(out["base"], "main");
    assert_eq!(out["head"], "worktree");
    let summary: Vec<(String, String)> = out["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["change"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("BAK-2026-001", "renamed"),
        ("INC-2026-0004", "modified"),
        ("INC-2026-0015", "modified"),
        ("INC-2026-0020", "added"),
        ("SUR-2026-004", "removed"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(summary, expected);

    // The advanced incident: its stage move, and the fields of its new stage.
    let adv = record(&out, "INC-2026-0015");
    assert_eq!(adv["kind"], "incident");
    assert_eq!(adv["path"], "incidents/2026/INC-2026-0015.toml");
    assert_eq!(adv["old_path"], Value::Null);
    assert_eq!(adv["stage"], json!({"from": "diagnosis", "to": "handling"}));
    assert_eq!(
        field(adv, "handling.at"),
        &json!({"path": "handling.at", "old": null, "new": "2026-11-12T10:00:00+08:00"})
    );
    // The delayed restoration: date-times in RFC 3339 with their offset; the stage did not move.
    let late = record(&out, "INC-2026-0004");
    assert_eq!(late["stage"], Value::Null);
    assert_eq!(
        field(late, "handling.restored_at"),
        &json!({"path": "handling.restored_at", "old": "2026-03-03T11:05:00+08:00", "new": "2026-03-03T20:05:00+08:00"})
    );
    assert_eq!(late["fields"].as_array().unwrap().len(), 2, "{late:#}");
    // A moved file is a rename with no field change.
    let moved = record(&out, "BAK-2026-001");
    assert_eq!(moved["path"], "backups/2026/BAK-2026-001.toml");
    assert_eq!(moved["old_path"], "backups/BAK-2026-001.toml");
    assert_eq!(moved["fields"], json!([]));
    // Added and removed records list all their fields.
    let added = record(&out, "INC-2026-0020");
    assert_eq!(added["stage"], json!({"from": null, "to": "report"}));
    assert_eq!(
        field(added, "id"),
        &json!({"path": "id", "old": null, "new": "INC-2026-0020"})
    );
    assert_eq!(field(added, "severity")["new"], "P4");
    assert_eq!(
        field(added, "report.occurred_at")["new"],
        "2026-12-02T08:50:00+08:00"
    );
    let removed = record(&out, "SUR-2026-004");
    assert_eq!(removed["path"], "surveys/SUR-2026-004.yaml");
    assert!(
        removed["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["new"].is_null() && !f["old"].is_null())
    );
    assert!(removed["fields"].as_array().unwrap().len() > 5);
    assert_eq!(out["check"], json!({"errors_before": 0, "errors_after": 0}));
}

/// `itc kpi --format json` of one period: key → (value, verdict).
fn kpis(dir: &Path, period: &str, at: Option<&str>) -> BTreeMap<String, (Value, Value)> {
    let mut args = vec!["kpi", "--period", period, "--format", "json"];
    if let Some(rev) = at {
        args.extend(["--at", rev]);
    }
    let o = itc_at(dir, &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["key"].as_str().unwrap().to_string(),
                (k["value"].clone(), k["verdict"].clone()),
            )
        })
        .collect()
}

#[test]
fn kpi_changes_are_those_itc_kpi_gives_for_the_touched_month_quarter_and_year() {
    let d = demo_repo();
    let out = diff_json(&d.records(), &["main"]);
    let listed: BTreeSet<(String, String)> = out["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["period"].as_str().unwrap().to_string(),
                k["key"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Hand-checked: in March 2026 two faults count, INC-2026-0004 (P2, restored 1h 47m after
    // it occurred: in time) and INC-2026-0005 (13h 20m: late), so 1/2; restored at 20:05 it
    // takes 10h 47m, over the P2 limit of 8h, so 0/2.
    let march = out["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["period"] == "2026-03" && k["key"] == "repair_timeliness")
        .unwrap_or_else(|| panic!("{out:#}"));
    assert_eq!(
        march,
        &json!({"key": "repair_timeliness", "period": "2026-03", "before": 0.5, "after": 0.0,
                "verdict_before": "missed", "verdict_after": "missed"})
    );
    // The touched month, its quarter and its year, and the periods of the other changed
    // records: exactly the KPIs whose value or verdict `itc kpi` gives differently.
    for period in [
        "2026-03", "2026-Q1", "2026", "2026-11", "2026-12", "2026-Q4",
    ] {
        let before = kpis(&d.records(), period, Some("main"));
        let after = kpis(&d.records(), period, None);
        let differ: BTreeSet<(String, String)> = before
            .iter()
            .filter(|(k, v)| after.get(*k) != Some(*v))
            .map(|(k, _)| (period.to_string(), k.clone()))
            .collect();
        let here: BTreeSet<(String, String)> = listed
            .iter()
            .filter(|(p, _)| p == period)
            .cloned()
            .collect();
        assert_eq!(here, differ, "{period}");
        for k in out["kpis"].as_array().unwrap() {
            if k["period"] == period {
                let key = k["key"].as_str().unwrap();
                assert_eq!(
                    (&k["before"], &k["verdict_before"]),
                    (&before[key].0, &before[key].1)
                );
                assert_eq!(
                    (&k["after"], &k["verdict_after"]),
                    (&after[key].0, &after[key].1)
                );
            }
        }
    }
    for p in ["2026-03", "2026-Q1", "2026"] {
        assert!(
            listed.contains(&(p.to_string(), "repair_timeliness".to_string())),
            "{p}: {listed:?}"
        );
    }
    // A period no changed record touches is not listed.
    assert!(!listed.iter().any(|(p, _)| p == "2026-07" || p == "2026-Q3"));
}

#[test]
fn human_reads_like_a_summary_for_a_manager() {
    let d = demo_repo();
    // An uncommitted edit with a control character in a title: escaped for the terminal.
    let p = d.records().join("incidents/2026/INC-2026-0001.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    let title = text.lines().find(|l| l.starts_with("title = ")).unwrap();
    std::fs::write(&p, text.replace(title, "title = \"ERP \\u001b[31m连接池\"")).unwrap();
    let o = itc_at(&d.records(), &["diff", "main", "--lang", "en"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("main → worktree: 3 modified, 1 added, 1 removed, 1 renamed\n"),
        "{out}"
    );
    assert!(
        out.contains("~ INC-2026-0015  OA 流程引擎偶发死锁  [modified]  Diagnosis → Handling\n"),
        "{out}"
    );
    assert!(
        out.contains("    Handling · Restored at (handling.restored_at): 2026-03-03T11:05:00+08:00 → 2026-03-03T20:05:00+08:00\n"),
        "{out}"
    );
    assert!(
        out.contains("> BAK-2026-001  ERP 2026-01 备份与恢复核查  [renamed]  backups/BAK-2026-001.toml → backups/2026/BAK-2026-001.toml\n"),
        "{out}"
    );
    assert!(out.contains("+ INC-2026-0020"), "{out}");
    assert!(out.contains("- SUR-2026-004"), "{out}");
    assert!(
        out.contains(
            "  Fault repair timeliness (repair_timeliness) 2026-03: 50.00% → 0.00% (missed)\n"
        ),
        "{out}"
    );
    assert!(out.contains("ERP \\u{1b}[31m连接池"), "{out}");
    assert!(!out.contains('\u{1b}'));
    // Chinese labels in Chinese.
    let zh = stdout(&itc_at(&d.records(), &["diff", "main", "--lang", "zh"]));
    assert!(zh.contains("故障诊断 → 故障处理"), "{zh}");
    assert!(zh.contains("指标变化"), "{zh}");
    // New errors are named.
    let bad = d.records().join("incidents/2026/INC-2026-0016.yaml");
    replace_in(&bad, "severity: P4", "severity: P9");
    let o = itc_at(&d.records(), &["diff", "main", "--lang", "en"]);
    let out = stdout(&o);
    // The control character is an error too; both are named, in the order `check` gives.
    assert!(
        out.contains(
            "check errors: 0 → 2\nnew errors:\n  error[E0311] incidents/2026/INC-2026-0001.toml:2: "
        ) && out.contains("\n  error[E0305] incidents/2026/INC-2026-0016.yaml:6: "),
        "{out}"
    );
    let j = diff_json(&d.records(), &["main"]);
    assert_eq!(j["check"], json!({"errors_before": 0, "errors_after": 2}));
}

#[test]
fn markdown_is_a_pull_request_comment_with_escaped_values() {
    let d = demo_repo();
    let o = itc_at(
        &d.records(),
        &["diff", "main", "--format", "md", "--lang", "en"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    let first = md.lines().next().unwrap();
    // 9: the added INC-2026-0020 has `impact = "none"`, so availability does not move for it;
    // repair timeliness of 2026-12 stays 0% (0/1 → 0/2: the alert-only INC-2026-0019 already
    // counts there at its alert time), so that month is no change.
    assert_eq!(
        first,
        "**itc diff** main → worktree: 2 modified, 1 added, 1 removed, 1 renamed · 9 KPI change(s) · check errors 0 → 0",
        "{md}"
    );
    assert!(
        md.contains("| change | id | kind | title | stage | file |\n"),
        "{md}"
    );
    // The title `打印服务器 *无响应* | 需重启` cannot start emphasis or break the row.
    assert!(
        md.contains("| added | INC-2026-0020 | Incident | 打印服务器 \\*无响应\\* \\| 需重启 | — → Report | incidents/2026/INC-2026-0020.toml |\n"),
        "{md}"
    );
    assert!(md.contains("### KPI changes\n"), "{md}");
    assert!(
        md.contains("| Fault repair timeliness (`repair_timeliness`) | 2026-03 | 50.00% | 0.00% | missed → missed |\n"),
        "{md}"
    );
    assert!(
        md.contains("<details><summary>INC-2026-0004 modified (2 field(s))</summary>\n\n"),
        "{md}"
    );
    assert!(
        md.contains("| Handling · Restored at (handling.restored\\_at) | 2026-03-03T11:05:00+08:00 | 2026-03-03T20:05:00+08:00 |\n"),
        "{md}"
    );
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count()
    );
    assert!(!md.contains("Cut to stay under 64 KiB"));
}

#[test]
fn a_large_change_is_cut_under_64_kib_with_a_note() {
    let d = demo_repo();
    let dir = d.records().join("incidents/2027");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 1..=400 {
        std::fs::write(
            dir.join(format!("INC-2027-{i:04}.toml")),
            format!(
                "id = \"INC-2027-{i:04}\"\ntitle = \"{}\"\nstage = \"report\"\nowner = \"li.wei\"\nsystem = \"oa\"\nseverity = \"P4\"\ncategory = \"other\"\n\n[report]\nat = 2027-01-02T09:00:00+08:00\nby = \"li.wei\"\nsymptom = \"{}\"\noccurred_at = 2027-01-02T08:50:00+08:00\n",
                "很长的标题 | *".repeat(8),
                "症状".repeat(40)
            ),
        )
        .unwrap();
    }
    let o = itc_at(
        &d.records(),
        &["diff", "main", "--format", "md", "--lang", "en"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.len() < 64 * 1024, "{}", md.len());
    assert!(
        md.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("> Cut to stay under 64 KiB: "),
        "{}",
        &md[md.len() - 300..]
    );
    assert!(md.contains("| added | INC-2027-0001 |"));
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count()
    );
    // JSON is never cut.
    let j = diff_json(&d.records(), &["main"]);
    assert_eq!(j["records"].as_array().unwrap().len(), 405);
}

#[test]
fn diff_of_two_revisions_equals_diff_against_a_checkout_of_the_second() {
    let d = demo_repo();
    let change = d.checkout("change-wt", "change");
    // The work tree's own edits do not matter to `diff main change`.
    let p = d.records().join("incidents/2026/INC-2026-0016.yaml");
    replace_in(&p, "stage: report", "stage: diagnosis");
    git(&d.top(), &["checkout", "-q", "-b", "elsewhere", "main"]);
    for format in ["json", "md", "human"] {
        let two = itc_at(
            &d.records(),
            &["diff", "main", "change", "--format", format, "--lang", "en"],
        );
        let one = itc_at(
            &change,
            &["diff", "main", "--format", format, "--lang", "en"],
        );
        assert_eq!(code(&two), 0, "{}", stderr(&two));
        assert_eq!(code(&one), 0, "{}", stderr(&one));
        let two = stdout(&two).replacen("change", "worktree", 1);
        assert_eq!(two, stdout(&one), "{format}");
    }
    let j = diff_json(&d.records(), &["main", "change"]);
    assert_eq!(j["head"], "change");
    assert_eq!(j["records"].as_array().unwrap().len(), 5);
}

#[test]
fn an_unknown_or_option_like_revision_is_refused_with_exit_2() {
    let d = demo_repo();
    let o = itc_at(&d.records(), &["diff", "no-such", "--lang", "en"]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o).trim(),
        "error: unknown git revision `no-such` (not a commit)"
    );
    assert!(stdout(&o).is_empty());
    let o = itc_at(&d.records(), &["diff", "main", "nope", "--lang", "en"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("`nope`"), "{}", stderr(&o));
    for args in [
        &["diff", "--lang", "en", "--", "--output=x"][..],
        &["diff", "--lang", "en", "main", "--", "-p"][..],
    ] {
        let o = itc_at(&d.records(), args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(
            stderr(&o).contains("is not a git revision"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert!(!d.records().join("x").exists());
}

#[test]
#[cfg_attr(
    not(consumer = "jsonschema"),
    ignore = "needs jsonschema for Python (python3 -m pip install jsonschema); tests/run installs it"
)]
fn diff_json_validates_against_its_schema() {
    crate::external::python_with(&["jsonschema"]);
    let d = demo_repo();
    let mut outputs = vec![
        diff_json(&d.records(), &["main"]),
        diff_json(&d.records(), &["main", "change"]),
        diff_json(&d.records(), &["change", "main"]),
    ];
    // A change with a list of tables, an error, and nothing at all.
    let bad = d.records().join("incidents/2026/INC-2026-0016.yaml");
    replace_in(&bad, "severity: P4", "severity: P9");
    let apr = d.records().join("appraisals/2026/APR-2026-001.toml");
    let text = std::fs::read_to_string(&apr).unwrap();
    std::fs::write(
        &apr,
        text.replace("weight = 50,", "weight = 40,")
            .replace("weight = 20 }", "weight = 30 }"),
    )
    .unwrap();
    let listed = diff_json(&d.records(), &["main"]);
    let goals = record(&listed, "APR-2026-001");
    assert_eq!(
        goals["fields"],
        json!([
            {"path": "planning.goals[0].weight", "old": 50, "new": 40},
            {"path": "planning.goals[2].weight", "old": 20, "new": 30},
        ])
    );
    outputs.push(listed);
    outputs.push(diff_json(&d.records(), &["HEAD", "HEAD"]));
    assert!(
        outputs
            .iter()
            .any(|o| !o["kpis"].as_array().unwrap().is_empty())
    );
    crate::external::validate(
        &crate::support::root().join("schema/output/diff.json"),
        &outputs,
    );
}
