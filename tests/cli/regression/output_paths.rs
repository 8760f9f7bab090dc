//! Regressions of output paths: where `-o`, `man DIR` and `schema --out` write, what a report
//! prints, which day relative periods count from, and where `edit` keeps its copy.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// `itc` in `dir` with a clean environment plus `env`.
fn itc_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut run = Itc::new(dir).args(args);
    for (k, v) in env {
        run = run.env(k, v);
    }
    run.run()
}

const AS_OF: &str = "2026-11-30";

/// The commands that write files the user named, each writing to (or into) `target`, and
/// the file inside `target` they write when it is a folder.
fn writers(target: &str) -> Vec<(Vec<String>, Option<&'static str>)> {
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (
            words(&[
                "report", "--period", "2026-11", "--as-of", AS_OF, "-o", target,
            ]),
            None,
        ),
        (words(&["export", "-o", target]), None),
        (words(&["export", "--format", "xlsx", "-o", target]), None),
        (
            words(&["kpi", "--as-of", AS_OF, "--format", "xlsx", "-o", target]),
            None,
        ),
        (words(&["man", target]), Some("man1/itc.1")),
        (words(&["schema", "--out", target]), Some("incident.json")),
    ]
}

fn run(dir: &Path, args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    itc(dir, &args)
}

#[cfg(unix)]
fn file_type(p: &Path) -> std::fs::FileType {
    std::fs::symlink_metadata(p).unwrap().file_type()
}

#[cfg(unix)]
fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(p).unwrap().file_type().is_char_device()
}

#[cfg(unix)]
fn is_fifo(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    file_type(p).is_fifo()
}

/// A character device of our own in `dir` (the null device, made with `mknod`), or, where no
/// device can be made, a link to `/dev/null`: either way a path that is no regular file.
#[cfg(unix)]
fn own_null_device(dir: &Path) -> PathBuf {
    let node = dir.join("null");
    let made = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made && std::fs::write(&node, b"probe").is_ok() {
        return node;
    }
    let _ = std::fs::remove_file(&node);
    std::os::unix::fs::symlink("/dev/null", &node).unwrap();
    node
}

#[cfg(unix)]
#[test]
fn report_output_to_a_character_device_writes_through_and_keeps_the_device() {
    let dir = tempfile::tempdir().unwrap();
    let device = own_null_device(dir.path());
    let before = file_type(&device);
    for (args, inside) in writers(device.to_str().unwrap()) {
        if inside.is_some() {
            continue;
        }
        let out = run(&demo(), &args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        assert_eq!(file_type(&device), before, "{args:?} replaced the device");
        assert!(is_char_device(&device), "{args:?}");
    }
    assert!(is_char_device(Path::new("/dev/null")));
    // Nothing was left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[cfg(unix)]
#[test]
fn output_through_a_link_to_the_null_device_keeps_the_link_and_the_device() {
    for (args, inside) in writers("out") {
        let dir = tempfile::tempdir().unwrap();
        let link = match inside {
            Some(name) => {
                let link = dir.path().join("out").join(name);
                std::fs::create_dir_all(link.parent().unwrap()).unwrap();
                link
            }
            None => dir.path().join("out"),
        };
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        let args: Vec<String> = args
            .into_iter()
            .map(|a| match a.as_str() {
                "out" => dir.path().join("out").to_string_lossy().into_owned(),
                _ => a,
            })
            .collect();
        let out = run(&demo(), &args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        assert!(file_type(&link).is_symlink(), "{args:?} replaced the link");
        assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("/dev/null"));
        assert!(is_char_device(Path::new("/dev/null")));
    }
}

#[cfg(unix)]
#[test]
fn report_output_to_a_fifo_with_a_reader_gets_the_report_and_keeps_the_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = fifo.clone();
    // Opening a FIFO to read waits for a writer: if itc never opens it, this thread stays
    // blocked, and the test fails on the timeout below.
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read(&reader).map(|b| b.len()).unwrap_or(0));
    });
    let target = fifo.to_str().unwrap();
    let out = itc(
        &demo(),
        &[
            "report", "--period", "2026-11", "--as-of", AS_OF, "-o", target,
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let read = rx.recv_timeout(Duration::from_secs(20));
    assert!(is_fifo(&fifo), "the FIFO was replaced");
    let read = read.expect("the reader of the FIFO got nothing");
    assert!(read > 10_000, "the reader got {read} bytes");
}

#[cfg(unix)]
#[test]
fn output_to_a_link_to_dev_stdout_writes_to_stdout_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("out");
    std::os::unix::fs::symlink("/dev/stdout", &link).unwrap();
    let target = link.to_str().unwrap();
    let out = itc(
        &demo(),
        &[
            "report", "--period", "2026-11", "--as-of", AS_OF, "-o", target,
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("<!DOCTYPE html>"),
        "{}",
        stdout(&out)
    );
    assert!(file_type(&link).is_symlink(), "the link was replaced");
    let out = itc(&demo(), &["export", "incident", "-o", target]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("\"INC-2026-0001\""));
    assert!(file_type(&link).is_symlink(), "the link was replaced");
}

#[cfg(unix)]
#[test]
fn output_through_a_link_to_a_regular_file_keeps_the_link_and_updates_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.html");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.html");
    std::os::unix::fs::symlink("real.html", &link).unwrap();
    let out = itc(
        &demo(),
        &[
            "report",
            "--period",
            "2026-11",
            "--as-of",
            AS_OF,
            "-o",
            link.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(file_type(&link).is_symlink(), "the link was replaced");
    let html = std::fs::read_to_string(&real).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn output_to_a_folder_is_refused_with_a_clear_message() {
    for (args, inside) in writers("out") {
        let dir = tempfile::tempdir().unwrap();
        let folder = match inside {
            Some(name) => dir.path().join("out").join(name),
            None => dir.path().join("out"),
        };
        std::fs::create_dir_all(&folder).unwrap();
        let shown = folder.display().to_string();
        let args: Vec<String> = args
            .into_iter()
            .map(|a| match a.as_str() {
                "out" => dir.path().join("out").to_string_lossy().into_owned(),
                _ => a,
            })
            .collect();
        let out = run(&demo(), &args);
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{shown} 是文件夹")) && err.contains("文件路径"),
            "{args:?}: {err}"
        );
        let mut en = vec!["--lang".to_string(), "en".to_string()];
        en.extend(args.iter().cloned());
        let err = stderr(&run(&demo(), &en));
        assert!(
            err.contains(&format!("{shown} is a folder")) && err.contains("file path"),
            "{args:?}: {err}"
        );
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0, "{args:?}");
    }
}

#[test]
fn relative_periods_take_today_in_the_org_time_zone() {
    // 16:30 UTC on 30 June is 00:30 on 1 July in the demo's +08:00.
    let late = "2026-06-30T16:30:00Z";
    let label = |out: &Output| -> String {
        assert_eq!(code(out), 0, "{}", stderr(out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["period"]["label"].as_str().unwrap().to_string()
    };
    let kpi = |period: &str, env: &[(&str, &str)], as_of: Option<&str>| {
        let mut args = vec!["kpi", "--format", "json", "--period", period];
        if let Some(t) = as_of {
            args.extend(["--as-of", t]);
        }
        label(&itc_env(&demo(), &args, env))
    };
    assert_eq!(kpi("this-month", &[], Some(late)), "2026-07");
    assert_eq!(kpi("last-month", &[], Some(late)), "2026-06");
    assert_eq!(kpi("this-quarter", &[], Some(late)), "2026-Q3");
    assert_eq!(kpi("ytd", &[], Some(late)), "2026-01-01..2026-07-01");
    assert_eq!(kpi("this-month", &[("ITC_TODAY", late)], None), "2026-07");
    // `list` and `report` count from the same day.
    let list = |period: &str| {
        stdout(&itc(
            &demo(),
            &[
                "list", "--format", "json", "--period", period, "--as-of", late,
            ],
        ))
    };
    assert_eq!(list("this-month"), list("2026-07"));
    assert_ne!(list("2026-07"), list("2026-06"));
    let out = itc(
        &demo(),
        &[
            "--lang",
            "en",
            "report",
            "--format",
            "md",
            "--period",
            "this-month",
            "--as-of",
            late,
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.lines().next().unwrap().ends_with("2026-07"), "{md}");
    assert!(md.contains("as of 2026-07-01 00:30"), "{md}");
}

#[test]
fn report_escapes_control_characters_from_record_values() {
    let repo = temp_copy(&demo());
    replace_in(
        &repo.path().join("incidents/2026/INC-2026-0001.toml"),
        "title = \"",
        "title = \"\\u001b[31m\\u009b2J\\u0007 ",
    );
    for format in ["html", "md"] {
        let out = itc(
            repo.path(),
            &[
                "report", "--period", "2026", "--as-of", AS_OF, "--format", format,
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = stdout(&out);
        let raw: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
            .collect();
        assert!(raw.is_empty(), "{format}: raw control characters {raw:?}");
        assert!(text.contains("\\u{1b}"), "{format}: the ESC is shown");
        assert!(text.contains("\\u{9b}"), "{format}: the CSI is shown");
        assert!(text.contains("\\u{7}"), "{format}: the BEL is shown");
    }
}

#[cfg(unix)]
#[test]
fn an_edit_killed_by_sigkill_leaves_its_copy_where_check_reports_it() {
    let repo = temp_copy(&demo());
    let root = repo.path().canonicalize().unwrap();
    let tools = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let marker = tools.path().join("copy");
    let pid_file = tools.path().join("pid");
    // The editor says which file it got and its pid, then waits to be killed.
    let editor = tools.path().join("ed.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\necho $$ > '{pid}'\nprintf '%s' \"$1\" > '{m}.part'\nmv '{m}.part' '{m}'\nexec sleep 60\n",
            pid = pid_file.display(),
            m = marker.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_itc"))
        .current_dir(repo.path())
        .args(["edit", "INC-2026-0001"])
        .env_remove("VISUAL")
        .env("EDITOR", &editor)
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !marker.exists() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    if let Ok(pid) = std::fs::read_to_string(&pid_file) {
        let _ = Command::new("kill").args(["-9", pid.trim()]).status();
    }
    let copy = PathBuf::from(std::fs::read_to_string(&marker).expect("the editor never ran"));
    assert!(copy.exists(), "{}", copy.display());
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "a copy was left in the temporary folder"
    );
    let rel = copy
        .strip_prefix(&root)
        .unwrap_or_else(|_| panic!("{} is outside the repository", copy.display()))
        .to_string_lossy()
        .into_owned();
    let out = itc(repo.path(), &["--lang", "en", "check", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (found, _) = findings(&out);
    let leftover: Vec<&Finding> = found.iter().filter(|f| f.file == rel).collect();
    assert_eq!(leftover.len(), 1, "{found:?}");
    assert_eq!(leftover[0].severity, "warning");
    assert!(
        leftover[0].message.contains("INC-2026-0001.toml"),
        "{}",
        leftover[0].message
    );
    // A writer's tidying does not take the edits away: the copy stays until it is deleted.
    let out = itc(repo.path(), &["fmt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(copy.exists());
}

#[test]
fn a_relative_output_path_is_read_from_dash_c_by_every_writer() {
    for (args, inside) in writers("out") {
        let work = tempfile::tempdir().unwrap();
        let repo = work.path().join("records");
        copy_dir(&demo(), &repo);
        let mut all = vec!["-C".to_string(), "records".to_string()];
        all.extend(args.iter().cloned());
        let out = run(work.path(), &all);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        let written = repo.join("out");
        let written = inside.map_or(written.clone(), |name| written.join(name));
        assert!(
            written.is_file(),
            "{args:?}: nothing at {}",
            written.display()
        );
        assert!(
            !work.path().join("out").exists(),
            "{args:?}: written beside -C"
        );
    }
}
