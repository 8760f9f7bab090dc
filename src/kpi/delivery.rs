//! Delivery KPIs (信息化项目推进, 技术规划): on-time delivery, acceptance pass rate, cost
//! control, annual plan completion.

use chrono::NaiveDate;

use super::registry::Out;
use super::{
    CostLevel, Ctx, DateOf, Deed, Details, Item, Keys, OverBudget, Reason, by_deadline, counted,
    deadline_in_period, left_out, midnight,
};
use crate::facts::exact::{Exact, over};
use crate::facts::{Body, Facts, Plan, Project, deadline};

fn project(b: &Body) -> Option<&Project> {
    match b {
        Body::Project(x) => Some(x.as_ref()),
        _ => None,
    }
}

fn plan(b: &Body) -> Option<&Plan> {
    match b {
        Body::Plan(x) => Some(x.as_ref()),
        _ => None,
    }
}

fn project_keys(ctx: &Ctx<'_>, f: &Facts, p: &Project, month_of: NaiveDate) -> Keys {
    let mut keys = ctx.keys(f);
    keys.department = ctx.key(|| p.department.clone());
    keys.month = ctx.month_key(midnight(ctx.tz(), month_of));
    keys
}

/// Accepted on or before `planned_end` (+ tolerance), over projects whose `planned_end` fell in
/// the period; one not accepted once its deadline has passed is late.
pub fn on_time_delivery(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (f, p) in ctx.each(project) {
        let d = match deadline_in_period(
            ctx,
            deadline::planned_end(p, ctx.config),
            "planned_end",
            DateOf::PlannedEnd,
        ) {
            Ok(d) => d,
            Err(reason) => {
                items.push(left_out(ctx.id(f), reason));
                continue;
            }
        };
        let keys = project_keys(ctx, f, p, ctx.date(d.anchor));
        let item = by_deadline(ctx, ctx.id(f), keys, &d, Deed::Accepted);
        items.push(super::on_kept(item, "planned_end", &p.planned_end_kept));
    }
    (items, Details::None {})
}

/// Projects accepted in the period by as-of, with their acceptance date, and the items for the
/// rest.
fn accepted_in_period<'a>(
    ctx: &Ctx<'a>,
    items: &mut Vec<Item>,
) -> Vec<(&'a Facts, &'a Project, NaiveDate)> {
    let mut out = Vec::new();
    for (f, p) in ctx.each(project) {
        match p.accepted_on {
            Some(d) if ctx.in_period(midnight(ctx.tz(), d)) => out.push((f, p, d)),
            Some(d) if ctx.happened(midnight(ctx.tz(), d)) => items.push(left_out(
                ctx.id(f),
                Reason::Outside {
                    of: DateOf::Acceptance,
                    on: d,
                },
            )),
            _ => items.push(left_out(ctx.id(f), Reason::NotAcceptedYet)),
        }
    }
    out
}

pub fn acceptance_pass(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (f, p, on) in accepted_in_period(ctx, &mut items) {
        let failed = p.failed_acceptances;
        let keys = project_keys(ctx, f, p, on);
        items.push(if failed == 0 {
            counted(ctx.id(f), 1.0, 1.0, keys, Reason::AcceptedFirstTime)
        } else {
            counted(
                ctx.id(f),
                0.0,
                1.0,
                keys,
                Reason::FailedAcceptances { failed },
            )
        });
    }
    (items, Details::None {})
}

/// Σ actual cost / Σ budget of projects accepted in the period, listing those whose deviation is
/// strictly over the warning or the limit line, compared exactly.
pub fn cost_control(ctx: &Ctx<'_>) -> Out {
    let (warn, limit) = (ctx.config.kpi.cost_warn, ctx.config.kpi.cost_limit);
    let (warn_x, limit_x) = (
        Exact::from_f64(warn).unwrap_or(Exact::ZERO),
        Exact::from_f64(limit).unwrap_or(Exact::ZERO),
    );
    let mut items = Vec::new();
    let mut over_budget = Vec::new();
    for (f, p, on) in accepted_in_period(ctx, &mut items) {
        // The budget in force: a raise after acceptance does not count.
        let budget = crate::facts::commitment::value(&p.budget, &p.budget_kept);
        let (Some(budget), Some(actual)) = (budget, p.actual_cost) else {
            items.push(left_out(ctx.id(f), Reason::NoCost));
            continue;
        };
        let level = if over(actual, budget, limit_x) == Some(true) {
            Some(CostLevel::Limit)
        } else if over(actual, budget, warn_x) == Some(true) {
            Some(CostLevel::Warn)
        } else {
            None
        };
        // The deviation is shown (and given in JSON) as a float; it is never compared as one.
        let deviation = if budget.mantissa != 0 {
            actual
                .checked_sub(budget)
                .map_or(0.0, |d| d.to_f64() / budget.to_f64())
        } else {
            0.0
        };
        let (budget_f, actual_f) = (budget.to_f64(), actual.to_f64());
        if let Some(level) = level {
            over_budget.push(OverBudget {
                id: f.id.clone(),
                budget: budget_f,
                actual_cost: actual_f,
                deviation,
                level,
            });
        }
        let item = counted(
            ctx.id(f),
            actual_f,
            budget_f,
            project_keys(ctx, f, p, on),
            Reason::Cost {
                budget: budget_f,
                actual: actual_f,
                deviation,
            },
        );
        items.push(super::on_kept(item, "budget", &p.budget_kept));
    }
    let details = Details::Cost {
        over_budget,
        cost_warn: warn,
        cost_limit: limit,
    };
    (items, details)
}

/// Plan items done by their due date, over items due in the period, whether or not their plan
/// is approved yet: keeping a plan at drafting never hides a late item. Dropped items are left
/// out.
pub fn plan_completion(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (f, p) in ctx.each(plan) {
        if p.items.is_empty() {
            let reason = if p.drafted {
                Reason::NoPlanItems
            } else {
                Reason::PlanNotDrafted
            };
            items.push(left_out(ctx.id(f), reason));
        }
        for (i, it) in p.items.iter().enumerate() {
            let item_id = ctx.part_id(f, deadline::part(i, &it.name));
            // A drop counts only if made by the item's due date (`facts::commitment`).
            let status = crate::facts::commitment::value(&Some(it.status.clone()), &it.status_kept);
            if status.as_deref() == Some("dropped") {
                items.push(left_out(item_id, Reason::PlanItemDropped));
                continue;
            }
            let d = match deadline_in_period(
                ctx,
                deadline::plan_item_due(it, i, ctx.tz()),
                "due",
                DateOf::PlanItemDue,
            ) {
                Ok(d) => d,
                Err(reason) => {
                    items.push(left_out(item_id, reason));
                    continue;
                }
            };
            let mut keys = ctx.keys(f);
            keys.owner = ctx.key(|| it.owner.clone());
            keys.month = ctx.month_key(d.anchor);
            let item = by_deadline(ctx, item_id, keys, &d, Deed::Done);
            let item = super::on_kept(item, "status", &it.status_kept);
            items.push(super::on_kept(item, "due", &it.due_kept));
        }
    }
    // A year begun with no approved plan (`coverage`) counts 0/1, placed on the year's first
    // day: with no plan there are no items, and no items must not read as n/a.
    for m in super::coverage::plans(ctx) {
        if !ctx.in_range(m.due) {
            continue;
        }
        let keys = Keys {
            month: ctx.month_key(m.due),
            ..Keys::default()
        };
        let id = ctx.named(|| format!("plan {}", m.period.label));
        let reason = Reason::MissingRecord {
            period: ctx.named(|| m.period.label.clone()),
            need: m.need,
        };
        items.push(counted(id, 0.0, 1.0, keys, reason));
    }
    (items, Details::None {})
}
