//! `itc agenda` written out: for people (grouped by owner), Markdown, JSON (its schema too) and
//! a workbook. The calendar is `ics`, the group robots' messages `robot`.

use serde_json::{Value, json};

use super::catalog::agenda as words;
use super::escape::{markdown_cell, terminal_line};
use super::xlsx::{Book, Cell};
use crate::agenda::{Agenda, Group, Item};
use crate::{Error, Lang};

/// A group's heading: `张三 (zhangsan)`, the id alone when the roster has no such person, or
/// "unassigned".
pub fn owner_heading(g: &Group, lang: Lang) -> String {
    match (&g.owner, &g.name) {
        (Some(id), Some(name)) => format!("{name} ({id})"),
        (Some(id), None) => id.clone(),
        (None, _) => words::UNASSIGNED.get(lang).to_string(),
    }
}

fn when(i: &Item) -> String {
    i.due.to_string()
}

/// `until` as a heading shows it.
fn until(a: &Agenda) -> String {
    a.until.format("%Y-%m-%d %H:%M").to_string()
}

/// One item's cells for people: standing, id, what, deadline, title.
fn cells(i: &Item, lang: Lang) -> [String; 5] {
    [
        words::standing(lang, i.overdue, i.by),
        i.id.clone(),
        words::what(lang, &i.source, i.part.as_deref()),
        words::deadline(lang, &when(i)),
        i.title.clone(),
    ]
}

/// For people: each owner's items under their name, then the count.
pub fn human(a: &Agenda, lang: Lang) -> String {
    let mut out = String::new();
    if a.groups.is_empty() {
        out.push_str(words::NOTHING.get(lang));
        out.push('\n');
    }
    for g in &a.groups {
        out.push_str(&terminal_line(&owner_heading(g, lang)));
        out.push('\n');
        for i in &g.items {
            let c: Vec<String> = cells(i, lang)
                .iter()
                .map(|c| terminal_line(c).into_owned())
                .collect();
            out.push_str(&format!("  {}\n", c.join("  ")));
        }
    }
    out.push('\n');
    out.push_str(&words::summary(lang, a.overdue(), a.due(), &until(a)));
    out.push('\n');
    out
}

/// Markdown: a heading per owner and a list of items, record text escaped.
pub fn markdown(a: &Agenda, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", words::TITLE.get(lang));
    for g in &a.groups {
        out.push_str(&format!(
            "## {}\n\n",
            markdown_cell(&owner_heading(g, lang))
        ));
        for i in &g.items {
            let [standing, id, what, due, title] = cells(i, lang);
            out.push_str(&format!(
                "- **{}** {} {}: {} ({})\n",
                markdown_cell(&standing),
                markdown_cell(&id),
                markdown_cell(&title),
                markdown_cell(&what),
                markdown_cell(&due),
            ));
        }
        out.push('\n');
    }
    if a.unreadable > 0 {
        out.push_str(&super::catalog::views::unreadable(lang, a.unreadable));
        out.push('\n');
    }
    out.push_str(&words::summary(lang, a.overdue(), a.due(), &until(a)));
    out.push('\n');
    out
}

fn item_json(i: &Item, lang: Lang) -> Value {
    json!({
        "id": i.id,
        "kind": i.kind,
        "title": i.title,
        "key": i.key,
        "kpi": i.kpi,
        "part": i.part,
        "what": words::what(lang, &i.source, i.part.as_deref()),
        "due": i.due.machine(),
        "deadline": i.deadline.to_rfc3339(),
        "state": if i.overdue { "overdue" } else { "due" },
        "seconds": i.by.seconds(),
        "standing": words::standing(lang, i.overdue, i.by),
    })
}

/// JSON (`schema/output/agenda.json`).
pub fn json(a: &Agenda, window: &str, lang: Lang) -> String {
    let groups: Vec<Value> = a
        .groups
        .iter()
        .map(|g| {
            json!({
                "owner": g.owner,
                "name": g.name,
                "items": g.items.iter().map(|i| item_json(i, lang)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let v = json!({
        "as_of": a.now.to_rfc3339(),
        "window": window,
        "until": a.until.to_rfc3339(),
        "overdue": a.overdue(),
        "due": a.due(),
        "unreadable": a.unreadable,
        "groups": groups,
    });
    format!("{v:#}\n")
}

/// The workbook: one sheet, a row per item, most urgent first within each owner.
pub fn book(a: &Agenda, lang: Lang, path: &std::path::Path) -> Result<(), Error> {
    let mut book = Book::new();
    let header: Vec<String> = words::COLUMNS
        .iter()
        .map(|w| w.get(lang).to_string())
        .collect();
    let mut sheet = book.sheet(words::SHEET.get(lang), &header)?;
    for (g, i) in a.items() {
        let text = |s: &str| Cell::Text(s.to_string());
        let state = if i.overdue {
            words::OVERDUE
        } else {
            words::DUE
        };
        sheet.row(&[
            g.owner.as_deref().map_or(Cell::Empty, text),
            g.name.as_deref().map_or(Cell::Empty, text),
            text(&i.id),
            text(&i.kind),
            text(&i.title),
            text(i.key),
            text(&words::what(lang, &i.source, i.part.as_deref())),
            Cell::DateTime(i.deadline.naive_local()),
            text(state.get(lang)),
            Cell::Number((i.by.seconds() / 3600) as f64),
            text(&words::standing(lang, i.overdue, i.by)),
        ])?;
    }
    sheet.finish()?;
    book.save(path)
}

/// The schema of the JSON output.
pub fn schema() -> Value {
    let time = json!({ "type": "string", "pattern": super::schema::RFC3339 });
    let text_or_null = json!({ "type": ["string", "null"] });
    let keys: Vec<&str> = crate::facts::deadline::KEYS.to_vec();
    let item = json!({
        "type": "object",
        "required": ["id", "kind", "title", "key", "kpi", "part", "what", "due", "deadline", "state", "seconds", "standing"],
        "properties": {
            "id": { "type": "string" },
            "kind": { "type": "string" },
            "title": { "type": "string" },
            "key": { "enum": keys },
            "kpi": text_or_null,
            "part": text_or_null,
            "what": { "type": "string" },
            "due": { "type": "string" },
            "deadline": time,
            "state": { "enum": ["overdue", "due"] },
            "seconds": { "type": "integer", "minimum": 0 },
            "standing": { "type": "string" },
        },
        "additionalProperties": false,
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "itc agenda",
        "description": super::catalog::schema::both(words::SCHEMA),
        "type": "object",
        "required": ["as_of", "window", "until", "overdue", "due", "unreadable", "groups"],
        "properties": {
            "as_of": time,
            "window": { "type": "string" },
            "until": time,
            "overdue": { "type": "integer", "minimum": 0 },
            "due": { "type": "integer", "minimum": 0 },
            "unreadable": { "type": "integer", "minimum": 0 },
            "groups": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["owner", "name", "items"],
                    "properties": {
                        "owner": text_or_null,
                        "name": text_or_null,
                        "items": { "type": "array", "items": item },
                    },
                    "additionalProperties": false,
                },
            },
        },
        "additionalProperties": false,
    })
}
