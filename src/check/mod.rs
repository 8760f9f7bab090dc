//! `itc check`: every named check over a loaded repository. Each record is checked on its own in
//! parallel (layout, fields, stages, requirements, consistency); then the checks that need the
//! whole repository (unique ids, references) run once. Every finding of every file is returned.

pub mod consistency;
pub mod fields;
pub mod stages;

use std::collections::{HashMap, HashSet};

use crate::diag::{Check, Diag};
use crate::record::Record;
use crate::record::value::Span;
use crate::repo::{Repo, par_map};
use crate::rules::{Field, Kind, Rules};
use fields::{Ctx, Ref, RefTarget};

/// The check a record diagnostic belongs to follows from its code's family.
pub fn check_of(code: &str) -> Check {
    match code.get(1..3) {
        Some("01") => Check::Syntax,
        Some("02") if code == "E0204" => Check::Unique,
        Some("02") => Check::Layout,
        Some("03") => Check::Fields,
        Some("04") => Check::Stages,
        Some("05") => Check::Requirements,
        Some("06") => Check::Consistency,
        Some("07") => Check::References,
        Some("08") => Check::Config,
        _ => Check::Rules,
    }
}

/// Whether `id` has the kind's prefix, a dash, and dash-separated letters and digits after it.
pub fn id_format_ok(id: &str, kind: &Kind) -> bool {
    let Some(rest) = id
        .strip_prefix(&kind.prefix)
        .and_then(|r| r.strip_prefix('-'))
    else {
        return false;
    };
    !rest.is_empty()
        && rest
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn layout(rec: &Record, kind: &Kind, diags: &mut Vec<Diag>) {
    if let Some(entry) = rec.root.entry("kind")
        && let Some(k) = entry.node.as_str()
        && k != kind.key
    {
        diags.push(
            Diag::new("E0201", Check::Layout, &rec.rel, entry.node.span)
                .arg("found", k)
                .arg("expected", kind.key.as_str())
                .arg("folder", kind.folder.as_str()),
        );
    }
    let Some(entry) = rec.root.entry("id") else {
        return;
    };
    let Some(id) = entry.node.as_str() else {
        return;
    };
    if !id_format_ok(id, kind) {
        diags.push(
            Diag::new("E0202", Check::Layout, &rec.rel, entry.node.span)
                .arg("id", id)
                .arg("prefix", kind.prefix.as_str()),
        );
    }
    if id != rec.stem() {
        diags.push(
            Diag::new("E0203", Check::Layout, &rec.rel, entry.node.span)
                .arg("id", id)
                .arg("stem", rec.stem()),
        );
    }
}

/// A kind's field lists, assembled once per run rather than once per record.
pub struct Prepared {
    /// Common fields, then the kind's own.
    pub top: Vec<Field>,
    pub stage_keys: Vec<String>,
    /// Per stage: its fields, then the common stage fields. `at` is not marked required here:
    /// the stages check reports a missing `at` for every entered stage, complete or not.
    pub stage_fields: Vec<Vec<Field>>,
}

impl Prepared {
    pub fn new(rules: &Rules, kind: &Kind) -> Prepared {
        Prepared {
            top: rules
                .common
                .iter()
                .chain(kind.fields.iter())
                .cloned()
                .collect(),
            stage_keys: kind.stages.iter().map(|s| s.key.clone()).collect(),
            stage_fields: kind
                .stages
                .iter()
                .map(|s| {
                    rules
                        .stage_fields(s)
                        .map(|f| Field {
                            required: f.required && f.name != "at",
                            ..f.clone()
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// The per-record checks, with the references the record makes.
fn check_record(
    rules: &Rules,
    prepared: &[Prepared],
    repo: &Repo,
    rec: &Record,
) -> (Vec<Diag>, Vec<Ref>) {
    let mut diags = Vec::new();
    let (Some(kind), Some(prep)) = (rules.kinds.get(rec.kind), prepared.get(rec.kind)) else {
        return (diags, Vec::new());
    };
    layout(rec, kind, &mut diags);
    let stage_keys: Vec<&str> = prep.stage_keys.iter().map(String::as_str).collect();
    let mut ctx = Ctx::new(&rec.rel, Check::Fields, repo.config.tz, &mut diags);
    fields::check_table(
        &rec.root,
        &prep.top,
        &stage_keys,
        Span::START,
        Some("E0301"),
        &mut ctx,
    );
    stages::check(rules, kind, prep, rec, &mut ctx);
    consistency::check(repo, kind, rec, &mut ctx);
    let refs = std::mem::take(&mut ctx.refs);
    for d in &mut diags {
        d.check = check_of(d.code);
    }
    (diags, refs)
}

fn references(repo: &Repo, per_record: &[(usize, Vec<Ref>)], diags: &mut Vec<Diag>) {
    let people: HashSet<&str> = repo.config.people.iter().map(|p| p.id.as_str()).collect();
    let systems: HashSet<&str> = repo.config.systems.iter().map(|s| s.id.as_str()).collect();
    let ids: HashMap<&str, &Record> = repo
        .records
        .iter()
        .filter_map(|r| Some((r.id()?, r)))
        .collect();
    for (ri, refs) in per_record {
        let rec = &repo.records[*ri];
        for r in refs {
            let base = |code| {
                Diag::new(code, Check::References, &rec.rel, r.span).arg("value", r.value.as_str())
            };
            match &r.target {
                RefTarget::Person if !people.is_empty() && !people.contains(r.value.as_str()) => {
                    let mut d = base("E0701");
                    if let Some(s) =
                        crate::record::value::did_you_mean(&r.value, people.iter().copied())
                    {
                        d = d.arg("suggestion", s).hint("did_you_mean");
                    }
                    diags.push(d);
                }
                RefTarget::System if !systems.contains(r.value.as_str()) => {
                    let mut d = base("E0702");
                    if let Some(s) =
                        crate::record::value::did_you_mean(&r.value, systems.iter().copied())
                    {
                        d = d.arg("suggestion", s).hint("did_you_mean");
                    }
                    diags.push(d);
                }
                RefTarget::Record(want) => match ids.get(r.value.as_str()) {
                    None => diags.push(base("E0703")),
                    Some(target) => {
                        let target_kind = &repo.rules.kinds[target.kind];
                        if let Some(want) = want
                            && &target_kind.key != want
                        {
                            diags.push(
                                base("E0704")
                                    .arg("expected", want.as_str())
                                    .arg("found", target_kind.key.as_str()),
                            );
                            continue;
                        }
                        // A security cycle's incidents must be security incidents.
                        if rec_kind_key(repo, rec) == "security"
                            && target_kind.key == "incident"
                            && r.field == "incidents"
                            && target.get("category").and_then(|n| n.as_str()) != Some("security")
                        {
                            diags.push(base("E0705"));
                        }
                    }
                },
                _ => {}
            }
        }
    }
}

fn rec_kind_key<'a>(repo: &'a Repo, rec: &Record) -> &'a str {
    repo.rules
        .kinds
        .get(rec.kind)
        .map_or("", |k| k.key.as_str())
}

fn unique(repo: &Repo, diags: &mut Vec<Diag>) {
    let mut first: HashMap<&str, &Record> = HashMap::new();
    for rec in &repo.records {
        let Some(entry) = rec.root.entry("id") else {
            continue;
        };
        let Some(id) = entry.node.as_str() else {
            continue;
        };
        match first.get(id) {
            Some(other) => diags.push(
                Diag::new("E0204", Check::Unique, &rec.rel, entry.node.span)
                    .arg("id", id)
                    .arg("other", other.rel.as_str()),
            ),
            None => {
                first.insert(id, rec);
            }
        }
    }
}

/// Every finding of the repository: loading, config, and all checks of all records, sorted by
/// file and position.
pub fn run(repo: &Repo) -> Vec<Diag> {
    let mut diags = repo.diags.clone();
    let indices: Vec<usize> = (0..repo.records.len()).collect();
    let prepared: Vec<Prepared> = repo
        .rules
        .kinds
        .iter()
        .map(|k| Prepared::new(&repo.rules, k))
        .collect();
    let results = par_map(&indices, |&i| {
        (
            i,
            check_record(&repo.rules, &prepared, repo, &repo.records[i]),
        )
    });
    let mut refs = Vec::with_capacity(results.len());
    for (i, (mut found, r)) in results {
        diags.append(&mut found);
        refs.push((i, r));
    }
    unique(repo, &mut diags);
    references(repo, &refs, &mut diags);
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_formats() {
        let rules = Rules::builtin().unwrap_or_default_rules();
        let inc = rules.kind("incident").unwrap_or_else(|| panic!("incident"));
        assert!(id_format_ok("INC-2026-0042", inc));
        assert!(id_format_ok("INC-2026-0042-b7", inc));
        assert!(!id_format_ok("INC2026", inc));
        assert!(!id_format_ok("INC-", inc));
        assert!(!id_format_ok("INC-../x", inc));
        assert!(!id_format_ok("PRJ-2026-001", inc));
        assert!(!id_format_ok("INC-2026--1", inc));
    }

    trait OrPanic {
        fn unwrap_or_default_rules(self) -> Rules;
    }
    impl OrPanic for Result<Rules, Vec<Diag>> {
        fn unwrap_or_default_rules(self) -> Rules {
            self.unwrap_or_else(|d| panic!("{d:?}"))
        }
    }
}
