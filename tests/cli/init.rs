//! `itc init`: where it creates a repository, what it writes beside it (`.gitignore`), that it
//! refuses an existing one, and the CI files of `--ci`, validated by check-jsonschema.

use std::path::PathBuf;

use crate::external::{PIP_TOOLS, check_jsonschema, external};
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
fn init_refuses_an_existing_repository() {
    let repo = new_repo("en", "toml");
    let before = std::fs::read(repo.path().join("itc.toml")).unwrap();
    let out = itc(repo.path(), &["--lang", "en", "init"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("already an itc repository"));
    assert_eq!(std::fs::read(repo.path().join("itc.toml")).unwrap(), before);
    let zh = tempfile::tempdir().unwrap();
    ok(
        zh.path(),
        &["--lang", "zh", "init", "--name", "X 企业综合信息中心"],
    );
    let text = std::fs::read_to_string(zh.path().join("itc.toml")).unwrap();
    assert!(
        text.contains("name = \"X 企业综合信息中心\"") && text.contains("# ---- 系统目录"),
        "{text}"
    );
}

#[test]
fn init_writes_the_default_settings_and_their_bounds() {
    for lang in ["zh", "en"] {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(code(&itc(dir.path(), &["--lang", lang, "init"])), 0);
        // Every knob and limit as written is its default: no warning, and no settings block.
        let out = itc(dir.path(), &["--lang", "en", "check"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("0 errors, 0 warnings"),
            "{}",
            stderr(&out)
        );
        let md = ok(
            dir.path(),
            &[
                "--lang", "en", "report", "--period", "2026", "--format", "md",
            ],
        );
        assert!(!md.contains("Settings that differ"), "{md}");
        // The comments give the bounds, and the checks hold to them.
        let config = std::fs::read_to_string(dir.path().join("itc.toml")).unwrap();
        for bound in ["0–30", "0–1", "50–100", "P1 ≤ P2 ≤ P3 ≤ P4", "W0805"] {
            assert!(config.contains(bound), "{lang}: {bound}");
        }
        replace_in(
            &dir.path().join("itc.toml"),
            "tolerance_days = 0",
            "tolerance_days = 31",
        );
        let out = itc(dir.path(), &["--lang", "en", "check"]);
        assert!(
            stderr(&out).contains("`tolerance_days` is 31, outside [0, 30]"),
            "{}",
            stderr(&out)
        );
    }
}
