//! What itc reads, for every command alike. No input makes it panic: every example and fixture
//! record, truncated and garbled in many ways, is loaded, checked and rendered, and the crash
//! inputs the fuzzers found stay fixed. Record files that are links out of the repository,
//! devices or FIFOs are never opened nor shown; a kind folder outside the root is refused; the
//! size limit holds while reading; a big record is read in linear time. A test that reads a
//! hostile file runs the binary with a time limit, so a regression fails instead of hanging.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

fn record_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            record_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "yaml" | "yml")
        ) && path
            .file_name()
            .is_some_and(|n| n != "itc.toml" && n != "rules.toml")
        {
            out.push(path);
        }
    }
}

/// Deterministic variants of a file: truncations, flipped bytes, inserted and deleted
/// characters, shuffled and repeated lines.
fn variants(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let n = bytes.len().max(1);
    for k in 1..16 {
        out.push(bytes[..n * k / 16].to_vec());
    }
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ n as u64;
    let mut rnd = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m.max(1) as u64) as usize
    };
    let noise: &[&[u8]] = &[
        b"[", b"]", b"{", b"\"", b":", b"=", b"\n", b"\n  - ", b"&a ", b"*a", b"\t", b"---\n",
        b"\xff", b"#", b"'", b"|\n", b"0x", b"\\",
    ];
    for _ in 0..24 {
        let mut v = bytes.to_vec();
        for _ in 0..1 + rnd(4) {
            let at = rnd(v.len() + 1);
            match rnd(3) {
                0 => {
                    let ins = noise[rnd(noise.len())];
                    v.splice(at..at, ins.iter().copied());
                }
                1 if at < v.len() => {
                    v.remove(at);
                }
                _ if at < v.len() => v[at] ^= 1 << rnd(8),
                _ => {}
            }
        }
        out.push(v);
    }
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > 2 {
        let mut swapped = lines.clone();
        swapped.swap(1, lines.len() - 1);
        out.push(swapped.join("\n").into_bytes());
        let mut doubled = lines.clone();
        doubled.insert(1, lines[1]);
        out.push(doubled.join("\n").into_bytes());
        out.push(
            lines
                .iter()
                .map(|l| format!("  {l}"))
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes(),
        );
    }
    out
}

#[test]
fn truncated_and_garbled_records_never_panic() {
    let mut files = Vec::new();
    record_files(&demo(), &mut files);
    record_files(&fixture("invalid"), &mut files);
    assert!(files.len() > 90);
    let repo = tempfile::tempdir().unwrap();
    std::fs::copy(demo().join("itc.toml"), repo.path().join("itc.toml")).unwrap();
    let mut written = 0;
    for (i, file) in files.iter().enumerate() {
        let bytes = std::fs::read(file).unwrap();
        let folder = file
            .parent()
            .unwrap()
            .strip_prefix(
                file.ancestors()
                    .find(|a| a.join("itc.toml").is_file())
                    .unwrap(),
            )
            .unwrap();
        let kind_folder = folder.components().next().unwrap().as_os_str().to_owned();
        let ext = file.extension().unwrap().to_string_lossy().into_owned();
        let dir = repo.path().join(kind_folder).join(format!("f{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        for (j, v) in variants(&bytes).into_iter().enumerate() {
            std::fs::write(
                dir.join(format!(
                    "{}-{j}.{ext}",
                    file.file_stem().unwrap().to_string_lossy()
                )),
                v,
            )
            .unwrap();
            written += 1;
        }
    }
    assert!(written > 3000);
    let loaded = itc::repo::Repo::load(repo.path().to_path_buf()).unwrap();
    let diags = itc::check::run(&loaded).diags;
    assert!(diags.len() > written, "every variant has findings");
    for lang in [itc::Lang::Zh, itc::Lang::En] {
        let text = itc::output::diagnostics::human(
            &diags,
            repo.path(),
            lang,
            itc::output::Style { color: true },
        );
        assert!(!text.is_empty());
    }
    // And through the binary, as CI would run it.
    let out = itc(repo.path(), &["check", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // Every command that reads records survives them too (a panic exits 101).
    for args in [
        vec!["fmt", "--check"],
        vec!["list", "--format", "json"],
        vec![
            "kpi",
            "--period",
            "2026",
            "--as-of",
            "2026-12-31",
            "--explain",
            "--format",
            "json",
        ],
        vec![
            "kpi",
            "--period",
            "2026",
            "--as-of",
            "2026-12-31",
            "--by",
            "month",
        ],
    ] {
        let out = itc(repo.path(), &args);
        assert!(matches!(code(&out), 0 | 1), "{args:?}: {}", stderr(&out));
    }
    // fmt writes only what keeps every value: whatever it rewrote still checks the same way.
    let before = itc(repo.path(), &["check", "--format", "json"]);
    let out = itc(repo.path(), &["fmt"]);
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    let after = itc(repo.path(), &["check", "--format", "json"]);
    let count = |o: &std::process::Output| findings(o).1["records"].clone();
    assert_eq!(count(&before), count(&after));
}

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
