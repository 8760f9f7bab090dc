//! Hardening of what itc reads (issue 12): record files that are links out of the repository,
//! devices or FIFOs; kind folders outside the root; a broken itc.toml under `kpi`; `show` on a
//! file it cannot read; big and hostile records. Every test runs the binary with a timeout, so
//! a regression fails instead of hanging.

use std::path::Path;
use std::process::Command;

use crate::support::*;

#[cfg(unix)]
fn link(target: impl AsRef<Path>, at: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// `check` and `list` finish promptly, report the file as E0109 and never show its content.
fn assert_refused(dir: &Path, rel: &str, hold_stdin: bool) {
    let out = itc_within(
        dir,
        &["--lang", "en", "check", "--format", "json"],
        20,
        hold_stdin,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let (found, summary) = findings(&out);
    let mine: Vec<&Finding> = found.iter().filter(|f| f.file == rel).collect();
    assert_eq!(mine.len(), 1, "{found:#?}");
    assert_eq!(mine[0].code, "E0109", "{mine:#?}");
    assert!(
        mine[0].message.starts_with("not read: this is "),
        "{mine:#?}"
    );
    assert_eq!(summary["records"], 2, "the good records are still checked");
    // The human report shows source lines: never this file's.
    let human = itc_within(dir, &["--lang", "en", "check"], 20, hold_stdin);
    assert_eq!(code(&human), 1);
    let text = stderr(&human);
    assert!(text.contains(&format!("--> {rel}:1:1")), "{text}");
    assert!(
        text.contains("itc reads records only from regular files inside the repository"),
        "{text}"
    );
    assert!(!text.contains("s3cr3t-env-value"), "{text}");
    let zh = itc_within(dir, &["--lang", "zh", "check"], 20, hold_stdin);
    assert!(
        stderr(&zh).contains("只读取记录库内的普通文件"),
        "{}",
        stderr(&zh)
    );
    let list = itc_within(dir, &["list", "--format", "json"], 20, hold_stdin);
    assert!(code(&list) < 2, "{}", stderr(&list));
    assert!(!stdout(&list).contains("s3cr3t-env-value"));
}

#[cfg(unix)]
#[test]
fn record_linked_to_proc_self_environ_is_not_read() {
    let dir = extended_with("INC-2026-0901.toml", |p| link("/proc/self/environ", p));
    assert_refused(dir.path(), "incidents/INC-2026-0901.toml", false);
    let out = itc_within(dir.path(), &["--lang", "en", "check"], 20, false);
    assert!(
        stderr(&out).contains("a link to /proc/self/environ, outside the repository"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn record_linked_to_dev_zero_is_not_read() {
    let dir = extended_with("INC-2026-0902.toml", |p| link("/dev/zero", p));
    assert_refused(dir.path(), "incidents/INC-2026-0902.toml", false);
}

#[cfg(unix)]
#[test]
fn record_linked_to_dev_stdin_does_not_hang() {
    let dir = extended_with("INC-2026-0903.yaml", |p| link("/dev/stdin", p));
    assert_refused(dir.path(), "incidents/INC-2026-0903.yaml", true);
}

#[cfg(unix)]
#[test]
fn fifo_records_are_never_opened() {
    // A FIFO named as a record, and a link to a FIFO inside the repository.
    let dir = extended_with("INC-2026-0904.toml", |p| {
        let made = Command::new("mkfifo").arg(p).status().unwrap();
        assert!(made.success());
    });
    assert_refused(dir.path(), "incidents/INC-2026-0904.toml", false);
    let out = itc_within(dir.path(), &["--lang", "en", "check"], 20, false);
    assert!(
        stderr(&out).contains("a named pipe (FIFO)"),
        "{}",
        stderr(&out)
    );
    let dir = extended_with("INC-2026-0905.toml", |p| {
        let fifo = p.parent().unwrap().parent().unwrap().join("pipe");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        link("../pipe", p);
    });
    assert_refused(dir.path(), "incidents/INC-2026-0905.toml", false);
}

#[cfg(unix)]
#[test]
fn links_inside_the_repository_are_still_read() {
    // README "Decisions": a link to a record file is read, when it stays inside the root.
    let dir = temp_copy(&fixture("extended"));
    let inc = dir.path().join("incidents");
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    std::fs::rename(
        inc.join("INC-2026-0001.yaml"),
        dir.path().join("archive/INC-2026-0001.yaml"),
    )
    .unwrap();
    link(
        "../archive/INC-2026-0001.yaml",
        inc.join("INC-2026-0001.yaml"),
    );
    let out = itc_within(dir.path(), &["check", "--format", "json"], 20, false);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let (_, summary) = findings(&out);
    assert_eq!(summary["records"], 2);
    // Out of the root, the same file is refused.
    let outside = tempfile::tempdir().unwrap();
    std::fs::rename(
        dir.path().join("archive/INC-2026-0001.yaml"),
        outside.path().join("INC-2026-0001.yaml"),
    )
    .unwrap();
    std::fs::remove_file(inc.join("INC-2026-0001.yaml")).unwrap();
    link(
        outside.path().join("INC-2026-0001.yaml"),
        inc.join("INC-2026-0001.yaml"),
    );
    let out = itc_within(dir.path(), &["check", "--format", "json"], 20, false);
    assert_eq!(code(&out), 1);
    let (found, _) = findings(&out);
    assert_eq!(found[0].code, "E0109", "{found:#?}");
}

#[cfg(unix)]
#[test]
fn kind_folder_linked_out_of_the_repository_is_not_walked() {
    let outside = temp_copy(&fixture("extended").join("incidents"));
    let dir = temp_copy(&fixture("extended"));
    std::fs::remove_dir_all(dir.path().join("incidents")).unwrap();
    link(outside.path(), dir.path().join("incidents"));
    let out = itc_within(dir.path(), &["check", "--format", "json"], 20, false);
    assert_eq!(code(&out), 1);
    let (found, summary) = findings(&out);
    assert_eq!(
        found.iter().map(Finding::brief).collect::<Vec<_>>(),
        ["incidents:1:1 E0109 syntax"]
    );
    assert_eq!(summary["records"], 1, "only the change is read");
}

#[test]
fn size_limit_holds_while_reading() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let path = root.join("INC-1.toml");
    std::fs::write(&path, "x".repeat(100)).unwrap();
    assert!(matches!(
        itc::repo::read_inside(&root, &path, 99),
        Err(itc::repo::ReadError::TooLarge(100))
    ));
    assert_eq!(
        itc::repo::read_inside(&root, &path, 100).unwrap().len(),
        100
    );
}

#[test]
fn folder_outside_the_repository_is_a_rules_error() {
    for (folder, col) in [
        ("../outside", 10),
        ("/", 10),
        ("/tmp/x", 10),
        ("", 10),
        (".", 10),
        ("a/../../b", 10),
    ] {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("repo");
        copy_dir(&fixture("extended"), &dir);
        let rules = format!(
            "[[kind]]\nkey = \"leak\"\nfolder = \"{folder}\"\nprefix = \"LK\"\nzh = \"泄漏\"\nen = \"Leak\"\n[[kind.stage]]\nkey = \"open\"\nzh = \"开\"\nen = \"Open\"\nstart = true\n"
        );
        std::fs::write(dir.join("rules.toml"), rules).unwrap();
        let out = itc_within(
            &dir,
            &["--lang", "en", "check", "--format", "json"],
            20,
            false,
        );
        assert_eq!(code(&out), 2, "{folder:?}: {}", stderr(&out));
        let (found, _) = findings(&out);
        let codes: Vec<String> = found.iter().map(Finding::brief).collect();
        // An empty folder is also "not a non-empty string" (E0904); the rest only E0908.
        assert!(
            codes.contains(&format!("rules.toml:3:{col} E0908 rules")),
            "{folder:?}: {codes:?}"
        );
        let human = itc_within(&dir, &["--lang", "en", "check"], 20, false);
        let text = stderr(&human);
        assert!(text.contains("--> rules.toml:3:10"), "{text}");
        assert!(
            text.contains("which is not a folder inside the repository"),
            "{text}"
        );
        let zh = itc_within(&dir, &["--lang", "zh", "check"], 20, false);
        assert!(stderr(&zh).contains("不在记录库之内"), "{}", stderr(&zh));
        // `new` refuses: nothing is written anywhere.

        let out = itc_within(&dir, &["new", "leak", "--set", "title=x"], 20, false);
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(stderr(&out).contains("rules.toml"), "{}", stderr(&out));
        assert_eq!(
            std::fs::read_dir(top.path()).unwrap().count(),
            1,
            "only repo/"
        );
    }
}

#[test]
fn kpi_refuses_a_broken_itc_toml() {
    let dir = temp_copy(&fixture("kpi"));
    let path = dir.path().join("itc.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[org\n");
    std::fs::write(&path, text).unwrap();
    let args = [
        "--lang",
        "en",
        "kpi",
        "--period",
        "2026-Q1",
        "--as-of",
        "2026-03-31",
        "--fail-on-missed",
    ];
    let out = itc_within(dir.path(), &args, 30, false);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "no KPIs: {}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("error[E0101]"), "{err}");
    assert!(err.contains("--> itc.toml:"), "{err}");
    assert!(err.contains("itc.toml has 1 error(s)"), "{err}");
    let zh = itc_within(dir.path(), &args[2..], 30, false);
    assert_eq!(code(&zh), 2);
    assert!(
        stderr(&zh).contains("itc.toml 有 1 处错误"),
        "{}",
        stderr(&zh)
    );
    // An invalid value (not a syntax error) refuses too.
    let dir = temp_copy(&fixture("kpi"));
    let text = std::fs::read_to_string(dir.path().join("itc.toml")).unwrap();
    std::fs::write(
        dir.path().join("itc.toml"),
        text.replace("timezone = \"+08:00\"", "timezone = \"Mars\""),
    )
    .unwrap();
    let out = itc_within(dir.path(), &args, 30, false);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn show_on_an_unreadable_file_is_an_io_error() {
    for target in ["missing.yaml", "/dev/zero", "/proc/self/environ"] {
        let dir = extended_with("INC-2026-0906.yaml", |p| link(target, p));
        let out = itc_within(
            dir.path(),
            &["--lang", "en", "show", "INC-2026-0906"],
            20,
            false,
        );
        assert_eq!(code(&out), 2, "{target}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("cannot access"), "{err}");
        assert!(!err.contains("does not parse"), "{err}");
        assert!(!err.contains("s3cr3t-env-value"), "{err}");
    }
    // A file that reads but does not parse is still invalid data.
    let dir = extended_with("INC-2026-0907.yaml", |p| {
        std::fs::write(p, "id: [unclosed\n").unwrap()
    });
    let out = itc_within(
        dir.path(),
        &["--lang", "en", "show", "INC-2026-0907"],
        20,
        false,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("does not parse"));
}

#[test]
fn yaml_record_with_100k_keys_is_read_in_linear_time() {
    let dir = temp_copy(&fixture("extended"));
    let mut text =
        std::fs::read_to_string(dir.path().join("incidents/INC-2026-0001.yaml")).unwrap();
    for i in 0..100_000 {
        text.push_str(&format!("k{i:06}: v\n"));
    }
    std::fs::write(dir.path().join("incidents/INC-2026-0001.yaml"), &text).unwrap();
    // Quadratic detection took minutes here (28 s in a release build); linear takes seconds,
    // even in a debug build on a loaded machine.
    let list = itc_within(dir.path(), &["list", "--format", "json"], 90, false);
    assert_eq!(code(&list), 0, "{}", stderr(&list));
    assert!(stdout(&list).contains("INC-2026-0001"));
    let check = itc_within(dir.path(), &["check", "--format", "json"], 90, false);
    assert_eq!(code(&check), 1);
    // A duplicate among them is still found, on its line.
    text.push_str("k099999: again\n");
    std::fs::write(dir.path().join("incidents/INC-2026-0001.yaml"), &text).unwrap();
    let check = itc_within(dir.path(), &["check", "--format", "json"], 90, false);
    let (found, _) = findings(&check);
    let dup = found.iter().find(|f| f.code == "E0101").unwrap();
    assert!(dup.message.contains("duplicate key `k099999`"), "{dup:?}");
    assert_eq!(dup.line, text.lines().count() as u64);
}

/// The crash inputs the fuzzers found (fuzz/, docs/robustness.md), as the binary sees them.
#[test]
fn fuzz_crashes_with_lone_carriage_returns_stay_fixed() {
    // edit_fmt_roundtrip: the first byte picks the format (odd: YAML), the rest is the record.
    let roundtrip = std::fs::read(fixture("fuzz/edit_fmt_roundtrip-lone-cr.bin")).unwrap();
    let load = std::fs::read(fixture("fuzz/load_yaml-lone-cr.bin")).unwrap();
    for (name, bytes) in [
        ("INC-2026-0019.yaml", &roundtrip[1..]),
        ("INC-2026-0020.yaml", &load[..]),
    ] {
        let dir = extended_with(name, |p| std::fs::write(p, bytes).unwrap());
        // fmt indexed lines past the end (a panic, exit 101): now the file does not parse.
        let fmt = itc_within(dir.path(), &["--lang", "en", "fmt"], 30, false);
        assert_eq!(code(&fmt), 0, "{}", stderr(&fmt));
        assert!(stderr(&fmt).contains("does not parse"), "{}", stderr(&fmt));
        let out = itc_within(
            dir.path(),
            &["--lang", "en", "check", "--format", "json"],
            30,
            false,
        );
        let (found, _) = findings(&out);
        let mine: Vec<&Finding> = found
            .iter()
            .filter(|f| f.file == format!("incidents/{name}"))
            .collect();
        assert_eq!(mine.len(), 1, "{mine:#?}");
        assert_eq!(mine[0].code, "E0101");
        assert!(mine[0].message.contains("carriage return"), "{mine:#?}");
        // The line is one an editor shows: within the file as LF counts lines.
        assert!(mine[0].line as usize <= bytes.split(|b| *b == b'\n').count());
        let human = itc_within(dir.path(), &["--lang", "en", "check"], 30, false);
        assert!(
            stderr(&human).contains(&format!("--> incidents/{name}:{}:", mine[0].line)),
            "{}",
            stderr(&human)
        );
    }
}

/// Found by fuzz/edit_fmt_roundtrip: setting a scalar over a block mapping whose last value is
/// empty replaced only the nested key, so the field stayed a mapping and the value was lost.
/// Now the whole entry is replaced (the comment beside the key stays); and the proof before the
/// rename compares with the value asked for, so a wrong edit is refused, never written.
#[test]
fn fuzz_set_over_a_mapping_with_an_empty_value_keeps_the_value() {
    let dir = temp_copy(&fixture("extended"));
    let path = dir.path().join("incidents/INC-2026-0001.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("title: ERP 登录缓慢\n", "title:  # note\n  sub:  # c\n"),
    )
    .unwrap();
    let out = itc_within(
        dir.path(),
        &["set", "INC-2026-0001", "title=Login slow"],
        30,
        false,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        text.replace("title: ERP 登录缓慢\n", "title: Login slow  # note\n")
    );
    let mut diags = Vec::new();
    let table = itc::record::parse(
        &written,
        itc::record::Format::Yaml,
        "",
        itc::diag::Check::Syntax,
        &mut diags,
    )
    .unwrap();
    assert_eq!(table.str("title"), Some("Login slow"), "{written}");
}

/// Found by fuzz/edit_fmt_roundtrip: `fmt` quoted a 254-character YAML key holding control
/// characters into more than 1024 characters, past YAML's limit for an implicit key, so the file
/// it wrote no longer parsed (exit 0). Such a key is now written as an explicit key (`? "…"`);
/// and the proof before the rename refuses any text that does not parse.
#[test]
fn fuzz_fmt_never_writes_a_file_that_does_not_parse() {
    let input = std::fs::read(fixture("fuzz/edit_fmt_roundtrip-long-quoted-key.bin")).unwrap();
    let dir = extended_with("INC-2026-0099.yaml", |p| {
        std::fs::write(p, &input[1..]).unwrap()
    });
    let path = dir.path().join("incidents/INC-2026-0099.yaml");
    let values = |text: &str| {
        let mut diags = Vec::new();
        itc::record::parse(
            text,
            itc::record::Format::Yaml,
            "",
            itc::diag::Check::Syntax,
            &mut diags,
        )
    };
    let before = values(std::str::from_utf8(&input[1..]).unwrap()).unwrap();
    let fmt = itc_within(dir.path(), &["--lang", "en", "fmt"], 30, false);
    assert_eq!(code(&fmt), 0, "{}", stderr(&fmt));
    assert!(
        stdout(&fmt).contains("formatted: incidents/INC-2026-0099.yaml"),
        "{}{}",
        stdout(&fmt),
        stderr(&fmt)
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.lines().any(|l| l.starts_with("? \"")), "{written}");
    let after = values(&written).expect("fmt broke the file");
    assert_eq!(
        itc::record::edit::prove(&written, itc::record::Format::Yaml, &before),
        Ok(()),
        "{written}"
    );
    assert_eq!(after.entries.len(), before.entries.len());
    // Formatted once, formatted for good.
    let check = itc_within(dir.path(), &["fmt", "--check"], 30, false);
    assert_eq!(code(&check), 0, "{}{}", stdout(&check), stderr(&check));
}

/// `fmt`, `set` and `advance` read a record the way `check` does: a record linked to /dev/zero,
/// a FIFO, or a link to a file outside the root is never opened (no hang, no memory growth) nor
/// read (nothing of the outside file is shown or written back). `fmt` skips it and says why
/// (`--check` fails on it); `set` and `advance` stop with an I/O error, exit 2.
#[cfg(unix)]
#[test]
fn fmt_set_and_advance_never_read_devices_fifos_or_outside_files() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("INC-2026-0906.yaml");
    let original = std::fs::read_to_string(fixture("extended/incidents/INC-2026-0001.yaml"))
        .unwrap()
        .replace("INC-2026-0001", "INC-2026-0906")
        .replace("ERP 登录缓慢", "s3cr3t-outside-title")
        .replace("stage: report", "stage:    report");
    std::fs::write(&secret, &original).unwrap();
    type Make<'a> = Box<dyn FnOnce(&Path) + 'a>;
    let cases: [(&str, Make); 3] = [
        (
            "INC-2026-0902.toml",
            Box::new(|p: &Path| link("/dev/zero", p)),
        ),
        (
            "INC-2026-0904.toml",
            Box::new(|p: &Path| {
                assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
            }),
        ),
        ("INC-2026-0906.yaml", Box::new(|p: &Path| link(&secret, p))),
    ];
    for (name, make) in cases {
        let dir = extended_with(name, make);
        let id = name.split('.').next().unwrap();
        let rel = format!("incidents/{name}");
        let fmt = itc_within(dir.path(), &["--lang", "en", "fmt"], 20, false);
        assert_eq!(code(&fmt), 0, "{}", stderr(&fmt));
        assert!(
            stderr(&fmt).contains(&format!("skipped {rel}: it cannot be read (")),
            "{}",
            stderr(&fmt)
        );
        let check = itc_within(dir.path(), &["--lang", "en", "fmt", "--check"], 20, false);
        assert_eq!(code(&check), 1, "{}", stderr(&check));
        assert!(
            stderr(&check).contains(&format!("cannot check the format of {rel}")),
            "{}",
            stderr(&check)
        );
        let zh = itc_within(dir.path(), &["--lang", "zh", "fmt"], 20, false);
        assert!(
            stderr(&zh).contains(&format!("跳过 {rel}:无法读取(")),
            "{}",
            stderr(&zh)
        );
        for args in [
            vec!["--lang", "en", "set", id, "title=x"],
            vec!["--lang", "en", "advance", id, "--set", "cause=x"],
        ] {
            let out = itc_within(dir.path(), &args, 20, false);
            assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("not a regular file inside the repository"),
                "{args:?}: {}",
                stderr(&out)
            );
            assert!(!stdout(&out).contains("s3cr3t"));
            assert!(!stderr(&out).contains("s3cr3t"));
        }
        assert!(!stdout(&fmt).contains("s3cr3t") && !stderr(&fmt).contains("s3cr3t"));
    }
    // The file outside was neither formatted nor edited.
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), original);
}

/// Found by fuzz/edit_fmt_roundtrip (after the fixes above): an empty YAML value at the end of
/// the file has its span at the end of its key, before the colon, so `set` wrote the new value
/// into the key (`title"…":  # c`). Now an empty value is replaced as a whole entry.
#[test]
fn fuzz_set_of_an_empty_value_at_the_end_of_the_file_keeps_the_value() {
    let input = std::fs::read(fixture("fuzz/edit_fmt_roundtrip-empty-value-at-end.bin")).unwrap();
    let nul = input.iter().position(|b| *b == 0).unwrap();
    let title = std::str::from_utf8(&input[nul + 1..]).unwrap();
    let dir = temp_copy(&fixture("extended"));
    let path = dir.path().join("incidents/INC-2026-0001.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let record = format!("{}title:  #tyVy", text.replace("title: ERP 登录缓慢\n", ""));
    std::fs::write(&path, &record).unwrap();
    let out = itc_within(
        dir.path(),
        &["set", "INC-2026-0001", &format!("title={title}")],
        30,
        false,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.ends_with("\ntitle: \"&yyeQr: #i.wggg\"  #tyVy\n"),
        "{written}"
    );
    let mut diags = Vec::new();
    let table = itc::record::parse(
        &written,
        itc::record::Format::Yaml,
        "",
        itc::diag::Check::Syntax,
        &mut diags,
    )
    .unwrap();
    assert_eq!(table.str("title"), Some(title));
}
