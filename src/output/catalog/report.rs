//! The words of the manager's report (`itc report`) and of `itc diff`: section titles, table
//! captions and column heads, notes with their numbers, verdicts and standings.

use crate::{Lang, Words};

// What the report's sections share.

/// A deadline's standing, as `itc show` words it.
pub use super::views::{DONE_IN_TIME, DONE_LATE, NOT_YET_DUE, OVERDUE};

/// The heads of a table of KPIs.
pub const KPI_HEAD: [Words; 6] = [
    Words::new("指标", "KPI"),
    Words::new("值", "Value"),
    Words::new("分子/分母", "Numerator/denominator"),
    Words::new("目标", "Target"),
    Words::new("结论", "Verdict"),
    Words::new("较上期", "Change"),
];

/// A ratio KPI's change against the previous period, in percentage points.
pub fn change_points(lang: Lang, pp: f64) -> String {
    match lang {
        Lang::Zh => format!("{pp:+.2} 个百分点"),
        Lang::En => format!("{pp:+.2} pp"),
    }
}

// The report's head.

/// The report's title: the org and the period.
pub fn title(lang: Lang, org: &str, period: &str) -> String {
    match lang {
        Lang::Zh => format!("{org} 工作报告 {period}"),
        Lang::En => format!("{org} report {period}"),
    }
}

/// The as-of moment when it is the end of a day.
pub fn end_of_day(lang: Lang, day: &str) -> String {
    match lang {
        Lang::Zh => format!("{day} 终"),
        Lang::En => format!("the end of {day}"),
    }
}

/// `统计周期 2026-Q3(2026-07-01 至 2026-09-30)· 截至 …`
pub fn subtitle(lang: Lang, period: &str, first: &str, last: &str, as_of: &str) -> String {
    match lang {
        Lang::Zh => format!("统计周期 {period}({first} 至 {last})· 截至 {as_of}"),
        Lang::En => format!("Period {period} ({first} to {last}) · as of {as_of}"),
    }
}

/// How many KPIs met, missed and do not apply.
pub fn headline(lang: Lang, all: usize, met: usize, missed: usize, na: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "{all} 项考核指标中 {met} 项达标、{missed} 项未达标、{na} 项不适用(无数据或无目标)。"
        ),
        Lang::En => format!(
            "Of {all} KPIs, {met} met their target, {missed} missed it and {na} do not apply (no data or no target)."
        ),
    }
}

// The scorecard.

pub const SCORECARD: Words = Words::new("考核指标", "KPI scorecard");
pub const SCORECARD_TABLE: Words = Words::new("十七项考核指标", "The seventeen KPIs");

/// What "change" is measured against.
pub fn change_against(lang: Lang, previous: &str) -> String {
    match lang {
        Lang::Zh => format!("“较上期”与上一个同长度周期 {previous} 相比。"),
        Lang::En => {
            format!("“Change” is against the previous period of the same length, {previous}.")
        }
    }
}

// The trends.

pub const TRENDS: Words = Words::new("趋势(近十二个月)", "Trends (twelve months)");
pub const TRENDS_NOTE: Words = Words::new(
    "每项比率指标按月计算,截至报告日期;虚线为目标。",
    "Each ratio KPI computed month by month up to the as-of date; the dashed line is the target.",
);
pub const TRENDS_TABLE: Words = Words::new("比率指标逐月值(%)", "Ratio KPIs by month (%)");
pub const KPI: Words = Words::new("指标", "KPI");

// Availability.

pub const AVAILABILITY: Words = Words::new("系统可用性", "Availability per system");
pub const AVAILABILITY_CHART: Words = Words::new(
    "各系统可用性与目标(横线)",
    "Availability per system against its target (tick)",
);
pub const AVAILABILITY_TABLE: Words = Words::new("各系统可用性", "Availability per system");
pub const AVAILABILITY_HEAD: [Words; 5] = [
    Words::new("系统", "System"),
    Words::new("可用性", "Availability"),
    Words::new("目标", "Target"),
    Words::new("停机时间", "Downtime"),
    Words::new("结论", "Verdict"),
];
pub const NO_SYSTEMS: Words = Words::new("未登记系统", "No systems listed");

// Incidents.

pub const INCIDENTS: Words = Words::new("故障", "Incidents");
pub const COUNT: Words = Words::new("次数", "Count");
pub const NO_INCIDENTS: Words = Words::new("本期无故障", "No incidents in the period");
pub const BY_SEVERITY: Words = Words::new("按级别", "By severity");
pub const SEVERITY: Words = Words::new("级别", "Severity");
pub const BY_CATEGORY: Words = Words::new("按类别", "By category");
pub const CATEGORY: Words = Words::new("类别", "Category");
pub const NOT_RESTORED: Words = Words::new("未恢复", "not restored");

/// A repair time counted on the service clock: `8h 30m (service hours)`.
pub fn in_service_hours(lang: Lang, took: &str) -> String {
    match lang {
        Lang::Zh => format!("{took}(服务时间)"),
        Lang::En => format!("{took} (service hours)"),
    }
}
pub const WITHIN_SLA: Words = Words::new("时限内", "within");
pub const OVER_SLA: Words = Words::new("超时", "over");
pub const SEVERE_INCIDENTS_HEAD: [Words; 10] = [
    Words::new("编号", "Id"),
    Words::new("标题", "Title"),
    Words::new("级别", "Severity"),
    Words::new("系统", "System"),
    Words::new("发生时间", "Occurred"),
    Words::new("原因", "Cause"),
    Words::new("修复用时", "Time to restore"),
    Words::new("修复时限", "SLA"),
    Words::new("结论", "Verdict"),
    Words::new("故障报告", "Fault report"),
];

/// How many incidents occurred in the period.
pub fn incidents_occurred(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("本期发生故障 {n} 起。"),
        Lang::En => format!("{n} incidents occurred in the period."),
    }
}

/// The mean and median time to restore, and the repair-timeliness KPI with its verdict.
pub fn mttr(lang: Lang, mean: &str, median: &str, kpi: &str, value: &str, verdict: &str) -> String {
    match lang {
        Lang::Zh => {
            format!("平均修复时间(MTTR):平均 {mean},中位数 {median};{kpi} {value}({verdict})。")
        }
        Lang::En => format!(
            "Mean time to restore (MTTR): mean {mean}, median {median}; {kpi} {value} ({verdict})."
        ),
    }
}

// Projects.

pub const PROJECTS: Words = Words::new("项目", "Projects");
pub const PROJECT_KPIS: Words = Words::new("项目指标", "Project KPIs");
pub const SCHEDULE_AND_COST: Words = Words::new("进度与成本偏差", "Schedule and cost deviation");
pub const NO_PROJECTS: Words = Words::new("本期无在建项目", "No project open in the period");
pub const BEFORE_PLANNED_END: Words = Words::new("未到计划日期", "before its planned end");

/// The heads of the schedule and cost table, the money ones in `currency`.
pub fn schedule_and_cost_head(lang: Lang, currency: &str) -> Vec<String> {
    match lang {
        Lang::Zh => vec![
            "编号".to_string(),
            "名称".into(),
            "计划完成".into(),
            "验收日期".into(),
            "进度偏差".into(),
            "按期".into(),
            format!("预算({currency})"),
            format!("实际成本({currency})"),
            "成本偏差".into(),
        ],
        Lang::En => vec![
            "Id".to_string(),
            "Name".into(),
            "Planned end".into(),
            "Accepted".into(),
            "Schedule deviation".into(),
            "On time".into(),
            format!("Budget ({currency})"),
            format!("Actual cost ({currency})"),
            "Cost deviation".into(),
        ],
    }
}

/// An accepted project's deviation from its planned end, in days.
pub fn days_deviation(lang: Lang, days: i64) -> String {
    match lang {
        Lang::Zh => format!("{days:+} 天"),
        Lang::En => format!("{days:+} days"),
    }
}

/// How many days an open project is past its planned end.
pub fn days_past(lang: Lang, days: i64) -> String {
    match lang {
        Lang::Zh => format!("已超 {days} 天"),
        Lang::En => format!("{days} days past"),
    }
}

// Drills.

pub const DRILLS: Words = Words::new("应急演练", "Drills");
pub const DRILL_KPIS: Words = Words::new("演练指标", "Drill KPIs");
pub const DRILLS_SCHEDULED: Words = Words::new("本期计划的演练", "Drills scheduled in the period");
pub const DRILLS_HEAD: [Words; 6] = [
    Words::new("编号", "Id"),
    Words::new("名称", "Name"),
    Words::new("系统", "Systems"),
    Words::new("计划日期", "Scheduled"),
    Words::new("实施", "Executed"),
    Words::new("结果", "Result"),
];
pub const NO_DRILLS: Words = Words::new("本期无计划演练", "No drill scheduled in the period");
pub const EVERY_CORE_SYSTEM_DRILLED: Words = Words::new(
    "每个核心系统近 12 个月内都有达标的演练。",
    "Every core system has a passed drill in the last twelve months.",
);

/// Drills planned and executed on schedule.
pub fn drills_executed(lang: Lang, planned: &str, executed: &str) -> String {
    match lang {
        Lang::Zh => format!("计划演练 {planned} 次,按期实施 {executed} 次。"),
        Lang::En => format!("{planned} drills planned, {executed} executed on schedule."),
    }
}

/// The core systems without a passed drill in twelve months.
pub fn core_systems_undrilled(lang: Lang, systems: &[String]) -> String {
    match lang {
        Lang::Zh => format!("近 12 个月无达标演练的核心系统:{}。", systems.join("、")),
        Lang::En => format!(
            "Core systems without a passed drill in twelve months: {}.",
            systems.join(", ")
        ),
    }
}

// Security.

pub const SECURITY: Words = Words::new("信息安全", "Security");
pub const SECURITY_KPIS: Words = Words::new("安全指标", "Security KPIs");
pub const FINDINGS: Words = Words::new("安全隐患与整改", "Findings and their rectification");
pub const FINDINGS_HEAD: [Words; 6] = [
    Words::new("记录", "Record"),
    Words::new("隐患", "Finding"),
    Words::new("级别", "Level"),
    Words::new("整改期限", "Due"),
    Words::new("整改日期", "Fixed"),
    Words::new("整改情况", "Standing"),
];
pub const NO_FINDINGS: Words = Words::new(
    "本期无到期或未整改的隐患",
    "No finding due in the period or still open",
);

// Appraisals, surveys, the annual plan and data quality.

pub const PEOPLE: Words = Words::new(
    "考核、满意度、年度计划与数据质量",
    "Appraisals, surveys, the annual plan and data quality",
);
pub const PEOPLE_KPIS: Words = Words::new("相关指标", "KPIs");
pub const PLAN_ITEMS: Words = Words::new(
    "本期到期的年度计划事项",
    "Annual plan items due in the period",
);
pub const PLAN_ITEMS_HEAD: [Words; 5] = [
    Words::new("计划", "Plan"),
    Words::new("事项", "Item"),
    Words::new("负责人", "Owner"),
    Words::new("时间节点", "Due"),
    Words::new("完成情况", "Standing"),
];
pub const NO_PLAN_ITEMS: Words = Words::new("本期无到期事项", "No plan item due in the period");
pub const APPRAISALS: Words = Words::new("本期到期的绩效考核", "Appraisals due in the period");
pub const APPRAISALS_HEAD: [Words; 5] = [
    Words::new("编号", "Id"),
    Words::new("名称", "Name"),
    Words::new("被考核人", "Employee"),
    Words::new("期限", "Due"),
    Words::new("完成情况", "Standing"),
];
pub const NO_APPRAISALS: Words = Words::new("本期无到期的考核", "No appraisal due in the period");
pub const DATA_CLEANSED: Words = Words::new("本期完成清洗的数据", "Data cleansed in the period");
pub const DATA_CLEANSED_HEAD: [Words; 5] = [
    Words::new("编号", "Id"),
    Words::new("名称", "Name"),
    Words::new("记录数", "Records"),
    Words::new("拒收", "Rejected"),
    Words::new("重复", "Duplicates"),
];
pub const NO_DATA_CLEANSED: Words =
    Words::new("本期无完成清洗的数据", "No data cleansed in the period");

/// A survey KPI's mean score and number of responses.
pub fn survey_scores(lang: Lang, kpi: &str, mean: &str, responses: &str) -> String {
    match lang {
        Lang::Zh => format!("{kpi}:平均分 {mean},答卷 {responses} 份。"),
        Lang::En => format!("{kpi}: mean score {mean}, {responses} responses."),
    }
}

// Overdue.

pub const OVERDUE_SECTION: Words = Words::new("逾期事项", "Overdue");
pub const OVERDUE_TABLE: Words = Words::new("逾期事项", "Overdue items");
pub const OVERDUE_HEAD: [Words; 5] = [
    Words::new("编号", "Id"),
    Words::new("标题", "Title"),
    Words::new("责任人", "Owner"),
    Words::new("逾期事项", "What is overdue"),
    Words::new("期限", "Deadline"),
];
pub const NOTHING_OVERDUE: Words = Words::new("没有逾期事项", "Nothing is overdue");

/// How many records are overdue at the as-of date.
pub fn records_overdue(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => {
            format!("截至报告日期逾期的记录 {n} 条(与 `itc list --overdue --as-of` 相同)。")
        }
        Lang::En => format!(
            "{n} records overdue at the as-of date (the same as `itc list --overdue --as-of`)."
        ),
    }
}

// `itc diff`.

pub const ADDED: Words = Words::new("新增", "added");
pub const REMOVED: Words = Words::new("删除", "removed");
pub const MODIFIED: Words = Words::new("修改", "modified");
pub const RENAMED: Words = Words::new("移动", "renamed");
pub const NO_RECORD_CHANGED: Words = Words::new("记录无变化", "no record changed");
pub const CHECK_ERRORS: Words = Words::new("检查错误", "check errors");
pub const ERROR: Words = Words::new("错误", "error");
pub const KPI_CHANGES_HUMAN: Words = Words::new("\n指标变化:\n", "\nKPI changes:\n");
pub const NEW_ERRORS_HUMAN: Words = Words::new("新增错误:\n", "new errors:\n");
pub const RECORDS_HEAD_MD: Words = Words::new(
    "| 变化 | 编号 | 类别 | 标题 | 阶段 | 文件 |\n|---|---|---|---|---|---|\n",
    "| change | id | kind | title | stage | file |\n|---|---|---|---|---|---|\n",
);
pub const KPI_CHANGES_MD: Words = Words::new(
    "### 指标变化\n\n| 指标 | 期间 | 之前 | 之后 | 结论 |\n|---|---|---:|---:|---|\n",
    "### KPI changes\n\n| KPI | period | before | after | verdict |\n|---|---|---:|---:|---|\n",
);
pub const NEW_ERRORS_MD: Words = Words::new("### 新增错误\n\n", "### New errors\n\n");
pub const FIELDS_HEAD_MD: Words = Words::new(
    "| 字段 | 之前 | 之后 |\n|---|---|---|\n",
    "| field | before | after |\n|---|---|---|\n",
);

/// How many records changed in one way: `修改 2`, `2 modified`.
pub fn records_changed(lang: Lang, change: Words, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{} {n}", change.zh),
        Lang::En => format!("{n} {}", change.en),
    }
}

/// How many KPIs changed.
pub fn kpis_changed(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 项指标变化"),
        Lang::En => format!("{n} KPI change(s)"),
    }
}

/// How many fields of a record changed.
pub fn fields_changed(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 个字段"),
        Lang::En => format!("{n} field(s)"),
    }
}

/// The note of a pull-request comment cut to stay under its limit.
pub fn comment_cut(lang: Lang, left_out: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "> 评论已截断:为保持在 64 KiB 以内,省略了 {left_out} 处内容;完整结果请运行 `itc diff --format json`。"
        ),
        Lang::En => format!(
            "> Cut to stay under 64 KiB: {left_out} part(s) left out; run `itc diff --format json` for everything."
        ),
    }
}

/// The work tree as the later side of a diff (`worktree` on the command line).
pub const WORKTREE: Words = Words::new("工作区", "worktree");
