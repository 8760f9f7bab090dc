//! The words of breached deadlines (`itc list --breached`, the report's breached incidents):
//! what a deadline is, whether the thing is still open, and the heads of the breaches table.

use crate::facts::deadline::Source;
use crate::time::Clock;
use crate::{Lang, Words};

/// The heads of the breaches table and Markdown, for people.
pub const BREACH_HEAD: [Words; 8] = [
    Words::new("编号", "id"),
    Words::new("类别", "kind"),
    Words::new("标题", "title"),
    Words::new("期限", "deadline"),
    Words::new("责任人", "owner"),
    Words::new("截止", "due"),
    Words::new("完成", "done"),
    Words::new("逾期时长", "late by"),
];

/// In the "done" column of a breach not done yet.
pub const STILL_OPEN: Words = Words::new("未完成", "open");

/// The caption of the report's table of incidents: the P1/P2 ones and every other one past its
/// SLA.
pub const SEVERE_OR_BREACHED: Words = Words::new(
    "P1/P2 及超时限故障",
    "P1/P2 incidents and incidents over their SLA",
);

pub const NO_SEVERE_OR_BREACHED: Words = Words::new(
    "本期无 P1/P2 或超时限故障",
    "No P1/P2 incidents and none over its SLA in the period",
);

/// How late a deadline was met, or is while still open: `5h 20m late`.
pub fn late_by(lang: Lang, late: crate::time::Duration) -> String {
    match lang {
        Lang::Zh => format!("逾期 {}", super::units::duration(lang, late)),
        Lang::En => format!("{late} late"),
    }
}

/// How many breaches are listed (the line under the table).
pub fn breaches_listed(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {n} 项逾期\n"),
        Lang::En => format!("{n} breaches\n"),
    }
}

/// What a deadline is, in the output language: `corrective action #1 name`, `P3 repair limit 24h`.
pub fn deadline_name(lang: Lang, source: &Source, part: Option<&str>) -> String {
    let part = part.unwrap_or("");
    let zh = lang == Lang::Zh;
    match source {
        Source::StageLimit { stage, limit } => {
            if zh {
                format!(
                    "{}阶段时限 {}",
                    stage.zh,
                    super::units::duration(lang, *limit)
                )
            } else {
                format!("{} time limit of {limit}", stage.en)
            }
        }
        Source::Sla {
            severity,
            sla,
            clock,
        } => match (zh, *clock == Clock::Service) {
            (true, false) => format!("{severity} 修复时限 {}", super::units::duration(lang, *sla)),
            (true, true) => format!(
                "{severity} 修复时限 {}(按服务时间计)",
                super::units::duration(lang, *sla)
            ),
            (false, false) => format!("{severity} repair limit of {sla}"),
            (false, true) => format!("{severity} repair limit of {sla} in service hours"),
        },
        Source::PlannedEnd => if zh {
            "计划完成日期"
        } else {
            "planned end"
        }
        .to_string(),
        Source::AppraisalDue => if zh {
            "考核完成期限"
        } else {
            "appraisal due date"
        }
        .to_string(),
        Source::DrillScheduled => if zh {
            "演练计划日期"
        } else {
            "scheduled date"
        }
        .to_string(),
        Source::FindingDue => {
            if zh {
                format!("隐患 {part} 整改期限")
            } else {
                format!("finding {part}")
            }
        }
        Source::PlanItemDue => {
            if zh {
                format!("计划事项 {part}")
            } else {
                format!("plan item {part}")
            }
        }
        Source::ActionDue => {
            if zh {
                format!("整改措施 {part}")
            } else {
                format!("corrective action {part}")
            }
        }
    }
}

/// The descriptions of `list --breached`'s rows and of the item owners in the output schemas.
pub mod schema {
    use crate::Words;

    pub const RECORD_ROW: Words = Words::new("一条记录", "A record");
    pub const BREACH_ROW: Words = Words::new(
        "--breached:一项逾期(期限已过才完成,或仍未完成)",
        "--breached: a breach (done after its deadline, or still open)",
    );
    pub const KEY: Words = Words::new(
        "期限的稳定代码(见 docs/scripting.md)",
        "The deadline's stable key (docs/scripting.md)",
    );
    pub const WHAT: Words = Words::new(
        "按 --lang 翻译的期限名",
        "The deadline, in the output language",
    );
    pub const DONE: Words = Words::new(
        "完成时间;截至 as-of 仍未完成为 null",
        "When it was done; null while still open at the as-of",
    );
    pub const LATE: Words = Words::new(
        "超过期限的秒数:完成时间(仍未完成时为 as-of)减期限",
        "Seconds past the deadline: when done (the as-of while open) minus the deadline",
    );
    pub const OPEN: Words = Words::new("截至 as-of 仍未完成", "Not done by the as-of");
    pub const OWNER: Words = Words::new(
        "责任人:事项有自己的责任人时为其责任人,否则为记录的责任人",
        "Who answers for it: the item's owner where it names one, else the record's",
    );
    pub const PART_OWNER: Words = Words::new(
        "事项自己的责任人(计划事项、整改措施)",
        "The item's own owner (a plan item, a corrective action)",
    );
}
