//! `itc check` on the demo, the invalid fixtures and temporary repositories: the codes at their
//! positions, in both languages and both formats; checks selected and skipped, paths, exit
//! codes; big reports capped and printed in linear time; `[targets]` against their KPI's unit.
//! Then the pull-request gate: `check --changed-since REV` reports every finding a change
//! causes, wherever it lands; `check FILE` reports what the full check reports on that file;
//! git is asked safely (option-like revisions, non-ASCII paths, merge bases, subfolders).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::*;

#[test]
fn demo_repository_is_clean() {
    // At the end of the demo's year: every record its coverage requires by then exists.
    let at = |args: &[&str]| Itc::new(&demo()).today("2026-12-31").args(args).run();
    let out = at(&["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "已检查 93 条记录:0 个错误,0 个警告\n");
    let (found, summary) = findings(&at(&["check", "--format", "json"]));
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(summary["records"], 93);
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
        // A fixed "now": the message of a time in the future names today.
        let out = Itc::new(&dir)
            .args(["--lang", lang, "check"])
            .today("2026-12-31")
            .run();
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
fn type_names_in_findings_are_in_the_output_language() {
    let zh = stderr(&itc(&fixture("invalid"), &["check"]));
    assert!(zh.contains("应为 枚举 P1|P2|P3|P4"), "{zh}");
    assert!(zh.contains("应为 文本列表"), "{zh}");
    assert!(zh.contains("(责任人,人员)"), "{zh}");
    for english in ["enum P1", "list of", "(责任人,person)"] {
        assert!(!zh.contains(english), "{english} in: {zh}");
    }
    let en = stderr(&itc(&fixture("invalid"), &["--lang", "en", "check"]));
    assert!(en.contains("enum P1|P2|P3|P4"), "{en}");
    assert!(en.contains("list of text"), "{en}");
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
fn a_cascade_of_findings_is_capped_with_a_summary() {
    let dir = temp_copy(&fixture("extended"));
    let path = dir.path().join("incidents/INC-2026-0001.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let first = text.lines().count() + 1;
    for i in 0..250 {
        text.push_str(&format!("unknown{i}: 1\n"));
    }
    std::fs::write(&path, &text).unwrap();
    let out = itc_within(
        dir.path(),
        &["--lang", "en", "check", "--format", "json"],
        60,
        false,
    );
    assert_eq!(code(&out), 1);
    let (found, _) = findings(&out);
    let unknown: Vec<&Finding> = found.iter().filter(|f| f.code == "E0307").collect();
    assert_eq!(unknown.len(), 100);
    assert_eq!(unknown[0].line as usize, first, "the first ones are kept");
    let summary: Vec<&Finding> = found.iter().filter(|f| f.code == "W0110").collect();
    assert_eq!(summary.len(), 1, "{found:#?}");
    assert_eq!(
        summary[0].line as usize,
        first + 100,
        "at the first left out"
    );
    assert_eq!(summary[0].check, "fields");
    assert_eq!(
        summary[0].message,
        "and 150 more E0307 findings in this file (at most 100 of each are listed)"
    );
    let human = itc_within(dir.path(), &["--lang", "zh", "check"], 60, false);
    assert!(
        stderr(&human).contains("此文件还有 150 处 E0307 未列出"),
        "{}",
        stderr(&human)
    );
    // Skipping the check skips its summary too.
    let skipped = itc_within(
        dir.path(),
        &["check", "--skip", "fields", "--format", "json"],
        60,
        false,
    );
    let (found, _) = findings(&skipped);
    assert!(found.iter().all(|f| f.code != "W0110"), "{found:#?}");
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
    // A scorecard floor above its minimum target (E0822), and a manual item without a subject
    // or a manager in the roster (E0827).
    let config = dir.path().join("itc.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let card = "\n[targets]\nrepair_timeliness = 0.95\n\n[scorecard]\n\
        [[scorecard.items]]\ncategory = \"work\"\nweight = 50\nkpi = \"repair_timeliness\"\nfloor = 0.99\n\
        [[scorecard.items]]\ncategory = \"team\"\nweight = 50\nitem = \"x\"\n";
    std::fs::write(&config, text + card).unwrap();
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
        fixture("coverage"),
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
    let out = Itc::new(dir.path())
        .today("2026-12-31")
        .args(["check"])
        .run();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).ends_with("已检查 93 条记录:0 个错误,1 个警告\n"));
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

/// "In the future" follows the rules: a kind of rules.toml gets it for its dates and date-times,
/// except those it marks `future = true`, which `itc rules` prints back.
#[test]
fn a_date_ahead_of_today_is_a_warning_unless_the_rules_mark_it_future() {
    let dir = temp_copy(&fixture("extended"));
    replace_in(
        &dir.path().join("rules.toml"),
        "  { name = \"risk\"",
        "  { name = \"window\", type = \"date\", future = true, zh = \"变更窗口\", en = \"Window\" },\n  { name = \"closed_on\", type = \"date\", zh = \"关闭日期\", en = \"Closed on\" },\n  { name = \"risk\"",
    );
    let printed = stdout(&itc(dir.path(), &["rules"]));
    assert!(
        printed.contains("{ name = \"window\", type = \"date\", future = true,"),
        "{printed}"
    );
    assert!(
        printed.contains("{ name = \"planned_end\", type = \"date\", future = true,"),
        "{printed}"
    );
    assert!(
        !printed.contains("{ name = \"closed_on\", type = \"date\", future"),
        "{printed}"
    );
    let path = dir.path().join("changes/CHG-2026-001.toml");
    // Today is 2026-12-31: the 1st of January is tomorrow, tolerated; the 2nd is not.
    replace_in(
        &path,
        "risk = \"medium\"\n",
        "risk = \"medium\"\nwindow = 2027-06-01\nclosed_on = 2027-01-01\n",
    );
    let at = |dir: &Path| {
        Itc::new(dir)
            .args(["--lang", "en", "check", "--format", "json"])
            .today("2026-12-31")
            .run()
    };
    let (found, _) = findings(&at(dir.path()));
    assert!(found.is_empty(), "{found:?}");
    replace_in(&path, "closed_on = 2027-01-01", "closed_on = 2027-01-02");
    let (found, _) = findings(&at(dir.path()));
    let brief: Vec<String> = found.iter().map(Finding::brief).collect();
    assert_eq!(brief, ["changes/CHG-2026-001.toml:8:13 W0612 consistency"]);
    assert_eq!(
        found[0].message,
        "`closed_on` is 2027-01-02, more than a day after today (2026-12-31)"
    );
    // The clock stands in for ITC_TODAY: 2062 lies ahead of any run of these tests.
    replace_in(&path, "closed_on = 2027-01-02", "closed_on = 2062-01-02");
    let (found, _) = findings(&itc(dir.path(), &["check", "--format", "json"]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "W0612");
}

#[test]
fn a_percentage_written_as_a_ratio_target_is_refused_at_its_position() {
    let dir = fixture("targets");
    let out = itc(&dir, &["--lang", "en", "check"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "error[E0804]: target 99.9 for `availability` in [targets] is not a ratio between 0 and 1\n  --> itc.toml:12:16\n"
        ),
        "{err}"
    );
    assert!(err.contains("help: write 0.999 (that is 99.9%)"), "{err}");
    assert!(err.contains("help: write 1.05 (that is 105%)"), "{err}");
    let (found, _) = findings(&itc(&dir, &["check", "--format", "json"]));
    let brief: Vec<String> = found.iter().map(Finding::brief).collect();
    assert_eq!(
        brief,
        [
            "itc.toml:12:16 E0804 config",
            "itc.toml:14:16 E0804 config",
            "itc.toml:15:22 E0804 config",
        ]
    );
    // In Chinese, the same finding with the fix.
    let zh = stderr(&itc(&dir, &["check"]));
    assert!(zh.contains("写成 0.999(即 99.9%)"), "{zh}");
}

#[test]
fn targets_in_their_unit_pass() {
    let dir = temp_copy(&fixture("targets"));
    let path = dir.path().join("itc.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let fixed = text
        .replace("availability = 99.9", "availability = 0.999")
        .replace("cost_control = 105", "cost_control = 1.05")
        .replace("security_incidents = -1", "security_incidents = 0");
    std::fs::write(&path, fixed).unwrap();
    let out = itc(dir.path(), &["--lang", "en", "check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
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

// The gate: `--changed-since REV` ----------------------------------------------------------

/// A git repository holding a copy of the demo at `sub` (the top when empty), committed on
/// `main` as the base.
fn demo_in_git(sub: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(sub);
    copy_dir(&demo(), &root);
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(dir.path().join("README.md"), "outside the records\n").unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    (dir, root)
}

fn sorted_findings(dir: &Path, args: &[&str]) -> Vec<Finding> {
    let mut all = vec!["--lang", "en", "check", "--format", "json"];
    all.extend_from_slice(args);
    let out = itc(dir, &all);
    assert!(code(&out) <= 1, "{all:?}: {}", stderr(&out));
    let (mut found, _) = findings(&out);
    found.sort();
    found
}

/// The full check's findings, after asserting that `--changed-since REV` reports exactly them.
fn same_as_full(root: &Path, rev: &str) -> Vec<Finding> {
    let full = sorted_findings(root, &[]);
    let since = sorted_findings(root, &["--changed-since", rev]);
    assert_eq!(
        since, full,
        "--changed-since {rev} differs from the full check"
    );
    let out = itc(root, &["check", "--changed-since", rev]);
    assert_eq!(code(&out), i32::from(!full.is_empty()), "{}", stderr(&out));
    full
}

fn codes_on(found: &[Finding], file: &str) -> Vec<String> {
    found
        .iter()
        .filter(|f| f.file == file)
        .map(|f| f.code.clone())
        .collect()
}

const INC10: &str = "incidents/2026/INC-2026-0010.toml";

const INC11: &str = "incidents/2026/INC-2026-0011.yaml";

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_reports_a_reference_to_a_deleted_record() {
    let (_dir, root) = demo_in_git("");
    std::fs::remove_file(root.join(INC10)).unwrap();
    let found = same_as_full(&root, "main");
    assert_eq!(codes_on(&found, INC11), ["E0703"]);
    // Committed on a branch, the same.
    git(&root, &["checkout", "-qb", "topic"]);
    git(&root, &["commit", "-qam", "delete"]);
    assert_eq!(same_as_full(&root, "main"), found);
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_reports_a_reference_to_a_renamed_record() {
    let (_dir, root) = demo_in_git("");
    let text = std::fs::read_to_string(root.join(INC10))
        .unwrap()
        .replace("id = \"INC-2026-0010\"", "id = \"INC-2026-0030\"");
    std::fs::write(root.join("incidents/2026/INC-2026-0030.toml"), text).unwrap();
    std::fs::remove_file(root.join(INC10)).unwrap();
    git(&root, &["add", "-A"]);
    let found = same_as_full(&root, "main");
    assert_eq!(codes_on(&found, INC11), ["E0703"]);
    assert!(found.iter().all(|f| f.file == INC11), "{found:#?}");
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_reports_a_duplicate_that_sorts_first() {
    let (_dir, root) = demo_in_git("");
    std::fs::create_dir_all(root.join("incidents/000")).unwrap();
    std::fs::copy(
        root.join(INC10),
        root.join("incidents/000/INC-2026-0010.toml"),
    )
    .unwrap();
    let found = same_as_full(&root, "main");
    let dups: Vec<(&str, &str)> = found
        .iter()
        .filter(|f| f.code == "E0204")
        .map(|f| (f.file.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        dups,
        [
            (
                "incidents/000/INC-2026-0010.toml",
                "id `INC-2026-0010` is also used by incidents/2026/INC-2026-0010.toml"
            ),
            (
                INC10,
                "id `INC-2026-0010` is also used by incidents/000/INC-2026-0010.toml"
            ),
        ]
    );
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_reports_every_record_when_a_person_leaves_itc_toml() {
    let (_dir, root) = demo_in_git("");
    let config = std::fs::read_to_string(root.join("itc.toml")).unwrap();
    let block = "[[people]]\nid = \"zhao.liu\"";
    let start = config.find(block).unwrap();
    let end = start + config[start + 1..].find("\n[").unwrap() + 1;
    std::fs::write(
        root.join("itc.toml"),
        format!("{}{}", &config[..start], &config[end + 1..]),
    )
    .unwrap();
    let found = same_as_full(&root, "main");
    assert!(found.len() >= 10, "{found:#?}");
    assert!(
        found
            .iter()
            .all(|f| f.code == "E0701" && f.message.contains("zhao.liu")),
        "{found:#?}"
    );
}

const TICKET_RULES: &str = r#"version = 1
mode = "extend"

[[kind]]
key = "incident"
fields = [{ name = "ticket", type = "text", required = true, zh = "工单号", en = "Ticket" }]
"#;

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_reports_every_record_when_rules_toml_is_added() {
    let (_dir, root) = demo_in_git("");
    std::fs::write(root.join("rules.toml"), TICKET_RULES).unwrap();
    let found = same_as_full(&root, "main");
    let files: BTreeSet<&str> = found.iter().map(|f| f.file.as_str()).collect();
    assert!(files.len() >= 15, "{files:?}");
    assert!(
        files.iter().all(|f| f.starts_with("incidents/")),
        "{files:?}"
    );
}

#[test]
fn duplicate_id_is_reported_on_every_file_naming_the_others() {
    let dir = temp_copy(&demo());
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join("incidents").join(sub)).unwrap();
        std::fs::copy(
            dir.path().join(INC10),
            dir.path()
                .join(format!("incidents/{sub}/INC-2026-0010.toml")),
        )
        .unwrap();
    }
    let found = sorted_findings(dir.path(), &[]);
    let dups: Vec<(&str, &str)> = found
        .iter()
        .filter(|f| f.code == "E0204")
        .map(|f| (f.file.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        dups,
        [
            (
                INC10,
                "id `INC-2026-0010` is also used by incidents/a/INC-2026-0010.toml, incidents/b/INC-2026-0010.toml"
            ),
            (
                "incidents/a/INC-2026-0010.toml",
                "id `INC-2026-0010` is also used by incidents/2026/INC-2026-0010.toml, incidents/b/INC-2026-0010.toml"
            ),
            (
                "incidents/b/INC-2026-0010.toml",
                "id `INC-2026-0010` is also used by incidents/2026/INC-2026-0010.toml, incidents/a/INC-2026-0010.toml"
            ),
        ]
    );
    // One of them checked on its own names the same others.
    let one = sorted_findings(dir.path(), &["incidents/b"]);
    assert_eq!(codes_on(&one, "incidents/b/INC-2026-0010.toml"), ["E0204"]);
    assert_eq!(one[0].message, dups[2].1);
}

/// Asserts that `check --changed-since REV` fails with one short message holding `says`, and
/// none of git's usage text.
fn refused(dir: &Path, rev_arg: &str, says: &str) {
    let out = itc(dir, &["--lang", "en", "check", rev_arg]);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(says), "{err}");
    assert!(!err.contains("usage"), "{err}");
    assert!(stdout(&out).is_empty());
    let zh = itc(dir, &["--lang", "zh", "check", rev_arg]);
    assert_eq!(code(&zh), 2);
    assert!(has_cjk(&stderr(&zh)), "{}", stderr(&zh));
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_outside_a_git_work_tree_is_one_message() {
    let dir = temp_copy(&demo());
    refused(
        dir.path(),
        "--changed-since=main",
        "is not inside a git work tree",
    );
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_unknown_revision_is_one_message() {
    let (_dir, root) = demo_in_git("");
    refused(
        &root,
        "--changed-since=no-such-branch",
        "unknown git revision `no-such-branch`",
    );
    // A branch with no history in common.
    git(&root, &["checkout", "-q", "--orphan", "other"]);
    git(&root, &["commit", "-qm", "unrelated"]);
    refused(
        &root,
        "--changed-since=main",
        "`main` and HEAD have no common ancestor",
    );
    // A blob is not a commit.
    let blob = git(&root, &["rev-parse", "HEAD:itc.toml"]);
    refused(
        &root,
        &format!("--changed-since={}", blob.trim()),
        "unknown git revision",
    );
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_refuses_option_like_revision() {
    let (dir, root) = demo_in_git("");
    let target = dir.path().join("FILE");
    for rev in [
        format!("--output={}", target.display()),
        "--output=FILE".to_string(),
        "-p".to_string(),
    ] {
        refused(
            &root,
            &format!("--changed-since={rev}"),
            "is not a git revision",
        );
    }
    assert!(!target.exists());
    assert!(!root.join("FILE").exists());
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_sees_non_ascii_paths() {
    let (_dir, root) = demo_in_git("");
    let folder = root.join("incidents/网络");
    std::fs::create_dir_all(&folder).unwrap();
    let text = std::fs::read_to_string(root.join(INC10))
        .unwrap()
        .replace("INC-2026-0010", "INC-2026-0901")
        .replace("severity = \"P1\"", "severity = \"P9\"");
    assert!(text.contains("P9"));
    std::fs::write(folder.join("INC-2026-0901.toml"), &text).unwrap();
    let found = same_as_full(&root, "main");
    assert_eq!(
        codes_on(&found, "incidents/网络/INC-2026-0901.toml"),
        ["E0305"]
    );
    // Tracked and committed on a branch, then moved to another non-ASCII folder: the same.
    git(&root, &["checkout", "-qb", "topic"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "add"]);
    std::fs::create_dir_all(root.join("incidents/数据库")).unwrap();
    git(
        &root,
        &[
            "mv",
            "incidents/网络/INC-2026-0901.toml",
            "incidents/数据库/INC-2026-0901.toml",
        ],
    );
    let found = same_as_full(&root, "main");
    assert_eq!(
        codes_on(&found, "incidents/数据库/INC-2026-0901.toml"),
        ["E0305"]
    );
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_counts_from_the_merge_base() {
    let (_dir, root) = demo_in_git("");
    let bad = "incidents/2026/INC-2026-0001.toml";
    let break_it = |file: &str| {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let text = text.replacen("owner = \"", "owner = \"nobody.", 1);
        std::fs::write(root.join(file), text).unwrap();
    };
    // A record broken at the base is fixed on main after the branch point; the branch keeps it
    // broken and breaks another record.
    break_it(bad);
    git(&root, &["commit", "-qam", "base with a broken record"]);
    git(&root, &["checkout", "-qb", "topic"]);
    git(&root, &["checkout", "-q", "main"]);
    git(&root, &["checkout", "HEAD~1", "--", bad]);
    git(&root, &["commit", "-qam", "main fixes it"]);
    git(&root, &["checkout", "-q", "topic"]);
    let mine = "incidents/2026/INC-2026-0003.toml";
    break_it(mine);
    git(&root, &["commit", "-qam", "topic breaks another"]);
    let since = sorted_findings(&root, &["--changed-since", "main"]);
    let files: BTreeSet<&str> = since.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(files, BTreeSet::from([mine]), "{since:#?}");
    let full = sorted_findings(&root, &[]);
    let files: BTreeSet<&str> = full.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(files, BTreeSet::from([bad, mine]));
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_with_records_in_a_subfolder() {
    let (dir, root) = demo_in_git("ops/记录");
    // A change outside the records folder is not the records' change.
    std::fs::write(dir.path().join("README.md"), "changed\n").unwrap();
    assert!(sorted_findings(&root, &["--changed-since", "main"]).is_empty());
    std::fs::remove_file(root.join(INC10)).unwrap();
    let found = same_as_full(&root, "main");
    assert_eq!(codes_on(&found, INC11), ["E0703"]);
    // Run from a folder inside the records, or with -C from the top.
    let from_inside = sorted_findings(&root.join("incidents"), &["--changed-since", "main"]);
    assert_eq!(from_inside, found);
    let out = itc(
        dir.path(),
        &[
            "-C",
            "ops/记录",
            "check",
            "--format",
            "json",
            "--changed-since",
            "main",
        ],
    );
    let (mut via_c, _) = findings(&out);
    via_c.sort();
    assert_eq!(
        via_c.iter().map(Finding::brief).collect::<Vec<_>>(),
        found.iter().map(Finding::brief).collect::<Vec<_>>()
    );
    // itc.toml of the subfolder changed: every record is reported.
    std::fs::write(root.join("rules.toml"), TICKET_RULES).unwrap();
    let found = same_as_full(&root, "main");
    assert!(found.len() > 10);
}

#[test]
fn check_of_one_file_equals_the_full_check_on_that_file() {
    let broken = temp_copy(&demo());
    let b = broken.path();
    std::fs::remove_file(b.join(INC10)).unwrap();
    std::fs::create_dir_all(b.join("incidents/000")).unwrap();
    std::fs::copy(
        b.join("incidents/2026/INC-2026-0002.yaml"),
        b.join("incidents/000/INC-2026-0002.yaml"),
    )
    .unwrap();
    for dir in [fixture("invalid"), b.to_path_buf()] {
        let full = sorted_findings(&dir, &[]);
        let mut files: Vec<PathBuf> = Vec::new();
        for kind in std::fs::read_dir(&dir).unwrap() {
            let kind = kind.unwrap().path();
            if kind.is_dir() {
                files.extend(
                    walk(&kind)
                        .into_iter()
                        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "yaml")),
                );
            }
        }
        assert!(files.len() > 20);
        for file in files {
            let rel = file
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let mine: Vec<&Finding> = full.iter().filter(|f| f.file == rel).collect();
            let alone = sorted_findings(&dir, &[&rel]);
            let alone: Vec<&Finding> = alone.iter().filter(|f| f.file != "itc.toml").collect();
            assert_eq!(alone, mine, "{rel}");
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The record files under `root`, relative to it.
fn records(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for kind in std::fs::read_dir(root).unwrap() {
        let kind = kind.unwrap().path();
        if kind.is_dir() && !kind.ends_with(".git") {
            for p in walk(&kind) {
                if p.extension().is_some_and(|e| e == "toml" || e == "yaml") {
                    out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
                }
            }
        }
    }
    out
}

/// Replaces the top-level `key` line of a record with `value` (or adds it first).
fn set_line(text: &str, yaml: bool, key: &str, value: &str) -> String {
    let line = if yaml {
        format!("{key}: {value}")
    } else {
        format!("{key} = \"{value}\"")
    };
    let prefix = if yaml {
        format!("{key}:")
    } else {
        format!("{key} =")
    };
    let mut done = false;
    let mut out: Vec<String> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with(&prefix) {
                done = true;
                line.clone()
            } else {
                l.to_string()
            }
        })
        .collect();
    if !done {
        out.insert(0, line);
    }
    out.join("\n") + "\n"
}

/// Applies one random change to the records at `root`; says what it did.
fn mutate(rng: &mut Rng, root: &Path, serial: &mut u32) -> String {
    let files = records(root);
    let file = rng.pick(&files).clone();
    let path = root.join(&file);
    let yaml = file.ends_with(".yaml");
    let stem = Path::new(&file)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let kind_folder = file.split('/').next().unwrap().to_string();
    match rng.below(8) {
        0 => {
            std::fs::remove_file(&path).unwrap();
            format!("delete {file}")
        }
        1 => {
            *serial += 1;
            let (head, _) = stem.rsplit_once('-').unwrap();
            let new_id = format!("{head}-9{serial:03}");
            let text = std::fs::read_to_string(&path).unwrap();
            let text = set_line(&text, yaml, "id", &new_id);
            let folder = if rng.below(2) == 0 {
                Path::new(&file).parent().unwrap().to_path_buf()
            } else {
                PathBuf::from(&kind_folder).join("moved")
            };
            std::fs::create_dir_all(root.join(&folder)).unwrap();
            let ext = if yaml { "yaml" } else { "toml" };
            let to = folder.join(format!("{new_id}.{ext}"));
            std::fs::remove_file(&path).unwrap();
            std::fs::write(root.join(&to), text).unwrap();
            format!("rename {file} to {}", to.display())
        }
        2 => {
            let to = PathBuf::from(&kind_folder)
                .join("000")
                .join(Path::new(&file).file_name().unwrap());
            std::fs::create_dir_all(root.join(to.parent().unwrap())).unwrap();
            std::fs::copy(&path, root.join(&to)).unwrap();
            format!("duplicate {file} to {}", to.display())
        }
        3 | 4 => {
            let (key, value) = *rng.pick(&[
                ("stage", "no_such_stage"),
                ("owner", "no.one"),
                ("id", "bad id"),
                ("title", ""),
                ("links", "[INC-2026-0999]"),
            ]);
            let text = std::fs::read_to_string(&path).unwrap();
            let text = match (key, yaml) {
                // A TOML list, not a string (a second `links` key is a finding too).
                ("links", false) => format!("links = [\"INC-2026-0999\"]\n{text}"),
                _ => set_line(&text, yaml, key, value),
            };
            std::fs::write(&path, text).unwrap();
            format!("set {key} of {file}")
        }
        5 => {
            let config = std::fs::read_to_string(root.join("itc.toml")).unwrap();
            let starts: Vec<usize> = config.match_indices("[[people]]").map(|(i, _)| i).collect();
            let Some(&start) = (!starts.is_empty()).then(|| rng.pick(&starts)) else {
                return "no person left to remove".to_string();
            };
            let end = config[start + 1..]
                .find("\n[")
                .map_or(config.len(), |e| start + e + 2);
            std::fs::write(
                root.join("itc.toml"),
                format!("{}{}", &config[..start], &config[end..]),
            )
            .unwrap();
            "remove a person from itc.toml".to_string()
        }
        6 => {
            std::fs::write(root.join("rules.toml"), TICKET_RULES).unwrap();
            "add rules.toml requiring incident.ticket".to_string()
        }
        _ => {
            // Edit a record validly: a change with no finding of its own.
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("# reviewed\n{text}")).unwrap();
            format!("comment {file}")
        }
    }
}

/// Runs `cases` random changes on one git copy of the demo; returns how many had findings.
fn random_changes(seed: u64, cases: usize) -> usize {
    let mut rng = Rng(seed | 1);
    let (dir, root) = demo_in_git("");
    let top = dir.path();
    let base = git(top, &["rev-parse", "HEAD"]).trim().to_string();
    let mut with_findings = 0;
    let mut serial = 0;
    let mut on_topic = false;
    for case in 0..cases {
        if on_topic {
            git(top, &["checkout", "-qf", "main"]);
        }
        git(top, &["reset", "-q", "--hard", &base]);
        git(top, &["clean", "-qfdx"]);
        // How the change reaches the work tree: unstaged (0), staged (1), committed on a
        // branch while main moves on after the branch point (2), or staged, then changed
        // again without staging (3).
        let how = rng.below(4);
        on_topic = how == 2;
        if on_topic {
            git(top, &["checkout", "-qB", "topic"]);
        }
        let mut did = Vec::new();
        for k in 0..1 + rng.below(3) {
            did.push(mutate(&mut rng, &root, &mut serial));
            if how == 3 && k == 0 {
                git(top, &["add", "-A"]);
            }
        }
        if how == 1 || how == 2 {
            git(top, &["add", "-A"]);
        }
        if on_topic {
            git(top, &["commit", "-qm", "change"]);
            git(top, &["checkout", "-q", "main"]);
            std::fs::write(top.join("README.md"), format!("main moves on {case}\n")).unwrap();
            git(top, &["commit", "-qam", "main moves on"]);
            git(top, &["checkout", "-q", "topic"]);
        }
        let full = sorted_findings(&root, &[]);
        let since = sorted_findings(&root, &["--changed-since", "main"]);
        assert_eq!(since, full, "case {case} (seed {seed}, how {how}): {did:?}");
        with_findings += usize::from(!full.is_empty());
    }
    with_findings
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn changed_since_reports_exactly_the_full_check_on_random_changes() {
    // 2 x 100 cases, one git repository per core. ITC_GATE_SEED replays another run.
    const CASES: usize = 100;
    let seed: u64 = std::env::var("ITC_GATE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x1c7_9a7e);
    let with_findings: usize = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2u64)
            .map(|w| s.spawn(move || random_changes(seed.wrapping_add(w * 0x9e37_79b9), CASES)))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    // The changes are not all harmless: most of them break something.
    assert!(with_findings > CASES, "{with_findings} of {}", 2 * CASES);
}
