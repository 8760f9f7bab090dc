//! The trends: each ratio KPI month by month over the twelve months ending with the period, as
//! line charts and as their table.

use crate::kpi::{self, Ctx, Kpi, Unit};
use crate::output::catalog::report as words;
use crate::output::kpi::percent;

use super::period::trend_months;
use super::{Cell, Chart, Input, Section, Table, summed};

/// The trends section: the KPIs computed again for each of the twelve months.
pub(super) fn section(input: &Input<'_>, kpis: &[Kpi]) -> Section {
    let lang = input.lang;
    let months = trend_months(input.period);
    let now_s = input.now.timestamp();
    // Only the ratios are charted: the counts are not computed again.
    let ratios: Vec<kpi::Key> = kpis
        .iter()
        .filter(|k| k.unit != Unit::Count)
        .map(|k| k.key)
        .collect();
    let monthly: Vec<Vec<Kpi>> = months
        .iter()
        .map(|m| {
            let c = summed(Ctx::new(input.config, input.rules, input.facts, m, now_s));
            kpi::compute(&c, &ratios, None)
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
    let mut head = vec![words::KPI.get(lang).to_string()];
    head.extend(labels.iter().cloned());
    Section {
        id: "trends",
        title: words::TRENDS.get(lang).into(),
        notes: vec![words::TRENDS_NOTE.get(lang).into()],
        charts,
        tables: vec![Table {
            caption: words::TRENDS_TABLE.get(lang).into(),
            head,
            rows,
            empty: String::new(),
        }],
    }
}
