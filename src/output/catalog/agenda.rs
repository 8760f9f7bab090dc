//! The words of `itc agenda`: what a deadline asks, how long overdue or left, the groups, the
//! robots' headings and the sheet's columns.

use crate::facts::deadline::Source;
use crate::time::Duration;
use crate::{Lang, Words};

pub const UNASSIGNED: Words = Words::new("未指派", "unassigned");
pub const NOTHING: Words = Words::new("没有超时或即将到期的事项。", "Nothing overdue or due.");
pub const TITLE: Words = Words::new("待办", "Agenda");
pub const SHEET: Words = Words::new("待办", "Agenda");
pub const OVERDUE: Words = Words::new("超时", "overdue");
pub const DUE: Words = Words::new("到期", "due");

/// The sheet's columns.
pub const COLUMNS: [Words; 11] = [
    Words::new("负责人", "owner"),
    Words::new("姓名", "name"),
    Words::new("编号", "id"),
    Words::new("类别", "kind"),
    Words::new("标题", "title"),
    Words::new("期限", "deadline key"),
    Words::new("事项", "what"),
    Words::new("截止", "deadline"),
    Words::new("状态", "state"),
    Words::new("小时数", "hours"),
    Words::new("说明", "overdue or left"),
];

/// `--within`'s word for the current week, in either language.
pub const THIS_WEEK: Words = Words::new("本周", "this-week");

/// The JSON Schema's description of the output.
pub const SCHEMA: Words = Words::new(
    "itc agenda --format json:已超时和在期限内到期的事项,按负责人分组(未指派的在最后),最紧急的在前;seconds 为超时或剩余的秒数。",
    "itc agenda --format json: deadlines overdue and due within the window, grouped by owner (the unassigned last), most urgent first; seconds is how long overdue or left.",
);

pub const BAD_WITHIN: Words = Words::new(
    "--within 应为时长(如 `7d`、`36h`)或 本周/this-week",
    "--within takes a duration (7d, 36h) or this-week/本周",
);

/// A span in whole units, rounded down: minutes under an hour, hours under three days, else
/// days and hours.
fn span(lang: Lang, d: Duration) -> String {
    let s = d.seconds().max(0);
    let zh = lang == Lang::Zh;
    let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3600, s / 60);
    match (s < 3600, s < 3 * 86_400, zh) {
        (true, _, true) => format!("{minutes} 分钟"),
        (true, _, false) => format!("{minutes}m"),
        (false, true, true) => format!("{} 小时", s / 3600),
        (false, true, false) => format!("{}h", s / 3600),
        (false, false, true) if hours == 0 => format!("{days} 天"),
        (false, false, true) => format!("{days} 天 {hours} 小时"),
        (false, false, false) if hours == 0 => format!("{days}d"),
        (false, false, false) => format!("{days}d {hours}h"),
    }
}

/// `超时 25 小时` / `25h overdue`, `剩余 3 天` / `3d left`.
pub fn standing(lang: Lang, overdue: bool, by: Duration) -> String {
    let s = span(lang, by);
    match (lang, overdue) {
        (Lang::Zh, true) => format!("超时 {s}"),
        (Lang::Zh, false) => format!("剩余 {s}"),
        (Lang::En, true) => format!("{s} overdue"),
        (Lang::En, false) => format!("{s} left"),
    }
}

/// What the deadline asks for, whether met yet or not: `P1 修复时限 4 小时`.
pub fn what(lang: Lang, source: &Source, part: Option<&str>) -> String {
    let p = part.unwrap_or("");
    let zh = lang == Lang::Zh;
    match source {
        Source::StageLimit { stage, limit } if zh => {
            format!(
                "{}阶段时限 {}",
                stage.zh,
                super::units::duration(lang, *limit)
            )
        }
        Source::StageLimit { stage, limit } => format!("{} time limit of {limit}", stage.en),
        Source::Sla { severity, sla, .. } if zh => {
            format!(
                "恢复:{severity} 修复时限 {}",
                super::units::duration(lang, *sla)
            )
        }
        Source::Sla { severity, sla, .. } => format!("restore: {severity} limit of {sla}"),
        Source::PlannedEnd if zh => "验收:计划完成日期".into(),
        Source::PlannedEnd => "acceptance: planned end".into(),
        Source::AppraisalDue if zh => "考核结果期限".into(),
        Source::AppraisalDue => "appraisal result due".into(),
        Source::DrillScheduled if zh => "演练计划日期".into(),
        Source::DrillScheduled => "drill scheduled".into(),
        Source::FindingDue if zh => format!("隐患 {p} 整改期限"),
        Source::FindingDue => format!("finding {p} to fix"),
        Source::PlanItemDue if zh => format!("计划事项 {p}"),
        Source::PlanItemDue => format!("plan item {p}"),
        Source::ActionDue if zh => format!("整改措施 {p}"),
        Source::ActionDue => format!("corrective action {p}"),
    }
}

/// The closing line: `3 项超时,2 项将到期(至 2027-01-08 00:00)`.
pub fn summary(lang: Lang, overdue: usize, due: usize, until: &str) -> String {
    match lang {
        Lang::Zh => format!("{overdue} 项超时,{due} 项将到期(截至 {until})"),
        Lang::En => format!("{overdue} overdue, {due} due by {until}"),
    }
}

/// A robot's message cut at its limit: `…另有 5 项` / `…5 more`.
pub fn more(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("…另有 {n} 项"),
        Lang::En => format!("…{n} more"),
    }
}

/// A robot's heading: `待办 2026-12-31`.
pub fn heading(lang: Lang, day: &str) -> String {
    format!("{} {day}", TITLE.get(lang))
}

/// Text for the deadline in an item line: `截止 2026-03-01 17:00` / `due 2026-03-01 17:00`.
pub fn deadline(lang: Lang, due: &str) -> String {
    match lang {
        Lang::Zh => format!("截止 {due}"),
        Lang::En => format!("due {due}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_round_down_to_their_unit() {
        // 25h 59m is 25 hours; 3 days and 1 hour is "3d 1h"; 59 minutes stays in minutes.
        let h = |s: i64| Duration(s);
        assert_eq!(
            standing(Lang::Zh, true, h(25 * 3600 + 59 * 60)),
            "超时 25 小时"
        );
        assert_eq!(standing(Lang::En, true, h(25 * 3600)), "25h overdue");
        assert_eq!(
            standing(Lang::En, false, h(3 * 86_400 + 3600)),
            "3d 1h left"
        );
        assert_eq!(standing(Lang::Zh, false, h(4 * 86_400)), "剩余 4 天");
        assert_eq!(standing(Lang::En, false, h(59 * 60 + 59)), "59m left");
    }
}
