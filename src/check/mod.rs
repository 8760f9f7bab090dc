//! `itc check`: every named check over a loaded repository. Each record is checked on its own in
//! parallel (layout, fields, stages, requirements, consistency); then the checks that need the
//! whole repository (unique ids, references) run once. Every finding of every file is returned,
//! or of the files asked for (`run_on`, which reads only those). `run_reusing` takes a file's own
//! result (`Own`) from elsewhere when it has one: `diff` reads a file unchanged between its two
//! sides once.
//!
//! `fields.rs`, `stages.rs` and `consistency.rs` hold the per-record checks; `changes.rs`
//! (`ChangeSet`) tells which findings a git change can have caused, for `check --changed-since`;
//! `select.rs` (`Selection`) which findings and records `check` reports; `config.rs` checks
//! `itc.toml`'s values once the repository is open.

mod calendar;
mod changes;
pub mod commitments;
pub mod config;
pub mod consistency;
pub mod coverage;
pub mod fields;
pub mod order;
pub mod plausible;
pub mod scorecard;
mod select;
pub mod stages;

use std::collections::HashMap;

use crate::diag::{Check, Code, Diag};
use crate::record::Record;
use crate::record::value::Span;
use crate::repo::Repo;
use crate::rules::{Field, Kind, Rules};
use fields::{Ctx, Known, Ref};

pub use changes::ChangeSet;
pub use select::{Selection, checks};

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
            Diag::new(Code::E0201, &rec.rel, entry.node.span)
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
            Diag::new(Code::E0202, &rec.rel, entry.node.span)
                .arg("id", id)
                .arg("prefix", kind.prefix.as_str()),
        );
    }
    if id != rec.stem() {
        diags.push(
            Diag::new(Code::E0203, &rec.rel, entry.node.span)
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
    /// Today, for the "in the future" rule: `ITC_TODAY` or the clock (none if `ITC_TODAY` does
    /// not read as a time; the commands that read it report that themselves).
    today: Option<chrono::NaiveDate>,
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
            today: crate::time::now(None, repo.config.tz, true)
                .ok()
                .map(crate::time::today),
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
        Some(Code::E0301),
        &mut ctx,
    );
    stages::check(rules, kind, prep, rec, &mut ctx);
    consistency::check(shared.repo, kind, rec, &mut ctx);
    plausible::check(shared.repo, kind, prep, rec, shared.today, &mut ctx);
    order::check(kind, rec, &mut ctx);
    commitments::check(kind, rec, &mut ctx);
    let refs = std::mem::take(&mut ctx.refs);
    crate::diag::cap(&mut diags);
    (diags, refs)
}

/// What the repository-wide checks need of a record once its tree is dropped.
#[derive(Clone)]
pub struct Summary {
    /// Index into `Repo::files`.
    pub file: usize,
    pub kind: usize,
    /// The id, where it was written as a string.
    pub id: Option<(String, Span)>,
    /// Whether it is an incident of category security (for the security-cycle check).
    pub security_incident: bool,
    pub refs: Vec<Ref>,
    /// The facts coverage reads, of the kinds it reads (`coverage::facts_of`).
    pub facts: Option<Box<crate::facts::Facts>>,
}

impl Summary {
    fn of(file: usize, rec: &Record, refs: Vec<Ref>) -> Summary {
        Summary {
            file,
            kind: rec.kind,
            id: rec
                .root
                .entry("id")
                .and_then(|e| Some((e.node.as_str()?.to_string(), e.node.span))),
            security_incident: rec.get("category").and_then(|n| n.as_str()) == Some("security"),
            refs,
            facts: None,
        }
    }
}

/// The finding, if any, of one reference to another record: `target` is the kind of the record
/// it names (none: no such record); `security` says, when asked, whether that record is a
/// security incident. The finding involves the id it names.
fn reference_finding(
    repo: &Repo,
    from_kind: usize,
    rel: &str,
    r: &Ref,
    target: Option<usize>,
    security: impl FnOnce() -> bool,
) -> Option<Diag> {
    let base = |code| {
        Diag::new(code, rel, r.span)
            .arg("value", r.value.as_str())
            .involving(&r.value)
    };
    let Some(target) = target else {
        return Some(base(Code::E0703));
    };
    let target_kind = &repo.rules.kinds[target].key;
    if let Some(want) = &r.kind
        && target_kind != want
    {
        return Some(
            base(Code::E0704)
                .arg("expected", want.as_str())
                .arg("found", target_kind.as_str()),
        );
    }
    // A security cycle's incidents must be security incidents.
    let from_security = repo.rules.kinds[from_kind].key == "security" && r.field == "incidents";
    (from_security && target_kind == "incident" && !security()).then(|| base(Code::E0705))
}

/// The records holding each id, in file order.
fn holders<'a>(summaries: impl IntoIterator<Item = &'a Summary>) -> Holders<'a> {
    let summaries = summaries.into_iter();
    let mut first: HashMap<&str, &Summary> = HashMap::with_capacity(summaries.size_hint().0);
    let mut repeated: HashMap<&str, Vec<&Summary>> = HashMap::new();
    for s in summaries {
        if let Some((id, _)) = &s.id {
            match first.entry(id.as_str()) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(s);
                }
                std::collections::hash_map::Entry::Occupied(e) => {
                    repeated
                        .entry(id.as_str())
                        .or_insert_with(|| vec![e.get()])
                        .push(s);
                }
            }
        }
    }
    Holders { first, repeated }
}

/// The records holding each id: the first (by file) of each, and every holder of an id held more
/// than once. Nearly every id has one holder, which costs no list of its own.
struct Holders<'a> {
    first: HashMap<&'a str, &'a Summary>,
    repeated: HashMap<&'a str, Vec<&'a Summary>>,
}

/// The references made by the records `reported` accepts, resolved against all `summaries`
/// (sorted by file). An id held twice resolves to its first file.
fn references<'a>(
    repo: &Repo,
    summaries: impl IntoIterator<Item = &'a Summary>,
    by_id: &Holders<'_>,
    reported: &impl Fn(usize) -> bool,
    diags: &mut Vec<Diag>,
) {
    for rec in summaries
        .into_iter()
        .filter(|s| !s.refs.is_empty() && reported(s.file))
    {
        let rel = repo.rel(rec.file);
        for r in &rec.refs {
            let target = by_id.first.get(r.value.as_str());
            let security = || target.is_some_and(|t| t.security_incident);
            diags.extend(reference_finding(
                repo,
                rec.kind,
                rel,
                r,
                target.map(|t| t.kind),
                security,
            ));
        }
    }
}

/// An id held by more than one record is a finding on every file that holds it (of those
/// `reported` accepts), each naming the others.
fn unique(
    repo: &Repo,
    by_id: &Holders<'_>,
    reported: &impl Fn(usize) -> bool,
    diags: &mut Vec<Diag>,
) {
    for (id, holders) in &by_id.repeated {
        for holder in holders.iter().filter(|h| reported(h.file)) {
            let Some((_, span)) = &holder.id else {
                continue;
            };
            let others: Vec<&str> = holders
                .iter()
                .filter(|o| o.file != holder.file)
                .map(|o| repo.rel(o.file))
                .collect();
            diags.push(
                Diag::new(Code::E0204, repo.rel(holder.file), *span)
                    .arg("id", *id)
                    .arg("other", others.join(", "))
                    .involving(id),
            );
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
    {
        let others: Vec<&str> = repo
            .files
            .iter()
            .filter(|f| f.path != rec.path && stem_of(&f.path).as_deref() == Some(id))
            .map(|f| f.rel.as_str())
            .collect();
        if !others.is_empty() {
            diags.push(
                Diag::new(Code::E0204, &rec.rel, entry.node.span)
                    .arg("id", id)
                    .arg("other", others.join(", "))
                    .involving(id),
            );
        }
    }
    for r in &refs {
        let target = repo
            .files
            .iter()
            .find(|f| stem_of(&f.path).as_deref() == Some(r.value.as_str()));
        let security = || {
            target.is_some_and(|file| {
                let (t, _) = repo.load_file(file);
                t.is_some_and(|t| t.get("category").and_then(|n| n.as_str()) == Some("security"))
            })
        };
        diags.extend(reference_finding(
            repo,
            rec.kind,
            &rec.rel,
            r,
            target.map(|f| f.kind),
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
    /// The records that parsed and were checked, as indices into `Repo::files`.
    pub records: Vec<usize>,
    /// The id written in each of those records that has one.
    pub ids: Vec<(usize, String)>,
}

/// Every finding of the repository: opening it, and all checks of all records.
pub fn run(repo: &Repo) -> Report {
    run_on(repo, |_| true)
}

/// The findings of the record files `selected` accepts (by path relative to the root), exactly
/// as a full check reports them on those files, plus every finding of opening the repository.
///
/// Records are checked as they are read, in parallel, and dropped; only small summaries are
/// kept for the repository-wide checks (unique ids, references between records). Only the
/// selected files are read: a record's id equals its file's stem, so the other records an id or
/// a reference of theirs can meet are found by file name, and only those few are read to
/// confirm the id they hold, their kind and category.
pub fn run_on(repo: &Repo, selected: impl Fn(&str) -> bool) -> Report {
    run_on_with(repo, selected, |_, _| ()).0
}

/// A full check that also hands each record that parses to `also` while it is loaded, so that
/// a caller needing something of every record (`diff`: its facts and a hash of its value) reads
/// and parses the records once. `also`'s results come in the order of the files.
pub fn run_with<R: Send>(
    repo: &Repo,
    also: impl Fn(usize, &Record) -> R + Sync,
) -> (Report, Vec<R>) {
    run_on_with(repo, |_| true, also)
}

/// What a full check keeps of one record file: the findings of reading and checking it on its
/// own (they depend only on its path, its bytes and the settings), what the repository-wide
/// checks need of it, and the caller's own result.
#[derive(Clone)]
pub struct Own<R> {
    found: Vec<Diag>,
    summary: Option<Summary>,
    pub extra: Option<R>,
}

impl<R> Own<R> {
    /// The same result for the file at index `file` of another repository with the same
    /// settings, where the file has the same path and bytes.
    pub fn moved_to(&self, file: usize) -> Own<R>
    where
        R: Clone,
    {
        let mut own = self.clone();
        if let Some(s) = &mut own.summary {
            s.file = file;
        }
        own
    }
}

/// A full check that takes each file's own result from `reuse` when it has one (the file is then
/// not read), else reads and checks it, handing the record to `also`; the unique-id and
/// reference checks run over all files. Returns the report and every file's own result, in the
/// order of the files. Coverage (`covered`: warnings only, of the whole repository as of today)
/// is left out: `diff` compares errors.
pub fn run_reusing<R: Send>(
    repo: &Repo,
    reuse: impl Fn(usize) -> Option<Own<R>> + Sync,
    also: impl Fn(usize, &Record) -> R + Sync,
) -> (Report, Vec<Own<R>>) {
    let shared = Shared::new(repo);
    let all: Vec<usize> = (0..repo.files.len()).collect();
    let owns = crate::repo::par_map(&all, |&i| {
        reuse(i).unwrap_or_else(|| {
            let (record, mut found) = repo.load_file(&repo.files[i]);
            let mut extra = None;
            let summary = record.map(|rec| {
                let (mut checked, refs) = check_record(&shared, &rec);
                found.append(&mut checked);
                extra = Some(also(i, &rec));
                Summary::of(i, &rec, refs)
            });
            Own {
                found,
                summary,
                extra,
            }
        })
    });
    let mut diags = repo.diags.clone();
    diags.extend(owns.iter().flat_map(|o| o.found.iter().cloned()));
    // Read where they lie, not copied: a side of `diff` holds every file's.
    let summaries = || owns.iter().filter_map(|o| o.summary.as_ref());
    let by_id = holders(summaries());
    unique(repo, &by_id, &|_| true, &mut diags);
    references(repo, summaries(), &by_id, &|_| true, &mut diags);
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let report = Report {
        diags,
        records: summaries().map(|s| s.file).collect(),
        ids: summaries()
            .filter_map(|s| Some((s.file, s.id.as_ref()?.0.clone())))
            .collect(),
    };
    (report, owns)
}

fn run_on_with<R: Send>(
    repo: &Repo,
    selected: impl Fn(&str) -> bool,
    also: impl Fn(usize, &Record) -> R + Sync,
) -> (Report, Vec<R>) {
    let chosen: Vec<usize> = (0..repo.files.len())
        .filter(|&i| selected(repo.rel(i)))
        .collect();
    let whole = chosen.len() == repo.files.len();
    let shared = Shared::new(repo);
    let check_one = |file: usize, record: Option<Record>, mut found: Vec<Diag>| {
        let mut extra = None;
        let summary = record.map(|rec| {
            let (mut checked, refs) = check_record(&shared, &rec);
            found.append(&mut checked);
            extra = Some(also(file, &rec));
            let mut summary = Summary::of(file, &rec, refs);
            summary.facts = coverage::facts_of(shared.repo, &rec);
            summary
        });
        (summary, found, extra)
    };
    let results = if whole {
        repo.visit(check_one)
    } else {
        crate::repo::par_map(&chosen, |&i| {
            let (record, found) = repo.load_file(&repo.files[i]);
            check_one(i, record, found)
        })
    };
    let mut diags = repo.diags.clone();
    let mut summaries = Vec::with_capacity(results.len());
    let mut extras = Vec::new();
    for (summary, mut found, extra) in results {
        diags.append(&mut found);
        summaries.extend(summary);
        extras.extend(extra);
    }
    let checked: Vec<usize> = summaries.iter().map(|s| s.file).collect();
    if !whole {
        summaries.extend(named_elsewhere(repo, &summaries, &chosen));
        summaries.sort_by_key(|s| s.file);
    }
    let reported = |file: usize| whole || chosen.binary_search(&file).is_ok();
    let by_id = holders(&summaries);
    unique(repo, &by_id, &reported, &mut diags);
    references(repo, &summaries, &by_id, &reported, &mut diags);
    if whole {
        covered(&shared, &mut summaries, &mut diags);
    }
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let ids = summaries
        .into_iter()
        .filter(|s| reported(s.file))
        .filter_map(|s| Some((s.file, s.id?.0)))
        .collect();
    let report = Report {
        diags,
        records: checked,
        ids,
    };
    (report, extras)
}

/// The coverage warnings (`coverage`) of a whole repository's records, as of today.
fn covered(shared: &Shared<'_>, summaries: &mut [Summary], diags: &mut Vec<Diag>) {
    let Some(today) = shared.today else {
        return;
    };
    // Taken, not copied: nothing reads them after.
    let facts: Vec<crate::facts::Facts> = summaries
        .iter_mut()
        .filter_map(|s| s.facts.take().map(|f| *f))
        .collect();
    let mut found = Vec::new();
    coverage::check(shared.repo, &facts, today, &mut found);
    crate::diag::cap(&mut found);
    diags.append(&mut found);
}

/// The records outside `chosen` (sorted) whose file stem is an id held or referenced by one of
/// `summaries`: read to learn the id they really hold, their kind and category.
fn named_elsewhere(repo: &Repo, summaries: &[Summary], chosen: &[usize]) -> Vec<Summary> {
    let mut by_stem: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, file) in repo.files.iter().enumerate() {
        if chosen.binary_search(&i).is_err()
            && let Some(stem) = file.path.file_stem().and_then(|s| s.to_str())
        {
            by_stem.entry(stem).or_default().push(i);
        }
    }
    let mut wanted: Vec<usize> = summaries
        .iter()
        .flat_map(|s| {
            s.id.iter()
                .map(|(id, _)| id.as_str())
                .chain(s.refs.iter().map(|r| r.value.as_str()))
        })
        .filter_map(|name| by_stem.get(name))
        .flatten()
        .copied()
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    crate::repo::par_map(&wanted, |&i| {
        repo.load_file(&repo.files[i])
            .0
            .map(|rec| Summary::of(i, &rec, Vec::new()))
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The per-record checks prepared once for a stream of records: `kpi` checks each record as it
/// is loaded, keeps whether it has errors, and drops it.
pub struct RecordChecker<'a>(Shared<'a>);

impl<'a> RecordChecker<'a> {
    pub fn new(repo: &'a Repo) -> RecordChecker<'a> {
        RecordChecker(Shared::new(repo))
    }

    /// Whether the record has errors of its own (references to other records not resolved).
    pub fn has_errors(&self, rec: &Record) -> bool {
        check_record(&self.0, rec)
            .0
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
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
