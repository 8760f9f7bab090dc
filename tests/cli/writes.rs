//! What every writing command (`new`, `advance`, `set`, `fmt`) shares: the bytes about to be
//! renamed into place read back as the intended values, or nothing is written; random values
//! and random sequences of writes come back exactly, and already formatted; the leftovers of a
//! killed writer are reported, and swept by the next write.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use itc::record::value::{Table, Value};
use itc::record::{self, Format};

use crate::support::*;

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
        Err(e @ itc::Error::WriteProof { .. }) => {
            let zh = itc::output::catalog::errors::message(&e, itc::Lang::Zh);
            let en = itc::output::catalog::errors::message(&e, itc::Lang::En);
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

/// Awkward values drawn from the seeded generator.
trait Awkward {
    /// Text without the control characters that `check` refuses (E0311): what `new` and
    /// `advance`, which have no `--force`, can be asked to write.
    fn plain_text(&mut self) -> String;

    /// A text of awkward pieces: tabs, `#`, quotes, colons, control characters, DEL,
    /// numbers-as-strings, line breaks, Chinese, spaces at either end.
    fn text(&mut self) -> String;

    /// A date-time with fractional seconds, as `--set` takes it: its text, and the instant it
    /// stands for (seconds and nanoseconds).
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

/// The forced control characters are the only findings left.
fn only_control_character_findings(dir: &Path, context: &str) {
    let out = itc_en(dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for d in report["diagnostics"].as_array().unwrap() {
        assert_eq!(d["code"], "E0311", "{context}: {d}");
    }
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

/// One record the sequence drives: its id, kind and stage index.
struct Rec {
    id: String,
    project: bool,
    stage: usize,
}

const INCIDENT_STAGES: &[&str] = &["alert", "report", "diagnosis", "handling", "archived"];

const PROJECT_STAGES: &[&str] = &[
    "initiation",
    "selection",
    "implementation",
    "monitoring",
    "acceptance",
];

/// `--set` pairs for what entering `stage` needs (and some it may take), in random order, with
/// random optional extras.
fn entering(rng: &mut Rng, project: bool, stage: &str, minute: u32) -> Vec<String> {
    let when = |m: u32| {
        format!(
            "2026-03-{:02} {:02}:{:02}",
            1 + m / 600,
            (m / 60) % 10 + 8,
            m % 60
        )
    };
    let mut sets: Vec<String> = match (project, stage) {
        (false, "alert") => vec!["source=zabbix".into()],
        // Occurred before any stage was entered, an alert's included.
        (false, "report") => vec!["symptom=慢".into(), format!("occurred_at={}", when(0))],
        (false, "diagnosis") => vec![
            "cause=磁盘满".into(),
            "solution=清理".into(),
            "consultation=ops,manager".into(),
        ],
        (false, "handling") => vec![
            "actions=扩容".into(),
            format!("restored_at={}", when(minute)),
        ],
        (false, "archived") => vec!["fault_report=见附件".into()],
        (true, "initiation") => vec![
            "department=财务部".into(),
            "budget=120000".into(),
            "requirement=r".into(),
            "feasibility=f".into(),
            "proposal=p".into(),
            "approved_by=总经理".into(),
            "approved_on=2026-03-01".into(),
            "planned_end=2026-12-31".into(),
        ],
        (true, "selection") => vec!["candidates=甲,乙".into(), "vendor=甲".into()],
        (true, "implementation") => vec![
            "contract=HT-1".into(),
            "signed_on=2026-03-02".into(),
            "team=ops".into(),
            "planned_end=2026-10-31".into(),
        ],
        (true, "monitoring") => {
            let mut items = vec![
                "checkpoints[].spent=10".to_string(),
                "checkpoints[].date=2026-03-05".into(),
                "checkpoints[].progress=20".into(),
            ];
            rng.shuffle(&mut items);
            items
        }
        (true, "acceptance") => vec![
            "accepted_on=2026-03-20".into(),
            "accepted_by=财务部".into(),
            "report=验收报告".into(),
            "actual_cost=110000".into(),
        ],
        _ => Vec::new(),
    };
    let extras: &[&str] = match project {
        false => &[
            "notes=备注 # 不是注释",
            "tags=db,紧急",
            "impact=partial",
            "planned=false",
        ],
        true => &["notes=项目备注", "tags=erp", "rationale=价格"],
    };
    for e in extras {
        if rng.below(4) == 0 && !(project && *e == "rationale=价格" && stage != "selection") {
            sets.push(e.to_string());
        }
    }
    rng.shuffle(&mut sets);
    sets
}

/// What entering `stage` needs besides (the outage window, the failed acceptances): appended
/// after the shuffles, so that the random sequences stay those the seeds were chosen with.
fn entry_needs(project: bool, stage: &str, minute: u32) -> Vec<String> {
    let when = |m: u32| {
        format!(
            "2026-03-{:02} {:02}:{:02}",
            1 + m / 600,
            (m / 60) % 10 + 8,
            m % 60
        )
    };
    match (project, stage) {
        (false, "report") => vec![format!("outage_start={}", when(0))],
        (false, "handling") => vec![format!("outage_end={}", when(minute))],
        (true, "acceptance") => vec!["failed_acceptances=[]".into()],
        _ => Vec::new(),
    }
}

/// Edits a record may always take, whatever its stage.
fn edits(rng: &mut Rng, rec: &Rec) -> Vec<String> {
    let mut sets: Vec<String> = Vec::new();
    let pool: &[&str] = match rec.project {
        false => &[
            "notes=改过",
            "tags=a,b",
            "impact=full",
            "title=新标题",
            "complex=false",
        ],
        true => &[
            "notes=改过",
            "tags=a",
            "title=新标题",
            "planned_end=2026-10-31",
        ],
    };
    for _ in 0..=rng.below(3) {
        sets.push(rng.pick(pool).to_string());
    }
    if rec.project && rng.coin() {
        let mut item = vec![
            "baseline_changes[].reason=延期".to_string(),
            "baseline_changes[].to=2026-10-31".into(),
            // Every entry from the planned end to itself: entries added run after run chain.
            "baseline_changes[].from=2026-10-31".into(),
            "baseline_changes[].date=2026-03-03".into(),
            "baseline_changes[].approved_by=manager".into(),
        ];
        // A commitment changes with its entry: the planned end is the entry's `to`.
        if !sets.iter().any(|s| s == "planned_end=2026-10-31") {
            sets.push("planned_end=2026-10-31".into());
        }
        rng.shuffle(&mut item);
        sets.extend(item);
    }
    if rec.project && rec.stage >= 3 && rng.coin() {
        let mut item = vec![
            "checkpoints[].progress=40".to_string(),
            "checkpoints[].quality=良".into(),
            "checkpoints[].date=2026-03-10".into(),
            "checkpoints[].spent=30".into(),
        ];
        rng.shuffle(&mut item);
        sets.extend(item);
    }
    sets
}

fn assert_canonical(dir: &Path, context: &str, files: &[PathBuf]) {
    let out = itc(dir, &["--lang", "en", "fmt", "--check"]);
    if code(&out) != 0 {
        let texts: Vec<String> = files
            .iter()
            .map(|f| format!("{}:\n{}", f.display(), std::fs::read_to_string(f).unwrap()))
            .collect();
        panic!(
            "{context}: fmt --check fails on what itc wrote\n{}{}\n{}",
            stdout(&out),
            stderr(&out),
            texts.join("\n")
        );
    }
}

#[test]
fn what_new_advance_and_set_write_passes_fmt_check_over_random_sequences() {
    let seed = std::env::var("ITC_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x1713_e7e2_da55_0006u64);
    let mut rng = Rng(seed);
    let mut writes = 0;
    for format in ["toml", "yaml"] {
        let repo = new_repo("zh", format);
        let dir = repo.path();
        let mut recs: Vec<Rec> = Vec::new();
        let mut files: Vec<PathBuf> = Vec::new();
        let mut minute = 10u32;
        for step in 0..40 {
            minute += 7;
            let context = format!("seed {seed:#x}, {format}, step {step}");
            let at = format!(
                "2026-03-{:02} {:02}:{:02}",
                1 + minute / 600,
                (minute / 60) % 10 + 8,
                minute % 60
            );
            let op = if recs.is_empty() { 0 } else { rng.below(5) };
            // How `by` is given: --by, --set by=, ITC_USER, or not at all (it is then absent).
            let by_way = rng.below(4);
            let env: Vec<(&str, &str)> = match by_way {
                2 => vec![("ITC_USER", "manager")],
                _ => Vec::new(),
            };
            let mut args: Vec<String> = Vec::new();
            match op {
                0 => {
                    let project = rng.below(3) == 0;
                    let alert = !project && rng.below(3) == 0;
                    let stage = match (project, alert) {
                        (true, _) => "initiation",
                        (false, true) => "alert",
                        (false, false) => "report",
                    };
                    args.extend(["-q".into(), "new".into()]);
                    args.push(if project { "project" } else { "incident" }.into());
                    args.extend(["--title".into(), "标题".into(), "--at".into(), at.clone()]);
                    if alert {
                        args.extend(["--stage".into(), "alert".into()]);
                    }
                    let mut sets: Vec<String> = vec!["owner=ops".into()];
                    if !project {
                        sets.extend(["system=erp".into(), "severity=P2".into()]);
                        sets.push("category=software".into());
                    }
                    sets.extend(entering(&mut rng, project, stage, minute));
                    rng.shuffle(&mut sets);
                    sets.extend(entry_needs(project, stage, minute));
                    for s in sets {
                        args.extend(["--set".into(), s]);
                    }
                    match by_way {
                        0 => args.extend(["--by".into(), "ops".into()]),
                        1 => args.extend(["--set".into(), "by=ops".into()]),
                        _ => {}
                    }
                    if rng.coin() {
                        args.extend(["--format".into(), rng.pick(&["toml", "yaml"]).to_string()]);
                    }
                    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                    let id = ok_with(dir, &refs, &env, None).trim().to_string();
                    files.push(file_of(dir, &id));
                    recs.push(Rec {
                        id,
                        project,
                        stage: usize::from(!project && !alert),
                    });
                }
                1 | 2 => {
                    let r = rng.below(recs.len());
                    let stages = if recs[r].project {
                        PROJECT_STAGES
                    } else {
                        INCIDENT_STAGES
                    };
                    if recs[r].stage + 1 >= stages.len() {
                        continue;
                    }
                    let next = stages[recs[r].stage + 1];
                    args.extend(["advance".into(), recs[r].id.clone(), "--at".into(), at]);
                    let mut sets = entering(&mut rng, recs[r].project, next, minute);
                    // The report needs its `by` before the record moves on.
                    if !recs[r].project && recs[r].stage == 1 {
                        sets.push("report.by=ops".into());
                    }
                    if !recs[r].project && next == "report" {
                        sets.push("report.by=ops".into());
                    }
                    rng.shuffle(&mut sets);
                    sets.extend(entry_needs(recs[r].project, next, minute));
                    for s in sets {
                        args.extend(["--set".into(), s]);
                    }
                    if by_way == 0 {
                        args.extend(["--by".into(), "manager".into()]);
                    }
                    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                    ok_with(dir, &refs, &env, None);
                    recs[r].stage += 1;
                }
                _ => {
                    let r = rng.below(recs.len());
                    args.extend(["set".into(), recs[r].id.clone()]);
                    args.extend(edits(&mut rng, &recs[r]));
                    if by_way == 0 {
                        args.extend(["--by".into(), "ops".into()]);
                    }
                    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                    ok_with(dir, &refs, &env, None);
                }
            }
            writes += 1;
            assert_canonical(dir, &format!("{context}: itc {}", args.join(" ")), &files);
        }
        let out = itc(dir, &["--lang", "en", "check"]);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
    }
    assert!(writes >= 60, "{writes}");
}

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
