//! `itc show`: one record with its stage timeline, what it needs to advance, and overdue flags.

use crate::cli::Global;
use crate::output::show as render;
use crate::repo::Repo;
use crate::{Error, Lang, print_out};
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

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let repo = Repo::open_at(&super::start_dir(g)?, args.at.at.as_deref())?;
    let lang = Lang::resolve(g.lang, repo.config.lang);
    let now = crate::time::now(args.as_of.as_deref(), repo.config.tz, true)?;
    let (path, kind) = workflow::find(&repo, &args.id)?;
    let detail = status::detail(&repo, &path, kind, &args.id, now)?;
    let needs = workflow::needs(&repo, &args.id, now)?;
    let text = match args.format {
        Format::Json => render::json(&detail, &needs, &repo.rules, repo.config.tz, lang),
        Format::Text => render::text(&detail, &needs, &repo.rules, lang),
    };
    print_out(&text)?;
    Ok(0)
}
