//! The export of records for scripts and analytical engines: each loaded record as one JSON
//! object (its whole value with dates normalised, and the timeline of its stages), and one CSV
//! table per kind whose columns are the rules' field paths.
//!
//! Everything here works on records already loaded, and reads no file: the working tree today,
//! a git revision tomorrow, any loader can feed it. The keys and headers are the rules' keys,
//! the same in every language.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::output::escape::{csv_cell, json_str};
use crate::output::xlsx::Cell as XCell;
use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde_json::{Map, Value};

use crate::record::value::{Node, Table, Value as V};
use crate::record::{Format, Record};
use crate::rules::{Field, Kind, Rules, Type};
use crate::time::{parse_date, parse_datetime};

/// A date-time as the export writes it: RFC 3339 with its offset (`2026-03-14T09:05:00+08:00`).
pub fn rfc3339(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// A value written as a date (`YYYY-MM-DD`) stays a date; a date-time becomes RFC 3339, in the
/// org time zone when it was written without an offset; anything else is kept as written.
fn datetime_text(s: &str, tz: FixedOffset) -> Cow<'_, str> {
    if let Some(d) = date_written(s) {
        return d;
    }
    parse_datetime(s, tz, false).map_or(Cow::Borrowed(s), |t| Cow::Owned(rfc3339(t)))
}

/// A date (`YYYY-MM-DD`, blanks around allowed) as the export writes it; `None` when `s` is no
/// date. A date written exactly so is given back as it is, without formatting it again.
fn date_written(s: &str) -> Option<Cow<'_, str>> {
    let d = parse_date(s)?;
    // Ten bytes that parse are four digits, `-`, two, `-`, two: what `%Y-%m-%d` writes.
    Some(if s.len() == 10 {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(d.format("%Y-%m-%d").to_string())
    })
}

/// A TOML local time (`13:37`, `09:05:00.25`) as the export writes every time of day: to the
/// second, with a fraction (3, 6 or 9 digits) only where there is one — as date-times are.
fn local_time_text(s: &str) -> Option<String> {
    // No format below reads a `-`, which every date and date-time holds: those are not tried.
    if s.contains('-') {
        return None;
    }
    let t = chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M"))
        .ok()?;
    Some(t.format("%H:%M:%S%.f").to_string())
}

fn date_text(s: &str) -> Cow<'_, str> {
    date_written(s).unwrap_or(Cow::Borrowed(s))
}

fn field<'a>(fields: &'a [Field], name: &str) -> Option<&'a Type> {
    fields.iter().find(|f| f.name == name).map(|f| &f.ty)
}

/// A string as the export writes it: dates and date-times by the field's type, the rest as
/// written.
fn str_text<'a>(s: &'a str, ty: Option<&Type>, tz: FixedOffset) -> Cow<'a, str> {
    match ty {
        Some(Type::Date) => date_text(s),
        Some(Type::DateTime) => datetime_text(s, tz),
        _ => Cow::Borrowed(s),
    }
}

/// A native TOML date, date-time or time of day as the export writes it.
fn datetime_value_text(s: &str, tz: FixedOffset) -> Cow<'_, str> {
    local_time_text(s).map_or_else(|| datetime_text(s, tz), Cow::Owned)
}

/// A node as JSON. `ty` is the field's type in the rules, when the rules know the field: it
/// says which strings are dates (YAML writes every date as a string).
fn json_value(node: &Node, ty: Option<&Type>, tz: FixedOffset) -> Value {
    match &node.value {
        V::Str(s) => Value::String(str_text(s, ty, tz).into_owned()),
        // A native TOML date, date-time or time of day.
        V::Datetime(s) => Value::String(datetime_value_text(s, tz).into_owned()),
        V::Int(i) => Value::from(*i),
        // JSON has no NaN or infinity: those stay as written, as text.
        V::Float(f) => serde_json::Number::from_f64(*f)
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        V::Bool(b) => Value::Bool(*b),
        V::Null => Value::Null,
        V::Array(items) => {
            let of: Option<Type> = match ty {
                Some(Type::List(of)) => Some((**of).clone()),
                Some(Type::TableList(fields)) => Some(Type::Table(fields.clone())),
                _ => None,
            };
            Value::Array(
                items
                    .iter()
                    .map(|n| json_value(n, of.as_ref(), tz))
                    .collect(),
            )
        }
        V::Table(t) => Value::Object(match ty {
            Some(Type::Table(fields)) => table(t, |name| field(fields, name), tz),
            Some(Type::Map(of)) => table(t, |_| Some(&**of), tz),
            _ => table(t, |_| None, tz),
        }),
    }
}

/// A table as a JSON object, keys in the order they are written.
fn table<'a>(
    t: &Table,
    type_of: impl Fn(&str) -> Option<&'a Type>,
    tz: FixedOffset,
) -> Map<String, Value> {
    t.entries
        .iter()
        .map(|e| (e.key.clone(), json_value(&e.node, type_of(&e.key), tz)))
        .collect()
}

/// The record's whole value: top-level fields typed by the common and kind fields, stage
/// sections by the stage's fields.
fn record_value(rules: &Rules, kind: &Kind, rec: &Record, tz: FixedOffset) -> Map<String, Value> {
    rec.root
        .entries
        .iter()
        .map(|e| {
            let value = match (kind.stages.iter().find(|s| s.key == e.key), &e.node.value) {
                (Some(stage), V::Table(t)) => Value::Object(table(
                    t,
                    |name| {
                        rules
                            .stage_fields(stage)
                            .find(|f| f.name == name)
                            .map(|f| &f.ty)
                    },
                    tz,
                )),
                _ => {
                    let ty = field(&rules.common, &e.key).or_else(|| field(&kind.fields, &e.key));
                    json_value(&e.node, ty, tz)
                }
            };
            (e.key.clone(), value)
        })
        .collect()
}

/// The id a record is known by: its `id`, else its file stem.
pub fn id_of(rec: &Record) -> &str {
    rec.id().unwrap_or_else(|| rec.stem())
}

/// One record as the export gives it:
/// `{id, kind, path, format, title, stage, final, record, timeline}`. `None` when the record's
/// kind is not in `rules` (a loader bug, never a data error).
pub fn record_json(rules: &Rules, rec: &Record, tz: FixedOffset) -> Option<Value> {
    let kind = rules.kinds.get(rec.kind)?;
    let text = |key: &str| rec.get(key).and_then(Node::as_str).map(str::to_string);
    let stage = text("stage");
    let final_stage = kind
        .stages
        .last()
        .is_some_and(|s| stage.as_deref() == Some(s.key.as_str()));
    let timeline: Vec<Value> = kind
        .stages
        .iter()
        .filter_map(|s| rec.section(&s.key).map(|t| (s, t)))
        .map(|(s, t)| {
            let at = t
                .str("at")
                .and_then(|a| parse_datetime(a, tz, true))
                .map(rfc3339);
            let mut step = Map::new();
            step.insert("stage".into(), Value::String(s.key.clone()));
            step.insert("at".into(), at.map_or(Value::Null, Value::String));
            step.insert(
                "by".into(),
                t.str("by")
                    .map_or(Value::Null, |b| Value::String(b.to_string())),
            );
            Value::Object(step)
        })
        .collect();
    let mut out = Map::new();
    out.insert("id".into(), Value::String(id_of(rec).to_string()));
    out.insert("kind".into(), Value::String(kind.key.clone()));
    out.insert("path".into(), Value::String(rec.rel.clone()));
    out.insert(
        "format".into(),
        Value::String(
            match rec.format {
                Format::Toml => "toml",
                Format::Yaml => "yaml",
            }
            .into(),
        ),
    );
    out.insert(
        "title".into(),
        text("title").map_or(Value::Null, Value::String),
    );
    out.insert("stage".into(), stage.map_or(Value::Null, Value::String));
    out.insert("final".into(), Value::Bool(final_stage));
    out.insert(
        "record".into(),
        Value::Object(record_value(rules, kind, rec, tz)),
    );
    out.insert("timeline".into(), Value::Array(timeline));
    Some(Value::Object(out))
}

/// The key records are exported in: by id, then by path (two files may claim one id).
pub fn order_key(rec: &Record) -> (String, String) {
    (id_of(rec).to_string(), rec.rel.clone())
}

/// The `id` of a record read from its text without parsing it, when the text says it beyond
/// doubt: its first line that is neither blank nor a comment is `id = "…"` (TOML, a basic
/// string without escapes) or `id: …` (YAML, quoted on the line without escapes, or a plain word that starts with a letter, holds a
/// `-` and only letters, digits, `_`, `.` and `-`, so that YAML reads it as text, and whose
/// next non-blank line starts at the margin, so that it does not go on). `None` when the text
/// is written any other way: the record is then parsed to learn it. Whether the text parses at
/// all is left to the parse: a record that does not is not exported, wherever its key put it.
pub fn scan_id(text: &str, format: Format) -> Option<&str> {
    let mut lines = text.split('\n');
    let first = lines.find(|l| {
        let t = l.trim_start_matches([' ', '\t']).trim_end_matches('\r');
        !t.is_empty() && !t.starts_with('#')
    })?;
    let first = first.trim_end_matches('\r');
    match format {
        Format::Toml => {
            let rest = first.trim_start_matches([' ', '\t']).strip_prefix("id")?;
            let rest = rest.trim_start_matches([' ', '\t']);
            let rest = rest.strip_prefix('=')?.trim_start_matches([' ', '\t']);
            let rest = rest.strip_prefix('"')?;
            let end = rest.find('"')?;
            let (id, tail) = (
                &rest[..end],
                rest[end + 1..].trim_start_matches([' ', '\t']),
            );
            let plain = !id.chars().any(|c| c == '\\' || c.is_control());
            (plain && (tail.is_empty() || tail.starts_with('#'))).then_some(id)
        }
        Format::Yaml => {
            let rest = first.strip_prefix("id: ")?.trim_start_matches(' ');
            // Quoted on one line, without escapes or its quote inside: the text between.
            for quote in ['"', '\''] {
                if let Some(rest) = rest.strip_prefix(quote) {
                    let end = rest.find(quote)?;
                    let (id, tail) = (&rest[..end], rest[end + 1..].trim_start_matches(' '));
                    let plain = !id.chars().any(|c| c == '\\' || c.is_control());
                    return (plain && (tail.is_empty() || tail.starts_with('#'))).then_some(id);
                }
            }
            let (id, tail) = match rest.find(' ') {
                Some(i) => (&rest[..i], rest[i..].trim_start_matches(' ')),
                None => (rest, ""),
            };
            let word = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && id.contains('-')
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
            let next = lines.find(|l| !l.trim_matches([' ', '\t', '\r']).is_empty());
            let ends = next.is_none_or(|l| !l.starts_with([' ', '\t']));
            (word && ends && (tail.is_empty() || tail.starts_with('#'))).then_some(id)
        }
    }
}

/// One record as a line of NDJSON (or an element of the JSON array), without its newline: the
/// bytes `serde_json` gives for `record_json`, written straight from the record's value tree
/// (see `write_record`).
pub fn record_line(rules: &Rules, rec: &Record, tz: FixedOffset) -> Option<String> {
    let mut out = String::with_capacity(1024);
    write_record(&mut out, rules, rec, tz).then_some(out)
}

/// Appends one record as `record_json` gives it, written as `serde_json` writes a `Value`
/// (keys in order, no blanks, its numbers and escapes), without building that value: the
/// export's time went mostly into building it. `false`, with nothing written, when the
/// record's kind is not in `rules`.
///
/// A `serde_json` map keeps one entry per key; the tree's tables hold each key once (both
/// parsers refuse a key written twice), so every entry is written as it comes.
pub fn write_record(out: &mut String, rules: &Rules, rec: &Record, tz: FixedOffset) -> bool {
    let Some(kind) = rules.kinds.get(rec.kind) else {
        return false;
    };
    let text = |key: &str| rec.get(key).and_then(Node::as_str);
    let opt = |out: &mut String, s: Option<&str>| match s {
        Some(s) => json_str(out, s),
        None => out.push_str("null"),
    };
    let stage = text("stage");
    let final_stage = kind
        .stages
        .last()
        .is_some_and(|s| stage == Some(s.key.as_str()));
    out.push_str("{\"id\":");
    json_str(out, id_of(rec));
    out.push_str(",\"kind\":");
    json_str(out, &kind.key);
    out.push_str(",\"path\":");
    json_str(out, &rec.rel);
    out.push_str(match rec.format {
        Format::Toml => ",\"format\":\"toml\",\"title\":",
        Format::Yaml => ",\"format\":\"yaml\",\"title\":",
    });
    opt(out, text("title"));
    out.push_str(",\"stage\":");
    opt(out, stage);
    out.push_str(if final_stage {
        ",\"final\":true,\"record\":{"
    } else {
        ",\"final\":false,\"record\":{"
    });
    for (i, e) in rec.root.entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_str(out, &e.key);
        out.push(':');
        match (kind.stages.iter().find(|s| s.key == e.key), &e.node.value) {
            (Some(stage), V::Table(t)) => write_table(
                out,
                t,
                |name| {
                    rules
                        .stage_fields(stage)
                        .find(|f| f.name == name)
                        .map(|f| &f.ty)
                },
                tz,
            ),
            _ => {
                let ty = field(&rules.common, &e.key).or_else(|| field(&kind.fields, &e.key));
                write_node(out, &e.node, ty, tz);
            }
        }
    }
    out.push_str("},\"timeline\":[");
    let steps = kind
        .stages
        .iter()
        .filter_map(|s| rec.section(&s.key).map(|t| (s, t)));
    for (i, (s, t)) in steps.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"stage\":");
        json_str(out, &s.key);
        out.push_str(",\"at\":");
        let at = t
            .str("at")
            .and_then(|a| parse_datetime(a, tz, true))
            .map(rfc3339);
        opt(out, at.as_deref());
        out.push_str(",\"by\":");
        opt(out, t.str("by"));
        out.push('}');
    }
    out.push_str("]}");
    true
}

/// Appends a node as `json_value` gives it, written as `serde_json` writes it.
fn write_node(out: &mut String, node: &Node, ty: Option<&Type>, tz: FixedOffset) {
    match &node.value {
        V::Str(s) => json_str(out, &str_text(s, ty, tz)),
        V::Datetime(s) => json_str(out, &datetime_value_text(s, tz)),
        V::Int(i) => {
            let _ = write!(out, "{i}");
        }
        // `serde_json` writes a float with the shortest digits that read back the same
        // (`ryu`), not as Rust's `Display` does: its own `Number` writes it.
        V::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(n) => {
                let _ = write!(out, "{n}");
            }
            None => json_str(out, &f.to_string()),
        },
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Null => out.push_str("null"),
        V::Array(items) => {
            out.push('[');
            for (i, n) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                // As `json_value` types the items, without copying the type: an item of a
                // list of tables typed as a table is read by those fields when it is a table,
                // and as an untyped item when it is not.
                match (ty, &n.value) {
                    (Some(Type::List(of)), _) => write_node(out, n, Some(of), tz),
                    (Some(Type::TableList(fields)), V::Table(t)) => {
                        write_table(out, t, |name| field(fields, name), tz)
                    }
                    _ => write_node(out, n, None, tz),
                }
            }
            out.push(']');
        }
        V::Table(t) => match ty {
            Some(Type::Table(fields)) => write_table(out, t, |name| field(fields, name), tz),
            Some(Type::Map(of)) => write_table(out, t, |_| Some(&**of), tz),
            _ => write_table(out, t, |_| None, tz),
        },
    }
}

/// Appends a table as a JSON object, keys in the order they are written.
fn write_table<'a>(
    out: &mut String,
    t: &Table,
    type_of: impl Fn(&str) -> Option<&'a Type>,
    tz: FixedOffset,
) {
    out.push('{');
    for (i, e) in t.entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_str(out, &e.key);
        out.push(':');
        write_node(out, &e.node, type_of(&e.key), tz);
    }
    out.push('}');
}

/// The JSON array written element by element: `[`, one element per line, `]`; `[]` when
/// there is none.
#[derive(Default)]
pub struct JsonArray {
    started: bool,
}

impl JsonArray {
    /// What goes before the element `line`.
    pub fn before(&mut self) -> &'static str {
        if std::mem::replace(&mut self.started, true) {
            ",\n"
        } else {
            "[\n"
        }
    }

    /// What closes the array.
    pub fn end(&self) -> &'static str {
        if self.started { "\n]\n" } else { "[]\n" }
    }
}

/// A CSV column: a top-level field (`system`) or a stage's field (`report.at`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    pub section: Option<String>,
    pub field: String,
}

impl Column {
    fn top(field: &str) -> Column {
        Column {
            section: None,
            field: field.to_string(),
        }
    }

    pub fn header(&self) -> String {
        match &self.section {
            Some(s) => format!("{s}.{}", self.field),
            None => self.field.clone(),
        }
    }

    fn cell<'a>(&self, record: &'a Map<String, Value>) -> Option<&'a Value> {
        match &self.section {
            Some(s) => record.get(s)?.as_object()?.get(&self.field),
            None => record.get(&self.field),
        }
    }
}

/// The columns of a kind's CSV the rules give: their field paths in the rules' order (common
/// fields, the kind's fields, then each stage's `at`, `by` and own fields). `kind` has no
/// column: the file is the kind's.
pub fn rule_columns(rules: &Rules, kind: &Kind) -> Vec<Column> {
    let mut cols: Vec<Column> = Vec::new();
    let push = |c: Column, cols: &mut Vec<Column>| {
        if !cols.contains(&c) {
            cols.push(c);
        }
    };
    for f in rules.common.iter().chain(&kind.fields) {
        if f.name != "kind" {
            push(Column::top(&f.name), &mut cols);
        }
    }
    for stage in &kind.stages {
        for f in rules.stage_common.iter().chain(&stage.fields) {
            let c = Column {
                section: Some(stage.key.clone()),
                field: f.name.clone(),
            };
            push(c, &mut cols);
        }
    }
    cols
}

/// The paths an exported record holds that are not among `known`, in the order it holds them.
pub fn unknown_columns(kind: &Kind, value: &Value, known: &[Column]) -> Vec<Column> {
    let mut extra: Vec<Column> = Vec::new();
    let Some(record) = value["record"].as_object() else {
        return extra;
    };
    for (key, value) in record {
        let stage = kind.stages.iter().any(|s| &s.key == key);
        let found: Vec<Column> = match value.as_object() {
            Some(section) if stage => section
                .keys()
                .map(|f| Column {
                    section: Some(key.clone()),
                    field: f.clone(),
                })
                .collect(),
            _ if key == "kind" => Vec::new(),
            _ => vec![Column::top(key)],
        };
        for c in found {
            if !known.contains(&c) && !extra.contains(&c) {
                extra.push(c);
            }
        }
    }
    extra
}

/// The columns of a kind's CSV: the rules' (`rule_columns`), then, sorted, the paths the
/// records hold that the rules do not know (`unknown`, each record's `unknown_columns` in
/// export order), so that nothing is left out.
pub fn columns_with(
    mut cols: Vec<Column>,
    unknown: impl IntoIterator<Item = Column>,
) -> Vec<Column> {
    let mut extra: Vec<Column> = Vec::new();
    for c in unknown {
        if !cols.contains(&c) && !extra.contains(&c) {
            extra.push(c);
        }
    }
    extra.sort_by_key(Column::header);
    cols.extend(extra);
    cols
}

/// A list item as it goes into a `;`-joined cell: one a spreadsheet would read as the start of a
/// formula, once the cell is split at `;` (as spreadsheets set to `;` as the separator split
/// it), gets a leading `'`, by the rule `csv_cell` applies to the whole cell.
fn list_item(s: String) -> String {
    let first = s.trim_start_matches(' ').chars().next();
    if matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n')) {
        format!("'{s}")
    } else {
        s
    }
}

/// A value as one CSV cell: text as it is, lists of plain values joined with `;` (each item
/// that could start a formula neutralised), tables and lists of tables as JSON.
pub fn cell_text(v: &Value) -> String {
    let plain = |v: &Value| match v {
        Value::Null => Some(String::new()),
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match v {
        Value::Array(items) => items
            .iter()
            .map(|item| plain(item).map(list_item))
            .collect::<Option<Vec<String>>>()
            .map_or_else(|| v.to_string(), |cells| cells.join(";")),
        Value::Object(_) => v.to_string(),
        _ => plain(v).unwrap_or_default(),
    }
}

fn csv_line(cells: impl IntoIterator<Item = String>) -> String {
    let cells: Vec<String> = cells.into_iter().map(|c| csv_cell(&c)).collect();
    cells.join(",") + "\n"
}

/// The header line of a kind's CSV.
pub fn csv_header(cols: &[Column]) -> String {
    csv_line(cols.iter().map(Column::header))
}

/// The CSV line of one exported record. The `id` column holds the id the record is known by
/// (its file stem when it has none).
pub fn csv_row(cols: &[Column], v: &Value) -> String {
    let empty = Map::new();
    let record = v["record"].as_object().unwrap_or(&empty);
    csv_line(cols.iter().map(|c| {
        if c.section.is_none() && c.field == "id" {
            return cell_text(&v["id"]);
        }
        c.cell(record).map(cell_text).unwrap_or_default()
    }))
}

/// The rules' type of a column's field, when the rules know it.
fn column_type<'a>(rules: &'a Rules, kind: &'a Kind, col: &Column) -> Option<&'a Type> {
    match &col.section {
        None => rules
            .common
            .iter()
            .chain(&kind.fields)
            .find(|f| f.name == col.field)
            .map(|f| &f.ty),
        Some(s) => {
            let stage = kind.stages.iter().find(|st| &st.key == s)?;
            rules
                .stage_common
                .iter()
                .chain(&stage.fields)
                .find(|f| f.name == col.field)
                .map(|f| &f.ty)
        }
    }
}

/// The row of one exported record in a kind's sheet of the workbook: the CSV's cells, but
/// dates (`Date` fields) and date-times (`DateTime` fields, in the org time zone) as Excel
/// dates, numbers and booleans as themselves. A value a date field holds that is no date stays
/// text, as written.
pub fn xlsx_row(
    rules: &Rules,
    kind: &Kind,
    cols: &[Column],
    v: &Value,
    tz: FixedOffset,
) -> Vec<XCell> {
    let empty = Map::new();
    let record = v["record"].as_object().unwrap_or(&empty);
    cols.iter()
        .map(|c| {
            let value = if c.section.is_none() && c.field == "id" {
                Some(&v["id"])
            } else {
                c.cell(record)
            };
            let Some(value) = value else {
                return XCell::Empty;
            };
            match (value, column_type(rules, kind, c)) {
                (Value::Null, _) => XCell::Empty,
                (Value::String(s), Some(Type::Date)) => {
                    parse_date(s).map_or_else(|| XCell::Text(s.clone()), XCell::Date)
                }
                (Value::String(s), Some(Type::DateTime)) => match parse_date(s) {
                    Some(d) if s.len() == 10 => XCell::Date(d),
                    _ => DateTime::parse_from_rfc3339(s).map_or_else(
                        |_| XCell::Text(s.clone()),
                        |t| XCell::DateTime(t.with_timezone(&tz).naive_local()),
                    ),
                },
                // Integers beyond 2^53 would lose digits as Excel's numbers: kept as text.
                (Value::Number(n), _) => match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) if i.unsigned_abs() > 1 << 53 => XCell::Text(n.to_string()),
                    (_, Some(f)) => XCell::Number(f),
                    _ => XCell::Text(n.to_string()),
                },
                (Value::Bool(b), _) => XCell::Bool(*b),
                (v, _) => XCell::Text(cell_text(v)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns of a kind's CSV for these exported records (see `columns_with`).
    fn columns(rules: &Rules, kind: &Kind, records: &[&Value]) -> Vec<Column> {
        let cols = rule_columns(rules, kind);
        let unknown: Vec<Column> = records
            .iter()
            .flat_map(|r| unknown_columns(kind, r, &cols))
            .collect();
        columns_with(cols, unknown)
    }

    /// The CSV of one kind: a header of field paths, then a row per record of the kind, in export
    /// order.
    fn csv(rules: &Rules, kind: usize, records: &[&Record], tz: FixedOffset) -> String {
        let Some(k) = rules.kinds.get(kind) else {
            return String::new();
        };
        let values: Vec<Value> = records
            .iter()
            .filter(|r| r.kind == kind)
            .filter_map(|r| record_json(rules, r, tz))
            .collect();
        let refs: Vec<&Value> = values.iter().collect();
        let cols = columns(rules, k, &refs);
        let mut out = csv_header(&cols);
        for v in &values {
            out.push_str(&csv_row(&cols, v));
        }
        out
    }

    fn load(text: &str, format: Format, kind: &str) -> (Rules, Record) {
        let rules = Rules::builtin().unwrap();
        let mut diags = Vec::new();
        let root = crate::record::parse(text, format, "x", crate::diag::Check::Syntax, &mut diags)
            .unwrap();
        let kind = rules.kinds.iter().position(|k| k.key == kind).unwrap();
        let rec = Record {
            path: "incidents/INC-1.toml".into(),
            rel: "incidents/INC-1.toml".into(),
            kind,
            format,
            root,
        };
        (rules, rec)
    }

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn dates_stay_dates_and_date_times_get_their_offset() {
        let (rules, rec) = load(
            "id = \"INC-1\"\nstage = \"report\"\noutage_start = 2026-03-14T09:05:00\n[report]\nat = 2026-03-14\noccurred_at = \"2026-03-14 09:05\"\nby = \"li\"\n",
            Format::Toml,
            "incident",
        );
        let v = record_json(&rules, &rec, tz()).unwrap();
        assert_eq!(v["record"]["outage_start"], "2026-03-14T09:05:00+08:00");
        assert_eq!(v["record"]["report"]["at"], "2026-03-14");
        assert_eq!(
            v["record"]["report"]["occurred_at"],
            "2026-03-14T09:05:00+08:00"
        );
        // The timeline reads a date as the start of its day.
        assert_eq!(v["timeline"][0]["at"], "2026-03-14T00:00:00+08:00");
        assert_eq!(v["timeline"][0]["by"], "li");
        assert_eq!(v["final"], false);
        assert_eq!(v["title"], Value::Null);
    }

    #[test]
    fn an_id_is_scanned_only_when_the_text_says_it_beyond_doubt() {
        let toml = [
            ("id = \"INC-1\"\ntitle = \"x\"\n", Some("INC-1")),
            ("# c\n\n  id=\"数据-1\" # note\r\n", Some("数据-1")),
            ("title = \"x\"\nid = \"INC-1\"\n", None),
            ("id = \"A\\u0042\"\n", None),
            ("id = 'INC-1'\n", None),
            ("\"id\" = \"INC-1\"\n", None),
            ("id.x = \"INC-1\"\n", None),
            ("id = \"INC-1\" x\n", None),
            ("ident = \"INC-1\"\n", None),
        ];
        let yaml = [
            ("id: INC-1\ntitle: x\n", Some("INC-1")),
            (
                "# c\nid: PRJ-2026.1 # note\n\nstage: a\n",
                Some("PRJ-2026.1"),
            ),
            ("id: INC-1\n  more\n", None),
            ("id: INC-1\n\n\tmore\n", None),
            ("id: '1'\n", Some("1")),
            (
                "id: \"PLN-2026-009139\"\nstage: x\n",
                Some("PLN-2026-009139"),
            ),
            ("id: \"A\\tB\"\n", None),
            ("id: 'it''s'\n", None),
            ("id: \"A\" B\n", None),
            ("id: 123\n", None),
            ("id: e-3\n", Some("e-3")),
            ("id: 1e-3\n", None),
            ("id: true\n", None),
            ("id: INC 1\n", None),
            ("id:INC-1\n", None),
            ("title: x\nid: INC-1\n", None),
            ("---\nid: INC-1\n", None),
        ];
        let rules = Rules::builtin().unwrap();
        let kind = rules
            .kinds
            .iter()
            .position(|k| k.key == "incident")
            .unwrap();
        for (format, cases) in [(Format::Toml, &toml[..]), (Format::Yaml, &yaml[..])] {
            for &(text, want) in cases {
                assert_eq!(scan_id(text, format), want, "{text:?}");
                // What the scan says, the parse says too.
                if let Some(id) = want {
                    let path = std::path::Path::new(match format {
                        Format::Toml => "x.toml",
                        Format::Yaml => "x.yaml",
                    });
                    let (rec, _) = crate::repo::parse_record(path, "x", kind, text.as_bytes());
                    assert_eq!(rec.as_ref().and_then(Record::id), Some(id), "{text:?}");
                }
            }
        }
    }

    /// A small deterministic generator (xorshift), so that a failure can be replayed.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const TEXTS: &[&str] = &[
        "",
        "plain",
        "say \"hi\" \\ back",
        "tab\tline\nreturn\r\u{8}\u{c}",
        "\u{0}\u{1}\u{1f}\u{7f}\u{80}\u{9f}",
        "数据中心 — ✓ 😀",
        "\u{2028}\u{2029}",
        "2026-03-14",
        " 2026-03-14 ",
        "2026-02-30",
        "2026-03-14 09:05",
        "2026-03-14T09:05:00+08:00",
        "2026-03-14T09:05:00.5Z",
        "13:37",
        "INC-2026-000001",
    ];
    const DATETIMES: &[&str] = &[
        "2026-03-14",
        "2026-03-14T09:05:00",
        "2026-03-14T09:05:00.123456+08:00",
        "2026-03-14 09:05:00Z",
        "1979-05-27T00:32:00.999999-07:00",
        "13:37",
        "09:05:00.25",
        "23:59:59.123456789",
        "not a date",
    ];
    const FLOATS: &[f64] = &[
        0.0,
        -0.0,
        1.0,
        0.1,
        1.5e300,
        1e20,
        1e-7,
        123456789.125,
        5e-324,
        f64::MAX,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];

    fn random_node(rng: &mut Rng, keys: &[&str], depth: usize) -> Node {
        let value = match rng.below(if depth > 2 { 6 } else { 8 }) {
            0 => V::Str(rng.pick(TEXTS).to_string()),
            1 => V::Datetime(rng.pick(DATETIMES).to_string()),
            2 => V::Int(match rng.below(4) {
                0 => i64::MIN,
                1 => i64::MAX,
                _ => rng.next() as i64 >> rng.below(64),
            }),
            3 => V::Float(match rng.below(3) {
                0 => f64::from_bits(rng.next()),
                _ => FLOATS[rng.below(FLOATS.len())],
            }),
            4 => V::Bool(rng.below(2) == 0),
            5 => V::Null,
            6 => V::Array(
                (0..rng.below(4))
                    .map(|_| random_node(rng, keys, depth + 1))
                    .collect(),
            ),
            _ => V::Table(random_table(rng, keys, depth + 1)),
        };
        Node::new(crate::diag::Span::START, value)
    }

    /// A table of keys drawn from `keys` (the rules' names, so that fields get their types)
    /// and a few others, each key once, as the parsers give them.
    fn random_table(rng: &mut Rng, keys: &[&str], depth: usize) -> Table {
        let mut t = Table::default();
        for _ in 0..rng.below(if depth == 0 { 24 } else { 6 }) {
            let key = match rng.below(4) {
                0 => rng.pick(TEXTS),
                _ => rng.pick(keys),
            };
            if t.get(key).is_some() {
                continue;
            }
            // Stages are tables more often than not, as in records.
            let node = if rng.below(3) > 0 && depth < 3 {
                Node::new(
                    crate::diag::Span::START,
                    V::Table(random_table(rng, keys, depth + 1)),
                )
            } else {
                random_node(rng, keys, depth)
            };
            t.entries.push(crate::record::value::Entry {
                key: key.to_string(),
                key_span: crate::diag::Span::START,
                node,
            });
        }
        t
    }

    /// The direct writer against `serde_json`'s text of `record_json`.
    fn assert_same_line(rules: &Rules, rec: &Record, what: &str) {
        for tz in [tz(), FixedOffset::west_opt(5 * 3600 + 1800).unwrap()] {
            let want = record_json(rules, rec, tz).map(|v| v.to_string());
            assert_eq!(record_line(rules, rec, tz), want, "{what}");
        }
    }

    #[test]
    fn the_direct_writer_gives_serde_json_bytes_for_random_trees() {
        let rules = Rules::builtin().unwrap();
        let mut names: Vec<&str> = vec!["id", "stage", "title", "at", "by", "kind"];
        for f in rules.common.iter().chain(&rules.stage_common) {
            names.push(&f.name);
        }
        for k in &rules.kinds {
            for f in &k.fields {
                names.push(&f.name);
                if let Type::Table(fs) | Type::TableList(fs) = &f.ty {
                    names.extend(fs.iter().map(|f| f.name.as_str()));
                }
            }
            for s in &k.stages {
                names.push(&s.key);
                names.extend(s.fields.iter().map(|f| f.name.as_str()));
            }
        }
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..3000 {
            let kind = rng.below(rules.kinds.len());
            let rec = Record {
                path: "x/X-1.toml".into(),
                rel: rng.pick(TEXTS).to_string(),
                kind,
                format: if rng.below(2) == 0 {
                    Format::Toml
                } else {
                    Format::Yaml
                },
                root: random_table(&mut rng, &names, 0),
            };
            assert_same_line(&rules, &rec, &format!("round {round}: {:?}", rec.root));
        }
    }

    #[test]
    fn the_direct_writer_gives_serde_json_bytes_for_every_example_and_fixture() {
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, files);
                } else if matches!(
                    path.extension().and_then(|x| x.to_str()),
                    Some("toml" | "yaml" | "yml")
                ) {
                    files.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("examples"), &mut files);
        walk(&root.join("tests/fixtures"), &mut files);
        let rules = Rules::builtin().unwrap();
        let mut compared = 0;
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            // Each file read as a record of every kind: the types differ by kind.
            for kind in 0..rules.kinds.len() {
                if let (Some(rec), _) = crate::repo::parse_record(path, &rel, kind, &bytes) {
                    assert_same_line(&rules, &rec, &rel);
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "{compared} records compared");
    }

    #[test]
    fn local_times_are_written_to_the_second() {
        for (written, want) in [
            ("13:37", "13:37:00"),
            ("13:37:05", "13:37:05"),
            ("00:00:00.5", "00:00:00.500"),
            ("23:59:59.123456", "23:59:59.123456"),
            ("07:05:00.000", "07:05:00"),
        ] {
            assert_eq!(local_time_text(written).as_deref(), Some(want), "{written}");
        }
        assert_eq!(local_time_text("2026-03-14"), None);
        assert_eq!(local_time_text("2026-03-14T09:05:00"), None);
    }

    #[test]
    fn yaml_date_strings_are_read_by_the_field_type() {
        let (rules, rec) = load(
            "id: PRJ-1\nplanned_end: '2026-09-30'\ndepartment: '2026-09-30 10:00'\nbaseline_changes:\n  - date: 2026-01-05\n    from: 2026-06-30\n    to: 2026-09-30\n    reason: r\n",
            Format::Yaml,
            "project",
        );
        let v = record_json(&rules, &rec, tz()).unwrap();
        assert_eq!(v["record"]["planned_end"], "2026-09-30");
        // Text stays as written even when it looks like a date-time.
        assert_eq!(v["record"]["department"], "2026-09-30 10:00");
        assert_eq!(v["record"]["baseline_changes"][0]["to"], "2026-09-30");
        assert_eq!(v["format"], "yaml");
    }

    #[test]
    fn cells_join_lists_and_keep_tables_as_json() {
        assert_eq!(cell_text(&serde_json::json!(["a", "b"])), "a;b");
        assert_eq!(
            cell_text(&serde_json::json!(["x", "=1+1", " -2", "@a", "ok"])),
            "x;'=1+1;' -2;'@a;ok"
        );
        assert_eq!(
            csv_cell(&cell_text(&serde_json::json!(["=1", "b"]))),
            "'=1;b"
        );
        assert_eq!(cell_text(&serde_json::json!([{"a": 1}])), "[{\"a\":1}]");
        assert_eq!(cell_text(&serde_json::json!(1.5)), "1.5");
        assert_eq!(cell_text(&Value::Null), "");
    }

    #[test]
    fn csv_cells_neutralise_formulas_and_quote_control_characters() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("a\u{1}b"), "a\\u{1}b");
        assert_eq!(csv_cell("a\nb"), "\"a\nb\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn csv_columns_follow_the_rules_then_unknown_paths() {
        let (rules, rec) = load(
            "id = \"INC-1\"\nkind = \"incident\"\nstage = \"report\"\nzeta = 1\n[report]\nat = 2026-03-14\nextra = \"x\"\n",
            Format::Toml,
            "incident",
        );
        let text = csv(&rules, rec.kind, &[&rec], tz());
        let header = text.lines().next().unwrap();
        assert!(header.starts_with("id,title,stage,owner,tags,links,notes,system,severity,"));
        assert!(header.contains(",alert.at,alert.by,alert.source,alert.threshold,report.at,"));
        assert!(header.ends_with(",report.extra,zeta"), "{header}");
        assert!(!header.contains("kind"));
        assert_eq!(text.lines().count(), 2);
    }
}
