//! Regressions of ci consumers: what GitHub code scanning, a GitHub step summary, a
//! pull-request comment and the CI files `itc init --ci` writes are judged by.

use std::path::Path;
use std::process::{Command, Output};

#[allow(unused_imports)]
use crate::support::*;

/// Runs `itc` in `dir` in English with extra environment variables.
fn itc_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_itc"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("ITC_LANG")
        .env_remove("ITC_TODAY")
        .env_remove("ITC_USER")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn git_init(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q"]);
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
