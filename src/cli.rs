//! The command line: global flags and one subcommand each, with their help text; the argument
//! groups several commands share (`--at`, `--lock-timeout`, `--set-from`), and the reading of
//! the values they share (`--period`, the fragment of `--set-from`).

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

pub use crate::output::ColorChoice;
use crate::{Error, Lang, Refusal};

/// Records, workflow checks and KPIs of an enterprise information center (综合信息中心)
#[derive(Parser, Debug)]
#[command(name = "itc", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Run as if started in DIR (the repository is found at or above it)
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Language of output (default: ITC_LANG, then org.lang, then zh)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print less: no summary line; `new` prints the id alone, `list` the rows alone
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Never ask on a terminal: `new` and `advance` refuse what is missing, as without one (also ITC_NO_INPUT=1)
    #[arg(long, global = true)]
    pub no_input: bool,
}

/// `--at REV`, shared by the commands that read the repository without writing it.
#[derive(Args, Debug, Clone, Default)]
pub struct At {
    /// Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

/// The command line in `lang`, built: ready for parsing and help.
pub fn command(lang: Lang) -> clap::Command {
    command_with(lang, clap::ColorChoice::Never, true)
}

/// The command line in `lang` with clap's colour choice for help, and with or without the
/// `help` subcommand (man pages leave it out).
pub fn command_with(lang: Lang, color: clap::ColorChoice, help_subcommand: bool) -> clap::Command {
    crate::output::help::localize(Cli::command(), lang, color, help_subcommand)
}

/// `--lock-timeout`, shared by the commands that write.
#[derive(Args, Debug, Clone)]
pub struct LockArgs {
    /// Seconds to wait for another itc writing in this repository
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub lock_timeout: u64,
}

/// Fields from a fragment and the wait for the lock: shared by `new`, `advance` and `set`.
/// (`--by` is each command's own, since it names another stage's `by` in each: the start stage,
/// the stage entered, the current stage; and `set` takes its assignments as arguments, not
/// `--set`.)
#[derive(Args, Debug, Clone)]
pub struct WriteArgs {
    /// Fields from a TOML or YAML fragment laid out as in a record (`-`: read it from stdin); --set comes after it
    #[arg(long, value_name = "FILE")]
    pub set_from: Option<PathBuf>,
    #[command(flatten)]
    pub lock: LockArgs,
}

/// The format of the records `new` writes (`init --format`: the repository's default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    Toml,
    Yaml,
}

impl FileFormat {
    pub fn format(self) -> crate::record::Format {
        match self {
            FileFormat::Toml => crate::record::Format::Toml,
            FileFormat::Yaml => crate::record::Format::Yaml,
        }
    }
}

/// How `kpi` and `list` print their results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
    Md,
}

/// `--period` of `kpi`, `list` and `diff`: an absolute period, or one relative to today (`now`'s
/// day).
pub fn period(
    text: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<crate::time::Period, Error> {
    let named = crate::output::catalog::periods::relative_in_english(text);
    crate::time::Period::parse_at(&named, crate::time::today(now)).ok_or_else(|| Error::BadPeriod {
        text: text.to_string(),
        cycle: false,
    })
}

/// The text of `--set-from FILE` (`-`: stdin), at most the size of a record file.
pub fn set_from(from: Option<&Path>) -> Result<Option<String>, Error> {
    use std::io::Read;
    let Some(from) = from else { return Ok(None) };
    let limit = crate::record::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    let read = match from == Path::new("-") {
        true => std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes),
        false => std::fs::File::open(from).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes)),
    };
    read.map_err(|e| Error::Io(from.to_path_buf(), e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::Refused(Refusal::SetFromTooLarge {
            from: from.to_path_buf(),
            limit,
        }));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Error::Refused(Refusal::SetFromNotUtf8(from.to_path_buf())))
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Init(crate::cmd::init::Args),
    New(crate::cmd::new::Args),
    Advance(crate::cmd::advance::Args),
    Set(crate::cmd::set::Args),
    Edit(crate::cmd::edit::Args),
    Show(crate::cmd::show::Args),
    Agenda(crate::cmd::agenda::Args),
    List(crate::cmd::list::Args),
    Check(crate::cmd::check::Args),
    Fmt(crate::cmd::fmt::Args),
    Kpi(crate::cmd::kpi::Args),
    Score(crate::cmd::score::Args),
    Report(crate::cmd::report::Args),
    Export(crate::cmd::export::Args),
    Diff(crate::cmd::diff::Args),
    Rules(crate::cmd::rules::Args),
    Schema(crate::cmd::schema::Args),
    Completions(crate::cmd::completions::Args),
    Man(crate::cmd::man::Args),
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
