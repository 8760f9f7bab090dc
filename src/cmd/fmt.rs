//! `itc fmt`: rewrite records in the canonical layout, or list those that differ (`--check`).

use std::path::PathBuf;

use super::{Ctx, Session};
use crate::output::catalog::commands;
use crate::repo::Scope;
use crate::workflow;
use crate::{Error, print_err, print_out};

/// Rewrite records in the canonical layout (like cargo fmt); --check lists what would change
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders (default: every record)
    pub paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted and exit 1 if any
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub lock: crate::cli::LockArgs,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { start, repo, lang } = ctx.open(None)?;
    let scope = Scope::new(&start, &repo.root, &args.paths)?;
    let wait = ctx.wait(lang, &args.lock);
    let done = workflow::fmt(&repo, &scope, args.check, &wait)?;
    let report: String = done
        .changed
        .iter()
        .map(|rel| commands::fmt_done(lang, args.check, rel))
        .collect();
    print_out(&report)?;
    // With --check, a file that cannot be read or parsed, or not formatted faithfully, fails
    // the check: it is not known to be formatted.
    let mut failed = false;
    for (rel, skip) in &done.left_alone {
        let fails = args.check && skip.fails_check();
        failed |= fails;
        print_err(&commands::fmt_left(lang, fails, rel, &skip.words(lang)));
    }
    Ok(u8::from(args.check && (failed || !done.changed.is_empty())))
}
