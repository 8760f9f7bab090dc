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
    Itc::new(dir)
        .args(["--lang", lang])
        .args(args)
        .today("2026-12-31")
        .run()
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

/// `itc ARGS` in `dir` with its data segment (heap and private mappings) limited to `mib`
/// MiB: a run that holds more than that at once is killed by the allocator's failure.
fn itc_limited(dir: &Path, mib: u64, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -d {} && exec \"$0\" \"$@\"", mib * 1024))
        .arg(env!("CARGO_BIN_EXE_itc"))
        .args(["--lang", "en"])
        .args(args)
        .current_dir(dir)
        .env_remove("ITC_LANG")
        .env("ITC_TODAY", "2026-12-31")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn at_and_diff_skip_an_over_limit_blob_without_holding_it() {
    let (_dir, root) = demo_in_git();
    // 48 MiB of one repeated line: some 50 KB in git, far over the 4 MiB a record may hold.
    let line = "note = \"padding padding padding padding padding padding padding\"\n";
    let big = line.repeat(48 * 1024 * 1024 / line.len());
    let size = big.len();
    let rel = "incidents/2026/INC-2026-0099.toml";
    std::fs::write(root.join(rel), big).unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "a huge record"]);
    // Read from git in less memory than the blob: the same findings and summary as the work
    // tree gives (E0105 with the size and the limit), every other record read and checked.
    let json = ["check", "--format", "json"];
    let disk = itc_limited(&root, 40, &json);
    let at = itc_limited(&root, 40, &[&json[..], &["--at", "HEAD"]].concat());
    assert_eq!(code(&at), 1, "{}", stderr(&at));
    assert_eq!(stdout(&at), stdout(&disk));
    let (found, summary) = findings(&at);
    let briefs: Vec<String> = found
        .iter()
        .map(|f| format!("{} {}", f.brief(), f.message))
        .collect();
    assert_eq!(
        briefs,
        [format!(
            "{rel}:1:1 E0105 syntax file is too large ({size} bytes, limit 4194304)"
        )]
    );
    assert!(summary["records"].as_u64().unwrap() >= 75, "{summary}");
    // `list --at` reads the other records, in the same memory.
    let out = itc_limited(&root, 40, &["list", "--format", "json", "--at", "HEAD"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("INC-2026-0010"));
    // `diff` reads the blob on its side of the change without holding it either.
    let out = itc_limited(&root, 40, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        d["check"],
        serde_json::json!({"errors_before": 0, "errors_after": 1})
    );
}

/// Removes the loose object file of the blob `rev:path` from the repository at `root`.
fn delete_blob(root: &Path, rev_path: &str) {
    let oid = git(root, &["rev-parse", rev_path]);
    let oid = oid.trim();
    let file = root.join(".git/objects").join(&oid[..2]).join(&oid[2..]);
    std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
}

#[test]
fn at_reports_a_missing_blob_on_its_own_record_and_refuses_a_partial_revision() {
    let (_dir, root) = demo_in_git();
    // A record no other record refers to (a reference to it would be unresolved too).
    const INC14: &str = "incidents/2026/INC-2026-0014.toml";
    delete_blob(&root, &format!("HEAD:{INC14}"));
    // check: the one unreadable record is a finding, every other record is read; exit 2.
    let out = itc_en(&root, &["check", "--format", "json", "--at", "HEAD"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let (found, summary) = findings(&out);
    let briefs: Vec<String> = found.iter().map(Finding::brief).collect();
    assert_eq!(briefs, [format!("{INC14}:1:1 E0107 syntax")], "{found:#?}");
    assert!(found[0].message.contains("git"), "{}", found[0].message);
    assert_eq!(summary["records"], 92, "{summary}");
    let out = itc_en(&root, &["check", "--at", "HEAD"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains(INC14), "{}", stderr(&out));
    // The commands that compute over the records refuse a revision they cannot read whole.
    for cmd in [
        &["kpi", "--period", "2026"][..],
        &["list"],
        &["export", "--format", "json"],
        &["report", "--period", "2026", "--format", "md"],
    ] {
        let mut args = cmd.to_vec();
        args.extend(["--at", "HEAD"]);
        let out = itc_en(&root, &args);
        assert_eq!(code(&out), 2, "{cmd:?}: {}", stdout(&out));
        assert!(stdout(&out).is_empty(), "{cmd:?}: {}", stdout(&out));
        assert!(stderr(&out).contains(INC14), "{cmd:?}: {}", stderr(&out));
        // In Chinese too.
        let out = itc_in(&root, "zh", &args);
        assert_eq!(code(&out), 2);
        assert!(has_cjk(&stderr(&out)), "{}", stderr(&out));
    }
    // So does diff, whichever side it is.
    let out = itc_en(&root, &["diff", "HEAD"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains(INC14), "{}", stderr(&out));
}

/// `diff main --format json` (plus `args`) in `dir`, which must succeed.
fn diff_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["diff", "main", "--format", "json"];
    all.extend_from_slice(args);
    let out = itc_en(dir, &all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

fn periods(d: &Value) -> Vec<&str> {
    d["periods"]
        .as_array()
        .unwrap_or_else(|| panic!("no periods in {d:#}"))
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect()
}

#[test]
fn diff_periods_come_from_the_facts_not_from_every_date_in_a_record() {
    let (_dir, root) = demo_in_git();
    // 108,000 month dates (9,000 years of months) in a list of tags, one a line: not a date any
    // KPI reads. Every one of them was a month, a quarter and a year to compute (over 60 s).
    let mut tags = String::from("tags = [\n");
    for year in 1000..10000 {
        for month in 1..=12 {
            tags.push_str(&format!("  \"{year}-{month:02}-01\",\n"));
        }
    }
    tags.push_str("]\n");
    replace_in(
        &root.join(INC10),
        "stage = \"archived\"\n",
        &format!("stage = \"archived\"\n{tags}"),
    );
    // And facts move: restored (and the outage ended) eleven days later, in August.
    for field in ["outage_end", "restored_at"] {
        replace_in(
            &root.join(INC10),
            &format!("{field} = 2026-07-22T04:30:00+08:00"),
            &format!("{field} = 2026-08-02T04:30:00+08:00"),
        );
    }
    assert_eq!(code(&itc_en(&root, &["check"])), 0);
    let d = diff_json(&root, &[]);
    // The periods of the incident's facts, before and after: it occurred in July and was
    // restored in August (after) or July (before), its outage spans both.
    assert_eq!(periods(&d), ["2026-07", "2026-08", "2026-Q3", "2026"]);
    let listed: Vec<&str> = d["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["period"].as_str().unwrap())
        .collect();
    assert!(listed.contains(&"2026-08"), "{d:#}");
    // A period asked for with --period is compared too, as `kpi --period` names it.
    let d = diff_json(&root, &["--period", "2026-H2", "--period", "last-month"]);
    assert_eq!(
        periods(&d),
        [
            "2026-07", "2026-08", "2026-11", "2026-Q3", "2026-H2", "2026"
        ]
    );
}

#[test]
fn diff_lists_the_verdicts_a_lowered_target_changes() {
    let (_dir, root) = demo_in_git();
    // repair_timeliness is 0.75 in 2026-Q1 and 2026-Q3, 0.59 over 2026: a target of 0.7 turns
    // the two quarters from missed to met and leaves the year missed.
    replace_in(
        &root.join("itc.toml"),
        "repair_timeliness = 0.95",
        "repair_timeliness = 0.7",
    );
    let d = diff_json(&root, &[]);
    let changed: Vec<(String, String, String, String)> = d["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["period"].as_str().unwrap().to_string(),
                k["key"].as_str().unwrap().to_string(),
                k["verdict_before"].as_str().unwrap().to_string(),
                k["verdict_after"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for q in ["2026-Q1", "2026-Q3"] {
        assert!(
            changed.contains(&(
                q.to_string(),
                "repair_timeliness".to_string(),
                "missed".to_string(),
                "met".to_string()
            )),
            "{q}: {changed:#?}"
        );
    }
    assert!(
        changed
            .iter()
            .all(|(p, k, _, _)| k == "repair_timeliness" && p != "2026"),
        "{changed:#?}"
    );
    // The current year is that of --as-of; other periods are compared when named.
    let d = diff_json(&root, &["--as-of", "2027-03-31"]);
    assert_eq!(d["kpis"], serde_json::json!([]), "{d:#}");
    let d = diff_json(&root, &["--as-of", "2027-03-31", "--period", "2026-Q3"]);
    assert_eq!(d["kpis"].as_array().map(Vec::len), Some(1), "{d:#}");
    assert_eq!(d["kpis"][0]["period"], "2026-Q3");
}
