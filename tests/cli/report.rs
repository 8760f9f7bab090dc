//! `itc report`: the manager's report in HTML and Markdown — its numbers against `itc kpi`, its
//! overdue list against `itc list --overdue`, its escaping, a self-contained HTML file, and the
//! HTML rendered and printed by headless Chromium.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{code, demo, itc, stderr, stdout, temp_copy};

const PERIOD: &str = "2026-Q4";
const AS_OF: &str = "2026-11-30";

fn report(dir: &Path, lang: &str, format: &str) -> String {
    let o = itc(
        dir,
        &[
            "--lang", lang, "report", "--period", PERIOD, "--as-of", AS_OF, "--format", format,
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o)
}

/// `kpi`'s percentage: truncated to two decimals.
fn percent(v: f64) -> String {
    format!("{:.2}%", (v * 10_000.0 + 1e-7).floor() / 100.0)
}

fn value_text(k: &Value) -> String {
    match k["value"].as_f64() {
        None => "n/a".into(),
        Some(v) if k["key"] == "security_incidents" => format!("{}", v as i64),
        Some(v) => percent(v),
    }
}

/// The scorecard row of a KPI in the Markdown report, split into cells.
fn row<'a>(md: &'a str, name: &str) -> Vec<&'a str> {
    let line = md
        .lines()
        .find(|l| l.starts_with(&format!("| {name} |")))
        .unwrap_or_else(|| panic!("no row for {name} in\n{md}"));
    line.trim_matches('|').split(" | ").map(str::trim).collect()
}

#[test]
fn the_report_gives_the_numbers_of_kpi_in_both_languages() {
    for (lang, words) in [
        (
            "zh",
            [("met", "达标"), ("missed", "未达标"), ("n/a", "不适用")],
        ),
        ("en", [("met", "met"), ("missed", "missed"), ("n/a", "n/a")]),
    ] {
        let o = itc(
            &demo(),
            &[
                "--lang", lang, "kpi", "--period", PERIOD, "--as-of", AS_OF, "--format", "json",
            ],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let kpis = v["kpis"].as_array().unwrap();
        assert_eq!(kpis.len(), 17);
        let md = report(&demo(), lang, "md");
        let mut tally = [0usize; 3];
        for k in kpis {
            let cells = row(&md, k["name"].as_str().unwrap());
            assert_eq!(cells[1], value_text(k), "{}", k["key"]);
            if let (Some(n), Some(d)) = (k["numerator"].as_f64(), k["denominator"].as_f64())
                && k["key"] != "availability"
            {
                assert_eq!(cells[2], format!("{n}/{d}"), "{}", k["key"]);
            }
            let verdict = k["verdict"].as_str().unwrap();
            let i = words.iter().position(|(w, _)| *w == verdict).unwrap();
            tally[i] += 1;
            assert!(cells[4].ends_with(words[i].1), "{:?} {verdict}", cells);
        }
        // The headline counts the verdicts.
        let headline = match lang {
            "zh" => format!(
                "17 项考核指标中 {} 项达标、{} 项未达标、{} 项不适用",
                tally[0], tally[1], tally[2]
            ),
            _ => format!(
                "Of 17 KPIs, {} met their target, {} missed it and {} do not apply",
                tally[0], tally[1], tally[2]
            ),
        };
        assert!(md.contains(&headline), "{headline}\n{md}");
        if lang == "zh" {
            // No English verdict leaks into the Chinese report.
            for w in ["met", "missed"] {
                assert!(
                    !md.split(|c: char| !c.is_ascii_alphabetic()).any(|x| x == w),
                    "`{w}` in the zh report"
                );
            }
        }
    }
}

fn kpi_json(period: &str) -> Vec<Value> {
    let o = itc(
        &demo(),
        &[
            "--lang", "en", "kpi", "--period", period, "--as-of", AS_OF, "--format", "json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    v["kpis"].as_array().unwrap().clone()
}

#[test]
fn the_change_and_the_trends_are_those_of_kpi_for_their_periods() {
    let md = report(&demo(), "en", "md");
    let (now, before) = (kpi_json(PERIOD), kpi_json("2026-Q3"));
    let mut compared = 0;
    for (a, b) in now.iter().zip(&before) {
        let cells = row(&md, a["name"].as_str().unwrap());
        let want = match (a["value"].as_f64(), b["value"].as_f64()) {
            (Some(x), Some(y)) if a["key"] == "security_incidents" => {
                format!("{:+}", (x - y) as i64)
            }
            (Some(x), Some(y)) => format!("{:+.2} pp", ((x - y) * 10_000.0).round() / 100.0),
            _ => "—".into(),
        };
        compared += usize::from(want != "—");
        assert_eq!(cells[5], want, "{}", a["key"]);
    }
    assert!(compared >= 8, "{compared}");
    // The trend table's November column is `kpi --period 2026-11`.
    let trend = md.split("**Ratio KPIs by month (%)**").nth(1).unwrap();
    let head = trend.lines().find(|l| l.starts_with("| KPI")).unwrap();
    let col = head
        .trim_matches('|')
        .split(" | ")
        .position(|c| c.trim() == "2026-11")
        .unwrap();
    for k in kpi_json("2026-11")
        .iter()
        .filter(|k| k["key"] != "security_incidents")
    {
        let line = trend
            .lines()
            .find(|l| l.starts_with(&format!("| {} |", k["name"].as_str().unwrap())))
            .unwrap();
        let cell = line.trim_matches('|').split(" | ").nth(col).unwrap().trim();
        let want = value_text(k).trim_end_matches('%').to_string();
        assert_eq!(cell, want, "{}", k["key"]);
    }
}

#[test]
fn the_report_covers_every_section() {
    let md = report(&demo(), "en", "md");
    for heading in [
        "## KPI scorecard",
        "## Trends (twelve months)",
        "## Availability per system",
        "## Incidents",
        "## Projects",
        "## Drills",
        "## Security",
        "## Appraisals, surveys, the annual plan and data quality",
        "## Overdue",
        "**By severity**",
        "**By category**",
        "**P1/P2 incidents and incidents over their SLA**",
        "**Schedule and cost deviation**",
        "Mean time to restore (MTTR): mean",
        "against the previous period of the same length, 2026-Q3",
        "| KPI | 2026-01 | 2026-02 |",
        "**Appraisals due in the period**",
        "**Data cleansed in the period**",
        "**Findings and their rectification**",
        "**Drills scheduled in the period**",
        "Every core system has a passed drill in the last twelve months.",
    ] {
        assert!(md.contains(heading), "no `{heading}` in\n{md}");
    }
    // The P1/P2 table has the incident's system, cause, time to restore against its SLA.
    assert!(
        md.contains("| INC-2026-0017 | 财务系统报表服务无响应 | P2 | finance |"),
        "{md}"
    );
}

#[test]
fn the_overdue_items_are_those_of_list_overdue() {
    let o = itc(
        &demo(),
        &["list", "--overdue", "--as-of", AS_OF, "--format", "json"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let list: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 2, "{ids:?}");
    let md = report(&demo(), "en", "md");
    let section = md.split("## Overdue").nth(1).unwrap();
    assert!(section.contains(&format!("{} records overdue", ids.len())));
    let mut shown: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" | ").next())
        .filter(|id| id.contains('-'))
        .collect();
    shown.dedup();
    assert_eq!(shown, ids);
}

#[test]
fn the_html_is_one_file_with_nothing_to_fetch() {
    for lang in ["zh", "en"] {
        let html = report(&demo(), lang, "html");
        for banned in ["http", "src=", "<script", "@import", "url(", "<link"] {
            assert!(!html.contains(banned), "`{banned}` in the {lang} HTML");
        }
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("@page { size: A4;"));
        assert!(html.contains("<th scope=\"col\">"));
        // Every chart has a title; the trends draw each ratio KPI.
        let charts = html.matches("<svg ").count();
        assert!(charts >= 17, "{charts} charts");
        for svg in html.split("<svg ").skip(1) {
            assert!(svg.contains("<title id="), "a chart without a title");
        }
        // Verdicts carry a shape besides the colour.
        assert!(html.contains("class=\"v-missed\">✗"));
    }
}

#[test]
fn record_text_in_the_report_is_escaped() {
    let dir = temp_copy(&demo());
    let file = dir.path().join("incidents/2026/INC-2026-0015.toml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "title = \"OA 流程引擎偶发死锁\"",
        "title = \"<script>alert(1)</script> | *x*\"",
    );
    std::fs::write(&file, text).unwrap();
    let html = report(dir.path(), "zh", "html");
    assert!(!html.contains("<script"), "unescaped in the HTML");
    // In the P1/P2 table and the overdue list.
    assert_eq!(
        html.matches("&lt;script&gt;alert(1)&lt;/script&gt; | *x*")
            .count(),
        2
    );
    let md = report(dir.path(), "zh", "md");
    assert_eq!(
        md.matches("<script").count(),
        md.matches(r"\<script").count()
    );
    assert_eq!(
        md.matches(r"\<script\>alert(1)\</script\> \| \*x\*")
            .count(),
        2,
        "{md}"
    );
}

#[test]
fn the_report_is_written_to_a_file_and_refuses_other_periods() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("r.html");
    let o = itc(
        &demo(),
        &[
            "report",
            "--period",
            "2026-11",
            "--as-of",
            AS_OF,
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("工作报告 2026-11"));
    assert!(html.contains("2026-10"), "the previous month");
    for bad in ["2026-11-05", "2026-01..2026-03", "Q3", "ytd"] {
        let o = itc(&demo(), &["--lang", "en", "report", "--period", bad]);
        assert_eq!(code(&o), 2, "{bad}");
        assert!(stderr(&o).contains("invalid --period"), "{}", stderr(&o));
    }
}

#[test]
fn a_relative_period_names_the_same_report() {
    // As of 2026-12-15, last-month is 2026-11 and this-quarter is 2026-Q4.
    for (relative, fixed) in [("last-month", "2026-11"), ("this-quarter", "2026-Q4")] {
        let run = |period: &str| {
            let o = itc(
                &demo(),
                &[
                    "report",
                    "--period",
                    period,
                    "--as-of",
                    "2026-12-15",
                    "--format",
                    "md",
                ],
            );
            assert_eq!(code(&o), 0, "{period}: {}", stderr(&o));
            stdout(&o)
        };
        assert_eq!(run(relative), run(fixed), "{relative}");
    }
}

/// The name Chromium is installed under (the test that needs it is ignored when build.rs did
/// not find it).
fn chromium() -> &'static str {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("chromium is missing: install it with `apt-get install chromium` (tests/run does)")
}

fn headless(browser: &str, profile: &Path, extra: &[String], page: &Path) {
    let url = format!("file://{}", page.display());
    let o = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The PNG's width, height and the total length of its image data.
fn png_facts(bytes: &[u8]) -> (u32, u32, usize) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let (w, h) = (be(&bytes[16..20]), be(&bytes[20..24]));
    let mut at = 8;
    let mut idat = 0;
    while at + 8 <= bytes.len() {
        let len = be(&bytes[at..]) as usize;
        if &bytes[at + 4..at + 8] == b"IDAT" {
            idat += len;
        }
        at += 12 + len;
    }
    (w, h, idat)
}

#[test]
#[cfg_attr(
    not(consumer = "chromium"),
    ignore = "needs Chromium (apt-get install chromium); tests/run installs it"
)]
fn chromium_renders_and_prints_the_report() {
    let browser = chromium();
    for lang in ["zh", "en"] {
        let work = tempfile::tempdir().unwrap();
        let page = work.path().join("report.html");
        std::fs::write(&page, report(&demo(), lang, "html")).unwrap();
        let shot = work.path().join("shot.png");
        headless(
            browser,
            &work.path().join("profile"),
            &[
                format!("--screenshot={}", shot.display()),
                "--window-size=1200,1500".into(),
            ],
            &page,
        );
        let png = std::fs::read(&shot).unwrap();
        let (w, h, idat) = png_facts(&png);
        assert_eq!((w, h), (1200, 1500));
        // A blank page compresses to a few kilobytes; text, tables and charts do not.
        assert!(
            idat > 60_000,
            "the {lang} screenshot looks blank: {idat} bytes"
        );
        let distinct = png.iter().collect::<std::collections::HashSet<_>>().len();
        assert!(distinct > 250, "{distinct}");
        if lang == "zh" && std::env::var("ITC_BLESS").is_ok_and(|v| v == "1") {
            std::fs::write(crate::support::root().join("docs/report.png"), &png).unwrap();
        }
        let pdf = work.path().join("report.pdf");
        headless(
            browser,
            &work.path().join("profile2"),
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".into(),
            ],
            &page,
        );
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
        let text = String::from_utf8_lossy(&bytes);
        let pages = text.matches("/Type /Page\n").count()
            + text.matches("/Type /Page ").count()
            + text.matches("/Type /Page>").count()
            + text.matches("/Type/Page/").count()
            + text.matches("/Type/Page>").count();
        assert!(pages >= 2, "the {lang} PDF has {pages} pages");
        // A4 from the print CSS: 595 × 842 points.
        let media = text
            .split("/MediaBox")
            .nth(1)
            .and_then(|m| m.split(']').next())
            .unwrap_or_else(|| panic!("no /MediaBox in the {lang} PDF"));
        let n: Vec<f64> = media
            .trim_start_matches([' ', '['])
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        assert!(
            n.len() == 4 && (n[2] - 595.3).abs() < 1.0 && (n[3] - 841.9).abs() < 1.0,
            "not A4: {media}"
        );
    }
}

#[test]
fn the_report_refuses_a_broken_config_and_names_core_systems_without_a_drill() {
    // A refused target would judge every KPI wrongly: no report until itc.toml is fixed.
    let out = itc(
        &crate::support::fixture("targets"),
        &[
            "--lang",
            "en",
            "report",
            "--period",
            "2026",
            "--as-of",
            "2026-12-31",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("E0804"), "{}", stderr(&out));
    // Without any drill, the core systems erp and finance have no passed drill.
    let dir = temp_copy(&demo());
    std::fs::remove_dir_all(dir.path().join("drills")).unwrap();
    std::fs::create_dir(dir.path().join("drills")).unwrap();
    // Records kept for more than the twelve months before as-of (2026-11-30): a drill is due.
    crate::support::replace_in(
        &dir.path().join("itc.toml"),
        "since = 2026-01-01",
        "since = 2025-11-01",
    );
    let md = report(dir.path(), "en", "md");
    assert!(
        md.contains("Core systems without a passed drill in twelve months: erp, finance."),
        "{md}"
    );
    assert!(md.contains("**Drills scheduled in the period**: No drill scheduled in the period"));
}

/// The caption of the report's table of incidents: P1/P2, and every other one over its SLA.
const CAPTION: &str = "P1/P2 incidents and incidents over their SLA";

/// A copy of the demo with `clones` more P2 incidents like INC-2026-0017 (restored within the
/// SLA, same start), INC-2026-0100 onwards, and, when `p1`, one P1 as INC-2026-0199.
fn with_incidents(clones: usize, p1: bool) -> tempfile::TempDir {
    let dir = temp_copy(&demo());
    let folder = dir.path().join("incidents/2026");
    let text = std::fs::read_to_string(folder.join("INC-2026-0017.toml")).unwrap();
    let mut ids: Vec<(String, &str)> = (0..clones)
        .map(|i| (format!("INC-2026-{:04}", 100 + i), "P2"))
        .collect();
    if p1 {
        ids.push(("INC-2026-0199".into(), "P1"));
    }
    for (id, severity) in ids {
        let copy = text
            .replace("INC-2026-0017", &id)
            .replace("severity = \"P2\"", &format!("severity = \"{severity}\""));
        std::fs::write(folder.join(format!("{id}.toml")), copy).unwrap();
    }
    dir
}

/// The ids in the rows of the Markdown table under `caption`.
fn table_ids(md: &str, caption: &str) -> Vec<String> {
    md.lines()
        .skip_while(|l| *l != format!("**{caption}**"))
        .skip(4)
        .take_while(|l| l.starts_with("| "))
        .map(|l| {
            l.trim_start_matches("| ")
                .split(" | ")
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn a_table_of_more_than_twenty_lists_the_most_severe_and_names_the_rest() {
    // 3 incidents of the demo's quarter in the table: INC-2026-0015 (P2) and INC-2026-0016 (P4,
    // occurred 11-27 16:00 + 72h, open at 12-01 00:00: a breach like any other) over their
    // SLA, INC-2026-0017 (P2) within; 24 P2 clones of
    // INC-2026-0017 within theirs, and one P1 within: 28 rows. Listed: the two over their SLA,
    // the P1, then the 17 earliest P2 in the table's order (all started alike): INC-2026-0017
    // and INC-2026-0100 to 0115. Left out: 0116 to 0123, 8.
    let dir = with_incidents(24, true);
    let md = report(dir.path(), "en", "md");
    let mut want = vec![
        "INC-2026-0015".to_string(),
        "INC-2026-0016".to_string(),
        "INC-2026-0017".to_string(),
    ];
    want.extend((100..=115).map(|i| format!("INC-2026-{i:04}")));
    want.push("INC-2026-0199".into());
    assert_eq!(table_ids(&md, CAPTION), want);
    assert!(
        // The Markdown escapes the backticks of the note's text.
        md.contains(
            "P1/P2 incidents and incidents over their SLA: the 20 most severe or most overdue \
             are listed, 8 more; the full list: \\`itc list incident --period 2026-Q4\\`."
        ),
        "{md}"
    );
    let zh = report(dir.path(), "zh", "html");
    assert!(zh.contains("另有 8 项"), "{zh}");
    assert!(zh.contains("itc list incident --period 2026-Q4"), "{zh}");
    // The command lists every one of them.
    let o = itc(
        dir.path(),
        &[
            "list", "incident", "--period", PERIOD, "--format", "json", "--as-of", AS_OF,
        ],
    );
    let listed: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let listed: Vec<&str> = listed.iter().filter_map(|r| r["id"].as_str()).collect();
    let left_out: Vec<String> = (116..=123).map(|i| format!("INC-2026-{i:04}")).collect();
    for id in want.iter().chain(&left_out) {
        assert!(listed.contains(&id.as_str()), "{id} not in {listed:?}");
    }
}

#[test]
fn a_table_of_twenty_is_listed_whole_without_a_note() {
    // 3 + 17 = 20 rows: all listed, in the table's order, and no note.
    let dir = with_incidents(17, false);
    let md = report(dir.path(), "en", "md");
    let ids = table_ids(&md, CAPTION);
    assert_eq!(ids.len(), 20, "{md}");
    assert_eq!(ids[0], "INC-2026-0015");
    assert_eq!(ids[1], "INC-2026-0016");
    assert_eq!(ids[19], "INC-2026-0116");
    assert!(!md.contains("more; the full list"), "{md}");
}

#[test]
fn people_are_named_as_the_roster_names_them() {
    let md = report(&demo(), "zh", "md");
    // 周杰 (zhou.jie) answers for the third quarter's open security finding; 王五 (wang.wu) for
    // plan item #3, due 2026-10-31 and not done.
    let overdue = md
        .split("## 逾期事项")
        .nth(1)
        .unwrap_or_else(|| panic!("{md}"));
    let sec = overdue
        .lines()
        .find(|l| l.starts_with("| SEC-2026-Q3 |"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(sec.contains("| 周杰 |"), "{sec}");
    let item = md
        .lines()
        .find(|l| l.starts_with("| PLN-2026-001 |") && l.contains("OA 信创改造"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(item.contains("| 王五 |"), "{item}");
    for id in ["zhou.jie", "wang.wu", "wu.fang", "sun.li"] {
        assert!(!md.contains(id), "{id} shown as an id");
    }
}
