//! `itc fmt`: one canonical layout for a record — common fields, then the kind's fields, in
//! rules order; then the stage sections in stage order, each with `at` and `by` first; date-times
//! in one form (`2026-03-14T09:05:00+08:00`). Values keep their meaning; comments move with
//! the entry they sit above or beside. A file where a comment could not be kept (one inside a
//! multi-line value) is left alone rather than formatted.

use chrono::FixedOffset;

use crate::record::comment::comment_of;
use crate::record::value::{Entry, Node, Table, Value};
use crate::record::{self, Format, literal};
use crate::rules::{Field, Kind, Rules, Stage, Type};
use crate::time::{parse_date, parse_datetime};

#[derive(Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The text does not parse: `itc check` says why.
    Parse,
    /// A comment (on this line) has no place in the canonical layout.
    Comment(u32),
}

fn is_comment_line(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Every comment of a text, in order, for the check that none is lost.
fn comments(text: &str) -> Vec<&str> {
    text.lines().filter_map(comment_of).collect()
}

/// What a value means, independent of how it is written, for the meaning-preserving check:
/// date-times become instants.
pub fn meaning(node: &Node, tz: FixedOffset) -> String {
    match &node.value {
        Value::Str(s) | Value::Datetime(s) => match parse_datetime(s, tz, false) {
            Some(t) => format!("@{}", t.timestamp()),
            None => format!("{s:?}"),
        },
        Value::Int(i) => format!("{i}"),
        Value::Float(f) => format!("{f}"),
        Value::Bool(b) => format!("{b}"),
        Value::Null => "null".into(),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|n| meaning(n, tz))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::Table(t) => {
            let mut parts: Vec<String> = t
                .entries
                .iter()
                .map(|e| format!("{}={}", e.key, meaning(&e.node, tz)))
                .collect();
            parts.sort();
            format!("{{{}}}", parts.join(","))
        }
    }
}

/// The top-level fields of a kind's records, in the order `fmt` writes them: the common ones,
/// then the kind's own.
pub fn top_order<'r>(rules: &'r Rules, kind: &'r Kind) -> Vec<&'r Field> {
    rules.common.iter().chain(kind.fields.iter()).collect()
}

/// The fields of a stage section, in the order `fmt` writes them: `at`, `by`, then the rest.
pub fn stage_order<'r>(rules: &'r Rules, stage: &'r Stage) -> Vec<&'r Field> {
    let fields: Vec<&Field> = rules.stage_fields(stage).collect();
    let mut ordered: Vec<&Field> = fields
        .iter()
        .filter(|f| f.name == "at" || f.name == "by")
        .copied()
        .collect();
    ordered.sort_by_key(|f| f.name != "at");
    ordered.extend(
        fields
            .iter()
            .filter(|f| f.name != "at" && f.name != "by")
            .copied(),
    );
    ordered
}

/// A value in the form `fmt` gives it, by its field (or type): date-times in one form, the
/// entries of a table (and of each item of a table list) in rules order.
pub fn canonical(node: &Node, field: Option<&Field>, ty: Option<&Type>, tz: FixedOffset) -> Value {
    let ty = ty.or(field.map(|f| &f.ty));
    match (&node.value, ty) {
        (Value::Str(s) | Value::Datetime(s), Some(Type::DateTime)) => {
            if field.is_some_and(|f| f.allow_date) && parse_date(s).is_some() {
                return Value::Datetime(s.trim().to_string());
            }
            match parse_datetime(s, tz, false) {
                Some(t) => super::assign::datetime_value(t),
                None => node.value.clone(),
            }
        }
        (Value::Str(s) | Value::Datetime(s), Some(Type::Date)) if parse_date(s).is_some() => {
            Value::Datetime(s.trim().to_string())
        }
        (Value::Array(items), Some(Type::List(of))) => Value::Array(
            items
                .iter()
                .map(|n| literal::node(canonical(n, field, Some(of), tz)))
                .collect(),
        ),
        (Value::Array(items), Some(Type::TableList(fields))) => Value::Array(
            items
                .iter()
                .map(|n| match &n.value {
                    Value::Table(t) => literal::node(Value::Table(ordered(t, fields, tz))),
                    _ => n.clone(),
                })
                .collect(),
        ),
        (Value::Table(t), Some(Type::Table(fields))) => Value::Table(ordered(t, fields, tz)),
        _ => node.value.clone(),
    }
}

/// A table's entries in the order of `fields`, unknown keys after, values made canonical.
fn ordered(t: &Table, fields: &[Field], tz: FixedOffset) -> Table {
    let mut entries: Vec<&Entry> = t.entries.iter().collect();
    entries.sort_by_key(|e| {
        fields
            .iter()
            .position(|f| f.name == e.key)
            .unwrap_or(usize::MAX)
    });
    Table {
        entries: entries
            .into_iter()
            .map(|e| {
                let f = fields.iter().find(|f| f.name == e.key);
                Entry {
                    key: e.key.clone(),
                    key_span: e.key_span,
                    node: literal::node(canonical(&e.node, f, None, tz)),
                }
            })
            .collect(),
    }
}

struct Writer<'a> {
    lines: Vec<&'a str>,
    /// Lines already placed (as comments of some entry).
    used: Vec<bool>,
    format: Format,
    tz: FixedOffset,
    out: String,
}

impl Writer<'_> {
    /// The comment lines directly above `line` (1-based), blank lines allowed between them.
    fn leading(&mut self, line: u32) -> Vec<String> {
        let mut i = (line as usize).saturating_sub(1);
        let mut found = Vec::new();
        while i > 0 {
            let l = self.lines[i - 1];
            if is_comment_line(l) && !self.used[i - 1] {
                found.push(l.trim().to_string());
                self.used[i - 1] = true;
            } else if !l.trim().is_empty() {
                break;
            }
            i -= 1;
        }
        found.reverse();
        found
    }

    /// The comment at the end of the line holding an entry's key (`key = value  # note`,
    /// `[report]  # note`, `tags: [a, b]  # note`), taken once.
    fn trailing(&mut self, key_line: u32) -> Option<String> {
        let i = (key_line as usize).checked_sub(1)?;
        let line = *self.lines.get(i)?;
        if self.used[i] || is_comment_line(line) {
            return None;
        }
        let c = comment_of(line)?;
        self.used[i] = true;
        Some(c.to_string())
    }

    fn canonical(&self, node: &Node, field: Option<&Field>, ty: Option<&Type>) -> Value {
        canonical(node, field, ty, self.tz)
    }

    /// Writes the entries of a table in `fields` order, with their comments; returns what it
    /// wrote, as values, for the proof of the write.
    fn entries(&mut self, t: &Table, fields: &[&Field], skip: &[&str], indent: &str) -> Table {
        let mut written = Table::default();
        let mut entries: Vec<&Entry> = t
            .entries
            .iter()
            .filter(|e| !skip.contains(&e.key.as_str()))
            .collect();
        entries.sort_by_key(|e| {
            fields
                .iter()
                .position(|f| f.name == e.key)
                .unwrap_or(usize::MAX)
        });
        for e in entries {
            for c in self.leading(e.key_span.line) {
                self.out.push_str(&format!("{indent}{c}\n"));
            }
            let field = fields.iter().find(|f| f.name == e.key).copied();
            let value = self.canonical(&e.node, field, None);
            let mut text = literal::entry(&e.key, &value, self.format, indent);
            if let Some(c) = self.trailing(e.key_span.line) {
                // After the entry's first line.
                let end = text.find('\n').unwrap_or(text.len());
                text.insert_str(end, &format!("  {c}"));
            }
            self.out.push_str(&text);
            written.entries.push(Entry {
                key: e.key.clone(),
                key_span: e.key_span,
                node: literal::node(value),
            });
        }
        written
    }
}

/// The canonical text of a record that holds no entry: its comments, one a line, and in YAML
/// the empty mapping `{}` (an empty YAML text is no mapping at all; an empty TOML text is an
/// empty table).
fn empty(text: &str, format: Format) -> String {
    let mut out: String = text
        .lines()
        .filter_map(comment_of)
        .map(|c| format!("{c}\n"))
        .collect();
    if format == Format::Yaml {
        out.push_str("{}\n");
    }
    out
}

/// The canonical text of a record, or why it cannot be given one.
pub fn format(
    text: &str,
    format: Format,
    rules: &Rules,
    kind: &Kind,
    tz: FixedOffset,
) -> Result<String, FormatError> {
    format_tree(text, format, rules, kind, tz).map(|(out, _)| out)
}

/// The canonical text of a record and the values it is meant to hold (date-times in their one
/// form), for the proof that the text, read back, holds exactly them.
pub fn format_tree(
    text: &str,
    format: Format,
    rules: &Rules,
    kind: &Kind,
    tz: FixedOffset,
) -> Result<(String, Table), FormatError> {
    let mut diags = Vec::new();
    let root = record::parse(text, format, "", crate::diag::Check::Syntax, &mut diags)
        .ok_or(FormatError::Parse)?;
    if root.entries.is_empty() {
        return Ok((empty(text, format), root));
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut w = Writer {
        used: vec![false; lines.len()],
        lines,
        format,
        tz,
        out: String::new(),
    };
    // The file's opening comments (an editor directive, a note) stay on top, apart from the
    // first entry's own comments when a blank line separates them.
    let first_line = root
        .entries
        .iter()
        .map(|e| e.key_span.line)
        .min()
        .unwrap_or(1) as usize;
    let opening_end = w.lines[..first_line.saturating_sub(1)]
        .iter()
        .position(|l| !is_comment_line(l))
        .unwrap_or(first_line.saturating_sub(1));
    if opening_end > 0
        && w.lines
            .get(opening_end)
            .is_some_and(|l| l.trim().is_empty())
    {
        for i in 0..opening_end {
            w.out.push_str(w.lines[i].trim_end());
            w.out.push('\n');
            w.used[i] = true;
        }
        w.out.push('\n');
    }
    let stage_keys: Vec<&str> = kind.stages.iter().map(|s| s.key.as_str()).collect();
    let top = top_order(rules, kind);
    let mut tree = w.entries(&root, &top, &stage_keys, "");
    for stage in &kind.stages {
        let Some(entry) = root.entry(&stage.key) else {
            continue;
        };
        let Some(section) = entry.node.as_table() else {
            // Not a table: `itc check` reports it; keep it as written.
            w.out
                .push_str(&literal::entry(&stage.key, &entry.node.value, format, ""));
            tree.entries.push(entry.clone());
            continue;
        };
        w.out.push('\n');
        for c in w.leading(entry.key_span.line) {
            w.out.push_str(&format!("{c}\n"));
        }
        let trailing = w
            .trailing(entry.key_span.line)
            .map(|c| format!("  {c}"))
            .unwrap_or_default();
        match format {
            Format::Toml => w.out.push_str(&format!("[{}]{trailing}\n", stage.key)),
            Format::Yaml => w.out.push_str(&format!("{}:{trailing}\n", stage.key)),
        }
        let ordered = stage_order(rules, stage);
        let indent = if format == Format::Yaml { "  " } else { "" };
        let written = w.entries(section, &ordered, &[], indent);
        tree.entries.push(Entry {
            key: entry.key.clone(),
            key_span: entry.key_span,
            node: literal::node(Value::Table(written)),
        });
    }
    // Comments after the last entry.
    let tail: Vec<String> = w
        .lines
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, l)| is_comment_line(l) || l.trim().is_empty())
        .filter(|(i, l)| is_comment_line(l) && !w.used[*i])
        .map(|(_, l)| l.trim().to_string())
        .collect();
    if !tail.is_empty() {
        w.out.push('\n');
        for c in tail.iter().rev() {
            w.out.push_str(&format!("{c}\n"));
        }
    }
    // Nothing is lost: every comment of the original is in the result (counted, so that the
    // check stays linear in the number of comments).
    let mut kept: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in comments(&w.out) {
        *kept.entry(c).or_default() += 1;
    }
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = comment_of(line) {
            match kept.get_mut(c) {
                Some(n) if *n > 0 => *n -= 1,
                _ => return Err(FormatError::Comment(i as u32 + 1)),
            }
        }
    }
    Ok((w.out, tree))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::builtin().unwrap()
    }

    fn tz() -> FixedOffset {
        crate::config::CHINA_STANDARD_TIME
    }

    #[test]
    fn fields_and_sections_take_rules_order_and_one_datetime_form() {
        // The comment above `severity` moves with it.
        let rules = rules();
        let kind = rules.kind("incident").unwrap();
        let text = "# 值班记录\nseverity = \"P3\"\nid = \"INC-1\"   # 编号\ntitle = 'x'\n\n[report]\noccurred_at = \"2026-03-14 09:05\"\nat = 2026-03-14\n\n# 诊断\n[diagnosis]\nat = 2026-03-14T10:00:00+08:00\n";
        let out = format(text, Format::Toml, &rules, kind, tz()).unwrap();
        assert_eq!(
            out,
            "id = \"INC-1\"  # 编号\ntitle = \"x\"\n# 值班记录\nseverity = \"P3\"\n\n[report]\nat = 2026-03-14\noccurred_at = 2026-03-14T09:05:00+08:00\n\n# 诊断\n[diagnosis]\nat = 2026-03-14T10:00:00+08:00\n"
        );
        assert_eq!(
            format(&out, Format::Toml, &rules, kind, tz()).unwrap(),
            out,
            "idempotent"
        );
    }

    #[test]
    fn a_comment_inside_a_value_leaves_the_file_alone() {
        let rules = rules();
        let kind = rules.kind("drill").unwrap();
        let text = "id = \"DRL-1\"\nsystems = [\n  \"erp\", # 主系统\n  \"oa\",\n]\n";
        assert_eq!(
            format(text, Format::Toml, &rules, kind, tz()),
            Err(FormatError::Comment(3))
        );
    }

    #[test]
    fn a_record_without_entries_keeps_its_comments_and_stays_a_mapping() {
        let rules = rules();
        let kind = rules.kind("backup").unwrap();
        for (text, format, want) in [
            ("{}", Format::Yaml, "{}\n"),
            ("# a\n{ }  # b\n", Format::Yaml, "# a\n# b\n{}\n"),
            ("", Format::Toml, ""),
            ("# a\n\n# b\n", Format::Toml, "# a\n# b\n"),
        ] {
            let out = super::format(text, format, &rules, kind, tz()).unwrap();
            assert_eq!(out, want, "{text:?}");
            assert_eq!(
                super::format(&out, format, &rules, kind, tz()).unwrap(),
                out
            );
        }
    }

    #[test]
    fn comment_detection_ignores_hashes_in_strings() {
        assert_eq!(comment_of("a = \"x # y\"  # z"), Some("# z"));
        assert_eq!(comment_of("a: 'it''s # not'"), None);
        assert_eq!(comment_of("  # whole line"), Some("# whole line"));
        assert_eq!(comment_of("threshold: db.connections > 95%"), None);
    }
}
