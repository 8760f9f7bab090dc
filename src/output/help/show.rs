//! The help of `itc show`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "show",
        "",
        "Show a record: its fields, stage timeline, what it needs to advance, and what is overdue",
        "显示记录:字段、阶段时间线、推进所需内容以及超期事项",
    ),
    ("show", "id", "The record's id", "记录编号"),
    ("show", "format", "Output format", "输出格式"),
    (
        "show",
        "as_of",
        "Show the record as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "按此日期或时间(而非现在)显示记录(也可用 ITC_TODAY);日期指当天结束时",
    ),
    (
        "show",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
];
