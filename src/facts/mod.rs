//! Typed facts of a record: what the KPIs, the deadline model, `list` and `show` compute with,
//! taken once from the value tree while the record streams through the loader, after which the
//! tree is dropped. Dates and date-times are parsed here, once: instants are Unix seconds,
//! date-only values are the start of their day in the org time zone, money is `Exact`.
//!
//! The value tree serves checks, edits and export; code that computes reads these facts.

pub mod commitment;
pub mod deadline;
pub mod exact;

#[cfg(test)]
mod entry_walk;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use crate::config::Config;
use crate::record::value::{Node, Table};
use crate::record::{FieldPath, Record};
use crate::rules::{Field, Rules, Type};
use crate::time::{Period, parse_date, parse_datetime, parse_duration};
use commitment::Kept;
pub use exact::Exact;

/// What every record has: who it is, where it stands, and its kind's own facts.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    pub id: String,
    /// The file, relative to the root.
    pub rel: String,
    /// Index into `Rules::kinds`.
    pub kind: usize,
    pub title: String,
    pub owner: Option<String>,
    /// The `stage` field as written.
    pub stage: String,
    /// The stages entered, in the order of the rules.
    pub timeline: Vec<Step>,
    pub body: Body,
    /// The fields whose value `check` rejects (a date-only value where a date-time is required,
    /// a number out of range, a value not in the enum …), as `stage.field` or `field`. Their
    /// facts read as absent; the KPIs that read them count the record as not met.
    pub rejected: Vec<String>,
    /// The earliest stage `at` of the record: where the records begin, when `[org] since` is
    /// not set.
    pub first_at: Option<i64>,
}

/// One stage the record has entered.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Index into the kind's stages.
    pub stage: usize,
    pub at: Option<DateTime<FixedOffset>>,
    pub by: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Incident(Box<Incident>),
    Project(Box<Project>),
    Drill(Box<Drill>),
    Appraisal(Box<Appraisal>),
    Plan(Box<Plan>),
    Data(Box<Data>),
    Security(Box<Security>),
    Survey(Box<Survey>),
    Backup(Box<Backup>),
    /// A kind of the repository's own rules: no KPI reads it.
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impact {
    Full,
    Partial,
    None,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    pub system: Option<String>,
    pub severity: Option<String>,
    pub category: Option<String>,
    pub security_level: Option<String>,
    /// `report.occurred_at`.
    pub occurred: Option<i64>,
    /// `handling.restored_at`.
    pub restored: Option<i64>,
    pub outage_start: Option<i64>,
    pub outage_end: Option<i64>,
    pub impact: Impact,
    pub planned: bool,
    /// `alert.at` and `report.at`: stand-ins for a missing `occurred_at`.
    pub alert_at: Option<i64>,
    pub report_at: Option<i64>,
    /// The severity in force, where it is not the one written (`facts::commitment`).
    pub severity_kept: Option<Kept<String>>,
}

impl Incident {
    /// When the incident occurred: `occurred_at`, else the earliest known instant of it —
    /// `alert.at`, `outage_start`, `report.at` — with the name of the field standing in.
    pub fn occurred_or_stand_in(&self) -> Option<(i64, Option<&'static str>)> {
        if let Some(t) = self.occurred {
            return Some((t, None));
        }
        [
            (self.alert_at, "alert.at"),
            (self.outage_start, "outage_start"),
            (self.report_at, "report.at"),
        ]
        .into_iter()
        .filter_map(|(t, name)| Some((t?, Some(name))))
        .min_by_key(|x| x.0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub department: Option<String>,
    pub planned_end: Option<NaiveDate>,
    pub accepted_on: Option<NaiveDate>,
    pub failed_acceptances: usize,
    pub budget: Option<Exact>,
    pub actual_cost: Option<Exact>,
    /// The planned end and budget in force, where they are not the ones written.
    pub planned_end_kept: Option<Kept<NaiveDate>>,
    pub budget_kept: Option<Kept<Exact>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Drill {
    /// `type`: tabletop, simulation, full, restore.
    pub drill_type: Option<String>,
    pub systems: Vec<String>,
    pub scheduled_on: Option<NaiveDate>,
    /// `executed.started_at`.
    pub started: Option<i64>,
    pub recovered: Option<i64>,
    pub result: Option<String>,
    /// Seconds of data lost.
    pub data_loss: Option<i64>,
    /// The drill's own objectives, in seconds.
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
    /// `executed.at`: stands in for a missing `started_at`.
    pub executed_at: Option<i64>,
    /// `reviewed.actions`: the corrective actions.
    pub actions: Vec<Action>,
    /// The scheduled date in force, where it is not the one written.
    pub scheduled_kept: Option<Kept<NaiveDate>>,
}

/// A drill's corrective action (`reviewed.actions[]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub name: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
}

impl Drill {
    /// When the drill started: `started_at`, else `executed.at` (named as the stand-in).
    pub fn started_or_stand_in(&self) -> Option<(i64, Option<&'static str>)> {
        match (self.started, self.executed_at) {
            (Some(t), _) => Some((t, None)),
            (None, Some(t)) => Some((t, Some("executed.at"))),
            (None, None) => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Appraisal {
    pub employee: Option<String>,
    pub due_on: Option<NaiveDate>,
    /// When `result` was entered.
    pub result_at: Option<i64>,
    /// `review.scores[].score`.
    pub scores: Vec<f64>,
    /// The due date in force, where it is not the one written.
    pub due_kept: Option<Kept<NaiveDate>>,
    /// `review.scores[]` with their goal's text and the line of the score (the scorecard's
    /// manual items).
    pub goal_scores: Vec<GoalScore>,
    /// `appraiser`: who scored (the scorecard takes no score a subject gave themself).
    pub appraiser: Option<String>,
    /// `cycle`: the period appraised (coverage).
    pub cycle: Option<Period>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoalScore {
    pub goal: String,
    pub score: f64,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Approved for execution: `execution` (or a later stage) entered.
    pub approved: bool,
    /// `drafting` (or a later stage) entered: the plan has, or should have, its items.
    pub drafted: bool,
    pub items: Vec<PlanItem>,
    /// `year`: the year planned (coverage: one approved plan a year).
    pub year: Option<i64>,
    /// When it was approved: the `at` of `execution`, else of `review` (absent: not approved,
    /// or approved at an unwritten time).
    pub approved_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanItem {
    pub name: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: String,
    pub done_on: Option<NaiveDate>,
    /// The due date and status in force, where they are not the ones written.
    pub due_kept: Option<Kept<NaiveDate>>,
    pub status_kept: Option<Kept<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Data {
    /// When cleansing completed: the `at` of the first later stage entered.
    pub cleansing_done: Option<i64>,
    pub records_in: f64,
    pub rejected: f64,
    pub duplicates: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Security {
    /// `inspection` (or a later stage) entered.
    pub inspected: bool,
    /// `inspection.findings` is written (an explicit `[]` says the inspection found nothing).
    pub findings_recorded: bool,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub name: String,
    pub level: Option<String>,
    pub due: Option<NaiveDate>,
    pub fixed_on: Option<NaiveDate>,
    /// The due date in force, where it is not the one written.
    pub due_kept: Option<Kept<NaiveDate>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Survey {
    pub audience: Option<String>,
    pub department: Option<String>,
    /// `conducted.at`.
    pub conducted: Option<i64>,
    pub scale: i64,
    /// (score, count).
    pub responses: Vec<(i64, i64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    pub system: Option<String>,
    pub period: Option<Period>,
    pub jobs: f64,
    pub succeeded: f64,
    pub restore_tests: f64,
    pub restores_succeeded: f64,
}

/// The start of a local day, as Unix seconds.
pub fn midnight(tz: FixedOffset, d: NaiveDate) -> i64 {
    tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .map_or(0, |t| t.timestamp())
}

/// Reads a record's fields by name; every parse of a date or number happens here, by the
/// field's rules type: a value the field's check rejects reads as absent and is noted in
/// `rejected`, never read as something else (a date-only value where a date-time is required
/// is not midnight).
struct Reader<'a> {
    root: &'a Table,
    tz: FixedOffset,
    rules: &'a Rules,
    kind: Option<&'a crate::rules::Kind>,
    rejected: std::cell::RefCell<Vec<String>>,
}

impl<'a> Reader<'a> {
    fn node(&self, stage: Option<&str>, field: &str) -> Option<&'a Node> {
        self.root.lookup(&FieldPath::new(stage, field))
    }

    /// The rules of a field: the kind's, the stage's, or the common ones.
    fn rule(&self, stage: Option<&str>, field: &str) -> Option<&'a Field> {
        match stage {
            Some(key) => {
                let st = self.kind?.stages.iter().find(|s| s.key == key)?;
                self.rules.stage_fields(st).find(|f| f.name == field)
            }
            None => self
                .kind
                .and_then(|k| k.field(field))
                .or_else(|| self.rules.common.iter().find(|f| f.name == field)),
        }
    }

    fn reject(&self, stage: Option<&str>, field: &str) {
        let name = stage.map_or_else(|| field.to_string(), |s| format!("{s}.{field}"));
        let mut list = self.rejected.borrow_mut();
        if !list.contains(&name) {
            list.push(name);
        }
    }

    /// `v` if present and accepted by `ok`; a present value `ok` refuses is noted as rejected.
    fn accept<T>(
        &self,
        stage: Option<&str>,
        field: &str,
        v: Option<T>,
        present: bool,
    ) -> Option<T> {
        if present && v.is_none() {
            self.reject(stage, field);
        }
        v
    }

    fn text(&self, stage: Option<&str>, field: &str) -> Option<String> {
        self.node(stage, field).and_then(Node::scalar_text)
    }

    /// An enum's value, or absent (and rejected) when the rules do not list it.
    fn choice(&self, stage: Option<&str>, field: &str) -> Option<String> {
        let node = self.node(stage, field)?;
        let v = node.as_str().map(str::to_string).filter(|v| {
            match self.rule(stage, field).map(|f| &f.ty) {
                Some(Type::Enum(values)) => values.contains(v),
                _ => true,
            }
        });
        self.accept(stage, field, v, true)
    }

    fn instant(&self, stage: Option<&str>, field: &str) -> Option<i64> {
        self.datetime(stage, field).map(|d| d.timestamp())
    }

    fn datetime(&self, stage: Option<&str>, field: &str) -> Option<DateTime<FixedOffset>> {
        let node = self.node(stage, field)?;
        let allow_date = self.rule(stage, field).is_none_or(|f| f.allow_date);
        let v = node
            .as_str()
            .and_then(|s| parse_datetime(s, self.tz, allow_date));
        self.accept(stage, field, v, true)
    }

    fn date(&self, stage: Option<&str>, field: &str) -> Option<NaiveDate> {
        let node = self.node(stage, field)?;
        let v = node.as_str().and_then(parse_date);
        self.accept(stage, field, v, true)
    }

    /// Whether a number lies within its field's `min`/`max`.
    fn in_range(&self, stage: Option<&str>, field: &str, v: f64) -> bool {
        let Some(f) = self.rule(stage, field) else {
            return true;
        };
        let above = match f.min {
            Some(m) if f.min_exclusive => v > m,
            Some(m) => v >= m,
            None => true,
        };
        above && f.max.is_none_or(|m| v <= m)
    }

    fn number(&self, stage: Option<&str>, field: &str) -> Option<f64> {
        let node = self.node(stage, field)?;
        let v = node
            .as_f64()
            .filter(|&v| v.is_finite() && self.in_range(stage, field, v));
        self.accept(stage, field, v, true)
    }

    fn exact(&self, stage: Option<&str>, field: &str) -> Option<Exact> {
        let node = self.node(stage, field)?;
        let v = match &node.value {
            crate::record::value::Value::Int(i) => Some(Exact::int(*i)),
            crate::record::value::Value::Float(f) => Exact::from_f64(*f),
            _ => None,
        }
        .filter(|x| self.in_range(stage, field, x.to_f64()));
        self.accept(stage, field, v, true)
    }

    fn duration(&self, stage: Option<&str>, field: &str) -> Option<i64> {
        let node = self.node(stage, field)?;
        let v = node.as_str().and_then(parse_duration).map(|d| d.seconds());
        self.accept(stage, field, v, true)
    }

    fn tables(&self, stage: &str, field: &str) -> impl Iterator<Item = &'a Table> {
        self.node(Some(stage), field)
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::as_table)
    }

    fn strings(&self, field: &str) -> Vec<String> {
        self.node(None, field)
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_string)
            .collect()
    }
}

/// The facts of one record.
pub fn extract(rules: &Rules, config: &Config, rec: &Record) -> Facts {
    let kind = rules.kinds.get(rec.kind);
    let r = Reader {
        root: &rec.root,
        tz: config.tz,
        rules,
        kind,
        rejected: std::cell::RefCell::new(Vec::new()),
    };
    let timeline: Vec<Step> = kind.map_or_else(Vec::new, |k| {
        k.stages
            .iter()
            .enumerate()
            .filter(|(_, s)| rec.section(&s.key).is_some())
            .map(|(i, s)| Step {
                stage: i,
                at: r.datetime(Some(&s.key), "at"),
                by: r.text(Some(&s.key), "by"),
            })
            .collect()
    });
    let top: &[Field] = kind.map_or(&[], |k| &k.fields);
    let top_changes = |field: &str| commitment::list_of(top, field);
    let item_fields = |stage: &str, list: &str| -> &[Field] {
        kind.and_then(|k| k.stages.iter().find(|s| s.key == stage))
            .map_or(&[][..], |s| commitment::items_of(&s.fields, list))
    };
    let mut body = match kind.map(|k| k.key.as_str()) {
        Some("incident") => Body::Incident(Box::new(Incident {
            system: r.text(None, "system"),
            severity: r.choice(None, "severity"),
            category: r.choice(None, "category"),
            security_level: r.choice(None, "security_level"),
            occurred: r.instant(Some("report"), "occurred_at"),
            restored: r.instant(Some("handling"), "restored_at"),
            outage_start: r.instant(None, "outage_start"),
            outage_end: r.instant(None, "outage_end"),
            impact: match r.choice(None, "impact").as_deref() {
                Some("partial") => Impact::Partial,
                Some("none") => Impact::None,
                _ => Impact::Full,
            },
            planned: r.node(None, "planned").and_then(Node::as_bool) == Some(true),
            alert_at: step_at(&timeline, kind, "alert"),
            report_at: step_at(&timeline, kind, "report"),
            severity_kept: None,
        })),
        Some("project") => Body::Project(Box::new(Project {
            department: r.text(None, "department"),
            planned_end: r.date(None, "planned_end"),
            accepted_on: r.date(Some("acceptance"), "accepted_on"),
            failed_acceptances: r.tables("acceptance", "failed_acceptances").count(),
            budget: r.exact(None, "budget"),
            actual_cost: r.exact(Some("acceptance"), "actual_cost"),
            planned_end_kept: commitment::date(
                r.date(None, "planned_end"),
                &commitment::changes(&rec.root, top_changes("planned_end"), commitment::read_date),
            ),
            budget_kept: commitment::budget(
                r.exact(None, "budget"),
                &commitment::changes(&rec.root, top_changes("budget"), commitment::read_exact),
                r.date(Some("acceptance"), "accepted_on"),
            ),
        })),
        Some("drill") => Body::Drill(Box::new(Drill {
            drill_type: r.choice(None, "type"),
            systems: r.strings("systems"),
            scheduled_on: r.date(None, "scheduled_on"),
            started: r.instant(Some("executed"), "started_at"),
            recovered: r.instant(Some("executed"), "recovered_at"),
            result: r.choice(Some("executed"), "result"),
            data_loss: r.duration(Some("executed"), "data_loss"),
            rto: r.duration(None, "rto"),
            rpo: r.duration(None, "rpo"),
            executed_at: step_at(&timeline, kind, "executed"),
            actions: r
                .tables("reviewed", "actions")
                .map(|t| Action {
                    name: t.str("action").unwrap_or("").to_string(),
                    owner: t.str("owner").map(str::to_string),
                    due: t.str("due").and_then(parse_date),
                    done_on: t.str("done_on").and_then(parse_date),
                })
                .collect(),
            scheduled_kept: commitment::date(
                r.date(None, "scheduled_on"),
                &commitment::changes(
                    &rec.root,
                    top_changes("scheduled_on"),
                    commitment::read_date,
                ),
            ),
        })),
        Some("appraisal") => Body::Appraisal(Box::new(Appraisal {
            employee: r.text(None, "employee"),
            appraiser: r.text(None, "appraiser"),
            due_on: r.date(None, "due_on"),
            result_at: r.instant(Some("result"), "at"),
            scores: r
                .tables("review", "scores")
                .filter_map(|s| s.get("score")?.as_f64())
                .collect(),
            due_kept: commitment::date(
                r.date(None, "due_on"),
                &commitment::changes(&rec.root, top_changes("due_on"), commitment::read_date),
            ),
            goal_scores: r
                .tables("review", "scores")
                .filter_map(|s| {
                    let score = s.get("score")?;
                    Some(GoalScore {
                        goal: s.str("goal")?.trim().to_string(),
                        score: score.as_f64()?,
                        line: score.span.line,
                    })
                })
                .collect(),
            cycle: r.text(None, "cycle").and_then(|p| Period::parse_cycle(&p)),
        })),
        Some("plan") => Body::Plan(Box::new(Plan {
            approved: rec.section("execution").is_some() || rec.section("review").is_some(),
            drafted: ["drafting", "execution", "review"]
                .iter()
                .any(|s| rec.section(s).is_some()),
            items: r
                .tables("drafting", "items")
                .map(|t| {
                    let items = item_fields("drafting", "items");
                    let due = t.str("due").and_then(parse_date);
                    let due_kept = commitment::date(
                        due,
                        &commitment::changes(
                            t,
                            commitment::list_of(items, "due"),
                            commitment::read_date,
                        ),
                    );
                    let status = t.str("status").map(str::to_string);
                    PlanItem {
                        name: t.str("item").unwrap_or("").to_string(),
                        owner: t.str("owner").map(str::to_string),
                        status_kept: commitment::status(
                            status.clone(),
                            &commitment::changes(
                                t,
                                commitment::list_of(items, "status"),
                                commitment::read_text,
                            ),
                            commitment::value(&due, &due_kept),
                        ),
                        due,
                        due_kept,
                        status: status.unwrap_or_default(),
                        done_on: t.str("done_on").and_then(parse_date),
                    }
                })
                .collect(),
            year: r.node(None, "year").and_then(Node::as_i64),
            approved_at: step_at(&timeline, kind, "execution")
                .or_else(|| step_at(&timeline, kind, "review")),
        })),
        Some("data") => {
            let after = kind
                .and_then(|k| k.stage_index("cleansing"))
                .map_or(usize::MAX, |i| i + 1);
            Body::Data(Box::new(Data {
                cleansing_done: timeline
                    .iter()
                    .filter(|s| s.stage >= after)
                    .find_map(|s| s.at.map(|t| t.timestamp())),
                records_in: r.number(Some("cleansing"), "records_in").unwrap_or(0.0),
                rejected: r
                    .number(Some("cleansing"), "records_rejected")
                    .unwrap_or(0.0),
                duplicates: r
                    .number(Some("cleansing"), "duplicates_removed")
                    .unwrap_or(0.0),
            }))
        }
        Some("security") => Body::Security(Box::new(Security {
            inspected: timeline.iter().any(|s| {
                kind.and_then(|k| k.stage_index("inspection"))
                    .is_some_and(|i| s.stage >= i)
            }),
            findings_recorded: r.node(Some("inspection"), "findings").is_some(),
            findings: r
                .tables("inspection", "findings")
                .map(|t| Finding {
                    name: t.str("finding").unwrap_or("").to_string(),
                    level: t.str("level").map(str::to_string),
                    due: t.str("due").and_then(parse_date),
                    fixed_on: t.str("fixed_on").and_then(parse_date),
                    due_kept: commitment::date(
                        t.str("due").and_then(parse_date),
                        &commitment::changes(
                            t,
                            commitment::list_of(item_fields("inspection", "findings"), "due"),
                            commitment::read_date,
                        ),
                    ),
                })
                .collect(),
        })),
        Some("survey") => Body::Survey(Box::new(Survey {
            audience: r.choice(None, "audience"),
            department: r.text(None, "department"),
            conducted: r.instant(Some("conducted"), "at"),
            scale: r.number(None, "scale").map_or(5, |v| v as i64),
            responses: r
                .node(None, "responses")
                .and_then(Node::as_table)
                .map_or(&[][..], |t| &t.entries)
                .iter()
                .filter_map(|e| Some((e.key.parse::<i64>().ok()?, e.node.as_i64()?)))
                .collect(),
        })),
        Some("backup") => Body::Backup(Box::new(Backup {
            system: r.text(None, "system"),
            period: r.text(None, "period").and_then(|p| {
                let v = Period::parse_cycle(&p);
                r.accept(None, "period", v, true)
            }),
            jobs: r.number(None, "jobs").unwrap_or(0.0),
            succeeded: r.number(None, "succeeded").unwrap_or(0.0),
            restore_tests: r.number(None, "restore_tests").unwrap_or(0.0),
            restores_succeeded: r.number(None, "restores_succeeded").unwrap_or(0.0),
        })),
        _ => Body::Other,
    };
    if let Body::Incident(i) = &mut body {
        i.severity_kept = commitment::severity(
            i.severity.clone(),
            &commitment::changes(&rec.root, top_changes("severity"), commitment::read_text),
            i.occurred_or_stand_in().map(|o| o.0),
            |s| config.sla(s).map(|d| d.seconds()),
            config.tz,
        );
    }
    Facts {
        id: rec.id().unwrap_or_else(|| rec.stem()).to_string(),
        rel: rec.rel.clone(),
        kind: rec.kind,
        title: r.text(None, "title").unwrap_or_default(),
        owner: r.text(None, "owner"),
        stage: r.text(None, "stage").unwrap_or_default(),
        first_at: timeline
            .iter()
            .filter_map(|s| s.at.map(|t| t.timestamp()))
            .chain(spoken_of(&body, config.tz))
            .min(),
        timeline,
        body,
        rejected: r.rejected.into_inner(),
    }
}

/// The instants a record speaks of that can precede its stage `at`s: a backup check's period
/// start (checked after it ended), an incident's occurrence and outage start.
fn spoken_of(body: &Body, tz: FixedOffset) -> Vec<i64> {
    match body {
        Body::Backup(b) => b.period.iter().map(|p| midnight(tz, p.start)).collect(),
        Body::Incident(i) => [i.occurred, i.outage_start].into_iter().flatten().collect(),
        _ => Vec::new(),
    }
}

/// The `at` of a stage the record has entered, as Unix seconds.
fn step_at(timeline: &[Step], kind: Option<&crate::rules::Kind>, key: &str) -> Option<i64> {
    let index = kind?.stage_index(key)?;
    timeline
        .iter()
        .find(|s| s.stage == index)?
        .at
        .map(|t| t.timestamp())
}

impl Facts {
    /// Whether `check` rejects the value of `field` (`stage.field` or `field`).
    pub fn rejects(&self, field: &str) -> bool {
        self.rejected.iter().any(|f| f == field)
    }

    /// The step of the current stage, if the record has entered it.
    pub fn current(&self, rules: &Rules) -> Option<&Step> {
        let index = rules.kinds.get(self.kind)?.stage_index(&self.stage)?;
        self.timeline.iter().find(|s| s.stage == index)
    }

    /// Whether the record is at its kind's final stage.
    pub fn is_final(&self, rules: &Rules) -> bool {
        rules
            .kinds
            .get(self.kind)
            .and_then(|k| k.stages.last())
            .is_some_and(|s| s.key == self.stage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Check;
    use crate::record::Format;

    fn facts_of(kind: &str, text: &str) -> Facts {
        let rules = Rules::builtin().unwrap();
        let config = Config::default();
        let mut diags = Vec::new();
        let root =
            crate::record::parse(text, Format::Toml, "x.toml", Check::Fields, &mut diags).unwrap();
        let rec = Record {
            path: "x.toml".into(),
            rel: "x.toml".into(),
            kind: rules.kinds.iter().position(|k| k.key == kind).unwrap(),
            format: Format::Toml,
            root,
        };
        extract(&rules, &config, &rec)
    }

    #[test]
    fn values_check_rejects_read_as_absent_and_are_noted() {
        // restored_at is a date-time without allow_date: "2026-07-22" is rejected, not
        // 2026-07-22T00:00; severity P9 is not in the enum; the stage `at` allows a date.
        let f = facts_of(
            "incident",
            "id = \"INC-1\"\nstage = \"handling\"\nseverity = \"P9\"\n\
             [report]\nat = 2026-07-21\noccurred_at = 2026-07-21T22:10:00+08:00\n\
             [handling]\nat = 2026-07-22T01:00:00+08:00\nrestored_at = 2026-07-22\n",
        );
        assert_eq!(f.rejected, ["severity", "handling.restored_at"]);
        let Body::Incident(i) = &f.body else {
            panic!("an incident")
        };
        assert_eq!((i.restored, i.severity.as_deref()), (None, None));
        // 2026-07-21T22:10+08:00 is 1784643000 s; report.at 2026-07-21 00:00+08:00 is
        // 1784563200 s, the record's first date.
        assert_eq!(i.occurred, Some(1_784_643_000));
        assert_eq!(f.first_at, Some(1_784_563_200));
        // Out of a field's range: `jobs` is an int ≥ 0 … -3 is rejected.
        let b = facts_of(
            "backup",
            "id = \"BAK-1\"\nstage = \"verified\"\nperiod = \"2026-13\"\njobs = -3\n",
        );
        assert!(b.rejects("period"), "{:?}", b.rejected);
        assert!(b.rejects("jobs"), "{:?}", b.rejected);
    }

    #[test]
    fn the_earliest_known_instant_stands_in_for_a_missing_occurrence() {
        // alert 09:20, outage 09:18, report 09:25: the outage start (09:18) stands in.
        let f = facts_of(
            "incident",
            "id = \"INC-1\"\nstage = \"report\"\noutage_start = 2026-03-03T09:18:00+08:00\n\
             [alert]\nat = 2026-03-03T09:20:00+08:00\n\
             [report]\nat = 2026-03-03T09:25:00+08:00\n",
        );
        let Body::Incident(i) = &f.body else {
            panic!("an incident")
        };
        // 2026-03-03T09:18:00+08:00 = 1772500680 s.
        assert_eq!(
            i.occurred_or_stand_in(),
            Some((1_772_500_680, Some("outage_start")))
        );
    }
}
