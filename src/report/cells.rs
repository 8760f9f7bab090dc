//! What the sections share: words in the output language, verdict and standing cells, numbers,
//! targets and changes as `kpi` prints them, and the table of a group of KPIs.

use crate::facts::deadline::Standing;
use crate::kpi::{Key, Kpi, Unit, Verdict};
use crate::output::catalog::report as words;
use crate::output::kpi::{counts_text, percent, value_text};
use crate::rules::{Field, Rules, Type};
use crate::{Lang, Words};

use super::{Cell, Table};

/// A verdict's word, beside its shape (`verdict_mark`) wherever it is shown: the KPI table's.
pub use crate::output::kpi::verdict_text as verdict_word;

/// The shape that carries a verdict beside its word.
pub fn verdict_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "✓",
        Verdict::Missed => "✗",
        Verdict::NotApplicable => "–",
    }
}

pub(super) fn verdict_cell(v: Verdict, lang: Lang) -> Cell {
    Cell {
        text: verdict_word(v, lang).to_string(),
        verdict: Some(v),
    }
}

pub(super) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

/// A KPI's target as `kpi` prints it: `≥ 99.90%`, `≤ 0`.
pub(super) fn target_text(unit: Unit, target: Option<f64>, is_max: bool) -> String {
    let Some(t) = target else {
        return "—".into();
    };
    let op = if is_max { "≤" } else { "≥" };
    match unit {
        Unit::Count => format!("{op} {}", number(t)),
        _ => format!("{op} {}", percent(t)),
    }
}

/// The change of a KPI against the previous period: percentage points for ratios.
pub(super) fn change_text(unit: Unit, now: Option<f64>, before: Option<f64>, lang: Lang) -> String {
    match (now, before) {
        (Some(a), Some(b)) if unit == Unit::Count => format!("{:+}", (a - b) as i64),
        (Some(a), Some(b)) => {
            // Hundredths of a point, rounded: the two values are each truncated for display.
            let pp = ((a - b) * 10_000.0).round() / 100.0;
            words::change_points(lang, pp)
        }
        _ => "—".into(),
    }
}

pub(super) fn kpi_row(k: &Kpi, before: Option<&Kpi>, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::plain(k.name.get(lang)),
        Cell::plain(value_text(k)),
        Cell::plain(
            k.denominator
                .map(|d| counts_text(k.numerator, d, k.unit, lang))
                .unwrap_or_default(),
        ),
        Cell::plain(target_text(k.unit, k.target, k.target_is_max)),
        verdict_cell(k.verdict, lang),
        Cell::plain(change_text(
            k.unit,
            k.value,
            before.and_then(|b| b.value),
            lang,
        )),
    ]
}

/// A span of seconds in the output language: `1d 1h 4m 28s` / `1 天 1 小时 4 分 28 秒`.
pub(super) fn span(seconds: i64, lang: Lang) -> String {
    crate::output::catalog::units::duration(lang, crate::time::Duration(seconds.max(0)))
}

/// An enum value of kind `kind` by its label in the output language (`data` → 数据), as `show`
/// prints it; the value itself where the rules give it no label. `field` is the field's name,
/// looked up among the kind's fields, its stages' fields and their table items.
pub(super) fn value_word(
    rules: &Rules,
    kind: &str,
    field: &str,
    value: &str,
    lang: Lang,
) -> String {
    fn find<'a>(fields: &'a [Field], name: &str, value: &str) -> Option<&'a crate::Label> {
        fields.iter().find_map(|f| match &f.ty {
            _ if f.name == name && f.value_label(value).is_some() => f.value_label(value),
            Type::TableList(items) | Type::Table(items) => find(items, name, value),
            _ => None,
        })
    }
    rules
        .kind(kind)
        .and_then(|k| {
            find(&k.fields, field, value)
                .or_else(|| k.stages.iter().find_map(|s| find(&s.fields, field, value)))
        })
        .map(|l| l.get(lang))
        .filter(|l| !l.is_empty())
        .unwrap_or(value)
        .to_string()
}

/// A person by their name in the roster (`吴芳`), the id as written where the roster has no
/// such person, `—` where no one is named.
pub(super) fn person_cell(config: &crate::config::Config, id: Option<&str>) -> Cell {
    Cell::plain(match id.filter(|id| !id.is_empty()) {
        Some(id) => config
            .person(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone()),
        None => "—".into(),
    })
}

/// Column heads in the output language.
pub(super) fn head(heads: &[Words], lang: Lang) -> Vec<String> {
    heads.iter().map(|h| h.get(lang).to_string()).collect()
}

pub(super) fn kpi_head(lang: Lang) -> Vec<String> {
    head(&words::KPI_HEAD, lang)
}

pub(super) fn kpi_table(caption: String, kpis: &[&Kpi], before: &[Kpi], lang: Lang) -> Table {
    Table {
        caption,
        head: kpi_head(lang),
        rows: kpis
            .iter()
            .map(|k| kpi_row(k, before.iter().find(|b| b.key == k.key), lang))
            .collect(),
        empty: String::new(),
    }
}

pub(super) fn some_kpis<'k>(kpis: &'k [Kpi], keys: &[Key]) -> Vec<&'k Kpi> {
    kpis.iter().filter(|k| keys.contains(&k.key)).collect()
}

pub(super) fn standing_cell(s: Option<Standing>, lang: Lang) -> Cell {
    match s {
        Some(Standing::OnTime(_)) => Cell {
            text: words::DONE_IN_TIME.get(lang).into(),
            verdict: Some(Verdict::Met),
        },
        Some(Standing::Late(_)) => Cell {
            text: words::DONE_LATE.get(lang).into(),
            verdict: Some(Verdict::Missed),
        },
        Some(Standing::Missed) => Cell {
            text: words::OVERDUE.get(lang).into(),
            verdict: Some(Verdict::Missed),
        },
        Some(Standing::Pending) => Cell::plain(words::NOT_YET_DUE.get(lang)),
        None => Cell::plain("—"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_in_points_and_counts() {
        assert_eq!(
            change_text(Unit::Rate, Some(0.9), Some(0.85), Lang::En),
            "+5.00 pp"
        );
        assert_eq!(
            change_text(Unit::Count, Some(1.0), Some(3.0), Lang::Zh),
            "-2"
        );
        assert_eq!(change_text(Unit::Rate, None, Some(0.5), Lang::Zh), "—");
    }
}
