//! `itc list` written out: the rows of the listed records as a table for people (or bare rows
//! with `-q`), JSON, CSV or Markdown, and the JSON of an overdue deadline that `show` shares.

use comfy_table::{Cell, Table, presets};
use serde_json::{Value, json};

use super::Style;
use super::escape::{csv_row, markdown_cell, terminal_line};
use crate::Lang;
use crate::filter::Breach;
use crate::output::catalog::deadlines as deadline_words;
use crate::output::catalog::views as words;
use crate::rules::Rules;
use crate::status::{self, Status};

fn when(t: Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The headers of the table and Markdown, for people.
pub fn headers(lang: Lang) -> [&'static str; 8] {
    words::LIST_HEAD.map(|h| h.get(lang))
}

/// The CSV header: stable keys, the same in every language (docs/scripting.md).
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "kind",
    "title",
    "stage",
    "stage_label",
    "owner",
    "entered",
    "age_s",
    "age",
    "final",
    "overdue",
    "overdue_codes",
];

/// A row of the table and Markdown: the kind's and stage's labels, times in the org's words.
fn row(s: &Status, kind_label: &str, lang: Lang) -> [String; 8] {
    let overdue: Vec<String> = s
        .overdue
        .iter()
        .map(|o| super::catalog::deadline::overdue(lang, o))
        .collect();
    [
        s.id.clone(),
        kind_label.to_string(),
        s.title.clone(),
        s.stage_label.get(lang).to_string(),
        s.owner.clone(),
        when(s.entered),
        s.age
            .map(|a| super::catalog::units::duration(lang, a))
            .unwrap_or_default(),
        overdue.join("; "),
    ]
}

/// A CSV row, under `CSV_HEADER`: keys, RFC 3339 times and seconds; the translated text only
/// beside them (`stage_label`, `overdue`).
fn csv_fields(s: &Status, lang: Lang) -> [String; 12] {
    let overdue: Vec<String> = s
        .overdue
        .iter()
        .map(|o| super::catalog::deadline::overdue(lang, o))
        .collect();
    let codes: Vec<&str> = s.overdue.iter().map(|o| o.key).collect();
    [
        s.id.clone(),
        s.kind.clone(),
        s.title.clone(),
        s.stage.clone(),
        s.stage_label.get(lang).to_string(),
        s.owner.clone(),
        s.entered.map(|t| t.to_rfc3339()).unwrap_or_default(),
        s.age.map(|a| a.seconds().to_string()).unwrap_or_default(),
        s.age.map(|a| a.to_string()).unwrap_or_default(),
        s.final_stage.to_string(),
        overdue.join("; "),
        codes.join(";"),
    ]
}

/// One overdue deadline in JSON (`list` and `show`): `code` is the deadline's stable key (the
/// table in docs/scripting.md), `what` its translated text.
pub fn overdue_json(o: &status::Overdue, lang: Lang) -> Value {
    json!({
        "code": o.key,
        "what": super::catalog::deadline::overdue(lang, o),
        "deadline": o.deadline.to_rfc3339(),
        "due": o.due.machine(),
        "key": o.key,
        "kpi": o.kpi,
        "part": o.part,
        "owner": o.owner,
    })
}

/// One listed record in JSON, written straight from its fields (the bytes `json!` would print,
/// without building a map for each row).
fn json_row(s: &Status, lang: Lang) -> String {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        id: &'a str,
        kind: &'a str,
        title: &'a str,
        stage: &'a str,
        stage_label: &'a str,
        owner: &'a str,
        entered: Option<String>,
        age_s: Option<i64>,
        #[serde(rename = "final")]
        final_stage: bool,
        overdue: Vec<Value>,
    }
    let row = Row {
        id: &s.id,
        kind: &s.kind,
        title: &s.title,
        stage: &s.stage,
        stage_label: s.stage_label.get(lang),
        owner: &s.owner,
        entered: s.entered.map(|t| t.to_rfc3339()),
        age_s: s.age.map(|a| a.seconds()),
        final_stage: s.final_stage,
        overdue: s.overdue.iter().map(|o| overdue_json(o, lang)).collect(),
    };
    // Strings, numbers and values only: nothing here can fail to serialize.
    serde_json::to_string(&row).unwrap_or_default()
}

/// The rows `row` writes, joined by `sep`: written in parallel, some thousands of rows to a part,
/// and each part freed once copied.
fn joined<T: Sync>(list: &[T], sep: &str, row: impl Fn(&T) -> String + Sync) -> String {
    let chunks: Vec<&[T]> = list.chunks(4096).collect();
    let parts = crate::repo::par_map(&chunks, |rows| {
        let mut part = String::new();
        for (i, s) in rows.iter().enumerate() {
            if i > 0 {
                part.push_str(sep);
            }
            part.push_str(&row(s));
        }
        part
    });
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + sep.len()).sum());
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&part);
    }
    out
}

/// The kind's label: people read it, scripts (JSON, CSV) read its key.
fn kind_label(rules: &Rules, s: &Status, lang: Lang) -> String {
    rules
        .kinds
        .iter()
        .find(|k| k.key == s.kind)
        .map_or_else(|| s.kind.clone(), |k| k.label.get(lang).to_string())
}

/// The records as one compact JSON array, the same as one `Value` would print.
pub fn json(list: &[Box<Status>], lang: Lang) -> String {
    format!("[{}]\n", joined(list, ",", |s| json_row(s, lang)))
}

/// The records as CSV under `CSV_HEADER`.
pub fn csv(list: &[Box<Status>], lang: Lang) -> String {
    csv_row(&CSV_HEADER) + &joined(list, "", |s| csv_row(&csv_fields(s, lang)))
}

/// The records as a Markdown table.
pub fn markdown(list: &[Box<Status>], rules: &Rules, lang: Lang) -> String {
    let h = headers(lang);
    let mut out = format!("| {} |\n|{}\n", h.join(" | "), "---|".repeat(h.len()));
    for s in list {
        let cells: Vec<String> = row(s, &kind_label(rules, s, lang), lang)
            .iter()
            .map(|c| markdown_cell(c))
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// `-q`: the rows alone, one a line, cells apart by tabs — no frame, header or count.
pub fn bare(list: &[Box<Status>], rules: &Rules, lang: Lang) -> String {
    let mut out = String::new();
    for s in list {
        let cells: Vec<String> = row(s, &kind_label(rules, s, lang), lang)
            .iter()
            .map(|c| terminal_line(c).replace('\t', " "))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// The records as a table for people, overdue rows in red when colouring, then their count.
pub fn table(list: &[Box<Status>], rules: &Rules, lang: Lang, style: Style) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_header(headers(lang).to_vec());
    for s in list {
        let cells = row(s, &kind_label(rules, s, lang), lang);
        t.add_row(
            cells
                .into_iter()
                .map(|c| Cell::new(terminal_line(&c).into_owned()))
                .collect::<Vec<_>>(),
        );
    }
    let t = style.paint_cells(&t.to_string(), |row, _| {
        list.get(row)
            .filter(|s| !s.overdue.is_empty())
            .map(|_| super::look::BAD)
    });
    let count = words::records_listed(lang, list.len());
    format!("{t}\n{count}")
}

/// A breach's cells for people: what the deadline is, its owner, when due, when done (or
/// "open") and how late, to the minute.
fn breach_row(b: &Breach, rules: &Rules, lang: Lang) -> [String; 8] {
    let kind = rules
        .kinds
        .iter()
        .find(|k| k.key == b.kind)
        .map_or_else(|| b.kind.clone(), |k| k.label.get(lang).to_string());
    [
        b.id.clone(),
        kind,
        b.title.clone(),
        deadline_words::deadline_name(lang, &b.source, b.part.as_deref()),
        b.owner.clone(),
        b.due.to_string(),
        b.done.map_or_else(
            || deadline_words::STILL_OPEN.get(lang).to_string(),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        ),
        super::catalog::units::duration(lang, crate::time::Duration(b.late.seconds() / 60 * 60)),
    ]
}

fn breach_heads(lang: Lang) -> [&'static str; 8] {
    deadline_words::BREACH_HEAD.map(|h| h.get(lang))
}

/// The CSV header of `list --breached`: stable keys, the same in every language.
pub const BREACH_CSV_HEADER: [&str; 14] = [
    "id", "kind", "title", "key", "kpi", "part", "owner", "due", "deadline", "done", "late_s",
    "late", "open", "what",
];

/// The breaches as JSON: one object a breach, `late_s` the seconds past the deadline.
pub fn breached_json(list: &[Breach], lang: Lang) -> String {
    let rows: Vec<Value> = list
        .iter()
        .map(|b| {
            json!({
                "id": b.id,
                "kind": b.kind,
                "title": b.title,
                "owner": b.owner,
                "final": b.final_stage,
                "key": b.key,
                "kpi": b.kpi,
                "part": b.part,
                "what": deadline_words::deadline_name(lang, &b.source, b.part.as_deref()),
                "due": b.due.machine(),
                "deadline": b.deadline.to_rfc3339(),
                "done": b.done.map(|t| t.to_rfc3339()),
                "late_s": b.late.seconds(),
                "open": b.done.is_none(),
            })
        })
        .collect();
    format!("{}\n", Value::Array(rows))
}

/// The breaches as CSV under `BREACH_CSV_HEADER`.
pub fn breached_csv(list: &[Breach], lang: Lang) -> String {
    let mut out = csv_row(&BREACH_CSV_HEADER);
    for b in list {
        out.push_str(&csv_row(&[
            b.id.clone(),
            b.kind.clone(),
            b.title.clone(),
            b.key.to_string(),
            b.kpi.unwrap_or("").to_string(),
            b.part.clone().unwrap_or_default(),
            b.owner.clone(),
            b.due.machine(),
            b.deadline.to_rfc3339(),
            b.done.map(|t| t.to_rfc3339()).unwrap_or_default(),
            b.late.seconds().to_string(),
            b.late.to_string(),
            b.done.is_none().to_string(),
            deadline_words::deadline_name(lang, &b.source, b.part.as_deref()),
        ]));
    }
    out
}

/// The breaches as a Markdown table, then their count.
pub fn breached_markdown(list: &[Breach], rules: &Rules, lang: Lang) -> String {
    let h = breach_heads(lang);
    let mut out = format!("| {} |\n|{}\n", h.join(" | "), "---|".repeat(h.len()));
    for b in list {
        let cells: Vec<String> = breach_row(b, rules, lang)
            .iter()
            .map(|c| markdown_cell(c))
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// `-q --breached`: the rows alone, cells apart by tabs.
pub fn breached_bare(list: &[Breach], rules: &Rules, lang: Lang) -> String {
    let mut out = String::new();
    for b in list {
        let cells: Vec<String> = breach_row(b, rules, lang)
            .iter()
            .map(|c| terminal_line(c).replace('\t', " "))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// The breaches as a table for people, then their count.
pub fn breached_table(list: &[Breach], rules: &Rules, lang: Lang) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_header(breach_heads(lang).to_vec());
    for b in list {
        t.add_row(
            breach_row(b, rules, lang)
                .into_iter()
                .map(|c| Cell::new(terminal_line(&c).into_owned()))
                .collect::<Vec<_>>(),
        );
    }
    let count = deadline_words::breaches_listed(lang, list.len());
    format!("{t}\n{count}")
}

/// The note on stderr when some record files could not be read and so are not listed.
pub fn unreadable_note(unreadable: usize, lang: Lang) -> String {
    words::unreadable(lang, unreadable)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_written_in_parallel_parts_are_joined_in_order() {
        for n in [0, 1, 4095, 4096, 4097, 20_000] {
            let rows: Vec<usize> = (0..n).collect();
            let plain: Vec<String> = rows.iter().map(|i| format!("r{i}")).collect();
            assert_eq!(
                super::joined(&rows, ",", |i| format!("r{i}")),
                plain.join(",")
            );
            assert_eq!(
                super::joined(&rows, "", |i| format!("r{i}\n")),
                plain.join("\n") + if n > 0 { "\n" } else { "" }
            );
        }
    }
}
