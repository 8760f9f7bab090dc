//! `itc show` written out: one record with its fields, its stages in order with their
//! timeline, what it needs to advance, its deadlines and what is overdue, as text for people
//! or as JSON.

use chrono::{DateTime, FixedOffset};
use serde_json::json;

use crate::Lang;
use crate::diag::{Arg, Diag};
use crate::facts::deadline::Standing;
use crate::output::catalog::deadlines as deadline_words;
use crate::output::catalog::views as words;
use crate::rules::Rules;
use crate::status::{self, Detail};

fn standing_key(s: Standing) -> &'static str {
    match s {
        Standing::OnTime(_) => "on_time",
        Standing::Late(_) => "late",
        Standing::Missed => "missed",
        Standing::Pending => "pending",
    }
}

fn standing_text(s: Standing, lang: Lang) -> &'static str {
    match s {
        Standing::OnTime(_) => words::DONE_IN_TIME,
        Standing::Late(_) => words::DONE_LATE,
        Standing::Missed => words::OVERDUE,
        Standing::Pending => words::NOT_YET_DUE,
    }
    .get(lang)
}

/// The plain text of a finding's argument.
fn plain_arg<'d>(d: &'d Diag, name: &str) -> Option<&'d str> {
    d.args.iter().find_map(|(n, a)| match a {
        Arg::Plain(s) if *n == name => Some(s.as_str()),
        _ => None,
    })
}

/// One thing the record needs to advance, in JSON: the finding's stable `code` (docs/check.md),
/// the field it is about (`section.field`, or null), and the translated `message`.
fn need_json(d: &Diag, lang: Lang) -> serde_json::Value {
    let field = plain_arg(d, "field").map(|f| match plain_arg(d, "section") {
        Some(section) => format!("{section}.{f}"),
        None => f.to_string(),
    });
    json!({
        "code": d.code.as_str(),
        "field": field,
        "line": d.span.line,
        "message": crate::output::need::describe_need(d, lang),
    })
}

/// The record as one JSON document: the keys of its status, then its fields and sections.
pub fn json(
    detail: &Detail<'_>,
    needs: &[Diag],
    rules: &Rules,
    tz: FixedOffset,
    lang: Lang,
) -> String {
    let Detail {
        kind,
        record: rec,
        status: s,
        next,
    } = detail;
    let v = json!({
        "id": s.id,
        "kind": s.kind,
        "file": rec.rel,
        "title": s.title,
        "stage": s.stage,
        "stage_label": s.stage_label.get(lang),
        "owner": s.owner,
        "final": s.final_stage,
        "entered": s.entered.map(|t| t.to_rfc3339()),
        "age_s": s.age.map(|a| a.seconds()),
        "timeline": s.timeline.iter().map(|t| json!({
            "stage": t.key,
            "label": t.label.get(lang),
            "at": t.at.map(|a| a.to_rfc3339()),
            "by": t.by,
            "duration_s": t.duration.map(|d| d.seconds()),
        })).collect::<Vec<_>>(),
        "next": next.map(|n| n.key.clone()),
        "needs": needs.iter().map(|d| need_json(d, lang)).collect::<Vec<_>>(),
        "overdue": s.overdue.iter().map(|o| super::list::overdue_json(o, lang)).collect::<Vec<_>>(),
        "deadlines": s.deadlines.iter().map(|(d, st)| json!({
            "key": d.key(),
            "kpi": d.kpi(),
            "part": d.part,
            "owner": d.owner,
            "due": d.due.machine(),
            "deadline": d.deadline(tz).to_rfc3339(),
            "standing": standing_key(*st),
        })).collect::<Vec<_>>(),
    });
    format!("{}\n", with_record(v, rec, rules, kind, s, lang))
}

/// The record as text for people, every value through the terminal's door.
pub fn text(
    detail: &Detail<'_>,
    needs: &[Diag],
    rules: &Rules,
    now: DateTime<FixedOffset>,
    lang: Lang,
) -> String {
    let Detail {
        kind,
        record: rec,
        status: s,
        next,
    } = detail;
    let mut out = format!("{}  {}\n", s.id, s.title);
    out.push_str(&format!(
        "{} {} · {} {} ({}) · {} {} · {} {}\n",
        words::KIND.get(lang),
        kind.label.get(lang),
        words::STAGE.get(lang),
        s.stage_label.get(lang),
        s.stage,
        words::OWNER.get(lang),
        s.owner,
        words::FILE.get(lang),
        rec.rel
    ));
    record_text(&mut out, rec, rules, kind, s, lang);
    match next {
        None => out.push_str(words::AT_FINAL_STAGE.get(lang)),
        Some(n) if needs.is_empty() => out.push_str(&format!(
            "\n{} {} ({}): itc advance {}\n",
            words::READY_FOR.get(lang),
            n.label.get(lang),
            n.key,
            s.id
        )),
        Some(n) => {
            out.push_str(&format!(
                "\n{} {} ({}):\n",
                words::TO_ADVANCE_TO.get(lang),
                n.label.get(lang),
                n.key
            ));
            for d in needs {
                out.push_str(&format!(
                    "  - {}\n",
                    crate::output::need::describe_need(d, lang)
                ));
            }
        }
    }
    // The deadlines a KPI counts, every item's (with its owner), and every one breached (a
    // stage left after its time limit): each with how late, when it was.
    let dated: Vec<_> = s
        .deadlines
        .iter()
        .filter(|(d, st)| {
            d.kpi().is_some()
                || d.part.is_some()
                || matches!(st, Standing::Late(_) | Standing::Missed)
        })
        .collect();
    if !dated.is_empty() {
        out.push_str(words::DEADLINES.get(lang));
        for (d, st) in dated {
            let owner = d
                .owner
                .as_deref()
                .map(|o| format!(" ({o})"))
                .unwrap_or_default();
            let deadline = d.deadline(now.timezone()).timestamp();
            let late = match st {
                Standing::Late(t) => Some(t - deadline),
                Standing::Missed => Some(now.timestamp() - deadline),
                Standing::OnTime(_) | Standing::Pending => None,
            }
            .map(|secs| {
                let whole = crate::time::Duration(secs.max(0) / 60 * 60);
                format!(", {}", deadline_words::late_by(lang, whole))
            })
            .unwrap_or_default();
            // Named in words (`完成期限` / `due date`), not by its key.
            let name = deadline_words::deadline_name(lang, &d.source, d.part.as_deref());
            out.push_str(&format!(
                "  {name} {}{owner}: {}{late}\n",
                d.due,
                standing_text(*st, lang)
            ));
        }
    }
    for o in &s.overdue {
        out.push_str(&format!(
            "\n{}: {} ({})\n",
            words::OVERDUE_ITEM.get(lang),
            super::catalog::deadline::overdue(lang, o),
            o.due
        ));
    }
    // Every value of the record passes the terminal's door (JSON escapes its own).
    super::escape::terminal(&out).into_owned()
}

/// The record's fields and stage sections, added to `show`'s JSON (its other keys stay).
fn with_record(
    mut v: serde_json::Value,
    rec: &crate::record::Record,
    rules: &crate::rules::Rules,
    kind: &crate::rules::Kind,
    s: &status::Status,
    lang: Lang,
) -> serde_json::Value {
    // `stage_label` is among the keys `json` writes.
    use super::record_view as view;
    if let Some(m) = v.as_object_mut() {
        m.insert("kind_label".into(), json!(kind.label.get(lang)));
        m.insert(
            "fields".into(),
            view::fields_json(&view::fields(rec, rules, kind, lang), lang),
        );
        let sections: Vec<serde_json::Value> = view::sections(rec, rules, kind, lang)
            .iter()
            .map(|sec| {
                json!({
                    "stage": sec.key,
                    "label": sec.label,
                    "current": sec.key == s.stage,
                    "fields": view::fields_json(&sec.fields, lang),
                })
            })
            .collect();
        m.insert("sections".into(), json!(sections));
    }
    v
}

/// The record's fields, then each stage section in the order of the stages with its timeline
/// step (when entered, by whom, how long it took) and its fields.
fn record_text(
    out: &mut String,
    rec: &crate::record::Record,
    rules: &crate::rules::Rules,
    kind: &crate::rules::Kind,
    s: &status::Status,
    lang: Lang,
) {
    use super::record_view as view;
    out.push_str(words::FIELDS.get(lang));
    view::field_lines(out, &view::fields(rec, rules, kind, lang), lang, "  ");
    out.push_str(words::STAGES_IN_ORDER.get(lang));
    let sections = view::sections(rec, rules, kind, lang);
    for stage in &kind.stages {
        let step = s.timeline.iter().find(|t| t.key == stage.key);
        let section = sections.iter().find(|x| x.key == stage.key);
        let mark = match (step, section) {
            _ if stage.key == s.stage => "▶",
            (Some(_), _) | (None, Some(_)) => "✓",
            (None, None) => "·",
        };
        let mut line = format!("  {mark} {} ({})", stage.label.get(lang), stage.key);
        if let Some(t) = step {
            if let Some(a) = t.at {
                line.push_str(&format!(" {}", a.format("%Y-%m-%d %H:%M")));
            }
            if let Some(b) = &t.by {
                line.push_str(&format!(" · {b}"));
            }
            if let Some(d) = t.duration {
                line.push_str(&format!(" · {}", super::catalog::units::duration(lang, d)));
            }
        }
        out.push_str(&line);
        out.push('\n');
        if let Some(sec) = section {
            let rest: Vec<_> = sec
                .fields
                .iter()
                .filter(|f| f.key != "at" && f.key != "by")
                .map(|f| view::Shown {
                    key: f.key,
                    label: f.label.clone(),
                    node: f.node,
                    rule: f.rule,
                })
                .collect();
            view::field_lines(out, &rest, lang, "      ");
        }
    }
}
