//! `--set FIELD=VALUE` (and `set ID FIELD=VALUE`): before the `=`, the fields of the kind typed
//! as `--set` takes them (`entry::paths`); after it, the values the field's type takes.

use std::ffi::OsStr;

use clap_complete::engine::CompletionCandidate;

use super::line::Typed;
use super::values::{self, Value, matching};
use crate::entry::paths;
use crate::rules::{Field, Kind, Type};

pub fn complete(typed: &Typed, current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(repo) = typed.repo() else {
        return Vec::new();
    };
    let Some(kind) = typed.kind(&repo.rules) else {
        return Vec::new();
    };
    let text = current.to_string_lossy();
    let values = match text.split_once('=') {
        None => {
            let first = first_stage(typed, kind);
            let lang = typed.lang();
            let keys = paths::keys(&repo.rules, kind, first.as_deref()).into_iter();
            keys.map(|(p, f)| (p, Some(f.label.get(lang).to_string())))
                .collect()
        }
        Some((path, value)) => {
            let Some((field, ty)) = paths::field_at(&repo.rules, kind, path) else {
                return Vec::new();
            };
            // A list's items are separated by commas: the last one is completed.
            let (done, _) = match ty {
                Type::List(_) => value.rsplit_once(',').unwrap_or(("", value)),
                _ => ("", value),
            };
            let done = match done.is_empty() {
                true => String::new(),
                false => format!("{done},"),
            };
            // An item already in the list is not offered again.
            let listed: Vec<&str> = done.split(',').map(str::trim).collect();
            values_of(typed, field, ty)
                .into_iter()
                .filter(|(v, _)| !listed.contains(&v.as_str()))
                .map(|(v, help)| (format!("{path}={done}{v}"), help))
                .collect()
        }
    };
    matching(current, values)
}

/// `list --where FIELD=VALUE`: the paths of the kind typed, else of every kind; after the `=`,
/// the values of the first kind's field the path names.
pub fn filters(typed: &Typed, current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(repo) = typed.repo() else {
        return Vec::new();
    };
    let kinds: Vec<&Kind> = match typed.kind(&repo.rules) {
        Some(k) => vec![k],
        None => repo.rules.kinds.iter().collect(),
    };
    let text = current.to_string_lossy();
    let mut values: Vec<Value> = Vec::new();
    match text.split_once('=') {
        None => {
            let lang = typed.lang();
            for kind in kinds {
                for (p, f) in paths::where_keys(&repo.rules, kind) {
                    if !values.iter().any(|(v, _)| *v == p) {
                        values.push((p, Some(f.label.get(lang).to_string())));
                    }
                }
            }
        }
        Some((path, _)) => {
            let mut named = kinds
                .iter()
                .filter_map(|k| paths::field_at(&repo.rules, k, path));
            if let Some((field, ty)) = named.next() {
                let listed = values_of(typed, field, ty).into_iter();
                values = listed.map(|(v, h)| (format!("{path}={v}"), h)).collect();
            }
        }
    }
    matching(current, values)
}

/// The stage whose fields are offered first: `new`'s start stage (or `--stage`), `advance`'s
/// stage entered (`--to`, else the one after the record's current stage), `set`'s current
/// stage.
fn first_stage(typed: &Typed, kind: &Kind) -> Option<String> {
    match typed.subcommand()?.as_str() {
        "new" => typed
            .arg("stage")
            .or_else(|| kind.start_stages().next().map(|s| s.key.clone())),
        "advance" => typed.arg("to").or_else(|| {
            let at = kind.stage_index(&typed.stage()?)?;
            kind.stages.get(at + 1).map(|s| s.key.clone())
        }),
        _ => typed.stage(),
    }
}

/// The values a field of type `ty` takes that can be listed: an enum's (with their labels),
/// people, systems, records of a kind, `today` and `now`, `true` and `false`, periods.
fn values_of(typed: &Typed, field: &Field, ty: &Type) -> Vec<Value> {
    let lang = typed.lang();
    match ty {
        Type::Enum(values) => values
            .iter()
            .map(|v| {
                let label = field.value_label(v).map(|l| l.get(lang).to_string());
                (v.clone(), label)
            })
            .collect(),
        Type::List(of) => values_of(typed, field, of),
        Type::Person => values::people_of(typed),
        Type::System => values::systems_of(typed),
        Type::Record(kind) => {
            let index = kind.as_ref().and_then(|k| {
                let rules = &typed.repo()?.rules;
                rules.kinds.iter().position(|x| x.key == *k)
            });
            match (kind, index) {
                (Some(_), None) => Vec::new(),
                _ => values::record_ids(typed, index),
            }
        }
        Type::Bool => vec![("true".into(), None), ("false".into(), None)],
        Type::Date => vec![("today".into(), None)],
        Type::DateTime => vec![("now".into(), None)],
        Type::Period => super::periods::cycles(typed),
        _ => Vec::new(),
    }
}
