//! Writing records: `init`, `new`, `advance`, `set` in fresh repositories — every kind through
//! every stage in both formats, minimal diffs, refusals that write nothing, parallel ids.

use std::path::{Path, PathBuf};

use crate::support::*;

/// A kind's walk: the arguments of `new`, then each `advance`'s `--at` and `--set`s.
type Walk = (
    &'static str,
    Vec<&'static str>,
    Vec<(&'static str, Vec<&'static str>)>,
);

fn walks() -> Vec<Walk> {
    vec![
        (
            "incident",
            vec![
                "--title",
                "ERP 登录失败",
                "--at",
                "2026-03-01 09:05",
                "--set",
                "owner=ops",
                "--set",
                "system=erp",
                "--set",
                "severity=P1",
                "--set",
                "category=software",
                "--set",
                "symptom=登录失败",
                "--set",
                "occurred_at=2026-03-01 09:00",
                "--set",
                "by=ops",
            ],
            vec![
                ("2026-03-01 09:30", vec![]),
                (
                    "2026-03-01 10:00",
                    vec![
                        "cause=证书过期",
                        "solution=续签证书",
                        "consultation=manager",
                    ],
                ),
                (
                    "2026-03-01 11:00",
                    vec![
                        "actions=续签并重启",
                        "restored_at=2026-03-01 10:30",
                        "fault_report=docs/INC.md",
                    ],
                ),
            ],
        ),
        (
            "project",
            vec![
                "--title",
                "费控系统",
                "--at",
                "2026-01-05",
                "--set",
                "owner=manager",
                "--set",
                "department=财务部",
                "--set",
                "budget=100000",
                "--set",
                "requirement=报销线上化",
                "--set",
                "feasibility=可行",
                "--set",
                "proposal=立项报告",
                "--set",
                "approved_by=总经理",
                "--set",
                "approved_on=2026-01-10",
            ],
            vec![
                ("2026-01-20", vec![]),
                (
                    "2026-02-01",
                    vec!["candidates=甲公司,乙公司", "vendor=甲公司"],
                ),
                (
                    "2026-03-01",
                    vec![
                        "contract=HT-1",
                        "signed_on=2026-02-01",
                        "team=ops",
                        "planned_end=2026-06-30",
                    ],
                ),
                (
                    "2026-06-20",
                    vec![
                        "checkpoints[0].date=2026-04-01",
                        "checkpoints[0].progress=50",
                        "checkpoints[0].spent=40000",
                        "accepted_on=2026-06-20",
                        "accepted_by=财务部",
                        "report=验收报告",
                        "actual_cost=95000",
                    ],
                ),
            ],
        ),
        (
            "drill",
            vec![
                "--title",
                "ERP 切换演练",
                "--at",
                "2026-04-01",
                "--set",
                "owner=ops",
                "--set",
                "scenario=主库宕机",
                "--set",
                "type=simulation",
                "--set",
                "systems=erp",
                "--set",
                "contingency_plan=预案 v3",
                "--set",
                "scheduled_on=2026-05-10",
                "--set",
                "objectives=验证切换,验证 RTO",
            ],
            vec![
                ("2026-04-20", vec![]),
                ("2026-05-10", vec!["participants=ops,manager"]),
                (
                    "2026-05-12",
                    vec![
                        "started_at=2026-05-10 09:00",
                        "result=passed",
                        "recovered_at=2026-05-10 10:00",
                    ],
                ),
                ("2026-05-20", vec!["report=演练总结"]),
            ],
        ),
        (
            "appraisal",
            vec![
                "--title",
                "上半年考核",
                "--at",
                "2026-01-05",
                "--set",
                "owner=manager",
                "--set",
                "employee=ops",
                "--set",
                "cycle=2026-H1",
                "--set",
                "appraiser=manager",
                "--set",
                "due_on=2026-07-31",
                "--set",
                "goals[0].goal=可用性",
                "--set",
                "goals[0].weight=60",
                "--set",
                "goals[1].goal=修复",
                "--set",
                "goals[1].weight=40",
            ],
            vec![
                ("2026-07-01", vec![]),
                ("2026-07-05", vec!["self_assessment=完成"]),
                (
                    "2026-07-10",
                    vec![
                        "scores[0].goal=可用性",
                        "scores[0].score=90",
                        "scores[1].goal=修复",
                        "scores[1].score=80",
                    ],
                ),
                (
                    "2026-07-20",
                    vec![
                        "score=86",
                        "rating=good",
                        "outcome=training",
                        "feedback=面谈完成",
                    ],
                ),
            ],
        ),
        (
            "plan",
            vec![
                "--title",
                "年度计划",
                "--at",
                "2025-10-01",
                "--set",
                "owner=manager",
                "--set",
                "year=2026",
                "--set",
                "needs[0].department=财务部",
                "--set",
                "needs[0].need=费控",
            ],
            vec![
                ("2025-10-20", vec![]),
                ("2025-11-01", vec!["trends=信创,数据治理"]),
                (
                    "2026-01-01",
                    vec![
                        "items[0].item=费控上线",
                        "items[0].owner=ops",
                        "items[0].due=2026-09-30",
                        "items[0].status=todo",
                        "approved_by=总经理",
                        "approved_on=2025-12-01",
                    ],
                ),
                ("2026-12-20", vec!["evaluation=完成"]),
            ],
        ),
        (
            "data",
            vec![
                "--title",
                "客户数据",
                "--at",
                "2026-02-01",
                "--set",
                "owner=ops",
                "--set",
                "dataset=客户主数据",
                "--set",
                "standard=标准 v2",
            ],
            vec![
                ("2026-02-10", vec![]),
                ("2026-02-20", vec!["sources=ERP,CRM"]),
                (
                    "2026-03-01",
                    vec![
                        "records_in=100",
                        "records_rejected=1",
                        "duplicates_removed=2",
                    ],
                ),
                ("2026-03-10", vec!["store=数据仓库"]),
                ("2026-04-01", vec!["report=分析报告", "applied_to=营销"]),
            ],
        ),
        (
            "security",
            vec![
                "--title",
                "一季度安全",
                "--at",
                "2026-01-02",
                "--set",
                "owner=manager",
                "--set",
                "period=2026-Q1",
                "--set",
                "scope=全部系统",
                "--set",
                "policies=安全管理办法",
            ],
            vec![
                ("2026-01-10", vec![]),
                (
                    "2026-02-01",
                    vec![
                        "sessions[0].date=2026-01-10",
                        "sessions[0].topic=宣贯",
                        "sessions[0].attendees=20",
                    ],
                ),
                ("2026-03-01", vec!["inspected_on=2026-02-01"]),
                (
                    "2026-03-20",
                    vec![
                        "risks[0].risk=注入",
                        "risks[0].level=high",
                        "risks[0].response=WAF",
                        "contingency_plan=应急预案",
                    ],
                ),
            ],
        ),
        (
            "survey",
            vec![
                "--title",
                "员工满意度",
                "--at",
                "2026-06-30",
                "--set",
                "owner=manager",
                "--set",
                "audience=team",
                "--set",
                "responses.5=3",
                "--set",
                "responses.4=2",
            ],
            vec![],
        ),
        (
            "backup",
            vec![
                "--title",
                "三月备份核查",
                "--at",
                "2026-04-02",
                "--set",
                "owner=ops",
                "--set",
                "system=erp",
                "--set",
                "period=2026-03",
                "--set",
                "jobs=31",
                "--set",
                "succeeded=31",
                "--set",
                "restore_tests=1",
                "--set",
                "restores_succeeded=1",
            ],
            vec![],
        ),
    ]
}

#[test]
fn every_kind_walks_every_stage_in_both_formats() {
    for format in ["toml", "yaml"] {
        let repo = new_repo("en", format);
        let dir = repo.path();
        check_clean(dir, "init");
        for (kind, new_args, steps) in walks() {
            let mut args = vec!["--lang", "en", "new", kind];
            args.extend(new_args.iter().copied());
            let id = created_id(&ok(dir, &args));
            let path = find_record(dir, &id);
            assert!(
                path.to_string_lossy().ends_with(&format!(".{format}")),
                "{path:?}"
            );
            let text = std::fs::read_to_string(&path).unwrap();
            let directive = if format == "toml" {
                "#:schema ../../schema/"
            } else {
                "# yaml-language-server: $schema=../../schema/"
            };
            assert!(text.starts_with(directive), "{text}");
            check_clean(dir, &format!("new {kind}"));
            for (at, sets) in steps {
                let mut args = vec!["--lang", "en", "advance", id.as_str(), "--at", at];
                for s in &sets {
                    args.extend(["--set", s]);
                }
                ok(dir, &args);
                check_clean(dir, &format!("advance {kind} at {at}"));
            }
            // Every walk ends at the kind's final stage.
            let out = itc(dir, &["advance", id.as_str()]);
            assert_eq!(code(&out), 1, "{kind} should be final: {}", stderr(&out));
        }
    }
}

#[test]
fn advance_changes_the_stage_line_and_appends_one_section() {
    let repo = new_repo("en", "toml");
    let dir = repo.path();
    let out = ok(dir, &strs(&incident_args("x", "P3", "断网")));
    let id = created_id(&out);
    let path = find_record(dir, &id);
    // A hand-written comment and odd spacing.
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        "symptom = \"断网\"\n",
        "symptom   =   \"断网\"    # 三楼反映\n# 值班记录见群聊\n",
    );
    std::fs::write(&path, &text).unwrap();
    let said = ok(
        dir,
        &[
            "advance",
            &id,
            "--at",
            "2026-03-01 09:30",
            "--set",
            "report.by=manager",
        ],
    );
    assert_eq!(said, format!("{id}: Report → Diagnosis\n"));
    let after = std::fs::read_to_string(&path).unwrap();
    let expected = text
        .replace("stage = \"report\"", "stage = \"diagnosis\"")
        .replace("by = \"ops\"", "by = \"manager\"")
        + "\n[diagnosis]\nat = 2026-03-01T09:30:00+08:00\n";
    assert_eq!(after, expected);
    // set keeps the rest byte for byte too.
    ok(
        dir,
        &["set", &id, "diagnosis.cause=光模块损坏", "severity=P2"],
    );
    let set = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        set,
        expected.replace("severity = \"P3\"", "severity = \"P2\"") + "cause = \"光模块损坏\"\n"
    );
}

#[test]
fn yaml_edits_keep_comments_and_indentation() {
    let repo = new_repo("en", "yaml");
    let dir = repo.path();
    let out = ok(
        dir,
        &[
            "--lang",
            "en",
            "new",
            "data",
            "--title",
            "客户数据",
            "--at",
            "2026-02-01",
            "--set",
            "owner=ops",
            "--set",
            "dataset=客户",
            "--set",
            "standard=标准",
        ],
    );
    let id = created_id(&out);
    let path = find_record(dir, &id);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("  standard: 标准\n", "    standard:   标准   # v2\n")
        .replace("  at: 2026-02-01\n", "    at: 2026-02-01\n");
    std::fs::write(&path, &text).unwrap();
    ok(dir, &["set", &id, "planning.by=manager"]);
    ok(
        dir,
        &["advance", &id, "--at", "2026-02-10", "--set", "sources=ERP"],
    );
    let after = std::fs::read_to_string(&path).unwrap();
    // `by` goes where `fmt` puts it: after `at`.
    let expected = text
        .replace("stage: planning", "stage: collection")
        .replace(
            "    at: 2026-02-01\n",
            "    at: 2026-02-01\n    by: manager\n",
        )
        + "\ncollection:\n  at: 2026-02-10\n  sources: [ERP]\n";
    assert_eq!(after, expected);
    check_clean(dir, "yaml edits");
}

#[test]
fn a_refused_advance_writes_nothing_and_says_what_is_missing() {
    let repo = new_repo("en", "toml");
    let dir = repo.path();
    let out = ok(dir, &strs(&incident_args("x", "P1", "s")));
    let id = created_id(&out);
    let path = find_record(dir, &id);
    ok(dir, &["advance", &id, "--at", "2026-03-01 09:30"]);
    let before = std::fs::read(&path).unwrap();
    // Diagnosis is complete once handling is entered: cause, solution and (P1) consultation.
    let out = itc(
        dir,
        &[
            "--lang",
            "en",
            "advance",
            &id,
            "--at",
            "2026-03-01 10:00",
            "--set",
            "cause=c",
        ],
    );
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "missing Solution (diagnosis.solution, text): --set diagnosis.solution=<text>"
        ),
        "{err}"
    );
    assert!(err.contains("missing Consultation (diagnosis.consultation, list of person) (required when severity = P1 | complex = true)"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "byte-identical");
    // The same in Chinese.
    let out = itc(
        dir,
        &["--lang", "zh", "advance", &id, "--at", "2026-03-01 10:00"],
    );
    assert!(
        stderr(&out)
            .contains("缺少 解决方案(diagnosis.solution,文本):--set diagnosis.solution=<文本>"),
        "{}",
        stderr(&out)
    );
    // A dry run shows the result and writes nothing.
    let out = itc(
        dir,
        &[
            "--lang",
            "en",
            "advance",
            &id,
            "--dry-run",
            "--at",
            "2026-03-01 10:00",
            "--set",
            "cause=c",
            "--set",
            "solution=s",
            "--set",
            "consultation=manager",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("[handling]"));
    assert!(
        stderr(&out).contains("Diagnosis → Handling"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Going back or skipping a required stage is refused.
    assert_eq!(code(&itc(dir, &["advance", &id, "--to", "report"])), 1);
    assert_eq!(code(&itc(dir, &["advance", &id, "--to", "archived"])), 1);
    assert_eq!(std::fs::read(&path).unwrap(), before);
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
fn set_refuses_a_change_that_adds_errors_unless_forced() {
    let repo = new_repo("en", "yaml");
    let dir = repo.path();
    let out = ok(
        dir,
        &[
            "--lang",
            "en",
            "new",
            "backup",
            "--title",
            "x",
            "--at",
            "2026-04-02",
            "--set",
            "owner=ops",
            "--set",
            "system=erp",
            "--set",
            "period=2026-03",
            "--set",
            "jobs=31",
            "--set",
            "succeeded=31",
            "--set",
            "restore_tests=1",
            "--set",
            "restores_succeeded=1",
        ],
    );
    let id = created_id(&out);
    let path = find_record(dir, &id);
    let before = std::fs::read(&path).unwrap();
    let out = itc(dir, &["--lang", "en", "set", &id, "succeeded=40"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("succeeded = 40 exceeds `jobs` (31)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    ok(dir, &["set", &id, "succeeded=40", "--force"]);
    assert_eq!(code(&itc(dir, &["check"])), 1);
}

#[test]
fn ids_and_paths_cannot_leave_the_repository() {
    let outer = tempfile::tempdir().unwrap();
    let dir = &outer.path().join("repo");
    std::fs::create_dir(dir).unwrap();
    ok(dir, &["init"]);
    for id in [
        "../itc",
        "/etc/passwd",
        "INC-2026-0001/../../x",
        "INC-../../x",
    ] {
        let out = itc(dir, &["set", id, "title=x"]);
        assert_eq!(code(&out), 2, "{id}");
        let out = itc(dir, &["advance", id]);
        assert_eq!(code(&out), 2, "{id}");
    }
    for set in ["../title=x", "/title=x", "title/../x=y"] {
        let out = itc(dir, &["new", "incident", "--set", set]);
        assert_eq!(code(&out), 2, "{set}");
    }
    // Nothing was written beside the repository.
    let beside: Vec<_> = std::fs::read_dir(outer.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["repo"]);
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
fn completions_for_the_shells() {
    for (shell, marker) in [
        ("bash", "_itc()"),
        ("zsh", "#compdef itc"),
        ("fish", "complete -c itc"),
    ] {
        let out = itc(&root(), &["completions", shell]);
        assert_eq!(code(&out), 0);
        assert!(stdout(&out).contains(marker), "{shell}");
        assert!(stdout(&out).contains("advance"), "{shell}");
    }
}

/// Every field of every demo record, replaced in place: the file still parses and only that
/// field's meaning changes.
#[test]
fn replacing_any_field_of_any_demo_record_changes_only_that_field() {
    use itc::record::Format;
    use itc::record::edit::Doc;
    use itc::record::value::{Node, Table, Value};
    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if Format::from_path(&p).is_some() && p.file_name().unwrap() != "itc.toml" {
                out.push(p);
            }
        }
    }
    let tz = itc::config::CHINA_STANDARD_TIME;
    let parse = |text: &str, format| {
        let mut d = Vec::new();
        itc::record::parse(text, format, "", itc::diag::Check::Syntax, &mut d)
            .unwrap_or_else(|| panic!("{d:?}\n{text}"))
    };
    let meaning = |t: &Table| {
        itc::record::format::meaning(&itc::record::literal::node(Value::Table(t.clone())), tz)
    };
    let replacement = |v: &Value| match v {
        Value::Str(_) => Value::Str("改: 过的 # 值".into()),
        Value::Int(i) => Value::Int(i + 1),
        Value::Float(f) => Value::Float(f + 0.5),
        Value::Bool(b) => Value::Bool(!b),
        Value::Datetime(_) => Value::Datetime("2027-01-02T03:04:05+08:00".into()),
        Value::Array(_) => Value::Array(vec![itc::record::literal::node(Value::Str(
            "甲, 乙".into(),
        ))]),
        other => other.clone(),
    };
    let mut all = Vec::new();
    files(&demo(), &mut all);
    let mut edits = 0;
    for path in all {
        let format = Format::from_path(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let original = parse(&text, format);
        let mut targets: Vec<(Option<String>, String, Value)> = Vec::new();
        for e in &original.entries {
            match &e.node.value {
                Value::Table(t) if e.key != "responses" => {
                    targets.extend(
                        t.entries
                            .iter()
                            .map(|c| (Some(e.key.clone()), c.key.clone(), c.node.value.clone())),
                    );
                }
                v => targets.push((None, e.key.clone(), v.clone())),
            }
        }
        for (section, key, value) in targets {
            let new = replacement(&value);
            let mut doc = Doc::parse(text.clone(), format).unwrap();
            doc.set(section.as_deref(), &key, &new).unwrap();
            let mut expected = original.clone();
            let slot: &mut Node = match &section {
                Some(s) => match &mut expected
                    .entries
                    .iter_mut()
                    .find(|e| &e.key == s)
                    .unwrap()
                    .node
                    .value
                {
                    Value::Table(t) => {
                        &mut t.entries.iter_mut().find(|e| e.key == key).unwrap().node
                    }
                    _ => unreachable!(),
                },
                None => {
                    &mut expected
                        .entries
                        .iter_mut()
                        .find(|e| e.key == key)
                        .unwrap()
                        .node
                }
            };
            slot.value = new;
            assert_eq!(
                meaning(&parse(&doc.text, format)),
                meaning(&expected),
                "{path:?} {section:?}.{key}\n{}",
                doc.text
            );
            edits += 1;
        }
        // A new entry at the top and in every section lands in its place.
        let sections: Vec<Option<String>> = std::iter::once(None)
            .chain(
                original
                    .entries
                    .iter()
                    .filter(|e| matches!(e.node.value, Value::Table(_)) && e.key != "responses")
                    .map(|e| Some(e.key.clone())),
            )
            .collect();
        for section in sections {
            let mut doc = Doc::parse(text.clone(), format).unwrap();
            let new = Value::Str("新增".into());
            doc.set(section.as_deref(), "added", &new).unwrap();
            let mut expected = original.clone();
            let table: &mut Table = match &section {
                Some(s) => match &mut expected
                    .entries
                    .iter_mut()
                    .find(|e| &e.key == s)
                    .unwrap()
                    .node
                    .value
                {
                    Value::Table(t) => t,
                    _ => unreachable!(),
                },
                None => &mut expected,
            };
            table.entries.push(itc::record::value::Entry {
                key: "added".into(),
                key_span: Default::default(),
                node: itc::record::literal::node(new),
            });
            assert_eq!(
                meaning(&parse(&doc.text, format)),
                meaning(&expected),
                "{path:?} {section:?}\n{}",
                doc.text
            );
            edits += 1;
        }
    }
    assert!(edits > 900, "{edits}");
}

#[test]
fn advance_to_may_skip_optional_stages_only() {
    let repo = new_repo("en", "toml");
    let dir = repo.path();
    std::fs::write(
        dir.join("rules.toml"),
        r#"[[kind]]
key = "audit"
folder = "audits"
prefix = "AUD"
zh = "审计"
en = "Audit"

[[kind.stage]]
key = "opened"
zh = "开启"
en = "Opened"
start = true

[[kind.stage]]
key = "review"
zh = "复核"
en = "Review"
optional = true

[[kind.stage]]
key = "fieldwork"
zh = "现场"
en = "Fieldwork"

[[kind.stage]]
key = "closed"
zh = "关闭"
en = "Closed"
fields = [{ name = "conclusion", type = "text", required = true, zh = "结论", en = "Conclusion" }]
"#,
    )
    .unwrap();
    let id = created_id(&ok(
        dir,
        &[
            "--lang",
            "en",
            "new",
            "audit",
            "--title",
            "年度审计",
            "--at",
            "2026-01-05",
            "--set",
            "owner=ops",
        ],
    ));
    // Past the optional review, straight to fieldwork; not past fieldwork to closed.
    assert_eq!(
        code(&itc(
            dir,
            &[
                "advance",
                &id,
                "--to",
                "closed",
                "--at",
                "2026-01-06",
                "--set",
                "conclusion=x"
            ]
        )),
        1
    );
    let said = ok(
        dir,
        &[
            "--lang",
            "en",
            "advance",
            &id,
            "--to",
            "fieldwork",
            "--at",
            "2026-01-06",
        ],
    );
    assert_eq!(said, format!("{id}: Opened → Fieldwork\n"));
    ok(
        dir,
        &[
            "advance",
            &id,
            "--at",
            "2026-01-20",
            "--set",
            "conclusion=无重大问题",
        ],
    );
    check_clean(dir, "audit walk");
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
fn fmt_leaves_alone_what_it_cannot_format_and_says_why() {
    let repo = new_repo("en", "toml");
    let dir = repo.path();
    let broken = dir.join("incidents/INC-2026-0001.toml");
    std::fs::write(&broken, "id = \"unterminated\n").unwrap();
    let commented = dir.join("drills/DRL-2026-001.toml");
    let text = "id = \"DRL-2026-001\"\nsystems = [\n  \"erp\", # 主系统\n]\n";
    std::fs::write(&commented, text).unwrap();
    let out = itc(dir, &["--lang", "en", "fmt"]);
    assert_eq!(code(&out), 0);
    let err = stderr(&out);
    assert!(
        err.contains("skipped incidents/INC-2026-0001.toml: it does not parse"),
        "{err}"
    );
    assert!(
        err.contains(
            "skipped drills/DRL-2026-001.toml: the comment on line 3 is inside a multi-line value"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&commented).unwrap(), text);
}
