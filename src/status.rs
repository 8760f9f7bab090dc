//! Where a record stands, for `list` and `show`: its stage timeline, how long it has been in
//! its stage, and what is overdue — a stage past its time limit in the rules, an incident not
//! restored past its SLA.

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::record::Record;
use crate::record::value::Node;
use crate::rules::{Kind, Label};
use crate::time::{Duration, parse_datetime};

/// One stage the record has entered.
#[derive(Clone, Debug)]
pub struct Step {
    pub key: String,
    pub label: Label,
    pub at: Option<DateTime<FixedOffset>>,
    pub by: Option<String>,
    /// Until the next stage was entered, or until now for the current one.
    pub duration: Option<Duration>,
}

#[derive(Clone, Debug)]
pub struct Overdue {
    pub what: Label,
    pub deadline: DateTime<FixedOffset>,
}

pub struct Status {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub stage: String,
    pub stage_label: Label,
    pub owner: String,
    pub final_stage: bool,
    pub entered: Option<DateTime<FixedOffset>>,
    pub age: Option<Duration>,
    pub timeline: Vec<Step>,
    pub overdue: Vec<Overdue>,
}

fn at_of(rec: &Record, stage: &str, tz: FixedOffset) -> Option<DateTime<FixedOffset>> {
    rec.stage_field(stage, "at")
        .and_then(Node::as_str)
        .and_then(|s| parse_datetime(s, tz, true))
}

/// Whole minutes from `a` to `b`: ages read as `3d 4h 5m`, not to the second.
fn since(a: DateTime<FixedOffset>, b: DateTime<FixedOffset>) -> Duration {
    Duration((b - a).num_seconds().max(0) / 60 * 60)
}

pub fn status(kind: &Kind, rec: &Record, config: &Config, now: DateTime<FixedOffset>) -> Status {
    let tz = config.tz;
    let entered: Vec<&crate::rules::Stage> = kind
        .stages
        .iter()
        .filter(|s| rec.section(&s.key).is_some())
        .collect();
    let mut timeline: Vec<Step> = entered
        .iter()
        .map(|s| Step {
            key: s.key.clone(),
            label: s.label.clone(),
            at: at_of(rec, &s.key, tz),
            by: rec
                .stage_field(&s.key, "by")
                .and_then(Node::as_str)
                .map(str::to_string),
            duration: None,
        })
        .collect();
    let stage = rec
        .get("stage")
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_string();
    let final_stage = kind.stages.last().is_some_and(|s| s.key == stage);
    for i in 0..timeline.len() {
        let end = match timeline.get(i + 1) {
            Some(next) => next.at,
            None if final_stage => None,
            None => Some(now),
        };
        if let (Some(a), Some(b)) = (timeline[i].at, end) {
            timeline[i].duration = Some(since(a, b));
        }
    }
    let current = kind.stages.iter().find(|s| s.key == stage);
    let entered_at = at_of(rec, &stage, tz);
    let mut overdue = Vec::new();
    if let (Some(s), Some(at)) = (current, entered_at)
        && let Some(limit) = s.time_limit.filter(|_| !final_stage)
    {
        let deadline = at + chrono::Duration::seconds(limit.seconds());
        if deadline < now {
            overdue.push(Overdue {
                what: Label {
                    zh: format!("{}阶段超过时限 {limit}", s.label.zh),
                    en: format!("{} past its time limit of {limit}", s.label.en),
                },
                deadline,
            });
        }
    }
    if kind.key == "incident" && rec.stage_field("handling", "restored_at").is_none() {
        let severity = rec.get("severity").and_then(Node::as_str).unwrap_or("");
        let occurred = rec
            .stage_field("report", "occurred_at")
            .and_then(Node::as_str)
            .and_then(|s| parse_datetime(s, tz, true));
        if let (Some(sla), Some(occurred)) = (config.sla(severity), occurred) {
            let deadline = occurred + chrono::Duration::seconds(sla.seconds());
            if deadline < now {
                overdue.push(Overdue {
                    what: Label {
                        zh: format!("未恢复,超过 {severity} 修复时限 {sla}"),
                        en: format!("not restored past the {severity} limit of {sla}"),
                    },
                    deadline,
                });
            }
        }
    }
    Status {
        id: rec.id().unwrap_or_else(|| rec.stem()).to_string(),
        kind: kind.key.clone(),
        title: rec
            .get("title")
            .and_then(Node::as_str)
            .unwrap_or("")
            .to_string(),
        stage_label: current.map(|s| s.label.clone()).unwrap_or_else(|| Label {
            zh: stage.clone(),
            en: stage.clone(),
        }),
        stage,
        owner: rec
            .get("owner")
            .and_then(Node::as_str)
            .unwrap_or("")
            .to_string(),
        final_stage,
        age: entered_at.filter(|_| !final_stage).map(|a| since(a, now)),
        entered: entered_at,
        timeline,
        overdue,
    }
}

/// A field of a record by path (`field` or `stage.field`), as text, for `--where`.
pub fn field_text(rec: &Record, path: &str) -> Vec<String> {
    let node = match path.split_once('.') {
        Some((stage, field)) => rec.stage_field(stage, field),
        None => rec.get(path),
    };
    match node {
        Some(n) => match n.as_array() {
            Some(items) => items.iter().filter_map(Node::scalar_text).collect(),
            None => n.scalar_text().into_iter().collect(),
        },
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str) -> Record {
        let mut diags = Vec::new();
        let root = crate::record::parse(
            text,
            crate::record::Format::Toml,
            "x.toml",
            crate::diag::Check::Syntax,
            &mut diags,
        )
        .unwrap();
        Record {
            path: "INC-1.toml".into(),
            rel: "INC-1.toml".into(),
            kind: 0,
            format: crate::record::Format::Toml,
            root,
        }
    }

    #[test]
    fn an_incident_not_restored_past_its_sla_is_overdue() {
        let rules = crate::rules::Rules::builtin().unwrap();
        let kind = rules.kind("incident").unwrap();
        let mut config = Config::default();
        config.sla_resolve.push(("P2".into(), Duration(8 * 3600)));
        let rec = record(
            "id = \"INC-1\"\ntitle = \"t\"\nstage = \"diagnosis\"\nowner = \"a\"\nseverity = \"P2\"\n[report]\nat = 2026-03-01T09:00:00+08:00\noccurred_at = 2026-03-01T09:00:00+08:00\n[diagnosis]\nat = 2026-03-01T10:00:00+08:00\n",
        );
        let tz = config.tz;
        let at = |s: &str| parse_datetime(s, tz, false).unwrap();
        let s = status(kind, &rec, &config, at("2026-03-01 16:00"));
        assert!(s.overdue.is_empty(), "17:00 is the deadline");
        assert_eq!(s.age, Some(Duration(6 * 3600)));
        assert_eq!(s.timeline[0].duration, Some(Duration(3600)));
        let s = status(kind, &rec, &config, at("2026-03-01 17:30"));
        assert_eq!(s.overdue.len(), 1);
        assert_eq!(s.overdue[0].deadline, at("2026-03-01 17:00"));
    }
}
