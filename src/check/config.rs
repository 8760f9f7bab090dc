//! The checks of `itc.toml`'s values that need more than the file itself: its shape against the
//! config schema (`rules/config.toml`, by the same field checks as records), the `[sla.resolve]`
//! keys against the incident severities of the rules, and the `[targets]` against the KPIs
//! (known keys, values in each KPI's unit). `config` reads the file; `repo` keeps the table
//! read; these checks run once it is open (`validate`), and their findings join those of reading.

use crate::Error;
use crate::config::{CONFIG_FILE, Config, KNOBS, SLA_KPIS, default_sla, number_text};
use crate::diag::{Check, Code, Diag, Phrase};
use crate::kpi::{KEYS, Key, TargetUnit};
use crate::record::value::{Span, Table, did_you_mean};
use crate::repo::Repo;
use crate::rules::{CONFIG_SCHEMA, Rules, Type, load};
use crate::time::parse_duration;

use super::fields::{Ctx, check_table};

/// Opens the repository at or above `start` (`Repo::open_at`) and checks its config.
pub fn open_at(start: &std::path::Path, at: Option<&str>) -> Result<Repo, Error> {
    let mut repo = Repo::open_at(start, at)?;
    validate(&mut repo)?;
    Ok(repo)
}

/// Checks the config of an opened repository: the findings join those of reading its values in
/// `repo.diags` (in the order: duplicate ids, targets, schema, SLA keys; capped together), and
/// only the targets the KPIs accept stay in `repo.config`. Once done, a second call does nothing.
pub fn validate(repo: &mut Repo) -> Result<(), Error> {
    let Some((table, at)) = repo.config_read.take() else {
        return Ok(());
    };
    let schema =
        load::parse_field_list(CONFIG_SCHEMA, "<config schema>").map_err(Error::Builtin)?;
    let mut found: Vec<Diag> = repo.diags.drain(at.clone()).collect();
    check_targets(&table, &mut repo.config, &mut found);
    let mut ctx = Ctx::new(CONFIG_FILE, Check::Config, repo.config.tz, &mut found);
    check_table(
        &table,
        &schema,
        &[],
        Span::START,
        Some(Code::E0301),
        &mut ctx,
    );
    check_sla_keys(&table, &repo.rules, &mut found);
    check_knobs(&table, &mut found);
    check_sla_limits(&table, &repo.rules, &mut found);
    super::calendar::check(&table, &mut found);
    super::scorecard::check(&table, &repo.config, &mut found);
    crate::diag::cap(&mut found);
    repo.diags.splice(at.start..at.start, found);
    Ok(())
}

/// `[targets]` are keyed by the KPIs, each value in its KPI's unit; the others are reported
/// and dropped from `config.targets`.
fn check_targets(table: &Table, config: &mut Config, diags: &mut Vec<Diag>) {
    let Some(targets) = table.get("targets").and_then(|n| n.as_table()) else {
        return;
    };
    for e in &targets.entries {
        let Some(key) = Key::parse(&e.key) else {
            let mut d = Diag::new(Code::E0802, CONFIG_FILE, e.key_span).arg("key", e.key.as_str());
            if let Some(s) = did_you_mean(&e.key, KEYS.iter().copied()) {
                d = d.arg("suggestion", s).hint("did_you_mean");
            }
            diags.push(d);
            continue;
        };
        if let Some(v) = e.node.as_f64()
            && let Some(d) = refuse(key.def().target_unit, &e.key, v, e.node.span)
        {
            diags.push(d);
        }
    }
    config
        .targets
        .retain(|(key, v)| Key::parse(key).is_some_and(|k| allows(k.def().target_unit, *v)));
}

/// The incident severities the rules define, most severe first; `None` when the rules have no
/// incident kind with an enum `severity`.
pub fn severities(rules: &Rules) -> Option<Vec<&str>> {
    match rules
        .kind("incident")
        .and_then(|k| k.field("severity"))
        .map(|f| &f.ty)
    {
        Some(Type::Enum(values)) => Some(values.iter().map(String::as_str).collect()),
        _ => None,
    }
}

/// `[sla.resolve]` as written, if it is a table.
fn sla_resolve(table: &Table) -> Option<&Table> {
    table
        .get("sla")
        .and_then(|n| n.as_table())
        .and_then(|t| t.get("resolve"))
        .and_then(|n| n.as_table())
}

/// `[sla.resolve]` and `[sla.clock]` are keyed by the incident severities the rules define.
fn check_sla_keys(table: &Table, rules: &Rules, diags: &mut Vec<Diag>) {
    let Some(severities) = severities(rules) else {
        return;
    };
    let sla = table.get("sla").and_then(|n| n.as_table());
    for name in ["resolve", "clock"] {
        let t = sla.and_then(|t| t.get(name)).and_then(|n| n.as_table());
        for e in t.map_or(&[][..], |t| &t.entries) {
            if !severities.contains(&e.key.as_str()) {
                let mut d = Diag::new(Code::E0803, CONFIG_FILE, e.key_span)
                    .arg("table", format!("sla.{name}"))
                    .arg("key", e.key.as_str())
                    .arg("allowed", severities.join(", "));
                if let Some(s) = did_you_mean(&e.key, severities.iter().copied()) {
                    d = d.arg("suggestion", s).hint("did_you_mean");
                }
                diags.push(d);
            }
        }
    }
}

/// Whether the schema's checks found the value at `span` out of its range (E0306): then it is an
/// error already, not a warning too.
fn out_of_range(diags: &[Diag], span: Span) -> bool {
    diags
        .iter()
        .any(|d| d.code == Code::E0306 && d.span == span)
}

/// The `[kpi]` knobs: `cost_warn` ≤ `cost_limit` (E0808, at `cost_warn`), and each knob more
/// lenient than its default is a warning naming the default and the KPIs it bends (W0805). Their
/// ranges are the config schema's.
fn check_knobs(table: &Table, diags: &mut Vec<Diag>) {
    let Some(kpi) = table.get("kpi").and_then(|n| n.as_table()) else {
        return;
    };
    for knob in KNOBS {
        if let Some(e) = kpi.entry(knob.key)
            && let Some(v) = e.node.as_f64()
            && knob.lenient(v)
            && !out_of_range(diags, e.node.span)
        {
            diags.push(
                Diag::new(Code::W0805, CONFIG_FILE, e.node.span)
                    .arg("key", format!("kpi.{}", knob.key))
                    .arg("value", number_text(v))
                    .arg("default", number_text(knob.default))
                    .arg("kpis", knob.kpis.join(", ")),
            );
        }
    }
    let number = |key: &str| {
        let e = kpi.entry(key)?;
        Some((e.node.as_f64()?, e.node.span))
    };
    let default = |key: &str| {
        KNOBS
            .iter()
            .find(|k| k.key == key)
            .map_or(0.0, |k| k.default)
    };
    let warn = number("cost_warn");
    let limit = number("cost_limit");
    let (w, l) = (
        warn.map_or(default("cost_warn"), |(v, _)| v),
        limit.map_or(default("cost_limit"), |(v, _)| v),
    );
    if w > l {
        let span = warn.or(limit).map_or(Span::START, |(_, span)| span);
        diags.push(
            Diag::new(Code::E0808, CONFIG_FILE, span)
                .arg("warn", number_text(w))
                .arg("limit", number_text(l)),
        );
    }
}

/// Every incident severity has a time to resolve (E0806, at `[sla.resolve]` or the file's
/// start); the limits do not loosen as the severity rises, in the order of the rules' severities
/// (E0807, at a limit longer than a less severe one's); and a limit longer than the one
/// `itc init` writes is a warning (W0805).
fn check_sla_limits(table: &Table, rules: &Rules, diags: &mut Vec<Diag>) {
    let Some(severities) = severities(rules) else {
        return;
    };
    let resolve = sla_resolve(table);
    let at = table
        .get("sla")
        .and_then(|n| n.as_table())
        .and_then(|t| t.entry("resolve"))
        .or_else(|| table.entry("sla"))
        .map_or(Span::START, |e| e.key_span);
    // The limits as written, most severe first: (severity, entry, text, limit).
    let mut limits = Vec::new();
    for sev in &severities {
        let Some(entry) = resolve.and_then(|t| t.entry(sev)) else {
            diags.push(Diag::new(Code::E0806, CONFIG_FILE, at).arg("severity", *sev));
            continue;
        };
        let Some(text) = entry.node.as_str() else {
            continue;
        };
        let Some(d) = parse_duration(text) else {
            continue;
        };
        if let Some(def) = default_sla(sev)
            && d > def
        {
            diags.push(
                Diag::new(Code::W0805, CONFIG_FILE, entry.node.span)
                    .arg("key", format!("sla.resolve.{sev}"))
                    .arg("value", text)
                    .arg("default", def.to_string())
                    .arg("kpis", SLA_KPIS.join(", ")),
            );
        }
        limits.push((*sev, entry, text, d));
    }
    // A limit longer than that of a less severe level is out of order, at the longer one, with
    // the shortest of the less severe ones (the first, if several).
    for (i, (sev, entry, text, d)) in limits.iter().enumerate() {
        let shortest = limits[i + 1..].iter().min_by_key(|l| l.3);
        if let Some((lower, _, lower_text, lower_d)) = shortest
            && lower_d < d
        {
            diags.push(
                Diag::new(Code::E0807, CONFIG_FILE, entry.node.span)
                    .arg("key", *sev)
                    .arg("value", *text)
                    .arg("lower", *lower)
                    .arg("lower_value", *lower_text)
                    .arg("order", severities.join(" ≤ ")),
            );
        }
    }
}

/// Below this, a cost target may be a real ratio; at or above, it is a percentage.
const COST_RATIO_LIMIT: f64 = 10.0;

/// Whether a target value makes sense in its unit.
fn allows(unit: TargetUnit, v: f64) -> bool {
    match unit {
        TargetUnit::Ratio => (0.0..=1.0).contains(&v),
        TargetUnit::CostRatio => (0.0..COST_RATIO_LIMIT).contains(&v),
        TargetUnit::Count => v >= 0.0 && v.fract() == 0.0,
    }
}

/// The finding for a target outside its unit's range, at the value.
fn refuse(unit: TargetUnit, key: &str, v: f64, span: Span) -> Option<Diag> {
    if allows(unit, v) {
        return None;
    }
    let range = match unit {
        TargetUnit::Ratio => Phrase::RatioRange,
        TargetUnit::CostRatio => Phrase::CostRatioRange,
        TargetUnit::Count => Phrase::CountRange,
    };
    let mut d = Diag::new(Code::E0804, CONFIG_FILE, span)
        .arg("key", key)
        .arg("value", number_text(v))
        .arg("range", range);
    // A percentage written as a number: 99.9 for 99.9 %, 105 for 105 %.
    let percent = match unit {
        TargetUnit::Ratio => v > 1.0 && v <= 100.0,
        TargetUnit::CostRatio => (COST_RATIO_LIMIT..=1000.0).contains(&v),
        TargetUnit::Count => false,
    };
    if percent {
        d = d
            .arg("suggestion", number_text(v / 100.0))
            .arg("percent", format!("{}%", number_text(v)))
            .hint("target_percent");
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::kpi::Key;

    #[test]
    fn targets_outside_their_unit_are_refused() {
        let span = Span::default();
        let refused = |key: &str, v: f64| {
            let unit = Key::parse(key).unwrap().def().target_unit;
            refuse(unit, key, v, span).is_some()
        };
        for ok in [0.0, 0.95, 0.999, 1.0] {
            assert!(!refused("availability", ok), "{ok}");
        }
        for bad in [99.9, 1.0001, -0.1, 100.0] {
            assert!(refused("availability", bad), "{bad}");
        }
        for ok in [0.0, 1.0, 1.05, 9.99] {
            assert!(!refused("cost_control", ok), "{ok}");
        }
        for bad in [105.0, 10.0, -1.0] {
            assert!(refused("cost_control", bad), "{bad}");
        }
        for ok in [0.0, 2.0, 30.0] {
            assert!(!refused("security_incidents", ok), "{ok}");
        }
        for bad in [-1.0, 0.5] {
            assert!(refused("security_incidents", bad), "{bad}");
        }
        let d = refuse(TargetUnit::Ratio, "availability", 99.9, span).unwrap();
        assert_eq!(d.code, Code::E0804);
        assert_eq!(d.hint, Some("target_percent"));
        let text = crate::output::catalog::helps(&d, Lang::En).join("\n");
        assert!(text.contains("write 0.999 (that is 99.9%)"), "{text}");
        assert_eq!(number_text(105.0 / 100.0), "1.05");
    }
}
