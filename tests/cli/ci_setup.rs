//! What people copy to run itc in CI and before commits: `itc init --ci`, `.pre-commit-hooks.yaml`
//! and the recipes of docs/ci.md, each validated by its consumer's schema or tool, or run; and
//! where `init` creates a repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::external::{PIP_TOOLS, check_jsonschema, external, parse_junit};
use crate::support::*;

#[test]
fn init_writes_a_gitignore_holding_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let out = itc(dir.path(), &["init"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == ".itc.lock"), "{ignore}");
    // An existing .gitignore keeps its lines and gains the lock once.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "target/").unwrap();
    assert_eq!(code(&itc(dir.path(), &["init"])), 0);
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert_eq!(ignore, "target/\n.itc.lock\n");
}

#[test]
fn init_dir_and_dash_c_are_two_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let out = itc(dir.path(), &["init", "a/b"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(dir.path().join("a/b/itc.toml").is_file());
    assert!(!dir.path().join("a/b/a").exists(), "init a/b made a/b/a/b");
    // -C X init sub: sub inside X.
    std::fs::create_dir(dir.path().join("x")).unwrap();
    let out = itc(dir.path(), &["-C", "x", "init", "sub"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(dir.path().join("x/sub/itc.toml").is_file());
    assert!(!dir.path().join("sub").exists());
    // -C X init: X itself.
    let out = itc(dir.path(), &["-C", "y", "init"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(dir.path().join("y/itc.toml").is_file());
    // A file where a folder belongs: exit 2, nothing written.
    std::fs::write(dir.path().join("f"), "").unwrap();
    for args in [
        &["-C", "f", "init"][..],
        &["init", "f"],
        &["-C", "f", "init", "sub"],
    ] {
        let mut all = vec!["--lang", "en"];
        all.extend_from_slice(args);
        let out = itc(dir.path(), &all);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("not a folder"), "{}", stderr(&out));
    }
}

/// A git work tree with an itc repository created in `records/`, with `--ci`.
fn init_ci(ci: &str) -> (tempfile::TempDir, PathBuf) {
    let top = tempfile::tempdir().unwrap();
    git_init(top.path());
    let out = itc(top.path(), &["--lang", "en", "init", "records", "--ci", ci]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = top.path().join(match ci {
        "github" => ".github/workflows/itc.yml",
        _ => ".gitlab-ci.yml",
    });
    assert!(
        stdout(&out).contains(&format!("wrote {}", file.display())),
        "{}",
        stdout(&out)
    );
    (top, file)
}

#[test]
#[cfg_attr(
    not(consumer = "check-jsonschema"),
    ignore = "needs check-jsonschema (python3 -m pip install check-jsonschema); tests/run installs it"
)]
fn init_ci_github_writes_a_workflow_that_validates() {
    let (top, file) = init_ci("github");
    let text = std::fs::read_to_string(&file).unwrap();
    for part in [
        "fetch-depth: 0",
        "pull_request:",
        "github.ref_name == github.event.repository.default_branch",
        "working-directory: \"records\"",
        "itc check --changed-since \"origin/$GITHUB_BASE_REF\" --format sarif > itc.sarif",
        "uses: github/codeql-action/upload-sarif@",
        "sarif_file: \"records/itc.sarif\"",
        "security-events: write",
        "cargo install --locked --git \"$ITC_GIT\" --tag \"v",
        "run: itc check --format github",
    ] {
        assert!(text.contains(part), "{part}:\n{text}");
    }
    // In an existing repository, --ci writes the file only, and never over one.
    let out = itc(
        &top.path().join("records"),
        &["--lang", "en", "init", "--ci", "github"],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("exists; nothing was changed"));
    external("check-jsonschema", PIP_TOOLS);
    check_jsonschema(&["--builtin-schema", "vendor.github-workflows"], &file);
}

#[test]
#[cfg_attr(
    not(consumer = "check-jsonschema"),
    ignore = "needs check-jsonschema (python3 -m pip install check-jsonschema); tests/run installs it"
)]
fn init_ci_gitlab_writes_a_pipeline_that_validates() {
    let (top, file) = init_ci("gitlab");
    let text = std::fs::read_to_string(&file).unwrap();
    for part in [
        "GIT_DEPTH: \"0\"",
        "$CI_PIPELINE_SOURCE == \"merge_request_event\"",
        "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
        "- \"cd 'records'\"",
        "--changed-since \"origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME\" --format gitlab > gl-code-quality-report.json",
        "codequality: \"records/gl-code-quality-report.json\"",
    ] {
        assert!(text.contains(part), "{part}:\n{text}");
    }
    // An existing repository takes a CI file of the other system.
    let out = itc(
        &top.path().join("records"),
        &["--lang", "en", "init", "--ci", "github"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(top.path().join(".github/workflows/itc.yml").is_file());
    external("check-jsonschema", PIP_TOOLS);
    check_jsonschema(&["--builtin-schema", "vendor.gitlab-ci"], &file);
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

/// The fenced blocks of docs/ci.md under a `## heading`, with their info strings.
fn recipes(heading: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    let section = text
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("docs/ci.md has no section {heading}"));
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in section.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.to_string(), String::new())),
            (Some(_), Some("")) => blocks.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(current.is_none(), "an unclosed block in {heading}");
    blocks
}

fn written_by_init(ci: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    let out = itc(dir.path(), &["init", "--ci", ci]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = match ci {
        "github" => ".github/workflows/itc.yml",
        _ => ".gitlab-ci.yml",
    };
    std::fs::read_to_string(dir.path().join(file)).unwrap()
}

#[test]
#[cfg_attr(
    not(consumer = "check-jsonschema"),
    ignore = "needs check-jsonschema (python3 -m pip install check-jsonschema); tests/run installs it"
)]
fn docs_ci_github_and_gitlab_recipes_are_what_init_writes_and_validate() {
    for (heading, ci, schema) in [
        ("GitHub Actions", "github", "vendor.github-workflows"),
        ("GitLab CI", "gitlab", "vendor.gitlab-ci"),
    ] {
        let blocks = recipes(heading);
        assert_eq!(blocks.len(), 1, "{heading}");
        let (info, body) = &blocks[0];
        assert_eq!(info, "yaml");
        assert_eq!(
            body,
            &written_by_init(ci),
            "docs/ci.md {heading} differs from `itc init --ci {ci}`"
        );
        external("check-jsonschema", PIP_TOOLS);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("recipe.yml");
        std::fs::write(&file, body).unwrap();
        check_jsonschema(&["--builtin-schema", schema], &file);
    }
}

/// PATH with the itc under test first.
fn path_with_itc() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_itc")).parent().unwrap();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn docs_ci_jenkins_recipe_runs_and_jenkins_reads_its_report() {
    external("python3", "apt-get install python3");
    let blocks = recipes("Jenkins");
    assert_eq!(blocks.len(), 1);
    let (info, body) = &blocks[0];
    assert_eq!(info, "groovy");
    let steps: Vec<&str> = body
        .lines()
        .filter_map(|l| l.trim().strip_prefix("sh '")?.strip_suffix('\''))
        .collect();
    assert_eq!(steps.len(), 1, "{body}");
    let report: &str = body
        .lines()
        .find_map(|l| l.trim().strip_prefix("junit '")?.strip_suffix('\''))
        .unwrap();
    for (repo, exit, failing) in [(demo(), 0, false), (fixture("invalid"), 1, true)] {
        let dir = temp_copy(&repo);
        let out = isolated(&mut Command::new("sh"))
            .args(["-c", steps[0]])
            .current_dir(dir.path())
            .env("PATH", path_with_itc())
            .output()
            .unwrap();
        assert_eq!(code(&out), exit, "{}", stderr(&out));
        let xml = std::fs::read(dir.path().join(report)).unwrap();
        let (tests, failures, _) = parse_junit(&xml);
        assert!(tests >= 1);
        assert_eq!(failures > 0, failing);
    }
}

#[test]
#[cfg_attr(
    not(consumer = "pre-commit"),
    ignore = "needs pre-commit (python3 -m pip install pre-commit); tests/run installs it"
)]
fn docs_ci_pre_commit_recipes_validate_and_the_local_one_runs() {
    let blocks = recipes("pre-commit");
    assert_eq!(blocks.len(), 2);
    assert!(blocks[0].1.contains("- id: itc-check") && blocks[0].1.contains("- id: itc-fmt"));
    external("pre-commit", PIP_TOOLS);
    let dir = temp_copy(&demo());
    for (_, body) in &blocks {
        let file = dir.path().join(".pre-commit-config.yaml");
        std::fs::write(&file, body).unwrap();
        let out = Command::new("pre-commit")
            .arg("validate-config")
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    }
    // The local hook, run by pre-commit on a git copy of the demo: passes, then stops a broken
    // record.
    git_init(dir.path());
    let cache = tempfile::tempdir().unwrap();
    let run = || {
        let git = Command::new("git")
            .args(["add", "-A"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(git.status.success(), "{}", stderr(&git));
        isolated(&mut Command::new("pre-commit"))
            .args(["run", "--all-files"])
            .current_dir(dir.path())
            .env("PATH", path_with_itc())
            .env("PRE_COMMIT_HOME", cache.path())
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let path = dir.path().join("incidents/2026/INC-2026-0001.toml");
    replace_in(&path, "severity = \"P1\"", "severity = \"P9\"");
    let out = run();
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("E0305"), "{}", stdout(&out));
}
