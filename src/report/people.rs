//! Appraisals, surveys, the annual plan and data quality: their KPIs, the survey scores, and
//! the plan items, appraisals and data cleansings of the period.

use crate::Lang;
use crate::facts::Body;
use crate::facts::deadline;
use crate::kpi::{Ctx, Details, Key, Kpi};

use super::cells::{kpi_table, number, some_kpis, standing_cell, t};
use super::{Cell, Input, Section, Table};

/// The section of appraisals, surveys, the annual plan and data quality.
pub(super) fn section(input: &Input<'_>, ctx: &Ctx<'_>, kpis: &[Kpi], before: &[Kpi]) -> Section {
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
