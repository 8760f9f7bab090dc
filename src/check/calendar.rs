//! The working calendar of `itc.toml` (`[calendar]`) checked against itself: a date both a
//! holiday and a make-up workday (E0818, at the later of the two), and a make-up workday that is
//! an ordinary working day already, a Monday–Friday that is not a holiday (W0819). A make-up
//! workday (调休) is a Saturday or Sunday made a working day; availability and the SLA service
//! clock give it an ordinary weekday's service hours.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::config::CONFIG_FILE;
use crate::diag::{Code, Diag, Span};
use crate::record::value::{Node, Table};
use crate::time::parse_date;

/// The dates of `[calendar] key` as written, with where each is written; values that are no
/// date are the schema's to report.
fn dates(cal: &Table, key: &str) -> Vec<(NaiveDate, Span)> {
    cal.get(key)
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| Some((n.as_str().and_then(parse_date)?, n.span)))
        .collect()
}

pub fn check(table: &Table, diags: &mut Vec<Diag>) {
    let Some(cal) = table.get("calendar").and_then(Node::as_table) else {
        return;
    };
    let holidays = dates(cal, "holidays");
    let workdays = dates(cal, "workdays");
    let holiday: HashMap<NaiveDate, Span> = holidays.iter().rev().copied().collect();
    for &(date, span) in &workdays {
        if let Some(&h) = holiday.get(&date) {
            let (first, later) = if (h.line, h.col) < (span.line, span.col) {
                (h, span)
            } else {
                (span, h)
            };
            diags.push(
                Diag::new(Code::E0818, CONFIG_FILE, later)
                    .arg("date", date.to_string())
                    .arg("first", first.line.to_string()),
            );
        } else if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            diags.push(Diag::new(Code::W0819, CONFIG_FILE, span).arg("date", date.to_string()));
        }
    }
}
