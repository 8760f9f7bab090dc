//! The help of `itc report`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "report",
        "",
        "Write the manager's report of a period: KPIs, trends, incidents, projects, drills, security, overdue items",
        "生成某一周期的工作报告:考核指标、趋势、故障、项目、演练、安全与逾期事项",
    ),
    (
        "report",
        "period",
        "Period: a year 2026, half-year 2026-H1, quarter 2026-Q3 or month 2026-07",
        "报告周期:年 2026、半年 2026-H1、季度 2026-Q3 或月 2026-07",
    ),
    (
        "report",
        "as_of",
        "Report as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "以该日期或日期时间代替现在来生成报告(也可用 ITC_TODAY);只给日期表示当天结束时",
    ),
    ("report", "format", "Output format", "输出格式"),
    (
        "report",
        "output",
        "Write the report to FILE instead of standard output",
        "将报告写入 FILE,而不是标准输出",
    ),
    (
        "report",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
];
