//! The manager's report (`itc report`): the KPIs of a period with the change against the
//! previous period, twelve months of trends, and the incidents, projects, drills, security
//! findings, appraisals, surveys, plan items, data quality and overdue items behind them.
//!
//! Every number comes from the KPI engine (`crate::kpi::compute`) and the one deadline model
//! (`crate::facts::deadline`, through `crate::status`): this module only selects and words. It
//! builds a `Report` of sections, tables and charts in the output language; `html` and
//! `markdown` render that one model, so both formats hold the same content.
//!
//! This file holds the model (`Report`, `Section`, `Table`, `Cell`, `Chart`) and `build`, which
//! puts the sections together in order. The rest:
//! - `period`: the previous period of the same length and the twelve months of the trends;
//! - `cells`: what the sections share (words, verdict and standing cells, KPI tables);
//! - one file per section, in the order of the report: `scorecard`, `trends`, `availability`,
//!   `incidents`, `projects`, `drills`, `security`, `people` (appraisals, surveys, the annual
//!   plan and data quality), `overdue`;
//! - the renderers: `html` (with `chart`, the inline SVG) and `markdown`.

mod availability;
mod bounded;
mod cells;
pub mod chart;
mod drills;
pub mod html;
mod incidents;
pub mod markdown;
mod overdue;
mod people;
mod period;
mod projects;
mod score;
mod scorecard;
mod security;
mod settings;
mod trends;

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::facts::Facts;
use crate::kpi::{self, Ctx, Key, Kpi, Unit, Verdict};
use crate::output::catalog::report as words;
use crate::rules::Rules;
use crate::time::Period;
use crate::{Lang, Words};

pub use bounded::{Late, Overdue};
pub use cells::{verdict_mark, verdict_word};
pub use overdue::overdue_of;
pub use period::{previous, trend_months};

/// What a record gives the report beyond its typed facts: an incident's cause and fault report.
#[derive(Clone, Debug, Default)]
pub struct Extra {
    pub cause: Option<String>,
    pub fault_report: Option<String>,
}

/// A table cell: its text, and the verdict it shows (drawn with a shape and a word, not colour
/// alone).
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub verdict: Option<Verdict>,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            verdict: None,
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::plain(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::plain(text)
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Shown instead of an empty table.
    pub empty: String,
}

impl Table {
    /// A table in `lang`: its caption, its column heads and what is shown instead of it when it
    /// has no rows, each from the catalog.
    fn of(lang: Lang, caption: Words, head: &[Words], rows: Vec<Vec<Cell>>, empty: Words) -> Table {
        Table {
            caption: caption.get(lang).into(),
            head: cells::head(head, lang),
            rows,
            empty: empty.get(lang).into(),
        }
    }
}

/// A chart; its numbers are also in a table of the same section (the Markdown shows those).
#[derive(Clone, Debug)]
pub enum Chart {
    /// One ratio KPI month by month, with its target.
    Line {
        title: String,
        months: Vec<String>,
        values: Vec<Option<f64>>,
        target: Option<f64>,
        /// The target is a maximum: a value above it misses.
        target_is_max: bool,
    },
    /// Availability per system against each system's target.
    Bars {
        title: String,
        bars: Vec<(String, Option<f64>, Option<f64>)>,
    },
}

impl Chart {
    pub fn title(&self) -> &str {
        match self {
            Chart::Line { title, .. } | Chart::Bars { title, .. } => title,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub notes: Vec<String>,
    pub charts: Vec<Chart>,
    pub tables: Vec<Table>,
}

#[derive(Clone, Debug)]
pub struct Report {
    pub lang: Lang,
    pub title: String,
    /// `统计周期 2026-Q3(2026-07-01 至 2026-09-30)· 截至 …`
    pub subtitle: String,
    pub met: usize,
    pub missed: usize,
    pub not_applicable: usize,
    pub headline: String,
    pub sections: Vec<Section>,
}

/// The inputs of a report.
pub struct Input<'a> {
    pub config: &'a Config,
    pub rules: &'a Rules,
    pub facts: &'a [Facts],
    pub extras: &'a [Extra],
    /// The records with a deadline passed as of `now` (`overdue_of`), counted, and the
    /// statuses behind the `TOP` rows the overdue section lists (`Late`).
    pub overdue: &'a Overdue,
    pub period: &'a Period,
    pub now: DateTime<FixedOffset>,
    pub lang: Lang,
}

/// How many rows a per-item table of the report lists at most.
pub const TOP: usize = 20;

/// The rank of a row by the verdict in cell `i`: a missed one first, then those without a
/// verdict, then those met.
fn verdict_rank(row: &[Cell], i: usize) -> u8 {
    match row.get(i).and_then(|c| c.verdict) {
        Some(Verdict::Missed) => 0,
        Some(Verdict::Met) => 2,
        _ => 1,
    }
}

/// The text of cell `i`, for ranking.
fn text_at(row: &[Cell], i: usize) -> &str {
    row.get(i).map_or("", |c| c.text.as_str())
}

/// A per-item table's rows as the report lists them: all of them up to `TOP`; beyond, the
/// `TOP` first by `rank` (the most severe or most overdue first, ties in the table's order),
/// kept in the table's order, and a note under `notes` of how many more there are and the
/// `itc list` command that lists them all. A table of up to `TOP` rows is left as it is.
fn top<K: Ord>(
    rows: Vec<Vec<Cell>>,
    rank: impl Fn(&[Cell]) -> K,
    caption: Words,
    command: &str,
    lang: Lang,
    notes: &mut Vec<String>,
) -> Vec<Vec<Cell>> {
    if rows.len() <= TOP {
        return rows;
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_cached_key(|&i| rank(&rows[i]));
    let mut kept = vec![false; rows.len()];
    for &i in order.iter().take(TOP) {
        kept[i] = true;
    }
    more(rows.len(), caption, command, lang, notes);
    rows.into_iter()
        .zip(kept)
        .filter_map(|(row, keep)| keep.then_some(row))
        .collect()
}

/// The note under a per-item table of `total` rows that lists `TOP` of them: how many more there
/// are and the `itc list` command that lists them all; none when it lists them all.
fn more(total: usize, caption: Words, command: &str, lang: Lang, notes: &mut Vec<String>) {
    if total > TOP {
        notes.push(crate::output::catalog::report_top::more(
            lang,
            caption.get(lang),
            TOP,
            total - TOP,
            command,
        ));
    }
}

/// A KPI context that drops each KPI's items once summed and leaves them unnamed: the report
/// reads the sums and the counts.
fn summed(mut ctx: Ctx<'_>) -> Ctx<'_> {
    ctx.keep_items = false;
    ctx.ids = false;
    ctx
}

/// The KPIs of each of the twelve months of the trends (`trend_months`), computed once for the
/// trends (the ratios they chart) and the score (the KPIs its card reads). A month that is the
/// period or the previous period takes their KPIs, `kpis` and `before`, computed already.
fn monthly(
    input: &Input<'_>,
    kpis: &[Kpi],
    before: &[Kpi],
    before_p: Option<&Period>,
) -> Vec<Vec<Kpi>> {
    let mut keys: Vec<Key> = kpis
        .iter()
        .filter(|k| k.unit != Unit::Count)
        .map(|k| k.key)
        .collect();
    if let Some(card) = &input.config.scorecard {
        keys.extend(crate::score::keys(card));
    }
    keys.sort();
    keys.dedup();
    let same = |a: &Period, b: &Period| a.start == b.start && a.end == b.end;
    trend_months(input.period)
        .iter()
        .map(|m| {
            if same(m, input.period) {
                return kpis.to_vec();
            }
            if before_p.is_some_and(|p| same(m, p)) {
                return before.to_vec();
            }
            if keys.is_empty() {
                return Vec::new();
            }
            let c = summed(Ctx::new(
                input.config,
                input.rules,
                input.facts,
                m,
                input.now.timestamp(),
            ));
            kpi::compute(&c, &keys, None)
        })
        .collect()
}

/// Builds the report.
pub fn build(input: &Input<'_>) -> Report {
    let Input {
        config,
        rules,
        facts,
        period,
        now,
        lang,
        ..
    } = *input;
    let now_s = now.timestamp();
    let ctx = summed(Ctx::new(config, rules, facts, period, now_s));
    let kpis = kpi::compute(&ctx, &[], None);
    let before_period = previous(period);
    let before: Vec<Kpi> = before_period
        .as_ref()
        .map(|p| {
            let c = summed(Ctx::new(config, rules, facts, p, now_s));
            kpi::compute(&c, &[], None)
        })
        .unwrap_or_default();
    let count = |v: Verdict| kpis.iter().filter(|k| k.verdict == v).count();
    let (met, missed, not_applicable) = (
        count(Verdict::Met),
        count(Verdict::Missed),
        count(Verdict::NotApplicable),
    );
    // A date given as as-of means its end: shown as that day, not as the next day's midnight.
    let as_of = if now.time() == chrono::NaiveTime::MIN {
        let day = now.date_naive().pred_opt().unwrap_or(now.date_naive());
        words::end_of_day(lang, &day.to_string())
    } else {
        now.format("%Y-%m-%d %H:%M").to_string()
    };
    let last_day = period.end.pred_opt().unwrap_or(period.end);
    let subtitle = words::subtitle(
        lang,
        &period.label,
        &period.start.to_string(),
        &last_day.to_string(),
        &as_of,
    );
    let headline = words::headline(lang, kpis.len(), met, missed, not_applicable);
    let title = words::title(lang, &config.org_name, &period.label);
    let find = |list: &[Kpi], key: Key| list.iter().find(|k| k.key == key).cloned();
    let monthly = monthly(input, &kpis, &before, before_period.as_ref());
    let mut sections = vec![
        score::section(input, &kpis, &monthly),
        settings::section(input),
        scorecard::section(&kpis, &before, before_period.as_ref(), lang),
        trends::section(input, &kpis, &monthly),
        availability::section(&kpis, lang),
        incidents::section(input, &ctx, find(&kpis, Key::RepairTimeliness)),
        projects::section(input, &ctx, &kpis, &before),
        drills::section(input, &ctx, &kpis, &before),
        security::section(input, &ctx, &kpis, &before),
        people::section(input, &ctx, &kpis, &before),
        overdue::section(input),
    ];
    sections.retain(|s| !s.tables.is_empty() || !s.notes.is_empty());
    Report {
        lang,
        title,
        subtitle,
        met,
        missed,
        not_applicable,
        headline,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::Repo;

    fn demo() -> (Repo, Vec<Facts>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
        let repo = Repo::open(&root).unwrap();
        let facts: Vec<Facts> = repo
            .visit(|_, rec, _| Some(crate::facts::extract(&repo.rules, &repo.config, &rec?)))
            .into_iter()
            .flatten()
            .collect();
        (repo, facts)
    }

    fn at(day: &str) -> DateTime<FixedOffset> {
        let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        d.and_hms_opt(0, 0, 0).unwrap().and_utc().fixed_offset()
    }

    /// The months computed once (and the period's and the previous period's KPIs taken for the
    /// months that are those periods) give the values, numerators, denominators and verdicts
    /// of each month computed on its own, with every KPI, for a year, a half, a quarter and a
    /// month, at several as-of dates: the demo has a scorecard, so the months carry every KPI
    /// its card reads beside the ratios.
    #[test]
    fn the_months_computed_once_are_the_months_computed_one_by_one() {
        let (repo, facts) = demo();
        assert!(repo.config.scorecard.is_some());
        let overdue = Overdue::default();
        for label in [
            "2026", "2026-H2", "2026-Q3", "2026-10", "2026-01", "2025-12",
        ] {
            for day in ["2026-03-15", "2026-10-15", "2026-12-31"] {
                let period = Period::parse_cycle(label).unwrap();
                let now = at(day);
                let input = Input {
                    config: &repo.config,
                    rules: &repo.rules,
                    facts: &facts,
                    extras: &[],
                    overdue: &overdue,
                    period: &period,
                    now,
                    lang: Lang::En,
                };
                let one = |p: &Period| {
                    let c = summed(Ctx::new(
                        &repo.config,
                        &repo.rules,
                        &facts,
                        p,
                        now.timestamp(),
                    ));
                    kpi::compute(&c, &[], None)
                };
                let kpis = one(&period);
                let before_p = previous(&period);
                let before = before_p.as_ref().map(one).unwrap_or_default();
                let months = trend_months(&period);
                let shared = monthly(&input, &kpis, &before, before_p.as_ref());
                assert_eq!(shared.len(), months.len());
                let card = crate::score::keys(repo.config.scorecard.as_ref().unwrap());
                for (m, got) in months.iter().zip(&shared) {
                    let alone = one(m);
                    for k in alone
                        .iter()
                        .filter(|k| k.unit != Unit::Count || card.contains(&k.key))
                    {
                        let g = got.iter().find(|g| g.key == k.key);
                        let g = g.unwrap_or_else(|| panic!("{label} {day} {}: {}", m.label, k.key));
                        let sum = |k: &Kpi| (k.value, k.numerator, k.denominator, k.verdict);
                        assert_eq!(sum(g), sum(k), "{label} {day} {}: {}", m.label, k.key);
                    }
                }
            }
        }
    }

    /// The overdue records gathered as they load (`Late`) are the counts and the rows the
    /// section listed when it was given every record: the demo's overdue statuses, offered in
    /// reverse and each several times over under other file places, cut to a bound of 1 to 6.
    #[test]
    fn the_overdue_rows_kept_are_those_of_the_whole_list_cut() {
        let (repo, facts) = demo();
        let now = at("2026-12-31");
        let statuses: Vec<crate::status::Status> = facts
            .iter()
            .filter_map(|f| overdue_of(&repo.rules, f, &repo.config, now))
            .collect();
        assert!(statuses.len() >= 3, "the demo has overdue records");
        for n in 1..=6 {
            // Every (status, copy) as a file: copy c of status s is file c * len + s.
            let files: Vec<(usize, &crate::status::Status)> = (0..3)
                .flat_map(|c| {
                    statuses
                        .iter()
                        .enumerate()
                        .map(move |(s, st)| (c * 100 + s, st))
                })
                .collect();
            let late = Late::new(n);
            for (file, s) in files.iter().rev() {
                late.add(*file, s);
            }
            let got = late.finish();
            // The whole list, as the section read it before: by id (stably, in file order),
            // one row per deadline, the `n` with the earliest deadline kept in table order.
            let mut list = files.clone();
            list.sort_by(|a, b| a.1.id.cmp(&b.1.id).then(a.0.cmp(&b.0)));
            let rows: Vec<(String, String)> = list
                .iter()
                .flat_map(|(_, s)| {
                    s.overdue.iter().map(|o| {
                        (
                            s.id.clone(),
                            o.deadline.format("%Y-%m-%d %H:%M").to_string(),
                        )
                    })
                })
                .collect();
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by_key(|&i| rows[i].1.clone());
            let mut keep: Vec<usize> = order.into_iter().take(n).collect();
            keep.sort_unstable();
            let want: Vec<(String, String)> = keep.into_iter().map(|i| rows[i].clone()).collect();
            let kept: Vec<(String, String)> = got
                .kept
                .iter()
                .flat_map(|s| {
                    s.overdue.iter().map(|o| {
                        (
                            s.id.clone(),
                            o.deadline.format("%Y-%m-%d %H:%M").to_string(),
                        )
                    })
                })
                .collect();
            assert_eq!(kept, want, "n = {n}");
            assert_eq!(got.records, files.len());
            assert_eq!(got.rows, rows.len());
        }
    }
}
