//! The appraisal KPIs of DESIGN.md §5, as pure functions over loaded records and a period.
//!
//! Every KPI is computed the same way: its family function turns records into `Item`s — one per
//! thing considered (a record, a goal, a finding, a system-month), each with a numerator, a
//! denominator, the keys it can be grouped by, and the reason it was counted or left out. The
//! value is Σ numerators / Σ denominators of the counted items (0/0 is n/a), groups sum the
//! same way, and `--explain` lists the items. Nothing is averaged from percentages.

pub mod availability;
mod delivery;
mod operations;
mod people;
mod security;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use serde_json::{Map, Value};

use crate::config::Config;
use crate::record::Record;
use crate::record::value::Node;
use crate::rules::{Label, Rules};
use crate::time::{Period, parse_date, parse_datetime};

/// The KPI keys, in the order reports list them (from `DEFS`).
pub static KEYS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| DEFS.iter().map(|d| d.key).collect());

/// The kinds of record a KPI reads, so that a report of a few KPIs loads only those.
pub fn kinds_read(key: &str) -> &'static [&'static str] {
    match key {
        "availability" | "repair_timeliness" | "security_incidents" => &["incident"],
        "backup_success" => &["backup"],
        "restore_success" => &["backup", "drill"],
        "data_quality" => &["data"],
        "on_time_delivery" | "acceptance_pass" | "cost_control" => &["project"],
        "rectification" => &["security"],
        "drill_execution" | "drill_pass" => &["drill"],
        "appraisal_execution" | "goal_completion" => &["appraisal"],
        "employee_satisfaction" | "business_satisfaction" => &["survey"],
        _ => &["plan"],
    }
}

/// How a KPI's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A share of counted things: `98.75% (79/80)`.
    Rate,
    /// A share of time, in seconds: `99.95% (2183.5h/2184h)`.
    Time,
    /// Spent over budgeted money: `98.75% (790000/800000)`.
    Money,
    /// A count: `2`.
    Count,
}

/// A KPI's definition: key, names, unit, and whether its target is a maximum.
struct Def {
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    unit: Unit,
    target_is_max: bool,
}

const fn def(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    unit: Unit,
    target_is_max: bool,
) -> Def {
    Def {
        key,
        zh,
        en,
        unit,
        target_is_max,
    }
}

const DEFS: &[Def] = &[
    def(
        "availability",
        "信息系统稳定运行率",
        "System availability",
        Unit::Time,
        false,
    ),
    def(
        "repair_timeliness",
        "故障修复及时率",
        "Fault repair timeliness",
        Unit::Rate,
        false,
    ),
    def(
        "backup_success",
        "数据备份成功率",
        "Backup success rate",
        Unit::Rate,
        false,
    ),
    def(
        "restore_success",
        "数据恢复成功率",
        "Restore success rate",
        Unit::Rate,
        false,
    ),
    def(
        "data_quality",
        "数据质量",
        "Data quality",
        Unit::Rate,
        false,
    ),
    def(
        "on_time_delivery",
        "项目按时交付率",
        "On-time delivery",
        Unit::Rate,
        false,
    ),
    def(
        "acceptance_pass",
        "项目质量验收通过率",
        "Acceptance pass rate",
        Unit::Rate,
        false,
    ),
    def(
        "cost_control",
        "项目成本控制",
        "Project cost control",
        Unit::Money,
        true,
    ),
    def(
        "security_incidents",
        "信息安全事件发生率",
        "Security incidents",
        Unit::Count,
        true,
    ),
    def(
        "rectification",
        "安全隐患整改及时率",
        "Rectification timeliness",
        Unit::Rate,
        false,
    ),
    def(
        "drill_execution",
        "应急演练执行率",
        "Drill execution rate",
        Unit::Rate,
        false,
    ),
    def(
        "drill_pass",
        "应急演练达标率",
        "Drill pass rate",
        Unit::Rate,
        false,
    ),
    def(
        "appraisal_execution",
        "绩效考核计划执行率",
        "Appraisal plan execution",
        Unit::Rate,
        false,
    ),
    def(
        "goal_completion",
        "绩效目标完成率",
        "Goal completion",
        Unit::Rate,
        false,
    ),
    def(
        "employee_satisfaction",
        "员工满意度",
        "Employee satisfaction",
        Unit::Rate,
        false,
    ),
    def(
        "business_satisfaction",
        "业务部门满意度",
        "Business satisfaction",
        Unit::Rate,
        false,
    ),
    def(
        "plan_completion",
        "年度计划完成率",
        "Annual plan completion",
        Unit::Rate,
        false,
    ),
];

/// What a breakdown (`--by`) groups on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    System,
    Severity,
    Department,
    Owner,
    Month,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Missed,
    NotApplicable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::NotApplicable => "n/a",
        }
    }
}

/// The keys an item can be grouped by.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    pub system: Option<String>,
    pub severity: Option<String>,
    pub department: Option<String>,
    pub owner: Option<String>,
    pub month: Option<String>,
}

impl Keys {
    fn get(&self, by: By) -> Option<&String> {
        match by {
            By::System => self.system.as_ref(),
            By::Severity => self.severity.as_ref(),
            By::Department => self.department.as_ref(),
            By::Owner => self.owner.as_ref(),
            By::Month => self.month.as_ref(),
        }
    }
}

/// One thing a KPI considered, counted or left out, and why.
#[derive(Clone, Debug)]
pub struct Item {
    /// The record id (with a suffix for a part of a record: a goal, a finding), or a system.
    pub id: String,
    pub counted: bool,
    /// Not counted itself, but used by the items that are (an incident's outage window, which
    /// the availability of its system-months carries).
    pub evidence: bool,
    pub num: f64,
    pub den: f64,
    pub keys: Keys,
    pub reason: Label,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub group: String,
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: f64,
}

#[derive(Clone, Debug)]
pub struct Kpi {
    pub key: &'static str,
    pub name: Label,
    pub unit: Unit,
    pub value: Option<f64>,
    pub numerator: f64,
    /// None for counts.
    pub denominator: Option<f64>,
    pub target: Option<f64>,
    /// The target is a maximum (cost control, security incidents).
    pub target_is_max: bool,
    pub verdict: Verdict,
    pub groups: Vec<Group>,
    pub extra: Map<String, Value>,
    pub items: Vec<Item>,
}

/// Everything a KPI computation reads: the repository's settings and records, and the period.
pub struct Ctx<'a> {
    pub config: &'a Config,
    pub rules: &'a Rules,
    pub records: &'a [Record],
    pub period: &'a Period,
    /// The period as Unix seconds in the org time zone, `[start, end)`.
    pub start: i64,
    pub end: i64,
    /// min(now, end): nothing after it has happened yet.
    pub as_of: i64,
}

impl<'a> Ctx<'a> {
    pub fn new(
        config: &'a Config,
        rules: &'a Rules,
        records: &'a [Record],
        period: &'a Period,
        now: i64,
    ) -> Ctx<'a> {
        let start = midnight(config.tz, period.start);
        let end = midnight(config.tz, period.end);
        Ctx {
            config,
            rules,
            records,
            period,
            start,
            end,
            as_of: now.min(end),
        }
    }

    pub fn tz(&self) -> FixedOffset {
        self.config.tz
    }

    /// The records of one kind.
    pub fn of_kind(&self, kind: &str) -> impl Iterator<Item = &'a Record> + '_ {
        let index = self.rules.kinds.iter().position(|k| k.key == kind);
        self.records.iter().filter(move |r| Some(r.kind) == index)
    }

    /// Whether an instant lies in the period and has already happened.
    pub fn in_period(&self, t: i64) -> bool {
        self.start <= t && t < self.end && t <= self.as_of
    }

    /// Whether a date lies in the period (by its local midnight) and has begun by as-of.
    pub fn date_in_period(&self, d: NaiveDate) -> bool {
        self.in_period(midnight(self.tz(), d))
    }

    /// The local date of as-of.
    pub fn as_of_date(&self) -> NaiveDate {
        local_date(self.tz(), self.as_of)
    }

    /// Whether a deadline (a date, met if done on that day) has passed by as-of.
    pub fn deadline_passed(&self, due: NaiveDate) -> bool {
        due.succ_opt()
            .is_some_and(|next| midnight(self.tz(), next) <= self.as_of)
    }

    pub fn month_of(&self, t: i64) -> String {
        let d = local_date(self.tz(), t);
        format!("{}-{:02}", d.year(), d.month())
    }

    /// Keys common to every record: owner.
    pub fn keys(&self, rec: &Record) -> Keys {
        Keys {
            owner: text(rec, "owner"),
            ..Keys::default()
        }
    }
}

pub fn midnight(tz: FixedOffset, d: NaiveDate) -> i64 {
    tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .map_or(0, |t| t.timestamp())
}

pub fn local_date(tz: FixedOffset, t: i64) -> NaiveDate {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.with_timezone(&tz).date_naive())
        .unwrap_or_default()
}

/// A field of a record by path: `field` or `stage.field`.
pub fn node<'r>(rec: &'r Record, path: &str) -> Option<&'r Node> {
    match path.split_once('.') {
        Some((stage, field)) => rec.stage_field(stage, field),
        None => rec.get(path),
    }
}

pub fn text(rec: &Record, path: &str) -> Option<String> {
    node(rec, path).and_then(Node::scalar_text)
}

pub fn number(rec: &Record, path: &str) -> Option<f64> {
    node(rec, path).and_then(Node::as_f64)
}

pub fn instant(rec: &Record, path: &str, tz: FixedOffset) -> Option<i64> {
    node(rec, path)
        .and_then(Node::as_str)
        .and_then(|s| parse_datetime(s, tz, true))
        .map(|d| d.timestamp())
}

pub fn date(rec: &Record, path: &str) -> Option<NaiveDate> {
    node(rec, path).and_then(Node::as_str).and_then(parse_date)
}

pub fn id(rec: &Record) -> String {
    rec.id().unwrap_or_else(|| rec.stem()).to_string()
}

/// A reason in both languages.
pub fn why(zh: impl Into<String>, en: impl Into<String>) -> Label {
    Label {
        zh: zh.into(),
        en: en.into(),
    }
}

pub fn counted(id: String, num: f64, den: f64, keys: Keys, reason: Label) -> Item {
    Item {
        id,
        counted: true,
        evidence: false,
        num,
        den,
        keys,
        reason,
    }
}

pub fn left_out(id: String, reason: Label) -> Item {
    Item {
        id,
        counted: false,
        evidence: false,
        num: 0.0,
        den: 0.0,
        keys: Keys::default(),
        reason,
    }
}

/// How a deadline KPI words what was done: `("验收", "accepted", "not accepted")`.
pub struct Deed(pub &'static str, pub &'static str, pub &'static str);

/// An item judged by a deadline (a date, met if done on that day): done by it counts 1/1, done
/// after it 0/1, not done once it has passed 0/1; not done before it is left out (not yet due).
pub fn by_deadline(
    ctx: &Ctx<'_>,
    id: String,
    keys: Keys,
    due: NaiveDate,
    done: Option<NaiveDate>,
    deed: &Deed,
) -> Item {
    let Deed(zh, en, not_en) = deed;
    match done {
        Some(d) if d <= due => counted(
            id,
            1.0,
            1.0,
            keys,
            why(
                format!("{d} {zh},不晚于 {due}"),
                format!("{en} {d}, by {due}"),
            ),
        ),
        Some(d) => counted(
            id,
            0.0,
            1.0,
            keys,
            why(
                format!("{d} {zh},晚于 {due}"),
                format!("{en} {d}, after {due}"),
            ),
        ),
        None if ctx.deadline_passed(due) => counted(
            id,
            0.0,
            1.0,
            keys,
            why(
                format!("期限 {due} 已过,未{zh}"),
                format!("due {due}, {not_en}"),
            ),
        ),
        None => left_out(
            id,
            why(
                format!("期限 {due} 未到"),
                format!("due {due}, not yet due"),
            ),
        ),
    }
}

/// A record's date that must lie in the period (a deadline, a schedule): the date, or why the
/// record is left out (it has none, or it falls outside). `what` names it in Chinese.
pub fn dated_in_period(
    ctx: &Ctx<'_>,
    rec: &Record,
    path: &str,
    what: &str,
) -> Result<NaiveDate, Label> {
    match date(rec, path) {
        None => Err(why(format!("没有{what}({path})"), format!("no {path}"))),
        Some(d) if !ctx.date_in_period(d) => Err(outside(what, &d.to_string())),
        Some(d) => Ok(d),
    }
}

/// The shared "outside the period" reason.
pub fn outside(what: &str, when: &str) -> Label {
    why(
        format!("{what} {when} 不在统计周期内"),
        format!("{what} {when} is outside the period"),
    )
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| num / den)
}

/// Computes the KPIs named by `keys` (all when empty), broken down by `by` where it applies.
pub fn compute(ctx: &Ctx<'_>, keys: &[String], by: Option<By>) -> Vec<Kpi> {
    DEFS.iter()
        .filter(|d| keys.is_empty() || keys.iter().any(|k| k == d.key))
        .map(|d| {
            let (items, extra) = match d.key {
                "availability" => operations::availability(ctx),
                "repair_timeliness" => operations::repair_timeliness(ctx),
                "backup_success" => operations::backup_success(ctx),
                "restore_success" => operations::restore_success(ctx),
                "data_quality" => operations::data_quality(ctx),
                "on_time_delivery" => delivery::on_time_delivery(ctx),
                "acceptance_pass" => delivery::acceptance_pass(ctx),
                "cost_control" => delivery::cost_control(ctx),
                "security_incidents" => security::security_incidents(ctx),
                "rectification" => security::rectification(ctx),
                "drill_execution" => security::drill_execution(ctx),
                "drill_pass" => security::drill_pass(ctx),
                "appraisal_execution" => people::appraisal_execution(ctx),
                "goal_completion" => people::goal_completion(ctx),
                "employee_satisfaction" => people::satisfaction(ctx, "team"),
                "business_satisfaction" => people::satisfaction(ctx, "business"),
                _ => delivery::plan_completion(ctx),
            };
            finish(ctx, d, items, extra, by)
        })
        .collect()
}

fn finish(
    ctx: &Ctx<'_>,
    def: &Def,
    items: Vec<Item>,
    extra: Map<String, Value>,
    by: Option<By>,
) -> Kpi {
    let Def {
        key,
        unit,
        target_is_max,
        ..
    } = *def;
    let name = Label {
        zh: def.zh.into(),
        en: def.en.into(),
    };
    let counted = || items.iter().filter(|i| i.counted);
    // Folded from +0.0: an empty float sum is -0.0, which would print as "-0".
    let numerator = counted().fold(0.0, |a, i| a + i.num);
    let denominator = counted().fold(0.0, |a, i| a + i.den);
    let value = if unit == Unit::Count {
        Some(numerator)
    } else {
        ratio(numerator, denominator)
    };
    let mut groups: Vec<Group> = Vec::new();
    if let Some(by) = by
        && counted().any(|i| i.keys.get(by).is_some())
    {
        for item in counted() {
            let name = item
                .keys
                .get(by)
                .cloned()
                .unwrap_or_else(|| "—".to_string());
            match groups.iter_mut().find(|g| g.group == name) {
                Some(g) => {
                    g.numerator += item.num;
                    g.denominator += item.den;
                }
                None => groups.push(Group {
                    group: name,
                    value: None,
                    numerator: item.num,
                    denominator: item.den,
                }),
            }
        }
        for g in &mut groups {
            g.value = if unit == Unit::Count {
                Some(g.numerator)
            } else {
                ratio(g.numerator, g.denominator)
            };
        }
        groups.sort_by(|a, b| a.group.cmp(&b.group));
    }
    let target = ctx.config.target(key);
    let verdict = match (value, target) {
        (Some(v), Some(t)) if (target_is_max && v <= t) || (!target_is_max && v >= t) => {
            Verdict::Met
        }
        (Some(_), Some(_)) => Verdict::Missed,
        _ => Verdict::NotApplicable,
    };
    Kpi {
        key,
        name,
        unit,
        value,
        numerator,
        denominator: (unit != Unit::Count).then_some(denominator),
        target,
        target_is_max,
        verdict,
        groups,
        extra,
        items,
    }
}

/// Mean and median of a list of seconds; `None` for an empty list.
pub fn mean_median(values: &mut [i64]) -> (Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None);
    }
    values.sort_unstable();
    let n = values.len();
    let mean = values.iter().sum::<i64>() as f64 / n as f64;
    let median = if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    };
    (Some(mean), Some(median))
}

/// A duration for reasons: `1h 35m`.
pub fn hm(seconds: i64) -> String {
    crate::time::Duration(seconds.max(0)).to_string()
}
