//! What the fuzz targets share: loading a record from bytes with its invariants, and the round
//! trip of an edit and `fmt` through the library's public functions.

use itc::diag::{Check, Diag};
use itc::entry::format::{FormatError, format, meaning};
use itc::record::value::{Node, Table, Value};
use itc::record::{self, Format};

/// Decodes and parses `data` as a record; asserts every finding's position lies in the text and
/// every message renders.
pub fn load(data: &[u8], fmt: Format) {
    let mut diags = Vec::new();
    let Some(text) = record::decode(data, "fuzz", &mut diags) else {
        check_diags(&diags, &String::from_utf8_lossy(data));
        return;
    };
    let table = record::parse(text, fmt, "fuzz", Check::Syntax, &mut diags);
    check_diags(&diags, text);
    if let Some(table) = table {
        walk(&table, text);
    }
}

fn lines(text: &str) -> u32 {
    text.split('\n').count() as u32
}

fn check_diags(diags: &[Diag], text: &str) {
    for d in diags {
        assert!(
            d.span.line >= 1 && d.span.col >= 1 && d.span.width >= 1,
            "{d:?}"
        );
        assert!(d.span.line <= lines(text) + 1, "{d:?} past the end");
        for lang in [itc::Lang::Zh, itc::Lang::En] {
            assert!(!itc::output::catalog::message(d, lang).is_empty());
        }
    }
}

/// Every key and value of a parsed tree lies on a line of the text.
fn walk(t: &Table, text: &str) {
    let n = lines(text) + 1;
    let mut stack: Vec<&Node> = Vec::new();
    for e in &t.entries {
        assert!(e.key_span.line >= 1 && e.key_span.line <= n, "{e:?}");
        stack.push(&e.node);
    }
    while let Some(node) = stack.pop() {
        assert!(node.span.line >= 1 && node.span.line <= n, "{node:?}");
        match &node.value {
            Value::Table(t) => {
                for e in &t.entries {
                    assert!(e.key_span.line >= 1 && e.key_span.line <= n, "{e:?}");
                    stack.push(&e.node);
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// Every leaf of a tree as `path = meaning`, sorted: what a record says, whatever its layout.
fn meanings(t: &Table, tz: chrono::FixedOffset) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Node)> =
        t.entries.iter().map(|e| (e.key.clone(), &e.node)).collect();
    while let Some((path, node)) = stack.pop() {
        match &node.value {
            Value::Table(t) => stack.extend(
                t.entries
                    .iter()
                    .map(|e| (format!("{path}.{}", e.key), &e.node)),
            ),
            Value::Array(items) => stack.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (format!("{path}[{i}]"), n)),
            ),
            _ => out.push(format!("{path} = {}", meaning(node, tz))),
        }
    }
    out.sort();
    out
}

fn parse(text: &str, fmt: Format) -> Option<Table> {
    record::parse(text, fmt, "fuzz", Check::Syntax, &mut Vec::new())
}

/// The input: a format byte, then the record text, then (after a NUL, if any) a title to set.
pub fn edit_fmt_roundtrip(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let fmt = if first & 1 == 0 {
        Format::Toml
    } else {
        Format::Yaml
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let (text, title) = match input.split_once('\0') {
        Some((text, title)) => (text, title.to_string()),
        None => (input, format!("{} #2\t\"x\": y", input.lines().count())),
    };
    let Some(before) = parse(text, fmt) else {
        return;
    };
    let tz = chrono::FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| unreachable!());
    // The built-in rules, read once: reading them on every input would dominate the run.
    static RULES: std::sync::OnceLock<itc::rules::Rules> = std::sync::OnceLock::new();
    let rules =
        RULES.get_or_init(|| itc::rules::Rules::builtin().unwrap_or_else(|_| unreachable!()));
    let kind = &rules.kinds[0];

    // fmt: the canonical text parses, and says the same as the original.
    match format(text, fmt, rules, kind, tz) {
        Ok(out) => {
            let after = parse(&out, fmt)
                .unwrap_or_else(|| panic!("fmt wrote text that does not parse:\n{out}"));
            assert_eq!(
                meanings(&before, tz),
                meanings(&after, tz),
                "fmt changed values:\n--- before\n{text}\n--- after\n{out}"
            );
        }
        Err(FormatError::Parse | FormatError::Comment(_)) => {}
    }

    // edit: the title is set to exactly the intended text; nothing else changes.
    if title.contains(['\0', '\r']) || title.chars().any(|c| c.is_control() && c != '\t') {
        return;
    }
    let Ok(mut doc) = itc::record::edit::Doc::parse(text.to_string(), fmt) else {
        return;
    };
    if doc.set(None, "title", &Value::Str(title.clone())).is_err() {
        return;
    }
    let after = parse(&doc.text, fmt)
        .unwrap_or_else(|| panic!("the edit wrote text that does not parse:\n{}", doc.text));
    assert_eq!(
        after.str("title"),
        Some(title.as_str()),
        "the edit did not keep the title:\n{}",
        doc.text
    );
    let others = |t: &Table| {
        let mut t = t.clone();
        t.entries.retain(|e| e.key != "title");
        meanings(&t, tz)
    };
    assert_eq!(
        others(&before),
        others(&after),
        "the edit changed other values:\n{}",
        doc.text
    );
}
