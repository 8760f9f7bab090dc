//! `itc diff`: what a change does to the records, not to their text. Two repositories (a git
//! revision read through `repo`'s git source, and the working tree or another revision) are
//! loaded the same way; records are matched by id (a moved file is a rename), compared value by
//! value as `itc export` writes them, and the KPIs of a bounded few periods (`periods`: those
//! the changed records' facts fall in, the year begun when itc.toml or rules.toml changed, and
//! each `--period`) are computed on both sides with the same engine and as-of rules as
//! `itc kpi`.
//!
//! `render` writes the result for a person at the terminal, as a pull-request comment in
//! Markdown, and as JSON.

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
struct Seen {
    /// Index into `Repo::files`.
    file: usize,
    /// Index into `Side::facts`.
    fact: usize,
    id: String,
    rel: String,
    /// A hash of the record's whole value as `itc export` writes it.
    hash: u64,
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

impl Side {
    fn load(repo: Repo) -> Side {
        use std::hash::{Hash, Hasher};
        // One pass: each record is checked, hashed and its facts taken as it is read.
        let (report, found) = crate::check::run_with(&repo, |file, rec| {
            let value = value_of(&repo, rec);
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            value.to_string().hash(&mut hasher);
            let mut facts = crate::facts::extract(&repo.rules, &repo.config, rec);
            // What only `list` and `show` read.
            (facts.title, facts.rel, facts.timeline) = Default::default();
            let seen = Seen {
                file,
                fact: 0,
                id: crate::export::id_of(rec).to_string(),
                rel: rec.rel.clone(),
                hash: hasher.finish(),
            };
            (seen, facts)
        });
        let errors = report
            .diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let (mut seen, facts): (Vec<Seen>, Vec<crate::facts::Facts>) = found.into_iter().unzip();
        for (i, s) in seen.iter_mut().enumerate() {
            s.fact = i;
        }
        seen.sort_by(|a, b| a.rel.cmp(&b.rel));
        let mut by_id = BTreeMap::new();
        // Two files may claim one id (an error `check` reports): the first by path is compared.
        for (i, s) in seen.iter().enumerate() {
            by_id.entry(s.id.clone()).or_insert(i);
        }
        Side {
            repo,
            seen,
            facts,
            records: by_id,
            errors,
        }
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
    let before = crate::check::config::open_at(start, Some(base))?;
    let after = crate::check::config::open_at(start, head)?;
    let now_before = crate::time::now(ask.as_of, before.config.tz, true)?;
    let now_after = crate::time::now(ask.as_of, after.config.tz, true)?;
    let before = Side::load(before);
    let after = Side::load(after);
    let mut records = Vec::new();
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
            if let Some(f) = seen.and_then(|s| side.facts.get(s.fact)) {
                let repo = &side.repo;
                months.add(f, &repo.rules, &repo.config, now.timestamp());
            }
        }
        let mut labels = BTreeMap::new();
        for f in &fields {
            if let Some(l) = label_of(&side.repo, rec, &f.path) {
                labels.insert(f.path.clone(), l);
            }
        }
        let stage = (stage_old != stage_new).then(|| (stage_old.clone(), stage_new.clone()));
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
    let mut compared = months.periods();
    if !same_settings {
        compared.extend(periods::of_the_year(crate::time::today(now_after)));
    }
    for p in ask.periods {
        compared.push((ask.read_period)(p, now_after)?);
    }
    let compared = periods::merge(compared);
    let now = (now_before.timestamp(), now_after.timestamp());
    let kpis = kpi_changes(&before, &after, &compared, &keys, now);
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
    before: &Side,
    after: &Side,
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
    let wanted = |side: &Side| -> Vec<crate::facts::Facts> {
        side.facts
            .iter()
            .filter(|f| {
                side.repo
                    .rules
                    .kinds
                    .get(f.kind)
                    .is_some_and(|k| read.contains(k.key.as_str()))
            })
            .cloned()
            .collect()
    };
    let (facts_before, facts_after) = (&wanted(before), &wanted(after));
    let compute = |side: &Side, facts: &[crate::facts::Facts], period: &Period, now: i64| {
        let mut ctx = Ctx::new(&side.repo.config, &side.repo.rules, facts, period, now);
        ctx.keep_items = false;
        kpi::compute(&ctx, keys, None)
    };
    // The periods are computed on every core, in order.
    let per_period = crate::repo::par_map(periods, |period| {
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
    });
    per_period.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
