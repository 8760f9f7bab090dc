//! The `stages` and `requirements` checks: the record's stage sections form a legal path through
//! the kind's workflow (a start stage, in order, skipping only optional stages, `stage` naming the
//! last, `at` never decreasing), each section's fields are valid, and every complete stage has
//! what it needs. A stage is complete once a later one is entered; the final stage is complete
//! when it is entered.

use chrono::{DateTime, FixedOffset};

use super::Prepared;
use super::fields::{Ctx, check_table_with, cond_holds, report_absent, report_missing};
use crate::diag::{Arg, Code};
use crate::record::Record;
use crate::record::value::{Node, Span, Table};
use crate::rules::{Field, Kind, Rules, Stage};
use crate::time::parse_datetime;

/// The stage sections a record has, as `(stage index, key span, section)`, in stage order.
pub fn sections<'a>(kind: &Kind, root: &'a Table) -> Vec<(usize, Span, &'a Node)> {
    let mut out: Vec<(usize, Span, &Node)> = root
        .entries
        .iter()
        .filter_map(|e| Some((kind.stage_index(&e.key)?, e.key_span, &e.node)))
        .collect();
    out.sort_by_key(|(i, _, _)| *i);
    out
}

pub fn check(rules: &Rules, kind: &Kind, prep: &Prepared, rec: &Record, ctx: &mut Ctx<'_>) {
    let top = &prep.top[..];
    let secs = sections(kind, &rec.root);
    let stage_entry = rec.root.entry("stage");
    let current = stage_entry
        .and_then(|e| e.node.as_str())
        .map(|s| (s, kind.stage_index(s)));

    if let (Some(e), Some((name, None))) = (stage_entry, current) {
        let d = ctx.push(Code::E0401, e.node.span);
        d.args.push(("stage", name.into()));
        d.args.push(("kind", kind.key.as_str().into()));
        d.args.push(("allowed", stage_list(kind).into()));
        if let Some(s) =
            crate::record::value::did_you_mean(name, kind.stages.iter().map(|s| s.key.as_str()))
        {
            d.args.push(("suggestion", s.into()));
            d.hint = Some("did_you_mean");
        }
    }
    let current_index = current.and_then(|(_, i)| i);

    // Sections written out of stage order are legal but hard to review.
    let file_order: Vec<usize> = rec
        .root
        .entries
        .iter()
        .filter_map(|e| kind.stage_index(&e.key))
        .collect();
    if let Some(pos) = file_order.windows(2).position(|w| w[0] > w[1]) {
        let key = &kind.stages[file_order[pos + 1]].key;
        if let Some(e) = rec.root.entry(key) {
            let d = ctx.push(Code::W0403, e.key_span);
            d.args.push(("stage", key.as_str().into()));
        }
    }

    let Some(&(first, first_span, _)) = secs.first() else {
        let span = stage_entry.map_or(Span::START, |e| e.node.span);
        let d = ctx.push(Code::E0402, span);
        d.args.push(("stage", "".into()));
        d.args.push(("starts", start_list(kind).into()));
        return;
    };
    if !kind.stages[first].start {
        let d = ctx.push(Code::E0402, first_span);
        d.args
            .push(("stage", kind.stages[first].key.as_str().into()));
        d.args.push(("starts", start_list(kind).into()));
    }
    for pair in secs.windows(2) {
        let (a, b) = (pair[0].0, pair[1].0);
        if let Some(skipped) = kind.stages[a + 1..b].iter().find(|s| !s.optional) {
            let d = ctx.push(Code::E0404, pair[1].1);
            d.args.push(("stage", kind.stages[b].key.as_str().into()));
            d.args.push(("skipped", skipped.key.as_str().into()));
            d.args.push(("label", (&skipped.label).into()));
        }
    }
    if let Some(ci) = current_index {
        for &(i, span, _) in secs.iter().filter(|(i, _, _)| *i > ci) {
            let d = ctx.push(Code::E0405, span);
            d.args.push(("section", kind.stages[i].key.as_str().into()));
            d.args.push(("stage", kind.stages[ci].key.as_str().into()));
        }
        if !secs.iter().any(|(i, _, _)| *i == ci) {
            let span = stage_entry.map_or(Span::START, |e| e.node.span);
            let d = ctx.push(Code::E0406, span);
            d.args.push(("stage", kind.stages[ci].key.as_str().into()));
        }
    }

    let last = secs.last().map_or(0, |s| s.0);
    let final_index = kind.stages.len() - 1;
    let mut prev_at: Option<(DateTime<FixedOffset>, &str)> = None;
    for &(i, span, node) in &secs {
        let stage = &kind.stages[i];
        let Some(section) = node.as_table() else {
            let d = ctx.push(Code::E0407, node.span);
            d.args.push(("stage", stage.key.as_str().into()));
            d.args.push(("found", node.type_name().into()));
            continue;
        };
        let fields = &prep.stage_fields[i];
        let complete = i < last || i == final_index;
        let at_field = rules.stage_common.iter().find(|f| f.name == "at");
        let before = ctx.diags.len();
        // `at` is needed the moment a stage is entered, complete or not.
        if section.get("at").is_none_or(Node::is_null)
            && let Some(f) = at_field
        {
            report_missing(ctx, Code::E0408, span, f, &[]);
        }
        let missing = complete.then_some(Code::E0501);
        check_table_with(
            section,
            fields,
            &[],
            span,
            missing,
            Some((&rec.root, top)),
            ctx,
        );
        if !complete {
            entry_fields(stage, fields, section, span, &rec.root, top, ctx);
        }
        // Name the section in what is missing from it, so `advance` can say `--set stage.field`.
        for d in &mut ctx.diags[before..] {
            if matches!(
                d.code,
                Code::E0408 | Code::E0501 | Code::E0502 | Code::E0503
            ) {
                d.args.push(("section", stage.key.as_str().into()));
            }
        }
        for req in &stage.requires {
            if !complete && !req.entry {
                continue;
            }
            let needed =
                req.when.is_empty() || req.when.iter().any(|c| cond_holds(c, &rec.root, top));
            let absent = rec.root.get(&req.field).is_none_or(Node::is_null);
            if needed
                && absent
                && let Some(f) = top.iter().find(|f| f.name == req.field)
            {
                if !complete {
                    report_missing(ctx, Code::E0503, span, f, &req.when);
                    if let Some(d) = ctx.diags.last_mut() {
                        d.args.push(("stage", (&stage.label).into()));
                        d.args.push(("path", req.field.as_str().into()));
                    }
                    continue;
                }
                let code = if req.when.is_empty() {
                    Code::E0501
                } else {
                    Code::E0502
                };
                report_missing(ctx, code, span, f, &req.when);
                let d = ctx.diags.last_mut();
                if let Some(d) = d {
                    d.args.push(("stage", (&stage.label).into()));
                }
            }
        }
        if let Some(at_node) = section.get("at") {
            let at = at_node
                .as_str()
                .and_then(|s| parse_datetime(s, ctx.tz, true));
            if let (Some(at), Some((prev, prev_key))) = (at, prev_at)
                && at < prev
            {
                let d = ctx.push(Code::E0409, at_node.span);
                d.args.push(("stage", stage.key.as_str().into()));
                d.args.push(("previous", prev_key.into()));
            }
            if let Some(at) = at {
                prev_at = Some((at, stage.key.as_str()));
            }
        }
    }
}

/// The entry fields of a stage entered but not complete (`entry = true`): needed at once when
/// required, or when their condition holds (E0503); written but empty is E0308.
fn entry_fields(
    stage: &Stage,
    fields: &[Field],
    section: &Table,
    span: Span,
    root: &Table,
    top: &[Field],
    ctx: &mut Ctx<'_>,
) {
    let before = ctx.diags.len();
    let entry = fields.iter().filter(|f| f.entry);
    report_absent(section, entry, Code::E0503, span, (root, top), ctx);
    for d in ctx.diags[before..]
        .iter_mut()
        .filter(|d| d.code == Code::E0503)
    {
        let field = d.args.iter().find_map(|(k, v)| match v {
            Arg::Plain(name) if *k == "field" => Some(name.clone()),
            _ => None,
        });
        d.args.push(("stage", (&stage.label).into()));
        if let Some(field) = field {
            d.args
                .push(("path", format!("{}.{field}", stage.key).into()));
        }
    }
}

fn stage_list(kind: &Kind) -> String {
    kind.stages
        .iter()
        .map(|s| s.key.as_str())
        .collect::<Vec<_>>()
        .join(" → ")
}

fn start_list(kind: &Kind) -> String {
    kind.start_stages()
        .map(|s| s.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
