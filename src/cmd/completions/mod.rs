//! `itc completions`: shell completion, dynamic. The shell asks itc itself at each Tab
//! (`COMPLETE=bash itc -- itc show INC…`), so that record ids, kinds, stages, fields and their
//! values, people, systems and periods come from the repository the command line names (`-C
//! DIR`, else the working folder, and the repository at or above it).
//! `itc completions SHELL` prints the registration script, as `COMPLETE=SHELL itc` does.
//!
//! `line` reads what was typed, `bash` answers bash (whose words break at `=`); `values`,
//! `periods` and `fields` find the candidates.

mod bash;
mod fields;
mod line;
mod periods;
mod values;

use std::ffi::OsStr;
use std::sync::Arc;

use clap_complete::Shell;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};

use crate::{Error, Lang, print_out};
use line::Typed;

/// Print the registration script of dynamic completions for a shell (bash, zsh, fish, elvish, powershell)
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The environment variable that asks itc for completions (clap_complete's).
const VAR: &str = "COMPLETE";

pub fn run(args: Args) -> Result<u8, Error> {
    let name = args.shell.to_string();
    let mut out = Vec::new();
    if let Some(shell) = bash::SHELLS.completer(&name) {
        // Registered for `itc`; the shell asks the very binary that printed the script.
        let completer = std::env::current_exe()
            .ok()
            .and_then(|p| p.to_str().map(str::to_string))
            .unwrap_or_else(|| "itc".to_string());
        shell
            .write_registration(VAR, "itc", "itc", &completer, &mut out)
            .map_err(|e| Error::Io("<stdout>".into(), e))?;
    }
    print_out(&String::from_utf8_lossy(&out))?;
    Ok(0)
}

/// Answers the shell when it asks for completions (`COMPLETE=SHELL`), and exits; otherwise does
/// nothing.
pub fn answer_shell() {
    if std::env::var_os(VAR).is_none_or(|v| v.is_empty() || v == "0") {
        return;
    }
    let typed = Arc::new(Typed::from_env(VAR));
    clap_complete::CompleteEnv::with_factory(move || command(&typed))
        .var(VAR)
        .shells(bash::SHELLS)
        .complete();
}

/// The command line with the repository's values as completions of the arguments that take
/// them, found by the argument's name in every subcommand.
fn command(typed: &Arc<Typed>) -> clap::Command {
    with_values(crate::cli::command(Lang::En), typed)
}

type Finder = fn(&Typed, &OsStr) -> Vec<CompletionCandidate>;

fn with_values(mut cmd: clap::Command, typed: &Arc<Typed>) -> clap::Command {
    let args: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| {
            let fixed = !a.get_possible_values().is_empty();
            (a.get_id().as_str().to_string(), fixed)
        })
        .collect();
    for (name, fixed) in args {
        let finder: Finder = match name.as_str() {
            // An argument with its own fixed values (`kpi --by`) keeps them.
            _ if fixed => continue,
            "id" | "ids" => values::ids,
            "kind" | "kinds" => values::kinds,
            "stage" | "to" => values::stages,
            "by" | "owner" | "person" => values::people,
            "system" => values::systems,
            "period" => periods::periods,
            "sets" => fields::complete,
            "filters" => fields::filters,
            _ => continue,
        };
        let typed = Arc::clone(typed);
        let completer = ArgValueCompleter::new(move |current: &OsStr| finder(&typed, current));
        cmd = cmd.mut_arg(name, |a| a.add(completer));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub, |s| with_values(s, typed));
    }
    cmd
}
