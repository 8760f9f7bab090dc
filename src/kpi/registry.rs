//! The one table of KPIs: each entry gives the key, the names in zh and en, the unit, the
//! direction and unit of its target, the kinds of record it reads, and the function that
//! computes it. Adding a KPI is one entry of `registry!`; a KPI is named in code by its `Key`
//! variant, so an unknown key is a compile error.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::{Ctx, Item, Unit, delivery, operations, people, security};

/// The roles whose holder the KPIs appraise, the information center's manager, as the zh and en
/// `init` templates write it: the scorecard's subject when it names none (`crate::score`).
pub const MANAGER_ROLES: &[&str] = &["综合信息中心经理", "Manager of the information center"];

/// What a KPI's family function gives: its items and its typed details.
pub type Out = (Vec<Item>, Details);

/// Whether a KPI's target is a least or a most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Met when the value is at least the target.
    AtLeast,
    /// Met when the value is at most the target (cost control, security incidents).
    AtMost,
}

/// What a `[targets]` value measures, and so which values make sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetUnit {
    /// A share (of time or of counted things): `0 ≤ v ≤ 1`, written 0.999, not 99.9.
    Ratio,
    /// Actual cost over budget, a maximum: `0 ≤ v < 10` (1.05 allows 5 % over budget; 10 or
    /// more is a percentage written as a number).
    CostRatio,
    /// A number of events, a maximum: a whole number `≥ 0`.
    Count,
}

/// A KPI's definition.
pub struct Def {
    pub key: Key,
    /// The stable key of outputs and `[targets]`: `availability`, …
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub unit: Unit,
    pub direction: Direction,
    pub target_unit: TargetUnit,
    /// The kinds of record it reads, so that a report of a few KPIs loads only those.
    pub kinds: &'static [&'static str],
    pub compute: fn(&Ctx<'_>) -> Out,
}

/// Declares `Key` (one variant per KPI, in the order reports list them) and `DEFS` (the
/// definitions, in the same order) from one list of entries.
macro_rules! registry {
    ($(
        $variant:ident {
            id: $id:literal,
            zh: $zh:literal,
            en: $en:literal,
            unit: $unit:ident,
            direction: $direction:ident,
            target: $target:ident,
            kinds: [$($kind:literal),+ $(,)?],
            compute: $compute:path $(,)?
        }
    )+) => {
        /// A KPI, by name: the variants are in the order reports list them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Key {
            $($variant),+
        }

        /// Every KPI's definition, in the order of `Key`.
        pub static DEFS: &[Def] = &[
            $(Def {
                key: Key::$variant,
                id: $id,
                zh: $zh,
                en: $en,
                unit: Unit::$unit,
                direction: Direction::$direction,
                target_unit: TargetUnit::$target,
                kinds: &[$($kind),+],
                compute: $compute,
            }),+
        ];
    };
}

registry! {
    Availability {
        id: "availability",
        zh: "信息系统稳定运行率",
        en: "System availability",
        unit: Time,
        direction: AtLeast,
        target: Ratio,
        kinds: ["incident"],
        compute: operations::availability,
    }
    RepairTimeliness {
        id: "repair_timeliness",
        zh: "故障修复及时率",
        en: "Fault repair timeliness",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["incident"],
        compute: operations::repair_timeliness,
    }
    BackupSuccess {
        id: "backup_success",
        zh: "数据备份成功率",
        en: "Backup success rate",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["backup"],
        compute: operations::backup_success,
    }
    RestoreSuccess {
        id: "restore_success",
        zh: "数据恢复成功率",
        en: "Restore success rate",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["backup", "drill"],
        compute: operations::restore_success,
    }
    DataQuality {
        id: "data_quality",
        zh: "数据质量",
        en: "Data quality",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["data"],
        compute: operations::data_quality,
    }
    OnTimeDelivery {
        id: "on_time_delivery",
        zh: "项目按时交付率",
        en: "On-time delivery",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["project"],
        compute: delivery::on_time_delivery,
    }
    AcceptancePass {
        id: "acceptance_pass",
        zh: "项目质量验收通过率",
        en: "Acceptance pass rate",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["project"],
        compute: delivery::acceptance_pass,
    }
    CostControl {
        id: "cost_control",
        zh: "项目成本控制",
        en: "Project cost control",
        unit: Money,
        direction: AtMost,
        target: CostRatio,
        kinds: ["project"],
        compute: delivery::cost_control,
    }
    SecurityIncidents {
        id: "security_incidents",
        zh: "信息安全事件发生率",
        en: "Security incidents",
        unit: Count,
        direction: AtMost,
        target: Count,
        kinds: ["incident"],
        compute: security::security_incidents,
    }
    Rectification {
        id: "rectification",
        zh: "安全隐患整改及时率",
        en: "Rectification timeliness",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["security"],
        compute: security::rectification,
    }
    DrillExecution {
        id: "drill_execution",
        zh: "应急演练执行率",
        en: "Drill execution rate",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["drill"],
        compute: security::drill_execution,
    }
    DrillPass {
        id: "drill_pass",
        zh: "应急演练达标率",
        en: "Drill pass rate",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["drill"],
        compute: security::drill_pass,
    }
    AppraisalExecution {
        id: "appraisal_execution",
        zh: "绩效考核计划执行率",
        en: "Appraisal plan execution",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["appraisal"],
        compute: people::appraisal_execution,
    }
    GoalCompletion {
        id: "goal_completion",
        zh: "绩效目标完成率",
        en: "Goal completion",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["appraisal"],
        compute: people::goal_completion,
    }
    EmployeeSatisfaction {
        id: "employee_satisfaction",
        zh: "员工满意度",
        en: "Employee satisfaction",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["survey"],
        compute: people::employee_satisfaction,
    }
    BusinessSatisfaction {
        id: "business_satisfaction",
        zh: "业务部门满意度",
        en: "Business satisfaction",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["survey"],
        compute: people::business_satisfaction,
    }
    PlanCompletion {
        id: "plan_completion",
        zh: "年度计划完成率",
        en: "Annual plan completion",
        unit: Rate,
        direction: AtLeast,
        target: Ratio,
        kinds: ["plan"],
        compute: delivery::plan_completion,
    }
}

impl Key {
    /// Every KPI, in the order reports list them.
    pub fn all() -> impl Iterator<Item = Key> {
        DEFS.iter().map(|d| d.key)
    }

    pub fn def(self) -> &'static Def {
        &DEFS[self as usize]
    }

    /// The stable key of outputs and `[targets]`.
    pub fn as_str(self) -> &'static str {
        self.def().id
    }

    /// The fields the KPI reads whose rejected value (`Facts::rejected`) makes an item not met:
    /// those not already read as absent and counted against (a missing occurrence time has a
    /// stand-in, a missing outage window one too, an unknown impact weighs full).
    pub fn reads(self) -> &'static [&'static str] {
        match self {
            Key::Availability => &[],
            Key::RepairTimeliness => &["report.occurred_at", "handling.restored_at", "severity"],
            Key::BackupSuccess => &["period", "jobs", "succeeded"],
            Key::RestoreSuccess => &[
                "period",
                "restore_tests",
                "restores_succeeded",
                "type",
                "executed.started_at",
                "executed.result",
            ],
            Key::DataQuality => &[
                "cleansing.records_in",
                "cleansing.records_rejected",
                "cleansing.duplicates_removed",
            ],
            Key::OnTimeDelivery => &["planned_end", "acceptance.accepted_on"],
            Key::AcceptancePass => &["acceptance.accepted_on"],
            Key::CostControl => &["budget", "acceptance.actual_cost", "acceptance.accepted_on"],
            Key::SecurityIncidents => &["category", "security_level", "report.occurred_at"],
            Key::Rectification => &[],
            Key::DrillExecution => &["scheduled_on", "executed.started_at"],
            Key::DrillPass => &[
                "type",
                "rto",
                "rpo",
                "executed.started_at",
                "executed.result",
                "executed.recovered_at",
                "executed.data_loss",
            ],
            Key::AppraisalExecution => &["due_on", "result.at"],
            Key::GoalCompletion => &["result.at"],
            Key::EmployeeSatisfaction | Key::BusinessSatisfaction => {
                &["audience", "scale", "conducted.at"]
            }
            Key::PlanCompletion => &[],
        }
    }

    /// The KPI whose stable key is `s`.
    pub fn parse(s: &str) -> Option<Key> {
        DEFS.iter().find(|d| d.id == s).map(|d| d.key)
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The figures a KPI gives beside its value, typed; JSON gives them as `extra`, an object
/// whose keys are the field names (an empty object for a KPI without details).
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Details {
    None {},
    Availability {
        systems: Vec<SystemAvailability>,
    },
    Repair {
        mttr_mean_s: Option<f64>,
        mttr_median_s: Option<f64>,
        restored: usize,
    },
    Cost {
        over_budget: Vec<OverBudget>,
        cost_warn: f64,
        cost_limit: f64,
    },
    Security {
        by_level: BTreeMap<String, u64>,
        by_month: BTreeMap<String, u64>,
    },
    Drills {
        core_without_passed_drill: Vec<String>,
    },
    Satisfaction {
        mean: Option<f64>,
        n: f64,
    },
}

/// One system's availability in the period.
#[derive(Clone, Debug, Serialize)]
pub struct SystemAvailability {
    pub system: String,
    pub name: String,
    pub criticality: String,
    pub service_s: i64,
    pub downtime_s: f64,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub verdict: super::Verdict,
}

/// Whether a project's cost passed the warning line or the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CostLevel {
    Warn,
    Limit,
}

/// A project over its budget's warning line or limit.
#[derive(Clone, Debug, Serialize)]
pub struct OverBudget {
    pub id: String,
    pub budget: f64,
    pub actual_cost: f64,
    pub deviation: f64,
    pub level: CostLevel,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_order_of_its_keys_and_every_key_is_unique() {
        for (i, d) in DEFS.iter().enumerate() {
            assert_eq!(d.key as usize, i, "{}", d.id);
            assert_eq!(Key::parse(d.id), Some(d.key));
        }
        let mut ids: Vec<&str> = DEFS.iter().map(|d| d.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), DEFS.len());
        assert_eq!(Key::parse("plan"), None);
    }

    #[test]
    fn a_maximum_target_is_a_cost_ratio_or_a_count() {
        for d in DEFS {
            assert_eq!(
                d.direction == Direction::AtMost,
                d.target_unit != TargetUnit::Ratio,
                "{}",
                d.id
            );
        }
    }

    #[test]
    fn details_serialize_as_the_objects_scripts_read() {
        let none = serde_json::to_string(&Details::None {}).unwrap();
        assert_eq!(none, "{}");
        let repair = Details::Repair {
            mttr_mean_s: Some(90.0),
            mttr_median_s: None,
            restored: 2,
        };
        assert_eq!(
            serde_json::to_string(&repair).unwrap(),
            r#"{"mttr_mean_s":90.0,"mttr_median_s":null,"restored":2}"#
        );
        assert_eq!(
            serde_json::to_string(&CostLevel::Limit).unwrap(),
            r#""limit""#
        );
    }
}
