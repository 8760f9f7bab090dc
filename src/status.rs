//! Where a record stands, for `list` and `show`: its stage timeline, how long it has been in
//! its stage, its deadlines and what is overdue — all from the record's facts and the one
//! deadline model (`facts::deadline`), so `list --overdue` and the KPIs' missed deadlines agree.
//! `detail` reads one record and says where it stands, for `show`.

use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::Error;
use crate::config::Config;
use crate::facts::Facts;
use crate::facts::deadline::{self, Deadline, Standing};
use crate::record::value::Node;
use crate::record::{FieldPath, Record};
use crate::repo::Repo;
use crate::rules::{Kind, Label, Rules, Stage};
use crate::time::Duration;

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

/// A deadline not met by now whose limit has passed.
#[derive(Clone, Debug)]
pub struct Overdue {
    /// What the deadline is about (`output::catalog::deadline` words it).
    pub source: crate::facts::deadline::Source,
    /// The instant by which it had to be done.
    pub deadline: DateTime<FixedOffset>,
    /// The deadline as written: a date, or a date-time.
    pub due: crate::facts::deadline::Due,
    /// `stage_limit`, `sla`, `planned_end`, `due_on`, `scheduled_on`, `finding_due`,
    /// `plan_item_due`, `action_due`.
    pub key: &'static str,
    /// The KPI that counts it as missed, if one does.
    pub kpi: Option<&'static str>,
    /// The part of the record (`#2 name`), for findings, plan items and corrective actions.
    pub part: Option<String>,
    /// Who answers for it: the part's owner where it names one, else the record's.
    pub owner: String,
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
    /// Every deadline of the record, with where it stands now.
    pub deadlines: Vec<(Deadline, Standing)>,
    pub overdue: Vec<Overdue>,
}

/// Whole minutes from `a` to `b`: ages read as `3d 4h 5m`, not to the second.
fn since(a: DateTime<FixedOffset>, b: DateTime<FixedOffset>) -> Duration {
    Duration((b - a).num_seconds().max(0) / 60 * 60)
}

pub fn status(rules: &Rules, f: &Facts, config: &Config, now: DateTime<FixedOffset>) -> Status {
    let kind = rules.kinds.get(f.kind);
    let label_of = |i: usize| {
        kind.and_then(|k| k.stages.get(i)).map_or_else(
            || (String::new(), Label::default()),
            |s| (s.key.clone(), s.label.clone()),
        )
    };
    let mut timeline: Vec<Step> = f
        .timeline
        .iter()
        .map(|s| {
            let (key, label) = label_of(s.stage);
            Step {
                key,
                label,
                at: s.at,
                by: s.by.clone(),
                duration: None,
            }
        })
        .collect();
    let final_stage = f.is_final(rules);
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
    let current = kind.and_then(|k| k.stages.iter().find(|s| s.key == f.stage));
    let entered_at = f.current(rules).and_then(|s| s.at);
    let as_of = now.timestamp();
    let deadlines: Vec<(Deadline, Standing)> = deadline::of(f, rules, config)
        .into_iter()
        .map(|d| {
            let standing = d.standing(as_of);
            (d, standing)
        })
        .collect();
    let overdue = deadlines
        .iter()
        .filter(|(_, s)| *s == Standing::Missed)
        .map(|(d, _)| Overdue {
            source: d.source.clone(),
            deadline: d.deadline(config.tz),
            due: d.due,
            key: d.key(),
            kpi: d.kpi(),
            part: d.part.clone(),
            owner: d
                .owner
                .clone()
                .or_else(|| f.owner.clone())
                .unwrap_or_default(),
        })
        .collect();
    Status {
        id: f.id.clone(),
        kind: kind.map(|k| k.key.clone()).unwrap_or_default(),
        title: f.title.clone(),
        stage_label: current.map(|s| s.label.clone()).unwrap_or_else(|| Label {
            zh: f.stage.clone(),
            en: f.stage.clone(),
        }),
        stage: f.stage.clone(),
        owner: f.owner.clone().unwrap_or_default(),
        final_stage,
        age: entered_at.filter(|_| !final_stage).map(|a| since(a, now)),
        entered: entered_at,
        timeline,
        deadlines,
        overdue,
    }
}

/// A field of a record by path (`field` or `stage.field`), as text, for `--where`.
pub fn field_text(rec: &Record, path: &str) -> Vec<String> {
    match rec.lookup(&FieldPath::parse(path)) {
        Some(n) => match n.as_array() {
            Some(items) => items.iter().filter_map(Node::scalar_text).collect(),
            None => n.scalar_text().into_iter().collect(),
        },
        None => Vec::new(),
    }
}

/// One record as `show` gives it: the record, its kind, where it stands, and the stage after
/// its current one.
pub struct Detail<'r> {
    pub kind: &'r Kind,
    pub record: Record,
    pub status: Status,
    /// The stage after the current one; none at the final stage.
    pub next: Option<&'r Stage>,
}

/// The record `id`, found at `path` among the records of the kind `kind`, read and where it
/// stands at `now`.
pub fn detail<'r>(
    repo: &'r Repo,
    path: &Path,
    kind: usize,
    id: &str,
    now: DateTime<FixedOffset>,
) -> Result<Detail<'r>, Error> {
    // A file that cannot be read is an I/O error (exit 2); one that reads but does not parse is
    // invalid data (exit 1).
    let (rec, _) = repo.read_file(path, kind).map_err(|e| e.into_error(path))?;
    let record = rec.ok_or_else(|| Error::Unparsed(id.to_string()))?;
    let kind = &repo.rules.kinds[kind];
    let facts = crate::facts::extract(&repo.rules, &repo.config, &record);
    let status = status(&repo.rules, &facts, &repo.config, now);
    let next = kind
        .stage_index(&status.stage)
        .and_then(|i| kind.stages.get(i + 1));
    Ok(Detail {
        kind,
        record,
        status,
        next,
    })
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
        let mut config = Config::default();
        config.sla_resolve.push(("P2".into(), Duration(8 * 3600)));
        let rec = record(
            "id = \"INC-1\"\ntitle = \"t\"\nstage = \"diagnosis\"\nowner = \"a\"\nseverity = \"P2\"\n[report]\nat = 2026-03-01T09:00:00+08:00\noccurred_at = 2026-03-01T09:00:00+08:00\n[diagnosis]\nat = 2026-03-01T10:00:00+08:00\n",
        );
        let tz = config.tz;
        let at = |s: &str| crate::time::parse_datetime(s, tz, false).unwrap();
        let facts = crate::facts::extract(&rules, &config, &rec);
        let s = status(&rules, &facts, &config, at("2026-03-01 16:00"));
        assert!(s.overdue.is_empty(), "17:00 is the deadline");
        // At 17:00 exactly a restoration at 17:00 would still be in time: not yet overdue.
        assert!(
            status(&rules, &facts, &config, at("2026-03-01 17:00"))
                .overdue
                .is_empty()
        );
        let just_after = at("2026-03-01 17:00") + chrono::Duration::seconds(1);
        assert_eq!(status(&rules, &facts, &config, just_after).overdue.len(), 1);
        assert_eq!(s.age, Some(Duration(6 * 3600)));
        assert_eq!(s.timeline[0].duration, Some(Duration(3600)));
        let s = status(&rules, &facts, &config, at("2026-03-01 17:30"));
        assert_eq!(s.overdue.len(), 1);
        assert_eq!(s.overdue[0].deadline, at("2026-03-01 17:00"));
    }
}
