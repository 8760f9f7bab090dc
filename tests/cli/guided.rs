//! Guided entry: on a terminal, `new` and `advance` ask for what a record still needs, and the
//! record written is the one the same `--set` flags write. Driven through a pseudo-terminal
//! (Python's `pty`), typing answers as a person would; `--no-input`, `ITC_NO_INPUT=1` and a
//! stdin that is not a terminal ask nothing, as before.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::escapes::{TODAY, copy, record};
use crate::support::{Itc, code, isolated, stderr, stdout};

/// Runs the command in a pseudo-terminal of 200 columns: for each step, waits until its text
/// has appeared once more on the terminal, then types its keys. Prints what the terminal showed
/// (escape sequences removed) and exits with the command's code (99: a text never appeared,
/// 98: the command was still running at the end).
const DRIVER: &str = r#"
import fcntl, json, os, pty, re, select, signal, struct, sys, termios, time
steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
out = b""
def plain():
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode("utf-8", "replace"))
def pump(until, seen, limit):
    global out
    end = time.time() + limit
    while time.time() < end:
        if until is not None and plain().count(until) > seen:
            return True
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            out += data
    return False
for wait, keys in steps:
    seen = plain().count(wait) if wait.startswith("!") is False else 0
    if not pump(wait, seen, 20):
        os.kill(pid, signal.SIGKILL)
        sys.stdout.write(plain() + "\n[never shown: " + wait + "]\n")
        sys.exit(99)
    time.sleep(0.2)
    os.write(fd, keys.encode())
pump(None, 0, 20)
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    time.sleep(1)
    done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    sys.stdout.write(plain() + "\n[still running]\n")
    sys.exit(98)
sys.stdout.write(plain())
sys.exit(os.waitstatus_to_exitcode(status))
"#;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";

/// Runs `itc --lang en ARGS` in `dir` on a pseudo-terminal as chen.ming at `TODAY`, answering
/// `steps` (text to wait for, keys to type); returns what the terminal showed and the exit code.
fn on_terminal(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    steps: &[(&str, &str)],
) -> (String, i32) {
    on_terminal_in("en", dir, args, env, steps)
}

/// `on_terminal` in the output language `lang`.
fn on_terminal_in(
    lang: &str,
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    steps: &[(&str, &str)],
) -> (String, i32) {
    let steps: Vec<[&str; 2]> = steps.iter().map(|(w, k)| [*w, *k]).collect();
    let mut cmd = Command::new("python3");
    isolated(&mut cmd)
        .current_dir(dir)
        .env("ITC_TODAY", TODAY)
        .env("ITC_USER", "chen.ming")
        .env("TERM", "xterm")
        .args(["-I", "-c", DRIVER])
        .arg(serde_json::to_string(&steps).unwrap())
        .arg(env!("CARGO_BIN_EXE_itc"))
        .args(["--lang", lang])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    (shown, out.status.code().unwrap_or(-1))
}

/// The incidents folder's files, sorted.
fn incidents(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("incidents/2026"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The one file in `after` that is not in `before`.
fn added(before: &[PathBuf], after: &[PathBuf]) -> PathBuf {
    let new: Vec<&PathBuf> = after.iter().filter(|p| !before.contains(p)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    new[0].clone()
}

/// A record's text with its id (whose tag is random) as `ID`.
fn without_id(path: &Path) -> String {
    let id = path.file_stem().unwrap().to_str().unwrap();
    std::fs::read_to_string(path).unwrap().replace(id, "ID")
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3 (for its pty module); tests/run installs it"
)]
fn guided_new_writes_what_the_same_sets_write() {
    let guided = copy();
    let before = incidents(guided.path());
    // The demo's incident starts at its report stage, which needs: title, owner, system,
    // severity, category, report.symptom, report.occurred_at and outage_start (by = chen.ming,
    // the acting person, is filled without asking).
    let (shown, exit) = on_terminal(
        guided.path(),
        &["new", "incident"],
        &[],
        &[
            ("Title (title)", "Printer down"),
            ("Printer down", ENTER),
            // The roster in its order: 陈明 (chen.ming) first; one down is 刘洋 (liu.yang).
            ("Owner (owner)", DOWN),
            ("刘洋 (liu.yang)", ENTER),
            ("System (system)", ENTER),
            // Typing filters the list: "P3" leaves P3 alone.
            ("Severity (severity)", "P3"),
            ("P3", ENTER),
            // Categories: hardware, software…: one down.
            ("Category (category)", DOWN),
            ("software", ENTER),
            // An empty symptom is refused, with the reason, and asked again.
            ("Symptom (report.symptom)", ENTER),
            ("not accepted", "paper jam"),
            ("paper jam", ENTER),
            // A date-time offers now (ITC_TODAY, to the second); a month 13 is refused.
            (
                "Occurred at (report.occurred_at) (2026-12-31 00:00:00)",
                "2026-13-01 09:00",
            ),
            ("2026-13-01 09:00", ENTER),
            ("not accepted", "2026-12-30 09:00"),
            ("2026-12-30 09:00", ENTER),
            // Enter takes the offered now.
            ("Outage start (outage_start) (2026-12-31 00:00:00)", ENTER),
        ],
    );
    assert_eq!(exit, 0, "{shown}");
    assert_eq!(shown.matches("not accepted").count(), 2, "{shown}");
    assert!(shown.contains("created (Report)"), "{shown}");
    let written = added(&before, &incidents(guided.path()));

    let by_sets = copy();
    let before = incidents(by_sets.path());
    let out = Itc::new(by_sets.path())
        .today(TODAY)
        .env("ITC_USER", "chen.ming")
        .args(["--lang", "en", "new", "incident", "--title", "Printer down"])
        .args(["--set", "owner=liu.yang", "--set", "system=erp"])
        .args(["--set", "severity=P3", "--set", "category=software"])
        .args(["--set", "symptom=paper jam"])
        .args(["--set", "occurred_at=2026-12-30 09:00"])
        .args(["--set", "outage_start=2026-12-31 00:00:00"])
        .run();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let expected = added(&before, &incidents(by_sets.path()));
    // The same file name (but for the id's random tag) and the same bytes.
    assert_eq!(
        written.extension(),
        expected.extension(),
        "{written:?} {expected:?}"
    );
    assert_eq!(without_id(&written), without_id(&expected));
    assert!(without_id(&written).contains("owner = \"liu.yang\""));
    assert!(without_id(&written).contains("occurred_at = 2026-12-30T09:00:00+08:00"));
}

/// An incident of the demo at its diagnosis stage, made with `--set` in a copy of the demo.
fn at_diagnosis() -> (tempfile::TempDir, String) {
    let dir = copy();
    let out = Itc::new(dir.path())
        .today(TODAY)
        .env("ITC_USER", "chen.ming")
        .args(["-q", "new", "incident", "--title", "Mail down"])
        .args(["--set", "owner=chen.ming", "--set", "system=mail"])
        .args(["--set", "severity=P2", "--set", "category=software"])
        .args([
            "--set",
            "symptom=no mail",
            "--set",
            "occurred_at=2026-12-30 09:00",
        ])
        .args(["--set", "outage_start=2026-12-30 09:00"])
        .run();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    let out = Itc::new(dir.path())
        .today(TODAY)
        .env("ITC_USER", "chen.ming")
        .args(["advance", &id])
        .run();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    (dir, id)
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3 (for its pty module); tests/run installs it"
)]
fn guided_advance_writes_the_same_bytes_as_the_same_sets() {
    let (guided, id) = at_diagnosis();
    let by_sets = tempfile::tempdir().unwrap();
    crate::support::copy_dir(guided.path(), by_sets.path());
    // Diagnosis → handling needs the diagnosis's cause and solution.
    let (shown, exit) = on_terminal(
        guided.path(),
        &["advance", &id],
        &[],
        &[
            ("Cause (diagnosis.cause)", "disk full"),
            ("disk full", ENTER),
            ("Solution (diagnosis.solution)", "cleaned the spool"),
            ("cleaned the spool", ENTER),
        ],
    );
    assert_eq!(exit, 0, "{shown}");
    assert!(shown.contains("Diagnosis → Handling"), "{shown}");
    let out = Itc::new(by_sets.path())
        .today(TODAY)
        .env("ITC_USER", "chen.ming")
        .args(["--lang", "en", "advance", &id])
        .args(["--set", "diagnosis.cause=disk full"])
        .args(["--set", "diagnosis.solution=cleaned the spool"])
        .run();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let a = std::fs::read(record(guided.path(), &id)).unwrap();
    let b = std::fs::read(record(by_sets.path(), &id)).unwrap();
    assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
    assert!(String::from_utf8_lossy(&a).contains("cause = \"disk full\""));
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3 (for its pty module); tests/run installs it"
)]
fn enums_are_offered_by_their_labels_and_written_as_values() {
    // In Chinese the categories read 硬件(hardware), 软件(software)…: one down is 软件, and the
    // record says `category = "software"`.
    let dir = copy();
    let before = incidents(dir.path());
    let (shown, exit) = on_terminal_in(
        "zh",
        dir.path(),
        &[
            "new",
            "incident",
            "--title",
            "打印机故障",
            "--set",
            "owner=li.wei",
            "--set",
            "system=oa",
            "--set",
            "severity=P3",
        ],
        &[],
        &[
            ("(category)", DOWN),
            ("软件(software)", ENTER),
            ("(report.symptom)", "卡纸"),
            ("卡纸", ENTER),
            ("(report.occurred_at)", ENTER),
            ("(outage_start)", ENTER),
        ],
    );
    assert_eq!(exit, 0, "{shown}");
    assert!(shown.contains("硬件(hardware)"), "{shown}");
    let written = added(&before, &incidents(dir.path()));
    assert!(
        without_id(&written).contains("category = \"software\""),
        "{}",
        without_id(&written)
    );
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3 (for its pty module); tests/run installs it"
)]
fn escape_gives_up_and_writes_nothing() {
    let dir = copy();
    let before = incidents(dir.path());
    let (shown, exit) = on_terminal(
        dir.path(),
        &["new", "incident"],
        &[],
        &[
            ("Title (title)", "Printer down"),
            ("Printer down", ENTER),
            ("Owner (owner)", ESC),
        ],
    );
    assert_eq!(exit, 1, "{shown}");
    assert!(shown.contains("given up: nothing was written"), "{shown}");
    // The question given up says so in the output language (inquire's own word replaced).
    assert!(shown.contains("Owner (owner) <given up>"), "{shown}");
    assert_eq!(incidents(dir.path()), before);
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3 (for its pty module); tests/run installs it"
)]
fn no_input_on_a_terminal_asks_nothing_and_refuses_as_before() {
    let dir = copy();
    let before = incidents(dir.path());
    for (args, env) in [
        (&["--no-input", "new", "incident"][..], &[][..]),
        (&["new", "incident"][..], &[("ITC_NO_INPUT", "1")][..]),
    ] {
        let (shown, exit) = on_terminal(dir.path(), args, env, &[]);
        assert_eq!(exit, 1, "{shown}");
        assert!(!shown.contains("Title (title)"), "{shown}");
        assert!(
            shown.contains("missing Title (title, text): --set title=<text>"),
            "{shown}"
        );
    }
    assert_eq!(incidents(dir.path()), before);
}

#[test]
fn without_a_terminal_nothing_is_asked() {
    let dir = copy();
    // stdin is not a terminal (support::Itc gives it /dev/null): the refusal with its hints.
    let out = Itc::new(dir.path())
        .today(TODAY)
        .env("ITC_USER", "chen.ming")
        .args(["--lang", "en", "new", "incident", "--title", "T"])
        .run();
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains(
            "missing Severity (severity, enum P1|P2|P3|P4): --set severity=<enum P1|P2|P3|P4>"
        ),
        "{}",
        stderr(&out)
    );
}
