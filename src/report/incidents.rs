//! The incidents of the period: counts by severity and by category, the time to restore, and
//! each P1/P2 incident against its SLA.

use chrono::{DateTime, FixedOffset};

use crate::Lang;
use crate::facts::deadline::{self, Standing};
use crate::facts::{Body, Facts};
use crate::kpi::{self, Ctx, Details, Kpi, Verdict};
use crate::output::kpi::value_text;

use super::cells::{t, verdict_word};
use super::{Cell, Extra, Input, Section, Table};

/// A time as the org's local date and minute.
fn stamp(tz: FixedOffset, t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
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

/// The incidents section; `repair` is the repair-timeliness KPI, whose details hold the MTTR.
pub(super) fn section(input: &Input<'_>, ctx: &Ctx<'_>, repair: Option<Kpi>) -> Section {
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
