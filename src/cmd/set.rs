//! `itc set`: edit fields of a record.

use super::{Ctx, Session};
use crate::workflow;
use crate::{Error, print_out};

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
    #[command(flatten)]
    pub write: crate::cli::WriteArgs,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { repo, lang, .. } = ctx.open(None)?;
    let now = ctx.write_now(&repo)?;
    let wait = ctx.wait(lang, &args.write.lock);
    let mut sets = args.sets;
    if let Some(by) = args.by {
        sets.push(format!("by={by}"));
    }
    let fragment = crate::cli::set_from(args.write.set_from.as_deref())?;
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
