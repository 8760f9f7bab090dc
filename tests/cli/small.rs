//! The small conveniences of a manager's day: man pages that man finds, `new --dry-run`, `at`
//! to the second, "did you mean" for ids and revisions, the full-width comma in a list, `edit`'s
//! second chance, and `init`'s next steps.

use std::process::Command;

use crate::support::*;

/// Runs man(1) on the pages of `MANPATH=dir`, as a user would, into a pipe (plain text).
fn man(dir: &std::path::Path, page: &str) -> (String, String, bool) {
    let o = Command::new("man")
        .arg(page)
        .env("MANPATH", dir)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "100")
        .env("LANG", "C.UTF-8")
        .env_remove("MANOPT")
        .output()
        .expect("man reads the pages: install man-db (tests/run does)");
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.success(),
    )
}

#[test]
#[cfg_attr(
    not(consumer = "man"),
    ignore = "needs man (apt-get install man-db); tests/run installs it"
)]
fn man_finds_the_pages_written_into_man1_with_the_manual_named_in_the_language() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, manual, about) in [
        ("zh", "通用命令手册", "按流程规则检查记录"),
        ("en", "General Commands Manual", "Check records"),
    ] {
        let pages = dir.path().join(lang);
        let o = Itc::new(dir.path())
            .args(["--lang", lang, "man", pages.to_str().unwrap()])
            .run();
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(pages.join("man1/itc-check.1").is_file());
        let (text, err, ok) = man(&pages, "itc-check");
        assert!(ok, "man itc-check failed: {err}");
        // The header: the page, the manual, the page again; the footer: the source.
        let first = text.lines().next().unwrap_or_default();
        assert!(first.starts_with("itc-check(1)"), "{first}");
        assert!(first.contains(manual), "{first}");
        assert!(text.contains(about), "{text}");
        let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
        let source = format!("itc {}", env!("CARGO_PKG_VERSION"));
        assert!(last.starts_with(&source), "{last}");
    }
}

/// `new incident` with everything its report stage needs, in English, `extra` after it.
fn new_incident_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    // INCIDENT without its `--at`: the stage is entered now.
    let mut args = vec!["--lang", "en"];
    let mut skip = false;
    for a in INCIDENT {
        match *a {
            "--at" => skip = true,
            _ if skip => skip = false,
            a => args.push(a),
        }
    }
    args.extend_from_slice(extra);
    args
}

/// The files under `dir` but its `.git`, with their bytes: what a command may not change.
fn tree(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for e in walk(dir) {
        if !e.components().any(|c| c.as_os_str() == ".git") {
            let bytes = std::fs::read(&e).unwrap();
            files.push((e, bytes));
        }
    }
    files.sort();
    files
}

/// The files under `dir`, folders walked.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        match p.is_dir() {
            true => out.extend(walk(&p)),
            false => out.push(p),
        }
    }
    out
}

#[test]
fn at_from_the_clock_is_written_to_the_second() {
    let repo = new_repo("en", "toml");
    let id = ok(repo.path(), &new_incident_args(&["-q"]));
    let text = std::fs::read_to_string(find_record(repo.path(), id.trim())).unwrap();
    // `[report]` then `at = 2026-12-04T01:18:13+08:00`: 19 characters of date and time, then
    // the offset, no fraction.
    let at = text
        .lines()
        .skip_while(|l| *l != "[report]")
        .find_map(|l| l.strip_prefix("at = "))
        .unwrap();
    assert_eq!(at.len(), "2026-12-04T01:18:13+08:00".len(), "{at}");
    assert!(!at.contains('.'), "no fraction of a second: {at}");
    assert_eq!(&at[19..], "+08:00", "{at}");
}

#[test]
fn new_dry_run_prints_the_record_and_its_path_and_writes_nothing() {
    let repo = new_repo("en", "toml");
    let before = tree(repo.path());
    let o = Itc::new(repo.path())
        .today("2026-03-02")
        .args(new_incident_args(&["--dry-run"]))
        .run();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let record = stdout(&o);
    let first = record.lines().find(|l| l.starts_with("id = ")).unwrap();
    let id = first.trim_start_matches("id = ").trim_matches('"');
    assert!(id.starts_with("INC-2026-0001"), "{record}");
    assert!(record.contains("title = \"数据库故障\""), "{record}");
    assert!(
        record.contains("[report]\nat = 2026-03-02T00:00:00+08:00"),
        "{record}"
    );
    assert_eq!(
        stderr(&o),
        format!("would write incidents/2026/{id}.toml (--dry-run: nothing written)\n")
    );
    assert_eq!(tree(repo.path()), before, "nothing written");
    // The same command without --dry-run writes exactly that record, under that number (the
    // id's random tag, which keeps branches apart, is drawn anew).
    let o = Itc::new(repo.path())
        .today("2026-03-02")
        .args(new_incident_args(&["-q"]))
        .run();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let written_id = stdout(&o).trim().to_string();
    assert_eq!(written_id[..14], id[..14], "INC-2026-0001-");
    let written = std::fs::read_to_string(find_record(repo.path(), &written_id)).unwrap();
    assert_eq!(written.replace(&written_id, id), record);
    // Missing fields: exit 1 with the hints, as `new` would, and still nothing written.
    let before = tree(repo.path());
    let o = Itc::new(repo.path())
        .args([
            "--lang",
            "en",
            "new",
            "incident",
            "--dry-run",
            "--title",
            "x",
        ])
        .run();
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--set owner=<person>"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "");
    assert_eq!(tree(repo.path()), before);
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn init_prints_next_steps_that_work_as_printed() {
    let base = tempfile::tempdir().unwrap();
    // A folder with a space: the printed commands quote it.
    let o = Itc::new(base.path())
        .args(["--lang", "en", "init", "my records"])
        .run();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Next steps:\n"), "{out}");
    assert!(out.contains("1. Edit 'my records'/itc.toml: "), "{out}");
    // Steps 3 and 4 run in a shell from where init ran: the check passes, the commit is made.
    let step = |n: &str| {
        out.lines()
            .find_map(|l| l.trim().strip_prefix(n))
            .and_then(|l| l.split_once(": "))
            .map(|(_, cmd)| cmd.to_string())
            .unwrap()
    };
    let itc = env!("CARGO_BIN_EXE_itc");
    for cmd in [step("3. "), step("4. ")] {
        let cmd = match cmd.strip_prefix("itc ") {
            Some(rest) => format!("'{itc}' {rest}"),
            None => cmd,
        };
        let mut sh = Command::new("sh");
        isolated(&mut sh)
            .current_dir(base.path())
            .args(["-c", &cmd])
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com");
        let o = sh.output().unwrap();
        assert!(o.status.success(), "{cmd}: {}", stderr(&o));
    }
    let log = git(&base.path().join("my records"), &["log", "--format=%s"]);
    assert_eq!(log.trim(), "Start the itc records");
    // In Chinese, and `-q` says nothing more than it did.
    let o = Itc::new(base.path())
        .args(["--lang", "zh", "init", "zh"])
        .run();
    assert!(
        stdout(&o).contains("下一步:\n  1. 编辑 zh/itc.toml:"),
        "{}",
        stdout(&o)
    );
    let o = Itc::new(base.path()).args(["-q", "init", "quiet"]).run();
    assert!(!stdout(&o).contains("下一步"), "{}", stdout(&o));
}

#[test]
fn a_full_width_comma_in_a_list_item_is_warned_about_at_its_line() {
    use crate::escapes::{copy, record, run};
    const COMMA: char = '\u{ff0c}';
    let repo = copy();
    let file = record(repo.path(), "INC-2026-0001");
    // Line 26 of the demo's INC-2026-0001 lists the people consulted: two people typed as one
    // item, the item's quote at column 17.
    replace_in(
        &file,
        "consultation = [\"wang.wu\", \"zhao.liu\"]",
        &format!("consultation = [\"wang.wu{COMMA}zhao.liu\"]"),
    );
    // A list of text (a project's tags) may hold a Chinese phrase with its comma: no warning.
    replace_in(
        &record(repo.path(), "PRJ-2026-001"),
        "\"流程线上化\"",
        &format!("\"流程{COMMA}线上化\""),
    );
    let o = run(repo.path(), &["check", "--format", "json"]);
    let (found, _) = findings(&o);
    let briefs: Vec<String> = found
        .iter()
        .filter(|f| f.code == "W0312")
        .map(Finding::brief)
        .collect();
    assert_eq!(
        briefs,
        ["incidents/2026/INC-2026-0001.toml:26:17 W0312 fields"],
        "{found:#?}"
    );
    let w = found.iter().find(|f| f.code == "W0312").unwrap();
    assert_eq!(w.severity, "warning");
    assert!(
        w.message.contains(&format!("wang.wu{COMMA}zhao.liu")),
        "{}",
        w.message
    );
    // The human output suggests the two items.
    let o = run(repo.path(), &["check"]);
    let text = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        text.contains("= help: list items are separated by `,`: write \"wang.wu\", \"zhao.liu\""),
        "{text}"
    );
    // `--set` with the comma: refused (no such person), and told why.
    let o = run(
        repo.path(),
        &[
            "set",
            "INC-2026-0002",
            &format!("diagnosis.consultation=wang.wu{COMMA}zhao.liu"),
        ],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let why = format!(
        "full-width comma {COMMA}: list items are separated by `,`, as in wang.wu,zhao.liu"
    );
    assert!(stderr(&o).contains(&why), "{}", stderr(&o));
}

#[test]
fn unknown_ids_get_the_nearest_ids_short_forms_too() {
    // The demo's incidents are INC-2026-0001 to INC-2026-0019. `INC-2026-0021` is one edit
    // from INC-2026-0001 and INC-2026-0011 (2 → 0, 2 → 1), two or more from every other: those
    // two come first, nearest first, then by name.
    let o = crate::escapes::run(&demo(), &["show", "INC-2026-0021"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).starts_with(
            "error: no record INC-2026-0021\n  did you mean `INC-2026-0001`, `INC-2026-0011`"
        ),
        "{}",
        stderr(&o)
    );
    // A short form is compared with the short forms: `INC-2026-191` is one edit from
    // `INC-2026-19` (INC-2026-0019) and from `INC-2026-11`, `INC-2026-1` is two away.
    let o = crate::escapes::run(&demo(), &["show", "INC-2026-191"]);
    let err = stderr(&o);
    assert!(
        err.contains("did you mean `INC-2026-0011`, `INC-2026-0019`"),
        "{err}"
    );
    // Not an id at all (the hyphen left out): the ids it is near, still.
    let o = crate::escapes::run(&demo(), &["show", "INC2026-0002"]);
    assert!(
        stderr(&o).contains("did you mean `INC-2026-0002`"),
        "{}",
        stderr(&o)
    );
    // In Chinese; and nothing near, no suggestion.
    let o = Itc::new(&demo())
        .args(["--lang", "zh", "show", "INC-2026-0021"])
        .run();
    assert!(
        stderr(&o).contains("是否想写 `INC-2026-0001`、`INC-2026-0011`"),
        "{}",
        stderr(&o)
    );
    let o = crate::escapes::run(&demo(), &["show", "DRL-2031-9999"]);
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
}

#[test]
#[cfg_attr(
    not(consumer = "git"),
    ignore = "needs git (apt-get install git); tests/run installs it"
)]
fn unknown_revisions_get_the_nearest_branch_and_tag_names() {
    let repo = temp_copy(&demo());
    git_init(repo.path());
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "demo"]);
    git(repo.path(), &["tag", "release-2026"]);
    git(repo.path(), &["branch", "release-2025"]);
    // `relase-2026` is one edit from release-2026 and two from release-2025 (limit: a third
    // of 11 characters, 3): both, nearest first.
    for args in [
        &["list", "--at", "relase-2026"][..],
        &["diff", "relase-2026"][..],
    ] {
        let o = crate::escapes::run(repo.path(), args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert_eq!(
            stderr(&o),
            "error: unknown git revision `relase-2026` (not a commit)\n  did you mean `release-2026`, `release-2025`?\n",
            "{args:?}"
        );
    }
    let o = crate::escapes::run(repo.path(), &["list", "--at", "zzz"]);
    assert_eq!(
        stderr(&o),
        "error: unknown git revision `zzz` (not a commit)\n"
    );
}
