//! Item deadlines and breaches, on copies of the demo at 2026-12-31 (its end: 2027-01-01 00:00):
//! a drill's corrective action past its due date shows in `list --overdue`, `show` and the
//! report under its own owner; `list --breached` keeps an incident restored late once it is
//! closed, says how late to the minute, selects by the deadline's period and follows `--as-of`.

use std::path::Path;

use serde_json::Value;

use crate::escapes::{copy, record, run};
use crate::support::{code, replace_in, stderr, stdout};

/// The second corrective action of DRL-2026-003 (owner zhou.jie, the drill's own owner being
/// zheng.hao), made due on 2026-11-06 and not done.
const ACTION: &str = "#2 补充灾备邮件网关许可";

fn with_overdue_action(dir: &Path) {
    replace_in(
        &record(dir, "DRL-2026-003"),
        "owner = \"zhou.jie\", due = 2026-12-31 }",
        "owner = \"zhou.jie\", due = 2026-11-06 }",
    );
}

/// A P3 incident on the finance system (24x7, `sla.resolve.P3` = 24h): occurred on Saturday
/// 2026-10-31 12:00, restored on 2026-11-01 12:47 and archived. Its deadline is
/// 2026-11-01 12:00; it was restored 47 minutes late.
fn with_late_p3(dir: &Path) {
    let text = "id = \"INC-2026-0099\"\ntitle = \"财务系统接口超时\"\nstage = \"archived\"\n\
        owner = \"zhao.liu\"\nsystem = \"finance\"\nseverity = \"P3\"\ncategory = \"software\"\n\
        outage_start = 2026-10-31T12:00:00+08:00\noutage_end = 2026-11-01T12:47:00+08:00\n\n\
        [alert]\nat = 2026-10-31T12:01:00+08:00\nsource = \"zabbix\"\nthreshold = \"rt > 5s\"\n\n\
        [report]\nat = 2026-10-31T12:05:00+08:00\nby = \"zhao.liu\"\nsymptom = \"接口超时\"\n\
        occurred_at = 2026-10-31T12:00:00+08:00\n\n\
        [diagnosis]\nat = 2026-10-31T12:30:00+08:00\ncause = \"连接池耗尽\"\nsolution = \"扩容\"\n\n\
        [handling]\nat = 2026-10-31T12:40:00+08:00\nactions = \"扩容连接池\"\n\
        restored_at = 2026-11-01T12:47:00+08:00\n\n\
        [archived]\nat = 2026-11-02\nfault_report = \"连接池纳入监控。\"\n";
    std::fs::write(dir.join("incidents/2026/INC-2026-0099.toml"), text).unwrap();
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

fn json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str::<Value>(&ok(dir, &all))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The rows of `id` in a JSON list.
fn of<'v>(rows: &'v [Value], id: &str) -> Vec<&'v Value> {
    rows.iter().filter(|r| r["id"] == id).collect()
}

#[test]
fn an_overdue_corrective_action_shows_in_list_show_and_the_report() {
    let dir = copy();
    let d = dir.path();
    // The action's due date moves from 2026-12-31 to 2026-11-06.
    with_overdue_action(d);
    let rows = json(d, &["list", "--overdue"]);
    let drill = of(&rows, "DRL-2026-003");
    assert_eq!(drill.len(), 1, "{rows:?}");
    let flags: Vec<&Value> = drill[0]["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["code"] == "action_due")
        .collect();
    assert_eq!(flags.len(), 1, "{drill:?}");
    let flag = flags[0];
    assert_eq!(flag["part"], ACTION);
    assert_eq!(flag["owner"], "zhou.jie");
    assert_eq!(flag["due"], "2026-11-06");
    // Met by the end of 2026-11-06: it had to be done before 2026-11-07 00:00.
    assert_eq!(flag["deadline"], "2026-11-07T00:00:00+08:00");
    assert_eq!(flag["kpi"], Value::Null);
    let what = format!("corrective action {ACTION} not done by 2026-11-06");
    assert_eq!(flag["what"], what.as_str());
    // People read the item in the table and in Markdown (which escapes its `#`).
    let table = ok(d, &["list", "--overdue"]);
    assert!(table.contains(&what), "{table}");
    let md = ok(d, &["list", "--overdue", "--format", "md"]);
    assert!(
        md.contains(
            "| corrective action \\#\u{2060}2 补充灾备邮件网关许可 not done by 2026-11-06 |"
        ),
        "{md}"
    );
    // `show`: among the deadlines, with its owner and how late: 2026-11-07 00:00 to
    // 2027-01-01 00:00 is 24 days of November and 31 of December, 55d.
    let shown = ok(d, &["show", "DRL-2026-003"]);
    assert!(
        shown.contains(&format!(
            "  corrective action {ACTION} 2026-11-06 (zhou.jie): overdue, 55d late\n"
        )),
        "{shown}"
    );
    // The first action (due 2026-07-31, done 2026-07-28) is met.
    assert!(
        shown.contains(
            "  corrective action #1 降低 DNS TTL 并预置灾备记录 2026-07-31 (zheng.hao): done in time\n"
        ),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("overdue: {what} (2026-11-06)")),
        "{shown}"
    );
    // The report's overdue section: the action's owner answers for it, not the drill's.
    let report = ok(d, &["report", "--period", "2026-Q4", "--format", "md"]);
    assert!(
        report.contains(
            "| DRL-2026-003 | 邮件系统机房断电演练 | 周杰 | corrective action \\#\u{2060}2 \
             补充灾备邮件网关许可 not done by 2026-11-06 | 2026-11-07 00:00 |"
        ),
        "{report}"
    );
    // Not done, it is an open breach of 55d = 55 × 86400 s = 4752000 s.
    let breaches = json(d, &["list", "--breached"]);
    let action: Vec<&Value> = of(&breaches, "DRL-2026-003")
        .into_iter()
        .filter(|b| b["key"] == "action_due")
        .collect();
    assert_eq!(action.len(), 1, "{breaches:?}");
    assert_eq!(action[0]["late_s"], 4_752_000);
    assert_eq!(action[0]["open"], true);
    assert_eq!(action[0]["done"], Value::Null);
    assert_eq!(action[0]["owner"], "zhou.jie");
}

#[test]
fn a_corrective_action_done_late_is_a_closed_breach() {
    let dir = copy();
    let d = dir.path();
    // DRL-2026-001's action is due 2026-05-31; done on 2026-06-02 it is known at 06-02 00:00,
    // one day after its deadline 2026-06-01 00:00: 86400 s late.
    replace_in(
        &record(d, "DRL-2026-001"),
        "due = 2026-05-31, done_on = 2026-05-20",
        "due = 2026-05-31, done_on = 2026-06-02",
    );
    let breaches = json(d, &["list", "--breached"]);
    let rows = of(&breaches, "DRL-2026-001");
    assert_eq!(rows.len(), 1, "{breaches:?}");
    assert_eq!(rows[0]["key"], "action_due");
    assert_eq!(rows[0]["done"], "2026-06-02T00:00:00+08:00");
    assert_eq!(rows[0]["late_s"], 86_400);
    assert_eq!(rows[0]["open"], false);
    assert_eq!(rows[0]["final"], true);
    // Done in time on the demo (2026-05-20): no breach.
    let demo = copy();
    assert!(of(&json(demo.path(), &["list", "--breached"]), "DRL-2026-001").is_empty());
}

#[test]
fn a_breached_closed_incident_stays_listed_with_how_late() {
    let dir = copy();
    let d = dir.path();
    with_late_p3(d);
    // Closed, it is in no overdue list …
    assert!(of(&json(d, &["list", "--overdue"]), "INC-2026-0099").is_empty());
    // … but among the breaches: deadline 2026-10-31 12:00 + 24h = 2026-11-01 12:00, restored
    // 12:47, 47 minutes = 2820 s late.
    let breaches = json(d, &["list", "--breached"]);
    let rows = of(&breaches, "INC-2026-0099");
    assert_eq!(rows.len(), 1, "{breaches:?}");
    let b = rows[0];
    assert_eq!(b["key"], "sla");
    assert_eq!(b["kpi"], "repair_timeliness");
    assert_eq!(b["deadline"], "2026-11-01T12:00:00+08:00");
    assert_eq!(b["done"], "2026-11-01T12:47:00+08:00");
    assert_eq!(b["late_s"], 2820);
    assert_eq!(b["open"], false);
    assert_eq!(b["final"], true);
    assert_eq!(b["what"], "P3 repair limit of 1d");
    // People read it to the minute, in either language.
    let en = ok(d, &["list", "incident", "--breached", "--format", "md"]);
    assert!(
        en.contains(
            "| INC-2026-0099 | Incident | 财务系统接口超时 | P3 repair limit of 1d | zhao.liu | \
             2026-11-01 12:00 | 2026-11-01 12:47 | 47m |"
        ),
        "{en}"
    );
    let zh = crate::support::Itc::new(d)
        .today(crate::escapes::TODAY)
        .args(["--lang", "zh", "list", "incident", "--breached"])
        .run();
    let zh = stdout(&zh);
    assert!(zh.contains("P3 修复时限 1 天"), "{zh}");
    assert!(zh.contains("47 分"), "{zh}");
    assert!(zh.contains("项逾期"), "{zh}");
    // The report's incident table lists it, though it is neither P1 nor P2.
    let report = ok(d, &["report", "--period", "2026-Q4", "--format", "md"]);
    let row = report
        .lines()
        .find(|l| l.starts_with("| INC-2026-0099 |"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(row.contains("| P3 | finance |"), "{row}");
    assert!(row.contains("| 1d | ✗ over |"), "{row}");
}

#[test]
fn the_period_of_a_breach_is_its_deadlines() {
    let dir = copy();
    let d = dir.path();
    with_late_p3(d);
    // Its stages were entered in October, its deadline (2026-11-01 12:00) falls in November.
    let ids = |args: &[&str]| -> Vec<String> {
        json(d, args)
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let has = |args: &[&str]| ids(args).iter().any(|i| i == "INC-2026-0099");
    assert!(has(&["list", "incident", "--period", "2026-10"]));
    assert!(!has(&[
        "list",
        "incident",
        "--breached",
        "--period",
        "2026-10"
    ]));
    assert!(has(&[
        "list",
        "incident",
        "--breached",
        "--period",
        "2026-11"
    ]));
    assert!(has(&[
        "list",
        "incident",
        "--breached",
        "--period",
        "2026-Q4"
    ]));
    // Every breach listed for November has its deadline's anchor in November: an SLA's last
    // second, or a due date.
    for b in json(d, &["list", "--breached", "--period", "2026-11"]) {
        let due = b["due"].as_str().unwrap();
        assert!(due.starts_with("2026-11-"), "{b}");
    }
}

#[test]
fn as_of_before_and_after_the_limit() {
    let dir = copy();
    let d = dir.path();
    with_late_p3(d);
    let at = |t: &str, flag: &str| -> Vec<Value> {
        json(d, &["list", "incident", flag, "--as-of", t])
            .into_iter()
            .filter(|r| r["id"] == "INC-2026-0099")
            .collect()
    };
    // One minute before the limit (2026-11-01 11:59): neither overdue nor breached.
    assert!(at("2026-11-01T11:59:00+08:00", "--overdue").is_empty());
    assert!(at("2026-11-01T11:59:00+08:00", "--breached").is_empty());
    // At the limit itself (12:00) a restoration would still be in time.
    assert!(at("2026-11-01T12:00:00+08:00", "--breached").is_empty());
    // Half an hour after (12:30), not restored yet: overdue, an open breach of 30m = 1800 s.
    assert_eq!(at("2026-11-01T12:30:00+08:00", "--overdue").len(), 1);
    let open = at("2026-11-01T12:30:00+08:00", "--breached");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["open"], true);
    assert_eq!(open[0]["done"], Value::Null);
    assert_eq!(open[0]["late_s"], 1800);
    // After the restoration (13:00): closed, 47m = 2820 s late, no longer overdue.
    assert!(at("2026-11-01T13:00:00+08:00", "--overdue").is_empty());
    let closed = at("2026-11-01T13:00:00+08:00", "--breached");
    assert_eq!(closed[0]["open"], false);
    assert_eq!(closed[0]["late_s"], 2820);
    // A date as-of means its end: 2026-11-05 is 2026-11-06 00:00 for the overdue action of
    // DRL-2026-003, not yet due; 2026-11-07 is 2026-11-08 00:00, one day past its deadline
    // (2026-11-07 00:00): 86400 s.
    with_overdue_action(d);
    let drill = |t: &str| -> Vec<Value> {
        json(d, &["list", "drill", "--breached", "--as-of", t])
            .into_iter()
            .filter(|r| r["id"] == "DRL-2026-003" && r["key"] == "action_due")
            .collect()
    };
    assert!(drill("2026-11-05").is_empty());
    let late = drill("2026-11-07");
    assert_eq!(late.len(), 1);
    assert_eq!(late[0]["late_s"], 86_400);
}

#[test]
fn breaches_in_csv_and_bare_rows() {
    use crate::support::{at_noon, demo};
    // INC-2026-0007 (P1, ERP, 24x7): occurred 2026-05-06 08:50, 4h limit to 12:50, restored
    // 14:30: 1h 40m = 6000 s late.
    let out = at_noon(
        &demo(),
        &["--lang", "en", "list", "--breached", "--format", "csv"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let csv = stdout(&out);
    assert_eq!(
        csv.lines().next(),
        Some("id,kind,title,key,kpi,part,owner,due,deadline,done,late_s,late,open,what")
    );
    assert!(
        csv.contains(
            "\nINC-2026-0007,incident,ERP 与财务接口重复过账,sla,repair_timeliness,,zhao.liu,\
             2026-05-06T12:50:00+08:00,2026-05-06T12:50:00+08:00,2026-05-06T14:30:00+08:00,\
             6000,1h 40m,false,P1 repair limit of 4h\n"
        ),
        "{csv}"
    );
    let out = at_noon(&demo(), &["-q", "--lang", "en", "list", "--breached"]);
    assert!(
        stdout(&out).contains(
            "INC-2026-0007\tIncident\tERP 与财务接口重复过账\tP1 repair limit of 4h\tzhao.liu\t\
             2026-05-06 12:50\t2026-05-06 14:30\t1h 40m\n"
        ),
        "{}",
        stdout(&out)
    );
    // `-q` drops the count line the table ends with.
    assert!(!stdout(&out).contains("breaches"), "{}", stdout(&out));
}

#[test]
fn an_appraisals_review_stage_is_held_to_its_limit_once_left() {
    use crate::support::{at_noon, demo};
    // APR-2026-004 entered review on 2026-07-10; its 14d limit ends 2026-07-24 00:00. The
    // result was entered on 2026-08-12: the review left 19 days late (1641600 s). Its due_on
    // 2026-07-31 (deadline 2026-08-01 00:00) was missed by 11 days (950400 s).
    let out = at_noon(
        &demo(),
        &[
            "--lang",
            "en",
            "list",
            "appraisal",
            "--breached",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let apr: Vec<(String, i64)> = of(&rows, "APR-2026-004")
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap().to_string(),
                r["late_s"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        apr,
        [
            ("stage_limit".to_string(), 1_641_600),
            ("due_on".to_string(), 950_400)
        ]
    );
    let shown = stdout(&at_noon(&demo(), &["--lang", "en", "show", "APR-2026-004"]));
    assert!(
        shown.contains("  Review time limit of 14d 2026-07-24 00:00: done late, 19d late\n"),
        "{shown}"
    );
}
