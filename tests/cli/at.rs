//! `--at REV`: check, list, show, kpi, report and export read a git revision from git's objects,
//! and say exactly what they say on a checkout of that revision (on the git copy of the demo of
//! `support::demo_repo`, which the `diff` tests share).

use std::path::Path;

use crate::support::{code, copy_dir, demo, demo_repo, git, itc_at, replace_in, stderr, stdout};

/// Every command that takes `--at`, in the formats that matter.
const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["check", "--format", "json"],
    &["check", "--format", "sarif"],
    &["check", "--format", "github"],
    &["check", "--format", "junit"],
    &["check", "--format", "gitlab"],
    &["list"],
    &["list", "--format", "json"],
    &["list", "incident", "--format", "csv"],
    &["show", "INC-2026-0015"],
    &["show", "INC-2026-0015", "--format", "json"],
    &["show", "INC-2026-0004", "--format", "json"],
    &["kpi", "--period", "2026"],
    &[
        "kpi",
        "--period",
        "2026-Q1",
        "--format",
        "json",
        "--explain",
    ],
    &["kpi", "--period", "2026-12", "--format", "md"],
    &["export"],
    &["export", "--format", "json"],
    &["export", "incident", "--format", "csv"],
    &["report", "--period", "2026-Q1", "--format", "md"],
    &["report", "--period", "2026", "--lang", "zh"],
];

/// `itc CMD --at REV` in `dir` says what `itc CMD` says in `checkout`, to the byte.
fn assert_same_as_checkout(dir: &Path, rev: &str, checkout: &Path, commands: &[&[&str]]) {
    for cmd in commands {
        let mut with_at: Vec<&str> = cmd.to_vec();
        with_at.extend(["--at", rev]);
        let at = itc_at(dir, &with_at);
        let there = itc_at(checkout, cmd);
        assert_eq!(code(&at), code(&there), "{cmd:?} --at {rev}: exit code");
        assert_eq!(stdout(&at), stdout(&there), "{cmd:?} --at {rev}: stdout");
        assert_eq!(stderr(&at), stderr(&there), "{cmd:?} --at {rev}: stderr");
    }
}

#[test]
fn at_equals_a_checkout_for_every_command_that_takes_it() {
    let d = demo_repo();
    let main = d.checkout("main-wt", "main");
    let change = d.checkout("change-wt", "change");
    // The work tree also has uncommitted edits: --at never sees them.
    replace_in(
        &d.records().join("incidents/2026/INC-2026-0016.yaml"),
        "stage: report",
        "stage: nonsense",
    );
    assert_same_as_checkout(&d.records(), "main", &main, COMMANDS);
    assert_same_as_checkout(&d.records(), "change", &change, COMMANDS);
    // From a folder below the root, and with a revision written as git reads it.
    assert_same_as_checkout(
        &d.records().join("incidents"),
        "change~1",
        &main.join("incidents"),
        &[
            &["list", "--format", "json"],
            &["check", "--format", "json"],
        ],
    );
    // The results differ between the two revisions: the comparison is not vacuous.
    let before = itc_at(&d.records(), &["list", "--format", "json", "--at", "main"]);
    let after = itc_at(
        &d.records(),
        &["list", "--format", "json", "--at", "change"],
    );
    assert_ne!(stdout(&before), stdout(&after));
    assert!(stdout(&after).contains("INC-2026-0020"));
    assert!(!stdout(&before).contains("INC-2026-0020"));
    // Nothing was written into the work tree.
    let status = git(
        &d.top(),
        &["status", "--porcelain", "--untracked-files=all"],
    );
    assert_eq!(status.trim(), "M records/incidents/2026/INC-2026-0016.yaml");
}

#[test]
fn links_config_and_rules_at_a_revision_are_read_as_on_a_checkout() {
    let d = demo_repo();
    let records = d.records();
    std::fs::write(d.tmp.path().join("outside.toml"), "id = \"X\"\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        let inc = records.join("incidents");
        // Inside the root, to a file: read as that file.
        symlink("../drills/DRL-2026-001.toml", inc.join("DRL-link.toml")).unwrap();
        // Out of the root (to a file that exists there): never read.
        symlink("../../../outside.toml", inc.join("out.toml")).unwrap();
        // To a folder: reported, not followed.
        symlink("2026", inc.join("again")).unwrap();
        // Dangling.
        symlink("nowhere.toml", inc.join("dangling.toml")).unwrap();
    }
    // A config error and a rules file of that revision only.
    replace_in(
        &records.join("itc.toml"),
        "[org]",
        "nonsense_key = 1\n\n[org]",
    );
    git(&d.top(), &["add", "-A"]);
    git(&d.top(), &["commit", "-qm", "links"]);
    git(&d.top(), &["branch", "links"]);
    std::fs::write(records.join("rules.toml"), "[[kind]]\nbroken = \n").unwrap();
    git(&d.top(), &["add", "-A"]);
    git(&d.top(), &["commit", "-qm", "broken rules"]);
    git(&d.top(), &["branch", "broken-rules"]);
    git(&d.top(), &["checkout", "-q", "main"]);
    let links = d.checkout("links-wt", "links");
    let broken = d.checkout("broken-wt", "broken-rules");
    let commands: &[&[&str]] = &[
        &["check"],
        &["check", "--format", "json"],
        &["list", "--format", "json"],
        &["export", "--format", "json"],
        &["kpi", "--period", "2026"],
    ];
    assert_same_as_checkout(&records, "links", &links, commands);
    assert_same_as_checkout(&records, "broken-rules", &broken, commands);
    let json = stdout(&itc_at(
        &records,
        &["check", "--format", "json", "--at", "links"],
    ));
    #[cfg(unix)]
    for (file, code) in [
        ("incidents/out.toml", "E0109"),
        ("incidents/again", "W0108"),
        ("incidents/dangling.toml", "E0107"),
        ("incidents/DRL-link.toml", "E0"),
    ] {
        assert!(
            json.contains(&format!("\"file\":\"{file}\"")) && json.contains(code),
            "{file} {code}: {json}"
        );
    }
    assert!(json.contains("nonsense_key"), "{json}");
    let rules = itc_at(&records, &["check", "--at", "broken-rules"]);
    assert_eq!(code(&rules), 2, "{}", stderr(&rules));
    assert!(stderr(&rules).contains("rules.toml"), "{}", stderr(&rules));
}

#[test]
fn an_unknown_or_option_like_revision_is_one_message_and_exit_2() {
    let d = demo_repo();
    for cmd in ["check", "list", "kpi", "export"] {
        let o = itc_at(&d.records(), &[cmd, "--at", "no-such-rev", "--lang", "en"]);
        assert_eq!(code(&o), 2, "{cmd}");
        assert_eq!(
            stderr(&o).trim(),
            "error: unknown git revision `no-such-rev` (not a commit)",
            "{cmd}"
        );
        assert!(stdout(&o).is_empty());
    }
    let o = itc_at(
        &d.records(),
        &["show", "INC-2026-0001", "--at=-p", "--lang", "en"],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`-p` is not a git revision"),
        "{}",
        stderr(&o)
    );
    // Outside any git work tree.
    let plain = tempfile::tempdir().unwrap();
    copy_dir(&demo(), plain.path());
    let o = itc_at(plain.path(), &["list", "--at", "main", "--lang", "en"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}
