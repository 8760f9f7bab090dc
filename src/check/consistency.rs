//! The `consistency` check: what no field table can say, because it relates fields to each other
//! (sums, one list drawn from another; time order is rules data, `order.rs`). Keyed by the built-in kinds; a kind a
//! repository adds gets the generic checks only.

use super::fields::{Ctx, report_missing};
use crate::diag::Code;
use crate::record::value::{Node, Span};
use crate::record::{FieldPath, Record};
use crate::repo::Repo;
use crate::rules::Kind;

/// A field's value with where it was written: top-level `name` or `stage.name`.
fn at<'r>(rec: &'r Record, path: &str) -> Option<&'r Node> {
    rec.lookup(&FieldPath::parse(path))
}

fn int(rec: &Record, path: &str) -> Option<(i64, Span)> {
    let n = at(rec, path)?;
    Some((n.as_i64()?, n.span))
}

/// `part` must not exceed `whole` (`succeeded ≤ jobs`).
fn at_most(ctx: &mut Ctx<'_>, rec: &Record, part: &[&str], whole: &str) {
    let Some((w, _)) = int(rec, whole) else {
        return;
    };
    let values: Option<Vec<(i64, Span)>> = part.iter().map(|p| int(rec, p)).collect();
    let Some(values) = values else { return };
    let sum: i64 = values.iter().map(|(v, _)| v).sum();
    if sum > w {
        let d = ctx.push(Code::E0602, values[0].1);
        d.args.push(("part", part.join(" + ").into()));
        d.args.push(("sum", sum.to_string().into()));
        d.args.push(("whole", whole.into()));
        d.args.push(("max", w.to_string().into()));
    }
}

fn tables<'r>(rec: &'r Record, path: &str) -> Vec<&'r crate::record::value::Table> {
    at(rec, path)
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_table)
        .collect()
}

fn project(ctx: &mut Ctx<'_>, rec: &Record) {
    if let (Some(vendor), Some(candidates)) =
        (at(rec, "selection.vendor"), at(rec, "selection.candidates"))
        && let (Some(v), Some(list)) = (vendor.as_str(), candidates.as_array())
        && !list.iter().any(|c| c.as_str() == Some(v))
    {
        let names: Vec<&str> = list.iter().filter_map(Node::as_str).collect();
        let d = ctx.push(Code::E0603, vendor.span);
        d.args.push(("vendor", v.into()));
        d.args.push(("candidates", names.join(", ").into()));
    }
}

fn drill(repo: &Repo, ctx: &mut Ctx<'_>, rec: &Record, kind: &Kind) {
    if let Some(closed) = rec.root.entry("closed") {
        for action in tables(rec, "reviewed.actions") {
            if action.get("done_on").is_none_or(Node::is_null) {
                let text = action.str("action").unwrap_or("");
                let d = ctx.push(Code::E0604, closed.key_span);
                d.args.push(("action", text.into()));
            }
        }
    }
    // `recovered_at` and `data_loss` are entry fields of `executed` when an objective applies:
    // the drill's own (a rules condition) or, by default, one of its systems'. A tabletop
    // exercise recovers nothing, so its systems' objectives do not apply to it.
    if rec.section("executed").is_none()
        || rec.get("type").and_then(Node::as_str) == Some("tabletop")
    {
        return;
    }
    let systems: Vec<&str> = rec
        .get("systems")
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_str)
        .collect();
    let system_rto = systems
        .iter()
        .any(|s| repo.config.system(s).is_some_and(|s| s.rto.is_some()));
    let system_rpo = systems
        .iter()
        .any(|s| repo.config.system(s).is_some_and(|s| s.rpo.is_some()));
    let restore = rec.get("type").and_then(Node::as_str) == Some("restore");
    let rto_needs = system_rto && rec.get("rto").is_none() && !restore;
    let rpo_needs = system_rpo && rec.get("rpo").is_none();
    for (needed, name, condition) in [
        (
            rto_needs,
            "recovered_at",
            crate::diag::Phrase::DrillSystemHasRto,
        ),
        (
            rpo_needs,
            "data_loss",
            crate::diag::Phrase::DrillSystemHasRpo,
        ),
    ] {
        if !needed
            || rec
                .lookup(&FieldPath::new(Some("executed"), name))
                .is_some()
        {
            continue;
        }
        let stage = kind.stage_index("executed").map(|i| &kind.stages[i]);
        let field = stage.and_then(|s| s.fields.iter().find(|f| f.name == name));
        let span = rec
            .root
            .entry("executed")
            .map_or(Span::START, |e| e.key_span);
        if let (Some(f), Some(stage)) = (field, stage) {
            report_missing(ctx, Code::E0503, span, f, &[]);
            if let Some(d) = ctx.diags.last_mut() {
                d.args.push(("condition", condition.into()));
                d.args.push(("stage", (&stage.label).into()));
                d.args.push(("section", "executed".into()));
                d.args.push(("path", format!("executed.{name}").into()));
            }
        }
    }
}

fn appraisal(ctx: &mut Ctx<'_>, rec: &Record, tolerance: f64) {
    let goals = tables(rec, "planning.goals");
    let weights: Vec<f64> = goals
        .iter()
        .filter_map(|g| g.get("weight").and_then(Node::as_f64))
        .collect();
    if let Some(node) = at(rec, "planning.goals") {
        let sum: f64 = weights.iter().sum();
        if weights.len() == goals.len() && !goals.is_empty() && (sum - 100.0).abs() > 1e-9 {
            let d = ctx.push(Code::E0605, node.span);
            d.args.push(("sum", trim_number(sum).into()));
        }
    }
    let Some(scores_node) = at(rec, "review.scores") else {
        return;
    };
    let scores = tables(rec, "review.scores");
    let goal_names: Vec<&str> = goals.iter().filter_map(|g| g.str("goal")).collect();
    let mut total = 0.0;
    let mut complete = true;
    for g in &goals {
        let (Some(name), Some(w)) = (g.str("goal"), g.get("weight").and_then(Node::as_f64)) else {
            complete = false;
            continue;
        };
        let matching: Vec<_> = scores
            .iter()
            .filter(|s| s.str("goal") == Some(name))
            .collect();
        match matching.as_slice() {
            [one] => match one.get("score").and_then(Node::as_f64) {
                Some(s) => total += w * s / 100.0,
                None => complete = false,
            },
            [] => {
                complete = false;
                let d = ctx.push(Code::E0606, scores_node.span);
                d.args.push(("goal", name.into()));
            }
            [_, second, ..] => {
                complete = false;
                let span = second.get("goal").map_or(scores_node.span, |n| n.span);
                let d = ctx.push(Code::E0607, span);
                d.args.push(("goal", name.into()));
            }
        }
    }
    for s in &scores {
        if let Some(name) = s.str("goal")
            && !goal_names.contains(&name)
        {
            complete = false;
            let span = s.get("goal").map_or(scores_node.span, |n| n.span);
            let d = ctx.push(Code::E0608, span);
            d.args.push(("goal", name.into()));
            if let Some(sug) = crate::record::value::did_you_mean(name, goal_names.iter().copied())
            {
                d.args.push(("suggestion", sug.into()));
                d.hint = Some("did_you_mean");
            }
        }
    }
    if let (true, Some(score)) = (complete, at(rec, "result.score"))
        && let Some(v) = score.as_f64()
        && (v - total).abs() > tolerance
    {
        let d = ctx.push(Code::E0609, score.span);
        d.args.push(("score", trim_number(v).into()));
        d.args.push((
            "expected",
            trim_number((total * 100.0).round() / 100.0).into(),
        ));
    }
}

fn survey(ctx: &mut Ctx<'_>, rec: &Record) {
    let scale = rec.get("scale").and_then(Node::as_i64).unwrap_or(5);
    let Some(responses) = rec.get("responses").and_then(Node::as_table) else {
        return;
    };
    for e in &responses.entries {
        let ok = e.key.parse::<i64>().is_ok_and(|s| (1..=scale).contains(&s));
        if !ok {
            let d = ctx.push(Code::E0610, e.key_span);
            d.args.push(("score", e.key.as_str().into()));
            d.args.push(("scale", scale.to_string().into()));
        }
        if e.node.as_i64().is_some_and(|n| n < 0) {
            let d = ctx.push(Code::E0611, e.node.span);
            d.args.push(("score", e.key.as_str().into()));
        }
    }
}

fn trim_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub fn check(repo: &Repo, kind: &Kind, rec: &Record, ctx: &mut Ctx<'_>) {
    match kind.key.as_str() {
        "project" => project(ctx, rec),
        "drill" => drill(repo, ctx, rec, kind),
        "appraisal" => appraisal(ctx, rec, 0.5),
        "data" => at_most(
            ctx,
            rec,
            &["cleansing.records_rejected", "cleansing.duplicates_removed"],
            "cleansing.records_in",
        ),
        "backup" => {
            at_most(ctx, rec, &["succeeded"], "jobs");
            at_most(ctx, rec, &["restores_succeeded"], "restore_tests");
        }
        "survey" => survey(ctx, rec),
        _ => {}
    }
}
