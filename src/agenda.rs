//! `itc agenda`: what needs attention, read from the one deadline model through `status` (the
//! same standings as `list --overdue`): every deadline passed and not met (overdue, with by how
//! much), and every deadline not yet due whose instant falls before the window's end (with how
//! long is left), grouped by who answers for it. Typed data only; `output::agenda` words it.

use chrono::{DateTime, Datelike, Duration as ChronoDuration, FixedOffset};

use crate::facts::deadline::{Due, Source, Standing};
use crate::facts::midnight;
use crate::repo::Repo;
use crate::status;
use crate::time::{Duration, today};

/// How far ahead the agenda looks: a duration (`7d`), or to the end of the current week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    For(Duration),
    /// Until the end of the current Monday–Sunday week, in the org's time zone.
    ThisWeek,
}

impl Window {
    /// `7d`, `36h` or `this-week` (the command line also takes its Chinese word, from the
    /// catalog); none for anything else (or a zero span).
    pub fn parse(text: &str) -> Option<Window> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("this-week") {
            return Some(Window::ThisWeek);
        }
        crate::time::parse_duration(t)
            .filter(|d| d.seconds() > 0)
            .map(Window::For)
    }

    /// The end of the window seen from `now` (exclusive): `now` + the span, or the Monday after
    /// the week of `now`'s day, at midnight.
    pub fn until(self, now: DateTime<FixedOffset>) -> i64 {
        match self {
            Window::For(d) => now.timestamp().saturating_add(d.seconds()),
            Window::ThisWeek => {
                let day = today(now);
                let left = 7 - i64::from(day.weekday().num_days_from_monday());
                let monday = day
                    .checked_add_signed(ChronoDuration::days(left))
                    .unwrap_or(day);
                midnight(now.timezone(), monday)
            }
        }
    }
}

/// One deadline on the agenda.
#[derive(Clone, Debug)]
pub struct Item {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub source: Source,
    /// The deadline's stable key (`sla`, `planned_end`, …).
    pub key: &'static str,
    pub kpi: Option<&'static str>,
    pub part: Option<String>,
    pub due: Due,
    /// The instant by which it has to be done.
    pub deadline: DateTime<FixedOffset>,
    /// Passed and not met.
    pub overdue: bool,
    /// How long overdue, or how long is left (whole seconds, never negative).
    pub by: Duration,
}

impl Item {
    /// Most urgent first: the most overdue, then the soonest due; then by id and key, so the
    /// order is the same on every run.
    fn urgency(&self) -> (bool, i64, &str, &'static str, Option<&str>) {
        let t = self.deadline.timestamp();
        (!self.overdue, t, &self.id, self.key, self.part.as_deref())
    }
}

/// The items one person answers for (`owner` none: nobody).
#[derive(Clone, Debug)]
pub struct Group {
    pub owner: Option<String>,
    /// The owner's name from the roster, when it is there.
    pub name: Option<String>,
    pub items: Vec<Item>,
}

/// The agenda: groups by owner id, the unassigned last; most urgent first within each.
pub struct Agenda {
    pub now: DateTime<FixedOffset>,
    pub until: DateTime<FixedOffset>,
    pub groups: Vec<Group>,
    pub unreadable: usize,
}

impl Agenda {
    pub fn overdue(&self) -> usize {
        self.items().filter(|i| i.1.overdue).count()
    }

    pub fn due(&self) -> usize {
        self.items().filter(|i| !i.1.overdue).count()
    }

    /// Every item with its group, most urgent first across the groups (what a robot keeps when
    /// its message is cut).
    pub fn items(&self) -> impl Iterator<Item = (&Group, &Item)> {
        self.groups
            .iter()
            .flat_map(|g| g.items.iter().map(move |i| (g, i)))
    }

    pub fn by_urgency(&self) -> Vec<(&Group, &Item)> {
        let mut all: Vec<(&Group, &Item)> = self.items().collect();
        all.sort_by(|a, b| a.1.urgency().cmp(&b.1.urgency()));
        all
    }
}

/// What to keep: the record kind (index into the rules' kinds), the deadline key (`sla`,
/// `action_due`, …) and the owner id.
#[derive(Default)]
pub struct Filter {
    pub kind: Option<usize>,
    pub key: Option<&'static str>,
    pub owner: Option<String>,
}

/// The agenda of `repo` at `now` for the window ending at `until`.
pub fn collect(repo: &Repo, filter: &Filter, now: DateTime<FixedOffset>, until: i64) -> Agenda {
    let tz = repo.config.tz;
    let as_of = now.timestamp();
    let loaded = repo.visit_of(
        |k| filter.kind.is_none_or(|want| k == want),
        |_, rec, _| {
            let rec = rec?;
            let f = crate::facts::extract(&repo.rules, &repo.config, &rec);
            drop(rec);
            let s = status::status(&repo.rules, &f, &repo.config, now);
            let mut out = Vec::new();
            for (d, standing) in &s.deadlines {
                let deadline = d.deadline(tz);
                let t = deadline.timestamp();
                let (overdue, by) = match standing {
                    Standing::Missed => (true, as_of.saturating_sub(t)),
                    // A due date is in the window when its day starts before the window ends;
                    // an instant, when it falls before.
                    Standing::Pending => {
                        let starts = match d.due {
                            Due::Date(day) => midnight(tz, day),
                            Due::At(_) => t,
                        };
                        if starts >= until {
                            continue;
                        }
                        (false, t.saturating_sub(as_of))
                    }
                    Standing::OnTime(_) | Standing::Late(_) => continue,
                };
                let owner = d.owner.clone().or_else(|| f.owner.clone());
                if filter.key.is_some_and(|k| k != d.key())
                    || (filter.owner.is_some() && filter.owner != owner)
                {
                    continue;
                }
                let item = Item {
                    id: s.id.clone(),
                    kind: s.kind.clone(),
                    title: s.title.clone(),
                    source: d.source.clone(),
                    key: d.key(),
                    kpi: d.kpi(),
                    part: d.part.clone(),
                    due: d.due,
                    deadline,
                    overdue,
                    by: Duration(by.max(0)),
                };
                out.push((owner.filter(|o| !o.is_empty()), item));
            }
            Some(out)
        },
    );
    let unreadable = loaded.iter().filter(|l| l.is_none()).count();
    let mut groups: Vec<Group> = Vec::new();
    for (owner, item) in loaded.into_iter().flatten().flatten() {
        match groups.iter_mut().find(|g| g.owner == owner) {
            Some(g) => g.items.push(item),
            None => groups.push(Group {
                name: owner
                    .as_deref()
                    .and_then(|o| repo.config.person(o))
                    .map(|p| p.name.clone()),
                owner,
                items: vec![item],
            }),
        }
    }
    for g in &mut groups {
        g.items.sort_by(|a, b| a.urgency().cmp(&b.urgency()));
    }
    // By owner id, nobody last.
    groups.sort_by(|a, b| (a.owner.is_none(), &a.owner).cmp(&(b.owner.is_none(), &b.owner)));
    let at = |t: i64| {
        DateTime::from_timestamp(t, 0)
            .unwrap_or_default()
            .with_timezone(&tz)
    };
    Agenda {
        now,
        until: at(until),
        groups,
        unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_spans_and_the_week() {
        assert_eq!(Window::parse("3d"), Some(Window::For(Duration(3 * 86_400))));
        assert_eq!(Window::parse("This-Week"), Some(Window::ThisWeek));
        assert_eq!(Window::parse("0d"), None);
        assert_eq!(Window::parse("soon"), None);
        let tz = FixedOffset::east_opt(8 * 3600).unwrap();
        // 2026-12-31 is a Thursday: its week ends when Monday 2027-01-04 begins. "Now" at the
        // very end of the 31st (midnight of 1 January) is still the 31st's week.
        let now = crate::time::parse_datetime("2027-01-01 00:00", tz, false).unwrap();
        let monday = crate::time::parse_datetime("2027-01-04 00:00", tz, false).unwrap();
        assert_eq!(Window::ThisWeek.until(now), monday.timestamp());
        // A Sunday's week ends the next day.
        let sunday = crate::time::parse_datetime("2027-01-03 10:00", tz, false).unwrap();
        assert_eq!(Window::ThisWeek.until(sunday), monday.timestamp());
    }
}
