//! Regressions of ci consumers: what GitHub code scanning, a GitHub step summary, a
//! pull-request comment and the CI files `itc init --ci` writes are judged by.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::external::{PIP_TOOLS, check_jsonschema, external};
#[allow(unused_imports)]
use crate::support::*;

/// GitHub's limit of results in one SARIF run, past which the upload is refused.
const GITHUB_RESULTS_PER_RUN: usize = 25_000;

/// Runs `itc` in `dir` in English with extra environment variables.
fn itc_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut run = Itc::new(dir).args(args);
    for (k, v) in env {
        run = run.env(k, v);
    }
    run.run()
}

fn git_init(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q"]);
}

/// What GitHub code scanning documents of an uploaded SARIF file ("SARIF support for code
/// scanning"): the properties it requires, and its limits (at most 20 runs, 25,000 results a
/// run, 25,000 rules a run). Returns the reasons a log breaks them.
fn github_code_scanning_problems(log: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut need = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    let text = |v: &Value| v.as_str().filter(|s| !s.trim().is_empty()).is_some();
    need(log["version"] == "2.1.0", "version is not 2.1.0".into());
    let Some(runs) = log["runs"].as_array() else {
        return vec!["no runs".into()];
    };
    need(
        (1..=20).contains(&runs.len()),
        format!("{} runs", runs.len()),
    );
    for (r, run) in runs.iter().enumerate() {
        let driver = &run["tool"]["driver"];
        need(
            text(&driver["name"]),
            format!("run {r}: no tool.driver.name"),
        );
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        need(
            rules.len() <= 25_000,
            format!("run {r}: {} rules", rules.len()),
        );
        let mut ids = std::collections::HashSet::new();
        for rule in &rules {
            let id = rule["id"].as_str().unwrap_or("");
            need(!id.is_empty(), format!("run {r}: a rule without id"));
            need(ids.insert(id.to_string()), format!("rule {id} twice"));
            for key in ["shortDescription", "fullDescription"] {
                need(
                    text(&rule[key]["text"]),
                    format!("rule {id}: no {key}.text"),
                );
                let t = rule[key]["text"].as_str().unwrap_or("");
                need(
                    !(t.contains('{') && t.contains('}')),
                    format!("rule {id}: {key}.text has a placeholder: {t}"),
                );
            }
            need(
                rule["shortDescription"]["text"].as_str().map(str::len) <= Some(1024),
                format!("rule {id}: shortDescription over 1024 characters"),
            );
        }
        let results = run["results"].as_array().cloned().unwrap_or_default();
        need(
            results.len() <= GITHUB_RESULTS_PER_RUN,
            format!("run {r}: {} results", results.len()),
        );
        let bases = run["originalUriBaseIds"].as_object();
        for res in &results {
            let rule = res["ruleId"].as_str().unwrap_or("");
            need(
                !rule.is_empty(),
                format!("run {r}: a result without ruleId"),
            );
            need(ids.contains(rule), format!("result of unknown rule {rule}"));
            need(
                text(&res["message"]["text"]),
                format!("{rule}: no message.text"),
            );
            let locations = res["locations"].as_array().cloned().unwrap_or_default();
            need(
                (1..=1000).contains(&locations.len()),
                format!("{rule}: {} locations", locations.len()),
            );
            for loc in &locations {
                let artifact = &loc["physicalLocation"]["artifactLocation"];
                need(
                    text(&artifact["uri"]),
                    format!("{rule}: no artifactLocation.uri"),
                );
                need(
                    loc["physicalLocation"]["region"]["startLine"].as_u64() >= Some(1),
                    format!("{rule}: no region.startLine"),
                );
                // A relative URI names its base (SARIF §3.4.4), declared by the run.
                let uri = artifact["uri"].as_str().unwrap_or("");
                if !uri.contains(':') {
                    let base = artifact["uriBaseId"].as_str().unwrap_or("");
                    need(
                        !base.is_empty(),
                        format!("{rule}: relative {uri} without uriBaseId"),
                    );
                    need(
                        bases.is_some_and(|b| b.contains_key(base)),
                        format!("{rule}: uriBaseId {base:?} not in originalUriBaseIds"),
                    );
                }
            }
        }
    }
    problems
}

/// The invalid fixtures in `sub/records` of a git work tree.
fn nested_invalid() -> (tempfile::TempDir, PathBuf) {
    let top = tempfile::tempdir().unwrap();
    git_init(top.path());
    let records = top.path().join("sub/records");
    copy_dir(&fixture("invalid"), &records);
    (top, records)
}

fn sarif(dir: &Path, lang: &str) -> Value {
    let out = itc(dir, &["--lang", lang, "check", "--format", "sarif"]);
    assert!(code(&out) <= 1, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

#[test]
fn sarif_rules_have_full_descriptions_without_placeholders() {
    let (_top, records) = nested_invalid();
    for lang in ["en", "zh"] {
        let log = sarif(&records, lang);
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(rules.len(), itc::output::catalog::codes().count());
        for rule in rules {
            let short = rule["shortDescription"]["text"].as_str().unwrap_or("");
            let full = rule["fullDescription"]["text"].as_str().unwrap_or("");
            assert!(!short.trim().is_empty(), "{lang}: {rule}");
            assert!(!full.trim().is_empty(), "{lang}: {rule}");
            for t in [short, full] {
                assert!(!t.contains('{') && !t.contains('}'), "{lang}: {rule}");
            }
            assert_ne!(
                short, full,
                "{lang}: the full description says more: {rule}"
            );
            assert_eq!(has_cjk(short), lang == "zh", "{rule}");
        }
    }
}

#[test]
fn sarif_meets_github_code_scanning_rules_and_names_the_base_of_its_paths() {
    let (_top, records) = nested_invalid();
    for (dir, lang) in [
        (records.as_path(), "en"),
        (records.as_path(), "zh"),
        (&demo(), "en"),
    ] {
        let log = sarif(dir, lang);
        let problems = github_code_scanning_problems(&log);
        assert!(problems.is_empty(), "{lang}: {problems:#?}");
        let run = &log["runs"][0];
        let uri = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        if dir == records.as_path() {
            assert_eq!(uri["uriBaseId"], "%SRCROOT%", "{uri}");
            assert!(
                uri["uri"].as_str().unwrap().starts_with("sub/records/"),
                "{uri}"
            );
        }
        assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object(), "{run}");
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }
}

#[test]
#[cfg_attr(
    not(consumer = "check-jsonschema"),
    ignore = "needs check-jsonschema (python3 -m pip install check-jsonschema); tests/run installs it"
)]
fn sarif_over_githubs_result_limit_keeps_the_most_severe_and_says_how_many_were_left_out() {
    // 260 records with 150 unknown fields each: 100 E0307 errors listed per file (and the
    // required fields each lacks), and a W0110 warning for the other 50: over 26,000 errors
    // and 260 warnings.
    let top = tempfile::tempdir().unwrap();
    git_init(top.path());
    copy_dir(&fixture("extended"), top.path());
    let folder = top.path().join("incidents/many");
    std::fs::create_dir_all(&folder).unwrap();
    for n in 0..260 {
        let id = format!("INC-2026-{:04}", 5000 + n);
        let mut text = format!("id = \"{id}\"\n");
        for i in 0..150 {
            text.push_str(&format!("x{i:05} = 1\n"));
        }
        std::fs::write(folder.join(format!("{id}.toml")), text).unwrap();
    }
    let (found, _) = findings(&itc(top.path(), &["check", "--format", "json"]));
    let errors = found.iter().filter(|f| f.severity == "error").count();
    assert!(errors > GITHUB_RESULTS_PER_RUN, "{errors}");
    let out = itc(top.path(), &["--lang", "en", "check", "--format", "sarif"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = github_code_scanning_problems(&log);
    assert!(
        problems.is_empty(),
        "{:#?}",
        &problems[..problems.len().min(5)]
    );
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), GITHUB_RESULTS_PER_RUN);
    assert!(
        results.iter().all(|r| r["level"] == "error"),
        "errors first"
    );
    // Kept in the usual order: the first file's findings come first.
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        found[0].file
    );
    let left_out = found.len() - GITHUB_RESULTS_PER_RUN;
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true, "{invocation}");
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{invocation}");
    let text = notes[0]["message"]["text"].as_str().unwrap();
    assert!(text.contains(&format!("{left_out}")), "{text}");
    assert!(text.contains("25000") || text.contains("25,000"), "{text}");
    assert_eq!(notes[0]["level"], "warning");
    // Still a valid SARIF 2.1.0 log, its notification included.
    external("check-jsonschema", PIP_TOOLS);
    let schema = root().join("tests/schemas/sarif-schema-2.1.0.json");
    let file = top.path().join("itc.sarif");
    std::fs::write(&file, &out.stdout).unwrap();
    let args = ["--regex-variant", "nonunicode", "--schemafile"];
    check_jsonschema(&[&args[..], &[schema.to_str().unwrap()]].concat(), &file);
    // The same in Chinese.
    let out = itc(top.path(), &["--lang", "zh", "check", "--format", "sarif"]);
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        has_cjk(&text) && text.contains(&format!("{left_out}")),
        "{text}"
    );
    // docs/ci.md states the limit.
    let doc = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    assert!(
        doc.contains("25,000"),
        "docs/ci.md does not state the limit"
    );
}

#[test]
fn github_step_summary_keeps_every_finding_and_says_annotations_past_the_step_limit_are_hidden() {
    let dir = temp_copy(&fixture("invalid"));
    let (found, _) = findings(&itc(dir.path(), &["check", "--format", "json"]));
    assert!(found.len() > 50, "{}", found.len());
    for (lang, note) in [
        ("en", "GitHub shows at most 10"),
        ("zh", "GitHub 每个步骤最多显示"),
    ] {
        let summary = dir.path().join(format!("summary-{lang}.md"));
        let out = itc_env(
            dir.path(),
            &["--lang", lang, "check", "--format", "github"],
            &[("GITHUB_STEP_SUMMARY", &summary)],
        );
        assert_eq!(code(&out), 1);
        let md = std::fs::read_to_string(&summary).unwrap();
        let listed = md
            .lines()
            .filter(|l| l.contains(".toml |") || l.contains(".yaml |") || l.contains(".yml |"))
            .count();
        assert_eq!(listed, found.len(), "every finding in the summary: {md}");
        assert!(md.contains(note), "{md}");
    }
    // Few findings: no note.
    let dir = temp_copy(&demo());
    replace_in(
        &dir.path().join("incidents/2026/INC-2026-0001.toml"),
        "severity = \"P1\"",
        "severity = \"P9\"",
    );
    let summary = dir.path().join("summary.md");
    itc_env(
        dir.path(),
        &["--lang", "en", "check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("| E0305 |") && !md.contains("GitHub shows at most"),
        "{md}"
    );
    let doc = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    assert!(doc.contains("10 errors and 10 warnings"), "docs/ci.md");
}

/// What would make GitHub or GitLab link or notify: an `@name` mention, a bare URL, an issue
/// reference.
fn live_markup(md: &str) -> Vec<String> {
    let mut found = Vec::new();
    let chars: Vec<char> = md.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '@' && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric()) {
            found.push(chars[i..chars.len().min(i + 20)].iter().collect());
        }
        if *c == '#' && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit()) {
            found.push(chars[i..chars.len().min(i + 20)].iter().collect());
        }
    }
    let lower = md.to_lowercase();
    for pattern in ["http://", "https://", "ftp://", "www."] {
        for (i, _) in lower.match_indices(pattern) {
            found.push(lower[i..].chars().take(30).collect());
        }
    }
    found
}

const HOSTILE: &str =
    "ping @octocat and @acme/security-team, see https://evil.example/x and www.evil.example #12";

#[test]
fn markdown_outputs_make_no_live_mentions_or_links() {
    // diff --format md: a pull-request comment.
    let top = tempfile::tempdir().unwrap();
    git_init(top.path());
    copy_dir(&demo(), top.path());
    git(top.path(), &["add", "-A"]);
    git(top.path(), &["commit", "-q", "-m", "demo"]);
    let inc = top.path().join("incidents/2026/INC-2026-0001.toml");
    replace_in(
        &inc,
        "title = \"ERP 数据库连接池耗尽\"",
        &format!("title = \"{HOSTILE}\""),
    );
    let out = itc(
        top.path(),
        &["--lang", "en", "diff", "HEAD", "--format", "md"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.contains("octocat") && md.contains("evil.example"),
        "{md}"
    );
    assert_eq!(live_markup(&md), Vec::<String>::new(), "{md}");

    // report --format md.
    let out = itc(
        top.path(),
        &[
            "--lang",
            "en",
            "report",
            "--period",
            "2026-01",
            "--as-of",
            "2026-02-01",
            "--format",
            "md",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.contains("octocat"), "{md}");
    assert_eq!(live_markup(&md), Vec::<String>::new());

    // The step summary of check --format github.
    replace_in(
        &inc,
        "outage_start = 2026-01-14T09:05:00+08:00",
        &format!("outage_start = \"{HOSTILE}\""),
    );
    let summary = top.path().join("summary.md");
    let out = itc_env(
        top.path(),
        &["--lang", "en", "check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("octocat"), "{md}");
    assert_eq!(live_markup(&md), Vec::<String>::new(), "{md}");
}

/// A git work tree with an itc repository in `dir` (relative), and `itc init DIR --ci SYSTEM`
/// run from the top.
fn init_ci_in(dir: &str, ci: &str) -> (tempfile::TempDir, Output) {
    let top = tempfile::tempdir().unwrap();
    git_init(top.path());
    let out = itc(top.path(), &["--lang", "en", "init", dir, "--ci", ci]);
    (top, out)
}

fn workflow(ci: &str) -> String {
    let (top, out) = init_ci_in("records", ci);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = match ci {
        "github" => ".github/workflows/itc.yml",
        _ => ".gitlab-ci.yml",
    };
    std::fs::read_to_string(top.path().join(file)).unwrap()
}

#[test]
fn init_ci_refuses_a_folder_name_the_ci_system_would_evaluate() {
    for (dir, ci) in [
        ("${{ github.token }}", "github"),
        ("a/${{ secrets.X }}/b", "github"),
        ("$CI_JOB_TOKEN", "gitlab"),
    ] {
        let (top, out) = init_ci_in(dir, ci);
        assert_eq!(code(&out), 2, "{dir}: {}", stdout(&out));
        assert!(
            stderr(&out).contains("nothing was written"),
            "{}",
            stderr(&out)
        );
        assert!(!top.path().join(".github").exists());
        assert!(!top.path().join(".gitlab-ci.yml").exists());
        assert!(!top.path().join(dir).join("itc.toml").exists(), "{dir}");
    }
    // A `$` alone is nothing to GitHub, and is quoted for the shell.
    let (top, out) = init_ci_in("a$b", "github");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(top.path().join(".github/workflows/itc.yml")).unwrap();
    assert!(text.contains("working-directory: \"a$b\""), "{text}");
}

#[cfg(unix)]
#[test]
fn init_ci_never_writes_through_a_symbolic_link() {
    for (link, ci, file) in [
        (".github", "github", "workflows/itc.yml"),
        (".github/workflows", "github", "itc.yml"),
    ] {
        let top = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        git_init(top.path());
        let at = top.path().join(link);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(outside.path(), &at).unwrap();
        let out = itc(top.path(), &["--lang", "en", "init", "records", "--ci", ci]);
        assert_eq!(code(&out), 2, "{}", stdout(&out));
        assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
        assert!(
            !outside.path().join(file).exists(),
            "written outside through {link}"
        );
        assert!(
            std::fs::read_dir(outside.path()).unwrap().next().is_none(),
            "{link}: something was written outside"
        );
    }
    // A link as the file itself.
    let top = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    git_init(top.path());
    std::os::unix::fs::symlink(
        outside.path().join("x.yml"),
        top.path().join(".gitlab-ci.yml"),
    )
    .unwrap();
    let out = itc(
        top.path(),
        &["--lang", "en", "init", "records", "--ci", "gitlab"],
    );
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(!outside.path().join("x.yml").exists());
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_symbolic_link_in_the_new_repository() {
    for link in ["incidents", "schema"] {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join(link)).unwrap();
        let out = itc(dir.path(), &["--lang", "en", "init"]);
        assert_eq!(code(&out), 2, "{link}: {}", stdout(&out));
        assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
        assert!(
            std::fs::read_dir(outside.path()).unwrap().next().is_none(),
            "{link}: something was written outside"
        );
        assert!(!dir.path().join("itc.toml").exists());
    }
    // An existing README, link or not, is kept as it is.
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("README.md"), "mine\n").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("README.md"),
        dir.path().join("README.md"),
    )
    .unwrap();
    let out = itc(dir.path(), &["--lang", "en", "init"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let kept = std::fs::read_to_string(outside.path().join("README.md")).unwrap();
    assert_eq!(kept, "mine\n");
}

#[test]
fn init_ci_pins_the_actions_by_commit_and_itc_by_version_with_a_cache() {
    let text = workflow("github");
    let version = env!("CARGO_PKG_VERSION");
    let mut actions = 0;
    for line in text.lines() {
        let Some(used) = line.trim().trim_start_matches("- ").strip_prefix("uses: ") else {
            continue;
        };
        actions += 1;
        let (action, rest) = used.split_once('@').unwrap_or((used, ""));
        let (sha, comment) = rest.split_once(" # ").unwrap_or((rest, ""));
        assert!(
            sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
            "{action} is not pinned by commit: {line}"
        );
        assert!(
            comment.starts_with('v'),
            "{action}: no version comment: {line}"
        );
        if action == "github/codeql-action/upload-sarif" {
            assert!(comment.starts_with("v4"), "{line}");
        }
    }
    assert!(actions >= 3, "checkout, cache and upload-sarif: {text}");
    assert!(text.contains("uses: actions/cache@"), "{text}");
    assert!(!text.contains("@v3") && !text.contains("@v4\n"), "{text}");
    let tag = format!("--tag \"v{version}\"");
    assert!(text.contains(&tag), "itc is not pinned: {text}");
    let text = workflow("gitlab");
    assert!(text.contains(&tag), "itc is not pinned: {text}");
    assert!(text.contains("cache:"), "{text}");
}

#[test]
fn init_ci_github_guards_the_sarif_upload_for_forks_and_repositories_without_code_scanning() {
    let text = workflow("github");
    let upload = text
        .split("\n      - ")
        .find(|step| step.contains("upload-sarif"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(upload.contains("continue-on-error: true"), "{upload}");
    assert!(
        upload.contains("github.event.pull_request.head.repo.full_name == github.repository"),
        "{upload}"
    );
    // The findings are shown another way when they could not be uploaded.
    assert!(text.contains("steps.upload.outcome != 'success'"), "{text}");
    let doc = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    assert!(doc.contains("fork"), "docs/ci.md says nothing of forks");
}

#[test]
#[cfg_attr(
    not(consumer = "check-jsonschema"),
    ignore = "needs check-jsonschema (python3 -m pip install check-jsonschema); tests/run installs it"
)]
fn init_ci_checks_the_default_branch_whatever_its_name() {
    let text = workflow("github");
    assert!(!text.contains("main"), "{text}");
    assert!(
        text.contains("github.event.repository.default_branch"),
        "{text}"
    );
    let text = workflow("gitlab");
    assert!(!text.contains("main"), "{text}");
    assert!(
        text.contains("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"),
        "{text}"
    );
    external("check-jsonschema", PIP_TOOLS);
    let dir = tempfile::tempdir().unwrap();
    for (ci, schema) in [
        ("github", "vendor.github-workflows"),
        ("gitlab", "vendor.gitlab-ci"),
    ] {
        let file = dir.path().join(format!("{ci}.yml"));
        std::fs::write(&file, workflow(ci)).unwrap();
        check_jsonschema(&["--builtin-schema", schema], &file);
    }
}
