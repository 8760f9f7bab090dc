//! The one deadline model: every deadline a record carries — a stage's time limit from the
//! rules (the current stage's, and each stage left, met when the next was entered), an
//! incident's repair SLA, a project's planned end, an appraisal's due date, a drill's scheduled
//! date, a security finding's due date, a plan item's due date, a drill's corrective action's
//! due date — computed here and nowhere else. `kpi`, `list --overdue`, `list --breached`, `show`
//! (and reports) all read it.
//!
//! Time is half-open: something done at instant `t` is known at as-of when `t < as_of`. A
//! deadline is met when done before `limit` (a due date's limit is the start of the next day;
//! an SLA's is one second after its last allowed second), and has passed once `limit <= as_of`.

use chrono::{DateTime, Duration as ChronoDuration, FixedOffset, NaiveDate};

use super::commitment::value as in_force;
use super::{Action, Body, Drill, Facts, Finding, Incident, PlanItem, Project, midnight};
use crate::config::Config;
use crate::rules::{Label, Rules};
use crate::time::{Clock, Duration, Hours, service_deadline};

/// What a deadline is about.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// The current stage's time limit (rules `time_limit`).
    StageLimit { stage: Label, limit: Duration },
    /// An incident's `sla.resolve` by severity, from `report.occurred_at`, on the severity's
    /// clock (`[sla.clock]`): wall-clock time, or the system's service hours.
    Sla {
        severity: String,
        sla: Duration,
        clock: Clock,
    },
    /// A project's `planned_end` (+ `kpi.tolerance_days`).
    PlannedEnd,
    /// An appraisal's `due_on`: reach `result`.
    AppraisalDue,
    /// A drill's `scheduled_on` (+ `kpi.tolerance_days`): be executed.
    DrillScheduled,
    /// A security finding's `due`: be fixed.
    FindingDue,
    /// A plan item's `due`, approved or not: be done.
    PlanItemDue,
    /// A drill's corrective action (`reviewed.actions[].due`): be done (`done_on`).
    ActionDue,
}

/// How a deadline is written: a due date, or an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Date(NaiveDate),
    At(DateTime<FixedOffset>),
}

/// Every deadline key (`Deadline::key`): the `code` of an overdue flag in `list` and `show`.
pub const KEYS: [&str; 8] = [
    "stage_limit",
    "sla",
    "planned_end",
    "due_on",
    "scheduled_on",
    "finding_due",
    "plan_item_due",
    "action_due",
];

impl Due {
    /// The form machine outputs write: `YYYY-MM-DD`, or RFC 3339 with its offset.
    pub fn machine(&self) -> String {
        match self {
            Due::Date(d) => d.to_string(),
            Due::At(t) => t.to_rfc3339(),
        }
    }
}

impl std::fmt::Display for Due {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Due::Date(d) => write!(f, "{d}"),
            Due::At(t) => write!(f, "{}", t.format("%Y-%m-%d %H:%M")),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Deadline {
    pub source: Source,
    /// For a part of a record (a finding, a plan item, a corrective action): `#2 name`.
    pub part: Option<String>,
    /// Who answers for the part, where the part names one (a plan item's or an action's
    /// `owner`); the record's owner answers otherwise.
    pub owner: Option<String>,
    /// The instant that places the deadline in a KPI period: a due date's start (the planned
    /// end itself, before any tolerance), or an SLA's last second.
    pub anchor: i64,
    /// Done strictly before this instant is on time.
    pub limit: i64,
    /// The deadline as shown (with the tolerance added).
    pub due: Due,
    /// When the thing was done, if it was (whether or not that is known at a given as-of).
    pub done: Option<i64>,
}

/// Where a deadline stands at an as-of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Done by as-of, in time.
    OnTime(i64),
    /// Done by as-of, after the limit.
    Late(i64),
    /// Not done by as-of, and the limit has passed.
    Missed,
    /// Not done by as-of, and the limit has not passed: not yet due.
    Pending,
}

impl Deadline {
    /// The KPI that counts this deadline, if one does.
    pub fn kpi(&self) -> Option<&'static str> {
        match self.source {
            Source::StageLimit { .. } => None,
            Source::Sla { .. } => Some("repair_timeliness"),
            Source::PlannedEnd => Some("on_time_delivery"),
            Source::AppraisalDue => Some("appraisal_execution"),
            Source::DrillScheduled => Some("drill_execution"),
            Source::FindingDue => Some("rectification"),
            Source::PlanItemDue => Some("plan_completion"),
            Source::ActionDue => None,
        }
    }

    /// A stable key for scripts: `stage_limit`, `sla`, `planned_end`, …
    pub fn key(&self) -> &'static str {
        match self.source {
            Source::StageLimit { .. } => "stage_limit",
            Source::Sla { .. } => "sla",
            Source::PlannedEnd => "planned_end",
            Source::AppraisalDue => "due_on",
            Source::DrillScheduled => "scheduled_on",
            Source::FindingDue => "finding_due",
            Source::PlanItemDue => "plan_item_due",
            Source::ActionDue => "action_due",
        }
    }

    pub fn standing(&self, as_of: i64) -> Standing {
        match self.done.filter(|&t| t < as_of) {
            Some(t) if t < self.limit => Standing::OnTime(t),
            Some(t) => Standing::Late(t),
            None if self.limit <= as_of => Standing::Missed,
            None => Standing::Pending,
        }
    }

    /// The instant by which it had to be done: an SLA's or stage limit's last moment, the end
    /// of a due date.
    pub fn deadline(&self, tz: FixedOffset) -> DateTime<FixedOffset> {
        let t = match self.due {
            Due::At(_) => self.limit - 1,
            Due::Date(_) => self.limit,
        };
        DateTime::from_timestamp(t, 0)
            .unwrap_or_default()
            .with_timezone(&tz)
    }
}

/// A deadline on an instant: met when done up to and including its `last` second.
fn at_instant(source: Source, last: i64, tz: FixedOffset, done: Option<i64>) -> Deadline {
    Deadline {
        source,
        part: None,
        owner: None,
        anchor: last,
        limit: last.saturating_add(1),
        due: Due::At(
            DateTime::from_timestamp(last, 0)
                .unwrap_or_default()
                .with_timezone(&tz),
        ),
        done,
    }
}

/// A deadline on a date, met if done on that day or before; `days` of grace are added.
fn on_date(
    source: Source,
    tz: FixedOffset,
    date: NaiveDate,
    days: i64,
    done: Option<i64>,
) -> Deadline {
    let due = date
        .checked_add_signed(ChronoDuration::days(days.max(0)))
        .unwrap_or(date);
    let limit = due.succ_opt().map_or(i64::MAX, |d| midnight(tz, d));
    Deadline {
        source,
        part: None,
        owner: None,
        anchor: midnight(tz, date),
        limit,
        due: Due::Date(due),
        done,
    }
}

/// An incident's repair deadline: `sla.resolve[severity]` after it occurred (or after the
/// earliest known instant standing in for a missing `occurred_at`). Planned maintenance is no
/// fault and has none; nor has an incident without any known instant or an SLA.
///
/// On the service clock (`[sla.clock]`), the deadline is the first instant at which the limit's
/// worth of the system's service time (its `hours`, holidays and make-up workdays, as
/// availability counts it) has elapsed since occurrence. An incident without a system, or with
/// one not in the catalogue, runs 24x7: the shorter reading, so that a missing system never
/// lengthens a limit; so do hours that serve no time within ten years (every serving day a
/// holiday). The fields keep their meaning on either clock: `anchor` is the last instant in
/// time, `limit` the second after it, `due` shows `anchor`.
pub fn sla(inc: &Incident, config: &Config) -> Option<Deadline> {
    if inc.planned {
        return None;
    }
    let severity = in_force(&inc.severity, &inc.severity_kept)?;
    let sla = config.sla(&severity)?;
    let clock = config.clock(&severity);
    let occurred = inc.occurred_or_stand_in()?.0;
    let last = service_deadline(
        service_hours(inc, config, clock),
        &config.calendar(),
        occurred,
        sla.seconds(),
    )
    .or_else(|| occurred.checked_add(sla.seconds()))?;
    Some(at_instant(
        Source::Sla {
            severity,
            sla,
            clock,
        },
        last,
        config.tz,
        inc.restored,
    ))
}

/// The hours an incident's SLA clock counts: its system's on the service clock, else (24x7, no
/// system, a system not in the catalogue) every hour.
pub fn service_hours<'a>(inc: &Incident, config: &'a Config, clock: Clock) -> &'a Hours {
    const ALWAYS: &Hours = &Hours::Always;
    match clock {
        Clock::Wall => ALWAYS,
        Clock::Service => inc
            .system
            .as_deref()
            .and_then(|id| config.system(id))
            .map_or(ALWAYS, |s| &s.hours),
    }
}

/// How long an incident took from `from` to `to` on its severity's SLA clock: wall-clock
/// seconds on 24x7, its system's service seconds on the service clock.
pub fn clocked(
    inc: &Incident,
    config: &Config,
    severity: &str,
    from: i64,
    to: i64,
) -> (i64, Clock) {
    let clock = config.clock(severity);
    let took = match clock {
        Clock::Wall => to - from,
        Clock::Service => crate::time::service_seconds(
            service_hours(inc, config, clock),
            &config.calendar(),
            from,
            to,
        ),
    };
    (took, clock)
}

pub fn planned_end(p: &Project, config: &Config) -> Option<Deadline> {
    let done = p.accepted_on.map(|d| midnight(config.tz, d));
    Some(on_date(
        Source::PlannedEnd,
        config.tz,
        in_force(&p.planned_end, &p.planned_end_kept)?,
        config.kpi.tolerance_days,
        done,
    ))
}

pub fn appraisal_due(
    due_on: Option<NaiveDate>,
    result_at: Option<i64>,
    tz: FixedOffset,
) -> Option<Deadline> {
    Some(on_date(Source::AppraisalDue, tz, due_on?, 0, result_at))
}

pub fn drill_scheduled(d: &Drill, config: &Config) -> Option<Deadline> {
    Some(on_date(
        Source::DrillScheduled,
        config.tz,
        in_force(&d.scheduled_on, &d.scheduled_kept)?,
        config.kpi.tolerance_days,
        d.started_or_stand_in().map(|s| s.0),
    ))
}

/// The label of a part of a record: `#2 name` (1-based).
pub fn part(index: usize, name: &str) -> String {
    format!("#{} {name}", index + 1)
}

pub fn finding_due(f: &Finding, index: usize, tz: FixedOffset) -> Option<Deadline> {
    let mut d = on_date(
        Source::FindingDue,
        tz,
        in_force(&f.due, &f.due_kept)?,
        0,
        f.fixed_on.map(|d| midnight(tz, d)),
    );
    d.part = Some(part(index, &f.name));
    Some(d)
}

/// A plan item's deadline; a dropped item has none. An item is done when its status is `done`
/// and it says when (`done_on`).
pub fn plan_item_due(item: &PlanItem, index: usize, tz: FixedOffset) -> Option<Deadline> {
    if in_force(&Some(item.status.clone()), &item.status_kept).as_deref() == Some("dropped") {
        return None;
    }
    let done = item
        .done_on
        .filter(|_| item.status == "done")
        .map(|d| midnight(tz, d));
    let due = in_force(&item.due, &item.due_kept)?;
    let mut d = on_date(Source::PlanItemDue, tz, due, 0, done);
    d.part = Some(part(index, &item.name));
    d.owner = item.owner.clone();
    Some(d)
}

/// A drill's corrective action: due on `due`, done on `done_on`.
pub fn action_due(a: &Action, index: usize, tz: FixedOffset) -> Option<Deadline> {
    let mut d = on_date(
        Source::ActionDue,
        tz,
        a.due?,
        0,
        a.done_on.map(|d| midnight(tz, d)),
    );
    d.part = Some(part(index, &a.name));
    d.owner = a.owner.clone();
    Some(d)
}

/// The time limits of the stages a record has left: each met when the next stage was entered
/// (an appraisal's review within its 14 days, a drill's preparation within 30). A stage left
/// without a known `at` of the next one reads as not done.
pub fn past_stage_limits(f: &Facts, rules: &Rules, tz: FixedOffset) -> Vec<Deadline> {
    let Some(kind) = rules.kinds.get(f.kind) else {
        return Vec::new();
    };
    let current = kind.stage_index(&f.stage).unwrap_or(usize::MAX);
    let current = if f.is_final(rules) {
        usize::MAX
    } else {
        current
    };
    let mut out = Vec::new();
    for (i, step) in f.timeline.iter().enumerate() {
        // The final stage is never left: it has no limit to meet.
        if step.stage >= current || step.stage + 1 >= kind.stages.len() {
            break;
        }
        let Some(stage) = kind.stages.get(step.stage) else {
            continue;
        };
        let (Some(limit), Some(at)) = (stage.time_limit, step.at) else {
            continue;
        };
        let Some(last) = at.timestamp().checked_add(limit.seconds()) else {
            continue;
        };
        let done = f
            .timeline
            .get(i + 1)
            .and_then(|next| next.at)
            .map(|t| t.timestamp());
        out.push(at_instant(
            Source::StageLimit {
                stage: stage.label.clone(),
                limit,
            },
            last,
            tz,
            done,
        ));
    }
    out
}

/// The current stage's time limit, unless the record is at its final stage.
pub fn stage_limit(f: &Facts, rules: &Rules, tz: FixedOffset) -> Option<Deadline> {
    if f.is_final(rules) {
        return None;
    }
    let kind = rules.kinds.get(f.kind)?;
    let step = f.current(rules)?;
    let stage = kind.stages.get(step.stage)?;
    let limit = stage.time_limit?;
    let last = step.at?.timestamp().checked_add(limit.seconds())?;
    Some(at_instant(
        Source::StageLimit {
            stage: stage.label.clone(),
            limit,
        },
        last,
        tz,
        None,
    ))
}

/// Every deadline of a record.
pub fn of(f: &Facts, rules: &Rules, config: &Config) -> Vec<Deadline> {
    let tz = config.tz;
    let mut out: Vec<Deadline> = past_stage_limits(f, rules, tz);
    out.extend(stage_limit(f, rules, tz));
    match &f.body {
        Body::Incident(i) => out.extend(sla(i, config)),
        Body::Project(p) => out.extend(planned_end(p, config)),
        Body::Appraisal(a) => out.extend(appraisal_due(
            in_force(&a.due_on, &a.due_kept),
            a.result_at,
            tz,
        )),
        Body::Drill(d) => {
            out.extend(drill_scheduled(d, config));
            out.extend(
                d.actions
                    .iter()
                    .enumerate()
                    .filter_map(|(i, x)| action_due(x, i, tz)),
            );
        }
        Body::Security(s) => out.extend(
            s.findings
                .iter()
                .enumerate()
                .filter_map(|(i, x)| finding_due(x, i, tz)),
        ),
        Body::Plan(p) => out.extend(
            p.items
                .iter()
                .enumerate()
                .filter_map(|(i, x)| plan_item_due(x, i, tz)),
        ),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Format, Record};

    fn facts(kind: &str, text: &str) -> (Facts, Rules, Config) {
        let rules = Rules::builtin().unwrap();
        let config = Config::default();
        let mut diags = Vec::new();
        let root = crate::record::parse(
            text,
            Format::Toml,
            "x.toml",
            crate::diag::Check::Fields,
            &mut diags,
        )
        .unwrap();
        let rec = Record {
            path: "x.toml".into(),
            rel: "x.toml".into(),
            kind: rules.kinds.iter().position(|k| k.key == kind).unwrap(),
            format: Format::Toml,
            root,
        };
        let f = super::super::extract(&rules, &config, &rec);
        (f, rules, config)
    }

    #[test]
    fn a_stage_left_is_held_to_its_limit_until_the_next_is_entered() {
        // A drill prepared on 2026-03-01 (30d: until 2026-03-31 00:00), executed on
        // 2026-04-02: left 2 days late. No other stage of a drill has a limit.
        let (f, rules, config) = facts(
            "drill",
            "id = \"DRL-1\"\nstage = \"closed\"\n\
             [planned]\nat = 2026-02-01T00:00:00+08:00\n\
             [prepared]\nat = 2026-03-01T00:00:00+08:00\n\
             [executed]\nat = 2026-04-02T00:00:00+08:00\n\
             [reviewed]\nat = 2026-04-05T00:00:00+08:00\n\
             [closed]\nat = 2026-04-06T00:00:00+08:00\n",
        );
        let all = past_stage_limits(&f, &rules, config.tz);
        assert_eq!(all.len(), 1, "{all:?}");
        let d = &all[0];
        let tz = config.tz;
        let at = |s: &str| {
            crate::time::parse_datetime(s, tz, false)
                .unwrap()
                .timestamp()
        };
        assert_eq!(d.deadline(tz).timestamp(), at("2026-03-31 00:00"));
        assert_eq!(d.done, Some(at("2026-04-02 00:00")));
        assert_eq!(
            d.standing(at("2026-05-01 00:00")),
            Standing::Late(at("2026-04-02 00:00"))
        );
        // Without the next stage's `at`, the stage left reads as not done.
        let (f, rules, config) = facts(
            "drill",
            "id = \"DRL-1\"\nstage = \"reviewed\"\n\
             [prepared]\nat = 2026-03-01T00:00:00+08:00\n\
             [executed]\nresult = \"passed\"\n\
             [reviewed]\nat = 2026-04-05T00:00:00+08:00\n",
        );
        let all = past_stage_limits(&f, &rules, config.tz);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].done, None);
        assert_eq!(all[0].standing(at("2026-05-01 00:00")), Standing::Missed);
    }

    #[test]
    fn a_corrective_action_carries_its_name_and_owner() {
        let (f, rules, config) = facts(
            "drill",
            "id = \"DRL-1\"\nstage = \"reviewed\"\nowner = \"a\"\n\
             [reviewed]\nat = 2026-04-05T00:00:00+08:00\nactions = [\n\
             { action = \"x\", owner = \"b\", due = 2026-05-31, done_on = 2026-05-20 },\n\
             { action = \"y\", owner = \"c\", due = 2026-06-30 },\n]\n",
        );
        let items: Vec<_> = of(&f, &rules, &config)
            .into_iter()
            .filter(|d| d.source == Source::ActionDue)
            .collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].part.as_deref(), Some("#1 x"));
        assert_eq!(items[0].owner.as_deref(), Some("b"));
        assert_eq!(items[1].part.as_deref(), Some("#2 y"));
        assert_eq!(items[1].owner.as_deref(), Some("c"));
        assert_eq!(items[1].done, None);
        assert_eq!(items[1].key(), "action_due");
        assert_eq!(items[1].kpi(), None);
    }
}
