//! `itc completions`: shell completion, dynamic. The shell asks itc itself at each Tab
//! (`COMPLETE=bash itc -- itc show INC…`), so that record ids, kinds, stages, people, systems and
//! periods come from the repository at hand (the one at or above the working folder).
//! `itc completions SHELL` prints the registration script, as `COMPLETE=SHELL itc` does.

use std::ffi::OsStr;

use clap_complete::Shell;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use clap_complete::env::Shells;

use crate::repo::Repo;
use crate::{Error, Lang, print_out};

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
    if let Some(shell) = Shells::builtins().completer(&name) {
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
    clap_complete::CompleteEnv::with_factory(command)
        .var(VAR)
        .complete();
}

/// The command line with the repository's values as completions of the arguments that take
/// them, found by the argument's name in every subcommand.
pub fn command() -> clap::Command {
    with_values(crate::cli::command(Lang::En))
}

fn with_values(mut cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_string())
        .collect();
    for name in names {
        let completer = match name.as_str() {
            "id" | "ids" => ArgValueCompleter::new(ids),
            "kind" | "kinds" => ArgValueCompleter::new(kinds),
            "stage" | "to" => ArgValueCompleter::new(stages),
            "by" | "owner" | "person" => ArgValueCompleter::new(people),
            "system" => ArgValueCompleter::new(systems),
            "period" => ArgValueCompleter::new(periods),
            _ => continue,
        };
        cmd = cmd.mut_arg(name, |a| a.add(completer));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub, with_values);
    }
    cmd
}

/// The repository at or above the working folder, if there is one that opens.
fn repo() -> Option<Repo> {
    let start = std::env::current_dir().ok()?;
    Repo::open(&start).ok()
}

/// The candidates among `values` (value, help) that begin with what is typed, ignoring case.
fn matching(current: &OsStr, values: Vec<(String, Option<String>)>) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy().to_lowercase();
    values
        .into_iter()
        .filter(|(v, _)| v.to_lowercase().starts_with(&typed))
        .map(|(v, help)| {
            let c = CompletionCandidate::new(v);
            match help {
                Some(h) => c.help(Some(h.into())),
                None => c,
            }
        })
        .collect()
}

/// Record ids: each record file's name without its extension, and the short form without the
/// tag (`INC-2026-0042` for `INC-2026-0042-k7q`) when it names one record alone.
fn ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(repo) = repo() else {
        return Vec::new();
    };
    let full: Vec<String> = repo
        .files
        .iter()
        .filter_map(|f| f.path.file_stem()?.to_str().map(str::to_string))
        .collect();
    let mut values: Vec<(String, Option<String>)> = Vec::new();
    for id in &full {
        values.push((id.clone(), None));
        let parts: Vec<&str> = id.split('-').collect();
        if parts.len() == 4 {
            let short = parts[..3].join("-");
            let alone = full
                .iter()
                .filter(|o| o.starts_with(&format!("{short}-")) || **o == short)
                .count()
                == 1;
            if alone && !full.contains(&short) {
                values.push((short, None));
            }
        }
    }
    values.sort();
    values.dedup();
    matching(current, values)
}

fn kinds(current: &OsStr) -> Vec<CompletionCandidate> {
    let rules = match repo() {
        Some(r) => r.rules,
        None => match crate::rules::Rules::builtin() {
            Ok(r) => r,
            Err(_) => return Vec::new(),
        },
    };
    let values = rules
        .kinds
        .iter()
        .map(|k| (k.key.clone(), Some(k.label.en.clone())))
        .collect();
    matching(current, values)
}

fn stages(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(repo) = repo() else {
        return Vec::new();
    };
    let mut values: Vec<(String, Option<String>)> = Vec::new();
    for kind in &repo.rules.kinds {
        for s in &kind.stages {
            if !values.iter().any(|(v, _)| *v == s.key) {
                values.push((s.key.clone(), Some(s.label.en.clone())));
            }
        }
    }
    matching(current, values)
}

fn people(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(repo) = repo() else {
        return Vec::new();
    };
    let values = repo
        .config
        .people
        .iter()
        .map(|p| (p.id.clone(), Some(p.name.clone())))
        .collect();
    matching(current, values)
}

fn systems(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(repo) = repo() else {
        return Vec::new();
    };
    let values = repo
        .config
        .systems
        .iter()
        .map(|s| (s.id.clone(), Some(s.name.clone())))
        .collect();
    matching(current, values)
}

/// Periods: the relative names, then this year's and last year's year, halves, quarters and
/// months.
fn periods(current: &OsStr) -> Vec<CompletionCandidate> {
    use chrono::Datelike;
    let mut values: Vec<(String, Option<String>)> = [
        "this-month",
        "last-month",
        "this-quarter",
        "last-quarter",
        "this-year",
        "last-year",
        "ytd",
    ]
    .iter()
    .map(|s| (s.to_string(), None))
    .collect();
    let year = chrono::Utc::now().year();
    for y in [year, year - 1] {
        values.push((format!("{y}"), None));
        for h in 1..=2 {
            values.push((format!("{y}-H{h}"), None));
        }
        for q in 1..=4 {
            values.push((format!("{y}-Q{q}"), None));
        }
        for m in 1..=12 {
            values.push((format!("{y}-{m:02}"), None));
        }
    }
    matching(current, values)
}
