//! The commitments check: a field the rules mark with `changes = "list"` (a project's
//! `planned_end`, a finding's `due`, an incident's `severity` …) changes only with a dated entry
//! in that sibling list. The entries chain — each `from` is the value before it, their dates do
//! not go back (E0624, at the entry) — and the value written is the last entry's `to` (E0623, at
//! the value). Without entries the value is what it is: `diff` shows a move git saw.
//!
//! Paths of items are written as `diff` and `export` write them: `inspection.findings[0].due`.
//!
//! A per-record check: `check FILE` and `check --changed-since` see the same findings.

use super::fields::Ctx;
use crate::diag::Code;
use crate::record::Record;
use crate::record::value::{Node, Span, Table};
use crate::rules::{Field, Kind, Type};

pub fn check(kind: &Kind, rec: &Record, ctx: &mut Ctx<'_>) {
    in_table(&rec.root, &kind.fields, "", ctx);
    for stage in &kind.stages {
        if let Some(section) = rec.section(&stage.key) {
            in_table(section, &stage.fields, &format!("{}.", stage.key), ctx);
        }
    }
}

/// Two values of a commitment are the same: equal numbers, or equal text (dates, enums).
pub fn same(a: &Node, b: &Node) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a.scalar_text().is_some_and(|x| b.scalar_text() == Some(x)),
    }
}

fn show(node: Option<&Node>) -> String {
    node.and_then(Node::scalar_text)
        .unwrap_or_else(|| "—".to_string())
}

/// The commitments of one table (the record, a stage section, a table-list item), and those of
/// its table lists' items.
fn in_table(table: &Table, fields: &[Field], prefix: &str, ctx: &mut Ctx<'_>) {
    for f in fields {
        if let Type::TableList(items) = &f.ty
            && nested(f)
        {
            let list = table.get(&f.name).and_then(Node::as_array).unwrap_or(&[]);
            for (i, item) in list.iter().enumerate() {
                if let Some(t) = item.as_table() {
                    let p = format!("{prefix}{}[{i}].", f.name);
                    in_table(t, items, &p, ctx);
                }
            }
        }
        let Some(list_name) = &f.changes else {
            continue;
        };
        let Some(list_node) = table.get(list_name) else {
            continue;
        };
        let entries: Vec<(&Table, Span)> = list_node
            .as_array()
            .unwrap_or(&[])
            .iter()
            .filter_map(|n| Some((n.as_table()?, n.span)))
            .collect();
        let list = format!("{prefix}{list_name}");
        for (i, pair) in entries.windows(2).enumerate() {
            let ((prev, _), (this, span)) = (pair[0], pair[1]);
            let chained = match (prev.get("to"), this.get("from")) {
                (Some(to), Some(from)) => same(to, from),
                _ => true,
            };
            let ordered = match (
                prev.get("date").and_then(Node::as_str),
                this.get("date").and_then(Node::as_str),
            ) {
                (Some(a), Some(b)) => {
                    match (crate::time::parse_date(a), crate::time::parse_date(b)) {
                        (Some(a), Some(b)) => a <= b,
                        _ => true,
                    }
                }
                _ => true,
            };
            if chained && ordered {
                continue;
            }
            let d = ctx.push(Code::E0624, this.get("from").map_or(span, |n| n.span));
            d.args.push(("list", list.clone().into()));
            d.args.push(("n", (i + 2).to_string().into()));
            d.args.push(("date", show(this.get("date")).into()));
            d.args.push(("from", show(this.get("from")).into()));
            d.args.push(("to", show(this.get("to")).into()));
            d.args.push(("prev", (i + 1).to_string().into()));
            d.args.push(("prev_date", show(prev.get("date")).into()));
            d.args.push(("prev_to", show(prev.get("to")).into()));
        }
        let Some(&(last, _)) = entries.last() else {
            continue;
        };
        let Some(to) = last.get("to") else {
            continue;
        };
        let value = table.get(&f.name);
        if value.is_some_and(|v| same(v, to)) {
            continue;
        }
        let span = value.map_or(list_node.span, |v| v.span);
        let d = ctx.push(Code::E0623, span);
        d.args.push(("field", format!("{prefix}{}", f.name).into()));
        d.args.push(("value", show(value).into()));
        d.args.push(("list", list.clone().into()));
        d.args.push(("n", entries.len().to_string().into()));
        d.args.push(("date", show(last.get("date")).into()));
        d.args.push(("to", show(Some(to)).into()));
    }
}

/// Whether a field's items (at any depth) hold a commitment.
fn nested(f: &Field) -> bool {
    match &f.ty {
        Type::TableList(items) => items.iter().any(|i| i.changes.is_some() || nested(i)),
        _ => false,
    }
}
