//! Coverage: the records itc.toml says must exist (DESIGN.md §1), and which of them are missing
//! by as-of. One definition for both readers: the KPIs count a missing record against
//! themselves (reason `missing_record`), and `check` warns of it (W0810–W0814).
//!
//! - A backup check per system and period of its `backup_check` (absent: monthly). A check
//!   covers the period that holds it when its own period lies within it (monthly checks cover a
//!   quarter; a half-year check covers no quarter).
//! - An appraisal per roster member (but the manager and `[appraisal] exempt`) and cycle.
//! - A survey per audience (`team`: `[survey] employee`; `business`) and period, conducted in it.
//! - An approved plan per year (`execution` entered), due when the year begins.
//! - For each core system, a passed drill other than a tabletop exercise in the twelve months
//!   (365 days) before as-of.
//!
//! A backup check or an appraisal on record covers its period whenever it was written (as the
//! KPIs count it); a survey counts once conducted, a plan once approved, a drill once started
//! by as-of. A periodic record is missing once its period has ended by as-of (its due: the period's end);
//! a plan once its year has begun. Nothing is required whose due lies before where the records
//! begin (`Ctx::since`; `Ctx::start` for a KPI; for the drill, `[org] since`), nor after as-of. Each requirement is one pass
//! over the records and one over the periods: no record is compared with another.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::Ctx;
use crate::config::Cadence;
use crate::diag::Span;
use crate::facts::{Body, midnight};
use crate::time::Period;

/// Every requirement's missing records, in the order: backup checks, appraisals, surveys
/// (employee, business), plans, drills. `ctx_for` gives the context of a requirement's kinds.
pub fn all<'a>(ctx_for: impl Fn(&[&str]) -> Ctx<'a>) -> Vec<Missing> {
    let mut out = backups(&ctx_for(BACKUP_KINDS));
    out.extend(appraisals(&ctx_for(APPRAISAL_KINDS)));
    let surveys_ctx = ctx_for(SURVEY_KINDS);
    out.extend(surveys(&surveys_ctx, "team"));
    out.extend(surveys(&surveys_ctx, "business"));
    out.extend(plans(&ctx_for(PLAN_KINDS)));
    out.extend(drills(&ctx_for(DRILL_KINDS)));
    out
}

/// The kinds whose records coverage reads.
pub const KINDS: &[&str] = &["backup", "appraisal", "survey", "plan", "drill"];

/// One year, in seconds: the drill window.
const YEAR_S: i64 = 365 * 86_400;

/// What a missing record would have been.
#[derive(Clone, Debug, PartialEq)]
pub enum Need {
    Backup {
        system: String,
    },
    Appraisal {
        person: String,
    },
    /// `team` or `business`.
    Survey {
        audience: &'static str,
    },
    Plan,
    Drill {
        system: String,
    },
}

/// A record that must exist and does not.
#[derive(Clone, Debug)]
pub struct Missing {
    pub need: Need,
    /// The period it was required for: a month, quarter, half or year; for a drill, the twelve
    /// months before as-of.
    pub period: Period,
    /// When it became missing (Unix seconds): the period's end; a plan's year's start; a
    /// drill's as-of.
    pub due: i64,
    /// The line of itc.toml that requires it.
    pub span: Span,
}

/// The kinds each requirement reads: where its records begin (`Ctx::since_for`).
pub const BACKUP_KINDS: &[&str] = &["backup"];
pub const APPRAISAL_KINDS: &[&str] = &["appraisal"];
pub const SURVEY_KINDS: &[&str] = &["survey"];
pub const PLAN_KINDS: &[&str] = &["plan"];
pub const DRILL_KINDS: &[&str] = &["drill"];

/// Whether a plan approved at `at` was approved by as-of (an unwritten time: it was).
fn approved_by(ctx: &Ctx<'_>, at: Option<i64>) -> bool {
    at.is_none_or(|t| ctx.happened(t))
}

/// The periods of `cadence` whose end lies after `ctx.start` and by as-of, with their due.
fn periods(ctx: &Ctx<'_>, cadence: Cadence) -> Vec<(Period, i64)> {
    let tz = ctx.tz();
    let mut out = Vec::new();
    let first = ctx.date(ctx.start);
    let mut next = first.pred_opt().and_then(|d| cadence.period_of(d));
    while let Some(p) = next {
        let due = midnight(tz, p.end);
        if due > ctx.as_of {
            break;
        }
        next = cadence.period_of(p.end);
        if due > ctx.start {
            out.push((p, due));
        }
    }
    out
}

/// The key of the period of `cadence` that `p` lies within, if it lies within one.
fn within_key(cadence: Cadence, p: &Period) -> Option<NaiveDate> {
    let r = cadence.period_of(p.start)?;
    p.within(&r).then_some(r.start)
}

/// Backup checks missing: per system and period of its cadence.
pub fn backups(ctx: &Ctx<'_>) -> Vec<Missing> {
    let systems = &ctx.config.coverage.systems;
    let cadence_of: HashMap<&str, Cadence> = systems
        .iter()
        .map(|s| (s.id.as_str(), s.backup_check))
        .collect();
    let mut have: HashSet<(&str, NaiveDate)> = HashSet::new();
    for f in ctx.facts {
        if let Body::Backup(b) = &f.body
            && let (Some(system), Some(p)) = (&b.system, &b.period)
            && let Some(key) = cadence_of
                .get(system.as_str())
                .and_then(|&c| within_key(c, p))
        {
            have.insert((system.as_str(), key));
        }
    }
    let mut out = Vec::new();
    for s in systems {
        for (period, due) in periods(ctx, s.backup_check) {
            if !have.contains(&(s.id.as_str(), period.start)) {
                out.push(Missing {
                    need: Need::Backup {
                        system: s.id.clone(),
                    },
                    period,
                    due,
                    span: s.span,
                });
            }
        }
    }
    out
}

/// Appraisals missing: per appraisee and cycle.
pub fn appraisals(ctx: &Ctx<'_>) -> Vec<Missing> {
    let cov = &ctx.config.coverage;
    let cadence = cov.appraisal_cycle;
    let mut have: HashSet<(&str, NaiveDate)> = HashSet::new();
    for f in ctx.facts {
        if let Body::Appraisal(a) = &f.body
            && let (Some(person), Some(cycle)) = (&a.employee, &a.cycle)
            && let Some(key) = within_key(cadence, cycle)
        {
            have.insert((person.as_str(), key));
        }
    }
    let cycles = periods(ctx, cadence);
    let mut out = Vec::new();
    for person in &cov.appraisees {
        for (period, due) in &cycles {
            if !have.contains(&(person.id.as_str(), period.start)) {
                out.push(Missing {
                    need: Need::Appraisal {
                        person: person.id.clone(),
                    },
                    period: period.clone(),
                    due: *due,
                    span: person.span,
                });
            }
        }
    }
    out
}

/// Surveys missing: per audience (`team`, `business`) and period of its cadence.
pub fn surveys(ctx: &Ctx<'_>, audience: &'static str) -> Vec<Missing> {
    let cov = &ctx.config.coverage;
    let (cadence, span) = if audience == "team" {
        cov.employee_survey
    } else {
        cov.business_survey
    };
    let mut have: HashSet<NaiveDate> = HashSet::new();
    for f in ctx.facts {
        if let Body::Survey(s) = &f.body
            && s.audience.as_deref() == Some(audience)
            && let Some(t) = s.conducted.filter(|&t| ctx.happened(t))
            && let Some(p) = cadence.period_of(ctx.date(t))
        {
            have.insert(p.start);
        }
    }
    periods(ctx, cadence)
        .into_iter()
        .filter(|(p, _)| !have.contains(&p.start))
        .map(|(period, due)| Missing {
            need: Need::Survey { audience },
            period,
            due,
            span,
        })
        .collect()
}

/// Plans missing: a year begun by as-of (on or after `ctx.start`) with no plan for it approved
/// by as-of.
pub fn plans(ctx: &Ctx<'_>) -> Vec<Missing> {
    let mut have: HashSet<i64> = HashSet::new();
    for f in ctx.facts {
        if let Body::Plan(p) = &f.body
            && let Some(year) = p.year
            && p.approved
            && approved_by(ctx, p.approved_at)
        {
            have.insert(year);
        }
    }
    let mut out = Vec::new();
    let mut y = ctx.date(ctx.start).year();
    while let Some(year) = NaiveDate::from_ymd_opt(y, 1, 1).and_then(|d| Cadence::Year.period_of(d))
    {
        let due = midnight(ctx.tz(), year.start);
        if due > ctx.as_of {
            break;
        }
        if due >= ctx.start && !have.contains(&i64::from(y)) {
            out.push(Missing {
                need: Need::Plan,
                period: year,
                due,
                span: Span::START,
            });
        }
        y += 1;
    }
    out
}

/// Core systems without a passed drill, other than a tabletop exercise, started in the twelve
/// months before as-of; none while those months reach back before `[org] since` (without it,
/// nothing says the records are younger than a year: the drill is required). A drill passes as the drill pass rate judges it: result `passed`, within
/// its RTO and RPO.
pub fn drills(ctx: &Ctx<'_>) -> Vec<Missing> {
    let passed = |d, started, stand_in| super::security::judge(ctx, d, started, stand_in).0;
    let from = ctx.as_of - YEAR_S;
    if ctx
        .config
        .since
        .is_some_and(|s| from < midnight(ctx.tz(), s))
    {
        return Vec::new();
    }
    let mut covered: HashSet<&str> = HashSet::new();
    for f in ctx.facts {
        if let Body::Drill(d) = &f.body
            && d.drill_type.as_deref() != Some("tabletop")
            && let Some((started, by)) = d.started_or_stand_in()
            && ctx.happened(started)
            && started >= from
            && passed(d, started, by.is_some())
        {
            covered.extend(d.systems.iter().map(String::as_str));
        }
    }
    let period = Period {
        label: format!("{}..{}", ctx.date(from), ctx.date(ctx.as_of - 1)),
        start: ctx.date(from),
        end: ctx.date(ctx.as_of),
    };
    ctx.config
        .coverage
        .systems
        .iter()
        .filter(|s| s.core && !covered.contains(s.id.as_str()))
        .map(|s| Missing {
            need: Need::Drill {
                system: s.id.clone(),
            },
            period: period.clone(),
            due: ctx.as_of,
            span: s.id_span,
        })
        .collect()
}
