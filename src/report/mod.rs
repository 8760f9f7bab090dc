//! The manager's report (`itc report`): the KPIs of a period with the change against the
//! previous period, twelve months of trends, and the incidents, projects, drills, security
//! findings, appraisals, surveys, plan items, data quality and overdue items behind them.
//!
//! Every number comes from the KPI engine (`crate::kpi::compute`) and the one deadline model
//! (`crate::facts::deadline`, through `crate::status`): this module only selects and words. It
//! builds a `Report` of sections, tables and charts in the output language; `html` and
//! `markdown` render that one model, so both formats hold the same content.

pub mod chart;
pub mod html;
pub mod markdown;

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate};

use crate::Lang;
use crate::config::Config;
use crate::facts::deadline::{self, Standing};
use crate::facts::{Body, Facts};
use crate::kpi::{self, Ctx, Details, Key, Kpi, Unit, Verdict};
use crate::output::kpi::{counts_text, percent, value_text};
use crate::rules::Rules;
use crate::time::Period;

/// What a record gives the report beyond its typed facts: an incident's cause and fault report.
#[derive(Clone, Debug, Default)]
pub struct Extra {
    pub cause: Option<String>,
    pub fault_report: Option<String>,
}

/// A table cell: its text, and the verdict it shows (drawn with a shape and a word, not colour
/// alone).
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub verdict: Option<Verdict>,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            verdict: None,
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::plain(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::plain(text)
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Shown instead of an empty table.
    pub empty: String,
}

impl Table {
    /// A table in `lang`: its caption, its column heads and what is shown instead of it when it
    /// has no rows, each given in zh and en.
    fn of(
        lang: Lang,
        caption: (&str, &str),
        head: (&[&str], &[&str]),
        rows: Vec<Vec<Cell>>,
        empty: (&str, &str),
    ) -> Table {
        let head = match lang {
            Lang::Zh => head.0,
            Lang::En => head.1,
        };
        Table {
            caption: t(lang, caption.0, caption.1),
            head: head.iter().map(|h| h.to_string()).collect(),
            rows,
            empty: t(lang, empty.0, empty.1),
        }
    }
}

/// A chart; its numbers are also in a table of the same section (the Markdown shows those).
#[derive(Clone, Debug)]
pub enum Chart {
    /// One ratio KPI month by month, with its target.
    Line {
        title: String,
        months: Vec<String>,
        values: Vec<Option<f64>>,
        target: Option<f64>,
        /// The target is a maximum: a value above it misses.
        target_is_max: bool,
    },
    /// Availability per system against each system's target.
    Bars {
        title: String,
        bars: Vec<(String, Option<f64>, Option<f64>)>,
    },
}

impl Chart {
    pub fn title(&self) -> &str {
        match self {
            Chart::Line { title, .. } | Chart::Bars { title, .. } => title,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub notes: Vec<String>,
    pub charts: Vec<Chart>,
    pub tables: Vec<Table>,
}

#[derive(Clone, Debug)]
pub struct Report {
    pub lang: Lang,
    pub title: String,
    /// `统计周期 2026-Q3(2026-07-01 至 2026-09-30)· 截至 …`
    pub subtitle: String,
    pub met: usize,
    pub missed: usize,
    pub not_applicable: usize,
    pub headline: String,
    pub sections: Vec<Section>,
}

/// Words in the output language.
fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

pub fn verdict_word(v: Verdict, lang: Lang) -> &'static str {
    match (v, lang) {
        (Verdict::Met, Lang::Zh) => "达标",
        (Verdict::Missed, Lang::Zh) => "未达标",
        (Verdict::NotApplicable, Lang::Zh) => "不适用",
        (Verdict::Met, Lang::En) => "met",
        (Verdict::Missed, Lang::En) => "missed",
        (Verdict::NotApplicable, Lang::En) => "n/a",
    }
}

/// The shape that carries a verdict beside its word.
pub fn verdict_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "✓",
        Verdict::Missed => "✗",
        Verdict::NotApplicable => "–",
    }
}

fn verdict_cell(v: Verdict, lang: Lang) -> Cell {
    Cell {
        text: verdict_word(v, lang).to_string(),
        verdict: Some(v),
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

/// A KPI's target as `kpi` prints it: `≥ 99.90%`, `≤ 0`.
fn target_text(unit: Unit, target: Option<f64>, is_max: bool) -> String {
    let Some(t) = target else {
        return "—".into();
    };
    let op = if is_max { "≤" } else { "≥" };
    match unit {
        Unit::Count => format!("{op} {}", number(t)),
        _ => format!("{op} {}", percent(t)),
    }
}

/// The change of a KPI against the previous period: percentage points for ratios.
fn change_text(unit: Unit, now: Option<f64>, before: Option<f64>, lang: Lang) -> String {
    match (now, before) {
        (Some(a), Some(b)) if unit == Unit::Count => format!("{:+}", (a - b) as i64),
        (Some(a), Some(b)) => {
            // Hundredths of a point, rounded: the two values are each truncated for display.
            let pp = ((a - b) * 10_000.0).round() / 100.0;
            match lang {
                Lang::Zh => format!("{pp:+.2} 个百分点"),
                Lang::En => format!("{pp:+.2} pp"),
            }
        }
        _ => "—".into(),
    }
}

/// The previous period of the same length: the month, quarter, half-year or year before.
pub fn previous(p: &Period) -> Option<Period> {
    let months = months_between(p.start, p.end)?;
    let start = p.start.checked_sub_months(Months::new(months))?;
    Some(Period {
        label: cycle_label(start, months),
        start,
        end: p.start,
    })
}

fn months_between(a: NaiveDate, b: NaiveDate) -> Option<u32> {
    let n = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    (a.day() == 1 && b.day() == 1 && n > 0).then_some(n as u32)
}

fn cycle_label(start: NaiveDate, months: u32) -> String {
    let y = start.year();
    match months {
        12 => format!("{y}"),
        6 => format!("{y}-H{}", start.month0() / 6 + 1),
        3 => format!("{y}-Q{}", start.month0() / 3 + 1),
        _ => format!("{y}-{:02}", start.month()),
    }
}

/// The twelve months ending with the period's last month.
pub fn trend_months(p: &Period) -> Vec<Period> {
    let Some(last) = p.end.checked_sub_months(Months::new(1)) else {
        return Vec::new();
    };
    (0..12u32)
        .rev()
        .filter_map(|back| {
            let start = last.checked_sub_months(Months::new(back))?;
            let end = start.checked_add_months(Months::new(1))?;
            Some(Period {
                label: cycle_label(start, 1),
                start,
                end,
            })
        })
        .collect()
}

/// The inputs of a report.
pub struct Input<'a> {
    pub config: &'a Config,
    pub rules: &'a Rules,
    pub facts: &'a [Facts],
    pub extras: &'a [Extra],
    pub period: &'a Period,
    pub now: DateTime<FixedOffset>,
    pub lang: Lang,
}

fn stamp(tz: FixedOffset, t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// A KPI context that drops each KPI's items once summed: the report reads the sums.
fn summed(mut ctx: Ctx<'_>) -> Ctx<'_> {
    ctx.keep_items = false;
    ctx
}

/// Builds the report.
pub fn build(input: &Input<'_>) -> Report {
    let Input {
        config,
        rules,
        facts,
        period,
        now,
        lang,
        ..
    } = *input;
    let now_s = now.timestamp();
    let ctx = summed(Ctx::new(config, rules, facts, period, now_s));
    let kpis = kpi::compute(&ctx, &[], None);
    let before_period = previous(period);
    let before: Vec<Kpi> = before_period
        .as_ref()
        .map(|p| {
            let c = summed(Ctx::new(config, rules, facts, p, now_s));
            kpi::compute(&c, &[], None)
        })
        .unwrap_or_default();
    let count = |v: Verdict| kpis.iter().filter(|k| k.verdict == v).count();
    let (met, missed, not_applicable) = (
        count(Verdict::Met),
        count(Verdict::Missed),
        count(Verdict::NotApplicable),
    );
    // A date given as as-of means its end: shown as that day, not as the next day's midnight.
    let as_of = if now.time() == chrono::NaiveTime::MIN {
        let day = now.date_naive().pred_opt().unwrap_or(now.date_naive());
        match lang {
            Lang::Zh => format!("{day} 终"),
            Lang::En => format!("the end of {day}"),
        }
    } else {
        now.format("%Y-%m-%d %H:%M").to_string()
    };
    let last_day = period.end.pred_opt().unwrap_or(period.end);
    let subtitle = match lang {
        Lang::Zh => format!(
            "统计周期 {}({} 至 {})· 截至 {as_of}",
            period.label, period.start, last_day
        ),
        Lang::En => format!(
            "Period {} ({} to {}) · as of {as_of}",
            period.label, period.start, last_day
        ),
    };
    let headline = match lang {
        Lang::Zh => format!(
            "{} 项考核指标中 {met} 项达标、{missed} 项未达标、{not_applicable} 项不适用(无数据或无目标)。",
            kpis.len()
        ),
        Lang::En => format!(
            "Of {} KPIs, {met} met their target, {missed} missed it and {not_applicable} do not apply (no data or no target).",
            kpis.len()
        ),
    };
    let title = match lang {
        Lang::Zh => format!("{} 工作报告 {}", config.org_name, period.label),
        Lang::En => format!("{} report {}", config.org_name, period.label),
    };
    let find = |list: &[Kpi], key: Key| list.iter().find(|k| k.key == key).cloned();
    let mut sections = vec![
        scorecard(&kpis, &before, before_period.as_ref(), lang),
        trends(input, &kpis),
        availability(&kpis, lang),
        incidents(input, &ctx, find(&kpis, Key::RepairTimeliness)),
        projects(input, &ctx, &kpis, &before),
        drills(input, &ctx, &kpis, &before),
        security(input, &ctx, &kpis, &before),
        people(input, &ctx, &kpis, &before),
        overdue(input),
    ];
    sections.retain(|s| !s.tables.is_empty() || !s.notes.is_empty());
    Report {
        lang,
        title,
        subtitle,
        met,
        missed,
        not_applicable,
        headline,
        sections,
    }
}

fn kpi_row(k: &Kpi, before: Option<&Kpi>, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::plain(k.name.get(lang)),
        Cell::plain(value_text(k)),
        Cell::plain(
            k.denominator
                .map(|d| counts_text(k.numerator, d, k.unit))
                .unwrap_or_default(),
        ),
        Cell::plain(target_text(k.unit, k.target, k.target_is_max)),
        verdict_cell(k.verdict, lang),
        Cell::plain(change_text(
            k.unit,
            k.value,
            before.and_then(|b| b.value),
            lang,
        )),
    ]
}

fn kpi_head(lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => vec!["指标", "值", "分子/分母", "目标", "结论", "较上期"],
        Lang::En => vec![
            "KPI",
            "Value",
            "Numerator/denominator",
            "Target",
            "Verdict",
            "Change",
        ],
    }
    .into_iter()
    .map(String::from)
    .collect()
}

fn kpi_table(caption: String, kpis: &[&Kpi], before: &[Kpi], lang: Lang) -> Table {
    Table {
        caption,
        head: kpi_head(lang),
        rows: kpis
            .iter()
            .map(|k| kpi_row(k, before.iter().find(|b| b.key == k.key), lang))
            .collect(),
        empty: String::new(),
    }
}

fn scorecard(kpis: &[Kpi], before: &[Kpi], before_p: Option<&Period>, lang: Lang) -> Section {
    let rows = kpis
        .iter()
        .map(|k| kpi_row(k, before.iter().find(|b| b.key == k.key), lang))
        .collect();
    let note = match (before_p, lang) {
        (Some(p), Lang::Zh) => format!("“较上期”与上一个同长度周期 {} 相比。", p.label),
        (Some(p), Lang::En) => format!(
            "“Change” is against the previous period of the same length, {}.",
            p.label
        ),
        (None, _) => String::new(),
    };
    Section {
        id: "scorecard",
        title: t(lang, "考核指标", "KPI scorecard"),
        notes: vec![note].into_iter().filter(|n| !n.is_empty()).collect(),
        charts: Vec::new(),
        tables: vec![Table {
            caption: t(lang, "十七项考核指标", "The seventeen KPIs"),
            head: kpi_head(lang),
            rows,
            empty: String::new(),
        }],
    }
}

fn trends(input: &Input<'_>, kpis: &[Kpi]) -> Section {
    let lang = input.lang;
    let months = trend_months(input.period);
    let now_s = input.now.timestamp();
    let monthly: Vec<Vec<Kpi>> = months
        .iter()
        .map(|m| {
            let c = summed(Ctx::new(input.config, input.rules, input.facts, m, now_s));
            kpi::compute(&c, &[], None)
        })
        .collect();
    let labels: Vec<String> = months.iter().map(|m| m.label.clone()).collect();
    let mut charts = Vec::new();
    let mut rows = Vec::new();
    for k in kpis.iter().filter(|k| k.unit != Unit::Count) {
        let values: Vec<Option<f64>> = monthly
            .iter()
            .map(|list| list.iter().find(|x| x.key == k.key).and_then(|x| x.value))
            .collect();
        let mut row = vec![Cell::plain(k.name.get(lang))];
        row.extend(
            values.iter().map(|v| {
                Cell::plain(v.map_or_else(|| "n/a".into(), |v| percent(v).replace('%', "")))
            }),
        );
        rows.push(row);
        charts.push(Chart::Line {
            title: k.name.get(lang).to_string(),
            months: labels.clone(),
            values,
            target: k.target,
            target_is_max: k.target_is_max,
        });
    }
    let mut head = vec![t(lang, "指标", "KPI")];
    head.extend(labels.iter().cloned());
    Section {
        id: "trends",
        title: t(lang, "趋势(近十二个月)", "Trends (twelve months)"),
        notes: vec![t(
            lang,
            "每项比率指标按月计算,截至报告日期;虚线为目标。",
            "Each ratio KPI computed month by month up to the as-of date; the dashed line is the target.",
        )],
        charts,
        tables: vec![Table {
            caption: t(lang, "比率指标逐月值(%)", "Ratio KPIs by month (%)"),
            head,
            rows,
            empty: String::new(),
        }],
    }
}

fn availability(kpis: &[Kpi], lang: Lang) -> Section {
    let Some(k) = kpis.iter().find(|k| k.key == Key::Availability) else {
        return empty_section("availability");
    };
    let mut bars = Vec::new();
    let mut rows = Vec::new();
    let systems = match &k.details {
        Details::Availability { systems } => systems.as_slice(),
        _ => &[],
    };
    for s in systems {
        let (value, target) = (s.value, s.target);
        rows.push(vec![
            Cell::plain(format!("{} {}", s.system, s.name)),
            Cell::plain(value.map_or_else(|| "n/a".into(), percent)),
            Cell::plain(target.map_or_else(|| "—".into(), |t| format!("≥ {}", percent(t)))),
            Cell::plain(kpi::hm(s.downtime_s.round() as i64)),
            verdict_cell(s.verdict, lang),
        ]);
        bars.push((s.system.clone(), value, target));
    }
    Section {
        id: "availability",
        title: t(lang, "系统可用性", "Availability per system"),
        notes: vec![format!(
            "{}: {} ({})",
            k.name.get(lang),
            value_text(k),
            verdict_word(k.verdict, lang)
        )],
        charts: vec![Chart::Bars {
            title: t(
                lang,
                "各系统可用性与目标(横线)",
                "Availability per system against its target (tick)",
            ),
            bars,
        }],
        tables: vec![Table::of(
            lang,
            ("各系统可用性", "Availability per system"),
            (
                &["系统", "可用性", "目标", "停机时间", "结论"],
                &["System", "Availability", "Target", "Downtime", "Verdict"],
            ),
            rows,
            ("未登记系统", "No systems listed"),
        )],
    }
}

fn empty_section(id: &'static str) -> Section {
    Section {
        id,
        title: String::new(),
        notes: Vec::new(),
        charts: Vec::new(),
        tables: Vec::new(),
    }
}

/// Counts of a key, in first-seen order sorted by key.
fn tally(keys: impl Iterator<Item = String>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for k in keys {
        match out.iter_mut().find(|(x, _)| *x == k) {
            Some(e) => e.1 += 1,
            None => out.push((k, 1)),
        }
    }
    out.sort();
    out
}

fn tally_table(caption: String, what: String, counts: Vec<(String, usize)>, lang: Lang) -> Table {
    Table {
        caption,
        head: vec![what, t(lang, "次数", "Count")],
        rows: counts
            .into_iter()
            .map(|(k, n)| vec![Cell::plain(k), Cell::plain(n.to_string())])
            .collect(),
        empty: t(lang, "本期无故障", "No incidents in the period"),
    }
}

fn incidents(input: &Input<'_>, ctx: &Ctx<'_>, repair: Option<Kpi>) -> Section {
    let lang = input.lang;
    let tz = input.config.tz;
    let none = || "—".to_string();
    let list: Vec<(&Facts, &crate::facts::Incident, &Extra)> = input
        .facts
        .iter()
        .zip(input.extras)
        .filter_map(|(f, x)| match &f.body {
            Body::Incident(i) if i.occurred.is_some_and(|t| ctx.in_period(t)) => Some((f, &**i, x)),
            _ => None,
        })
        .collect();
    let mut notes = vec![match lang {
        Lang::Zh => format!("本期发生故障 {} 起。", list.len()),
        Lang::En => format!("{} incidents occurred in the period.", list.len()),
    }];
    if let Some(k) = &repair {
        let (mean, median) = match k.details {
            Details::Repair {
                mttr_mean_s,
                mttr_median_s,
                ..
            } => (mttr_mean_s, mttr_median_s),
            _ => (None, None),
        };
        let secs = |s: Option<f64>| s.map_or_else(|| "n/a".into(), |s| kpi::hm(s.round() as i64));
        notes.push(match lang {
            Lang::Zh => format!(
                "平均修复时间(MTTR):平均 {},中位数 {};{} {}({})。",
                secs(mean),
                secs(median),
                k.name.zh,
                value_text(k),
                verdict_word(k.verdict, lang)
            ),
            Lang::En => format!(
                "Mean time to restore (MTTR): mean {}, median {}; {} {} ({}).",
                secs(mean),
                secs(median),
                k.name.en,
                value_text(k),
                verdict_word(k.verdict, lang)
            ),
        });
    }
    let sev = tally(
        list.iter()
            .map(|(_, i, _)| i.severity.clone().unwrap_or_else(none)),
    );
    let cat = tally(
        list.iter()
            .map(|(_, i, _)| i.category.clone().unwrap_or_else(none)),
    );
    let mut rows = Vec::new();
    for (f, i, x) in list
        .iter()
        .filter(|(_, i, _)| matches!(i.severity.as_deref(), Some("P1" | "P2")))
    {
        let sla = deadline::sla(i, input.config);
        let took = match (i.occurred, i.restored) {
            (Some(a), Some(b)) if ctx.happened(b) => kpi::hm(b - a),
            _ => t(lang, "未恢复", "not restored"),
        };
        let sla_text = i
            .severity
            .as_deref()
            .and_then(|s| input.config.sla(s))
            .map_or_else(none, |d| d.to_string());
        let standing = sla.as_ref().map(|d| d.standing(ctx.as_of));
        let verdict = match standing {
            Some(Standing::OnTime(_)) => Cell {
                text: t(lang, "时限内", "within"),
                verdict: Some(Verdict::Met),
            },
            Some(Standing::Late(_) | Standing::Missed) => Cell {
                text: t(lang, "超时", "over"),
                verdict: Some(Verdict::Missed),
            },
            Some(Standing::Pending) => Cell::plain(t(lang, "未到期", "not yet due")),
            None => Cell::plain(none()),
        };
        rows.push(vec![
            Cell::plain(f.id.clone()),
            Cell::plain(f.title.clone()),
            Cell::plain(i.severity.clone().unwrap_or_else(none)),
            Cell::plain(i.system.clone().unwrap_or_else(none)),
            Cell::plain(i.occurred.map_or_else(none, |a| stamp(tz, a))),
            Cell::plain(x.cause.clone().unwrap_or_else(none)),
            Cell::plain(took),
            Cell::plain(sla_text),
            verdict,
            Cell::plain(x.fault_report.clone().unwrap_or_else(none)),
        ]);
    }
    Section {
        id: "incidents",
        title: t(lang, "故障", "Incidents"),
        notes,
        charts: Vec::new(),
        tables: vec![
            tally_table(
                t(lang, "按级别", "By severity"),
                t(lang, "级别", "Severity"),
                sev,
                lang,
            ),
            tally_table(
                t(lang, "按类别", "By category"),
                t(lang, "类别", "Category"),
                cat,
                lang,
            ),
            Table::of(
                lang,
                ("P1/P2 故障", "P1/P2 incidents"),
                (
                    &[
                        "编号",
                        "标题",
                        "级别",
                        "系统",
                        "发生时间",
                        "原因",
                        "修复用时",
                        "修复时限",
                        "结论",
                        "故障报告",
                    ],
                    &[
                        "Id",
                        "Title",
                        "Severity",
                        "System",
                        "Occurred",
                        "Cause",
                        "Time to restore",
                        "SLA",
                        "Verdict",
                        "Fault report",
                    ],
                ),
                rows,
                ("本期无 P1/P2 故障", "No P1/P2 incidents in the period"),
            ),
        ],
    }
}

fn some_kpis<'k>(kpis: &'k [Kpi], keys: &[Key]) -> Vec<&'k Kpi> {
    kpis.iter().filter(|k| keys.contains(&k.key)).collect()
}

fn standing_cell(s: Option<Standing>, lang: Lang) -> Cell {
    match s {
        Some(Standing::OnTime(_)) => Cell {
            text: t(lang, "按期完成", "done in time"),
            verdict: Some(Verdict::Met),
        },
        Some(Standing::Late(_)) => Cell {
            text: t(lang, "逾期完成", "done late"),
            verdict: Some(Verdict::Missed),
        },
        Some(Standing::Missed) => Cell {
            text: t(lang, "已逾期", "overdue"),
            verdict: Some(Verdict::Missed),
        },
        Some(Standing::Pending) => Cell::plain(t(lang, "未到期", "not yet due")),
        None => Cell::plain("—"),
    }
}

fn projects(input: &Input<'_>, ctx: &Ctx<'_>, kpis: &[Kpi], before: &[Kpi]) -> Section {
    let lang = input.lang;
    let config = input.config;
    let tz = config.tz;
    let mut rows = Vec::new();
    for (f, p) in input.facts.iter().filter_map(|f| match &f.body {
        Body::Project(p) => Some((f, p)),
        _ => None,
    }) {
        // A project shows when it was open at some time in the period: started before its end,
        // and not accepted before its start.
        let started = f
            .timeline
            .first()
            .and_then(|s| s.at)
            .is_some_and(|a| a.timestamp() < ctx.end);
        let accepted_before = p
            .accepted_on
            .is_some_and(|d| kpi::midnight(tz, d) < ctx.start);
        if !started || accepted_before {
            continue;
        }
        let due = deadline::planned_end(p, config);
        let standing = due.as_ref().map(|d| d.standing(ctx.as_of));
        let accepted = p
            .accepted_on
            .filter(|d| ctx.happened(kpi::midnight(tz, *d)));
        let today = kpi::local_date(tz, ctx.as_of.saturating_sub(1));
        let days = p.planned_end.map(|end| {
            let at = accepted.unwrap_or(today);
            (at - end).num_days()
        });
        let schedule = match (days, accepted) {
            (None, _) => "—".to_string(),
            (Some(d), Some(_)) => match lang {
                Lang::Zh => format!("{d:+} 天"),
                Lang::En => format!("{d:+} days"),
            },
            (Some(d), None) if d > 0 => match lang {
                Lang::Zh => format!("已超 {d} 天"),
                Lang::En => format!("{d} days past"),
            },
            (Some(_), None) => t(lang, "未到计划日期", "before its planned end"),
        };
        let cost = match (p.budget, p.actual_cost) {
            (Some(b), Some(a)) if b.to_f64() != 0.0 => {
                format!("{:+.1}%", (a.to_f64() - b.to_f64()) / b.to_f64() * 100.0)
            }
            _ => "—".to_string(),
        };
        let money =
            |m: Option<crate::facts::Exact>| m.map_or_else(|| "—".into(), |m| number(m.to_f64()));
        rows.push(vec![
            Cell::plain(f.id.clone()),
            Cell::plain(f.title.clone()),
            Cell::plain(p.planned_end.map_or_else(|| "—".into(), |d| d.to_string())),
            Cell::plain(accepted.map_or_else(|| "—".into(), |d| d.to_string())),
            Cell::plain(schedule),
            standing_cell(standing, lang),
            Cell::plain(money(p.budget)),
            Cell::plain(money(p.actual_cost)),
            Cell::plain(cost),
        ]);
    }
    Section {
        id: "projects",
        title: t(lang, "项目", "Projects"),
        notes: Vec::new(),
        charts: Vec::new(),
        tables: vec![
            kpi_table(
                t(lang, "项目指标", "Project KPIs"),
                &some_kpis(
                    kpis,
                    &[Key::OnTimeDelivery, Key::AcceptancePass, Key::CostControl],
                ),
                before,
                lang,
            ),
            Table {
                caption: t(lang, "进度与成本偏差", "Schedule and cost deviation"),
                head: match lang {
                    Lang::Zh => vec![
                        "编号",
                        "名称",
                        "计划完成",
                        "验收日期",
                        "进度偏差",
                        "按期",
                        &format!("预算({})", config.currency),
                        &format!("实际成本({})", config.currency),
                        "成本偏差",
                    ]
                    .into_iter()
                    .map(String::from)
                    .collect(),
                    Lang::En => vec![
                        "Id".to_string(),
                        "Name".into(),
                        "Planned end".into(),
                        "Accepted".into(),
                        "Schedule deviation".into(),
                        "On time".into(),
                        format!("Budget ({})", config.currency),
                        format!("Actual cost ({})", config.currency),
                        "Cost deviation".into(),
                    ],
                },
                rows,
                empty: t(lang, "本期无在建项目", "No project open in the period"),
            },
        ],
    }
}

fn drills(input: &Input<'_>, ctx: &Ctx<'_>, kpis: &[Kpi], before: &[Kpi]) -> Section {
    let lang = input.lang;
    let config = input.config;
    let mut notes = Vec::new();
    if let Some(k) = kpis.iter().find(|k| k.key == Key::DrillExecution) {
        let den = k.denominator.unwrap_or(0.0);
        notes.push(match lang {
            Lang::Zh => format!(
                "计划演练 {} 次,按期实施 {} 次。",
                number(den),
                number(k.numerator)
            ),
            Lang::En => format!(
                "{} drills planned, {} executed on schedule.",
                number(den),
                number(k.numerator)
            ),
        });
    }
    if let Some(k) = kpis.iter().find(|k| k.key == Key::DrillPass) {
        let list: &[String] = match &k.details {
            Details::Drills {
                core_without_passed_drill,
            } => core_without_passed_drill,
            _ => &[],
        };
        notes.push(match (list.is_empty(), lang) {
            (true, Lang::Zh) => "每个核心系统近 12 个月内都有达标的演练。".to_string(),
            (true, Lang::En) => {
                "Every core system has a passed drill in the last twelve months.".to_string()
            }
            (false, Lang::Zh) => format!("近 12 个月无达标演练的核心系统:{}。", list.join("、")),
            (false, Lang::En) => format!(
                "Core systems without a passed drill in twelve months: {}.",
                list.join(", ")
            ),
        });
    }
    let mut rows = Vec::new();
    for (f, d) in input.facts.iter().filter_map(|f| match &f.body {
        Body::Drill(d) => Some((f, d)),
        _ => None,
    }) {
        let Some(due) = deadline::drill_scheduled(d, config) else {
            continue;
        };
        if !ctx.in_range(due.anchor) {
            continue;
        }
        let result = d
            .result
            .clone()
            .filter(|_| d.started.is_some_and(|s| ctx.happened(s)))
            .unwrap_or_else(|| "—".into());
        rows.push(vec![
            Cell::plain(f.id.clone()),
            Cell::plain(f.title.clone()),
            Cell::plain(d.systems.join(", ")),
            Cell::plain(d.scheduled_on.map_or_else(|| "—".into(), |x| x.to_string())),
            standing_cell(Some(due.standing(ctx.as_of)), lang),
            Cell::plain(result),
        ]);
    }
    Section {
        id: "drills",
        title: t(lang, "应急演练", "Drills"),
        notes,
        charts: Vec::new(),
        tables: vec![
            kpi_table(
                t(lang, "演练指标", "Drill KPIs"),
                &some_kpis(kpis, &[Key::DrillExecution, Key::DrillPass]),
                before,
                lang,
            ),
            Table::of(
                lang,
                ("本期计划的演练", "Drills scheduled in the period"),
                (
                    &["编号", "名称", "系统", "计划日期", "实施", "结果"],
                    &["Id", "Name", "Systems", "Scheduled", "Executed", "Result"],
                ),
                rows,
                ("本期无计划演练", "No drill scheduled in the period"),
            ),
        ],
    }
}

fn security(input: &Input<'_>, ctx: &Ctx<'_>, kpis: &[Kpi], before: &[Kpi]) -> Section {
    let lang = input.lang;
    let tz = input.config.tz;
    let mut rows = Vec::new();
    for (f, s) in input.facts.iter().filter_map(|f| match &f.body {
        Body::Security(s) => Some((f, s)),
        _ => None,
    }) {
        for (i, x) in s.findings.iter().enumerate() {
            let due = deadline::finding_due(x, i, tz);
            // Findings due in the period, and older ones still open at as-of.
            let shown = due.as_ref().is_some_and(|d| {
                ctx.in_range(d.anchor)
                    || (d.anchor < ctx.start && d.done.is_none_or(|t| t >= ctx.start))
            });
            if !shown {
                continue;
            }
            rows.push(vec![
                Cell::plain(f.id.clone()),
                Cell::plain(deadline::part(i, &x.name)),
                Cell::plain(x.level.clone().unwrap_or_else(|| "—".into())),
                Cell::plain(x.due.map_or_else(|| "—".into(), |d| d.to_string())),
                Cell::plain(
                    x.fixed_on
                        .filter(|d| ctx.happened(kpi::midnight(tz, *d)))
                        .map_or_else(|| "—".into(), |d| d.to_string()),
                ),
                standing_cell(due.map(|d| d.standing(ctx.as_of)), lang),
            ]);
        }
    }
    Section {
        id: "security",
        title: t(lang, "信息安全", "Security"),
        notes: Vec::new(),
        charts: Vec::new(),
        tables: vec![
            kpi_table(
                t(lang, "安全指标", "Security KPIs"),
                &some_kpis(kpis, &[Key::SecurityIncidents, Key::Rectification]),
                before,
                lang,
            ),
            Table::of(
                lang,
                ("安全隐患与整改", "Findings and their rectification"),
                (
                    &["记录", "隐患", "级别", "整改期限", "整改日期", "整改情况"],
                    &["Record", "Finding", "Level", "Due", "Fixed", "Standing"],
                ),
                rows,
                (
                    "本期无到期或未整改的隐患",
                    "No finding due in the period or still open",
                ),
            ),
        ],
    }
}

fn people(input: &Input<'_>, ctx: &Ctx<'_>, kpis: &[Kpi], before: &[Kpi]) -> Section {
    let lang = input.lang;
    let tz = input.config.tz;
    let mut notes = Vec::new();
    for k in some_kpis(
        kpis,
        &[Key::EmployeeSatisfaction, Key::BusinessSatisfaction],
    ) {
        let (mean, n) = match k.details {
            Details::Satisfaction { mean, n } => (mean, n),
            _ => (None, 0.0),
        };
        let mean = mean.map_or_else(|| "n/a".into(), |m| format!("{m:.2}"));
        notes.push(match lang {
            Lang::Zh => format!("{}:平均分 {mean},答卷 {} 份。", k.name.zh, number(n)),
            Lang::En => format!("{}: mean score {mean}, {} responses.", k.name.en, number(n)),
        });
    }
    let mut items = Vec::new();
    for (f, p) in input.facts.iter().filter_map(|f| match &f.body {
        Body::Plan(p) if p.approved => Some((f, p)),
        _ => None,
    }) {
        for (i, x) in p.items.iter().enumerate() {
            let Some(d) = deadline::plan_item_due(x, i, tz) else {
                continue;
            };
            if !ctx.in_range(d.anchor) {
                continue;
            }
            items.push(vec![
                Cell::plain(f.id.clone()),
                Cell::plain(deadline::part(i, &x.name)),
                Cell::plain(x.owner.clone().unwrap_or_else(|| "—".into())),
                Cell::plain(x.due.map_or_else(|| "—".into(), |d| d.to_string())),
                standing_cell(Some(d.standing(ctx.as_of)), lang),
            ]);
        }
    }
    let mut appraisals = Vec::new();
    for (f, a) in input.facts.iter().filter_map(|f| match &f.body {
        Body::Appraisal(a) => Some((f, a)),
        _ => None,
    }) {
        let Some(d) = deadline::appraisal_due(a.due_on, a.result_at, tz) else {
            continue;
        };
        if !ctx.in_range(d.anchor) {
            continue;
        }
        appraisals.push(vec![
            Cell::plain(f.id.clone()),
            Cell::plain(f.title.clone()),
            Cell::plain(a.employee.clone().unwrap_or_else(|| "—".into())),
            Cell::plain(a.due_on.map_or_else(|| "—".into(), |d| d.to_string())),
            standing_cell(Some(d.standing(ctx.as_of)), lang),
        ]);
    }
    let mut data = Vec::new();
    for (f, d) in input.facts.iter().filter_map(|f| match &f.body {
        Body::Data(d) => Some((f, d)),
        _ => None,
    }) {
        if !d.cleansing_done.is_some_and(|t| ctx.in_period(t)) {
            continue;
        }
        data.push(vec![
            Cell::plain(f.id.clone()),
            Cell::plain(f.title.clone()),
            Cell::plain(number(d.records_in)),
            Cell::plain(number(d.rejected)),
            Cell::plain(number(d.duplicates)),
        ]);
    }
    Section {
        id: "people",
        title: t(
            lang,
            "考核、满意度、年度计划与数据质量",
            "Appraisals, surveys, the annual plan and data quality",
        ),
        notes,
        charts: Vec::new(),
        tables: vec![
            kpi_table(
                t(lang, "相关指标", "KPIs"),
                &some_kpis(
                    kpis,
                    &[
                        Key::AppraisalExecution,
                        Key::GoalCompletion,
                        Key::EmployeeSatisfaction,
                        Key::BusinessSatisfaction,
                        Key::PlanCompletion,
                        Key::DataQuality,
                        Key::BackupSuccess,
                        Key::RestoreSuccess,
                    ],
                ),
                before,
                lang,
            ),
            Table::of(
                lang,
                (
                    "本期到期的年度计划事项",
                    "Annual plan items due in the period",
                ),
                (
                    &["计划", "事项", "负责人", "时间节点", "完成情况"],
                    &["Plan", "Item", "Owner", "Due", "Standing"],
                ),
                items,
                ("本期无到期事项", "No plan item due in the period"),
            ),
            Table::of(
                lang,
                ("本期到期的绩效考核", "Appraisals due in the period"),
                (
                    &["编号", "名称", "被考核人", "期限", "完成情况"],
                    &["Id", "Name", "Employee", "Due", "Standing"],
                ),
                appraisals,
                ("本期无到期的考核", "No appraisal due in the period"),
            ),
            Table::of(
                lang,
                ("本期完成清洗的数据", "Data cleansed in the period"),
                (
                    &["编号", "名称", "记录数", "拒收", "重复"],
                    &["Id", "Name", "Records", "Rejected", "Duplicates"],
                ),
                data,
                ("本期无完成清洗的数据", "No data cleansed in the period"),
            ),
        ],
    }
}

fn overdue(input: &Input<'_>) -> Section {
    let lang = input.lang;
    let mut rows = Vec::new();
    let mut list: Vec<crate::status::Status> = input
        .facts
        .iter()
        .map(|f| crate::status::status(input.rules, f, input.config, input.now))
        .filter(|s| !s.overdue.is_empty())
        .collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    for s in &list {
        for o in &s.overdue {
            rows.push(vec![
                Cell::plain(s.id.clone()),
                Cell::plain(s.title.clone()),
                Cell::plain(s.owner.clone()),
                Cell::plain(o.what.get(lang)),
                Cell::plain(o.deadline.format("%Y-%m-%d %H:%M").to_string()),
            ]);
        }
    }
    Section {
        id: "overdue",
        title: t(lang, "逾期事项", "Overdue"),
        notes: vec![match lang {
            Lang::Zh => format!(
                "截至报告日期逾期的记录 {} 条(与 `itc list --overdue --as-of` 相同)。",
                list.len()
            ),
            Lang::En => format!(
                "{} records overdue at the as-of date (the same as `itc list --overdue --as-of`).",
                list.len()
            ),
        }],
        charts: Vec::new(),
        tables: vec![Table::of(
            lang,
            ("逾期事项", "Overdue items"),
            (
                &["编号", "标题", "责任人", "逾期事项", "期限"],
                &["Id", "Title", "Owner", "What is overdue", "Deadline"],
            ),
            rows,
            ("没有逾期事项", "Nothing is overdue"),
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn the_previous_period_has_the_same_length() {
        assert_eq!(previous(&p("2026-Q1")).unwrap().label, "2025-Q4");
        assert_eq!(previous(&p("2026-03")).unwrap().label, "2026-02");
        assert_eq!(previous(&p("2026-H2")).unwrap().label, "2026-H1");
        let y = previous(&p("2026")).unwrap();
        assert_eq!((y.label.as_str(), y.end), ("2025", p("2026").start));
        assert!(previous(&p("2026-03-05")).is_none());
    }

    #[test]
    fn trends_cover_the_twelve_months_ending_with_the_period() {
        let m = trend_months(&p("2026-Q3"));
        assert_eq!(m.len(), 12);
        assert_eq!(m[0].label, "2025-10");
        assert_eq!(m[11].label, "2026-09");
        assert_eq!(m[11].end, p("2026-Q3").end);
    }

    #[test]
    fn changes_are_in_points_and_counts() {
        assert_eq!(
            change_text(Unit::Rate, Some(0.9), Some(0.85), Lang::En),
            "+5.00 pp"
        );
        assert_eq!(
            change_text(Unit::Count, Some(1.0), Some(3.0), Lang::Zh),
            "-2"
        );
        assert_eq!(change_text(Unit::Rate, None, Some(0.5), Lang::Zh), "—");
    }
}
