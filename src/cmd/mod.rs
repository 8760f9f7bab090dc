//! One file per subcommand, each with its `Args` and a thin `run`; the dispatcher is one match.
//! `Ctx` is what every command is given.

pub mod advance;
pub mod agenda;
pub mod check;
pub mod completions;
pub mod diff;
pub mod edit;
pub mod export;
pub mod fmt;
pub mod init;
pub mod kpi;
pub mod list;
pub mod man;
pub mod new;
pub mod report;
pub mod rules;
pub mod schema;
pub mod score;
pub mod set;
pub mod show;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::cli::{Cli, Command, Global, LockArgs};
use crate::output::Style;
use crate::repo::Repo;
use crate::{Error, Lang};

/// The folder a command starts in: `-C DIR` or the working directory.
pub fn start_dir(global: &Global) -> Result<PathBuf, Error> {
    match &global.dir {
        Some(d) => Ok(d.clone()),
        None => std::env::current_dir().map_err(|e| Error::Io(PathBuf::from("."), e)),
    }
}

/// What every command is given: the global flags, and from them where it starts, how quiet it
/// is and how it colours; `open` reads the repository and settles the output language.
pub struct Ctx<'g> {
    pub global: &'g Global,
}

/// A repository opened for a command, with the language it speaks and where it started.
pub struct Session {
    pub start: PathBuf,
    pub repo: Repo,
    pub lang: Lang,
}

impl Ctx<'_> {
    /// `-C DIR`, or the working directory.
    pub fn start(&self) -> Result<PathBuf, Error> {
        start_dir(self.global)
    }

    /// Opens the repository at or above the start, as it stands or (`at`) at a git revision,
    /// and checks its config (`check::config`).
    pub fn open(&self, at: Option<&str>) -> Result<Session, Error> {
        let start = self.start()?;
        let repo = crate::check::config::open_at(&start, at)?;
        let lang = self.lang(repo.config.lang);
        Ok(Session { start, repo, lang })
    }

    /// As `open`, also when git cannot hand over every file of the revision (`check --at`
    /// reports those files as findings).
    pub fn open_partial(&self, at: Option<&str>) -> Result<Session, Error> {
        let start = self.start()?;
        let mut repo = Repo::open_partial_at(&start, at)?;
        crate::check::config::validate(&mut repo)?;
        let lang = self.lang(repo.config.lang);
        Ok(Session { start, repo, lang })
    }

    /// `--lang`, else `ITC_LANG`, else the repository's `org.lang`, else Chinese.
    pub fn lang(&self, repo: Option<Lang>) -> Lang {
        Lang::resolve(self.global.lang, repo)
    }

    pub fn quiet(&self) -> bool {
        self.global.quiet
    }

    /// Whether `new` and `advance` may ask for what is missing: stdin and stderr are terminals,
    /// and neither `--no-input` nor `ITC_NO_INPUT=1` (any value but empty or `0`) says no.
    pub fn may_ask(&self) -> bool {
        use std::io::IsTerminal;
        let refused = std::env::var_os("ITC_NO_INPUT").is_some_and(|v| !v.is_empty() && v != "0");
        !self.global.no_input
            && !refused
            && std::io::stdin().is_terminal()
            && std::io::stderr().is_terminal()
    }

    pub fn stdout_style(&self) -> Style {
        Style::for_stdout(self.global.color)
    }

    pub fn stderr_style(&self) -> Style {
        Style::for_stderr(self.global.color)
    }

    /// "Now" for reading: `--as-of`, else `ITC_TODAY`, else the clock, in the org's time zone;
    /// a date alone means the end of that day.
    pub fn now(&self, repo: &Repo, as_of: Option<&str>) -> Result<DateTime<FixedOffset>, Error> {
        crate::time::now(as_of, repo.config.tz, true)
    }

    /// "Now" for writing (the `at` of a stage entered now): `ITC_TODAY` or the clock.
    pub fn write_now(&self, repo: &Repo) -> Result<DateTime<FixedOffset>, Error> {
        crate::time::now(None, repo.config.tz, false)
    }

    /// How long a write waits for another itc writing in the repository.
    pub fn wait(&self, lang: Lang, lock: &LockArgs) -> crate::workflow::Wait {
        crate::workflow::Wait {
            timeout: std::time::Duration::from_secs(lock.lock_timeout),
            lang,
        }
    }
}

/// A workbook is binary and never printed: `--format xlsx` needs `-o FILE`.
pub fn xlsx_needs_output(xlsx: bool, output: Option<&std::path::Path>) -> Result<(), Error> {
    if xlsx && output.is_none() {
        let words = crate::output::catalog::excel::XLSX_NEEDS_OUTPUT;
        return Err(Error::usage(words.zh, words.en));
    }
    Ok(())
}

/// Writes a command's output: the workbook `book` writes for xlsx, else `text`, to `-o` or to
/// stdout (`xlsx_needs_output` has refused a workbook without `-o`).
pub fn emit(
    output: Option<&std::path::Path>,
    xlsx: bool,
    text: &str,
    book: impl FnOnce(&std::path::Path) -> Result<(), Error>,
) -> Result<(), Error> {
    match output {
        Some(path) if xlsx => book(path),
        Some(path) => crate::repo::write_output(path, text.as_bytes()),
        None => crate::print_out(text),
    }
}

/// Ends the life of a command's largest values (the repository's list of files, the facts or
/// rows of every record) without freeing them one allocation at a time: the output is written,
/// and the process exits right after and hands all its memory back at once. On 100,000 records
/// freeing them piece by piece took 0.05–0.15 s, on one core, at the end of a run of about 2 s.
pub fn leave<T>(values: T) {
    std::mem::forget(values);
}

pub fn run(cli: Cli) -> Result<u8, Error> {
    let ctx = &Ctx {
        global: &cli.global,
    };
    match cli.command {
        Command::Show(args) => show::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Agenda(args) => agenda::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::Fmt(args) => fmt::run(ctx, args),
        Command::Kpi(args) => kpi::run(ctx, args),
        Command::Score(args) => score::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Diff(args) => diff::run(ctx, args),
        Command::Init(args) => init::run(ctx, args),
        Command::New(args) => new::run(ctx, args),
        Command::Advance(args) => advance::run(ctx, args),
        Command::Set(args) => set::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Rules(args) => rules::run(ctx, args),
        Command::Schema(args) => schema::run(ctx, args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(ctx, args),
    }
}
