//! The scorecard (`[scorecard]` of itc.toml) turned into one score over a period, with the
//! evidence of each point (docs/scorecard.md):
//! - a KPI item without a floor is all or nothing: its weight when the KPI's verdict is met;
//! - a KPI item with a floor is linear from the floor (0) to the target (its weight), mirrored
//!   for a maximum target, clamped to `[0, weight]`;
//! - a manual item is `weight × score / 100`, the score being the mean of the item's goal scores
//!   in the subject's appraisals due in the period, once every one of those appraisals has
//!   reached `result`;
//! - an item without a value (KPI n/a, no target, no manual score) is not scored; the total is
//!   `Σ points / Σ scored weights × 100`, n/a when no weight was scored.
//!
//! The KPIs come from `crate::kpi::compute`, the appraisals from the typed facts: this module
//! only weighs them.

#[cfg(test)]
mod tests;

use crate::config::scorecard::{Category, Scorecard, Source};
use crate::facts::Body;
use crate::kpi::{Ctx, Direction, Key, Kpi, Verdict};

/// What an item scores, resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    Kpi(Key),
    /// A KPI key the registry does not know (refused by `check`).
    Unknown(String),
    Manual(String),
}

/// Why an item was not scored.
#[derive(Clone, Debug, PartialEq)]
pub enum Unscored {
    /// The KPI has no value in the period (0/0, or the period lies before the records).
    KpiNa,
    /// `[targets]` has no target for the KPI.
    NoTarget,
    UnknownKpi,
    /// No subject: `[scorecard] subject` unset and no manager in the roster.
    NoSubject,
    /// No appraisal of the subject is due in the period.
    NoAppraisal,
    /// This appraisal of the subject, due in the period, has not reached `result` by as-of.
    NotAtResult {
        id: String,
    },
    /// The subject's appraisals of the period (the first named) reached `result` without a
    /// score for a goal of the item's text.
    NoScore {
        id: String,
    },
    /// This appraisal of the subject was scored by the subject: a score one gives oneself is
    /// no evidence.
    SelfAppraised {
        id: String,
    },
}

impl Unscored {
    /// The stable code of JSON's `reason`.
    pub fn code(&self) -> &'static str {
        match self {
            Unscored::KpiNa => "kpi_na",
            Unscored::NoTarget => "no_target",
            Unscored::UnknownKpi => "unknown_kpi",
            Unscored::NoSubject => "no_subject",
            Unscored::NoAppraisal => "no_appraisal",
            Unscored::NotAtResult { .. } => "not_at_result",
            Unscored::NoScore { .. } => "no_score",
            Unscored::SelfAppraised { .. } => "self_appraised",
        }
    }
}

/// An appraisal's score of a manual item: the record, the line of the score, the score.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub id: String,
    pub rel: String,
    pub line: u32,
    pub score: f64,
}

/// One item of the card, weighed.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub category: Category,
    pub what: What,
    pub weight: f64,
    /// The KPI's value, or the manual score (0–100).
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub floor: Option<f64>,
    pub target_is_max: bool,
    /// The KPI's numerator and denominator (none for a count), its evidence.
    pub ratio: Option<(f64, Option<f64>)>,
    /// The appraisals a manual item's score comes from.
    pub marks: Vec<Mark>,
    /// None: not scored, for `unscored`.
    pub points: Option<f64>,
    pub unscored: Option<Unscored>,
}

/// A category's sums.
#[derive(Clone, Debug, PartialEq)]
pub struct Subtotal {
    pub category: Category,
    pub points: f64,
    pub weight: f64,
    pub scored_weight: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub subject: Option<String>,
    pub items: Vec<Item>,
    /// Every category, in order, with the weights it has.
    pub categories: Vec<Subtotal>,
    pub points: f64,
    pub weight: f64,
    pub scored_weight: f64,
    /// `points / scored_weight × 100`; none when no weight was scored (0/0).
    pub total: Option<f64>,
}

/// The points of a KPI item: `weight` or 0 without a floor (by `met`); with one, linear from
/// the floor to the target, mirrored for a maximum (`AtMost`), clamped to `[0, weight]`. A
/// floor that is not strictly on the far side of the target (refused by `check`) scores as
/// without one.
pub fn kpi_points(
    weight: f64,
    value: f64,
    target: f64,
    floor: Option<f64>,
    direction: Direction,
    met: bool,
) -> f64 {
    let share = match (floor, direction) {
        (Some(f), Direction::AtLeast) if f < target => (value - f) / (target - f),
        (Some(f), Direction::AtMost) if f > target => (f - value) / (f - target),
        _ => f64::from(u8::from(met)),
    };
    weight * share.clamp(0.0, 1.0)
}

/// Whether a value meets a target in a direction.
pub fn meets(value: f64, target: f64, direction: Direction) -> bool {
    match direction {
        Direction::AtLeast => value >= target,
        Direction::AtMost => value <= target,
    }
}

/// The person scored: the card's `subject`, else the first person of the roster whose role is
/// the manager's (`kpi::MANAGER_ROLES`); none when neither is.
pub fn subject(card: &Scorecard) -> Option<&str> {
    card.subject.as_deref().or_else(|| {
        card.roles
            .iter()
            .find(|(_, role)| crate::kpi::MANAGER_ROLES.contains(&role.as_str()))
            .map(|(id, _)| id.as_str())
    })
}

/// The KPIs a card reads.
pub fn keys(card: &Scorecard) -> Vec<Key> {
    let mut keys: Vec<Key> = card
        .items
        .iter()
        .filter_map(|i| match &i.source {
            Source::Kpi { key, .. } => Key::parse(key),
            Source::Manual(_) => None,
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Weighs `card` over the period of `ctx`, with `kpis` computed in it (at least those of
/// `keys(card)`) and the appraisals among `ctx.facts`.
pub fn compute(ctx: &Ctx<'_>, card: &Scorecard, kpis: &[Kpi]) -> Score {
    let items: Vec<Item> = card
        .items
        .iter()
        .map(|c| {
            let mut item = Item {
                category: c.category,
                what: What::Manual(String::new()),
                weight: c.weight,
                value: None,
                target: None,
                floor: None,
                target_is_max: false,
                ratio: None,
                marks: Vec::new(),
                points: None,
                unscored: None,
            };
            match &c.source {
                Source::Kpi { key, floor } => {
                    item.floor = *floor;
                    match Key::parse(key).and_then(|k| kpis.iter().find(|x| x.key == k)) {
                        Some(k) => weigh_kpi(&mut item, k),
                        None => {
                            item.what = What::Unknown(key.clone());
                            item.unscored = Some(Unscored::UnknownKpi);
                        }
                    }
                }
                Source::Manual(name) => {
                    item.what = What::Manual(name.clone());
                    weigh_manual(&mut item, ctx, subject(card), name);
                }
            }
            item
        })
        .collect();
    sum(subject(card).map(str::to_string), items)
}

fn weigh_kpi(item: &mut Item, k: &Kpi) {
    let direction = k.key.def().direction;
    item.what = What::Kpi(k.key);
    item.value = k.value;
    item.target = k.target;
    item.target_is_max = direction == Direction::AtMost;
    item.ratio = Some((k.numerator, k.denominator));
    match (k.value, k.target) {
        (None, _) => item.unscored = Some(Unscored::KpiNa),
        (_, None) => item.unscored = Some(Unscored::NoTarget),
        (Some(v), Some(t)) => {
            let met = k.verdict == Verdict::Met;
            item.points = Some(kpi_points(item.weight, v, t, item.floor, direction, met));
        }
    }
}

fn weigh_manual(item: &mut Item, ctx: &Ctx<'_>, subject: Option<&str>, name: &str) {
    let Some(subject) = subject else {
        item.unscored = Some(Unscored::NoSubject);
        return;
    };
    let name = name.trim();
    // Every appraisal of the subject due in the period counts: one still short of its result
    // holds the item back, whatever the others say.
    let mut due = 0;
    let mut first = None;
    for (f, a) in ctx.each(|b| match b {
        Body::Appraisal(a) => Some(a.as_ref()),
        _ => None,
    }) {
        let in_period = a
            .due_on
            .is_some_and(|d| ctx.period.start <= d && d < ctx.period.end);
        if a.employee.as_deref() != Some(subject) || !in_period {
            continue;
        }
        due += 1;
        first.get_or_insert_with(|| f.id.clone());
        if !a.result_at.is_some_and(|t| ctx.happened(t)) {
            item.unscored = Some(Unscored::NotAtResult { id: f.id.clone() });
            break;
        }
        if a.appraiser.as_deref() == Some(subject) {
            item.unscored = Some(Unscored::SelfAppraised { id: f.id.clone() });
            break;
        }
        if let Some(g) = a.goal_scores.iter().find(|g| g.goal == name) {
            item.marks.push(Mark {
                id: f.id.clone(),
                rel: f.rel.clone(),
                line: g.line,
                score: g.score,
            });
        }
    }
    if due == 0 {
        item.unscored = Some(Unscored::NoAppraisal);
    } else if item.unscored.is_none() && item.marks.is_empty() {
        item.unscored = Some(Unscored::NoScore {
            id: first.unwrap_or_default(),
        });
    }
    if item.unscored.is_some() {
        item.marks.clear();
        return;
    }
    let score = item.marks.iter().map(|m| m.score).sum::<f64>() / item.marks.len() as f64;
    item.value = Some(score);
    item.points = Some(item.weight * score.clamp(0.0, 100.0) / 100.0);
}

/// The subtotals and the total of weighed items.
pub fn sum(subject: Option<String>, items: Vec<Item>) -> Score {
    let categories: Vec<Subtotal> = Category::ALL
        .into_iter()
        .filter(|c| items.iter().any(|i| i.category == *c))
        .map(|c| {
            let of = || items.iter().filter(move |i| i.category == c);
            Subtotal {
                category: c,
                points: of().filter_map(|i| i.points).fold(0.0, |a, b| a + b),
                weight: of().map(|i| i.weight).fold(0.0, |a, b| a + b),
                scored_weight: of()
                    .filter(|i| i.points.is_some())
                    .map(|i| i.weight)
                    .fold(0.0, |a, b| a + b),
            }
        })
        .collect();
    let add = |f: fn(&Subtotal) -> f64| categories.iter().map(f).fold(0.0, |a, b| a + b);
    let (points, weight, scored_weight) = (
        add(|c| c.points),
        add(|c| c.weight),
        add(|c| c.scored_weight),
    );
    Score {
        subject,
        total: (scored_weight > 0.0).then(|| points / scored_weight * 100.0),
        items,
        categories,
        points,
        weight,
        scored_weight,
    }
}
