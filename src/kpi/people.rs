//! Team and communication KPIs (团队管理, 沟通协调): appraisal-plan execution, goal completion,
//! employee and business satisfaction.

use serde_json::{Map, Value, json};

use super::{
    Ctx, Deed, Item, by_deadline, counted, dated_in_period, id, instant, left_out, local_date,
    midnight, outside, text, why,
};
use crate::record::Record;
use crate::record::value::Node;

type Out = (Vec<Item>, Map<String, Value>);

fn appraisal_keys(ctx: &Ctx<'_>, rec: &Record, t: i64) -> super::Keys {
    let mut keys = ctx.keys(rec);
    keys.month = Some(ctx.month_of(t));
    keys.department = text(rec, "employee")
        .and_then(|e| ctx.config.person(&e).and_then(|p| p.department.clone()));
    keys
}

/// Appraisals that reached `result` by `due_on`, over appraisals due in the period.
pub fn appraisal_execution(ctx: &Ctx<'_>) -> Out {
    let tz = ctx.tz();
    let mut items = Vec::new();
    for rec in ctx.of_kind("appraisal") {
        let rid = id(rec);
        let due = match dated_in_period(ctx, rec, "due_on", "完成期限") {
            Ok(d) => d,
            Err(reason) => {
                items.push(left_out(rid, reason));
                continue;
            }
        };
        let result = instant(rec, "result.at", tz)
            .filter(|&t| t <= ctx.as_of)
            .map(|t| local_date(tz, t));
        let keys = appraisal_keys(ctx, rec, midnight(tz, due));
        items.push(by_deadline(
            ctx,
            rid,
            keys,
            due,
            result,
            &Deed("出结果", "result on", "no result"),
        ));
    }
    (items, Map::new())
}

/// Goals scored at least `kpi.pass_score`, over goals scored, of appraisals that reached
/// `result` in the period.
pub fn goal_completion(ctx: &Ctx<'_>) -> Out {
    let tz = ctx.tz();
    let pass = ctx.config.kpi.pass_score;
    let mut items = Vec::new();
    for rec in ctx.of_kind("appraisal") {
        let rid = id(rec);
        let Some(t) = instant(rec, "result.at", tz).filter(|&t| t <= ctx.as_of) else {
            items.push(left_out(rid, why("尚未出考核结果", "no result yet")));
            continue;
        };
        if !ctx.in_period(t) {
            items.push(left_out(
                rid,
                outside("考核结果日期", &local_date(tz, t).to_string()),
            ));
            continue;
        }
        let scores: Vec<f64> = rec
            .stage_field("review", "scores")
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(|s| s.as_table()?.get("score")?.as_f64())
            .collect();
        let met = scores.iter().filter(|&&s| s >= pass).count();
        items.push(counted(
            rid,
            met as f64,
            scores.len() as f64,
            appraisal_keys(ctx, rec, t),
            why(
                format!("{} 个目标中 {met} 个得分 ≥ {pass}", scores.len()),
                format!("{met} of {} goals scored ≥ {pass}", scores.len()),
            ),
        ));
    }
    (items, Map::new())
}

/// Top-two-box share (score ≥ scale − 1) of the surveys of one audience conducted in the period,
/// with the mean score and the number of responses.
pub fn satisfaction(ctx: &Ctx<'_>, audience: &str) -> Out {
    let tz = ctx.tz();
    let mut items = Vec::new();
    let (mut sum, mut n) = (0.0, 0.0);
    for rec in ctx.of_kind("survey") {
        let rid = id(rec);
        if text(rec, "audience").as_deref() != Some(audience) {
            items.push(left_out(
                rid,
                why(
                    format!("调查对象不是 {audience}"),
                    format!("audience is not {audience}"),
                ),
            ));
            continue;
        }
        let Some(t) = instant(rec, "conducted.at", tz) else {
            items.push(left_out(rid, why("没有调查时间", "no conducted.at")));
            continue;
        };
        if !ctx.in_period(t) {
            items.push(left_out(
                rid,
                outside("调查时间", &local_date(tz, t).to_string()),
            ));
            continue;
        }
        let scale = rec.get("scale").and_then(Node::as_i64).unwrap_or(5);
        let (mut top, mut total) = (0.0, 0.0);
        for e in rec
            .get("responses")
            .and_then(Node::as_table)
            .map_or(&[][..], |t| &t.entries)
        {
            let (Ok(score), Some(count)) = (e.key.parse::<i64>(), e.node.as_i64()) else {
                continue;
            };
            let count = count.max(0) as f64;
            total += count;
            sum += score as f64 * count;
            if score >= scale - 1 {
                top += count;
            }
        }
        n += total;
        let mut keys = ctx.keys(rec);
        keys.department = text(rec, "department");
        keys.month = Some(ctx.month_of(t));
        items.push(counted(
            rid,
            top,
            total,
            keys,
            why(
                format!("{total} 份答卷中 {top} 份为 {}–{scale} 分", scale - 1),
                format!("{top} of {total} responses scored {}–{scale}", scale - 1),
            ),
        ));
    }
    let mut extra = Map::new();
    extra.insert("mean".into(), json!((n > 0.0).then(|| sum / n)));
    extra.insert("n".into(), json!(n));
    (items, extra)
}
