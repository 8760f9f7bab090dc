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
    /// A field: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE, table[].field=VALUE (a new item)
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub sets: Vec<String>,
    /// When the new stage was entered (default: now)
    #[arg(long)]
    pub at: Option<String>,
    /// Show the result without writing it
    #[arg(long)]
    pub dry_run: bool,
    /// Who acted: the entered stage's `by` (default: ITC_USER, else the person whose email is git's user.email)
    #[arg(long, value_name = "PERSON")]
    pub by: Option<String>,
    /// Fields from a TOML or YAML fragment laid out as in a record (`-`: read it from stdin); --set comes after it
    #[arg(long, value_name = "FILE")]
    pub set_from: Option<std::path::PathBuf>,
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
    let (sets, acting) = super::acting(&repo, args.sets, args.by)?;
    let fragment = super::set_from(args.set_from.as_deref())?;
    let outcome = workflow::advance(
        &repo,
        &AdvanceArgs {
            id: &args.id,
            to: args.to.as_deref(),
            sets: &sets,
            at: args.at.as_deref(),
            dry_run: args.dry_run,
            fragment: fragment.as_deref(),
            acting: acting.as_deref(),
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
