//! What was typed before the word being completed, and the repository and kind it names.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::bash::LINE;
use crate::Lang;
use crate::repo::Repo;
use crate::rules::{Kind, Rules};

/// The command line as typed, up to the word being completed.
pub struct Typed {
    /// The words before the one being completed, the program's first.
    pub before: Vec<String>,
    repo: OnceLock<Option<Repo>>,
}

impl Typed {
    /// The words the shell passed after `--` (bash: split from the line), up to the word being
    /// completed: bash and zsh say which (`_CLAP_COMPLETE_INDEX`), the others complete the last.
    pub fn from_env(var: &str) -> Typed {
        let mut words: Vec<String> = std::env::args_os()
            .skip_while(|a| a != "--")
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let bash = std::env::var_os(var).is_some_and(|v| v == "bash");
        match std::env::var(LINE).ok().filter(|_| bash) {
            Some(line) => words = super::bash::split(&line),
            None => {
                let index = std::env::var("_CLAP_COMPLETE_INDEX")
                    .ok()
                    .and_then(|i| i.parse::<usize>().ok());
                if let Some(i) = index {
                    words.truncate(i + 1);
                }
            }
        }
        words.pop();
        Typed {
            before: words,
            repo: OnceLock::new(),
        }
    }

    /// `-C DIR` as typed (relative to the working folder, as the program takes it).
    pub fn dir(&self) -> Option<PathBuf> {
        let args: Vec<OsString> = self.before.iter().map(OsString::from).collect();
        crate::output::help::prescan(&args).dir
    }

    /// The repository at or above `-C DIR` or the working folder, if one opens.
    pub fn repo(&self) -> Option<&Repo> {
        self.repo
            .get_or_init(|| {
                let start = self.dir().or_else(|| std::env::current_dir().ok())?;
                Repo::open(&start).ok()
            })
            .as_ref()
    }

    /// The language of help texts: `--lang`, `ITC_LANG`, the repository's, Chinese.
    pub fn lang(&self) -> Lang {
        let args: Vec<OsString> = self.before.iter().map(OsString::from).collect();
        let flag = crate::output::help::prescan(&args).lang;
        Lang::resolve_with(flag, || self.repo().and_then(|r| r.config.lang))
    }

    /// The value typed for an argument of the subcommand (by its id: `kind`, `id`, `to`), as
    /// far as the words parse.
    pub fn arg(&self, name: &str) -> Option<String> {
        let matches = crate::cli::command(Lang::En)
            .ignore_errors(true)
            .try_get_matches_from(&self.before)
            .ok()?;
        let (_, sub) = matches.subcommand()?;
        sub.try_get_one::<String>(name).ok().flatten().cloned()
    }

    /// The subcommand typed.
    pub fn subcommand(&self) -> Option<String> {
        let matches = crate::cli::command(Lang::En)
            .ignore_errors(true)
            .try_get_matches_from(&self.before)
            .ok()?;
        matches.subcommand_name().map(str::to_string)
    }

    /// The kind the command line names: `new KIND`, `list KIND`, or the kind of the record `ID`.
    pub fn kind<'r>(&self, rules: &'r Rules) -> Option<&'r Kind> {
        if let Some(kind) = self.arg("kind") {
            return rules.kind(&kind);
        }
        let id = self.arg("id")?;
        let (_, index) = crate::workflow::find(self.repo()?, &id).ok()?;
        rules.kinds.get(index)
    }

    /// The current stage of the record `ID` typed, as its file says.
    pub fn stage(&self) -> Option<String> {
        let repo = self.repo()?;
        let (path, _) = crate::workflow::find(repo, &self.arg("id")?).ok()?;
        let text = repo.record_text(&path).ok()?;
        let format = crate::record::Format::from_path(&path)?;
        let check = crate::diag::Check::Syntax;
        let rec = crate::record::parse(&text, format, "", check, &mut Vec::new())?;
        rec.get("stage")?.as_str().map(str::to_string)
    }
}
