//! `itc check`: every named check over a loaded repository. Each record is checked on its own in
//! parallel (layout, fields, stages, requirements, consistency); then the checks that need the
//! whole repository (unique ids, references) run once. Every finding of every file is returned.

pub mod consistency;
pub mod fields;
pub mod stages;

use std::collections::HashMap;

use crate::diag::{Check, Diag};
use crate::record::Record;
use crate::record::value::Span;
use crate::repo::Repo;
use crate::rules::{Field, Kind, Rules};
use fields::{Ctx, Known, Ref};

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

/// What every record's check shares: the rules, prepared field lists, people and systems.
struct Shared<'a> {
    repo: &'a Repo,
    prepared: Vec<Prepared>,
    known: Known,
}

impl<'a> Shared<'a> {
    fn new(repo: &'a Repo) -> Shared<'a> {
        Shared {
            repo,
            prepared: repo
                .rules
                .kinds
                .iter()
                .map(|k| Prepared::new(&repo.rules, k))
                .collect(),
            known: Known::new(&repo.config),
        }
    }
}

/// The per-record checks, with the record references the record makes.
fn check_record(shared: &Shared<'_>, rec: &Record) -> (Vec<Diag>, Vec<Ref>) {
    let rules = &shared.repo.rules;
    let mut diags = Vec::new();
    let (Some(kind), Some(prep)) = (rules.kinds.get(rec.kind), shared.prepared.get(rec.kind))
    else {
        return (diags, Vec::new());
    };
    layout(rec, kind, &mut diags);
    let stage_keys: Vec<&str> = prep.stage_keys.iter().map(String::as_str).collect();
    let mut ctx = Ctx::new(&rec.rel, Check::Fields, shared.repo.config.tz, &mut diags);
    ctx.known = Some(&shared.known);
    fields::check_table(
        &rec.root,
        &prep.top,
        &stage_keys,
        Span::START,
        Some("E0301"),
        &mut ctx,
    );
    stages::check(rules, kind, prep, rec, &mut ctx);
    consistency::check(shared.repo, kind, rec, &mut ctx);
    let refs = std::mem::take(&mut ctx.refs);
    for d in &mut diags {
        d.check = check_of(d.code);
    }
    crate::diag::cap(&mut diags);
    (diags, refs)
}

/// What the repository-wide checks need of a record once its tree is dropped.
pub struct Summary {
    /// Index into `Repo::files`.
    pub file: usize,
    pub kind: usize,
    /// The id, where it was written as a string.
    pub id: Option<(String, Span)>,
    /// Whether it is an incident of category security (for the security-cycle check).
    pub security_incident: bool,
    pub refs: Vec<Ref>,
}

/// The finding, if any, of one reference to another record: `target` is the kind of the record
/// it names (none: no such record); `security` says, when asked, whether that record is a
/// security incident.
fn reference_finding(
    repo: &Repo,
    from_kind: usize,
    rel: &str,
    r: &Ref,
    target: Option<usize>,
    security: impl FnOnce() -> bool,
) -> Option<Diag> {
    let base =
        |code| Diag::new(code, Check::References, rel, r.span).arg("value", r.value.as_str());
    let Some(target) = target else {
        return Some(base("E0703"));
    };
    let target_kind = &repo.rules.kinds[target].key;
    if let Some(want) = &r.kind
        && target_kind != want
    {
        return Some(
            base("E0704")
                .arg("expected", want.as_str())
                .arg("found", target_kind.as_str()),
        );
    }
    // A security cycle's incidents must be security incidents.
    let from_security = repo.rules.kinds[from_kind].key == "security" && r.field == "incidents";
    (from_security && target_kind == "incident" && !security()).then(|| base("E0705"))
}

fn references(repo: &Repo, summaries: &[Summary], diags: &mut Vec<Diag>) {
    let ids: HashMap<&str, &Summary> = summaries
        .iter()
        .filter_map(|s| Some((s.id.as_ref()?.0.as_str(), s)))
        .collect();
    for rec in summaries.iter().filter(|s| !s.refs.is_empty()) {
        let rel = repo.rel(rec.file);
        for r in &rec.refs {
            let target = ids.get(r.value.as_str());
            let security = || target.is_some_and(|t| t.security_incident);
            diags.extend(reference_finding(
                repo,
                rec.kind,
                &rel,
                r,
                target.map(|t| t.kind),
                security,
            ));
        }
    }
}

fn unique(repo: &Repo, summaries: &[Summary], diags: &mut Vec<Diag>) {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(summaries.len());
    for rec in summaries {
        let Some((id, span)) = &rec.id else { continue };
        match first.get(id.as_str()) {
            Some(&other) => diags.push(
                Diag::new("E0204", Check::Unique, &repo.rel(rec.file), *span)
                    .arg("id", id.as_str())
                    .arg("other", repo.rel(other)),
            ),
            None => {
                first.insert(id, rec.file);
            }
        }
    }
}

/// The findings of one record, checked in its repository: its own checks, then its references
/// and id against the other records' files. For `new`, `advance` and `set`, which check the text
/// they are about to write.
pub fn check_single(repo: &Repo, rec: &Record) -> Vec<Diag> {
    let (mut diags, refs) = check_record(&Shared::new(repo), rec);
    let stem_of = |p: &std::path::Path| p.file_stem().and_then(|s| s.to_str()).map(str::to_string);
    if let Some(entry) = rec.root.entry("id")
        && let Some(id) = entry.node.as_str()
        && let Some(other) = repo
            .files
            .iter()
            .position(|(p, _)| p != &rec.path && stem_of(p).as_deref() == Some(id))
    {
        diags.push(
            Diag::new("E0204", Check::Unique, &rec.rel, entry.node.span)
                .arg("id", id)
                .arg("other", repo.rel(other)),
        );
    }
    for r in &refs {
        let target = repo
            .files
            .iter()
            .find(|(p, _)| stem_of(p).as_deref() == Some(r.value.as_str()));
        let security = || {
            target.is_some_and(|(path, kind)| {
                let (t, _) = repo.load_file(path, *kind);
                t.is_some_and(|t| t.get("category").and_then(|n| n.as_str()) == Some("security"))
            })
        };
        diags.extend(reference_finding(
            repo,
            rec.kind,
            &rec.rel,
            r,
            target.map(|(_, k)| *k),
            security,
        ));
    }
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags
}

/// How many of `records` have errors of their own (the per-record checks; references to other
/// records are not resolved). `kpi` warns when its numbers stand on invalid records.
pub fn records_with_errors(repo: &Repo, records: &[Record]) -> usize {
    let shared = Shared::new(repo);
    crate::repo::par_map(records, |rec| {
        check_record(&shared, rec)
            .0
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
    })
    .into_iter()
    .filter(|&bad| bad)
    .count()
}

/// The result of a check run.
pub struct Report {
    /// Every finding, sorted by file and position.
    pub diags: Vec<Diag>,
    /// The records that parsed, as indices into `Repo::files`.
    pub records: Vec<usize>,
}

/// Every finding of the repository: opening it, and all checks of all records. Records are
/// checked as they are read, in parallel, and dropped; only small summaries are kept for the
/// repository-wide checks (unique ids, references between records).
pub fn run(repo: &Repo) -> Report {
    let mut diags = repo.diags.clone();
    let shared = Shared::new(repo);
    let results = repo.visit(|file, record, mut found| {
        let summary = record.map(|rec| {
            let (mut checked, refs) = check_record(&shared, &rec);
            found.append(&mut checked);
            Summary {
                file,
                kind: rec.kind,
                id: rec
                    .root
                    .entry("id")
                    .and_then(|e| Some((e.node.as_str()?.to_string(), e.node.span))),
                security_incident: rec.get("category").and_then(|n| n.as_str()) == Some("security"),
                refs,
            }
        });
        (summary, found)
    });
    let mut summaries = Vec::with_capacity(results.len());
    for (summary, mut found) in results {
        diags.append(&mut found);
        summaries.extend(summary);
    }
    unique(repo, &summaries, &mut diags);
    references(repo, &summaries, &mut diags);
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Report {
        diags,
        records: summaries.iter().map(|s| s.file).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_formats() {
        let rules = Rules::builtin().unwrap();
        let inc = rules.kind("incident").unwrap();
        assert!(id_format_ok("INC-2026-0042", inc));
        assert!(id_format_ok("INC-2026-0042-b7", inc));
        assert!(!id_format_ok("INC2026", inc));
        assert!(!id_format_ok("INC-", inc));
        assert!(!id_format_ok("INC-../x", inc));
        assert!(!id_format_ok("PRJ-2026-001", inc));
        assert!(!id_format_ok("INC-2026--1", inc));
    }
}
