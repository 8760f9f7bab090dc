//! `itc init`: a new records repository, and the CI job that checks it (`--ci`).

use std::path::PathBuf;

use super::Ctx;
use crate::cli::FileFormat;
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

fn wrote(path: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已写入 {}\n", path.display()),
        Lang::En => format!("wrote {}\n", path.display()),
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let base = ctx.start()?;
    if ctx.global.dir.is_some() && base.exists() && !base.is_dir() {
        return Err(Error::usage(
            format!("-C {}:不是目录", base.display()),
            format!("-C {}: not a folder", base.display()),
        ));
    }
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => base.join(d),
        None => base,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(
            format!("{}:不是目录", dir.display()),
            format!("{}: not a folder", dir.display()),
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
            print_out(&terminal(&wrote(&path, lang)))?;
            return Ok(0);
        }
        return Err(Error::usage(
            format!(
                "{} 已存在:这里已经是 itc 记录库,未做任何修改",
                config.display()
            ),
            format!(
                "{} exists: this is already an itc repository; nothing was changed",
                config.display()
            ),
        ));
    }
    // The CI job is planned first: a refused one leaves no repository behind.
    let planned = args.ci.map(plan).transpose()?;
    let name = args.name.as_deref();
    let ci = init::create(&dir, lang, name, args.format.format(), planned)?;
    let mut message = match lang {
        Lang::Zh => format!("已在 {} 新建 itc 记录库\n", dir.display()),
        Lang::En => format!("created an itc repository in {}\n", dir.display()),
    };
    if let Some(path) = ci {
        message.push_str(&wrote(&path, lang));
    }
    print_out(&terminal(&message))?;
    Ok(0)
}
