//! Escape routes through the settings: KPI knobs and service levels that bend the numbers.

use std::path::Path;

use super::{copy, run};
use crate::support::{Finding, code, findings, replace_in, stdout};

/// The findings of `check` on itc.toml, as `line code: message`, and the exit code.
fn config_findings(dir: &Path) -> (Vec<String>, i32) {
    let out = run(dir, &["check", "--format", "json"]);
    let (found, _) = findings(&out);
    let lines = found
        .iter()
        .filter(|f: &&Finding| f.file == "itc.toml")
        .map(|f| format!("{} {}: {}", f.line, f.code, f.message))
        .collect();
    (lines, code(&out))
}

/// The 1-based line of itc.toml that starts with `start`.
fn line_of(dir: &Path, start: &str) -> usize {
    let text = std::fs::read_to_string(dir.join("itc.toml")).unwrap();
    1 + text
        .lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?}"))
}

/// A copy of the demo with `from` replaced by `to` in itc.toml.
fn edited(from: &str, to: &str) -> tempfile::TempDir {
    let dir = copy();
    replace_in(&dir.path().join("itc.toml"), from, to);
    dir
}

#[test]
fn knobs_tolerance_days_365() {
    // A year of grace makes every delivery and drill on time: outside [0, 30], an error.
    let dir = edited("tolerance_days = 0", "tolerance_days = 365");
    let line = line_of(dir.path(), "tolerance_days");
    let (found, status) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{line} E0306: `tolerance_days` is 365, outside [0, 30]"
        )]
    );
    assert_eq!(status, 1);
    // No KPI is computed with it: `kpi` refuses the broken itc.toml.
    assert_eq!(code(&run(dir.path(), &["kpi", "--period", "2026"])), 2);
    // Within the bounds, any grace is still more lenient than none: a warning naming the
    // default and the KPIs it bends.
    let dir = edited("tolerance_days = 0", "tolerance_days = 30");
    let (found, status) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{line} W0805: `kpi.tolerance_days` = 30 is more lenient than its default 0; it bends on_time_delivery, drill_execution"
        )]
    );
    assert_eq!(status, 0);
}

#[test]
fn knobs_partial_weight_zero() {
    // A partial outage counted as no downtime at all: in [0, 1], but lenient.
    let dir = edited("partial_weight = 0.5", "partial_weight = 0");
    let line = line_of(dir.path(), "partial_weight");
    let (found, _) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{line} W0805: `kpi.partial_weight` = 0 is more lenient than its default 0.5; it bends availability"
        )]
    );
    // Above 1 is out of range; above the default is stricter, and silent.
    let dir = edited("partial_weight = 0.5", "partial_weight = 1.5");
    let (found, _) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{line} E0306: `partial_weight` is 1.5, outside [0, 1]"
        )]
    );
    let dir = edited("partial_weight = 0.5", "partial_weight = 1");
    assert_eq!(config_findings(dir.path()), (Vec::new(), 0));
}

#[test]
fn knobs_pass_score_zero() {
    // Every scored goal met: a pass line below half the scale is no pass line.
    let dir = edited("pass_score = 60", "pass_score = 0");
    let line = line_of(dir.path(), "pass_score");
    let (found, status) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{line} E0306: `pass_score` is 0, outside [50, 100]"
        )]
    );
    assert_eq!(status, 1);
    let dir = edited("pass_score = 60", "pass_score = 55");
    let (found, _) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{line} W0805: `kpi.pass_score` = 55 is more lenient than its default 60; it bends goal_completion"
        )]
    );
    let dir = edited("pass_score = 60", "pass_score = 70");
    assert_eq!(config_findings(dir.path()), (Vec::new(), 0));
}

#[test]
fn knobs_cost_warn_above_the_limit() {
    // A warning line past the limit: an error of its own, and lenient besides.
    let dir = edited("cost_warn = 0.15", "cost_warn = 0.25");
    let line = line_of(dir.path(), "cost_warn");
    let (found, status) = config_findings(dir.path());
    assert_eq!(
        found,
        [
            format!("{line} E0808: cost_warn = 0.25 is above cost_limit = 0.2"),
            format!(
                "{line} W0805: `kpi.cost_warn` = 0.25 is more lenient than its default 0.15; it bends cost_control"
            ),
        ]
    );
    assert_eq!(status, 1);
    // A limit of more than the whole budget is no limit.
    let dir = edited("cost_limit = 0.20", "cost_limit = 1.5");
    let line = line_of(dir.path(), "cost_limit");
    let (found, _) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!("{line} E0306: `cost_limit` is 1.5, outside [0, 1]")]
    );
}

#[test]
fn repair_sla_removed() {
    // Without a limit, the P2 incidents would be "no_sla" and leave the repair KPI.
    let dir = edited("P2 = \"8h\"\n", "");
    let line = line_of(dir.path(), "[sla.resolve]");
    let (found, status) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{line} E0806: incident severity P2 has no time to resolve in [sla.resolve]"
        )]
    );
    assert_eq!(status, 1);
    // The P2 incidents cannot leave the repair KPI: `kpi` refuses the broken itc.toml.
    assert_eq!(code(&run(dir.path(), &["kpi", "--period", "2026"])), 2);
    // No [sla] at all: every severity of the rules, in their order.
    let dir = copy();
    let path = dir.path().join("itc.toml");
    for l in [
        "[sla.resolve]\n",
        "P1 = \"4h\"\n",
        "P2 = \"8h\"\n",
        "P3 = \"24h\"\n",
        "P4 = \"72h\"\n",
    ] {
        replace_in(&path, l, "");
    }
    let (found, _) = config_findings(dir.path());
    let codes: Vec<&str> = found
        .iter()
        .map(|f| &f[f.find(' ').unwrap() + 1..])
        .collect();
    assert_eq!(
        codes,
        [
            "E0806: incident severity P1 has no time to resolve in [sla.resolve]",
            "E0806: incident severity P2 has no time to resolve in [sla.resolve]",
            "E0806: incident severity P3 has no time to resolve in [sla.resolve]",
            "E0806: incident severity P4 has no time to resolve in [sla.resolve]",
        ]
    );
}

#[test]
fn repair_sla_30d() {
    // A P1 given a month: looser than the default, and than every less severe level.
    let dir = edited("P1 = \"4h\"", "P1 = \"30d\"");
    let line = line_of(dir.path(), "P1 =");
    let (found, status) = config_findings(dir.path());
    assert_eq!(
        found,
        [
            format!(
                "{line} E0807: the limit of P1 (30d) in [sla.resolve] is longer than that of the less severe P2 (8h)"
            ),
            format!(
                "{line} W0805: `sla.resolve.P1` = 30d is more lenient than its default 4h; it bends repair_timeliness"
            ),
        ]
    );
    assert_eq!(status, 1);
    // A P3 tighter than P1 and P2 puts both out of order, each against P3; tighter than its
    // default is no warning.
    let dir = edited("P3 = \"24h\"", "P3 = \"2h\"");
    let (p1, p2) = (line_of(dir.path(), "P1 ="), line_of(dir.path(), "P2 ="));
    let (found, _) = config_findings(dir.path());
    assert_eq!(
        found,
        [
            format!(
                "{p1} E0807: the limit of P1 (4h) in [sla.resolve] is longer than that of the less severe P3 (2h)"
            ),
            format!(
                "{p2} E0807: the limit of P2 (8h) in [sla.resolve] is longer than that of the less severe P3 (2h)"
            ),
        ]
    );
    // Equal limits are in order; a P4 of 4 days is lenient, not out of order.
    let dir = edited("P2 = \"8h\"", "P2 = \"4h\"");
    assert_eq!(config_findings(dir.path()), (Vec::new(), 0));
    let dir = edited("P4 = \"72h\"", "P4 = \"4d\"");
    let (found, _) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{} W0805: `sla.resolve.P4` = 4d is more lenient than its default 3d; it bends repair_timeliness",
            line_of(dir.path(), "P4 =")
        )]
    );
}

#[test]
fn repair_sla_for_a_severity_the_rules_add() {
    // The severities are the rules': a P0 added by rules.toml needs its own limit, in order.
    let dir = copy();
    std::fs::write(
        dir.path().join("rules.toml"),
        "version = 1\n\n[[kind]]\nkey = \"incident\"\nfields = [{ name = \"severity\", type = \"enum\", values = [\"P0\", \"P1\", \"P2\", \"P3\", \"P4\"], required = true, zh = \"级别\", en = \"Severity\" }]\n",
    )
    .unwrap();
    let line = line_of(dir.path(), "[sla.resolve]");
    let (found, _) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{line} E0806: incident severity P0 has no time to resolve in [sla.resolve]"
        )]
    );
    let path = dir.path().join("itc.toml");
    replace_in(&path, "P1 = \"4h\"", "P0 = \"6h\"\nP1 = \"4h\"");
    let (found, _) = config_findings(dir.path());
    assert_eq!(
        found,
        [format!(
            "{} E0807: the limit of P0 (6h) in [sla.resolve] is longer than that of the less severe P1 (4h)",
            line + 1
        )]
    );
    replace_in(&path, "P0 = \"6h\"", "P0 = \"2h\"");
    assert_eq!(config_findings(dir.path()), (Vec::new(), 0));
}

#[test]
fn the_report_prints_each_non_default_setting_and_the_demos_backup_cadences() {
    let report = |dir: &Path, lang: &str, format: &str| {
        let out = crate::support::Itc::new(dir)
            .today(super::TODAY)
            .args([
                "--lang", lang, "report", "--period", "2026", "--format", format,
            ])
            .run();
        assert_eq!(code(&out), 0, "{}", crate::support::stderr(&out));
        stdout(&out)
    };
    // The demo's only settings off their defaults are its backup cadences (five systems
    // checked quarterly and portal not at all, where the default is monthly) and liu.yang, the
    // manager's superior, exempt from the center's appraisals.
    let demo = copy();
    let coverage = |md: &str| {
        md.lines()
            .filter(|l| l.starts_with("| systems.") && l.contains("backup\\_check"))
            .count()
    };
    let md = report(demo.path(), "en", "md");
    let block = md
        .split("## ")
        .find(|s| s.starts_with("Settings that differ from the defaults"))
        .unwrap_or_else(|| panic!("no settings block: {md}"));
    let rows = block.lines().filter(|l| l.starts_with("| ")).count();
    assert_eq!((rows, coverage(block)), (8, 6), "{block}");
    assert!(block.contains("| appraisal.exempt | liu.yang |"), "{block}");
    let dir = edited("tolerance_days = 0", "tolerance_days = 3");
    replace_in(&dir.path().join("itc.toml"), "P4 = \"72h\"", "P4 = \"48h\"");
    let md = report(dir.path(), "en", "md");
    let block = md
        .split("## ")
        .find(|s| s.starts_with("Settings that differ from the defaults"))
        .unwrap_or_else(|| panic!("no settings block: {md}"));
    let rows: Vec<&str> = block
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| systems."))
        .collect();
    assert_eq!(
        rows,
        [
            "| Setting | Value | Default | KPIs affected | Direction |",
            "| kpi.tolerance\\_days | 3 | 0 | On-time delivery, Drill execution rate | more lenient |",
            "| appraisal.exempt | liu.yang | \\[\\] | Appraisal plan execution | more lenient |",
            "| sla.resolve.P4 | 2d | 3d | Fault repair timeliness | stricter |",
        ]
    );
    // Near the top: before the scorecard.
    assert!(md.find("## Settings").unwrap() < md.find("## KPI scorecard").unwrap());
    let zh = report(dir.path(), "zh", "md");
    assert!(zh.contains("## 非默认设置"), "{zh}");
    assert!(
        zh.contains("| sla.resolve.P4 | 2d | 3d | 故障修复及时率 | 更严格 |"),
        "{zh}"
    );
    let html = report(dir.path(), "en", "html");
    assert!(html.contains("<section id=\"settings\">"), "{html}");
    assert!(html.contains("kpi.tolerance_days"));
    // A limit without a default is listed, with no direction.
    std::fs::write(
        dir.path().join("rules.toml"),
        "version = 1\n\n[[kind]]\nkey = \"incident\"\nfields = [{ name = \"severity\", type = \"enum\", values = [\"P0\", \"P1\", \"P2\", \"P3\", \"P4\"], required = true, zh = \"级别\", en = \"Severity\" }]\n",
    )
    .unwrap();
    replace_in(
        &dir.path().join("itc.toml"),
        "P1 = \"4h\"",
        "P0 = \"2h\"\nP1 = \"4h\"",
    );
    let md = report(dir.path(), "en", "md");
    assert!(
        md.contains("| sla.resolve.P0 | 2h | none | Fault repair timeliness | — |"),
        "{md}"
    );
}
