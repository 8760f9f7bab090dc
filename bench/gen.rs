//! Generates a records repository of N valid synthetic records for benchmarks: all nine kinds,
//! two thirds TOML and one third YAML, at every stage, of the size real records have. The
//! repository uses the systems and roster of `examples/demo`.
//!
//! cargo run --release --example bench_gen -- N DIR

use std::fmt::Write;
use std::path::Path;

const CONFIG: &str = include_str!("../examples/demo/itc.toml");
const SYSTEMS: &[&str] = &["erp", "oa", "finance", "mail", "dw", "portal", "hr"];
const PEOPLE: &[&str] = &[
    "li.wei",
    "zhang.san",
    "wang.wu",
    "zhao.liu",
    "sun.li",
    "zhou.jie",
    "wu.fang",
    "zheng.hao",
];

/// A value of a generated record, written out as TOML or YAML.
enum V {
    S(String),
    I(i64),
    /// A date or date-time, bare in TOML and in YAML.
    D(String),
    L(Vec<V>),
    T(Vec<(&'static str, V)>),
}

fn s(x: impl Into<String>) -> V {
    V::S(x.into())
}

fn quoted(x: &str) -> String {
    format!("\"{}\"", x.replace('\\', "\\\\").replace('"', "\\\""))
}

fn toml_inline(v: &V) -> String {
    match v {
        V::S(x) => quoted(x),
        V::I(i) => i.to_string(),
        V::D(d) => d.clone(),
        V::L(items) => format!(
            "[{}]",
            items.iter().map(toml_inline).collect::<Vec<_>>().join(", ")
        ),
        V::T(kv) => format!(
            "{{ {} }}",
            kv.iter()
                .map(|(k, v)| format!("{k} = {}", toml_inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn to_toml(top: &[(&str, V)], stages: &[(&str, Vec<(&str, V)>)]) -> String {
    let mut out = String::new();
    for (k, v) in top {
        let _ = writeln!(out, "{k} = {}", toml_inline(v));
    }
    for (stage, fields) in stages {
        let _ = writeln!(out, "\n[{stage}]");
        for (k, v) in fields {
            match v {
                V::L(items) if items.iter().any(|i| matches!(i, V::T(_))) => {
                    let _ = writeln!(out, "{k} = [");
                    for item in items {
                        let _ = writeln!(out, "  {},", toml_inline(item));
                    }
                    out.push_str("]\n");
                }
                _ => {
                    let _ = writeln!(out, "{k} = {}", toml_inline(v));
                }
            }
        }
    }
    out
}

fn yaml_scalar(v: &V) -> String {
    match v {
        V::S(x) => quoted(x),
        V::I(i) => i.to_string(),
        V::D(d) => d.clone(),
        V::L(items) => format!(
            "[{}]",
            items.iter().map(yaml_scalar).collect::<Vec<_>>().join(", ")
        ),
        V::T(kv) => format!(
            "{{{}}}",
            kv.iter()
                .map(|(k, v)| format!("{k}: {}", yaml_scalar(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn yaml_field(out: &mut String, indent: &str, k: &str, v: &V) {
    match v {
        V::L(items) if items.iter().any(|i| matches!(i, V::T(_))) => {
            let _ = writeln!(out, "{indent}{k}:");
            for item in items {
                if let V::T(kv) = item {
                    for (i, (ik, iv)) in kv.iter().enumerate() {
                        let lead = if i == 0 { "- " } else { "  " };
                        let _ = writeln!(out, "{indent}  {lead}{ik}: {}", yaml_scalar(iv));
                    }
                }
            }
        }
        V::T(kv) => {
            let _ = writeln!(out, "{indent}{k}:");
            for (ik, iv) in kv {
                let _ = writeln!(out, "{indent}  \"{ik}\": {}", yaml_scalar(iv));
            }
        }
        _ => {
            let _ = writeln!(out, "{indent}{k}: {}", yaml_scalar(v));
        }
    }
}

fn to_yaml(top: &[(&str, V)], stages: &[(&str, Vec<(&str, V)>)]) -> String {
    let mut out = String::new();
    for (k, v) in top {
        yaml_field(&mut out, "", k, v);
    }
    for (stage, fields) in stages {
        let _ = writeln!(out, "{stage}:");
        for (k, v) in fields {
            yaml_field(&mut out, "  ", k, v);
        }
    }
    out
}

/// A small deterministic generator, so that runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

type Sections = Vec<(&'static str, Vec<(&'static str, V)>)>;

fn day(r: &mut Rng) -> (u32, u32) {
    (1 + r.below(12) as u32, 1 + r.below(28) as u32)
}

fn incident(r: &mut Rng, id: &str) -> (Vec<(&'static str, V)>, Sections) {
    let (m, d) = day(r);
    let ts = |h: u32, min: u32| V::D(format!("2026-{m:02}-{d:02}T{h:02}:{min:02}:00+08:00"));
    let depth = 1 + r.below(5) as usize;
    let severity = r.pick(&["P2", "P3", "P4"]);
    let mut top = vec![
        ("id", s(id)),
        ("title", s("ERP 报表查询缓慢,部分用户超时")),
        ("stage", s("")),
        ("owner", s(r.pick(PEOPLE))),
        ("system", s(r.pick(SYSTEMS))),
        ("severity", s(severity)),
        (
            "category",
            s(r.pick(&["hardware", "software", "network", "data"])),
        ),
        ("outage_start", ts(9, 5)),
    ];
    let all: Sections = vec![
        (
            "report",
            vec![
                ("at", ts(9, 12)),
                ("by", s(r.pick(PEOPLE))),
                (
                    "symptom",
                    s("用户反映报表查询超过 30 秒无响应,部分请求报 504"),
                ),
                ("occurred_at", ts(9, 5)),
            ],
        ),
        (
            "diagnosis",
            vec![
                ("at", ts(9, 50)),
                ("cause", s("统计任务占满数据库 IO,查询排队")),
                ("solution", s("暂停统计任务,调整执行窗口至夜间")),
            ],
        ),
        (
            "handling",
            vec![
                ("at", ts(10, 10)),
                ("actions", s("暂停统计任务;清理会话;调整调度计划")),
                ("restored_at", ts(10, 40)),
            ],
        ),
        (
            "archived",
            vec![
                ("at", ts(16, 0)),
                ("fault_report", s("docs/postmortems/report.md")),
                ("lessons", s("批处理任务须错峰执行")),
            ],
        ),
    ];
    let sections: Sections = all.into_iter().take(depth.min(4)).collect();
    let stage = sections.last().map_or("report", |s| s.0);
    top[2] = ("stage", s(stage));
    if depth >= 3 {
        top.push(("outage_end", ts(10, 40)));
    }
    (top, sections)
}

fn project(r: &mut Rng, id: &str) -> (Vec<(&'static str, V)>, Sections) {
    let depth = 1 + r.below(5) as usize;
    let top = vec![
        ("id", s(id)),
        ("title", s("费控系统升级改造")),
        ("stage", s("")),
        ("owner", s("wu.fang")),
        ("department", s("财务部")),
        ("budget", V::I(800_000 + r.below(400_000) as i64)),
        ("planned_end", V::D("2026-10-31".into())),
    ];
    let all: Sections = vec![
        (
            "initiation",
            vec![
                ("at", V::D("2026-01-10".into())),
                ("requirement", s("报销流程线上化,与 ERP 总账集成")),
                ("feasibility", s("技术成熟,预算可控")),
                ("proposal", s("docs/proposals/feikong.docx")),
                ("approved_by", s("总经理办公会")),
                ("approved_on", V::D("2026-01-20".into())),
            ],
        ),
        (
            "selection",
            vec![
                ("at", V::D("2026-02-10".into())),
                (
                    "candidates",
                    V::L(vec![s("甲科技"), s("乙软件"), s("丙信息")]),
                ),
                ("vendor", s("乙软件")),
                ("rationale", s("综合评分最高")),
            ],
        ),
        (
            "implementation",
            vec![
                ("at", V::D("2026-03-01".into())),
                ("contract", s("HT-2026-018")),
                ("signed_on", V::D("2026-03-01".into())),
                ("team", V::L(vec![s("wu.fang"), s("li.wei")])),
            ],
        ),
        (
            "monitoring",
            vec![
                ("at", V::D("2026-04-01".into())),
                (
                    "checkpoints",
                    V::L(vec![
                        V::T(vec![
                            ("date", V::D("2026-05-31".into())),
                            ("progress", V::I(40)),
                            ("spent", V::I(300_000)),
                        ]),
                        V::T(vec![
                            ("date", V::D("2026-07-31".into())),
                            ("progress", V::I(80)),
                            ("spent", V::I(600_000)),
                        ]),
                    ]),
                ),
            ],
        ),
        (
            "acceptance",
            vec![
                ("at", V::D("2026-10-20".into())),
                ("accepted_on", V::D("2026-10-20".into())),
                ("accepted_by", V::L(vec![s("财务部"), s("审计部")])),
                ("report", s("docs/acceptance/feikong.pdf")),
                ("actual_cost", V::I(900_000)),
                ("failed_acceptances", V::L(vec![])),
            ],
        ),
    ];
    let sections: Sections = all.into_iter().take(depth).collect();
    finish(top, sections)
}

fn finish(
    mut top: Vec<(&'static str, V)>,
    sections: Sections,
) -> (Vec<(&'static str, V)>, Sections) {
    let stage = sections.last().map_or("", |s| s.0);
    if let Some(slot) = top.iter_mut().find(|(k, _)| *k == "stage") {
        slot.1 = s(stage);
    }
    (top, sections)
}

fn other(r: &mut Rng, kind: &str, id: &str) -> (Vec<(&'static str, V)>, Sections) {
    let owner = r.pick(PEOPLE);
    match kind {
        "drill" => {
            let depth = 1 + r.below(5) as usize;
            let top = vec![
                ("id", s(id)),
                ("title", s("ERP 数据库切换演练")),
                ("stage", s("")),
                ("owner", s(owner)),
                ("scenario", s("主库宕机,切换至备库")),
                ("type", s("simulation")),
                ("systems", V::L(vec![s("erp")])),
                ("contingency_plan", s("ERP 数据库应急预案 v3")),
                ("scheduled_on", V::D("2026-06-20".into())),
            ];
            let all: Sections = vec![
                (
                    "planned",
                    vec![
                        ("at", V::D("2026-05-10".into())),
                        ("objectives", V::L(vec![s("验证切换流程"), s("验证 RTO")])),
                    ],
                ),
                (
                    "prepared",
                    vec![
                        ("at", V::D("2026-06-10".into())),
                        ("participants", V::L(vec![s("li.wei"), s("zhao.liu")])),
                    ],
                ),
                (
                    "executed",
                    vec![
                        ("at", V::D("2026-06-20T09:00:00+08:00".into())),
                        ("started_at", V::D("2026-06-20T09:00:00+08:00".into())),
                        ("result", s("passed")),
                        ("recovered_at", V::D("2026-06-20T10:30:00+08:00".into())),
                        ("data_loss", s("5m")),
                    ],
                ),
                (
                    "reviewed",
                    vec![
                        ("at", V::D("2026-06-25".into())),
                        ("report", s("docs/drills/erp-switch.md")),
                        (
                            "actions",
                            V::L(vec![V::T(vec![
                                ("action", s("更新切换脚本")),
                                ("owner", s("zhao.liu")),
                                ("due", V::D("2026-07-15".into())),
                                ("done_on", V::D("2026-07-10".into())),
                            ])]),
                        ),
                    ],
                ),
                ("closed", vec![("at", V::D("2026-07-16".into()))]),
            ];
            finish(top, all.into_iter().take(depth).collect())
        }
        "appraisal" => {
            let depth = 1 + r.below(5) as usize;
            let top = vec![
                ("id", s(id)),
                ("title", s("2026 年上半年绩效考核")),
                ("stage", s("")),
                ("owner", s("chen.ming")),
                ("employee", s(owner)),
                ("cycle", s("2026-H1")),
                ("appraiser", s("chen.ming")),
                ("due_on", V::D("2026-07-31".into())),
            ];
            let all: Sections = vec![
                (
                    "planning",
                    vec![
                        ("at", V::D("2026-01-05".into())),
                        (
                            "goals",
                            V::L(vec![
                                V::T(vec![
                                    ("goal", s("系统可用性达标")),
                                    ("weight", V::I(60)),
                                    ("target", s("≥ 99.9%")),
                                ]),
                                V::T(vec![("goal", s("完成两次应急演练")), ("weight", V::I(40))]),
                            ]),
                        ),
                    ],
                ),
                (
                    "self_review",
                    vec![
                        ("at", V::D("2026-07-01".into())),
                        ("self_assessment", s("全部目标完成")),
                    ],
                ),
                (
                    "review",
                    vec![
                        ("at", V::D("2026-07-10".into())),
                        (
                            "scores",
                            V::L(vec![
                                V::T(vec![("goal", s("系统可用性达标")), ("score", V::I(90))]),
                                V::T(vec![("goal", s("完成两次应急演练")), ("score", V::I(80))]),
                            ]),
                        ),
                    ],
                ),
                (
                    "result",
                    vec![
                        ("at", V::D("2026-07-20".into())),
                        ("score", V::I(86)),
                        ("rating", s("good")),
                        ("outcome", V::L(vec![s("training")])),
                    ],
                ),
                (
                    "archived",
                    vec![
                        ("at", V::D("2026-07-28".into())),
                        ("feedback", s("面谈完成,明确下半年改进方向")),
                    ],
                ),
            ];
            finish(top, all.into_iter().take(depth).collect())
        }
        "plan" => {
            let depth = 1 + r.below(5) as usize;
            let top = vec![
                ("id", s(id)),
                ("title", s("2026 年度信息化工作计划")),
                ("stage", s("")),
                ("owner", s("chen.ming")),
                ("year", V::I(2026)),
            ];
            let all: Sections = vec![
                (
                    "research",
                    vec![
                        ("at", V::D("2025-11-01".into())),
                        (
                            "needs",
                            V::L(vec![
                                V::T(vec![("department", s("财务部")), ("need", s("费控线上化"))]),
                                V::T(vec![
                                    ("department", s("人力资源部")),
                                    ("need", s("电子签章")),
                                ]),
                            ]),
                        ),
                    ],
                ),
                (
                    "trends",
                    vec![
                        ("at", V::D("2025-11-20".into())),
                        ("trends", V::L(vec![s("信创替代"), s("数据治理")])),
                    ],
                ),
                (
                    "drafting",
                    vec![
                        ("at", V::D("2025-12-01".into())),
                        (
                            "items",
                            V::L(vec![
                                V::T(vec![
                                    ("item", s("费控系统上线")),
                                    ("owner", s("wu.fang")),
                                    ("due", V::D("2026-10-31".into())),
                                    ("status", s("doing")),
                                ]),
                                V::T(vec![
                                    ("item", s("完成等保测评")),
                                    ("owner", s("zhou.jie")),
                                    ("due", V::D("2026-09-30".into())),
                                    ("status", s("done")),
                                    ("done_on", V::D("2026-09-12".into())),
                                ]),
                            ]),
                        ),
                        ("approved_by", s("总经理办公会")),
                        ("approved_on", V::D("2025-12-20".into())),
                    ],
                ),
                ("execution", vec![("at", V::D("2026-01-01".into()))]),
                (
                    "review",
                    vec![
                        ("at", V::D("2026-12-20".into())),
                        ("evaluation", s("计划总体完成")),
                    ],
                ),
            ];
            finish(top, all.into_iter().take(depth).collect())
        }
        "data" => {
            let depth = 1 + r.below(6) as usize;
            let top = vec![
                ("id", s(id)),
                ("title", s("客户主数据治理")),
                ("stage", s("")),
                ("owner", s("sun.li")),
                ("dataset", s("客户主数据")),
            ];
            let all: Sections = vec![
                (
                    "planning",
                    vec![
                        ("at", V::D("2026-03-01".into())),
                        ("standard", s("客户主数据标准 v2")),
                    ],
                ),
                (
                    "collection",
                    vec![
                        ("at", V::D("2026-03-10".into())),
                        ("sources", V::L(vec![s("ERP"), s("CRM")])),
                    ],
                ),
                (
                    "cleansing",
                    vec![
                        ("at", V::D("2026-03-20".into())),
                        ("records_in", V::I(120_000)),
                        ("records_rejected", V::I(800)),
                        ("duplicates_removed", V::I(1500)),
                    ],
                ),
                (
                    "storage",
                    vec![
                        ("at", V::D("2026-03-25".into())),
                        ("store", s("数据仓库 ods.customer")),
                    ],
                ),
                (
                    "analysis",
                    vec![
                        ("at", V::D("2026-04-10".into())),
                        ("report", s("docs/data/customer.md")),
                    ],
                ),
                (
                    "application",
                    vec![
                        ("at", V::D("2026-04-30".into())),
                        ("applied_to", V::L(vec![s("营销分析")])),
                    ],
                ),
            ];
            finish(top, all.into_iter().take(depth).collect())
        }
        "security" => {
            let depth = 1 + r.below(4) as usize;
            let top = vec![
                ("id", s(id)),
                ("title", s("2026 年第二季度安全管理")),
                ("stage", s("")),
                ("owner", s("zhou.jie")),
                ("period", s("2026-Q2")),
                ("scope", s("全部在运系统")),
            ];
            let all: Sections = vec![
                (
                    "policy",
                    vec![
                        ("at", V::D("2026-04-01".into())),
                        ("policies", V::L(vec![s("口令管理规定"), s("终端安全规定")])),
                    ],
                ),
                (
                    "training",
                    vec![
                        ("at", V::D("2026-04-15".into())),
                        (
                            "sessions",
                            V::L(vec![V::T(vec![
                                ("date", V::D("2026-04-15".into())),
                                ("topic", s("钓鱼邮件识别")),
                                ("attendees", V::I(120)),
                            ])]),
                        ),
                    ],
                ),
                (
                    "inspection",
                    vec![
                        ("at", V::D("2026-05-10".into())),
                        ("inspected_on", V::D("2026-05-10".into())),
                        (
                            "findings",
                            V::L(vec![V::T(vec![
                                ("finding", s("弱口令账户")),
                                ("level", s("high")),
                                ("due", V::D("2026-05-31".into())),
                                ("fixed_on", V::D("2026-05-20".into())),
                            ])]),
                        ),
                    ],
                ),
                (
                    "assessment",
                    vec![
                        ("at", V::D("2026-06-01".into())),
                        (
                            "risks",
                            V::L(vec![V::T(vec![
                                ("risk", s("勒索软件")),
                                ("level", s("high")),
                                ("response", s("离线备份")),
                            ])]),
                        ),
                    ],
                ),
            ];
            finish(top, all.into_iter().take(depth).collect())
        }
        "survey" => {
            let top = vec![
                ("id", s(id)),
                ("title", s("业务部门 IT 服务满意度调查")),
                ("stage", s("conducted")),
                ("owner", s("chen.ming")),
                ("audience", s("business")),
                ("department", s("财务部")),
                ("scale", V::I(5)),
                (
                    "responses",
                    V::T(vec![("5", V::I(12)), ("4", V::I(20)), ("3", V::I(5))]),
                ),
            ];
            (
                top,
                vec![("conducted", vec![("at", V::D("2026-06-30".into()))])],
            )
        }
        _ => {
            let jobs = 30 + r.below(10) as i64;
            let top = vec![
                ("id", s(id)),
                ("title", s("月度备份核查")),
                ("stage", s("verified")),
                ("owner", s("zhao.liu")),
                ("system", s(r.pick(SYSTEMS))),
                ("period", s("2026-05")),
                ("jobs", V::I(jobs)),
                ("succeeded", V::I(jobs - r.below(2) as i64)),
                ("restore_tests", V::I(2)),
                ("restores_succeeded", V::I(2)),
            ];
            (
                top,
                vec![(
                    "verified",
                    vec![("at", V::D("2026-06-02".into())), ("by", s("zhao.liu"))],
                )],
            )
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: bench_gen N DIR");
        std::process::exit(2);
    };
    let root = Path::new(dir);
    let kinds = [
        ("incident", "incidents", "INC"),
        ("project", "projects", "PRJ"),
        ("drill", "drills", "DRL"),
        ("appraisal", "appraisals", "APR"),
        ("plan", "plans", "PLN"),
        ("data", "data", "DAT"),
        ("security", "security", "SEC"),
        ("survey", "surveys", "SUR"),
        ("backup", "backups", "BAK"),
    ];
    let write = |path: &Path, text: &str| {
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            eprintln!("{}: {e}", parent.display());
            std::process::exit(2);
        }
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
    };
    write(&root.join("itc.toml"), CONFIG);
    let mut rng = Rng(42);
    for i in 0..n {
        // Incidents are the most common record; the other kinds share the rest.
        let (kind, folder, prefix) = if i % 3 == 0 {
            kinds[0]
        } else {
            kinds[1 + i % 8]
        };
        let id = format!("{prefix}-2026-{i:06}");
        let (top, sections) = match kind {
            "incident" => incident(&mut rng, &id),
            "project" => project(&mut rng, &id),
            k => other(&mut rng, k, &id),
        };
        let yaml = (i / 3) % 3 == 1;
        let text = if yaml {
            to_yaml(&top, &sections)
        } else {
            to_toml(&top, &sections)
        };
        let ext = if yaml { "yaml" } else { "toml" };
        let path = root
            .join(folder)
            .join(format!("{:03}", i / 1000))
            .join(format!("{id}.{ext}"));
        write(&path, &text);
    }
    eprintln!("wrote {n} records to {}", root.display());
}
