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
    /// Fields: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE, table[].field=VALUE (a new item)
    #[arg(value_name = "FIELD=VALUE", required_unless_present_any = ["by", "set_from"])]
    pub sets: Vec<String>,
    /// Write the change even if it adds errors
    #[arg(long)]
    pub force: bool,
    /// Who acted: the current stage's `by`
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
    let mut sets = args.sets;
    if let Some(by) = args.by {
        sets.push(format!("by={by}"));
    }
    let fragment = super::set_from(args.set_from.as_deref())?;
    let outcome = workflow::set(
        &repo,
        &args.id,
        (&sets, fragment.as_deref()),
        args.force,
        now,
        &wait,
    )?;
    print_out(&format!(
        "{}\n",
        crate::output::escape::terminal(outcome.message(lang))
    ))?;
    Ok(0)
}
