//! `itc diff`: what a change does to the records and the KPIs, between a git revision and the
//! working tree, or between two revisions.

use super::Ctx;
use crate::cli::period;
use crate::diff::{self, render};
use crate::{Error, print_out};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people at the terminal
    Human,
    /// A pull-request comment in Markdown
    Md,
    /// One JSON document (schema/output/diff.json)
    Json,
}

/// Show what a change does to the records and the KPIs: REV against the working tree, or REV against REV
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The git revision before the change
    #[arg(value_name = "REV")]
    pub base: String,
    /// The git revision after the change (default: the working tree)
    #[arg(value_name = "REV")]
    pub head: Option<String>,
    /// Also compare the KPIs over this period (repeatable), written as for `itc kpi --period`
    #[arg(long, value_name = "PERIOD")]
    pub period: Vec<String>,
    /// Compute the KPIs as of this date or date-time instead of now (also ITC_TODAY); a date means its end
    #[arg(long)]
    pub as_of: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    // A wrong --as-of or --period stops before the repositories are read; the time zone is
    // the repository's, read later, and changes neither verdict.
    let utc = chrono::Offset::fix(&chrono::Utc);
    let now = crate::time::now(args.as_of.as_deref(), utc, true)?;
    for p in &args.period {
        period(p, now)?;
    }
    let start = ctx.start()?;
    let ask = diff::Ask {
        as_of: args.as_of.as_deref(),
        periods: &args.period,
        read_period: period,
    };
    let d = diff::compare(&start, &args.base, args.head.as_deref(), &ask)?;
    let lang = ctx.lang(d.lang);
    let text = match args.format {
        Format::Json => format!("{}\n", render::json(&d)),
        Format::Md => render::markdown(&d, lang),
        Format::Human => render::human(&d, lang),
    };
    print_out(&text)?;
    Ok(0)
}
