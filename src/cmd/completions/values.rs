//! What the repository offers an argument: record ids, kinds, stages, people, systems,
//! periods. Nothing when the command line names no repository (`-C` a folder without one).

use std::ffi::OsStr;

use clap_complete::engine::CompletionCandidate;

use super::line::Typed;
use crate::rules::{Kind, Rules};

/// A candidate: the value, and its help text where the shell shows one.
pub type Value = (String, Option<String>);

/// The candidates among `values` that begin with what is typed, ignoring case.
pub fn matching(current: &OsStr, values: Vec<Value>) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy().to_lowercase();
    values
        .into_iter()
        .filter(|(v, _)| v.to_lowercase().starts_with(&typed))
        .map(|(v, help)| CompletionCandidate::new(v).help(help.map(Into::into)))
        .collect()
}

pub fn ids(typed: &Typed, current: &OsStr) -> Vec<CompletionCandidate> {
    matching(current, record_ids(typed, None))
}

/// Record ids (of one kind, by its index, where given): each record file's name without its
/// extension, and the short form without the tag (`INC-2026-0042` for `INC-2026-0042-k7q`) when
/// it names one record alone.
pub fn record_ids(typed: &Typed, kind: Option<usize>) -> Vec<Value> {
    let Some(repo) = typed.repo() else {
        return Vec::new();
    };
    let full: Vec<String> = repo
        .files
        .iter()
        .filter(|f| kind.is_none_or(|k| f.kind == k))
        .filter_map(|f| f.path.file_stem()?.to_str().map(str::to_string))
        .collect();
    let mut values: Vec<Value> = Vec::new();
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
    values
}

/// The kinds of the repository's rules; with no repository at all (and no `-C`), the built-in
/// ones, for `init` and a first look.
pub fn kinds(typed: &Typed, current: &OsStr) -> Vec<CompletionCandidate> {
    let builtin;
    let rules = match typed.repo() {
        Some(r) => &r.rules,
        None if typed.dir().is_none() => match Rules::builtin() {
            Ok(r) => {
                builtin = r;
                &builtin
            }
            Err(_) => return Vec::new(),
        },
        None => return Vec::new(),
    };
    let lang = typed.lang();
    let values = rules
        .kinds
        .iter()
        .map(|k| (k.key.clone(), Some(k.label.get(lang).to_string())))
        .collect();
    matching(current, values)
}

/// Stages by key: of the kind typed, else of every kind; for `advance --to`, those after the
/// record's current stage (`advance` goes forward only); for `new --stage`, the start stages.
pub fn stages(typed: &Typed, current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(repo) = typed.repo() else {
        return Vec::new();
    };
    let lang = typed.lang();
    let kinds: Vec<&Kind> = match typed.kind(&repo.rules) {
        Some(k) => vec![k],
        None => repo.rules.kinds.iter().collect(),
    };
    let command = typed.subcommand();
    let ahead = match command.as_deref() {
        Some("advance") => typed.stage(),
        _ => None,
    };
    let mut values: Vec<Value> = Vec::new();
    for kind in kinds {
        let after = ahead.as_deref().and_then(|s| kind.stage_index(s));
        let later = kind.stages.iter().skip(after.map_or(0, |i| i + 1));
        // `new --stage` takes a start stage only.
        for s in later.filter(|s| s.start || command.as_deref() != Some("new")) {
            if !values.iter().any(|(v, _)| *v == s.key) {
                values.push((s.key.clone(), Some(s.label.get(lang).to_string())));
            }
        }
    }
    matching(current, values)
}

pub fn people(typed: &Typed, current: &OsStr) -> Vec<CompletionCandidate> {
    matching(current, people_of(typed))
}

/// The roster's people by id, with their names.
pub fn people_of(typed: &Typed) -> Vec<Value> {
    let Some(repo) = typed.repo() else {
        return Vec::new();
    };
    let people = repo.config.people.iter();
    people
        .map(|p| (p.id.clone(), Some(p.name.clone())))
        .collect()
}

pub fn systems(typed: &Typed, current: &OsStr) -> Vec<CompletionCandidate> {
    matching(current, systems_of(typed))
}

/// The catalogue's systems by id, with their names.
pub fn systems_of(typed: &Typed) -> Vec<Value> {
    let Some(repo) = typed.repo() else {
        return Vec::new();
    };
    let systems = repo.config.systems.iter();
    systems
        .map(|s| (s.id.clone(), Some(s.name.clone())))
        .collect()
}
