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
const OUTPUTS: &[(&str, Build)] = &[("check", check), ("export", export), ("diff", diff)];

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

/// `itc diff --format json`: the records a change touches, the KPIs it moves, the errors.
fn diff() -> Value {
    let text_or_null = json!({ "type": ["string", "null"] });
    let number_or_null = json!({
        "type": ["number", "null"],
        "description": "指标值(比率为 0–1,计数为整数);无法计算时为 null / The KPI's value (a rate in 0–1, or a count); null when it cannot be computed",
    });
    let verdict = json!({ "enum": ["met", "missed", "n/a"] });
    head(
        "itc diff --format json",
        "一次改动对记录与考核指标的影响 / What a change does to the records and the KPIs",
        json!({
            "type": "object",
            "required": ["base", "head", "records", "kpis", "check"],
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
                "kpis": {
                    "type": "array",
                    "description": "值或结论有变化的指标,覆盖变化记录所涉及的月、季、年 / The KPIs whose value or verdict changed, over every month, quarter and year a changed record touches",
                    "items": {
                        "type": "object",
                        "required": ["key", "period", "before", "after", "verdict_before", "verdict_after"],
                        "properties": {
                            "key": { "type": "string", "minLength": 1 },
                            "period": { "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}|-Q[1-4])?$" },
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
