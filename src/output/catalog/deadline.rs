//! The words of a deadline not met (`facts::deadline::Source`): what is overdue, as `list`,
//! `show` and the report's overdue section say it.

use crate::Lang;
use crate::facts::deadline::Source;
use crate::status::Overdue;
use crate::time::Clock;

/// What is overdue, in the output language: `not accepted by its planned end 2026-06-30`.
pub fn overdue(lang: Lang, o: &Overdue) -> String {
    let due = o.due;
    let part = o.part.as_deref().unwrap_or("");
    let zh = lang == Lang::Zh;
    match &o.source {
        Source::StageLimit { stage, limit } => {
            if zh {
                format!(
                    "{}阶段超过时限 {}",
                    stage.zh,
                    super::units::duration(lang, *limit)
                )
            } else {
                format!("{} past its time limit of {limit}", stage.en)
            }
        }
        Source::Sla {
            severity,
            sla,
            clock,
        } => match (zh, *clock == Clock::Service) {
            (true, false) => format!(
                "未恢复,超过 {severity} 修复时限 {}",
                super::units::duration(lang, *sla)
            ),
            (true, true) => format!(
                "未恢复,超过 {severity} 修复时限 {}(按服务时间计)",
                super::units::duration(lang, *sla)
            ),
            (false, false) => format!("not restored past the {severity} limit of {sla}"),
            (false, true) => {
                format!("not restored past the {severity} limit of {sla} in service hours")
            }
        },
        Source::PlannedEnd => {
            if zh {
                format!("未验收,计划完成日期 {due} 已过")
            } else {
                format!("not accepted by its planned end {due}")
            }
        }
        Source::AppraisalDue => {
            if zh {
                format!("未出考核结果,期限 {due} 已过")
            } else {
                format!("no result by its due date {due}")
            }
        }
        Source::DrillScheduled => {
            if zh {
                format!("未实施,计划日期 {due} 已过")
            } else {
                format!("not executed by its scheduled date {due}")
            }
        }
        Source::FindingDue => {
            if zh {
                format!("隐患 {part} 未整改,期限 {due} 已过")
            } else {
                format!("finding {part} not fixed by {due}")
            }
        }
        Source::PlanItemDue => {
            if zh {
                format!("计划事项 {part} 未完成,时间节点 {due} 已过")
            } else {
                format!("plan item {part} not done by {due}")
            }
        }
        Source::ActionDue => {
            if zh {
                format!("整改措施 {part} 未完成,期限 {due} 已过")
            } else {
                format!("corrective action {part} not done by {due}")
            }
        }
    }
}
