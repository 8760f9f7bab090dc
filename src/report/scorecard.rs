//! The scorecard: every KPI of the period with its change against the previous period.

use crate::Lang;
use crate::kpi::Kpi;
use crate::output::catalog::report as words;
use crate::time::Period;

use super::cells::{kpi_head, kpi_row};
use super::{Section, Table};

/// The scorecard section, `before` being the KPIs of the previous period `before_p`.
pub(super) fn section(
    kpis: &[Kpi],
    before: &[Kpi],
    before_p: Option<&Period>,
    lang: Lang,
) -> Section {
    let rows = kpis
        .iter()
        .map(|k| kpi_row(k, before.iter().find(|b| b.key == k.key), lang))
        .collect();
    let note = before_p.map_or_else(String::new, |p| words::change_against(lang, &p.label));
    Section {
        id: "scorecard",
        title: words::SCORECARD.get(lang).into(),
        notes: vec![note].into_iter().filter(|n| !n.is_empty()).collect(),
        charts: Vec::new(),
        tables: vec![Table {
            caption: words::SCORECARD_TABLE.get(lang).into(),
            head: kpi_head(lang),
            rows,
            empty: String::new(),
        }],
    }
}
