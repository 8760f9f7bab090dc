//! Writing values as TOML or YAML text: one key-value entry at a time, so that edits can insert
//! exactly the lines they add. Dates and date-times are written bare (native TOML, plain YAML).

use std::fmt::Write;

use super::Format;
use super::value::{Node, Value};

/// A TOML bare key or a quoted one.
fn toml_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        key.to_string()
    } else {
        quote(key)
    }
}

/// A double-quoted string, valid in TOML (basic string) and YAML (double-quoted scalar).
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace(['"', '\\'], "")))
}

fn float(f: f64) -> String {
    let s = f.to_string();
    if s.contains(['.', 'e', 'E', 'i', 'N']) {
        s
    } else {
        format!("{s}.0")
    }
}

fn toml_inline(v: &Value) -> String {
    match v {
        Value::Str(s) => quote(s),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float(*f),
        Value::Bool(b) => b.to_string(),
        Value::Datetime(s) => s.clone(),
        Value::Null => "\"\"".into(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|n| toml_inline(&n.value)).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Table(t) => {
            let parts: Vec<String> = t
                .entries
                .iter()
                .map(|e| format!("{} = {}", toml_key(&e.key), toml_inline(&e.node.value)))
                .collect();
            if parts.is_empty() {
                "{}".into()
            } else {
                format!("{{ {} }}", parts.join(", "))
            }
        }
    }
}

/// Whether a string can be written as a plain YAML scalar and read back as the same string
/// (by YAML 1.2 and 1.1 readers alike), in block (`flow = false`) or flow context.
fn yaml_plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.contains('\n') || s.contains(": ") || s.contains(" #") || s.ends_with(':')
    {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let reserved = [
        "true", "false", "null", "~", "yes", "no", "on", "off", "y", "n", ".inf", ".nan",
    ];
    if reserved.contains(&lower.as_str()) {
        return false;
    }
    // Anything that looks like a number or a date would be read as one.
    !(s.parse::<f64>().is_ok()
        || s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_ascii_digit() || "-:.+_ T".contains(c)))
}

fn yaml_scalar(v: &Value, flow: bool) -> String {
    match v {
        Value::Str(s) if yaml_plain_ok(s, flow) => s.clone(),
        Value::Str(s) => quote(s),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float(*f),
        Value::Bool(b) => b.to_string(),
        Value::Datetime(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|n| yaml_scalar(&n.value, true)).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Table(t) => {
            let parts: Vec<String> = t
                .entries
                .iter()
                .map(|e| format!("{}: {}", yaml_key(&e.key), yaml_scalar(&e.node.value, true)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn yaml_key(key: &str) -> String {
    if yaml_plain_ok(key, true) {
        key.to_string()
    } else {
        quote(key)
    }
}

fn is_table_list(v: &Value) -> bool {
    matches!(v, Value::Array(items) if !items.is_empty() && items.iter().all(|n| matches!(n.value, Value::Table(_))))
}

/// One `key = value` (TOML) or `key: value` (YAML) entry, ending in a newline. `indent` is the
/// indentation of the entry's line (YAML sections are indented; TOML entries never are).
pub fn entry(key: &str, value: &Value, format: Format, indent: &str) -> String {
    let mut out = String::new();
    match format {
        Format::Toml => {
            if is_table_list(value) {
                let _ = writeln!(out, "{indent}{} = [", toml_key(key));
                if let Value::Array(items) = value {
                    for item in items {
                        let _ = writeln!(out, "{indent}  {},", toml_inline(&item.value));
                    }
                }
                let _ = writeln!(out, "{indent}]");
            } else {
                let _ = writeln!(out, "{indent}{} = {}", toml_key(key), toml_inline(value));
            }
        }
        Format::Yaml => match value {
            Value::Array(items) if is_table_list(value) => {
                let _ = writeln!(out, "{indent}{}:", yaml_key(key));
                for item in items {
                    if let Value::Table(t) = &item.value {
                        for (i, e) in t.entries.iter().enumerate() {
                            let lead = if i == 0 { "- " } else { "  " };
                            let _ = writeln!(
                                out,
                                "{indent}  {lead}{}: {}",
                                yaml_key(&e.key),
                                yaml_scalar(&e.node.value, false)
                            );
                        }
                    }
                }
            }
            Value::Table(t) if !t.entries.is_empty() => {
                let _ = writeln!(out, "{indent}{}:", yaml_key(key));
                for e in &t.entries {
                    out.push_str(&entry(
                        &e.key,
                        &e.node.value,
                        Format::Yaml,
                        &format!("{indent}  "),
                    ));
                }
            }
            _ => {
                let _ = writeln!(
                    out,
                    "{indent}{}: {}",
                    yaml_key(key),
                    yaml_scalar(value, false)
                );
            }
        },
    }
    out
}

/// The text of a value alone, as it would follow `key = ` or `key: ` on one line.
pub fn inline(value: &Value, format: Format) -> String {
    match format {
        Format::Toml => toml_inline(value),
        Format::Yaml => yaml_scalar(value, false),
    }
}

/// A node with no position, for values built in memory.
pub fn node(value: Value) -> Node {
    Node::new(super::value::Span::START, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::value::{Entry, Span, Table};

    fn table(kv: &[(&str, Value)]) -> Value {
        Value::Table(Table {
            entries: kv
                .iter()
                .map(|(k, v)| Entry {
                    key: k.to_string(),
                    key_span: Span::START,
                    node: node(v.clone()),
                })
                .collect(),
        })
    }

    #[test]
    fn yaml_quotes_only_what_would_change_meaning() {
        assert_eq!(
            yaml_scalar(&Value::Str("登录超时".into()), false),
            "登录超时"
        );
        assert_eq!(yaml_scalar(&Value::Str("yes".into()), false), "\"yes\"");
        assert_eq!(yaml_scalar(&Value::Str("2026".into()), false), "\"2026\"");
        assert_eq!(yaml_scalar(&Value::Str("a: b".into()), false), "\"a: b\"");
        assert_eq!(
            yaml_scalar(&Value::Str("db.connections > 95%".into()), false),
            "db.connections > 95%"
        );
        assert_eq!(yaml_scalar(&Value::Str("a,b".into()), true), "\"a,b\"");
    }

    #[test]
    fn entries_in_both_formats() {
        let goals = Value::Array(vec![
            node(table(&[
                ("goal", Value::Str("可用性".into())),
                ("weight", Value::Int(60)),
            ])),
            node(table(&[
                ("goal", Value::Str("修复".into())),
                ("weight", Value::Int(40)),
            ])),
        ]);
        assert_eq!(
            entry("goals", &goals, Format::Toml, ""),
            "goals = [\n  { goal = \"可用性\", weight = 60 },\n  { goal = \"修复\", weight = 40 },\n]\n"
        );
        assert_eq!(
            entry("goals", &goals, Format::Yaml, "  "),
            "  goals:\n    - goal: 可用性\n      weight: 60\n    - goal: 修复\n      weight: 40\n"
        );
        let at = Value::Datetime("2026-03-14T09:05:00+08:00".into());
        assert_eq!(
            entry("at", &at, Format::Toml, ""),
            "at = 2026-03-14T09:05:00+08:00\n"
        );
        assert_eq!(
            entry("at", &at, Format::Yaml, "  "),
            "  at: 2026-03-14T09:05:00+08:00\n"
        );
        assert_eq!(
            entry("score", &Value::Float(60.0), Format::Toml, ""),
            "score = 60.0\n"
        );
    }
}
