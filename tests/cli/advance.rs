//! `itc advance`: every kind through every stage in both formats; a minimal diff (the stage line
//! and one new section, comments and indentation kept); refusals that write nothing and say what
//! is missing, and who must act; optional stages skipped with `--to`; stages named by key or
//! label.

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
                "outage_start=2026-03-01 09:00",
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
                        "restored_at=2026-03-01 11:00",
                        "outage_end=2026-03-01 11:00",
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
                "--set",
                "planned_end=2026-06-30",
            ],
            vec![
                ("2026-01-20", vec![]),
                (
                    "2026-02-01",
                    vec!["candidates=甲公司,乙公司", "vendor=甲公司"],
                ),
                (
                    "2026-03-01",
                    vec!["contract=HT-1", "signed_on=2026-02-01", "team=ops"],
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
                        "failed_acceptances=[]",
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
                // What execution is judged by is given on entering it.
                (
                    "2026-05-10",
                    vec![
                        "participants=ops,manager",
                        "started_at=2026-05-10 09:00",
                        "result=passed",
                        "recovered_at=2026-05-10 10:00",
                        "data_loss=5m",
                    ],
                ),
                ("2026-05-12", vec![]),
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
                (
                    "2026-07-05",
                    vec![
                        "self_assessment=完成",
                        "scores[0].goal=可用性",
                        "scores[0].score=90",
                        "scores[1].goal=修复",
                        "scores[1].score=80",
                    ],
                ),
                ("2026-07-10", vec!["score=86"]),
                (
                    "2026-07-20",
                    vec!["rating=good", "outcome=training", "feedback=面谈完成"],
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
                (
                    "2025-11-01",
                    vec![
                        "trends=信创,数据治理",
                        "items[0].item=费控上线",
                        "items[0].owner=ops",
                        "items[0].due=2026-09-30",
                        "items[0].status=todo",
                    ],
                ),
                (
                    "2026-01-01",
                    vec!["approved_by=总经理", "approved_on=2025-12-01"],
                ),
                ("2026-11-20", vec!["evaluation=完成"]),
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
                (
                    "2026-02-20",
                    vec![
                        "sources=ERP,CRM",
                        "records_in=100",
                        "records_rejected=1",
                        "duplicates_removed=2",
                    ],
                ),
                ("2026-03-01", vec![]),
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
                        "inspected_on=2026-02-01",
                        "findings=[]",
                    ],
                ),
                ("2026-03-01", vec![]),
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
