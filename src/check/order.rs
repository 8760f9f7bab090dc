//! The time-order check: a kind's `order` pairs (rules data) say which of a record's dates and
//! date-times come no later than which. `a ≤ b` is checked whenever both are present; a path
//! naming every item of a table list (`stage.list[].field`) is checked item by item. A date-only
//! value compared with a date-time compares the local dates (org time zone). A violation is
//! E0601, at the later value.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::fields::Ctx;
use crate::diag::Code;
use crate::record::value::{Node, Span, Table};
use crate::record::{FieldPath, Record};
use crate::rules::Kind;
use crate::time::{parse_date, parse_datetime};

/// A value of an order path: a local date, or an instant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum When {
    Date(NaiveDate),
    At(DateTime<FixedOffset>),
}

impl When {
    pub fn parse(text: &str, tz: FixedOffset) -> Option<When> {
        match parse_date(text) {
            Some(d) => Some(When::Date(d)),
            None => parse_datetime(text, tz, false).map(When::At),
        }
    }

    fn date(self, tz: FixedOffset) -> NaiveDate {
        match self {
            When::Date(d) => d,
            When::At(t) => t.with_timezone(&tz).date_naive(),
        }
    }

    /// Whether `later` comes before `self`: two instants compare as instants, a date with
    /// anything as local dates.
    pub fn is_after(self, later: When, tz: FixedOffset) -> bool {
        match (self, later) {
            (When::At(a), When::At(b)) => b < a,
            (a, b) => b.date(tz) < a.date(tz),
        }
    }

    fn show(self) -> String {
        match self {
            When::Date(d) => d.to_string(),
            When::At(t) => t.to_rfc3339(),
        }
    }
}

/// The values a path names in a record, with their spans: one, or one per table-list item.
pub fn values<'r>(root: &'r Table, path: &str) -> Vec<&'r Node> {
    match path.split_once("[].") {
        None => root.lookup(&FieldPath::parse(path)).into_iter().collect(),
        Some((list, field)) => root
            .lookup(&FieldPath::parse(list))
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::as_table)
            .filter_map(|t| t.get(field))
            .collect(),
    }
}

fn whens(root: &Table, path: &str, tz: FixedOffset) -> Vec<(When, Span)> {
    values(root, path)
        .into_iter()
        .filter_map(|n| Some((When::parse(n.as_str()?, tz)?, n.span)))
        .collect()
}

pub fn check(kind: &Kind, rec: &Record, ctx: &mut Ctx<'_>) {
    let tz = ctx.tz;
    for (earlier, later) in &kind.order {
        let firsts = whens(&rec.root, earlier, tz);
        if firsts.is_empty() {
            continue;
        }
        for (b, span) in whens(&rec.root, later, tz) {
            // The latest of the earlier values is the one the later value must not precede.
            let Some(&(a, _)) = firsts.iter().find(|(a, _)| a.is_after(b, tz)) else {
                continue;
            };
            let d = ctx.push(Code::E0601, span);
            d.args.push(("later", later.as_str().into()));
            d.args.push(("later_value", b.show().into()));
            d.args.push(("earlier", earlier.as_str().into()));
            d.args.push(("earlier_value", a.show().into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn w(s: &str) -> When {
        When::parse(s, tz()).unwrap()
    }

    #[test]
    fn instants_compare_as_instants() {
        assert!(w("2026-03-01T10:00:00+08:00").is_after(w("2026-03-01T09:59:00+08:00"), tz()));
        assert!(!w("2026-03-01T10:00:00+08:00").is_after(w("2026-03-01T10:00:00+08:00"), tz()));
        // 02:00 UTC is 10:00 at +08:00: the same instant.
        assert!(!w("2026-03-01T10:00:00+08:00").is_after(w("2026-03-01T02:00:00Z"), tz()));
        assert!(w("2026-03-01T10:00:00+08:00").is_after(w("2026-03-01T01:59:00Z"), tz()));
    }

    #[test]
    fn a_date_against_a_datetime_compares_local_dates() {
        // Any time on the day is not before the day itself, nor after it.
        assert!(!w("2026-03-01").is_after(w("2026-03-01T00:00:00+08:00"), tz()));
        assert!(!w("2026-03-01T23:59:00+08:00").is_after(w("2026-03-01"), tz()));
        assert!(w("2026-03-02").is_after(w("2026-03-01T23:59:00+08:00"), tz()));
        // 2026-03-01T20:00Z is 2026-03-02 04:00 at +08:00: the local date is the 2nd.
        assert!(!w("2026-03-02").is_after(w("2026-03-01T20:00:00Z"), tz()));
        assert!(w("2026-03-02").is_after(w("2026-03-01T15:59:00Z"), tz()));
    }

    #[test]
    fn list_paths_name_every_item() {
        let text = "[acceptance]\naccepted_on = \"2026-06-01\"\nfailed_acceptances = [\n  { date = \"2026-05-01\", reason = \"a\" },\n  { date = \"2026-06-02\", reason = \"b\" },\n  { reason = \"c\" },\n]\n";
        let mut diags = Vec::new();
        let root = crate::record::parse(
            text,
            crate::record::Format::Toml,
            "x.toml",
            crate::diag::Check::Syntax,
            &mut diags,
        )
        .unwrap();
        let found = whens(&root, "acceptance.failed_acceptances[].date", tz());
        assert_eq!(
            found.iter().map(|(w, _)| *w).collect::<Vec<_>>(),
            [w("2026-05-01"), w("2026-06-02")]
        );
        assert_eq!(found[1].1.line, 5);
        assert!(whens(&root, "acceptance.nothing[].date", tz()).is_empty());
        assert_eq!(whens(&root, "acceptance.accepted_on", tz()).len(), 1);
    }
}
