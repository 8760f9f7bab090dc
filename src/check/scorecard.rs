//! The checks of `[scorecard]` in itc.toml beyond its schema, each at its itc.toml line: the
//! weights sum to 100 (E0820), each KPI is known (E0821) and listed once (E0828), a floor lies
//! strictly on the far side of its KPI's target — below a minimum, above a maximum (E0822) — and
//! has a target to lie against (E0823), manual items are unique (E0824), an item has exactly one
//! of `kpi` and `item` (E0825), `floor` only with `kpi` (E0825), the subject is in the roster
//! (E0826), and manual items have a subject (E0827).

use crate::config::scorecard::tables;
use crate::config::{CONFIG_FILE, Config, number_text};
use crate::diag::{Code, Diag};
use crate::kpi::{Direction, KEYS, Key};
use crate::record::value::{Node, Span, Table, did_you_mean};

/// Checks `[scorecard]` of `table`; `config` holds the targets the KPIs accept and the roster.
pub fn check(table: &Table, config: &Config, diags: &mut Vec<Diag>) {
    let Some(entry) = table.entry("scorecard") else {
        return;
    };
    let Some(card) = entry.node.as_table() else {
        return;
    };
    let subject = card.entry("subject");
    if let Some(s) = subject
        && let Some(id) = s.node.as_str()
        && config.person(id).is_none()
    {
        diags.push(Diag::new(Code::E0826, CONFIG_FILE, s.node.span).arg("id", id));
    }
    let mut weights = 0.0;
    let mut manual: Vec<String> = Vec::new();
    let mut kpis: Vec<Key> = Vec::new();
    let mut first_manual: Option<Span> = None;
    for item in tables(card, "items") {
        let at = item_span(item);
        if let Some(w) = item.get("weight").and_then(Node::as_f64) {
            weights += w;
        }
        let kpi = item.entry("kpi");
        let name = item.entry("item");
        if kpi.is_some() == name.is_some() {
            diags.push(Diag::new(Code::E0825, CONFIG_FILE, at));
            continue;
        }
        if let Some(n) = name.and_then(|n| n.node.as_str()) {
            first_manual.get_or_insert(at);
            let n = n.trim().to_string();
            if manual.contains(&n) {
                diags.push(Diag::new(Code::E0824, CONFIG_FILE, at).arg("item", n.as_str()));
            } else {
                manual.push(n);
            }
            if let Some(f) = item.entry("floor") {
                diags.push(Diag::new(Code::E0825, CONFIG_FILE, f.key_span));
            }
            continue;
        }
        let Some(kpi) = kpi else { continue };
        let Some(text) = kpi.node.as_str() else {
            continue;
        };
        let Some(key) = Key::parse(text) else {
            let mut d = Diag::new(Code::E0821, CONFIG_FILE, kpi.node.span).arg("key", text);
            if let Some(s) = did_you_mean(text, KEYS.iter().copied()) {
                d = d.arg("suggestion", s).hint("did_you_mean");
            }
            diags.push(d);
            continue;
        };
        if kpis.contains(&key) {
            diags.push(Diag::new(Code::E0828, CONFIG_FILE, kpi.node.span).arg("key", text));
        }
        kpis.push(key);
        let Some(floor) = item.entry("floor") else {
            continue;
        };
        let Some(f) = floor.node.as_f64() else {
            continue;
        };
        let Some(target) = config.target(text) else {
            diags.push(Diag::new(Code::E0823, CONFIG_FILE, floor.node.span).arg("key", text));
            continue;
        };
        let wrong = match key.def().direction {
            Direction::AtLeast => f >= target,
            Direction::AtMost => f <= target,
        };
        if wrong {
            diags.push(
                Diag::new(Code::E0822, CONFIG_FILE, floor.node.span)
                    .arg("key", text)
                    .arg("floor", number_text(f))
                    .arg("target", number_text(target)),
            );
        }
    }
    if (weights - 100.0).abs() > 1e-6 {
        let at = card.entry("items").map_or(entry.key_span, |e| e.key_span);
        diags.push(Diag::new(Code::E0820, CONFIG_FILE, at).arg("sum", number_text(weights)));
    }
    let manager = config
        .scorecard
        .as_ref()
        .and_then(crate::score::subject)
        .is_some();
    if let Some(at) = first_manual
        && !manager
    {
        diags.push(Diag::new(Code::E0827, CONFIG_FILE, at));
    }
}

/// Where an item is reported: its `category` line, else its first key's.
fn item_span(item: &Table) -> Span {
    item.entry("category")
        .or_else(|| item.entries.first())
        .map_or(Span::START, |e| e.key_span)
}
