//! TOML source → value tree, through the `toml` crate's spanned document parser.

use toml::de::{DeTable, DeValue};

use super::ParseError;
use super::value::{Entry, LineIndex, Node, Span, Table, Value};

/// Parses a whole TOML document into a table node.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let idx = LineIndex::new(text);
    match DeTable::parse(text) {
        Ok(doc) => {
            let span = doc.span();
            Ok(Node::new(
                idx.span(span.start, span.start),
                Value::Table(table(doc.get_ref(), &idx)),
            ))
        }
        Err(e) => {
            let span = e.span().map_or(Span::START, |r| idx.span(r.start, r.end));
            Err(ParseError {
                message: e.message().trim().to_string(),
                span,
            })
        }
    }
}

fn table(t: &DeTable<'_>, idx: &LineIndex<'_>) -> Table {
    Table {
        entries: t
            .iter()
            .map(|(k, v)| {
                let ks = k.span();
                Entry {
                    key: k.get_ref().to_string(),
                    key_span: idx.span(ks.start, ks.end),
                    node: node(v.get_ref(), v.span(), idx),
                }
            })
            .collect(),
    }
}

fn node(v: &DeValue<'_>, span: std::ops::Range<usize>, idx: &LineIndex<'_>) -> Node {
    let value = match v {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => {
            let digits = without_underscores(i.as_str());
            match i64::from_str_radix(&digits, i.radix()) {
                Ok(n) => Value::Int(n),
                // Out of i64 range: keep it as a float so range checks still report it.
                Err(_) => Value::Float(digits.parse().unwrap_or(f64::INFINITY)),
            }
        }
        DeValue::Float(f) => {
            Value::Float(without_underscores(f.as_str()).parse().unwrap_or(f64::NAN))
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(a) => {
            Value::Array(a.iter().map(|e| node(e.get_ref(), e.span(), idx)).collect())
        }
        DeValue::Table(t) => Value::Table(table(t, idx)),
    };
    let span = match v {
        // A table's span runs over its whole body; point at where it opens.
        DeValue::Table(_) | DeValue::Array(_) => idx.span(span.start, span.start + 1),
        _ => idx.span(span.start, span.end),
    };
    Node::new(span, value)
}

/// TOML allows `1_000`; Rust's parsers do not.
fn without_underscores(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('_') {
        std::borrow::Cow::Owned(s.replace('_', ""))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}
