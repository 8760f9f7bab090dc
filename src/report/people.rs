//! Appraisals, surveys, the annual plan and data quality: their KPIs, the survey scores, and
//! the plan items, appraisals and data cleansings of the period.

use crate::facts::Body;
use crate::facts::deadline;
use crate::kpi::{Ctx, Details, Key, Kpi};
use crate::output::catalog::report as words;

use super::cells::{kpi_table, number, person_cell, some_kpis, standing_cell};
use super::{Cell, Input, Section, Table, text_at, top, verdict_rank};

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
        notes.push(words::survey_scores(
            lang,
            k.name.get(lang),
            &mean,
            &number(n),
        ));
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
                person_cell(input.config, x.owner.as_deref()),
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
        let due_on = crate::facts::commitment::value(&a.due_on, &a.due_kept);
        let Some(d) = deadline::appraisal_due(due_on, a.result_at, tz) else {
            continue;
        };
        if !ctx.in_range(d.anchor) {
            continue;
        }
        appraisals.push(vec![
            Cell::plain(f.id.clone()),
            Cell::plain(f.title.clone()),
            person_cell(input.config, a.employee.as_deref()),
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
    let rank = |r: &[Cell]| (verdict_rank(r, 4), text_at(r, 3).to_string());
    let items = top(
        items,
        rank,
        words::PLAN_ITEMS,
        "itc list plan",
        lang,
        &mut notes,
    );
    let command = format!("itc list appraisal --period {}", input.period.label);
    let appraisals = top(
        appraisals,
        rank,
        words::APPRAISALS,
        &command,
        lang,
        &mut notes,
    );
    // The most rejected first.
    let rejected = |r: &[Cell]| {
        let n: f64 = text_at(r, 3).replace(',', "").parse().unwrap_or(0.0);
        std::cmp::Reverse((n * 1000.0) as i64)
    };
    let command = format!("itc list data --period {}", input.period.label);
    let data = top(
        data,
        rejected,
        words::DATA_CLEANSED,
        &command,
        lang,
        &mut notes,
    );
    Section {
        id: "people",
        title: words::PEOPLE.get(lang).into(),
        notes,
        charts: Vec::new(),
        tables: vec![
            kpi_table(
                words::PEOPLE_KPIS.get(lang).into(),
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
                words::PLAN_ITEMS,
                &words::PLAN_ITEMS_HEAD,
                items,
                words::NO_PLAN_ITEMS,
            ),
            Table::of(
                lang,
                words::APPRAISALS,
                &words::APPRAISALS_HEAD,
                appraisals,
                words::NO_APPRAISALS,
            ),
            Table::of(
                lang,
                words::DATA_CLEANSED,
                &words::DATA_CLEANSED_HEAD,
                data,
                words::NO_DATA_CLEANSED,
            ),
        ],
    }
}
