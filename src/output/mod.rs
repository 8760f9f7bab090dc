//! Everything that turns results into text, one file per output: diagnostics (human and JSON,
//! `diagnostics`), KPI reports (table, JSON, CSV, Markdown, `kpi`), the records of `list`
//! (`list`) and the one record of `show` (`show`, with `record_view` for its fields), the JSON
//! Schemas (`schema`), the CI job `init --ci` writes (`ci`), the command line's help and errors
//! in either language (`help/`), the message catalog in Chinese and English (`catalog`), the
//! one escaping door of each format (`escape`) and what a record needs, in words (`need`). The
//! report's HTML and Markdown live with the report model, in `src/report/`. Here: `--color`'s
//! choice (`ColorChoice`), whether to colour (`Style`) and the looks colours are written in
//! through anstyle (`look`).

pub mod agenda;
pub mod catalog;
pub mod ci;
pub mod diagnostics;
pub mod escape;
pub mod help;
pub mod ics;
pub mod kpi;
pub mod list;
pub mod need;
pub mod record_view;
pub mod robot;
pub mod schema;
pub mod score;
pub mod show;
pub mod xlsx;

use std::io::IsTerminal;

/// `--color`: when to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether to colour text, decided once from `--color`, the terminal and `NO_COLOR`.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn for_stderr(choice: ColorChoice) -> Style {
        Style::decide(choice, std::io::stderr().is_terminal())
    }

    pub fn for_stdout(choice: ColorChoice) -> Style {
        Style::decide(choice, std::io::stdout().is_terminal())
    }

    fn decide(choice: ColorChoice, terminal: bool) -> Style {
        Style::decide_with(choice, terminal, std::env::var_os("NO_COLOR").as_deref())
    }

    /// `NO_COLOR` turns colour off only when it is set to a non-empty value (no-color.org); an
    /// explicit `--color always` still wins.
    fn decide_with(
        choice: ColorChoice,
        terminal: bool,
        no_color: Option<&std::ffi::OsStr>,
    ) -> Style {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && no_color.is_none_or(std::ffi::OsStr::is_empty),
        };
        Style { color }
    }

    /// `text` in `look` when colouring, else as it is.
    pub fn paint(&self, text: &str, look: Look) -> String {
        if self.color {
            format!("{look}{text}{look:#}")
        } else {
            text.to_string()
        }
    }

    /// A table drawn without colour (one line per row, as comfy-table draws one whose cells hold
    /// no line breaks: top border, header, header rule, the rows, bottom border), with the cells
    /// `look` gives a look for painted, padding included, when colouring. `look` gets the row
    /// (from 0, the header not counted) and the column.
    pub fn paint_cells(&self, table: &str, look: impl Fn(usize, usize) -> Option<Look>) -> String {
        if !self.color {
            return table.to_string();
        }
        let mut lines = table.split_inclusive('\n');
        let Some(top) = lines.next() else {
            return String::new();
        };
        // The columns where the borders stand: those of the top border's corners and joints.
        let borders: Vec<usize> = top
            .trim_end_matches('\n')
            .chars()
            .enumerate()
            .filter(|(_, c)| !matches!(c, '─' | '═' | '-'))
            .map(|(i, _)| i)
            .collect();
        let mut out = String::with_capacity(table.len() * 2);
        out.push_str(top);
        for (n, line) in lines.enumerate() {
            match n.checked_sub(2) {
                Some(row) if borders.len() > 1 && line.starts_with('│') => {
                    out.push_str(&paint_row(line, &borders, |col| look(row, col)));
                }
                _ => out.push_str(line),
            }
        }
        out
    }
}

/// One drawn row with the cells `look` gives a look for painted: the text between two border
/// columns is a cell; columns are counted in display width.
fn paint_row(line: &str, borders: &[usize], look: impl Fn(usize) -> Option<Look>) -> String {
    use std::fmt::Write;
    use unicode_width::UnicodeWidthChar;
    let mut out = String::with_capacity(line.len() + 32);
    let mut width = 0;
    // The look of the cell being written, to end at its right border.
    let mut open: Option<Look> = None;
    for c in line.chars() {
        let Some(col) = borders.iter().position(|&b| b == width) else {
            out.push(c);
            width += c.width().unwrap_or(0);
            continue;
        };
        if let Some(l) = open.take() {
            let _ = write!(out, "{l:#}");
        }
        out.push(c);
        width += 1;
        if let Some(l) = look(col).filter(|_| col + 1 < borders.len()) {
            let _ = write!(out, "{l}");
            open = Some(l);
        }
    }
    if let Some(l) = open {
        let _ = write!(out, "{l:#}");
    }
    out
}

/// How a text looks on a terminal that colours: anstyle's, which writes the SGR codes.
pub type Look = anstyle::Style;

/// The looks of itc's output.
pub mod look {
    use anstyle::{Ansi256Color, AnsiColor, Color, Style};

    /// Bold: a finding's message, `help`.
    pub const STRONG: Style = Style::new().bold();
    /// Bold red: `error`.
    pub const ERROR: Style = Style::new()
        .bold()
        .fg_color(Some(Color::Ansi(AnsiColor::Red)));
    /// Bold yellow: `warning`.
    pub const WARNING: Style = Style::new()
        .bold()
        .fg_color(Some(Color::Ansi(AnsiColor::Yellow)));
    /// Bold blue: the gutter of source lines (`-->`, `|`, line numbers).
    pub const GUTTER: Style = Style::new()
        .bold()
        .fg_color(Some(Color::Ansi(AnsiColor::Blue)));
    /// Red cells of tables: overdue records, missed KPIs (the 256-colour red tables had).
    pub const BAD: Style = Style::new().fg_color(Some(Color::Ansi256(Ansi256Color(9))));
    /// Green cells of tables: met KPIs.
    pub const GOOD: Style = Style::new().fg_color(Some(Color::Ansi256(Ansi256Color(10))));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn only_a_non_empty_no_color_turns_colour_off() {
        let auto = |v: Option<&str>| Style::decide_with(ColorChoice::Auto, true, v.map(OsStr::new));
        assert!(auto(None).color);
        assert!(auto(Some("")).color, "an empty NO_COLOR is as if unset");
        assert!(!auto(Some("1")).color);
        assert!(!auto(Some("0")).color, "any non-empty value counts");
        assert!(!Style::decide_with(ColorChoice::Auto, false, None).color);
        assert!(Style::decide_with(ColorChoice::Always, true, Some(OsStr::new("1"))).color);
        assert!(!Style::decide_with(ColorChoice::Never, true, None).color);
    }

    #[test]
    fn cells_are_painted_between_their_borders_counted_in_display_width() {
        let table = "┌────┬───┐\n│ 名 ┆ b │\n╞════╪═══╡\n│ 中 ┆ x │\n│ c  ┆ y │\n└────┴───┘\n";
        let look = |row: usize, col: usize| (row == 0 && col == 1).then_some(look::BAD);
        let plain = Style { color: false }.paint_cells(table, look);
        assert_eq!(plain, table);
        let painted = Style { color: true }.paint_cells(table, look);
        let red = format!("{}", look::BAD);
        assert!(
            painted.contains(&format!("│ 中 ┆{red} x \x1b[0m│\n")),
            "{painted}"
        );
        assert!(painted.contains("│ c  ┆ y │\n"), "{painted}");
        assert_eq!(painted.matches('\x1b').count(), 2);
    }
}
