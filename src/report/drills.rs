//! The drills: their KPIs, the core systems without a passed drill, and the drills scheduled in
//! the period.

use crate::facts::Body;
use crate::facts::deadline;
use crate::kpi::{Ctx, Details, Key, Kpi};
use crate::output::catalog::report as words;

use super::cells::{kpi_table, number, some_kpis, standing_cell, value_word};
use super::{Cell, Input, Section, Table, text_at, top, verdict_rank};

/// The drills section.
pub(super) fn section(input: &Input<'_>, ctx: &Ctx<'_>, kpis: &[Kpi], before: &[Kpi]) -> Section {
    let lang = input.lang;
    let config = input.config;
    let mut notes = Vec::new();
    if let Some(k) = kpis.iter().find(|k| k.key == Key::DrillExecution) {
        let den = k.denominator.unwrap_or(0.0);
        notes.push(words::drills_executed(
            lang,
            &number(den),
            &number(k.numerator),
        ));
    }
    if let Some(k) = kpis.iter().find(|k| k.key == Key::DrillPass) {
        let list: &[String] = match &k.details {
            Details::Drills {
                core_without_passed_drill,
            } => core_without_passed_drill,
            _ => &[],
        };
        notes.push(if list.is_empty() {
            words::EVERY_CORE_SYSTEM_DRILLED.get(lang).to_string()
        } else {
            words::core_systems_undrilled(lang, list)
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
            .as_deref()
            .filter(|_| d.started.is_some_and(|s| ctx.happened(s)))
            .map_or_else(
                || "—".into(),
                |r| value_word(input.rules, "drill", "result", r, lang),
            );
        rows.push(vec![
            Cell::plain(f.id.clone()),
            Cell::plain(f.title.clone()),
            Cell::plain(d.systems.join(", ")),
            Cell::plain(d.scheduled_on.map_or_else(|| "—".into(), |x| x.to_string())),
            standing_cell(Some(due.standing(ctx.as_of)), lang),
            Cell::plain(result),
        ]);
    }
    let rank = |r: &[Cell]| (verdict_rank(r, 4), text_at(r, 3).to_string());
    let command = format!("itc list drill --period {}", input.period.label);
    let rows = top(
        rows,
        rank,
        words::DRILLS_SCHEDULED,
        &command,
        lang,
        &mut notes,
    );
    Section {
        id: "drills",
        title: words::DRILLS.get(lang).into(),
        notes,
        charts: Vec::new(),
        tables: vec![
            kpi_table(
                words::DRILL_KPIS.get(lang).into(),
                &some_kpis(kpis, &[Key::DrillExecution, Key::DrillPass]),
                before,
                lang,
            ),
            Table::of(
                lang,
                words::DRILLS_SCHEDULED,
                &words::DRILLS_HEAD,
                rows,
                words::NO_DRILLS,
            ),
        ],
    }
}
