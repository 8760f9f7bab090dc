//! The help of `itc kpi`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "kpi",
        "",
        "Compute the appraisal KPIs for a period",
        "计算某一期间的考核指标",
    ),
    (
        "kpi",
        "keys",
        "KPIs to compute (default: all seventeen), e.g. availability repair_timeliness",
        "要计算的指标(默认:全部十七项),如 availability repair_timeliness",
    ),
    (
        "kpi",
        "period",
        "Period: 2026, 2026-H1, 2026-Q3, 2026-07, 2026-07-15, FROM..TO, this-month, last-month, this-quarter, last-quarter, this-year, last-year, this-week, last-week or ytd (default: this quarter)",
        "期间:2026、2026-H1、2026-Q3、2026-07、2026-07-15、起..止,或相对今天的 本月、上月、本季度、上季度、今年、去年、本周、上周、年初至今(也可写 this-month、last-month、this-week 等)(默认:本季度)",
    ),
    (
        "kpi",
        "as_of",
        "Compute as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "以该日期或日期时间代替现在来计算(也可用 ITC_TODAY);只给日期表示当天结束时",
    ),
    (
        "kpi",
        "by",
        "Break the KPIs down where the key applies",
        "按此维度细分指标(适用时)",
    ),
    (
        "kpi",
        "explain",
        "List every record considered, counted or left out, and why",
        "列出参与计算、计入或排除的每条记录及原因",
    ),
    (
        "kpi",
        "fail_on_missed",
        "Exit 1 when a KPI with a target misses it",
        "有目标的指标未达标时退出码为 1",
    ),
    ("kpi", "format", "Output format", "输出格式"),
    (
        "kpi",
        "output",
        "Write to this file instead of stdout (needed for xlsx)",
        "写入此文件而非标准输出(输出 Excel 工作簿时必须给出)",
    ),
    (
        "kpi",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
];
