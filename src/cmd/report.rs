//! `itc report`: the manager's report of a month, quarter, half-year or year, in HTML or
//! Markdown (`crate::report`).

use std::path::PathBuf;

use super::{Ctx, Session};
use crate::facts;
use crate::output::catalog::commands;
use crate::repo::write_output;
use crate::report::{self, Extra, Input};
use crate::status::field_text;
use crate::time::Period;
use crate::{Error, print_err, print_out};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Html,
    Md,
}

/// Write the manager's report of a period: KPIs, trends, incidents, projects, drills, security, overdue items
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Period: a year 2026, half-year 2026-H1, quarter 2026-Q3 or month 2026-07
    #[arg(long)]
    pub period: String,
    /// Report as of this date or date-time instead of now (also ITC_TODAY); a date means its end
    #[arg(long)]
    pub as_of: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Html)]
    pub format: Format,
    /// Write the report to FILE instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub at: crate::cli::At,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { start, repo, lang } = ctx.open(args.at.at.as_deref())?;
    repo.refuse_broken_config()?;
    let now = ctx.now(&repo, args.as_of.as_deref())?;
    // A cycle, or one named relative to today (last-month, this-quarter …); `ytd` is no cycle.
    let named = crate::output::catalog::periods::relative_in_english(&args.period);
    let period = Period::relative(&named, crate::time::today(now))
        .filter(|p| Period::parse_cycle(&p.label).is_some())
        .or_else(|| Period::parse_cycle(&args.period))
        .ok_or_else(|| Error::BadPeriod {
            text: args.period.clone(),
            cycle: true,
        })?;
    // Each record is checked as `kpi` checks it, its facts taken (and an incident's cause and
    // fault report), and its tree dropped.
    let checker = (!ctx.quiet()).then(|| crate::check::RecordChecker::new(&repo));
    // The overdue records are counted as they load, and only the statuses behind the rows the
    // report lists are kept.
    let late = report::Late::new(report::TOP);
    // The incidents section lists the incidents that occurred in the period (by as-of): the
    // others need neither title, cause nor fault report.
    let window = crate::kpi::Ctx::new(&repo.config, &repo.rules, &[], &period, now.timestamp());
    let loaded = repo.visit_of(
        |_| true,
        |i, rec, _| {
            let rec = rec?;
            let invalid = checker.as_ref().is_some_and(|c| c.has_errors(&rec));
            let mut f = facts::extract(&repo.rules, &repo.config, &rec);
            // The report names no file. Once the overdue deadlines are found, it reads only the
            // projects' timelines (when they started), and the titles of the kinds its per-item
            // tables list.
            f.rel = String::new();
            if let Some(s) = report::overdue_of(&repo.rules, &f, &repo.config, now) {
                late.add(i, &s);
            }
            if !matches!(f.body, facts::Body::Project(_)) {
                f.timeline = Vec::new();
            }
            let listed = match &f.body {
                facts::Body::Incident(inc) => inc.occurred.is_some_and(|t| window.in_period(t)),
                facts::Body::Project(_)
                | facts::Body::Drill(_)
                | facts::Body::Appraisal(_)
                | facts::Body::Data(_) => true,
                _ => false,
            };
            if !listed {
                f.title = String::new();
            }
            let extra = match f.body {
                facts::Body::Incident(_) if listed => Extra {
                    cause: field_text(&rec, "diagnosis.cause").into_iter().next(),
                    fault_report: field_text(&rec, "archived.fault_report").into_iter().next(),
                },
                _ => Extra::default(),
            };
            Some((Box::new(f), extra, invalid))
        },
    );
    let unreadable = loaded.iter().filter(|l| l.is_none()).count();
    let invalid = loaded.iter().flatten().filter(|l| l.2).count();
    let mut facts = Vec::with_capacity(loaded.len() - unreadable);
    let mut extras = Vec::with_capacity(loaded.len() - unreadable);
    for (f, extra, _) in loaded.into_iter().flatten() {
        facts.push(*f);
        extras.push(extra);
    }
    let overdue = late.finish();
    if !ctx.quiet() && (unreadable > 0 || invalid > 0) {
        print_err(&commands::report_unsound(lang, unreadable, invalid));
    }
    let model = report::build(&Input {
        config: &repo.config,
        rules: &repo.rules,
        facts: &facts,
        extras: &extras,
        overdue: &overdue,
        period: &period,
        now,
        lang,
    });
    let text = match args.format {
        Format::Html => report::html::render(&model),
        Format::Md => report::markdown::render(&model),
    };
    match &args.output {
        // Read from where itc runs (`-C DIR`), as every path on the command line is.
        Some(path) => write_output(&start.join(path), text.as_bytes())?,
        None => print_out(&text)?,
    }
    Ok(0)
}
