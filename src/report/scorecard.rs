//! The scorecard: every KPI of the period with its change against the previous period.

use crate::Lang;
use crate::kpi::Kpi;
use crate::time::Period;

use super::cells::{kpi_head, kpi_row, t};
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
    let note = match (before_p, lang) {
        (Some(p), Lang::Zh) => format!("“较上期”与上一个同长度周期 {} 相比。", p.label),
        (Some(p), Lang::En) => format!(
            "“Change” is against the previous period of the same length, {}.",
            p.label
        ),
        (None, _) => String::new(),
    };
    Section {
        id: "scorecard",
        title: t(lang, "考核指标", "KPI scorecard"),
        notes: vec![note].into_iter().filter(|n| !n.is_empty()).collect(),
        charts: Vec::new(),
        tables: vec![Table {
            caption: t(lang, "十七项考核指标", "The seventeen KPIs"),
            head: kpi_head(lang),
            rows,
            empty: String::new(),
        }],
    }
}
