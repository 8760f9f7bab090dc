//! Security: its KPIs, and the findings due in the period or still open with their rectification.

use crate::facts::Body;
use crate::facts::deadline;
use crate::kpi::{self, Ctx, Key, Kpi};
use crate::output::catalog::report as words;

use super::cells::{kpi_table, some_kpis, standing_cell, value_word};
use super::{Cell, Input, Section, Table, text_at, top, verdict_rank};

/// The security section.
pub(super) fn section(input: &Input<'_>, ctx: &Ctx<'_>, kpis: &[Kpi], before: &[Kpi]) -> Section {
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
                Cell::plain(x.level.as_deref().map_or_else(
                    || "—".into(),
                    |l| value_word(input.rules, "security", "level", l, lang),
                )),
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
    let rank = |r: &[Cell]| (verdict_rank(r, 5), text_at(r, 3).to_string());
    let mut notes = Vec::new();
    let rows = top(
        rows,
        rank,
        words::FINDINGS,
        "itc list security",
        lang,
        &mut notes,
    );
    Section {
        id: "security",
        title: words::SECURITY.get(lang).into(),
        notes,
        charts: Vec::new(),
        tables: vec![
            kpi_table(
                words::SECURITY_KPIS.get(lang).into(),
                &some_kpis(kpis, &[Key::SecurityIncidents, Key::Rectification]),
                before,
                lang,
            ),
            Table::of(
                lang,
                words::FINDINGS,
                &words::FINDINGS_HEAD,
                rows,
                words::NO_FINDINGS,
            ),
        ],
    }
}
