//! Everything that turns results into text: diagnostics (human and JSON), KPI reports (table,
//! JSON, CSV, Markdown) and the message catalog in Chinese and English.

pub mod catalog;
pub mod diagnostics;
pub mod escape;
pub mod kpi;

use std::io::IsTerminal;

use crate::cli::ColorChoice;

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
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
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
