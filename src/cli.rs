//! The command line: global flags and one subcommand each, with their help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::Lang;

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
}

/// `--at REV`, shared by the commands that read the repository without writing it.
#[derive(Args, Debug, Clone, Default)]
pub struct At {
    /// Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How `kpi` and `list` print their results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
    Md,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Init(crate::cmd::init::Args),
    New(crate::cmd::new::Args),
    Advance(crate::cmd::advance::Args),
    Set(crate::cmd::set::Args),
    Edit(crate::cmd::edit::Args),
    Show(crate::cmd::show::Args),
    List(crate::cmd::list::Args),
    Check(crate::cmd::check::Args),
    Fmt(crate::cmd::fmt::Args),
    Kpi(crate::cmd::kpi::Args),
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
