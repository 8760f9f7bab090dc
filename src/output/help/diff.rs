//! The help of `itc diff`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "diff",
        "",
        "Show what a change does to the records and the KPIs: REV against the working tree, or REV against REV",
        "显示一次改动对记录与考核指标的影响:版本与工作区比较,或两个版本之间比较",
    ),
    (
        "diff",
        "base",
        "The git revision before the change",
        "改动之前的 git 版本",
    ),
    (
        "diff",
        "head",
        "The git revision after the change (default: the working tree)",
        "改动之后的 git 版本(默认:工作区)",
    ),
    (
        "diff",
        "period",
        "Also compare the KPIs over this period (repeatable), written as for `itc kpi --period`",
        "另外比较该期间的指标(可重复),写法同 `itc kpi --period`",
    ),
    (
        "diff",
        "as_of",
        "Compute the KPIs as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "以该日期或日期时间代替现在来计算指标(也可用 ITC_TODAY);只给日期表示当天结束时",
    ),
    ("diff", "format", "Output format", "输出格式"),
    (
        "diff",
        "format=human",
        "For people at the terminal",
        "供终端阅读",
    ),
    (
        "diff",
        "format=md",
        "A pull-request comment in Markdown",
        "Markdown 格式的合并请求评论",
    ),
    (
        "diff",
        "format=json",
        "One JSON document (schema/output/diff.json)",
        "一个 JSON 文档(schema/output/diff.json)",
    ),
];
