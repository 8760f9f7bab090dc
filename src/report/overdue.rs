//! What is overdue at the as-of date: the same records as `itc list --overdue`, one row per
//! deadline passed.

use crate::Lang;

use super::cells::t;
use super::{Cell, Input, Section, Table};

/// The overdue section.
pub(super) fn section(input: &Input<'_>) -> Section {
    let lang = input.lang;
    let mut rows = Vec::new();
    let mut list: Vec<crate::status::Status> = input
        .facts
        .iter()
        .map(|f| crate::status::status(input.rules, f, input.config, input.now))
        .filter(|s| !s.overdue.is_empty())
        .collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    for s in &list {
        for o in &s.overdue {
            rows.push(vec![
                Cell::plain(s.id.clone()),
                Cell::plain(s.title.clone()),
                Cell::plain(s.owner.clone()),
                Cell::plain(crate::output::catalog::deadline::overdue(lang, o)),
                Cell::plain(o.deadline.format("%Y-%m-%d %H:%M").to_string()),
            ]);
        }
    }
    Section {
        id: "overdue",
        title: t(lang, "逾期事项", "Overdue"),
        notes: vec![match lang {
            Lang::Zh => format!(
                "截至报告日期逾期的记录 {} 条(与 `itc list --overdue --as-of` 相同)。",
                list.len()
            ),
            Lang::En => format!(
                "{} records overdue at the as-of date (the same as `itc list --overdue --as-of`).",
                list.len()
            ),
        }],
        charts: Vec::new(),
        tables: vec![Table::of(
            lang,
            ("逾期事项", "Overdue items"),
            (
                &["编号", "标题", "责任人", "逾期事项", "期限"],
                &["Id", "Title", "Owner", "What is overdue", "Deadline"],
            ),
            rows,
            ("没有逾期事项", "Nothing is overdue"),
        )],
    }
}
