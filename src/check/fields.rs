//! The `fields` check, driven by the rules: presence, types, formats, enums, ranges, list
//! minimums and unknown keys (with a "did you mean"). The same walk serves `itc.toml` against
//! its schema, and collects the people, systems and record ids for the `references` check.

use std::collections::HashSet;

use chrono::FixedOffset;

use crate::diag::{Check, Code, Diag, Phrase};
use crate::record::value::{Node, Span, Table, Value, did_you_mean};
use crate::rules::{Cond, Field, Test, Type};
use crate::time::{Hours, Period, parse_date, parse_datetime, parse_duration, parse_offset};

/// A value that names another record (`links`, a security cycle's `incidents`): resolved once
/// every record has been read.
#[derive(Clone, Debug)]
pub struct Ref {
    /// The kind the record must be of, where the rules say.
    pub kind: Option<String>,
    pub value: String,
    pub span: Span,
    pub field: String,
}

/// The people and systems of itc.toml, against which references are resolved as each record is
/// checked.
#[derive(Default)]
pub struct Known {
    pub people: HashSet<String>,
    pub systems: HashSet<String>,
}

impl Known {
    pub fn new(config: &crate::config::Config) -> Known {
        Known {
            people: config.people.iter().map(|p| p.id.clone()).collect(),
            systems: config.systems.iter().map(|s| s.id.clone()).collect(),
        }
    }
}

pub struct Ctx<'a> {
    pub file: &'a str,
    /// The check of the findings whose code takes the check of the file (the field checks):
    /// `fields` for a record, `config` for itc.toml. Every other code has its own.
    pub check: Check,
    pub tz: FixedOffset,
    pub diags: &'a mut Vec<Diag>,
    /// Record references to resolve later.
    pub refs: Vec<Ref>,
    /// People and systems to resolve against now (none for itc.toml itself).
    pub known: Option<&'a Known>,
    /// Unknown fields reported so far: past the cap (`diag::CAP`) they are only counted by
    /// the summary, so no "did you mean" is worked out for them.
    unknown: usize,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str, check: Check, tz: FixedOffset, diags: &'a mut Vec<Diag>) -> Ctx<'a> {
        Ctx {
            file,
            check,
            tz,
            diags,
            refs: Vec::new(),
            known: None,
            unknown: 0,
        }
    }

    /// Reports `value` unless it is among `known` (an empty roster accepts anyone).
    fn resolve(
        &mut self,
        code: Code,
        value: &str,
        span: Span,
        known: &HashSet<String>,
        empty_ok: bool,
    ) {
        if known.contains(value) || (empty_ok && known.is_empty()) {
            return;
        }
        let suggestion = did_you_mean(value, known.iter().map(String::as_str)).map(str::to_string);
        let d = self.push(code, span);
        d.args.push(("value", value.into()));
        if let Some(s) = suggestion {
            d.args.push(("suggestion", s.into()));
            d.hint = Some("did_you_mean");
        }
    }

    /// Adds a finding: in its code's own check, or, for a field check, in this context's.
    pub fn push(&mut self, code: Code, span: Span) -> &mut Diag {
        self.diags.push(match code.check() {
            Some(_) => Diag::new(code, self.file, span),
            None => Diag::within(code, self.check, self.file, span),
        });
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }
}

/// Whether a condition holds on a record's top-level table; absent fields take their default.
pub fn cond_holds(cond: &Cond, root: &Table, fields: &[Field]) -> bool {
    let value = root
        .get(&cond.field)
        .filter(|n| !n.is_null())
        .and_then(Node::scalar_text)
        .or_else(|| {
            fields
                .iter()
                .find(|f| f.name == cond.field)
                .and_then(|f| f.default.clone())
        });
    match &cond.test {
        Test::Present => root.get(&cond.field).is_some_and(|n| !n.is_null()),
        Test::Is(v) => value.as_deref() == Some(v.as_str()),
        Test::In(vs) => value.is_some_and(|v| vs.contains(&v)),
    }
}

/// How a condition reads in a message: `severity = P1`.
pub fn describe_conds(conds: &[Cond]) -> String {
    conds
        .iter()
        .map(|c| match &c.test {
            Test::Is(v) => format!("{} = {v}", c.field),
            Test::In(vs) => format!("{} ∈ {{{}}}", c.field, vs.join(", ")),
            Test::Present => format!("{} set", c.field),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

pub fn present(node: Option<&Node>) -> bool {
    match node {
        None => false,
        Some(n) => match &n.value {
            Value::Null => false,
            Value::Str(s) => !s.trim().is_empty(),
            _ => true,
        },
    }
}

/// Reports a missing field: `code` for an unconditional requirement, with the condition added
/// for a conditional one.
pub fn report_missing(ctx: &mut Ctx<'_>, code: Code, span: Span, field: &Field, conds: &[Cond]) {
    let d = ctx.push(code, span);
    d.args.push(("field", field.name.as_str().into()));
    d.args.push(("label", (&field.label).into()));
    d.args.push(("type", field.ty.describe().into()));
    if let Type::TableList(items) = &field.ty {
        // For the refusal of a write: each item field with its type, one per line
        // (`name\ttype`), so that the hint can name them all.
        let items = items.iter().map(|f| (f.name.clone(), f.ty.describe()));
        d.args
            .push(("items", Phrase::Items(items.collect()).into()));
    }
    if !conds.is_empty() {
        d.args.push(("condition", describe_conds(conds).into()));
    }
}

/// Checks a table against its fields. `missing` is the code for required fields that are
/// absent (`None`: presence is not checked here). `extra` names keys that belong to the table
/// without being fields (stage sections at the top of a record). Conditions are read from
/// `cond_root` (the record's top level), when given.
pub fn check_table_with(
    t: &Table,
    fields: &[Field],
    extra: &[&str],
    span: Span,
    missing: Option<Code>,
    cond_root: Option<(&Table, &[Field])>,
    ctx: &mut Ctx<'_>,
) {
    for e in &t.entries {
        match fields.iter().find(|f| f.name == e.key) {
            Some(f) => check_value(f, &e.node, ctx),
            None if extra.contains(&e.key.as_str()) => {}
            None => {
                ctx.unknown += 1;
                let names = fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .chain(extra.iter().copied());
                let suggestion = match ctx.unknown <= crate::diag::CAP {
                    true => did_you_mean(&e.key, names),
                    false => None,
                };
                let d = ctx.push(Code::E0307, e.key_span);
                d.args.push(("field", e.key.as_str().into()));
                if let Some(s) = suggestion {
                    d.args.push(("suggestion", s.into()));
                    d.hint = Some("did_you_mean");
                }
                control_characters(&e.key, &e.node, ctx);
            }
        }
    }
    let Some(code) = missing else { return };
    let (root, root_fields) = cond_root.unwrap_or((t, fields));
    report_absent(t, fields, code, span, (root, root_fields), ctx);
}

/// Reports each of `fields` that `t` lacks while it is needed (required, or its `when` holds,
/// read from `cond_root`): absent is `code` (or its conditional twin), written but empty E0308.
pub fn report_absent<'f>(
    t: &Table,
    fields: impl IntoIterator<Item = &'f Field>,
    code: Code,
    span: Span,
    (root, root_fields): (&Table, &[Field]),
    ctx: &mut Ctx<'_>,
) {
    for f in fields {
        let node = t.get(&f.name);
        if present(node) {
            continue;
        }
        let needed = f.required || f.when.iter().any(|c| cond_holds(c, root, root_fields));
        if !needed {
            continue;
        }
        match node {
            // Written but empty: point at the empty value.
            Some(n) => {
                let d = ctx.push(Code::E0308, n.span);
                d.args.push(("field", f.name.as_str().into()));
                d.args.push(("label", (&f.label).into()));
            }
            None => {
                let conds: &[Cond] = if f.required { &[] } else { &f.when };
                let code = if conds.is_empty() {
                    code
                } else {
                    conditional_code(code)
                };
                report_missing(ctx, code, span, f, conds);
            }
        }
    }
}

/// The conditional twin of a "missing" code (E0301 → E0302, E0501 → E0502).
pub fn conditional_code(code: Code) -> Code {
    match code {
        Code::E0501 => Code::E0502,
        // An entry field says its condition in its words; it has no twin.
        Code::E0503 => Code::E0503,
        _ => Code::E0302,
    }
}

/// `check_table_with` for a table whose conditions are its own.
pub fn check_table(
    t: &Table,
    fields: &[Field],
    extra: &[&str],
    span: Span,
    missing: Option<Code>,
    ctx: &mut Ctx<'_>,
) {
    check_table_with(t, fields, extra, span, missing, None, ctx);
}

fn wrong_type(ctx: &mut Ctx<'_>, field: &Field, ty: &Type, node: &Node) {
    let d = ctx.push(Code::E0303, node.span);
    d.args.push(("field", field.name.as_str().into()));
    d.args.push(("expected", ty.describe().into()));
    d.args.push(("found", node.type_name().into()));
}

fn bad_format(ctx: &mut Ctx<'_>, field: &Field, ty: &Type, node: &Node, text: &str) {
    let d = ctx.push(Code::E0304, node.span);
    d.args.push(("field", field.name.as_str().into()));
    d.args.push(("value", text.into()));
    d.hint = Some(match ty {
        Type::Date => "format_date",
        Type::DateTime if field.allow_date => "format_datetime_or_date",
        Type::DateTime => "format_datetime",
        Type::Duration => "format_duration",
        Type::Period => "format_period",
        Type::Hours => "format_hours",
        _ => "format_timezone",
    });
}

/// The first control character of a text that a value may not hold (C0, DEL, C1), tab and the
/// line ends of multi-line text (LF, CR LF) excepted.
pub fn forbidden_control(s: &str) -> Option<char> {
    // Control characters are below 0x20, 0x7F, or U+0080–U+009F (0xC2 0x80–0x9F in UTF-8): a
    // text without those bytes holds none, as nearly every text does.
    let suspect = |b: u8| (b < 0x20) | (b == 0x7f) | (b == 0xc2);
    // In blocks without an early exit, which the compiler turns into vector instructions.
    if !s
        .as_bytes()
        .chunks(64)
        .any(|block| block.iter().fold(false, |hit, &b| hit | suspect(b)))
    {
        return None;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let line_end = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if c.is_control() && c != '\t' && !line_end {
            return Some(c);
        }
    }
    None
}

/// Reports a text value holding a control character (E0311): it could rewrite a terminal or
/// break a report. Arrays and tables are searched too (for values no field describes).
fn control_characters(name: &str, node: &Node, ctx: &mut Ctx<'_>) {
    match &node.value {
        Value::Str(s) => {
            if let Some(c) = forbidden_control(s) {
                let d = ctx.push(Code::E0311, node.span);
                d.args.push(("field", name.into()));
                d.args
                    .push(("char", format!("\\u{{{:x}}}", u32::from(c)).into()));
            }
        }
        Value::Array(items) => items.iter().for_each(|i| control_characters(name, i, ctx)),
        Value::Table(t) => t
            .entries
            .iter()
            .for_each(|e| control_characters(&e.key, &e.node, ctx)),
        _ => {}
    }
}

/// Checks one value against a field's type (`ty` may be a list's item type).
fn check_typed(field: &Field, ty: &Type, node: &Node, ctx: &mut Ctx<'_>) {
    if node.is_null() {
        return; // presence is the caller's business
    }
    if let Value::Str(s) = &node.value
        && forbidden_control(s).is_some()
    {
        control_characters(&field.name, node, ctx);
    }
    match ty {
        Type::Text => {
            if node.as_str().is_none() || matches!(node.value, Value::Datetime(_)) {
                wrong_type(ctx, field, ty, node);
            }
        }
        Type::Person | Type::System | Type::Record(_) => match (&node.value, ty) {
            (Value::Str(s), Type::Person) => {
                if let Some(k) = ctx.known {
                    ctx.resolve(Code::E0701, s, node.span, &k.people, true);
                }
            }
            (Value::Str(s), Type::System) => {
                if let Some(k) = ctx.known {
                    ctx.resolve(Code::E0702, s, node.span, &k.systems, false);
                }
            }
            (Value::Str(s), Type::Record(kind)) => ctx.refs.push(Ref {
                kind: kind.clone(),
                value: s.clone(),
                span: node.span,
                field: field.name.clone(),
            }),
            _ => wrong_type(ctx, field, ty, node),
        },
        Type::Int => match node.value {
            Value::Int(i) => range(field, i as f64, node, ctx),
            _ => wrong_type(ctx, field, ty, node),
        },
        Type::Number => match node.as_f64() {
            Some(f) if f.is_finite() => range(field, f, node, ctx),
            _ => wrong_type(ctx, field, ty, node),
        },
        Type::Bool => {
            if node.as_bool().is_none() {
                wrong_type(ctx, field, ty, node);
            }
        }
        Type::Enum(values) if node.as_str().is_some_and(|s| values.iter().any(|v| v == s)) => {}
        Type::Enum(values) => match node.scalar_text() {
            Some(v) if values.contains(&v) => {}
            Some(v) if !matches!(node.value, Value::Str(_)) => {
                let _ = v;
                wrong_type(ctx, field, ty, node);
            }
            Some(v) => {
                let d = ctx.push(Code::E0305, node.span);
                d.args.push(("field", field.name.as_str().into()));
                d.args.push(("value", v.as_str().into()));
                d.args.push(("allowed", values.join(", ").into()));
                if let Some(s) = did_you_mean(&v, values.iter().map(String::as_str)) {
                    d.args.push(("suggestion", s.into()));
                    d.hint = Some("did_you_mean");
                }
            }
            None => wrong_type(ctx, field, ty, node),
        },
        Type::Date
        | Type::DateTime
        | Type::Duration
        | Type::Hours
        | Type::Timezone
        | Type::Period => {
            let text: std::borrow::Cow<'_, str> = match &node.value {
                Value::Str(s) | Value::Datetime(s) => s.into(),
                // A YAML year (`cycle: 2026`) is a period too.
                Value::Int(i) if *ty == Type::Period => i.to_string().into(),
                _ => return wrong_type(ctx, field, ty, node),
            };
            let ok = match ty {
                Type::Date => parse_date(&text).is_some(),
                Type::DateTime => parse_datetime(&text, ctx.tz, field.allow_date).is_some(),
                Type::Duration => parse_duration(&text).is_some(),
                Type::Hours => Hours::parse(&text).is_some(),
                Type::Timezone => parse_offset(&text).is_some(),
                _ => Period::parse_cycle(&text).is_some(),
            };
            if !ok {
                bad_format(ctx, field, ty, node, &text);
            }
        }
        Type::List(of) => match node.as_array() {
            Some(items) => {
                for item in items {
                    check_typed(field, of, item, ctx);
                    full_width_comma(field, of, item, ctx);
                }
                list_length(field, items.len(), node, ctx);
            }
            None => wrong_type(ctx, field, ty, node),
        },
        Type::TableList(fields) => match node.as_array() {
            Some(items) => {
                for item in items {
                    match item.as_table() {
                        Some(t) => check_table(t, fields, &[], item.span, Some(Code::E0301), ctx),
                        None => wrong_type(ctx, field, &Type::Table(fields.clone()), item),
                    }
                }
                list_length(field, items.len(), node, ctx);
            }
            None => wrong_type(ctx, field, ty, node),
        },
        Type::Table(fields) => match node.as_table() {
            Some(t) => check_table(t, fields, &[], node.span, Some(Code::E0301), ctx),
            None => wrong_type(ctx, field, ty, node),
        },
        Type::Map(of) => match node.as_table() {
            Some(t) => {
                for e in &t.entries {
                    check_typed(field, of, &e.node, ctx);
                }
            }
            None => wrong_type(ctx, field, ty, node),
        },
    }
}

pub fn check_value(field: &Field, node: &Node, ctx: &mut Ctx<'_>) {
    check_typed(field, &field.ty, node, ctx);
}

fn range(field: &Field, v: f64, node: &Node, ctx: &mut Ctx<'_>) {
    let below = field
        .min
        .is_some_and(|m| if field.min_exclusive { v <= m } else { v < m });
    let above = field.max.is_some_and(|m| v > m);
    if below || above {
        let fmt = |o: Option<f64>| o.map_or_else(|| "…".to_string(), |m| m.to_string());
        let open = if field.min_exclusive { "(" } else { "[" };
        let d = ctx.push(Code::E0306, node.span);
        d.args.push(("field", field.name.as_str().into()));
        d.args
            .push(("value", node.scalar_text().unwrap_or_default().into()));
        d.args.push((
            "range",
            format!("{open}{}, {}]", fmt(field.min), fmt(field.max)).into(),
        ));
    }
}

/// A list item of people, systems, record ids or enum values that holds a full-width comma
/// (`，`, W0312): most likely two items typed as one (`--set members=a，b`). Text items are left
/// alone: a Chinese sentence holds commas of its own.
fn full_width_comma(field: &Field, of: &Type, item: &Node, ctx: &mut Ctx<'_>) {
    const COMMA: char = '\u{ff0c}';
    let Value::Str(s) = &item.value else {
        return;
    };
    if *of == Type::Text || !s.contains(COMMA) {
        return;
    }
    let parts: Vec<String> = s
        .split(COMMA)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("\"{p}\""))
        .collect();
    let d = ctx.push(Code::W0312, item.span);
    d.args.push(("field", field.name.as_str().into()));
    d.args.push(("value", s.as_str().into()));
    d.args.push(("suggestion", parts.join(", ").into()));
}

fn list_length(field: &Field, len: usize, node: &Node, ctx: &mut Ctx<'_>) {
    if len < field.min_items {
        let d = ctx.push(Code::E0309, node.span);
        d.args.push(("field", field.name.as_str().into()));
        d.args.push(("min", field.min_items.to_string().into()));
        d.args.push(("count", len.to_string().into()));
    } else if len < field.warn_items {
        let d = ctx.push(Code::W0310, node.span);
        d.args.push(("field", field.name.as_str().into()));
        d.args.push(("min", field.warn_items.to_string().into()));
        d.args.push(("count", len.to_string().into()));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_but_tab_and_line_ends_are_forbidden() {
        use super::forbidden_control as f;
        assert_eq!(f("a\tb\nc\r\nd"), None);
        assert_eq!(f("a\x1b[2J"), Some('\x1b'));
        assert_eq!(f("a\rb"), Some('\r'));
        assert_eq!(f("\u{7f}"), Some('\u{7f}'));
        assert_eq!(f("\u{9b}"), Some('\u{9b}'));
        assert_eq!(f("综合 café"), None);
    }
}
