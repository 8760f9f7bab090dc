//! The filters of `itc list`, resolved against the rules and the config before any record is
//! read: a kind, a stage (its key, or its label in either language) and `--where FIELD=VALUE`.
//! A filter that can match nothing — an unknown kind, stage or field, a value outside an enum,
//! a person not in the roster, a system not in the catalogue — is a usage error with a "did you
//! mean", never a silent empty list. `select` then lists the records the filters keep.

use chrono::{DateTime, FixedOffset};

use crate::Error;
use crate::config::Config;
use crate::record::value::did_you_mean;
use crate::repo::Repo;
use crate::rules::{Field, Kind, Rules, Type};
use crate::status::{self, Status};
use crate::time::Period;

fn hint(word: &str, candidates: &[String]) -> (String, String) {
    match did_you_mean(word, candidates.iter().map(String::as_str)) {
        Some(h) => (
            format!("(是否想写 `{h}`?)"),
            format!(" (did you mean `{h}`?)"),
        ),
        None => Default::default(),
    }
}

/// A kind by its key, folder or label (zh, or en in any case).
pub fn kind(rules: &Rules, text: &str) -> Result<usize, Error> {
    let t = text.trim();
    if let Some(i) = rules.kinds.iter().position(|k| {
        k.key == t || k.folder == t || k.label.zh == t || k.label.en.eq_ignore_ascii_case(t)
    }) {
        return Ok(i);
    }
    let keys: Vec<String> = rules.kinds.iter().map(|k| k.key.clone()).collect();
    let mut words = keys.clone();
    words.extend(rules.kinds.iter().map(|k| k.label.zh.clone()));
    let (zh, en) = hint(t, &words);
    Err(Error::usage(
        format!("未知的记录类别 `{t}`{zh};类别有:{}", keys.join(", ")),
        format!("unknown kind `{t}`{en}; the kinds are: {}", keys.join(", ")),
    ))
}

/// The kinds `names` name by key or folder (`export KIND…`), each once, in the rules' order;
/// none named, none listed (every kind is meant).
pub fn kinds_named(rules: &Rules, names: &[String]) -> Result<Vec<usize>, Error> {
    let mut out = Vec::new();
    for name in names {
        let i = rules
            .kinds
            .iter()
            .position(|k| &k.key == name || &k.folder == name)
            .ok_or_else(|| {
                let keys: Vec<&str> = rules.kinds.iter().map(|k| k.key.as_str()).collect();
                Error::usage(
                    format!("未知的记录类别 `{name}`;类别有:{}", keys.join(", ")),
                    format!("unknown kind `{name}`; the kinds are: {}", keys.join(", ")),
                )
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
) -> Result<Vec<(usize, String)>, Error> {
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
    let (zh, en) = hint(t, &words);
    let (list_zh, list_en) = match kind.and_then(|k| rules.kinds.get(k)) {
        Some(k) => {
            let zh: Vec<String> = k
                .stages
                .iter()
                .map(|s| format!("{}({})", s.key, s.label.zh))
                .collect();
            let en: Vec<String> = k
                .stages
                .iter()
                .map(|s| format!("{} ({})", s.key, s.label.en))
                .collect();
            (
                format!(";{}的阶段有:{}", k.label.zh, zh.join("、")),
                format!("; the stages of {} are: {}", k.key, en.join(", ")),
            )
        }
        None => Default::default(),
    };
    Err(Error::usage(
        format!("没有阶段 `{t}`{zh}{list_zh}"),
        format!("no stage `{t}`{en}{list_en}"),
    ))
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
) -> Result<(String, String), Error> {
    let (path, value) = text.split_once('=').ok_or_else(|| {
        Error::usage(
            format!("--where `{text}` 应写成 字段=值"),
            format!("--where `{text}` should be FIELD=VALUE"),
        )
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
        let (zh, en) = match staged.first() {
            Some(p) if !path.contains('.') => (
                format!("(是否想写 `{p}`?)"),
                format!(" (did you mean `{p}`?)"),
            ),
            _ => hint(path, &paths),
        };
        return Err(Error::usage(
            format!("--where:没有字段 `{path}`{zh};阶段的字段写作 阶段.字段"),
            format!("--where: no field `{path}`{en}; a stage's field is written stage.field"),
        ));
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
    let (zh, en) = hint(value, &known);
    Err(Error::usage(
        format!(
            "--where:`{path}` 不会等于 `{value}`{zh};可取的值:{}",
            known.join(", ")
        ),
        format!(
            "--where: `{path}` is never `{value}`{en}; its values are: {}",
            known.join(", ")
        ),
    ))
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
}

/// The records listed, sorted by id, and how many record files could not be read.
pub struct Listed {
    pub rows: Vec<Box<Status>>,
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
            let in_period = filters.period.as_ref().is_none_or(|p| {
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
                && (!filters.overdue || !s.overdue.is_empty());
            (s.timeline, s.deadlines) = Default::default();
            Some(keep.then(|| Box::new(s)))
        },
    );
    let unreadable = loaded.iter().filter(|l| l.is_none()).count();
    let mut rows: Vec<Box<Status>> = loaded.into_iter().flatten().flatten().collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Listed { rows, unreadable }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::builtin().unwrap()
    }

    fn message(e: Error) -> String {
        match e {
            Error::Usage { en, .. } => en,
            other => panic!("{other:?}"),
        }
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
        let e = message(stage(&r, inc, "diagnosys").unwrap_err());
        assert!(e.contains("did you mean `diagnosis`"), "{e}");
        assert!(e.contains("alert (Alert)"), "{e}");
    }

    #[test]
    fn fields_and_values_that_cannot_match_are_refused() {
        let r = rules();
        let c = Config::default();
        let inc = r.kinds.iter().position(|k| k.key == "incident");
        assert!(field(&r, &c, inc, "severity=P1").is_ok());
        assert!(field(&r, &c, None, "diagnosis.cause=disk").is_ok());
        let e = message(field(&r, &c, inc, "severity=P9").unwrap_err());
        assert!(
            e.contains("`severity` is never `P9`") && e.contains("P1, P2"),
            "{e}"
        );
        let e = message(field(&r, &c, inc, "severty=P1").unwrap_err());
        assert!(e.contains("did you mean `severity`"), "{e}");
        let e = message(field(&r, &c, inc, "cause=disk").unwrap_err());
        assert!(e.contains("did you mean `diagnosis.cause`"), "{e}");
        let e = message(field(&r, &c, inc, "system=nosuch").unwrap_err());
        assert!(e.contains("`system` is never `nosuch`"), "{e}");
        assert!(field(&r, &c, inc, "severity").is_err());
    }
}
