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

/// Whether a character must be escaped inside a double-quoted string to be read back as itself:
/// every control character (TOML allows a raw TAB, but an escaped one is plainer to read), DEL,
/// and what YAML does not count as printable (C1 controls, line and paragraph separators, the
/// byte-order mark, the non-characters U+FFFE and U+FFFF).
pub fn needs_escape(c: char) -> bool {
    matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// A double-quoted string, valid in TOML (basic string) and YAML (double-quoted scalar): `"` and
/// `\` escaped, control and non-printable characters as `\t`, `\n`, `\r` or `\uXXXX` — escapes
/// both languages read the same way.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A float as TOML (`inf`, `nan`) or YAML (`.inf`, `.nan`) writes it; always with a point or an
/// exponent, so that it reads back as a float.
fn float(f: f64, format: Format) -> String {
    if f.is_nan() {
        return match format {
            Format::Toml => "nan".into(),
            Format::Yaml => ".nan".into(),
        };
    }
    if f.is_infinite() {
        let sign = if f < 0.0 { "-" } else { "" };
        return match format {
            Format::Toml => format!("{sign}inf"),
            Format::Yaml => format!("{sign}.inf"),
        };
    }
    let s = f.to_string();
    if s.contains(['.', 'e', 'E']) {
        s
    } else {
        format!("{s}.0")
    }
}

fn toml_inline(v: &Value) -> String {
    match v {
        Value::Str(s) => quote(s),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float(*f, Format::Toml),
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
/// (by YAML 1.2 and 1.1 readers alike), in block (`flow = false`) or flow context. Anything in
/// doubt is quoted: every write is read back and compared before it is kept.
fn yaml_plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    // No control character at all (a TAB before `#` starts a comment, after `:` ends a key),
    // nothing YAML does not count as printable, no space at either end.
    if s.trim() != s || s.chars().any(|c| c.is_control() || needs_escape(c)) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`<=".contains(first) {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}', ':']) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let reserved = [
        "true", "false", "null", "~", "yes", "no", "on", "off", "y", "n",
    ];
    if reserved.contains(&lower.as_str()) {
        return false;
    }
    !looks_numeric(s)
}

/// Whether a YAML 1.2 or 1.1 reader might take a plain scalar for a number, a date or a time:
/// it starts with a digit or a point (after a sign) and holds nothing but what numbers, dates
/// and times are made of (`0x10`, `1e3`, `0o7`, `0b1`, `.inf`, `1_000`, `12:30:00`,
/// `2026-03-14 09:05:00.5 +8`). `10m`, `2026-Q3` and `5 users` stay plain.
fn looks_numeric(s: &str) -> bool {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    if let Some(hex) = unsigned
        .strip_prefix("0x")
        .or_else(|| unsigned.strip_prefix("0X"))
        && hex.chars().all(|c| c.is_ascii_hexdigit() || c == '_')
    {
        return true;
    }
    unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || "._:+- eEoObBxXtTzZinfaINFA".contains(c))
}

fn yaml_scalar(v: &Value, flow: bool) -> String {
    match v {
        Value::Str(s) if yaml_plain_ok(s, flow) => s.clone(),
        Value::Str(s) => quote(s),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float(*f, Format::Yaml),
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
                .map(|e| yaml_flow_pair(&e.key, &yaml_scalar(&e.node.value, true)))
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

/// YAML reads an implicit key (`key: value`) only up to 1024 characters, and a key quoted with
/// escapes can grow past that (`\u0005` is six characters for one). A key this long or longer is
/// written as an explicit key: `? "key"`, with `: value` on the line below.
const YAML_IMPLICIT_KEY_MAX: usize = 1000;

fn yaml_explicit(key: &str) -> bool {
    key.chars().count() >= YAML_IMPLICIT_KEY_MAX
}

/// What opens a block entry at `indent`, up to and with its colon: `key:`, or `? key` and `:`
/// below it for a long key.
fn yaml_key_colon(key: &str, indent: &str) -> String {
    let key = yaml_key(key);
    if yaml_explicit(&key) {
        format!("{indent}? {key}\n{indent}:")
    } else {
        format!("{indent}{key}:")
    }
}

/// A `key: value` pair inside a flow mapping (`? key : value` for a long key).
fn yaml_flow_pair(key: &str, value: &str) -> String {
    let key = yaml_key(key);
    if yaml_explicit(&key) {
        format!("? {key} : {value}")
    } else {
        format!("{key}: {value}")
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
                let _ = writeln!(out, "{}", yaml_key_colon(key, indent));
                for item in items {
                    if let Value::Table(t) = &item.value {
                        for (i, e) in t.entries.iter().enumerate() {
                            let lead = if i == 0 { "- " } else { "  " };
                            let opening = yaml_key_colon(&e.key, &format!("{indent}    "));
                            let _ = writeln!(
                                out,
                                "{indent}  {lead}{} {}",
                                &opening[indent.len() + 4..],
                                yaml_scalar(&e.node.value, false)
                            );
                        }
                    }
                }
            }
            Value::Table(t) if !t.entries.is_empty() => {
                let _ = writeln!(out, "{}", yaml_key_colon(key, indent));
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
                    "{} {}",
                    yaml_key_colon(key, indent),
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

/// The text of a value inside a YAML flow collection (`{…}`, `[…]`): on one line, plain only
/// where a flow context reads it back as itself.
pub fn flow_inline(value: &Value) -> String {
    yaml_scalar(value, true)
}

/// A `key: value` pair inside a YAML flow mapping.
pub fn flow_pair(key: &str, value: &Value) -> String {
    yaml_flow_pair(key, &yaml_scalar(value, true))
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
        assert_eq!(yaml_scalar(&Value::Str("10m".into()), false), "10m");
        assert_eq!(yaml_scalar(&Value::Str("2026-Q3".into()), false), "2026-Q3");
    }

    #[test]
    fn yaml_quotes_what_a_reader_would_take_for_something_else() {
        let cases = [
            ("Login slow\t#2 floor", "\"Login slow\\t#2 floor\""),
            ("a:\tb", "\"a:\\tb\""),
            ("0x10", "\"0x10\""),
            ("1e3", "\"1e3\""),
            ("0o7", "\"0o7\""),
            (".inf", "\".inf\""),
            ("-.5", "\"-.5\""),
            ("1_000", "\"1_000\""),
            ("12:30", "\"12:30\""),
            ("2026-03-14 09:05:00.5", "\"2026-03-14 09:05:00.5\""),
            ("del\u{7f}", "\"del\\u007f\""),
            ("nel\u{85}x", "\"nel\\u0085x\""),
            ("two\nlines", "\"two\\nlines\""),
            (" lead", "\" lead\""),
            ("<<", "\"<<\""),
        ];
        for (text, want) in cases {
            assert_eq!(
                yaml_scalar(&Value::Str(text.into()), false),
                want,
                "{text:?}"
            );
        }
        assert_eq!(yaml_scalar(&Value::Str("a:b".into()), true), "\"a:b\"");
    }

    #[test]
    fn quoting_escapes_what_toml_and_yaml_forbid_raw() {
        assert_eq!(quote("a\u{7f}b"), "\"a\\u007fb\"");
        assert_eq!(quote("\u{1}\t\"\\"), "\"\\u0001\\t\\\"\\\\\"");
        assert_eq!(quote("中文\u{2028}"), "\"中文\\u2028\"");
        assert_eq!(float(f64::NAN, Format::Toml), "nan");
        assert_eq!(float(f64::NEG_INFINITY, Format::Yaml), "-.inf");
        assert_eq!(float(2.0, Format::Toml), "2.0");
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

    /// Found by fuzz/edit_fmt_roundtrip: a 254-character key of control characters, quoted, is
    /// 1112 characters, past YAML's limit for an implicit key; it is written as an explicit key
    /// wherever a key goes, and every form reads back as the same values.
    #[test]
    fn yaml_keys_too_long_to_be_implicit_are_explicit() {
        let long = "\u{5}".repeat(254);
        let short = "k".repeat(10);
        assert!(yaml_explicit(&yaml_key(&long)));
        assert!(!yaml_explicit(&yaml_key(&"k".repeat(998))));
        let inner = table(&[
            (long.as_str(), Value::Int(1)),
            ("b", Value::Str("x".into())),
        ]);
        let values = [
            Value::Str("v".into()),
            inner.clone(),
            Value::Array(vec![node(inner.clone()), node(inner.clone())]),
            Value::Array(vec![node(Value::Array(vec![node(inner.clone())]))]),
        ];
        for key in [long.as_str(), short.as_str()] {
            for value in &values {
                let text = format!(
                    "id: X\n{}sec:\n{}",
                    entry(key, value, Format::Yaml, ""),
                    entry(key, value, Format::Yaml, "  ")
                );
                let want = table(&[
                    ("id", Value::Str("X".into())),
                    (key, value.clone()),
                    ("sec", table(&[(key, value.clone())])),
                ]);
                let Value::Table(want) = want else {
                    unreachable!()
                };
                assert_eq!(
                    crate::record::edit::prove(&text, Format::Yaml, &want),
                    Ok(()),
                    "{text}"
                );
            }
        }
        assert!(entry(&long, &Value::Int(1), Format::Yaml, "  ").starts_with("  ? \""));
        // The limit is real: the same key written implicitly does not read.
        let implicit = format!("{}: 1\n", yaml_key(&long));
        let mut diags = Vec::new();
        assert!(
            crate::record::parse(
                &implicit,
                Format::Yaml,
                "",
                crate::diag::Check::Syntax,
                &mut diags
            )
            .is_none()
        );
    }
}
