//! Security and continuity KPIs (安全管理, 应急演练): security incidents, rectification
//! timeliness, drill execution and drill pass rate.

use std::collections::BTreeMap;

use chrono::Duration as ChronoDuration;
use serde_json::{Map, Value, json};

use super::{
    Ctx, Deed, Item, by_deadline, counted, dated_in_period, hm, id, instant, left_out, local_date,
    midnight, outside, text, why,
};
use crate::record::Record;
use crate::record::value::Node;
use crate::time::parse_duration;

type Out = (Vec<Item>, Map<String, Value>);

/// The number of security incidents that occurred in the period, by level and by month. Zero is
/// a count, never n/a.
pub fn security_incidents(ctx: &Ctx<'_>) -> Out {
    let tz = ctx.tz();
    let mut items = Vec::new();
    let mut by_level: BTreeMap<String, u64> = ["I", "II", "III", "IV"]
        .iter()
        .map(|l| (l.to_string(), 0))
        .collect();
    let mut by_month: BTreeMap<String, u64> = BTreeMap::new();
    for rec in ctx.of_kind("incident") {
        let rid = id(rec);
        if text(rec, "category").as_deref() != Some("security") {
            items.push(left_out(
                rid,
                why("不是安全类故障", "not a security incident"),
            ));
            continue;
        }
        let when =
            instant(rec, "report.occurred_at", tz).or_else(|| instant(rec, "outage_start", tz));
        let Some(t) = when else {
            items.push(left_out(rid, why("尚无发生时间", "no occurred_at yet")));
            continue;
        };
        if !ctx.in_period(t) {
            items.push(left_out(
                rid,
                outside("发生时间", &local_date(tz, t).to_string()),
            ));
            continue;
        }
        let level = text(rec, "security_level").unwrap_or_else(|| "?".into());
        *by_level.entry(level.clone()).or_default() += 1;
        let month = ctx.month_of(t);
        *by_month.entry(month.clone()).or_default() += 1;
        let mut keys = ctx.keys(rec);
        keys.system = text(rec, "system");
        keys.severity = Some(level.clone());
        keys.month = Some(month);
        items.push(counted(
            rid,
            1.0,
            0.0,
            keys,
            why(
                format!("{level} 级安全事件"),
                format!("level {level} security event"),
            ),
        ));
    }
    let mut extra = Map::new();
    extra.insert("by_level".into(), json!(by_level));
    extra.insert("by_month".into(), json!(by_month));
    (items, extra)
}

/// Findings fixed on or before their due date, over findings due in the period.
pub fn rectification(ctx: &Ctx<'_>) -> Out {
    let mut items = Vec::new();
    for rec in ctx.of_kind("security") {
        let rid = id(rec);
        let findings = rec
            .stage_field("inspection", "findings")
            .and_then(Node::as_array)
            .unwrap_or(&[]);
        if findings.is_empty() {
            items.push(left_out(
                rid.clone(),
                why("没有记录安全隐患", "no findings recorded"),
            ));
        }
        for (i, f) in findings.iter().filter_map(Node::as_table).enumerate() {
            let fid = format!("{rid}#{} {}", i + 1, f.str("finding").unwrap_or(""));
            let Some(due) = f.str("due").and_then(crate::time::parse_date) else {
                items.push(left_out(fid, why("没有整改期限", "no due date")));
                continue;
            };
            if !ctx.date_in_period(due) {
                items.push(left_out(fid, outside("整改期限", &due.to_string())));
                continue;
            }
            let fixed = f
                .str("fixed_on")
                .and_then(crate::time::parse_date)
                .filter(|d| midnight(ctx.tz(), *d) <= ctx.as_of);
            let mut keys = ctx.keys(rec);
            keys.severity = f.str("level").map(str::to_string);
            keys.month = Some(ctx.month_of(midnight(ctx.tz(), due)));
            items.push(by_deadline(
                ctx,
                fid,
                keys,
                due,
                fixed,
                &Deed("整改", "fixed", "not fixed"),
            ));
        }
    }
    (items, Map::new())
}

fn drill_keys(ctx: &Ctx<'_>, rec: &Record, t: i64) -> super::Keys {
    let mut keys = ctx.keys(rec);
    keys.month = Some(ctx.month_of(t));
    keys.system = rec
        .get("systems")
        .and_then(Node::as_array)
        .and_then(|a| a.first())
        .and_then(Node::as_str)
        .map(str::to_string);
    keys
}

/// Drills executed by `scheduled_on` (+ tolerance), over drills scheduled in the period.
pub fn drill_execution(ctx: &Ctx<'_>) -> Out {
    let tz = ctx.tz();
    let tolerance = ChronoDuration::days(ctx.config.kpi.tolerance_days);
    let mut items = Vec::new();
    for rec in ctx.of_kind("drill") {
        let rid = id(rec);
        let scheduled = match dated_in_period(ctx, rec, "scheduled_on", "计划日期") {
            Ok(d) => d,
            Err(reason) => {
                items.push(left_out(rid, reason));
                continue;
            }
        };
        let deadline = scheduled.checked_add_signed(tolerance).unwrap_or(scheduled);
        let executed = instant(rec, "executed.started_at", tz).filter(|&t| t <= ctx.as_of);
        let keys = drill_keys(ctx, rec, midnight(tz, scheduled));
        items.push(by_deadline(
            ctx,
            rid,
            keys,
            deadline,
            executed.map(|t| local_date(tz, t)),
            &Deed("实施", "executed", "not executed"),
        ));
    }
    (items, Map::new())
}

/// The recovery-time and recovery-point objectives of a drill: its own, else the strictest of
/// its systems' (none for a tabletop exercise, which recovers nothing).
fn objectives(ctx: &Ctx<'_>, rec: &Record) -> (Option<i64>, Option<i64>) {
    if text(rec, "type").as_deref() == Some("tabletop") {
        return (None, None);
    }
    let systems: Vec<&crate::config::System> = rec
        .get("systems")
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_str)
        .filter_map(|s| ctx.config.system(s))
        .collect();
    let own = |key: &str| {
        text(rec, key)
            .and_then(|s| parse_duration(&s))
            .map(|d| d.seconds())
    };
    let rto = own("rto").or_else(|| {
        systems
            .iter()
            .filter_map(|s| s.rto)
            .map(|d| d.seconds())
            .min()
    });
    let rpo = own("rpo").or_else(|| {
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
fn judge(ctx: &Ctx<'_>, rec: &Record, started: i64) -> (bool, super::super::rules::Label) {
    let tz = ctx.tz();
    let result = text(rec, "executed.result").unwrap_or_default();
    if result != "passed" {
        return (
            false,
            why(format!("演练结果为 {result}"), format!("result {result}")),
        );
    }
    let (rto, rpo) = objectives(ctx, rec);
    if let Some(rto) = rto {
        match instant(rec, "executed.recovered_at", tz) {
            Some(r) if r - started <= rto => {}
            Some(r) => {
                return (
                    false,
                    why(
                        format!("恢复用时 {},超过 RTO {}", hm(r - started), hm(rto)),
                        format!(
                            "recovery took {}, over the RTO of {}",
                            hm(r - started),
                            hm(rto)
                        ),
                    ),
                );
            }
            None => {
                return (
                    false,
                    why(
                        "有 RTO 要求但没有恢复时间",
                        "an RTO applies but no recovery time is recorded",
                    ),
                );
            }
        }
    }
    if let (Some(rpo), Some(loss)) = (
        rpo,
        text(rec, "executed.data_loss").and_then(|s| parse_duration(&s)),
    ) && loss.seconds() > rpo
    {
        return (
            false,
            why(
                format!("数据丢失 {},超过 RPO {}", hm(loss.seconds()), hm(rpo)),
                format!(
                    "data loss {}, over the RPO of {}",
                    hm(loss.seconds()),
                    hm(rpo)
                ),
            ),
        );
    }
    (
        true,
        why(
            "结果 passed,恢复时间与数据丢失均在目标内",
            "passed, recovery and data loss within objectives",
        ),
    )
}

/// Drills executed in the period that passed, within RTO and RPO; and the core systems without a
/// passed drill in the twelve months before as-of.
pub fn drill_pass(ctx: &Ctx<'_>) -> Out {
    let tz = ctx.tz();
    let year_before = ctx.as_of - 365 * 86_400;
    let mut items = Vec::new();
    let mut covered: Vec<String> = Vec::new();
    for rec in ctx.of_kind("drill") {
        let rid = id(rec);
        let Some(started) = instant(rec, "executed.started_at", tz).filter(|&t| t <= ctx.as_of)
        else {
            items.push(left_out(rid, why("尚未实施", "not executed yet")));
            continue;
        };
        let (passed, reason) = judge(ctx, rec, started);
        if passed && started > year_before {
            covered.extend(
                rec.get("systems")
                    .and_then(Node::as_array)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(Node::as_str)
                    .map(str::to_string),
            );
        }
        if !ctx.in_period(started) {
            items.push(left_out(
                rid,
                outside("实施时间", &local_date(tz, started).to_string()),
            ));
            continue;
        }
        items.push(counted(
            rid,
            f64::from(u8::from(passed)),
            1.0,
            drill_keys(ctx, rec, started),
            reason,
        ));
    }
    let uncovered: Vec<&str> = ctx
        .config
        .systems
        .iter()
        .filter(|s| s.criticality == "core" && !covered.contains(&s.id))
        .map(|s| s.id.as_str())
        .collect();
    let mut extra = Map::new();
    extra.insert("core_without_passed_drill".into(), json!(uncovered));
    (items, extra)
}
