//! YAML source → value tree, built from the event stream of `saphyr-parser` so that every key and
//! value keeps its own line and column. The tree is built without recursion and bounded in depth;
//! aliases are refused (records never need them, and refusing them makes alias bombs impossible).
//! Scalars are resolved by the YAML 1.2 core schema: `yes`, `on` and `no` stay strings.

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use super::ParseError;
use super::value::{Entry, Node, Span, Table, Value};

/// Deeper nesting than any record needs; refused before it costs anything.
pub const MAX_DEPTH: usize = 64;

enum Frame {
    Seq(Span, Vec<Node>),
    Map(Span, Table, Option<(String, Span)>, Keys),
}

/// The keys of one mapping so far, for finding a duplicate in constant time: their hashes only
/// (no second copy of the text); a repeated hash is confirmed against the keys themselves. A
/// small mapping (as every record's are) is searched instead, and hashes nothing.
#[derive(Default)]
struct Keys(
    Option<(
        std::collections::HashSet<u64>,
        std::collections::hash_map::RandomState,
    )>,
);

/// Up to this many keys, a mapping is searched for a duplicate rather than hashed.
const SEARCHED: usize = 32;

impl Keys {
    /// Whether `key` is already in `table`, whose keys this set has seen; remembers it.
    fn duplicate(&mut self, table: &Table, key: &str) -> bool {
        use std::hash::BuildHasher;
        let Some((hashes, state)) = &mut self.0 else {
            if table.entries.len() < SEARCHED {
                return table.entries.iter().any(|e| e.key == key);
            }
            let state = std::collections::hash_map::RandomState::new();
            let hashes = table
                .entries
                .iter()
                .map(|e| state.hash_one(&e.key))
                .collect();
            self.0 = Some((hashes, state));
            return self.duplicate(table, key);
        };
        !hashes.insert(state.hash_one(key)) && table.entries.iter().any(|e| e.key == key)
    }
}

/// Parses a single-document YAML text into a node (a table for every valid record).
pub fn parse(text: &str) -> Result<Node, ParseError> {
    // The parser's markers already count lines and characters: no index of the text is needed.
    let span_of = |start: Marker, end: Marker| {
        let width = if end.line() == start.line() {
            end.index().saturating_sub(start.index())
        } else {
            1
        };
        Span {
            line: start.line() as u32,
            col: start.col() as u32 + 1,
            width: width.max(1) as u32,
        }
    };
    let err = |message: String, span: Span| {
        Err(ParseError {
            message,
            phrase: None,
            span,
        })
    };
    // YAML counts a lone CR as a line end, editors and itc's excerpts count LF: refused, so that
    // every line number means the same line everywhere.
    if let Some(at) = lone_cr(text) {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let span = Span {
            line: text[..at].matches('\n').count() as u32 + 1,
            col: text[line_start..at].chars().count() as u32 + 1,
            width: 1,
        };
        return err(
            "a carriage return (CR) without a line feed; save the file with LF or CRLF line ends"
                .into(),
            span,
        );
    }

    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for item in Parser::new_from_str(text) {
        let (event, marks) = match item {
            Ok(ev) => ev,
            Err(e) => {
                let m = e.marker();
                return err(e.info().to_string(), span_of(*m, *m));
            }
        };
        let span = span_of(marks.start, marks.end);
        let done = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return err("more than one YAML document in a record file".into(), span);
                }
                None
            }
            Event::Alias(_) => {
                return err(
                    "YAML aliases (*name) are not allowed in records".into(),
                    span,
                );
            }
            Event::Scalar(text, style, _, tag) => {
                let forced_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !forced_str {
                    resolve_plain(text)
                } else {
                    Value::Str(text.into_owned())
                };
                Some(Node::new(span, value))
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return err(format!("nesting deeper than {MAX_DEPTH} levels"), span);
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(span, Vec::new())
                } else {
                    // Record mappings hold a handful of keys to a few dozen.
                    let table = Table {
                        entries: Vec::with_capacity(8),
                    };
                    Frame::Map(span, table, None, Keys::default())
                });
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(s, items)) => Some(Node::new(s, Value::Array(items))),
                _ => return err("unbalanced sequence".into(), span),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(s, t, _, _)) => Some(Node::new(s, Value::Table(t))),
                _ => return err("unbalanced mapping".into(), span),
            },
        };
        let Some(node) = done else { continue };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, table, pending, keys)) => match pending.take() {
                None => {
                    let span = node.span;
                    let key = match node.value {
                        Value::Str(s) => Some(s),
                        Value::Null => None,
                        _ => node.scalar_text(),
                    };
                    let Some(key) = key else {
                        return err(
                            "a mapping key must be a plain word, not a list or a mapping".into(),
                            span,
                        );
                    };
                    if keys.duplicate(table, &key) {
                        return err(format!("duplicate key `{key}`"), span);
                    }
                    *pending = Some((key, span));
                }
                Some((key, key_span)) => table.entries.push(Entry {
                    key,
                    key_span,
                    node,
                }),
            },
        }
    }
    Ok(root.unwrap_or(Node::new(Span::START, Value::Null)))
}

/// The byte offset of the first CR not followed by LF.
fn lone_cr(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    (0..b.len()).find(|&i| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// The YAML 1.2 core schema for plain scalars. A string keeps the scalar's own text.
fn resolve_plain(text: std::borrow::Cow<'_, str>) -> Value {
    let s: &str = &text;
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | "+.inf" | ".Inf" | ".INF" => return Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let b = s.as_bytes();
    let digits = |t: &[u8]| !t.is_empty() && t.iter().all(u8::is_ascii_digit);
    let unsigned = b.strip_prefix(b"-").or(b.strip_prefix(b"+")).unwrap_or(b);
    if digits(unsigned)
        && let Ok(n) = s.parse::<i64>()
    {
        return Value::Int(n);
    }
    if let Some(hex) = s.strip_prefix("0x")
        && let Ok(n) = i64::from_str_radix(hex, 16)
    {
        return Value::Int(n);
    }
    if let Some(oct) = s.strip_prefix("0o")
        && let Ok(n) = i64::from_str_radix(oct, 8)
    {
        return Value::Int(n);
    }
    let looks_float = unsigned
        .first()
        .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
        && unsigned
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'-' | b'+'))
        && unsigned.iter().any(u8::is_ascii_digit);
    if looks_float && let Ok(f) = s.parse::<f64>() {
        return Value::Float(f);
    }
    Value::Str(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_own_line() {
        let node = parse("id: X\nseverity: P5\nhandling:\n  at: 2026-03-14\n")
            .unwrap_or_else(|e| panic!("{}", e.message));
        let t = node.as_table().unwrap();
        let sev = t.get("severity").unwrap();
        assert_eq!((sev.span.line, sev.span.col, sev.span.width), (2, 11, 2));
        let at = t
            .get("handling")
            .and_then(Node::as_table)
            .and_then(|h| h.get("at"))
            .unwrap();
        assert_eq!((at.span.line, at.span.col), (4, 7));
    }

    #[test]
    fn core_schema_keeps_yes_and_on_as_strings() {
        let resolve = |s: &str| resolve_plain(s.into());
        assert!(matches!(resolve("yes"), Value::Str(_)));
        assert!(matches!(resolve("on"), Value::Str(_)));
        assert!(matches!(resolve("42"), Value::Int(42)));
        assert!(matches!(resolve("0.5"), Value::Float(_)));
        assert!(matches!(resolve("2026-03-14"), Value::Str(_)));
    }

    #[test]
    fn duplicate_keys_are_found_among_a_hundred_thousand() {
        // Detection is one hash lookup per key (a quadratic scan took tens of seconds here);
        // its speed is the benchmark's to measure, not this test's.
        let mut text = String::new();
        for i in 0..100_000 {
            text.push_str(&format!("k{i}: v\n"));
        }
        let node = parse(&text).unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(node.as_table().map(|t| t.entries.len()), Some(100_000));
        text.push_str("k99999: again\n");
        let e = parse(&text).err().unwrap();
        assert_eq!(e.message, "duplicate key `k99999`");
        assert_eq!(e.span.line, 100_001);
        // Nested mappings keep their own keys.
        assert!(parse("a: {x: 1}\nb: {x: 2}\n").is_ok());
        assert!(parse("a: {x: 1, x: 2}\n").is_err());
    }

    #[test]
    fn fuzz_lone_carriage_returns_are_refused_at_their_line() {
        // Found by fuzz/load_yaml: YAML counted the CRs as lines, so a finding pointed past the
        // end of the file as LF counts it.
        let text = "\rd: report:BAK-2026-0*2\n2title: ~&A 20\rd: report\n";
        let e = parse(text).err().unwrap();
        assert!(e.message.contains("carriage return"), "{}", e.message);
        assert_eq!((e.span.line, e.span.col), (1, 1));
        let e = parse("a: 1\nb: x\ry\n").err().unwrap();
        assert_eq!((e.span.line, e.span.col), (2, 5));
        assert!(parse("a: 1\r\nb: 2\r\n").is_ok(), "CRLF is fine");
    }

    #[test]
    fn aliases_and_deep_nesting_are_refused() {
        assert!(parse("a: &x [1]\nb: *x\n").is_err());
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&deep).is_err());
    }
}
