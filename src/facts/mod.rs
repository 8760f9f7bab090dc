//! Typed facts of a record: what the KPIs, the deadline model, `list` and `show` compute with,
//! taken once from the value tree while the record streams through the loader, after which the
//! tree is dropped. Dates and date-times are parsed here, once: instants are Unix seconds,
//! date-only values are the start of their day in the org time zone, money is `Exact`.
//!
//! The value tree serves checks, edits and export; code that computes reads these facts.

pub mod deadline;
pub mod exact;

#[cfg(test)]
mod entry_walk;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use crate::config::Config;
use crate::record::value::{Node, Table};
use crate::record::{FieldPath, Record};
use crate::rules::Rules;
use crate::time::{Period, parse_date, parse_datetime, parse_duration};
pub use exact::Exact;

/// What every record has: who it is, where it stands, and its kind's own facts.
#[derive(Clone, Debug)]
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
}

/// One stage the record has entered.
#[derive(Clone, Debug)]
pub struct Step {
    /// Index into the kind's stages.
    pub stage: usize,
    pub at: Option<DateTime<FixedOffset>>,
    pub by: Option<String>,
}

#[derive(Clone, Debug)]
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

#[derive(Clone, Debug)]
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
}

#[derive(Clone, Debug)]
pub struct Project {
    pub department: Option<String>,
    pub planned_end: Option<NaiveDate>,
    pub accepted_on: Option<NaiveDate>,
    pub failed_acceptances: usize,
    pub budget: Option<Exact>,
    pub actual_cost: Option<Exact>,
}

#[derive(Clone, Debug)]
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
}

#[derive(Clone, Debug)]
pub struct Appraisal {
    pub employee: Option<String>,
    pub due_on: Option<NaiveDate>,
    /// When `result` was entered.
    pub result_at: Option<i64>,
    /// `review.scores[].score`.
    pub scores: Vec<f64>,
}

#[derive(Clone, Debug)]
pub struct Plan {
    /// Approved for execution: `execution` (or a later stage) entered.
    pub approved: bool,
    pub items: Vec<PlanItem>,
}

#[derive(Clone, Debug)]
pub struct PlanItem {
    pub name: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: String,
    pub done_on: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct Data {
    /// When cleansing completed: the `at` of the first later stage entered.
    pub cleansing_done: Option<i64>,
    pub records_in: f64,
    pub rejected: f64,
    pub duplicates: f64,
}

#[derive(Clone, Debug)]
pub struct Security {
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub name: String,
    pub level: Option<String>,
    pub due: Option<NaiveDate>,
    pub fixed_on: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct Survey {
    pub audience: Option<String>,
    pub department: Option<String>,
    /// `conducted.at`.
    pub conducted: Option<i64>,
    pub scale: i64,
    /// (score, count).
    pub responses: Vec<(i64, i64)>,
}

#[derive(Clone, Debug)]
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

/// Reads a record's fields by name; every parse of a date or number happens here.
struct Reader<'a> {
    root: &'a Table,
    tz: FixedOffset,
}

impl<'a> Reader<'a> {
    fn node(&self, stage: Option<&str>, field: &str) -> Option<&'a Node> {
        self.root.lookup(&FieldPath::new(stage, field))
    }

    fn text(&self, stage: Option<&str>, field: &str) -> Option<String> {
        self.node(stage, field).and_then(Node::scalar_text)
    }

    fn instant(&self, stage: Option<&str>, field: &str) -> Option<i64> {
        self.datetime(stage, field).map(|d| d.timestamp())
    }

    fn datetime(&self, stage: Option<&str>, field: &str) -> Option<DateTime<FixedOffset>> {
        self.node(stage, field)
            .and_then(Node::as_str)
            .and_then(|s| parse_datetime(s, self.tz, true))
    }

    fn date(&self, stage: Option<&str>, field: &str) -> Option<NaiveDate> {
        self.node(stage, field)
            .and_then(Node::as_str)
            .and_then(parse_date)
    }

    fn number(&self, stage: Option<&str>, field: &str) -> Option<f64> {
        self.node(stage, field).and_then(Node::as_f64)
    }

    fn exact(&self, stage: Option<&str>, field: &str) -> Option<Exact> {
        match &self.node(stage, field)?.value {
            crate::record::value::Value::Int(i) => Some(Exact::int(*i)),
            crate::record::value::Value::Float(f) => Exact::from_f64(*f),
            _ => None,
        }
    }

    fn duration(&self, field: &str) -> Option<i64> {
        self.text(None, field)
            .and_then(|s| parse_duration(&s))
            .map(|d| d.seconds())
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
    let r = Reader {
        root: &rec.root,
        tz: config.tz,
    };
    let kind = rules.kinds.get(rec.kind);
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
    let body = match kind.map(|k| k.key.as_str()) {
        Some("incident") => Body::Incident(Box::new(Incident {
            system: r.text(None, "system"),
            severity: r.text(None, "severity"),
            category: r.text(None, "category"),
            security_level: r.text(None, "security_level"),
            occurred: r.instant(Some("report"), "occurred_at"),
            restored: r.instant(Some("handling"), "restored_at"),
            outage_start: r.instant(None, "outage_start"),
            outage_end: r.instant(None, "outage_end"),
            impact: match r.text(None, "impact").as_deref() {
                Some("partial") => Impact::Partial,
                Some("none") => Impact::None,
                _ => Impact::Full,
            },
            planned: r.node(None, "planned").and_then(Node::as_bool) == Some(true),
        })),
        Some("project") => Body::Project(Box::new(Project {
            department: r.text(None, "department"),
            planned_end: r.date(None, "planned_end"),
            accepted_on: r.date(Some("acceptance"), "accepted_on"),
            failed_acceptances: r.tables("acceptance", "failed_acceptances").count(),
            budget: r.exact(None, "budget"),
            actual_cost: r.exact(Some("acceptance"), "actual_cost"),
        })),
        Some("drill") => Body::Drill(Box::new(Drill {
            drill_type: r.text(None, "type"),
            systems: r.strings("systems"),
            scheduled_on: r.date(None, "scheduled_on"),
            started: r.instant(Some("executed"), "started_at"),
            recovered: r.instant(Some("executed"), "recovered_at"),
            result: r.text(Some("executed"), "result"),
            data_loss: r
                .text(Some("executed"), "data_loss")
                .and_then(|s| parse_duration(&s))
                .map(|d| d.seconds()),
            rto: r.duration("rto"),
            rpo: r.duration("rpo"),
        })),
        Some("appraisal") => Body::Appraisal(Box::new(Appraisal {
            employee: r.text(None, "employee"),
            due_on: r.date(None, "due_on"),
            result_at: r.instant(Some("result"), "at"),
            scores: r
                .tables("review", "scores")
                .filter_map(|s| s.get("score")?.as_f64())
                .collect(),
        })),
        Some("plan") => Body::Plan(Box::new(Plan {
            approved: rec.section("execution").is_some() || rec.section("review").is_some(),
            items: r
                .tables("drafting", "items")
                .map(|t| PlanItem {
                    name: t.str("item").unwrap_or("").to_string(),
                    owner: t.str("owner").map(str::to_string),
                    due: t.str("due").and_then(parse_date),
                    status: t.str("status").unwrap_or("").to_string(),
                    done_on: t.str("done_on").and_then(parse_date),
                })
                .collect(),
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
            findings: r
                .tables("inspection", "findings")
                .map(|t| Finding {
                    name: t.str("finding").unwrap_or("").to_string(),
                    level: t.str("level").map(str::to_string),
                    due: t.str("due").and_then(parse_date),
                    fixed_on: t.str("fixed_on").and_then(parse_date),
                })
                .collect(),
        })),
        Some("survey") => Body::Survey(Box::new(Survey {
            audience: r.text(None, "audience"),
            department: r.text(None, "department"),
            conducted: r.instant(Some("conducted"), "at"),
            scale: r.node(None, "scale").and_then(Node::as_i64).unwrap_or(5),
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
            period: r.text(None, "period").and_then(|p| Period::parse_cycle(&p)),
            jobs: r.number(None, "jobs").unwrap_or(0.0),
            succeeded: r.number(None, "succeeded").unwrap_or(0.0),
            restore_tests: r.number(None, "restore_tests").unwrap_or(0.0),
            restores_succeeded: r.number(None, "restores_succeeded").unwrap_or(0.0),
        })),
        _ => Body::Other,
    };
    Facts {
        id: rec.id().unwrap_or_else(|| rec.stem()).to_string(),
        rel: rec.rel.clone(),
        kind: rec.kind,
        title: r.text(None, "title").unwrap_or_default(),
        owner: r.text(None, "owner"),
        stage: r.text(None, "stage").unwrap_or_default(),
        timeline,
        body,
    }
}

impl Facts {
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
