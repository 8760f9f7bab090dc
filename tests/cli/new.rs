//! `itc new`: a record with what its first stage needs, `-q` for scripts, the acting person
//! (`--by`, `ITC_USER`, git's email), refusals that write nothing and say why in words, and the
//! id: distinct under twenty parallel writers, never wrapped, never written through a link, with
//! the repository lock it waits for.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::*;

#[test]
fn new_with_q_prints_the_id_alone() {
    let repo = new_repo("zh", "toml");
    let dir = repo.path();
    let mut args: Vec<&str> = vec!["-q"];
    args.extend_from_slice(INCIDENT);
    args.extend_from_slice(&["--by", "ops"]);
    let out = ok(dir, &args);
    let id = out.strip_suffix('\n').unwrap();
    assert!(
        id.starts_with("INC-2026-0001-") && !id.contains(char::is_whitespace),
        "{out:?}"
    );
    assert!(file_of(dir, id).is_file());
    // Without -q, the sentence.
    let out = ok(dir, INCIDENT);
    assert!(
        out.starts_with("INC-2026-0002-") && out.contains("已新建"),
        "{out}"
    );
}

#[test]
fn by_defaults_to_itc_user_then_the_git_email_and_by_is_the_explicit_form() {
    let repo = new_repo("zh", "toml");
    let dir = repo.path();
    // The roster says whose email is whose.
    let config = dir.join("itc.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "id = \"ops\"\n",
        "id = \"ops\"\nemail = \"Ops@Example.com\"\n",
    );
    std::fs::write(&config, text).unwrap();
    ok(dir, &["check"]);
    let report_by = |id: &str| {
        let text = std::fs::read_to_string(file_of(dir, id)).unwrap();
        let report = text.split("[report]").nth(1).unwrap().to_string();
        report
            .lines()
            .find_map(|l| l.strip_prefix("by = "))
            .map(|s| s.trim_matches('"').to_string())
    };

    // ITC_USER first.
    let mut args = vec!["-q"];
    args.extend_from_slice(INCIDENT);
    let a = ok_with(dir, &args, &[("ITC_USER", "manager")], None);
    assert_eq!(report_by(a.trim()).as_deref(), Some("manager"));

    // Then git's user.email (the repository's own git config).
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "ops@example.com"]);
    let b = ok(dir, &args).trim().to_string();
    assert_eq!(report_by(&b).as_deref(), Some("ops"));
    // advance fills the stage it enters.
    ok_with(
        dir,
        &["advance", &b, "--at", "2026-03-01 10:00"],
        &[("ITC_USER", "manager")],
        None,
    );
    let text = std::fs::read_to_string(file_of(dir, &b)).unwrap();
    assert!(
        text.contains("[diagnosis]\nat = 2026-03-01T10:00:00+08:00\nby = \"manager\"\n"),
        "{text}"
    );

    // --by wins over both.
    let mut explicit = args.clone();
    explicit.extend_from_slice(&["--by", "manager"]);
    let c = ok_with(dir, &explicit, &[("ITC_USER", "ops")], None);
    assert_eq!(report_by(c.trim()).as_deref(), Some("manager"));

    // An ITC_USER the roster does not know is refused, with a suggestion.
    let out = itc_with(dir, &args, &[("ITC_USER", "opss")], None);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("ITC_USER=`opss`") && stderr(&out).contains("`ops`"),
        "{}",
        stderr(&out)
    );
    // set --by sets the current stage's `by`.
    ok(dir, &["set", &b, "--by", "ops"]);
    let text = std::fs::read_to_string(file_of(dir, &b)).unwrap();
    assert!(text.contains("[diagnosis]\nat = 2026-03-01T10:00:00+08:00\nby = \"ops\"\n"));
    ok(dir, &["fmt", "--check"]);
}

#[test]
fn new_refuses_missing_fields_and_writes_nothing() {
    let repo = new_repo("en", "toml");
    let dir = repo.path();
    let out = itc(dir, &["--lang", "en", "new", "incident", "--title", "x"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    for field in ["owner", "system", "severity", "category"] {
        assert!(err.contains(&format!("--set {field}=<")), "{err}");
    }
    assert!(
        std::fs::read_dir(dir.join("incidents"))
            .unwrap()
            .all(|e| e.unwrap().file_name() == ".gitkeep")
    );
    // Values are parsed by type: an enum, a system, a date.
    for (set, what) in [
        ("severity=P9", "one of P1, P2, P3, P4"),
        ("system=crm", "a system of the catalogue"),
        ("occurred_at=yesterday", "a date-time"),
    ] {
        let out = itc(dir, &["--lang", "en", "new", "incident", "--set", set]);
        assert_eq!(code(&out), 2, "{set}");
        assert!(stderr(&out).contains(what), "{set}: {}", stderr(&out));
    }
}

#[test]
fn mistakes_in_commands_are_refused_in_words() {
    let repo = new_repo("en", "toml");
    let dir = repo.path();
    let refused = |args: &[&str], code_wanted: i32, words: &str| {
        let out = itc(dir, args);
        assert_eq!(code(&out), code_wanted, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(words), "{args:?}: {}", stderr(&out));
    };
    refused(
        &["--lang", "en", "new", "ticket"],
        2,
        "unknown kind `ticket`",
    );
    refused(
        &["--lang", "en", "new", "incident", "--stage", "diagnosis"],
        2,
        "not a start stage",
    );
    refused(
        &["--lang", "en", "new", "incident", "--at", "soon"],
        2,
        "invalid --at `soon`",
    );
    refused(
        &["--lang", "en", "list", "ticket"],
        2,
        "unknown kind `ticket`",
    );
    refused(
        &["--lang", "en", "list", "--period", "2026-Q9"],
        2,
        "invalid --period",
    );
    refused(
        &["--lang", "en", "list", "--where", "severity"],
        2,
        "should be FIELD=VALUE",
    );
    // A record whose stage is not one of its kind's, and one that does not parse.
    let id = created_id(&ok(dir, &strs(&incident_args("x", "P3", "s"))));
    let path = find_record(dir, &id);
    replace_in(&path, "stage = \"report\"", "stage = \"reported\"");
    refused(
        &["--lang", "en", "advance", &id],
        2,
        "is not a stage of incident",
    );
    std::fs::write(&path, "id = \"unterminated\n").unwrap();
    refused(&["--lang", "en", "show", &id], 1, "does not parse");
    refused(
        &["--lang", "en", "set", &id, "title=x"],
        1,
        "the record does not parse",
    );
}

#[test]
fn twenty_parallel_new_incidents_get_twenty_ids() {
    let repo = new_repo("en", "toml");
    let dir = repo.path().to_path_buf();
    let children: Vec<_> = (0..20)
        .map(|i| {
            Itc::new(&dir)
                .args(incident_args(&format!("并发 {i}"), "P3", "s"))
                .spawn()
        })
        .collect();
    let mut ids = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        ids.push(created_id(&stdout(&out)));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "{ids:?}");
    // The sequence numbers are distinct too: 0001 … 0020.
    let mut numbers: Vec<String> = ids
        .iter()
        .map(|id| id.split('-').nth(2).unwrap().to_string())
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 20, "{ids:?}");
    check_clean(&dir, "20 parallel new");
}

#[test]
fn yaml_value_with_tab_hash_survives_new() {
    let repo = new_repo("en", "yaml");
    let (_, file) = add_incident(repo.path(), "Login slow\t#2 floor", "a:\tb # c");
    let t = read_back(&file);
    assert_text(&t, None, "title", "Login slow\t#2 floor", "new");
    assert_text(&t, Some("report"), "symptom", "a:\tb # c", "new");
}

#[cfg(unix)]
#[test]
fn new_refuses_to_write_through_a_symlinked_folder_or_lock() {
    let repo = new_repo("en", "toml");
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join("incidents")).unwrap();
    let this_year = current_year();
    std::os::unix::fs::symlink(
        outside.path(),
        repo.path().join(format!("incidents/{this_year}")),
    )
    .unwrap();
    let out = itc_en(repo.path(), &strs(&new_args("t", "s", "2026-03-01 09:00")));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);

    // A whole kind folder that is a link.
    std::fs::remove_file(repo.path().join(format!("incidents/{this_year}"))).unwrap();
    std::fs::remove_dir_all(repo.path().join("incidents")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path().join("incidents")).unwrap();
    let out = itc_en(repo.path(), &strs(&new_args("t", "s", "2026-03-01 09:00")));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    std::fs::remove_file(repo.path().join("incidents")).unwrap();

    // A lock file that is a link to a file outside.
    let target = outside.path().join("made-by-itc");
    std::os::unix::fs::symlink(&target, repo.path().join(".itc.lock")).unwrap();
    let out = itc_en(repo.path(), &strs(&new_args("t", "s", "2026-03-01 09:00")));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains(".itc.lock"), "{}", stderr(&out));
    assert!(!target.exists(), "nothing is created through the link");
    assert!(!repo.path().join("incidents").exists());
}

/// The year `new` files a record under: now, in the repository's time zone (+08:00).
fn current_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .year()
}

#[test]
fn new_waiting_on_the_lock_says_who_holds_it_and_gives_up() {
    use std::io::Write;
    let repo = new_repo("en", "toml");
    let lock = repo.path().join(".itc.lock");
    let mut held = std::fs::File::create(&lock).unwrap();
    held.write_all(b"4242 lock-holder-host\n").unwrap();
    held.lock().unwrap();
    let mut args = new_args("t", "s", "2026-03-01 09:00");
    args.extend(["--lock-timeout".to_string(), "2".to_string()]);
    let started = Instant::now();
    let out = itc_en(repo.path(), &strs(&args));
    let waited = started.elapsed();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("waiting for the repository lock")
            && err.contains("held by pid 4242 on lock-holder-host"),
        "{err}"
    );
    assert!(err.contains("gave up after waiting 2 s"), "{err}");
    assert!(waited >= Duration::from_secs(2) && waited < Duration::from_secs(10));
    assert!(
        !repo.path().join("incidents/2026").exists()
            || std::fs::read_dir(repo.path().join("incidents/2026"))
                .unwrap()
                .count()
                == 0
    );
    // Once released, the next writer takes the lock over, and removes it when done.
    held.unlock().unwrap();
    drop(held);
    ok_en(repo.path(), &strs(&args));
    assert!(!lock.exists());
}

#[test]
fn the_id_counter_does_not_wrap() {
    let repo = new_repo("en", "toml");
    let year = current_year();
    let folder = repo.path().join(format!("incidents/{year}"));
    write_file(&folder.join(format!("INC-{year}-4294967294.toml")), "");
    let out = ok_en(repo.path(), &strs(&new_args("t", "s", "2026-03-01 09:00")));
    assert!(out.starts_with(&format!("INC-{year}-4294967295-")), "{out}");
    let out = itc_en(repo.path(), &strs(&new_args("t", "s", "2026-03-01 09:00")));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("are used up"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
}
