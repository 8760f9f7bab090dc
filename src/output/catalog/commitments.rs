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
