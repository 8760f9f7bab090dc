//! The trends: each ratio KPI month by month over the twelve months ending with the period, as
//! line charts and as their table.

use crate::kpi::{Kpi, Unit};
use crate::output::catalog::report as words;
use crate::output::kpi::percent;

use super::period::trend_months;
use super::{Cell, Chart, Input, Section, Table};

/// The trends section: `monthly` holds the KPIs of each of the twelve months (`super::monthly`),
/// among them every ratio of `kpis`.
pub(super) fn section(input: &Input<'_>, kpis: &[Kpi], monthly: &[Vec<Kpi>]) -> Section {
    let lang = input.lang;
    let months = trend_months(input.period);
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
