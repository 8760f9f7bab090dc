//! The workflow rules as data: kinds, folders, prefixes, labels, stages, fields and their types,
//! ranges, list minimums, conditional requirements and stage time limits. The built-in rules are
//! one embedded file (`builtin.toml`); a repository's `rules.toml` replaces or extends them
//! (`load`). Checks, JSON Schemas and diagrams are all derived from this model.

pub mod load;
pub mod schema;
pub mod write;

use crate::diag::TypeName;
use crate::time::Duration;

pub const BUILTIN: &str = include_str!("builtin.toml");
pub const CONFIG_SCHEMA: &str = include_str!("config.toml");

pub use crate::Label;

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Text,
    Int,
    Number,
    Bool,
    Date,
    /// A date-time; with `allow_date` on the field a plain date is accepted too.
    DateTime,
    Duration,
    Enum(Vec<String>),
    Person,
    System,
    /// An existing record id, of the given kind where set.
    Record(Option<String>),
    /// `2026`, `2026-H1`, `2026-Q3`, `2026-07`.
    Period,
    /// A system's service hours: `24x7` or `mon-fri 08:30-17:30`.
    Hours,
    /// A UTC offset such as `+08:00`.
    Timezone,
    List(Box<Type>),
    TableList(Vec<Field>),
    Table(Vec<Field>),
    /// A table whose keys are free and whose values are all of one type.
    Map(Box<Type>),
}

impl Type {
    /// The name used in the rules file and in messages.
    pub fn name(&self) -> &'static str {
        match self {
            Type::Text => "text",
            Type::Int => "int",
            Type::Number => "number",
            Type::Bool => "bool",
            Type::Date => "date",
            Type::DateTime => "datetime",
            Type::Duration => "duration",
            Type::Enum(_) => "enum",
            Type::Person => "person",
            Type::System => "system",
            Type::Record(_) => "record",
            Type::Period => "period",
            Type::Hours => "hours",
            Type::Timezone => "timezone",
            Type::List(_) => "list",
            Type::TableList(_) => "table_list",
            Type::Table(_) => "table",
            Type::Map(_) => "map",
        }
    }

    /// How the type reads in a message (worded by the catalog): `list of person` / `人员列表`,
    /// `enum P1|P2` / `枚举 P1|P2`.
    pub fn describe(&self) -> TypeName {
        match self {
            Type::Text => TypeName::Text,
            Type::Int => TypeName::Int,
            Type::Number => TypeName::Number,
            Type::Bool => TypeName::Bool,
            Type::Date => TypeName::Date,
            Type::DateTime => TypeName::DateTime,
            Type::Duration => TypeName::Duration,
            Type::Enum(values) => TypeName::Enum(values.join("|")),
            Type::Person => TypeName::Person,
            Type::System => TypeName::System,
            Type::Record(kind) => TypeName::Record(kind.clone()),
            Type::Period => TypeName::Period,
            Type::Hours => TypeName::Hours,
            Type::Timezone => TypeName::Timezone,
            Type::List(of) => TypeName::List(Box::new(of.describe())),
            Type::TableList(_) => TypeName::TableList,
            Type::Table(_) => TypeName::Table,
            Type::Map(of) => TypeName::Map(Box::new(of.describe())),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    Is(String),
    In(Vec<String>),
    Present,
}

/// "When `field` is `value`": conditions look at the record's top-level fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Cond {
    pub field: String,
    pub test: Test,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub label: Label,
    pub ty: Type,
    pub required: bool,
    /// Required when any of these holds.
    pub when: Vec<Cond>,
    pub min: Option<f64>,
    pub min_exclusive: bool,
    pub max: Option<f64>,
    pub min_items: usize,
    /// A warning below this many items (e.g. fewer than two vendor candidates).
    pub warn_items: usize,
    pub allow_date: bool,
    /// The value assumed when the field is absent, as documentation and schema default.
    pub default: Option<String>,
    /// The value may lie ahead of today (a deadline or a plan): no "in the future" warning.
    pub future: bool,
    /// Needed as soon as its stage is entered (a KPI fact), not only once the stage is complete.
    pub entry: bool,
    /// A commitment: the sibling table list that records each change of it (`date`, `from`,
    /// `to`, `reason`, `approved_by`), e.g. `baseline_changes` for a project's `planned_end`.
    pub changes: Option<String>,
    /// The words of an enum's values (`good` → 良好 / good), for people: printed in the human
    /// and Markdown outputs and accepted on input for the value. A value without one is shown
    /// as written.
    pub labels: Vec<(String, Label)>,
}

impl Field {
    pub fn new(name: &str, ty: Type) -> Field {
        Field {
            name: name.to_string(),
            label: Label::default(),
            ty,
            required: false,
            when: Vec::new(),
            min: None,
            min_exclusive: false,
            max: None,
            min_items: 0,
            warn_items: 0,
            allow_date: false,
            default: None,
            future: false,
            entry: false,
            changes: None,
            labels: Vec::new(),
        }
    }

    /// The words of one of this enum's values, if the rules give it some.
    pub fn value_label(&self, value: &str) -> Option<&Label> {
        self.labels.iter().find(|(v, _)| v == value).map(|(_, l)| l)
    }

    /// The value a label (Chinese or English, as written in the rules) stands for: `良好` →
    /// `good`. A value itself is not a label.
    pub fn value_of_label(&self, text: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(_, l)| l.zh == text || l.en == text)
            .map(|(v, _)| v.as_str())
    }

    pub fn is_conditional(&self) -> bool {
        !self.when.is_empty()
    }
}

/// A top-level field a stage needs once it is complete (`planned_end` to leave implementation).
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    pub field: String,
    pub when: Vec<Cond>,
    /// Needed as soon as the stage is entered (`entry = true`), not only once it is complete.
    pub entry: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub key: String,
    pub label: Label,
    pub start: bool,
    pub optional: bool,
    pub fields: Vec<Field>,
    pub requires: Vec<Requirement>,
    pub time_limit: Option<Duration>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Kind {
    pub key: String,
    pub folder: String,
    pub prefix: String,
    pub label: Label,
    pub fields: Vec<Field>,
    pub stages: Vec<Stage>,
    /// Time-order pairs `(earlier, later)`: `earlier ≤ later` whenever both are present. Paths
    /// are `field`, `stage.field`, `stage.at`, `stage.list[].field` (`order` in the rules).
    pub order: Vec<(String, String)>,
}

impl Kind {
    pub fn stage_index(&self, key: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.key == key)
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn start_stages(&self) -> impl Iterator<Item = &Stage> {
        self.stages.iter().filter(|s| s.start)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// Fields every record has at the top level (`id`, `title`, `stage`, `owner` …).
    pub common: Vec<Field>,
    /// Fields every stage section has (`at`, `by`).
    pub stage_common: Vec<Field>,
    pub kinds: Vec<Kind>,
}

impl Rules {
    pub fn kind(&self, key: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.key == key)
    }

    pub fn kind_index_by_folder(&self, folder: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.folder == folder)
    }

    /// The built-in rules. They are tested to load without a finding, so a failure here is a bug
    /// in this program, reported as an ordinary error rather than a panic.
    pub fn builtin() -> Result<Rules, Vec<crate::diag::Diag>> {
        load::parse_rules(BUILTIN, "<builtin rules>", None)
    }

    /// The fields of one stage as a record sees them: the stage's own, then the common stage
    /// fields the stage does not redefine.
    pub fn stage_fields<'a>(&'a self, stage: &'a Stage) -> impl Iterator<Item = &'a Field> {
        stage.fields.iter().chain(
            self.stage_common
                .iter()
                .filter(move |c| !stage.fields.iter().any(|f| f.name == c.name)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load_cleanly_with_nine_kinds() {
        let rules = match Rules::builtin() {
            Ok(r) => r,
            Err(d) => panic!("builtin rules have findings: {d:?}"),
        };
        let keys: Vec<&str> = rules.kinds.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "incident",
                "project",
                "drill",
                "appraisal",
                "plan",
                "data",
                "security",
                "survey",
                "backup"
            ]
        );
        let incident = rules.kind("incident").unwrap();
        let starts: Vec<&str> = incident.start_stages().map(|s| s.key.as_str()).collect();
        assert_eq!(starts, ["alert", "report"]);
    }
}
