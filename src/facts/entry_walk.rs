//! The KPI facts are required as soon as they can count: for every record of the demo, each field
//! is removed in turn (a table list's item field from every item); where `facts::extract` then
//! gives other facts, the field is a fact field, and the rules must need it from the start — a
//! required top-level field, an `entry` field of its stage (or a stage's `entry` requirement),
//! conditions allowed — unless its absence is itself the fact (listed below, with the reason).

use crate::facts::{Facts, extract};
use crate::record::Record;
use crate::record::value::{Node, Table, Value};
use crate::repo::Repo;
use crate::rules::{Field, Kind, Rules, Type};

/// `(kind, path)`: fields a KPI reads whose absence is the fact itself, and why that counts
/// against (or does not favour) the record.
const ABSENCE_IS_THE_FACT: &[(&str, &str, &str)] = &[
    (
        "incident",
        "handling.restored_at",
        "not restored: the repair is open and late once its SLA passes",
    ),
    ("incident", "outage_end", "the outage is still going on"),
    (
        "incident",
        "impact",
        "its default, full, is the strictest reading",
    ),
    (
        "incident",
        "planned",
        "its default, false, counts the outage",
    ),
    ("drill", "rto", "absent: the systems' own RTOs apply"),
    ("drill", "rpo", "absent: the systems' own RPOs apply"),
    ("survey", "scale", "its default, 5, is the usual scale"),
    (
        "survey",
        "department",
        "a grouping only: absent, the survey counts for the whole business",
    ),
    (
        "security",
        "inspection.findings[].fixed_on",
        "not fixed: counts against once due",
    ),
    (
        "plan",
        "drafting.items[].done_on",
        "not done: counts against once due",
    ),
    (
        "project",
        "baseline_changes[].date",
        "a change without a date does not count: the commitment before it stands",
    ),
    (
        "project",
        "baseline_changes[].to",
        "a change without a new value does not count: the commitment before it stands",
    ),
];

/// The facts a KPI computes with: the kind's own and when each stage was entered (`by` is for
/// people, no KPI reads it).
fn fingerprint(f: &Facts) -> String {
    let at: Vec<_> = f.timeline.iter().map(|s| (s.stage, s.at)).collect();
    // A drill's corrective actions are deadlines no KPI counts (`list --overdue`, `show`, the
    // report): they are not KPI facts.
    let mut body = f.body.clone();
    if let crate::facts::Body::Drill(d) = &mut body {
        d.actions.clear();
    }
    format!(
        "{:?} {:?} {:?} {:?} {:?}",
        body, at, f.title, f.owner, f.stage
    )
}

/// A field needed from the start, by its declaration.
fn needed(f: &Field) -> bool {
    f.required || !f.when.is_empty()
}

/// Whether the rules need `path` from the moment it can count.
fn required_early(rules: &Rules, kind: &Kind, path: &str) -> bool {
    let (head, item) = match path.split_once("[].") {
        Some((h, i)) => (h, Some(i)),
        None => (path, None),
    };
    let list_ok = match head.split_once('.') {
        Some((stage_key, name)) => {
            let Some(i) = kind.stage_index(stage_key) else {
                return false;
            };
            let stage = &kind.stages[i];
            match stage.fields.iter().find(|f| f.name == name) {
                Some(f) => f.entry && needed(f),
                // A common stage field (`at`): `at` is needed on entry (E0408).
                None => rules
                    .stage_common
                    .iter()
                    .any(|f| f.name == name && f.required),
            }
        }
        None => {
            let top = kind
                .fields
                .iter()
                .chain(&rules.common)
                .find(|f| f.name == head);
            top.is_some_and(|f| f.required || !f.when.is_empty())
                || kind
                    .stages
                    .iter()
                    .flat_map(|s| &s.requires)
                    .any(|r| r.field == head && r.entry)
        }
    };
    let Some(sub) = item else { return list_ok };
    let field = match head.split_once('.') {
        Some((s, n)) => kind
            .stage_index(s)
            .and_then(|i| kind.stages[i].fields.iter().find(|f| f.name == n)),
        None => kind.fields.iter().find(|f| f.name == head),
    };
    let items = match field.map(|f| &f.ty) {
        Some(Type::TableList(items)) => items,
        _ => return false,
    };
    list_ok && items.iter().any(|f| f.name == sub && needed(f))
}

/// Every field path of a record that removing can change, with a copy of the record without it.
fn removals(rec: &Record, kind: &Kind) -> Vec<(String, Table)> {
    let mut out = Vec::new();
    for (i, e) in rec.root.entries.iter().enumerate() {
        let is_stage = kind.stage_index(&e.key).is_some();
        let paths: Vec<(String, Option<usize>)> = match (&e.node.value, is_stage) {
            (Value::Table(t), true) => t
                .entries
                .iter()
                .enumerate()
                .map(|(j, f)| (format!("{}.{}", e.key, f.key), Some(j)))
                .collect(),
            _ => vec![(e.key.clone(), None)],
        };
        for (path, j) in paths {
            let mut root = rec.root.clone();
            let node = match j {
                None => {
                    root.entries.remove(i);
                    out.push((path.clone(), root));
                    &rec.root.entries[i].node
                }
                Some(j) => {
                    if let Value::Table(t) = &mut root.entries[i].node.value {
                        t.entries.remove(j);
                    }
                    out.push((path.clone(), root));
                    match &e.node.value {
                        Value::Table(t) => &t.entries[j].node,
                        _ => continue,
                    }
                }
            };
            // A table list: each item field, removed from every item.
            let subs: Vec<String> = node
                .as_array()
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_table)
                .flat_map(|t| t.entries.iter().map(|x| x.key.clone()))
                .collect();
            let mut seen: Vec<&str> = Vec::new();
            for sub in &subs {
                if seen.contains(&sub.as_str()) {
                    continue;
                }
                seen.push(sub);
                let mut root = rec.root.clone();
                let list = match j {
                    None => &mut root.entries[i].node,
                    Some(j) => match &mut root.entries[i].node.value {
                        Value::Table(t) => &mut t.entries[j].node,
                        _ => continue,
                    },
                };
                if let Value::Array(items) = &mut list.value {
                    for item in items {
                        if let Value::Table(t) = &mut item.value {
                            t.entries.retain(|x| &x.key != sub);
                        }
                    }
                }
                out.push((format!("{path}[].{sub}"), root));
            }
        }
    }
    out
}

/// The fact fields of the demo not needed from the start, as `kind path`.
fn unguarded(rules: &Rules) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let repo = Repo::load(root).unwrap();
    let (records, _) = repo.load_records();
    let mut found = Vec::new();
    for rec in &records {
        let kind = &rules.kinds[rec.kind];
        let before = fingerprint(&extract(rules, &repo.config, rec));
        for (path, root) in removals(rec, kind) {
            let cut = Record {
                path: rec.path.clone(),
                rel: rec.rel.clone(),
                kind: rec.kind,
                format: rec.format,
                root,
            };
            if fingerprint(&extract(rules, &repo.config, &cut)) == before {
                continue;
            }
            let excused = ABSENCE_IS_THE_FACT
                .iter()
                .any(|(k, p, _)| *k == kind.key && *p == path);
            let line = format!("{} {path}", kind.key);
            if !excused && !required_early(rules, kind, &path) && !found.contains(&line) {
                found.push(line);
            }
        }
    }
    found
}

#[test]
fn every_kpi_fact_is_needed_from_the_start() {
    let rules = Rules::builtin().unwrap();
    assert_eq!(unguarded(&rules), Vec::<String>::new());
}

/// Drops the `entry` mark of `path` (`stage.field`, or a top-level field a stage requires).
fn unmark(rules: &mut Rules, kind: &str, path: &str) {
    let kind = rules.kinds.iter_mut().find(|k| k.key == kind).unwrap();
    let mut found = false;
    for stage in &mut kind.stages {
        for f in &mut stage.fields {
            if format!("{}.{}", stage.key, f.name) == path && f.entry {
                f.entry = false;
                found = true;
            }
        }
        for r in &mut stage.requires {
            if r.field == path && r.entry {
                r.entry = false;
                found = true;
            }
        }
    }
    assert!(found, "{path} is no entry field");
}

#[test]
fn the_walk_finds_every_fact_field_that_loses_its_entry_mark() {
    for (kind, path) in [
        ("incident", "report.occurred_at"),
        ("incident", "outage_start"),
        ("project", "planned_end"),
        ("project", "acceptance.accepted_on"),
        ("project", "acceptance.actual_cost"),
        ("project", "acceptance.failed_acceptances"),
        ("drill", "executed.started_at"),
        ("drill", "executed.result"),
        ("drill", "executed.recovered_at"),
        ("drill", "executed.data_loss"),
        ("appraisal", "review.scores"),
        ("plan", "drafting.items"),
        ("data", "cleansing.records_in"),
        ("data", "cleansing.records_rejected"),
        ("data", "cleansing.duplicates_removed"),
        ("security", "inspection.findings"),
    ] {
        let mut rules = Rules::builtin().unwrap();
        unmark(&mut rules, kind, path);
        let found = unguarded(&rules);
        assert!(
            found
                .iter()
                .any(|f| f.starts_with(&format!("{kind} {path}"))),
            "{kind} {path}: {found:?}"
        );
    }
}

#[test]
fn the_walk_finds_a_fact_field_that_loses_its_entry_mark() {
    let mut rules = Rules::builtin().unwrap();
    let incident = rules
        .kinds
        .iter_mut()
        .find(|k| k.key == "incident")
        .unwrap();
    let report = incident
        .stages
        .iter_mut()
        .find(|s| s.key == "report")
        .unwrap();
    let occurred = report
        .fields
        .iter_mut()
        .find(|f| f.name == "occurred_at")
        .unwrap();
    occurred.entry = false;
    assert_eq!(unguarded(&rules), ["incident report.occurred_at"]);
}
