//! itc keeps an information center's records as TOML/YAML files in a git repository, checks them
//! against the workflow rules, and computes the KPIs the center's manager is appraised on.
//!
//! How a command flows:
//! - `cli` parses the command line; `cmd/` holds one thin file per subcommand.
//! - `repo` finds the repository root, reads `itc.toml` (`config`) and the rules (`rules`:
//!   the embedded `builtin.toml`, extended or replaced by `rules.toml`), walks the kind folders
//!   and loads every record in parallel into a value tree with source positions (`record`).
//! - `check` runs the named checks over the loaded records; each finding is a `diag::Diag`
//!   with a stable code, rendered by `output` in Chinese or English, as text or JSON.
//! - `facts` takes the typed facts of each record as it streams through the loader (the tree
//!   is then dropped); its `deadline` module is the one deadline model of `kpi`, `list`, `show`.
//! - `kpi` computes the appraisal KPIs over a period (`time` holds periods, calendars and
//!   durations; "now" is always injected).
//!
//! The layers, top first. A module uses the modules of its own layer and of those below, never
//! one above (`tests/cli/layers.rs` holds them to it, and lists the upward uses still to
//! remove):
//!
//! ```text
//! | cmd, cli |                                   the command line and one file per command
//! | diff, entry, export, report, workflow |      what commands do with loaded records
//! | output |                                     rendering: escapes, words, tables, JSON, help
//! | check, kpi, score |                          the checks, the KPIs and the scorecard
//! | facts, filter, status, acting, agenda |      typed facts, deadlines, selections
//! | repo, snapshot, leftovers |                  the repository: walk, read, write, git revisions
//! | config |                                     itc.toml
//! | rules |                                      the workflow rules
//! | record |                                     a record's value tree, parsing and editing
//! | git, time, diag, templates |                 git, time, diagnostics, embedded files
//! ```
//!
//! Errors are data (`Error`); `main_with_args` is the one place that prints a fatal error and
//! picks the exit code: 0 success, 1 invalid data (or a missed KPI with `--fail-on-missed`),
//! 2 usage, I/O and repository errors.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod acting;
pub mod agenda;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod diff;
pub mod entry;
pub mod export;
pub mod facts;
pub mod filter;
pub mod git;
pub mod kpi;
pub mod leftovers;
pub mod output;
pub mod record;
pub mod repo;
pub mod report;
pub mod rules;
pub mod score;
pub mod snapshot;
pub mod status;
pub mod time;
pub mod workflow;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::FromArgMatches;

/// A text in both output languages: a kind's or field's label, a message's words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Label {
    pub zh: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A fixed text of the catalog (`output::catalog`), in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Words {
    pub const fn new(zh: &'static str, en: &'static str) -> Words {
        Words { zh, en }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// The language of output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// `--lang`, else `ITC_LANG`, else the repository's `org.lang`, else Chinese.
    pub fn resolve(flag: Option<Lang>, repo: Option<Lang>) -> Lang {
        Lang::resolve_with(flag, || repo)
    }

    /// As `resolve`, reading the repository's `org.lang` only when it decides.
    pub fn resolve_with(flag: Option<Lang>, repo: impl FnOnce() -> Option<Lang>) -> Lang {
        flag.or_else(|| {
            std::env::var("ITC_LANG")
                .ok()
                .as_deref()
                .and_then(Lang::parse)
        })
        .or_else(repo)
        .unwrap_or(Lang::Zh)
    }
}

/// What went wrong, as data: `main_with_args` prints it (in the words of
/// `output::catalog::errors`) and exits with its code (`exit_code`).
#[derive(Debug)]
pub enum Error {
    /// A file or folder that could not be read or written (exit 2).
    Io(PathBuf, std::io::Error),
    /// No `itc.toml` at or above the folder (exit 2).
    NoRepository(PathBuf),
    /// `rules.toml` (under the root) is broken; its diagnostics say where (exit 2).
    Rules(repo::Origin, Vec<diag::Diag>),
    /// `itc.toml` (under the root) has errors, and the command cannot go on without a sound
    /// config (KPI targets, calendars); its diagnostics say where (exit 2).
    Config(repo::Origin, Vec<diag::Diag>),
    /// The built-in rules failed to load: a bug in this program (exit 2).
    Builtin(Vec<diag::Diag>),
    /// A mistake on the command line, said in both languages (exit 2).
    Usage { zh: String, en: String },
    /// An operation refused because its result would be invalid data (exit 1); nothing was
    /// written.
    Invalid { zh: String, en: String },
    /// A git command that failed (exit 2): what it was asked to do, and the first line of what
    /// it said.
    Git { step: git::Step, why: String },
    /// A git revision that names no commit (exit 2), and the nearest branch and tag names (at
    /// most three) for "did you mean".
    UnknownRevision(String, Vec<String>),
    /// The repository lock was not taken within `--lock-timeout` (exit 2): the lock file, the
    /// seconds waited, and who holds it (pid, host) when the file says.
    LockTimeout {
        path: PathBuf,
        waited: u64,
        holder: Option<(u32, String)>,
    },
    /// A `--period` that names no period (exit 2); `cycle`: a report's, which covers a year, a
    /// half, a quarter or a month only.
    BadPeriod { text: String, cycle: bool },
    /// The proof before a write failed (exit 2): the text would not read back as the values it
    /// was meant to hold (the field's path, `""` for the whole file; the value meant; the value
    /// read). A bug in itc; nothing was written.
    WriteProof {
        path: PathBuf,
        field: String,
        want: String,
        got: String,
    },
    /// No number is left for the ids `PREFIX-YEAR-…` of a kind's year (exit 2): the prefix,
    /// `PREFIX-YEAR-`.
    IdsExhausted(String),
    /// What a layer below `output` refuses, as data (exit 2).
    Refused(Refusal),
    /// A record asked for that does not parse (exit 1): its id.
    Unparsed(String),
    /// An error of `itc edit` while writing the edited copy back, which is kept at `copy`
    /// (the exit code of `error`).
    CopyKept { error: Box<Error>, copy: PathBuf },
}

/// What a layer below `output` refuses (`Error::Refused`, exit 2), as data: the words are in
/// `output::catalog::refusals`.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// The git program is not on PATH.
    GitMissing,
    /// A folder that lies in no git work tree.
    NotAWorkTree(PathBuf),
    /// A revision git is not asked about (empty, or starting with `-`), as written.
    BadRevision(String),
    /// Two commits (object ids) with no common ancestor.
    NoCommonAncestor(String, String),
    /// A revision with no common ancestor with `HEAD`, as written.
    NoAncestorWithHead(String),
    /// git's output that could not be read: the command, and why (git's or itc's English).
    GitOutput(git::Output, String),
    /// An object id that is none, as given.
    NotAnObjectId(String),
    /// `git cat-file` ended its output early: how (in English).
    CatFileIncomplete(String),
    /// A git object that is no file: its id and its kind.
    NotABlob { oid: String, kind: String },
    /// A file of a revision git could not hand over, asked for by a command that reads one
    /// file: the file, and why.
    GitLost(PathBuf, diag::GitLoss),
    /// `ITC_USER` names no person of `itc.toml`: the value, and the id it may have meant.
    UnknownUser { user: String, hint: Option<String> },
    /// `--check` or `--skip` names no check: the name.
    UnknownCheck(String),
    /// `--set-from` is larger than its limit (bytes).
    SetFromTooLarge { from: PathBuf, limit: u64 },
    /// `--set-from` is not UTF-8 text.
    SetFromNotUtf8(PathBuf),
    /// A file `init` would write exists already.
    Exists(PathBuf),
    /// A record that is not UTF-8.
    NotUtf8(PathBuf),
    /// A path given that lies outside the repository (`path`, `root`).
    Outside { path: PathBuf, root: PathBuf },
    /// A path to write that lies outside the repository (`path`, `root`).
    OutsideNoWrite { path: PathBuf, root: PathBuf },
    /// An output path that is a folder.
    OutputIsFolder(PathBuf),
    /// A symbolic link on the way to a file to write.
    SymbolicLink(PathBuf),
    /// A file that is not a regular file inside the repository, asked for by a command that
    /// reads one file: the file, and what it is.
    NotRegular(PathBuf, diag::NotRegular),
    /// A `--now` that is no time, as written.
    BadTime(String),
    /// A revision that holds no `itc.toml` at `start` (a folder) or above it.
    NoConfigAt { rev: String, start: PathBuf },
    /// A revision git could not hand over whole: the files it could not (relative to the
    /// root), with why.
    RevisionUnreadable {
        rev: String,
        lost: Vec<(String, diag::GitLoss)>,
    },
}

impl Error {
    pub fn usage(zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Usage {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The exit code: 1 for invalid data, 2 for the rest (usage, I/O, the repository).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid { .. } | Error::Unparsed(_) => 1,
            Error::CopyKept { error, .. } => error.exit_code(),
            _ => 2,
        }
    }
}

/// Writes to stdout; a closed pipe (`itc ... | head`) is not an error.
pub fn print_out(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::Io(PathBuf::from("<stdout>"), e))
        }
        _ => Ok(()),
    }
}

pub fn print_err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Parses the arguments, runs the command and returns the exit code. The only place that
/// prints a fatal error.
///
/// The language is known before parsing (`--lang` read from the raw arguments, `ITC_LANG`, the
/// `org.lang` of the repository at `-C` or here), so that help and clap's errors come in it.
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> u8 {
    let args: Vec<OsString> = args.into_iter().collect();
    let pre = output::help::prescan(&args);
    let lang = Lang::resolve_with(pre.lang, || {
        let start = pre.dir.clone().or_else(|| std::env::current_dir().ok())?;
        output::help::repository_lang(&start)
    });
    let color = pre.color.unwrap_or(cli::ColorChoice::Auto);
    let help_color = match output::Style::for_stdout(color).color {
        true => clap::ColorChoice::Always,
        false => clap::ColorChoice::Never,
    };
    let parsed = cli::command_with(lang, help_color, true)
        .try_get_matches_from(&args)
        .and_then(|m| cli::Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => return usage_error(&e, lang, color),
    };
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            let style = output::Style::for_stderr(color);
            if let Error::Rules(origin, diags) | Error::Config(origin, diags) = &err {
                print_err(&output::diagnostics::human_from(
                    diags,
                    &|rel| origin.text_of(rel),
                    lang,
                    style,
                ));
            }
            let label = output::catalog::errors::LABEL.get(lang);
            print_err(&format!(
                "{}: {}\n",
                style.paint(label, output::look::ERROR),
                output::escape::terminal(&output::catalog::errors::message(&err, lang))
            ));
            err.exit_code()
        }
    }
}

/// Help and version go to stdout (exit 0); a mistake on the command line to stderr (exit 2), in
/// Chinese rendered from clap's error context, in English as clap words it.
fn usage_error(e: &clap::Error, lang: Lang, color: cli::ColorChoice) -> u8 {
    use clap::error::ErrorKind;
    let shown_by_clap = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if shown_by_clap || lang == Lang::En {
        let _ = e.print();
    } else {
        let style = output::Style::for_stderr(color);
        print_err(&format!(
            "{}: {}",
            style.paint(
                output::catalog::errors::LABEL.get(Lang::Zh),
                output::look::ERROR
            ),
            output::help::error_zh(e)
        ));
    }
    if e.use_stderr() { 2 } else { 0 }
}
