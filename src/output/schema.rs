//! JSON Schemas (draft 2020-12) of itc's machine outputs, written by `itc schema` into
//! `schema/output/`. Each output has one entry in `OUTPUTS`; a test validates the real output of
//! each command against its schema. The schemas describe exactly this version's output
//! (`additionalProperties: false`); within a major version fields are only ever added.

use serde_json::{Value, json};

use crate::Words;
use crate::diag::Check;
use crate::output::catalog::deadlines::schema as breach;
use crate::output::catalog::schema::{self as words, both};

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
/// RFC 3339 with an offset, as every machine output writes a date-time.
pub const RFC3339: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$";

/// Builds one output's schema.
type Build = fn() -> Value;

/// Every output schema: `(command, builder)`, written as `output/<command>.json`. A new output
/// is one more entry here.
const OUTPUTS: &[(&str, Build)] = &[
    ("agenda", super::agenda::schema),
    ("check", check),
    ("diff", diff),
    ("export", export),
    ("kpi", kpi),
    ("list", list),
    ("score", super::score::schema),
    ("show", show),
];

/// `(file name, schema)` for every output, the file names relative to the schema folder.
pub fn all() -> Vec<(String, Value)> {
    OUTPUTS
        .iter()
        .map(|(name, build)| (format!("output/{name}.json"), build()))
        .collect()
}

fn head(title: &str, description: Words, body: Value) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("$schema".into(), json!(DIALECT));
    m.insert("title".into(), json!(title));
    m.insert("description".into(), json!(both(description)));
    if let Value::Object(b) = body {
        m.extend(b);
    }
    Value::Object(m)
}

fn count() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}

/// A date-time (RFC 3339 with offset), or null when there is none.
fn time_or_null(description: Words) -> Value {
    json!({
        "description": both(description),
        "anyOf": [{ "type": "string", "pattern": RFC3339 }, { "type": "null" }],
    })
}

/// A deadline as written: a date `YYYY-MM-DD`, or a date-time in RFC 3339 with offset.
fn due() -> Value {
    json!({
        "description": both(words::DUE),
        "anyOf": [
            { "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$" },
            { "type": "string", "pattern": RFC3339 },
        ],
    })
}

fn seconds_or_null(description: Words) -> Value {
    json!({ "type": ["integer", "null"], "description": both(description) })
}

/// One overdue deadline, in `list` and `show`.
fn overdue() -> Value {
    let keys = crate::facts::deadline::KEYS;
    json!({
        "type": "object",
        "required": ["code", "what", "deadline", "due", "key", "kpi", "part", "owner"],
        "properties": {
            "code": {
                "enum": keys,
                "description": both(words::OVERDUE_CODE),
            },
            "what": { "type": "string", "description": both(words::TRANSLATED_EXPLANATION) },
            "deadline": {
                "type": "string",
                "pattern": RFC3339,
                "description": both(words::DEADLINE),
            },
            "due": due(),
            "key": { "enum": keys, "description": both(words::SAME_AS_CODE) },
            "kpi": {
                "type": ["string", "null"],
                "description": both(words::COUNTING_KPI),
            },
            "part": {
                "type": ["string", "null"],
                "description": both(words::PART),
            },
            "owner": { "type": "string", "description": both(breach::OWNER) },
        },
        "additionalProperties": false,
    })
}

/// `itc check --format json`: one object with every finding and a summary.
fn check() -> Value {
    let checks: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
    head(
        "itc check --format json",
        words::CHECK_OUTPUT,
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
                                "description": both(words::PATH),
                            },
                            "line": { "type": "integer", "minimum": 1 },
                            "column": {
                                "type": "integer",
                                "minimum": 1,
                                "description": both(words::IN_CHARACTERS),
                            },
                            "severity": { "enum": ["error", "warning"] },
                            "code": {
                                "type": "string",
                                "pattern": "^[EW][0-9]{4}$",
                                "description": both(words::STABLE_CODE),
                            },
                            "check": { "enum": checks },
                            "message": {
                                "type": "string",
                                "description": both(words::TRANSLATED_EXPLANATION),
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
        words::EXPORT_OUTPUT,
        json!({
            "type": "object",
            "required": ["id", "kind", "path", "format", "title", "stage", "final", "record", "timeline"],
            "properties": {
                "id": {
                    "type": "string",
                    "minLength": 1,
                    "description": both(words::RECORD_ID),
                },
                "kind": { "type": "string", "minLength": 1, "description": both(words::KIND_KEY) },
                "path": {
                    "type": "string",
                    "description": both(words::PATH),
                },
                "format": { "enum": ["toml", "yaml"] },
                "title": text_or_null,
                "stage": text_or_null,
                "final": {
                    "type": "boolean",
                    "description": both(words::FINAL),
                },
                "record": {
                    "type": "object",
                    "description": both(words::RECORD),
                },
                "timeline": {
                    "type": "array",
                    "description": both(words::TIMELINE),
                    "items": {
                        "type": "object",
                        "required": ["stage", "at", "by"],
                        "properties": {
                            "stage": { "type": "string", "minLength": 1 },
                            "at": {
                                "description": both(words::TIMELINE_AT),
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

/// `itc list --format json`: one object per record listed, ordered by id; with `--breached`, one
/// per breach, ordered by id and deadline.
fn list() -> Value {
    head(
        "itc list --format json",
        words::LIST_OUTPUT,
        json!({
            "type": "array",
            "items": {
                "type": "object",
                // A record, or with `--breached` a breach: the properties of both, and the
                // keys each requires.
                "oneOf": [
                    {
                        "description": both(breach::RECORD_ROW),
                        "required": ["id", "kind", "title", "stage", "stage_label", "owner", "entered", "age_s", "final", "overdue"],
                    },
                    {
                        "description": both(breach::BREACH_ROW),
                        "required": ["id", "kind", "title", "owner", "final", "key", "kpi", "part", "what", "due", "deadline", "done", "late_s", "open"],
                    },
                ],
                "properties": {
                    "id": { "type": "string", "minLength": 1 },
                    "kind": { "type": "string", "minLength": 1, "description": both(words::KIND_KEY) },
                    "title": { "type": "string" },
                    "stage": { "type": "string", "description": both(words::STAGE_KEY) },
                    "stage_label": { "type": "string", "description": both(words::STAGE_LABEL) },
                    "owner": { "type": "string" },
                    "entered": time_or_null(words::ENTERED),
                    "age_s": seconds_or_null(words::AGE),
                    "final": { "type": "boolean" },
                    "overdue": { "type": "array", "items": overdue() },
                    "key": { "enum": crate::facts::deadline::KEYS, "description": both(breach::KEY) },
                    "kpi": { "type": ["string", "null"], "description": both(words::COUNTING_KPI) },
                    "part": { "type": ["string", "null"], "description": both(words::PART) },
                    "what": { "type": "string", "description": both(breach::WHAT) },
                    "due": due(),
                    "deadline": { "type": "string", "pattern": RFC3339, "description": both(words::DEADLINE) },
                    "done": time_or_null(breach::DONE),
                    "late_s": { "type": "integer", "minimum": 0, "description": both(breach::LATE) },
                    "open": { "type": "boolean", "description": both(breach::OPEN) },
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
                "description": both(words::FIELD_LABEL),
            },
            "value": { "description": both(words::FIELD_VALUE) },
        },
        "additionalProperties": false,
    })
}

/// `itc show --format json`: one record, its timeline, needs and deadlines.
fn show() -> Value {
    let standings = ["on_time", "late", "missed", "pending"];
    head(
        "itc show --format json",
        words::SHOW_OUTPUT,
        json!({
            "type": "object",
            "required": ["id", "kind", "file", "title", "stage", "stage_label", "owner", "final", "entered", "age_s", "timeline", "next", "needs", "overdue", "deadlines", "kind_label", "fields", "sections"],
            "properties": {
                "id": { "type": "string", "minLength": 1 },
                "kind": { "type": "string", "minLength": 1, "description": both(words::KIND_KEY) },
                "file": {
                    "type": "string",
                    "description": both(words::PATH),
                },
                "title": { "type": "string" },
                "stage": { "type": "string", "description": both(words::STAGE_KEY) },
                "stage_label": { "type": "string", "description": both(words::STAGE_LABEL) },
                "owner": { "type": "string" },
                "final": { "type": "boolean" },
                "entered": time_or_null(words::ENTERED),
                "age_s": seconds_or_null(words::AGE),
                "timeline": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["stage", "label", "at", "by", "duration_s"],
                        "properties": {
                            "stage": { "type": "string", "minLength": 1 },
                            "label": { "type": "string", "description": both(words::TRANSLATED) },
                            "at": time_or_null(words::STEP_AT),
                            "by": { "type": ["string", "null"] },
                            "duration_s": seconds_or_null(words::STEP_DURATION),
                        },
                        "additionalProperties": false,
                    },
                },
                "next": { "type": ["string", "null"], "description": both(words::NEXT) },
                "needs": {
                    "type": "array",
                    "description": both(words::NEEDS),
                    "items": {
                        "type": "object",
                        "required": ["code", "field", "line", "message"],
                        "properties": {
                            "code": {
                                "type": "string",
                                "pattern": "^[EW][0-9]{4}$",
                                "description": both(words::NEED_CODE),
                            },
                            "field": {
                                "type": ["string", "null"],
                                "description": both(words::NEED_FIELD),
                            },
                            "line": { "type": "integer", "minimum": 1 },
                            "message": { "type": "string", "description": both(words::TRANSLATED) },
                        },
                        "additionalProperties": false,
                    },
                },
                "overdue": { "type": "array", "items": overdue() },
                "kind_label": { "type": "string", "description": both(words::KIND_LABEL) },
                "fields": {
                    "description": both(words::FIELDS),
                    "type": "array",
                    "items": shown_field(),
                },
                "sections": {
                    "description": both(words::SECTIONS),
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["stage", "label", "current", "fields"],
                        "properties": {
                            "stage": { "type": "string", "minLength": 1 },
                            "label": { "type": "string", "description": both(words::TRANSLATED) },
                            "current": { "type": "boolean", "description": both(words::CURRENT) },
                            "fields": { "type": "array", "items": shown_field() },
                        },
                        "additionalProperties": false,
                    },
                },
                "deadlines": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["key", "kpi", "part", "owner", "due", "deadline", "standing"],
                        "properties": {
                            "key": { "enum": crate::facts::deadline::KEYS },
                            "kpi": { "type": ["string", "null"] },
                            "part": { "type": ["string", "null"] },
                            "owner": { "type": ["string", "null"], "description": both(breach::PART_OWNER) },
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
        words::KPI_OUTPUT,
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
                            "description": both(words::EXCLUSIVE),
                        },
                        "as_of": { "type": "string", "pattern": RFC3339 },
                    },
                    "additionalProperties": false,
                },
                "kpis": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["key", "name", "value", "numerator", "denominator", "target", "verdict", "groups", "extra", "left_out", "incomplete", "na_reason"],
                        "properties": {
                            "key": { "enum": keys },
                            "name": { "type": "string", "description": both(words::TRANSLATED) },
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
                                "description": both(words::EXTRA),
                            },
                            "left_out": {
                                "type": "array",
                                "description": both(crate::output::catalog::kpi::LEFT_OUT_DOC),
                                "items": {
                                    "type": "object",
                                    "required": ["id", "code"],
                                    "properties": {
                                        "id": { "type": "string" },
                                        "code": { "enum": crate::kpi::REASON_CODES },
                                    },
                                    "additionalProperties": false,
                                },
                            },
                            "incomplete": {
                                "type": "integer",
                                "minimum": 0,
                                "description": both(crate::output::catalog::kpi::INCOMPLETE_DOC),
                            },
                            "na_reason": {
                                "enum": ["before_since", null],
                                "description": both(crate::output::catalog::kpi::NA_REASON_DOC),
                            },
                            "explain": {
                                "type": "array",
                                "description": both(words::EXPLAIN),
                                "items": {
                                    "type": "object",
                                    "required": ["id", "counted", "evidence", "numerator", "denominator", "code", "reason"],
                                    "properties": {
                                        "id": { "type": "string" },
                                        "counted": { "type": "boolean" },
                                        "evidence": {
                                            "type": "boolean",
                                            "description": both(words::EVIDENCE),
                                        },
                                        "numerator": { "type": "number" },
                                        "denominator": { "type": "number" },
                                        "code": {
                                            "enum": crate::kpi::REASON_CODES,
                                            "description": both(words::REASON_CODE),
                                        },
                                        "reason": { "type": "string", "description": both(words::TRANSLATED) },
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
        "description": both(words::KPI_VALUE),
    });
    let verdict = json!({ "enum": ["met", "missed", "n/a"] });
    // A month, quarter, half, year or day, or FROM..TO of two of them, as `itc kpi` labels it.
    let one = "[0-9]{4}(-[0-9]{2}|-Q[1-4]|-H[12]|-[0-9]{2}-[0-9]{2})?";
    let period = json!({ "type": "string", "pattern": format!("^{one}(\\.\\.{one})?$") });
    head(
        "itc diff --format json",
        words::DIFF_OUTPUT,
        json!({
            "type": "object",
            "required": ["base", "head", "records", "commitments", "periods", "kpis", "check"],
            "properties": {
                "base": { "type": "string", "minLength": 1, "description": both(words::BASE) },
                "head": { "type": "string", "minLength": 1, "description": both(words::HEAD_REVISION) },
                "records": {
                    "type": "array",
                    "description": both(words::DIFF_RECORDS),
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
                                "description": both(words::DIFF_PATH),
                            },
                            "old_path": {
                                "type": ["string", "null"],
                                "description": both(words::OLD_PATH),
                            },
                            "stage": {
                                "description": both(words::STAGE_MOVE),
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
                                "description": both(words::DIFF_FIELDS),
                                "items": {
                                    "type": "object",
                                    "required": ["path", "old", "new"],
                                    "properties": {
                                        "path": {
                                            "type": "string",
                                            "minLength": 1,
                                            "description": both(words::FIELD_PATH),
                                        },
                                        "old": { "description": both(words::OLD_VALUE) },
                                        "new": { "description": both(words::NEW_VALUE) },
                                    },
                                    "additionalProperties": false,
                                },
                            },
                        },
                        "additionalProperties": false,
                    },
                },
                "commitments": diff_commitments(),
                "periods": {
                    "type": "array",
                    "description": both(words::PERIODS),
                    "items": period.clone(),
                },
                "kpis": {
                    "type": "array",
                    "description": both(words::DIFF_KPIS),
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

/// `diff`'s commitment changes: each commitment whose value differs, with its change entry.
fn diff_commitments() -> Value {
    use super::catalog::commitments as c;
    json!({
        "type": "array",
        "description": both(c::SCHEMA_LIST),
        "items": {
            "type": "object",
            "required": ["id", "path", "old", "new", "entry"],
            "properties": {
                "id": { "type": "string", "minLength": 1 },
                "path": {
                    "type": "string",
                    "minLength": 1,
                    "description": both(c::SCHEMA_PATH),
                },
                "old": { "description": both(words::OLD_VALUE) },
                "new": { "description": both(words::NEW_VALUE) },
                "entry": {
                    "description": both(c::SCHEMA_ENTRY),
                    "anyOf": [
                        {
                            "type": "object",
                            "required": ["date", "approved_by"],
                            "properties": {
                                "date": { "type": "string" },
                                "approved_by": {
                                    "type": "string",
                                    "description": both(c::SCHEMA_APPROVED_BY),
                                },
                            },
                            "additionalProperties": false,
                        },
                        { "type": "null" },
                    ],
                },
            },
            "additionalProperties": false,
        },
    })
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
