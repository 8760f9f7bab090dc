//! The drills: their KPIs, the core systems without a passed drill, and the drills scheduled in
//! the period.

use crate::Lang;
use crate::facts::Body;
use crate::facts::deadline;
use crate::kpi::{Ctx, Details, Key, Kpi};

use super::cells::{kpi_table, number, some_kpis, standing_cell, t};
use super::{Cell, Input, Section, Table};

/// The drills section.
pub(super) fn section(input: &Input<'_>, ctx: &Ctx<'_>, kpis: &[Kpi], before: &[Kpi]) -> Section {
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
