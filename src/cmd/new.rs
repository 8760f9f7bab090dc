//! `itc new`: write a new record at its start stage.

use super::{Ctx, Session};
use crate::cli::FileFormat;
use crate::entry::prompt;
use crate::workflow::{self, NewArgs};
use crate::{Error, print_out};

/// Create a record: allocate its id and write its start stage
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The kind of record: incident, project, drill, appraisal, plan, data, security, survey, backup
    pub kind: String,
    /// The record's title
    #[arg(long)]
    pub title: Option<String>,
    /// A field: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE, table[].field=VALUE (a new item), map.key=VALUE
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub sets: Vec<String>,
    /// When the start stage was entered (default: now)
    #[arg(long)]
    pub at: Option<String>,
    /// File format (default: org.format of itc.toml)
    #[arg(long, value_enum)]
    pub format: Option<FileFormat>,
    /// Start at this stage instead of the kind's usual one (e.g. an incident at alert)
    #[arg(long)]
    pub stage: Option<String>,
    /// Who acted: the start stage's `by` (default: ITC_USER, else the person whose email is git's user.email)
    #[arg(long, value_name = "PERSON")]
    pub by: Option<String>,
    /// Print the record that would be written, and where, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub write: crate::cli::WriteArgs,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { repo, lang, .. } = ctx.open(None)?;
    let now = ctx.write_now(&repo)?;
    let wait = ctx.wait(lang, &args.write.lock);
    let (mut sets, acting) = crate::acting::with_by(&repo, args.sets, args.by)?;
    let fragment = crate::cli::set_from(args.write.set_from.as_deref())?;
    let base = NewArgs {
        kind: &args.kind,
        title: args.title.as_deref(),
        sets: &[],
        at: args.at.as_deref(),
        format: args.format.map(FileFormat::format),
        stage: args.stage.as_deref(),
        fragment: fragment.as_deref(),
        acting: acting.as_deref(),
        wait,
        dry_run: args.dry_run,
    };
    // On a terminal, what is missing is asked for, as the `--set` it stands for.
    if ctx.may_ask()
        && let Ok(kind) = crate::filter::kind(&repo.rules, &args.kind)
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
            &|sets| workflow::needs_new(&repo, &NewArgs { sets, ..base }, now),
        )?;
    }
    let outcome = workflow::new(
        &repo,
        &NewArgs {
            sets: &sets,
            ..base
        },
        now,
    )?;
    // The record on stdout, as it would be written; where, on stderr.
    if args.dry_run {
        if !ctx.quiet() {
            crate::print_err(&format!(
                "{}\n",
                crate::output::escape::terminal(outcome.message(lang))
            ));
        }
        print_out(&outcome.text)?;
        return Ok(0);
    }
    // `ID=$(itc new … -q)`: the id alone.
    match ctx.quiet() {
        true => print_out(&format!("{}\n", outcome.id))?,
        false => print_out(&format!(
            "{}\n",
            crate::output::escape::terminal(outcome.message(lang))
        ))?,
    }
    Ok(0)
}
