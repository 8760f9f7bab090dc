//! Diagnostics as data: a stable code, the check that found it, where, and the values its message
//! is made of. The words live in the catalog (`output::catalog`), in Chinese and English.

use std::fmt;

use crate::record::value::Span;
use crate::rules::Label;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The named checks, in the order they run. `--check` and `--skip` take these names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    Config,
    Rules,
    Syntax,
    Layout,
    Unique,
    Fields,
    Stages,
    Requirements,
    Consistency,
    References,
}

impl Check {
    pub const ALL: [Check; 10] = [
        Check::Config,
        Check::Rules,
        Check::Syntax,
        Check::Layout,
        Check::Unique,
        Check::Fields,
        Check::Stages,
        Check::Requirements,
        Check::Consistency,
        Check::References,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Check::Config => "config",
            Check::Rules => "rules",
            Check::Syntax => "syntax",
            Check::Layout => "layout",
            Check::Unique => "unique",
            Check::Fields => "fields",
            Check::Stages => "stages",
            Check::Requirements => "requirements",
            Check::Consistency => "consistency",
            Check::References => "references",
        }
    }

    pub fn from_name(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One value a message is built from: the same in both languages, or a label with both.
#[derive(Clone, Debug)]
pub enum Arg {
    Plain(String),
    Label(Label),
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Plain(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Plain(s.to_string())
    }
}

impl From<Label> for Arg {
    fn from(l: Label) -> Self {
        Arg::Label(l)
    }
}

impl From<&Label> for Arg {
    fn from(l: &Label) -> Self {
        Arg::Label(l.clone())
    }
}

#[derive(Clone, Debug)]
pub struct Diag {
    pub code: &'static str,
    pub severity: Severity,
    pub check: Check,
    /// Relative to the repository root, `/`-separated.
    pub file: String,
    pub span: Span,
    pub args: Vec<(&'static str, Arg)>,
    /// A second help text, chosen by the finding (e.g. a "did you mean"), beside the code's own.
    pub hint: Option<&'static str>,
    /// The ids of other records a repository-wide finding depends on (the id a reference names,
    /// an id held twice): a change to any of them can cause or clear it. Empty for findings
    /// that depend on their own file, itc.toml and the rules alone.
    pub involves: Vec<String>,
}

impl Diag {
    pub fn new(code: &'static str, check: Check, file: &str, span: Span) -> Diag {
        Diag {
            code,
            severity: if code.starts_with('W') {
                Severity::Warning
            } else {
                Severity::Error
            },
            check,
            file: file.to_string(),
            span,
            args: Vec::new(),
            hint: None,
            involves: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Diag {
        self.args.push((name, value.into()));
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Diag {
        self.hint = Some(hint);
        self
    }

    /// Records that this finding depends on the id of another record.
    pub fn involving(mut self, id: &str) -> Diag {
        self.involves.push(id.to_string());
        self
    }

    /// Sorting key: by file, then position, then code.
    pub fn sort_key(&self) -> (&str, u32, u32, &'static str) {
        (&self.file, self.span.line, self.span.col, self.code)
    }
}
