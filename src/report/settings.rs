//! The report's block of the `[kpi]` knobs and `[sla.resolve]` limits that differ from their
//! defaults (`Config::changed_settings`): what the numbers of the report were computed with.
//! No block when every setting is the default.

use super::{Cell, Input, Section, Table};
use crate::Lang;
use crate::kpi::Key;
use crate::output::catalog::settings as words;

/// The block, or a section with nothing in it (left out) when all are default.
pub(super) fn section(input: &Input<'_>) -> Section {
    let lang = input.lang;
    let severities = crate::check::config::severities(input.rules).unwrap_or_default();
    let rows: Vec<Vec<Cell>> = input
        .config
        .changed_settings(&severities)
        .into_iter()
        .map(|c| {
            let kpis: Vec<&str> = c
                .kpis
                .iter()
                .map(|k| match (Key::parse(k), lang) {
                    (Some(key), Lang::Zh) => key.def().zh,
                    (Some(key), Lang::En) => key.def().en,
                    (None, _) => k,
                })
                .collect();
            let value = if c.value == "-" {
                words::MISSING.get(lang).to_string()
            } else {
                c.value
            };
            // No default, nothing to compare with: a severity the rules add.
            let direction = match (c.lenient, c.default.is_some()) {
                (true, _) => words::LENIENT.get(lang),
                (false, true) => words::STRICTER.get(lang),
                (false, false) => "—",
            };
            vec![
                Cell::plain(c.key),
                Cell::plain(value),
                Cell::plain(
                    c.default
                        .unwrap_or_else(|| words::NO_DEFAULT.get(lang).into()),
                ),
                Cell::plain(kpis.join(", ")),
                Cell::plain(direction),
            ]
        })
        .collect();
    let (notes, tables) = if rows.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        (
            vec![words::NOTE.get(lang).to_string()],
            vec![Table::of(
                lang,
                words::TABLE,
                &words::HEAD,
                rows,
                words::TABLE,
            )],
        )
    };
    Section {
        id: "settings",
        title: words::TITLE.get(lang).into(),
        notes,
        charts: Vec::new(),
        tables,
    }
}
