//! The descriptions in the JSON Schemas of itc's machine outputs (`itc schema`): each in
//! Chinese and English, written into the schema as both, `中文 / English`.

use crate::Words;

/// A description as the schemas give it, both languages: `中文 / English`, with no space before
/// the slash after a closing parenthesis.
pub fn both(w: Words) -> String {
    let gap = if w.zh.ends_with(')') { "" } else { " " };
    format!("{}{gap}/ {}", w.zh, w.en)
}

pub const DUE: Words = Words::new(
    "期限:日期 YYYY-MM-DD,或带时区的 RFC 3339 日期时间",
    "The deadline as written: a date YYYY-MM-DD, or a date-time in RFC 3339 with offset",
);
pub const OVERDUE_CODE: Words = Words::new(
    "稳定的代码(见 docs/scripting.md)",
    "Stable code (docs/scripting.md), the same in every language",
);
pub const TRANSLATED_EXPLANATION: Words = Words::new(
    "按 --lang 翻译的说明",
    "The explanation in the output language",
);
pub const DEADLINE: Words =
    Words::new("须在此刻之前完成", "The instant by which it had to be done");
pub const SAME_AS_CODE: Words = Words::new("同 code", "The same as code");
pub const COUNTING_KPI: Words = Words::new(
    "将其计为未按期的指标",
    "The KPI that counts it as missed, if one does",
);
pub const PART: Words = Words::new(
    "记录的部分(`#2 名称`)",
    "The part of the record (`#2 name`)",
);
pub const CHECK_OUTPUT: Words = Words::new(
    "检查结果:每条发现及汇总",
    "The findings of `itc check` and their summary",
);
pub const PATH: Words = Words::new(
    "相对记录库根目录的路径",
    "Path relative to the repository root, `/`-separated",
);
pub const IN_CHARACTERS: Words = Words::new("按字符计", "In characters");
pub const STABLE_CODE: Words = Words::new(
    "稳定的代码,不随语言变化",
    "Stable code, the same in every language",
);
pub const EXPORT_OUTPUT: Words = Words::new(
    "导出的一条记录(NDJSON 的一行,或 --format json 数组的一个元素)",
    "One exported record: a line of the NDJSON export, or an element of the `--format json` array",
);
pub const RECORD_ID: Words = Words::new(
    "记录编号(无 id 时为文件名)",
    "The record's id (its file stem when it has none)",
);
pub const KIND_KEY: Words = Words::new("类别键", "Kind key");
pub const FINAL: Words = Words::new(
    "是否处于最后阶段",
    "Whether the record is at its kind's final stage",
);
pub const RECORD: Words = Words::new(
    "文件的全部内容:日期为 YYYY-MM-DD,日期时间为带时区的 RFC 3339,其余照写",
    "The whole file: dates YYYY-MM-DD, date-times RFC 3339 with offset, everything else as written",
);
pub const TIMELINE: Words = Words::new(
    "已进入的阶段,按规则顺序",
    "The stages entered, in the rules' order",
);
pub const TIMELINE_AT: Words = Words::new(
    "进入时间;只写日期时为当天 0 点",
    "When the stage was entered; a date is the start of its day",
);
pub const LIST_OUTPUT: Words =
    Words::new("列出的记录,按编号排序", "The records listed, ordered by id");
pub const STAGE_KEY: Words = Words::new("阶段键", "Stage key");
pub const STAGE_LABEL: Words = Words::new(
    "按 --lang 翻译的阶段名",
    "The stage's label in the output language",
);
pub const ENTERED: Words = Words::new("进入当前阶段的时间", "When the current stage was entered");
pub const AGE: Words = Words::new("在当前阶段停留的秒数", "Seconds spent at the current stage");
pub const FIELD_LABEL: Words = Words::new(
    "按 --lang 翻译的字段名(规则未给出时为键)",
    "The field's label in the output language (its key when the rules give none)",
);
pub const FIELD_VALUE: Words = Words::new(
    "字段的值:字符串、数字、布尔、null、数组或对象",
    "The value as written: string, number, boolean, null, array or object",
);
pub const SHOW_OUTPUT: Words = Words::new(
    "一条记录:阶段时间线、进入下一阶段所需、期限",
    "One record: its stage timeline, what it needs to advance, its deadlines",
);
pub const TRANSLATED: Words = Words::new("按 --lang 翻译", "In the output language");
pub const STEP_AT: Words = Words::new("进入时间", "When the stage was entered");
pub const STEP_DURATION: Words = Words::new("在该阶段停留的秒数", "Seconds spent at the stage");
pub const NEXT: Words = Words::new("下一阶段键", "The next stage's key");
pub const NEEDS: Words = Words::new("进入下一阶段前缺少的", "What the record lacks to advance");
pub const NEED_CODE: Words = Words::new(
    "检查代码(见 docs/check.md)",
    "The check's code (docs/check.md)",
);
pub const NEED_FIELD: Words = Words::new(
    "字段路径(section.field)",
    "The field's path (section.field)",
);
pub const KIND_LABEL: Words = Words::new(
    "按 --lang 翻译的类别名",
    "The kind's label in the output language",
);
pub const FIELDS: Words = Words::new(
    "记录的顶层字段,按规则顺序",
    "The record's top-level fields, in the order of the rules",
);
pub const SECTIONS: Words = Words::new(
    "记录已有的阶段节,按阶段顺序",
    "The stage sections the record has, in the order of the stages",
);
pub const CURRENT: Words = Words::new("当前阶段", "The current stage");
pub const KPI_OUTPUT: Words = Words::new(
    "考核指标:统计周期与每个指标",
    "The appraisal KPIs: the period and each KPI",
);
pub const EXCLUSIVE: Words = Words::new("不含", "Exclusive");
pub const EXTRA: Words = Words::new(
    "指标的附加数字,键见 docs/kpi.md;时长以秒计(_s)",
    "The KPI's secondary figures (docs/kpi.md); durations in seconds (`_s`)",
);
pub const EXPLAIN: Words = Words::new(
    "仅 --explain:每个考虑过的记录",
    "With --explain only: every record considered",
);
pub const EVIDENCE: Words = Words::new(
    "未计入但被计入项使用(如故障的中断时间窗)",
    "Not counted itself but used by counted items (an incident's outage window)",
);
pub const REASON_CODE: Words = Words::new(
    "稳定的原因代码(见 docs/scripting.md)",
    "Stable reason code (docs/scripting.md)",
);
pub const KPI_VALUE: Words = Words::new(
    "指标值(比率为 0–1,计数为整数);无法计算时为 null",
    "The KPI's value (a rate in 0–1, or a count); null when it cannot be computed",
);
pub const DIFF_OUTPUT: Words = Words::new(
    "一次改动对记录与考核指标的影响",
    "What a change does to the records and the KPIs",
);
pub const BASE: Words = Words::new(
    "改动之前的 git 版本,照写",
    "The revision before the change, as given",
);
pub const HEAD_REVISION: Words = Words::new(
    "改动之后的 git 版本,或 worktree(工作区)",
    "The revision after the change, or `worktree`",
);
pub const DIFF_RECORDS: Words =
    Words::new("有变化的记录,按编号排序", "The records that differ, by id");
pub const DIFF_PATH: Words = Words::new(
    "改动之后的路径(删除的记录为之前的路径)",
    "Path after the change (before it, for a removed record), relative to the repository root",
);
pub const OLD_PATH: Words = Words::new(
    "移动之前的路径;未移动时为 null",
    "The path before a rename; null otherwise",
);
pub const STAGE_MOVE: Words = Words::new(
    "阶段变化;阶段未变时为 null",
    "The stage move; null when the stage did not change",
);
pub const DIFF_FIELDS: Words = Words::new(
    "变化的字段;新增或删除的记录列出全部字段",
    "The fields that differ; all of them for an added or removed record",
);
pub const FIELD_PATH: Words = Words::new(
    "字段路径:severity、stage.field、goals[0].weight",
    "Field path: `severity`, `stage.field`, `goals[0].weight`",
);
pub const OLD_VALUE: Words = Words::new(
    "之前的值(JSON;日期时间为带时区的 RFC 3339);不存在为 null",
    "The value before (JSON; date-times RFC 3339 with offset); null when absent",
);
pub const NEW_VALUE: Words = Words::new(
    "之后的值;不存在为 null",
    "The value after; null when absent",
);
pub const PERIODS: Words = Words::new(
    "比较了指标的统计周期:变化记录的事实所在的月(至多 24 个,取最接近截至日的)及其季、年;itc.toml 或 rules.toml 有变化时加上截至日所在年已开始的月、季与该年;以及每个 --period",
    "The periods whose KPIs were compared: the months the changed records' facts fall in (at most 24, those nearest as-of) with their quarters and years; when itc.toml or rules.toml changed, the months and quarters of the as-of's year begun by as-of, and that year; and each --period",
);
pub const DIFF_KPIS: Words = Words::new(
    "值或结论有变化的指标,周期见 periods",
    "The KPIs whose value or verdict changed, over the periods of `periods`",
);
