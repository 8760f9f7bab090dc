//! Availability per system: each system's availability against its own target, as bars and as
//! a table.

use crate::Lang;
use crate::kpi::{Details, Key, Kpi};
use crate::output::catalog::report as words;
use crate::output::kpi::{percent, value_text};

use super::cells::{span, verdict_cell, verdict_word};
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
            Cell::plain(span(s.downtime_s.round() as i64, lang)),
            verdict_cell(s.verdict, lang),
        ]);
        bars.push((s.system.clone(), value, target));
    }
    Section {
        id: "availability",
        title: words::AVAILABILITY.get(lang).into(),
        notes: vec![format!(
            "{}: {} ({})",
            k.name.get(lang),
            value_text(k),
            verdict_word(k.verdict, lang)
        )],
        charts: vec![Chart::Bars {
            title: words::AVAILABILITY_CHART.get(lang).into(),
            bars,
        }],
        tables: vec![Table::of(
            lang,
            words::AVAILABILITY_TABLE,
            &words::AVAILABILITY_HEAD,
            rows,
            words::NO_SYSTEMS,
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
