//! The report as one self-contained HTML file: inline CSS (with A4 print rules), inline SVG
//! charts, no script and nothing fetched. Every value is written through `text` and maud: maud
//! escapes markup, `text` shows control characters as `\u{1b}`, as every text output of itc
//! does (so no value can reach a terminal the page is printed on raw, or make the page invalid).

use std::borrow::Cow;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::{Cell, Report, Table, chart, verdict_mark, verdict_word};
use crate::Lang;
use crate::kpi::Verdict;

/// Okabe–Ito blue and vermillion; a verdict is also a shape and a word.
const CSS: &str = "
:root { color-scheme: light; }
body { font-family: system-ui, 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif;
  margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #111; background: #fff; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; margin-top: 2rem; }
.sub { color: #444; margin-top: 0; }
.headline { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.headline div { border: 1px solid #888; border-radius: .4rem; padding: .5rem 1rem; min-width: 7rem; }
.headline b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .85rem; width: 100%; }
table.narrow { width: auto; min-width: 16rem; }
table.dense { font-size: .72rem; }
table.dense td, table.dense th { padding: .2rem .25rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
td.v-met { color: #0b5a8c; }
td.v-missed { color: #a33f00; font-weight: 700; }
td.v-na { color: #555; }
.charts { display: flex; flex-wrap: wrap; gap: .5rem; }
.charts figure { margin: 0; }
.charts figcaption { font-size: .8rem; }
.wide { overflow-x: auto; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  table, figure { break-inside: avoid; }
  .wide { overflow: visible; }
}
";

/// A value as the page shows it: control characters (C0 but tab and line ends, DEL, C1) as
/// `\u{1b}`, like the terminal's text, and so are the noncharacters HTML forbids (U+FDD0 to
/// U+FDEF, U+FFFE and U+FFFF of every plane); maud then escapes the markup.
pub(super) fn text(s: &str) -> Cow<'_, str> {
    let noncharacter = |c: char| {
        let u = u32::from(c);
        (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
    };
    let shown = crate::output::escape::terminal(s);
    if !shown.chars().any(noncharacter) {
        return shown;
    }
    let mut out = String::with_capacity(shown.len() + 8);
    for c in shown.chars() {
        match noncharacter(c) {
            true => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            false => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn cell(c: &Cell) -> Markup {
    match c.verdict {
        None => html! { td { (text(&c.text)) } },
        Some(v) => {
            let class = match v {
                Verdict::Met => "v-met",
                Verdict::Missed => "v-missed",
                Verdict::NotApplicable => "v-na",
            };
            html! { td class=(class) { (verdict_mark(v)) " " (text(&c.text)) } }
        }
    }
}

/// A table of two or three columns need not span the page; one of many columns is set small.
fn narrow(t: &Table) -> Option<&'static str> {
    match t.head.len() {
        0..=3 => Some("narrow"),
        4..=10 => None,
        _ => Some("dense"),
    }
}

fn table(t: &Table) -> Markup {
    html! {
        @if t.rows.is_empty() {
            p { strong { (text(&t.caption)) } ": " (text(&t.empty)) }
        } @else {
            div class="wide" {
                table class=[narrow(t)] {
                    caption { (text(&t.caption)) }
                    thead { tr { @for h in &t.head { th scope="col" { (text(h)) } } } }
                    tbody {
                        @for row in &t.rows {
                            tr {
                                @for (i, c) in row.iter().enumerate() {
                                    @if i == 0 {
                                        th scope="row" { (text(&c.text)) }
                                    } @else {
                                        (cell(c))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn render(r: &Report) -> String {
    let lang = r.lang;
    let marked = |v: Verdict| format!("{} {}", verdict_mark(v), verdict_word(v, lang));
    let (met, missed, na) = (
        marked(Verdict::Met),
        marked(Verdict::Missed),
        marked(Verdict::NotApplicable),
    );
    let page = html! {
        (DOCTYPE)
        html lang=(if lang == Lang::Zh { "zh-CN" } else { "en" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (text(&r.title)) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (text(&r.title)) }
                    p class="sub" { (text(&r.subtitle)) }
                    div class="headline" {
                        div { b { (r.met) } (met) }
                        div { b { (r.missed) } (missed) }
                        div { b { (r.not_applicable) } (na) }
                    }
                    p { (text(&r.headline)) }
                }
                @for s in &r.sections {
                    section id=(s.id) {
                        h2 { (text(&s.title)) }
                        @for n in &s.notes { p { (text(n)) } }
                        @if !s.charts.is_empty() {
                            div class="charts" {
                                @for (i, c) in s.charts.iter().enumerate() {
                                    figure {
                                        figcaption { (text(c.title())) }
                                        (chart::svg(c, &format!("{}-{}", s.id, i)))
                                    }
                                }
                            }
                        }
                        @for t in &s.tables { (table(t)) }
                    }
                }
            }
        }
    };
    page.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_show_control_characters_and_noncharacters_escaped() {
        assert_eq!(
            text("a\u{1b}[2J\u{9b}\u{7f}\tb\r\nc\rd\u{fdd0}\u{fffe}\u{10ffff}é"),
            "a\\u{1b}[2J\\u{9b}\\u{7f}\tb\r\nc\\u{d}d\\u{fdd0}\\u{fffe}\\u{10ffff}é"
        );
        assert!(matches!(text("plain 中文 <b>"), Cow::Borrowed(_)));
        let page = html! { p { (text("<\u{1b}>")) } }.into_string();
        assert_eq!(page, "<p>&lt;\\u{1b}&gt;</p>");
    }
}
