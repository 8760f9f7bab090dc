//! `itc check` on the demo, the invalid fixtures and temporary repositories.

use std::collections::BTreeSet;

use crate::support::*;

#[test]
fn demo_repository_is_clean() {
    let out = itc(&demo(), &["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "checked 75 records: 0 errors, 0 warnings\n");
    let (found, summary) = findings(&itc(&demo(), &["check", "--format", "json"]));
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(summary["records"], 75);
    assert_eq!(summary["errors"], 0);
}

#[test]
fn invalid_fixtures_give_the_expected_codes_at_the_expected_positions() {
    let dir = fixture("invalid");
    let en = itc(&dir, &["--lang", "en", "check", "--format", "json"]);
    let zh = itc(&dir, &["--lang", "zh", "check", "--format", "json"]);
    assert_eq!(code(&en), 1);
    let (en_found, summary) = findings(&en);
    let (zh_found, _) = findings(&zh);
    let brief: Vec<String> = en_found.iter().map(Finding::brief).collect();
    expect_file(&dir.join("expected.txt"), &(brief.join("\n") + "\n"));
    // Both languages: the same findings, each message in its own language.
    let zh_brief: Vec<String> = zh_found.iter().map(Finding::brief).collect();
    assert_eq!(brief, zh_brief);
    for (e, z) in en_found.iter().zip(&zh_found) {
        assert!(
            !has_cjk(&e.message) || e.message.contains('"') || e.message.contains('`'),
            "{e:?}"
        );
        assert!(has_cjk(&z.message), "{z:?}");
    }
    assert_eq!(
        summary["errors"].as_u64().unwrap() as usize
            + summary["warnings"].as_u64().unwrap() as usize,
        en_found.len()
    );
}

#[test]
fn human_output_in_both_languages() {
    let dir = fixture("invalid");
    for lang in ["zh", "en"] {
        let out = itc(&dir, &["--lang", lang, "check"]);
        assert_eq!(code(&out), 1);
        assert!(stdout(&out).is_empty(), "diagnostics go to stderr");
        expect_file(&dir.join(format!("expected.{lang}.txt")), &stderr(&out));
    }
    // ITC_LANG is honoured and --lang wins over it.
    let out = Itc::new(&dir)
        .args(["check", "incidents/layout"])
        .env("ITC_LANG", "en")
        .run();
    assert!(
        stderr(&out).contains("does not match the file name"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_dozen_defects_in_one_record_are_a_dozen_findings() {
    let (found, _) = findings(&itc(&fixture("invalid"), &["check", "--format", "json"]));
    for file in [
        "incidents/fields/INC-2026-0301.toml",
        "incidents/fields/INC-2026-0302.yaml",
    ] {
        let mine: Vec<&Finding> = found.iter().filter(|f| f.file == file).collect();
        let codes: BTreeSet<&str> = mine.iter().map(|f| f.code.as_str()).collect();
        assert!(mine.len() >= 12, "{file}: {mine:#?}");
        assert!(codes.len() >= 9, "{file}: {codes:?}");
    }
}

#[test]
fn yaml_values_are_reported_on_their_own_line() {
    let (found, _) = findings(&itc(&fixture("invalid"), &["check", "--format", "json"]));
    let severity = found
        .iter()
        .find(|f| {
            f.file == "incidents/fields/INC-2026-0302.yaml" && f.code == "E0303" && f.line == 5
        })
        .unwrap();
    assert_eq!(severity.column, 11, "under the value of `severity: 1`");
    let impact = found
        .iter()
        .find(|f| f.file == "incidents/fields/INC-2026-0302.yaml" && f.code == "E0305")
        .unwrap();
    assert_eq!((impact.line, impact.column), (8, 9));
}

/// Builds, in a temporary repository, the inputs that cannot be committed as files: a file
/// past the size limit, a dangling symlink, a symlink loop.
fn runtime_cases() -> tempfile::TempDir {
    let dir = temp_copy(&fixture("extended"));
    let inc = dir.path().join("incidents");
    let big = "# padding\n".repeat(500_000);
    std::fs::write(inc.join("INC-2026-0105.toml"), big).unwrap();
    // A cascade: past 100 findings of one code, one summary (W0110).
    let unknown: String = (0..105).map(|i| format!("extra{i} = 1\n")).collect();
    let text = std::fs::read_to_string(inc.join("INC-2026-0001.yaml")).unwrap();
    std::fs::write(
        inc.join("INC-2026-0001.yaml"),
        text + &unknown.replace(" = ", ": "),
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(inc.join("missing.toml"), inc.join("INC-2026-0107.toml"))
            .unwrap();
        std::fs::create_dir(inc.join("loop")).unwrap();
        std::os::unix::fs::symlink(&inc, inc.join("loop").join("back")).unwrap();
    }
    // The temporary copy of a writer that was killed (its pid has ended): W0120.
    let mut ended = std::process::Command::new("true").spawn().unwrap();
    ended.wait().unwrap();
    let leftover = format!(
        ".INC-2026-0001.toml.{}-{}-0.tmp",
        itc::leftovers::host(),
        ended.id()
    );
    std::fs::write(inc.join(leftover), "half").unwrap();
    // The working copy of an `itc edit` that was killed: W0121.
    let copy = format!(
        ".INC-2026-0001.{}-{}-0.edit.yaml",
        itc::leftovers::host(),
        ended.id()
    );
    std::fs::write(inc.join(copy), "edited").unwrap();
    dir
}

#[test]
fn unreadable_oversized_and_looping_files_are_reported_and_the_rest_checked() {
    let dir = runtime_cases();
    let out = itc(dir.path(), &["--lang", "en", "check", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let (found, summary) = findings(&out);
    let codes: BTreeSet<&str> = found.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains("E0105"), "{found:?}");
    #[cfg(unix)]
    {
        assert!(codes.contains("E0107"), "{found:?}");
        assert!(codes.contains("W0108"), "{found:?}");
    }
    // The good records are still checked.
    assert_eq!(summary["records"], 2);
}

#[test]
fn every_catalog_code_is_exercised_by_a_fixture() {
    let mut seen = BTreeSet::new();
    for dir in [
        fixture("invalid"),
        fixture("targets"),
        runtime_cases().path().to_path_buf(),
    ] {
        let (found, _) = findings(&itc(&dir, &["check", "--format", "json"]));
        seen.extend(found.into_iter().map(|f| f.code));
    }
    let out = itc(&fixture("bad-rules"), &["check", "--format", "json"]);
    assert_eq!(code(&out), 2);
    seen.extend(findings(&out).0.into_iter().map(|f| f.code));
    let broken = temp_copy(&fixture("extended"));
    std::fs::write(broken.path().join("rules.toml"), "[[kind]\nkey = 1\n").unwrap();
    let out = itc(broken.path(), &["check", "--format", "json"]);
    let (found, _) = findings(&out);
    assert_eq!(
        (
            found[0].file.as_str(),
            found[0].code.as_str(),
            found[0].line
        ),
        ("rules.toml", "E0101", 1)
    );
    let catalog: BTreeSet<String> = itc::output::catalog::codes().map(str::to_string).collect();
    let missing: Vec<&String> = catalog.difference(&seen).collect();
    assert!(missing.is_empty(), "codes no fixture produces: {missing:?}");
}

#[test]
fn broken_rules_are_diagnosed_with_file_and_line() {
    let out = itc(&fixture("bad-rules"), &["--lang", "en", "check"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("--> rules.toml:12:29"), "{err}");
    assert!(err.contains("did you mean `duration`?"), "{err}");
    assert!(err.contains("rules.toml has 8 error(s)"), "{err}");
}

#[test]
fn exit_codes() {
    // 0: clean; 1: errors; 2: not a repository, unknown check.
    assert_eq!(code(&itc(&fixture("extended"), &["check"])), 0);
    assert_eq!(code(&itc(&fixture("invalid"), &["check"])), 1);
    let empty = tempfile::tempdir().unwrap();
    let out = itc(empty.path(), &["--lang", "en", "check"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no itc.toml"), "{}", stderr(&out));
    let out = itc(&demo(), &["check", "--check", "speling"]);
    assert_eq!(code(&out), 2);
    // Warnings alone pass, unless denied.
    let dir = temp_copy(&demo());
    let path = dir.path().join("projects/PRJ-2026-004.yaml");
    replace_in(
        &path,
        "candidates: [庚测评, 辛安全, 壬测评]",
        "candidates: [辛安全]",
    );
    let out = itc(dir.path(), &["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).ends_with("checked 75 records: 0 errors, 1 warnings\n"));
    assert_eq!(code(&itc(dir.path(), &["check", "--deny-warnings"])), 1);
}

#[test]
fn checks_can_be_selected_and_skipped() {
    let dir = fixture("invalid");
    let (only, _) = findings(&itc(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--check",
            "stages,requirements",
        ],
    ));
    assert!(!only.is_empty());
    assert!(
        only.iter()
            .all(|f| f.check == "stages" || f.check == "requirements"),
        "{only:?}"
    );
    let (skipped, _) = findings(&itc(
        &dir,
        &["check", "--format", "json", "--skip", "references"],
    ));
    assert!(skipped.iter().all(|f| f.check != "references"));
    assert!(skipped.iter().any(|f| f.check == "fields"));
}

#[test]
fn paths_limit_the_report_but_not_what_is_known() {
    let dir = fixture("invalid");
    let (found, summary) = findings(&itc(
        &dir,
        &["check", "--format", "json", "incidents/layout"],
    ));
    let files: BTreeSet<&str> = found.iter().map(|f| f.file.as_str()).collect();
    assert!(
        files
            .iter()
            .all(|f| f.starts_with("incidents/layout/") || *f == "itc.toml"),
        "{files:?}"
    );
    // The duplicate id is found although only one of its files is under the path.
    assert!(found.iter().any(|f| f.code == "E0204"));
    assert_eq!(summary["records"], 5);
    let out = itc(&dir, &["check", "/"]);
    assert_eq!(
        code(&out),
        2,
        "a path outside the repository is a usage error"
    );
}

#[test]
fn json_report_has_exactly_the_documented_shape() {
    let out = itc(&fixture("invalid"), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["diagnostics", "summary"]);
    let d = v["diagnostics"][0].as_object().unwrap();
    let keys: Vec<&String> = d.keys().collect();
    assert_eq!(
        keys,
        [
            "file", "line", "column", "severity", "code", "check", "message"
        ]
    );
    let s: Vec<&String> = v["summary"].as_object().unwrap().keys().collect();
    assert_eq!(s, ["files", "records", "errors", "warnings"]);
}

#[test]
fn extended_rules_add_a_kind_and_a_required_field() {
    let dir = temp_copy(&fixture("extended"));
    assert_eq!(code(&itc(dir.path(), &["check"])), 0);
    let path = dir.path().join("incidents/INC-2026-0001.yaml");
    replace_in(&path, "ticket: OPS-20260314-07\n", "");
    std::fs::write(
        dir.path().join("changes/CHG-2026-002.toml"),
        "id = \"CHG-2026-002\"\ntitle = \"x\"\nstage = \"done\"\nowner = \"li.wei\"\nsystem = \"erp\"\nrisk = \"severe\"\n\n[requested]\nat = 2026-03-01\nreason = \"r\"\n\n[approved]\nat = 2026-03-02\n\n[done]\nat = 2026-03-03\n",
    )
    .unwrap();
    let (found, _) = findings(&itc(dir.path(), &["check", "--format", "json"]));
    let brief: Vec<String> = found.iter().map(Finding::brief).collect();
    assert_eq!(
        brief,
        [
            "changes/CHG-2026-002.toml:6:8 E0305 fields",
            "changes/CHG-2026-002.toml:12:2 E0501 requirements",
            "incidents/INC-2026-0001.yaml:1:1 E0301 fields",
        ]
    );
}

/// Writes a parsed record in the other format, entry by entry.
fn convert(table: &itc::record::value::Table, to: itc::record::Format) -> String {
    use itc::record::value::Value;
    let mut out = String::new();
    let (plain, tables): (Vec<_>, Vec<_>) = table
        .entries
        .iter()
        .partition(|e| !matches!(e.node.value, Value::Table(_)) || e.key == "responses");
    for e in plain.iter().chain(tables.iter()) {
        out.push_str(&itc::record::literal::entry(&e.key, &e.node.value, to, ""));
    }
    out
}

#[test]
fn every_record_fixture_gives_the_same_codes_in_the_other_format() {
    use itc::record::Format;
    let src = fixture("invalid");
    let (en, _) = findings(&itc(&src, &["check", "--format", "json"]));
    let dir = temp_copy(&src);
    let mut converted = Vec::new();
    for f in en.iter().map(|f| f.file.clone()).collect::<BTreeSet<_>>() {
        let path = dir.path().join(&f);
        // A link out of the repository (E0109) is never read, so it has no other format.
        if src.join(&f).is_symlink() {
            continue;
        }
        let Some(format) = Format::from_path(&path) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut diags = Vec::new();
        let Some(table) =
            itc::record::parse(&text, format, "", itc::diag::Check::Syntax, &mut diags)
        else {
            continue;
        };
        if f == "itc.toml" || !diags.is_empty() {
            continue;
        }
        let (to, ext) = match format {
            Format::Toml => (Format::Yaml, "yaml"),
            Format::Yaml => (Format::Toml, "toml"),
        };
        std::fs::remove_file(&path).unwrap();
        std::fs::write(path.with_extension(ext), convert(&table, to)).unwrap();
        converted.push(f);
    }
    assert!(converted.len() >= 25, "{converted:?}");
    let (other, _) = findings(&itc(dir.path(), &["check", "--format", "json"]));
    let codes = |list: &[Finding], file: &str| -> Vec<String> {
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        let mut c: Vec<String> = list
            .iter()
            .filter(|f| f.file.rsplit_once('.').map_or(f.file.as_str(), |(s, _)| s) == stem)
            // Key order and bytes (a BOM) are matters of the file, not of the record.
            .filter(|f| f.code != "W0403" && !f.code.starts_with("E01"))
            .map(|f| f.code.clone())
            .collect();
        c.sort();
        c
    };
    for f in &converted {
        assert_eq!(
            codes(&en, f),
            codes(&other, f),
            "{f} and its conversion differ"
        );
    }
}

#[test]
fn changed_since_reports_on_changed_files_only() {
    let dir = temp_copy(&demo());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "demo"]);
    let path = dir.path().join("incidents/2026/INC-2026-0001.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("severity = \"P1\"", "severity = \"P9\"");
    std::fs::write(&path, text).unwrap();
    std::fs::write(
        dir.path().join("backups/BAK-2026-099.toml"),
        "id = \"BAK-2026-099\"\n",
    )
    .unwrap();
    let (found, summary) = findings(&itc(
        dir.path(),
        &["check", "--format", "json", "--changed-since", "HEAD"],
    ));
    let files: BTreeSet<&str> = found.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(
        files,
        BTreeSet::from([
            "backups/BAK-2026-099.toml",
            "incidents/2026/INC-2026-0001.toml"
        ])
    );
    assert_eq!(summary["records"], 2);
    assert_eq!(
        code(&itc(
            dir.path(),
            &["check", "--changed-since", "no-such-rev"]
        )),
        2
    );
}

#[test]
fn human_diagnostics_print_in_linear_time() {
    // 500 records with 100 unknown fields each (the most of one code a file reports before its
    // summary): 50,000 findings, each with its excerpt, the last ones deep in long files.
    let dir = temp_copy(&fixture("extended"));
    let folder = dir.path().join("incidents/many");
    std::fs::create_dir_all(&folder).unwrap();
    for n in 0..500 {
        let id = format!("INC-2026-{:04}", 5000 + n);
        let mut text = format!("id = \"{id}\"\n");
        for i in 0..100 {
            text.push_str(&format!("x{i:05} = 1\n"));
        }
        std::fs::write(folder.join(format!("{id}.toml")), text).unwrap();
    }
    let start = std::time::Instant::now();
    let json = itc(dir.path(), &["check", "--format", "json"]);
    let json_time = start.elapsed();
    let start = std::time::Instant::now();
    let out = itc(dir.path(), &["--lang", "en", "check"]);
    let human_time = start.elapsed();
    let (found, _) = findings(&json);
    assert!(found.len() >= 50_000, "{}", found.len());
    let err = stderr(&out);
    assert_eq!(err.matches("error[").count(), found.len());
    assert!(err.contains("--> incidents/many/INC-2026-5499.toml:101:1"));
    assert!(err.contains("101 | x00099 = 1"));
    eprintln!(
        "{} findings: human {human_time:?}, json {json_time:?}",
        found.len()
    );
}
