//! The report as one self-contained HTML file: inline CSS (with A4 print rules), inline SVG
//! charts, no script and nothing fetched. Every value is written through maud, which escapes it.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::{Cell, Report, Table, chart, verdict_mark};
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

fn cell(c: &Cell) -> Markup {
    match c.verdict {
        None => html! { td { (c.text) } },
        Some(v) => {
            let class = match v {
                Verdict::Met => "v-met",
                Verdict::Missed => "v-missed",
                Verdict::NotApplicable => "v-na",
            };
            html! { td class=(class) { (verdict_mark(v)) " " (c.text) } }
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
            p { strong { (t.caption) } ": " (t.empty) }
        } @else {
            div class="wide" {
                table class=[narrow(t)] {
                    caption { (t.caption) }
                    thead { tr { @for h in &t.head { th scope="col" { (h) } } } }
                    tbody {
                        @for row in &t.rows {
                            tr {
                                @for (i, c) in row.iter().enumerate() {
                                    @if i == 0 {
                                        th scope="row" { (c.text) }
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
    let (met, missed, na) = match lang {
        Lang::Zh => ("✓ 达标", "✗ 未达标", "– 不适用"),
        Lang::En => ("✓ met", "✗ missed", "– n/a"),
    };
    let page = html! {
        (DOCTYPE)
        html lang=(if lang == Lang::Zh { "zh-CN" } else { "en" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (r.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (r.title) }
                    p class="sub" { (r.subtitle) }
                    div class="headline" {
                        div { b { (r.met) } (met) }
                        div { b { (r.missed) } (missed) }
                        div { b { (r.not_applicable) } (na) }
                    }
                    p { (r.headline) }
                }
                @for s in &r.sections {
                    section id=(s.id) {
                        h2 { (s.title) }
                        @for n in &s.notes { p { (n) } }
                        @if !s.charts.is_empty() {
                            div class="charts" {
                                @for (i, c) in s.charts.iter().enumerate() {
                                    figure {
                                        figcaption { (c.title()) }
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
