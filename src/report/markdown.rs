//! The report as Markdown: the same sections and tables as the HTML (the trend charts as their
//! table of months), every value through the project's one Markdown escaping function.

use std::fmt::Write;

use super::{Cell, Report, Table, verdict_mark};
use crate::output::escape::markdown_cell as md;

fn cell(c: &Cell) -> String {
    match c.verdict {
        Some(v) => format!("{} {}", verdict_mark(v), md(&c.text)),
        None => md(&c.text),
    }
}

fn table(out: &mut String, t: &Table) {
    if t.rows.is_empty() {
        let _ = writeln!(out, "**{}**: {}\n", md(&t.caption), md(&t.empty));
        return;
    }
    let _ = writeln!(out, "**{}**\n", md(&t.caption));
    let head: Vec<String> = t.head.iter().map(|h| md(h)).collect();
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(cell).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&r.title));
    let _ = writeln!(out, "{}\n", md(&r.subtitle));
    let _ = writeln!(out, "{}\n", md(&r.headline));
    for s in &r.sections {
        let _ = writeln!(out, "## {}\n", md(&s.title));
        for n in &s.notes {
            let _ = writeln!(out, "{}\n", md(n));
        }
        for t in &s.tables {
            table(&mut out, t);
        }
    }
    out
}
