//! The write path under attack (issue 12): values that must survive `set`, `new`, `advance` and
//! `fmt` exactly, concurrent writers, links, a full id space, the lock, and the leftovers of a
//! killed writer. Each test is named after the defect it pins down.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use itc::record::value::{Table, Value};
use itc::record::{self, Format};

use crate::support::*;

fn no_errors(dir: &Path, context: &str) {
    let out = itc_en(dir, &["check"]);
    assert_eq!(code(&out), 0, "{context}: {}", stderr(&out));
    assert!(
        stderr(&out).contains(" 0 errors"),
        "{context}: {}",
        stderr(&out)
    );
}

/// The forced control characters are the only findings left.
fn only_control_character_findings(dir: &Path, context: &str) {
    let out = itc_en(dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for d in report["diagnostics"].as_array().unwrap() {
        assert_eq!(d["code"], "E0311", "{context}: {d}");
    }
}

// 1 · 24 -----------------------------------------------------------------------------------

#[test]
fn yaml_value_with_tab_hash_survives_set() {
    let repo = new_repo("en", "yaml");
    let (id, file) = add_incident(repo.path(), "plain", "s");
    ok_en(repo.path(), &["set", &id, "title=Login slow\t#2 floor"]);
    assert_text(
        &read_back(&file),
        None,
        "title",
        "Login slow\t#2 floor",
        "set",
    );
    no_errors(repo.path(), "set");
}

#[test]
fn yaml_value_with_tab_hash_survives_new() {
    let repo = new_repo("en", "yaml");
    let (_, file) = add_incident(repo.path(), "Login slow\t#2 floor", "a:\tb # c");
    let t = read_back(&file);
    assert_text(&t, None, "title", "Login slow\t#2 floor", "new");
    assert_text(&t, Some("report"), "symptom", "a:\tb # c", "new");
}

#[test]
fn set_writes_text_that_looks_like_numbers_or_holds_controls() {
    for format in ["toml", "yaml"] {
        let repo = new_repo("en", format);
        let (id, file) = add_incident(repo.path(), "plain", "s");
        for value in [
            "0x10",
            "a:\tb",
            "del\u{7f}x",
            "1e3",
            ".inf",
            "0o7",
            "C1\u{85}x",
        ] {
            let set = format!("title={value}");
            if value.chars().any(forbidden_control) {
                // A control character is a finding (E0311): refused, unless forced.
                let before = std::fs::read(&file).unwrap();
                let out = itc_en(repo.path(), &["set", &id, &set]);
                assert_eq!(code(&out), 1, "{format} {value:?}: {}", stderr(&out));
                assert!(stderr(&out).contains("E0311"), "{}", stderr(&out));
                assert_eq!(std::fs::read(&file).unwrap(), before);
                let out = itc_en(repo.path(), &["set", "--force", &id, &set]);
                assert_eq!(code(&out), 0, "{format} {value:?}: {}", stderr(&out));
            } else {
                let out = itc_en(repo.path(), &["set", &id, &set]);
                assert_eq!(code(&out), 0, "{format} {value:?}: {}", stderr(&out));
            }
            assert_text(&read_back(&file), None, "title", value, format);
        }
        ok_en(repo.path(), &["set", &id, "title=plain again"]);
        let bytes = std::fs::read(&file).unwrap();
        assert!(!bytes.contains(&0x7f), "{format}: a raw DEL was written");
        no_errors(repo.path(), format);
    }
}

// 2 · 3 · 4 · 5 · 25 -----------------------------------------------------------------------

const YAML_RECORD: &str = "id: INC-2026-0002-aaa
title: \"a\\t#b\"
stage: report
owner: ops
system: erp
severity: P3
category: software
note: \"0x10\"
tags: [5\" monitor, b]  # keep me
list: [\"a:\\tb\"]

report:  # the report
  at: 2026-03-01T09:05:00.750+08:00
  symptom: s
  occurred_at: \"2026-03-01 09:00:00.250\"
  by: ops
";

const TOML_RECORD: &str = "id = \"INC-2026-0002-aaa\"
title = \"del\\u007fx\"
stage = \"report\"
owner = \"ops\"
system = \"erp\"
severity = \"P3\"
category = \"software\"
tags = [\"a\", \"b\"]  # one line

[report]  # the report
at = 2026-03-01T09:05:00.750+08:00
symptom = \"s\"
occurred_at = \"2026-03-01 09:00:00.250\"
by = \"ops\"
";

fn formatted(format: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let repo = new_repo("en", format);
    let file = repo
        .path()
        .join(format!("incidents/2026/INC-2026-0002-aaa.{format}"));
    write_file(&file, text);
    let out = itc_en(repo.path(), &["fmt"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("formatted: incidents/2026/INC-2026-0002-aaa"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    (repo, file)
}

#[test]
fn fmt_keeps_yaml_values_quoted_where_they_must_be() {
    let (repo, file) = formatted("yaml", YAML_RECORD);
    let t = read_back(&file);
    assert_text(&t, None, "title", "a\t#b", "fmt");
    assert_text(&t, None, "note", "0x10", "fmt");
    let Value::Array(list) = text_at(&t, None, "list") else {
        panic!()
    };
    assert_eq!(list[0].as_str(), Some("a:\tb"));
    let out = itc_en(repo.path(), &["check", "--format", "json"]);
    let (found, _) = findings(&out);
    assert!(
        found.iter().all(|f| f.code != "E0303" && f.code != "E0101"),
        "{found:?}"
    );
}

#[test]
fn fmt_keeps_toml_del_escaped() {
    let (_repo, file) = formatted("toml", TOML_RECORD);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("title = \"del\\u007fx\""), "{text}");
    assert!(!text.contains('\u{7f}'), "{text}");
    assert_text(&read_back(&file), None, "title", "del\u{7f}x", "fmt");
}

#[test]
fn fmt_keeps_a_comment_after_a_quote_in_a_flow_list() {
    let (_repo, file) = formatted("yaml", YAML_RECORD);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("tags: [5\" monitor, b]  # keep me\n"),
        "{text}"
    );
}

#[test]
fn fmt_keeps_fractional_seconds() {
    for (format, record) in [("yaml", YAML_RECORD), ("toml", TOML_RECORD)] {
        let (_repo, file) = formatted(format, record);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("at: 2026-03-01T09:05:00.750+08:00")
                || text.contains("at = 2026-03-01T09:05:00.750+08:00"),
            "{text}"
        );
        assert!(
            text.contains("occurred_at: 2026-03-01T09:00:00.250+08:00")
                || text.contains("occurred_at = 2026-03-01T09:00:00.250+08:00"),
            "{text}"
        );
    }
}

#[test]
fn fmt_keeps_comments_after_a_section_header_and_a_one_line_array() {
    let (_repo, file) = formatted("toml", TOML_RECORD);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\n[report]  # the report\n"), "{text}");
    assert!(
        text.contains("\ntags = [\"a\", \"b\"]  # one line\n"),
        "{text}"
    );
    let (_repo, file) = formatted("yaml", YAML_RECORD);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\nreport:  # the report\n"), "{text}");
}

// 6 -------------------------------------------------------------------------------------------

#[test]
fn parallel_sets_of_different_fields_lose_no_update() {
    let repo = new_repo("en", "toml");
    let (id, file) = add_incident(repo.path(), "t", "s");
    let fields = [
        "title",
        "symptom",
        "owner",
        "impact",
        "planned",
        "report.by",
    ];
    for round in 0..5 {
        let values = [
            format!("title {round}"),
            format!("symptom {round}"),
            ["ops", "manager"][round % 2].to_string(),
            ["partial", "none", "full"][round % 3].to_string(),
            (round % 2 == 0).to_string(),
            ["manager", "ops"][round % 2].to_string(),
        ];
        let children: Vec<_> = fields
            .iter()
            .zip(&values)
            .map(|(f, v)| {
                Itc::new(repo.path())
                    .args(["--lang", "en", "set", &id, &format!("{f}={v}")])
                    .spawn()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_eq!(code(&out), 0, "{}", stderr(&out));
        }
        let t = read_back(&file);
        assert_text(&t, None, "title", &values[0], "parallel");
        assert_text(&t, Some("report"), "symptom", &values[1], "parallel");
        assert_text(&t, None, "owner", &values[2], "parallel");
        assert_text(&t, None, "impact", &values[3], "parallel");
        assert_eq!(
            text_at(&t, None, "planned").clone().to_bool(),
            Some(round % 2 == 0)
        );
        assert_text(&t, Some("report"), "by", &values[5], "parallel");
        assert!(
            !repo.path().join(".itc.lock").exists(),
            "the lock is removed"
        );
    }
}

trait ToBool {
    fn to_bool(self) -> Option<bool>;
}

impl ToBool for Value {
    fn to_bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
}

// 7 -------------------------------------------------------------------------------------------

/// Awkward values drawn from the seeded generator.
trait Awkward {
    /// Text without the control characters that `check` refuses (E0311): what `new` and
    /// `advance`, which have no `--force`, can be asked to write.
    fn plain_text(&mut self) -> String;

    /// A text of awkward pieces: tabs, `#`, quotes, colons, control characters, DEL,
    /// numbers-as-strings, line breaks, Chinese, spaces at either end.
    fn text(&mut self) -> String;

    fn datetime(&mut self) -> (String, i64, u32);
}

impl Awkward for Rng {
    fn plain_text(&mut self) -> String {
        loop {
            let t = self.text();
            if !t.chars().any(forbidden_control) {
                return t;
            }
        }
    }

    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "login",
            " ",
            "  ",
            "\t",
            "#",
            " #",
            "\t#",
            "#x",
            ":",
            ": ",
            ":\t",
            "\"",
            "'",
            "''",
            "\\",
            "\\n",
            "\u{7f}",
            "\u{1}",
            "\u{1b}",
            "\u{85}",
            "\u{a0}",
            "\u{2028}",
            "\u{feff}",
            "\n",
            "\r\n",
            "中文",
            "登录超时",
            "0x10",
            "1e3",
            ".inf",
            "-.inf",
            "0o7",
            "0b1",
            "1_000",
            "12:30",
            "2026-03-14",
            "2026-03-14 09:05",
            "true",
            "null",
            "~",
            "yes",
            "no",
            "-",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&a",
            "*a",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            "?",
            "<<",
            "=",
            "=======",
            "${x}",
            "[a, b]",
            "{a: 1}",
            "---",
            "...",
            "5\"",
            "\"\"\"",
            "'''",
            "42",
            "-7",
            "3.14",
            "+1",
            ".5",
        ];
        let n = 1 + self.below(6);
        let mut s: String = (0..n).map(|_| PIECES[self.below(PIECES.len())]).collect();
        if s.trim().is_empty() {
            s.push('x');
        }
        s
    }

    fn datetime(&mut self) -> (String, i64, u32) {
        let (h, m, s) = (self.below(24), self.below(60), self.below(60));
        let digits = 1 + self.below(9);
        let frac: String = (0..digits)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect();
        let nanos: u32 = format!("{frac:0<9}").parse().unwrap();
        let text = format!("2026-02-28 {h:02}:{m:02}:{s:02}.{frac}");
        let secs = chrono::NaiveDate::from_ymd_opt(2026, 2, 28)
            .unwrap()
            .and_hms_opt(h as u32, m as u32, s as u32)
            .unwrap()
            .and_utc()
            .timestamp()
            - 8 * 3600;
        (text, secs, nanos)
    }
}

fn assert_instant(t: &Table, section: &str, key: &str, secs: i64, nanos: u32, context: &str) {
    let text = text_at(t, Some(section), key).clone();
    let (Value::Str(s) | Value::Datetime(s)) = text else {
        panic!("{context}: {section}.{key} = {text:?}")
    };
    let at = chrono::DateTime::parse_from_rfc3339(&s)
        .unwrap_or_else(|e| panic!("{context}: {section}.{key} = {s:?}: {e}"));
    assert_eq!(
        (at.timestamp(), at.timestamp_subsec_nanos()),
        (secs, nanos),
        "{context}: {section}.{key} = {s}"
    );
}

/// Rewrites the `title` entry in single quotes, so that `set` meets that style too.
fn single_quote_title(file: &Path) {
    let text = std::fs::read_to_string(file).unwrap();
    let yaml = file.extension().is_some_and(|e| e == "yaml");
    let out: Vec<String> = text
        .lines()
        .map(|l| match (l.starts_with("title"), yaml) {
            (true, true) => "title: 'single quoted'".to_string(),
            (true, false) => "title = 'single quoted'".to_string(),
            _ => l.to_string(),
        })
        .collect();
    std::fs::write(file, out.join("\n") + "\n").unwrap();
}

#[test]
fn every_write_reads_back_exactly_random_values_through_set_new_advance_and_fmt() {
    let seed = std::env::var("ITC_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_0001u64);
    let mut rng = Rng(seed);
    let mut values = 0;
    for format in ["toml", "yaml"] {
        let repo = new_repo("en", format);
        let dir = repo.path();
        for round in 0..30 {
            let context = format!("seed {seed:#x}, {format}, round {round}");
            let (title, symptom) = (rng.plain_text(), rng.plain_text());
            let (occurred, secs, nanos) = rng.datetime();
            let out = ok_en(dir, &strs(&new_args(&title, &symptom, &occurred)));
            let id = out.split(':').next().unwrap().trim().to_string();
            let file = file_of(dir, &id);
            let t = read_back(&file);
            assert_text(&t, None, "title", &title, &format!("{context}, new"));
            assert_text(&t, Some("report"), "symptom", &symptom, &context);
            assert_instant(&t, "report", "occurred_at", secs, nanos, &context);

            if round % 2 == 1 {
                single_quote_title(&file);
            }
            // Control characters are findings (E0311): `set` writes them only when forced.
            let (title, symptom) = (rng.text(), rng.text());
            ok_en(
                dir,
                &[
                    "set",
                    "--force",
                    &id,
                    &format!("title={title}"),
                    &format!("symptom={symptom}"),
                ],
            );
            let t = read_back(&file);
            assert_text(&t, None, "title", &title, &format!("{context}, set"));
            assert_text(&t, Some("report"), "symptom", &symptom, &context);

            let (cause, solution) = (rng.plain_text(), rng.plain_text());
            ok_en(dir, &["advance", &id, "--at", "2026-03-01 09:30"]);
            ok_en(
                dir,
                &[
                    "advance",
                    &id,
                    "--at",
                    "2026-03-01 10:00",
                    "--set",
                    &format!("cause={cause}"),
                    "--set",
                    &format!("solution={solution}"),
                ],
            );
            let t = read_back(&file);
            assert_text(
                &t,
                Some("diagnosis"),
                "cause",
                &cause,
                &format!("{context}, advance"),
            );
            assert_text(&t, Some("diagnosis"), "solution", &solution, &context);

            let rel = file
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let out = itc_en(dir, &["fmt", &rel]);
            assert_eq!(code(&out), 0, "{context}, fmt: {}", stderr(&out));
            assert!(stderr(&out).is_empty(), "{context}, fmt: {}", stderr(&out));
            let t = read_back(&file);
            assert_text(&t, None, "title", &title, &format!("{context}, fmt"));
            assert_text(&t, Some("report"), "symptom", &symptom, &context);
            assert_text(&t, Some("diagnosis"), "cause", &cause, &context);
            assert_text(&t, Some("diagnosis"), "solution", &solution, &context);
            assert_instant(&t, "report", "occurred_at", secs, nanos, &context);
            values += 7;
        }
        only_control_character_findings(dir, format);
        let out = itc_en(dir, &["fmt", "--check"]);
        assert_eq!(code(&out), 0, "{format}: {}{}", stdout(&out), stderr(&out));
    }
    assert!(values >= 400, "{values}");
}

// 9 -------------------------------------------------------------------------------------------

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

// 15 · 19 -----------------------------------------------------------------------------------

#[test]
fn fmt_check_fails_on_a_file_it_cannot_parse_or_read() {
    let repo = new_repo("en", "toml");
    write_file(
        &repo.path().join("incidents/INC-2026-0001.toml"),
        "id = \"unterminated\n",
    );
    let out = itc_en(repo.path(), &["fmt", "--check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot check the format of incidents/INC-2026-0001.toml"),
        "{}",
        stderr(&out)
    );
    // Too large to read: named too, and not read whole.
    std::fs::remove_file(repo.path().join("incidents/INC-2026-0001.toml")).unwrap();
    let big = repo.path().join("incidents/INC-2026-0002.toml");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap();
    let started = Instant::now();
    let out = itc_en(repo.path(), &["fmt", "--check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("incidents/INC-2026-0002.toml: it is too large"),
        "{}",
        stderr(&out)
    );
    let out = itc_en(repo.path(), &["fmt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skipped incidents/INC-2026-0002.toml: it is too large"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn fmt_comment_check_is_linear() {
    // 1 MB of `#` lines took 84 s (77 s of CPU in a debug build) before; about 2 s now.
    let repo = new_repo("en", "toml");
    let file = repo.path().join("drills/DRL-2026-001.toml");
    let mut text = String::from("id = \"DRL-2026-001\"\n");
    text.push_str(&"#\n".repeat(500_000));
    text.push_str("title = \"x\"\n");
    assert!(text.len() > 1_000_000);
    write_file(&file, &text);
    let started = Instant::now();
    let out = itc_en(repo.path(), &["fmt", "--check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(after.lines().filter(|l| *l == "#").count(), 500_000);
}

// 21 ------------------------------------------------------------------------------------------

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

// 23 ------------------------------------------------------------------------------------------

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

// 26 ------------------------------------------------------------------------------------------

/// The pid of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[cfg(target_os = "linux")]
#[test]
fn leftovers_of_a_killed_writer_are_reported_and_swept() {
    let repo = new_repo("en", "toml");
    let (id, file) = add_incident(repo.path(), "t", "s");
    let host = itc::leftovers::host();
    let pid = dead_pid();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let tmp = file.with_file_name(format!(".{name}.{host}-{pid}-0.tmp"));
    std::fs::write(&tmp, "half a record").unwrap();
    // One of a running process (this test) stays; so does one of another host.
    let alive = file.with_file_name(format!(".{name}.{host}-{}-0.tmp", std::process::id()));
    std::fs::write(&alive, "in progress").unwrap();
    let other = file.with_file_name(format!(".{name}.elsewhere-{pid}-0.tmp"));
    std::fs::write(&other, "not ours to judge").unwrap();
    let lock = repo.path().join(".itc.lock");
    std::fs::write(&lock, format!("{pid} {host}\n")).unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3 * 3600 + 5 * 60);
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .unwrap()
        .set_modified(old)
        .unwrap();

    let out = itc_en(repo.path(), &["check", "--format", "json"]);
    let (found, _) = findings(&out);
    let leftovers: Vec<&Finding> = found.iter().filter(|f| f.code == "W0120").collect();
    assert_eq!(leftovers.len(), 2, "{found:?}");
    assert!(
        leftovers.iter().any(|f| f.file == ".itc.lock"
            && f.message.contains(&format!("pid {pid} on {host}"))
            && f.message.contains("3h 5m old")),
        "{leftovers:?}"
    );
    let tmp_rel = tmp
        .strip_prefix(repo.path())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(leftovers.iter().any(|f| f.file == tmp_rel), "{leftovers:?}");
    let zh = itc(repo.path(), &["--lang", "zh", "check"]);
    assert!(
        stderr(&zh).contains("中断的写入留下的文件"),
        "{}",
        stderr(&zh)
    );

    ok_en(repo.path(), &["set", &id, "title=u"]);
    assert!(!tmp.exists(), "the dead writer's copy is removed");
    assert!(!lock.exists(), "the stale lock is taken over and removed");
    assert!(
        alive.exists() && other.exists(),
        "what cannot be proven dead stays"
    );
    std::fs::remove_file(&alive).unwrap();
    let out = itc_en(repo.path(), &["check", "--format", "json"]);
    let (found, _) = findings(&out);
    assert!(found.iter().all(|f| f.code != "W0120"), "{found:?}");
}

// 7 -------------------------------------------------------------------------------------------

#[test]
fn a_write_that_does_not_read_back_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("INC-1.yaml");
    let mut diags = Vec::new();
    let intended = record::parse(
        "id: X\ntitle: \"a\\t#b\"\n",
        Format::Yaml,
        "",
        itc::diag::Check::Syntax,
        &mut diags,
    )
    .unwrap();
    let cut = "id: X\ntitle: a\t#b\n";
    match itc::repo::write_record(dir.path(), &path, cut, Format::Yaml, &intended) {
        Err(itc::Error::Usage { zh, en }) => {
            assert!(
                en.contains("`title` should be \"a\\t#b\" but reads back as \"a\"")
                    && en.contains("nothing was written"),
                "{en}"
            );
            assert!(zh.contains("未写入任何内容"), "{zh}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let right = "id: X\ntitle: \"a\\t#b\"\n";
    itc::repo::write_record(dir.path(), &path, right, Format::Yaml, &intended).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), right);
}
