//! `itc show`: one record with its stage timeline, what it needs to advance, and overdue flags.

use super::{Ctx, Session};
use crate::output::show as render;
use crate::{Error, print_out};
use crate::{status, workflow};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Show a record: its fields, stage timeline, what it needs to advance, and what is overdue
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The record's id
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show the record as of this date or date-time instead of now (also ITC_TODAY); a date
    /// means its end
    #[arg(long)]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub at: crate::cli::At,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { repo, lang, .. } = ctx.open(args.at.at.as_deref())?;
    let now = ctx.now(&repo, args.as_of.as_deref())?;
    let (path, kind) = workflow::find(&repo, &args.id)?;
    let detail = status::detail(&repo, &path, kind, &args.id, now)?;
    let needs = workflow::needs(&repo, &args.id, now)?;
    let text = match args.format {
        Format::Json => render::json(&detail, &needs, &repo.rules, repo.config.tz, lang),
        Format::Text => render::text(&detail, &needs, &repo.rules, now, lang),
    };
    print_out(&text)?;
    Ok(0)
}
