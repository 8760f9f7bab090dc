//! `itc completions`: shell completion scripts.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::{Error, print_out};

/// Print a completion script for a shell (bash, zsh, fish, elvish, powershell)
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "itc", &mut out);
    print_out(&String::from_utf8_lossy(&out))?;
    Ok(0)
}
