//! Security and continuity KPIs (安全管理, 应急演练): security incidents, rectification
//! timeliness, drill execution and drill pass rate.

use std::collections::BTreeMap;

use super::operations::drill;
use super::registry::Out;
use super::{
    Ctx, DateOf, Deed, Details, Reason, by_deadline, counted, deadline_in_period, left_out,
    stood_in,
};
use crate::facts::{Body, Drill, Facts, Incident, Security, deadline};

fn incident(b: &Body) -> Option<&Incident> {
    match b {
        Body::Incident(x) => Some(x.as_ref()),
        _ => None,
    }
}

fn security(b: &Body) -> Option<&Security> {
    match b {
        Body::Security(x) => Some(x.as_ref()),
        _ => None,
    }
}

/// The number of security incidents that occurred in the period, by level and by month. Zero is
/// a count, never n/a.
pub fn security_incidents(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    let mut by_level: BTreeMap<String, u64> = ["I", "II", "III", "IV"]
        .iter()
        .map(|l| (l.to_string(), 0))
        .collect();
    let mut by_month: BTreeMap<String, u64> = BTreeMap::new();
    for (f, inc) in ctx.each(incident) {
        let rid = ctx.id(f);
        if inc.category.as_deref() != Some("security") {
            items.push(left_out(rid, Reason::NotSecurity));
            continue;
        }
        // A missing occurrence time never leaves an event out: the earliest known instant of
        // it stands in.
        let Some((t, by)) = inc.occurred_or_stand_in() else {
            items.push(left_out(rid, Reason::NoOccurredYet));
            continue;
        };
        if !ctx.happened(t) {
            let item = left_out(
                rid,
                Reason::AfterAsOf {
                    of: DateOf::Occurred,
                },
            );
            items.push(stood_in(item, "report.occurred_at", by));
            continue;
        }
        if !ctx.in_range(t) {
            let item = left_out(
                rid,
                Reason::Outside {
                    of: DateOf::Occurred,
                    on: ctx.date(t),
                },
            );
            items.push(stood_in(item, "report.occurred_at", by));
            continue;
        }
        let level = inc.security_level.clone().unwrap_or_else(|| "?".into());
        *by_level.entry(level.clone()).or_default() += 1;
        let month = ctx.month_of(t);
        *by_month.entry(month.clone()).or_default() += 1;
        let mut keys = ctx.keys(f);
        keys.system = inc.system.clone();
        keys.severity = Some(level.clone());
        keys.month = Some(month);
        let item = counted(
            rid,
            1.0,
            0.0,
            keys,
            Reason::SecurityEvent {
                level: level.clone(),
            },
        );
        items.push(stood_in(item, "report.occurred_at", by));
    }
    (items, Details::Security { by_level, by_month })
}

/// Findings fixed on or before their due date, over findings due in the period.
pub fn rectification(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (f, s) in ctx.each(security) {
        if !s.inspected {
            items.push(left_out(ctx.id(f), Reason::NotInspectedYet));
        } else if !s.findings_recorded {
            items.push(left_out(ctx.id(f), Reason::NoFindings));
        } else if s.findings.is_empty() {
            items.push(left_out(ctx.id(f), Reason::NothingFound));
        }
        for (i, finding) in s.findings.iter().enumerate() {
            let fid = ctx.part_id(f, deadline::part(i, &finding.name));
            let d = match deadline_in_period(
                ctx,
                deadline::finding_due(finding, i, ctx.tz()),
                "due",
                DateOf::FindingDue,
            ) {
                Ok(d) => d,
                Err(reason) => {
                    items.push(left_out(fid, reason));
                    continue;
                }
            };
            let mut keys = ctx.keys(f);
            keys.severity = ctx.key(|| finding.level.clone());
            keys.month = ctx.month_key(d.anchor);
            let item = by_deadline(ctx, fid, keys, &d, Deed::Fixed);
            items.push(super::on_kept(item, "due", &finding.due_kept));
        }
    }
    (items, Details::None {})
}

fn drill_keys(ctx: &Ctx<'_>, f: &Facts, d: &Drill, t: i64) -> super::Keys {
    let mut keys = ctx.keys(f);
    keys.month = ctx.month_key(t);
    keys.system = ctx.key(|| d.systems.first().cloned());
    keys
}

/// Drills executed by `scheduled_on` (+ tolerance), over drills scheduled in the period.
pub fn drill_execution(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (f, d) in ctx.each(drill) {
        let due = match deadline_in_period(
            ctx,
            deadline::drill_scheduled(d, ctx.config),
            "scheduled_on",
            DateOf::DrillScheduled,
        ) {
            Ok(x) => x,
            Err(reason) => {
                items.push(left_out(ctx.id(f), reason));
                continue;
            }
        };
        let keys = drill_keys(ctx, f, d, due.anchor);
        let item = by_deadline(ctx, ctx.id(f), keys, &due, Deed::Executed);
        let item = super::on_kept(item, "scheduled_on", &d.scheduled_kept);
        let by = d.started_or_stand_in().and_then(|s| s.1);
        items.push(stood_in(item, "executed.started_at", by));
    }
    (items, Details::None {})
}

/// The recovery-time and recovery-point objectives of a drill: its own, else the strictest of
/// its systems' (none for a tabletop exercise, which recovers nothing).
fn objectives(ctx: &Ctx<'_>, d: &Drill) -> (Option<i64>, Option<i64>) {
    if d.drill_type.as_deref() == Some("tabletop") {
        return (None, None);
    }
    let systems: Vec<&crate::config::System> = d
        .systems
        .iter()
        .filter_map(|s| ctx.config.system(s))
        .collect();
    let rto = d.rto.or_else(|| {
        systems
            .iter()
            .filter_map(|s| s.rto)
            .map(|d| d.seconds())
            .min()
    });
    let rpo = d.rpo.or_else(|| {
        systems
            .iter()
            .filter_map(|s| s.rpo)
            .map(|d| d.seconds())
            .min()
    });
    (rto, rpo)
}

/// Whether an executed drill passed: result passed, recovered within the RTO, data loss within
/// the RPO; with the reason.
pub(super) fn judge(ctx: &Ctx<'_>, d: &Drill, started: i64, stand_in: bool) -> (bool, Reason) {
    let result = d.result.clone().unwrap_or_default();
    if result != "passed" {
        return (false, Reason::DrillResult { result });
    }
    let (rto, rpo) = objectives(ctx, d);
    if let Some(rto) = rto {
        // Without a start, the recovery time is unknown: never within the RTO.
        match d.recovered.filter(|_| !stand_in) {
            Some(r) if r - started <= rto => {}
            Some(r) => {
                return (
                    false,
                    Reason::OverRto {
                        took: r - started,
                        rto,
                    },
                );
            }
            None => {
                return (false, Reason::NoRecoveryTime);
            }
        }
    }
    if let (Some(rpo), Some(loss)) = (rpo, d.data_loss)
        && loss > rpo
    {
        return (false, Reason::OverRpo { loss, rpo });
    }
    (true, Reason::DrillPassed)
}

/// Drills executed in the period that passed, within RTO and RPO; and the core systems without a
/// passed drill other than a tabletop exercise in the twelve months before as-of (`coverage`,
/// which `check` warns of too).
pub fn drill_pass(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (f, d) in ctx.each(drill) {
        let (started, by) = d.started_or_stand_in().unzip();
        let by = by.flatten();
        let Some(started) = started.filter(|&t| ctx.happened(t)) else {
            items.push(left_out(ctx.id(f), Reason::DrillNotYet));
            continue;
        };
        let (passed, reason) = judge(ctx, d, started, by.is_some());
        if !ctx.in_range(started) {
            let item = left_out(
                ctx.id(f),
                Reason::Outside {
                    of: DateOf::DrillStarted,
                    on: ctx.date(started),
                },
            );
            items.push(stood_in(item, "executed.started_at", by));
            continue;
        }
        let item = counted(
            ctx.id(f),
            f64::from(u8::from(passed)),
            1.0,
            drill_keys(ctx, f, d, started),
            reason,
        );
        items.push(stood_in(item, "executed.started_at", by));
    }
    let uncovered: Vec<String> = super::coverage::drills(ctx)
        .into_iter()
        .filter_map(|m| match m.need {
            super::coverage::Need::Drill { system } => Some(system),
            _ => None,
        })
        .collect();
    let details = Details::Drills {
        core_without_passed_drill: uncovered,
    };
    (items, details)
}
