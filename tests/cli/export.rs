//! `itc export`: every record as NDJSON, JSON or CSV, read back by the programs scripts use
//! (DuckDB, Python's csv and jsonschema), identical in every language and from run to run.

use std::collections::BTreeMap;
use std::path::Path;

use crate::external;
use crate::support::*;

const KINDS: [(&str, &str); 9] = [
    ("incidents", "incident"),
    ("projects", "project"),
    ("drills", "drill"),
    ("appraisals", "appraisal"),
    ("plans", "plan"),
    ("data", "data"),
    ("security", "security"),
    ("surveys", "survey"),
    ("backups", "backup"),
];

/// The record files of a repository per kind, counted on disk.
fn files_per_kind(repo: &Path) -> BTreeMap<String, usize> {
    fn count(dir: &Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |rd| {
            rd.map(|e| e.unwrap().path())
                .map(|p| match p.is_dir() {
                    true => count(&p),
                    false => usize::from(matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("toml" | "yaml" | "yml")
                    )),
                })
                .sum()
        })
    }
    KINDS
        .iter()
        .map(|(folder, kind)| (kind.to_string(), count(&repo.join(folder))))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn lines(o: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn ndjson_has_one_object_per_record_in_id_order_the_same_every_time_and_in_every_language() {
    let first = itc(&demo(), &["export"]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert_eq!(stderr(&first), "");
    let second = itc(&demo(), &["export", "--format", "ndjson"]);
    assert_eq!(
        first.stdout, second.stdout,
        "two exports are byte-identical"
    );
    let en = itc(&demo(), &["--lang", "en", "export"]);
    assert_eq!(
        first.stdout, en.stdout,
        "zh and en exports are byte-identical"
    );

    let records = lines(&first);
    let expected = files_per_kind(&demo());
    assert_eq!(records.len(), expected.values().sum::<usize>());
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "ordered by id");
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    for r in &records {
        *per_kind
            .entry(r["kind"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(per_kind, expected);

    // One record, field by field: the file's values, its dates normalised, and its timeline.
    let inc = records.iter().find(|r| r["id"] == "INC-2026-0001").unwrap();
    assert_eq!(inc["path"], "incidents/2026/INC-2026-0001.toml");
    assert_eq!(inc["format"], "toml");
    assert_eq!(inc["stage"], "archived");
    assert_eq!(inc["final"], true);
    let rec = &inc["record"];
    assert_eq!(rec["outage_start"], "2026-01-14T09:05:00+08:00");
    assert_eq!(rec["archived"]["at"], "2026-01-16");
    assert_eq!(
        rec["diagnosis"]["consultation"],
        serde_json::json!(["wang.wu", "zhao.liu"])
    );
    let stages: Vec<&str> = inc["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        ["alert", "report", "diagnosis", "handling", "archived"]
    );
    assert_eq!(inc["timeline"][1]["at"], "2026-01-14T09:12:00+08:00");
    assert_eq!(inc["timeline"][1]["by"], "zhang.san");
    assert_eq!(inc["timeline"][4]["at"], "2026-01-16T00:00:00+08:00");
    // A YAML record reads the same way.
    let yaml = records.iter().find(|r| r["id"] == "INC-2026-0002").unwrap();
    assert_eq!(yaml["format"], "yaml");
    assert_eq!(yaml["record"]["outage_end"], "2026-01-22T12:05:00+08:00");
    assert_eq!(yaml["record"]["archived"]["at"], "2026-01-23");
}

#[test]
fn json_is_one_array_of_the_same_objects() {
    let ndjson = lines(&itc(&demo(), &["export", "incident", "backups"]));
    let out = itc(
        &demo(),
        &["export", "--format", "json", "incident", "backups"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let array: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(array, ndjson);
    let kinds: std::collections::BTreeSet<&str> =
        array.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["backup", "incident"]
    );
    let expected = files_per_kind(&demo());
    assert_eq!(array.len(), expected["incident"] + expected["backup"]);
}

#[test]
#[cfg_attr(
    not(consumer = "duckdb"),
    ignore = "needs DuckDB for Python (python3 -m pip install duckdb); tests/run installs it"
)]
fn duckdb_counts_the_ndjson_export_per_kind() {
    external::python_with(&["duckdb"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("records.ndjson");
    let out = itc(&demo(), &["export", "-o", file.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "-o writes the file, not stdout");
    let counted = external::python(
        dir.path(),
        "import duckdb\nfor kind, n in duckdb.sql(\"SELECT kind, count(*) FROM read_ndjson('records.ndjson') GROUP BY kind ORDER BY kind\").fetchall():\n    print(kind, n)\n",
        &[],
    );
    let expected: String = files_per_kind(&demo())
        .iter()
        .map(|(k, n)| format!("{k} {n}\n"))
        .collect();
    assert_eq!(counted, expected);
}

/// Reads every CSV file of a folder with Python's csv module: `{kind: [header, rows...]}`.
fn read_csv_folder(dir: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let script = r#"
import csv, json, os, sys
out = {}
for name in sorted(os.listdir(sys.argv[1])):
    with open(os.path.join(sys.argv[1], name), newline="", encoding="utf-8") as f:
        out[name[:-4]] = list(csv.reader(f))
print(json.dumps(out))
"#;
    let text = external::python(dir, script, &[dir.to_str().unwrap()]);
    serde_json::from_str(&text).unwrap()
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn csv_has_a_file_per_kind_a_row_per_record_and_one_header_in_every_language() {
    external::python_with(&["csv"]);
    let zh = tempfile::tempdir().unwrap();
    let en = tempfile::tempdir().unwrap();
    for (lang, dir) in [("zh", &zh), ("en", &en)] {
        let out = itc(
            &demo(),
            &[
                "--lang",
                lang,
                "export",
                "--format",
                "csv",
                "-o",
                dir.path().to_str().unwrap(),
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(stdout(&out), "");
    }
    let expected = files_per_kind(&demo());
    let tables = read_csv_folder(zh.path());
    assert_eq!(
        tables.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (kind, rows) in &tables {
        let zh_bytes = std::fs::read(zh.path().join(format!("{kind}.csv"))).unwrap();
        let en_bytes = std::fs::read(en.path().join(format!("{kind}.csv"))).unwrap();
        assert_eq!(zh_bytes, en_bytes, "{kind}.csv is the same in zh and en");
        let header = &rows[0];
        assert_eq!(header[..3], ["id", "title", "stage"], "{kind}");
        assert_eq!(rows.len() - 1, expected[kind], "{kind}: a row per record");
        assert!(rows.iter().all(|r| r.len() == header.len()), "{kind}");
    }
    let incidents = &tables["incident"];
    let col = |name: &str| incidents[0].iter().position(|h| h == name).unwrap();
    assert!(col("report.at") < col("report.by"));
    let first = &incidents[1];
    assert_eq!(first[col("id")], "INC-2026-0001");
    assert_eq!(first[col("report.at")], "2026-01-14T09:12:00+08:00");
    assert_eq!(first[col("diagnosis.consultation")], "wang.wu;zhao.liu");
    let projects = &tables["project"];
    let checkpoints = projects[0]
        .iter()
        .position(|h| h == "monitoring.checkpoints")
        .unwrap();
    let cell: serde_json::Value = serde_json::from_str(&projects[1][checkpoints]).unwrap();
    assert_eq!(cell[0]["progress"], 35, "a table list is JSON in one cell");

    // One kind goes to stdout, byte for byte the file.
    let one = itc(&demo(), &["export", "--format", "csv", "incident"]);
    assert_eq!(code(&one), 0, "{}", stderr(&one));
    assert_eq!(
        one.stdout,
        std::fs::read(zh.path().join("incident.csv")).unwrap()
    );
}

#[test]
fn csv_to_stdout_takes_one_kind_and_unknown_kinds_are_refused() {
    for args in [
        &["export", "--format", "csv"][..],
        &["export", "--format", "csv", "incident", "project"],
    ] {
        let out = itc(&demo(), args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(stderr(&out).contains("-o DIR"), "{}", stderr(&out));
        assert_eq!(stdout(&out), "");
    }
    let out = itc(&demo(), &["--lang", "en", "export", "incidnet"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown kind `incidnet`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_kind_asked_for_gets_its_csv_file_even_without_records() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::write(repo.path().join("itc.toml"), "[org]\nlang = \"en\"\n").unwrap();
    let out_dir = repo.path().join("out");
    let out = itc(
        repo.path(),
        &["export", "--format", "csv", "-o", "out", "drill", "survey"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let drill = std::fs::read_to_string(out_dir.join("drill.csv")).unwrap();
    assert_eq!(drill.lines().count(), 1, "the header alone");
    assert!(drill.starts_with("id,title,stage,owner,"));
    assert!(out_dir.join("survey.csv").is_file());
    let names: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
    assert_eq!(names.len(), 2);
}

/// A repository with one incident whose values carry control characters, quotes, commas and
/// formula-looking text.
fn hostile_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    std::fs::write(
        repo.path().join("itc.toml"),
        "[org]\ntimezone = \"-05:00\"\n",
    )
    .unwrap();
    std::fs::create_dir(repo.path().join("incidents")).unwrap();
    std::fs::write(
        repo.path().join("incidents/INC-1.toml"),
        "id = \"INC-1\"\ntitle = \"=HYPERLINK(\\\"x\\\")\"\nstage = \"report\"\nowner = \"a\"\nnotes = \"bell\\u0007, tab\\tand\\nnewline \\\"quoted\\\"\"\ntags = [\"+1\", \"@x\"]\n\n[report]\nat = 2026-03-14T09:05:00\nsymptom = \"\\ttab first\"\noccurred_at = \"2026-03-14 08:00\"\n",
    )
    .unwrap();
    repo
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn control_characters_are_escaped_and_formulas_neutralised() {
    let repo = hostile_repo();
    let out = itc(repo.path(), &["export"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text.lines().count(),
        1,
        "a newline in a value stays escaped"
    );
    assert!(!text.contains('\u{7}') && !text.contains('\t'));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["record"]["notes"],
        "bell\u{7}, tab\tand\nnewline \"quoted\""
    );
    assert_eq!(
        v["title"], "=HYPERLINK(\"x\")",
        "JSON keeps values as written"
    );
    // Written without an offset: the org time zone's.
    assert_eq!(v["record"]["report"]["at"], "2026-03-14T09:05:00-05:00");
    assert_eq!(
        v["record"]["report"]["occurred_at"],
        "2026-03-14T08:00:00-05:00"
    );

    external::python_with(&["csv"]);
    let out = itc(
        repo.path(),
        &["export", "--format", "csv", "-o", "out", "incident"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let tables = read_csv_folder(&repo.path().join("out"));
    let rows = &tables["incident"];
    assert_eq!(rows.len(), 2);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let row = &rows[1];
    assert_eq!(row[col("title")], "'=HYPERLINK(\"x\")");
    // CSV goes through the one CSV door: control characters other than tab and line ends are
    // written escaped, as E0311 reports them.
    assert_eq!(
        row[col("notes")],
        "bell\\u{7}, tab\tand\nnewline \"quoted\""
    );
    assert_eq!(
        row[col("tags")],
        "'+1;'@x",
        "a list is one cell, each item neutralised"
    );
    assert_eq!(row[col("report.symptom")], "'\ttab first");
}

#[test]
fn unreadable_files_are_reported_and_fail_the_export_which_still_writes_the_rest() {
    let repo = temp_copy(&demo());
    let total: usize = files_per_kind(repo.path()).values().sum();
    std::fs::write(
        repo.path().join("incidents/INC-2026-9999.toml"),
        "id = \"INC-2026-9999\"\ntitle = \"broken\n",
    )
    .unwrap();
    let out = itc(repo.path(), &["--lang", "en", "export"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        lines(&out).len(),
        total,
        "every readable record is exported"
    );
    let err = stderr(&out);
    assert!(err.contains("incidents/INC-2026-9999.toml:2:"), "{err}");
    assert!(err.contains("error[E0101]"), "{err}");
    assert!(
        err.contains("the export is incomplete: 1 record file(s) could not be read"),
        "{err}"
    );
    // The bad file is an incident: exporting other kinds is complete.
    let projects = itc(repo.path(), &["export", "project"]);
    assert_eq!(code(&projects), 0, "{}", stderr(&projects));
    assert_eq!(stderr(&projects), "");
}

#[test]
#[cfg_attr(
    not(consumer = "jsonschema"),
    ignore = "needs jsonschema for Python (python3 -m pip install jsonschema); tests/run installs it"
)]
fn export_and_check_outputs_validate_against_their_schemas() {
    external::python_with(&["jsonschema"]);
    let schemas = root().join("schema/output");
    let mut exported = Vec::new();
    let mut checked: Vec<serde_json::Value> = Vec::new();
    for repo in [
        demo(),
        fixture("invalid"),
        fixture("extended"),
        fixture("kpi"),
    ] {
        let ndjson = itc(&repo, &["export"]);
        assert!(code(&ndjson) <= 1, "{}", stderr(&ndjson));
        exported.extend(lines(&ndjson));
        let json = itc(&repo, &["--lang", "en", "export", "--format", "json"]);
        let array: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
        exported.extend(array);
        for lang in ["zh", "en"] {
            let check = itc(&repo, &["--lang", lang, "check", "--format", "json"]);
            checked.push(serde_json::from_slice(&check.stdout).unwrap());
        }
    }
    // A broken rules.toml is reported in the same shape.
    let bad = itc(&fixture("bad-rules"), &["check", "--format", "json"]);
    assert_eq!(code(&bad), 2);
    checked.push(serde_json::from_slice(&bad.stdout).unwrap());
    let hostile = hostile_repo();
    exported.extend(lines(&itc(hostile.path(), &["export"])));
    assert!(
        checked
            .iter()
            .any(|c| c["diagnostics"].as_array().is_some_and(|d| !d.is_empty()))
    );
    external::validate(&schemas.join("export.json"), &exported);
    external::validate(&schemas.join("check.json"), &checked);
}

#[test]
fn the_output_path_is_read_from_where_itc_runs() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&demo(), &work.path().join("center"));
    let out = itc(
        work.path(),
        &["-C", "center", "export", "backup", "-o", "backups.ndjson"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(work.path().join("center/backups.ndjson")).unwrap();
    assert_eq!(text.lines().count(), files_per_kind(&demo())["backup"]);
    assert!(!work.path().join("backups.ndjson").exists());
}

#[test]
fn an_output_file_that_cannot_be_written_leaves_nothing_behind() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("plain"), "x").unwrap();
    for (format, path) in [
        ("ndjson", "plain/out.ndjson"),
        ("json", "missing/out.json"),
        ("csv", "plain/csv"),
    ] {
        let target = work.path().join(path);
        let out = itc(
            &demo(),
            &["export", "--format", format, "-o", target.to_str().unwrap()],
        );
        assert_ne!(code(&out), 0, "{format}: {}", stdout(&out));
        assert!(!stderr(&out).is_empty(), "{format}");
        let names: Vec<_> = std::fs::read_dir(work.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["plain"], "{format}");
    }
}

#[test]
fn an_export_to_a_file_is_the_export_to_stdout() {
    let work = tempfile::tempdir().unwrap();
    for format in ["ndjson", "json"] {
        let file = work.path().join(format!("all.{format}"));
        let to_file = itc(
            &demo(),
            &["export", "--format", format, "-o", file.to_str().unwrap()],
        );
        assert_eq!(code(&to_file), 0, "{}", stderr(&to_file));
        let to_stdout = itc(&demo(), &["export", "--format", format]);
        assert_eq!(std::fs::read(&file).unwrap(), to_stdout.stdout, "{format}");
    }
}
