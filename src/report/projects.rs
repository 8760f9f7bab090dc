//! The projects open in the period: their KPIs, and each project's schedule and cost deviation.

use crate::Lang;
use crate::facts::Body;
use crate::facts::deadline;
use crate::kpi::{self, Ctx, Key, Kpi};

use super::cells::{kpi_table, number, some_kpis, standing_cell, t};
use super::{Cell, Input, Section, Table};

/// The projects section.
pub(super) fn section(input: &Input<'_>, ctx: &Ctx<'_>, kpis: &[Kpi], before: &[Kpi]) -> Section {
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
