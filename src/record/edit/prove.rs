//! The proof of a write: the text read back holds exactly the values it was meant to hold.

use crate::record::value::{Table, Value};
use crate::record::{Format, literal};

/// Where a text, read back, differs from the values it was meant to hold: the field's path,
/// the value intended and the value read (or why the text does not read at all).
#[derive(Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub path: String,
    pub want: String,
    pub got: String,
}

/// The proof of a write (STYLE habit 15): reads `text` as the record reader does and compares
/// every value with `intended` — the whole tree, keys in any order, spans and comments aside.
pub fn prove(text: &str, format: Format, intended: &Table) -> Result<(), Mismatch> {
    let mut diags = Vec::new();
    match crate::record::parse(text, format, "", crate::diag::Check::Syntax, &mut diags) {
        Some(read) => same_table(intended, &read, format, ""),
        None => Err(Mismatch {
            path: String::new(),
            want: "a record that parses".into(),
            got: diags
                .first()
                .map(|d| {
                    let message = d.args.iter().find(|(n, _)| *n == "message").map(|(_, a)| a);
                    match message {
                        Some(crate::diag::Arg::Plain(m)) => {
                            format!("line {}: {m}", d.span.line)
                        }
                        Some(crate::diag::Arg::Label(l)) => {
                            format!("line {}: {}", d.span.line, l.en)
                        }
                        _ => format!("line {}: {}", d.span.line, d.code),
                    }
                })
                .unwrap_or_default(),
        }),
    }
}

/// A short, escaped rendering of a value for a mismatch message.
fn shown(v: &Value) -> String {
    let text = match v {
        Value::Str(s) => literal::quote(s),
        Value::Datetime(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Array(a) => format!("[{} items]", a.len()),
        Value::Table(t) => format!("{{{} keys}}", t.entries.len()),
    };
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// A TOML date-time in its one written form (`.750` and `.75` are one instant).
fn datetime_form(s: &str) -> String {
    s.parse::<toml::value::Datetime>()
        .map_or_else(|_| s.to_string(), |d| d.to_string())
}

fn same_table(want: &Table, got: &Table, format: Format, path: &str) -> Result<(), Mismatch> {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    for e in &want.entries {
        match got.get(&e.key) {
            Some(n) => same(&e.node.value, &n.value, format, &at(&e.key))?,
            None => {
                return Err(Mismatch {
                    path: at(&e.key),
                    want: shown(&e.node.value),
                    got: "nothing".into(),
                });
            }
        }
    }
    if let Some(extra) = got.entries.iter().find(|e| want.get(&e.key).is_none()) {
        return Err(Mismatch {
            path: at(&extra.key),
            want: "nothing".into(),
            got: shown(&extra.node.value),
        });
    }
    Ok(())
}

fn same(want: &Value, got: &Value, format: Format, path: &str) -> Result<(), Mismatch> {
    let equal = match (want, got) {
        (Value::Str(a), Value::Str(b)) => a == b,
        (Value::Datetime(a), Value::Datetime(b)) => a == b || datetime_form(a) == datetime_form(b),
        // YAML has no date-time type: a date-time is written plain and read as its text.
        (Value::Datetime(a), Value::Str(b)) => {
            format == Format::Yaml && (a == b || datetime_form(a) == datetime_form(b))
        }
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Null, Value::Null) => true,
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same(&x.value, &y.value, format, &format!("{path}[{i}]"))?;
            }
            true
        }
        (Value::Table(a), Value::Table(b)) => return same_table(a, b, format, path),
        _ => false,
    };
    if equal {
        Ok(())
    } else {
        Err(Mismatch {
            path: path.to_string(),
            want: shown(want),
            got: shown(got),
        })
    }
}
