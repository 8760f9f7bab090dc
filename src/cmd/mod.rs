//! One file per subcommand, each with its `Args` and a thin `run`; the dispatcher is one match.

pub mod advance;
pub mod check;
pub mod completions;
pub mod fmt;
pub mod init;
pub mod kpi;
pub mod list;
pub mod new;
pub mod rules;
pub mod schema;
pub mod set;
pub mod show;

use std::path::PathBuf;

use crate::Error;
use crate::cli::{Cli, Command, Global};

/// The folder a command starts in: `-C DIR` or the working directory.
pub fn start_dir(global: &Global) -> Result<PathBuf, Error> {
    match &global.dir {
        Some(d) => Ok(d.clone()),
        None => std::env::current_dir().map_err(|e| Error::Io(PathBuf::from("."), e)),
    }
}

pub fn run(cli: Cli) -> Result<u8, Error> {
    let g = &cli.global;
    match cli.command {
        Command::Show(args) => show::run(g, args),
        Command::List(args) => list::run(g, args),
        Command::Check(args) => check::run(g, args),
        Command::Fmt(args) => fmt::run(g, args),
        Command::Kpi(args) => kpi::run(g, args),
        Command::Init(args) => init::run(g, args),
        Command::New(args) => new::run(g, args),
        Command::Advance(args) => advance::run(g, args),
        Command::Set(args) => set::run(g, args),
        Command::Rules(args) => rules::run(g, args),
        Command::Schema(args) => schema::run(g, args),
        Command::Completions(args) => completions::run(args),
    }
}
