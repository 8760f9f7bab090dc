//! Reading the files of a repository safely: from the disk (a regular file inside the root, never
//! a device, a FIFO or a link out of it, and no more than the size limit) or from git's objects at
//! a revision (`Source`), and parsing a record file from its bytes. What cannot be read is a
//! `ReadError`, which becomes a finding or a fatal error.

use std::path::Path;

use crate::diag::{Check, Code, Diag, NotRegular, Phrase};
use crate::record::value::Span;
use crate::record::{self, Format, Record};
use crate::snapshot::GitUnread;
use crate::{Error, Refusal};

/// Where a repository's files come from. Everything above the loader (checks, lists, KPIs,
/// export) is the same for both.
pub enum Source {
    /// The files on disk under the root.
    Disk,
    /// The files of a git revision (`--at REV`); the root is where they would be checked out.
    Git(Box<crate::snapshot::Snapshot>),
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file inside the root: a link out of it, a device, a FIFO, a socket or a
    /// folder. It is never opened (or, if it changed after the check, never read).
    NotRegular(NotRegular),
    /// Larger than the limit: its size, or the bytes seen before reading stopped.
    TooLarge(u64),
    Io(std::io::Error),
}

impl ReadError {
    /// The finding for a record or config file that could not be read.
    pub fn diag(&self, rel: &str, check: Check) -> Diag {
        match self {
            ReadError::NotRegular(what) => Diag::within(Code::E0109, check, rel, Span::START)
                .arg("what", Phrase::NotRegular(what.clone())),
            ReadError::TooLarge(size) => Diag::within(Code::E0105, check, rel, Span::START)
                .arg("size", size.to_string())
                .arg("limit", record::MAX_FILE_BYTES.to_string()),
            ReadError::Io(e) => {
                let message = match e.get_ref().and_then(|e| e.downcast_ref::<GitUnread>()) {
                    Some(GitUnread(why)) => Phrase::GitLoss(why.clone()).into(),
                    None => crate::diag::Arg::from(e.to_string()),
                };
                Diag::within(Code::E0107, check, rel, Span::START).arg("message", message)
            }
        }
    }

    /// The same as a fatal error, for commands that read one file and stop when they cannot.
    pub fn into_error(self, path: &Path) -> Error {
        let e = match self {
            ReadError::Io(e) => match e.get_ref().and_then(|e| e.downcast_ref::<GitUnread>()) {
                Some(GitUnread(why)) => {
                    return Error::Refused(Refusal::GitLost(path.to_path_buf(), why.clone()));
                }
                None => e,
            },
            ReadError::NotRegular(what) => {
                return Error::Refused(Refusal::NotRegular(path.to_path_buf(), what));
            }
            ReadError::TooLarge(size) => std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "{size} bytes, more than a record may hold ({})",
                    record::MAX_FILE_BYTES
                ),
            ),
        };
        Error::Io(path.to_path_buf(), e)
    }
}

/// A link out of the root, named by its target as written (what the user wrote, and the same on
/// every machine), else by the real path.
pub(super) fn outside(link: &Path, real: &Path) -> NotRegular {
    let target = std::fs::read_link(link).unwrap_or_else(|_| real.to_path_buf());
    NotRegular::LinkOutside(target.display().to_string())
}

/// What a non-regular file is.
fn describe(ft: std::fs::FileType) -> NotRegular {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return NotRegular::NamedPipe;
        }
        if ft.is_char_device() || ft.is_block_device() {
            return NotRegular::Device;
        }
        if ft.is_socket() {
            return NotRegular::Socket;
        }
    }
    if ft.is_dir() {
        return NotRegular::Folder;
    }
    NotRegular::Special
}

/// Reads a file of the repository whose root is `root` (canonical), refusing what is not a
/// regular file inside it, and reading at most `limit + 1` bytes. A link is followed only when
/// its real path lies inside the root; devices, FIFOs and sockets are never opened, and the file
/// is opened without blocking and checked again once open, so one swapped in after the check
/// cannot hang the read.
pub fn read_inside(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::symlink_metadata(path).map_err(ReadError::Io)?;
    let (target, meta) = if meta.file_type().is_symlink() {
        let real = match path.canonicalize() {
            Ok(real) => real,
            // Resolvable only by the kernel's magic links (`/dev/stdin` on a pipe): not a path
            // in the repository.
            Err(_) if std::fs::metadata(path).is_ok() => {
                return Err(ReadError::NotRegular(outside(path, path)));
            }
            Err(e) => return Err(ReadError::Io(e)),
        };
        if !real.starts_with(root) {
            return Err(ReadError::NotRegular(outside(path, &real)));
        }
        let meta = std::fs::metadata(&real).map_err(ReadError::Io)?;
        (real, meta)
    } else {
        // Not a link: what `symlink_metadata` saw is the file itself.
        (path.to_path_buf(), meta)
    };
    if !meta.is_file() {
        return Err(ReadError::NotRegular(describe(meta.file_type())));
    }
    open_regular(&target, limit)
}

/// Reads a file that was seen to be a regular file at `path`: opened without blocking, without
/// following a link swapped in since, and checked again once open.
pub(super) fn open_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never block on open (a FIFO swapped in), never take a terminal, never follow a link
        // swapped in for the checked path.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(describe(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    // The size can change after the check (or lie, as in /proc): the limit holds while reading.
    // A file is read as the size it had when opened, as git reads what it adds: the reader
    // stops at that size without a second read call to learn that nothing follows. A file that
    // says it is empty (as those of /proc do) is read to its end, up to the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let want = if meta.len() == 0 {
        limit.saturating_add(1)
    } else {
        meta.len()
    };
    file.take(want)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The text of a file of the repository, for showing source lines beside findings: read as
/// records are (never a device, a FIFO or a file outside the root), lossily decoded.
pub fn read_source(root: &Path, rel: &str) -> Option<String> {
    let root = root.canonicalize().ok()?;
    read_inside(&root, &root.join(rel), record::MAX_FILE_BYTES)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

impl Source {
    /// Whether `rel` (relative to the root) is a file, following links as `is_file` does.
    pub(super) fn is_file(&self, root: &Path, rel: &str) -> bool {
        match self {
            Source::Disk => root.join(rel).is_file(),
            Source::Git(s) => s.is_file(rel),
        }
    }

    /// The bytes of the file `rel` (at `path` on disk), read as records are read.
    pub(super) fn read(&self, root: &Path, rel: &str, path: &Path) -> Result<Vec<u8>, ReadError> {
        match self {
            Source::Disk => read_inside(root, path, record::MAX_FILE_BYTES),
            Source::Git(s) => s.read(rel).map_err(ReadError::from),
        }
    }

    /// The bytes of a record file: from git, all record files are read at once.
    pub(super) fn read_record(
        &self,
        root: &Path,
        rel: &str,
        path: &Path,
    ) -> Result<Vec<u8>, ReadError> {
        match self {
            Source::Disk => read_inside(root, path, record::MAX_FILE_BYTES),
            Source::Git(s) => {
                // A file the work tree holds as the revision does is read from the disk, as
                // fast as a check of the working tree; git is asked for the others.
                if let Some(size) = s.on_disk(rel)
                    && let Ok(bytes) = read_inside(root, path, record::MAX_FILE_BYTES)
                    && bytes.len() as u64 == size
                {
                    return Ok(bytes);
                }
                s.record(rel).map_err(ReadError::from)
            }
        }
    }
}

impl From<crate::snapshot::Unread> for ReadError {
    fn from(u: crate::snapshot::Unread) -> ReadError {
        use crate::snapshot::Unread;
        match u {
            Unread::TooLarge(size) => ReadError::TooLarge(size),
            // The kernel's words for a dangling link, as the disk loader reports it.
            Unread::Missing => ReadError::Io(std::io::Error::from_raw_os_error(2)),
            Unread::Git(why) => ReadError::Io(std::io::Error::other(GitUnread(why))),
            other => match other.not_regular() {
                Some(what) => ReadError::NotRegular(what),
                None => ReadError::Io(std::io::Error::other("unreadable")),
            },
        }
    }
}

/// Parses one record file from its bytes and its path (`path` where it lies or would lie on
/// disk, `rel` relative to the root, `/`-separated): the same for the disk and for git. What the
/// bytes say is findings.
pub fn parse_record(
    path: &Path,
    rel: &str,
    kind: usize,
    bytes: &[u8],
) -> (Option<Record>, Vec<Diag>) {
    let mut diags = Vec::new();
    let format = Format::from_path(path).unwrap_or(Format::Toml);
    let Some(text) = record::decode(bytes, rel, &mut diags) else {
        return (None, diags);
    };
    let root_table = record::parse(text, format, rel, Check::Syntax, &mut diags);
    crate::diag::cap(&mut diags);
    let record = root_table.map(|root| Record {
        path: path.to_path_buf(),
        rel: rel.to_string(),
        kind,
        format,
        root,
    });
    (record, diags)
}
