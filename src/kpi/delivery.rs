//! Delivery KPIs (信息化项目推进, 技术规划): on-time delivery, acceptance pass rate, cost
//! control, annual plan completion.

use chrono::{Duration as ChronoDuration, NaiveDate};
use serde_json::{Map, Value, json};

use super::{
    Ctx, Deed, Item, Keys, by_deadline, counted, date, dated_in_period, id, left_out, midnight,
    number, outside, text, why,
};
use crate::record::Record;
use crate::record::value::Node;

type Out = (Vec<Item>, Map<String, Value>);

fn project_keys(ctx: &Ctx<'_>, rec: &Record, month_of: NaiveDate) -> Keys {
    let mut keys = ctx.keys(rec);
    keys.department = text(rec, "department");
    keys.month = Some(ctx.month_of(midnight(ctx.tz(), month_of)));
    keys
}

/// Accepted on or before `planned_end` (+ tolerance), over projects whose `planned_end` fell in
/// the period; one not accepted once its deadline has passed is late.
pub fn on_time_delivery(ctx: &Ctx<'_>) -> Out {
    let tolerance = ChronoDuration::days(ctx.config.kpi.tolerance_days);
    let mut items = Vec::new();
    for rec in ctx.of_kind("project") {
        let rid = id(rec);
        let planned = match dated_in_period(ctx, rec, "planned_end", "计划完成日期") {
            Ok(d) => d,
            Err(reason) => {
                items.push(left_out(rid, reason));
                continue;
            }
        };
        let deadline = planned.checked_add_signed(tolerance).unwrap_or(planned);
        let accepted =
            date(rec, "acceptance.accepted_on").filter(|d| midnight(ctx.tz(), *d) <= ctx.as_of);
        let keys = project_keys(ctx, rec, planned);
        let item = by_deadline(
            ctx,
            rid,
            keys,
            deadline,
            accepted,
            &Deed("验收", "accepted", "not accepted"),
        );
        items.push(item);
    }
    (items, Map::new())
}

/// Projects accepted in the period, as `(record, acceptance date)`, and the items for the rest.
fn accepted_in_period<'r>(ctx: &Ctx<'r>, items: &mut Vec<Item>) -> Vec<(&'r Record, NaiveDate)> {
    let mut out = Vec::new();
    for rec in ctx.of_kind("project") {
        match date(rec, "acceptance.accepted_on") {
            Some(d) if ctx.date_in_period(d) => out.push((rec, d)),
            Some(d) => items.push(left_out(id(rec), outside("验收日期", &d.to_string()))),
            None => items.push(left_out(id(rec), why("尚未验收", "not accepted yet"))),
        }
    }
    out
}

pub fn acceptance_pass(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (rec, on) in accepted_in_period(ctx, &mut items) {
        let failed = rec
            .stage_field("monitoring", "failed_acceptances")
            .and_then(Node::as_array)
            .map_or(0, <[Node]>::len);
        let keys = project_keys(ctx, rec, on);
        items.push(if failed == 0 {
            counted(
                id(rec),
                1.0,
                1.0,
                keys,
                why("一次验收通过", "passed acceptance the first time"),
            )
        } else {
            counted(
                id(rec),
                0.0,
                1.0,
                keys,
                why(
                    format!("验收前有 {failed} 次未通过"),
                    format!("{failed} failed acceptance(s) before passing"),
                ),
            )
        });
    }
    (items, Map::new())
}

/// Σ actual cost / Σ budget of projects accepted in the period, listing those over the warning
/// and limit deviations.
pub fn cost_control(ctx: &Ctx<'_>) -> Out {
    let (warn, limit) = (ctx.config.kpi.cost_warn, ctx.config.kpi.cost_limit);
    let mut items = Vec::new();
    let mut over = Vec::new();
    for (rec, on) in accepted_in_period(ctx, &mut items) {
        let (Some(budget), Some(actual)) =
            (number(rec, "budget"), number(rec, "acceptance.actual_cost"))
        else {
            items.push(left_out(
                id(rec),
                why("缺少预算或实际成本", "no budget or actual cost"),
            ));
            continue;
        };
        let deviation = if budget > 0.0 {
            actual / budget - 1.0
        } else {
            0.0
        };
        let level = if deviation > limit {
            Some("limit")
        } else if deviation > warn {
            Some("warn")
        } else {
            None
        };
        if let Some(level) = level {
            over.push(json!({ "id": id(rec), "budget": budget, "actual_cost": actual, "deviation": deviation, "level": level }));
        }
        let pct = format!("{:+.1}%", deviation * 100.0);
        items.push(counted(
            id(rec),
            actual,
            budget,
            project_keys(ctx, rec, on),
            why(
                format!("预算 {budget},实际 {actual}(偏差 {pct})"),
                format!("budget {budget}, actual {actual} (deviation {pct})"),
            ),
        ));
    }
    let mut extra = Map::new();
    extra.insert("over_budget".into(), Value::Array(over));
    extra.insert("cost_warn".into(), json!(warn));
    extra.insert("cost_limit".into(), json!(limit));
    (items, extra)
}

/// Plan items done by their due date, over items due in the period, of plans past drafting
/// (approved). Dropped items are left out.
pub fn plan_completion(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for rec in ctx.of_kind("plan") {
        let rid = id(rec);
        if rec.section("execution").is_none() && rec.section("review").is_none() {
            items.push(left_out(
                rid,
                why(
                    "计划尚未批准实施",
                    "the plan is not yet approved for execution",
                ),
            ));
            continue;
        }
        let list = rec
            .stage_field("drafting", "items")
            .and_then(Node::as_array)
            .unwrap_or(&[]);
        for (i, it) in list.iter().filter_map(Node::as_table).enumerate() {
            let item_id = format!("{rid}#{} {}", i + 1, it.str("item").unwrap_or(""));
            let Some(due) = it.str("due").and_then(crate::time::parse_date) else {
                items.push(left_out(item_id, why("没有时间节点", "no due date")));
                continue;
            };
            if !ctx.date_in_period(due) {
                items.push(left_out(item_id, outside("时间节点", &due.to_string())));
                continue;
            }
            let status = it.str("status").unwrap_or("");
            let done_on = it
                .str("done_on")
                .and_then(crate::time::parse_date)
                .filter(|d| midnight(ctx.tz(), *d) <= ctx.as_of);
            let mut keys = ctx.keys(rec);
            keys.owner = it.str("owner").map(str::to_string);
            keys.month = Some(ctx.month_of(midnight(ctx.tz(), due)));
            let entry = match status {
                "dropped" => left_out(item_id, why("已取消(dropped)", "dropped")),
                _ => by_deadline(
                    ctx,
                    item_id,
                    keys,
                    due,
                    done_on.filter(|_| status == "done"),
                    &Deed("完成", "done", "not done"),
                ),
            };
            items.push(entry);
        }
    }
    (items, Map::new())
}
