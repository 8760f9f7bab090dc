//! What is overdue at the as-of date: the same records as `itc list --overdue`, one row per
//! deadline passed.

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::facts::Facts;
use crate::output::catalog::report as words;
use crate::rules::Rules;
use crate::status::Status;

use super::cells::person_cell;
use super::{Cell, Input, Section, Table, more};

/// A record's status (`crate::status::status`) as of `now` if it has a deadline passed, without
/// what the section does not show (its timeline and deadlines): found as each record is loaded,
/// so that the record's timeline need not be kept.
pub fn overdue_of(
    rules: &Rules,
    f: &Facts,
    config: &Config,
    now: DateTime<FixedOffset>,
) -> Option<Status> {
    let mut s = crate::status::status(rules, f, config, now);
    if s.overdue.is_empty() {
        return None;
    }
    (s.timeline, s.deadlines) = Default::default();
    Some(s)
}

/// The overdue section.
pub(super) fn section(input: &Input<'_>) -> Section {
    let lang = input.lang;
    let mut rows = Vec::new();
    // The statuses behind the rows listed; the rest are counted (`Late`).
    let mut list: Vec<&Status> = input.overdue.kept.iter().collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    for s in list.iter().copied() {
        for o in &s.overdue {
            rows.push(vec![
                Cell::plain(s.id.clone()),
                Cell::plain(s.title.clone()),
                // An item's own owner answers for it (a plan item, a corrective action).
                person_cell(input.config, Some(&o.owner)),
                Cell::plain(crate::output::catalog::deadline::overdue(lang, o)),
                Cell::plain(o.deadline.format("%Y-%m-%d %H:%M").to_string()),
            ]);
        }
    }
    let mut notes = vec![words::records_overdue(lang, input.overdue.records)];
    // The most overdue first (the earliest deadline first) were kept.
    more(
        input.overdue.rows,
        words::OVERDUE_TABLE,
        "itc list --overdue",
        lang,
        &mut notes,
    );
    Section {
        id: "overdue",
        title: words::OVERDUE_SECTION.get(lang).into(),
        notes,
        charts: Vec::new(),
        tables: vec![Table::of(
            lang,
            words::OVERDUE_TABLE,
            &words::OVERDUE_HEAD,
            rows,
            words::NOTHING_OVERDUE,
        )],
    }
}
