//! A record's fields as `show` gives them: each with its label in the output language, the
//! top-level fields in the order of the rules and then the stage sections in the order of the
//! stages, as JSON for scripts and as indented lines for people.

use serde_json::{Map, Value, json};

use crate::Lang;
use crate::record::Record;
use crate::record::value::{Node, Table, Value as V};
use crate::rules::{Field, Kind, Rules, Type};

/// One field: its key, its label (the key when the rules give none), its value.
pub struct Shown<'a> {
    pub key: &'a str,
    pub label: String,
    pub node: &'a Node,
    /// The field's rule, when the rules know it.
    pub rule: Option<&'a Field>,
}

/// One stage section the record has, in the order of the stages.
pub struct Section<'a> {
    pub key: &'a str,
    pub label: String,
    pub fields: Vec<Shown<'a>>,
}

fn label_of(rule: Option<&Field>, key: &str, lang: Lang) -> String {
    rule.map(|f| f.label.get(lang).to_string())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| key.to_string())
}

/// The entries of a table, those the rules know in their order, then the others as written.
fn ordered<'a>(table: &'a Table, rules: &[&'a Field], lang: Lang) -> Vec<Shown<'a>> {
    let mut out: Vec<Shown<'a>> = Vec::new();
    for f in rules {
        if let Some(e) = table.entry(&f.name)
            && out.iter().all(|s| s.key != e.key)
        {
            out.push(Shown {
                key: &e.key,
                label: label_of(Some(f), &e.key, lang),
                node: &e.node,
                rule: Some(f),
            });
        }
    }
    for e in &table.entries {
        if out.iter().all(|s| s.key != e.key) {
            out.push(Shown {
                key: &e.key,
                label: e.key.clone(),
                node: &e.node,
                rule: None,
            });
        }
    }
    out
}

/// The record's top-level fields (not the stage sections), in the order of the rules.
pub fn fields<'a>(rec: &'a Record, rules: &'a Rules, kind: &'a Kind, lang: Lang) -> Vec<Shown<'a>> {
    let known: Vec<&Field> = rules.common.iter().chain(&kind.fields).collect();
    ordered(&rec.root, &known, lang)
        .into_iter()
        .filter(|s| kind.stage_index(s.key).is_none())
        .collect()
}

/// The stage sections the record has, in the order of the stages.
pub fn sections<'a>(
    rec: &'a Record,
    rules: &'a Rules,
    kind: &'a Kind,
    lang: Lang,
) -> Vec<Section<'a>> {
    kind.stages
        .iter()
        .filter_map(|stage| {
            let table = rec.section(&stage.key)?;
            let known: Vec<&Field> = rules.stage_common.iter().chain(&stage.fields).collect();
            Some(Section {
                key: &stage.key,
                label: stage.label.get(lang).to_string(),
                fields: ordered(table, &known, lang),
            })
        })
        .collect()
}

fn sub_rules(rule: Option<&Field>) -> Vec<&Field> {
    match rule.map(|f| &f.ty) {
        Some(Type::TableList(fs) | Type::Table(fs)) => fs.iter().collect(),
        _ => Vec::new(),
    }
}

/// A value as JSON; a table's entries carry their labels.
pub fn value_json(node: &Node, rule: Option<&Field>, lang: Lang) -> Value {
    match &node.value {
        V::Str(s) | V::Datetime(s) => json!(s),
        V::Int(i) => json!(i),
        V::Float(f) => json!(f),
        V::Bool(b) => json!(b),
        V::Null => Value::Null,
        V::Array(items) => Value::Array(items.iter().map(|n| value_json(n, rule, lang)).collect()),
        V::Table(t) => {
            let subs = sub_rules(rule);
            let mut m = Map::new();
            for s in ordered(t, &subs, lang) {
                m.insert(s.key.to_string(), value_json(s.node, s.rule, lang));
            }
            Value::Object(m)
        }
    }
}

/// The fields as JSON: `[{"key", "label", "value"}]`.
pub fn fields_json(fields: &[Shown<'_>], lang: Lang) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|s| {
                json!({
                    "key": s.key,
                    "label": s.label,
                    "value": value_json(s.node, s.rule, lang),
                })
            })
            .collect(),
    )
}

fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        V::Null => Some("—".into()),
        _ => node.scalar_text(),
    }
}

/// A table's entries on one line: `日期: 2026-06-30 · 进度: 45`.
fn inline(t: &Table, rule: Option<&Field>, lang: Lang) -> String {
    let subs = sub_rules(rule);
    ordered(t, &subs, lang)
        .iter()
        .map(|s| format!("{}: {}", s.label, text_value(s.node, s.rule, lang, "")))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A value as text; a list of tables takes one indented line per item.
fn text_value(node: &Node, rule: Option<&Field>, lang: Lang, indent: &str) -> String {
    // An enum value reads by its label (`good` → 良好).
    let scalar = |n: &Node| match (n.as_str(), rule) {
        (Some(v), Some(f)) => f
            .value_label(v)
            .map(|l| l.get(lang).to_string())
            .or_else(|| scalar(n)),
        _ => scalar(n),
    };
    if let Some(s) = scalar(node) {
        // Continuation lines of a long text keep the indentation.
        return s.replace('\n', &format!("\n{indent}  "));
    }
    match &node.value {
        V::Array(items) if items.iter().all(|n| scalar(n).is_some()) => items
            .iter()
            .filter_map(scalar)
            .collect::<Vec<_>>()
            .join(", "),
        V::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let body = match n.as_table() {
                    Some(t) => inline(t, rule, lang),
                    None => text_value(n, rule, lang, indent),
                };
                format!("\n{indent}  {}. {body}", i + 1)
            })
            .collect(),
        V::Table(t) => inline(t, rule, lang),
        _ => String::new(),
    }
}

/// One line per field: `  标签 (key): value`.
pub fn field_lines(out: &mut String, fields: &[Shown<'_>], lang: Lang, indent: &str) {
    for s in fields {
        let label = if s.label == s.key {
            s.key.to_string()
        } else {
            format!("{} ({})", s.label, s.key)
        };
        let value = text_value(s.node, s.rule, lang, indent);
        // A list of tables starts on the next line.
        let gap = if value.starts_with('\n') { "" } else { " " };
        out.push_str(&format!("{indent}{label}:{gap}{value}\n"));
    }
}
