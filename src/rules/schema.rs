//! JSON Schemas (draft 2020-12) derived from the rules: one per kind, and one for itc.toml. They
//! give editors (taplo, yaml-language-server) completion, labels in both languages and the
//! checks a schema can express; `itc check` remains the full judge.

use serde_json::{Map, Value, json};

use super::{Field, Kind, Rules, Test, Type};

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
const DATE: &str = r"^\d{4}-\d{2}-\d{2}$";
const DATETIME: &str = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$";
const DATETIME_OR_DATE: &str =
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$";
const DURATION: &str = r"^\s*(\d+\s*[wdhms]\s*)+$";
const PERIOD: &str = r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$";
const TIMEZONE: &str = r"^(Z|[+-]\d{2}:\d{2})$";

fn describe(label: &super::Label) -> String {
    format!("{} / {}", label.zh, label.en)
}

fn type_schema(ty: &Type, field: &Field) -> Value {
    let pattern = |p: &str| json!({ "type": "string", "pattern": p });
    match ty {
        Type::Text | Type::Person | Type::System | Type::Record(_) => {
            json!({ "type": "string", "minLength": 1 })
        }
        Type::Int | Type::Number => {
            let mut m = Map::new();
            m.insert(
                "type".into(),
                json!(if *ty == Type::Int {
                    "integer"
                } else {
                    "number"
                }),
            );
            if let Some(min) = field.min {
                let key = if field.min_exclusive {
                    "exclusiveMinimum"
                } else {
                    "minimum"
                };
                m.insert(key.into(), json!(min));
            }
            if let Some(max) = field.max {
                m.insert("maximum".into(), json!(max));
            }
            Value::Object(m)
        }
        Type::Bool => json!({ "type": "boolean" }),
        Type::Date => pattern(DATE),
        Type::DateTime if field.allow_date => pattern(DATETIME_OR_DATE),
        Type::DateTime => pattern(DATETIME),
        Type::Duration => pattern(DURATION),
        Type::Period => json!({ "type": ["string", "integer"], "pattern": PERIOD }),
        Type::Timezone => pattern(TIMEZONE),
        Type::Hours => json!({ "type": "string" }),
        Type::Enum(values) => json!({ "enum": values }),
        Type::List(of) => {
            let mut m = Map::new();
            m.insert("type".into(), json!("array"));
            m.insert("items".into(), type_schema(of, field));
            if field.min_items > 0 {
                m.insert("minItems".into(), json!(field.min_items));
            }
            Value::Object(m)
        }
        Type::TableList(items) => {
            let mut m = Map::new();
            m.insert("type".into(), json!("array"));
            m.insert("items".into(), object(items, true));
            if field.min_items > 0 {
                m.insert("minItems".into(), json!(field.min_items));
            }
            Value::Object(m)
        }
        Type::Table(items) => object(items, true),
        Type::Map(of) => {
            json!({ "type": "object", "additionalProperties": type_schema(of, field) })
        }
    }
}

fn field_schema(f: &Field) -> Value {
    let mut v = type_schema(&f.ty, f);
    if let Value::Object(m) = &mut v {
        m.insert("title".into(), json!(f.label.zh));
        m.insert("description".into(), json!(describe(&f.label)));
        if let Some(d) = &f.default {
            let default = match f.ty {
                Type::Bool => json!(d == "true"),
                Type::Int => d.parse::<i64>().map_or(json!(d), |n| json!(n)),
                Type::Number => d.parse::<f64>().map_or(json!(d), |n| json!(n)),
                _ => json!(d),
            };
            m.insert("default".into(), default);
        }
    }
    v
}

/// An object of the given fields; `required` lists the unconditionally required ones.
fn object(fields: &[Field], with_required: bool) -> Value {
    let props: Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.clone(), field_schema(f)))
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name.as_str())
        .collect();
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    m.insert("properties".into(), Value::Object(props));
    if with_required && !required.is_empty() {
        m.insert("required".into(), json!(required));
    }
    m.insert("additionalProperties".into(), json!(false));
    Value::Object(m)
}

fn cond_schema(test: &Test, field: &Field) -> Value {
    let is = |v: &str| -> Value {
        match field.ty {
            Type::Bool => json!(v == "true"),
            _ => json!(v),
        }
    };
    match test {
        Test::Is(v) => {
            json!({ "properties": { field.name.clone(): { "const": is(v) } }, "required": [field.name] })
        }
        Test::In(vs) => {
            json!({ "properties": { field.name.clone(): { "enum": vs } }, "required": [field.name] })
        }
        Test::Present => json!({ "required": [field.name] }),
    }
}

/// The schema of one kind. Stage requirements become `if stage is later then section needs`
/// rules; conditional requirements become `if condition then required`.
pub fn kind_schema(rules: &Rules, kind: &Kind) -> Value {
    let top: Vec<Field> = rules
        .common
        .iter()
        .chain(kind.fields.iter())
        .cloned()
        .collect();
    let mut root = object(&top, true);
    let mut all_of = Vec::new();
    if let Value::Object(m) = &mut root {
        if let Some(Value::Object(props)) = m.get_mut("properties") {
            let stage_keys: Vec<&str> = kind.stages.iter().map(|s| s.key.as_str()).collect();
            props.insert(
                "stage".into(),
                json!({
                    "enum": stage_keys,
                    "title": "当前阶段",
                    "description": "当前阶段 / Stage",
                }),
            );
            props.insert(
                "kind".into(),
                json!({ "const": kind.key, "description": "类别 / Kind" }),
            );
            for (i, stage) in kind.stages.iter().enumerate() {
                let fields: Vec<Field> = rules
                    .stage_fields(stage)
                    .map(|f| Field {
                        required: f.name == "at",
                        ..f.clone()
                    })
                    .collect();
                let mut section = object(&fields, true);
                if let Value::Object(sm) = &mut section {
                    sm.insert("title".into(), json!(stage.label.zh));
                    sm.insert("description".into(), json!(describe(&stage.label)));
                }
                props.insert(stage.key.clone(), section);
                // Once a later stage (or, for the final one, this stage) is the current one, the
                // section must hold what the stage needs.
                let later: Vec<&str> = if i + 1 == kind.stages.len() {
                    vec![stage.key.as_str()]
                } else {
                    stage_keys[i + 1..].to_vec()
                };
                let needs: Vec<&str> = stage
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.name.as_str())
                    .collect();
                if !needs.is_empty() {
                    all_of.push(json!({
                        "if": { "properties": { "stage": { "enum": later } }, "required": ["stage"] },
                        "then": { "properties": { stage.key.clone(): { "required": needs } } },
                    }));
                }
            }
        }
        for f in &top {
            for c in &f.when {
                if let Some(cf) = top.iter().find(|t| t.name == c.field) {
                    all_of.push(
                        json!({ "if": cond_schema(&c.test, cf), "then": { "required": [f.name] } }),
                    );
                }
            }
        }
        let mut head = Map::new();
        head.insert("$schema".into(), json!(DIALECT));
        head.insert(
            "title".into(),
            json!(format!("{} ({})", kind.label.zh, kind.label.en)),
        );
        head.insert(
            "description".into(),
            json!(format!(
                "itc 记录:{} / itc record: {} — {}/, {}-…",
                kind.label.zh, kind.label.en, kind.folder, kind.prefix
            )),
        );
        head.append(m);
        if !all_of.is_empty() {
            head.insert("allOf".into(), Value::Array(all_of));
        }
        *m = head;
    }
    root
}

/// The schema of itc.toml.
pub fn config_schema(fields: &[Field]) -> Value {
    let mut v = object(fields, true);
    if let Value::Object(m) = &mut v {
        let mut head = Map::new();
        head.insert("$schema".into(), json!(DIALECT));
        head.insert("title".into(), json!("itc.toml"));
        head.insert(
            "description".into(),
            json!("itc 记录库配置 / itc repository settings"),
        );
        head.append(m);
        *m = head;
    }
    v
}

/// Every schema, as `(file name, schema)`: `<kind>.json` for each kind, then `itc.json`.
pub fn all(rules: &Rules) -> Result<Vec<(String, Value)>, Vec<crate::diag::Diag>> {
    let mut out: Vec<(String, Value)> = rules
        .kinds
        .iter()
        .map(|k| (format!("{}.json", k.key), kind_schema(rules, k)))
        .collect();
    let config = super::load::parse_field_list(super::CONFIG_SCHEMA, "<config schema>")?;
    out.push(("itc.json".into(), config_schema(&config)));
    Ok(out)
}

pub fn to_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
