//! Diagnostics as data: a stable code (`Code`, which tells its severity and, for most codes, its
//! check), the check that found it, where, and the values its message is made of. The words live
//! in the catalog (`output::catalog`), in Chinese and English.

use std::collections::HashMap;
use std::fmt;

use crate::Label;

/// A position in a source file: 1-based line, 1-based column in characters, and the width of the
/// caret to draw (at least 1, never past the end of the line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub width: u32,
}

impl Span {
    pub const START: Span = Span {
        line: 1,
        col: 1,
        width: 1,
    };
}

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

/// Declares the diagnostic codes: the enum, every code in order, and each code's text.
macro_rules! codes {
    ($($code:ident),* $(,)?) => {
        /// A diagnostic's stable code. Its words live in the catalog, found by an exhaustive
        /// `match`: a code without words does not compile.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($code),*
        }

        impl Code {
            /// Every code, in the catalog's order (SARIF lists its rules in it).
            pub const ALL: &[Code] = &[$(Code::$code),*];

            /// The code as printed: `E0101`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code)),*
                }
            }
        }
    };
}

codes! {
    E0101, E0102, E0103, E0104, E0105, E0106, E0107, W0108, E0109, W0110, W0120, W0121, E0201,
    E0202, E0203, E0204, W0205, E0301, E0302, E0303, E0304, E0305, E0306, E0307, E0308, E0309,
    W0310, E0311, W0312, E0401, E0402, W0403, E0404, E0405, E0406, E0407, E0408, E0409, E0501,
    E0502, E0503, E0601, E0602, E0603, E0604, E0605, E0606, E0607, E0608, E0609, E0610, E0611,
    W0612, E0613, E0614, E0615, E0616, W0617, W0618, W0619, E0620, W0621, W0622, E0623, E0624,
    E0701, E0702, E0703, E0704, E0705, E0801, E0802, E0803, E0804, W0805, E0806, E0807, E0808,
    W0810, W0811, W0812, W0813, W0814, E0818, W0819, E0820, E0821, E0822, E0823, E0824, E0825,
    E0826, E0827, E0828, E0902, E0903, E0904, E0905, E0906, E0907, E0908,
}

impl Code {
    /// Warnings are the `W` codes; every other code is an error.
    pub const fn severity(self) -> Severity {
        use Code::*;
        match self {
            W0108 | W0110 | W0120 | W0121 | W0310 | W0403 => Severity::Warning,
            W0312 => Severity::Warning,
            W0612 | W0617 | W0618 | W0619 | W0621 | W0622 => Severity::Warning,
            W0205 | W0805 => Severity::Warning,
            W0819 => Severity::Warning,
            W0810 | W0811 | W0812 | W0813 | W0814 => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The check that names the code's family (its first two digits): the one its findings
    /// belong to where `check` says so, and what SARIF files the code's rule under.
    pub const fn family(self) -> Check {
        use Code::*;
        match self {
            E0101 | E0102 | E0103 | E0104 | E0105 | E0106 | E0107 | W0108 | E0109 | W0110
            | W0120 | W0121 => Check::Syntax,
            E0201 | E0202 | E0203 => Check::Layout,
            E0204 => Check::Unique,
            E0301 | E0302 | E0303 | E0304 | E0305 | E0306 | E0307 | E0308 | E0309 | W0310
            | E0311 => Check::Fields,
            W0312 => Check::Fields,
            E0401 | E0402 | W0403 | E0404 | E0405 | E0406 | E0407 | E0408 | E0409 => Check::Stages,
            E0501 | E0502 | E0503 => Check::Requirements,
            E0601 | E0602 | E0603 | E0604 | E0605 | E0606 | E0607 | E0608 | E0609 | E0610
            | E0611 => Check::Consistency,
            W0612 | E0613 | E0614 | E0615 | E0616 | W0617 | W0618 | W0619 | E0620 | W0621
            | W0622 => Check::Consistency,
            E0623 | E0624 => Check::Consistency,
            E0701 | E0702 | E0703 | E0704 | E0705 => Check::References,
            E0801 | E0802 | E0803 | E0804 => Check::Config,
            W0205 => Check::Layout,
            W0805 | E0806 | E0807 | E0808 => Check::Config,
            E0818 | W0819 => Check::Config,
            E0820 | E0821 | E0822 | E0823 | E0824 | E0825 | E0826 | E0827 | E0828 => Check::Config,
            W0810 | W0811 | W0812 | W0813 | W0814 => Check::Config,
            E0902 | E0903 | E0904 | E0905 | E0906 | E0907 | E0908 => Check::Rules,
        }
    }

    /// The check every finding of this code belongs to, or `None` for the codes that take the
    /// check of what they are found in or sum up (`Diag::within` gives it):
    /// - the read and syntax errors (E0101–E0107, E0109): of a record they belong to `syntax`,
    ///   of `rules.toml` to `rules`, of `itc.toml` to `config`;
    /// - the field checks (E03xx), which check `itc.toml`'s own fields as well (`config`);
    /// - W0110, "and N more", which belongs to the check of the findings it stands for.
    pub const fn check(self) -> Option<Check> {
        use Code::*;
        match self {
            E0101 | E0102 | E0103 | E0104 | E0105 | E0106 | E0107 | E0109 | W0110 => None,
            E0301 | E0302 | E0303 | E0304 | E0305 | E0306 | E0307 | E0308 | E0309 | W0310
            | E0311 => None,
            W0312 => None,
            _ => Some(self.family()),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One value a message is built from: the same in both languages, a label with both, or a
/// phrase the catalog words (boxed: labels and phrases are rare, and a finding should stay
/// small).
#[derive(Clone, Debug)]
pub enum Arg {
    Plain(String),
    Label(Box<Label>),
    Phrase(Box<Phrase>),
}

/// A phrase of the catalog that a layer below `output` names as a finding's value; the words are
/// in `output::catalog::args`.
#[derive(Clone, Debug, PartialEq)]
pub enum Phrase {
    /// A field's type (`rules::Type::describe`).
    Type(TypeName),
    /// A table list's item fields with their types, one per line (`name\ttype`).
    Items(Vec<(String, TypeName)>),
    /// A number written without digits, or with a character that is not an ASCII digit, as
    /// written (a syntax error of a TOML record).
    NotAnInteger(String),
    /// The range of a KPI target that is a ratio: 0 to 1.
    RatioRange,
    /// The range of a cost ratio target: at least 0, below 10.
    CostRatioRange,
    /// The range of a count target: a whole number of at least 0.
    CountRange,
    /// The condition of a drill's `executed` requirement: a system of the drill has an RTO.
    DrillSystemHasRto,
    /// A drill's system has an RPO (tabletop exercises excepted).
    DrillSystemHasRpo,
    /// What a file that is not a regular file inside the root is (E0109).
    NotRegular(NotRegular),
    /// Why git could not hand a file of a revision over (E0107).
    GitLoss(GitLoss),
    /// The repository lock left behind, with its holder (pid, host) when the file says.
    RepositoryLock(Option<(u32, String)>),
    /// A temporary copy of `target` left by a write (`owner`: the host).
    TemporaryCopy(Leftover),
    /// An editing copy of `target` left by `itc edit`.
    EditingCopy(Leftover),
}

/// Why git could not hand a file of a revision over.
#[derive(Clone, Debug, PartialEq)]
pub enum GitLoss {
    /// The object (its id) is not in git's object store.
    NoObject(String),
    /// git stopped answering: what it was refused for.
    Refused(Box<crate::Refusal>),
    /// git stopped answering for another reason, as debugging shows it.
    Other(String),
}

/// What a file that is not a regular file inside the root is: never opened.
#[derive(Clone, Debug, PartialEq)]
pub enum NotRegular {
    /// A link out of the root, named by its target as shown.
    LinkOutside(String),
    NamedPipe,
    Device,
    Socket,
    Folder,
    /// Any other file that is not a regular file.
    Special,
}

/// A copy left behind by an interrupted write: the file it is of, and the host and process that
/// made it.
#[derive(Clone, Debug, PartialEq)]
pub struct Leftover {
    pub target: String,
    pub owner: String,
    pub pid: u32,
}

/// A field type as a message names it: `list of person`, `enum P1|P2`.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeName {
    Text,
    Int,
    Number,
    Bool,
    Date,
    DateTime,
    Duration,
    /// The values, `|`-separated.
    Enum(String),
    Person,
    System,
    /// The kind referred to, where the field names one.
    Record(Option<String>),
    Period,
    Hours,
    Timezone,
    List(Box<TypeName>),
    TableList,
    Table,
    Map(Box<TypeName>),
}

impl From<Phrase> for Arg {
    fn from(p: Phrase) -> Self {
        Arg::Phrase(Box::new(p))
    }
}

impl From<TypeName> for Arg {
    fn from(t: TypeName) -> Self {
        Arg::Phrase(Box::new(Phrase::Type(t)))
    }
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
        Arg::Label(Box::new(l))
    }
}

impl From<&Label> for Arg {
    fn from(l: &Label) -> Self {
        Arg::Label(Box::new(l.clone()))
    }
}

#[derive(Clone, Debug)]
pub struct Diag {
    pub code: Code,
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
    /// Boxed, since most findings involve nothing and a finding should stay small.
    pub involves: Option<Box<Vec<String>>>,
}

impl Diag {
    /// A finding of a code that belongs to one check wherever it is found (`Code::check`).
    pub fn new(code: Code, file: &str, span: Span) -> Diag {
        debug_assert!(
            code.check().is_some(),
            "{code} takes the check of what it is found in: Diag::within"
        );
        Diag::make(code, code.check().unwrap_or(code.family()), file, span)
    }

    /// A finding of a code that takes the check of what it is found in or sums up (a read or
    /// syntax error, a field check, "and N more"): `check` is that check.
    pub fn within(code: Code, check: Check, file: &str, span: Span) -> Diag {
        debug_assert!(
            code.check().is_none(),
            "{code} belongs to {:?} wherever it is found: Diag::new",
            code.check()
        );
        Diag::make(code, check, file, span)
    }

    fn make(code: Code, check: Check, file: &str, span: Span) -> Diag {
        Diag {
            code,
            severity: code.severity(),
            check,
            file: file.to_string(),
            span,
            args: Vec::new(),
            hint: None,
            involves: None,
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Diag {
        // Most findings have one to three values: room for exactly those, not the usual four.
        self.args.reserve_exact(1);
        self.args.push((name, value.into()));
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Diag {
        self.hint = Some(hint);
        self
    }

    /// Records that this finding depends on the id of another record.
    pub fn involving(mut self, id: &str) -> Diag {
        self.involves
            .get_or_insert_with(Box::default)
            .push(id.to_string());
        self
    }

    /// Sorting key: by file, then position, then code.
    pub fn sort_key(&self) -> (&str, u32, u32, &'static str) {
        (
            &self.file,
            self.span.line,
            self.span.col,
            self.code.as_str(),
        )
    }
}

/// How many findings of one code one file reports; the rest become one summary finding.
pub const CAP: usize = 100;

/// Caps cascades, as compilers do: of each code, each file keeps its first `CAP` findings (by
/// position), and the rest are replaced by one `W0110` finding ("and N more") at the first one
/// left out, in the same check. Leaves `diags` sorted by file and position.
pub fn cap(diags: &mut Vec<Diag>) {
    if diags.len() <= CAP {
        return;
    }
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut out = Vec::with_capacity(diags.len().min(4 * CAP));
    // Per code of the current file: how many were seen, and the summary of those left out.
    let mut seen: HashMap<Code, (usize, Option<Diag>)> = HashMap::new();
    let flush = |seen: &mut HashMap<Code, (usize, Option<Diag>)>, out: &mut Vec<Diag>| {
        for (code, (count, first)) in seen.drain() {
            if let Some(first) = first {
                out.push(
                    Diag::within(Code::W0110, first.check, &first.file, first.span)
                        .arg("count", (count - CAP).to_string())
                        .arg("code", code.as_str())
                        .arg("limit", CAP.to_string()),
                );
            }
        }
    };
    let mut file: Option<String> = None;
    for d in diags.drain(..) {
        if file.as_deref() != Some(d.file.as_str()) {
            flush(&mut seen, &mut out);
            file = Some(d.file.clone());
        }
        let (count, first) = seen.entry(d.code).or_insert((0, None));
        *count += 1;
        if *count <= CAP {
            out.push(d);
        } else if first.is_none() {
            *first = Some(d);
        }
    }
    flush(&mut seen, &mut out);
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.shrink_to_fit();
    *diags = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(code: Code, file: &str, line: u32) -> Diag {
        Diag::within(
            code,
            Check::Fields,
            file,
            Span {
                line,
                col: 1,
                width: 1,
            },
        )
    }

    #[test]
    fn cascades_are_capped_per_code_and_file() {
        let mut diags = Vec::new();
        for line in (1..=250).rev() {
            diags.push(at(Code::E0307, "a.toml", line));
        }
        for line in 1..=100 {
            diags.push(at(Code::E0303, "a.toml", line));
            diags.push(at(Code::E0307, "b.toml", line));
        }
        diags.push(at(Code::E0307, "b.toml", 101));
        cap(&mut diags);
        let count = |code: Code, file: &str| {
            diags
                .iter()
                .filter(|d| d.code == code && d.file == file)
                .count()
        };
        assert_eq!(count(Code::E0307, "a.toml"), CAP);
        assert_eq!(
            count(Code::E0303, "a.toml"),
            CAP,
            "exactly the cap is kept whole"
        );
        assert_eq!(count(Code::E0307, "b.toml"), CAP);
        let summaries: Vec<(&str, u32, String)> = diags
            .iter()
            .filter(|d| d.code == Code::W0110)
            .map(|d| {
                let n = match &d.args[0].1 {
                    Arg::Plain(s) => s.clone(),
                    Arg::Label(_) | Arg::Phrase(_) => String::new(),
                };
                (d.file.as_str(), d.span.line, n)
            })
            .collect();
        assert_eq!(
            summaries,
            [
                ("a.toml", 101, "150".to_string()),
                ("b.toml", 101, "1".to_string())
            ]
        );
        // The first by position are kept, and the check is the hidden findings'.
        assert!(diags.iter().all(|d| d.check == Check::Fields));
        assert!(
            diags
                .iter()
                .filter(|d| d.code == Code::E0307 && d.file == "a.toml")
                .all(|d| d.span.line <= 100)
        );
        assert!(diags.windows(2).all(|w| w[0].sort_key() <= w[1].sort_key()));
    }

    #[test]
    fn findings_are_compact() {
        // A finding is its fixed part plus its values: no label copied inline, no spare room.
        assert!(
            std::mem::size_of::<Arg>() <= 24,
            "{}",
            std::mem::size_of::<Arg>()
        );
        assert!(
            std::mem::size_of::<Diag>() <= 104,
            "{}",
            std::mem::size_of::<Diag>()
        );
        let d = at(Code::E0307, "a.toml", 1).arg("field", "x");
        assert_eq!(d.args.capacity(), 1);
    }
}
