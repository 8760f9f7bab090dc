//! `itc.toml` read into typed settings: the org, the working calendar, the systems catalogue, the
//! roster, the SLA, KPI targets and knobs. Validation of its shape is done against the config
//! schema (`rules/config.toml`) by the same field checks as records; this module only reads
//! values and reports what the schema cannot see of them alone (duplicate ids). The targets are
//! kept as written: which keys and values the KPIs accept is checked above (`check::config`).

use std::collections::HashSet;

use chrono::{Datelike, FixedOffset, NaiveDate};

use crate::Lang;
use crate::diag::{Code, Diag};
use crate::record::Format;
use crate::record::value::{Node, Span, Table};
use crate::time::{
    Calendar, Clock, Duration, Hours, Period, parse_date, parse_duration, parse_offset,
};

pub mod scorecard;

#[derive(Clone, Debug)]
pub struct System {
    pub id: String,
    pub name: String,
    pub criticality: String,
    pub hours: Hours,
    pub availability_target: Option<f64>,
    pub rto: Option<Duration>,
    pub rpo: Option<Duration>,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub department: Option<String>,
    /// Matched against `git config user.email` to know who is acting.
    pub email: Option<String>,
}

#[derive(Clone, Debug)]
pub struct KpiSettings {
    pub tolerance_days: i64,
    pub partial_weight: f64,
    pub cost_warn: f64,
    pub cost_limit: f64,
    pub pass_score: f64,
}

impl Default for KpiSettings {
    fn default() -> Self {
        KpiSettings {
            tolerance_days: 0,
            partial_weight: 0.5,
            cost_warn: 0.15,
            cost_limit: 0.20,
            pass_score: 60.0,
        }
    }
}

/// A `[kpi]` knob: its key, its default, which way it is lenient, and the KPIs it bends.
pub struct Knob {
    pub key: &'static str,
    pub default: f64,
    /// A value above the default is lenient (`tolerance_days`); else one below it is
    /// (`pass_score`).
    pub lenient_above: bool,
    /// The keys of the KPIs the knob bends.
    pub kpis: &'static [&'static str],
}

/// The `[kpi]` knobs, in the order of the config schema.
pub const KNOBS: &[Knob] = &[
    Knob {
        key: "tolerance_days",
        default: 0.0,
        lenient_above: true,
        kpis: &["on_time_delivery", "drill_execution"],
    },
    Knob {
        key: "partial_weight",
        default: 0.5,
        lenient_above: false,
        kpis: &["availability"],
    },
    Knob {
        key: "cost_warn",
        default: 0.15,
        lenient_above: true,
        kpis: &["cost_control"],
    },
    Knob {
        key: "cost_limit",
        default: 0.20,
        lenient_above: true,
        kpis: &["cost_control"],
    },
    Knob {
        key: "pass_score",
        default: 60.0,
        lenient_above: false,
        kpis: &["goal_completion"],
    },
];

impl Knob {
    /// The knob's value in `settings`.
    pub fn value(&self, settings: &KpiSettings) -> f64 {
        match self.key {
            "tolerance_days" => settings.tolerance_days as f64,
            "partial_weight" => settings.partial_weight,
            "cost_warn" => settings.cost_warn,
            "cost_limit" => settings.cost_limit,
            _ => settings.pass_score,
        }
    }

    /// Whether `v` is more lenient than the default.
    pub fn lenient(&self, v: f64) -> bool {
        if self.lenient_above {
            v > self.default
        } else {
            v < self.default
        }
    }
}

/// How often a record must exist: a coverage cadence of itc.toml (`backup_check`,
/// `[appraisal] cycle`, `[survey]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    Month,
    Quarter,
    HalfYear,
    Year,
    /// No record is required.
    Never,
}

impl Cadence {
    /// `monthly`, `quarterly`, `none` (backup checks); `quarter`, `half-year`, `year`.
    pub fn parse(text: &str) -> Option<Cadence> {
        match text {
            "monthly" => Some(Cadence::Month),
            "quarterly" | "quarter" => Some(Cadence::Quarter),
            "half-year" => Some(Cadence::HalfYear),
            "year" => Some(Cadence::Year),
            "none" => Some(Cadence::Never),
            _ => None,
        }
    }

    /// The setting's value as itc.toml writes it (`monthly`, `quarterly` for a backup check).
    pub fn text(self, backup: bool) -> &'static str {
        match (self, backup) {
            (Cadence::Month, _) => "monthly",
            (Cadence::Quarter, true) => "quarterly",
            (Cadence::Quarter, false) => "quarter",
            (Cadence::HalfYear, _) => "half-year",
            (Cadence::Year, _) => "year",
            (Cadence::Never, _) => "none",
        }
    }

    /// How many periods of it a year holds (none: 0): fewer is more lenient.
    pub fn per_year(self) -> u32 {
        match self {
            Cadence::Month => 12,
            Cadence::Quarter => 4,
            Cadence::HalfYear => 2,
            Cadence::Year => 1,
            Cadence::Never => 0,
        }
    }

    /// The period of this cadence that holds `day` (none for `Never`).
    pub fn period_of(self, day: NaiveDate) -> Option<Period> {
        let (y, m) = (day.year(), day.month());
        let label = match self {
            Cadence::Month => format!("{y}-{m:02}"),
            Cadence::Quarter => format!("{y}-Q{}", (m - 1) / 3 + 1),
            Cadence::HalfYear => format!("{y}-H{}", (m - 1) / 6 + 1),
            Cadence::Year => format!("{y}"),
            Cadence::Never => return None,
        };
        Period::parse_cycle(&label)
    }
}

/// What a system must have on record (`backup_check`, and a drill for a core system), and
/// where itc.toml says so.
#[derive(Clone, Debug)]
pub struct SystemCoverage {
    pub id: String,
    /// `backup_check`; absent: monthly (a system left unconfigured is never spared).
    pub backup_check: Cadence,
    pub core: bool,
    /// The `backup_check` value, else the system's `id`.
    pub span: Span,
    /// The system's `id`.
    pub id_span: Span,
}

/// A roster member who needs an appraisal each cycle, and the line of their `id`.
#[derive(Clone, Debug)]
pub struct Appraisee {
    pub id: String,
    pub span: Span,
}

/// What must exist on record (DESIGN.md §1, coverage): read by `kpi::coverage`, which both the
/// KPIs and `check` ask what is missing.
#[derive(Clone, Debug)]
pub struct Coverage {
    pub systems: Vec<SystemCoverage>,
    /// `[appraisal] cycle`; absent: half-year.
    pub appraisal_cycle: Cadence,
    /// The roster but the manager (role 综合信息中心经理) and `[appraisal] exempt`.
    pub appraisees: Vec<Appraisee>,
    /// `[appraisal] exempt`, as written.
    pub exempt: Vec<String>,
    /// `[survey] employee` (absent: year) and `business` (absent: half-year), with the line
    /// each is written on (else that of `[survey]`, else the file's first).
    pub employee_survey: (Cadence, Span),
    pub business_survey: (Cadence, Span),
}

impl Default for Coverage {
    fn default() -> Self {
        Coverage {
            systems: Vec::new(),
            appraisal_cycle: Cadence::HalfYear,
            appraisees: Vec::new(),
            exempt: Vec::new(),
            employee_survey: (Cadence::Year, Span::START),
            business_survey: (Cadence::HalfYear, Span::START),
        }
    }
}

/// The role of the manager, whom the center does not appraise: `[appraisal] manager_role`,
/// else its default in the config schema (`rules/config.toml`).
fn manager_role(appraisal: Option<&Table>) -> Option<String> {
    if let Some(role) = appraisal.and_then(|a| a.str("manager_role")) {
        return Some(role.to_string());
    }
    let schema =
        crate::rules::load::parse_field_list(crate::rules::CONFIG_SCHEMA, "<config schema>")
            .ok()?;
    let crate::rules::Type::Table(items) = &schema.iter().find(|f| f.name == "appraisal")?.ty
    else {
        return None;
    };
    items
        .iter()
        .find(|f| f.name == "manager_role")?
        .default
        .clone()
}

/// Reads what must exist on record from itc.toml's table.
fn coverage(t: &Table) -> Coverage {
    let mut c = Coverage::default();
    for s in tables(t, "systems") {
        let Some(id) = s.entry("id") else { continue };
        let Some(id_text) = id.node.as_str() else {
            continue;
        };
        let written = s.entry("backup_check");
        c.systems.push(SystemCoverage {
            id: id_text.to_string(),
            backup_check: written
                .and_then(|e| e.node.as_str())
                .and_then(Cadence::parse)
                .unwrap_or(Cadence::Month),
            core: s.str("criticality") == Some("core"),
            span: written.map_or(id.node.span, |e| e.node.span),
            id_span: id.node.span,
        });
    }
    let appraisal = t.get("appraisal").and_then(Node::as_table);
    if let Some(cycle) = appraisal
        .and_then(|a| a.str("cycle"))
        .and_then(Cadence::parse)
    {
        c.appraisal_cycle = cycle;
    }
    // As written, in order: the report lists them.
    c.exempt = appraisal
        .and_then(|a| a.get("exempt"))
        .and_then(Node::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Node::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let exempt: HashSet<&str> = c.exempt.iter().map(String::as_str).collect();
    let role = manager_role(appraisal);
    for p in tables(t, "people") {
        let Some(id) = p.entry("id") else { continue };
        let Some(id_text) = id.node.as_str() else {
            continue;
        };
        let manager = role.is_some() && p.str("role") == role.as_deref();
        if manager || exempt.contains(id_text) {
            continue;
        }
        c.appraisees.push(Appraisee {
            id: id_text.to_string(),
            span: id.node.span,
        });
    }
    if let Some(entry) = t.entry("survey") {
        let survey = entry.node.as_table();
        for (key, slot) in [
            ("employee", &mut c.employee_survey),
            ("business", &mut c.business_survey),
        ] {
            slot.1 = entry.key_span;
            if let Some(e) = survey.and_then(|s| s.entry(key)) {
                slot.1 = e.node.span;
                if let Some(cadence) = e.node.as_str().and_then(Cadence::parse) {
                    slot.0 = cadence;
                }
            }
        }
    }
    c
}

/// The times to resolve `itc init` writes, by severity: the defaults an SLA is measured against.
pub const DEFAULT_SLA: &[(&str, &str)] =
    &[("P1", "4h"), ("P2", "8h"), ("P3", "24h"), ("P4", "72h")];

/// The KPIs a backup check's cadence bends.
const BACKUP_KPIS: &[&str] = &["backup_success"];

/// The KPIs the times to resolve bend.
pub const SLA_KPIS: &[&str] = &["repair_timeliness"];

/// The default time to resolve of a severity, if it has one.
pub fn default_sla(severity: &str) -> Option<Duration> {
    DEFAULT_SLA
        .iter()
        .find(|(k, _)| *k == severity)
        .and_then(|(_, d)| parse_duration(d))
}

/// A setting that differs from its default, for the report: its key as in itc.toml, its value
/// and its default as written (no default: a severity the rules add), and whether it is more
/// lenient than the default.
#[derive(Clone, Debug, PartialEq)]
pub struct Changed {
    pub key: String,
    pub value: String,
    pub default: Option<String>,
    pub lenient: bool,
    /// The keys of the KPIs it bends.
    pub kpis: &'static [&'static str],
}

#[derive(Clone, Debug)]
pub struct Config {
    pub org_name: String,
    pub lang: Option<Lang>,
    pub tz: FixedOffset,
    pub format: Format,
    pub currency: String,
    pub holidays: HashSet<NaiveDate>,
    pub workdays: HashSet<NaiveDate>,
    pub systems: Vec<System>,
    pub people: Vec<Person>,
    /// Time to resolve, by severity (`P1` …).
    pub sla_resolve: Vec<(String, Duration)>,
    /// The clock each severity's SLA runs on (`[sla.clock]`); a severity not named runs 24x7.
    pub sla_clock: Vec<(String, Clock)>,
    /// The numeric KPI targets as written, until `check::config` keeps only those the KPIs
    /// accept.
    pub targets: Vec<(String, f64)>,
    pub kpi: KpiSettings,
    /// `[org] since`: when the center started keeping records in itc. The KPIs of a period
    /// wholly before it are n/a; a period that straddles it counts from it.
    pub since: Option<NaiveDate>,
    /// `[scorecard]`: the items the manager's score is made of (weighed by the `score`
    /// module); none when itc.toml has none.
    pub scorecard: Option<scorecard::Scorecard>,
    /// What must exist on record.
    pub coverage: Coverage,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            org_name: String::new(),
            lang: None,
            tz: CHINA_STANDARD_TIME,
            format: Format::Toml,
            currency: "CNY".into(),
            holidays: HashSet::new(),
            workdays: HashSet::new(),
            systems: Vec::new(),
            people: Vec::new(),
            sla_resolve: Vec::new(),
            sla_clock: Vec::new(),
            targets: Vec::new(),
            kpi: KpiSettings::default(),
            since: None,
            scorecard: None,
            coverage: Coverage::default(),
        }
    }
}

pub use crate::time::CHINA_STANDARD_TIME;

/// The repository's settings file, which marks its root.
pub const CONFIG_FILE: &str = "itc.toml";

fn dates(t: Option<&Table>, key: &str) -> HashSet<NaiveDate> {
    t.and_then(|t| t.get(key))
        .and_then(Node::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str().and_then(parse_date))
                .collect()
        })
        .unwrap_or_default()
}

fn duration(t: &Table, key: &str) -> Option<Duration> {
    t.str(key).and_then(parse_duration)
}

fn tables<'a>(t: &'a Table, key: &str) -> impl Iterator<Item = &'a Table> {
    t.get(key)
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_table)
}

/// Reports the second and later uses of one id in `[[systems]]` or `[[people]]`.
fn duplicates(t: &Table, key: &str, diags: &mut Vec<Diag>) {
    let mut seen = HashSet::new();
    for item in tables(t, key) {
        if let Some(entry) = item.entry("id")
            && let Some(id) = entry.node.as_str()
            && !seen.insert(id.to_string())
        {
            diags.push(
                Diag::new(Code::E0801, CONFIG_FILE, entry.node.span)
                    .arg("what", key)
                    .arg("id", id),
            );
        }
    }
}

impl Config {
    pub fn from_table(t: &Table, diags: &mut Vec<Diag>) -> Config {
        let mut c = Config::default();
        let org = t.get("org").and_then(Node::as_table);
        if let Some(org) = org {
            c.org_name = org.str("name").unwrap_or("").to_string();
            c.lang = org.str("lang").and_then(Lang::parse);
            if let Some(tz) = org.str("timezone").and_then(parse_offset) {
                c.tz = tz;
            }
            if org.str("format") == Some("yaml") {
                c.format = Format::Yaml;
            }
            if let Some(cur) = org.str("currency") {
                c.currency = cur.to_string();
            }
            c.since = org.str("since").and_then(parse_date);
        }
        let cal = t.get("calendar").and_then(Node::as_table);
        c.holidays = dates(cal, "holidays");
        c.workdays = dates(cal, "workdays");
        c.systems = tables(t, "systems")
            .filter_map(|s| {
                Some(System {
                    id: s.str("id")?.to_string(),
                    name: s.str("name").unwrap_or("").to_string(),
                    criticality: s.str("criticality").unwrap_or("general").to_string(),
                    hours: s
                        .str("hours")
                        .and_then(Hours::parse)
                        .unwrap_or(Hours::Always),
                    availability_target: s.get("availability_target").and_then(Node::as_f64),
                    rto: duration(s, "rto"),
                    rpo: duration(s, "rpo"),
                })
            })
            .collect();
        c.people = tables(t, "people")
            .filter_map(|p| {
                Some(Person {
                    id: p.str("id")?.to_string(),
                    name: p.str("name").unwrap_or("").to_string(),
                    department: p.str("department").map(str::to_string),
                    email: p.str("email").map(str::to_string),
                })
            })
            .collect();
        c.coverage = coverage(t);
        duplicates(t, "systems", diags);
        duplicates(t, "people", diags);
        if let Some(resolve) = t
            .get("sla")
            .and_then(Node::as_table)
            .and_then(|s| s.get("resolve"))
            .and_then(Node::as_table)
        {
            for e in &resolve.entries {
                if let Some(d) = e.node.as_str().and_then(parse_duration) {
                    c.sla_resolve.push((e.key.clone(), d));
                }
            }
        }
        if let Some(clock) = t
            .get("sla")
            .and_then(Node::as_table)
            .and_then(|s| s.get("clock"))
            .and_then(Node::as_table)
        {
            for e in &clock.entries {
                if let Some(k) = e.node.as_str().and_then(Clock::parse) {
                    c.sla_clock.push((e.key.clone(), k));
                }
            }
        }
        if let Some(targets) = t.get("targets").and_then(Node::as_table) {
            for e in &targets.entries {
                if let Some(v) = e.node.as_f64() {
                    c.targets.push((e.key.clone(), v));
                }
            }
        }
        if let Some(k) = t.get("kpi").and_then(Node::as_table) {
            let num =
                |key: &str, default: f64| k.get(key).and_then(Node::as_f64).unwrap_or(default);
            let d = KpiSettings::default();
            c.kpi = KpiSettings {
                tolerance_days: k.get("tolerance_days").and_then(Node::as_i64).unwrap_or(0),
                partial_weight: num("partial_weight", d.partial_weight),
                cost_warn: num("cost_warn", d.cost_warn),
                cost_limit: num("cost_limit", d.cost_limit),
                pass_score: num("pass_score", d.pass_score),
            };
        }
        c.scorecard = scorecard::read(t);
        c
    }

    pub fn system(&self, id: &str) -> Option<&System> {
        self.systems.iter().find(|s| s.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The person with this email (ignoring case).
    pub fn person_by_email(&self, email: &str) -> Option<&Person> {
        let email = email.trim();
        self.people.iter().find(|p| {
            p.email
                .as_deref()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(email))
        })
    }

    /// Every `[kpi]` knob and `[sla.resolve]` limit that differs from its default, knobs first,
    /// then the limits in the order written, then each `[sla.clock]` severity on the service
    /// clock (lenient: it never shortens a limit); a severity of `severities` with no limit is
    /// listed with the value `-`.
    pub fn changed_settings(&self, severities: &[&str]) -> Vec<Changed> {
        let mut out = Vec::new();
        for knob in KNOBS {
            let v = knob.value(&self.kpi);
            if v != knob.default {
                out.push(Changed {
                    key: format!("kpi.{}", knob.key),
                    value: number_text(v),
                    default: Some(number_text(knob.default)),
                    lenient: knob.lenient(v),
                    kpis: knob.kpis,
                });
            }
        }
        self.changed_coverage(&mut out);
        for (sev, d) in &self.sla_resolve {
            let default = default_sla(sev);
            if default != Some(*d) {
                out.push(Changed {
                    key: format!("sla.resolve.{sev}"),
                    value: d.to_string(),
                    default: default.map(|d| d.to_string()),
                    lenient: default.is_some_and(|def| *d > def),
                    kpis: SLA_KPIS,
                });
            }
        }
        for (sev, clock) in &self.sla_clock {
            if *clock != Clock::Wall {
                out.push(Changed {
                    key: format!("sla.clock.{sev}"),
                    value: clock.as_str().into(),
                    default: Some(Clock::Wall.as_str().into()),
                    lenient: true,
                    kpis: SLA_KPIS,
                });
            }
        }
        for sev in severities {
            if self.sla(sev).is_none() {
                out.push(Changed {
                    key: format!("sla.resolve.{sev}"),
                    value: "-".into(),
                    default: default_sla(sev).map(|d| d.to_string()),
                    lenient: true,
                    kpis: SLA_KPIS,
                });
            }
        }
        out
    }

    /// The coverage settings that differ from their defaults: fewer records required is
    /// lenient (`backup_check = "none"`, `exempt`, a longer cycle).
    fn changed_coverage(&self, out: &mut Vec<Changed>) {
        let cov = &self.coverage;
        let d = Coverage::default();
        let mut cadence = |key: String,
                           v: Cadence,
                           default: Cadence,
                           backup: bool,
                           kpis: &'static [&'static str]| {
            if v != default {
                out.push(Changed {
                    key,
                    value: v.text(backup).into(),
                    default: Some(default.text(backup).into()),
                    lenient: v.per_year() < default.per_year(),
                    kpis,
                });
            }
        };
        for s in &cov.systems {
            let key = format!("systems.{}.backup_check", s.id);
            cadence(key, s.backup_check, Cadence::Month, true, BACKUP_KPIS);
        }
        cadence(
            "appraisal.cycle".into(),
            cov.appraisal_cycle,
            d.appraisal_cycle,
            false,
            &["appraisal_execution"],
        );
        cadence(
            "survey.employee".into(),
            cov.employee_survey.0,
            d.employee_survey.0,
            false,
            &["employee_satisfaction"],
        );
        cadence(
            "survey.business".into(),
            cov.business_survey.0,
            d.business_survey.0,
            false,
            &["business_satisfaction"],
        );
        if !cov.exempt.is_empty() {
            out.push(Changed {
                key: "appraisal.exempt".into(),
                value: cov.exempt.join(", "),
                default: Some("[]".into()),
                lenient: true,
                kpis: &["appraisal_execution"],
            });
        }
    }

    pub fn target(&self, key: &str) -> Option<f64> {
        self.targets.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// The clock the SLA of `severity` runs on: 24x7 unless `[sla.clock]` says `service`.
    pub fn clock(&self, severity: &str) -> Clock {
        self.sla_clock
            .iter()
            .find(|(k, _)| k == severity)
            .map_or(Clock::Wall, |(_, c)| *c)
    }

    /// The working calendar of `[calendar]`.
    pub fn calendar(&self) -> Calendar<'_> {
        Calendar {
            holidays: &self.holidays,
            workdays: &self.workdays,
            tz: self.tz,
        }
    }

    pub fn sla(&self, severity: &str) -> Option<Duration> {
        self.sla_resolve
            .iter()
            .find(|(k, _)| k == severity)
            .map(|(_, d)| *d)
    }
}

/// A number as a person writes it: `0.5`, `60`, without float noise.
pub fn number_text(v: f64) -> String {
    let rounded = (v * 1e9).round() / 1e9;
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_knobs_defaults_are_the_settings_defaults() {
        let d = KpiSettings::default();
        for knob in KNOBS {
            assert_eq!(knob.value(&d), knob.default, "{}", knob.key);
            assert!(!knob.lenient(knob.default), "{}", knob.key);
        }
        let keys: Vec<&str> = KNOBS.iter().map(|k| k.key).collect();
        assert_eq!(
            keys,
            [
                "tolerance_days",
                "partial_weight",
                "cost_warn",
                "cost_limit",
                "pass_score"
            ]
        );
        let c = Config::default();
        assert!(c.changed_settings(&[]).is_empty());
        // A severity without a limit is listed, as are a knob and a limit off their defaults.
        let mut c = Config::default();
        c.kpi.pass_score = 70.0;
        c.sla_resolve = vec![
            ("P1".into(), Duration(4 * 3600)),
            ("P2".into(), Duration(86_400)),
        ];
        let changed = c.changed_settings(&["P1", "P2", "P3"]);
        let brief: Vec<(&str, &str, Option<&str>, bool)> = changed
            .iter()
            .map(|c| {
                (
                    c.key.as_str(),
                    c.value.as_str(),
                    c.default.as_deref(),
                    c.lenient,
                )
            })
            .collect();
        assert_eq!(
            brief,
            [
                ("kpi.pass_score", "70", Some("60"), false),
                ("sla.resolve.P2", "1d", Some("8h"), true),
                ("sla.resolve.P3", "-", Some("1d"), true),
            ]
        );
    }
}
