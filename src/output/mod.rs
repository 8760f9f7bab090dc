//! Everything that turns results into text, one file per output: diagnostics (human and JSON,
//! `diagnostics`), KPI reports (table, JSON, CSV, Markdown, `kpi`), the records of `list`
//! (`list`) and the one record of `show` (`show`, with `record_view` for its fields), the JSON
//! Schemas (`schema`), the CI job `init --ci` writes (`ci`), the command line's help and errors
//! in either language (`help/`), the message catalog in Chinese and English (`catalog`), the
//! one escaping door of each format (`escape`) and what a record needs, in words (`need`). The
//! report's HTML and Markdown live with the report model, in `src/report/`.

pub mod catalog;
pub mod ci;
pub mod diagnostics;
pub mod escape;
pub mod help;
pub mod kpi;
pub mod list;
pub mod need;
pub mod record_view;
pub mod schema;
pub mod show;

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

    /// Wraps `text` in an ANSI SGR code (`"1;31"` = bold red) when colouring.
    pub fn paint(&self, text: &str, sgr: &str) -> String {
        if self.color {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
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
}
