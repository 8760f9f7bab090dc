//! `itc diff`: what a change does to the records and the KPIs, between a git revision and the
//! working tree, or between two revisions.

use crate::cli::Global;
use crate::diff::{self, render};
use crate::{Error, Lang, print_out};

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
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let start = super::start_dir(g)?;
    let d = diff::compare(&start, &args.base, args.head.as_deref())?;
    let lang = Lang::resolve(g.lang, d.lang);
    let text = match args.format {
        Format::Json => format!("{}\n", render::json(&d)),
        Format::Md => render::markdown(&d, lang),
        Format::Human => render::human(&d, lang),
    };
    print_out(&text)?;
    Ok(0)
}
