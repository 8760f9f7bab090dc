//! Helpers: running the binary, fixture paths, temporary repositories, expected files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

pub fn demo() -> PathBuf {
    root().join("examples/demo")
}

/// The itc under test, run the one way every test runs it (as ripgrep's `tests/util.rs` and
/// cargo's test support do): in a folder, with nothing from the caller's environment that
/// changes what itc does — no language, clock, user, editor or colour, an empty HOME and no
/// git configuration but the test's own — and with what the test adds.
pub struct Itc {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

/// An empty home folder shared by every run: nothing in it, nothing read from the real one.
fn empty_home() -> &'static Path {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// Gives `cmd` the environment every run of itc gets (see `Itc`): for a test that must run itc
/// inside another program (`script` for a terminal, a shell for a documented recipe,
/// pre-commit), so that the itc it starts sees what `Itc` would give it.
pub fn isolated(cmd: &mut Command) -> &mut Command {
    for var in [
        "ITC_LANG",
        "ITC_TODAY",
        "ITC_USER",
        "VISUAL",
        "EDITOR",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GITHUB_STEP_SUMMARY",
        "XDG_CONFIG_HOME",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", empty_home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("NO_COLOR", "1")
}

impl Itc {
    pub fn new(dir: &Path) -> Itc {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_itc"));
        cmd.current_dir(dir);
        isolated(&mut cmd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        Itc { cmd, stdin: None }
    }

    pub fn args<S: AsRef<std::ffi::OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Itc {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Itc {
        self.cmd.env(key, value);
        self
    }

    /// "Now" for the run (`ITC_TODAY`).
    pub fn today(self, now: &str) -> Itc {
        self.env("ITC_TODAY", now)
    }

    /// Text on its standard input.
    pub fn stdin(mut self, text: impl Into<Vec<u8>>) -> Itc {
        self.cmd.stdin(Stdio::piped());
        self.stdin = Some(text.into());
        self
    }

    /// Its standard input is a pipe that stays open and is never written (as a terminal would
    /// be): for `spawn`.
    pub fn stdin_held(mut self) -> Itc {
        self.cmd.stdin(Stdio::piped());
        self
    }

    /// Starts it, for a test that waits, kills or races it.
    pub fn spawn(mut self) -> std::process::Child {
        self.cmd.spawn().unwrap()
    }

    /// Runs it to the end.
    pub fn run(mut self) -> Output {
        let mut child = self.cmd.spawn().unwrap();
        if let Some(text) = self.stdin.take() {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&text).unwrap();
        }
        child.wait_with_output().unwrap()
    }
}

/// Runs `itc` in `dir` (see `Itc`).
pub fn itc(dir: &Path, args: &[&str]) -> Output {
    Itc::new(dir).args(args).run()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// A temporary copy of a fixture repository.
pub fn temp_copy(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(src, dir.path());
    dir
}

/// One finding as the JSON report gives it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub code: String,
    pub check: String,
    pub severity: String,
    pub message: String,
}

impl Finding {
    /// `file:line:col code check`, the form of the expected files.
    pub fn brief(&self) -> String {
        format!(
            "{}:{}:{} {} {}",
            self.file, self.line, self.column, self.code, self.check
        )
    }
}

pub fn findings(o: &Output) -> (Vec<Finding>, serde_json::Value) {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(o), stderr(o)));
    let list = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| Finding {
            file: d["file"].as_str().unwrap().to_string(),
            line: d["line"].as_u64().unwrap(),
            column: d["column"].as_u64().unwrap(),
            code: d["code"].as_str().unwrap().to_string(),
            check: d["check"].as_str().unwrap().to_string(),
            severity: d["severity"].as_str().unwrap().to_string(),
            message: d["message"].as_str().unwrap().to_string(),
        })
        .collect();
    (list, v["summary"].clone())
}

/// Compares `actual` with the expected file, or rewrites it under `ITC_BLESS=1`.
pub fn expect_file(path: &Path, actual: &str) {
    if std::env::var_os("ITC_BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with ITC_BLESS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(5)
            .map(|(i, (e, a))| format!("line {}:\n- {e}\n+ {a}", i + 1))
            .collect();
        panic!(
            "{} differs ({} vs {} lines); rerun with ITC_BLESS=1 if intended\n{}",
            path.display(),
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

pub fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Runs git in `dir` with a fixed identity and nothing from the caller's git environment,
/// failing the test when git fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Replaces `from` with `to` in the file at `path`; fails the test when `from` is not there, so
/// that a test never runs on a file its edit missed.
pub fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}
