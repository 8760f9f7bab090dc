//! Operations KPIs (信息系统运维, 数据管理): availability, repair timeliness, backup and restore
//! success, data quality.

use super::availability::{
    Calendar, Span, merge_weighted, service_spans, subtract, total, weighted_overlap,
};
use super::coverage;
use super::registry::Out;
use super::{
    Ctx, DateOf, Details, ImpactLevel, Item, Keys, Reason, SystemAvailability, Verdict, counted,
    left_out, local_date, mean_median, midnight, stood_in,
};
use crate::facts::{Backup, Body, Data, Drill, Facts, Impact, Incident, deadline};
use crate::time::{Duration, Period};

fn incident(b: &Body) -> Option<&Incident> {
    match b {
        Body::Incident(x) => Some(x.as_ref()),
        _ => None,
    }
}

fn backup(b: &Body) -> Option<&Backup> {
    match b {
        Body::Backup(x) => Some(x.as_ref()),
        _ => None,
    }
}

pub(super) fn drill(b: &Body) -> Option<&Drill> {
    match b {
        Body::Drill(x) => Some(x.as_ref()),
        _ => None,
    }
}

fn data(b: &Body) -> Option<&Data> {
    match b {
        Body::Data(x) => Some(x.as_ref()),
        _ => None,
    }
}

/// Month boundaries within `[from, to)`, as Unix seconds.
fn months(ctx: &Ctx<'_>, from: i64, to: i64) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut s = from;
    while s < to {
        let d = local_date(ctx.tz(), s);
        let next = Period::parse_cycle(&format!("{}", d.format("%Y-%m")))
            .map_or(to, |p| midnight(ctx.tz(), p.end));
        let e = next.min(to);
        if e <= s {
            break;
        }
        out.push((s, e));
        s = e;
    }
    out
}

/// Per system and month: (service − downtime) / service. Incidents are listed with what their
/// outage windows did.
pub fn availability(ctx: &Ctx<'_>) -> Out {
    let tz = ctx.tz();
    let window = (ctx.start, ctx.as_of.min(ctx.end));
    let partial = ctx.config.kpi.partial_weight;
    let mut items = Vec::new();
    // Outage windows by system: (start, end, weight, planned).
    let mut outages: Vec<(String, i64, i64, f64, bool)> = Vec::new();
    for (f, inc) in ctx.each(incident) {
        let rid = ctx.id(f);
        // A fault with an impact but no outage window (missing, or a value check rejects) is
        // down from when it occurred (or the instant standing in) to its restoration: the
        // missing window never counts as no downtime.
        let stand_in = match inc.outage_start {
            None if !inc.planned && inc.impact != Impact::None => inc
                .occurred_or_stand_in()
                .map(|(t, by)| (t, by.unwrap_or("report.occurred_at"))),
            _ => None,
        };
        let start = inc.outage_start.or(stand_in.map(|s| s.0));
        // An outage that starts at or after as-of has not happened yet.
        let (Some(system), Some(start)) = (inc.system.clone(), start.filter(|&t| ctx.happened(t)))
        else {
            items.push(left_out(rid, Reason::NoOutageWindow));
            continue;
        };
        // An end not yet reached by as-of leaves the outage open: it counts to as-of.
        let end_field = if stand_in.is_some() {
            inc.outage_end.or(inc.restored)
        } else {
            inc.outage_end
        };
        let known_end = end_field.filter(|&t| ctx.happened(t));
        let end = known_end.unwrap_or(ctx.as_of);
        let planned = inc.planned;
        let (impact, weight) = match inc.impact {
            Impact::None => (ImpactLevel::None, 0.0),
            Impact::Partial => (ImpactLevel::Partial, partial),
            Impact::Full => (ImpactLevel::Full, 1.0),
        };
        let (a, b) = (start.max(window.0), end.min(window.1));
        if a >= b {
            items.push(left_out(rid, Reason::OutageOutside));
            continue;
        }
        let (open, took) = (known_end.is_none(), b - a);
        let reason = if planned {
            Reason::PlannedMaintenance { took, open }
        } else if weight == 0.0 {
            Reason::NoImpact
        } else {
            Reason::Outage {
                system: ctx.named(|| system.clone()),
                took,
                open,
                impact,
                weight,
            }
        };
        let item = super::Item {
            id: rid,
            counted: false,
            evidence: true,
            num: 0.0,
            den: 0.0,
            keys: Keys {
                system: ctx.key(|| Some(system.clone())),
                ..Keys::default()
            },
            reason,
        };
        items.push(stood_in(item, "outage_start", stand_in.map(|s| s.1)));
        outages.push((system, start, end, weight, planned));
    }
    let cal = Calendar {
        holidays: &ctx.config.holidays,
        workdays: &ctx.config.workdays,
        tz,
    };
    let mut systems = Vec::new();
    for system in &ctx.config.systems {
        let planned: Vec<Span> = outages
            .iter()
            .filter(|o| o.0 == system.id && o.4)
            .map(|o| (o.1, o.2))
            .collect();
        let down = merge_weighted(
            outages
                .iter()
                .filter(|o| o.0 == system.id && !o.4)
                .map(|o| (o.1, o.2, o.3))
                .collect(),
        );
        let (mut service_s, mut down_s) = (0i64, 0.0);
        for (ms, me) in months(ctx, window.0, window.1) {
            let service = subtract(&service_spans(&system.hours, &cal, ms, me), &planned);
            let service_len = total(&service) as f64;
            let down_len = weighted_overlap(&service, &down);
            service_s += service_len as i64;
            down_s += down_len;
            let month = ctx.month_of(ms);
            items.push(counted(
                format!("{} {month}", system.id),
                service_len - down_len,
                service_len,
                Keys {
                    system: Some(system.id.clone()),
                    month: Some(month.clone()),
                    ..Keys::default()
                },
                Reason::Service {
                    service: service_len as i64,
                    down: down_len.round() as i64,
                },
            ));
        }
        let value = (service_s > 0).then(|| (service_s as f64 - down_s) / service_s as f64);
        systems.push(SystemAvailability {
            system: system.id.clone(),
            name: system.name.clone(),
            criticality: system.criticality.clone(),
            service_s,
            downtime_s: down_s,
            value,
            target: system.availability_target,
            verdict: match (value, system.availability_target) {
                (Some(v), Some(t)) if v >= t => Verdict::Met,
                (Some(_), Some(_)) => Verdict::Missed,
                _ => Verdict::NotApplicable,
            },
        });
    }
    (items, Details::Availability { systems })
}

/// Restored within the SLA of `occurred_at`, over incidents restored in the period plus those
/// still open whose deadline fell in it; with MTTR mean and median. The deadline is the deadline
/// model's (`facts::deadline::sla`).
pub fn repair_timeliness(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    let mut repair_times = Vec::new();
    for (f, inc) in ctx.each(incident) {
        let rid = ctx.id(f);
        // The severity in force: a downgrade after its SLA passed does not lengthen it.
        let in_force = crate::facts::commitment::value(&inc.severity, &inc.severity_kept);
        let severity = in_force.as_deref().unwrap_or_default();
        let mut keys = ctx.keys(f);
        keys.system = ctx.key(|| inc.system.clone());
        keys.severity = ctx.key(|| Some(severity.to_string()));
        if inc.planned {
            items.push(left_out(rid, Reason::PlannedNotFault));
            continue;
        }
        // A missing occurrence time never leaves a fault out: the earliest known instant of it
        // stands in (DESIGN.md §5, docs/kpi.md "Missing data counts against").
        let Some((occurred, by)) = inc.occurred_or_stand_in() else {
            items.push(left_out(rid, Reason::NoOccurredReported));
            continue;
        };
        if !ctx.happened(occurred) {
            items.push(left_out(
                rid,
                Reason::AfterAsOf {
                    of: DateOf::Occurred,
                },
            ));
            continue;
        }
        let push = |items: &mut Vec<Item>, item: Item| {
            let item = super::on_kept(item, "severity", &inc.severity_kept);
            items.push(stood_in(item, "report.occurred_at", by));
        };
        let Some(due) = deadline::sla(inc, ctx.config) else {
            items.push(left_out(
                rid,
                Reason::NoSla {
                    severity: ctx.named(|| severity.to_string()),
                },
            ));
            continue;
        };
        let sla = ctx.config.sla(severity).unwrap_or_default();
        let restored = inc.restored.filter(|&t| ctx.happened(t));
        match restored {
            Some(r) if ctx.in_period(r) => {
                // MTTR stays in wall-clock time; the reason says the time on the SLA's clock.
                repair_times.push(r - occurred);
                let (took, clock) = deadline::clocked(inc, ctx.config, severity, occurred, r);
                keys.month = ctx.month_key(r);
                let ok = r < due.limit;
                let limit = Duration(sla.seconds());
                let reason = Reason::Restored {
                    took,
                    severity: ctx.named(|| severity.to_string()),
                    limit,
                    ok,
                    clock,
                };
                push(
                    &mut items,
                    counted(rid, f64::from(u8::from(ok)), 1.0, keys, reason),
                );
            }
            Some(_) => push(&mut items, left_out(rid, Reason::RestoredOutside)),
            None if due.limit <= ctx.as_of && ctx.in_range(due.anchor) => {
                keys.month = ctx.month_key(due.anchor);
                push(
                    &mut items,
                    counted(
                        rid,
                        0.0,
                        1.0,
                        keys,
                        Reason::UnrestoredPastDeadline {
                            severity: ctx.named(|| severity.to_string()),
                        },
                    ),
                );
            }
            None if due.limit > ctx.as_of => {
                push(&mut items, left_out(rid, Reason::UnrestoredNotYetDue));
            }
            None => push(&mut items, left_out(rid, Reason::UnrestoredDeadlineOutside)),
        }
    }
    let (mean, median) = mean_median(&mut repair_times);
    let details = Details::Repair {
        mttr_mean_s: mean,
        mttr_median_s: median,
        restored: repair_times.len(),
    };
    (items, details)
}

/// Backup checks that count (DESIGN.md §5, periodic checks): their own period lies within the
/// KPI period and has ended by as-of. Why each of the others does not count.
fn backups<'a>(ctx: &Ctx<'a>, mut f: impl FnMut(&'a Facts, &'a Backup, Keys) -> Item) -> Vec<Item> {
    let mut items = Vec::new();
    for (rec, b) in ctx.each(backup) {
        let rid = ctx.id(rec);
        let Some(p) = &b.period else {
            items.push(left_out(rid, Reason::NoValidPeriod));
            continue;
        };
        if !p.within(ctx.period) {
            items.push(left_out(
                rid,
                Reason::CheckPeriodOutside {
                    label: ctx.named(|| p.label.clone()),
                },
            ));
            continue;
        }
        let ends = midnight(ctx.tz(), p.end);
        if ends > ctx.as_of {
            items.push(left_out(
                rid,
                Reason::CheckPeriodOpen {
                    label: ctx.named(|| p.label.clone()),
                    through: ctx.date(ctx.as_of - 1),
                },
            ));
            continue;
        }
        let mut keys = ctx.keys(rec);
        keys.system = ctx.key(|| b.system.clone());
        keys.month = ctx.month_key(midnight(ctx.tz(), p.start));
        items.push(f(rec, b, keys));
    }
    items
}

/// Succeeded over run backup jobs of the checks that count; a check missing for a period its
/// system's `backup_check` requires (`coverage`) counts as a failed check: one failed job a
/// day of its period, the least a daily backup runs.
pub fn backup_success(ctx: &Ctx<'_>) -> Out {
    let mut items = backups(ctx, |rec, b, keys| {
        let (jobs, ok) = (b.jobs, b.succeeded);
        counted(ctx.id(rec), ok, jobs, keys, Reason::Backups { jobs, ok })
    });
    for m in coverage::backups(ctx) {
        if !m.period.within(ctx.period) {
            continue;
        }
        let days = (m.period.end - m.period.start).num_days() as f64;
        let coverage::Need::Backup { system } = &m.need else {
            continue;
        };
        let keys = Keys {
            system: ctx.key(|| Some(system.clone())),
            month: ctx.month_key(midnight(ctx.tz(), m.period.start)),
            ..Keys::default()
        };
        let id = ctx.named(|| format!("{system} {}", m.period.label));
        let reason = Reason::MissingRecord {
            period: ctx.named(|| m.period.label.clone()),
            need: m.need,
        };
        items.push(counted(id, 0.0, days, keys, reason));
    }
    (items, Details::None {})
}

/// Restore drills executed in the period, with whether they passed.
pub fn restore_drills(ctx: &Ctx<'_>) -> Vec<Item> {
    ctx.each(drill)
        .map(|(f, d)| {
            let rid = ctx.id(f);
            if d.drill_type.as_deref() != Some("restore") {
                return left_out(rid, Reason::NotRestoreDrill);
            }
            let (started, by) = d.started_or_stand_in().unzip();
            let by = by.flatten();
            let item = match started.filter(|&t| ctx.happened(t)) {
                Some(t) if ctx.in_range(t) => {
                    let passed = d.result.as_deref() == Some("passed");
                    let mut keys = ctx.keys(f);
                    keys.month = ctx.month_key(t);
                    keys.system = ctx.key(|| d.systems.first().cloned());
                    let reason = if passed {
                        Reason::RestoreDrillPassed
                    } else {
                        Reason::RestoreDrillFailed
                    };
                    counted(rid, f64::from(u8::from(passed)), 1.0, keys, reason)
                }
                Some(_) => left_out(rid, Reason::RestoreDrillOutside),
                None => left_out(rid, Reason::RestoreDrillNotYet),
            };
            stood_in(item, "executed.started_at", by)
        })
        .collect()
}

pub fn restore_success(ctx: &Ctx<'_>) -> Out {
    let mut items = backups(ctx, |rec, b, keys| {
        let (tests, ok) = (b.restore_tests, b.restores_succeeded);
        counted(ctx.id(rec), ok, tests, keys, Reason::Restores { tests, ok })
    });
    items.extend(restore_drills(ctx));
    (items, Details::None {})
}

/// 1 − (rejected + duplicates) / records in, of data work whose cleansing completed in the
/// period (that is, whose next stage was entered in it).
pub fn data_quality(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (f, d) in ctx.each(data) {
        let rid = ctx.id(f);
        let Some(done) = d.cleansing_done.filter(|&t| ctx.happened(t)) else {
            items.push(left_out(rid, Reason::CleansingNotDone));
            continue;
        };
        if !ctx.in_range(done) {
            items.push(left_out(
                rid,
                Reason::Outside {
                    of: DateOf::CleansingDone,
                    on: ctx.date(done),
                },
            ));
            continue;
        }
        let total_in = d.records_in;
        let bad = d.rejected + d.duplicates;
        let mut keys = ctx.keys(f);
        keys.month = ctx.month_key(done);
        items.push(counted(
            rid,
            total_in - bad,
            total_in,
            keys,
            Reason::Cleansed { total_in, bad },
        ));
    }
    (items, Details::None {})
}
