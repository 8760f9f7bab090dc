//! `--set FIELD=VALUE` for `new`, `advance` and `set`: where the field goes (a top-level field at
//! the top, a stage's field in that stage's section, `stage.field` where named, `at`/`by` in the
//! stage being entered or the current one) and what its text means, by the field's type in the
//! rules. Structured fields are built from indexed paths (`goals[0].weight=60`) and map keys
//! (`responses.5=12`).

use chrono::FixedOffset;

use crate::config::Config;
use crate::record::value::{Entry, Node, Span, Table, Value};
use crate::record::{self, Format};
use crate::rules::{Field, Kind, Rules, Type};
use crate::time::{Hours, Period, parse_date, parse_datetime, parse_duration, parse_offset};

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

fn problem(zh: impl Into<String>, en: impl Into<String>) -> Problem {
    Problem {
        zh: zh.into(),
        en: en.into(),
    }
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
    let bad = |what_zh: &str, what_en: &str| {
        problem(
            format!("`{}` 的值 \"{t}\" 无效:应为{what_zh}", field.name),
            format!("`{}`: \"{t}\" is not {what_en}", field.name),
        )
    };
    Ok(match ty {
        Type::Text | Type::Record(_) => {
            if t.is_empty() {
                return Err(bad("非空文本", "a non-empty text"));
            }
            Value::Str(text.to_string())
        }
        Type::Person => {
            if !config.people.is_empty() && config.person(t).is_none() {
                return Err(bad("名册中的人员编号", "a person of the roster"));
            }
            Value::Str(t.to_string())
        }
        Type::System => {
            if config.system(t).is_none() {
                let ids: Vec<&str> = config.systems.iter().map(|s| s.id.as_str()).collect();
                return Err(bad(
                    &format!("系统目录中的编号({})", ids.join(", ")),
                    &format!("a system of the catalogue ({})", ids.join(", ")),
                ));
            }
            Value::Str(t.to_string())
        }
        Type::Enum(values) => {
            if !values.iter().any(|v| v == t) {
                return Err(bad(
                    &format!("以下之一:{}", values.join(", ")),
                    &format!("one of {}", values.join(", ")),
                ));
            }
            Value::Str(t.to_string())
        }
        Type::Int => Value::Int(t.parse().map_err(|_| bad("整数", "an integer"))?),
        Type::Number => match t.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(t.parse().map_err(|_| bad("数字", "a number"))?),
        },
        Type::Bool => match t {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad(" true 或 false", "true or false")),
        },
        Type::Date => match t {
            "today" => Value::Datetime(now.date_naive().to_string()),
            _ => Value::Datetime(
                parse_date(t)
                    .ok_or_else(|| bad("日期,如 2026-03-14", "a date such as 2026-03-14"))?
                    .to_string(),
            ),
        },
        Type::DateTime => match t {
            "now" => datetime_value(now),
            _ if field.allow_date && parse_date(t).is_some() => Value::Datetime(t.to_string()),
            _ => datetime_value(parse_datetime(t, now.timezone(), false).ok_or_else(|| {
                bad(
                    "日期时间,如 \"2026-03-14 09:05\" 或 now",
                    "a date-time such as \"2026-03-14 09:05\" or now",
                )
            })?),
        },
        Type::Duration => {
            parse_duration(t).ok_or_else(|| {
                bad(
                    "时长,如 4h、30m、1d 2h",
                    "a duration such as 4h, 30m or 1d 2h",
                )
            })?;
            Value::Str(t.to_string())
        }
        Type::Period => {
            Period::parse_cycle(t).ok_or_else(|| {
                bad(
                    "周期,如 2026、2026-H1、2026-Q3、2026-07",
                    "a period such as 2026, 2026-H1, 2026-Q3 or 2026-07",
                )
            })?;
            Value::Str(t.to_string())
        }
        Type::Hours => {
            Hours::parse(t).ok_or_else(|| bad("服务时间,如 24x7", "service hours such as 24x7"))?;
            Value::Str(t.to_string())
        }
        Type::Timezone => {
            parse_offset(t).ok_or_else(|| bad("时区,如 +08:00", "an offset such as +08:00"))?;
            Value::Str(t.to_string())
        }
        Type::List(of) => {
            let items: Result<Vec<Node>, Problem> = t
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| parse_value(field, of, s, config, now).map(node))
                .collect();
            Value::Array(items?)
        }
        Type::TableList(items) => {
            let each = |lang: crate::Lang| {
                items
                    .iter()
                    .map(|f| {
                        format!(
                            "--set {}[].{}=<{}>",
                            field.name,
                            f.name,
                            f.ty.describe().get(lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            return Err(problem(
                format!(
                    "`{}` 是表格列表,逐项按子字段给出:{} 追加一项(`[0]`、`[1]` 改写已有的项),或用 --set-from - 从标准输入给出 TOML/YAML 片段",
                    field.name,
                    each(crate::Lang::Zh)
                ),
                format!(
                    "`{}` is a table list, given item field by item field: {} appends one item (`[0]`, `[1]` change items already there); or give a TOML/YAML fragment on stdin with --set-from -",
                    field.name,
                    each(crate::Lang::En)
                ),
            ));
        }
        Type::Table(_) | Type::Map(_) => {
            return Err(problem(
                format!(
                    "`{0}` 是结构化字段:用 `{0}.键=值` 逐项给出,或用 --set-from - 从标准输入给出 TOML/YAML 片段",
                    field.name
                ),
                format!(
                    "`{0}` is structured: give it as `{0}.key=value`, or give a TOML/YAML fragment on stdin with --set-from -",
                    field.name
                ),
            ));
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
            return Err(problem(
                format!("`{stage}` 不是{}的阶段", kind.label.zh),
                format!("`{stage}` is not a stage of {}", kind.key),
            ));
        }
        return stage_field(rules, kind, stage, name)
            .map(|f| (Some(stage.to_string()), f))
            .ok_or_else(|| {
                problem(
                    format!("阶段 `{stage}` 没有字段 `{name}`"),
                    format!("stage `{stage}` has no field `{name}`"),
                )
            });
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
            .ok_or_else(|| {
                problem(
                    format!("阶段 `{stage}` 没有字段 `{name}`"),
                    format!("stage `{stage}` has no field `{name}`"),
                )
            }),
        None if owners.len() > 1 || common => Err(problem(
            format!(
                "`{name}` 属于多个阶段({}),请写成 `阶段.{name}`",
                owners.join(", ")
            ),
            format!(
                "`{name}` belongs to several stages ({}): write `stage.{name}`",
                owners.join(", ")
            ),
        )),
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
            Err(problem(
                format!(
                    "{}记录没有字段 `{name}`{}",
                    kind.label.zh,
                    hint.map(|h| format!("(是否想写 `{h}`?)"))
                        .unwrap_or_default()
                ),
                format!(
                    "{} has no field `{name}`{}",
                    kind.key,
                    hint.map(|h| format!(" (did you mean `{h}`?)"))
                        .unwrap_or_default()
                ),
            ))
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
            problems.push(problem(
                format!("`{set}` 应写成 字段=值"),
                format!("`{set}` should be FIELD=VALUE"),
            ));
            continue;
        };
        let path = path.trim();
        if path.is_empty()
            || path.contains(['/', '\\'])
            || path.split('.').any(|p| p.is_empty() || p == "..")
        {
            problems.push(problem(
                format!("字段路径 `{path}` 无效"),
                format!("invalid field path `{path}`"),
            ));
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
                    let names: Vec<String> = items
                        .iter()
                        .map(|f| format!("{}({})", f.name, f.ty.describe().zh))
                        .collect();
                    let names_en: Vec<String> = items
                        .iter()
                        .map(|f| format!("{} ({})", f.name, f.ty.describe().en))
                        .collect();
                    problems.push(problem(
                        format!(
                            "`{name}` 的项没有字段 `{sub}`;项的字段有:{}",
                            names.join("、")
                        ),
                        format!(
                            "items of `{name}` have no field `{sub}`; their fields are: {}",
                            names_en.join(", ")
                        ),
                    ));
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
                    problems.push(problem(
                        format!("`{name}[{i}]` 之前缺少第 {} 项", list.len()),
                        format!("`{name}[{i}]`: item {} must come first", list.len()),
                    ));
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
                problems.push(problem(
                    format!("字段路径 `{path}` 与 `{name}` 的类型不符"),
                    format!("`{path}` does not fit the type of `{name}`"),
                ));
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
        let say = |lang: crate::Lang| {
            diags
                .iter()
                .map(|d| {
                    format!(
                        "{}:{}: {}",
                        d.span.line,
                        d.span.col,
                        crate::output::catalog::message(d, lang)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        return Err(vec![problem(
            format!(
                "--set-from 的内容既不是 TOML 也不是 YAML 表({})",
                say(crate::Lang::Zh)
            ),
            format!(
                "the --set-from text is neither a TOML nor a YAML table ({})",
                say(crate::Lang::En)
            ),
        )]);
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
