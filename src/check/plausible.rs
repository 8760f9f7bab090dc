//! The plausibility part of the `consistency` check: values that parse, and that the fields check
//! accepts, but that no real record holds and that would make a record escape a KPI or count in
//! its owner's favour.
//! - **Now**: a date, date-time or period recording something that happened, more than a day
//!   after today (`W0612`). Fields marked `future = true` in the rules (deadlines, plans) are
//!   exempt. Driven by the rules, so a kind of `rules.toml` gets it too.
//! - **Bounds** (errors): a budget of 0 (`E0613`), an actual cost below the spending recorded
//!   (`E0614`), a backup check of no jobs or a survey of no respondents (`E0615`), a drill's
//!   RTO/RPO looser than its systems' (`E0616`), a backup verified before its period ended
//!   (`E0620`).
//! - **Warnings**: a tabletop drill with a recovery or core systems (`W0617`), a P1/P2 incident
//!   without impact, security incidents aside (`W0618`), planned maintenance without a change reference (`W0619`), a
//!   planned end more than five years after approval (`W0621`), a backup check without a restore
//!   test for a system with recovery objectives (`W0622`).
//!
//! Keyed by the built-in kinds, as `consistency` is; only "now" applies to every kind.

use chrono::{DateTime, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone};

use super::Prepared;
use super::fields::Ctx;
use crate::diag::Code;
use crate::record::value::{Node, Table};
use crate::record::{FieldPath, Record};
use crate::repo::Repo;
use crate::rules::{Field, Kind, Type};
use crate::time::{Duration, Period, parse_date, parse_datetime, parse_duration};

/// How many years after its approval a project's planned end stops being plausible.
pub const PLANNED_END_YEARS: u32 = 5;

/// Whether `day` lies more than a day after `today`: tomorrow is tolerated (a time zone apart,
/// a record written just after midnight), the day after is not.
pub fn beyond_tomorrow(day: NaiveDate, today: NaiveDate) -> bool {
    today.succ_opt().is_some_and(|tomorrow| day > tomorrow)
}

/// A budget must be greater than 0.
pub fn budget_ok(budget: f64) -> bool {
    budget > 0.0
}

/// The actual cost may not be below the largest amount spent at a checkpoint.
pub fn cost_ok(actual: f64, largest_spent: f64) -> bool {
    actual >= largest_spent
}

/// A count (backup jobs, survey respondents) must be at least 1.
pub fn count_ok(count: i64) -> bool {
    count >= 1
}

/// A drill's own objective may equal its strictest system's, not exceed it.
pub fn looser(own: Duration, strictest: Duration) -> bool {
    own > strictest
}

/// A backup check verified before the instant its period ended (`end`, exclusive).
pub fn verified_early(at: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> bool {
    at < end
}

/// A planned end more than `PLANNED_END_YEARS` after approval; exactly that far is fine.
pub fn absurd_end(approved: NaiveDate, planned: NaiveDate) -> bool {
    approved
        .checked_add_months(Months::new(12 * PLANNED_END_YEARS))
        .is_none_or(|limit| planned > limit)
}

fn text(node: &Node) -> Option<String> {
    node.scalar_text()
}

fn lookup<'r>(rec: &'r Record, path: &str) -> Option<&'r Node> {
    rec.lookup(&FieldPath::parse(path)).filter(|n| !n.is_null())
}

/// The local day of a date or date-time value.
fn day_of(node: &Node, ty: &Type, tz: FixedOffset) -> Option<NaiveDate> {
    let t = node.as_str()?;
    match ty {
        Type::Date => parse_date(t),
        _ => parse_datetime(t, tz, true).map(|d| d.with_timezone(&tz).date_naive()),
    }
}

/// The "now" rule over one table of values and the fields that describe it.
fn future_table(
    table: &Table,
    fields: &[Field],
    prefix: &str,
    today: NaiveDate,
    ctx: &mut Ctx<'_>,
) {
    for f in fields.iter().filter(|f| !f.future) {
        let Some(node) = table.get(&f.name) else {
            continue;
        };
        let path = if prefix.is_empty() {
            f.name.clone()
        } else {
            format!("{prefix}.{}", f.name)
        };
        future_node(node, &f.ty, &path, today, ctx);
    }
}

fn future_node(node: &Node, ty: &Type, path: &str, today: NaiveDate, ctx: &mut Ctx<'_>) {
    let day = match ty {
        Type::Date | Type::DateTime => day_of(node, ty, ctx.tz),
        Type::Period => text(node)
            .and_then(|t| Period::parse_cycle(&t))
            .map(|p| p.start),
        Type::List(of) => {
            for n in node.as_array().unwrap_or(&[]) {
                future_node(n, of, path, today, ctx);
            }
            None
        }
        Type::TableList(items) => {
            for t in node
                .as_array()
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_table)
            {
                future_table(t, items, path, today, ctx);
            }
            None
        }
        Type::Table(items) => {
            if let Some(t) = node.as_table() {
                future_table(t, items, path, today, ctx);
            }
            None
        }
        _ => None,
    };
    if let Some(day) = day
        && beyond_tomorrow(day, today)
    {
        let value = text(node).unwrap_or_default();
        let d = ctx.push(Code::W0612, node.span);
        d.args.push(("field", path.into()));
        d.args.push(("value", value.into()));
        d.args.push(("today", today.to_string().into()));
    }
}

fn future(kind: &Kind, prep: &Prepared, rec: &Record, today: NaiveDate, ctx: &mut Ctx<'_>) {
    future_table(&rec.root, &prep.top, "", today, ctx);
    for (stage, fields) in kind.stages.iter().zip(&prep.stage_fields) {
        if let Some(section) = rec.section(&stage.key) {
            future_table(section, fields, &stage.key, today, ctx);
        }
    }
}

fn incident(repo: &Repo, rec: &Record, ctx: &mut Ctx<'_>) {
    // A security incident's severity grades the breach, not the outage: a P2 account takeover
    // may well leave the service up.
    let severity = rec.get("severity").and_then(Node::as_str);
    let security = rec.get("category").and_then(Node::as_str) == Some("security");
    if let (false, Some(sev @ ("P1" | "P2"))) = (security, severity)
        && let Some(impact) = lookup(rec, "impact")
        && impact.as_str() == Some("none")
    {
        let d = ctx.push(Code::W0618, impact.span);
        d.args.push(("severity", sev.into()));
    }
    let Some(planned) = lookup(rec, "planned") else {
        return;
    };
    if planned.as_bool() != Some(true) {
        return;
    }
    let change = lookup(rec, "change")
        .and_then(Node::as_str)
        .is_some_and(|c| !c.trim().is_empty());
    // A link to a project (the work the maintenance belongs to) is a change reference too.
    let project = repo.rules.kind("project").map(|k| format!("{}-", k.prefix));
    let linked = project.is_some_and(|prefix| {
        lookup(rec, "links")
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::as_str)
            .any(|id| id.starts_with(&prefix))
    });
    if !change && !linked {
        ctx.push(Code::W0619, planned.span);
    }
}

/// Whether a value below its field's `min` is left to the fields check's range error.
fn below_min(kind: &Kind, field: &str, v: f64) -> bool {
    kind.field(field).and_then(|f| f.min).is_some_and(|m| v < m)
}

fn project(kind: &Kind, rec: &Record, ctx: &mut Ctx<'_>) {
    if let Some(budget) = lookup(rec, "budget")
        && let Some(v) = budget.as_f64()
        && !budget_ok(v)
        && !below_min(kind, "budget", v)
    {
        let d = ctx.push(Code::E0613, budget.span);
        d.args
            .push(("value", text(budget).unwrap_or_default().into()));
    }
    if let Some(actual) = lookup(rec, "acceptance.actual_cost")
        && let Some(a) = actual.as_f64()
    {
        let largest = lookup(rec, "monitoring.checkpoints")
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::as_table)
            .filter_map(|c| Some((c.get("spent")?, c.str("date").unwrap_or(""))))
            .filter_map(|(s, date)| Some((s.as_f64()?, text(s)?, date)))
            .fold(None::<(f64, String, &str)>, |best, cur| match best {
                Some(b) if b.0 >= cur.0 => Some(b),
                _ => Some(cur),
            });
        if let Some((spent, spent_text, date)) = largest
            && !cost_ok(a, spent)
        {
            let d = ctx.push(Code::E0614, actual.span);
            d.args
                .push(("actual", text(actual).unwrap_or_default().into()));
            d.args.push(("spent", spent_text.into()));
            d.args.push(("date", date.into()));
        }
    }
    if let (Some(approved), Some(planned)) = (
        lookup(rec, "initiation.approved_on"),
        lookup(rec, "planned_end"),
    ) && let (Some(a), Some(p)) = (
        approved.as_str().and_then(parse_date),
        planned.as_str().and_then(parse_date),
    ) && absurd_end(a, p)
    {
        let d = ctx.push(Code::W0621, planned.span);
        d.args.push(("planned_end", p.to_string().into()));
        d.args.push(("approved_on", a.to_string().into()));
        d.args.push(("years", PLANNED_END_YEARS.to_string().into()));
    }
}

fn drill(repo: &Repo, rec: &Record, ctx: &mut Ctx<'_>) {
    let systems: Vec<&str> = lookup(rec, "systems")
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_str)
        .collect();
    let configured: Vec<&crate::config::System> = systems
        .iter()
        .filter_map(|s| repo.config.system(s))
        .collect();
    for field in ["rto", "rpo"] {
        let Some(own) = lookup(rec, field) else {
            continue;
        };
        let Some(v) = own.as_str().and_then(parse_duration) else {
            continue;
        };
        let strictest = configured
            .iter()
            .filter_map(|s| Some((if field == "rto" { s.rto } else { s.rpo }?, s)))
            .min_by_key(|(d, _)| *d);
        if let Some((limit, system)) = strictest
            && looser(v, limit)
        {
            let d = ctx.push(Code::E0616, own.span);
            d.args.push(("field", field.into()));
            d.args.push(("value", text(own).unwrap_or_default().into()));
            d.args.push(("system", system.id.as_str().into()));
            d.args.push(("system_value", limit.to_string().into()));
        }
    }
    if lookup(rec, "type").and_then(Node::as_str) != Some("tabletop") {
        return;
    }
    if let Some(recovered) = lookup(rec, "executed.recovered_at") {
        let d = ctx.push(Code::W0617, recovered.span);
        d.args.push(("field", "executed.recovered_at".into()));
        d.args
            .push(("value", text(recovered).unwrap_or_default().into()));
    }
    let core: Vec<&str> = configured
        .iter()
        .filter(|s| s.criticality == "core")
        .map(|s| s.id.as_str())
        .collect();
    if let (false, Some(node)) = (core.is_empty(), lookup(rec, "systems")) {
        let d = ctx.push(Code::W0617, node.span);
        d.args.push(("field", "systems".into()));
        d.args.push(("value", core.join(", ").into()));
    }
}

fn backup(repo: &Repo, kind: &Kind, rec: &Record, ctx: &mut Ctx<'_>) {
    if let Some(jobs) = lookup(rec, "jobs")
        && let Some(n) = jobs.as_i64()
        && !count_ok(n)
        && !below_min(kind, "jobs", n as f64)
    {
        let d = ctx.push(Code::E0615, jobs.span);
        d.args.push(("field", "jobs".into()));
        d.args.push(("value", n.to_string().into()));
    }
    let system = lookup(rec, "system").and_then(Node::as_str);
    if let Some(tests) = lookup(rec, "restore_tests")
        && tests.as_i64() == Some(0)
        && let Some(sys) = system.and_then(|s| repo.config.system(s))
        && (sys.rto.is_some() || sys.rpo.is_some())
    {
        let d = ctx.push(Code::W0622, tests.span);
        d.args.push(("system", sys.id.as_str().into()));
    }
    let period = lookup(rec, "period")
        .and_then(text)
        .and_then(|t| Period::parse_cycle(&t));
    if let (Some(period), Some(at)) = (period, lookup(rec, "verified.at"))
        && let Some(when) = at.as_str().and_then(|t| parse_datetime(t, ctx.tz, true))
        && let Some(end) = ctx
            .tz
            .from_local_datetime(&period.end.and_time(NaiveTime::MIN))
            .single()
        && verified_early(when, end)
    {
        let d = ctx.push(Code::E0620, at.span);
        d.args.push(("at", text(at).unwrap_or_default().into()));
        d.args.push(("period", period.label.into()));
        d.args.push(("end", period.end.to_string().into()));
    }
}

fn survey(rec: &Record, ctx: &mut Ctx<'_>) {
    let Some(node) = lookup(rec, "responses") else {
        return;
    };
    let Some(table) = node.as_table() else {
        return;
    };
    let counts: Option<Vec<i64>> = table.entries.iter().map(|e| e.node.as_i64()).collect();
    let Some(counts) = counts else {
        return;
    };
    // Negative counts are an error of their own (E0611): they are not respondents.
    let sum: i64 = counts.iter().filter(|&&n| n > 0).sum();
    if !count_ok(sum) {
        let d = ctx.push(Code::E0615, node.span);
        d.args.push(("field", "responses".into()));
        d.args.push(("value", sum.to_string().into()));
    }
}

/// Every plausibility rule of one record; "now" only when today is known.
pub fn check(
    repo: &Repo,
    kind: &Kind,
    prep: &Prepared,
    rec: &Record,
    today: Option<NaiveDate>,
    ctx: &mut Ctx<'_>,
) {
    if let Some(today) = today {
        future(kind, prep, rec, today, ctx);
    }
    match kind.key.as_str() {
        "incident" => incident(repo, rec, ctx),
        "project" => project(kind, rec, ctx),
        "drill" => drill(repo, rec, ctx),
        "backup" => backup(repo, kind, rec, ctx),
        "survey" => survey(rec, ctx),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn instant(s: &str) -> DateTime<FixedOffset> {
        parse_datetime(s, FixedOffset::east_opt(8 * 3600).unwrap(), false).unwrap()
    }

    #[test]
    fn tomorrow_is_tolerated_the_day_after_is_not() {
        let today = day("2026-12-31");
        assert!(!beyond_tomorrow(day("2026-12-30"), today));
        assert!(!beyond_tomorrow(today, today));
        assert!(!beyond_tomorrow(day("2027-01-01"), today));
        assert!(beyond_tomorrow(day("2027-01-02"), today));
        assert!(beyond_tomorrow(day("2062-03-14"), today));
    }

    #[test]
    fn a_budget_must_be_above_zero() {
        assert!(budget_ok(0.01));
        assert!(budget_ok(1_200_000.0));
        assert!(!budget_ok(0.0));
        assert!(!budget_ok(-1.0));
    }

    #[test]
    fn actual_cost_may_equal_the_spending_not_fall_below_it() {
        assert!(cost_ok(950_000.0, 950_000.0));
        assert!(cost_ok(950_001.0, 950_000.0));
        assert!(!cost_ok(949_999.0, 950_000.0));
        assert!(!cost_ok(0.0, 1.0));
        assert!(cost_ok(0.0, 0.0));
    }

    #[test]
    fn a_count_starts_at_one() {
        assert!(count_ok(1));
        assert!(count_ok(62));
        assert!(!count_ok(0));
        assert!(!count_ok(-3));
    }

    #[test]
    fn a_drill_objective_may_equal_its_system_not_exceed_it() {
        let four_hours = parse_duration("4h").unwrap();
        assert!(!looser(parse_duration("4h").unwrap(), four_hours));
        assert!(!looser(parse_duration("3h 59m").unwrap(), four_hours));
        assert!(looser(parse_duration("4h 1m").unwrap(), four_hours));
        assert!(looser(parse_duration("1d").unwrap(), four_hours));
    }

    #[test]
    fn a_backup_is_verified_at_the_earliest_when_its_period_ends() {
        // 2026-Q3 ends at the start of 2026-10-01.
        let end = instant("2026-10-01T00:00:00+08:00");
        assert!(!verified_early(end, end));
        assert!(!verified_early(instant("2026-10-08T10:00:00+08:00"), end));
        assert!(verified_early(instant("2026-09-30T23:59:00+08:00"), end));
        assert!(verified_early(instant("2026-08-01T09:00:00+08:00"), end));
    }

    #[test]
    fn a_planned_end_five_years_after_approval_is_the_last_plausible() {
        let approved = day("2026-03-10");
        assert!(!absurd_end(approved, day("2031-03-10")));
        assert!(absurd_end(approved, day("2031-03-11")));
        assert!(absurd_end(approved, day("2099-12-31")));
        assert!(!absurd_end(approved, day("2026-12-31")));
        // A leap day approved: five years later is the 28th of February.
        assert!(!absurd_end(day("2028-02-29"), day("2033-02-28")));
        assert!(absurd_end(day("2028-02-29"), day("2033-03-01")));
    }
}
