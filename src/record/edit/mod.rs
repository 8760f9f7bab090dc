//! Editing a record's text in place: replace one value, add one entry, append one section —
//! touching no other byte, so that comments, blank lines, key order, quoting and alignment
//! survive, in TOML and in YAML alike. The layout of the text (where each top-level entry and
//! each stage section's entries begin and end) comes from the parsers' byte positions.
//!
//! The unusual layouts the readers accept are edited in their own syntax: a YAML record (or
//! section) written as a flow mapping (`{id: X, …}`, on one line or many) gets its new entries
//! inside the braces; an explicit YAML key (`? id` with `: X` below) is replaced with its `?`
//! line; a TOML section that only sub-tables opened (`[report.extra]` with no `[report]`) gets
//! its own header; nothing is written before a byte-order mark.
//!
//! Here: `Doc` and its edits. The layouts come from `toml` and `yaml` (one per parser);
//! `prove` reads a written text back and compares it with the values it was meant to hold.

mod prove;
mod toml;
mod yaml;

use std::ops::Range;

pub use prove::{Mismatch, prove};

use super::value::{Table, Value};
use super::{Format, literal};

/// One `key = value` entry as it lies in the text.
#[derive(Clone, Debug)]
struct Slot {
    key: String,
    /// Where the entry begins: its key, or the `?` of an explicit YAML key.
    key_start: usize,
    /// The value's bytes.
    value: Range<usize>,
    /// Where a line inserted after this entry goes: the start of the line after it.
    after: usize,
    /// Where the entry ends inside a flow mapping: after its value, or after its key and colon
    /// when the value is empty.
    end: usize,
    /// An entry written as `key = value` (not a `[header]` table in TOML).
    plain: bool,
    /// A table value (a stage section).
    table: bool,
    /// The entry lies inside a YAML flow mapping: it is edited on its line, in flow syntax.
    flow: bool,
    /// A table whose body is a YAML flow mapping: the position just after its `{`.
    flow_open: Option<usize>,
    /// A TOML table that has no `[header]` of its own (only `[key.sub]` headers opened it).
    implicit: bool,
    children: Vec<Slot>,
    /// The indentation of the children's lines.
    indent: String,
    /// Where a child inserted at the end of this section goes.
    child_insert: usize,
}

/// Where the entries of a text lie, and where new ones go.
struct Layout {
    slots: Vec<Slot>,
    /// Where a new top-level entry goes: after the last top-level field.
    top_insert: usize,
    /// A YAML document written as one flow mapping: the position just after its `{`.
    top_flow: Option<usize>,
    /// Where a new section goes: the end of the text, or the start of a YAML `...` line that
    /// ends the document.
    append_at: usize,
    /// The text ends in a YAML block scalar that keeps its trailing line ends (`|+`, `>+`): a
    /// blank line written after it would become part of its value.
    keeps_tail: bool,
}

/// The editable layout of a record file.
pub struct Doc {
    pub text: String,
    pub format: Format,
    layout: Layout,
    /// The length of the byte-order mark the text starts with (0 or 3): nothing goes before it.
    bom: usize,
}

#[derive(Debug)]
pub enum EditError {
    /// The text does not parse.
    Parse(String),
    /// The section is written in a form an edit cannot extend (a TOML inline table or dotted
    /// keys).
    NotExtensible(String),
    /// The section holds a value that is not a table (`verified = 1`).
    NotASection(String),
    /// The edited text would not parse: the file is laid out in a way the edit does not know
    /// (the parser's words).
    Layout(String),
}

/// The start of the line after the one holding byte `at` (byte-wise: `at` need not be on a
/// character boundary).
pub(super) fn line_after(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| at + i + 1)
}

/// The start of the line holding byte `at`.
pub(super) fn line_start(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

/// A replacement string written in the quoting style of the value it replaces, where that style
/// can hold it: `'literal'`, `"basic"`, or plain (YAML; `flow`: inside a flow collection, where
/// `,` `[` `]` `{` `}` and `:` end a plain scalar).
fn keep_quoting(old: &str, value: &Value, format: Format, flow: bool) -> String {
    let fresh = || match flow {
        true => literal::flow_inline(value),
        false => literal::inline(value, format),
    };
    let Value::Str(s) = value else {
        return fresh();
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
        // A block YAML value is quoted only where plain text cannot hold it, as `fmt` writes it.
        (Some('"'), Format::Yaml) if !flow => fresh(),
        (Some('"'), _) => literal::quote(s),
        _ => fresh(),
    }
}

/// A pending change: replace `range` with `text` (an insertion has an empty range).
struct Change {
    range: Range<usize>,
    text: String,
}

fn layout(text: &str, format: Format) -> Result<Layout, EditError> {
    match format {
        Format::Toml => toml::layout(text),
        Format::Yaml => yaml::layout(text),
    }
}

impl Doc {
    pub fn parse(text: String, format: Format) -> Result<Doc, EditError> {
        let layout = layout(&text, format)?;
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Ok(Doc {
            text,
            format,
            layout,
            bom,
        })
    }

    fn slot(&self, section: Option<&str>, key: &str) -> Option<&Slot> {
        match section {
            None => self.layout.slots.iter().find(|s| s.key == key),
            Some(sec) => self
                .section(sec)
                .and_then(|s| s.children.iter().find(|c| c.key == key)),
        }
    }

    fn section(&self, section: &str) -> Option<&Slot> {
        self.layout.slots.iter().find(|s| s.key == section)
    }

    pub fn has_section(&self, section: &str) -> bool {
        self.section(section).is_some_and(|s| s.table)
    }

    fn apply(&mut self, change: Change) -> Result<(), EditError> {
        // Lines added to a file with Windows line ends get them too.
        let text = if self.text.contains("\r\n") {
            change.text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            change.text
        };
        // A byte-order mark stays first.
        let start = change.range.start.max(self.bom);
        let end = change.range.end.max(start);
        let mut edited = self.text.clone();
        edited.replace_range(start..end, &text);
        self.layout = layout(&edited, self.format).map_err(|e| match e {
            EditError::Parse(m) => EditError::Layout(m),
            other => other,
        })?;
        self.text = edited;
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

    /// As `set`, but a new entry goes where `fmt` would put it: after the entry of its table
    /// that comes last before it in `order` (the field names in `fmt`'s order); after the
    /// section's last entry when none comes before it.
    pub fn set_in_order(
        &mut self,
        section: Option<&str>,
        key: &str,
        value: &Value,
        order: &[&str],
    ) -> Result<(), EditError> {
        if let Some(slot) = self.slot(section, key) {
            let change = if slot.flow {
                self.replace_in_flow(slot, key, value)
            } else {
                self.replace(slot, key, value)
            };
            return self.apply(change);
        }
        let previous = self.previous(section, key, order);
        let flow_open = match section {
            None => self.layout.top_flow,
            Some(sec) => match self.section(sec) {
                None => return self.append_section(sec, &[(key.to_string(), value.clone())]),
                Some(s) if s.implicit => {
                    // `[sec.sub]` opened it: it gets its own `[sec]` header, after them.
                    return self.append_section(sec, &[(key.to_string(), value.clone())]);
                }
                Some(s) if !s.table => {
                    // An empty YAML value (`verified:`) becomes the section; any other value is
                    // not one.
                    let empty = matches!(
                        self.text[s.value.clone()].trim(),
                        "" | "~" | "null" | "Null" | "NULL"
                    );
                    if self.format == Format::Toml || !empty {
                        return Err(EditError::NotASection(sec.to_string()));
                    }
                    let section = Value::Table(Table {
                        entries: vec![super::value::Entry {
                            key: key.to_string(),
                            key_span: super::value::Span::START,
                            node: literal::node(value.clone()),
                        }],
                    });
                    let change = match s.flow {
                        true => self.replace_in_flow(s, sec, &section),
                        false => self.replace(s, sec, &section),
                    };
                    return self.apply(change);
                }
                Some(s) if self.format == Format::Toml && s.plain => {
                    return Err(EditError::NotExtensible(sec.to_string()));
                }
                Some(s) => s.flow_open,
            },
        };
        if let Some(open) = flow_open {
            // Inside a flow mapping: `, key: value` after the entry it follows (or the last
            // one), or `key: value` just after `{` in an empty one.
            let siblings = self.siblings(section);
            let at = previous
                .or_else(|| siblings.into_iter().max_by_key(|s| s.key_start))
                .map(|s| s.end);
            let pair = literal::flow_pair(key, value);
            let change = match at {
                Some(at) => Change {
                    range: at..at,
                    text: format!(", {pair}"),
                },
                None => Change {
                    range: open..open,
                    text: pair,
                },
            };
            return self.apply(change);
        }
        let (at, indent) = match section.and_then(|sec| self.section(sec)) {
            None => (self.layout.top_insert, String::new()),
            Some(s) => (s.child_insert, s.indent.clone()),
        };
        let at = previous.map_or(at, |p| p.after);
        let mut text = literal::entry(key, value, self.format, &indent);
        if at > 0 && !self.text[..at].ends_with('\n') {
            text.insert(0, '\n');
        }
        self.apply(Change {
            range: at..at,
            text,
        })
    }

    /// The change that replaces an entry's value in a block layout: the value's bytes, in their
    /// quoting style, or the whole entry when the value spans lines.
    fn replace(&self, slot: &Slot, key: &str, value: &Value) -> Change {
        let start = line_start(&self.text, slot.key_start);
        // A value on the lines below its key (a block mapping or sequence in YAML, or the
        // value of an explicit key) is replaced as a whole entry too: its bytes alone may be
        // no more than a nested key. So is an empty YAML value: its span may lie at the end of
        // its key, before the colon.
        let multi_line = self.text[slot.value.clone()].contains('\n')
            || slot.value.is_empty()
            || start != line_start(&self.text, slot.value.start)
            || literal::entry(key, value, self.format, "").lines().count() > 1;
        if !multi_line {
            return Change {
                range: slot.value.clone(),
                text: keep_quoting(&self.text[slot.value.clone()], value, self.format, false),
            };
        }
        // A value over several lines is rewritten as a whole entry; the comment beside its key
        // stays beside it, at the end of the new entry's first line.
        let spaces = self.text.as_bytes()[start..]
            .iter()
            .take_while(|b| **b == b' ')
            .count();
        let indent = " ".repeat(spaces);
        let mut text = literal::entry(key, value, self.format, &indent);
        let key_line = &self.text[start..line_after(&self.text, start)];
        if let Some(c) = super::comment::comment_of(key_line.trim_end())
            && !key_line.trim_start().starts_with('#')
            && let Some(first_end) = text.find('\n')
        {
            text.insert_str(first_end, &format!("  {c}"));
        }
        Change {
            range: start..slot.after.max(start),
            text,
        }
    }

    /// The change that replaces an entry's value inside a flow mapping: the value's bytes, or,
    /// for an empty value, the entry from its key.
    fn replace_in_flow(&self, slot: &Slot, key: &str, value: &Value) -> Change {
        if slot.value.is_empty() {
            let mut text = literal::flow_pair(key, value);
            // A comment after it stays one.
            if self.text[slot.end..].starts_with('#') {
                text.push(' ');
            }
            return Change {
                range: slot.key_start..slot.end,
                text,
            };
        }
        Change {
            range: slot.value.clone(),
            text: keep_quoting(&self.text[slot.value.clone()], value, self.format, true),
        }
    }

    /// The entries of the top level (`None`) or of a section that can precede a new one: in
    /// TOML only plain `key = value` lines, not `[headers]`.
    fn siblings(&self, section: Option<&str>) -> Vec<&Slot> {
        let toml = self.format == Format::Toml;
        match section {
            None => self
                .layout
                .slots
                .iter()
                .filter(|s| !toml || s.plain)
                .collect(),
            Some(sec) => self
                .section(sec)
                .map(|s| s.children.iter().filter(|c| c.plain).collect())
                .unwrap_or_default(),
        }
    }

    /// The entry a new entry `key` follows by `order`: of those of its table that `order`
    /// puts before it, the one it puts last. `None` when none comes before it (or `order` does
    /// not know the key).
    fn previous(&self, section: Option<&str>, key: &str, order: &[&str]) -> Option<&Slot> {
        let pos = |k: &str| order.iter().position(|o| *o == k);
        let mine = pos(key)?;
        self.siblings(section)
            .into_iter()
            .filter_map(|s| pos(&s.key).filter(|p| *p < mine).map(|p| (p, s)))
            .max_by_key(|(p, _)| *p)
            .map(|(_, s)| s)
    }

    /// Appends a stage section at the end of the file (in a YAML flow mapping, as its last
    /// entry), with its entries in the given order.
    pub fn append_section(
        &mut self,
        section: &str,
        entries: &[(String, Value)],
    ) -> Result<(), EditError> {
        if let Some(open) = self.layout.top_flow {
            let table = Value::Table(Table {
                entries: entries
                    .iter()
                    .map(|(k, v)| super::value::Entry {
                        key: k.clone(),
                        key_span: super::value::Span::START,
                        node: literal::node(v.clone()),
                    })
                    .collect(),
            });
            let pair = literal::flow_pair(section, &table);
            let change = match self.layout.slots.iter().max_by_key(|s| s.key_start) {
                Some(last) => Change {
                    range: last.end..last.end,
                    text: format!(", {pair}"),
                },
                None => Change {
                    range: open..open,
                    text: pair,
                },
            };
            return self.apply(change);
        }
        let at = self.layout.append_at;
        let before = &self.text[..at];
        let mut text = String::new();
        if !before.is_empty() && !before.ends_with('\n') {
            text.push('\n');
        }
        if !before.trim_start_matches('\u{feff}').trim().is_empty() && !self.layout.keeps_tail {
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
        self.apply(Change {
            range: at..at,
            text,
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
                None => crate::entry::assign::set_in(&mut expected, key, s("Login slow")),
                Some(sec) => {
                    if let Some(Value::Table(t)) = expected
                        .entries
                        .iter_mut()
                        .find(|e| e.key == sec)
                        .map(|e| &mut e.node.value)
                    {
                        crate::entry::assign::set_in(t, key, s("Login slow"));
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
        crate::entry::assign::set_in(&mut asked, "title", s("Login slow"));
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

    /// `text` with each edit applied through `Doc::set_in_order` (the order of a backup's top
    /// level or of its stage), proven to hold the values of `text` plus those set.
    fn edited(text: &str, format: Format, edits: &[(Option<&str>, &str, Value)]) -> String {
        let top = [
            "id", "kind", "title", "stage", "owner", "tags", "links", "notes", "system", "period",
        ];
        let stage = ["at", "by"];
        let mut d = Doc::parse(text.into(), format).unwrap_or_else(|e| panic!("{e:?}: {text}"));
        let mut want = tree(text, format);
        for (section, key, value) in edits {
            let order: &[&str] = if section.is_some() { &stage } else { &top };
            d.set_in_order(*section, key, value, order)
                .unwrap_or_else(|e| panic!("{key}: {e:?}\n{}", d.text));
            match section {
                None => crate::entry::assign::set_in(&mut want, key, value.clone()),
                Some(sec) => match want.entries.iter_mut().find(|e| e.key == *sec) {
                    Some(super::super::value::Entry {
                        node:
                            super::super::value::Node {
                                value: Value::Table(t),
                                ..
                            },
                        ..
                    }) => crate::entry::assign::set_in(t, key, value.clone()),
                    _ => crate::entry::assign::set_in(
                        &mut want,
                        sec,
                        Value::Table(Table {
                            entries: vec![super::super::value::Entry {
                                key: key.to_string(),
                                key_span: super::super::value::Span::START,
                                node: literal::node(value.clone()),
                            }],
                        }),
                    ),
                },
            }
            assert_eq!(prove(&d.text, format, &want), Ok(()), "{key}:\n{}", d.text);
        }
        d.text
    }

    #[test]
    fn yaml_flow_mappings_take_new_entries_inside_their_braces() {
        let awkward = s("a, b: [c] #d");
        let cases = [
            (
                "{id: X, title: t, owner: a, verified: {at: 2026-02-03}}\n",
                "{id: X, title: \"a, b: [c] #d\", owner: b, notes: note, verified: {at: 2026-02-03, by: b}}\n",
            ),
            (
                "# a record\n{\n  id: X,\n  title: 't',\n  owner: a,  # who\n  verified: {\n    at: 2026-02-03,\n  },\n}\n",
                "# a record\n{\n  id: X,\n  title: 'a, b: [c] #d',\n  owner: b, notes: note,  # who\n  verified: {\n    at: 2026-02-03, by: b,\n  },\n}\n",
            ),
            (
                "--- !!map {id: X, title: , owner: \"a\"}\n...\n",
                "--- !!map {id: X, title: \"a, b: [c] #d\", owner: \"b\", notes: note, verified: {by: b}}\n...\n",
            ),
            (
                "{\n  id: X,\n  title: # none yet\n}",
                "{\n  id: X,\n  title: \"a, b: [c] #d\", owner: b, notes: note, verified: {by: b} # none yet\n}",
            ),
            (
                "{id: X, title, owner: a}",
                "{id: X, title: \"a, b: [c] #d\", owner: b, notes: note, verified: {by: b}}",
            ),
        ];
        for (text, want) in cases {
            let out = edited(
                text,
                Format::Yaml,
                &[
                    (None, "title", awkward.clone()),
                    (None, "owner", s("b")),
                    (None, "notes", s("note")),
                    (Some("verified"), "by", s("b")),
                ],
            );
            assert_eq!(out, want, "from {text:?}");
        }
        // An empty flow mapping, and a list value in one.
        let list = Value::Array(vec![literal::node(s("x,y")), literal::node(s("z"))]);
        assert_eq!(
            edited("{}\n", Format::Yaml, &[(None, "tags", list.clone())]),
            "{tags: [\"x,y\", z]}\n"
        );
        assert_eq!(
            edited(
                "id: X\nverified: {}\n",
                Format::Yaml,
                &[(Some("verified"), "by", s("b"))]
            ),
            "id: X\nverified: {by: b}\n"
        );
    }

    #[test]
    fn explicit_yaml_keys_are_edited_from_their_question_mark() {
        let text = "? id\n: X\n? owner\n: a\n? tags\n:\n  - a\n? system\n: erp\n? notes\n";
        let out = edited(
            text,
            Format::Yaml,
            &[
                (None, "tags", Value::Array(vec![literal::node(s("b"))])),
                (None, "title", s("t")),
                (None, "owner", s("b")),
                (None, "notes", s("note")),
                (None, "period", s("2026-01")),
            ],
        );
        assert_eq!(
            out,
            "? id\n: X\ntitle: t\nowner: b\ntags: [b]\n? system\n: erp\nperiod: \"2026-01\"\nnotes: note\n"
        );
        // In a flow mapping, and in a section.
        assert_eq!(
            edited(
                "{? id : X, ? owner : a}\n",
                Format::Yaml,
                &[(None, "title", s("t"))]
            ),
            "{? id : X, title: t, ? owner : a}\n"
        );
        assert_eq!(
            edited(
                "id: X\nverified:\n  ? at\n  : 1\n",
                Format::Yaml,
                &[
                    (Some("verified"), "by", s("b")),
                    (Some("verified"), "at", s("2"))
                ]
            ),
            "id: X\nverified:\n  at: \"2\"\n  by: b\n"
        );
    }

    #[test]
    fn a_toml_section_opened_only_by_its_sub_table_gets_its_own_header() {
        let at = Value::Datetime("2026-02-03".into());
        // Only `[verified.extra]` made `verified`: the new field needs `[verified]`, after it.
        assert_eq!(
            edited(
                "id = \"X\"\n\n[verified.extra]\nnote = 1\n",
                Format::Toml,
                &[
                    (Some("verified"), "at", at.clone()),
                    (Some("verified"), "by", s("b"))
                ]
            ),
            "id = \"X\"\n\n[verified.extra]\nnote = 1\n\n[verified]\nat = 2026-02-03\nby = \"b\"\n"
        );
        // A sub-table before its parent: the new field goes into the parent.
        assert_eq!(
            edited(
                "id = \"X\"\n\n[verified.extra.deep]\nnote = 1\n\n[verified]\nat = 2026-02-03\n\n[other]\nx = 1\n",
                Format::Toml,
                &[(Some("verified"), "by", s("b")), (None, "title", s("t"))]
            ),
            "id = \"X\"\ntitle = \"t\"\n\n[verified.extra.deep]\nnote = 1\n\n[verified]\nat = 2026-02-03\nby = \"b\"\n\n[other]\nx = 1\n"
        );
    }

    #[test]
    fn nothing_goes_before_a_byte_order_mark() {
        for (text, format) in [
            ("\u{feff}system = \"erp\"\nid = \"X\"\n", Format::Toml),
            ("\u{feff}system: erp\nid: X\n", Format::Yaml),
            ("\u{feff}# note\nsystem: erp\nid: X\n", Format::Yaml),
            ("\u{feff}tags:\n  - a\nid: X\n", Format::Yaml),
        ] {
            let list = Value::Array(vec![literal::node(s("b"))]);
            let out = edited(
                text,
                format,
                &[(None, "tags", list), (None, "title", s("t"))],
            );
            assert!(out.starts_with('\u{feff}'), "{out:?}");
            assert_eq!(out.matches('\u{feff}').count(), 1, "{out:?}");
        }
    }

    #[test]
    fn a_new_entry_follows_the_entry_before_it_in_order_else_the_last_one() {
        // `kind` follows `id`, wherever `id` stands; `id` (first in order, with none before it)
        // goes after the last entry, never above the file's opening comments.
        let text = "#:schema ../schema/backup.json\n# 备份\ntitle = \"t\"\nid = \"X\"\nsystem = \"erp\"\n\n[verified]\nby = \"a\"\n";
        assert_eq!(
            edited(text, Format::Toml, &[(None, "kind", s("backup"))]),
            text.replace("id = \"X\"\n", "id = \"X\"\nkind = \"backup\"\n")
        );
        let no_id = text.replace("id = \"X\"\n", "");
        assert_eq!(
            edited(
                &no_id,
                Format::Toml,
                &[(None, "id", s("X")), (Some("verified"), "at", s("2"))]
            ),
            "#:schema ../schema/backup.json\n# 备份\ntitle = \"t\"\nsystem = \"erp\"\nid = \"X\"\n\n[verified]\nby = \"a\"\nat = \"2\"\n"
        );
        let yaml = "# yaml-language-server: $schema=x\ntitle: t\nsystem: erp\nverified:\n  by: a\n";
        assert_eq!(
            edited(yaml, Format::Yaml, &[(None, "id", s("X"))]),
            "# yaml-language-server: $schema=x\ntitle: t\nsystem: erp\nid: X\nverified:\n  by: a\n"
        );
    }

    #[test]
    fn an_empty_yaml_section_takes_its_first_field_and_keeps_its_comment() {
        assert_eq!(
            edited(
                "id: X\nverified:  # later\nnotes: n\n",
                Format::Yaml,
                &[(Some("verified"), "by", s("b"))]
            ),
            "id: X\nverified:  # later\n  by: b\nnotes: n\n"
        );
        assert_eq!(
            edited(
                "{id: X, verified: ~}",
                Format::Yaml,
                &[(Some("verified"), "by", s("b"))]
            ),
            "{id: X, verified: {by: b}}"
        );
        let mut d = Doc::parse("id = \"X\"\nverified = 1\n".into(), Format::Toml).unwrap();
        assert!(matches!(
            d.set(Some("verified"), "by", &s("b")),
            Err(EditError::NotASection(_))
        ));
    }

    #[test]
    fn a_section_appended_after_a_kept_block_scalar_leaves_its_line_ends() {
        for text in [
            "id: X\nkeep: |+\n  text\n",
            "id: X\nkeep: |+\n\n",
            "id: X\nkeep: >2+\n   text\n\n",
        ] {
            let out = edited(text, Format::Yaml, &[(Some("verified"), "by", s("b"))]);
            assert!(out.starts_with(text), "{out:?}");
        }
        assert_eq!(
            edited(
                "id: X\nclip: |\n  text\n",
                Format::Yaml,
                &[(Some("verified"), "by", s("b"))]
            ),
            "id: X\nclip: |\n  text\n\nverified:\n  by: b\n"
        );
        // Before a document's end marker.
        assert_eq!(
            edited(
                "id: X\n...\n",
                Format::Yaml,
                &[(Some("verified"), "by", s("b"))]
            ),
            "id: X\n\nverified:\n  by: b\n...\n"
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
