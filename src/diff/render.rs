//! `itc diff` written out: for a manager at the terminal (one line per record, its stage move,
//! the changed fields by their labels, the KPI changes with arrows, new errors), as a
//! pull-request comment in Markdown (a summary line, a table of records, the KPI changes and the
//! details in collapsible sections, kept under 64 KiB), and as JSON. Every value from a record
//! passes the format's one escaping door in `output::escape`.

use std::fmt::Write;

use serde_json::{Value, json};

use super::commitments::CommitmentChange;
use super::{Change, Diff, RecordChange};
use crate::output::catalog::commitments as commitment_words;
use crate::output::catalog::report as words;
use crate::output::escape;
use crate::output::kpi::{value_text, verdict_text};
use crate::{Lang, Words};

/// A pull-request comment stays under this size (GitHub refuses comments over 65,536
/// characters); what does not fit is cut, with a note.
pub const MD_LIMIT: usize = 64 * 1024;

fn counts(d: &Diff, lang: Lang) -> String {
    let n = |c: Change| d.records.iter().filter(|r| r.change == c).count();
    let parts: Vec<String> = [
        Change::Modified,
        Change::Added,
        Change::Removed,
        Change::Renamed,
    ]
    .into_iter()
    .filter(|c| n(*c) > 0)
    .map(|c| words::records_changed(lang, change_words(c), n(c)))
    .collect();
    if parts.is_empty() {
        words::NO_RECORD_CHANGED.get(lang).into()
    } else {
        parts.join(", ")
    }
}

fn change_words(c: Change) -> Words {
    match c {
        Change::Added => words::ADDED,
        Change::Removed => words::REMOVED,
        Change::Modified => words::MODIFIED,
        Change::Renamed => words::RENAMED,
    }
}

fn change_text(c: Change, lang: Lang) -> &'static str {
    change_words(c).get(lang)
}

fn mark(c: Change) -> char {
    match c {
        Change::Added => '+',
        Change::Removed => '-',
        Change::Modified => '~',
        Change::Renamed => '>',
    }
}

/// A field value for people: text as it is, nothing as `—`, anything else as JSON.
fn value(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `诊断 → 处理` in the output language (the stage keys when the rules do not know them).
fn stage_move(r: &RecordChange, lang: Lang) -> Option<String> {
    let (from, to) = r.stage.as_ref()?;
    let name = |key: &Option<String>, label: &Option<crate::rules::Label>| match (key, label) {
        (_, Some(l)) => l.get(lang).to_string(),
        (Some(k), None) => k.clone(),
        (None, None) => "—".into(),
    };
    Some(format!(
        "{} → {}",
        name(from, &r.stage_labels.0),
        name(to, &r.stage_labels.1)
    ))
}

fn field_name(r: &RecordChange, path: &str, lang: Lang) -> String {
    match r.labels.get(path) {
        Some(l) => format!("{} ({path})", l.get(lang)),
        None => path.to_string(),
    }
}

fn kpi_line(k: &super::KpiChange, lang: Lang) -> String {
    let verdict = if k.before.verdict == k.after.verdict {
        verdict_text(k.after.verdict, lang).to_string()
    } else {
        format!(
            "{} → {}",
            verdict_text(k.before.verdict, lang),
            verdict_text(k.after.verdict, lang)
        )
    };
    format!(
        "{} ({}) {}: {} → {} ({verdict})",
        k.after.name.get(lang),
        k.after.key,
        k.period,
        value_text(&k.before),
        value_text(&k.after)
    )
}

/// `PRJ-2026-003 planned_end 2026-10-31 → 2027-06-30 (no change entry)`.
fn commitment_line(r: &RecordChange, c: &CommitmentChange, lang: Lang) -> String {
    let how = match &c.entry {
        Some((date, by)) => commitment_words::with_entry(lang, date, by),
        None => commitment_words::NO_ENTRY.get(lang).to_string(),
    };
    format!(
        "{} {} {} → {} ({how})",
        r.id,
        c.path,
        value(&c.old),
        value(&c.new)
    )
}

fn error_line(d: &crate::diag::Diag, lang: Lang) -> String {
    format!(
        "{} {}:{}: {}",
        crate::output::diagnostics::head(d.severity, d.code, lang),
        d.file,
        d.span.line,
        crate::output::catalog::message(d, lang)
    )
}

/// The later side in words: the work tree is named, a revision is shown as given.
fn head_text(head: &str, lang: Lang) -> &str {
    match head {
        "worktree" => words::WORKTREE.get(lang),
        rev => rev,
    }
}

/// The terminal text. Record values pass `escape::terminal_line`, each on its own line.
pub fn human(d: &Diff, lang: Lang) -> String {
    let t = |s: &str| escape::terminal_line(s).into_owned();
    let mut out = format!(
        "{} → {}: {}\n",
        t(&d.base),
        t(head_text(&d.head, lang)),
        counts(d, lang)
    );
    for r in &d.records {
        let mut line = format!("{} {}", mark(r.change), t(&r.id));
        if let Some(title) = &r.title {
            let _ = write!(line, "  {}", t(title));
        }
        let _ = write!(line, "  [{}]", change_text(r.change, lang));
        if let Some(m) = stage_move(r, lang) {
            let _ = write!(line, "  {}", t(&m));
        }
        if let Some(old) = &r.old_path {
            let _ = write!(line, "  {} → {}", t(old), t(&r.path));
        }
        out.push_str(&line);
        out.push('\n');
        if matches!(r.change, Change::Modified | Change::Renamed) {
            for f in &r.fields {
                let _ = writeln!(
                    out,
                    "    {}: {} → {}",
                    t(&field_name(r, &f.path, lang)),
                    t(&value(&f.old)),
                    t(&value(&f.new))
                );
            }
        }
    }
    if d.records.iter().any(|r| !r.commitments.is_empty()) {
        let _ = writeln!(out, "\n{}:", commitment_words::SECTION.get(lang));
        for r in &d.records {
            for c in &r.commitments {
                let _ = writeln!(out, "  {}", t(&commitment_line(r, c, lang)));
            }
        }
    }
    if !d.kpis.is_empty() {
        out.push_str(words::KPI_CHANGES_HUMAN.get(lang));
        for k in &d.kpis {
            let _ = writeln!(out, "  {}", kpi_line(k, lang));
        }
    }
    let _ = writeln!(
        out,
        "\n{}: {} → {}",
        words::CHECK_ERRORS.get(lang),
        d.errors_before,
        d.errors_after
    );
    if !d.new_errors.is_empty() {
        out.push_str(words::NEW_ERRORS_HUMAN.get(lang));
        for e in &d.new_errors {
            let _ = writeln!(out, "  {}", t(&error_line(e, lang)));
        }
    }
    out
}

/// The pull-request comment. Every value from a record is a `markdown_cell`; what would take
/// the comment over `MD_LIMIT` is left out, with a note saying how much.
pub fn markdown(d: &Diff, lang: Lang) -> String {
    let c = escape::markdown_cell;
    let mut out = format!(
        "**itc diff** {} → {}: {} · {} · {} {} → {}\n\n",
        c(&d.base),
        c(head_text(&d.head, lang)),
        counts(d, lang),
        words::kpis_changed(lang, d.kpis.len()),
        words::CHECK_ERRORS.get(lang),
        d.errors_before,
        d.errors_after
    );
    // What is written last (the note) needs room too.
    let budget = MD_LIMIT - 512;
    let mut left_out = 0usize;
    let mut push = |out: &mut String, piece: &str| -> bool {
        if out.len() + piece.len() > budget {
            left_out += 1;
            false
        } else {
            out.push_str(piece);
            true
        }
    };
    if !d.records.is_empty() {
        out.push_str(words::RECORDS_HEAD_MD.get(lang));
        for r in &d.records {
            let file = match &r.old_path {
                Some(old) => format!("{} → {}", c(old), c(&r.path)),
                None => c(&r.path),
            };
            let row = format!(
                "| {} | {} | {} | {} | {} | {file} |\n",
                change_text(r.change, lang),
                c(&r.id),
                c(r.kind_label.as_ref().map_or(&r.kind, |l| l.get(lang))),
                c(r.title.as_deref().unwrap_or("")),
                c(&stage_move(r, lang).unwrap_or_default()),
            );
            push(&mut out, &row);
        }
        out.push('\n');
    }
    if d.records.iter().any(|r| !r.commitments.is_empty()) {
        let mut block = format!("### {}\n\n", commitment_words::SECTION.get(lang));
        for r in &d.records {
            for x in &r.commitments {
                let _ = writeln!(block, "- {}", c(&commitment_line(r, x, lang)));
            }
        }
        block.push('\n');
        push(&mut out, &block);
    }
    if !d.kpis.is_empty() {
        push(&mut out, words::KPI_CHANGES_MD.get(lang));
        for k in &d.kpis {
            let verdict = format!(
                "{} → {}",
                verdict_text(k.before.verdict, lang),
                verdict_text(k.after.verdict, lang)
            );
            let row = format!(
                "| {} (`{}`) | {} | {} | {} | {verdict} |\n",
                c(k.after.name.get(lang)),
                k.after.key,
                k.period,
                value_text(&k.before),
                value_text(&k.after)
            );
            push(&mut out, &row);
        }
        out.push('\n');
    }
    if !d.new_errors.is_empty() {
        let mut block = String::from(words::NEW_ERRORS_MD.get(lang));
        for e in &d.new_errors {
            let _ = writeln!(block, "- {}", c(&error_line(e, lang)));
        }
        block.push('\n');
        push(&mut out, &block);
    }
    for r in d.records.iter().filter(|r| !r.fields.is_empty()) {
        let mut block = format!(
            "<details><summary>{} {} ({})</summary>\n\n",
            c(&r.id),
            change_text(r.change, lang),
            words::fields_changed(lang, r.fields.len())
        );
        block.push_str(words::FIELDS_HEAD_MD.get(lang));
        for f in &r.fields {
            let _ = writeln!(
                block,
                "| {} | {} | {} |",
                c(&field_name(r, &f.path, lang)),
                c(&value(&f.old)),
                c(&value(&f.new))
            );
        }
        block.push_str("\n</details>\n\n");
        push(&mut out, &block);
    }
    if left_out > 0 {
        let _ = writeln!(out, "{}", words::comment_cut(lang, left_out));
    }
    out
}

/// The JSON document (`schema/output/diff.json`).
pub fn json(d: &Diff) -> Value {
    json!({
        "base": d.base,
        "head": d.head,
        "records": d.records.iter().map(|r| json!({
            "id": r.id,
            "kind": r.kind,
            "title": r.title,
            "change": r.change.as_str(),
            "path": r.path,
            "old_path": r.old_path,
            "stage": r.stage.as_ref().map(|(from, to)| json!({"from": from, "to": to})),
            "fields": r.fields.iter().map(|f| json!({
                "path": f.path,
                "old": f.old,
                "new": f.new,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "commitments": d.records.iter().flat_map(|r| r.commitments.iter().map(|c| json!({
            "id": r.id,
            "path": c.path,
            "old": c.old,
            "new": c.new,
            "entry": c.entry.as_ref().map(|(date, by)| json!({"date": date, "approved_by": by})),
        }))).collect::<Vec<_>>(),
        "periods": d.periods,
        "kpis": d.kpis.iter().map(|k| json!({
            "key": k.after.key,
            "period": k.period,
            "before": k.before.value,
            "after": k.after.value,
            "verdict_before": k.before.verdict.as_str(),
            "verdict_after": k.after.verdict.as_str(),
        })).collect::<Vec<_>>(),
        "check": {"errors_before": d.errors_before, "errors_after": d.errors_after},
    })
}
