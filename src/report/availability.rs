//! Availability per system: each system's availability against its own target, as bars and as
//! a table.

use crate::Lang;
use crate::kpi::{self, Details, Key, Kpi};
use crate::output::kpi::{percent, value_text};

use super::cells::{t, verdict_cell, verdict_word};
use super::{Cell, Chart, Section, Table};

/// The availability section; none when the KPIs hold no availability.
pub(super) fn section(kpis: &[Kpi], lang: Lang) -> Section {
    let Some(k) = kpis.iter().find(|k| k.key == Key::Availability) else {
        return empty_section("availability");
    };
    let mut bars = Vec::new();
    let mut rows = Vec::new();
    let systems = match &k.details {
        Details::Availability { systems } => systems.as_slice(),
        _ => &[],
    };
    for s in systems {
        let (value, target) = (s.value, s.target);
        rows.push(vec![
            Cell::plain(format!("{} {}", s.system, s.name)),
            Cell::plain(value.map_or_else(|| "n/a".into(), percent)),
            Cell::plain(target.map_or_else(|| "—".into(), |t| format!("≥ {}", percent(t)))),
            Cell::plain(kpi::hm(s.downtime_s.round() as i64)),
            verdict_cell(s.verdict, lang),
        ]);
        bars.push((s.system.clone(), value, target));
    }
    Section {
        id: "availability",
        title: t(lang, "系统可用性", "Availability per system"),
        notes: vec![format!(
            "{}: {} ({})",
            k.name.get(lang),
            value_text(k),
            verdict_word(k.verdict, lang)
        )],
        charts: vec![Chart::Bars {
            title: t(
                lang,
                "各系统可用性与目标(横线)",
                "Availability per system against its target (tick)",
            ),
            bars,
        }],
        tables: vec![Table::of(
            lang,
            ("各系统可用性", "Availability per system"),
            (
                &["系统", "可用性", "目标", "停机时间", "结论"],
                &["System", "Availability", "Target", "Downtime", "Verdict"],
            ),
            rows,
            ("未登记系统", "No systems listed"),
        )],
    }
}

fn empty_section(id: &'static str) -> Section {
    Section {
        id,
        title: String::new(),
        notes: Vec::new(),
        charts: Vec::new(),
        tables: Vec::new(),
    }
}
