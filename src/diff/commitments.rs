//! `diff`'s commitment changes: a commitment (a field the rules mark `changes = "list"`) whose
//! value differs between the two sides of a record, and whether the change came with a change
//! entry. The original value is not in the record, so a commitment moved without an entry is
//! what it is to `check`; git knows what it was, and the reviewer sees it here.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::config::Config;
use crate::record::Record;
use crate::record::value::{Node, Table};
use crate::rules::{Field, Type};

/// One commitment whose value differs between the two sides.
#[derive(Clone, Debug, PartialEq)]
pub struct CommitmentChange {
    /// The field path as `diff` names fields: `planned_end`, `inspection.findings[0].due`.
    pub path: String,
    pub old: Value,
    pub new: Value,
    /// The change entry added on the new side that leads to the new value: its date and who
    /// approved it (the roster's name where there is one).
    pub entry: Option<(String, String)>,
}

/// `(value path, change list path)` of every commitment of a record, as `flatten` names paths.
fn paths(fields: &[Field], table: &Table, prefix: &str, out: &mut Vec<(String, String)>) {
    for f in fields {
        if let Type::TableList(items) = &f.ty {
            let list = table.get(&f.name).and_then(Node::as_array).unwrap_or(&[]);
            for (i, item) in list.iter().enumerate() {
                if let Some(t) = item.as_table() {
                    paths(items, t, &format!("{prefix}{}[{i}].", f.name), out);
                }
            }
        }
        if let Some(list) = &f.changes {
            let pair = (format!("{prefix}{}", f.name), format!("{prefix}{list}"));
            if !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
}

fn all_paths(rules: &crate::rules::Rules, rec: &Record, out: &mut Vec<(String, String)>) {
    let Some(kind) = rules.kinds.get(rec.kind) else {
        return;
    };
    paths(&kind.fields, &rec.root, "", out);
    for s in &kind.stages {
        if let Some(section) = rec.section(&s.key) {
            paths(&s.fields, section, &format!("{}.", s.key), out);
        }
    }
}

/// How many entries a flattened change list holds.
fn entries(flat: &BTreeMap<String, Value>, list: &str) -> usize {
    (0..)
        .take_while(|i| {
            let p = format!("{list}[{i}].");
            flat.range(p.clone()..)
                .next()
                .is_some_and(|(k, _)| k.starts_with(&p))
        })
        .count()
}

/// The commitments that differ between `old` and `new` (flattened as `diff` flattens them).
pub fn changes(
    rules: &crate::rules::Rules,
    config: &Config,
    old: &Record,
    new: &Record,
    flat_old: &BTreeMap<String, Value>,
    flat_new: &BTreeMap<String, Value>,
) -> Vec<CommitmentChange> {
    let mut found = Vec::new();
    all_paths(rules, old, &mut found);
    all_paths(rules, new, &mut found);
    let mut out = Vec::new();
    for (path, list) in found {
        let (Some(o), n) = (flat_old.get(&path), flat_new.get(&path)) else {
            continue;
        };
        let n = n.cloned().unwrap_or(Value::Null);
        if o.is_null() || *o == n {
            continue;
        }
        let (before, after) = (entries(flat_old, &list), entries(flat_new, &list));
        let entry = (after > before)
            .then(|| {
                let last = |field: &str| flat_new.get(&format!("{list}[{}].{field}", after - 1));
                (last("to")? == &n).then(|| {
                    let text = |v: Option<&Value>| match v {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Null) | None => "—".to_string(),
                        Some(other) => other.to_string(),
                    };
                    let by = text(last("approved_by"));
                    let name = config.person(&by).map_or(by, |p| p.name.clone());
                    (text(last("date")), name)
                })
            })
            .flatten();
        out.push(CommitmentChange {
            path,
            old: o.clone(),
            new: n,
            entry,
        });
    }
    out
}
