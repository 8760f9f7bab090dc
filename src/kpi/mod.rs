//! The appraisal KPIs of DESIGN.md §5: keys, names, and their computation over a period.

/// The KPI keys, in the order reports list them.
pub const KEYS: &[&str] = &[
    "availability",
    "repair_timeliness",
    "backup_success",
    "restore_success",
    "data_quality",
    "on_time_delivery",
    "acceptance_pass",
    "cost_control",
    "security_incidents",
    "rectification",
    "drill_execution",
    "drill_pass",
    "appraisal_execution",
    "goal_completion",
    "employee_satisfaction",
    "business_satisfaction",
    "plan_completion",
];
