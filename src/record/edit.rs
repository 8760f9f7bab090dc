//! Editing a record's text in place: replace one value, add one entry, append one section —
//! touching no other byte, so that comments, blank lines, key order, quoting and alignment
//! survive, in TOML and in YAML alike. The layout of the text (where each top-level entry and
//! each stage section's entries begin and end) comes from the parsers' byte positions.

use std::ops::Range;

use saphyr_parser::{Event, Parser};
use toml::de::{DeTable, DeValue};

use super::value::{Table, Value};
use super::{Format, literal};

/// One `key = value` entry as it lies in the text.
#[derive(Clone, Debug)]
struct Slot {
    key: String,
    /// The value's bytes.
    value: Range<usize>,
    /// Where a line inserted after this entry goes: the start of the line after it.
    after: usize,
    /// An entry written as `key = value` (not a `[header]` table in TOML).
    plain: bool,
    /// A table value (a stage section).
    table: bool,
    children: Vec<Slot>,
    /// The indentation of the children's lines.
    indent: String,
    /// Where a child inserted at the end of this section goes.
    child_insert: usize,
}

/// The editable layout of a record file.
pub struct Doc {
    pub text: String,
    pub format: Format,
    slots: Vec<Slot>,
    /// Where a new top-level entry goes: after the last top-level field.
    top_insert: usize,
}

#[derive(Debug)]
pub enum EditError {
    Parse(String),
    /// The section is written in a form an edit cannot extend (an inline table).
    NotExtensible(String),
}

/// The start of the line after the one holding byte `at` (byte-wise: `at` need not be on a
/// character boundary).
fn line_after(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| at + i + 1)
}

/// The start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

fn toml_layout(text: &str) -> Result<(Vec<Slot>, usize), EditError> {
    let doc = DeTable::parse(text).map_err(|e| EditError::Parse(e.message().to_string()))?;
    let mut slots = Vec::new();
    for (k, v) in doc.get_ref() {
        let value = v.span();
        let header = text.as_bytes().get(line_start(text, k.span().start)) == Some(&b'[');
        let mut slot = Slot {
            key: k.get_ref().to_string(),
            value: value.clone(),
            after: line_after(text, value.end.saturating_sub(1).max(value.start)),
            plain: !header,
            table: matches!(v.get_ref(), DeValue::Table(_)),
            children: Vec::new(),
            indent: String::new(),
            child_insert: line_after(text, value.start),
        };
        if let DeValue::Table(t) = v.get_ref() {
            for (ck, cv) in t {
                let cspan = cv.span();
                let child_header = text.as_bytes()[line_start(text, ck.span().start)..]
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
                    == Some(&b'[');
                let after = line_after(text, cspan.end.saturating_sub(1).max(cspan.start));
                if !child_header {
                    slot.child_insert = slot.child_insert.max(after);
                }
                slot.children.push(Slot {
                    key: ck.get_ref().to_string(),
                    value: cspan.clone(),
                    after,
                    plain: !child_header,
                    table: false,
                    children: Vec::new(),
                    indent: String::new(),
                    child_insert: after,
                });
            }
            slot.after = slot
                .children
                .iter()
                .map(|c| c.after)
                .max()
                .unwrap_or(slot.child_insert);
        }
        slots.push(slot);
    }
    let first_header = slots
        .iter()
        .filter(|s| !s.plain)
        .map(|s| line_start(text, s.value.start))
        .min();
    let last_plain = slots.iter().filter(|s| s.plain).map(|s| s.after).max();
    let top_insert = match (last_plain, first_header) {
        (Some(a), _) => a,
        (None, Some(h)) => h,
        (None, None) => text.len(),
    };
    Ok((slots, top_insert))
}

/// Byte offsets of character indices (saphyr counts characters).
struct CharIndex<'a> {
    text: &'a str,
    offsets: Option<Vec<usize>>,
}

impl CharIndex<'_> {
    fn byte(&self, char_index: usize) -> usize {
        match &self.offsets {
            None => char_index.min(self.text.len()),
            Some(o) => o.get(char_index).copied().unwrap_or(self.text.len()),
        }
    }
}

fn yaml_layout(text: &str) -> Result<(Vec<Slot>, usize), EditError> {
    let idx = CharIndex {
        text,
        offsets: (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect()),
    };
    // Depth 0: the document mapping; keys at depth 1 are top-level entries, keys at depth 2
    // inside a mapping value are a section's entries.
    let mut depth = 0usize;
    let mut expect_key = vec![true];
    let mut slots: Vec<Slot> = Vec::new();
    let mut pending_top: Option<(String, usize)> = None;
    let mut pending_child: Option<(String, usize)> = None;
    let mut value_end = 0usize;
    for item in Parser::new_from_str(text) {
        let (ev, span) = item.map_err(|e| EditError::Parse(e.info().to_string()))?;
        let (s, e) = (idx.byte(span.start.index()), idx.byte(span.end.index()));
        if e > s {
            value_end = value_end.max(e);
        }
        match ev {
            Event::Scalar(v, ..) => {
                let is_key = expect_key.last().copied().unwrap_or(false);
                if depth == 1 && is_key {
                    pending_top = Some((v.into_owned(), s));
                    value_end = e;
                } else if depth == 2 && is_key && slots.last().is_some_and(|t| t.table) {
                    pending_child = Some((v.into_owned(), s));
                    value_end = e;
                } else if depth == 1 {
                    if let Some((key, _)) = pending_top.take() {
                        slots.push(scalar_slot(text, key, s..e));
                    }
                } else if depth == 2
                    && let Some((key, _)) = pending_child.take()
                    && let Some(top) = slots.last_mut()
                {
                    top.children.push(scalar_slot(text, key, s..e));
                }
                if let Some(k) = expect_key.last_mut() {
                    *k = !*k;
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                if depth == 1
                    && is_map
                    && let Some((key, _)) = pending_top.take()
                {
                    slots.push(Slot {
                        key,
                        value: s..s,
                        after: 0,
                        plain: true,
                        table: true,
                        children: Vec::new(),
                        indent: String::new(),
                        child_insert: line_after(text, s),
                    });
                }
                // A list or mapping value of an entry starts here, not at its key.
                if depth == 1
                    && let Some(p) = pending_top.as_mut()
                {
                    p.1 = s;
                } else if depth == 2
                    && let Some(p) = pending_child.as_mut()
                {
                    p.1 = s;
                }
                depth += 1;
                expect_key.push(is_map);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                expect_key.pop();
                depth = depth.saturating_sub(1);
                if let Some(k) = expect_key.last_mut() {
                    *k = !*k;
                }
                let end = line_after(text, value_end.saturating_sub(1));
                if depth == 1 {
                    if let Some((key, start)) = pending_top.take() {
                        // A sequence (or other collection) value at the top level.
                        let end = collection_end(text, start, value_end);
                        slots.push(scalar_slot(text, key, start..end));
                    } else if let Some(last) = slots.last_mut()
                        && last.table
                        && last.after == 0
                    {
                        // A flow mapping (`{…}`) ends at its closing brace.
                        let value_end = collection_end(text, last.value.start, value_end);
                        last.after = line_after(text, value_end.saturating_sub(1));
                        last.child_insert = last.after;
                        last.value.end = value_end;
                    }
                } else if depth == 2
                    && let Some((key, start)) = pending_child.take()
                    && let Some(top) = slots.last_mut()
                {
                    let mut c =
                        scalar_slot(text, key, start..collection_end(text, start, value_end));
                    c.after = end;
                    top.children.push(c);
                }
            }
            Event::Alias(_) => return Err(EditError::Parse("aliases are not allowed".into())),
            _ => {}
        }
    }
    for slot in slots.iter_mut().filter(|s| s.table) {
        if let Some(first) = slot.children.first() {
            let ls = line_start(text, first.value.start);
            let spaces = text.as_bytes()[ls..]
                .iter()
                .take_while(|b| **b == b' ')
                .count();
            slot.indent = " ".repeat(spaces);
        } else {
            slot.indent = "  ".into();
        }
        if let Some(last) = slot.children.iter().map(|c| c.after).max() {
            slot.child_insert = last;
            slot.after = slot.after.max(last);
        }
    }
    let top_insert = slots
        .iter()
        .filter(|s| !s.table)
        .map(|s| s.after)
        .max()
        .unwrap_or_else(|| {
            slots
                .first()
                .map_or(text.len(), |s| line_start(text, s.value.start))
        });
    Ok((slots, top_insert))
}

/// Where a flow collection (`[…]` or `{…}`) starting at `start` ends: after its closing bracket.
/// The parser's end mark may lie past trailing spaces and a comment.
fn flow_end(text: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            (Some(b'"'), b'\\') => i += 1,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[' | b'{') => depth += 1,
            (None, b']' | b'}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The end of a collection value starting at `start`: a flow one's closing bracket, else the
/// end of the last thing in it.
fn collection_end(text: &str, start: usize, last: usize) -> usize {
    match text.as_bytes().get(start) {
        Some(b'[' | b'{') => flow_end(text, start).unwrap_or(last),
        _ => last,
    }
}

/// A top-level or child entry for a scalar or flow value spanning `value`.
fn scalar_slot(text: &str, key: String, value: Range<usize>) -> Slot {
    let after = line_after(text, value.end.saturating_sub(1).max(value.start));
    Slot {
        key,
        value,
        after,
        plain: true,
        table: false,
        children: Vec::new(),
        indent: String::new(),
        child_insert: after,
    }
}

/// A replacement string written in the quoting style of the value it replaces, where that style
/// can hold it: `'literal'`, `"basic"`, or plain (YAML).
fn keep_quoting(old: &str, value: &Value, format: Format) -> String {
    let Value::Str(s) = value else {
        return literal::inline(value, format);
    };
    // Single quotes hold no escapes: only text without control characters goes in them.
    let raw_ok = !s
        .chars()
        .any(|c| c.is_control() || literal::needs_escape(c));
    match (old.chars().next(), format) {
        (Some('\''), Format::Toml) if raw_ok && !s.contains('\'') => format!("'{s}'"),
        (Some('\''), Format::Yaml) if raw_ok => {
            format!("'{}'", s.replace('\'', "''"))
        }
        (Some('"'), _) => literal::quote(s),
        _ => literal::inline(value, format),
    }
}

/// A pending change: replace `range` with `text` (an insertion has an empty range).
struct Change {
    range: Range<usize>,
    text: String,
}

impl Doc {
    pub fn parse(text: String, format: Format) -> Result<Doc, EditError> {
        let (slots, top_insert) = match format {
            Format::Toml => toml_layout(&text)?,
            Format::Yaml => yaml_layout(&text)?,
        };
        Ok(Doc {
            text,
            format,
            slots,
            top_insert,
        })
    }

    fn slot(&self, section: Option<&str>, key: &str) -> Option<&Slot> {
        match section {
            None => self.slots.iter().find(|s| s.key == key),
            Some(sec) => self
                .slots
                .iter()
                .find(|s| s.key == sec)
                .and_then(|s| s.children.iter().find(|c| c.key == key)),
        }
    }

    pub fn has_section(&self, section: &str) -> bool {
        self.slots.iter().any(|s| s.key == section && s.table)
    }

    fn apply(&mut self, change: Change) -> Result<(), EditError> {
        // Lines added to a file with Windows line ends get them too.
        let text = if self.text.contains("\r\n") {
            change.text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            change.text
        };
        self.text.replace_range(change.range, &text);
        let (slots, top_insert) = match self.format {
            Format::Toml => toml_layout(&self.text)?,
            Format::Yaml => yaml_layout(&self.text)?,
        };
        self.slots = slots;
        self.top_insert = top_insert;
        Ok(())
    }

    /// Sets a field: its value is replaced where it stands (a trailing comment stays), or a new
    /// entry is added after the section's last entry (after the last top-level field for
    /// `section = None`).
    pub fn set(
        &mut self,
        section: Option<&str>,
        key: &str,
        value: &Value,
    ) -> Result<(), EditError> {
        self.set_in_order(section, key, value, &[])
    }

    /// As `set`, but a new entry goes where `fmt` would put it: before the first entry (with the
    /// comments above it) that comes after it in `order`, the field names in `fmt`'s order.
    pub fn set_in_order(
        &mut self,
        section: Option<&str>,
        key: &str,
        value: &Value,
        order: &[&str],
    ) -> Result<(), EditError> {
        if let Some(slot) = self.slot(section, key) {
            let start = self.key_line(slot);
            // A value on the lines below its key (a block mapping or sequence in YAML) is
            // replaced as a whole entry too: its bytes alone may be no more than a nested key.
            // So is an empty YAML value: its span may lie at the end of its key, before the
            // colon.
            let multi_line = self.text[slot.value.clone()].contains('\n')
                || slot.value.is_empty()
                || start != line_start(&self.text, slot.value.start)
                || literal::entry(key, value, self.format, "").lines().count() > 1;
            let change = if multi_line {
                // A value over several lines is rewritten as a whole entry; the comment beside
                // its key stays beside it when the new entry is one line.
                let spaces = self.text.as_bytes()[start..]
                    .iter()
                    .take_while(|b| **b == b' ')
                    .count();
                let indent = " ".repeat(spaces);
                let mut text = literal::entry(key, value, self.format, &indent);
                let key_line = &self.text[start..line_after(&self.text, start)];
                if let Some(c) = super::format::comment_of(key_line.trim_end())
                    && text.ends_with('\n')
                    && text.lines().count() == 1
                    && !key_line.trim_start().starts_with('#')
                {
                    text.insert_str(text.len() - 1, &format!("  {c}"));
                }
                Change {
                    range: start..slot.after.max(start),
                    text,
                }
            } else {
                Change {
                    range: slot.value.clone(),
                    text: keep_quoting(&self.text[slot.value.clone()], value, self.format),
                }
            };
            return self.apply(change);
        }
        let (at, indent) = match section {
            None => (self.top_insert, String::new()),
            Some(sec) => {
                let Some(s) = self.slots.iter().find(|s| s.key == sec) else {
                    return self.append_section(sec, &[(key.to_string(), value.clone())]);
                };
                if !s.table || (self.format == Format::Toml && s.plain) {
                    return Err(EditError::NotExtensible(sec.to_string()));
                }
                (s.child_insert, s.indent.clone())
            }
        };
        let at = self.before_next(section, key, order).unwrap_or(at);
        let mut text = literal::entry(key, value, self.format, &indent);
        if at > 0 && !self.text[..at].ends_with('\n') {
            text.insert(0, '\n');
        }
        self.apply(Change {
            range: at..at,
            text,
        })
    }

    /// Where an entry `key` goes by `order`: the start of the comment and blank lines above the
    /// first entry (in the text) of the same table that `order` puts after it. `None` when no
    /// entry comes after it (or `order` does not know it).
    fn before_next(&self, section: Option<&str>, key: &str, order: &[&str]) -> Option<usize> {
        let pos = |k: &str| order.iter().position(|o| *o == k).unwrap_or(usize::MAX);
        let mine = pos(key);
        if mine == usize::MAX {
            return None;
        }
        let siblings: Vec<&Slot> = match section {
            // TOML: only plain `key = value` lines can precede the `[section]` headers.
            None => self
                .slots
                .iter()
                .filter(|s| self.format == Format::Yaml || s.plain)
                .collect(),
            Some(sec) => self
                .slots
                .iter()
                .find(|s| s.key == sec)?
                .children
                .iter()
                .filter(|c| c.plain)
                .collect(),
        };
        let next = siblings
            .into_iter()
            .filter(|s| pos(&s.key) > mine)
            .min_by_key(|s| s.value.start)?;
        let mut at = line_start(&self.text, self.key_line(next));
        while at > 0 {
            let start = line_start(&self.text, at - 1);
            let line = self.text[start..at].trim();
            if !(line.is_empty() || line.starts_with('#')) {
                break;
            }
            at = start;
        }
        Some(at)
    }

    /// Where the line holding a slot's key starts. Its value may begin on a later line (a YAML
    /// block mapping or sequence, which starts at its first key or `-`): then the key's line is
    /// the nearest line above that is neither blank nor only a comment.
    fn key_line(&self, slot: &Slot) -> usize {
        let mut start = line_start(&self.text, slot.value.start);
        let lead = self.text[start..slot.value.start].trim();
        if !lead.is_empty() && lead != "-" {
            return start;
        }
        while start > 0 {
            let above = line_start(&self.text, start - 1);
            let line = self.text[above..start - 1].trim();
            start = above;
            if !line.is_empty() && !line.starts_with('#') {
                break;
            }
        }
        start
    }

    /// Appends a stage section at the end of the file, with its entries in the given order.
    pub fn append_section(
        &mut self,
        section: &str,
        entries: &[(String, Value)],
    ) -> Result<(), EditError> {
        let mut text = String::new();
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            text.push('\n');
        }
        if !self.text.trim().is_empty() {
            text.push('\n');
        }
        match self.format {
            Format::Toml => {
                text.push_str(&format!("[{section}]\n"));
                for (k, v) in entries {
                    text.push_str(&literal::entry(k, v, Format::Toml, ""));
                }
            }
            Format::Yaml => {
                text.push_str(&format!("{section}:\n"));
                for (k, v) in entries {
                    text.push_str(&literal::entry(k, v, Format::Yaml, "  "));
                }
            }
        }
        let end = self.text.len();
        self.apply(Change {
            range: end..end,
            text,
        })
    }
}

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
    match super::parse(text, format, "", crate::diag::Check::Syntax, &mut diags) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = "# 记录\nid = \"INC-1\"   # 编号\nstage  =  \"report\"\n\n[report]\nat = 2026-03-14T09:12:00+08:00\nsymptom = '登录超时'  # 用户反映\n";
    const YAML: &str = "# 记录\nid: INC-1   # 编号\nstage:   report\n\nreport:\n    at: 2026-03-14T09:12:00+08:00\n    symptom: 登录超时  # 用户反映\n";

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    fn tree(text: &str, format: Format) -> Table {
        let mut diags = Vec::new();
        super::super::parse(text, format, "", crate::diag::Check::Syntax, &mut diags).unwrap()
    }

    #[test]
    fn a_text_is_proven_against_the_values_it_should_hold() {
        let want = tree(
            "id = \"X\"\ntitle = \"a\\t#b\"\n\n[report]\nat = 2026-03-14T09:05:00.750+08:00\n",
            Format::Toml,
        );
        // The same values, written otherwise: proven.
        let yaml = "report:\n  at: 2026-03-14T09:05:00.750+08:00\ntitle: \"a\\t#b\"\nid: X\n";
        let mut from_yaml = tree(yaml, Format::Yaml);
        assert!(prove(yaml, Format::Yaml, &want).is_ok());
        assert!(
            prove(
                "id = 'X'\ntitle = \"a\\t#b\"\n[report]\nat = 2026-03-14T09:05:00.75+08:00\n",
                Format::Toml,
                &want
            )
            .is_ok()
        );
        // A value cut at TAB + `#`: refused, saying where.
        let cut = "id: X\ntitle: a\t#b\nreport:\n  at: 2026-03-14T09:05:00.750+08:00\n";
        assert_eq!(
            prove(cut, Format::Yaml, &want),
            Err(Mismatch {
                path: "title".into(),
                want: "\"a\\t#b\"".into(),
                got: "\"a\"".into()
            })
        );
        // A string read back as a number.
        from_yaml.entries.push(super::super::value::Entry {
            key: "note".into(),
            key_span: super::super::value::Span::START,
            node: literal::node(s("0x10")),
        });
        let err = prove(&format!("{yaml}note: 0x10\n"), Format::Yaml, &from_yaml).unwrap_err();
        assert_eq!((err.path.as_str(), err.got.as_str()), ("note", "16"));
        // A lost field, an extra one, a text that does not parse.
        assert_eq!(
            prove("id = \"X\"\n", Format::Toml, &want).unwrap_err().path,
            "title"
        );
        assert!(
            prove("id: [\n", Format::Yaml, &want)
                .unwrap_err()
                .got
                .starts_with("line ")
        );
    }

    #[test]
    fn replacing_a_value_touches_only_its_bytes() {
        let mut d = Doc::parse(TOML.into(), Format::Toml).unwrap();
        d.set(None, "stage", &s("diagnosis")).unwrap();
        assert_eq!(d.text, TOML.replace("\"report\"\n\n", "\"diagnosis\"\n\n"));
        let mut y = Doc::parse(YAML.into(), Format::Yaml).unwrap();
        y.set(None, "stage", &s("diagnosis")).unwrap();
        assert_eq!(
            y.text,
            YAML.replace("stage:   report", "stage:   diagnosis")
        );
        // Quoting style is kept.
        d.set(Some("report"), "symptom", &s("登录失败")).unwrap();
        assert!(
            d.text.contains("symptom = '登录失败'  # 用户反映"),
            "{}",
            d.text
        );
    }

    #[test]
    fn new_entries_go_after_their_siblings_with_their_indentation() {
        let mut d = Doc::parse(TOML.into(), Format::Toml).unwrap();
        d.set(None, "owner", &s("li.wei")).unwrap();
        d.set(Some("report"), "by", &s("zhang.san")).unwrap();
        assert_eq!(
            d.text,
            "# 记录\nid = \"INC-1\"   # 编号\nstage  =  \"report\"\nowner = \"li.wei\"\n\n[report]\nat = 2026-03-14T09:12:00+08:00\nsymptom = '登录超时'  # 用户反映\nby = \"zhang.san\"\n"
        );
        let mut y = Doc::parse(YAML.into(), Format::Yaml).unwrap();
        y.set(None, "owner", &s("li.wei")).unwrap();
        y.set(Some("report"), "by", &s("zhang.san")).unwrap();
        assert_eq!(
            y.text,
            "# 记录\nid: INC-1   # 编号\nstage:   report\nowner: li.wei\n\nreport:\n    at: 2026-03-14T09:12:00+08:00\n    symptom: 登录超时  # 用户反映\n    by: zhang.san\n"
        );
    }

    #[test]
    fn sections_are_appended_at_the_end() {
        let mut d = Doc::parse(TOML.into(), Format::Toml).unwrap();
        d.append_section(
            "diagnosis",
            &[
                (
                    "at".into(),
                    Value::Datetime("2026-03-14T09:50:00+08:00".into()),
                ),
                ("cause".into(), s("原因")),
            ],
        )
        .unwrap();
        assert_eq!(
            d.text,
            format!("{TOML}\n[diagnosis]\nat = 2026-03-14T09:50:00+08:00\ncause = \"原因\"\n")
        );
        let mut y = Doc::parse(YAML.into(), Format::Yaml).unwrap();
        y.append_section("diagnosis", &[("cause".into(), s("原因"))])
            .unwrap();
        assert_eq!(y.text, format!("{YAML}\ndiagnosis:\n  cause: 原因\n"));
    }

    #[test]
    fn yaml_lists_are_replaced_in_place() {
        let text = "id: X\ntags: [a, b]   # 标签\nplanning:\n  sources: [ERP, CRM]\n  goals:\n    - goal: a\n      weight: 1\n";
        let mut y = Doc::parse(text.into(), Format::Yaml).unwrap();
        let list =
            |items: &[&str]| Value::Array(items.iter().map(|i| literal::node(s(i))).collect());
        y.set(None, "tags", &list(&["c"])).unwrap();
        y.set(Some("planning"), "sources", &list(&["ERP", "CRM", "OA"]))
            .unwrap();
        assert_eq!(
            y.text,
            "id: X\ntags: [c]   # 标签\nplanning:\n  sources: [ERP, CRM, OA]\n  goals:\n    - goal: a\n      weight: 1\n"
        );
        y.set(Some("planning"), "goals", &list(&[])).unwrap();
        assert_eq!(
            y.text,
            "id: X\ntags: [c]   # 标签\nplanning:\n  sources: [ERP, CRM, OA]\n  goals: []\n"
        );
    }

    /// Found by fuzz/edit_fmt_roundtrip: a scalar over a block mapping replaced only the nested
    /// key (`  Login slow:  # c`), so the field stayed a mapping and the value was lost.
    #[test]
    fn a_scalar_over_a_block_or_flow_collection_replaces_it_whole() {
        let cases = [
            (
                "id: X\ntitle:  # note\n  sub:  # c\nstage: report\n",
                None,
                "id: X\ntitle: Login slow  # note\nstage: report\n",
            ),
            (
                "id: X\ntitle:\n  # about it\n  a: 1\n  b:\n    - c\n\nstage: report\n",
                None,
                "id: X\ntitle: Login slow\n\nstage: report\n",
            ),
            (
                "id: X\ntitle:\n  - a\nstage: report\n",
                None,
                "id: X\ntitle: Login slow\nstage: report\n",
            ),
            (
                "id: X\ntitle: {a: 1, b: 2}  # c\nstage: report\n",
                None,
                "id: X\ntitle: Login slow  # c\nstage: report\n",
            ),
            // Found by fuzz/edit_fmt_roundtrip: an empty value at the end of the file.
            (
                "iId: 026-01+2\ntitle:  #tyVy",
                None,
                "iId: 026-01+2\ntitle: Login slow  #tyVy\n",
            ),
            (
                "id: X\ntitle:\nstage: report\n",
                None,
                "id: X\ntitle: Login slow\nstage: report\n",
            ),
            (
                "id: X\nreport:\n  symptom:  # note\n    sub:  # c\n  at: 2026-01-01\n",
                Some("report"),
                "id: X\nreport:\n  symptom: Login slow  # note\n  at: 2026-01-01\n",
            ),
        ];
        for (text, section, want) in cases {
            let mut d = Doc::parse(text.into(), Format::Yaml).unwrap();
            let key = if section.is_some() {
                "symptom"
            } else {
                "title"
            };
            d.set(section, key, &s("Login slow")).unwrap();
            assert_eq!(d.text, want, "from {text:?}");
            let mut expected = tree(text, Format::Yaml);
            match section {
                None => super::super::assign::set_in(&mut expected, key, s("Login slow")),
                Some(sec) => {
                    if let Some(Value::Table(t)) = expected
                        .entries
                        .iter_mut()
                        .find(|e| e.key == sec)
                        .map(|e| &mut e.node.value)
                    {
                        super::super::assign::set_in(t, key, s("Login slow"));
                    }
                }
            }
            assert!(
                prove(&d.text, Format::Yaml, &expected).is_ok(),
                "{}",
                d.text
            );
        }
        // The proof compares with the values asked for, not with the edit: the old, wrong text
        // is refused.
        let text = "id: X\ntitle:  # note\n  sub:  # c\n";
        let mut asked = tree(text, Format::Yaml);
        super::super::assign::set_in(&mut asked, "title", s("Login slow"));
        let err = prove(
            "id: X\ntitle:  # note\n  Login slow:  # c\n",
            Format::Yaml,
            &asked,
        )
        .unwrap_err();
        assert_eq!(
            (err.path.as_str(), err.want.as_str()),
            ("title", "\"Login slow\"")
        );
    }

    #[test]
    fn crlf_files_keep_their_line_ends() {
        let text = "id = \"X\"\r\nstage = \"report\"\r\n\r\n[report]\r\nat = 2026-01-01\r\n";
        let mut d = Doc::parse(text.into(), Format::Toml).unwrap();
        d.set(Some("report"), "by", &s("a")).unwrap();
        d.append_section(
            "diagnosis",
            &[("at".into(), Value::Datetime("2026-01-02".into()))],
        )
        .unwrap();
        assert_eq!(
            d.text,
            "id = \"X\"\r\nstage = \"report\"\r\n\r\n[report]\r\nat = 2026-01-01\r\nby = \"a\"\r\n\r\n[diagnosis]\r\nat = 2026-01-02\r\n"
        );
    }

    #[test]
    fn multi_line_values_are_replaced_whole() {
        let text = "id = \"X\"\n\n[review]\nscores = [\n  { goal = \"a\", score = 1 },\n]\nat = 2026-01-01\n";
        let mut d = Doc::parse(text.into(), Format::Toml).unwrap();
        let one = Value::Array(vec![]);
        d.set(Some("review"), "scores", &one).unwrap();
        assert_eq!(
            d.text,
            "id = \"X\"\n\n[review]\nscores = []\nat = 2026-01-01\n"
        );
    }
}
