//! One file per subcommand, each with its `Args` and a thin `run`; the dispatcher is one match.

pub mod advance;
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
pub mod set;
pub mod show;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::cli::{Cli, Command, Global};
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

    /// Opens the repository at or above the start, as it stands or (`at`) at a git revision.
    pub fn open(&self, at: Option<&str>) -> Result<Session, Error> {
        let start = self.start()?;
        let repo = Repo::open_at(&start, at)?;
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

/// `--lock-timeout`, shared by the commands that write.
#[derive(clap::Args, Debug, Clone)]
pub struct LockArgs {
    /// Seconds to wait for another itc writing in this repository
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub lock_timeout: u64,
}

/// Fields from a fragment and the wait for the lock: shared by `new`, `advance` and `set`.
/// (`--by` is each command's own, since it names another stage's `by` in each: the start stage,
/// the stage entered, the current stage; and `set` takes its assignments as arguments, not
/// `--set`.)
#[derive(clap::Args, Debug, Clone)]
pub struct WriteArgs {
    /// Fields from a TOML or YAML fragment laid out as in a record (`-`: read it from stdin); --set comes after it
    #[arg(long, value_name = "FILE")]
    pub set_from: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub lock: LockArgs,
}

/// The files or folders a command was given, as paths relative to the repository root.
/// Relative paths are read from where itc runs (`-C DIR`, as with git); none may lie outside
/// the repository.
pub struct Scope(Vec<String>);

impl Scope {
    pub fn new(start: &Path, root: &Path, paths: &[PathBuf]) -> Result<Scope, Error> {
        let base = match start.is_absolute() {
            true => start.to_path_buf(),
            false => std::env::current_dir()
                .map_err(|e| Error::Io(PathBuf::from("."), e))?
                .join(start),
        };
        let mut prefixes = Vec::new();
        for p in paths {
            let joined = base.join(p);
            // A named link is the link itself, a file of the repository (what it points at
            // is the checks' business): resolve its folder, not the link.
            let is_link = std::fs::symlink_metadata(&joined).is_ok_and(|m| m.is_symlink());
            let abs = match (is_link, joined.parent(), joined.file_name()) {
                (true, Some(dir), Some(name)) => dir.canonicalize().map(|d| d.join(name)),
                _ => joined.canonicalize(),
            }
            .map_err(|e| Error::Io(p.clone(), e))?;
            if !abs.starts_with(root) {
                return Err(Error::usage(
                    format!("{} 不在记录库 {} 之内", p.display(), root.display()),
                    format!(
                        "{} is outside the repository {}",
                        p.display(),
                        root.display()
                    ),
                ));
            }
            prefixes.push(crate::repo::relative(root, &abs));
        }
        Ok(Scope(prefixes))
    }

    /// Whether a file (relative to the root) is in scope: everything when no path was given.
    pub fn holds(&self, rel: &str) -> bool {
        self.0.is_empty()
            || self
                .0
                .iter()
                .any(|p| p.is_empty() || rel == p || rel.starts_with(&format!("{p}/")))
    }
}

/// The assignments of `new` and `advance` with `--by PERSON` as `by=PERSON` (the stage being
/// written), and the acting person who is `by` when neither gives it: `ITC_USER`, else the
/// person whose email is git's `user.email`.
pub fn acting(
    repo: &crate::repo::Repo,
    mut sets: Vec<String>,
    by: Option<String>,
) -> Result<(Vec<String>, Option<String>), Error> {
    match by {
        Some(by) => {
            sets.push(format!("by={by}"));
            Ok((sets, None))
        }
        None => Ok((sets, crate::acting::person(&repo.config, &repo.root)?)),
    }
}

/// The text of `--set-from FILE` (`-`: stdin), at most the size of a record file.
pub fn set_from(from: Option<&Path>) -> Result<Option<String>, Error> {
    use std::io::Read;
    let Some(from) = from else { return Ok(None) };
    let limit = crate::record::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    let read = match from == Path::new("-") {
        true => std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes),
        false => std::fs::File::open(from).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes)),
    };
    read.map_err(|e| Error::Io(from.to_path_buf(), e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::usage(
            format!("--set-from {} 超过 {limit} 字节", from.display()),
            format!("--set-from {} is larger than {limit} bytes", from.display()),
        ));
    }
    String::from_utf8(bytes).map(Some).map_err(|_| {
        Error::usage(
            format!("--set-from {} 不是 UTF-8 文本", from.display()),
            format!("--set-from {} is not UTF-8 text", from.display()),
        )
    })
}

/// `--period` of `kpi` and `list`: an absolute period, or one relative to today (`now`'s day).
pub fn period(
    text: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<crate::time::Period, Error> {
    crate::time::Period::parse_at(text, crate::time::today(now)).ok_or_else(|| {
        Error::usage(
            format!("--period 的值 `{text}` 无效:请写 2026、2026-H1、2026-Q3、2026-07、2026-07-15、FROM..TO,或 this-month、last-month、this-quarter、last-quarter、this-year、last-year、ytd"),
            format!("invalid --period `{text}`: use 2026, 2026-H1, 2026-Q3, 2026-07, 2026-07-15, FROM..TO, or this-month, last-month, this-quarter, last-quarter, this-year, last-year, ytd"),
        )
    })
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
    let g = &cli.global;
    match cli.command {
        Command::Show(args) => show::run(g, args),
        Command::List(args) => list::run(g, args),
        Command::Check(args) => check::run(g, args),
        Command::Fmt(args) => fmt::run(g, args),
        Command::Kpi(args) => kpi::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Diff(args) => diff::run(g, args),
        Command::Init(args) => init::run(ctx, args),
        Command::New(args) => new::run(ctx, args),
        Command::Advance(args) => advance::run(ctx, args),
        Command::Set(args) => set::run(g, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Rules(args) => rules::run(ctx, args),
        Command::Schema(args) => schema::run(ctx, args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(ctx, args),
    }
}
