//! The score (`[scorecard]`, `crate::score`): the total and how much weight was scored, a bar per
//! category, each item's points with its evidence, and the total month by month over the twelve
//! months ending with the period. Without a scorecard the section is left out.

use crate::kpi::{Ctx, Kpi};
use crate::output::catalog::score as words;
use crate::output::score::{points_text, rows, total_line};
use crate::score::{self as card_score, Score};

use super::period::trend_months;
use super::{Cell, Chart, Input, Section, Table, summed};

/// The card weighed over one period, with `kpis` computed in it (at least those the card reads).
fn weigh(input: &Input<'_>, period: &crate::time::Period, kpis: &[Kpi]) -> Option<Score> {
    let card = input.config.scorecard.as_ref()?;
    let ctx = summed(Ctx::new(
        input.config,
        input.rules,
        input.facts,
        period,
        input.now.timestamp(),
    ));
    Some(card_score::compute(&ctx, card, kpis))
}

/// The score section: `kpis` are those of the period, `monthly` those of each of the twelve
/// months of the trends (`super::monthly`), among them every KPI the card reads.
pub(super) fn section(input: &Input<'_>, kpis: &[Kpi], monthly: &[Vec<Kpi>]) -> Section {
    let lang = input.lang;
    let mut section = Section {
        id: "score",
        title: words::TITLE.get(lang).into(),
        notes: Vec::new(),
        charts: Vec::new(),
        tables: Vec::new(),
    };
    let Some(score) = weigh(input, input.period, kpis) else {
        return section;
    };
    section.notes.push(total_line(&score, lang));
    // A bar per category: the share of its scored weight it earned.
    section.charts.push(Chart::Bars {
        title: words::SUBTOTALS.get(lang).into(),
        bars: score
            .categories
            .iter()
            .map(|c| {
                let share = (c.scored_weight > 0.0).then(|| c.points / c.scored_weight);
                (words::category(c.category).get(lang).into(), share, None)
            })
            .collect(),
    });
    let head = |w: &[crate::Words]| w.iter().map(|w| w.get(lang).to_string()).collect();
    section.tables.push(Table {
        caption: words::ITEMS.get(lang).into(),
        head: head(&words::COLUMNS),
        rows: rows(&score, lang)
            .into_iter()
            .map(|r| r.into_iter().map(Cell::plain).collect())
            .collect(),
        empty: String::new(),
    });
    section.tables.push(Table {
        caption: words::SUBTOTALS.get(lang).into(),
        head: head(&words::SUBTOTAL_COLUMNS),
        rows: score
            .categories
            .iter()
            .map(|c| {
                vec![
                    Cell::plain(words::category(c.category).get(lang)),
                    Cell::plain(points_text(c.points)),
                    Cell::plain(points_text(c.scored_weight)),
                    Cell::plain(points_text(c.weight)),
                ]
            })
            .collect(),
        empty: String::new(),
    });
    // The total month by month, each month weighed on its own.
    let months = trend_months(input.period);
    let totals: Vec<Score> = months
        .iter()
        .zip(monthly)
        .filter_map(|(m, k)| weigh(input, m, k))
        .collect();
    section.charts.push(Chart::Line {
        title: words::TREND.get(lang).into(),
        months: months.iter().map(|m| m.label.clone()).collect(),
        values: totals.iter().map(|s| s.total.map(|t| t / 100.0)).collect(),
        target: None,
        target_is_max: false,
    });
    section.tables.push(Table {
        caption: words::TREND.get(lang).into(),
        head: vec![
            words::MONTH.get(lang).into(),
            words::TOTAL.get(lang).into(),
            words::SUBTOTAL_COLUMNS[2].get(lang).into(),
        ],
        rows: months
            .iter()
            .zip(&totals)
            .map(|(m, s)| {
                vec![
                    Cell::plain(m.label.as_str()),
                    Cell::plain(s.total.map_or_else(|| "n/a".into(), points_text)),
                    Cell::plain(points_text(s.scored_weight)),
                ]
            })
            .collect(),
        empty: String::new(),
    });
    section
}
