//! `itc list` on the demo, with "now" fixed: filters (kinds and stages by key or label, refusing
//! what cannot match), overdue records, `-q`; tables, CSV and Markdown, with record values
//! escaped and formulas neutralised. Its machine outputs, with those of `show` and `kpi`: the
//! same keys, headers and codes in every language, RFC 3339 times and seconds, and every output
//! valid against its schema in schema/output/ (checked by Python's jsonschema).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::external;
use crate::support::*;

/// The rows of `itc --lang en list ARGS --format json` in `dir`, at `DEMO_NOW`.
fn json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--lang", "en", "list"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let out = at_noon(dir, &all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn ids(list: &[Value]) -> Vec<&str> {
    list.iter().map(|r| r["id"].as_str().unwrap()).collect()
}

#[test]
fn filters_by_kind_stage_openness_fields_and_period() {
    let dir = demo();
    assert_eq!(json(&dir, &[]).len(), 93);
    assert_eq!(
        ids(&json(&dir, &["incident", "--open"])),
        [
            "INC-2026-0013",
            "INC-2026-0015",
            "INC-2026-0016",
            "INC-2026-0019"
        ]
    );
    assert_eq!(json(&dir, &["project", "--stage", "acceptance"]).len(), 3);
    assert_eq!(
        ids(&json(&dir, &["incident", "--where", "system=oa"])),
        ["INC-2026-0004", "INC-2026-0008", "INC-2026-0015"]
    );
    // A list field matches when it holds the value.
    assert_eq!(
        ids(&json(&dir, &["--where", "tags=财务"])),
        ["PRJ-2026-001"]
    );
    assert_eq!(
        ids(&json(&dir, &["incident", "--where", "report.by=sun.li"])),
        ["INC-2026-0007", "INC-2026-0009", "INC-2026-0016"]
    );
    // Records with a stage entered in the period.
    let nov = json(&dir, &["incident", "--period", "2026-11"]);
    assert_eq!(
        ids(&nov),
        [
            "INC-2026-0015",
            "INC-2026-0016",
            "INC-2026-0017",
            "INC-2026-0019"
        ]
    );
}

#[test]
fn overdue_from_the_sla_and_from_stage_time_limits() {
    // INC-0015 (P2) occurred 11-10 09:30 and is not restored: due 17:30 that day. INC-0016
    // (P4, 72 h from 11-27 16:00) is due 11-30 16:00, after noon. The other deadlines of the
    // one deadline model: APR-006 due 07-31 without a result, DRL-005 scheduled 11-20 and not
    // executed, PLN-2026-001 item #3 due 10-31 not done, PRJ-003 planned to end 10-31 and not
    // accepted, SEC-2026-Q3 finding #2 due 09-10 not fixed. INC-0016 has been at its report
    // since 11-27 16:30, past the stage's time limit of 1d.
    let overdue = json(&demo(), &["--overdue"]);
    assert_eq!(
        ids(&overdue),
        [
            "APR-2026-006",
            "DRL-2026-005",
            "INC-2026-0015",
            "INC-2026-0016",
            "PLN-2026-001",
            "PRJ-2026-003",
            "SEC-2026-Q3"
        ]
    );
    let inc = &overdue[2];
    assert_eq!(inc["overdue"][0]["deadline"], "2026-11-10T17:30:00+08:00");
    assert_eq!(inc["overdue"][0]["key"], "sla");
    assert_eq!(inc["overdue"][0]["kpi"], "repair_timeliness");
    assert_eq!(inc["age_s"], 20 * 86_400 - 3 * 3600);
    // A due date had to be met by the end of its day.
    let plan = &overdue[4]["overdue"][0];
    assert_eq!(plan["due"], "2026-10-31");
    assert_eq!(plan["deadline"], "2026-11-01T00:00:00+08:00");
    assert_eq!(plan["part"], "#3 OA 信创改造");
    assert_eq!(
        plan["what"],
        "plan item #3 OA 信创改造 not done by 2026-10-31"
    );
    // The extended rules limit diagnosis to 2 h.
    let dir = temp_copy(&fixture("extended"));
    let path = dir.path().join("incidents/INC-2026-0001.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("stage: report", "stage: diagnosis")
        + "\ndiagnosis:\n  at: 2026-11-30T09:00:00+08:00\n";
    std::fs::write(&path, text).unwrap();
    let list = json(dir.path(), &["--overdue"]);
    assert_eq!(list.len(), 1);
    let whats: Vec<&str> = list[0]["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["what"].as_str().unwrap())
        .collect();
    assert!(
        whats.contains(&"Diagnosis past its time limit of 2h"),
        "{whats:?}"
    );
}

#[test]
fn tables_csv_and_markdown() {
    let dir = temp_copy(&demo());
    let path = dir.path().join("surveys/SUR-2026-001.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "title = \"2026 年上半年员工满意度调查\"",
        "title = \"=HYPERLINK(\\\"x\\\")\"",
    );
    std::fs::write(&path, text).unwrap();
    let csv = stdout(&at_noon(
        dir.path(),
        &["--lang", "en", "list", "survey", "--format", "csv"],
    ));
    assert!(
        csv.starts_with(
            "id,kind,title,stage,stage_label,owner,entered,age_s,age,final,overdue,overdue_codes\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("SUR-2026-001,survey,\"'=HYPERLINK(\"\"x\"\")\",conducted,Conducted"),
        "{csv}"
    );
    let table = stdout(&at_noon(dir.path(), &["list", "incident", "--open"]));
    assert!(
        table.contains("编号")
            && table.contains("故障诊断")
            && table.contains("┆ 故障 ")
            && table.contains("共 4 条记录"),
        "{table}"
    );
    let md = stdout(&at_noon(
        dir.path(),
        &["--lang", "en", "list", "backup", "--format", "md"],
    ));
    assert!(md.starts_with("| id | kind | title |"), "{md}");
    assert_eq!(md.lines().count(), 29);
}

#[test]
fn list_filters_take_stage_labels_and_refuse_what_cannot_match() {
    let ids = |o: &Output| -> Vec<String> {
        assert_eq!(code(o), 0, "{}", stderr(o));
        stdout(o)
            .lines()
            .filter_map(|l| l.split('\t').next())
            .map(str::to_string)
            .collect()
    };
    let by_key = ids(&at_noon(
        &demo(),
        &["-q", "list", "incident", "--stage", "diagnosis"],
    ));
    assert!(!by_key.is_empty());
    for stage in ["故障诊断", "Diagnosis", "diagnosis"] {
        assert_eq!(
            ids(&at_noon(&demo(), &["-q", "list", "--stage", stage])),
            by_key,
            "{stage}"
        );
    }
    assert_eq!(
        ids(&at_noon(
            &demo(),
            &["-q", "list", "故障", "--stage", "故障诊断"]
        )),
        by_key,
        "the kind by its label too"
    );
    let refused = |args: &[&str], says: &[&str]| {
        let out = at_noon(&demo(), args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stdout(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
        for s in says {
            assert!(stderr(&out).contains(s), "{args:?}: {}", stderr(&out));
        }
    };
    refused(&["list", "--stage", "nosuch"], &["没有阶段 `nosuch`"]);
    refused(
        &["list", "incident", "--stage", "diagnosys"],
        &["是否想写 `diagnosis`", "故障的阶段有:alert(监控预警)"],
    );
    refused(&["list", "incidnt"], &["是否想写 `incident`"]);
    refused(
        &["list", "--where", "nosuchfield=1"],
        &["没有字段 `nosuchfield`"],
    );
    refused(
        &["list", "--where", "severity=P9"],
        &["`severity` 不会等于 `P9`", "P1, P2, P3, P4"],
    );
    refused(&["list", "--where", "severty=P1"], &["是否想写 `severity`"]);
    refused(
        &["list", "incident", "--where", "cause=x"],
        &["是否想写 `diagnosis.cause`"],
    );
    refused(&["list", "--where", "owner=li.wie"], &["是否想写 `li.wei`"]);
    refused(
        &["list", "--where", "system=nosuch"],
        &["`system` 不会等于 `nosuch`"],
    );
    refused(
        &["--lang", "en", "list", "--where", "severity=P9"],
        &["`severity` is never `P9` (did you mean `P1`?)"],
    );
    // What can match still lists.
    let p1 = ids(&at_noon(&demo(), &["-q", "list", "--where", "severity=P1"]));
    assert!(p1.iter().all(|id| id.starts_with("INC-")) && !p1.is_empty());
}

#[test]
fn list_q_prints_the_rows_alone() {
    let out = at_noon(&demo(), &["-q", "list", "incident", "--open"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let full = stdout(&at_noon(&demo(), &["list", "incident", "--open"]));
    let count: usize = full
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("共 "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert_eq!(text.lines().count(), count, "{text}");
    assert!(!text.contains("共") && !text.contains('│') && !text.contains("编号"));
    for line in text.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 8, "{line}");
        assert!(
            cells[0].starts_with("INC-2026-") && cells[1] == "故障",
            "{line}"
        );
    }
}

/// The ids (before any `#part`) of what `kpi --explain` counts as a missed deadline: counted
/// 0/1 because the deadline passed with nothing done.
fn kpi_missed(as_of: &str) -> Vec<String> {
    let out = itc(
        &demo(),
        &[
            "--lang",
            "en",
            "kpi",
            "--period",
            "2026",
            "--as-of",
            as_of,
            "--explain",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<String> = v["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|k| k["explain"].as_array().unwrap().clone())
        .filter(|e| {
            let reason = e["reason"].as_str().unwrap();
            e["counted"] == true
                && (reason.starts_with("due ") && !reason.ends_with("not yet due")
                    || reason.starts_with("not restored and past"))
        })
        .map(|e| {
            let id = e["id"].as_str().unwrap();
            id.split('#').next().unwrap().to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn the_overdue_list_and_the_kpis_missed_deadlines_agree_on_the_demo() {
    // At the end of 2026-11-30: INC-0016 (P4, due 11-30 16:00) has now passed its deadline too.
    // Every demo deadline lies in 2026, so the year's KPIs see all of them. Stage time limits
    // are no KPI's deadline: the records overdue by a KPI deadline are those the KPIs miss.
    for as_of in ["2026-11-30", "2026-06-30", "2026-10-31", "2026-11-01"] {
        let out = itc(
            &demo(),
            &[
                "--lang",
                "en",
                "list",
                "--overdue",
                "--as-of",
                as_of,
                "--format",
                "json",
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let mut list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        for r in &mut list {
            let kept: Vec<Value> = r["overdue"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["key"] != "stage_limit")
                .cloned()
                .collect();
            for o in &kept {
                assert!(o["kpi"].is_string(), "{o}");
            }
            r["overdue"] = Value::Array(kept);
        }
        list.retain(|r| !r["overdue"].as_array().unwrap().is_empty());
        let listed: Vec<String> = ids(&list).iter().map(|s| s.to_string()).collect();
        assert_eq!(listed, kpi_missed(as_of), "as of {as_of}");
    }
    assert_eq!(
        kpi_missed("2026-11-30"),
        [
            "APR-2026-006",
            "DRL-2026-005",
            "INC-2026-0015",
            "INC-2026-0016",
            "PLN-2026-001",
            "PRJ-2026-003",
            "SEC-2026-Q3"
        ]
    );
    // PRJ-003's planned end 10-31 had to be met by 11-01 00:00: as of the end of 10-30 it is
    // not yet past, as of the end of 10-31 it is.
    let at = |as_of: &str| {
        let out = itc(
            &demo(),
            &["list", "--overdue", "--as-of", as_of, "--format", "json"],
        );
        let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        ids(&list).iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    assert!(!at("2026-10-30").contains(&"PRJ-2026-003".to_string()));
    assert!(at("2026-10-31").contains(&"PRJ-2026-003".to_string()));
}

/// The demo with INC-2026-0001's title set to a screen clear and an OSC 8 hyperlink.
fn hostile_title() -> tempfile::TempDir {
    let dir = temp_copy(&demo());
    let path = dir.path().join("incidents/2026/INC-2026-0001.toml");
    replace_in(
        &path,
        "title = \"ERP 数据库连接池耗尽\"",
        "title = \"ERP\\u001b[2J \\u001b]8;;http://evil.example/\\u0007link\\u001b]8;;\\u0007\\u009b\"",
    );
    dir
}

const SHOWN: &str =
    "ERP\\u{1b}[2J \\u{1b}]8;;http://evil.example/\\u{7}link\\u{1b}]8;;\\u{7}\\u{9b}";

#[test]
fn a_title_with_terminal_escapes_is_printed_escaped_by_list_show_and_check() {
    let dir = hostile_title();
    // comfy-table may wrap a long cell; the escaped start is always there.
    for (format, shown) in [
        ("table", "ERP\\u{1b}[2J"),
        ("csv", "ERP\\u{1b}[2J"),
        ("md", "ERP\\u{1b}\\[2J"),
    ] {
        let out = itc(dir.path(), &["list", "incident", "--format", format]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        no_raw_controls(&format!("list --format {format}"), &stdout(&out));
        assert!(stdout(&out).contains(shown), "{}", stdout(&out));
    }
    let out = itc(dir.path(), &["show", "INC-2026-0001"]);
    assert_eq!(code(&out), 0);
    no_raw_controls("show", &stdout(&out));
    assert!(stdout(&out).contains(SHOWN), "{}", stdout(&out));
    // JSON keeps the value exact (its own escapes).
    let out = itc(dir.path(), &["show", "INC-2026-0001", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["title"].as_str().unwrap().starts_with("ERP\u{1b}[2J"));

    // check: the finding, its message's value and the source excerpt of a raw byte.
    let inc = dir.path().join("incidents/2026");
    std::fs::write(
        inc.join("INC-2026-0090.toml"),
        b"id = \"INC-2026-0090\"\ntitle = \"a\x1b[2J\x1b]8;;http://x/\x07b\"\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(inc.join("INC-2026-0002.yaml")).unwrap();
    let yaml_title = text.lines().find(|l| l.starts_with("title:")).unwrap();
    std::fs::write(
        inc.join("INC-2026-0002.yaml"),
        text.replace(
            yaml_title,
            "title: \"x\\e[2J\"\nresolve_time: \"1h\\e]8;;x\\a\"",
        ),
    )
    .unwrap();
    let out = itc(dir.path(), &["--lang", "en", "check"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    no_raw_controls("check", &err);
    assert!(
        err.contains("`title` holds the control character \\u{1b}"),
        "{err}"
    );
    assert!(
        err.contains("title = \"a\\u{1b}[2J\\u{1b}]8;;http://x/\\u{7}b\""),
        "{err}"
    );
    let (found, _) = findings(&itc(dir.path(), &["check", "--format", "json"]));
    let e0311: Vec<&Finding> = found.iter().filter(|f| f.code == "E0311").collect();
    assert!(
        e0311
            .iter()
            .any(|f| f.file == "incidents/2026/INC-2026-0001.toml"),
        "{found:#?}"
    );
    assert!(
        e0311
            .iter()
            .any(|f| f.file == "incidents/2026/INC-2026-0002.yaml" && f.line > 1),
        "{found:#?}"
    );
}

#[test]
fn csv_cells_starting_with_tab_or_cr_then_a_formula_are_neutralised() {
    let dir = temp_copy(&demo());
    let path = dir.path().join("incidents/2026/INC-2026-0001.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    for (title, cell) in [
        ("\\t=1+1", "'\t=1+1"),
        ("\\r=1+1", "\"'\r=1+1\""),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
    ] {
        std::fs::write(
            &path,
            text.replace(
                "title = \"ERP 数据库连接池耗尽\"",
                &format!("title = \"{title}\""),
            ),
        )
        .unwrap();
        let out = itc(dir.path(), &["list", "incident", "--format", "csv"]);
        let csv = stdout(&out);
        assert!(
            csv.contains(&format!("INC-2026-0001,incident,{cell},")),
            "{csv}"
        );
    }
}

#[test]
fn a_newline_or_bar_in_a_title_keeps_the_markdown_table_whole() {
    let dir = temp_copy(&demo());
    let path = dir.path().join("incidents/2026/INC-2026-0001.toml");
    replace_in(
        &path,
        "title = \"ERP 数据库连接池耗尽\"",
        "title = \"a | b\\n| c | d |\\r\\ne\"",
    );
    let out = itc(dir.path(), &["list", "incident", "--format", "md"]);
    let md = stdout(&out);
    let incidents = std::fs::read_dir(dir.path().join("incidents/2026"))
        .unwrap()
        .count();
    assert_eq!(md.lines().count(), incidents + 2, "{md}");
    let columns = |l: &str| l.replace("\\|", "").matches('|').count();
    assert!(md.lines().all(|l| columns(l) == 9), "{md}");
    assert!(md.contains("| a \\| b<br>\\| c \\| d \\|<br>e |"), "{md}");
}

/// The JSON that `itc ARGS` prints in `dir` (exit 0 or 1).
fn json_out(dir: &Path, args: &[&str]) -> Value {
    let out = itc(dir, args);
    assert!(code(&out) <= 1, "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?} is not JSON ({e}): {}", stdout(&out)))
}

/// Every object key of a JSON value, as paths (`kpis[].explain[].code`): what must not change
/// with the language.
fn key_paths(v: &Value, at: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let path = format!("{at}.{k}");
                out.insert(path.clone());
                // `extra` and `by_level` hold data keys (systems, levels), not translated ones,
                // and are compared as they are.
                key_paths(v, &path, out);
            }
        }
        Value::Array(a) => {
            for v in a {
                key_paths(v, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    key_paths(v, "", &mut out);
    out
}

/// The values at `field` of every object in an array, at any depth below `items`.
fn codes(items: &Value, field: &str) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[field].as_str().unwrap().to_string())
        .collect()
}

fn list_args<'a>(lang: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "--lang", lang, "list", "--as-of", DEMO_NOW, "--format", "json",
    ];
    a.extend_from_slice(extra);
    a
}

#[test]
fn list_show_and_kpi_json_have_the_same_keys_and_codes_in_every_language() {
    let repo = demo();
    let zh = json_out(&repo, &list_args("zh", &["--overdue"]));
    let en = json_out(&repo, &list_args("en", &["--overdue"]));
    assert!(
        !zh.as_array().unwrap().is_empty(),
        "the demo has overdue records"
    );
    assert_eq!(keys(&zh), keys(&en));
    for (z, e) in zh.as_array().unwrap().iter().zip(en.as_array().unwrap()) {
        assert_eq!(z["id"], e["id"]);
        assert_eq!(z["kind"], e["kind"], "kind is the key in every language");
        assert_eq!(z["stage"], e["stage"]);
        assert_eq!(codes(&z["overdue"], "code"), codes(&e["overdue"], "code"));
        // The text beside the code is translated.
        assert_ne!(z["overdue"][0]["what"], e["overdue"][0]["what"]);
        let code = z["overdue"][0]["code"].as_str().unwrap();
        assert_eq!(z["overdue"][0]["key"], code);
    }

    for id in [
        "PRJ-2026-003",
        "INC-2026-0015",
        "PLN-2026-001",
        "DRL-2026-005",
    ] {
        let args = |lang| {
            vec![
                "--lang", lang, "show", id, "--as-of", DEMO_NOW, "--format", "json",
            ]
        };
        let (z, e) = (json_out(&repo, &args("zh")), json_out(&repo, &args("en")));
        assert_eq!(keys(&z), keys(&e), "{id}");
        assert_eq!(codes(&z["overdue"], "code"), codes(&e["overdue"], "code"));
        assert_eq!(codes(&z["needs"], "code"), codes(&e["needs"], "code"));
        assert!(z["entered"].as_str().unwrap().ends_with("+08:00"), "{z}");
        assert!(z["age_s"].is_i64(), "{z}");
    }

    let kpi = |lang| {
        json_out(
            &repo,
            &[
                "--lang",
                lang,
                "kpi",
                "--period",
                "2026",
                "--as-of",
                DEMO_NOW,
                "--explain",
                "--by",
                "month",
                "--format",
                "json",
            ],
        )
    };
    let (z, e) = (kpi("zh"), kpi("en"));
    assert_eq!(keys(&z), keys(&e));
    let mut seen = BTreeSet::new();
    for (zk, ek) in z["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .zip(e["kpis"].as_array().unwrap())
    {
        assert_eq!(zk["key"], ek["key"]);
        assert_eq!(zk["verdict"], ek["verdict"]);
        assert_eq!(zk["extra"], ek["extra"], "{}", zk["key"]);
        let (zc, ec) = (codes(&zk["explain"], "code"), codes(&ek["explain"], "code"));
        assert_eq!(zc, ec, "{}", zk["key"]);
        for (zi, ei) in zk["explain"]
            .as_array()
            .unwrap()
            .iter()
            .zip(ek["explain"].as_array().unwrap())
        {
            assert_ne!(
                zi["reason"], ei["reason"],
                "the reason beside the code is translated"
            );
        }
        seen.extend(zc);
    }
    // The demo exercises the common codes.
    for c in [
        "on_time",
        "late",
        "missed",
        "not_yet_due",
        "outside_period",
        "measured",
        "passed",
    ] {
        assert!(seen.contains(c), "{c} not in {seen:?}");
    }
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn list_csv_has_one_header_in_every_language_and_machine_values() {
    let repo = demo();
    let csv = |lang: &str| {
        let out = itc(
            &repo,
            &[
                "--lang", lang, "list", "--as-of", DEMO_NOW, "--format", "csv",
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    let (zh, en) = (csv("zh"), csv("en"));
    let header =
        "id,kind,title,stage,stage_label,owner,entered,age_s,age,final,overdue,overdue_codes";
    assert_eq!(zh.lines().next(), Some(header));
    assert_eq!(en.lines().next(), Some(header));
    external::python_with(&["csv"]);
    // Python's csv reads it back, and its values agree with the JSON list.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("list.csv"), &zh).unwrap();
    let listed = json_out(&repo, &list_args("zh", &[]));
    std::fs::write(dir.path().join("list.json"), listed.to_string()).unwrap();
    let script = r#"
import csv, json, re
rows = list(csv.DictReader(open("list.csv", encoding="utf-8", newline="")))
listed = json.load(open("list.json", encoding="utf-8"))
assert len(rows) == len(listed), (len(rows), len(listed))
rfc3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
for r, j in zip(rows, listed):
    assert r["id"] == j["id"] and r["kind"] == j["kind"] and r["stage"] == j["stage"], (r, j)
    assert (int(r["age_s"]) if r["age_s"] else None) == j["age_s"], (r, j)
    assert r["entered"] == (j["entered"] or ""), (r, j)
    assert not r["entered"] or rfc3339.match(r["entered"]), r
    assert r["final"] == ("true" if j["final"] else "false"), r
    assert r["overdue_codes"] == ";".join(o["code"] for o in j["overdue"]), (r, j)
print(len(rows), sum(1 for r in rows if r["overdue_codes"]))
"#;
    let out = external::python(dir.path(), script, &[]);
    let counts: Vec<usize> = out.split_whitespace().map(|n| n.parse().unwrap()).collect();
    assert!(counts[0] > 20 && counts[1] > 0, "{out}");
}

#[test]
fn people_read_labels_in_the_table_and_the_kpi_notes() {
    let repo = demo();
    let out = itc(
        &repo,
        &["--lang", "zh", "list", "incident", "--as-of", DEMO_NOW],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("故障"), "{text}");
    assert!(!text.contains("incident"), "{text}");
    let out = itc(
        &repo,
        &[
            "--lang",
            "zh",
            "kpi",
            "availability",
            "--period",
            "2026",
            "--as-of",
            DEMO_NOW,
        ],
    );
    let text = stdout(&out);
    let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("· ")).collect();
    assert!(notes.len() > 1, "{text}");
    for n in &notes {
        assert!(n.contains("达标"), "{n}");
        assert!(!n.contains("met") && !n.contains("missed"), "{n}");
    }
    let out = itc(
        &repo,
        &[
            "--lang",
            "en",
            "kpi",
            "availability",
            "--period",
            "2026",
            "--as-of",
            DEMO_NOW,
        ],
    );
    assert!(stdout(&out).contains(", met)"), "{}", stdout(&out));
}

#[test]
#[cfg_attr(
    not(consumer = "jsonschema"),
    ignore = "needs jsonschema for Python (python3 -m pip install jsonschema); tests/run installs it"
)]
fn list_show_and_kpi_outputs_validate_against_their_schemas() {
    external::python_with(&["jsonschema"]);
    let schemas = root().join("schema/output");
    let (mut lists, mut shows, mut kpis) = (Vec::new(), Vec::new(), Vec::new());
    for repo in [
        demo(),
        fixture("extended"),
        fixture("kpi"),
        fixture("invalid"),
    ] {
        for (i, lang) in ["zh", "en"].into_iter().enumerate() {
            let all = json_out(&repo, &list_args(lang, &[]));
            lists.push(all.clone());
            lists.push(json_out(&repo, &list_args(lang, &["--overdue"])));
            lists.push(json_out(&repo, &list_args(lang, &["--breached"])));
            // Every record shown once, in one language or the other.
            for (n, row) in all.as_array().unwrap().iter().enumerate() {
                if n % 2 != i {
                    continue;
                }
                let id = row["id"].as_str().unwrap();
                let out = itc(
                    &repo,
                    &[
                        "--lang", lang, "show", id, "--as-of", DEMO_NOW, "--format", "json",
                    ],
                );
                if code(&out) == 0 {
                    shows.push(serde_json::from_slice(&out.stdout).unwrap());
                }
            }
            for extra in [
                &["--period", "2026"][..],
                &["--period", "2026-H1", "--explain", "--by", "system"],
            ] {
                let mut args = vec![
                    "--lang", lang, "kpi", "--as-of", DEMO_NOW, "--format", "json",
                ];
                args.extend_from_slice(extra);
                let out = itc(&repo, &args);
                if out.stdout.is_empty() {
                    // A repository whose itc.toml kpi refuses: no output to validate.
                    assert_eq!(code(&out), 2, "{}", stderr(&out));
                    continue;
                }
                kpis.push(serde_json::from_slice(&out.stdout).unwrap());
            }
        }
    }
    assert!(
        shows.len() > 40 && kpis.len() >= 4,
        "{} {}",
        shows.len(),
        kpis.len()
    );
    external::validate(&schemas.join("list.json"), &lists);
    external::validate(&schemas.join("show.json"), &shows);
    external::validate(&schemas.join("kpi.json"), &kpis);
}
