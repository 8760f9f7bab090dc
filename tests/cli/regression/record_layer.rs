//! Regressions of the record layer: reading TOML and YAML, editing records in place (`set`),
//! `fmt`, and the values `export` writes.

use std::path::Path;

#[allow(unused_imports)]
use crate::support::*;

/// A backup record's fields, in TOML: a minimal valid record of a single-stage kind.
const BACKUP_TOML: &str = "id = \"BAK-2026-001\"\ntitle = \"t\"\nstage = \"verified\"\nowner = \"a\"\nsystem = \"erp\"\nperiod = \"2026-01\"\njobs = 1\nsucceeded = 1\nrestore_tests = 1\nrestores_succeeded = 1\n";

/// The same, in YAML.
const BACKUP_YAML: &str = "id: BAK-2026-001\ntitle: t\nstage: verified\nowner: a\nsystem: erp\nperiod: \"2026-01\"\njobs: 1\nsucceeded: 1\nrestore_tests: 1\nrestores_succeeded: 1\n";

/// A repository holding one backup record `BAK-2026-001` (`ext`: toml or yaml) of the given
/// text, with people `a` and `b` and the system `erp`.
fn repo_with(ext: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("itc.toml"),
        "[org]\nname = \"t\"\n\n[[systems]]\nid = \"erp\"\nname = \"ERP\"\ncriticality = \"core\"\n\n[[people]]\nid = \"a\"\nname = \"A\"\n\n[[people]]\nid = \"b\"\nname = \"B\"\n\n[sla.resolve]\nP1 = \"4h\"\nP2 = \"8h\"\nP3 = \"24h\"\nP4 = \"72h\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    std::fs::write(dir.path().join(format!("backups/BAK-2026-001.{ext}")), text).unwrap();
    dir
}

fn record_file(dir: &Path, ext: &str) -> std::path::PathBuf {
    dir.join(format!("backups/BAK-2026-001.{ext}"))
}

/// The findings of `itc check --format json`.
/// The findings of `check`, but coverage's (records the repository lacks, W0810–W0814).
fn check(dir: &Path) -> Vec<Finding> {
    findings(&itc(dir, &["--lang", "en", "check", "--format", "json"]))
        .0
        .into_iter()
        .filter(|f| !crate::support::COVERAGE.contains(&f.code.as_str()))
        .collect()
}

/// The one record of the repository as `itc export` gives it.
fn exported(dir: &Path) -> serde_json::Value {
    let out = itc(dir, &["export", "--format", "ndjson"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let line = stdout(&out);
    serde_json::from_str(line.lines().next().unwrap_or("null")).unwrap()
}

#[test]
fn toml_integer_with_bare_radix_prefix_is_a_syntax_error() {
    for value in ["0x", "0b", "0o", "1_0٠"] {
        // In a typed field (`jobs`, an int) and in a field the rules do not know.
        for text in [
            BACKUP_TOML.replace("jobs = 1\n", &format!("jobs = {value}\n")),
            format!("{BACKUP_TOML}extra = {value}\n"),
        ] {
            let dir = repo_with("toml", &format!("{text}\n[verified]\nat = 2026-02-03\n"));
            let found = check(dir.path());
            let (line, written) = text
                .lines()
                .enumerate()
                .find(|(_, l)| l.ends_with(value))
                .unwrap();
            let col = written.chars().count() - value.chars().count() + 1;
            let syntax: Vec<&Finding> = found.iter().filter(|f| f.code == "E0101").collect();
            assert_eq!(syntax.len(), 1, "{value}: {found:#?}");
            assert_eq!(
                (syntax[0].line as usize, syntax[0].column as usize),
                (line + 1, col),
                "{value}: {found:#?}"
            );
            assert!(syntax[0].message.contains(value), "{:?}", syntax[0]);
            assert!(!found.iter().any(|f| f.code == "E0303"), "{found:#?}");
            let zh = itc(dir.path(), &["--lang", "zh", "check"]);
            assert!(has_cjk(&stderr(&zh)) || has_cjk(&stdout(&zh)));
        }
    }
}

#[test]
fn toml_local_times_without_seconds_are_exported_with_seconds() {
    let text = format!(
        "{BACKUP_TOML}extra = 13:37\nlater = 2026-01-01T13:37\nlist = [07:05, 23:59:58.5]\n\n[verified]\nat = 2026-02-03\nby = \"a\"\n"
    );
    let dir = repo_with("toml", &text);
    let record = &exported(dir.path())["record"];
    assert_eq!(record["extra"], "13:37:00");
    assert_eq!(record["later"], "2026-01-01T13:37:00+08:00");
    assert_eq!(
        record["list"],
        serde_json::json!(["07:05:00", "23:59:58.500"])
    );
    let out = itc(dir.path(), &["export", "--format", "csv", "backup"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(csv.contains(",13:37:00,"), "{csv}");
    assert!(csv.contains(",07:05:00;23:59:58.500"), "{csv}");
    assert!(!csv.contains("13:37,"), "{csv}");
}

#[test]
fn fmt_of_an_empty_yaml_mapping_agrees_with_fmt_check() {
    for text in ["{}", "{}\n", "# nothing yet\n{}\n", "{ }  # empty\n"] {
        let dir = repo_with("yaml", text);
        let fmt = itc(dir.path(), &["--lang", "en", "fmt"]);
        assert_eq!(code(&fmt), 0, "{text:?}: {}", stderr(&fmt));
        assert!(!stderr(&fmt).contains("bug"), "{text:?}: {}", stderr(&fmt));
        assert!(
            !stderr(&fmt).contains("skipped"),
            "{text:?}: {}",
            stderr(&fmt)
        );
        for _ in 0..2 {
            let check = itc(dir.path(), &["--lang", "en", "fmt", "--check"]);
            assert_eq!(
                code(&check),
                0,
                "{text:?}: {}{}",
                stdout(&check),
                stderr(&check)
            );
        }
        let after = std::fs::read_to_string(record_file(dir.path(), "yaml")).unwrap();
        assert!(after.ends_with("{}\n"), "{after:?}");
        if text.contains('#') {
            assert!(after.contains('#'), "the comment is kept: {after:?}");
        }
    }
}

#[test]
fn csv_list_items_after_the_first_are_neutralised() {
    let text = format!(
        "{BACKUP_TOML}tags = [\"x\", \"=1+1\", \" @SUM(A1)\", \"-2\", \"+3\", \"ok\"]\n\n[verified]\nat = 2026-02-03\nby = \"a\"\n"
    );
    let dir = repo_with("toml", &text);
    let out = itc(dir.path(), &["export", "--format", "csv", "backup"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(
        csv.contains(",x;'=1+1;' @SUM(A1);'-2;'+3;ok,"),
        "every item that could start a formula is neutralised: {csv}"
    );
    // A list whose first item is a formula is neutralised once.
    let text = text.replace("[\"x\", ", "[");
    std::fs::write(record_file(dir.path(), "toml"), text).unwrap();
    let csv = stdout(&itc(dir.path(), &["export", "--format", "csv", "backup"]));
    assert!(csv.contains(",'=1+1;' @SUM(A1);"), "{csv}");
    assert!(!csv.contains("''"), "{csv}");
}

/// `itc set ID SETS…` in `dir`, in English, which must succeed.
fn set_ok(dir: &Path, sets: &[&str]) {
    let mut args = vec!["--lang", "en", "set", "BAK-2026-001"];
    args.extend(sets);
    let out = itc(dir, &args);
    assert_eq!(code(&out), 0, "set {sets:?}: {}", stderr(&out));
}

/// The record as exported, less the fields named (`field` or `section.field`), with a section
/// left empty removed.
fn without(record: &serde_json::Value, fields: &[&str]) -> serde_json::Value {
    let mut r = record.clone();
    for f in fields {
        match f.split_once('.') {
            Some((sec, field)) => {
                if let Some(s) = r.get_mut(sec).and_then(|s| s.as_object_mut()) {
                    s.remove(field);
                    if s.is_empty() {
                        r.as_object_mut().unwrap().remove(sec);
                    }
                }
            }
            None => {
                r.as_object_mut().unwrap().remove(*f);
            }
        }
    }
    r
}

#[test]
fn set_inserts_nothing_before_a_byte_order_mark() {
    let toml = format!(
        "\u{feff}system = \"erp\"\n{}\n[verified]\nat = 2026-02-03\n",
        BACKUP_TOML.replace("system = \"erp\"\n", "")
    );
    let yaml = "\u{feff}tags:\n  - x\nid: BAK-2026-001\ntitle: t\nstage: verified\nowner: a\nsystem: erp\nperiod: \"2026-01\"\njobs: 1\nsucceeded: 1\nrestore_tests: 1\nrestores_succeeded: 1\nverified:\n  at: 2026-02-03\n";
    for (ext, text) in [("toml", toml.as_str()), ("yaml", yaml)] {
        let dir = repo_with(ext, text);
        let before = exported(dir.path())["record"].clone();
        // A new field whose place is before the first line, and a list over the first line.
        set_ok(dir.path(), &["notes=n", "tags=y,z"]);
        let after = std::fs::read_to_string(record_file(dir.path(), ext)).unwrap();
        assert!(after.starts_with('\u{feff}'), "{after:?}");
        assert_eq!(after.matches('\u{feff}').count(), 1, "{after:?}");
        let record = &exported(dir.path())["record"];
        assert_eq!(record["tags"], serde_json::json!(["y", "z"]));
        assert_eq!(
            without(record, &["notes", "tags"]),
            without(&before, &["tags"])
        );
    }
}

#[test]
fn set_adds_a_field_to_a_toml_stage_section_opened_only_by_its_sub_table() {
    // `[verified.checks]` alone makes `verified`: the new `at` must not land in `checks`.
    let dir = repo_with(
        "toml",
        &format!("{BACKUP_TOML}\n[verified.checks]\nrestore = true\n"),
    );
    set_ok(dir.path(), &["verified.at=2026-02-03", "verified.by=b"]);
    let record = &exported(dir.path())["record"];
    assert_eq!(
        record["verified"],
        serde_json::json!({"checks": {"restore": true}, "at": "2026-02-03", "by": "b"})
    );
    assert!(check(dir.path()).iter().all(|f| f.code == "E0307"));
    // A sub-table before its parent.
    let dir = repo_with(
        "toml",
        &format!(
            "{BACKUP_TOML}\n[verified.checks.deep]\nrestore = true\n\n[verified]\nat = 2026-02-03\n"
        ),
    );
    set_ok(dir.path(), &["verified.by=b"]);
    let text = std::fs::read_to_string(record_file(dir.path(), "toml")).unwrap();
    assert!(
        text.ends_with("[verified]\nat = 2026-02-03\nby = \"b\"\n"),
        "{text}"
    );
}

#[test]
fn set_edits_a_yaml_record_written_as_a_flow_mapping() {
    let one_line = "{id: BAK-2026-001, title: t, stage: verified, owner: a, system: erp, period: \"2026-01\", jobs: 1, succeeded: 1, restore_tests: 1, restores_succeeded: 1, verified: {at: 2026-02-03}}\n";
    let lines = "# a record\n{\n  id: BAK-2026-001,\n  title: t,\n  stage: verified,\n  owner: a,  # who\n  system: erp,\n  period: \"2026-01\",\n  jobs: 1, succeeded: 1, restore_tests: 1, restores_succeeded: 1,\n}\n";
    for text in [one_line, lines] {
        let dir = repo_with("yaml", text);
        assert!(check(dir.path()).iter().all(|f| f.code != "E0101"));
        let before = exported(dir.path())["record"].clone();
        let sets = [
            "owner=b",
            "notes=a, b: [c] #d",
            "tags=x,z",
            "verified.at=2026-02-04",
            "verified.by=b",
        ];
        let out = itc(
            dir.path(),
            &[&["--lang", "en", "set", "BAK-2026-001"][..], &sets].concat(),
        );
        assert_eq!(code(&out), 0, "{text}: {}", stderr(&out));
        let record = &exported(dir.path())["record"];
        assert_eq!(record["notes"], "a, b: [c] #d");
        assert_eq!(record["verified"]["by"], "b");
        assert_eq!(record["verified"]["at"], "2026-02-04");
        let fields = ["owner", "notes", "tags", "verified.at", "verified.by"];
        assert_eq!(
            without(record, &fields),
            without(&before, &fields),
            "{text}"
        );
        let after = std::fs::read_to_string(record_file(dir.path(), "yaml")).unwrap();
        assert!(
            after.trim_start_matches("# a record\n").starts_with('{'),
            "{after}"
        );
        if text == lines {
            assert!(
                after.contains("owner: b, tags: [x, z], notes: \"a, b: [c] #d\",  # who"),
                "{after}"
            );
        }
    }
}

#[test]
fn set_edits_yaml_explicit_keys_from_their_question_mark_line() {
    let text = "? id\n: BAK-2026-001\n? title\n: t\n? stage\n: verified\n? owner\n: a\n? tags\n:\n  - x\n? system\n: erp\n? period\n: \"2026-01\"\njobs: 1\nsucceeded: 1\nrestore_tests: 1\nrestores_succeeded: 1\n? verified\n:\n  ? at\n  : 2026-02-03\n";
    let dir = repo_with("yaml", text);
    let before = exported(dir.path())["record"].clone();
    // A list over the lines below its key, a field before an explicit key, one in a section.
    set_ok(
        dir.path(),
        &["tags=y", "notes=n", "verified.by=b", "owner=b"],
    );
    let record = &exported(dir.path())["record"];
    assert_eq!(record["tags"], serde_json::json!(["y"]));
    assert_eq!(record["notes"], "n");
    assert_eq!(record["verified"]["by"], "b");
    let fields = ["owner", "notes", "tags", "verified.by"];
    assert_eq!(without(record, &fields), without(&before, &fields));
}

#[test]
fn set_puts_a_new_field_after_its_section_entries_not_atop_the_file() {
    // No `id`, which the rules put first: it goes after the last top-level entry, below the
    // file's opening comments, not above the editor directive.
    let toml = format!(
        "#:schema ../schema/backup.json\n# 备份记录\n{}\n[verified]\nat = 2026-02-03\n",
        BACKUP_TOML.replace("id = \"BAK-2026-001\"\n", "")
    );
    let dir = repo_with("toml", &toml);
    set_ok(dir.path(), &["id=BAK-2026-001"]);
    let text = std::fs::read_to_string(record_file(dir.path(), "toml")).unwrap();
    assert!(
        text.starts_with("#:schema ../schema/backup.json\n# 备份记录\ntitle = "),
        "{text}"
    );
    assert!(
        text.contains("restores_succeeded = 1\nid = \"BAK-2026-001\"\n\n[verified]"),
        "{text}"
    );
    let yaml = format!(
        "# yaml-language-server: $schema=../schema/backup.json\n{}verified:\n  at: 2026-02-03\n",
        BACKUP_YAML.replace("id: BAK-2026-001\n", "")
    );
    let dir = repo_with("yaml", &yaml);
    set_ok(dir.path(), &["id=BAK-2026-001"]);
    let text = std::fs::read_to_string(record_file(dir.path(), "yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: "), "{text}");
    assert!(
        text.contains("restores_succeeded: 1\nid: BAK-2026-001\nverified:"),
        "{text}"
    );
}

/// The exported records of a repository, by id.
fn records_by_id(dir: &Path) -> std::collections::BTreeMap<String, serde_json::Value> {
    let out = itc(dir, &["export", "--format", "ndjson"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v["record"].clone())
        })
        .collect()
}

#[test]
fn suite_layouts_are_edited_by_set_and_fmt_or_refused_by_name() {
    let repo = temp_copy(&fixture("suites"));
    let dir = repo.path();
    // Every fixture loads: no syntax finding but the byte-order mark's.
    let syntax: Vec<Finding> = check(dir)
        .into_iter()
        .filter(|f| f.code.starts_with("E01") && f.code != "E0103")
        .collect();
    assert!(syntax.is_empty(), "{syntax:#?}");
    let before = records_by_id(dir);
    assert!(before.len() > 70, "{}", before.len());
    let sets = [
        "owner=b",
        "notes=a, b: [c] #d",
        "verified.at=2026-02-04",
        "verified.by=b",
    ];
    let changed = ["owner", "notes", "verified.at", "verified.by"];
    let mut refused = Vec::new();
    for (id, record) in &before {
        let path = std::fs::read_dir(dir.join("backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(id))
            .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let out = itc(dir, &[&["--lang", "en", "set", id][..], &sets].concat());
        let err = stderr(&out);
        assert!(!err.contains("bug"), "{id}: {err}");
        if code(&out) != 0 {
            // Refused: the message names the layout and the way out; nothing was written.
            assert!(
                err.contains("inline table or with dotted keys") && err.contains("itc fmt"),
                "{id} ({}): {err}",
                record["title"]
            );
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{id}");
            refused.push(id.clone());
        }
    }
    let titles: Vec<&str> = refused
        .iter()
        .map(|id| before[id]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["the stage as an inline table", "the stage as dotted keys"]
    );
    let after = records_by_id(dir);
    for (id, record) in &after {
        if refused.contains(id) {
            assert_eq!(record, &before[id], "{id}");
            continue;
        }
        assert_eq!(record["owner"], "b", "{id}");
        assert_eq!(record["notes"], "a, b: [c] #d", "{id}");
        assert_eq!(record["verified"]["at"], "2026-02-04", "{id}");
        assert_eq!(record["verified"]["by"], "b", "{id}");
        assert_eq!(
            without(record, &changed),
            without(&before[id], &changed),
            "{id}: a value changed that was not set"
        );
    }
    // fmt keeps every value, and fmt --check then agrees.
    let fmt = itc(dir, &["--lang", "en", "fmt"]);
    assert_eq!(code(&fmt), 0, "{}", stderr(&fmt));
    for line in stderr(&fmt).lines() {
        assert!(line.contains("the comment on line"), "{line}");
    }
    assert_eq!(records_by_id(dir), after);
    let check_fmt = itc(dir, &["--lang", "en", "fmt", "--check"]);
    assert_eq!(
        code(&check_fmt),
        0,
        "{}{}",
        stdout(&check_fmt),
        stderr(&check_fmt)
    );
    // What was refused is edited once fmt has rewritten it.
    for id in &refused {
        let out = itc(dir, &[&["--lang", "en", "set", id][..], &sets].concat());
        assert_eq!(code(&out), 0, "{id}: {}", stderr(&out));
    }
}
