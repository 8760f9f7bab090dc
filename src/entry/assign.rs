//! `--set FIELD=VALUE` for `new`, `advance` and `set`: where the field goes (a top-level field at
//! the top, a stage's field in that stage's section, `stage.field` where named, `at`/`by` in the
//! stage being entered or the current one) and what its text means, by the field's type in the
//! rules. Structured fields are built from indexed paths (`goals[0].weight=60`) and map keys
//! (`responses.5=12`).

use chrono::FixedOffset;

use crate::config::Config;
use crate::output::catalog::assign as words;
use crate::record::value::{Entry, Node, Span, Table, Value};
use crate::record::{self, Format};
use crate::rules::{Field, Kind, Rules, Type};
use crate::time::{Hours, Period, parse_date, parse_datetime, parse_duration, parse_offset};
use crate::{Lang, Words};

/// One field to write: top-level (`section = None`) or in a stage section.
#[derive(Clone, Debug)]
pub struct Assignment {
    pub section: Option<String>,
    pub field: String,
    pub value: Value,
}

/// Where plain fields go: the record's current stage and, for `advance`, the stage entered.
pub struct Place<'a> {
    pub current: Option<&'a str>,
    pub target: Option<&'a str>,
}

/// Why an assignment was refused, in both languages.
#[derive(Debug, Clone)]
pub struct Problem {
    pub zh: String,
    pub en: String,
}

/// A problem worded in both languages by one of the catalog's functions.
fn problem(words: impl Fn(Lang) -> String) -> Problem {
    Problem {
        zh: words(Lang::Zh),
        en: words(Lang::En),
    }
}

/// A refused list item that holds a full-width comma (`，`) gets the hint of W0312: most
/// likely two items typed as one.
fn full_width_comma(mut p: Problem, item: &str) -> Problem {
    const COMMA: char = '\u{ff0c}';
    if item.contains(COMMA) {
        let fixed: Vec<&str> = item.split(COMMA).map(str::trim).collect();
        let fixed = fixed.join(",");
        p.zh.push_str(&crate::output::catalog::excel::full_width_comma(
            Lang::Zh,
            &fixed,
        ));
        p.en.push_str(&crate::output::catalog::excel::full_width_comma(
            Lang::En,
            &fixed,
        ));
    }
    p
}

/// A date-time as a value for date-time fields, in its own offset; fractional seconds are kept
/// (in 3, 6 or 9 digits) when there are any.
pub fn datetime_value(t: chrono::DateTime<FixedOffset>) -> Value {
    Value::Datetime(t.format("%Y-%m-%dT%H:%M:%S%.f%:z").to_string())
}

/// Parses a value's text by its type.
pub fn parse_value(
    field: &Field,
    ty: &Type,
    text: &str,
    config: &Config,
    now: chrono::DateTime<FixedOffset>,
) -> Result<Value, Problem> {
    let t = text.trim();
    let bad = |what: &dyn Fn(Lang) -> String| {
        problem(|lang| words::bad_value(lang, &field.name, t, &what(lang)))
    };
    let bad_as = |what: Words| bad(&|lang| what.get(lang).to_string());
    Ok(match ty {
        Type::Text | Type::Record(_) => {
            if t.is_empty() {
                return Err(bad_as(words::NON_EMPTY_TEXT));
            }
            Value::Str(text.to_string())
        }
        Type::Person => {
            if !config.people.is_empty() && config.person(t).is_none() {
                return Err(bad_as(words::PERSON_OF_ROSTER));
            }
            Value::Str(t.to_string())
        }
        Type::System => {
            if config.system(t).is_none() {
                let ids: Vec<&str> = config.systems.iter().map(|s| s.id.as_str()).collect();
                return Err(bad(&|lang| words::system_of_catalogue(lang, &ids)));
            }
            Value::Str(t.to_string())
        }
        Type::Enum(values) => {
            if values.iter().any(|v| v == t) {
                return Ok(Value::Str(t.to_string()));
            }
            // A value by its label (`良好` for `good`); the record stores the value.
            match field.value_of_label(t) {
                Some(v) if values.iter().any(|x| x == v) => Value::Str(v.to_string()),
                _ => {
                    return Err(bad(&|lang| {
                        // Each value with its label where it has one: `良好 (good)`.
                        let shown: Vec<String> = values
                            .iter()
                            .map(|v| match field.value_label(v) {
                                Some(l) if l.get(lang) != v => format!("{} ({v})", l.get(lang)),
                                _ => v.clone(),
                            })
                            .collect();
                        words::one_of(lang, &shown)
                    }));
                }
            }
        }
        Type::Int => Value::Int(t.parse().map_err(|_| bad_as(words::INTEGER))?),
        Type::Number => match t.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(t.parse().map_err(|_| bad_as(words::NUMBER))?),
        },
        Type::Bool => match t {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad_as(words::TRUE_OR_FALSE)),
        },
        Type::Date => match t {
            "today" => Value::Datetime(now.date_naive().to_string()),
            _ => Value::Datetime(
                parse_date(t)
                    .ok_or_else(|| bad_as(words::A_DATE))?
                    .to_string(),
            ),
        },
        Type::DateTime => match t {
            "now" => datetime_value(now),
            _ if field.allow_date && parse_date(t).is_some() => Value::Datetime(t.to_string()),
            _ => datetime_value(
                parse_datetime(t, now.timezone(), false)
                    .ok_or_else(|| bad_as(words::A_DATETIME))?,
            ),
        },
        Type::Duration => {
            parse_duration(t).ok_or_else(|| bad_as(words::A_DURATION))?;
            Value::Str(t.to_string())
        }
        Type::Period => {
            Period::parse_cycle(t).ok_or_else(|| bad_as(words::A_PERIOD))?;
            Value::Str(t.to_string())
        }
        Type::Hours => {
            Hours::parse(t).ok_or_else(|| bad_as(words::SERVICE_HOURS))?;
            Value::Str(t.to_string())
        }
        Type::Timezone => {
            parse_offset(t).ok_or_else(|| bad_as(words::AN_OFFSET))?;
            Value::Str(t.to_string())
        }
        Type::List(of) => {
            let items: Result<Vec<Node>, Problem> = t
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    parse_value(field, of, s, config, now)
                        .map(node)
                        .map_err(|p| full_width_comma(p, s))
                })
                .collect();
            Value::Array(items?)
        }
        // `[]`: an empty table list, said explicitly (no findings, no failed acceptances).
        Type::TableList(_) if t.trim() == "[]" => Value::Array(Vec::new()),
        Type::TableList(items) => {
            let each = |lang: Lang| {
                items
                    .iter()
                    .map(|f| {
                        format!(
                            "--set {}[].{}=<{}>",
                            field.name,
                            f.name,
                            crate::output::catalog::args::type_name(&f.ty.describe(), lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            return Err(problem(|lang| {
                words::table_list(lang, &field.name, &each(lang))
            }));
        }
        Type::Table(_) | Type::Map(_) => {
            return Err(problem(|lang| words::structured(lang, &field.name)));
        }
    })
}

fn node(value: Value) -> Node {
    Node::new(Span::START, value)
}

/// Which item of a table list a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Index {
    /// `name[3]`: the item at 3 (or a new one right after the last).
    At(usize),
    /// `name[]`: a new item at the end; the `[]` paths of one command fill the same new item
    /// until one of its fields comes again, which starts the next.
    Append,
}

/// `name`, `name[3]`, `name[]`.
fn split_index(s: &str) -> (&str, Option<Index>) {
    match s.strip_suffix(']').and_then(|r| r.split_once('[')) {
        Some((name, "")) => (name, Some(Index::Append)),
        Some((name, i)) => (name, i.parse().ok().map(Index::At)),
        None => (s, None),
    }
}

/// The fields a stage section can hold: its own, then the common stage fields.
fn stage_field<'r>(rules: &'r Rules, kind: &'r Kind, stage: &str, name: &str) -> Option<&'r Field> {
    let s = kind.stages.iter().find(|s| s.key == stage)?;
    rules.stage_fields(s).find(|f| f.name == name)
}

/// Decides where a field goes.
fn place<'r>(
    rules: &'r Rules,
    kind: &'r Kind,
    name: &str,
    explicit: Option<&str>,
    at: &Place<'_>,
) -> Result<(Option<String>, &'r Field), Problem> {
    if let Some(stage) = explicit {
        if kind.stage_index(stage).is_none() {
            return Err(problem(|lang| words::not_a_stage(lang, stage, kind)));
        }
        return stage_field(rules, kind, stage, name)
            .map(|f| (Some(stage.to_string()), f))
            .ok_or_else(|| problem(|lang| words::no_stage_field(lang, stage, name)));
    }
    if let Some(f) = rules
        .common
        .iter()
        .chain(kind.fields.iter())
        .find(|f| f.name == name)
    {
        return Ok((None, f));
    }
    // Fields every stage has (`at`, `by`) go to the stage entered, else the current one, even
    // where a stage gives them its own rule (an incident's report needs `by`). Other fields go
    // to the one stage that has them.
    let owners: Vec<&str> = kind
        .stages
        .iter()
        .filter(|s| s.fields.iter().any(|f| f.name == name))
        .map(|s| s.key.as_str())
        .collect();
    let common = rules.stage_common.iter().any(|f| f.name == name);
    let chosen = match owners.as_slice() {
        _ if common => at.target.or(at.current),
        [one] => Some(*one),
        many => [at.target, at.current]
            .into_iter()
            .flatten()
            .find(|s| many.contains(s)),
    };
    match chosen {
        Some(stage) => stage_field(rules, kind, stage, name)
            .map(|f| (Some(stage.to_string()), f))
            .ok_or_else(|| problem(|lang| words::no_stage_field(lang, stage, name))),
        None if owners.len() > 1 || common => {
            Err(problem(|lang| words::several_stages(lang, name, &owners)))
        }
        None => {
            let mut names: Vec<&str> = rules
                .common
                .iter()
                .chain(kind.fields.iter())
                .map(|f| f.name.as_str())
                .collect();
            names.extend(
                kind.stages
                    .iter()
                    .flat_map(|s| s.fields.iter().map(|f| f.name.as_str())),
            );
            let hint = record::value::did_you_mean(name, names.iter().copied());
            Err(problem(|lang| words::no_field(lang, kind, name, hint)))
        }
    }
}

fn table_mut(v: &mut Value) -> Option<&mut Table> {
    match v {
        Value::Table(t) => Some(t),
        _ => None,
    }
}

pub fn set_in(table: &mut Table, key: &str, value: Value) {
    match table.entries.iter_mut().find(|e| e.key == key) {
        Some(e) => e.node.value = value,
        None => table.entries.push(Entry {
            key: key.to_string(),
            key_span: Span::START,
            node: node(value),
        }),
    }
}

/// Parses `FIELD=VALUE` assignments. Indexed paths into one table list are gathered into one
/// value; `existing` gives a structured field's current value, so that `goals[2].weight=10` adds
/// to the goals already written.
pub fn parse(
    sets: &[String],
    rules: &Rules,
    kind: &Kind,
    at: &Place<'_>,
    config: &Config,
    now: chrono::DateTime<FixedOffset>,
    existing: &dyn Fn(Option<&str>, &str) -> Option<Value>,
) -> Result<Vec<Assignment>, Vec<Problem>> {
    parse_onto(Vec::new(), sets, rules, kind, at, config, now, existing)
}

/// As `parse`, building on assignments already made (from `--set-from`): `--set` comes after
/// them, so that it changes what they gave.
#[allow(clippy::too_many_arguments)]
pub fn parse_onto(
    mut out: Vec<Assignment>,
    sets: &[String],
    rules: &Rules,
    kind: &Kind,
    at: &Place<'_>,
    config: &Config,
    now: chrono::DateTime<FixedOffset>,
    existing: &dyn Fn(Option<&str>, &str) -> Option<Value>,
) -> Result<Vec<Assignment>, Vec<Problem>> {
    let mut problems = Vec::new();
    // The item each table list's `[]` paths are filling: (section, field, index).
    let mut appending: Vec<(Option<String>, String, usize)> = Vec::new();
    for set in sets {
        let Some((path, text)) = set.split_once('=') else {
            problems.push(problem(|lang| words::not_field_equals_value(lang, set)));
            continue;
        };
        let path = path.trim();
        if path.is_empty()
            || path.contains(['/', '\\'])
            || path.split('.').any(|p| p.is_empty() || p == "..")
        {
            problems.push(problem(|lang| words::invalid_path(lang, path)));
            continue;
        }
        let parts: Vec<&str> = path.split('.').collect();
        // `stage.field…` when the first part is a stage key and not a field of its own.
        let top_names: Vec<&str> = rules
            .common
            .iter()
            .chain(kind.fields.iter())
            .map(|f| f.name.as_str())
            .collect();
        let (explicit, rest) = if parts.len() > 1
            && kind.stage_index(split_index(parts[0]).0).is_some()
            && !top_names.contains(&parts[0])
        {
            (Some(parts[0]), &parts[1..])
        } else {
            (None, &parts[..])
        };
        let (name, index) = split_index(rest[0]);
        let (section, field) = match place(rules, kind, name, explicit, at) {
            Ok(p) => p,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let slot = out
            .iter()
            .position(|a| a.section == section && a.field == field.name);
        let current = slot
            .map(|i| out[i].value.clone())
            .or_else(|| existing(section.as_deref(), &field.name));
        let value = match (&field.ty, index, rest.get(1)) {
            (Type::TableList(items), Some(index), Some(sub)) => {
                let Some(sub_field) = items.iter().find(|f| f.name == *sub) else {
                    problems.push(problem(|lang| words::no_item_field(lang, name, sub, items)));
                    continue;
                };
                let mut list = match current {
                    Some(Value::Array(a)) => a,
                    _ => Vec::new(),
                };
                let i = match index {
                    Index::At(i) => i,
                    Index::Append => {
                        let filling = appending
                            .iter()
                            .find(|(s, f, _)| *s == section && *f == field.name)
                            .map(|(_, _, i)| *i)
                            .filter(|i| {
                                list.get(*i)
                                    .and_then(Node::as_table)
                                    .is_some_and(|t| t.get(sub).is_none())
                            });
                        match filling {
                            Some(i) => i,
                            None => {
                                appending.retain(|(s, f, _)| !(*s == section && *f == field.name));
                                appending.push((section.clone(), field.name.clone(), list.len()));
                                list.len()
                            }
                        }
                    }
                };
                if i > list.len() {
                    problems.push(problem(|lang| {
                        words::item_missing_before(lang, name, i, list.len())
                    }));
                    continue;
                }
                if i == list.len() {
                    list.push(node(Value::Table(Table::default())));
                }
                match parse_value(sub_field, &sub_field.ty, text, config, now) {
                    Ok(v) => {
                        if let Some(t) = table_mut(&mut list[i].value) {
                            set_in(t, sub, v);
                        }
                    }
                    Err(e) => {
                        problems.push(e);
                        continue;
                    }
                }
                Value::Array(list)
            }
            (Type::Map(of), None, Some(key)) => {
                let mut map = match current {
                    Some(Value::Table(t)) => t,
                    _ => Table::default(),
                };
                match parse_value(field, of, text, config, now) {
                    Ok(v) => set_in(&mut map, key, v),
                    Err(e) => {
                        problems.push(e);
                        continue;
                    }
                }
                Value::Table(map)
            }
            (_, None, None) => match parse_value(field, &field.ty, text, config, now) {
                Ok(v) => v,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            },
            _ => {
                problems.push(problem(|lang| words::path_does_not_fit(lang, path, name)));
                continue;
            }
        };
        // In the form `fmt` gives it (item fields in rules order, date-times in one form), so
        // that what itc writes is already canonical.
        let value = super::format::canonical(&node(value), Some(field), None, config.tz);
        match slot {
            Some(i) => out[i].value = value,
            None => out.push(Assignment {
                section,
                field: field.name.clone(),
                value,
            }),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Assignments from a TOML or YAML fragment (`--set-from`): top-level fields, and stage
/// sections holding their fields, laid out as in a record. Each value is set whole — a table
/// list given there replaces the list (`name[].field=` appends one item instead).
pub fn from_fragment(
    text: &str,
    rules: &Rules,
    kind: &Kind,
    at: &Place<'_>,
    config: &Config,
) -> Result<Vec<Assignment>, Vec<Problem>> {
    let mut diags = Vec::new();
    let check = crate::diag::Check::Syntax;
    let table = record::parse(text, Format::Toml, "-", check, &mut diags)
        .or_else(|| record::parse(text, Format::Yaml, "-", check, &mut diags));
    let Some(table) = table else {
        return Err(vec![problem(|lang| words::not_a_table(lang, &diags))]);
    };
    let top_names: Vec<&str> = rules
        .common
        .iter()
        .chain(kind.fields.iter())
        .map(|f| f.name.as_str())
        .collect();
    let mut out: Vec<Assignment> = Vec::new();
    let mut problems = Vec::new();
    let mut give =
        |name: &str, explicit: Option<&str>, n: &Node, out: &mut Vec<Assignment>| match place(
            rules, kind, name, explicit, at,
        ) {
            Ok((section, field)) => {
                let value = super::format::canonical(n, Some(field), None, config.tz);
                out.retain(|a| !(a.section == section && a.field == field.name));
                out.push(Assignment {
                    section,
                    field: field.name.clone(),
                    value,
                });
            }
            Err(p) => problems.push(p),
        };
    for e in &table.entries {
        match e.node.as_table() {
            Some(section)
                if kind.stage_index(&e.key).is_some() && !top_names.contains(&e.key.as_str()) =>
            {
                for c in &section.entries {
                    give(&c.key, Some(&e.key), &c.node, &mut out);
                }
            }
            _ => give(&e.key, None, &e.node, &mut out),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_keep_their_fractional_seconds() {
        let tz = crate::config::CHINA_STANDARD_TIME;
        let at = |s: &str| match datetime_value(parse_datetime(s, tz, false).unwrap()) {
            Value::Datetime(d) => d,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            at("2026-03-14 09:05:00.750"),
            "2026-03-14T09:05:00.750+08:00"
        );
        assert_eq!(at("2026-03-14 09:05"), "2026-03-14T09:05:00+08:00");
        assert_eq!(
            at("2026-03-14T09:05:00.000001Z"),
            "2026-03-14T09:05:00.000001+00:00"
        );
    }

    fn placed(sets: &[&str], current: &str, target: Option<&str>) -> Vec<(Option<String>, String)> {
        let rules = Rules::builtin().unwrap();
        let kind = rules.kind("incident").unwrap();
        let mut config = Config::default();
        config.systems.push(crate::config::System {
            id: "erp".into(),
            name: "ERP".into(),
            criticality: "core".into(),
            hours: Hours::Always,
            availability_target: None,
            rto: None,
            rpo: None,
        });
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let at = Place {
            current: Some(current),
            target,
        };
        let now = parse_datetime("2026-03-01 09:00", config.tz, false).unwrap();
        parse(&sets, &rules, kind, &at, &config, now, &|_, _| None)
            .unwrap()
            .into_iter()
            .map(|a| (a.section, a.field))
            .collect()
    }

    #[test]
    fn fields_go_where_the_rules_say() {
        let got = placed(
            &[
                "system=erp",
                "restored_at=now",
                "fault_report=x",
                "by=li.wei",
                "report.by=wang",
            ],
            "handling",
            Some("archived"),
        );
        let want: Vec<(Option<String>, String)> = vec![
            (None, "system".into()),
            (Some("handling".into()), "restored_at".into()),
            (Some("archived".into()), "fault_report".into()),
            (Some("archived".into()), "by".into()),
            (Some("report".into()), "by".into()),
        ];
        assert_eq!(got, want);
        // Without a stage being entered, `by` goes to the current stage.
        assert_eq!(
            placed(&["by=li.wei"], "diagnosis", None),
            [(Some("diagnosis".into()), "by".into())]
        );
    }

    #[test]
    fn indexed_paths_build_one_table_list() {
        let rules = Rules::builtin().unwrap();
        let kind = rules.kind("appraisal").unwrap();
        let config = Config::default();
        let now = parse_datetime("2026-03-01 09:00", config.tz, false).unwrap();
        let sets: Vec<String> = [
            "goals[0].goal=a",
            "goals[0].weight=60",
            "goals[1].goal=b",
            "goals[1].weight=40",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let at = Place {
            current: Some("planning"),
            target: None,
        };
        let out = parse(&sets, &rules, kind, &at, &config, now, &|_, _| None).unwrap();
        assert_eq!(out.len(), 1);
        let Value::Array(items) = &out[0].value else {
            panic!("{:?}", out[0].value)
        };
        assert_eq!(items.len(), 2);
        let bad: Vec<String> = vec!["goals[2].goal=c".into()];
        assert!(
            parse(&bad, &rules, kind, &at, &config, now, &|_, _| None).is_err(),
            "items come in order"
        );
    }
}
