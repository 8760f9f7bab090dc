//! Where the entries of a TOML record lie, from the TOML parser's spans.

use toml::de::{DeTable, DeValue};

use super::{EditError, Layout, Slot, line_after, line_start};

pub(super) fn layout(text: &str) -> Result<Layout, EditError> {
    let doc = DeTable::parse(text).map_err(|e| EditError::Parse(e.message().to_string()))?;
    let mut slots = Vec::new();
    for (k, v) in doc.get_ref() {
        let value = v.span();
        let key_start = k.span().start;
        let header = text.as_bytes().get(line_start(text, key_start)) == Some(&b'[');
        let table = matches!(v.get_ref(), DeValue::Table(_));
        let after = line_after(text, value.end.saturating_sub(1).max(value.start));
        let mut slot = Slot {
            key: k.get_ref().to_string(),
            key_start,
            value: value.clone(),
            after,
            end: value.end,
            plain: !header,
            table,
            flow: false,
            flow_open: None,
            // A `[key]` header's span starts at its bracket; a table made by `[key.sub]` alone
            // spans its key there.
            implicit: table && header && text.as_bytes().get(value.start) != Some(&b'['),
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
                    key_start: ck.span().start,
                    value: cspan.clone(),
                    after,
                    end: cspan.end,
                    plain: !child_header,
                    table: false,
                    flow: false,
                    flow_open: None,
                    implicit: false,
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
        .map(|s| line_start(text, s.key_start))
        .min();
    let last_plain = slots.iter().filter(|s| s.plain).map(|s| s.after).max();
    let top_insert = match (last_plain, first_header) {
        (Some(a), _) => a,
        (None, Some(h)) => h,
        (None, None) => text.len(),
    };
    Ok(Layout {
        slots,
        top_insert,
        top_flow: None,
        append_at: text.len(),
        keeps_tail: false,
    })
}
