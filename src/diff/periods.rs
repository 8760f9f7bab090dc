//! The periods `diff` computes the KPIs of: a bounded few, placed by the facts the KPIs read.
//!
//! - **Changed records**: the months in which their facts fall, on either side of the change
//!   (each date and date-time a KPI reads, each deadline's anchor, and every month an outage or
//!   a backup period spans), with their quarters and years. At most [`MAX_MONTHS`] months are
//!   kept, those nearest the as-of month; so at most `3 × MAX_MONTHS` periods, however many
//!   dates a record holds. Strings that merely look like dates (a tag, a note) place nothing.
//! - **A settings change** (itc.toml or rules.toml: a target, a calendar, an SLA): the months
//!   and quarters of the as-of's year begun by as-of, and that year (at most 17 periods).
//! - **`--period`**: each period named, as `itc kpi --period` reads it.
//!
//! The periods are listed months first, then quarters, halves, years and other spans.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use crate::config::Config;
use crate::facts::{Body, Facts, deadline};
use crate::rules::Rules;
use crate::time::Period;

/// The most months the changed records place: the bound on the KPI work of a diff.
pub const MAX_MONTHS: usize = 24;

/// A month as a count of months since year 0 (`year × 12 + month − 1`).
type Month = i64;

fn month_of(d: NaiveDate) -> Month {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

/// The months facts fall in, gathered for one diff.
pub struct Months {
    /// The as-of month: the months kept are those nearest it.
    center: Month,
    months: BTreeSet<Month>,
}

impl Months {
    pub fn new(as_of: NaiveDate) -> Months {
        Months {
            center: month_of(as_of),
            months: BTreeSet::new(),
        }
    }

    fn day(&mut self, d: NaiveDate) {
        self.months.insert(month_of(d));
    }

    fn instant(&mut self, t: i64, tz: FixedOffset) {
        if let Some(d) = local_day(t, tz) {
            self.day(d);
        }
    }

    /// Every month from `a` to `b`, both included; of a long span, only the months that can be
    /// among the nearest to as-of are taken, so a span of centuries costs what a short one does.
    fn span(&mut self, a: NaiveDate, b: NaiveDate) {
        let (a, b) = (month_of(a), month_of(b));
        if a > b {
            return;
        }
        let reach = MAX_MONTHS as i64;
        let near = self.center.clamp(a, b);
        let (from, to) = (a.max(near - reach), b.min(near + reach));
        self.months.extend(from..=to);
    }

    /// The months the facts of one record (as one side holds it) fall in. `now` is that side's
    /// as-of: an outage not yet ended runs to it.
    pub fn add(&mut self, f: &Facts, rules: &Rules, config: &Config, now: i64) {
        let tz = config.tz;
        for d in deadline::of(f, rules, config) {
            self.instant(d.anchor, tz);
        }
        match &f.body {
            Body::Incident(i) => {
                for t in [i.occurred, i.restored, i.outage_start, i.outage_end]
                    .into_iter()
                    .flatten()
                {
                    self.instant(t, tz);
                }
                if let Some(start) = i.outage_start {
                    let end = i.outage_end.unwrap_or(now.max(start));
                    if let (Some(a), Some(b)) = (local_day(start, tz), local_day(end, tz)) {
                        self.span(a, b);
                    }
                }
            }
            Body::Project(p) => {
                for d in [p.planned_end, p.accepted_on].into_iter().flatten() {
                    self.day(d);
                }
            }
            Body::Drill(d) => {
                if let Some(day) = d.scheduled_on {
                    self.day(day);
                }
                for t in [d.started, d.recovered].into_iter().flatten() {
                    self.instant(t, tz);
                }
            }
            Body::Appraisal(a) => {
                if let Some(d) = a.due_on {
                    self.day(d);
                }
                if let Some(t) = a.result_at {
                    self.instant(t, tz);
                }
            }
            Body::Plan(p) => {
                for item in &p.items {
                    for d in [item.due, item.done_on].into_iter().flatten() {
                        self.day(d);
                    }
                }
            }
            Body::Data(d) => {
                if let Some(t) = d.cleansing_done {
                    self.instant(t, tz);
                }
            }
            Body::Security(s) => {
                for finding in &s.findings {
                    for d in [finding.due, finding.fixed_on].into_iter().flatten() {
                        self.day(d);
                    }
                }
            }
            Body::Survey(s) => {
                if let Some(t) = s.conducted {
                    self.instant(t, tz);
                }
            }
            Body::Backup(b) => {
                if let Some(p) = &b.period
                    && let Some(last) = p.end.pred_opt()
                {
                    self.span(p.start, last);
                }
            }
            Body::Other => {}
        }
    }

    /// The months kept (at most [`MAX_MONTHS`], the nearest to as-of), their quarters and
    /// their years.
    pub fn periods(&self) -> Vec<Period> {
        let mut nearest: Vec<Month> = self.months.iter().copied().collect();
        nearest.sort_by_key(|&m| ((m - self.center).abs(), m));
        nearest.truncate(MAX_MONTHS);
        let mut labels = BTreeSet::new();
        for m in nearest {
            let (y, m0) = (m.div_euclid(12), m.rem_euclid(12));
            labels.insert(format!("{y:04}-{:02}", m0 + 1));
            labels.insert(format!("{y:04}-Q{}", m0 / 3 + 1));
            labels.insert(format!("{y:04}"));
        }
        labels
            .iter()
            .filter_map(|l| Period::parse_cycle(l))
            .collect()
    }
}

fn local_day(t: i64, tz: FixedOffset) -> Option<NaiveDate> {
    DateTime::from_timestamp(t, 0).map(|d| d.with_timezone(&tz).date_naive())
}

/// The periods a settings change is shown over: the months and quarters of `today`'s year
/// begun by `today`, and the year.
pub fn of_the_year(today: NaiveDate) -> Vec<Period> {
    let y = today.year();
    let months = (1..=today.month()).map(|m| format!("{y:04}-{m:02}"));
    let quarters = (1..=today.month0() / 3 + 1).map(|q| format!("{y:04}-Q{q}"));
    months
        .chain(quarters)
        .chain([format!("{y:04}")])
        .filter_map(|l| Period::parse_cycle(&l))
        .collect()
}

/// Reading order: months, quarters, halves, years, then days and spans; each by its start.
fn order(p: &Period) -> (u8, NaiveDate, NaiveDate) {
    let l = p.label.as_bytes();
    let rank = match l {
        [_, _, _, _, b'-', a, b] if a.is_ascii_digit() && b.is_ascii_digit() => 0,
        [_, _, _, _, b'-', b'Q', _] => 1,
        [_, _, _, _, b'-', b'H', _] => 2,
        [_, _, _, _] => 3,
        _ => 4,
    };
    (rank, p.start, p.end)
}

/// The periods of all three sources in reading order, each once.
pub fn merge(parts: impl IntoIterator<Item = Period>) -> Vec<Period> {
    let mut all: Vec<Period> = parts.into_iter().collect();
    all.sort_by(|a, b| order(a).cmp(&order(b)).then_with(|| a.label.cmp(&b.label)));
    all.dedup_by(|a, b| a.label == b.label);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn labels(ps: &[Period]) -> Vec<&str> {
        ps.iter().map(|p| p.label.as_str()).collect()
    }

    #[test]
    fn a_day_places_its_month_quarter_and_year() {
        let mut m = Months::new(day(2026, 12, 31));
        m.day(day(2026, 11, 30));
        m.day(day(2026, 3, 1));
        assert_eq!(
            labels(&merge(m.periods())),
            ["2026-03", "2026-11", "2026-Q1", "2026-Q4", "2026"]
        );
    }

    #[test]
    fn months_are_capped_to_those_nearest_as_of_however_many_dates_there_are() {
        let mut m = Months::new(day(2026, 6, 15));
        for y in 1000..10000 {
            for month in 1..=12 {
                m.day(day(y, month, 1));
            }
        }
        // A span of centuries costs no more than the months near as-of.
        m.span(day(1000, 1, 1), day(9999, 12, 31));
        let ps = m.periods();
        let months: Vec<&str> = labels(&ps)
            .into_iter()
            .filter(|l| l.len() == 7 && !l.contains('Q'))
            .collect();
        assert_eq!(months.len(), MAX_MONTHS);
        assert_eq!(months.first(), Some(&"2025-06"));
        assert_eq!(months.last(), Some(&"2027-05"));
        assert!(ps.len() <= 3 * MAX_MONTHS);
        // A span far from as-of places the months of it nearest as-of.
        let mut far = Months::new(day(2026, 6, 15));
        far.span(day(1500, 1, 1), day(1600, 12, 31));
        assert_eq!(far.months.len(), MAX_MONTHS + 1);
        assert_eq!(far.months.last(), Some(&month_of(day(1600, 12, 1))));
    }

    #[test]
    fn a_settings_change_is_shown_over_the_year_begun() {
        assert_eq!(
            labels(&of_the_year(day(2026, 5, 2))),
            [
                "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-Q1", "2026-Q2", "2026"
            ]
        );
        assert_eq!(of_the_year(day(2026, 12, 31)).len(), 17);
    }

    #[test]
    fn periods_read_months_quarters_halves_years_then_spans() {
        let parse = |l: &str| Period::parse(l).unwrap();
        let merged = merge(
            [
                "2026",
                "2026-01-01..2026-02-01",
                "2026-H2",
                "2026-Q3",
                "2026-07",
                "2025-12",
                "2026-07",
            ]
            .map(parse),
        );
        assert_eq!(
            labels(&merged),
            [
                "2025-12",
                "2026-07",
                "2026-Q3",
                "2026-H2",
                "2026",
                "2026-01-01..2026-02-01"
            ]
        );
    }
}
