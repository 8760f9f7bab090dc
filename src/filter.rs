//! The filters of `itc list`, resolved against the rules and the config before any record is
//! read: a kind, a stage (its key, or its label in either language) and `--where FIELD=VALUE`.
//! A filter that can match nothing — an unknown kind, stage or field, a value outside an enum,
//! a person not in the roster, a system not in the catalogue — is a usage error with a "did you
//! mean", never a silent empty list: an `Unmatched`, which the output layer words. `select`
//! then lists the records the filters keep.

use chrono::{DateTime, FixedOffset};

use crate::Label;
use crate::config::Config;
use crate::facts::deadline::{Due, Source, Standing};
use crate::record::value::did_you_mean;
use crate::repo::Repo;
use crate::rules::{Field, Kind, Rules, Type};
use crate::status::{self, Status};
use crate::time::{Duration, Period};

/// A filter that can match nothing: what was written, the nearest word that would match
/// (`hint`), and what can be written instead.
#[derive(Clone, Debug, PartialEq)]
pub enum Unmatched {
    /// No kind has this key, folder or label; `keys` are the kinds'.
    Kind {
        text: String,
        hint: Option<String>,
        keys: Vec<String>,
    },
    /// No stage has this key or label (of `kind`, when one is given: its stages are listed).
    Stage {
        text: String,
        hint: Option<String>,
        kind: Option<Box<KindStages>>,
    },
    /// `--where` without `=`.
    WhereForm { text: String },
    /// `--where` names no field of the kind(s).
    Field { path: String, hint: Option<String> },
    /// `--where` gives a value the field never takes; `known` are those it takes.
    Value {
        path: String,
        value: String,
        hint: Option<String>,
        known: Vec<String>,
    },
}

/// A kind and its stages, as a "no such stage" message lists them.
#[derive(Clone, Debug, PartialEq)]
pub struct KindStages {
    pub key: String,
    pub label: Label,
    /// `(key, label)` of each stage.
    pub stages: Vec<(String, Label)>,
}

fn hint(word: &str, candidates: &[String]) -> Option<String> {
    did_you_mean(word, candidates.iter().map(String::as_str)).map(str::to_string)
}

/// A kind by its key, folder or label (zh, or en in any case).
pub fn kind(rules: &Rules, text: &str) -> Result<usize, Unmatched> {
    let t = text.trim();
    if let Some(i) = rules.kinds.iter().position(|k| {
        k.key == t || k.folder == t || k.label.zh == t || k.label.en.eq_ignore_ascii_case(t)
    }) {
        return Ok(i);
    }
    let keys: Vec<String> = rules.kinds.iter().map(|k| k.key.clone()).collect();
    let mut words = keys.clone();
    words.extend(rules.kinds.iter().map(|k| k.label.zh.clone()));
    Err(Unmatched::Kind {
        text: t.to_string(),
        hint: hint(t, &words),
        keys,
    })
}

/// The kinds `names` name by key or folder (`export KIND…`), each once, in the rules' order;
/// none named, none listed (every kind is meant).
pub fn kinds_named(rules: &Rules, names: &[String]) -> Result<Vec<usize>, Unmatched> {
    let mut out = Vec::new();
    for name in names {
        let i = rules
            .kinds
            .iter()
            .position(|k| &k.key == name || &k.folder == name)
            .ok_or_else(|| Unmatched::Kind {
                text: name.clone(),
                hint: None,
                keys: rules.kinds.iter().map(|k| k.key.clone()).collect(),
            })?;
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out.sort_unstable();
    Ok(out)
}

fn kinds(rules: &Rules, kind: Option<usize>) -> Vec<(usize, &Kind)> {
    rules
        .kinds
        .iter()
        .enumerate()
        .filter(|(i, _)| kind.is_none_or(|k| k == *i))
        .collect()
}

/// The stages `text` names, as `(kind index, stage key)`: by key, or by label in Chinese or
/// English (any case), among the stages of `kind` (or of every kind).
pub fn stage(
    rules: &Rules,
    kind: Option<usize>,
    text: &str,
) -> Result<Vec<(usize, String)>, Unmatched> {
    let t = text.trim();
    let mut found = Vec::new();
    for (ki, k) in kinds(rules, kind) {
        for s in &k.stages {
            if s.key == t || s.label.zh == t || s.label.en.eq_ignore_ascii_case(t) {
                found.push((ki, s.key.clone()));
            }
        }
    }
    if !found.is_empty() {
        return Ok(found);
    }
    let mut words: Vec<String> = Vec::new();
    for (_, k) in kinds(rules, kind) {
        for s in &k.stages {
            for w in [&s.key, &s.label.zh, &s.label.en] {
                if !words.contains(w) {
                    words.push(w.clone());
                }
            }
        }
    }
    Err(Unmatched::Stage {
        text: t.to_string(),
        hint: hint(t, &words),
        kind: kind.and_then(|k| rules.kinds.get(k)).map(|k| {
            Box::new(KindStages {
                key: k.key.clone(),
                label: k.label.clone(),
                stages: k
                    .stages
                    .iter()
                    .map(|s| (s.key.clone(), s.label.clone()))
                    .collect(),
            })
        }),
    })
}

/// Whether `value` can be a value of a field of type `ty`: an enum's value, a person of the
/// roster, a system of the catalogue, or an item of a list of those; any text for other types.
fn fits(ty: &Type, value: &str, config: &Config) -> bool {
    match ty {
        Type::Enum(values) => values.iter().any(|v| v == value),
        Type::Person => config.people.is_empty() || config.person(value).is_some(),
        Type::System => config.system(value).is_some(),
        Type::List(of) => fits(of, value, config),
        _ => true,
    }
}

/// The values a field of type `ty` may take, when they are few and known.
fn choices(ty: &Type, config: &Config) -> Option<Vec<String>> {
    match ty {
        Type::Enum(values) => Some(values.clone()),
        Type::Person => Some(config.people.iter().map(|p| p.id.clone()).collect()),
        Type::System => Some(config.systems.iter().map(|s| s.id.clone()).collect()),
        Type::List(of) => choices(of, config),
        _ => None,
    }
}

/// `--where FIELD=VALUE` (FIELD a top-level field or `stage.field`), checked against the
/// fields of `kind` (or of every kind) and, for enums, people and systems, their values.
pub fn field(
    rules: &Rules,
    config: &Config,
    kind: Option<usize>,
    text: &str,
) -> Result<(String, String), Unmatched> {
    let (path, value) = text.split_once('=').ok_or_else(|| Unmatched::WhereForm {
        text: text.to_string(),
    })?;
    let (path, value) = (path.trim(), value.trim());
    let mut fields: Vec<&Field> = Vec::new();
    let mut paths: Vec<String> = Vec::new();
    for (_, k) in kinds(rules, kind) {
        for f in rules.common.iter().chain(k.fields.iter()) {
            paths.push(f.name.clone());
            if f.name == path {
                fields.push(f);
            }
        }
        for s in &k.stages {
            for f in rules.stage_fields(s) {
                let p = format!("{}.{}", s.key, f.name);
                if p == path {
                    fields.push(f);
                }
                paths.push(p);
            }
        }
    }
    if fields.is_empty() {
        // A stage's field named without its stage: say which one to write.
        let staged: Vec<&String> = paths
            .iter()
            .filter(|p| p.split_once('.').is_some_and(|(_, f)| f == path))
            .collect();
        let hint = match staged.first() {
            Some(p) if !path.contains('.') => Some(p.to_string()),
            _ => hint(path, &paths),
        };
        return Err(Unmatched::Field {
            path: path.to_string(),
            hint,
        });
    }
    if fields.iter().any(|f| fits(&f.ty, value, config)) {
        return Ok((path.to_string(), value.to_string()));
    }
    let mut known: Vec<String> = Vec::new();
    for f in &fields {
        for c in choices(&f.ty, config).unwrap_or_default() {
            if !known.contains(&c) {
                known.push(c);
            }
        }
    }
    Err(Unmatched::Value {
        path: path.to_string(),
        value: value.to_string(),
        hint: hint(value, &known),
        known,
    })
}

/// What `itc list` keeps, every filter resolved: a record is listed when it passes them all.
pub struct Filters {
    /// The kind, by index into `rules.kinds` (`kind`).
    pub kind: Option<usize>,
    /// The stages named, as `stage` resolved them.
    pub stages: Option<Vec<(usize, String)>>,
    /// A period in which the record entered a stage.
    pub period: Option<Period>,
    /// `--where FIELD=VALUE`, as `field` resolved them.
    pub fields: Vec<(String, String)>,
    /// Only records not at their final stage.
    pub open: bool,
    /// Only records with a deadline passed and not met.
    pub overdue: bool,
    /// List the breaches (`Breach`): every deadline passed before it was met, done late or not
    /// done yet; `period` then selects by the deadline's anchor, not by the stages entered.
    pub breached: bool,
}

/// A deadline passed before it was met, as of the listing's now: done late (closed), or not
/// done yet (open).
#[derive(Clone, Debug)]
pub struct Breach {
    pub id: String,
    pub kind: String,
    pub title: String,
    /// The part's owner where it names one, else the record's.
    pub owner: String,
    /// The record is at its final stage.
    pub final_stage: bool,
    pub source: Source,
    pub key: &'static str,
    pub kpi: Option<&'static str>,
    pub part: Option<String>,
    pub due: Due,
    /// The instant by which it had to be done.
    pub deadline: DateTime<FixedOffset>,
    /// When it was done, if by now: none for an open breach.
    pub done: Option<DateTime<FixedOffset>>,
    /// How late: done (or now, while open) minus the deadline.
    pub late: Duration,
}

/// The breaches among a record's deadlines at `now` whose anchor lies in `period` (any, when
/// none is given).
pub fn breaches(
    s: &Status,
    owner: Option<&str>,
    period: Option<&Period>,
    now: DateTime<FixedOffset>,
) -> Vec<Breach> {
    let tz = now.timezone();
    let as_of = now.timestamp();
    let mut out = Vec::new();
    for (d, standing) in &s.deadlines {
        let done = match standing {
            Standing::Late(t) => Some(*t),
            Standing::Missed => None,
            Standing::OnTime(_) | Standing::Pending => continue,
        };
        let anchored = period.is_none_or(|p| {
            DateTime::from_timestamp(d.anchor, 0)
                .is_some_and(|a| p.contains_date(a.with_timezone(&tz).date_naive()))
        });
        if !anchored {
            continue;
        }
        let deadline = d.deadline(tz);
        out.push(Breach {
            id: s.id.clone(),
            kind: s.kind.clone(),
            title: s.title.clone(),
            owner: d
                .owner
                .clone()
                .or_else(|| owner.map(str::to_string))
                .unwrap_or_default(),
            final_stage: s.final_stage,
            source: d.source.clone(),
            key: d.key(),
            kpi: d.kpi(),
            part: d.part.clone(),
            due: d.due,
            deadline,
            done: done
                .and_then(|t| DateTime::from_timestamp(t, 0))
                .map(|t| t.with_timezone(&tz)),
            late: Duration(
                done.unwrap_or(as_of)
                    .saturating_sub(deadline.timestamp())
                    .max(0),
            ),
        });
    }
    out
}

/// The records listed, sorted by id, and how many record files could not be read.
pub struct Listed {
    pub rows: Vec<Box<Status>>,
    /// With `breached`: the breaches of the rows, by id, then deadline.
    pub breaches: Vec<Breach>,
    pub unreadable: usize,
}

/// The records of `repo` that `filters` keep, where they stand at `now`. Each record is
/// filtered while its tree is loaded; only the rows kept survive it, without the timeline and
/// the deadlines met or pending (a row needs neither).
pub fn select(repo: &Repo, filters: &Filters, now: DateTime<FixedOffset>) -> Listed {
    let tz = repo.config.tz;
    let loaded = repo.visit_of(
        |k| filters.kind.is_none_or(|want| k == want),
        |_, rec, _| {
            let rec = rec?;
            let keep = filters
                .fields
                .iter()
                .all(|(k, v)| status::field_text(&rec, k).contains(v));
            if !keep {
                return Some(None);
            }
            let f = crate::facts::extract(&repo.rules, &repo.config, &rec);
            drop(rec);
            let mut s = status::status(&repo.rules, &f, &repo.config, now);
            let found = if filters.breached {
                breaches(&s, f.owner.as_deref(), filters.period.as_ref(), now)
            } else {
                Vec::new()
            };
            let in_period = filters.breached
                || filters.period.as_ref().is_none_or(|p| {
                    s.timeline
                        .iter()
                        .filter_map(|step| step.at)
                        .any(|t| p.contains_date(t.with_timezone(&tz).date_naive()))
                });
            let keep = in_period
                && filters
                    .stages
                    .as_ref()
                    .is_none_or(|st| st.iter().any(|(k, key)| *k == f.kind && *key == s.stage))
                && (!filters.open || !s.final_stage)
                && (!filters.overdue || !s.overdue.is_empty())
                && (!filters.breached || !found.is_empty());
            (s.timeline, s.deadlines) = Default::default();
            Some(keep.then(|| (Box::new(s), found)))
        },
    );
    let unreadable = loaded.iter().filter(|l| l.is_none()).count();
    let (mut rows, mut breaches): (Vec<Box<Status>>, Vec<Breach>) = (Vec::new(), Vec::new());
    for (row, found) in loaded.into_iter().flatten().flatten() {
        rows.push(row);
        breaches.extend(found);
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    breaches.sort_by(|a, b| (&a.id, a.deadline).cmp(&(&b.id, b.deadline)));
    Listed {
        rows,
        breaches,
        unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::builtin().unwrap()
    }

    #[test]
    fn stages_by_key_or_label_in_either_language() {
        let r = rules();
        let inc = r.kinds.iter().position(|k| k.key == "incident");
        let want = vec![(inc.unwrap(), "diagnosis".to_string())];
        assert_eq!(stage(&r, inc, "diagnosis").unwrap(), want);
        assert_eq!(stage(&r, inc, "故障诊断").unwrap(), want);
        assert_eq!(stage(&r, None, "故障诊断").unwrap(), want);
        assert_eq!(stage(&r, inc, "DIAGNOSIS").unwrap(), want);
        let Err(Unmatched::Stage { hint, kind, .. }) = stage(&r, inc, "diagnosys") else {
            panic!()
        };
        assert_eq!(hint.as_deref(), Some("diagnosis"));
        let stages = kind.unwrap().stages;
        assert!(stages.iter().any(|(k, l)| k == "alert" && l.en == "Alert"));
    }

    #[test]
    fn fields_and_values_that_cannot_match_are_refused() {
        let r = rules();
        let c = Config::default();
        let inc = r.kinds.iter().position(|k| k.key == "incident");
        assert!(field(&r, &c, inc, "severity=P1").is_ok());
        assert!(field(&r, &c, None, "diagnosis.cause=disk").is_ok());
        let Err(Unmatched::Value { path, known, .. }) = field(&r, &c, inc, "severity=P9") else {
            panic!()
        };
        assert_eq!(path, "severity");
        assert!(known.starts_with(&["P1".to_string(), "P2".to_string()]));
        let hint_of = |text: &str| match field(&r, &c, inc, text) {
            Err(Unmatched::Field { hint, .. }) => hint,
            other => panic!("{other:?}"),
        };
        assert_eq!(hint_of("severty=P1").as_deref(), Some("severity"));
        assert_eq!(hint_of("cause=disk").as_deref(), Some("diagnosis.cause"));
        assert!(matches!(
            field(&r, &c, inc, "system=nosuch"),
            Err(Unmatched::Value { .. })
        ));
        assert!(matches!(
            field(&r, &c, inc, "severity"),
            Err(Unmatched::WhereForm { .. })
        ));
    }
}
