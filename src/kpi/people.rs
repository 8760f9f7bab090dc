//! Team and communication KPIs (团队管理, 沟通协调): appraisal-plan execution, goal completion,
//! employee and business satisfaction.

use super::coverage;
use super::registry::Out;
use super::{
    Ctx, DateOf, Deed, Details, Reason, by_deadline, counted, deadline_in_period, left_out,
};
use crate::facts::{Appraisal, Body, Facts, Survey, deadline};

fn appraisal(b: &Body) -> Option<&Appraisal> {
    match b {
        Body::Appraisal(x) => Some(x.as_ref()),
        _ => None,
    }
}

fn survey(b: &Body) -> Option<&Survey> {
    match b {
        Body::Survey(x) => Some(x.as_ref()),
        _ => None,
    }
}

fn appraisal_keys(ctx: &Ctx<'_>, f: &Facts, a: &Appraisal, t: i64) -> super::Keys {
    let mut keys = ctx.keys(f);
    keys.month = ctx.month_key(t);
    keys.department = ctx.key(|| {
        a.employee
            .as_deref()
            .and_then(|e| ctx.config.person(e).and_then(|p| p.department.clone()))
    });
    keys
}

/// Appraisals that reached `result` by `due_on`, over appraisals due in the period.
pub fn appraisal_execution(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (f, a) in ctx.each(appraisal) {
        let d = match deadline_in_period(
            ctx,
            deadline::appraisal_due(
                crate::facts::commitment::value(&a.due_on, &a.due_kept),
                a.result_at,
                ctx.tz(),
            ),
            "due_on",
            DateOf::AppraisalDue,
        ) {
            Ok(d) => d,
            Err(reason) => {
                items.push(left_out(ctx.id(f), reason));
                continue;
            }
        };
        let keys = appraisal_keys(ctx, f, a, d.anchor);
        let item = by_deadline(ctx, ctx.id(f), keys, &d, Deed::ResultOn);
        items.push(super::on_kept(item, "due_on", &a.due_kept));
    }
    // An appraisal missing for a cycle (`coverage`) is not executed, 0/1, placed where the
    // cycle ended.
    for m in coverage::appraisals(ctx) {
        if !ctx.in_range(m.due) {
            continue;
        }
        let coverage::Need::Appraisal { person } = m.need.clone() else {
            continue;
        };
        let keys = super::Keys {
            month: ctx.month_key(m.due),
            department: ctx.key(|| {
                ctx.config
                    .person(&person)
                    .and_then(|p| p.department.clone())
            }),
            ..super::Keys::default()
        };
        items.push(missing(ctx, &person, m, keys));
    }
    (items, Details::None {})
}

/// Goals scored at least `kpi.pass_score`, over goals scored, of appraisals that reached
/// `result` in the period.
pub fn goal_completion(ctx: &Ctx<'_>) -> Out {
    let pass = ctx.config.kpi.pass_score;
    let mut items = Vec::new();
    for (f, a) in ctx.each(appraisal) {
        let Some(t) = a.result_at.filter(|&t| ctx.happened(t)) else {
            items.push(left_out(ctx.id(f), Reason::NoResultYet));
            continue;
        };
        if !ctx.in_range(t) {
            items.push(left_out(
                ctx.id(f),
                Reason::Outside {
                    of: DateOf::AppraisalResult,
                    on: ctx.date(t),
                },
            ));
            continue;
        }
        let met = a.scores.iter().filter(|&&s| s >= pass).count();
        let n = a.scores.len();
        items.push(counted(
            ctx.id(f),
            met as f64,
            n as f64,
            appraisal_keys(ctx, f, a, t),
            Reason::Goals { n, met, pass },
        ));
    }
    (items, Details::None {})
}

/// A missing record counted 0/1: `who` it concerns and its period name the item.
fn missing(ctx: &Ctx<'_>, who: &str, m: coverage::Missing, keys: super::Keys) -> super::Item {
    let id = ctx.named(|| format!("{who} {}", m.period.label));
    let reason = Reason::MissingRecord {
        period: ctx.named(|| m.period.label.clone()),
        need: m.need,
    };
    counted(id, 0.0, 1.0, keys, reason)
}

/// Employee satisfaction (员工满意度): the surveys of the team.
pub fn employee_satisfaction(ctx: &Ctx<'_>) -> Out {
    satisfaction(ctx, "team")
}

/// Business satisfaction (业务部门满意度): the surveys of the business departments.
pub fn business_satisfaction(ctx: &Ctx<'_>) -> Out {
    satisfaction(ctx, "business")
}

/// Top-two-box share (score ≥ scale − 1) of the surveys of one audience conducted in the period,
/// with the mean score and the number of responses.
fn satisfaction(ctx: &Ctx<'_>, audience: &'static str) -> Out {
    let mut items = Vec::new();
    let (mut sum, mut n) = (0.0, 0.0);
    for (f, s) in ctx.each(survey) {
        let rid = ctx.id(f);
        if s.audience.as_deref() != Some(audience) {
            items.push(left_out(rid, Reason::OtherAudience { audience }));
            continue;
        }
        let Some(t) = s.conducted.filter(|&t| ctx.happened(t)) else {
            items.push(left_out(rid, Reason::NotSurveyed));
            continue;
        };
        if !ctx.in_range(t) {
            items.push(left_out(
                rid,
                Reason::Outside {
                    of: DateOf::Survey,
                    on: ctx.date(t),
                },
            ));
            continue;
        }
        let scale = s.scale;
        let (mut top, mut total) = (0.0, 0.0);
        for &(score, count) in &s.responses {
            let count = count.max(0) as f64;
            total += count;
            sum += score as f64 * count;
            if score >= scale - 1 {
                top += count;
            }
        }
        n += total;
        let mut keys = ctx.keys(f);
        keys.department = ctx.key(|| s.department.clone());
        keys.month = ctx.month_key(t);
        items.push(counted(
            rid,
            top,
            total,
            keys,
            Reason::Responses { total, top, scale },
        ));
    }
    // A period of the audience's cadence with no survey (`coverage`) counts as one response,
    // not satisfied, placed in the period's last instant: a KPI of a period without a survey
    // reads 0%, never n/a.
    for m in coverage::surveys(ctx, audience) {
        if !ctx.in_range(m.due - 1) {
            continue;
        }
        let keys = super::Keys {
            month: ctx.month_key(m.due - 1),
            ..super::Keys::default()
        };
        items.push(missing(ctx, audience, m, keys));
    }
    let mean = (n > 0.0).then(|| sum / n);
    (items, Details::Satisfaction { mean, n })
}
