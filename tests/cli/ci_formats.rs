//! The reports CI systems read (GitHub, GitLab, SARIF, JUnit), judged by their consumers' own
//! schemas and parsers; control characters and formula or table injection in every output; and
//! the speed of human diagnostics on a large report.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::external::{Case, PIP_TOOLS, check_jsonschema, external, parse_junit};
use crate::support::*;

fn itc_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut run = Itc::new(dir).args(args);
    for (k, v) in env {
        run = run.env(k, v);
    }
    run.run()
}

/// A git work tree holding a copy of the invalid fixtures in `sub/records`.
fn nested_invalid() -> (tempfile::TempDir, std::path::PathBuf) {
    let top = tempfile::tempdir().unwrap();
    git_init(top.path());
    let records = top.path().join("sub/records");
    copy_dir(&fixture("invalid"), &records);
    (top, records)
}

#[test]
fn ci_paths_are_relative_to_the_top_of_the_git_work_tree() {
    let (_top, records) = nested_invalid();
    let file = "incidents/fields/INC-2026-0301.toml";
    let want = format!("sub/records/{file}");
    // From the records' root and from a folder inside it, the paths are the same.
    for dir in [records.clone(), records.join("incidents")] {
        let out = itc(&dir, &["check", "--format", "github"]);
        assert_eq!(code(&out), 1);
        assert!(
            stdout(&out).contains(&format!("file={want},line=")),
            "{}",
            stdout(&out)
        );
    }
    let gitlab: Value =
        serde_json::from_slice(&itc(&records, &["check", "--format", "gitlab"]).stdout).unwrap();
    let paths: BTreeSet<&str> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["location"]["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(want.as_str()), "{paths:?}");
    assert!(paths.iter().all(|p| p.starts_with("sub/records/")));
    let sarif: Value =
        serde_json::from_slice(&itc(&records, &["check", "--format", "sarif"]).stdout).unwrap();
    let uris: BTreeSet<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(want.as_str()), "{uris:?}");
    let junit = stdout(&itc(&records, &["check", "--format", "junit"]));
    assert!(junit.contains(&format!("name=\"{want}\"")), "{junit}");
    // The JSON report stays relative to itc.toml.
    let (found, _) = findings(&itc(&records, &["check", "--format", "json"]));
    assert!(found.iter().any(|f| f.file == file));

    // A linked worktree or submodule has a `.git` file: its folder is the top.
    let linked = tempfile::tempdir().unwrap();
    std::fs::write(linked.path().join(".git"), "gitdir: /elsewhere\n").unwrap();
    copy_dir(&fixture("invalid"), &linked.path().join("recs"));
    let out = stdout(&itc(
        &linked.path().join("recs"),
        &["check", "--format", "github"],
    ));
    assert!(out.contains(&format!("file=recs/{file},")), "{out}");
    // Outside any work tree: relative to itc.toml.
    let plain = temp_copy(&fixture("invalid"));
    let out = stdout(&itc(plain.path(), &["check", "--format", "github"]));
    assert!(out.contains(&format!("file={file},")), "{out}");
}

#[test]
#[cfg_attr(
    not(consumer = "check-jsonschema"),
    ignore = "needs check-jsonschema (python3 -m pip install check-jsonschema); tests/run installs it"
)]
fn sarif_validates_against_the_official_schema() {
    let (top, records) = nested_invalid();
    let out = itc(&records, &["--lang", "en", "check", "--format", "sarif"]);
    assert_eq!(code(&out), 1);
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let codes: Vec<&str> = itc::output::catalog::codes().collect();
    assert_eq!(rules.len(), codes.len(), "one rule per code");
    let e0307 = rules.iter().find(|r| r["id"] == "E0307").unwrap();
    assert_eq!(
        e0307["help"]["text"],
        "remove it, or define it in rules.toml"
    );
    let results = run["results"].as_array().unwrap();
    let (found, _) = findings(&itc(&records, &["check", "--format", "json"]));
    assert_eq!(results.len(), found.len());
    for r in results {
        let code = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], code);
        let level = if code.starts_with('W') {
            "warning"
        } else {
            "error"
        };
        assert_eq!(r["level"], level);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{r}");
        }
        assert!(region["endColumn"].as_u64() > region["startColumn"].as_u64());
    }
    // A finding at a known place: `severity = 1` in INC-2026-0301, line 5 column 12.
    let at = results
        .iter()
        .find(|r| {
            r["ruleId"] == "E0303"
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == "sub/records/incidents/fields/INC-2026-0301.toml"
        })
        .unwrap();
    assert_eq!(
        at["locations"][0]["physicalLocation"]["region"]["startColumn"],
        12
    );
    external("check-jsonschema", PIP_TOOLS);
    // The official schema (as serde-sarif 0.8 ships it), whose patterns are ECMAScript regexes
    // in non-unicode mode (`]?` is not valid in unicode mode).
    let schema = root().join("tests/schemas/sarif-schema-2.1.0.json");
    let args = [
        "--regex-variant",
        "nonunicode",
        "--schemafile",
        schema.to_str().unwrap(),
    ];
    let file = top.path().join("itc.sarif");
    std::fs::write(&file, &out.stdout).unwrap();
    check_jsonschema(&args, &file);
    // A clean run is a valid log too.
    let out = itc(&demo(), &["check", "--format", "sarif"]);
    assert_eq!(code(&out), 0);
    std::fs::write(&file, &out.stdout).unwrap();
    check_jsonschema(&args, &file);
    // The validator does reject a log that breaks the schema.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    std::fs::write(&file, broken.to_string()).unwrap();
    let out = Command::new("check-jsonschema")
        .args(args)
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", stdout(&out));
}

#[test]
fn github_annotations_have_an_end_and_a_title_and_a_step_summary() {
    let dir = temp_copy(&fixture("invalid"));
    let summary = dir.path().join("summary.md");
    let out = itc_env(
        dir.path(),
        &["--lang", "en", "check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.contains(
            "::error file=incidents/fields/INC-2026-0301.toml,line=5,endLine=5,col=12,endColumn=12,title=itc E0303 (fields)::`severity` has the wrong type"
        ),
        "{text}"
    );
    let (found, _) = findings(&itc(dir.path(), &["check", "--format", "json"]));
    assert!(found.len() > 50);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("## itc check\n"), "{md}");
    assert!(md.contains("| E0303 | error | "), "{md}");
    let listed = md
        .lines()
        .filter(|l| l.contains(".toml |") || l.contains(".yaml |"));
    assert_eq!(listed.count(), found.len(), "every finding: {md}");
    assert!(!md.contains("more not listed"), "{md}");
    // Appended, not replaced: each step adds its own summary.
    itc_env(
        dir.path(),
        &["check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(md.matches("## itc check").count(), 2);
}

#[test]
fn github_summary_cells_are_markdown_escaped() {
    let dir = temp_copy(&demo());
    let path = dir.path().join("incidents/2026/INC-2026-0001.toml");
    replace_in(
        &path,
        "occurred_at = 2026-01-14T09:05:00+08:00",
        "occurred_at = \"a|b\\n| x | y |\\n*c*\"",
    );
    let summary = dir.path().join("summary.md");
    let out = itc_env(
        dir.path(),
        &["--lang", "en", "check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(code(&out), 1);
    let md = std::fs::read_to_string(&summary).unwrap();
    let row = md
        .lines()
        .find(|l| l.contains("E0304") && l.starts_with("| incidents/"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.contains("a\\|b<br>\\| x \\| y \\|<br>\\*c\\*"), "{row}");
    // The annotation itself stays one line.
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
}

/// Fingerprints of a GitLab report.
fn fingerprints(dir: &Path, lang: &str) -> Vec<String> {
    let out = itc(dir, &["--lang", lang, "check", "--format", "gitlab"]);
    assert_eq!(code(&out), 1);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn gitlab_fingerprints_are_unique_and_survive_moved_lines_and_another_language() {
    let dir = temp_copy(&fixture("invalid"));
    let before = fingerprints(dir.path(), "en");
    let unique: HashSet<&String> = before.iter().collect();
    assert_eq!(unique.len(), before.len(), "unique within a report");
    // Two findings on one line (E0301 and E0302 at 1:1) differ.
    let out = itc(dir.path(), &["check", "--format", "gitlab"]);
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let first_line: Vec<&Value> = items
        .iter()
        .filter(|i| {
            i["location"]["path"] == "incidents/fields/INC-2026-0301.toml"
                && i["location"]["lines"]["begin"] == 1
        })
        .collect();
    assert!(first_line.len() >= 2);
    assert_ne!(
        first_line[0]["fingerprint"], first_line[1]["fingerprint"],
        "two findings on one line"
    );
    // Comment lines added at the top of every record move every finding down.
    for entry in walkdir(dir.path()) {
        let rel = entry.strip_prefix(dir.path()).unwrap().to_string_lossy();
        let record = rel.ends_with(".toml") || rel.ends_with(".yaml");
        if !record || rel.contains("syntax") || rel == "itc.toml" {
            continue;
        }
        let text = std::fs::read(&entry).unwrap();
        let mut moved = b"# moved\n# down\n".to_vec();
        moved.extend(text);
        std::fs::write(&entry, moved).unwrap();
    }
    let after = fingerprints(dir.path(), "zh");
    let lines_before: Vec<u64> = items
        .iter()
        .map(|i| i["location"]["lines"]["begin"].as_u64().unwrap())
        .collect();
    let out = itc(dir.path(), &["check", "--format", "gitlab"]);
    let moved: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let lines_after: Vec<u64> = moved
        .iter()
        .map(|i| i["location"]["lines"]["begin"].as_u64().unwrap())
        .collect();
    assert_ne!(lines_before, lines_after, "the lines did move");
    let a: BTreeSet<&String> = before.iter().collect();
    let b: BTreeSet<&String> = after.iter().collect();
    assert_eq!(a, b, "the same findings keep their fingerprints");
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let t = e.file_type().unwrap();
        if t.is_dir() {
            out.extend(walkdir(&e.path()));
        } else if t.is_file() {
            out.push(e.path());
        }
    }
    out
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn junit_has_a_case_per_checked_file_and_a_clean_run_passes() {
    external("python3", "apt-get install python3");
    let out = itc(&demo(), &["check", "--format", "junit"]);
    assert_eq!(code(&out), 0);
    let (tests, failures, cases) = parse_junit(&out.stdout);
    assert_eq!(tests, 76, "75 records and itc.toml");
    assert_eq!(failures, 0);
    assert!(cases.iter().all(|c| c.1.is_none() && c.2.is_none()));

    let dir = temp_copy(&fixture("invalid"));
    // One clean record beside the broken ones: it must be a passing case.
    std::fs::write(
        dir.path().join("incidents/INC-2026-0999.toml"),
        "id = \"INC-2026-0999\"\ntitle = \"clean\"\nstage = \"alert\"\nowner = \"li.wei\"\nsystem = \"erp\"\nseverity = \"P3\"\ncategory = \"software\"\n\n[alert]\nat = 2026-03-01T09:00:00+08:00\nsource = \"zabbix\"\n",
    )
    .unwrap();
    let out = itc(dir.path(), &["check", "--format", "junit"]);
    assert_eq!(code(&out), 1);
    let (tests, failures, cases) = parse_junit(&out.stdout);
    assert_eq!(tests as usize, cases.len());
    let failing: Vec<&Case> = cases.iter().filter(|c| c.1.is_some()).collect();
    assert_eq!(failures as usize, failing.len());
    let inc = cases
        .iter()
        .find(|c| c.0 == "incidents/fields/INC-2026-0301.toml")
        .unwrap();
    assert!(
        inc.1.as_deref().unwrap().contains("error[E0303]"),
        "{inc:?}"
    );
    // A file with an error and a warning: the error fails, the warning goes to system-out.
    let prj = cases
        .iter()
        .find(|c| c.0 == "projects/PRJ-2026-0303.yaml")
        .unwrap();
    assert!(
        prj.1.as_deref().unwrap().contains("error[E0306]"),
        "{prj:?}"
    );
    assert!(!prj.1.as_deref().unwrap().contains("W0310"), "{prj:?}");
    assert!(
        prj.2.as_deref().unwrap().contains("warning[W0310]"),
        "{prj:?}"
    );
    // Files without findings are passing cases.
    assert!(
        cases
            .iter()
            .any(|c| c.0 == "incidents/INC-2026-0999.toml" && c.1.is_none() && c.2.is_none()),
        "{cases:?}"
    );
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn junit_warnings_fail_only_when_denied() {
    external("python3", "apt-get install python3");
    let dir = temp_copy(&demo());
    let path = dir.path().join("projects/PRJ-2026-004.yaml");
    replace_in(
        &path,
        "candidates: [庚测评, 辛安全, 壬测评]",
        "candidates: [辛安全]",
    );
    let out = itc(dir.path(), &["check", "--format", "junit"]);
    assert_eq!(code(&out), 0);
    let (_, failures, cases) = parse_junit(&out.stdout);
    assert_eq!(failures, 0);
    let prj = cases
        .iter()
        .find(|c| c.0 == "projects/PRJ-2026-004.yaml")
        .unwrap();
    assert!(prj.2.as_deref().unwrap().contains("W0310"));
    let out = itc(
        dir.path(),
        &["check", "--format", "junit", "--deny-warnings"],
    );
    assert_eq!(code(&out), 1);
    let (_, failures, cases) = parse_junit(&out.stdout);
    assert_eq!(failures, 1);
    let prj = cases
        .iter()
        .find(|c| c.0 == "projects/PRJ-2026-004.yaml")
        .unwrap();
    assert!(prj.1.as_deref().unwrap().contains("W0310"));
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn junit_is_well_formed_xml_whatever_the_values_and_file_names() {
    external("python3", "apt-get install python3");
    let dir = temp_copy(&demo());
    let inc = dir.path().join("incidents/2026");
    // Raw control characters in a file (a syntax error whose message may quote them), in a
    // value, and in a file name.
    std::fs::write(
        inc.join("INC-2026-0090.toml"),
        b"id = \"INC-2026-0090\"\ntitle = \"a\x01\x1b[2J\x7f\xc2\x9b\"\n",
    )
    .unwrap();
    replace_in(
        &inc.join("INC-2026-0001.toml"),
        "occurred_at = 2026-01-14T09:05:00+08:00",
        "occurred_at = \"<&]]>\\u0000\\u0008\\ufffe\"",
    );
    #[cfg(unix)]
    std::fs::write(inc.join("INC-2026-\u{1}0091.toml"), "id = 1\n").unwrap();
    let out = itc(dir.path(), &["check", "--format", "junit"]);
    assert_eq!(code(&out), 1);
    let (tests, failures, cases) = parse_junit(&out.stdout);
    assert!(tests >= 76 && failures >= 2, "{cases:?}");
    let text: String = cases
        .iter()
        .flat_map(|c| [Some(c.0.clone()), c.1.clone()])
        .flatten()
        .collect();
    assert!(text.contains("<&]]>\\u{0}\\u{8}"), "{text}");
    #[cfg(unix)]
    assert!(text.contains("INC-2026-\\u{1}0091.toml"), "{text}");
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
fn messages_of_set_print_values_escaped() {
    let dir = temp_copy(&demo());
    let out = itc(
        dir.path(),
        &["--lang", "en", "set", "INC-2026-0013", "title=a\u{1b}[2Jb"],
    );
    // The change is refused, and the message quotes the value with its control shown.
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("E0311") && said.contains("\\u{1b}"), "{said}");
    no_raw_controls("set", &stdout(&out));
    no_raw_controls("set", &said);
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
