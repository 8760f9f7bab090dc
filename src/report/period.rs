//! The periods a report compares against: the previous period of the same length, and the
//! twelve months of the trends.

use chrono::{Datelike, Months, NaiveDate};

use crate::time::Period;

/// The previous period of the same length: the month, quarter, half-year or year before.
pub fn previous(p: &Period) -> Option<Period> {
    let months = months_between(p.start, p.end)?;
    let start = p.start.checked_sub_months(Months::new(months))?;
    Some(Period {
        label: cycle_label(start, months),
        start,
        end: p.start,
    })
}

fn months_between(a: NaiveDate, b: NaiveDate) -> Option<u32> {
    let n = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    (a.day() == 1 && b.day() == 1 && n > 0).then_some(n as u32)
}

fn cycle_label(start: NaiveDate, months: u32) -> String {
    let y = start.year();
    match months {
        12 => format!("{y}"),
        6 => format!("{y}-H{}", start.month0() / 6 + 1),
        3 => format!("{y}-Q{}", start.month0() / 3 + 1),
        _ => format!("{y}-{:02}", start.month()),
    }
}

/// The twelve months ending with the period's last month.
pub fn trend_months(p: &Period) -> Vec<Period> {
    let Some(last) = p.end.checked_sub_months(Months::new(1)) else {
        return Vec::new();
    };
    (0..12u32)
        .rev()
        .filter_map(|back| {
            let start = last.checked_sub_months(Months::new(back))?;
            let end = start.checked_add_months(Months::new(1))?;
            Some(Period {
                label: cycle_label(start, 1),
                start,
                end,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn the_previous_period_has_the_same_length() {
        assert_eq!(previous(&p("2026-Q1")).unwrap().label, "2025-Q4");
        assert_eq!(previous(&p("2026-03")).unwrap().label, "2026-02");
        assert_eq!(previous(&p("2026-H2")).unwrap().label, "2026-H1");
        let y = previous(&p("2026")).unwrap();
        assert_eq!((y.label.as_str(), y.end), ("2025", p("2026").start));
        assert!(previous(&p("2026-03-05")).is_none());
    }

    #[test]
    fn trends_cover_the_twelve_months_ending_with_the_period() {
        let m = trend_months(&p("2026-Q3"));
        assert_eq!(m.len(), 12);
        assert_eq!(m[0].label, "2025-10");
        assert_eq!(m[11].label, "2026-09");
        assert_eq!(m[11].end, p("2026-Q3").end);
    }
}
