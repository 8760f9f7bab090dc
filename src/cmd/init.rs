//! `itc init`: a new records repository, and the CI job that checks it (`--ci`).

use std::path::PathBuf;

use super::Ctx;
use crate::cli::FileFormat;
use crate::output::catalog::{commands, errors, excel};
use crate::output::ci::{self, Ci};
use crate::output::escape::terminal;
use crate::repo::CONFIG_FILE;
use crate::repo::init::{self, PlannedCi};
use crate::{Error, Lang, print_out};

/// Create a records repository: a commented itc.toml (in --lang), the kind folders, schemas and a README
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to create it (default: the current folder, or -C DIR)
    // Its own id: a shared id with the global -C would make clap fill both from either.
    #[arg(id = "init_dir", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Format of the records `itc new` writes
    #[arg(long, value_enum, default_value_t = FileFormat::Toml)]
    pub format: FileFormat,
    /// The organisation's name
    #[arg(long)]
    pub name: Option<String>,
    /// Also write a CI job that checks the records (in an existing repository: only that)
    #[arg(long, value_enum, value_name = "SYSTEM")]
    pub ci: Option<Ci>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let base = ctx.start()?;
    if ctx.global.dir.is_some() && base.exists() && !base.is_dir() {
        let what = format!("-C {}", base.display());
        return Err(Error::usage(
            errors::not_a_folder(Lang::Zh, &what),
            errors::not_a_folder(Lang::En, &what),
        ));
    }
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => base.join(d),
        None => base,
    };
    if dir.exists() && !dir.is_dir() {
        let what = dir.display().to_string();
        return Err(Error::usage(
            errors::not_a_folder(Lang::Zh, &what),
            errors::not_a_folder(Lang::En, &what),
        ));
    }
    // The global --lang (or ITC_LANG) picks the language of itc.toml and the README too.
    let lang = ctx.lang(None);
    let plan = |system: Ci| -> Result<PlannedCi, Error> {
        init::plan_ci(&dir, |folder| ci::job(system, folder))
    };
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        // An existing repository takes only a CI job.
        if let Some(system) = args.ci {
            let path = init::write_ci(plan(system)?)?;
            print_out(&terminal(&commands::init_wrote(lang, &path)))?;
            return Ok(0);
        }
        return Err(Error::usage(
            errors::already_a_repository(Lang::Zh, &config),
            errors::already_a_repository(Lang::En, &config),
        ));
    }
    // The CI job is planned first: a refused one leaves no repository behind.
    let planned = args.ci.map(plan).transpose()?;
    let default = crate::output::catalog::repository::DEFAULT_ORG_NAME.get(lang);
    let name = args.name.as_deref().unwrap_or(default);
    let ci = init::create(&dir, lang, name, args.format.format(), planned)?;
    let mut message = commands::init_created(lang, &dir);
    if let Some(path) = ci {
        message.push_str(&commands::init_wrote(lang, &path));
    }
    if !ctx.quiet() {
        // The folder as the user named it (`init DIR`, else `-C DIR`), for commands to paste.
        let named = match (&ctx.global.dir, &args.dir) {
            (Some(c), Some(d)) if d.is_relative() => Some(c.join(d)),
            (_, Some(d)) => Some(d.clone()),
            (c, None) => c.clone(),
        };
        let shown = named.map(|d| shell_word(&d.to_string_lossy()));
        message.push_str(&excel::init_next_steps(lang, shown.as_deref()));
    }
    print_out(&terminal(&message))?;
    Ok(0)
}

/// A path as one shell word: as it is when it holds only safe characters, else in single
/// quotes (a `'` inside as `'\''`).
fn shell_word(s: &str) -> String {
    let safe = |c: char| c.is_alphanumeric() || "._/-+:@%,".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
