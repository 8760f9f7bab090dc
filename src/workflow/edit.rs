//! `edit`: a record edited in an editor, through a copy beside it.

use std::path::{Path, PathBuf};

use super::{Lock, Opened, Wait, added, errors_of, open, read, refusal};
use crate::diag::Diag;
use crate::leftovers;
use crate::output::catalog::commands::{self, EDITED_UNPARSED};
use crate::record::{self, Format};
use crate::repo::{Repo, write_record};
use crate::{Error, Lang};

/// `itc edit`: a record being edited in an editor, through a copy. The record itself is only
/// written when the edited copy adds no errors, and only if nobody changed it meanwhile.
pub struct EditSession {
    pub id: String,
    pub path: PathBuf,
    kind: usize,
    /// The record's text when the copy was made.
    original: String,
    /// The copy the editor opens, kept when the edit is not written.
    pub copy: PathBuf,
}

/// What an edited copy holds.
pub enum Edited {
    /// The same text as the record.
    Unchanged,
    /// Errors the record did not have (each naming the copy, where they are).
    Invalid(Vec<Diag>),
    /// A text that may be written.
    Valid(String),
}

/// Makes the copy of a record to edit, beside the record and named as a leftover
/// (`.INC-2026-0001-x7k.HOST-PID-0.edit.toml`, ending in the record's extension so that editors
/// know its format), never over an existing file. Kept in the repository, a copy that its
/// `itc edit` never removed (killed, or ended with an edit it could not write) is found and
/// reported by `check` (`leftovers`), never lost in a temporary folder.
pub fn edit_begin(repo: &Repo, id: &str) -> Result<EditSession, Error> {
    use std::io::Write;
    let Opened {
        id,
        path,
        kind,
        text,
        ..
    } = open(repo, id)?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("toml");
    let stem = path
        .file_stem()
        .map_or_else(|| id.clone(), |s| s.to_string_lossy().into_owned());
    let dir = path
        .parent()
        .map_or_else(|| repo.root.clone(), Path::to_path_buf);
    for n in 0..100u32 {
        let copy = dir.join(leftovers::edit_name(&stem, ext, n));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // Records may hold what others should not read: the copy is the user's alone.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&copy) {
            Ok(mut f) => {
                f.write_all(text.as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(|e| Error::Io(copy.clone(), e))?;
                return Ok(EditSession {
                    id,
                    path,
                    kind,
                    original: text,
                    copy,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::Io(copy, e)),
        }
    }
    Err(Error::usage(
        commands::edit_no_copy(Lang::Zh, &dir),
        commands::edit_no_copy(Lang::En, &dir),
    ))
}

/// Reads the edited copy and checks it as the record would be checked: the errors it adds to
/// those the record already had.
pub fn edit_check(repo: &Repo, session: &EditSession) -> Result<Edited, Error> {
    let text = edit_read(session)?;
    edit_check_text(repo, session, text)
}

/// The copy as the editor left it, read as a file of its folder (a regular file, never a
/// device or a link out of it, within the size limit).
pub fn edit_read(session: &EditSession) -> Result<String, Error> {
    let folder = session
        .copy
        .parent()
        .and_then(|d| d.canonicalize().ok())
        .unwrap_or_default();
    read(&folder, &session.copy)
}

/// Puts `text` in the copy (atomically, its permissions kept), for the editor to open again.
pub fn edit_rewrite(session: &EditSession, text: &str) -> Result<(), Error> {
    crate::repo::write_atomic(&session.copy, text.as_bytes())
}

/// What an edited text holds, as `edit_check` says of the copy.
pub fn edit_check_text(repo: &Repo, session: &EditSession, text: String) -> Result<Edited, Error> {
    if text == session.original {
        return Ok(Edited::Unchanged);
    }
    let before = errors_of(repo, &session.original, &session.path, session.kind);
    let mut new_errors = added(&before, errors_of(repo, &text, &session.path, session.kind));
    if new_errors.is_empty() {
        return Ok(Edited::Valid(text));
    }
    // The lines are those of the copy: say so.
    let copy = session.copy.display().to_string();
    for d in &mut new_errors {
        d.file.clone_from(&copy);
    }
    Ok(Edited::Invalid(new_errors))
}

/// Writes the edited text over the record, under the lock, proven like every write — unless the
/// record changed since the copy was made (then nothing is written, and the copy is kept). An
/// error that does not say where the copy is (the lock, a refused write) is given it
/// (`Error::CopyKept`).
pub fn edit_commit(
    repo: &Repo,
    session: &EditSession,
    text: &str,
    wait: &Wait,
) -> Result<(), Error> {
    write_back(repo, session, text, wait).map_err(|e| match e {
        Error::Usage { .. }
        | Error::Refused(_)
        | Error::LockTimeout { .. }
        | Error::WriteProof { .. } => Error::CopyKept {
            error: Box::new(e),
            copy: session.copy.clone(),
        },
        other => other,
    })
}

fn write_back(repo: &Repo, session: &EditSession, text: &str, wait: &Wait) -> Result<(), Error> {
    let _lock = Lock::take(&repo.root, wait)?;
    let now = read(&repo.root, &session.path)?;
    if now != session.original {
        return Err(Error::Invalid {
            zh: commands::edit_changed_meanwhile(Lang::Zh, &session.id, &session.copy),
            en: commands::edit_changed_meanwhile(Lang::En, &session.id, &session.copy),
        });
    }
    let format = Format::from_path(&session.path).unwrap_or(Format::Toml);
    let mut diags = Vec::new();
    let intended = record::parse(text, format, "", crate::diag::Check::Syntax, &mut diags)
        .ok_or_else(|| refusal(&diags, (EDITED_UNPARSED.zh, EDITED_UNPARSED.en)))?;
    if let Some(dir) = session.path.parent() {
        leftovers::sweep(dir);
    }
    write_record(&repo.root, &session.path, text, format, &intended)?;
    let _ = std::fs::remove_file(&session.copy);
    Ok(())
}
