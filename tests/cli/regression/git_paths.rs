//! Regressions of git paths: what `check --changed-since` maps a change to, and what `diff` and
//! `--at` read from git's objects.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::*;

/// A git repository holding a copy of the demo at its top, committed on `main`.
fn demo_in_git() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("top");
    copy_dir(&demo(), &root);
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "base"]);
    (dir, root)
}

/// Runs `itc` in `dir` in English at a fixed "now" (the end of 2026).
fn itc_en(dir: &Path, args: &[&str]) -> Output {
    itc_in(dir, "en", args)
}

/// Runs `itc` in `dir` in `lang` at a fixed "now" (the end of 2026).
fn itc_in(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_itc"))
        .current_dir(dir)
        .args(["--lang", lang])
        .args(args)
        .env_remove("ITC_LANG")
        .env("ITC_TODAY", "2026-12-31")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The findings of `check --format json` (plus `args`), sorted, and the summary.
fn check_json(dir: &Path, args: &[&str]) -> (i32, Vec<String>, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = itc_en(dir, &all);
    let (found, summary) = findings(&out);
    let mut found: Vec<String> = found
        .iter()
        .map(|f| format!("{} {}", f.brief(), f.message))
        .collect();
    found.sort();
    (code(&out), found, summary)
}

/// Asserts that `check --changed-since main` reports what the full check reports, with the same
/// exit code, and that the full check finds something on `file`.
fn gate_equals_full_check(root: &Path, file: &str) {
    let (full_code, full, _) = check_json(root, &[]);
    assert_eq!(full_code, 1, "{full:#?}");
    assert!(full.iter().any(|f| f.starts_with(file)), "{full:#?}");
    let (since_code, since, summary) = check_json(root, &["--changed-since", "main"]);
    assert_eq!(
        since, full,
        "--changed-since main differs from the full check"
    );
    assert_eq!(since_code, 1);
    assert!(summary["records"].as_u64().unwrap_or(0) > 0, "{summary}");
    let human = itc_en(root, &["check", "--changed-since", "main"]);
    assert_eq!(code(&human), 1, "{}", stderr(&human));
}

const INC10: &str = "incidents/2026/INC-2026-0010.toml";

#[cfg(unix)]
#[test]
fn changed_since_selects_a_record_whose_symlink_target_changed() {
    use std::os::unix::fs::symlink;
    let (_dir, root) = demo_in_git();
    // The record is a link into `store/`, outside the kind folders.
    std::fs::create_dir_all(root.join("store")).unwrap();
    std::fs::rename(root.join(INC10), root.join("store/INC-2026-0010.toml")).unwrap();
    symlink("../../store/INC-2026-0010.toml", root.join(INC10)).unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "a record kept in store/"]);
    assert_eq!(code(&itc_en(&root, &["check"])), 0);
    // Only the target changes, and the change breaks the record.
    replace_in(
        &root.join("store/INC-2026-0010.toml"),
        "severity = \"P1\"",
        "severity = \"P9\"",
    );
    gate_equals_full_check(&root, INC10);
    // Committed, the same.
    git(&root, &["checkout", "-qb", "topic"]);
    git(&root, &["commit", "-qam", "edit the target"]);
    gate_equals_full_check(&root, INC10);

    // A kind folder that is a link: a change under its target touches the records beneath it.
    let (_dir2, root) = demo_in_git();
    std::fs::create_dir_all(root.join("store")).unwrap();
    std::fs::rename(root.join("incidents"), root.join("store/incidents")).unwrap();
    symlink("store/incidents", root.join("incidents")).unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "incidents kept in store/"]);
    assert_eq!(code(&itc_en(&root, &["check"])), 0);
    replace_in(
        &root.join("store").join(INC10),
        "severity = \"P1\"",
        "severity = \"P9\"",
    );
    gate_equals_full_check(&root, INC10);
}

#[test]
fn changed_since_selects_every_record_of_a_bumped_submodule() {
    let dir = tempfile::tempdir().unwrap();
    // The incidents live in a repository of their own.
    let upstream = dir.path().join("incidents-upstream");
    copy_dir(&demo().join("incidents"), &upstream);
    git(&upstream, &["init", "-q", "-b", "main"]);
    git(&upstream, &["add", "-A"]);
    git(&upstream, &["commit", "-qm", "incidents"]);
    // The records repository holds them as a submodule.
    let root = dir.path().join("top");
    std::fs::create_dir_all(&root).unwrap();
    for entry in std::fs::read_dir(demo()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == "incidents" {
            continue;
        }
        let to = root.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    git(&root, &["init", "-q", "-b", "main"]);
    git(
        &root,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            upstream.to_str().unwrap(),
            "incidents",
        ],
    );
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "base"]);
    assert_eq!(code(&itc_en(&root, &["check"])), 0);

    // A bump of the submodule that breaks one of its records.
    let sub = root.join("incidents");
    replace_in(
        &sub.join("2026/INC-2026-0010.toml"),
        "severity = \"P1\"",
        "severity = \"P9\"",
    );
    git(&sub, &["commit", "-qam", "break a record"]);
    git(&root, &["checkout", "-qb", "topic"]);
    git(&root, &["commit", "-qam", "bump incidents"]);
    gate_equals_full_check(&root, INC10);

    // A bump that removes a record another folder refers to (SEC-2026-Q3 names INC-2026-0012):
    // the finding lands outside the submodule.
    git(&sub, &["rm", "-q", "2026/INC-2026-0012.toml"]);
    git(&sub, &["commit", "-qm", "remove a record"]);
    git(&root, &["commit", "-qam", "bump incidents again"]);
    let (_, full, _) = check_json(&root, &[]);
    assert!(
        full.iter()
            .any(|f| f.starts_with("security/SEC-2026-Q3.toml") && f.contains("E0703")),
        "{full:#?}"
    );
    gate_equals_full_check(&root, INC10);
    // Uncommitted edits inside the submodule count too.
    git(&root, &["reset", "-q", "--hard", "main"]);
    git(&root, &["submodule", "-q", "update"]);
    assert_eq!(
        code(&itc_en(&root, &["check", "--changed-since", "main"])),
        0
    );
    replace_in(
        &sub.join("2026/INC-2026-0010.toml"),
        "severity = \"P1\"",
        "severity = \"P9\"",
    );
    gate_equals_full_check(&root, INC10);
}
