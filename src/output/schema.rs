//! JSON Schemas (draft 2020-12) of itc's machine outputs, written by `itc schema` into
//! `schema/output/`. Each output has one entry in `OUTPUTS`; a test validates the real output of
//! each command against its schema. The schemas describe exactly this version's output
//! (`additionalProperties: false`); within a major version fields are only ever added.

use serde_json::{Value, json};

use crate::diag::Check;

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
/// RFC 3339 with an offset, as every machine output writes a date-time.
pub const RFC3339: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$";

/// Builds one output's schema.
type Build = fn() -> Value;

/// Every output schema: `(command, builder)`, written as `output/<command>.json`. A new output
/// is one more entry here.
const OUTPUTS: &[(&str, Build)] = &[
    ("check", check),
    ("diff", diff),
    ("export", export),
    ("kpi", kpi),
    ("list", list),
    ("show", show),
];

/// `(file name, schema)` for every output, the file names relative to the schema folder.
pub fn all() -> Vec<(String, Value)> {
    OUTPUTS
        .iter()
        .map(|(name, build)| (format!("output/{name}.json"), build()))
        .collect()
}

fn head(title: &str, description: &str, body: Value) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("$schema".into(), json!(DIALECT));
    m.insert("title".into(), json!(title));
    m.insert("description".into(), json!(description));
    if let Value::Object(b) = body {
        m.extend(b);
    }
    Value::Object(m)
}

fn count() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}

/// A date-time (RFC 3339 with offset), or null when there is none.
fn time_or_null(description: &str) -> Value {
    json!({
        "description": description,
        "anyOf": [{ "type": "string", "pattern": RFC3339 }, { "type": "null" }],
    })
}

/// A deadline as written: a date `YYYY-MM-DD`, or a date-time in RFC 3339 with offset.
fn due() -> Value {
    json!({
        "description": "期限:日期 YYYY-MM-DD,或带时区的 RFC 3339 日期时间 / The deadline as written: a date YYYY-MM-DD, or a date-time in RFC 3339 with offset",
        "anyOf": [
            { "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$" },
            { "type": "string", "pattern": RFC3339 },
        ],
    })
}

fn seconds_or_null(description: &str) -> Value {
    json!({ "type": ["integer", "null"], "description": description })
}

/// One overdue deadline, in `list` and `show`.
fn overdue() -> Value {
    let keys = crate::facts::deadline::KEYS;
    json!({
        "type": "object",
        "required": ["code", "what", "deadline", "due", "key", "kpi", "part"],
        "properties": {
            "code": {
                "enum": keys,
                "description": "稳定的代码(见 docs/scripting.md)/ Stable code (docs/scripting.md), the same in every language",
            },
            "what": { "type": "string", "description": "按 --lang 翻译的说明 / The explanation in the output language" },
            "deadline": {
                "type": "string",
                "pattern": RFC3339,
                "description": "须在此刻之前完成 / The instant by which it had to be done",
            },
            "due": due(),
            "key": { "enum": keys, "description": "同 code / The same as code" },
            "kpi": {
                "type": ["string", "null"],
                "description": "将其计为未按期的指标 / The KPI that counts it as missed, if one does",
            },
            "part": {
                "type": ["string", "null"],
                "description": "记录的部分(`#2 名称`)/ The part of the record (`#2 name`)",
            },
        },
        "additionalProperties": false,
    })
}

/// `itc check --format json`: one object with every finding and a summary.
fn check() -> Value {
    let checks: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
    head(
        "itc check --format json",
        "检查结果:每条发现及汇总 / The findings of `itc check` and their summary",
        json!({
            "type": "object",
            "required": ["diagnostics", "summary"],
            "properties": {
                "diagnostics": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["file", "line", "column", "severity", "code", "check", "message"],
                        "properties": {
                            "file": {
                                "type": "string",
                                "description": "相对记录库根目录的路径 / Path relative to the repository root, `/`-separated",
                            },
                            "line": { "type": "integer", "minimum": 1 },
                            "column": {
                                "type": "integer",
                                "minimum": 1,
                                "description": "按字符计 / In characters",
                            },
                            "severity": { "enum": ["error", "warning"] },
                            "code": {
                                "type": "string",
                                "pattern": "^[EW][0-9]{4}$",
                                "description": "稳定的代码,不随语言变化 / Stable code, the same in every language",
                            },
                            "check": { "enum": checks },
                            "message": {
                                "type": "string",
                                "description": "按 --lang 翻译的说明 / The explanation in the output language",
                            },
                        },
                        "additionalProperties": false,
                    },
                },
                "summary": {
                    "type": "object",
                    "required": ["files", "records", "errors", "warnings"],
                    "properties": {
                        "files": count(),
                        "records": count(),
                        "errors": count(),
                        "warnings": count(),
                    },
                    "additionalProperties": false,
                },
            },
            "additionalProperties": false,
        }),
    )
}

/// `itc export`: one record (an NDJSON line, or an element of the `--format json` array).
fn export() -> Value {
    let text_or_null = json!({ "type": ["string", "null"] });
    head(
        "itc export",
        "导出的一条记录(NDJSON 的一行,或 --format json 数组的一个元素)/ One exported record: a line of the NDJSON export, or an element of the `--format json` array",
        json!({
            "type": "object",
            "required": ["id", "kind", "path", "format", "title", "stage", "final", "record", "timeline"],
            "properties": {
                "id": {
                    "type": "string",
                    "minLength": 1,
                    "description": "记录编号(无 id 时为文件名)/ The record's id (its file stem when it has none)",
                },
                "kind": { "type": "string", "minLength": 1, "description": "类别键 / Kind key" },
                "path": {
                    "type": "string",
                    "description": "相对记录库根目录的路径 / Path relative to the repository root, `/`-separated",
                },
                "format": { "enum": ["toml", "yaml"] },
                "title": text_or_null,
                "stage": text_or_null,
                "final": {
                    "type": "boolean",
                    "description": "是否处于最后阶段 / Whether the record is at its kind's final stage",
                },
                "record": {
                    "type": "object",
                    "description": "文件的全部内容:日期为 YYYY-MM-DD,日期时间为带时区的 RFC 3339,其余照写 / The whole file: dates YYYY-MM-DD, date-times RFC 3339 with offset, everything else as written",
                },
                "timeline": {
                    "type": "array",
                    "description": "已进入的阶段,按规则顺序 / The stages entered, in the rules' order",
                    "items": {
                        "type": "object",
                        "required": ["stage", "at", "by"],
                        "properties": {
                            "stage": { "type": "string", "minLength": 1 },
                            "at": {
                                "description": "进入时间;只写日期时为当天 0 点 / When the stage was entered; a date is the start of its day",
                                "anyOf": [
                                    { "type": "string", "pattern": RFC3339 },
                                    { "type": "null" },
                                ],
                            },
                            "by": text_or_null,
                        },
                        "additionalProperties": false,
                    },
                },
            },
            "additionalProperties": false,
        }),
    )
}

/// `itc list --format json`: one object per record listed, ordered by id.
fn list() -> Value {
    head(
        "itc list --format json",
        "列出的记录,按编号排序 / The records listed, ordered by id",
        json!({
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "kind", "title", "stage", "stage_label", "owner", "entered", "age_s", "final", "overdue"],
                "properties": {
                    "id": { "type": "string", "minLength": 1 },
                    "kind": { "type": "string", "minLength": 1, "description": "类别键 / Kind key" },
                    "title": { "type": "string" },
                    "stage": { "type": "string", "description": "阶段键 / Stage key" },
                    "stage_label": { "type": "string", "description": "按 --lang 翻译的阶段名 / The stage's label in the output language" },
                    "owner": { "type": "string" },
                    "entered": time_or_null("进入当前阶段的时间 / When the current stage was entered"),
                    "age_s": seconds_or_null("在当前阶段停留的秒数 / Seconds spent at the current stage"),
                    "final": { "type": "boolean" },
                    "overdue": { "type": "array", "items": overdue() },
                },
                "additionalProperties": false,
            },
        }),
    )
}

/// One field of a record in `show`: its key, its label and its value as written.
fn shown_field() -> Value {
    json!({
        "type": "object",
        "required": ["key", "label", "value"],
        "properties": {
            "key": { "type": "string", "minLength": 1 },
            "label": {
                "type": "string",
                "description": "按 --lang 翻译的字段名(规则未给出时为键)/ The field's label in the output language (its key when the rules give none)",
            },
            "value": { "description": "字段的值:字符串、数字、布尔、null、数组或对象 / The value as written: string, number, boolean, null, array or object" },
        },
        "additionalProperties": false,
    })
}

/// `itc show --format json`: one record, its timeline, needs and deadlines.
fn show() -> Value {
    let standings = ["on_time", "late", "missed", "pending"];
    head(
        "itc show --format json",
        "一条记录:阶段时间线、进入下一阶段所需、期限 / One record: its stage timeline, what it needs to advance, its deadlines",
        json!({
            "type": "object",
            "required": ["id", "kind", "file", "title", "stage", "stage_label", "owner", "final", "entered", "age_s", "timeline", "next", "needs", "overdue", "deadlines", "kind_label", "fields", "sections"],
            "properties": {
                "id": { "type": "string", "minLength": 1 },
                "kind": { "type": "string", "minLength": 1, "description": "类别键 / Kind key" },
                "file": {
                    "type": "string",
                    "description": "相对记录库根目录的路径 / Path relative to the repository root, `/`-separated",
                },
                "title": { "type": "string" },
                "stage": { "type": "string", "description": "阶段键 / Stage key" },
                "stage_label": { "type": "string", "description": "按 --lang 翻译的阶段名 / The stage's label in the output language" },
                "owner": { "type": "string" },
                "final": { "type": "boolean" },
                "entered": time_or_null("进入当前阶段的时间 / When the current stage was entered"),
                "age_s": seconds_or_null("在当前阶段停留的秒数 / Seconds spent at the current stage"),
                "timeline": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["stage", "label", "at", "by", "duration_s"],
                        "properties": {
                            "stage": { "type": "string", "minLength": 1 },
                            "label": { "type": "string", "description": "按 --lang 翻译 / In the output language" },
                            "at": time_or_null("进入时间 / When the stage was entered"),
                            "by": { "type": ["string", "null"] },
                            "duration_s": seconds_or_null("在该阶段停留的秒数 / Seconds spent at the stage"),
                        },
                        "additionalProperties": false,
                    },
                },
                "next": { "type": ["string", "null"], "description": "下一阶段键 / The next stage's key" },
                "needs": {
                    "type": "array",
                    "description": "进入下一阶段前缺少的 / What the record lacks to advance",
                    "items": {
                        "type": "object",
                        "required": ["code", "field", "line", "message"],
                        "properties": {
                            "code": {
                                "type": "string",
                                "pattern": "^[EW][0-9]{4}$",
                                "description": "检查代码(见 docs/check.md)/ The check's code (docs/check.md)",
                            },
                            "field": {
                                "type": ["string", "null"],
                                "description": "字段路径(section.field)/ The field's path (section.field)",
                            },
                            "line": { "type": "integer", "minimum": 1 },
                            "message": { "type": "string", "description": "按 --lang 翻译 / In the output language" },
                        },
                        "additionalProperties": false,
                    },
                },
                "overdue": { "type": "array", "items": overdue() },
                "kind_label": { "type": "string", "description": "按 --lang 翻译的类别名 / The kind's label in the output language" },
                "fields": {
                    "description": "记录的顶层字段,按规则顺序 / The record's top-level fields, in the order of the rules",
                    "type": "array",
                    "items": shown_field(),
                },
                "sections": {
                    "description": "记录已有的阶段节,按阶段顺序 / The stage sections the record has, in the order of the stages",
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["stage", "label", "current", "fields"],
                        "properties": {
                            "stage": { "type": "string", "minLength": 1 },
                            "label": { "type": "string", "description": "按 --lang 翻译 / In the output language" },
                            "current": { "type": "boolean", "description": "当前阶段 / The current stage" },
                            "fields": { "type": "array", "items": shown_field() },
                        },
                        "additionalProperties": false,
                    },
                },
                "deadlines": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["key", "kpi", "part", "due", "deadline", "standing"],
                        "properties": {
                            "key": { "enum": crate::facts::deadline::KEYS },
                            "kpi": { "type": ["string", "null"] },
                            "part": { "type": ["string", "null"] },
                            "due": due(),
                            "deadline": { "type": "string", "pattern": RFC3339 },
                            "standing": { "enum": standings },
                        },
                        "additionalProperties": false,
                    },
                },
            },
            "additionalProperties": false,
        }),
    )
}

/// `itc kpi --format json`: the period and every KPI computed.
fn kpi() -> Value {
    let keys: Vec<&str> = crate::kpi::KEYS.to_vec();
    let number_or_null = json!({ "type": ["number", "null"] });
    head(
        "itc kpi --format json",
        "考核指标:统计周期与每个指标 / The appraisal KPIs: the period and each KPI",
        json!({
            "type": "object",
            "required": ["period", "kpis"],
            "properties": {
                "period": {
                    "type": "object",
                    "required": ["label", "start", "end", "as_of"],
                    "properties": {
                        "label": { "type": "string" },
                        "start": { "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$" },
                        "end": {
                            "type": "string",
                            "pattern": r"^\d{4}-\d{2}-\d{2}$",
                            "description": "不含 / Exclusive",
                        },
                        "as_of": { "type": "string", "pattern": RFC3339 },
                    },
                    "additionalProperties": false,
                },
                "kpis": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["key", "name", "value", "numerator", "denominator", "target", "verdict", "groups", "extra"],
                        "properties": {
                            "key": { "enum": keys },
                            "name": { "type": "string", "description": "按 --lang 翻译 / In the output language" },
                            "value": number_or_null,
                            "numerator": { "type": "number" },
                            "denominator": number_or_null,
                            "target": number_or_null,
                            "verdict": { "enum": ["met", "missed", "n/a"] },
                            "groups": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["group", "value", "numerator", "denominator"],
                                    "properties": {
                                        "group": { "type": "string" },
                                        "value": number_or_null,
                                        "numerator": { "type": "number" },
                                        "denominator": number_or_null,
                                    },
                                    "additionalProperties": false,
                                },
                            },
                            "extra": {
                                "type": "object",
                                "description": "指标的附加数字,键见 docs/kpi.md;时长以秒计(_s)/ The KPI's secondary figures (docs/kpi.md); durations in seconds (`_s`)",
                            },
                            "explain": {
                                "type": "array",
                                "description": "仅 --explain:每个考虑过的记录 / With --explain only: every record considered",
                                "items": {
                                    "type": "object",
                                    "required": ["id", "counted", "evidence", "numerator", "denominator", "code", "reason"],
                                    "properties": {
                                        "id": { "type": "string" },
                                        "counted": { "type": "boolean" },
                                        "evidence": {
                                            "type": "boolean",
                                            "description": "未计入但被计入项使用(如故障的中断时间窗)/ Not counted itself but used by counted items (an incident's outage window)",
                                        },
                                        "numerator": { "type": "number" },
                                        "denominator": { "type": "number" },
                                        "code": {
                                            "enum": crate::kpi::REASON_CODES,
                                            "description": "稳定的原因代码(见 docs/scripting.md)/ Stable reason code (docs/scripting.md)",
                                        },
                                        "reason": { "type": "string", "description": "按 --lang 翻译 / In the output language" },
                                    },
                                    "additionalProperties": false,
                                },
                            },
                        },
                        "additionalProperties": false,
                    },
                },
            },
            "additionalProperties": false,
        }),
    )
}

/// `itc diff --format json`: the records a change touches, the KPIs it moves, the errors.
fn diff() -> Value {
    let text_or_null = json!({ "type": ["string", "null"] });
    let number_or_null = json!({
        "type": ["number", "null"],
        "description": "指标值(比率为 0–1,计数为整数);无法计算时为 null / The KPI's value (a rate in 0–1, or a count); null when it cannot be computed",
    });
    let verdict = json!({ "enum": ["met", "missed", "n/a"] });
    // A month, quarter, half, year or day, or FROM..TO of two of them, as `itc kpi` labels it.
    let one = "[0-9]{4}(-[0-9]{2}|-Q[1-4]|-H[12]|-[0-9]{2}-[0-9]{2})?";
    let period = json!({ "type": "string", "pattern": format!("^{one}(\\.\\.{one})?$") });
    head(
        "itc diff --format json",
        "一次改动对记录与考核指标的影响 / What a change does to the records and the KPIs",
        json!({
            "type": "object",
            "required": ["base", "head", "records", "periods", "kpis", "check"],
            "properties": {
                "base": { "type": "string", "minLength": 1, "description": "改动之前的 git 版本,照写 / The revision before the change, as given" },
                "head": { "type": "string", "minLength": 1, "description": "改动之后的 git 版本,或 worktree(工作区)/ The revision after the change, or `worktree`" },
                "records": {
                    "type": "array",
                    "description": "有变化的记录,按编号排序 / The records that differ, by id",
                    "items": {
                        "type": "object",
                        "required": ["id", "kind", "title", "change", "path", "old_path", "stage", "fields"],
                        "properties": {
                            "id": { "type": "string", "minLength": 1 },
                            "kind": { "type": "string" },
                            "title": text_or_null,
                            "change": { "enum": ["added", "removed", "modified", "renamed"] },
                            "path": {
                                "type": "string",
                                "description": "改动之后的路径(删除的记录为之前的路径)/ Path after the change (before it, for a removed record), relative to the repository root",
                            },
                            "old_path": {
                                "type": ["string", "null"],
                                "description": "移动之前的路径;未移动时为 null / The path before a rename; null otherwise",
                            },
                            "stage": {
                                "description": "阶段变化;阶段未变时为 null / The stage move; null when the stage did not change",
                                "anyOf": [
                                    {
                                        "type": "object",
                                        "required": ["from", "to"],
                                        "properties": { "from": text_or_null, "to": text_or_null },
                                        "additionalProperties": false,
                                    },
                                    { "type": "null" },
                                ],
                            },
                            "fields": {
                                "type": "array",
                                "description": "变化的字段;新增或删除的记录列出全部字段 / The fields that differ; all of them for an added or removed record",
                                "items": {
                                    "type": "object",
                                    "required": ["path", "old", "new"],
                                    "properties": {
                                        "path": {
                                            "type": "string",
                                            "minLength": 1,
                                            "description": "字段路径:severity、stage.field、goals[0].weight / Field path: `severity`, `stage.field`, `goals[0].weight`",
                                        },
                                        "old": { "description": "之前的值(JSON;日期时间为带时区的 RFC 3339);不存在为 null / The value before (JSON; date-times RFC 3339 with offset); null when absent" },
                                        "new": { "description": "之后的值;不存在为 null / The value after; null when absent" },
                                    },
                                    "additionalProperties": false,
                                },
                            },
                        },
                        "additionalProperties": false,
                    },
                },
                "periods": {
                    "type": "array",
                    "description": "比较了指标的统计周期:变化记录的事实所在的月(至多 24 个,取最接近截至日的)及其季、年;itc.toml 或 rules.toml 有变化时加上截至日所在年已开始的月、季与该年;以及每个 --period / The periods whose KPIs were compared: the months the changed records' facts fall in (at most 24, those nearest as-of) with their quarters and years; when itc.toml or rules.toml changed, the months and quarters of the as-of's year begun by as-of, and that year; and each --period",
                    "items": period.clone(),
                },
                "kpis": {
                    "type": "array",
                    "description": "值或结论有变化的指标,周期见 periods / The KPIs whose value or verdict changed, over the periods of `periods`",
                    "items": {
                        "type": "object",
                        "required": ["key", "period", "before", "after", "verdict_before", "verdict_after"],
                        "properties": {
                            "key": { "type": "string", "minLength": 1 },
                            "period": period,
                            "before": number_or_null,
                            "after": number_or_null,
                            "verdict_before": verdict,
                            "verdict_after": verdict,
                        },
                        "additionalProperties": false,
                    },
                },
                "check": {
                    "type": "object",
                    "required": ["errors_before", "errors_after"],
                    "properties": { "errors_before": count(), "errors_after": count() },
                    "additionalProperties": false,
                },
            },
            "additionalProperties": false,
        }),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_output_schema_names_its_dialect() {
        let all = super::all();
        assert!(all.iter().any(|(n, _)| n == "output/export.json"));
        for (_, s) in all {
            assert_eq!(s["$schema"], super::DIALECT);
        }
    }

    #[test]
    fn every_diagnostic_code_fits_the_check_schema() {
        // The schema's pattern is ^[EW][0-9]{4}$.
        for code in crate::output::catalog::codes() {
            let b = code.as_bytes();
            assert!(
                b.len() == 5
                    && matches!(b[0], b'E' | b'W')
                    && b[1..].iter().all(u8::is_ascii_digit),
                "{code}"
            );
        }
    }
}
