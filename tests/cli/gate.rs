//! The pull-request gate: `check --changed-since REV` reports every finding a change causes,
//! wherever it lands; `check FILE` reports what the full check reports on that file; git is
//! asked safely (option-like revisions, non-ASCII paths, merge bases, subfolders).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::*;

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
