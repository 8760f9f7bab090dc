//! The command line in the output language: every command's about text, every argument's help,
//! clap's headings and clap's own errors, in Chinese or English.
//!
//! The clap derive structs stay the one source of the arguments, and their `///` comments the
//! English help. For Chinese, `command` walks the built command tree and replaces each text from
//! the tables of `TABLES`, keyed by the subcommand path and the argument id; a test fails when a
//! command or argument has no entry, or when the English of an entry no longer equals its `///`
//! comment (so that a changed English help cannot leave a stale translation behind).
//!
//! This file holds the translation of the command tree. The rest:
//! - one file per command with its help in both languages, named as in `src/cmd/` (`list.rs`
//!   holds the help of `itc list`); `itc.rs` holds the help of itc itself and of the global
//!   arguments;
//! - `prescan`: `--lang`, `-C` and `--color` read from the raw arguments before parsing, and the
//!   repository's `org.lang`;
//! - `errors`: clap's parse errors worded in Chinese.

mod advance;
mod agenda;
mod check;
mod completions;
mod diff;
mod edit;
mod errors;
mod export;
mod fmt;
mod init;
mod itc;
mod kpi;
mod list;
mod man;
mod new;
mod prescan;
mod report;
mod rules;
mod schema;
mod score;
mod set;
mod show;

use clap::{Arg, Command};

use crate::Lang;
use crate::output::catalog::help as words;

pub use errors::error_zh;
pub use prescan::{Prescan, prescan, repository_lang};

/// `(command path, argument id, English, Chinese)`. The path is the subcommand names joined by
/// spaces (`""` for itc itself); the id is `""` for the command's about text, a clap argument
/// id, or `id=value` for one value of an argument's value list (needed for every value once one
/// of them has help; the English is empty for a value without). Arguments of the top level
/// (`-C`, `--lang`, …) are global: their entry serves every subcommand.
type Entry = (&'static str, &'static str, &'static str, &'static str);

/// The help of every command, one table per command, in the order of `itc --help`.
const TABLES: &[&[Entry]] = &[
    itc::HELP,
    agenda::HELP,
    init::HELP,
    new::HELP,
    advance::HELP,
    set::HELP,
    edit::HELP,
    show::HELP,
    list::HELP,
    check::HELP,
    fmt::HELP,
    kpi::HELP,
    score::HELP,
    report::HELP,
    export::HELP,
    diff::HELP,
    rules::HELP,
    schema::HELP,
    completions::HELP,
    man::HELP,
];

fn entry(path: &str, id: &str) -> Option<&'static Entry> {
    TABLES
        .iter()
        .flat_map(|t| t.iter())
        .find(|e| e.0 == path && e.1 == id)
}

/// The Chinese help of an argument: its own entry, else the global one of the top level.
fn arg_zh(path: &str, id: &str) -> Option<&'static str> {
    entry(path, id).or_else(|| entry("", id)).map(|e| e.3)
}

/// The command line `cmd` (the parser's, handed down by `cli`) in `lang`, with clap's colour
/// choice for help and with or without the `help` subcommand (man pages leave it out), built:
/// ready for parsing and help.
pub fn localize(
    cmd: Command,
    lang: Lang,
    color: clap::ColorChoice,
    help_subcommand: bool,
) -> Command {
    let mut cmd = cmd.color(color).disable_help_subcommand(!help_subcommand);
    cmd.build();
    match lang {
        Lang::En => cmd,
        Lang::Zh => chinese(cmd, ""),
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path} {name}")
    }
}

fn chinese(cmd: Command, path: &str) -> Command {
    let help_tree = path == "help" || path.starts_with("help ");
    let about = if path == "help" {
        Some(words::HELP_COMMAND.zh)
    } else {
        // `help check` repeats the about text of `check`.
        let own = if help_tree { &path[5..] } else { path };
        entry(own, "").map(|e| e.3)
    };
    let mut cmd = match about {
        Some(text) => cmd.about(text),
        None => cmd,
    };
    let styles = cmd.get_styles().clone();
    let heading = styles.get_usage();
    cmd = cmd
        .mut_args(|a| chinese_arg(a, path))
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{heading}{}{heading:#}{{usage}}\n\n{{all-args}}{{after-help}}",
            words::USAGE.zh
        ))
        .subcommand_help_heading(words::COMMANDS.zh)
        .subcommand_value_name(words::COMMAND_VALUE.zh);
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start()
        .strip_prefix(words::USAGE.en)
        .unwrap_or(&usage)
        .trim()
        .replace(words::OPTIONS_IN_USAGE.en, words::OPTIONS_IN_USAGE.zh);
    cmd = cmd.override_usage(usage);
    cmd.mut_subcommands(|sub| {
        let p = join(path, sub.get_name());
        chinese(sub, &p)
    })
}

fn chinese_arg(a: Arg, path: &str) -> Arg {
    let id = a.get_id().as_str().to_string();
    let text = match id.as_str() {
        // clap words the help flag by whether the command has a longer help.
        "help" if a.get_long_help().is_some() => {
            return a
                .help(words::HELP_FLAG_SHORT.zh)
                .long_help(words::HELP_FLAG_LONG.zh)
                .help_heading(words::OPTIONS.zh);
        }
        "help" => Some(words::HELP_FLAG.zh.to_string()),
        "version" => Some(words::VERSION_FLAG.zh.to_string()),
        _ => arg_zh(path, &id).map(str::to_string),
    };
    let Some(mut text) = text else {
        return a;
    };
    let takes_values = a.get_action().takes_values();
    if takes_values && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        text.push_str(&format!(
            " {}",
            words::defaults(Lang::Zh, &defaults.join(", "))
        ));
    }
    let values: Vec<_> = a
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let mut long = None;
    if takes_values && !values.is_empty() && !a.is_hide_possible_values_set() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        if values.iter().any(|v| v.get_help().is_some()) {
            let mut lines = format!("{text}\n\n{}", words::POSSIBLE_VALUES.zh);
            for v in &values {
                let key = format!("{id}={}", v.get_name());
                match entry(path, &key) {
                    Some(e) => lines.push_str(&format!("\n- {}:{}", v.get_name(), e.3)),
                    None => lines.push_str(&format!("\n- {}", v.get_name())),
                }
            }
            long = Some(lines);
        }
        text.push_str(&format!(
            " {}",
            words::possible_values(Lang::Zh, &names.join(", "))
        ));
    }
    let heading = if a.is_positional() {
        words::ARGUMENTS.zh
    } else {
        words::OPTIONS.zh
    };
    let a = a
        .help(text)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading);
    match long {
        Some(l) => a.long_help(l),
        None => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::command;

    fn walk(cmd: &Command, path: &str, visit: &mut dyn FnMut(&Command, &str)) {
        visit(cmd, path);
        for sub in cmd.get_subcommands() {
            if sub.get_name() != "help" {
                walk(sub, &join(path, sub.get_name()), visit);
            }
        }
    }

    #[test]
    fn every_command_argument_and_value_has_chinese_help_matching_its_english() {
        let cmd = command(Lang::En);
        let mut missing = Vec::new();
        let mut stale = Vec::new();
        walk(&cmd, "", &mut |c, path| {
            let about = c.get_about().map(|s| s.to_string()).unwrap_or_default();
            match entry(path, "") {
                None => missing.push(format!("[{path}] about: {about}")),
                Some(e) if e.2 != about => stale.push(format!("[{path}] about: {about}")),
                Some(_) => {}
            }
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
                let own = if a.is_global_set() && !path.is_empty() {
                    entry("", id)
                } else {
                    entry(path, id)
                };
                match own {
                    None => missing.push(format!("[{path}] {id}: {help}")),
                    Some(e) if e.2 != help => stale.push(format!("[{path}] {id}: {help}")),
                    Some(_) => {}
                }
                let values = a.get_possible_values();
                let described = values.iter().any(|v| v.get_help().is_some());
                for v in values.iter().filter(|_| described) {
                    let h = v.get_help().map(|h| h.to_string()).unwrap_or_default();
                    let key = format!("{id}={}", v.get_name());
                    match entry(path, &key) {
                        None => missing.push(format!("[{path}] {key}: {h}")),
                        Some(e) if e.2 != h => stale.push(format!("[{path}] {key}: {h}")),
                        Some(_) => {}
                    }
                }
            }
        });
        assert!(
            missing.is_empty(),
            "no Chinese help (add to the table of its command):\n{}",
            missing.join("\n")
        );
        assert!(
            stale.is_empty(),
            "the English help changed: update the entry and its Chinese:\n{}",
            stale.join("\n")
        );
    }

    #[test]
    fn every_entry_is_used() {
        let cmd = command(Lang::En);
        let mut used = std::collections::HashSet::new();
        walk(&cmd, "", &mut |c, path| {
            used.insert((path.to_string(), String::new()));
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                used.insert((path.to_string(), id.to_string()));
                for v in a.get_possible_values() {
                    used.insert((path.to_string(), format!("{id}={}", v.get_name())));
                }
            }
        });
        for e in TABLES.iter().flat_map(|t| t.iter()) {
            assert!(
                used.contains(&(e.0.to_string(), e.1.to_string())),
                "unused help entry [{}] {}",
                e.0,
                e.1
            );
        }
    }

    #[test]
    fn the_chinese_command_is_well_formed() {
        command(Lang::Zh).debug_assert();
    }

    #[test]
    fn each_table_holds_one_command() {
        for table in TABLES {
            let path = table.first().map(|e| e.0);
            assert!(
                table.iter().all(|e| Some(e.0) == path),
                "a table mixes commands: {path:?}"
            );
        }
    }
}
