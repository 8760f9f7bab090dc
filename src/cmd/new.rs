//! `itc new`: write a new record at its start stage.

use crate::cli::Global;
use crate::record::Format;
use crate::repo::Repo;
use crate::workflow::{self, NewArgs};
use crate::{Error, Lang, print_out};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    Toml,
    Yaml,
}

/// Create a record: allocate its id and write its start stage
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The kind of record: incident, project, drill, appraisal, plan, data, security, survey, backup
    pub kind: String,
    /// The record's title
    #[arg(long)]
    pub title: Option<String>,
    /// A field: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE, map.key=VALUE
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
    let outcome = workflow::new(
        &repo,
        &NewArgs {
            kind: &args.kind,
            title: args.title.as_deref(),
            sets: &args.sets,
            at: args.at.as_deref(),
            format: args.format.map(|f| match f {
                FileFormat::Toml => Format::Toml,
                FileFormat::Yaml => Format::Yaml,
            }),
            stage: args.stage.as_deref(),
            wait,
        },
        now,
    )?;
    print_out(&format!(
        "{}\n",
        crate::output::escape::terminal(outcome.message(lang))
    ))?;
    Ok(0)
}
