//! The incidents of the period: counts by severity and by category, the time to restore, and
//! each P1/P2 incident, and each other one over its SLA, against its SLA.

use chrono::{DateTime, FixedOffset};

use crate::Lang;
use crate::facts::deadline::{self, Standing};
use crate::facts::{Body, Facts};
use crate::kpi::{Ctx, Details, Kpi, Verdict};
use crate::output::catalog::deadlines as deadline_words;
use crate::output::catalog::report as words;
use crate::output::kpi::value_text;
use crate::time::Clock;

use super::cells::{span, value_word, verdict_word};
use super::{Cell, Extra, Input, Section, Table, text_at, top, verdict_rank};

/// A time as the org's local date and minute.
fn stamp(tz: FixedOffset, t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Counts of a key, in first-seen order sorted by key.
fn tally(keys: impl Iterator<Item = String>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for k in keys {
        match out.iter_mut().find(|(x, _)| *x == k) {
            Some(e) => e.1 += 1,
            None => out.push((k, 1)),
        }
    }
    out.sort();
    out
}

fn tally_table(caption: String, what: String, counts: Vec<(String, usize)>, lang: Lang) -> Table {
    Table {
        caption,
        head: vec![what, words::COUNT.get(lang).into()],
        rows: counts
            .into_iter()
            .map(|(k, n)| vec![Cell::plain(k), Cell::plain(n.to_string())])
            .collect(),
        empty: words::NO_INCIDENTS.get(lang).into(),
    }
}

/// The incidents section; `repair` is the repair-timeliness KPI, whose details hold the MTTR.
pub(super) fn section(input: &Input<'_>, ctx: &Ctx<'_>, repair: Option<Kpi>) -> Section {
    let lang = input.lang;
    let tz = input.config.tz;
    let none = || "—".to_string();
    let list: Vec<(&Facts, &crate::facts::Incident, &Extra)> = input
        .facts
        .iter()
        .zip(input.extras)
        .filter_map(|(f, x)| match &f.body {
            Body::Incident(i) if i.occurred.is_some_and(|t| ctx.in_period(t)) => Some((f, &**i, x)),
            _ => None,
        })
        .collect();
    let mut notes = vec![words::incidents_occurred(lang, list.len())];
    if let Some(k) = &repair {
        let (mean, median) = match k.details {
            Details::Repair {
                mttr_mean_s,
                mttr_median_s,
                ..
            } => (mttr_mean_s, mttr_median_s),
            _ => (None, None),
        };
        let secs =
            |s: Option<f64>| s.map_or_else(|| "n/a".into(), |s| span(s.round() as i64, lang));
        notes.push(words::mttr(
            lang,
            &secs(mean),
            &secs(median),
            k.name.get(lang),
            &value_text(k),
            verdict_word(k.verdict, lang),
        ));
    }
    let sev = tally(
        list.iter()
            .map(|(_, i, _)| i.severity.clone().unwrap_or_else(none)),
    );
    let cat = tally(
        list.iter()
            .map(|(_, i, _)| i.category.clone().unwrap_or_else(none)),
    )
    .into_iter()
    .map(|(c, n)| (value_word(input.rules, "incident", "category", &c, lang), n))
    .collect();
    let mut rows = Vec::new();
    // The P1/P2 incidents, and every other one over its SLA: a late P3 closed last week shows
    // here, not only as a ratio.
    for (f, i, x) in list.iter() {
        let sla = deadline::sla(i, input.config);
        let breached = sla
            .as_ref()
            .is_some_and(|d| matches!(d.standing(ctx.as_of), Standing::Late(_) | Standing::Missed));
        if !breached && !matches!(i.severity.as_deref(), Some("P1" | "P2")) {
            continue;
        }
        // On the severity's SLA clock, as the verdict beside it is judged.
        let took = match (i.occurred, i.restored, i.severity.as_deref()) {
            (Some(a), Some(b), Some(s)) if ctx.happened(b) => {
                match deadline::clocked(i, input.config, s, a, b) {
                    (t, Clock::Wall) => span(t, lang),
                    (t, Clock::Service) => words::in_service_hours(lang, &span(t, lang)),
                }
            }
            (Some(a), Some(b), None) if ctx.happened(b) => span(b - a, lang),
            _ => words::NOT_RESTORED.get(lang).into(),
        };
        let sla_text = i
            .severity
            .as_deref()
            .and_then(|s| input.config.sla(s))
            .map_or_else(none, |d| crate::output::catalog::units::duration(lang, d));
        let standing = sla.as_ref().map(|d| d.standing(ctx.as_of));
        let verdict = match standing {
            Some(Standing::OnTime(_)) => Cell {
                text: words::WITHIN_SLA.get(lang).into(),
                verdict: Some(Verdict::Met),
            },
            Some(Standing::Late(_) | Standing::Missed) => Cell {
                text: words::OVER_SLA.get(lang).into(),
                verdict: Some(Verdict::Missed),
            },
            Some(Standing::Pending) => Cell::plain(words::NOT_YET_DUE.get(lang)),
            None => Cell::plain(none()),
        };
        rows.push(vec![
            Cell::plain(f.id.clone()),
            Cell::plain(f.title.clone()),
            Cell::plain(i.severity.clone().unwrap_or_else(none)),
            Cell::plain(i.system.clone().unwrap_or_else(none)),
            Cell::plain(i.occurred.map_or_else(none, |a| stamp(tz, a))),
            Cell::plain(x.cause.clone().unwrap_or_else(none)),
            Cell::plain(took),
            Cell::plain(sla_text),
            verdict,
            Cell::plain(x.fault_report.clone().unwrap_or_else(none)),
        ]);
    }
    // Over the SLA first (a breach is never cut for a timely P1/P2), then the most severe
    // (P1 before P2 …), the earliest first.
    let rank = |r: &[Cell]| {
        (
            verdict_rank(r, 8),
            text_at(r, 2).to_string(),
            text_at(r, 4).to_string(),
        )
    };
    let command = format!("itc list incident --period {}", input.period.label);
    let rows = top(
        rows,
        rank,
        deadline_words::SEVERE_OR_BREACHED,
        &command,
        lang,
        &mut notes,
    );
    Section {
        id: "incidents",
        title: words::INCIDENTS.get(lang).into(),
        notes,
        charts: Vec::new(),
        tables: vec![
            tally_table(
                words::BY_SEVERITY.get(lang).into(),
                words::SEVERITY.get(lang).into(),
                sev,
                lang,
            ),
            tally_table(
                words::BY_CATEGORY.get(lang).into(),
                words::CATEGORY.get(lang).into(),
                cat,
                lang,
            ),
            Table::of(
                lang,
                deadline_words::SEVERE_OR_BREACHED,
                &words::SEVERE_INCIDENTS_HEAD,
                rows,
                deadline_words::NO_SEVERE_OR_BREACHED,
            ),
        ],
    }
}
