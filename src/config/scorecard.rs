//! `[scorecard]` of itc.toml read into typed settings: whose score it is (`subject`) and its items,
//! each a KPI (with an optional floor) or a manual item scored in the subject's appraisal. The
//! shape is checked against the config schema; what needs the KPIs and the roster is checked by
//! `check::scorecard`.

use crate::record::value::{Node, Table};

/// The four categories of the appraisal standards, in their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Work,
    Team,
    Communication,
    Innovation,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Work,
        Category::Team,
        Category::Communication,
        Category::Innovation,
    ];

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The key as written in itc.toml and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Work => "work",
            Category::Team => "team",
            Category::Communication => "communication",
            Category::Innovation => "innovation",
        }
    }
}

/// What an item scores.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A KPI by its key, linear from `floor` to the target when a floor is given.
    Kpi { key: String, floor: Option<f64> },
    /// A manual item: the goal of this text in the subject's appraisal.
    Manual(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CardItem {
    pub category: Category,
    pub weight: f64,
    pub source: Source,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scorecard {
    /// `subject` as written; without it, the person scored is the roster's manager (by `roles`).
    pub subject: Option<String>,
    /// `(id, role)` of each person of the roster with a role.
    pub roles: Vec<(String, String)>,
    /// The items that can be scored: a known category, a weight, and exactly one of `kpi` and
    /// `item` (the others are `check`'s findings, and left out).
    pub items: Vec<CardItem>,
}

/// `[scorecard]` of `t`, or none when the file has none.
pub fn read(t: &Table) -> Option<Scorecard> {
    let card = t.get("scorecard")?.as_table()?;
    let roles = tables(t, "people")
        .filter_map(|p| Some((p.str("id")?.to_string(), p.str("role")?.trim().to_string())))
        .collect();
    let items = tables(card, "items")
        .filter_map(|i| {
            let category = Category::parse(i.str("category")?)?;
            let weight = i.get("weight").and_then(Node::as_f64)?;
            let source = match (i.str("kpi"), i.str("item")) {
                (Some(key), None) => Source::Kpi {
                    key: key.to_string(),
                    floor: i.get("floor").and_then(Node::as_f64),
                },
                (None, Some(name)) => Source::Manual(name.to_string()),
                _ => return None,
            };
            Some(CardItem {
                category,
                weight,
                source,
            })
        })
        .collect();
    Some(Scorecard {
        subject: card.str("subject").map(str::to_string),
        roles,
        items,
    })
}

pub fn tables<'a>(t: &'a Table, key: &str) -> impl Iterator<Item = &'a Table> {
    t.get(key)
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_table)
}
