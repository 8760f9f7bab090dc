//! Operations KPIs (信息系统运维, 数据管理): availability, repair timeliness, backup and restore
//! success, data quality.

use serde_json::{Map, Value, json};

use super::availability::{
    Calendar, Span, merge_weighted, service_spans, subtract, total, weighted_overlap,
};
use super::{
    Ctx, Item, Keys, counted, hm, id, instant, left_out, local_date, mean_median, midnight, number,
    outside, text, why,
};
use crate::time::{Duration, Period};

type Out = (Vec<Item>, Map<String, Value>);

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
    for rec in ctx.of_kind("incident") {
        let rid = id(rec);
        let (Some(system), Some(start)) = (text(rec, "system"), instant(rec, "outage_start", tz))
        else {
            items.push(left_out(
                rid,
                why(
                    "没有中断时间窗(outage_start)",
                    "no outage window (outage_start)",
                ),
            ));
            continue;
        };
        let end = instant(rec, "outage_end", tz).unwrap_or(ctx.as_of);
        let planned = rec.get("planned").and_then(|n| n.as_bool()) == Some(true);
        let impact = text(rec, "impact").unwrap_or_else(|| "full".into());
        let weight = match impact.as_str() {
            "none" => 0.0,
            "partial" => partial,
            _ => 1.0,
        };
        let (a, b) = (start.max(window.0), end.min(window.1));
        if a >= b {
            items.push(left_out(
                rid,
                why(
                    "中断时间窗不在统计周期内",
                    "the outage window is outside the period",
                ),
            ));
            continue;
        }
        let open = if instant(rec, "outage_end", tz).is_none() {
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
            why(
                format!("计划内维护 {}{open}:从服务时间和停机时间中扣除", hm(b - a)),
                format!(
                    "planned maintenance {}{open_en}: removed from service time and downtime",
                    hm(b - a)
                ),
            )
        } else if weight == 0.0 {
            why("影响程度为 none:不计停机", "impact none: no downtime")
        } else {
            why(
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
                why(
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
        systems.push(json!({
            "system": system.id,
            "name": system.name,
            "criticality": system.criticality,
            "service_s": service_s,
            "downtime_s": down_s,
            "value": value,
            "target": system.availability_target,
            "verdict": match (value, system.availability_target) {
                (Some(v), Some(t)) if v >= t => "met",
                (Some(_), Some(_)) => "missed",
                _ => "n/a",
            },
        }));
    }
    let mut extra = Map::new();
    extra.insert("systems".into(), Value::Array(systems));
    (items, extra)
}

/// Restored within the SLA of `occurred_at`, over incidents restored in the period plus those
/// still open whose deadline fell in it; with MTTR mean and median.
pub fn repair_timeliness(ctx: &Ctx<'_>) -> Out {
    let tz = ctx.tz();
    let mut items = Vec::new();
    let mut repair_times = Vec::new();
    for rec in ctx.of_kind("incident") {
        let rid = id(rec);
        let severity = text(rec, "severity").unwrap_or_default();
        let mut keys = ctx.keys(rec);
        keys.system = text(rec, "system");
        keys.severity = Some(severity.clone());
        if rec.get("planned").and_then(|n| n.as_bool()) == Some(true) {
            items.push(left_out(
                rid,
                why("计划内维护,不是故障", "planned maintenance, not a fault"),
            ));
            continue;
        }
        let Some(occurred) = instant(rec, "report.occurred_at", tz) else {
            items.push(left_out(
                rid,
                why(
                    "尚无故障报告的发生时间(report.occurred_at)",
                    "no occurred_at reported yet",
                ),
            ));
            continue;
        };
        let Some(sla) = ctx.config.sla(&severity) else {
            items.push(left_out(
                rid,
                why(
                    format!("itc.toml 未设 {severity} 的修复时限([sla.resolve])"),
                    format!("no SLA for {severity} in [sla.resolve]"),
                ),
            ));
            continue;
        };
        let deadline = occurred + sla.seconds();
        let restored = instant(rec, "handling.restored_at", tz).filter(|&t| t <= ctx.as_of);
        match restored {
            Some(r) if ctx.in_period(r) => {
                let took = r - occurred;
                repair_times.push(took);
                keys.month = Some(ctx.month_of(r));
                let ok = took <= sla.seconds();
                let limit = Duration(sla.seconds());
                let (zh, en) = if ok {
                    ("在", "within")
                } else {
                    ("超过", "over")
                };
                let reason = why(
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
                why("恢复时间不在统计周期内", "restored outside the period"),
            )),
            None if deadline <= ctx.as_of && ctx.start <= deadline && deadline < ctx.end => {
                keys.month = Some(ctx.month_of(deadline));
                items.push(counted(
                    rid,
                    0.0,
                    1.0,
                    keys,
                    why(
                        format!("尚未恢复,{severity} 修复期限已过(计为超时)"),
                        format!("not restored and past its {severity} deadline: late"),
                    ),
                ));
            }
            None if deadline > ctx.as_of => items.push(left_out(
                rid,
                why(
                    "尚未恢复,修复期限未到",
                    "not restored, deadline not yet reached",
                ),
            )),
            None => items.push(left_out(
                rid,
                why(
                    "尚未恢复,修复期限不在统计周期内",
                    "not restored, deadline outside the period",
                ),
            )),
        }
    }
    let (mean, median) = mean_median(&mut repair_times);
    let mut extra = Map::new();
    extra.insert("mttr_mean_s".into(), json!(mean));
    extra.insert("mttr_median_s".into(), json!(median));
    extra.insert("restored".into(), json!(repair_times.len()));
    (items, extra)
}

/// Backup records whose own period lies within the KPI period, and why the others do not count.
fn backups<'a>(
    ctx: &'a Ctx<'_>,
    mut f: impl FnMut(&'a crate::record::Record, Keys) -> Item,
) -> Vec<Item> {
    let mut items = Vec::new();
    for rec in ctx.of_kind("backup") {
        let rid = id(rec);
        let Some(p) = text(rec, "period").and_then(|p| Period::parse_cycle(&p)) else {
            items.push(left_out(rid, why("缺少有效的 period", "no valid period")));
            continue;
        };
        if !p.within(ctx.period) || midnight(ctx.tz(), p.start) > ctx.as_of {
            items.push(left_out(
                rid,
                why(
                    format!("核查周期 {} 不在统计周期内", p.label),
                    format!("its period {} is not within the KPI period", p.label),
                ),
            ));
            continue;
        }
        let mut keys = ctx.keys(rec);
        keys.system = text(rec, "system");
        keys.month = Some(ctx.month_of(midnight(ctx.tz(), p.start)));
        items.push(f(rec, keys));
    }
    items
}

pub fn backup_success(ctx: &Ctx<'_>) -> Out {
    let items = backups(ctx, |rec, keys| {
        let jobs = number(rec, "jobs").unwrap_or(0.0);
        let ok = number(rec, "succeeded").unwrap_or(0.0);
        counted(
            id(rec),
            ok,
            jobs,
            keys,
            why(
                format!("备份作业 {jobs} 个,成功 {ok} 个"),
                format!("{ok} of {jobs} backup jobs succeeded"),
            ),
        )
    });
    (items, Map::new())
}

/// Restore drills executed in the period, with whether they passed.
pub fn restore_drills(ctx: &Ctx<'_>) -> Vec<Item> {
    let tz = ctx.tz();
    ctx.of_kind("drill")
        .filter(|rec| text(rec, "type").as_deref() == Some("restore"))
        .map(|rec| {
            let rid = id(rec);
            match instant(rec, "executed.started_at", tz) {
                Some(t) if ctx.in_period(t) => {
                    let passed = text(rec, "executed.result").as_deref() == Some("passed");
                    let mut keys = ctx.keys(rec);
                    keys.month = Some(ctx.month_of(t));
                    keys.system = rec
                        .get("systems")
                        .and_then(|n| n.as_array())
                        .and_then(|a| a.first())
                        .and_then(|n| n.as_str())
                        .map(str::to_string);
                    let reason = if passed {
                        why("恢复演练结果 passed", "restore drill passed")
                    } else {
                        why("恢复演练未通过", "restore drill did not pass")
                    };
                    counted(rid, f64::from(u8::from(passed)), 1.0, keys, reason)
                }
                Some(_) => left_out(
                    rid,
                    why(
                        "恢复演练不在统计周期内实施",
                        "restore drill not executed in the period",
                    ),
                ),
                None => left_out(
                    rid,
                    why("恢复演练尚未实施", "restore drill not executed yet"),
                ),
            }
        })
        .collect()
}

pub fn restore_success(ctx: &Ctx<'_>) -> Out {
    let mut items = backups(ctx, |rec, keys| {
        let tests = number(rec, "restore_tests").unwrap_or(0.0);
        let ok = number(rec, "restores_succeeded").unwrap_or(0.0);
        counted(
            id(rec),
            ok,
            tests,
            keys,
            why(
                format!("恢复测试 {tests} 次,成功 {ok} 次"),
                format!("{ok} of {tests} restore tests succeeded"),
            ),
        )
    });
    items.extend(restore_drills(ctx));
    (items, Map::new())
}

/// 1 − (rejected + duplicates) / records in, of data work whose cleansing completed in the
/// period (that is, whose next stage was entered in it).
pub fn data_quality(ctx: &Ctx<'_>) -> Out {
    let tz = ctx.tz();
    let mut items = Vec::new();
    let stages = ctx
        .rules
        .kind("data")
        .map(|k| k.stages.clone())
        .unwrap_or_default();
    let after = stages
        .iter()
        .position(|s| s.key == "cleansing")
        .map_or(0, |i| i + 1);
    for rec in ctx.of_kind("data") {
        let rid = id(rec);
        let completed = stages[after.min(stages.len())..]
            .iter()
            .find_map(|s| instant(rec, &format!("{}.at", s.key), tz));
        let Some(done) = completed else {
            items.push(left_out(
                rid,
                why("数据清洗尚未完成", "cleansing not complete yet"),
            ));
            continue;
        };
        if !ctx.in_period(done) {
            items.push(left_out(
                rid,
                outside("数据清洗完成于", &super::local_date(tz, done).to_string()),
            ));
            continue;
        }
        let total_in = number(rec, "cleansing.records_in").unwrap_or(0.0);
        let bad = number(rec, "cleansing.records_rejected").unwrap_or(0.0)
            + number(rec, "cleansing.duplicates_removed").unwrap_or(0.0);
        let mut keys = ctx.keys(rec);
        keys.month = Some(ctx.month_of(done));
        items.push(counted(
            rid,
            total_in - bad,
            total_in,
            keys,
            why(
                format!("输入 {total_in} 条,剔除与去重 {bad} 条"),
                format!("{total_in} records in, {bad} rejected or duplicate"),
            ),
        ));
    }
    (items, Map::new())
}
