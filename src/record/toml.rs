//! TOML source → value tree, through the `toml` crate's spanned document parser.

use toml::de::{DeTable, DeValue};

use super::ParseError;
use super::value::{Entry, LineIndex, Node, Span, Table, Value};
use crate::diag::Phrase;

/// Parses a whole TOML document into a table node.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let idx = LineIndex::new(text);
    match DeTable::parse(text) {
        Ok(doc) => {
            let span = doc.span();
            Ok(Node::new(
                idx.span(span.start, span.start),
                Value::Table(table(doc.get_ref(), &idx)?),
            ))
        }
        Err(e) => {
            let span = e.span().map_or(Span::START, |r| idx.span(r.start, r.end));
            Err(ParseError {
                message: e.message().trim().to_string(),
                phrase: None,
                span,
            })
        }
    }
}

fn table(t: &DeTable<'_>, idx: &LineIndex<'_>) -> Result<Table, ParseError> {
    let entries = t
        .iter()
        .map(|(k, v)| {
            let ks = k.span();
            Ok(Entry {
                key: k.get_ref().to_string(),
                key_span: idx.span(ks.start, ks.end),
                node: node(v.get_ref(), v.span(), idx)?,
            })
        })
        .collect::<Result<_, ParseError>>()?;
    Ok(Table { entries })
}

fn node(
    v: &DeValue<'_>,
    span: std::ops::Range<usize>,
    idx: &LineIndex<'_>,
) -> Result<Node, ParseError> {
    // The span first: positions are found fastest in the order of the text.
    let at = match v {
        // A table's span runs over its whole body; point at where it opens.
        DeValue::Table(_) | DeValue::Array(_) => idx.span(span.start, span.start + 1),
        _ => idx.span(span.start, span.end),
    };
    let value = match v {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => integer(i.as_str(), i.radix())
            .ok_or_else(|| not_an_integer(idx.text(span.clone()), at))?,
        DeValue::Float(f) => {
            Value::Float(without_underscores(f.as_str()).parse().unwrap_or(f64::NAN))
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(datetime_text(d, idx.text(span))),
        DeValue::Array(a) => Value::Array(
            a.iter()
                .map(|e| node(e.get_ref(), e.span(), idx))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(t) => Value::Table(table(t, idx)?),
    };
    Ok(Node::new(at, value))
}

/// An integer as the parser hands it over (sign and digits, prefix and `_` already taken off by
/// the parser for a radix other than 10): `None` when it holds no digit or a character that is
/// not one — `0x`, `0b`, `0o` with nothing after them, or a digit of another script (`1_0٠`),
/// which the parser lets through.
fn integer(written: &str, radix: u32) -> Option<Value> {
    let digits = without_underscores(written);
    let unsigned = digits.strip_prefix(['-', '+']).unwrap_or(&digits);
    if unsigned.is_empty() || !unsigned.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(match i64::from_str_radix(&digits, radix) {
        Ok(n) => Value::Int(n),
        // Out of i64 range: kept as the nearest float, so that range checks still report it.
        Err(_) => {
            let magnitude = match radix {
                10 => unsigned.parse().unwrap_or(f64::INFINITY),
                _ => unsigned
                    .chars()
                    .filter_map(|c| c.to_digit(radix))
                    .fold(0f64, |n, d| n * f64::from(radix) + f64::from(d)),
            };
            Value::Float(if digits.starts_with('-') {
                -magnitude
            } else {
                magnitude
            })
        }
    })
}

/// The syntax error of an integer that holds no digits, or a character that is not a digit.
fn not_an_integer(written: &str, at: Span) -> ParseError {
    let written = written.trim();
    ParseError {
        // Worded by the catalog (`phrase`); the English here names it in a panic or a log.
        message: format!("`{written}` is not an integer"),
        phrase: Some(Phrase::NotAnInteger(written.to_string())),
        span: at,
    }
}

/// A date-time as the parser prints it (`T` and `Z` upper case, fractions without trailing
/// zeros): the text as written when that is already the printed form, as it nearly always is.
fn datetime_text(d: &toml::value::Datetime, written: &str) -> String {
    let b = written.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let date = digits(0..4) && at(4, b'-') && digits(5..7) && at(7, b'-') && digits(8..10);
    let time = at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    let offset = |i: usize| {
        b.len() == i + 1 && at(i, b'Z')
            || b.len() == i + 6
                && (at(i, b'+') || at(i, b'-'))
                && digits(i + 1..i + 3)
                && at(i + 3, b':')
                && digits(i + 4..i + 6)
    };
    if date && (b.len() == 10 || time && (b.len() == 19 || offset(19))) {
        written.to_string()
    } else {
        d.to_string()
    }
}

/// TOML allows `1_000`; Rust's parsers do not.
fn without_underscores(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('_') {
        std::borrow::Cow::Owned(s.replace('_', ""))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_without_digits_are_syntax_errors_and_huge_ones_floats() {
        for bad in ["0x", "0o", "0b", "1_0٠"] {
            let e = parse(&format!("n = 1\nx = {bad}\n"))
                .map(|_| ())
                .unwrap_err();
            assert_eq!((e.span.line, e.span.col), (2, 5), "{bad}");
            assert!(
                e.message.contains(bad) && e.phrase.is_some(),
                "{bad}: {e:?}"
            );
        }
        let read = |text: &str| {
            let node = parse(&format!("x = {text}\n")).unwrap_or_else(|e| panic!("{}", e.message));
            node.as_table()
                .and_then(|t| t.get("x"))
                .map(|n| n.value.clone())
        };
        assert!(matches!(read("0xff_ff"), Some(Value::Int(65535))));
        assert!(matches!(
            read("-9_223_372_036_854_775_808"),
            Some(Value::Int(i64::MIN))
        ));
        assert!(
            matches!(read("0xffff_ffff_ffff_ffff"), Some(Value::Float(f)) if f == 18446744073709551615.0)
        );
        assert!(matches!(read("99999999999999999999"), Some(Value::Float(f)) if f == 1e20));
    }

    #[test]
    fn datetimes_read_as_the_parser_prints_them() {
        for written in [
            "2026-03-14",
            "2026-03-14T09:05:00",
            "2026-03-14T09:05:00Z",
            "2026-03-14T09:05:00+08:00",
            "2026-03-14T09:05:00-05:30",
            "2026-03-14 09:05:00+08:00",
            "2026-03-14t09:05:00z",
            "2026-03-14T09:05:00.500+08:00",
            "2026-03-14T09:05:00.000001Z",
            "09:05:00",
            "09:05:00.25",
        ] {
            let text = format!("at = {written}\nn = 1\n");
            let node = parse(&text).unwrap_or_else(|e| panic!("{written}: {}", e.message));
            let printed: toml::value::Datetime = written.parse().unwrap_or_else(|e| panic!("{e}"));
            let read = node
                .as_table()
                .and_then(|t| t.get("at"))
                .and_then(Node::as_str);
            assert_eq!(read, Some(printed.to_string().as_str()), "{written}");
        }
    }
}
