//! `itc set`: edit fields of a record.

use crate::cli::Global;
use crate::repo::Repo;
use crate::workflow;
use crate::{Error, Lang, print_out};

/// Edit fields of a record, refusing a change that would add errors
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The record's id
    pub id: String,
    /// Fields: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE
    #[arg(value_name = "FIELD=VALUE", required = true)]
    pub sets: Vec<String>,
    /// Write the change even if it adds errors
    #[arg(long)]
    pub force: bool,
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
    let outcome = workflow::set(&repo, &args.id, &args.sets, args.force, now, &wait)?;
    print_out(&format!(
        "{}
",
        crate::output::escape::terminal(outcome.message(lang))
    ))?;
    Ok(0)
}
