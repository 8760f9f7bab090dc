//! Coverage warnings (W0810–W0814): a record itc.toml requires is overdue, reported at the line
//! of itc.toml that requires it (the system, the person, the setting), naming its period. What
//! is required and what is missing is `kpi::coverage`'s, which the KPIs count: the two agree.
//!
//! "Today" is `ITC_TODAY` or the clock; a record is overdue from the day after its period ends
//! (a plan: from its year's first day), so the check's as-of is the start of today. Where the
//! records begin is `[org] since`, else the earliest record of the requirement's kinds, else
//! the earliest record of the kinds coverage reads.

use chrono::NaiveDate;

use crate::config::CONFIG_FILE;
use crate::diag::{Code, Diag};
use crate::facts::{Facts, midnight};
use crate::kpi::Ctx;
use crate::kpi::coverage::{self, Need};
use crate::record::Record;
use crate::repo::Repo;
use crate::time::Period;

/// The facts of a record coverage reads (none for the other kinds).
pub fn facts_of(repo: &Repo, rec: &Record) -> Option<Box<Facts>> {
    let kind = repo.rules.kinds.get(rec.kind)?;
    coverage::KINDS.contains(&kind.key.as_str()).then(|| {
        let mut facts = crate::facts::extract(&repo.rules, &repo.config, rec);
        // Coverage reads the body and the first `at`; every record is held until the end.
        (facts.title, facts.rel, facts.timeline) = Default::default();
        Box::new(facts)
    })
}

/// The warnings of every record required and missing by the start of `today`.
pub fn check(repo: &Repo, facts: &[Facts], today: NaiveDate, diags: &mut Vec<Diag>) {
    let config = &repo.config;
    let tz = config.tz;
    let first = config.since.or_else(|| {
        facts
            .iter()
            .filter_map(|f| f.first_at)
            .min()
            .map(|t| crate::kpi::local_date(tz, t))
    });
    let (Some(first), Some(end)) = (first, today.succ_opt()) else {
        return;
    };
    if first >= end {
        return;
    }
    let period = Period {
        label: format!("{first}..{today}"),
        start: first,
        end,
    };
    let base = Ctx::new(config, &repo.rules, facts, &period, midnight(tz, today));
    let missing = coverage::all(|kinds| {
        let mut ctx = base.since_for(kinds);
        ctx.since = ctx.since.or(Some(first));
        ctx
    });
    for m in missing {
        let d = Diag::new(code(&m.need), CONFIG_FILE, m.span).arg("period", m.period.label);
        diags.push(match m.need {
            Need::Backup { system } | Need::Drill { system } => d.arg("system", system),
            Need::Appraisal { person } => d.arg("person", person),
            Need::Survey { audience } => d.arg(
                "key",
                if audience == "team" {
                    "employee"
                } else {
                    "business"
                },
            ),
            Need::Plan => d,
        });
    }
}

fn code(need: &Need) -> Code {
    match need {
        Need::Backup { .. } => Code::W0810,
        Need::Appraisal { .. } => Code::W0811,
        Need::Survey { .. } => Code::W0812,
        Need::Plan => Code::W0813,
        Need::Drill { .. } => Code::W0814,
    }
}
