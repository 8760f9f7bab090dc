//! The manager's everyday commands (issue 13): short ids, `-q`, the acting person, records that
//! itc writes already canonical, table lists, `itc edit` — each driven through the binary on a
//! fresh repository.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::*;

// 4 · -q --------------------------------------------------------------------------------------

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

// 3 · short ids -------------------------------------------------------------------------------

#[test]
fn short_ids_name_one_record_and_an_ambiguous_one_lists_its_candidates() {
    let repo = new_repo("zh", "toml");
    let dir = repo.path();
    let id = new_incident(dir, &["--by", "ops"]);
    let tag = id.rsplit('-').next().unwrap().to_string();
    for short in [
        "INC-2026-1".to_string(),
        "INC-2026-0001".to_string(),
        "inc-2026-01".to_string(),
        format!("INC-2026-1-{}", &tag[..1]),
        id.clone(),
    ] {
        let out = ok(dir, &["show", &short]);
        assert!(out.starts_with(&id), "{short}: {out}");
    }
    ok(dir, &["set", "INC-2026-1", "notes=短编号"]);
    let out = ok(dir, &["advance", "inc-2026-1", "--at", "2026-03-01 10:00"]);
    assert!(out.starts_with(&format!("{id}: ")), "the full id: {out}");
    assert!(
        std::fs::read_to_string(file_of(dir, &id))
            .unwrap()
            .contains("notes = \"短编号\"")
    );

    // A record of the same number made on another branch: the short id names both.
    let file = file_of(dir, &id);
    let other_id = format!("INC-2026-0001-{}", if tag == "zzz" { "yyy" } else { "zzz" });
    let other = file.with_file_name(format!("{other_id}.toml"));
    std::fs::write(
        &other,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace(&id, &other_id),
    )
    .unwrap();
    let before = std::fs::read(&file).unwrap();
    for args in [
        vec!["show", "INC-2026-1"],
        vec!["set", "INC-2026-0001", "notes=x"],
        vec!["advance", "INC-2026-1"],
    ] {
        let out = itc(dir, &args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("可指多条记录") && err.contains(&id) && err.contains(&other_id),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing written");
    // The whole id, or enough of the tag, still names one.
    ok(dir, &["show", &other_id]);
    ok(dir, &["show", &format!("INC-2026-1-{}", &tag)]);
    let out = itc(dir, &["--lang", "en", "show", "INC-2026-7"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no record INC-2026-7"),
        "{}",
        stderr(&out)
    );
}

// 5 · the acting person -------------------------------------------------------------------------

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
fn a_missing_by_says_which_stage_needs_it_and_how_to_give_it() {
    let repo = new_repo("zh", "toml");
    let dir = repo.path();
    // No one acting: the report has no `by`.
    let id = new_incident(dir, &[]);
    let path = file_of(dir, &id);
    let before = std::fs::read(&path).unwrap();
    // `--set by=` fills the stage entered, not the report that needs it.
    let out = itc(
        dir,
        &[
            "advance",
            &id,
            "--at",
            "2026-03-01 10:00",
            "--set",
            "by=ops",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("缺少 报告人(report.by,人员):--set report.by=<人员>")
            && err.contains("阶段 report 需要经办人")
            && err.contains(
                "--by 与 --set by=… 只填写正在进入的阶段 diagnosis,report 的经办人须写成 --set report.by=<人员>"
            ),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let out = itc(
        dir,
        &["--lang", "en", "advance", &id, "--at", "2026-03-01 10:00"],
    );
    assert!(
        stderr(&out).contains(
            "missing Reported by (report.by, person): --set report.by=<person>; the stage report needs who acted: --by and --set by=… fill only the stage being entered, diagnosis"
        ),
        "{}",
        stderr(&out)
    );
    // What the record needs, as `show` says it: `set --by` fills the current stage.
    let out = ok(dir, &["show", &id]);
    assert!(
        out.contains("阶段 report 需要经办人:用 --by <人员>(itc set 时为当前阶段),或设置 ITC_USER"),
        "{out}"
    );
    ok(dir, &["set", &id, "--by", "ops"]);
    ok(dir, &["advance", &id, "--at", "2026-03-01 10:00"]);
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
        (false, "report") => vec![
            "symptom=慢".into(),
            format!("occurred_at={}", when(minute.saturating_sub(5))),
        ],
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
        ],
        (true, "selection") => vec!["candidates=甲,乙".into(), "vendor=甲".into()],
        (true, "implementation") => vec![
            "contract=HT-1".into(),
            "signed_on=2026-03-02".into(),
            "team=ops".into(),
            "planned_end=2026-09-30".into(),
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
            "baseline_changes[].from=2026-09-30".into(),
            "baseline_changes[].date=2026-03-03".into(),
        ];
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
        for step in 0..36 {
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

// 7 · table lists -------------------------------------------------------------------------------

fn new_project(dir: &Path) -> String {
    let args = [
        "-q",
        "new",
        "project",
        "--title",
        "ERP 升级",
        "--at",
        "2026-03-01",
        "--by",
        "ops",
        "--set",
        "owner=ops",
        "--set",
        "department=财务部",
        "--set",
        "budget=100",
        "--set",
        "requirement=r",
        "--set",
        "feasibility=f",
        "--set",
        "proposal=p",
        "--set",
        "approved_by=总经理",
        "--set",
        "approved_on=2026-03-01",
    ];
    let id = ok(dir, &args).trim().to_string();
    for (at, sets) in [
        ("2026-03-02", vec!["candidates=甲,乙", "vendor=甲"]),
        (
            "2026-03-03",
            vec![
                "contract=HT",
                "signed_on=2026-03-03",
                "team=ops",
                "planned_end=2026-09-30",
            ],
        ),
        ("2026-03-04", vec![]),
    ] {
        let mut args = vec!["advance", id.as_str(), "--at", at, "--by", "ops"];
        for s in &sets {
            args.extend(["--set", s]);
        }
        ok(dir, &args);
    }
    id
}

#[test]
fn table_lists_name_their_item_fields_and_take_new_items_and_fragments() {
    for format in ["toml", "yaml"] {
        let repo = new_repo("zh", format);
        let dir = repo.path();
        let id = new_project(dir);
        let path = file_of(dir, &id);

        // The refusal names every item field with its type, as a command that runs.
        let out = itc(dir, &["advance", &id, "--at", "2026-03-20"]);
        assert_eq!(code(&out), 1);
        let hint = "缺少 检查点(monitoring.checkpoints,表格列表):--set monitoring.checkpoints[].date=<日期> --set monitoring.checkpoints[].progress=<数字> --set monitoring.checkpoints[].spent=<数字> --set monitoring.checkpoints[].quality=<文本> --set monitoring.checkpoints[].issues=<文本>";
        assert!(stderr(&out).contains(hint), "{}", stderr(&out));
        let out = itc(dir, &["--lang", "en", "set", &id, "checkpoints=x"]);
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out)
                .contains("--set checkpoints[].date=<date> --set checkpoints[].progress=<number>"),
            "{}",
            stderr(&out)
        );
        let out = itc(dir, &["set", &id, "checkpoints[].when=2026-03-05"]);
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("项的字段有:date(日期)、progress(数字)"),
            "{}",
            stderr(&out)
        );

        // `[]` paths fill one new item; a field given again starts the next.
        ok(
            dir,
            &[
                "set",
                &id,
                "checkpoints[].spent=10",
                "checkpoints[].date=2026-03-05",
                "checkpoints[].progress=20",
                "checkpoints[].date=2026-03-12",
                "checkpoints[].progress=40",
                "checkpoints[].spent=25",
            ],
        );
        ok(
            dir,
            &[
                "set",
                &id,
                "checkpoints[].date=2026-03-19",
                "checkpoints[].progress=60",
                "checkpoints[].spent=30",
            ],
        );
        let read = |path: &Path| {
            let text = std::fs::read_to_string(path).unwrap();
            let format = itc::record::Format::from_path(path).unwrap();
            let mut diags = Vec::new();
            itc::record::parse(&text, format, "x", itc::diag::Check::Syntax, &mut diags).unwrap()
        };
        let items = |t: &itc::record::value::Table, section: &str, field: &str| -> Vec<String> {
            t.get(section)
                .and_then(|s| s.as_table())
                .and_then(|s| s.get(field))
                .and_then(|n| n.as_array())
                .map(|a| {
                    a.iter()
                        .map(|i| {
                            let t = i.as_table().unwrap();
                            t.entries
                                .iter()
                                .map(|e| format!("{}={}", e.key, e.node.scalar_text().unwrap()))
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(
            items(&read(&path), "monitoring", "checkpoints"),
            [
                "date=2026-03-05 progress=20 spent=10",
                "date=2026-03-12 progress=40 spent=25",
                "date=2026-03-19 progress=60 spent=30",
            ],
            "{format}"
        );

        // A fragment on stdin, in either format, for any structured field.
        ok_with(
            dir,
            &["set", &id, "--set-from", "-"],
            &[],
            Some(
                "notes = \"来自片段\"\n[[monitoring.failed_acceptances]]\nreason = \"性能不达标\"\ndate = 2026-03-15\n",
            ),
        );
        ok_with(
            dir,
            &["set", &id, "--set-from", "-", "notes=--set 在后"],
            &[],
            Some(
                "baseline_changes:\n  - reason: 供应商延期\n    to: 2026-10-31\n    from: 2026-09-30\n    date: 2026-03-16\n",
            ),
        );
        let t = read(&path);
        assert_eq!(
            items(&t, "monitoring", "failed_acceptances"),
            ["date=2026-03-15 reason=性能不达标"]
        );
        assert_eq!(
            t.get("baseline_changes")
                .and_then(|n| n.as_array())
                .map(|a| a.len()),
            Some(1)
        );
        assert_eq!(t.get("notes").and_then(|n| n.as_str()), Some("--set 在后"));
        let out = itc_with(
            dir,
            &["set", &id, "--set-from", "-"],
            &[],
            Some("this is: [neither\n"),
        );
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("既不是 TOML 也不是 YAML"),
            "{}",
            stderr(&out)
        );
        let out = itc_with(
            dir,
            &["set", &id, "--set-from", "-"],
            &[],
            Some("nosuch = 1\n"),
        );
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("信息化项目记录没有字段 `nosuch`"),
            "{}",
            stderr(&out)
        );
        ok(dir, &["fmt", "--check"]);
        ok(dir, &["check"]);
    }
}

// zh output of write refusals -----------------------------------------------------------------

#[test]
fn write_refusals_in_chinese_name_the_file_the_kind_and_the_type() {
    let repo = new_repo("zh", "toml");
    let dir = repo.path();
    let id = new_incident(dir, &["--by", "ops"]);
    // Another error than a missing field: said with its file, in Chinese.
    let out = itc(dir, &["advance", &id, "--at", "2026-02-01 10:00"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    let rel = format!("incidents/2026/{id}.toml:");
    assert!(err.contains("错误[E0409] ") && err.contains(&rel), "{err}");
    let out = itc(dir, &["set", &id, "nosuch=1"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("错误: 故障记录没有字段 `nosuch`"),
        "{}",
        stderr(&out)
    );
    let out = itc(dir, &["set", &id, "nosuch.x=1"]);
    assert!(!stderr(&out).contains("incident"), "{}", stderr(&out));
}

#[test]
fn list_filters_take_stage_labels_and_refuse_what_cannot_match() {
    let ids = |o: &Output| -> Vec<String> {
        assert_eq!(code(o), 0, "{}", stderr(o));
        stdout(o)
            .lines()
            .filter_map(|l| l.split('\t').next())
            .map(str::to_string)
            .collect()
    };
    let by_key = ids(&at_noon(
        &demo(),
        &["-q", "list", "incident", "--stage", "diagnosis"],
    ));
    assert!(!by_key.is_empty());
    for stage in ["故障诊断", "Diagnosis", "diagnosis"] {
        assert_eq!(
            ids(&at_noon(&demo(), &["-q", "list", "--stage", stage])),
            by_key,
            "{stage}"
        );
    }
    assert_eq!(
        ids(&at_noon(
            &demo(),
            &["-q", "list", "故障", "--stage", "故障诊断"]
        )),
        by_key,
        "the kind by its label too"
    );
    let refused = |args: &[&str], says: &[&str]| {
        let out = at_noon(&demo(), args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stdout(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
        for s in says {
            assert!(stderr(&out).contains(s), "{args:?}: {}", stderr(&out));
        }
    };
    refused(&["list", "--stage", "nosuch"], &["没有阶段 `nosuch`"]);
    refused(
        &["list", "incident", "--stage", "diagnosys"],
        &["是否想写 `diagnosis`", "故障的阶段有:alert(监控预警)"],
    );
    refused(&["list", "incidnt"], &["是否想写 `incident`"]);
    refused(
        &["list", "--where", "nosuchfield=1"],
        &["没有字段 `nosuchfield`"],
    );
    refused(
        &["list", "--where", "severity=P9"],
        &["`severity` 不会等于 `P9`", "P1, P2, P3, P4"],
    );
    refused(&["list", "--where", "severty=P1"], &["是否想写 `severity`"]);
    refused(
        &["list", "incident", "--where", "cause=x"],
        &["是否想写 `diagnosis.cause`"],
    );
    refused(&["list", "--where", "owner=li.wie"], &["是否想写 `li.wei`"]);
    refused(
        &["list", "--where", "system=nosuch"],
        &["`system` 不会等于 `nosuch`"],
    );
    refused(
        &["--lang", "en", "list", "--where", "severity=P9"],
        &["`severity` is never `P9` (did you mean `P1`?)"],
    );
    // What can match still lists.
    let p1 = ids(&at_noon(&demo(), &["-q", "list", "--where", "severity=P1"]));
    assert!(p1.iter().all(|id| id.starts_with("INC-")) && !p1.is_empty());
}

// 4 · list -q ----------------------------------------------------------------------------------

#[test]
fn list_q_prints_the_rows_alone() {
    let out = at_noon(&demo(), &["-q", "list", "incident", "--open"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let full = stdout(&at_noon(&demo(), &["list", "incident", "--open"]));
    let count: usize = full
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("共 "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert_eq!(text.lines().count(), count, "{text}");
    assert!(!text.contains("共") && !text.contains('│') && !text.contains("编号"));
    for line in text.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 8, "{line}");
        assert!(
            cells[0].starts_with("INC-2026-") && cells[1] == "故障",
            "{line}"
        );
    }
}

// 10 · relative periods ------------------------------------------------------------------------

#[test]
fn relative_periods_are_the_periods_they_stand_for() {
    let run = |args: &[&str], today: &str| {
        let out = itc_with(&demo(), args, &[("ITC_TODAY", today)], None);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    for (relative, absolute, today) in [
        ("last-quarter", "2026-Q3", "2026-11-30"),
        ("this-quarter", "2026-Q4", "2026-11-30"),
        ("last-month", "2026-10", "2026-11-30"),
        ("this-month", "2026-11", "2026-11-30"),
        ("this-year", "2026", "2026-11-30"),
        ("last-year", "2025", "2026-11-30"),
        ("ytd", "2026-01-01..2026-11-30", "2026-11-30"),
        ("last-month", "2025-12", "2026-01-10"),
    ] {
        let kpi = |p: &str| run(&["kpi", "--period", p, "--format", "json"], today);
        let list = |p: &str| run(&["-q", "list", "--period", p], today);
        assert_eq!(kpi(relative), kpi(absolute), "kpi {relative} at {today}");
        assert_eq!(list(relative), list(absolute), "list {relative} at {today}");
    }
    // --as-of is today too, and beats ITC_TODAY.
    let a = run(
        &[
            "kpi",
            "--as-of",
            "2026-06-30",
            "--period",
            "last-quarter",
            "--format",
            "json",
        ],
        "2026-11-30",
    );
    let b = run(
        &[
            "kpi",
            "--as-of",
            "2026-06-30",
            "--period",
            "2026-Q1",
            "--format",
            "json",
        ],
        "2026-11-30",
    );
    assert_eq!(a, b);
    assert!(!run(&["-q", "list", "--period", "last-month"], "2026-11-30").is_empty());
    let out = at_noon(&demo(), &["kpi", "--period", "next-month"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("last-month"), "{}", stderr(&out));
}

// 9 · itc edit ---------------------------------------------------------------------------------

/// An editor: a shell script in `dir` running `body` with the file as `$1`.
fn editor(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.to_string_lossy().into_owned()
}

/// The editing copies left beside `record` (`.STEM.HOST-PID-N.edit.EXT`).
fn copies(record: &Path) -> Vec<PathBuf> {
    let stem = record.file_stem().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(record.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(&format!(".{stem}.")) && name.contains(".edit.")
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn edit_writes_a_valid_edit_and_keeps_an_invalid_one_aside() {
    for format in ["toml", "yaml"] {
        let repo = new_repo("zh", format);
        let dir = repo.path();
        let tools = tempfile::tempdir().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let tmp_s = tmp.path().to_str().unwrap();
        let id = new_incident(dir, &["--by", "ops"]);
        let path = file_of(dir, &id);
        let sep = if format == "toml" { " = " } else { ": " };
        let sub = |field: &str, value: &str| {
            format!("sed -i 's/^{field}{sep}.*/{field}{sep}\"{value}\"/' \"$1\"")
        };

        // A valid edit is written, through the short id; the copy is gone.
        let ed = editor(tools.path(), "title.sh", &sub("title", "改过的标题"));
        let out = ok_with(
            dir,
            &["edit", "INC-2026-1"],
            &[("EDITOR", &ed), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(
            out,
            format!("{id}: 已保存 → incidents/2026/{id}.{format}\n")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("改过的标题"), "{text}");
        assert!(copies(&path).is_empty());
        ok(dir, &["check"]);

        // VISUAL comes before EDITOR; an edit adding an error writes nothing.
        let bad = editor(tools.path(), "bad.sh", &sub("severity", "P9"));
        let before = std::fs::read(&path).unwrap();
        let out = itc_with(
            dir,
            &["edit", &id],
            &[("VISUAL", &bad), ("EDITOR", &ed), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert_eq!(std::fs::read(&path).unwrap(), before, "byte-identical");
        let kept = copies(&path);
        assert_eq!(kept.len(), 1);
        let err = stderr(&out);
        let kept_s = kept[0].display().to_string();
        assert!(
            err.contains(&format!("错误[E0305] {kept_s}:"))
                && err.contains(&format!("编辑后的副本保留在 {kept_s}")),
            "{err}"
        );
        assert!(std::fs::read_to_string(&kept[0]).unwrap().contains("P9"));
        std::fs::remove_file(&kept[0]).unwrap();

        // No change: nothing written, nothing kept.
        let out = ok_with(
            dir,
            &["edit", &id],
            &[("EDITOR", "true"), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(out, format!("{id}: 未修改\n"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(copies(&path).is_empty());

        // The editor fails: nothing written.
        let out = itc_with(
            dir,
            &["edit", &id],
            &[("EDITOR", "false"), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("编辑器 `false` 以状态 1 退出"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
        for c in copies(&path) {
            std::fs::remove_file(c).unwrap();
        }

        // The record changed while it was being edited: the edit is not written over it.
        let racing = editor(
            tools.path(),
            "racing.sh",
            &format!(
                "{}\nprintf '# 并发修改\\n' >> '{}'",
                sub("title", "并发"),
                path.display()
            ),
        );
        let out = itc_with(
            dir,
            &["edit", &id],
            &[("EDITOR", &racing), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("在编辑期间被修改"),
            "{}",
            stderr(&out)
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.ends_with("# 并发修改\n") && !text.contains("并发\""),
            "{text}"
        );
        assert_eq!(copies(&path).len(), 1);
    }
}

/// `itc edit` on a terminal (through `script`, which gives it one), answering `answer`.
#[cfg(unix)]
fn edit_on_a_terminal(dir: &Path, id: &str, env: &[(&str, &str)], answer: &str) -> Output {
    let line = format!("{} edit {id}", env!("CARGO_BIN_EXE_itc"));
    let mut cmd = Command::new("script");
    isolated(&mut cmd)
        .current_dir(dir)
        .args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
#[cfg_attr(
    not(consumer = "script"),
    ignore = "needs script from util-linux (apt-get install bsdutils); tests/run installs it"
)]
fn edit_on_a_terminal_offers_to_edit_again() {
    let repo = new_repo("zh", "toml");
    let dir = repo.path();
    let tools = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let tmp_s = tmp.path().to_str().unwrap();
    let id = new_incident(dir, &["--by", "ops"]);
    let path = file_of(dir, &id);
    // First an error, then, reopened, a fix.
    let count = tools.path().join("count");
    let ed = editor(
        tools.path(),
        "twice.sh",
        &format!(
            "n=$(cat '{c}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{c}'\nif [ $n = 1 ]; then v=P9; else v=P1; fi\nsed -i \"s/^severity = .*/severity = \\\"$v\\\"/\" \"$1\"",
            c = count.display()
        ),
    );
    let env = [("EDITOR", ed.as_str()), ("TMPDIR", tmp_s)];
    let out = edit_on_a_terminal(dir, &id, &env, "y\n");
    let said = stdout(&out);
    assert_eq!(code(&out), 0, "{said}{}", stderr(&out));
    assert!(
        said.contains("重新编辑?[Y/n]") && said.contains("已保存"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&count).unwrap().trim(), "2");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("severity = \"P1\"")
    );
    assert!(copies(&path).is_empty());

    // Answering no keeps the copy and writes nothing.
    std::fs::remove_file(&count).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = edit_on_a_terminal(dir, &id, &env, "n\n");
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("编辑后的副本保留在"),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(copies(&path).len(), 1);
}

#[test]
fn kinds_and_stages_are_named_by_key_or_label_when_writing_too() {
    let repo = new_repo("zh", "toml");
    let dir = repo.path();
    let mut args: Vec<&str> = vec!["-q"];
    args.extend_from_slice(INCIDENT);
    args[2] = "故障";
    args.extend_from_slice(&["--by", "ops"]);
    let id = ok(dir, &args).trim().to_string();
    let out = ok(
        dir,
        &[
            "advance",
            &id,
            "--to",
            "故障诊断",
            "--at",
            "2026-03-01 10:00",
        ],
    );
    assert!(out.contains("故障报告 → 故障诊断"), "{out}");
    let out = itc(dir, &["advance", &id, "--to", "故障处里"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("是否想写 `故障处理`"),
        "{}",
        stderr(&out)
    );
}
