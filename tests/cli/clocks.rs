//! SLA clocks on calendars (`[sla.clock]`) and the calendar's own checks, on copies of the demo
//! (whose SLAs run 24x7): OA is `mon-fri 08:30-17:30`, 2026-02-28 (a Saturday) a make-up workday
//! and 2026-03-06 a Friday.

use std::path::Path;

use serde_json::Value;

use crate::escapes::{copy, run};
use crate::support::{Itc, code, findings, replace_in, stdout};

/// Gives the copy a `[sla.clock]` of `lines` (one `SEVERITY = "CLOCK"` a line).
fn clock(dir: &Path, lines: &str) {
    replace_in(
        &dir.join("itc.toml"),
        "[sla.resolve]\n",
        &format!("[sla.clock]\n{lines}\n[sla.resolve]\n"),
    );
}

/// Changes one line of the copy's itc.toml.
fn edit(dir: &Path, from: &str, to: &str) {
    replace_in(&dir.join("itc.toml"), from, to);
}

/// Writes incident `id` on `system` at `severity`, occurred at `occurred`; archived once
/// restored at `restored`, else open at its report.
fn incident(
    dir: &Path,
    id: &str,
    system: &str,
    severity: &str,
    occurred: &str,
    restored: Option<&str>,
) {
    let mut text = format!(
        "id = \"{id}\"\ntitle = \"测试故障\"\nstage = \"{}\"\nowner = \"li.wei\"\n\
         system = \"{system}\"\nseverity = \"{severity}\"\ncategory = \"software\"\n\
         impact = \"none\"\n\n[report]\nat = {occurred}\nby = \"li.wei\"\nsymptom = \"无法登录\"\n\
         occurred_at = {occurred}\n",
        if restored.is_some() {
            "archived"
        } else {
            "report"
        }
    );
    if let Some(r) = restored {
        text.push_str(&format!(
            "\n[diagnosis]\nat = {r}\ncause = \"服务进程异常\"\nsolution = \"重启服务\"\n\n\
             [handling]\nat = {r}\nactions = \"重启服务\"\nrestored_at = {r}\n\n\
             [archived]\nat = 2026-12-01\nfault_report = \"docs/postmortems/{id}.md\"\n\
             lessons = \"加强监控\"\n"
        ));
    }
    std::fs::write(dir.join(format!("incidents/2026/{id}.toml")), text).unwrap();
}

/// The explanation line of `id` in `kpi repair_timeliness --explain` over `period`.
fn explained(dir: &Path, period: &str, id: &str) -> String {
    let out = run(
        dir,
        &["kpi", "repair_timeliness", "--period", period, "--explain"],
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    stdout(&out)
        .lines()
        .find(|l| l.contains(id))
        .unwrap_or_else(|| panic!("{id} is not explained:\n{}", stdout(&out)))
        .trim()
        .to_string()
}

/// `check` on the copy finds nothing: the records the tests write are valid.
fn clean(dir: &Path) {
    let out = run(dir, &["check", "--format", "json"]);
    let (found, _) = findings(&out);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_p3_from_a_makeup_saturday_to_monday_is_8h30m_of_service() {
    // OA, 调休 Saturday 2026-02-28 10:00 to Monday 03-02 09:30: on the service clock
    // 10:00–17:30 (7.5 h, the make-up day has an ordinary weekday's hours) + 08:30–09:30 (1 h)
    // = 8.5 h ≤ 24 h, met. On the wall: 14 h + 24 h + 9.5 h = 47.5 h > 24 h, late.
    let dir = copy();
    incident(
        dir.path(),
        "INC-2026-0020",
        "oa",
        "P3",
        "2026-02-28T10:00:00+08:00",
        Some("2026-03-02T09:30:00+08:00"),
    );
    clean(dir.path());
    assert_eq!(
        explained(dir.path(), "2026-03", "INC-2026-0020"),
        "✗ INC-2026-0020 [0/1] restored in 1d 23h 30m, over the P3 limit of 1d"
    );
    clock(dir.path(), "P3 = \"service\"\n");
    clean(dir.path());
    assert_eq!(
        explained(dir.path(), "2026-03", "INC-2026-0020"),
        "✓ INC-2026-0020 [1/1] restored in 8h 30m of service hours, within the P3 limit of 1d"
    );
}

#[test]
fn friday_1700_to_monday_1000_is_two_service_hours() {
    // OA, Friday 2026-03-06 17:00 to Monday 03-09 10:00: 17:00–17:30 + 08:30–10:00 = 2 h of
    // service, within a P1's 4 h; on the wall 2 d 17 h, over it.
    let dir = copy();
    incident(
        dir.path(),
        "INC-2026-0020",
        "oa",
        "P1",
        "2026-03-06T17:00:00+08:00",
        Some("2026-03-09T10:00:00+08:00"),
    );
    assert_eq!(
        explained(dir.path(), "2026-03", "INC-2026-0020"),
        "✗ INC-2026-0020 [0/1] restored in 2d 17h, over the P1 limit of 4h",
        "the demo runs 24x7"
    );
    clock(dir.path(), "P1 = \"service\"\n");
    assert_eq!(
        explained(dir.path(), "2026-03", "INC-2026-0020"),
        "✓ INC-2026-0020 [1/1] restored in 2h of service hours, within the P1 limit of 4h"
    );
}

#[test]
fn the_default_clock_is_24x7_and_unchanged() {
    // Without [sla.clock], the demo's OA P3 over the May holidays (Thursday 04-30 17:00 to
    // Wednesday 05-06 09:45) takes 5 d 16 h 45 m against 1 d: late, as before clocks existed;
    // so does it with P3 = "24x7" written out.
    let dir = copy();
    let late = "✗ INC-2026-0008 [0/1] restored in 5d 16h 45m, over the P3 limit of 1d";
    assert_eq!(explained(dir.path(), "2026-05", "INC-2026-0008"), late);
    clock(dir.path(), "P3 = \"24x7\"\n");
    clean(dir.path());
    assert_eq!(explained(dir.path(), "2026-05", "INC-2026-0008"), late);
    // On the service clock it is 17:00–17:30 + 08:30–09:45 = 1 h 45 m (05-01, 05-04, 05-05 are
    // holidays, 05-02 and 05-03 a weekend): met.
    edit(dir.path(), "P3 = \"24x7\"", "P3 = \"service\"");
    assert_eq!(
        explained(dir.path(), "2026-05", "INC-2026-0008"),
        "✓ INC-2026-0008 [1/1] restored in 1h 45m of service hours, within the P3 limit of 1d"
    );
    // A 24x7 system serves every hour: mail's P3 of 01-22, 08:00 to 12:05, is 4 h 5 m on
    // either clock.
    assert_eq!(
        explained(dir.path(), "2026-01", "INC-2026-0002"),
        "✓ INC-2026-0002 [1/1] restored in 4h 5m of service hours, within the P3 limit of 1d"
    );
}

#[test]
fn the_service_clock_never_fails_what_24x7_meets() {
    // OA P3, Monday 2026-03-09 09:00 to Tuesday 03-10 08:00: 23 h on the wall (met); on the
    // service clock 09:00–17:30 = 8 h 30 m (Tuesday's hours start at 08:30): met too. Service
    // time is wall time minus the closed hours, so it is never longer.
    let dir = copy();
    incident(
        dir.path(),
        "INC-2026-0020",
        "oa",
        "P3",
        "2026-03-09T09:00:00+08:00",
        Some("2026-03-10T08:00:00+08:00"),
    );
    assert_eq!(
        explained(dir.path(), "2026-03", "INC-2026-0020"),
        "✓ INC-2026-0020 [1/1] restored in 23h, within the P3 limit of 1d"
    );
    clock(dir.path(), "P3 = \"service\"\n");
    assert_eq!(
        explained(dir.path(), "2026-03", "INC-2026-0020"),
        "✓ INC-2026-0020 [1/1] restored in 8h 30m of service hours, within the P3 limit of 1d"
    );
}

/// `show ID` in English at `today`.
fn show(dir: &Path, today: &str, id: &str) -> String {
    let out = Itc::new(dir)
        .today(today)
        .args(["--lang", "en", "show", id])
        .run();
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    stdout(&out)
}

/// The ids `list --overdue` gives at `today`, each with its SLA deadline if it has one.
fn overdue(dir: &Path, today: &str) -> Vec<(String, Option<String>)> {
    let out = Itc::new(dir)
        .today(today)
        .args(["--lang", "en", "list", "--overdue", "--format", "json"])
        .run();
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let sla = r["overdue"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["key"] == "sla")
                .map(|o| {
                    format!(
                        "{} {}",
                        o["deadline"].as_str().unwrap(),
                        o["what"].as_str().unwrap()
                    )
                });
            (r["id"].as_str().unwrap().to_string(), sla)
        })
        .collect()
}

#[test]
fn show_and_list_give_the_service_hours_deadline() {
    // An open OA P2 (8 h) from Friday 2026-03-06 17:00. Service clock: 17:00–17:30 (0.5 h) +
    // Monday 08:30–16:00 (7.5 h) → due Monday 03-09 16:00. 24x7: Saturday 03-07 01:00.
    let dir = copy();
    incident(
        dir.path(),
        "INC-2026-0020",
        "oa",
        "P2",
        "2026-03-06T17:00:00+08:00",
        None,
    );
    clock(dir.path(), "P2 = \"service\"\n");
    let text = show(dir.path(), "2026-03-09T15:59", "INC-2026-0020");
    assert!(
        text.contains("  P2 repair limit of 8h in service hours 2026-03-09 16:00: not yet due"),
        "{text}"
    );
    let mine = |today| {
        overdue(dir.path(), today)
            .into_iter()
            .find(|(id, _)| id == "INC-2026-0020")
            .and_then(|(_, sla)| sla)
    };
    // 16:00 itself is still in time; overdue from 16:00:01.
    assert_eq!(mine("2026-03-09T16:00"), None);
    assert_eq!(
        mine("2026-03-09T16:00:01").as_deref(),
        Some("2026-03-09T16:00:00+08:00 not restored past the P2 limit of 8h in service hours")
    );
    let text = show(dir.path(), "2026-03-10", "INC-2026-0020");
    assert!(
        text.contains(
            "overdue: not restored past the P2 limit of 8h in service hours (2026-03-09 16:00)"
        ),
        "{text}"
    );
    // On 24x7 the same incident is overdue since Saturday 01:00.
    edit(dir.path(), "P2 = \"service\"", "P2 = \"24x7\"");
    let text = show(dir.path(), "2026-03-09T15:59", "INC-2026-0020");
    assert!(
        text.contains("overdue: not restored past the P2 limit of 8h (2026-03-07 01:00)"),
        "{text}"
    );
}

#[test]
fn an_incident_without_a_known_system_runs_24x7() {
    // On the service clock, a system not in the catalogue has no service hours to count: the
    // clock runs 24x7, the shorter limit. Friday 2026-03-06 17:00 + 8 h = Saturday 01:00.
    let dir = copy();
    incident(
        dir.path(),
        "INC-2026-0020",
        "no-such-system",
        "P2",
        "2026-03-06T17:00:00+08:00",
        None,
    );
    clock(dir.path(), "P2 = \"service\"\n");
    let text = show(dir.path(), "2026-03-06T18:00", "INC-2026-0020");
    assert!(
        text.contains("  P2 repair limit of 8h in service hours 2026-03-07 01:00: not yet due"),
        "{text}"
    );
    // On the catalogue's OA it would be Monday 16:00.
    replace_in(
        &crate::escapes::record(dir.path(), "INC-2026-0020"),
        "no-such-system",
        "oa",
    );
    let text = show(dir.path(), "2026-03-06T18:00", "INC-2026-0020");
    assert!(
        text.contains("  P2 repair limit of 8h in service hours 2026-03-09 16:00: not yet due"),
        "{text}"
    );
}

/// The findings of `check` on itc.toml, as `line:column code: message`.
fn config_findings(dir: &Path) -> Vec<String> {
    let out = run(dir, &["check", "--format", "json"]);
    let (found, _) = findings(&out);
    found
        .iter()
        .filter(|f| f.file == "itc.toml")
        .map(|f| format!("{}:{} {}: {}", f.line, f.column, f.code, f.message))
        .collect()
}

/// The 1-based line of itc.toml that starts with `start`.
fn line_of(dir: &Path, start: &str) -> usize {
    let text = std::fs::read_to_string(dir.join("itc.toml")).unwrap();
    1 + text.lines().position(|l| l.starts_with(start)).unwrap()
}

const WORKDAYS: &str =
    "workdays = [\"2026-02-14\", \"2026-02-28\", \"2026-05-09\", \"2026-09-27\", \"2026-10-10\"]";

#[test]
fn calendar_contradictions_are_found_at_their_line() {
    // 2026-10-01 (a Thursday) is a holiday: as a make-up workday too it is E0818, at the later
    // of the two, the workdays line; 2026-03-04 is an ordinary Wednesday: W0819.
    let dir = copy();
    let itc = dir.path().join("itc.toml");
    replace_in(
        &itc,
        WORKDAYS,
        "workdays = [\"2026-02-14\", \"2026-10-01\", \"2026-03-04\", \"2026-03-07\"]",
    );
    let holidays = line_of(dir.path(), "holidays");
    let line = line_of(dir.path(), "workdays");
    // Columns: `workdays = [` is 12 characters; each date with its quotes and `, ` is 14.
    assert_eq!(
        config_findings(dir.path()),
        [
            format!("{line}:27 E0818: 2026-10-01 is both a holiday and a make-up workday"),
            format!(
                "{line}:41 W0819: make-up workday 2026-03-04 is a Monday–Friday and not a holiday: a working day already"
            ),
        ]
    );
    assert!(holidays < line);
    assert_eq!(
        code(&run(dir.path(), &["check"])),
        1,
        "an error fails check"
    );
    // Written the other way round (the workdays first), the holiday is the later one.
    let text = std::fs::read_to_string(&itc).unwrap();
    let moved = text.replace(
        "workdays = [\"2026-02-14\", \"2026-10-01\", \"2026-03-04\", \"2026-03-07\"]",
        "",
    );
    let moved = moved.replacen(
        "[calendar]",
        "[calendar]\nworkdays = [\"2026-10-01\"]\n#",
        1,
    );
    std::fs::write(&itc, moved).unwrap();
    let holidays = line_of(dir.path(), "holidays");
    let found = config_findings(dir.path());
    // The holiday 2026-10-01 is on the holidays list's eighth line, third column.
    assert_eq!(
        found,
        [format!(
            "{}:3 E0818: 2026-10-01 is both a holiday and a make-up workday",
            holidays + 7
        )]
    );
}

#[test]
fn a_clock_for_an_unknown_severity_or_of_an_unknown_kind_is_an_error() {
    let dir = copy();
    clock(dir.path(), "P9 = \"service\"\nP3 = \"business\"\n");
    let line = line_of(dir.path(), "P9");
    let found = config_findings(dir.path());
    assert!(
        found.contains(&format!(
            "{line}:1 E0803: `P9` in [sla.clock] is not an incident severity"
        )),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with(&format!("{}:", line + 1))),
        "`business` is not a clock: {found:?}"
    );
    assert_eq!(code(&run(dir.path(), &["check"])), 1);
}

#[test]
fn the_reports_incident_table_gives_the_time_on_the_sla_clock() {
    // OA P2 from the 调休 Saturday 2026-02-28 10:00 to Monday 03-02 09:30: 8.5 service hours
    // (as above) > the P2 limit of 8h, over its SLA; on the wall 47.5 h = 1d 23h 30m. The table
    // shows the time its verdict is judged by.
    let dir = copy();
    incident(
        dir.path(),
        "INC-2026-0020",
        "oa",
        "P2",
        "2026-02-28T10:00:00+08:00",
        Some("2026-03-02T09:30:00+08:00"),
    );
    let row = |dir: &Path| -> String {
        let out = run(dir, &["report", "--period", "2026-Q1", "--format", "md"]);
        assert_eq!(code(&out), 0, "{}", crate::support::stderr(&out));
        let md = stdout(&out);
        md.lines()
            .find(|l| l.starts_with("| INC-2026-0020 "))
            .unwrap_or_else(|| panic!("no row: {md}"))
            .to_string()
    };
    let wall = row(dir.path());
    assert!(wall.contains("| 1d 23h 30m | 8h |"), "{wall}");
    clock(dir.path(), "P2 = \"service\"\n");
    let service = row(dir.path());
    assert!(
        service.contains("| 8h 30m (service hours) | 8h |"),
        "{service}"
    );
}

#[test]
fn the_report_lists_a_service_clock_as_a_lenient_setting() {
    // The service clock never shortens a limit (service time ≤ wall time): the report says so.
    let dir = copy();
    clock(dir.path(), "P3 = \"service\"\n");
    let out = run(
        dir.path(),
        &["report", "--period", "2026", "--format", "md"],
    );
    assert_eq!(code(&out), 0);
    let md = stdout(&out);
    assert!(
        md.contains("| sla.clock.P3 | service | 24x7 | Fault repair timeliness | more lenient |"),
        "{md}"
    );
    // 24x7 written out is the default: not listed.
    edit(dir.path(), "P3 = \"service\"", "P3 = \"24x7\"");
    let md = stdout(&run(
        dir.path(),
        &["report", "--period", "2026", "--format", "md"],
    ));
    assert!(!md.contains("sla.clock"), "{md}");
}
