//! Operations KPIs (信息系统运维, 数据管理): availability, repair timeliness, backup and restore
//! success, data quality.

use super::availability::{
    Calendar, Span, merge_weighted, service_spans, subtract, total, weighted_overlap,
};
use super::registry::Out;
use super::{
    Ctx, Details, Item, Keys, SystemAvailability, Verdict, counted, hm, left_out, local_date,
    mean_median, midnight, outside, why,
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
        let rid = f.id.clone();
        // An outage that starts at or after as-of has not happened yet.
        let (Some(system), Some(start)) = (
            inc.system.clone(),
            inc.outage_start.filter(|&t| ctx.happened(t)),
        ) else {
            items.push(left_out(
                rid,
                why!(
                    ctx,
                    "not_yet",
                    "没有已发生的中断时间窗(outage_start)",
                    "no outage window (outage_start) by as-of",
                ),
            ));
            continue;
        };
        // An end not yet reached by as-of leaves the outage open: it counts to as-of.
        let known_end = inc.outage_end.filter(|&t| ctx.happened(t));
        let end = known_end.unwrap_or(ctx.as_of);
        let planned = inc.planned;
        let (impact, weight) = match inc.impact {
            Impact::None => ("none", 0.0),
            Impact::Partial => ("partial", partial),
            Impact::Full => ("full", 1.0),
        };
        let (a, b) = (start.max(window.0), end.min(window.1));
        if a >= b {
            items.push(left_out(
                rid,
                why!(
                    ctx,
                    "outside_period",
                    "中断时间窗不在统计周期内",
                    "the outage window is outside the period",
                ),
            ));
            continue;
        }
        let open = if known_end.is_none() {
            "(未结束,计至统计截止时间)"
        } else {
            ""
        };
        let open_en = if open.is_empty() {
            ""
        } else {
            " (still open: counted to as-of)"
        };
        let reason = if planned {
            why!(
                ctx,
                "planned_maintenance",
                format!("计划内维护 {}{open}:从服务时间和停机时间中扣除", hm(b - a)),
                format!(
                    "planned maintenance {}{open_en}: removed from service time and downtime",
                    hm(b - a)
                ),
            )
        } else if weight == 0.0 {
            why!(
                ctx,
                "no_impact",
                "影响程度为 none:不计停机",
                "impact none: no downtime",
            )
        } else {
            why!(
                ctx,
                "outage",
                format!(
                    "{system} 中断 {}{open},影响程度 {impact}(权重 {weight});与同系统重叠的中断只计一次",
                    hm(b - a)
                ),
                format!(
                    "{system} outage {}{open_en}, impact {impact} (weight {weight}); overlaps on one system count once",
                    hm(b - a)
                ),
            )
        };
        items.push(super::Item {
            id: rid,
            counted: false,
            evidence: true,
            num: 0.0,
            den: 0.0,
            keys: Keys {
                system: Some(system.clone()),
                ..Keys::default()
            },
            reason,
        });
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
                why!(
                    ctx,
                    "measured",
                    format!(
                        "服务时间 {},停机 {}",
                        hm(service_len as i64),
                        hm(down_len.round() as i64)
                    ),
                    format!(
                        "service {}, downtime {}",
                        hm(service_len as i64),
                        hm(down_len.round() as i64)
                    ),
                ),
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
        let rid = f.id.clone();
        let severity = inc.severity.clone().unwrap_or_default();
        let mut keys = ctx.keys(f);
        keys.system = inc.system.clone();
        keys.severity = Some(severity.clone());
        if inc.planned {
            items.push(left_out(
                rid,
                why!(
                    ctx,
                    "excluded",
                    "计划内维护,不是故障",
                    "planned maintenance, not a fault",
                ),
            ));
            continue;
        }
        let Some(occurred) = inc.occurred.filter(|&t| ctx.happened(t)) else {
            items.push(left_out(
                rid,
                why!(
                    ctx,
                    "not_yet",
                    "尚无故障报告的发生时间(report.occurred_at)",
                    "no occurred_at reported yet",
                ),
            ));
            continue;
        };
        let Some(due) = deadline::sla(inc, ctx.config) else {
            items.push(left_out(
                rid,
                why!(
                    ctx,
                    "no_sla",
                    format!("itc.toml 未设 {severity} 的修复时限([sla.resolve])"),
                    format!("no SLA for {severity} in [sla.resolve]"),
                ),
            ));
            continue;
        };
        let sla = ctx.config.sla(&severity).unwrap_or_default();
        let restored = inc.restored.filter(|&t| ctx.happened(t));
        match restored {
            Some(r) if ctx.in_period(r) => {
                let took = r - occurred;
                repair_times.push(took);
                keys.month = Some(ctx.month_of(r));
                let ok = r < due.limit;
                let limit = Duration(sla.seconds());
                let (zh, en) = if ok {
                    ("在", "within")
                } else {
                    ("超过", "over")
                };
                let reason = why!(
                    ctx,
                    if ok { "on_time" } else { "late" },
                    format!(
                        "修复用时 {},{zh} {severity} 时限 {limit}{}",
                        hm(took),
                        if ok { " 内" } else { "" }
                    ),
                    format!(
                        "restored in {}, {en} the {severity} limit of {limit}",
                        hm(took)
                    ),
                );
                items.push(counted(rid, f64::from(u8::from(ok)), 1.0, keys, reason));
            }
            Some(_) => items.push(left_out(
                rid,
                why!(
                    ctx,
                    "outside_period",
                    "恢复时间不在统计周期内",
                    "restored outside the period",
                ),
            )),
            None if due.limit <= ctx.as_of && ctx.in_range(due.anchor) => {
                keys.month = Some(ctx.month_of(due.anchor));
                items.push(counted(
                    rid,
                    0.0,
                    1.0,
                    keys,
                    why!(
                        ctx,
                        "missed",
                        format!("尚未恢复,{severity} 修复期限已过(计为超时)"),
                        format!("not restored and past its {severity} deadline: late"),
                    ),
                ));
            }
            None if due.limit > ctx.as_of => items.push(left_out(
                rid,
                why!(
                    ctx,
                    "not_yet_due",
                    "尚未恢复,修复期限未到",
                    "not restored, deadline not yet reached",
                ),
            )),
            None => items.push(left_out(
                rid,
                why!(
                    ctx,
                    "outside_period",
                    "尚未恢复,修复期限不在统计周期内",
                    "not restored, deadline outside the period",
                ),
            )),
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
        let rid = rec.id.clone();
        let Some(p) = &b.period else {
            items.push(left_out(
                rid,
                why!(ctx, "missing_data", "缺少有效的 period", "no valid period"),
            ));
            continue;
        };
        if !p.within(ctx.period) {
            items.push(left_out(
                rid,
                why!(
                    ctx,
                    "outside_period",
                    format!("核查周期 {} 不在统计周期内", p.label),
                    format!("its period {} is not within the KPI period", p.label),
                ),
            ));
            continue;
        }
        let ends = midnight(ctx.tz(), p.end);
        if ends > ctx.as_of {
            items.push(left_out(
                rid,
                why!(
                    ctx,
                    "not_yet",
                    format!(
                        "核查周期 {} 截至 {} 尚未结束",
                        p.label,
                        ctx.date(ctx.as_of - 1)
                    ),
                    format!(
                        "its period {} has not ended by as-of ({} inclusive)",
                        p.label,
                        ctx.date(ctx.as_of - 1)
                    ),
                ),
            ));
            continue;
        }
        let mut keys = ctx.keys(rec);
        keys.system = b.system.clone();
        keys.month = Some(ctx.month_of(midnight(ctx.tz(), p.start)));
        items.push(f(rec, b, keys));
    }
    items
}

pub fn backup_success(ctx: &Ctx<'_>) -> Out {
    let items = backups(ctx, |rec, b, keys| {
        let (jobs, ok) = (b.jobs, b.succeeded);
        counted(
            rec.id.clone(),
            ok,
            jobs,
            keys,
            why!(
                ctx,
                "measured",
                format!("备份作业 {jobs} 个,成功 {ok} 个"),
                format!("{ok} of {jobs} backup jobs succeeded"),
            ),
        )
    });
    (items, Details::None {})
}

/// Restore drills executed in the period, with whether they passed.
pub fn restore_drills(ctx: &Ctx<'_>) -> Vec<Item> {
    ctx.each(drill)
        .filter(|(_, d)| d.drill_type.as_deref() == Some("restore"))
        .map(|(f, d)| {
            let rid = f.id.clone();
            match d.started.filter(|&t| ctx.happened(t)) {
                Some(t) if ctx.in_range(t) => {
                    let passed = d.result.as_deref() == Some("passed");
                    let mut keys = ctx.keys(f);
                    keys.month = Some(ctx.month_of(t));
                    keys.system = d.systems.first().cloned();
                    let reason = if passed {
                        why!(ctx, "passed", "恢复演练结果 passed", "restore drill passed")
                    } else {
                        why!(
                            ctx,
                            "failed",
                            "恢复演练未通过",
                            "restore drill did not pass"
                        )
                    };
                    counted(rid, f64::from(u8::from(passed)), 1.0, keys, reason)
                }
                Some(_) => left_out(
                    rid,
                    why!(
                        ctx,
                        "outside_period",
                        "恢复演练不在统计周期内实施",
                        "restore drill not executed in the period",
                    ),
                ),
                None => left_out(
                    rid,
                    why!(
                        ctx,
                        "not_yet",
                        "恢复演练尚未实施",
                        "restore drill not executed yet",
                    ),
                ),
            }
        })
        .collect()
}

pub fn restore_success(ctx: &Ctx<'_>) -> Out {
    let mut items = backups(ctx, |rec, b, keys| {
        let (tests, ok) = (b.restore_tests, b.restores_succeeded);
        counted(
            rec.id.clone(),
            ok,
            tests,
            keys,
            why!(
                ctx,
                "measured",
                format!("恢复测试 {tests} 次,成功 {ok} 次"),
                format!("{ok} of {tests} restore tests succeeded"),
            ),
        )
    });
    items.extend(restore_drills(ctx));
    (items, Details::None {})
}

/// 1 − (rejected + duplicates) / records in, of data work whose cleansing completed in the
/// period (that is, whose next stage was entered in it).
pub fn data_quality(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for (f, d) in ctx.each(data) {
        let rid = f.id.clone();
        let Some(done) = d.cleansing_done.filter(|&t| ctx.happened(t)) else {
            items.push(left_out(
                rid,
                why!(
                    ctx,
                    "not_yet",
                    "数据清洗尚未完成",
                    "cleansing not complete yet"
                ),
            ));
            continue;
        };
        if !ctx.in_range(done) {
            items.push(left_out(
                rid,
                outside(ctx, "数据清洗完成于", &ctx.date(done).to_string()),
            ));
            continue;
        }
        let total_in = d.records_in;
        let bad = d.rejected + d.duplicates;
        let mut keys = ctx.keys(f);
        keys.month = Some(ctx.month_of(done));
        items.push(counted(
            rid,
            total_in - bad,
            total_in,
            keys,
            why!(
                ctx,
                "measured",
                format!("输入 {total_in} 条,剔除与去重 {bad} 条"),
                format!("{total_in} records in, {bad} rejected or duplicate"),
            ),
        ));
    }
    (items, Details::None {})
}
