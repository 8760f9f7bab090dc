//! Helpers that several test files share: running the binary (alone, or inside a program that
//! wraps it), fixture paths, temporary and fresh repositories and the records the writing
//! commands make in them, expected files, git copies of the demo, a seeded generator.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use itc::record::value::{Node, Table, Value};

/// Every `.rs` file under `dir`, for the tests that read the sources.
pub fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

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

/// Makes `dir` a git work tree.
pub fn git_init(dir: &Path) {
    git(dir, &["init", "-q"]);
}

/// Replaces `from` with `to` in the file at `path`; fails the test when `from` is not there, so
/// that a test never runs on a file its edit missed.
pub fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

// Fresh repositories, and the records the writing commands make in them --------------------

/// A new repository made by `itc --lang LANG init --format FORMAT`: its itc.toml speaks LANG.
pub fn new_repo(lang: &str, format: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = itc(dir.path(), &["--lang", lang, "init", "--format", format]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    dir
}

/// Runs `itc` in `dir` and asserts that it succeeds; returns its stdout.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = itc(dir, args);
    assert_eq!(
        code(&out),
        0,
        "itc {args:?}\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// `itc` in `dir` with a clean environment plus `env`, and `stdin` as its input.
pub fn itc_with(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut run = Itc::new(dir).args(args);
    for (k, v) in env {
        run = run.env(k, v);
    }
    if let Some(text) = stdin {
        run = run.stdin(text);
    }
    run.run()
}

/// `itc_with`, asserting that it succeeds; returns its stdout.
pub fn ok_with(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> String {
    let out = itc_with(dir, args, env, stdin);
    assert_eq!(
        code(&out),
        0,
        "itc {args:?} {env:?}\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// `itc --lang en ARGS` in `dir`.
pub fn itc_en(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--lang", "en"];
    all.extend_from_slice(args);
    itc(dir, &all)
}

/// `itc --lang en ARGS` in `dir`, asserting that it succeeds; returns its stdout.
pub fn ok_en(dir: &Path, args: &[&str]) -> String {
    let out = itc_en(dir, args);
    assert_eq!(
        code(&out),
        0,
        "itc {args:?}\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Owned arguments as the `&str`s that `itc` takes.
pub fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// The id printed by `itc new` (`ID: created …`).
pub fn created_id(out: &str) -> String {
    out.split(':').next().unwrap().trim().to_string()
}

/// The file of the record `id`, wherever it lies in the repository.
pub fn find_record(dir: &Path, id: &str) -> PathBuf {
    fn walk(d: &Path, id: &str) -> Option<PathBuf> {
        for e in std::fs::read_dir(d).ok()? {
            let p = e.ok()?.path();
            if p.is_dir() {
                if let Some(f) = walk(&p, id) {
                    return Some(f);
                }
            } else if p.file_stem().and_then(|s| s.to_str()) == Some(id) {
                return Some(p);
            }
        }
        None
    }
    walk(dir, id).unwrap()
}

/// The file of the record `id` among this year's incidents or projects (`incidents/2026/`,
/// `projects/2026/`).
pub fn file_of(dir: &Path, id: &str) -> PathBuf {
    for folder in ["incidents", "projects"] {
        for ext in ["toml", "yaml"] {
            let p = dir.join(format!("{folder}/2026/{id}.{ext}"));
            if p.exists() {
                return p;
            }
        }
    }
    panic!("no file for {id}")
}

/// The coverage warnings: records itc.toml requires of the repository as a whole (W0810–W0814).
pub const COVERAGE: &[&str] = &["W0810", "W0811", "W0812", "W0813", "W0814"];

/// `itc check` passes with no error and no warning but coverage's, which speak of the records
/// the repository lacks, not of those written.
pub fn check_clean(dir: &Path, after: &str) {
    let out = itc(dir, &["--lang", "en", "check", "--format", "json"]);
    assert_eq!(code(&out), 0, "check after {after}:\n{}", stderr(&out));
    let (found, _) = findings(&out);
    let found: Vec<&Finding> = found
        .iter()
        .filter(|f| !COVERAGE.contains(&f.code.as_str()))
        .collect();
    assert!(found.is_empty(), "{after}: {found:?}");
}

/// `itc new incident` with everything its report stage needs, in Chinese (the arguments after
/// `-q`).
pub const INCIDENT: &[&str] = &[
    "new",
    "incident",
    "--title",
    "数据库故障",
    "--at",
    "2026-03-01 09:05",
    "--set",
    "owner=ops",
    "--set",
    "system=erp",
    "--set",
    "severity=P3",
    "--set",
    "category=software",
    "--set",
    "symptom=慢",
    "--set",
    "occurred_at=2026-03-01 09:00",
    "--set",
    "outage_start=2026-03-01 09:00",
];

/// Creates an incident (`INCIDENT` and `extra`); returns its id.
pub fn new_incident(dir: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&str> = vec!["-q"];
    args.extend_from_slice(INCIDENT);
    args.extend_from_slice(extra);
    ok(dir, &args).trim().to_string()
}

/// The arguments of `itc --lang en new incident` with everything its report stage needs: the
/// title, severity and symptom given, `ops` acting.
pub fn incident_args(title: &str, severity: &str, symptom: &str) -> Vec<String> {
    let sets = [
        "owner=ops".to_string(),
        "system=erp".to_string(),
        format!("severity={severity}"),
        "category=software".to_string(),
        format!("symptom={symptom}"),
        "occurred_at=2026-03-01 09:00".to_string(),
        "outage_start=2026-03-01 09:00".to_string(),
        "by=ops".to_string(),
    ];
    let mut args: Vec<String> = [
        "--lang",
        "en",
        "new",
        "incident",
        "--title",
        title,
        "--at",
        "2026-03-01 09:05",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for set in sets {
        args.push("--set".into());
        args.push(set);
    }
    args
}

/// The arguments of `itc new incident` (for `itc_en` and `ok_en`) with everything its report
/// stage needs: the title, symptom and time of occurrence given, `ops` acting.
pub fn new_args<'a>(title: &'a str, symptom: &'a str, occurred: &'a str) -> Vec<String> {
    let mut args: Vec<String> = [
        "new",
        "incident",
        "--at",
        "2026-03-01 09:05",
        "--set",
        "owner=ops",
        "--set",
        "system=erp",
        "--set",
        "severity=P3",
        "--set",
        "category=software",
        "--set",
        "by=ops",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // `--title=…`: a title may begin with `-`.
    args.push(format!("--title={title}"));
    args.push("--set".into());
    args.push(format!("symptom={symptom}"));
    args.push("--set".into());
    args.push(format!("occurred_at={occurred}"));
    args.push("--set".into());
    args.push(format!("outage_start={occurred}"));
    args
}

/// Creates an incident of `new_args` with `ok_en`; returns its id and file.
pub fn add_incident(dir: &Path, title: &str, symptom: &str) -> (String, PathBuf) {
    let out = ok_en(dir, &strs(&new_args(title, symptom, "2026-03-01 09:00")));
    let id = out.split(':').next().unwrap().trim().to_string();
    let file = file_of(dir, &id);
    (id, file)
}

/// Writes `text` at `path`, making its folders.
pub fn write_file(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A record file read back by itc's own reader (the one `check`, `show` and `list` use).
pub fn read_back(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap();
    let format = itc::record::Format::from_path(path).unwrap();
    let mut diags = Vec::new();
    itc::record::parse(&text, format, "x", itc::diag::Check::Syntax, &mut diags)
        .unwrap_or_else(|| panic!("{} does not parse: {diags:?}\n{text}", path.display()))
}

/// The value at `section.key` (`key` at the top when `section` is `None`).
pub fn text_at<'t>(t: &'t Table, section: Option<&str>, key: &str) -> &'t Value {
    let table = match section {
        Some(s) => t.get(s).and_then(Node::as_table).unwrap(),
        None => t,
    };
    &table
        .get(key)
        .unwrap_or_else(|| panic!("no {section:?}.{key}"))
        .value
}

/// The value at `section.key` is the text `want`.
pub fn assert_text(t: &Table, section: Option<&str>, key: &str, want: &str, context: &str) {
    match text_at(t, section, key) {
        Value::Str(s) => assert_eq!(s, want, "{context}: {section:?}.{key}"),
        other => panic!("{context}: {section:?}.{key} = {other:?}, want the text {want:?}"),
    }
}

/// C0 and C1 controls other than tab and line ends, and DEL: what E0311 reports.
pub fn forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// No control character but line ends and tabs is printed raw.
pub fn no_raw_controls(what: &str, s: &str) {
    assert!(
        !s.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r'),
        "{what} prints a raw control character: {s:?}"
    );
}

// Runs with a time limit, on hostile files ---------------------------------------------------

/// Runs `itc` in `dir` like `itc`, but kills it and fails after `secs` seconds; a secret in its
/// environment (`ITC_TEST_SECRET`) lets a test check that no output shows it. With
/// `hold_stdin`, its stdin is a pipe kept open and never written (as a terminal would be).
pub fn itc_within(dir: &Path, args: &[&str], secs: u64, hold_stdin: bool) -> Output {
    let mut run = Itc::new(dir)
        .args(args)
        .env("ITC_TEST_SECRET", "s3cr3t-env-value");
    if hold_stdin {
        run = run.stdin_held();
    }
    let mut child = run.spawn();
    let stdin = child.stdin.take();
    // Drain both pipes on their own threads so a chatty child never blocks on a full pipe.
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("itc {args:?} did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// The extended fixture with one more record file at `incidents/NAME`, made by `make`.
pub fn extended_with(name: &str, make: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = temp_copy(&fixture("extended"));
    make(&dir.path().join("incidents").join(name));
    dir
}

// The demo at a fixed "now", and as a git repository ------------------------------------------

/// "Now" for the tests that read the demo as of a fixed time: noon on 2026-11-30.
pub const DEMO_NOW: &str = "2026-11-30T12:00:00+08:00";

/// Runs `itc` in `dir` at `DEMO_NOW`.
pub fn at_noon(dir: &Path, args: &[&str]) -> Output {
    Itc::new(dir).args(args).today(DEMO_NOW).run()
}

/// Runs `itc` in `dir` with "now" at 2026-12-31, after every date of the demo and its changes.
pub fn itc_at(dir: &Path, args: &[&str]) -> Output {
    Itc::new(dir).args(args).today("2026-12-31").run()
}

/// A git work tree `top` holding a copy of examples/demo in `top/records`: `main` is the demo
/// as it is; the branch `change` (checked out) advances INC-2026-0015 from diagnosis to
/// handling, delays the restoration of INC-2026-0004 past its P2 limit, adds INC-2026-0020,
/// removes SUR-2026-004 and moves BAK-2026-001 into a subfolder.
pub struct Demo {
    pub tmp: tempfile::TempDir,
}

impl Demo {
    pub fn top(&self) -> PathBuf {
        self.tmp.path().join("top")
    }

    pub fn records(&self) -> PathBuf {
        self.top().join("records")
    }

    /// A checkout of `rev` beside the work tree (a linked git worktree), and its records.
    pub fn checkout(&self, name: &str, rev: &str) -> PathBuf {
        let dir = self.tmp.path().join(name);
        git(
            &self.top(),
            &[
                "worktree",
                "add",
                "-q",
                "--detach",
                dir.to_str().unwrap(),
                rev,
            ],
        );
        dir.join("records")
    }
}

/// Makes the git copy of the demo that `Demo` describes.
pub fn demo_repo() -> Demo {
    let tmp = tempfile::tempdir().unwrap();
    let demo_dir = Demo { tmp };
    let top = demo_dir.top();
    let records = demo_dir.records();
    copy_dir(&demo(), &records);
    git(&top, &["init", "-q", "-b", "main"]);
    git(&top, &["add", "-A"]);
    git(&top, &["commit", "-qm", "demo"]);
    git(&top, &["checkout", "-qb", "change"]);
    let inc = records.join("incidents/2026");
    replace_in(
        &inc.join("INC-2026-0015.toml"),
        "stage = \"diagnosis\"",
        "stage = \"handling\"",
    );
    let mut text = std::fs::read_to_string(inc.join("INC-2026-0015.toml")).unwrap();
    text.push_str("\n[handling]\nat = 2026-11-12T10:00:00+08:00\nactions = \"重启流程引擎\"\n");
    std::fs::write(inc.join("INC-2026-0015.toml"), text).unwrap();
    let p4 = inc.join("INC-2026-0004.toml");
    replace_in(
        &p4,
        "outage_end = 2026-03-03T11:05:00+08:00",
        "outage_end = 2026-03-03T20:05:00+08:00",
    );
    replace_in(
        &p4,
        "restored_at = 2026-03-03T11:05:00+08:00",
        "restored_at = 2026-03-03T20:05:00+08:00",
    );
    std::fs::write(
        inc.join("INC-2026-0020.toml"),
        "id = \"INC-2026-0020\"\ntitle = \"打印服务器 *无响应* | 需重启\"\nstage = \"report\"\nowner = \"li.wei\"\nsystem = \"oa\"\nseverity = \"P4\"\ncategory = \"other\"\nimpact = \"none\"\n\n[report]\nat = 2026-12-02T09:00:00+08:00\nby = \"li.wei\"\nsymptom = \"打印队列卡住\"\noccurred_at = 2026-12-02T08:50:00+08:00\n",
    )
    .unwrap();
    git(&top, &["rm", "-q", "records/surveys/SUR-2026-004.yaml"]);
    std::fs::create_dir_all(records.join("backups/2026")).unwrap();
    git(
        &top,
        &[
            "mv",
            "records/backups/BAK-2026-001.toml",
            "records/backups/2026/BAK-2026-001.toml",
        ],
    );
    git(&top, &["add", "-A"]);
    git(&top, &["commit", "-qm", "change"]);
    demo_dir
}

/// A small seeded generator (xorshift64*), so that a failing case can be replayed from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn coin(&mut self) -> bool {
        self.below(2) == 0
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
