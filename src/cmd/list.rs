//! `itc list`: records as a table, JSON, CSV or Markdown, filtered by kind, stage, openness,
//! overdue, period and fields.

use super::{Ctx, Session};
use crate::cli::ReportFormat;
use crate::filter::{self, Filters};
use crate::output::list as render;
use crate::{Error, print_err, print_out};

/// List records: id, kind, title, stage, owner, when the stage was entered, age
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this kind (incident, project, …)
    pub kind: Option<String>,
    /// Only records at this stage: its key, or its label in either language (故障诊断, Diagnosis)
    #[arg(long)]
    pub stage: Option<String>,
    /// Only records not at their final stage
    #[arg(long)]
    pub open: bool,
    /// Only records with a deadline passed and not met: a stage time limit, an incident SLA, a
    /// planned end, an appraisal, drill, finding, plan-item or corrective-action due date
    #[arg(long)]
    pub overdue: bool,
    /// List the breaches instead: every record or item whose deadline passed before it was
    /// done, done late or still open, with how late; --period then selects by the deadline
    #[arg(long)]
    pub breached: bool,
    /// List as of this date or date-time instead of now (also ITC_TODAY); a date means its end
    #[arg(long)]
    pub as_of: Option<String>,
    /// Only records with a stage entered in this period (with --breached: a deadline in it) (2026, 2026-Q3, 2026-07, FROM..TO, this-month, last-month, this-quarter, last-quarter, this-year, last-year, this-week, last-week, ytd)
    #[arg(long)]
    pub period: Option<String>,
    /// Only records whose FIELD (or stage.FIELD) is VALUE, or whose list FIELD holds it
    #[arg(long = "where", value_name = "FIELD=VALUE")]
    pub filters: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub at: crate::cli::At,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { repo, lang, .. } = ctx.open(args.at.at.as_deref())?;
    let now = ctx.now(&repo, args.as_of.as_deref())?;
    // Filters that cannot match are refused before any record is read.
    let kind = match &args.kind {
        Some(k) => Some(filter::kind(&repo.rules, k)?),
        None => None,
    };
    let stages = match &args.stage {
        Some(st) => Some(filter::stage(&repo.rules, kind, st)?),
        None => None,
    };
    let period = match &args.period {
        Some(p) => Some(crate::cli::period(p, now)?),
        None => None,
    };
    let fields = args
        .filters
        .iter()
        .map(|f| filter::field(&repo.rules, &repo.config, kind, f))
        .collect::<Result<Vec<_>, filter::Unmatched>>()?;
    let filters = Filters {
        kind,
        stages,
        period,
        fields,
        open: args.open,
        overdue: args.overdue,
        breached: args.breached,
    };
    let listed = filter::select(&repo, &filters, now);
    if listed.unreadable > 0 && !ctx.quiet() {
        print_err(&render::unreadable_note(listed.unreadable, lang));
    }
    let list = &listed.rows;
    let text = if args.breached {
        let b = &listed.breaches;
        match args.format {
            ReportFormat::Json => render::breached_json(b, lang),
            ReportFormat::Csv => render::breached_csv(b, lang),
            ReportFormat::Md => render::breached_markdown(b, &repo.rules, lang),
            ReportFormat::Table if ctx.quiet() => render::breached_bare(b, &repo.rules, lang),
            ReportFormat::Table => render::breached_table(b, &repo.rules, lang),
        }
    } else {
        match args.format {
            ReportFormat::Json => render::json(list, lang),
            ReportFormat::Csv => render::csv(list, lang),
            ReportFormat::Md => render::markdown(list, &repo.rules, lang),
            ReportFormat::Table if ctx.quiet() => render::bare(list, &repo.rules, lang),
            ReportFormat::Table => render::table(list, &repo.rules, lang, ctx.stdout_style()),
        }
    };
    print_out(&text)?;
    super::leave((repo, listed));
    Ok(0)
}
