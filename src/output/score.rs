//! `itc score`: the scorecard weighed, as a table for people (human), Markdown and JSON
//! (`schema/output/score.json`, built here by `schema`). An xlsx workbook is one more format
//! over the same `Score` (see `cmd::score::Format`).

use std::fmt::Write;

use comfy_table::{Cell, Table, presets};
use serde_json::{Value, json};

use super::catalog::score as words;
use super::escape::markdown_cell as md_cell;
use super::escape::terminal_line;
use super::kpi::{percent, period_line};
use crate::Lang;
use crate::config::Config;
use crate::config::scorecard::Category;
use crate::kpi::{Ctx, Kpi, Unit};
use crate::score::{Item, Score, What};

/// Points, weights and totals: two decimals, without trailing zeros (`84`, `3.5`, `2.67`).
pub fn points_text(v: f64) -> String {
    let v = (v * 100.0).round() / 100.0;
    let v = if v == 0.0 { 0.0 } else { v };
    format!("{v}")
}

fn unit(item: &Item) -> Option<Unit> {
    match &item.what {
        What::Kpi(k) => Some(k.def().unit),
        _ => None,
    }
}

/// A value, target or floor in the item's unit: a percentage for a ratio, a number for a count
/// or a manual score.
fn in_unit(item: &Item, v: Option<f64>) -> String {
    match (v, unit(item)) {
        (None, _) => "—".into(),
        (Some(v), Some(Unit::Count) | None) => points_text(v),
        (Some(v), Some(_)) => percent(v),
    }
}

pub fn target_text(item: &Item) -> String {
    match item.target {
        None => "—".into(),
        Some(_) => {
            let op = if item.target_is_max { "≤" } else { "≥" };
            format!("{op} {}", in_unit(item, item.target))
        }
    }
}

/// The item's name in `lang`, and its KPI key (empty for a manual item).
pub fn item_name(item: &Item, lang: Lang) -> (String, String) {
    match &item.what {
        What::Kpi(k) => {
            let d = k.def();
            let name = if lang == Lang::Zh { d.zh } else { d.en };
            (name.to_string(), d.id.to_string())
        }
        What::Unknown(k) => (k.clone(), k.clone()),
        What::Manual(n) => (n.clone(), words::MANUAL.get(lang).to_string()),
    }
}

/// Where the points come from: the KPI's counts or the appraisals' scores; or why the item was
/// not scored.
pub fn evidence(item: &Item, lang: Lang) -> String {
    if let Some(u) = &item.unscored {
        return format!(
            "{}: {}",
            words::NOT_SCORED.get(lang),
            words::unscored(lang, u)
        );
    }
    if let (Some((num, Some(den))), Some(unit)) = (item.ratio, unit(item)) {
        return super::kpi::counts_text(num, den, unit, lang);
    }
    item.marks
        .iter()
        .map(|m| words::mark(lang, &m.id, &m.rel, m.line, &points_text(m.score)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The rows of the items: category, name, key, weight, value, target, floor, points, evidence.
pub fn rows(score: &Score, lang: Lang) -> Vec<[String; 9]> {
    score
        .items
        .iter()
        .map(|i| {
            let (name, key) = item_name(i, lang);
            [
                words::category(i.category).get(lang).to_string(),
                name,
                key,
                points_text(i.weight),
                in_unit(i, i.value),
                target_text(i),
                in_unit(i, i.floor),
                i.points.map_or_else(|| "—".into(), points_text),
                evidence(i, lang),
            ]
        })
        .collect()
}

/// `总分 84(已计分权重 50 / 100)`.
pub fn total_line(score: &Score, lang: Lang) -> String {
    words::total_line(
        lang,
        score.total.map(points_text).as_deref(),
        &points_text(score.scored_weight),
        &points_text(score.weight),
    )
}

fn subject_line(score: &Score, config: &Config, lang: Lang) -> String {
    let s = score.subject.as_deref().map(|id| {
        let name = config.person(id).map_or("", |p| p.name.as_str());
        (id, name)
    });
    words::subject_line(lang, s)
}

/// A category's subtotal row: category, points, weight scored, weight.
fn subtotal_rows(score: &Score, lang: Lang) -> Vec<[String; 4]> {
    score
        .categories
        .iter()
        .map(|c| {
            [
                words::category(c.category).get(lang).to_string(),
                points_text(c.points),
                points_text(c.scored_weight),
                points_text(c.weight),
            ]
        })
        .collect()
}

/// The KPIs' records for `--explain`, one block per KPI item.
fn explain(score: &Score, kpis: &[Kpi], lang: Lang, md: bool, out: &mut String) {
    for item in &score.items {
        let What::Kpi(key) = item.what else { continue };
        let Some(k) = kpis.iter().find(|k| k.key == key) else {
            continue;
        };
        if md {
            let _ = writeln!(out, "\n### {} (`{}`)\n", md_cell(k.name.get(lang)), k.key);
            super::kpi::explain_lines(k, lang, out, "- ");
        } else {
            let _ = writeln!(out, "\n{} ({})", k.name.get(lang), k.key);
            super::kpi::explain_lines(k, lang, out, "  ");
        }
    }
}

pub fn human(ctx: &Ctx<'_>, score: &Score, kpis: &[Kpi], lang: Lang, explain_too: bool) -> String {
    let mut out = period_line(ctx, lang);
    let _ = writeln!(
        out,
        "{}",
        terminal_line(&subject_line(score, ctx.config, lang))
    );
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_header(words::COLUMNS.map(|w| w.get(lang)));
    for r in rows(score, lang) {
        t.add_row(r.iter().map(|c| Cell::new(terminal_line(c))));
    }
    let _ = writeln!(out, "{t}");
    let mut s = Table::new();
    s.load_style(presets::UTF8_FULL_CONDENSED);
    s.set_header(words::SUBTOTAL_COLUMNS.map(|w| w.get(lang)));
    for r in subtotal_rows(score, lang) {
        s.add_row(r);
    }
    let _ = writeln!(out, "{s}");
    let _ = writeln!(out, "{}", total_line(score, lang));
    if explain_too {
        explain(score, kpis, lang, false, &mut out);
    }
    out
}

pub fn markdown(
    ctx: &Ctx<'_>,
    score: &Score,
    kpis: &[Kpi],
    lang: Lang,
    explain_too: bool,
) -> String {
    let mut out = format!("{}\n", period_line(ctx, lang));
    let _ = writeln!(out, "{}\n", md_cell(&subject_line(score, ctx.config, lang)));
    let head = words::COLUMNS.map(|w| w.get(lang));
    let _ = writeln!(
        out,
        "| {} |\n|---|---|---|---:|---:|---:|---:|---:|---|",
        head.join(" | ")
    );
    for r in rows(score, lang) {
        let cells: Vec<String> = r.iter().map(|c| md_cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let head = words::SUBTOTAL_COLUMNS.map(|w| w.get(lang));
    let _ = writeln!(out, "\n| {} |\n|---|---:|---:|---:|", head.join(" | "));
    for r in subtotal_rows(score, lang) {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    let _ = writeln!(out, "\n**{}**", total_line(score, lang));
    if explain_too {
        explain(score, kpis, lang, true, &mut out);
    }
    out
}

pub fn json(ctx: &Ctx<'_>, score: &Score, kpis: &[Kpi], lang: Lang, explain_too: bool) -> String {
    let items: Vec<Value> = score
        .items
        .iter()
        .map(|i| {
            let (name, _) = item_name(i, lang);
            let mut v = json!({
                "category": i.category.as_str(),
                "name": name,
                "weight": i.weight,
                "value": i.value,
                "target": i.target,
                "floor": i.floor,
                "points": i.points,
                "reason": i.unscored.as_ref().map(|u| u.code()),
                "reason_text": i.unscored.as_ref().map(|u| words::unscored(lang, u)),
                "evidence": i.marks.iter().map(|m| json!({
                    "id": m.id, "file": m.rel, "line": m.line, "score": m.score,
                })).collect::<Vec<_>>(),
            });
            match &i.what {
                What::Kpi(k) => {
                    v["kpi"] = json!(k.as_str());
                    let (num, den) = i.ratio.unwrap_or((0.0, None));
                    v["numerator"] = json!(num);
                    v["denominator"] = json!(den);
                    if explain_too && let Some(k) = kpis.iter().find(|x| x.key == *k) {
                        v["explain"] = k
                            .items
                            .iter()
                            .map(|x| {
                                json!({
                                    "id": x.id,
                                    "counted": x.counted,
                                    "code": x.reason.code(),
                                    "reason": super::catalog::kpi::reason(lang, &x.reason),
                                })
                            })
                            .collect();
                    }
                }
                What::Unknown(k) => v["kpi"] = json!(k),
                What::Manual(n) => v["item"] = json!(n),
            }
            v
        })
        .collect();
    let as_of = chrono::DateTime::from_timestamp(ctx.as_of, 0)
        .map(|d| d.with_timezone(&ctx.tz()).to_rfc3339())
        .unwrap_or_default();
    let v = json!({
        "period": {
            "label": ctx.period.label,
            "start": ctx.period.start.to_string(),
            "end": ctx.period.end.to_string(),
            "as_of": as_of,
        },
        "subject": score.subject,
        "total": score.total,
        "points": score.points,
        "weight": score.weight,
        "scored_weight": score.scored_weight,
        "categories": score.categories.iter().map(|c| json!({
            "category": c.category.as_str(),
            "name": words::category(c.category).get(lang),
            "points": c.points,
            "weight": c.weight,
            "scored_weight": c.scored_weight,
        })).collect::<Vec<_>>(),
        "items": items,
    });
    format!("{v}\n")
}

/// `schema/output/score.json`.
pub fn schema() -> Value {
    use super::catalog::schema::both;
    let categories: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    let keys: Vec<&str> = crate::kpi::KEYS.to_vec();
    let number_or_null = json!({ "type": ["number", "null"] });
    let date = json!({ "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$" });
    let codes = [
        "kpi_na",
        "no_target",
        "unknown_kpi",
        "no_subject",
        "no_appraisal",
        "not_at_result",
        "no_score",
        "self_appraised",
    ];
    let evidence = json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id", "file", "line", "score"],
            "properties": {
                "id": { "type": "string" },
                "file": { "type": "string" },
                "line": { "type": "integer", "minimum": 1 },
                "score": { "type": "number" },
            },
            "additionalProperties": false,
        },
    });
    let explain = json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id", "counted", "code", "reason"],
            "properties": {
                "id": { "type": "string" },
                "counted": { "type": "boolean" },
                "code": { "type": "string" },
                "reason": { "type": "string" },
            },
            "additionalProperties": false,
        },
    });
    let item = json!({
        "type": "object",
        "required": ["category", "name", "weight", "value", "target", "floor", "points", "reason", "reason_text", "evidence"],
        "properties": {
            "category": { "enum": categories },
            "kpi": { "type": "string" },
            "item": { "type": "string" },
            "name": { "type": "string" },
            "weight": { "type": "number" },
            "value": number_or_null,
            "target": number_or_null,
            "floor": number_or_null,
            "points": number_or_null,
            "reason": {
                "anyOf": [{ "enum": codes }, { "type": "null" }],
                "description": both(words::SCHEMA_REASON),
            },
            "reason_text": { "type": ["string", "null"] },
            "numerator": { "type": "number" },
            "denominator": number_or_null,
            "evidence": evidence,
            "explain": explain,
        },
        "oneOf": [
            { "required": ["kpi"], "properties": { "kpi": { "enum": keys } } },
            { "required": ["item"] },
        ],
        "additionalProperties": false,
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "itc score --format json",
        "description": both(words::SCHEMA),
        "type": "object",
        "required": ["period", "subject", "total", "points", "weight", "scored_weight", "categories", "items"],
        "properties": {
            "period": {
                "type": "object",
                "required": ["label", "start", "end", "as_of"],
                "properties": {
                    "label": { "type": "string" },
                    "start": date,
                    "end": date,
                    "as_of": { "type": "string", "pattern": super::schema::RFC3339 },
                },
                "additionalProperties": false,
            },
            "subject": { "type": ["string", "null"] },
            "total": number_or_null,
            "points": { "type": "number" },
            "weight": { "type": "number" },
            "scored_weight": { "type": "number" },
            "categories": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["category", "name", "points", "weight", "scored_weight"],
                    "properties": {
                        "category": { "enum": categories },
                        "name": { "type": "string" },
                        "points": { "type": "number" },
                        "weight": { "type": "number" },
                        "scored_weight": { "type": "number" },
                    },
                    "additionalProperties": false,
                },
            },
            "items": { "type": "array", "items": item },
        },
        "additionalProperties": false,
    })
}
