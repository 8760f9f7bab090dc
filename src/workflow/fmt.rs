//! `fmt`: records rewritten in the canonical layout, or (`check`) those that are not in it.

use std::path::{Path, PathBuf};

use super::{Lock, Wait};
use crate::entry::format::{FormatError, format_tree};
use crate::output::catalog::{commands, errors};
use crate::record::{Format, MAX_FILE_BYTES};
use crate::repo::{ReadError, Repo, Scope, prove_text, read_inside, write_record};
use crate::{Error, Label, Lang};

/// Why a file was left as it is.
pub enum Skip {
    /// It cannot be read (or is not a regular file inside the root): why, in both languages.
    Unreadable(Label),
    TooLarge(u64),
    /// It does not parse (nor is it UTF-8): `itc check` says why.
    Parse,
    /// A comment on this line has no place in the canonical layout.
    Comment(u32),
    /// The formatted text would not hold the same values, or could not be written.
    Unwritten(Error),
}

impl Skip {
    /// Why, in words.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            Skip::Unreadable(why) => commands::fmt_unreadable(lang, why.get(lang)),
            Skip::TooLarge(size) => commands::fmt_too_large(lang, *size, MAX_FILE_BYTES),
            Skip::Parse => commands::FMT_PARSE.get(lang).to_string(),
            Skip::Comment(line) => commands::fmt_comment(lang, *line),
            Skip::Unwritten(Error::Io(path, e)) => errors::cannot_write(lang, path, e),
            Skip::Unwritten(e) => errors::message(e, lang),
        }
    }

    /// Whether, with `--check`, the file fails the check: it is not known to be formatted (a
    /// comment that would be lost is the one exception).
    pub fn fails_check(&self) -> bool {
        !matches!(self, Skip::Comment(_))
    }
}

/// What `fmt` did: the files it rewrote (or, checking, found not formatted), and those it
/// left as they are, with why; paths relative to the root.
pub struct Formatted {
    pub changed: Vec<String>,
    pub left_alone: Vec<(String, Skip)>,
}

/// A record's text, read as every command reads records (`repo::read_inside`): only a regular
/// file inside the root (never a device, a FIFO or a link out of the root, which could hang or
/// read what is not the repository's), and no further than the size limit.
fn read(root: &Path, path: &Path) -> Result<String, Skip> {
    let bytes = read_inside(root, path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::TooLarge(size) => Skip::TooLarge(size),
        ReadError::NotRegular(what) => Skip::Unreadable(Label {
            zh: crate::output::catalog::args::not_regular(&what, Lang::Zh),
            en: crate::output::catalog::args::not_regular(&what, Lang::En),
        }),
        ReadError::Io(e) => Skip::Unreadable(Label {
            zh: e.to_string(),
            en: e.to_string(),
        }),
    })?;
    String::from_utf8(bytes).map_err(|_| Skip::Parse)
}

/// Rewrites the records in `scope` in the canonical layout, under the lock so that no
/// concurrent `set` or `advance` is lost; with `check`, changes nothing and proves each
/// formatted text instead.
pub fn fmt(repo: &Repo, scope: &Scope, check: bool, wait: &Wait) -> Result<Formatted, Error> {
    let _lock = match check {
        true => None,
        false => Some(Lock::take(&repo.root, wait)?),
    };
    let (mut changed, mut left_alone) = (Vec::new(), Vec::new());
    let mut swept: Vec<PathBuf> = Vec::new();
    for file in &repo.files {
        let (path, kind, rel) = (&file.path, &file.kind, file.rel.clone());
        if !scope.holds(&rel) {
            continue;
        }
        let text = match read(&repo.root, path) {
            Ok(t) => t,
            Err(skip) => {
                left_alone.push((rel, skip));
                continue;
            }
        };
        let fmt = Format::from_path(path).unwrap_or(Format::Toml);
        let kind = &repo.rules.kinds[*kind];
        match format_tree(&text, fmt, &repo.rules, kind, repo.config.tz) {
            Ok((out, _)) if out == text => {}
            Ok((out, intended)) => {
                let done = if check {
                    prove_text(path, &out, fmt, &intended)
                } else {
                    if let Some(dir) = path.parent().filter(|d| !swept.iter().any(|s| s == d)) {
                        crate::leftovers::sweep(dir);
                        swept.push(dir.to_path_buf());
                    }
                    write_record(&repo.root, path, &out, fmt, &intended)
                };
                match done {
                    Ok(()) => changed.push(rel),
                    Err(
                        e @ (Error::Usage { .. }
                        | Error::Refused(_)
                        | Error::Invalid { .. }
                        | Error::WriteProof { .. }
                        | Error::Io(..)),
                    ) => left_alone.push((rel, Skip::Unwritten(e))),
                    Err(e) => return Err(e),
                }
            }
            Err(FormatError::Parse) => left_alone.push((rel, Skip::Parse)),
            Err(FormatError::Comment(line)) => left_alone.push((rel, Skip::Comment(line))),
        }
    }
    Ok(Formatted {
        changed,
        left_alone,
    })
}
