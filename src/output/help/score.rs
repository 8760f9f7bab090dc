//! The help of `itc score`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "score",
        "",
        "Weigh the scorecard of itc.toml into one score for a period",
        "按 itc.toml 的考核计分卡计算某一期间的总分",
    ),
    (
        "score",
        "period",
        "Period: 2026, 2026-H1, 2026-Q3, 2026-07, 2026-07-15, FROM..TO, this-month, last-month, this-quarter, last-quarter, this-year, last-year, this-week, last-week or ytd (default: this year)",
        "期间:2026、2026-H1、2026-Q3、2026-07、2026-07-15、起..止,或相对今天的 本月、上月、本季度、上季度、今年、去年、本周、上周、年初至今(也可写 this-month、last-month、this-week 等)(默认:今年)",
    ),
    (
        "score",
        "as_of",
        "Compute as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "以该日期或日期时间代替现在来计算(也可用 ITC_TODAY);只给日期表示当天结束时",
    ),
    (
        "score",
        "explain",
        "List, for each KPI item, the records its KPI considered, counted or left out, and why",
        "对每个指标计分项,列出其指标参与计算、计入或排除的记录及原因",
    ),
    ("score", "format", "Output format", "输出格式"),
    (
        "score",
        "output",
        "Write to this file instead of stdout (needed for xlsx)",
        "写入此文件而非标准输出(输出 Excel 工作簿时必须给出)",
    ),
    (
        "score",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
];
