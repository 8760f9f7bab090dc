//! What CI systems read and run: the reports of `check --format github|gitlab|sarif|junit`,
//! judged by their consumers' own schemas and parsers (paths from the top of the git work tree,
//! step summaries, stable fingerprints, well-formed XML whatever the values), and the
//! `.pre-commit-hooks.yaml` manifest.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::external::{Case, PIP_TOOLS, check_jsonschema, external, parse_junit};
use crate::support::*;

#[test]
fn github_annotations() {
    // A copy outside this project's git work tree: paths are then relative to itc.toml.
    let dir = temp_copy(&fixture("invalid"));
    let out = itc(
        dir.path(),
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "github",
            "incidents/layout",
        ],
    );
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.contains("::error file=incidents/layout/INC-2026-0203.yaml,line=1,endLine=1,col=5,endColumn=17,title=itc E0203 (layout)::id `INC-2026-0230` does not match the file name `INC-2026-0203`\n"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("::")).count(),
        text.lines().count()
    );
}

#[test]
fn gitlab_and_junit_reports() {
    // A copy outside this project's git work tree: paths are then relative to itc.toml.
    let copy = temp_copy(&fixture("invalid"));
    let dir = copy.path().to_path_buf();
    let out = itc(
        &dir,
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "gitlab",
            "incidents/layout",
        ],
    );
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(
        issues.len(),
        23,
        "five layout findings (a duplicate id on both its files) and eighteen of itc.toml"
    );
    assert_eq!(
        issues[0]["location"]["path"],
        "incidents/layout/INC-2026-0201.toml"
    );
    assert_eq!(issues[0]["location"]["lines"]["begin"], 3);
    assert_eq!(issues[0]["severity"], "major");
    let again: serde_json::Value = serde_json::from_slice(
        &itc(
            &dir,
            &[
                "--lang",
                "en",
                "check",
                "--format",
                "gitlab",
                "incidents/layout",
            ],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(
        issues[0]["fingerprint"], again[0]["fingerprint"],
        "stable fingerprints"
    );
    let out = itc(
        &dir,
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "junit",
            "incidents/layout",
        ],
    );
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(
        xml.contains(
            "<testcase classname=\"itc check\" name=\"incidents/layout/INC_2026_0202.yaml\">"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("error[E0202] id `INC_2026_0202` is not well formed"),
        "{xml}"
    );
    // Every checked file of the scope (one passes), and itc.toml.
    assert_eq!(xml.matches("<testcase ").count(), 6);
}

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
    assert_eq!(tests, 94, "93 records and itc.toml");
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

#[test]
#[cfg_attr(
    not(consumer = "pre-commit"),
    ignore = "needs pre-commit (python3 -m pip install pre-commit); tests/run installs it"
)]
fn the_pre_commit_hooks_manifest_validates() {
    let manifest = root().join(".pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    for part in [
        "- id: itc-check",
        "- id: itc-fmt",
        "language: rust",
        "files: \\.(toml|ya?ml)$",
    ] {
        assert!(text.contains(part), "{part}:\n{text}");
    }
    external("pre-commit", PIP_TOOLS);
    let out = Command::new("pre-commit")
        .arg("validate-manifest")
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}
