//! The projects open in the period: their KPIs, and each project's schedule and cost deviation.

use crate::facts::Body;
use crate::facts::deadline;
use crate::kpi::{self, Ctx, Key, Kpi};
use crate::output::catalog::report as words;

use super::cells::{kpi_table, number, some_kpis, standing_cell};
use super::{Cell, Input, Section, Table, text_at, top, verdict_rank};

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
            (Some(d), Some(_)) => words::days_deviation(lang, d),
            (Some(d), None) if d > 0 => words::days_past(lang, d),
            (Some(_), None) => words::BEFORE_PLANNED_END.get(lang).into(),
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
    // The most overdue first: missed or late first, the earliest planned end first.
    let rank = |r: &[Cell]| (verdict_rank(r, 5), text_at(r, 2).to_string());
    let mut notes = Vec::new();
    let rows = top(
        rows,
        rank,
        words::SCHEDULE_AND_COST,
        "itc list project",
        lang,
        &mut notes,
    );
    Section {
        id: "projects",
        title: words::PROJECTS.get(lang).into(),
        notes,
        charts: Vec::new(),
        tables: vec![
            kpi_table(
                words::PROJECT_KPIS.get(lang).into(),
                &some_kpis(
                    kpis,
                    &[Key::OnTimeDelivery, Key::AcceptancePass, Key::CostControl],
                ),
                before,
                lang,
            ),
            Table {
                caption: words::SCHEDULE_AND_COST.get(lang).into(),
                head: words::schedule_and_cost_head(lang, &config.currency),
                rows,
                empty: words::NO_PROJECTS.get(lang).into(),
            },
        ],
    }
}
