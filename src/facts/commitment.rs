//! The commitment in force: the value a deadline KPI judges against when a commitment (a
//! project's `planned_end` and `budget`, a drill's `scheduled_on`, an appraisal's `due_on`, a
//! finding's or plan item's `due`, a plan item's `status`, an incident's `severity`) has dated
//! change entries (rules `changes = "list"`).
//!
//! The entries are walked from the first one's `from` (the original commitment). A change
//! counts only if it chains (its `from` is the value in force) and came in time:
//! - a date is moved only on or before the date it moves (a change dated after its `from`
//!   does not rescue a late item: the deadline stays at that `from`);
//! - a severity's SLA is lengthened only on or before the local date its deadline passed;
//! - a budget is raised only on or before acceptance;
//! - a plan item is dropped only on or before its due date.
//!
//! The first change that does not count ends the walk. A value written without a matching
//! entry (E0623) cannot improve a KPI either: of the written value and the walk's, the stricter
//! stands. Computed once, when the facts are taken; `deadline` and the KPIs read it.

use chrono::{FixedOffset, NaiveDate};

use super::exact::Exact;
use crate::record::value::{Node, Table};
use crate::rules::{Field, Type};
use crate::time::parse_date;

/// One change entry, as far as it reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Change<T> {
    pub date: Option<NaiveDate>,
    pub from: Option<T>,
    pub to: Option<T>,
}

/// A commitment judged on another value than the one written.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept<T> {
    /// The value in force.
    pub value: Option<T>,
    /// The value written, as written.
    pub written: String,
    /// The change that came too late, by its date (none: the value was changed without an
    /// entry, or the entries do not chain).
    pub late: Option<NaiveDate>,
}

/// The value in force: the kept one where there is one, else the one written.
pub fn value<T: Clone>(written: &Option<T>, kept: &Option<Kept<T>>) -> Option<T> {
    match kept {
        Some(k) => k.value.clone(),
        None => written.clone(),
    }
}

/// The name of the change list of field `name` among `fields` (rules `changes`).
pub fn list_of<'a>(fields: &'a [Field], name: &str) -> Option<&'a str> {
    fields.iter().find(|f| f.name == name)?.changes.as_deref()
}

/// The item fields of table list `name` among `fields`.
pub fn items_of<'a>(fields: &'a [Field], name: &str) -> &'a [Field] {
    match fields.iter().find(|f| f.name == name).map(|f| &f.ty) {
        Some(Type::TableList(items)) => items,
        _ => &[],
    }
}

/// The entries of change list `list` in `table`, their values read by `read`.
pub fn changes<T>(
    table: &Table,
    list: Option<&str>,
    read: impl Fn(&Node) -> Option<T>,
) -> Vec<Change<T>> {
    let Some(node) = list.and_then(|l| table.get(l)) else {
        return Vec::new();
    };
    node.as_array()
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_table)
        .map(|t| Change {
            date: t.get("date").and_then(Node::as_str).and_then(parse_date),
            from: t.get("from").and_then(&read),
            to: t.get("to").and_then(&read),
        })
        .collect()
}

pub fn read_date(n: &Node) -> Option<NaiveDate> {
    n.as_str().and_then(parse_date)
}

pub fn read_text(n: &Node) -> Option<String> {
    n.as_str().map(str::to_string)
}

pub fn read_exact(n: &Node) -> Option<Exact> {
    match &n.value {
        crate::record::value::Value::Int(i) => Some(Exact::int(*i)),
        crate::record::value::Value::Float(f) => Exact::from_f64(*f),
        _ => None,
    }
}

/// The walk: from the original value, each change that chains and that `in_time` accepts
/// (given the value in force and the change) moves the value. Returns the value reached and
/// the date of the change that stopped the walk for coming too late.
fn walk<T: Clone + PartialEq>(
    written: &Option<T>,
    changes: &[Change<T>],
    in_time: impl Fn(&T, &Change<T>) -> bool,
) -> (Option<T>, Option<NaiveDate>) {
    let Some(first) = changes.first() else {
        return (written.clone(), None);
    };
    let mut v = first.from.clone().or_else(|| written.clone());
    let mut previous: Option<NaiveDate> = None;
    for c in changes {
        let Some(cur) = v.clone() else {
            break;
        };
        // An entry that does not chain, or dated before the one before it (E0624), ends the
        // walk: a back-dated entry could otherwise pass as in time.
        if c.from.as_ref() != Some(&cur)
            || matches!((previous, c.date), (Some(p), Some(d)) if d < p)
        {
            return (v, None);
        }
        previous = c.date.or(previous);
        if !in_time(&cur, c) {
            return (v, Some(c.date.unwrap_or(NaiveDate::MIN)));
        }
        match &c.to {
            Some(to) => v = Some(to.clone()),
            None => return (v, None),
        }
    }
    (v, None)
}

/// What is kept of a walk: nothing when the value in force is the one written.
fn kept<T: Clone + PartialEq>(
    written: &Option<T>,
    value: Option<T>,
    late: Option<NaiveDate>,
    show: impl Fn(&T) -> String,
) -> Option<Kept<T>> {
    (value != *written).then(|| Kept {
        value,
        written: written.as_ref().map_or_else(|| "—".to_string(), show),
        late: late.filter(|d| *d != NaiveDate::MIN),
    })
}

/// A date commitment (`planned_end`, `scheduled_on`, `due_on`, `due`): a change dated after its
/// `from` comes too late. The earlier of the written date and the walk's stands.
pub fn date(written: Option<NaiveDate>, changes: &[Change<NaiveDate>]) -> Option<Kept<NaiveDate>> {
    let (reached, late) = walk(&written, changes, |cur, c| {
        c.date.is_some_and(|d| d <= *cur)
    });
    let value = match (reached, written) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    kept(&written, value, late, NaiveDate::to_string)
}

/// A budget: a raise dated after acceptance (`accepted_on`) comes too late; a cut always
/// counts. The smaller of the written budget and the walk's stands.
pub fn budget(
    written: Option<Exact>,
    changes: &[Change<Exact>],
    accepted_on: Option<NaiveDate>,
) -> Option<Kept<Exact>> {
    let (reached, late) = walk(&written, changes, |cur, c| {
        let raise =
            c.to.and_then(|to| to.compare(*cur))
                .is_none_or(|o| o.is_gt());
        !raise || accepted_on.is_none_or(|a| c.date.is_some_and(|d| d <= a))
    });
    let value = match (reached, written) {
        (Some(a), Some(b)) => Some(match a.compare(b) {
            Some(std::cmp::Ordering::Greater) => b,
            _ => a,
        }),
        (a, b) => a.or(b),
    };
    kept(&written, value, late, |x| {
        crate::config::number_text(x.to_f64())
    })
}

/// An incident's severity: a change that lengthens the SLA (`sla` of a severity, in seconds)
/// counts only if dated on or before the local date on which the SLA in force, run from
/// `occurred`, passed; a change that does not lengthen it always counts. Of the written
/// severity and the walk's, the one with the shorter SLA stands.
pub fn severity(
    written: Option<String>,
    changes: &[Change<String>],
    occurred: Option<i64>,
    sla: impl Fn(&str) -> Option<i64>,
    tz: FixedOffset,
) -> Option<Kept<String>> {
    let (reached, late) = walk(&written, changes, |cur, c| {
        let (Some(to), Some(now)) = (c.to.as_deref(), sla(cur)) else {
            return true;
        };
        if sla(to).is_none_or(|s| s <= now) {
            return true;
        }
        let passed = occurred
            .and_then(|t| t.checked_add(now))
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|t| t.with_timezone(&tz).date_naive());
        matches!((c.date, passed), (Some(d), Some(p)) if d <= p)
    });
    let value = match (reached, written.clone()) {
        (Some(a), Some(b)) => {
            let longer = match (sla(&a), sla(&b)) {
                (Some(x), Some(y)) => x > y,
                _ => false,
            };
            Some(if longer { b } else { a })
        }
        (a, b) => a.or(b),
    };
    kept(&written, value, late, String::clone)
}

/// A plan item's status: a drop dated after the item's due date (`due`, the one in force)
/// comes too late. An item written as dropped whose walk does not end in a drop is judged on
/// the walk's status; any other written status stands.
pub fn status(
    written: Option<String>,
    changes: &[Change<String>],
    due: Option<NaiveDate>,
) -> Option<Kept<String>> {
    let (reached, late) = walk(&written, changes, |_, c| {
        c.to.as_deref() != Some("dropped") || matches!((c.date, due), (Some(d), Some(u)) if d <= u)
    });
    let value = if written.as_deref() == Some("dropped") && reached.as_deref() != Some("dropped") {
        reached
    } else {
        written.clone()
    };
    kept(&written, value, late, String::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn ch(date: &str, from: &str, to: &str) -> Change<NaiveDate> {
        Change {
            date: Some(d(date)),
            from: Some(d(from)),
            to: Some(d(to)),
        }
    }

    #[test]
    fn a_date_without_changes_is_what_it_is() {
        assert_eq!(date(Some(d("2026-10-31")), &[]), None);
    }

    #[test]
    fn a_change_made_before_the_date_moves_it() {
        // Moved on 09-01, before 10-31: the new date 2027-06-30 is in force, as written.
        let c = [ch("2026-09-01", "2026-10-31", "2027-06-30")];
        assert_eq!(date(Some(d("2027-06-30")), &c), None);
        // On the date itself still counts.
        let c = [ch("2026-10-31", "2026-10-31", "2027-06-30")];
        assert_eq!(date(Some(d("2027-06-30")), &c), None);
    }

    #[test]
    fn a_change_made_after_the_date_does_not_rescue() {
        // Dated 11-15, after its from 10-31: the deadline stays 10-31.
        let c = [ch("2026-11-15", "2026-10-31", "2027-06-30")];
        let k = date(Some(d("2027-06-30")), &c).unwrap();
        assert_eq!(k.value, Some(d("2026-10-31")));
        assert_eq!(k.written, "2027-06-30");
        assert_eq!(k.late, Some(d("2026-11-15")));
        // A first change in time (09-30 → 10-31, on 09-01) then a late one (on 11-20, from
        // 10-31): in force is 10-31, the `from` of the first change made too late.
        let c = [
            ch("2026-09-01", "2026-09-30", "2026-10-31"),
            ch("2026-11-20", "2026-10-31", "2026-12-31"),
        ];
        let k = date(Some(d("2026-12-31")), &c).unwrap();
        assert_eq!(
            (k.value, k.late),
            (Some(d("2026-10-31")), Some(d("2026-11-20")))
        );
    }

    #[test]
    fn an_unrecorded_or_broken_move_never_helps() {
        // Entries say 10-31, the value says 2027-06-30: the earlier, 10-31, stands.
        let c = [ch("2026-09-01", "2026-09-30", "2026-10-31")];
        let k = date(Some(d("2027-06-30")), &c).unwrap();
        assert_eq!((k.value, k.late), (Some(d("2026-10-31")), None));
        // Back-dated: the second entry (on 06-01, before the first's 06-15) would be in time
        // for 10-31, but its date goes back: the walk stops at 10-31.
        let c = [
            ch("2026-06-15", "2026-09-30", "2026-10-31"),
            ch("2026-06-01", "2026-10-31", "2026-12-31"),
        ];
        let k = date(Some(d("2026-12-31")), &c).unwrap();
        assert_eq!((k.value, k.late), (Some(d("2026-10-31")), None));
        // Second entry does not chain (from 11-30, but 10-31 was in force): stops at 10-31.
        let c = [
            ch("2026-09-01", "2026-09-30", "2026-10-31"),
            ch("2026-10-01", "2026-11-30", "2026-12-31"),
        ];
        let k = date(Some(d("2026-12-31")), &c).unwrap();
        assert_eq!(k.value, Some(d("2026-10-31")));
        // Pulled in without an entry: the earlier written date stands, nothing is kept.
        let c = [ch("2026-09-01", "2026-09-30", "2026-10-31")];
        assert_eq!(date(Some(d("2026-10-15")), &c), None);
    }

    #[test]
    fn a_budget_raised_after_acceptance_does_not_count() {
        let x = |n: i64| Exact::int(n);
        let c = |date: &str, from: i64, to: i64| Change {
            date: Some(d(date)),
            from: Some(x(from)),
            to: Some(x(to)),
        };
        // 500000 → 600000 on 06-01, accepted 05-20: raise after acceptance, 500000 stands.
        let k = budget(
            Some(x(600_000)),
            &[c("2026-06-01", 500_000, 600_000)],
            Some(d("2026-05-20")),
        )
        .unwrap();
        assert_eq!(k.value, Some(x(500_000)));
        // The same raise before acceptance counts.
        assert_eq!(
            budget(
                Some(x(600_000)),
                &[c("2026-05-01", 500_000, 600_000)],
                Some(d("2026-05-20"))
            ),
            None
        );
        // A cut after acceptance counts (it can only make cost control stricter).
        assert_eq!(
            budget(
                Some(x(400_000)),
                &[c("2026-06-01", 500_000, 400_000)],
                Some(d("2026-05-20"))
            ),
            None
        );
    }

    #[test]
    fn a_downgrade_after_the_sla_passed_does_not_lengthen_it() {
        let tz = FixedOffset::east_opt(8 * 3600).unwrap();
        // P1 4h, P3 24h. Occurred 2026-03-02T09:00+08:00 (1772413200): the P1 SLA passed at
        // 13:00 on 03-02. A downgrade to P3 dated 03-03 is too late: P1 stays.
        let sla = |s: &str| match s {
            "P1" => Some(4 * 3600),
            "P3" => Some(24 * 3600),
            _ => None,
        };
        let c = |date: &str| Change {
            date: Some(d(date)),
            from: Some("P1".to_string()),
            to: Some("P3".to_string()),
        };
        let occurred = Some(1_772_413_200);
        let k = severity(Some("P3".into()), &[c("2026-03-03")], occurred, sla, tz).unwrap();
        assert_eq!(
            (k.value.as_deref(), k.late),
            (Some("P1"), Some(d("2026-03-03")))
        );
        // Dated 03-02, the day the SLA passed: it counts.
        assert_eq!(
            severity(Some("P3".into()), &[c("2026-03-02")], occurred, sla, tz),
            None
        );
        // An upgrade always counts.
        let up = Change {
            date: Some(d("2026-03-09")),
            from: Some("P3".to_string()),
            to: Some("P1".to_string()),
        };
        assert_eq!(severity(Some("P1".into()), &[up], occurred, sla, tz), None);
    }

    #[test]
    fn a_drop_after_the_due_date_keeps_the_item() {
        let c = |date: &str| Change {
            date: Some(d(date)),
            from: Some("doing".to_string()),
            to: Some("dropped".to_string()),
        };
        let due = Some(d("2026-06-30"));
        // Dropped on 07-15, after its due 06-30: still `doing`, so it counts as missed.
        let k = status(Some("dropped".into()), &[c("2026-07-15")], due).unwrap();
        assert_eq!(
            (k.value.as_deref(), k.late),
            (Some("doing"), Some(d("2026-07-15")))
        );
        // Dropped on 06-30: in time.
        assert_eq!(
            status(Some("dropped".into()), &[c("2026-06-30")], due),
            None
        );
        // Written as dropped without entries: it is what it is.
        assert_eq!(status(Some("dropped".into()), &[], due), None);
    }
}
