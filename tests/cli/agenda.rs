//! `itc agenda`: overdue and soon-due deadlines by owner, in each format, each checked by its
//! consumer (the JSON Schema, an iCalendar parser, the robot's byte limit, an HTTP server that
//! receives the post, openpyxl). "Now" is given; every duration below is computed by hand from
//! the demo's records.

use std::path::Path;

use serde_json::Value;

use crate::external;
use crate::support::*;

/// `itc agenda ARGS` in `dir` at `today`, in `lang`; its stdout, the run having succeeded.
fn agenda(dir: &Path, today: &str, lang: &str, args: &[&str]) -> String {
    let out = Itc::new(dir)
        .today(today)
        .args(["--lang", lang, "agenda"])
        .args(args)
        .run();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

fn agenda_json(dir: &Path, today: &str, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&agenda(dir, today, "en", &all)).unwrap()
}

/// `(owner, id, key, state, seconds)` of every item, in order.
fn items(v: &Value) -> Vec<(String, String, String, String, i64)> {
    let mut out = Vec::new();
    for g in v["groups"].as_array().unwrap() {
        for i in g["items"].as_array().unwrap() {
            out.push((
                g["owner"].as_str().unwrap_or("-").to_string(),
                i["id"].as_str().unwrap().to_string(),
                i["key"].as_str().unwrap().to_string(),
                i["state"].as_str().unwrap().to_string(),
                i["seconds"].as_i64().unwrap(),
            ));
        }
    }
    out
}

/// A copy of the demo with INC-2026-0016's title replaced.
fn with_title(title: &str) -> tempfile::TempDir {
    let dir = temp_copy(&demo());
    replace_in(
        &find_record(dir.path(), "INC-2026-0016"),
        "title: 数据仓库磁盘空间告警",
        &format!("title: {}", serde_json::to_string(title).unwrap()),
    );
    dir
}

#[test]
fn overdue_items_say_how_long_in_hours_then_days() {
    // As of 2026-12-01 17:00: INC-2026-0016's P4 limit ran out at 2026-11-30 16:00 (25 hours
    // ago); its report stage's 1d limit at 2026-11-28 16:30 (3 days 30 minutes: "3 days");
    // INC-2026-0019's alert stage limit at 2026-12-01 08:40 (8 hours 20 minutes: "8 hours").
    let demo = demo();
    let zh = agenda(&demo, "2026-12-01 17:00", "zh", &[]);
    assert!(
        zh.contains("  超时 25 小时  INC-2026-0016  恢复:P4 修复时限 3 天  截止 2026-11-30 16:00  数据仓库磁盘空间告警\n"),
        "{zh}"
    );
    assert!(
        zh.contains("  超时 3 天  INC-2026-0016  故障报告阶段时限 1 天"),
        "{zh}"
    );
    assert!(
        zh.contains("  超时 8 小时  INC-2026-0019  监控预警阶段时限 1 天"),
        "{zh}"
    );
    assert!(
        zh.contains("孙丽 (sun.li)\n"),
        "owners by roster name: {zh}"
    );
    let en = agenda(&demo, "2026-12-01 17:00", "en", &[]);
    assert!(
        en.contains("  25h overdue  INC-2026-0016  restore: P4 limit of 3d"),
        "{en}"
    );
    assert!(
        en.contains("  3d overdue  INC-2026-0016  Report time limit of 1d"),
        "{en}"
    );
    let v = agenda_json(&demo, "2026-12-01 17:00", &[]);
    let sla = items(&v)
        .into_iter()
        .find(|i| i.1 == "INC-2026-0016" && i.2 == "sla")
        .unwrap();
    assert_eq!(sla.3, "overdue");
    assert_eq!(sla.4, 25 * 3600);
}

#[test]
fn the_window_ends_where_within_and_the_week_say() {
    let demo = demo();
    // As of 2026-12-28 ("now" is the end of that day, 2026-12-29 00:00), three items are due on
    // 2026-12-31: PLN-2026-001's items #5 and #6 and DRL-2026-003's action #2, each with
    // 3 days left (to the end of the 31st). `3d` reaches 2027-01-01 00:00 and takes them;
    // `2d` ends at 2026-12-31 00:00, when their day begins: none.
    let due = |args: &[&str], today: &str| {
        let v = agenda_json(&demo, today, args);
        let due: Vec<(String, i64)> = items(&v)
            .into_iter()
            .filter(|i| i.3 == "due")
            .map(|i| (format!("{} {}", i.1, i.2), i.4))
            .collect();
        (v["until"].as_str().unwrap().to_string(), due)
    };
    let three = vec![
        ("DRL-2026-003 action_due".to_string(), 3 * 86_400),
        ("PLN-2026-001 plan_item_due".to_string(), 3 * 86_400),
        ("PLN-2026-001 plan_item_due".to_string(), 3 * 86_400),
    ];
    let sorted = |(u, mut d): (String, Vec<(String, i64)>)| {
        d.sort();
        (u, d)
    };
    assert_eq!(
        sorted(due(&["--within", "3d"], "2026-12-28")),
        ("2027-01-01T00:00:00+08:00".to_string(), three.clone())
    );
    assert_eq!(
        due(&["--within", "2d"], "2026-12-28"),
        ("2026-12-31T00:00:00+08:00".to_string(), vec![])
    );
    // 2026-12-28 is a Monday: this week ends when Monday 2027-01-04 begins.
    for week in ["this-week", "本周"] {
        assert_eq!(
            sorted(due(&["--within", week], "2026-12-28")),
            ("2027-01-04T00:00:00+08:00".to_string(), three.clone())
        );
        // As of Sunday 2026-12-27 its week is over at that day's end: nothing more is due.
        assert_eq!(
            due(&["--within", week], "2026-12-27"),
            ("2026-12-28T00:00:00+08:00".to_string(), vec![])
        );
    }
    // The default is 7 days: from 2026-12-28 00:00 to 2027-01-04 00:00, the same three (4 days
    // left each).
    let (until, d) = due(&[], "2026-12-27");
    assert_eq!(until, "2027-01-04T00:00:00+08:00");
    assert_eq!(d.len(), 3);
    assert!(d.iter().all(|(_, s)| *s == 4 * 86_400));
    let en = agenda(&demo, "2026-12-28", "en", &["--within", "3d"]);
    assert!(en.contains("  3d left  PLN-2026-001  plan item #5"), "{en}");
    assert!(
        en.ends_with("15 overdue, 3 due by 2027-01-01 00:00\n"),
        "{en}"
    );
    let out = Itc::new(&demo)
        .args(["--lang", "en", "agenda", "--within", "soon"])
        .run();
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--within takes a duration"));
}

#[test]
fn items_group_by_owner_most_urgent_first_and_the_unassigned_last() {
    let dir = temp_copy(&demo());
    replace_in(
        &find_record(dir.path(), "INC-2026-0016"),
        "owner: sun.li\n",
        "",
    );
    let v = agenda_json(dir.path(), "2026-12-31", &[]);
    let owners: Vec<Value> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["owner"].clone())
        .collect();
    assert_eq!(
        owners,
        serde_json::json!([
            "chen.ming",
            "sun.li",
            "wang.wu",
            "zhao.liu",
            "zheng.hao",
            "zhou.jie",
            null
        ])
        .as_array()
        .unwrap()
        .clone()
    );
    let last = &v["groups"][6];
    assert_eq!(last["name"], Value::Null);
    // The report stage's limit (2026-11-28 16:30) passed before the SLA's (2026-11-30 16:00).
    let keys: Vec<&str> = last["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["stage_limit", "sla"]);
    assert_eq!(v["groups"][0]["name"], "陈明");
    let zh = agenda(dir.path(), "2026-12-31", "zh", &[]);
    assert!(
        zh.contains("\n未指派\n  超时 33 天 7 小时  INC-2026-0016"),
        "{zh}"
    );
}

#[test]
fn owner_and_kind_filter_and_an_unknown_owner_is_refused() {
    let demo = demo();
    // zhou.jie answers for two findings (SEC-2026-Q3 #2, due 2026-09-10; SEC-2026-Q4 #1, due
    // 2026-12-15) and, as its owner, for DRL-2026-003's corrective action #2 (due 2026-12-31):
    // as of the 31st's end, 112 days, 16 days and 0 minutes overdue, in that order.
    let v = agenda_json(&demo, "2026-12-31", &["--owner", "zhou.jie"]);
    let got: Vec<(String, i64)> = items(&v)
        .into_iter()
        .map(|i| (format!("{} {}", i.1, i.2), i.4 / 86_400))
        .collect();
    assert_eq!(
        got,
        [
            ("SEC-2026-Q3 finding_due".to_string(), 112),
            ("SEC-2026-Q4 finding_due".to_string(), 16),
            ("DRL-2026-003 action_due".to_string(), 0),
        ]
    );
    assert_eq!(v["groups"].as_array().unwrap().len(), 1);
    let v = agenda_json(&demo, "2026-12-31", &["--kind", "incident"]);
    let ids: Vec<String> = items(&v).into_iter().map(|i| i.1).collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert!(ids.iter().all(|i| i.starts_with("INC-")), "{ids:?}");
    // A deadline key: the three incidents past their SLA (INC-2026-0015, -0016, -0019).
    let v = agenda_json(&demo, "2026-12-31", &["--kind", "sla"]);
    let mut ids: Vec<String> = items(&v).into_iter().map(|i| i.1).collect();
    ids.sort();
    assert_eq!(ids, ["INC-2026-0015", "INC-2026-0016", "INC-2026-0019"]);
    let out = Itc::new(&demo)
        .args(["--lang", "en", "agenda", "--kind", "incidnet"])
        .run();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let out = Itc::new(&demo)
        .args(["--lang", "en", "agenda", "--owner", "zhou.jei"])
        .run();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("zhou.jie"), "{}", stderr(&out));
    // --as-of is the same as ITC_TODAY.
    let as_of = Itc::new(&demo)
        .args(["--lang", "en", "agenda", "--as-of", "2026-12-31"])
        .args(["--format", "json"])
        .run();
    assert_eq!(
        serde_json::from_slice::<Value>(&as_of.stdout).unwrap(),
        agenda_json(&demo, "2026-12-31", &[])
    );
}

#[test]
#[cfg_attr(
    not(consumer = "jsonschema"),
    ignore = "needs the jsonschema package (python3 -m pip install jsonschema); tests/run installs it"
)]
fn the_json_follows_its_schema() {
    external::python_with(&["jsonschema"]);
    let dir = with_title("@all");
    let instances = vec![
        agenda_json(dir.path(), "2026-12-31", &[]),
        agenda_json(dir.path(), "2026-12-28", &["--within", "this-week"]),
        agenda_json(dir.path(), "2026-12-31", &["--owner", "zhou.jie"]),
        agenda_json(dir.path(), "2020-01-01", &[]),
    ];
    external::validate(&root().join("schema/output/agenda.json"), &instances);
}

const READ_ICS: &str = r#"
import json, sys
from icalendar import Calendar
raw = open(sys.argv[1], "rb").read()
cal = Calendar.from_ical(raw)
events = []
for e in cal.walk("VEVENT"):
    start = e.decoded("DTSTART")
    events.append({"uid": str(e["UID"]), "summary": str(e["SUMMARY"]),
                   "description": str(e["DESCRIPTION"]), "start": start.isoformat(),
                   "date_only": not hasattr(start, "hour"), "stamp": e.decoded("DTSTAMP").isoformat()})
print(json.dumps(events, ensure_ascii=False))
"#;

#[test]
#[cfg_attr(
    not(consumer = "icalendar"),
    ignore = "needs the icalendar package (python3 -m pip install icalendar); tests/run installs it"
)]
fn the_calendar_parses_folds_long_chinese_titles_and_keeps_its_uids() {
    external::python_with(&["icalendar"]);
    let title = format!(
        "数据仓库磁盘空间告警,{}; 第二段\\结束",
        "很长的标题".repeat(12)
    );
    let dir = with_title(&title);
    let ics = agenda(dir.path(), "2026-12-31", "en", &["--format", "ics"]);
    // Every line ends in CRLF and holds at most 75 octets; a folded line goes on after a space.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "{line:?}");
        assert!(line.len() - 2 <= 75, "{line:?}");
    }
    assert!(ics.contains("\r\n "), "the long title is folded");
    let file = dir.path().join("agenda.ics");
    std::fs::write(&file, &ics).unwrap();
    let read = |file: &Path| -> Vec<Value> {
        let text = external::python(dir.path(), READ_ICS, &[file.to_str().unwrap()]);
        serde_json::from_str::<Value>(&text)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let events = read(&file);
    assert_eq!(events.len(), 18, "the 18 overdue items of the demo's year");
    let sla = events
        .iter()
        .find(|e| {
            e["summary"].as_str().unwrap().starts_with("INC-2026-0016")
                && e["summary"].as_str().unwrap().ends_with("P4 limit of 3d")
        })
        .unwrap();
    // Folding and escaping undone by the parser: the title comes back whole.
    assert_eq!(
        sla["summary"],
        format!("INC-2026-0016 {title}: restore: P4 limit of 3d")
    );
    // An instant is a UTC date-time (16:00 at +08:00 is 08:00Z); a due date is a date.
    assert_eq!(sla["start"], "2026-11-30T08:00:00+00:00");
    assert_eq!(sla["date_only"], false);
    assert_eq!(sla["stamp"], "2026-12-31T16:00:00+00:00");
    let plan = events
        .iter()
        .find(|e| e["summary"].as_str().unwrap().contains("plan item #3"))
        .unwrap();
    assert_eq!(plan["start"], "2026-10-31");
    assert_eq!(plan["date_only"], true);
    // The same UIDs on another run (and another day), each unique and at the fixed domain.
    let again = agenda(dir.path(), "2026-12-30", "zh", &["--format", "ics"]);
    let file2 = dir.path().join("again.ics");
    std::fs::write(&file2, again).unwrap();
    let uids = |e: &[Value]| {
        let mut u: Vec<String> = e
            .iter()
            .map(|e| e["uid"].as_str().unwrap().to_string())
            .collect();
        u.sort();
        u
    };
    let later = read(&file2);
    let mut first = uids(&events);
    assert!(first.iter().all(|u| u.ends_with("@agenda.itc.invalid")));
    let before: Vec<String> = uids(&later);
    // On the 30th the three items due on the 31st are due, not overdue: the same 18 events.
    assert_eq!(first, before);
    first.dedup();
    assert_eq!(first.len(), 18);
}

#[test]
fn the_wecom_message_keeps_the_most_urgent_within_4096_bytes() {
    // A 2,000-character title (6,000 bytes) cannot fit. Most urgent first, the demo's overdue
    // items run: APR-2026-006's review limit (07-24) and due date (07-31), SEC-2026-Q3 #2
    // (09-10), PLN-2026-001 #3 and PRJ-2026-003 (10-31), INC-2026-0015's SLA (11-10 17:30),
    // DRL-2026-005's scheduled date (11-20); then INC-2026-0016's report limit (11-28), whose
    // line carries the title. So 7 are kept and 18 - 7 = 11 left out.
    let dir = with_title(&"长".repeat(2000));
    let v: Value = serde_json::from_str(&agenda(
        dir.path(),
        "2026-12-31",
        "zh",
        &["--format", "wecom"],
    ))
    .unwrap();
    assert_eq!(v["msgtype"], "markdown");
    let content = v["markdown"]["content"].as_str().unwrap();
    assert!(content.len() <= 4096, "{}", content.len());
    assert!(content.contains("\n…另有 11 项\n"), "{content}");
    assert_eq!(content.matches("\n- **超时").count(), 7, "{content}");
    assert!(content.contains("DRL-2026-005 数据仓库恢复演练:演练计划日期"));
    assert!(!content.contains("长长"));
    assert!(content.starts_with("### 待办 2026-12-31\n"));
    // DingTalk's text is cut the same way.
    let d: Value = serde_json::from_str(&agenda(
        dir.path(),
        "2026-12-31",
        "zh",
        &["--format", "dingtalk"],
    ))
    .unwrap();
    assert_eq!(d["markdown"]["text"].as_str(), Some(content));
    // Uncut, nothing is said to be left out.
    let whole: Value =
        serde_json::from_str(&agenda(&demo(), "2026-12-31", "en", &["--format", "wecom"])).unwrap();
    let content = whole["markdown"]["content"].as_str().unwrap();
    assert!(!content.contains("more"), "{content}");
    assert_eq!(content.matches("\n- **").count(), 18);
}

#[test]
fn the_dingtalk_message_has_a_title_and_a_text() {
    let v: Value = serde_json::from_str(&agenda(
        &demo(),
        "2026-12-31",
        "zh",
        &["--format", "dingtalk"],
    ))
    .unwrap();
    assert_eq!(v["msgtype"], "markdown");
    assert_eq!(v["markdown"]["title"], "待办 2026-12-31");
    let text = v["markdown"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("### 待办 2026-12-31\n**陈明 (chen.ming)**\n"),
        "{text}"
    );
    assert!(
        text.ends_with("18 项超时,0 项将到期(截至 2027-01-08 00:00)"),
        "{text}"
    );
    assert_eq!(v.as_object().unwrap().len(), 2);
    assert_eq!(v["markdown"].as_object().unwrap().len(), 2);
}

#[test]
fn record_text_cannot_mention_or_mark_up_a_robot_message() {
    let hostile = "@all <@zhang.san> **boom** [x](http://e.test) # `c` ~~s~~ | \\";
    let dir = with_title(hostile);
    for format in ["wecom", "dingtalk"] {
        let v: Value = serde_json::from_str(&agenda(
            dir.path(),
            "2026-12-31",
            "en",
            &["--format", format],
        ))
        .unwrap();
        let md = &v["markdown"];
        let text = md["content"].as_str().or(md["text"].as_str()).unwrap();
        assert!(!text.contains('@'), "{format}: {text}");
        assert!(!text.contains("<@"), "{format}");
        assert!(!text.contains("[x]"), "{format}");
        assert!(!text.contains("**boom**"), "{format}");
        assert!(
            text.contains("INC-2026-0016 ＠all ＜＠zhang.san＞ ＊＊boom＊＊ ［x］(http://e.test) ＃ ｀c｀ ～～s～～ ｜ ＼:"),
            "{format}: {text}"
        );
    }
    let md = agenda(dir.path(), "2026-12-31", "en", &["--format", "md"]);
    assert!(!md.contains("@all"), "{md}");
    assert!(md.contains("\\*\\*boom\\*\\*"), "{md}");
    assert!(md.contains("## 孙丽 (sun.li)"), "{md}");
}

/// A one-shot HTTP server on 127.0.0.1, port 0: prints its port, takes one POST, writes the
/// body to the file named, answers as the robot does.
const SERVER: &str = r#"
import sys, http.server
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers["Content-Length"])
        body = self.rfile.read(n)
        open(sys.argv[1], "wb").write(body)
        open(sys.argv[1] + ".type", "w").write(self.headers["Content-Type"] + " " + self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode":0,"errmsg":"ok"}')
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.handle_request()
"#;

#[test]
#[cfg_attr(not(consumer = "python3"), ignore = "needs python3")]
fn the_wecom_payload_posts_as_docs_notify_says() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let payload = agenda(&demo(), "2026-12-31", "zh", &["--format", "wecom"]);
    let file = dir.path().join("payload.json");
    std::fs::write(&file, &payload).unwrap();
    let got = dir.path().join("got");
    let mut server = std::process::Command::new("python3")
        .args(["-c", SERVER, got.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let url = format!(
        "http://127.0.0.1:{}/cgi-bin/webhook/send?key=KEY",
        port.trim()
    );
    // docs/notify.md's post: curl where there is one, else Python's urllib.
    let posted = match std::process::Command::new("curl").arg("--version").output() {
        Ok(_) => std::process::Command::new("curl")
            .args(["-fsS", "-H", "Content-Type: application/json", "--data-binary"])
            .arg(format!("@{}", file.display()))
            .arg(&url)
            .output()
            .unwrap(),
        Err(_) => std::process::Command::new("python3")
            .args([
                "-c",
                "import sys, urllib.request as u; r = u.Request(sys.argv[2], data=open(sys.argv[1], 'rb').read(), headers={'Content-Type': 'application/json'}); print(u.urlopen(r).read().decode())",
                file.to_str().unwrap(),
                &url,
            ])
            .output()
            .unwrap(),
    };
    external::ok(&posted, "the post");
    assert!(String::from_utf8_lossy(&posted.stdout).contains("\"errcode\":0"));
    assert!(server.wait().unwrap().success());
    let body = std::fs::read(&got).unwrap();
    assert_eq!(body, payload.as_bytes());
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["msgtype"], "markdown");
    assert!(v["markdown"]["content"].as_str().unwrap().len() <= 4096);
    let meta = std::fs::read_to_string(dir.path().join("got.type")).unwrap();
    assert_eq!(meta, "application/json /cgi-bin/webhook/send?key=KEY");
}

#[test]
#[cfg_attr(
    not(consumer = "openpyxl"),
    ignore = "needs openpyxl (python3 -m pip install openpyxl); tests/run installs it"
)]
fn the_workbook_has_a_row_per_item() {
    external::python_with(&["openpyxl"]);
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("agenda.xlsx");
    let out = Itc::new(&demo())
        .today("2026-12-31")
        .args(["--lang", "en", "agenda", "--format", "xlsx", "-o"])
        .args([&book])
        .run();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let script = r#"
import json, sys, datetime, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = [[c.value.isoformat() if isinstance(c.value, datetime.datetime) else c.value for c in r] for r in ws.iter_rows()]
print(json.dumps({"name": ws.title, "rows": rows}, ensure_ascii=False))
"#;
    let v: Value = serde_json::from_str(&external::python(
        dir.path(),
        script,
        &[book.to_str().unwrap()],
    ))
    .unwrap();
    assert_eq!(v["name"], "Agenda");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 19, "a header and 18 items");
    assert_eq!(rows[0][0], "owner");
    // The most urgent of chen.ming's: APR-2026-006's review limit, 2026-07-24 00:00, 161 days
    // (3,864 hours) before the end of 2026-12-31.
    assert_eq!(
        rows[1],
        serde_json::json!([
            "chen.ming",
            "陈明",
            "APR-2026-006",
            "appraisal",
            "吴芳 2026 年上半年绩效考核",
            "stage_limit",
            "Review time limit of 14d",
            "2026-07-24T00:00:00",
            "overdue",
            3864,
            "161d overdue"
        ])
    );
    let out = Itc::new(&demo()).args(["agenda", "--format", "xlsx"]).run();
    assert_eq!(code(&out), 2, "xlsx needs -o");
}

#[test]
fn a_record_that_cannot_be_read_is_said_to_be_missing_from_the_agenda() {
    // A manager cannot drop a late incident from the pushed agenda by breaking its file: the
    // message says a file is missing, and JSON counts it.
    let dir = temp_copy(&demo());
    std::fs::write(find_record(dir.path(), "INC-2026-0016"), "id: [\n").unwrap();
    let v = agenda_json(dir.path(), "2026-12-31", &[]);
    assert_eq!(v["unreadable"], 1);
    // The demo's 18 less INC-2026-0016's two.
    assert_eq!(v["overdue"], 16);
    let w: Value = serde_json::from_str(&agenda(
        dir.path(),
        "2026-12-31",
        "en",
        &["--format", "wecom"],
    ))
    .unwrap();
    let content = w["markdown"]["content"].as_str().unwrap();
    assert!(
        content.contains("note: 1 record file(s) could not be read and are not listed"),
        "{content}"
    );
    let md = agenda(dir.path(), "2026-12-31", "zh", &["--format", "md"]);
    assert!(md.contains("注意:1 个记录文件无法读取"), "{md}");
}

#[test]
fn the_demo_agenda_reads_as_written_out() {
    // The whole view of the demo's week of 2026-12-28 (a Monday), for people and in Markdown:
    // 15 overdue, 3 due on Thursday the 31st. `ITC_BLESS=1` rewrites the files.
    let dir = root().join("tests/fixtures/agenda");
    for (lang, format, file) in [
        ("zh", "human", "expected.zh.txt"),
        ("en", "human", "expected.en.txt"),
        ("zh", "md", "expected.zh.md"),
    ] {
        let out = agenda(
            &demo(),
            "2026-12-28",
            lang,
            &["--within", "this-week", "--format", format],
        );
        expect_file(&dir.join(file), &out);
    }
}
