//! `itc diff`: what a change does to the records, not to their text. Two repositories (a git
//! revision read through `repo`'s git source, and the working tree or another revision) are
//! loaded the same way; records are matched by id (a moved file is a rename), compared value by
//! value as `itc export` writes them, and the KPIs of a bounded few periods (`periods`: those
//! the changed records' facts fall in, the year begun when itc.toml or rules.toml changed, and
//! each `--period`) are computed on both sides with the same engine and as-of rules as
//! `itc kpi`.
//!
//! A record file the same on both sides (same path, same blob or bytes) under the same itc.toml
//! and rules.toml is read, checked and turned into facts once, and its result taken over by the
//! other side (`check::run_reusing`); the unique-id and reference checks still run over every
//! file of each side. A change to either settings file reads both sides whole.
//!
//! `render` writes the result for a person at the terminal, as a pull-request comment in
//! Markdown, and as JSON.

pub mod commitments;
pub mod periods;
pub mod render;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::diag::{Diag, Severity};
use crate::kpi::{self, Ctx, Kpi};
use crate::record::Record;
use crate::repo::Repo;
use crate::time::Period;
use crate::{Error, Lang};

/// How a record changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Added,
    Removed,
    Modified,
    Renamed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Modified => "modified",
            Change::Renamed => "renamed",
        }
    }
}

/// One field that differs: its path (`severity`, `handling.restored_at`, `goals[0].weight`) and
/// its values as JSON (`null` when absent).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub path: String,
    pub old: Value,
    pub new: Value,
}

/// One record that differs between the two sides.
#[derive(Clone, Debug)]
pub struct RecordChange {
    pub id: String,
    pub kind: String,
    pub title: Option<String>,
    pub change: Change,
    /// Where it lies after (before, for a removed record); where it lay before a rename.
    pub path: String,
    pub old_path: Option<String>,
    /// The stage before and after, when it changed (`None` on one side for an added or removed
    /// record).
    pub stage: Option<(Option<String>, Option<String>)>,
    pub fields: Vec<FieldChange>,
    /// Field labels in both languages, by path, for the human formats.
    pub labels: BTreeMap<String, crate::rules::Label>,
    pub stage_labels: (Option<crate::rules::Label>, Option<crate::rules::Label>),
    /// The kind's label, for the human formats (JSON keeps the key).
    pub kind_label: Option<crate::rules::Label>,
    /// The commitments whose value differs, with or without a change entry.
    pub commitments: Vec<commitments::CommitmentChange>,
}

/// A KPI whose value or verdict differs over one period.
#[derive(Clone, Debug)]
pub struct KpiChange {
    pub period: String,
    pub before: Kpi,
    pub after: Kpi,
}

/// What `diff` is asked besides its two sides.
pub struct Ask<'a> {
    /// `--as-of`: the "now" of the KPIs, as `itc kpi --as-of` reads it (else `ITC_TODAY`, else
    /// the clock).
    pub as_of: Option<&'a str>,
    /// `--period`: more periods to compare, each read relative to "now".
    pub periods: &'a [String],
    /// How a `--period` is read (`itc kpi`'s reading, with its message for a wrong one).
    pub read_period: fn(&str, DateTime<FixedOffset>) -> Result<Period, Error>,
}

/// The whole comparison.
pub struct Diff {
    pub base: String,
    pub head: String,
    pub records: Vec<RecordChange>,
    /// The periods whose KPIs were compared, in reading order.
    pub periods: Vec<String>,
    pub kpis: Vec<KpiChange>,
    pub errors_before: usize,
    pub errors_after: usize,
    /// Errors after the change that were not there before.
    pub new_errors: Vec<Diag>,
    /// The language the repository asks for after the change (`org.lang`).
    pub lang: Option<Lang>,
}

/// What one side keeps of each record while the records stream through: enough to match it,
/// to tell whether it changed, and to compute the KPIs. The few records that changed are read
/// again for their fields.
#[derive(Clone)]
struct Seen {
    /// Index into `Repo::files`.
    file: usize,
    /// Index into `Side::facts`, when its facts were taken.
    fact: Option<usize>,
    id: String,
    rel: String,
    /// A hash of the record's whole value as `itc export` writes it; `None` for a file the
    /// same on both sides (same path and bytes), which cannot have changed.
    hash: Option<u64>,
}

/// One side: its repository, its records (and which one holds each id), and the errors
/// `itc check` finds in it.
struct Side {
    repo: Repo,
    seen: Vec<Seen>,
    /// The facts of every record, in the order of the files (as `itc kpi` takes them).
    facts: Vec<crate::facts::Facts>,
    records: BTreeMap<String, usize>,
    errors: Vec<Diag>,
}

/// What a full check keeps of each record file of a side: its findings, and what `diff` takes
/// of it (`None` when it does not parse).
/// The facts are boxed: a file whose facts are not taken costs a pointer, not a `Facts`.
type Owns = Vec<crate::check::Own<(Seen, Option<Box<crate::facts::Facts>>)>>;

/// What a side takes of each record file it reads: whether the file is the same on both sides
/// (no hash needed), and whether its kind's facts are needed (by the KPIs that can move, or to
/// place a changed record's periods); `None`: every file is hashed and every kind's facts taken.
struct Plan {
    same: Vec<bool>,
    kinds: Vec<bool>,
}

impl Side {
    /// Checks every record of `repo`, hashing each and taking its facts as it is read. A file
    /// that `reuse` maps to a file of `from` (same path, same bytes, same settings) is not read:
    /// its result there is taken.
    fn load(
        repo: Repo,
        from: Option<(&Owns, &[Option<usize>])>,
        plan: Option<&Plan>,
    ) -> (Side, Owns) {
        use std::hash::{Hash, Hasher};
        // One pass: each record is checked, hashed and its facts taken as it is read.
        let reuse = |i: usize| {
            let (owns, same) = from?;
            let mut own = owns.get((*same.get(i)?)?)?.moved_to(i);
            if let Some((seen, _)) = &mut own.extra {
                seen.file = i;
            }
            Some(own)
        };
        let (report, owns) = crate::check::run_reusing(&repo, reuse, |file, rec| {
            let same = plan.is_some_and(|p| p.same.get(file) == Some(&true));
            let hash = (!same).then(|| {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                value_of(&repo, rec).to_string().hash(&mut hasher);
                hasher.finish()
            });
            let wanted = plan.is_none_or(|p| p.kinds.get(rec.kind) == Some(&true));
            let facts = wanted.then(|| {
                let mut facts = crate::facts::extract(&repo.rules, &repo.config, rec);
                // What only `list` and `show` read.
                (facts.title, facts.rel, facts.timeline) = Default::default();
                Box::new(facts)
            });
            let seen = Seen {
                file,
                fact: None,
                id: crate::export::id_of(rec).to_string(),
                rel: rec.rel.clone(),
                hash,
            };
            (seen, facts)
        });
        let errors = report
            .diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let side = Side {
            repo,
            seen: Vec::new(),
            facts: Vec::new(),
            records: BTreeMap::new(),
            errors,
        };
        (side, owns)
    }

    /// Takes the records' results out of `owns`, in the order of the files.
    fn keep(&mut self, owns: Owns) {
        // Sized once: a list grown by doubling holds up to twice its length.
        let taken = owns
            .iter()
            .filter(|o| matches!(&o.extra, Some((_, Some(_)))))
            .count();
        let mut seen = Vec::with_capacity(owns.len());
        let mut facts = Vec::with_capacity(taken);
        for (mut s, f) in owns.into_iter().filter_map(|o| o.extra) {
            if let Some(f) = f {
                s.fact = Some(facts.len());
                facts.push(*f);
            }
            seen.push(s);
        }
        seen.sort_by(|a, b| a.rel.cmp(&b.rel));
        let mut by_id = BTreeMap::new();
        // Two files may claim one id (an error `check` reports): the first by path is compared.
        for (i, s) in seen.iter().enumerate() {
            by_id.entry(s.id.clone()).or_insert(i);
        }
        self.seen = seen;
        self.facts = facts;
        self.records = by_id;
    }

    fn get(&self, id: &str) -> Option<&Seen> {
        self.records.get(id).and_then(|&i| self.seen.get(i))
    }

    /// The record of a file, read again.
    fn record(&self, s: &Seen) -> Option<Record> {
        self.repo.load_file(self.repo.files.get(s.file)?).0
    }
}

/// The record's value as `itc export` writes it (`record` of the export object).
fn value_of(repo: &Repo, rec: &Record) -> Value {
    crate::export::record_json(&repo.rules, rec, repo.config.tz)
        .and_then(|mut v| v.get_mut("record").map(Value::take))
        .unwrap_or(Value::Null)
}

/// Flattens a record's value into field paths: objects by `.`, lists of tables by `[i]`;
/// other lists are one value.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, out);
            }
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

/// The field changes between two flattened values, in path order. `stage` is left out: the
/// stage move is said on its own.
fn field_changes(old: &BTreeMap<String, Value>, new: &BTreeMap<String, Value>) -> Vec<FieldChange> {
    let paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    paths
        .into_iter()
        .filter(|p| p.as_str() != "stage")
        .filter_map(|p| {
            let (o, n) = (
                old.get(p).cloned().unwrap_or(Value::Null),
                new.get(p).cloned().unwrap_or(Value::Null),
            );
            (o != n).then(|| FieldChange {
                path: p.clone(),
                old: o,
                new: n,
            })
        })
        .collect()
}

/// The label of a field path in the rules: the field's label, after its stage's label for a
/// field of a stage section; deeper parts are kept as written.
fn label_of(repo: &Repo, rec: &Record, path: &str) -> Option<crate::rules::Label> {
    let rules = &repo.rules;
    let kind = rules.kinds.get(rec.kind)?;
    let head = path.split(['.', '[']).next()?;
    let rest = &path[head.len()..];
    if let Some(stage) = kind.stages.iter().find(|s| s.key == head) {
        let name = rest.trim_start_matches('.');
        let field = name.split(['.', '[']).next().unwrap_or(name);
        let f = rules.stage_fields(stage).find(|f| f.name == field)?;
        let tail = &name[field.len()..];
        return Some(crate::rules::Label {
            zh: format!("{} · {}{tail}", stage.label.zh, f.label.zh),
            en: format!("{} · {}{tail}", stage.label.en, f.label.en),
        });
    }
    let f = rules
        .common
        .iter()
        .chain(&kind.fields)
        .find(|f| f.name == head)?;
    Some(crate::rules::Label {
        zh: format!("{}{rest}", f.label.zh),
        en: format!("{}{rest}", f.label.en),
    })
}

fn stage_of(rec: &Record) -> Option<String> {
    rec.get("stage")
        .and_then(crate::record::value::Node::as_str)
        .map(str::to_string)
}

fn stage_label(repo: &Repo, rec: &Record, key: Option<&str>) -> Option<crate::rules::Label> {
    let kind = repo.rules.kinds.get(rec.kind)?;
    kind.stages
        .iter()
        .find(|s| Some(s.key.as_str()) == key)
        .map(|s| s.label.clone())
}

/// Compares the repository at `base` with `head` (the working tree when `None`), both read from
/// `start`, with the KPIs as of `ask.as_of` (`itc kpi`'s as-of).
pub fn compare(start: &Path, base: &str, head: Option<&str>, ask: &Ask) -> Result<Diff, Error> {
    compare_sharing(start, base, head, ask, true)
}

/// The text of the settings files (itc.toml, rules.toml): a record's own findings, facts and
/// value depend on its bytes, its path and these.
fn settings(repo: &Repo) -> [Option<String>; 2] {
    [crate::repo::CONFIG_FILE, crate::repo::RULES_FILE].map(|f| repo.source_text(f))
}

/// Both sides opened at once (`Repo::open_partial_at`), their record files not read yet; a
/// revision also asks git which of its files the work tree holds unchanged. The base's error
/// comes first.
fn open_both(start: &Path, base: &str, head: Option<&str>) -> Result<(Repo, Repo), Error> {
    let open = |at: Option<&str>| {
        let repo = Repo::open_partial_at(start, at)?;
        if let crate::repo::Source::Git(s) = &repo.source {
            s.compare_with_work_tree();
        }
        Ok::<Repo, Error>(repo)
    };
    let (before, after) = std::thread::scope(|scope| {
        let after = scope.spawn(|| open(head));
        let before = open(Some(base));
        let after = after
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (before, after)
    });
    Ok((before?, after?))
}

/// The config's check (`check::config::open_at`) of a side opened by `open_both`, and the
/// refusal of a revision git cannot hand over whole (its record files are read here).
fn finish_side(mut repo: Repo) -> Result<Repo, Error> {
    if let crate::repo::Source::Git(s) = &repo.source {
        let lost = s.unreadable();
        if !lost.is_empty() {
            return Err(s.refusal(&lost));
        }
    }
    crate::check::config::validate(&mut repo)?;
    Ok(repo)
}

fn snapshot(repo: &Repo) -> Option<&crate::snapshot::Snapshot> {
    match &repo.source {
        crate::repo::Source::Git(s) => Some(s),
        crate::repo::Source::Disk => None,
    }
}

/// For each record file of `after`, the file of `before` with the same path and the same bytes
/// (for a revision, the same blob; for the working tree, a regular file git finds unchanged
/// since the revision, of the blob's size: `before` reads that very file from the disk).
fn same_files(before: &Repo, after: &Repo) -> Vec<Option<usize>> {
    let Some(old) = snapshot(before) else {
        return vec![None; after.files.len()];
    };
    let by_rel: std::collections::HashMap<&str, usize> = before
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rel.as_str(), i))
        .collect();
    crate::repo::par_map(&after.files, |f| {
        let j = *by_rel.get(f.rel.as_str())?;
        let blob = old.plain_blob(&f.rel)?;
        let same = match snapshot(after) {
            Some(new) => new.plain_blob(&f.rel) == Some(blob),
            None => {
                f.walked_regular()
                    && old.on_disk(&f.rel).is_some_and(|size| {
                        std::fs::symlink_metadata(&f.path).is_ok_and(|m| m.len() == size)
                    })
            }
        };
        same.then_some(j)
    })
}

/// What each side takes of its files, given which files are the same on both sides (with the
/// same settings): the KPIs that can move are those reading a kind of which a file changed.
fn plans(before: &Repo, after: &Repo, same: &[Option<usize>]) -> (Plan, Plan) {
    let mut same_before = vec![false; before.files.len()];
    for &j in same.iter().flatten() {
        if let Some(s) = same_before.get_mut(j) {
            *s = true;
        }
    }
    let same_after: Vec<bool> = same.iter().map(Option::is_some).collect();
    let kinds = &after.rules.kinds;
    let mut wanted = vec![false; kinds.len()];
    for (files, same) in [(&before.files, &same_before), (&after.files, &same_after)] {
        for (f, s) in files.iter().zip(same) {
            if !s && let Some(w) = wanted.get_mut(f.kind) {
                *w = true;
            }
        }
    }
    let changed: BTreeSet<&str> = kinds
        .iter()
        .zip(&wanted)
        .filter(|(_, w)| **w)
        .map(|(k, _)| k.key.as_str())
        .collect();
    let read: BTreeSet<&str> = kpi::Key::all()
        .map(|k| k.def().kinds)
        .filter(|read| read.iter().any(|r| changed.contains(r)))
        .flat_map(|read| read.iter().copied())
        .collect();
    for (k, w) in kinds.iter().zip(wanted.iter_mut()) {
        *w |= read.contains(k.key.as_str());
    }
    (
        Plan {
            same: same_before,
            kinds: wanted.clone(),
        },
        Plan {
            same: same_after,
            kinds: wanted,
        },
    )
}

/// `compare`, where with `share` a record file the same on both sides (same path, same bytes,
/// same settings) is read, checked and turned into facts once; without, each side is read whole.
fn compare_sharing(
    start: &Path,
    base: &str,
    head: Option<&str>,
    ask: &Ask,
    share: bool,
) -> Result<Diff, Error> {
    let (before, mut after) = open_both(start, base, head)?;
    let before = finish_side(before)?;
    let blobs_same = share && settings(&before) == settings(&after);
    // Of a revision, only the files whose blob differs are read.
    if blobs_same
        && let (Some(old), crate::repo::Source::Git(new)) = (snapshot(&before), &after.source)
    {
        let changed: HashSet<String> = after
            .files
            .iter()
            .filter(|f| {
                let blob = old.plain_blob(&f.rel);
                blob.is_none() || blob != new.plain_blob(&f.rel)
            })
            .map(|f| f.rel.clone())
            .collect();
        if let crate::repo::Source::Git(new) = &mut after.source {
            new.narrow_records(|rel| changed.contains(rel));
        }
    }
    let after = finish_side(after)?;
    let now_before = crate::time::now(ask.as_of, before.config.tz, true)?;
    let now_after = crate::time::now(ask.as_of, after.config.tz, true)?;
    // The revision's bytes were read whole on opening (to refuse an unreadable revision).
    let same = if blobs_same {
        same_files(&before, &after)
    } else {
        Vec::new()
    };
    let plans = blobs_same.then(|| plans(&before, &after, &same));
    let (plan_before, plan_after) = match &plans {
        Some((b, a)) => (Some(b), Some(a)),
        None => (None, None),
    };
    let (mut before, owns_before) = Side::load(before, None, plan_before);
    // The revision's bytes are needed again only for the files that changed.
    if let (Some(plan), crate::repo::Source::Git(old)) = (plan_before, &mut before.repo.source) {
        let files = &before.repo.files;
        let kept: HashSet<&str> = (0..files.len())
            .filter(|&i| plan.same.get(i) != Some(&true))
            .map(|i| files[i].rel.as_str())
            .collect();
        old.forget_records(|rel| kept.contains(rel));
    }
    let (mut after, owns_after) = Side::load(after, Some((&owns_before, &same)), plan_after);
    before.keep(owns_before);
    after.keep(owns_after);
    let mut records = Vec::new();
    let mut short = false;
    let mut facts_moved = false;
    let mut months = periods::Months::new(crate::time::today(now_after));
    let ids: BTreeSet<&String> = before.records.keys().chain(after.records.keys()).collect();
    for id in ids {
        let (seen_old, seen_new) = (before.get(id), after.get(id));
        if let (Some(o), Some(n)) = (seen_old, seen_new)
            && o.hash == n.hash
            && o.rel == n.rel
        {
            continue;
        }
        // The KPIs read facts: they can move only when a changed record's facts do.
        let fact_old = seen_old.and_then(|s| before.facts.get(s.fact?));
        let fact_new = seen_new.and_then(|s| after.facts.get(s.fact?));
        facts_moved |= seen_old.map(|s| &s.rel) != seen_new.map(|s| &s.rel)
            || fact_old.is_none()
            || fact_old != fact_new;
        let old = seen_old.and_then(|s| before.record(s));
        let new = seen_new.and_then(|s| after.record(s));
        let (old, new) = (old.as_ref(), new.as_ref());
        let mut flat_old = BTreeMap::new();
        let mut flat_new = BTreeMap::new();
        if let Some(r) = old {
            flatten("", &value_of(&before.repo, r), &mut flat_old);
        }
        if let Some(r) = new {
            flatten("", &value_of(&after.repo, r), &mut flat_new);
        }
        let fields = field_changes(&flat_old, &flat_new);
        let (stage_old, stage_new) = (old.and_then(stage_of), new.and_then(stage_of));
        let change = match (old, new) {
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (Some(o), Some(n)) if o.rel != n.rel => Change::Renamed,
            (Some(_), Some(_)) if !fields.is_empty() || stage_old != stage_new => Change::Modified,
            _ => continue,
        };
        let (side, rec) = match (old, new) {
            (_, Some(n)) => (&after, n),
            (Some(o), None) => (&before, o),
            (None, None) => continue,
        };
        // The periods its facts fall in, as each side holds it.
        for (side, seen, now) in [
            (&before, seen_old, now_before),
            (&after, seen_new, now_after),
        ] {
            if let Some(f) = seen.and_then(|s| side.facts.get(s.fact?)) {
                let repo = &side.repo;
                months.add(f, &repo.rules, &repo.config, now.timestamp());
            } else if seen.is_some() {
                // Its facts were not taken (a record matched by its id to a file of another
                // kind): the plan fell short.
                short = true;
            }
        }
        let mut labels = BTreeMap::new();
        for f in &fields {
            if let Some(l) = label_of(&side.repo, rec, &f.path) {
                labels.insert(f.path.clone(), l);
            }
        }
        let stage = (stage_old != stage_new).then(|| (stage_old.clone(), stage_new.clone()));
        let commitments = match (old, new) {
            (Some(o), Some(n)) => {
                let repo = &after.repo;
                commitments::changes(&repo.rules, &repo.config, o, n, &flat_old, &flat_new)
            }
            _ => Vec::new(),
        };
        records.push(RecordChange {
            id: id.clone(),
            kind: side
                .repo
                .rules
                .kinds
                .get(rec.kind)
                .map_or_else(String::new, |k| k.key.clone()),
            title: rec
                .get("title")
                .and_then(crate::record::value::Node::as_str)
                .map(str::to_string),
            change,
            path: rec.rel.clone(),
            old_path: match (old, change) {
                (Some(o), Change::Renamed) => Some(o.rel.clone()),
                _ => None,
            },
            stage,
            fields,
            labels,
            stage_labels: (
                old.and_then(|o| stage_label(&before.repo, o, stage_old.as_deref())),
                new.and_then(|n| stage_label(&after.repo, n, stage_new.as_deref())),
            ),
            commitments,
            kind_label: side.repo.rules.kinds.get(rec.kind).map(|k| k.label.clone()),
        });
    }
    // A KPI can only move when a record of a kind it reads changed, or the config or rules did.
    let same_settings = [crate::repo::CONFIG_FILE, crate::repo::RULES_FILE]
        .iter()
        .all(|f| before.repo.source_text(f) == after.repo.source_text(f));
    let kinds: BTreeSet<&str> = records.iter().map(|r| r.kind.as_str()).collect();
    let keys: Vec<kpi::Key> = kpi::Key::all()
        .filter(|k| !same_settings || k.def().kinds.iter().any(|r| kinds.contains(r)))
        .collect();
    if let Some(plan) = plan_after {
        let taken = |kind: &str| {
            let rules = &after.repo.rules.kinds;
            let i = rules.iter().position(|k| k.key == kind);
            i.is_none_or(|i| plan.kinds.get(i) == Some(&true))
        };
        short |= keys.iter().any(|k| !k.def().kinds.iter().all(|r| taken(r)));
    }
    if short {
        // Rare: what the facts taken cannot answer is answered by reading both sides whole.
        drop((before, after));
        return compare_sharing(start, base, head, ask, false);
    }
    let mut compared = months.periods();
    if !same_settings {
        compared.extend(periods::of_the_year(crate::time::today(now_after)));
    }
    for p in ask.periods {
        compared.push((ask.read_period)(p, now_after)?);
    }
    let compared = periods::merge(compared);
    let now = (now_before.timestamp(), now_after.timestamp());
    // Both sides hold the same facts in the same order, under the same settings: no KPI can
    // differ, in any period. (Without sharing, as the reference reading, everything is
    // computed.)
    let kpis = if share && same_settings && !facts_moved {
        Vec::new()
    } else {
        kpi_changes(&mut before, &mut after, &compared, &keys, now)
    };
    let key = |d: &Diag| {
        (
            d.file.clone(),
            d.code,
            crate::output::catalog::message(d, Lang::En),
        )
    };
    let old_errors: HashSet<_> = before.errors.iter().map(key).collect();
    let new_errors = after
        .errors
        .iter()
        .filter(|d| !old_errors.contains(&key(d)))
        .cloned()
        .collect();
    Ok(Diff {
        base: base.to_string(),
        head: head.unwrap_or("worktree").to_string(),
        records,
        periods: compared.into_iter().map(|p| p.label).collect(),
        kpis,
        errors_before: before.errors.len(),
        errors_after: after.errors.len(),
        new_errors,
        lang: after.repo.config.lang,
    })
}

/// Every KPI of every period computed on both sides (as-of: the period's end, capped at now,
/// as `itc kpi` does; `now` is each side's); those whose value or verdict differ.
fn kpi_changes(
    before: &mut Side,
    after: &mut Side,
    periods: &[Period],
    keys: &[kpi::Key],
    now: (i64, i64),
) -> Vec<KpiChange> {
    if keys.is_empty() || periods.is_empty() {
        return Vec::new();
    }
    // Only the kinds the KPIs read, as `itc kpi` loads them.
    let read: BTreeSet<&str> = keys
        .iter()
        .flat_map(|k| k.def().kinds.iter().copied())
        .collect();
    // The facts are not needed after: those of other kinds are dropped, not copied.
    let wanted = |side: &mut Side| -> Vec<crate::facts::Facts> {
        let mut facts = std::mem::take(&mut side.facts);
        let kinds = &side.repo.rules.kinds;
        facts.retain(|f| {
            kinds
                .get(f.kind)
                .is_some_and(|k| read.contains(k.key.as_str()))
        });
        facts
    };
    let (facts_before, facts_after) = (&wanted(before), &wanted(after));
    let (before, after) = (&*before, &*after);
    let compute = |side: &Side, facts: &[crate::facts::Facts], period: &Period, now: i64| {
        let mut ctx = Ctx::new(&side.repo.config, &side.repo.rules, facts, period, now);
        ctx.keep_items = false;
        kpi::compute(&ctx, keys, None)
    };
    // One period at a time (each computes its KPIs on every core): the items of a KPI over
    // every record are held for one period only.
    periods
        .iter()
        .flat_map(|period| {
            let old = compute(before, facts_before, period, now.0);
            let new = compute(after, facts_after, period, now.1);
            old.into_iter()
                .zip(new)
                .filter(|(o, n)| o.value != n.value || o.verdict != n.verdict)
                .map(|(o, n)| KpiChange {
                    period: period.label.clone(),
                    before: o,
                    after: n,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .current_dir(dir)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
            .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }

    fn files(root: &Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != ".git") {
                    files(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "toml" || x == "yaml")
                && p.file_name().is_some_and(|n| n != "itc.toml")
            {
                out.push(p);
            }
        }
    }

    /// A small generator of pseudo-random numbers (xorshift), seeded per case.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// One random edit of the demo's records: a changed date or id, an id taken from another
    /// record, a changed category, a field added and a stage moved, a copy under another name (a repeated id), a move, a
    /// removal, a file that no longer parses, or a settings change.
    fn edit(root: &Path, rng: &mut Rng) {
        let what = rng.below(11);
        edit_as(root, rng, what);
    }

    /// Edit number `what` (0–10) of a random file; 8 and 9 move no fact.
    fn edit_as(root: &Path, rng: &mut Rng, what: usize) {
        let mut all = Vec::new();
        files(root, &mut all);
        let f = all[rng.below(all.len())].clone();
        let other = all[rng.below(all.len())].clone();
        let text = std::fs::read_to_string(&f).unwrap();
        let stem = |p: &Path| p.file_stem().unwrap().to_str().unwrap().to_string();
        match what {
            0 => std::fs::write(&f, text.replacen("2026-0", "2025-1", 1)).unwrap(),
            1 => std::fs::write(&f, text.replacen(&stem(&f), &stem(&other), 1)).unwrap(),
            2 => {
                std::fs::copy(
                    &f,
                    f.with_file_name(format!("ZZ-{}", f.file_name().unwrap().to_str().unwrap())),
                )
                .unwrap();
            }
            3 => {
                let to = root.join("incidents/moved");
                std::fs::create_dir_all(&to).unwrap();
                std::fs::rename(&f, to.join(f.file_name().unwrap())).unwrap();
            }
            4 => std::fs::remove_file(&f).unwrap(),
            5 => std::fs::write(&f, format!("{text}\n[[[broken\n")).unwrap(),
            6 => std::fs::write(&f, text.replacen("security", "network", 1)).unwrap(),
            // Changes that move no fact: a title, a comment.
            8 => std::fs::write(
                &f,
                text.replacen("title = \"", "title = \"(edited) ", 1)
                    .replacen("title: ", "title: (edited) ", 1),
            )
            .unwrap(),
            9 => std::fs::write(&f, format!("{text}\n# a note\n")).unwrap(),
            7 => {
                let config = root.join("itc.toml");
                let c = std::fs::read_to_string(&config).unwrap();
                std::fs::write(&config, format!("{c}\n# edited\n")).unwrap();
            }
            _ => std::fs::write(
                &f,
                text.replacen("title", "title_old = 1\ntitle", 1).replacen(
                    "\"diagnosis\"",
                    "\"handling\"",
                    1,
                ),
            )
            .unwrap(),
        }
    }

    fn no_period(p: &str, _: DateTime<FixedOffset>) -> Result<Period, Error> {
        panic!("no period is asked for, yet {p} was read")
    }

    /// The proof of sharing: over random edits of the demo (against the working tree and
    /// between two revisions), diff's JSON is the same whether the records the same on both
    /// sides are read once or each side is read whole.
    #[test]
    fn sharing_the_unchanged_records_changes_nothing() {
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
        let ask = Ask {
            as_of: Some("2026-09-30"),
            periods: &[],
            read_period: no_period,
        };
        // The last cases move no fact: the KPIs are then not computed when sharing.
        for case in 0..16u64 {
            let mut rng =
                Rng(0x9e37_79b9_7f4a_7c15 ^ (case + 1).wrapping_mul(0x2545_f491_4f6c_dd1d));
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            copy(&demo, root);
            git(root, &["init", "-q", "-b", "main"]);
            git(root, &["add", "-A"]);
            git(root, &["commit", "-qm", "base"]);
            git(root, &["checkout", "-qb", "change"]);
            for _ in 0..=rng.below(4) {
                if case < 12 {
                    edit(root, &mut rng);
                } else {
                    let what = 8 + rng.below(2);
                    edit_as(root, &mut rng, what);
                }
            }
            let json = |head: Option<&str>, share: bool| {
                let d = compare_sharing(root, "main", head, &ask, share).unwrap();
                render::json(&d).to_string()
            };
            let worktree = json(None, true);
            assert_eq!(
                worktree,
                json(None, false),
                "case {case}, against the working tree"
            );
            git(root, &["add", "-A"]);
            git(root, &["commit", "-qm", "edited"]);
            let committed = json(Some("HEAD"), true);
            assert_eq!(
                committed,
                json(Some("HEAD"), false),
                "case {case}, two revisions"
            );
            assert_eq!(
                committed.replace("\"HEAD\"", "\"worktree\""),
                worktree,
                "case {case}"
            );
        }
    }

    #[test]
    fn values_flatten_to_field_paths() {
        let mut out = BTreeMap::new();
        flatten(
            "",
            &json!({"severity": "P2", "handling": {"at": "x"}, "goals": [{"weight": 1}, {"weight": 2}], "tags": ["a"], "empty": []}),
            &mut out,
        );
        let paths: Vec<&str> = out.keys().map(String::as_str).collect();
        assert_eq!(
            paths,
            [
                "empty",
                "goals[0].weight",
                "goals[1].weight",
                "handling.at",
                "severity",
                "tags"
            ]
        );
        assert_eq!(out["tags"], json!(["a"]));
    }

    #[test]
    fn only_differing_fields_are_changes_and_stage_is_said_apart() {
        let old: BTreeMap<String, Value> = [
            ("stage".to_string(), json!("diagnosis")),
            ("severity".to_string(), json!("P2")),
            ("gone".to_string(), json!(1)),
        ]
        .into();
        let new: BTreeMap<String, Value> = [
            ("stage".to_string(), json!("handling")),
            ("severity".to_string(), json!("P2")),
            ("handling.at".to_string(), json!("2026-01-01")),
        ]
        .into();
        let changes = field_changes(&old, &new);
        assert_eq!(
            changes,
            vec![
                FieldChange {
                    path: "gone".into(),
                    old: json!(1),
                    new: Value::Null
                },
                FieldChange {
                    path: "handling.at".into(),
                    old: Value::Null,
                    new: json!("2026-01-01")
                },
            ]
        );
    }
}
