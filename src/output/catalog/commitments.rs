//! The words of commitments: a KPI item judged on the commitment in force (`late_change`), and
//! `diff`'s section of commitment changes.

use chrono::NaiveDate;

use crate::{Lang, Words};

/// A KPI item judged on the commitment in force rather than on `written`; `then` is the
/// wrapped reason, worded.
pub fn late_change(
    lang: Lang,
    field: &str,
    written: &str,
    late: Option<NaiveDate>,
    then: &str,
) -> String {
    match (lang, late) {
        (Lang::Zh, Some(d)) => {
            format!("{field} 于 {d} 改为 {written},晚于原承诺,按原承诺计;{then}")
        }
        (Lang::Zh, None) => {
            format!("{field} 的 {written} 无相符的变更记录,按变更记录中的承诺计;{then}")
        }
        (Lang::En, Some(d)) => format!(
            "{field} changed to {written} on {d}, after the commitment it changed had passed: judged on that commitment; {then}"
        ),
        (Lang::En, None) => format!(
            "{field} {written} has no matching change entry: judged on the recorded commitment; {then}"
        ),
    }
}

/// The heading of `diff`'s section of commitment changes.
pub const SECTION: Words = Words::new("承诺变更", "Commitment changes");

/// A commitment changed between the two sides without a change entry.
pub const NO_ENTRY: Words = Words::new("无变更记录", "no change entry");

/// `(change entry 2026-09-01, approved by 陈明)`.
pub fn with_entry(lang: Lang, date: &str, approved_by: &str) -> String {
    match lang {
        Lang::Zh => format!("变更记录 {date},批准人 {approved_by}"),
        Lang::En => format!("change entry {date}, approved by {approved_by}"),
    }
}

/// The schema's descriptions of `diff`'s `commitments`.
pub const SCHEMA_LIST: Words = Words::new(
    "两边取值不同的承诺(项目的计划完成日期与预算、演练计划日期、考核期限、隐患与计划事项的期限、计划事项状态、故障级别),按记录编号",
    "The commitments whose value differs between the two sides (a project's planned end and budget, a drill's scheduled date, an appraisal's due date, a finding's or plan item's due date, a plan item's status, an incident's severity), by record id",
);
pub const SCHEMA_PATH: Words = Words::new(
    "字段路径,如 planned_end 或 inspection.findings[0].due",
    "The field path, such as planned_end or inspection.findings[0].due",
);
pub const SCHEMA_ENTRY: Words = Words::new(
    "改动之后新增的、导向新值的变更记录;没有时为 null",
    "The change entry added on the new side that leads to the new value; null without one",
);
pub const SCHEMA_APPROVED_BY: Words = Words::new(
    "批准人(名册中有此人时为其姓名)",
    "Who approved it (the roster's name where there is one)",
);
