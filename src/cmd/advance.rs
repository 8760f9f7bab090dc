//! `itc advance`: complete the current stage and enter the next.

use crate::cli::Global;
use crate::repo::Repo;
use crate::workflow::{self, AdvanceArgs};
use crate::{Error, Lang, print_err, print_out};

/// Complete a record's current stage and enter the next (or --to a later one)
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The record's id, e.g. INC-2026-0042
    pub id: String,
    /// Enter this stage (optional stages in between may be skipped)
    #[arg(long)]
    pub to: Option<String>,
    /// A field: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub sets: Vec<String>,
    /// When the new stage was entered (default: now)
    #[arg(long)]
    pub at: Option<String>,
    /// Show the result without writing it
    #[arg(long)]
    pub dry_run: bool,
    /// Seconds to wait for another itc writing in this repository
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub lock_timeout: u64,
}

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let repo = Repo::open(&super::start_dir(g)?)?;
    let lang = Lang::resolve(g.lang, repo.config.lang);
    let now = crate::time::now(None, repo.config.tz, false)?;
    let wait = workflow::Wait {
        timeout: std::time::Duration::from_secs(args.lock_timeout),
        lang,
    };
    let outcome = workflow::advance(
        &repo,
        &AdvanceArgs {
            id: &args.id,
            to: args.to.as_deref(),
            sets: &args.sets,
            at: args.at.as_deref(),
            dry_run: args.dry_run,
            wait,
        },
        now,
    )?;
    if args.dry_run {
        print_out(&outcome.text)?;
        let note = match lang {
            Lang::Zh => "(试运行,未写入)",
            Lang::En => "(dry run: nothing written)",
        };
        print_err(&format!(
            "{} {note}\n",
            crate::output::escape::terminal(outcome.message(lang))
        ));
    } else {
        print_out(&format!(
            "{}\n",
            crate::output::escape::terminal(outcome.message(lang))
        ))?;
    }
    Ok(0)
}
