//! KPI reports: a table for people (comfy-table, zh/en headers, missed targets in red), JSON
//! for scripts, CSV and Markdown for reports; and the `--explain` listing.

use std::fmt::Write;

use comfy_table::{Cell, Table, presets};
use serde_json::{Value, json};

use super::catalog::kpi as words;
use super::escape::markdown_cell as md_cell;
use super::escape::{terminal, terminal_line};
use super::{Style, catalog};
use crate::Lang;
use crate::kpi::{CostLevel, Ctx, Details, Kpi, Unit, Verdict};

/// A ratio as a percentage, truncated to two decimals: 0.999996 is 99.99%, never 100.00%.
pub fn percent(v: f64) -> String {
    let hundredths = (v * 10_000.0 + 1e-7).floor() / 100.0;
    format!("{hundredths:.2}%")
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

/// Seconds as hours to the hundredth, rounded down, with the unit in `lang`.
fn hours(seconds: f64, lang: Lang) -> String {
    catalog::units::hours(lang, &number((seconds / 36.0).floor() / 100.0))
}

/// `98.75%`, `2`, or `n/a`.
pub fn value_text(k: &Kpi) -> String {
    match (k.value, k.unit) {
        (None, _) => "n/a".into(),
        (Some(v), Unit::Count) => number(v),
        (Some(v), _) => percent(v),
    }
}

/// `79/80`, `2183.5h/2184h` (`2183.5 小时/2184 小时`); empty for counts.
pub fn counts_text(num: f64, den: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Count => String::new(),
        Unit::Time => format!("{}/{}", hours(num, lang), hours(den, lang)),
        _ => format!("{}/{}", number(num), number(den)),
    }
}

fn target_text(k: &Kpi) -> String {
    let Some(t) = k.target else {
        return "—".into();
    };
    let op = if k.target_is_max { "≤" } else { "≥" };
    match k.unit {
        Unit::Count => format!("{op} {}", number(t)),
        _ => format!("{op} {}", percent(t)),
    }
}

pub fn verdict_text(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Met => words::MET,
        Verdict::Missed => words::MISSED,
        Verdict::NotApplicable => words::NOT_APPLICABLE,
    }
    .get(lang)
}

pub fn period_line(ctx: &Ctx<'_>, lang: Lang) -> String {
    let p = ctx.period;
    words::period_line(lang, &p.label, p.start, p.end, &as_of_text(ctx))
}

fn as_of_text(ctx: &Ctx<'_>) -> String {
    chrono::DateTime::from_timestamp(ctx.as_of, 0)
        .map(|d| d.with_timezone(&ctx.tz()).to_rfc3339())
        .unwrap_or_default()
}

/// The secondary figures of a KPI, one line each, for the table and Markdown.
fn notes(k: &Kpi, lang: Lang) -> Vec<String> {
    let secs = |s: Option<f64>| {
        s.map(|s| catalog::units::duration(lang, crate::time::Duration((s.round() as i64).max(0))))
    };
    let mut out = Vec::new();
    if let Some(r) = &k.na_reason {
        out.push(catalog::kpi::reason(lang, r));
    }
    if k.incomplete > 0 {
        out.push(words::incomplete_line(lang, k.incomplete));
    }
    match &k.details {
        Details::Availability { systems } => {
            for s in systems {
                let value = s.value.map_or_else(|| "n/a".to_string(), percent);
                let target = s.target.map_or_else(|| "—".into(), percent);
                out.push(format!(
                    "{} {}: {value}({} {target}, {})",
                    s.system,
                    s.name,
                    words::TARGET.get(lang),
                    verdict_text(s.verdict, lang),
                ));
            }
        }
        Details::Repair {
            mttr_mean_s,
            mttr_median_s,
            ..
        } => {
            out.push(format!(
                "MTTR {}: {} · {}: {}",
                words::MEAN.get(lang),
                secs(*mttr_mean_s).unwrap_or_else(|| "n/a".into()),
                words::MEDIAN.get(lang),
                secs(*mttr_median_s).unwrap_or_else(|| "n/a".into())
            ));
        }
        Details::Cost { over_budget, .. } => {
            for p in over_budget {
                let level = match p.level {
                    CostLevel::Limit => words::OVER_LIMIT,
                    CostLevel::Warn => words::OVER_WARNING,
                }
                .get(lang);
                out.push(format!("{} {level}: {:+.1}%", p.id, p.deviation * 100.0));
            }
        }
        Details::Security { by_level, .. } => {
            let parts: Vec<String> = by_level.iter().map(|(l, n)| format!("{l}: {n}")).collect();
            out.push(format!(
                "{} {}",
                words::BY_LEVEL.get(lang),
                parts.join(", ")
            ));
        }
        Details::Drills {
            core_without_passed_drill: list,
        } => {
            if !list.is_empty() {
                out.push(format!(
                    "{}: {}",
                    words::CORE_WITHOUT_DRILL.get(lang),
                    list.join(", ")
                ));
            }
        }
        Details::Satisfaction { mean, n } => {
            let mean = mean.map_or_else(|| "n/a".into(), |m| format!("{m:.2}"));
            out.push(format!(
                "{} {mean} · n = {}",
                words::MEAN_SCORE.get(lang),
                *n as i64
            ));
        }
        Details::None {} => {}
    }
    out
}

pub fn explain_lines(k: &Kpi, lang: Lang, out: &mut String, bullet: &str) {
    for item in &k.items {
        let (mark, counts) = if item.counted {
            // Within a maximum (cost: actual ≤ budget) is good; at a minimum, reaching it.
            let good = if k.target_is_max {
                item.num <= item.den
            } else {
                item.num >= item.den
            };
            let mark = if k.unit == Unit::Count || good {
                "✓"
            } else {
                "✗"
            };
            let counts = match k.unit {
                Unit::Count => format!(" [{}]", number(item.num)),
                unit => format!(" [{}]", counts_text(item.num, item.den, unit, lang)),
            };
            (mark, counts)
        } else if item.evidence {
            ("•", words::USED.get(lang).to_string())
        } else {
            ("–", words::LEFT_OUT.get(lang).to_string())
        };
        let _ = writeln!(
            out,
            "{bullet}{mark} {}{counts} {}",
            // Markdown's list takes a Markdown-escaped id, the terminal's an escaped one.
            if bullet == "- " {
                md_cell(&item.id)
            } else {
                terminal_line(&item.id).into_owned()
            },
            catalog::kpi::reason(lang, &item.reason)
        );
    }
}

pub fn table(ctx: &Ctx<'_>, kpis: &[Kpi], lang: Lang, explain: bool, style: Style) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_header(words::COLUMNS.map(|w| w.get(lang)));
    // The verdict of each row's KPI, for the colours: the groups' rows have none.
    let mut verdicts = Vec::new();
    for k in kpis {
        verdicts.push(Some(k.verdict));
        let verdict = Cell::new(verdict_text(k.verdict, lang));
        let value = Cell::new(value_text(k));
        t.add_row(vec![
            Cell::new(k.name.get(lang)),
            Cell::new(k.key),
            value,
            Cell::new(
                k.denominator
                    .map_or_else(String::new, |d| counts_text(k.numerator, d, k.unit, lang)),
            ),
            Cell::new(target_text(k)),
            verdict,
        ]);
        for g in &k.groups {
            let value = match (g.value, k.unit) {
                (None, _) => "n/a".into(),
                (Some(v), Unit::Count) => number(v),
                (Some(v), _) => percent(v),
            };
            verdicts.push(None);
            t.add_row(vec![
                Cell::new(format!("  └ {}", terminal_line(&g.group))),
                Cell::new(""),
                Cell::new(value),
                Cell::new(counts_text(g.numerator, g.denominator, k.unit, lang)),
                Cell::new(""),
                Cell::new(""),
            ]);
        }
    }
    // Missed: value and verdict in red; met: the verdict in green.
    let t = style.paint_cells(&t.to_string(), |row, col| {
        match (verdicts.get(row).copied().flatten(), col) {
            (Some(Verdict::Missed), 2 | 5) => Some(super::look::BAD),
            (Some(Verdict::Met), 5) => Some(super::look::GOOD),
            _ => None,
        }
    });
    let mut out = period_line(ctx, lang);
    out.push_str(&t);
    out.push('\n');
    for k in kpis {
        for n in notes(k, lang) {
            let _ = writeln!(out, "· {}: {}", k.name.get(lang), terminal(&n));
        }
    }
    if explain {
        for k in kpis {
            let _ = writeln!(
                out,
                "\n{} ({}) — {} docs/kpi.md#{}",
                k.name.get(lang),
                k.key,
                words::DEFINED_IN.get(lang),
                k.key
            );
            explain_lines(k, lang, &mut out, "  ");
        }
    }
    out
}

pub fn json(ctx: &Ctx<'_>, kpis: &[Kpi], lang: Lang, explain: bool) -> String {
    let list: Vec<Value> = kpis
        .iter()
        .map(|k| {
            let mut v = json!({
                "key": k.key,
                "name": k.name.get(lang),
                "value": k.value,
                "numerator": k.numerator,
                "denominator": k.denominator,
                "target": k.target,
                "verdict": k.verdict.as_str(),
                "groups": k.groups.iter().map(|g| json!({
                    "group": g.group,
                    "value": g.value,
                    "numerator": g.numerator,
                    "denominator": if k.unit == Unit::Count { Value::Null } else { json!(g.denominator) },
                })).collect::<Vec<_>>(),
                "extra": k.details,
                "left_out": k.left_out.iter().map(|(id, code)| json!({
                    "id": id,
                    "code": code,
                })).collect::<Vec<_>>(),
                "incomplete": k.incomplete,
                "na_reason": k.na_reason.as_ref().map(|r| r.code()),
            });
            if explain {
                v["explain"] = k
                    .items
                    .iter()
                    .map(|i| json!({
                        "id": i.id,
                        "counted": i.counted,
                        "evidence": i.evidence,
                        "numerator": i.num,
                        "denominator": i.den,
                        "code": i.reason.code(),
                        "reason": catalog::kpi::reason(lang, &i.reason),
                    }))
                    .collect();
            }
            v
        })
        .collect();
    let v = json!({
        "period": {
            "label": ctx.period.label,
            "start": ctx.period.start.to_string(),
            "end": ctx.period.end.to_string(),
            "as_of": as_of_text(ctx),
        },
        "kpis": list,
    });
    format!("{v}\n")
}

pub use super::escape::{csv_cell, csv_row};

pub fn csv(kpis: &[Kpi], lang: Lang) -> String {
    let mut out = String::from("key,name,group,value,numerator,denominator,target,verdict\n");
    let opt = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    for k in kpis {
        let row = [
            k.key.to_string(),
            k.name.get(lang).to_string(),
            String::new(),
            opt(k.value),
            k.numerator.to_string(),
            opt(k.denominator),
            opt(k.target),
            k.verdict.as_str().to_string(),
        ];
        out.push_str(&csv_row(&row));
        for g in &k.groups {
            let den = (k.unit != Unit::Count).then_some(g.denominator);
            let row = [
                k.key.to_string(),
                k.name.get(lang).to_string(),
                g.group.clone(),
                opt(g.value),
                g.numerator.to_string(),
                opt(den),
                String::new(),
                String::new(),
            ];
            out.push_str(&csv_row(&row));
        }
    }
    out
}

pub fn markdown(ctx: &Ctx<'_>, kpis: &[Kpi], lang: Lang, explain: bool) -> String {
    let mut out = format!("{}\n", period_line(ctx, lang));
    let columns = words::COLUMNS.map(|w| w.get(lang));
    let _ = writeln!(
        out,
        "| {} |\n|---|---|---:|---:|---:|---|",
        columns.join(" | ")
    );
    for k in kpis {
        let counts = k
            .denominator
            .map_or_else(String::new, |d| counts_text(k.numerator, d, k.unit, lang));
        let verdict = verdict_text(k.verdict, lang);
        let verdict = if k.verdict == Verdict::Missed {
            format!("**{verdict}**")
        } else {
            verdict.to_string()
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {counts} | {} | {verdict} |",
            md_cell(k.name.get(lang)),
            k.key,
            value_text(k),
            target_text(k)
        );
        for g in &k.groups {
            let value = g.value.map_or_else(
                || "n/a".into(),
                |v| {
                    if k.unit == Unit::Count {
                        number(v)
                    } else {
                        percent(v)
                    }
                },
            );
            let _ = writeln!(
                out,
                "| └ {} | | {value} | {} | | |",
                md_cell(&g.group),
                counts_text(g.numerator, g.denominator, k.unit, lang)
            );
        }
    }
    for k in kpis {
        for n in notes(k, lang) {
            let _ = writeln!(out, "\n- {}: {}", md_cell(k.name.get(lang)), md_cell(&n));
        }
    }
    if explain {
        for k in kpis {
            let _ = writeln!(out, "\n### {} (`{}`)\n", md_cell(k.name.get(lang)), k.key);
            explain_lines(k, lang, &mut out, "- ");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_truncated_not_rounded() {
        assert_eq!(percent(0.999996), "99.99%");
        assert_eq!(percent(0.9875), "98.75%");
        assert_eq!(percent(1.0), "100.00%");
        assert_eq!(percent(0.0), "0.00%");
        assert_eq!(percent(2.0 / 3.0), "66.66%");
    }

    #[test]
    fn csv_neutralises_formulas() {
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("plain"), "plain");
    }
}
