//! Where the entries of a YAML record lie, from the YAML parser's events: block and flow
//! mappings, explicit keys, block scalars that keep their trailing line ends.

use std::ops::Range;

use saphyr_parser::{Event, Parser};

use super::{EditError, Layout, Slot, line_after, line_start};

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

/// A YAML key read, waiting for its value.
struct Pending {
    key: String,
    key_start: usize,
    key_end: usize,
    /// Where the value begins, once a collection value opens.
    start: usize,
}

/// One open YAML collection.
struct Frame {
    map: bool,
    flow: bool,
    /// In a mapping: whether the next node is a key.
    expect_key: bool,
}

/// Where an entry whose key scalar starts at `key` begins: at the `?` of an explicit key (`? a`,
/// or `{? a : 1}`), found between the previous node's end (`floor`) and the key, with only
/// white space after it and nothing but the start of its line, `{` or `,` before it; else at
/// the key.
fn entry_start(text: &str, key: usize, floor: usize) -> usize {
    let b = text.as_bytes();
    let mut i = key;
    while i > floor && matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
        i -= 1;
    }
    if i == key || i <= floor || b[i - 1] != b'?' {
        return key;
    }
    let mark = i - 1;
    let mut j = mark;
    while j > 0 && matches!(b[j - 1], b' ' | b'\t') {
        j -= 1;
    }
    match j.checked_sub(1).map(|p| b[p]) {
        None | Some(b'\n' | b'{' | b',') => mark,
        _ => key,
    }
}

/// Where a flow entry with an empty value ends: after its key, and a colon with the spaces
/// after it.
fn empty_entry_end(text: &str, key_end: usize) -> usize {
    let b = text.as_bytes();
    let mut i = key_end;
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    if b.get(i) != Some(&b':') {
        return key_end;
    }
    i += 1;
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

pub(super) fn layout(text: &str) -> Result<Layout, EditError> {
    let idx = CharIndex {
        text,
        offsets: (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect()),
    };
    // Depth 0: the document mapping; keys at depth 1 are top-level entries, keys at depth 2
    // inside a mapping value are a section's entries.
    let mut stack: Vec<Frame> = Vec::new();
    let mut slots: Vec<Slot> = Vec::new();
    let mut pending_top: Option<Pending> = None;
    let mut pending_child: Option<Pending> = None;
    let mut value_end = 0usize;
    // Where the previous node ended, so that an explicit key's `?` is looked for after it.
    let mut last_end = 0usize;
    let mut top_flow = None;
    let mut append_at = text.len();
    let mut keeps_tail = false;
    for item in Parser::new_from_str(text) {
        let (ev, span) = item.map_err(|e| EditError::Parse(e.info().to_string()))?;
        let (s, mut e) = (idx.byte(span.start.index()), idx.byte(span.end.index()));
        // An empty value has no text, whatever its mark spans (`{a, b}` marks `, `).
        if matches!(&ev, Event::Scalar(v, saphyr_parser::ScalarStyle::Plain, ..) if v.is_empty()) {
            e = s;
        }
        if e > s {
            value_end = value_end.max(e);
        }
        let depth = stack.len();
        let in_flow = stack.last().is_some_and(|f| f.flow);
        match &ev {
            Event::Scalar(_, style, ..) => keeps_tail = keeps(text, last_end..s, *style),
            Event::MappingStart(..) | Event::SequenceStart(..) => keeps_tail = false,
            _ => {}
        }
        match ev {
            Event::Scalar(v, ..) => {
                let is_key = stack.last().is_some_and(|f| f.map && f.expect_key);
                let key = |v: std::borrow::Cow<'_, str>| Pending {
                    key: v.into_owned(),
                    key_start: entry_start(text, s, last_end),
                    key_end: e,
                    start: s,
                };
                if depth == 1 && is_key {
                    pending_top = Some(key(v));
                    value_end = e;
                } else if depth == 2 && is_key && slots.last().is_some_and(|t| t.table) {
                    pending_child = Some(key(v));
                    value_end = e;
                } else if depth == 1 {
                    if let Some(p) = pending_top.take() {
                        slots.push(scalar_slot(text, p, s..e, in_flow));
                    }
                } else if depth == 2
                    && let Some(p) = pending_child.take()
                    && let Some(top) = slots.last_mut()
                {
                    top.children.push(scalar_slot(text, p, s..e, in_flow));
                }
                if let Some(f) = stack.last_mut() {
                    f.expect_key = !f.expect_key;
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                // A flow collection's start mark ends just after its bracket (a tag or anchor
                // may come before it); a block one's is empty or ends on a line end.
                let opens_flow = e > s && matches!(text.as_bytes()[e - 1], b'{' | b'[');
                if depth == 0 && is_map && opens_flow {
                    top_flow = Some(e);
                }
                if depth == 1
                    && is_map
                    && let Some(p) = pending_top.take()
                {
                    slots.push(Slot {
                        key: p.key,
                        key_start: p.key_start,
                        value: s..s,
                        after: 0,
                        end: e,
                        plain: true,
                        table: true,
                        flow: in_flow,
                        flow_open: opens_flow.then_some(e),
                        implicit: false,
                        children: Vec::new(),
                        indent: String::new(),
                        child_insert: line_after(text, s),
                    });
                }
                // A list or mapping value of an entry starts here, not at its key.
                if depth == 1
                    && let Some(p) = pending_top.as_mut()
                {
                    p.start = s;
                } else if depth == 2
                    && let Some(p) = pending_child.as_mut()
                {
                    p.start = s;
                }
                stack.push(Frame {
                    map: is_map,
                    flow: in_flow || opens_flow,
                    expect_key: true,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                let depth = stack.len();
                let in_flow = stack.last().is_some_and(|f| f.flow);
                if let Some(f) = stack.last_mut() {
                    f.expect_key = !f.expect_key;
                }
                let end = line_after(text, value_end.saturating_sub(1));
                if depth == 1 {
                    if let Some(p) = pending_top.take() {
                        // A sequence (or other collection) value at the top level.
                        let end = collection_end(text, p.start, value_end);
                        let start = p.start;
                        slots.push(scalar_slot(text, p, start..end, in_flow));
                    } else if let Some(last) = slots.last_mut()
                        && last.table
                        && last.after == 0
                    {
                        // A flow mapping (`{…}`) ends at its closing brace.
                        let value_end = collection_end(text, last.value.start, value_end);
                        last.after = line_after(text, value_end.saturating_sub(1));
                        last.child_insert = last.after;
                        last.value.end = value_end;
                        last.end = value_end;
                    }
                } else if depth == 2
                    && let Some(p) = pending_child.take()
                    && let Some(top) = slots.last_mut()
                {
                    let start = p.start;
                    let mut c = scalar_slot(
                        text,
                        p,
                        start..collection_end(text, start, value_end),
                        in_flow,
                    );
                    c.after = end;
                    top.children.push(c);
                }
            }
            // A document's explicit end (`...`): new sections go before it.
            Event::DocumentEnd if e > s => append_at = line_start(text, s),
            Event::Alias(_) => return Err(EditError::Parse("aliases are not allowed".into())),
            _ => {}
        }
        last_end = e;
    }
    for slot in slots.iter_mut().filter(|s| s.table) {
        if let Some(first) = slot.children.first() {
            let ls = line_start(text, first.key_start);
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
                .map_or(text.len(), |s| line_start(text, s.key_start))
        });
    Ok(Layout {
        slots,
        top_insert,
        top_flow,
        append_at,
        keeps_tail,
    })
}

/// Whether a YAML scalar is a block scalar that keeps its trailing line ends: a `+` in its
/// header (`|+`, `>2+`), which lies between the node before it and its content (`before`; the
/// scalar's start mark may be at its header or at its content).
fn keeps(text: &str, before: Range<usize>, style: saphyr_parser::ScalarStyle) -> bool {
    use saphyr_parser::ScalarStyle::{Folded, Literal};
    // Up to and with the scalar's first character (its header when its mark starts there).
    let end = before.end
        + text
            .get(before.end..)
            .and_then(|t| t.chars().next())
            .map_or(0, char::len_utf8);
    let Some(at) = text
        .get(before.start.min(end)..end)
        .and_then(|between| between.find(['|', '>']))
    else {
        return false;
    };
    matches!(style, Literal | Folded)
        && text[before.start + at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '+' | '-'))
            .any(|c| c == '+')
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

/// A top-level or child entry for a scalar or flow value spanning `value`; `flow`: it lies in a
/// flow mapping.
fn scalar_slot(text: &str, key: Pending, value: Range<usize>, flow: bool) -> Slot {
    // In a flow mapping the parser's end mark may lie past the spaces and a comment after the
    // value: the value ends at its closing quote or bracket, or where its plain text does.
    let value = match flow && !value.is_empty() {
        true => value.start..token_end(text, value.clone()),
        false => value,
    };
    let after = line_after(text, value.end.saturating_sub(1).max(value.start));
    let end = if value.is_empty() {
        empty_entry_end(text, key.key_end)
    } else {
        value.end
    };
    Slot {
        key: key.key,
        key_start: key.key_start,
        value,
        after,
        end,
        plain: true,
        table: false,
        flow,
        flow_open: None,
        implicit: false,
        children: Vec::new(),
        indent: String::new(),
        child_insert: after,
    }
}

/// Where a flow value spanning at most `value` ends: after its closing quote or bracket, or
/// after the last character of its plain text before a comment.
fn token_end(text: &str, value: Range<usize>) -> usize {
    let b = text.as_bytes();
    let start = value.start;
    match b.get(start) {
        Some(b'"') => {
            let mut i = start + 1;
            while i < b.len() {
                match b[i] {
                    b'\\' => i += 1,
                    b'"' => return i + 1,
                    _ => {}
                }
                i += 1;
            }
            value.end
        }
        Some(b'\'') => {
            let mut i = start + 1;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        return i + 1;
                    }
                }
                i += 1;
            }
            value.end
        }
        Some(b'[' | b'{') => flow_end(text, start).unwrap_or(value.end),
        _ => {
            let plain = text.get(value.clone()).unwrap_or("");
            let cut = plain
                .match_indices('#')
                .find(|(i, _)| plain[..*i].ends_with([' ', '\t', '\n']))
                .map_or(plain.len(), |(i, _)| i);
            start + plain[..cut].trim_end().len()
        }
    }
}
