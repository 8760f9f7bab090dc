//! The appraisal KPIs of DESIGN.md §5, as pure functions over the typed facts of the records
//! (`crate::facts`) and a period. Deadlines come from the one deadline model
//! (`crate::facts::deadline`), shared with `list` and `show`.
//!
//! Every KPI is computed the same way: its family function turns records into `Item`s — one per
//! thing considered (a record, a goal, a finding, a system-month), each with a numerator, a
//! denominator, the keys it can be grouped by, and the reason it was counted or left out. The
//! value is Σ numerators / Σ denominators of the counted items (0/0 is n/a), groups sum the
//! same way, and `--explain` lists the items. Nothing is averaged from percentages.

pub mod availability;
pub mod coverage;
mod delivery;
mod operations;
mod people;
#[cfg(test)]
mod proptests;
mod reason;
mod registry;
mod security;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

pub use reason::{DateOf, Deed, ImpactLevel, REASON_CODES, Reason};
pub use registry::{
    CostLevel, DEFS, Def, Details, Direction, Key, MANAGER_ROLES, OverBudget, SystemAvailability,
    TargetUnit,
};

use crate::config::Config;
use crate::facts::deadline::{Deadline, Standing};
use crate::facts::{Body, Facts};
use crate::rules::{Label, Rules};
use crate::time::Period;

pub use crate::facts::midnight;

/// The KPI keys, in the order reports list them.
pub static KEYS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| DEFS.iter().map(|d| d.id).collect());

/// How a KPI's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A share of counted things: `98.75% (79/80)`.
    Rate,
    /// A share of time, in seconds: `99.95% (2183.5h/2184h)`.
    Time,
    /// Spent over budgeted money: `98.75% (790000/800000)`.
    Money,
    /// A count: `2`.
    Count,
}

/// What a breakdown (`--by`) groups on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    System,
    Severity,
    Department,
    Owner,
    Month,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Missed,
    NotApplicable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::NotApplicable => "n/a",
        }
    }
}

impl serde::Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The keys an item can be grouped by.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    pub system: Option<String>,
    pub severity: Option<String>,
    pub department: Option<String>,
    pub owner: Option<String>,
    pub month: Option<String>,
}

impl Keys {
    fn get(&self, by: By) -> Option<&String> {
        match by {
            By::System => self.system.as_ref(),
            By::Severity => self.severity.as_ref(),
            By::Department => self.department.as_ref(),
            By::Owner => self.owner.as_ref(),
            By::Month => self.month.as_ref(),
        }
    }
}

/// One thing a KPI considered, counted or left out, and why.
#[derive(Clone, Debug)]
pub struct Item {
    /// The record id (with a suffix for a part of a record: a goal, a finding), or a system.
    pub id: String,
    pub counted: bool,
    /// Not counted itself, but used by the items that are (an incident's outage window, which
    /// the availability of its system-months carries).
    pub evidence: bool,
    pub num: f64,
    pub den: f64,
    pub keys: Keys,
    pub reason: Reason,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub group: String,
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: f64,
}

#[derive(Clone, Debug)]
pub struct Kpi {
    pub key: Key,
    pub name: Label,
    pub unit: Unit,
    pub value: Option<f64>,
    pub numerator: f64,
    /// None for counts.
    pub denominator: Option<f64>,
    pub target: Option<f64>,
    /// The target is a maximum (cost control, security incidents).
    pub target_is_max: bool,
    pub verdict: Verdict,
    pub groups: Vec<Group>,
    pub details: Details,
    pub items: Vec<Item>,
    /// Every item left out (not counted, not evidence), with its reason's code; empty when the
    /// items are not named (`Ctx::ids`).
    pub left_out: Vec<(String, &'static str)>,
    /// How many items were left out for incomplete data (`Reason::incomplete`).
    pub incomplete: usize,
    /// Why the KPI is n/a whatever its records: the period lies before the records begin.
    pub na_reason: Option<Reason>,
}

/// Everything a KPI computation reads: the repository's settings, the facts of its records,
/// and the period.
pub struct Ctx<'a> {
    pub config: &'a Config,
    pub rules: &'a Rules,
    pub facts: &'a [Facts],
    pub period: &'a Period,
    /// The period as Unix seconds in the org time zone, `[start, end)`.
    pub start: i64,
    pub end: i64,
    /// min(now, end): only what happened before it (`t < as_of`) has happened.
    pub as_of: i64,
    /// Keep every KPI's items (for `--explain`); without, each KPI drops them once summed.
    pub keep_items: bool,
    /// Name what the items are: each item's id and the texts of its reason, and every KPI's
    /// `left_out` list (for `--explain` and `--format json`). Without, an item carries its
    /// numbers and its reason's code only, and `left_out` is empty: what is summed and counted
    /// is the same. Kept items are always named.
    pub ids: bool,
    /// Give each item the keys it can be grouped by (for `--by`, and named items); without, an
    /// item has none. Set by `compute`.
    pub keys: bool,
    /// Where the records begin, for the KPI computed (`Ctx::since_for`): `[org] since`, else
    /// the earliest stage `at` of the records of the KPI's kinds. `start` is never before it.
    pub since: Option<NaiveDate>,
    /// The whole period lies before `since`: every KPI is n/a.
    pub before_since: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(
        config: &'a Config,
        rules: &'a Rules,
        facts: &'a [Facts],
        period: &'a Period,
        now: i64,
    ) -> Ctx<'a> {
        let end = midnight(config.tz, period.end);
        let start = midnight(config.tz, period.start);
        Ctx {
            config,
            rules,
            facts,
            period,
            start,
            end,
            as_of: now.min(end),
            keep_items: true,
            ids: true,
            keys: true,
            since: None,
            before_since: false,
        }
    }

    /// This context for a KPI reading `kinds`: the period starts no earlier than where the
    /// records begin — `[org] since`, else the earliest stage `at` of the records of those
    /// kinds (so that a KPI gives the same value whichever other kinds are loaded).
    pub fn since_for(&self, kinds: &[&str]) -> Ctx<'a> {
        self.since_among(kinds, &self.first_ats())
    }

    /// The earliest stage `at` of the records of each kind (by the kind's index in the rules).
    fn first_ats(&self) -> Vec<Option<i64>> {
        let mut first = vec![None; self.rules.kinds.len()];
        for f in self.facts {
            if let (Some(t), Some(slot)) = (f.first_at, first.get_mut(f.kind)) {
                *slot = Some(slot.map_or(t, |s: i64| s.min(t)));
            }
        }
        first
    }

    /// `since_for`, with the earliest stage `at` of each kind already found (`first_ats`).
    fn since_among(&self, kinds: &[&str], first_ats: &[Option<i64>]) -> Ctx<'a> {
        let tz = self.config.tz;
        let since = self.config.since.or_else(|| {
            self.rules
                .kinds
                .iter()
                .zip(first_ats)
                .filter(|(k, _)| kinds.contains(&k.key.as_str()))
                .filter_map(|(_, t)| *t)
                .min()
                .map(|t| local_date(tz, t))
        });
        let start = midnight(tz, self.period.start)
            .max(since.map_or(i64::MIN, |d| midnight(tz, d)))
            .min(self.end);
        Ctx {
            config: self.config,
            rules: self.rules,
            facts: self.facts,
            period: self.period,
            start,
            end: self.end,
            as_of: self.as_of,
            keep_items: self.keep_items,
            ids: self.ids,
            keys: self.keys,
            since,
            before_since: since.is_some_and(|d| d >= self.period.end),
        }
    }

    pub fn tz(&self) -> FixedOffset {
        self.config.tz
    }

    /// The records whose facts `pick` accepts, with those facts.
    pub fn each<T: 'a>(
        &self,
        pick: fn(&'a Body) -> Option<&'a T>,
    ) -> impl Iterator<Item = (&'a Facts, &'a T)> + 'a {
        self.facts
            .iter()
            .filter_map(move |f| Some((f, pick(&f.body)?)))
    }

    /// Whether an instant has happened by as-of: `t < as_of`.
    pub fn happened(&self, t: i64) -> bool {
        t < self.as_of
    }

    /// Whether an instant lies in the period, `[start, end)`, whether or not it has happened.
    pub fn in_range(&self, t: i64) -> bool {
        self.start <= t && t < self.end
    }

    /// Whether an event at `t` happened in the period by as-of.
    pub fn in_period(&self, t: i64) -> bool {
        self.in_range(t) && self.happened(t)
    }

    /// The local date of an instant.
    pub fn date(&self, t: i64) -> NaiveDate {
        local_date(self.tz(), t)
    }

    pub fn month_of(&self, t: i64) -> String {
        let d = local_date(self.tz(), t);
        format!("{}-{:02}", d.year(), d.month())
    }

    /// Keys common to every record: owner (none when the items have no keys).
    pub fn keys(&self, f: &Facts) -> Keys {
        Keys {
            owner: self.key(|| f.owner.clone()),
            ..Keys::default()
        }
    }

    /// A key, when the items have keys.
    pub fn key(&self, key: impl FnOnce() -> Option<String>) -> Option<String> {
        if self.keys { key() } else { None }
    }

    /// The month key of an instant, when the items have keys.
    pub fn month_key(&self, t: i64) -> Option<String> {
        self.key(|| Some(self.month_of(t)))
    }

    /// The id of an item for a record, when the items are named (else empty, unallocated).
    pub fn id(&self, f: &Facts) -> String {
        self.named(|| f.id.clone())
    }

    /// The id of an item for a part of a record (a goal, a finding, a plan item).
    pub fn part_id(&self, f: &Facts, part: impl std::fmt::Display) -> String {
        self.named(|| format!("{}{part}", f.id))
    }

    /// A text of an item (its id, a text of its reason), when the items are named; else empty.
    pub fn named(&self, text: impl FnOnce() -> String) -> String {
        if self.ids { text() } else { String::new() }
    }
}

pub fn local_date(tz: FixedOffset, t: i64) -> NaiveDate {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.with_timezone(&tz).date_naive())
        .unwrap_or_default()
}

pub fn counted(id: String, num: f64, den: f64, keys: Keys, reason: Reason) -> Item {
    Item {
        id,
        counted: true,
        evidence: false,
        num,
        den,
        keys,
        reason,
    }
}

pub fn left_out(id: String, reason: Reason) -> Item {
    Item {
        id,
        counted: false,
        evidence: false,
        num: 0.0,
        den: 0.0,
        keys: Keys::default(),
        reason,
    }
}

/// An item judged by its deadline (DESIGN.md §5, deadline KPIs): done by as-of counts, 1/1 in
/// time or 0/1 late, even when the deadline lies after as-of; not done once the deadline has
/// passed is missed, 0/1; not done before it is left out (not yet due).
pub fn by_deadline(ctx: &Ctx<'_>, id: String, keys: Keys, d: &Deadline, deed: Deed) -> Item {
    let due = d.due;
    match d.standing(ctx.as_of) {
        Standing::OnTime(t) => {
            let on = ctx.date(t);
            counted(id, 1.0, 1.0, keys, Reason::DoneInTime { deed, on, due })
        }
        Standing::Late(t) => {
            let on = ctx.date(t);
            counted(id, 0.0, 1.0, keys, Reason::DoneLate { deed, on, due })
        }
        Standing::Missed => counted(id, 0.0, 1.0, keys, Reason::NotDoneByDue { deed, due }),
        Standing::Pending => left_out(id, Reason::NotYetDue { due }),
    }
}

/// A deadline that must lie in the period (by its anchor: the due date, before any grace), or
/// why the record is left out: it has none (`field` names what is missing), or it falls outside.
pub fn deadline_in_period(
    ctx: &Ctx<'_>,
    d: Option<Deadline>,
    field: &'static str,
    of: DateOf,
) -> Result<Deadline, Reason> {
    match d {
        None => Err(Reason::NoDeadline { of, field }),
        Some(d) if !ctx.in_range(d.anchor) => Err(Reason::Outside {
            of,
            on: ctx.date(d.anchor),
        }),
        Some(d) => Ok(d),
    }
}

/// `item` with its reason saying that `by` stood in for the missing `field`, when one did.
pub fn stood_in(mut item: Item, field: &'static str, by: Option<&'static str>) -> Item {
    if let Some(by) = by {
        item.reason = Reason::StandIn {
            field,
            by,
            then: Box::new(item.reason),
        };
    }
    item
}

/// A counted `item` with its reason saying it was judged on the commitment in force rather than
/// on the value of `field` as written, when `kept` says so.
pub fn on_kept<T>(
    mut item: Item,
    field: &'static str,
    kept: &Option<crate::facts::commitment::Kept<T>>,
) -> Item {
    if let Some(k) = kept
        && item.counted
    {
        item.reason = Reason::LateChange {
            field,
            written: k.written.clone(),
            late: k.late,
            then: Box::new(item.reason),
        };
    }
    item
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| num / den)
}

/// Computes the KPIs named by `keys` (all when empty), broken down by `by` where it applies.
/// The KPIs are independent of each other: they are computed in parallel, in the order of `DEFS`.
pub fn compute(ctx: &Ctx<'_>, keys: &[Key], by: Option<By>) -> Vec<Kpi> {
    let defs: Vec<&Def> = DEFS
        .iter()
        .filter(|d| keys.is_empty() || keys.contains(&d.key))
        .collect();
    let any_rejected = ctx.facts.iter().any(|f| !f.rejected.is_empty());
    let first_ats = ctx.first_ats();
    crate::repo::par_map(&defs, |&d| {
        let mut ctx = ctx.since_among(d.kinds, &first_ats);
        // Rejected values are matched to items by id: those items are named.
        let reads = d.key.reads();
        let rejected = any_rejected
            && ctx
                .facts
                .iter()
                .any(|f| f.rejected.iter().any(|r| reads.contains(&r.as_str())));
        ctx.ids = ctx.ids || ctx.keep_items || rejected;
        ctx.keys = ctx.ids || by.is_some();
        let ctx = &ctx;
        let (items, details) = (d.compute)(ctx);
        let mut k = finish(ctx, d, items, details, by, rejected);
        if let (true, Some(since)) = (ctx.before_since, ctx.since) {
            k.value = None;
            k.verdict = Verdict::NotApplicable;
            k.groups.clear();
            k.na_reason = Some(Reason::BeforeSince { since });
        }
        k
    })
}

/// Items of records holding a value `check` rejects in a field the KPI reads (`reads`): a
/// counted one is not met (0/1; a count still counts), one left out but for the period or its
/// sort says so. A rejected value is never read as another.
fn reject(ctx: &Ctx<'_>, reads: &[&str], items: &mut [Item]) {
    if reads.is_empty() || ctx.facts.iter().all(|f| f.rejected.is_empty()) {
        return;
    }
    let bad: std::collections::HashMap<&str, &str> = ctx
        .facts
        .iter()
        .filter_map(|f| {
            let field = f.rejected.iter().find(|r| reads.contains(&r.as_str()))?;
            Some((f.id.as_str(), field.as_str()))
        })
        .collect();
    for item in items.iter_mut().filter(|i| !i.evidence) {
        let id = item.id.split('#').next().unwrap_or_default();
        let Some(field) = bad.get(id) else {
            continue;
        };
        let keep = !item.counted && matches!(item.reason.code(), "outside_period" | "excluded");
        if keep {
            continue;
        }
        if item.counted && item.den > 0.0 {
            item.num = 0.0;
        }
        item.reason = Reason::Rejected {
            field: (*field).to_string(),
        };
    }
}

/// Sums a KPI's items; `rejected` says whether a record holds a value `check` rejects in a
/// field the KPI reads.
fn finish(
    ctx: &Ctx<'_>,
    def: &Def,
    mut items: Vec<Item>,
    details: Details,
    by: Option<By>,
    rejected: bool,
) -> Kpi {
    if rejected {
        reject(ctx, def.key.reads(), &mut items);
    }
    let Def { key, unit, .. } = *def;
    let target_is_max = def.direction == Direction::AtMost;
    let name = Label {
        zh: def.zh.into(),
        en: def.en.into(),
    };
    let counted = || items.iter().filter(|i| i.counted);
    // Folded from +0.0: an empty float sum is -0.0, which would print as "-0". One pass, in
    // the items' order, sums and counts.
    let (mut numerator, mut denominator, mut incomplete) = (0.0, 0.0, 0usize);
    for i in &items {
        if i.counted {
            numerator += i.num;
            denominator += i.den;
        } else if !i.evidence && i.reason.incomplete() {
            incomplete += 1;
        }
    }
    let value = if unit == Unit::Count {
        Some(numerator)
    } else {
        ratio(numerator, denominator)
    };
    let mut groups: Vec<Group> = Vec::new();
    if let Some(by) = by
        && counted().any(|i| i.keys.get(by).is_some())
    {
        for item in counted() {
            let name = item
                .keys
                .get(by)
                .cloned()
                .unwrap_or_else(|| "—".to_string());
            match groups.iter_mut().find(|g| g.group == name) {
                Some(g) => {
                    g.numerator += item.num;
                    g.denominator += item.den;
                }
                None => groups.push(Group {
                    group: name,
                    value: None,
                    numerator: item.num,
                    denominator: item.den,
                }),
            }
        }
        for g in &mut groups {
            g.value = if unit == Unit::Count {
                Some(g.numerator)
            } else {
                ratio(g.numerator, g.denominator)
            };
        }
        groups.sort_by(|a, b| a.group.cmp(&b.group));
    }
    let target = ctx.config.target(def.id);
    let verdict = match (value, target) {
        (Some(v), Some(t)) if (target_is_max && v <= t) || (!target_is_max && v >= t) => {
            Verdict::Met
        }
        (Some(_), Some(_)) => Verdict::Missed,
        _ => Verdict::NotApplicable,
    };
    Kpi {
        key,
        name,
        unit,
        value,
        numerator,
        denominator: (unit != Unit::Count).then_some(denominator),
        target,
        target_is_max,
        verdict,
        groups,
        details,
        left_out: if ctx.ids {
            items
                .iter()
                .filter(|i| !i.counted && !i.evidence)
                .map(|i| (i.id.clone(), i.reason.code()))
                .collect()
        } else {
            Vec::new()
        },
        incomplete,
        na_reason: None,
        items: if ctx.keep_items { items } else { Vec::new() },
    }
}

/// Mean and median of a list of seconds; `None` for an empty list.
pub fn mean_median(values: &mut [i64]) -> (Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None);
    }
    values.sort_unstable();
    let n = values.len();
    let mean = values.iter().sum::<i64>() as f64 / n as f64;
    let median = if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    };
    (Some(mean), Some(median))
}

/// A duration for reasons: `1h 35m`.
pub fn hm(seconds: i64) -> String {
    crate::time::Duration(seconds.max(0)).to_string()
}
