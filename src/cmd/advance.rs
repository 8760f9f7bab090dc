//! `itc advance`: complete the current stage and enter the next.

use super::{Ctx, Session};
use crate::entry::prompt;
use crate::workflow::{self, AdvanceArgs};
use crate::{Error, print_err, print_out};

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
    #[command(flatten)]
    pub write: crate::cli::WriteArgs,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { repo, lang, .. } = ctx.open(None)?;
    let now = ctx.write_now(&repo)?;
    let wait = ctx.wait(lang, &args.write.lock);
    let (mut sets, acting) = crate::acting::with_by(&repo, args.sets, args.by)?;
    let fragment = crate::cli::set_from(args.write.set_from.as_deref())?;
    let base = AdvanceArgs {
        id: &args.id,
        to: args.to.as_deref(),
        sets: &[],
        at: args.at.as_deref(),
        dry_run: args.dry_run,
        fragment: fragment.as_deref(),
        acting: acting.as_deref(),
        wait,
    };
    // On a terminal, what is missing is asked for, as the `--set` it stands for.
    if ctx.may_ask()
        && let Ok((_, kind)) = workflow::find(&repo, &args.id)
    {
        let asking = prompt::Asking {
            lang,
            config: &repo.config,
            acting: acting.as_deref(),
            now,
        };
        prompt::guide(
            &repo.rules,
            &repo.rules.kinds[kind],
            &asking,
            &mut sets,
            &|sets| {
                let dry = AdvanceArgs {
                    sets,
                    dry_run: true,
                    ..base
                };
                workflow::needs_advance(&repo, &dry, now)
            },
        )?;
    }
    let outcome = workflow::advance(
        &repo,
        &AdvanceArgs {
            sets: &sets,
            ..base
        },
        now,
    )?;
    if args.dry_run {
        print_out(&outcome.text)?;
        let note = crate::output::catalog::commands::DRY_RUN.get(lang);
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
