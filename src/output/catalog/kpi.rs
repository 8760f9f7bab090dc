//! The words of the KPIs: why an item was counted or left out (`kpi::Reason`), as
//! `kpi --explain` and its JSON give them; and the words of the KPI reports around the figures
//! (columns, verdicts, secondary figures, the period line).

use chrono::NaiveDate;

use crate::kpi::{DateOf, Deed, Reason};
use crate::time::Clock;
use crate::{Lang, Words};

/// A deed as the Chinese reads it (`验收`), as the English says it was done (`accepted`), and as
/// the English says it was not (`not accepted`).
fn deed(d: Deed) -> (&'static str, &'static str, &'static str) {
    match d {
        Deed::Accepted => ("验收", "accepted", "not accepted"),
        Deed::Done => ("完成", "done", "not done"),
        Deed::ResultOn => ("出结果", "result on", "no result"),
        Deed::Fixed => ("整改", "fixed", "not fixed"),
        Deed::Executed => ("实施", "executed", "not executed"),
    }
}

/// The name of a date, in Chinese and in English.
fn date_of(d: DateOf) -> (&'static str, &'static str) {
    match d {
        DateOf::PlannedEnd => ("计划完成日期", "planned end"),
        DateOf::Acceptance => ("验收日期", "acceptance"),
        DateOf::PlanItemDue => ("时间节点", "item due"),
        DateOf::AppraisalDue => ("完成期限", "appraisal due"),
        DateOf::AppraisalResult => ("考核结果日期", "result"),
        DateOf::Survey => ("调查时间", "survey"),
        DateOf::Occurred => ("发生时间", "occurrence"),
        DateOf::FindingDue => ("整改期限", "finding due"),
        DateOf::DrillScheduled => ("计划日期", "scheduled date"),
        DateOf::DrillStarted => ("实施时间", "drill start"),
        DateOf::CleansingDone => ("数据清洗完成于", "cleansing done"),
    }
}

/// Why an item was counted or left out, in the output language.
pub fn reason(lang: Lang, r: &Reason) -> String {
    let zh = lang == Lang::Zh;
    // A duration in the output language (`1 天 1 小时 35 分` / `1d 1h 35m`).
    let hm = |seconds: i64| super::units::duration(lang, crate::time::Duration(seconds.max(0)));
    let w = |zh_text: &str, en_text: &str| if zh { zh_text } else { en_text }.to_string();
    // "(still open: counted to as-of)", after a duration.
    let open_text = |open: bool| match (open, zh) {
        (false, _) => "",
        (true, true) => "(未结束,计至统计截止时间)",
        (true, false) => " (still open: counted to as-of)",
    };
    use Reason::*;
    match r {
        DoneInTime { deed: d, on, due } => {
            let (dz, de, _) = deed(*d);
            if zh {
                format!("{on} {dz},不晚于 {due}")
            } else {
                format!("{de} {on}, by {due}")
            }
        }
        DoneLate { deed: d, on, due } => {
            let (dz, de, _) = deed(*d);
            if zh {
                format!("{on} {dz},晚于 {due}")
            } else {
                format!("{de} {on}, after {due}")
            }
        }
        NotDoneByDue { deed: d, due } => {
            let (dz, _, not_en) = deed(*d);
            if zh {
                format!("期限 {due} 已过,未{dz}")
            } else {
                format!("due {due}, {not_en}")
            }
        }
        NotYetDue { due } => {
            if zh {
                format!("期限 {due} 未到")
            } else {
                format!("due {due}, not yet due")
            }
        }
        NoDeadline { of, field } => {
            if zh {
                format!("没有{}({field})", date_of(*of).0)
            } else {
                format!("no {field}")
            }
        }
        Outside { of, on } => {
            let (what, what_en) = date_of(*of);
            if zh {
                format!("{what} {on} 不在统计周期内")
            } else {
                format!("{what_en} {on} is outside the period")
            }
        }
        FailedAcceptances { failed } => {
            if zh {
                format!("验收前有 {failed} 次未通过")
            } else {
                format!("{failed} failed acceptance(s) before passing")
            }
        }
        Cost {
            budget,
            actual,
            deviation,
        } => {
            let pct = format!("{:+.1}%", deviation * 100.0);
            if zh {
                format!("预算 {budget},实际 {actual}(偏差 {pct})")
            } else {
                format!("budget {budget}, actual {actual} (deviation {pct})")
            }
        }
        Goals { n, met, pass } => {
            if zh {
                format!("{n} 个目标中 {met} 个得分 ≥ {pass}")
            } else {
                format!("{met} of {n} goals scored ≥ {pass}")
            }
        }
        OtherAudience { audience } => {
            if zh {
                // The audience by its label, as builtin.toml words the field's values.
                let label = match *audience {
                    "team" => "团队",
                    "business" => "业务部门",
                    other => other,
                };
                format!("调查对象不是{label}")
            } else {
                format!("audience is not {audience}")
            }
        }
        Responses { total, top, scale } => {
            if zh {
                format!("{total} 份答卷中 {top} 份为 {}–{scale} 分", scale - 1)
            } else {
                format!("{top} of {total} responses scored {}–{scale}", scale - 1)
            }
        }
        PlannedMaintenance { took, open } => {
            let open = open_text(*open);
            if zh {
                format!("计划内维护 {}{open}:从服务时间和停机时间中扣除", hm(*took))
            } else {
                format!(
                    "planned maintenance {}{open}: removed from service time and downtime",
                    hm(*took)
                )
            }
        }
        Outage {
            system,
            took,
            open,
            impact,
            weight,
        } => {
            let open = open_text(*open);
            // The impact by its label, as builtin.toml words the field's values.
            let impact = match (zh, impact) {
                (true, crate::kpi::ImpactLevel::Full) => "完全中断",
                (true, crate::kpi::ImpactLevel::Partial) => "部分中断",
                (true, crate::kpi::ImpactLevel::None) => "无影响",
                (false, level) => level.as_str(),
            };
            if zh {
                format!(
                    "{system} 中断 {}{open},影响程度 {impact}(权重 {weight});与同系统重叠的中断只计一次",
                    hm(*took)
                )
            } else {
                format!(
                    "{system} outage {}{open}, impact {impact} (weight {weight}); overlaps on one system count once",
                    hm(*took)
                )
            }
        }
        Service { service, down } => {
            if zh {
                format!("服务时间 {},停机 {}", hm(*service), hm(*down))
            } else {
                format!("service {}, downtime {}", hm(*service), hm(*down))
            }
        }
        NoSla { severity } => {
            if zh {
                format!("itc.toml 未设 {severity} 的修复时限([sla.resolve])")
            } else {
                format!("no SLA for {severity} in [sla.resolve]")
            }
        }
        Restored {
            took,
            severity,
            limit,
            ok,
            clock,
        } => {
            let service = *clock == Clock::Service;
            let took = match (zh, service) {
                (true, true) => format!("{}(服务时间)", hm(*took)),
                (false, true) => format!("{} of service hours", hm(*took)),
                (_, false) => hm(*took),
            };
            match (zh, ok) {
                (true, true) => {
                    format!(
                        "修复用时 {took},在 {severity} 时限 {} 内",
                        hm(limit.seconds())
                    )
                }
                (true, false) => {
                    format!(
                        "修复用时 {took},超过 {severity} 时限 {}",
                        hm(limit.seconds())
                    )
                }
                (false, true) => {
                    format!("restored in {took}, within the {severity} limit of {limit}")
                }
                (false, false) => {
                    format!("restored in {took}, over the {severity} limit of {limit}")
                }
            }
        }
        UnrestoredPastDeadline { severity } => {
            if zh {
                format!("尚未恢复,{severity} 修复期限已过(计为超时)")
            } else {
                format!("not restored and past its {severity} deadline: late")
            }
        }
        CheckPeriodOutside { label } => {
            if zh {
                format!("核查周期 {label} 不在统计周期内")
            } else {
                format!("its period {label} is not within the KPI period")
            }
        }
        CheckPeriodOpen { label, through } => {
            if zh {
                format!("核查周期 {label} 截至 {through} 尚未结束")
            } else {
                format!("its period {label} has not ended by as-of ({through} inclusive)")
            }
        }
        Backups { jobs, ok } => {
            if zh {
                format!("备份作业 {jobs} 个,成功 {ok} 个")
            } else {
                format!("{ok} of {jobs} backup jobs succeeded")
            }
        }
        Restores { tests, ok } => {
            if zh {
                format!("恢复测试 {tests} 次,成功 {ok} 次")
            } else {
                format!("{ok} of {tests} restore tests succeeded")
            }
        }
        Cleansed { total_in, bad } => {
            if zh {
                format!("输入 {total_in} 条,剔除与去重 {bad} 条")
            } else {
                format!("{total_in} records in, {bad} rejected or duplicate")
            }
        }
        SecurityEvent { level } => {
            if zh {
                format!("{level} 级安全事件")
            } else {
                format!("level {level} security event")
            }
        }
        DrillResult { result } => {
            if zh {
                format!("演练结果为 {result}")
            } else {
                format!("result {result}")
            }
        }
        OverRto { took, rto } => {
            if zh {
                format!("恢复用时 {},超过 RTO {}", hm(*took), hm(*rto))
            } else {
                format!("recovery took {}, over the RTO of {}", hm(*took), hm(*rto))
            }
        }
        OverRpo { loss, rpo } => {
            if zh {
                format!("数据丢失 {},超过 RPO {}", hm(*loss), hm(*rpo))
            } else {
                format!("data loss {}, over the RPO of {}", hm(*loss), hm(*rpo))
            }
        }
        StandIn { field, by, then } => {
            let then = reason(lang, then);
            if zh {
                format!("缺少 {field},以 {by} 代替;{then}")
            } else {
                format!("no {field}: {by} stands in; {then}")
            }
        }
        LateChange {
            field,
            written,
            late,
            then,
        } => super::commitments::late_change(lang, field, written, *late, &reason(lang, then)),
        Rejected { field } => {
            if zh {
                format!("{field} 的值未通过检查,计为未达成")
            } else {
                format!("{field} holds a value check rejects: counted as not met")
            }
        }
        AfterAsOf { of } => {
            let (what, what_en) = date_of(*of);
            match (zh, of) {
                (true, _) => format!("{what}晚于统计截止时间"),
                (false, DateOf::Occurred) => "occurs after as-of".to_string(),
                (false, _) => format!("{what_en} after as-of"),
            }
        }
        MissingRecord { need, period } => super::coverage::missing_reason(lang, need, period),
        BeforeSince { since } => {
            if zh {
                format!("统计周期早于开始记录日期 {since}")
            } else {
                format!("the period lies before the records begin ({since})")
            }
        }
        NotAcceptedYet => w("尚未验收", "not accepted yet"),
        AcceptedFirstTime => w("一次验收通过", "passed acceptance the first time"),
        NoCost => w("缺少预算或实际成本", "no budget or actual cost"),
        PlanItemDropped => w("已取消", "dropped"),
        NoPlanItems => w(
            "计划没有事项(drafting.items)",
            "no plan items (drafting.items)",
        ),
        PlanNotDrafted => w("计划尚未编制事项", "the plan is not drafted yet"),
        NoResultYet => w("尚未出考核结果", "no result yet"),
        NotSurveyed => w("截至统计时间尚未调查", "not conducted by as-of"),
        NoOutageWindow => w(
            "没有已发生的中断时间窗(outage_start)",
            "no outage window (outage_start) by as-of",
        ),
        OutageOutside => w(
            "中断时间窗不在统计周期内",
            "the outage window is outside the period",
        ),
        NoImpact => w("影响程度为无影响:不计停机", "impact none: no downtime"),
        PlannedNotFault => w("计划内维护,不是故障", "planned maintenance, not a fault"),
        NoOccurredReported => w(
            "没有发生时间,也没有可代替的时间(预警、中断开始、报告)",
            "no occurred_at, and no instant to stand in (alert, outage start, report)",
        ),
        RestoredOutside => w("恢复时间不在统计周期内", "restored outside the period"),
        UnrestoredNotYetDue => w(
            "尚未恢复,修复期限未到",
            "not restored, deadline not yet reached",
        ),
        UnrestoredDeadlineOutside => w(
            "尚未恢复,修复期限不在统计周期内",
            "not restored, deadline outside the period",
        ),
        NoValidPeriod => w("缺少有效的 period", "no valid period"),
        RestoreDrillPassed => w("恢复演练通过", "restore drill passed"),
        RestoreDrillFailed => w("恢复演练未通过", "restore drill did not pass"),
        RestoreDrillOutside => w(
            "恢复演练不在统计周期内实施",
            "restore drill not executed in the period",
        ),
        RestoreDrillNotYet => w("恢复演练尚未实施", "restore drill not executed yet"),
        CleansingNotDone => w("数据清洗尚未完成", "cleansing not complete yet"),
        NotRestoreDrill => w("不是恢复演练", "not a restore drill"),
        NotSecurity => w("不是安全类故障", "not a security incident"),
        NoOccurredYet => w(
            "没有发生时间,也没有可代替的时间",
            "no occurred_at, and no instant to stand in",
        ),
        NoFindings => w(
            "已检查但未记录安全隐患",
            "inspected, but no findings recorded",
        ),
        NotInspectedYet => w("尚未安全检查", "not inspected yet"),
        NothingFound => w("安全检查未发现隐患", "the inspection found nothing"),
        NoRecoveryTime => w(
            "有 RTO 要求但没有恢复时间",
            "an RTO applies but no recovery time is recorded",
        ),
        DrillPassed => w(
            "结果为通过,恢复时间与数据丢失均在目标内",
            "passed, recovery and data loss within objectives",
        ),
        DrillNotYet => w("尚未实施", "not executed yet"),
    }
}

/// The line under a KPI's figures when records were left out for incomplete data.
pub fn incomplete_line(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 条记录因数据不全未计入"),
        Lang::En => format!("{n} records left out for incomplete data"),
    }
}

/// The schema's words for the items left out of a KPI.
pub const LEFT_OUT_DOC: Words = Words::new(
    "每个未计入的记录及其原因代码(见 docs/scripting.md)",
    "Every record left out, with its reason code (docs/scripting.md)",
);
pub const INCOMPLETE_DOC: Words = Words::new(
    "因数据不全未计入的记录数(missing_data、no_deadline、rejected_value、no_sla)",
    "Records left out for incomplete data (missing_data, no_deadline, rejected_value, no_sla)",
);
pub const NA_REASON_DOC: Words = Words::new(
    "指标为何不适用:统计周期早于开始记录日期([org] since)",
    "Why the KPI is n/a: the period lies before the records begin ([org] since)",
);

/// The verdict of a KPI against its target.
pub const MET: Words = Words::new("达标", "met");
pub const MISSED: Words = Words::new("未达标", "missed");
pub const NOT_APPLICABLE: Words = Words::new("不适用", "n/a");

/// The columns of the KPI table (and of its Markdown).
pub const COLUMNS: [Words; 6] = [
    Words::new("指标", "KPI"),
    Words::new("键", "key"),
    Words::new("值", "value"),
    Words::new("分子/分母", "counts"),
    Words::new("目标", "target"),
    Words::new("结论", "verdict"),
];

/// The secondary figures of a KPI.
pub const TARGET: Words = Words::new("目标", "target");
pub const MEAN: Words = Words::new("平均", "mean");
pub const MEDIAN: Words = Words::new("中位数", "median");
pub const OVER_LIMIT: Words = Words::new("超出上限", "over the limit");
pub const OVER_WARNING: Words = Words::new("超出预警线", "over the warning line");
pub const BY_LEVEL: Words = Words::new("按级别", "by level");
pub const CORE_WITHOUT_DRILL: Words = Words::new(
    "近 12 个月无达标演练的核心系统",
    "core systems without a passed drill in 12 months",
);
pub const MEAN_SCORE: Words = Words::new("平均分", "mean");

/// `--explain`: an item used by the counted ones, an item left out; where a KPI is defined.
pub const USED: Words = Words::new(" [计入]", " [used]");
pub const LEFT_OUT: Words = Words::new(" [未计入]", " [left out]");
pub const DEFINED_IN: Words = Words::new("定义见", "defined in");

/// The line above a KPI report: the period, its bounds, and the as-of instant.
pub fn period_line(
    lang: Lang,
    label: &str,
    start: NaiveDate,
    end: NaiveDate,
    as_of: &str,
) -> String {
    match lang {
        Lang::Zh => format!("统计周期 {label}({start} 至 {end},不含)· 截至 {as_of}\n"),
        Lang::En => format!("period {label} ({start} to {end}, exclusive) · as of {as_of}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_reasons_name_enum_values_by_their_labels() {
        let zh = |r: Reason| reason(Lang::Zh, &r);
        assert_eq!(zh(Reason::PlanItemDropped), "已取消");
        assert_eq!(zh(Reason::NoImpact), "影响程度为无影响:不计停机");
        assert_eq!(zh(Reason::RestoreDrillPassed), "恢复演练通过");
        assert_eq!(
            zh(Reason::DrillPassed),
            "结果为通过,恢复时间与数据丢失均在目标内"
        );
        assert_eq!(
            zh(Reason::OtherAudience { audience: "team" }),
            "调查对象不是团队"
        );
        assert_eq!(
            zh(Reason::OtherAudience {
                audience: "business"
            }),
            "调查对象不是业务部门"
        );
        assert_eq!(
            reason(Lang::En, &Reason::OtherAudience { audience: "team" }),
            "audience is not team"
        );
    }
}
