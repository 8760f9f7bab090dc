//! Writing: records atomically and proven first (STYLE habit 15), never through a symbolic link;
//! output files the user named (`-o`) as a shell's `>` would, without replacing a device.

use std::path::{Path, PathBuf};

use crate::record::Format;
use crate::{Error, Refusal};

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, then rename
/// over the target (whose permissions are kept). On any failure the old file is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut file = Atomic::create(path)?;
    file.write(bytes)?;
    file.finish(false)
}

/// A file being written atomically (`write_atomic`), a piece at a time: the temporary file
/// beside the target takes the pieces, and only `finish` puts it in the target's place. Dropped
/// before that (an error on the way), it removes its temporary file: the target is untouched
/// and nothing is left.
struct Atomic {
    path: PathBuf,
    dir: PathBuf,
    /// The temporary file, until it is renamed or removed.
    tmp: Option<(PathBuf, std::io::BufWriter<std::fs::File>)>,
}

impl Atomic {
    fn create(path: &Path) -> Result<Atomic, Error> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map_or_else(|| "itc".into(), |n| n.to_string_lossy().into_owned());
        let mut attempt = 0u32;
        loop {
            let tmp = dir.join(crate::leftovers::tmp_name(&name, attempt));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
            {
                Ok(f) => {
                    return Ok(Atomic {
                        path: path.to_path_buf(),
                        dir: dir.to_path_buf(),
                        tmp: Some((tmp, std::io::BufWriter::with_capacity(1 << 16, f))),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1
                }
                Err(e) => return Err(Error::Io(path.to_path_buf(), e)),
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        use std::io::Write;
        let Some((_, file)) = &mut self.tmp else {
            return Ok(());
        };
        file.write_all(bytes)
            .map_err(|e| Error::Io(self.path.clone(), e))
    }

    /// Puts the file in the target's place: permissions kept, fsync, rename, the folder synced.
    /// With `in_place`, a target that may not be replaced (its folder refuses the rename) but is
    /// a regular file is written over in place, as `write_output` does.
    fn finish(mut self, in_place: bool) -> Result<(), Error> {
        let Some((tmp, file)) = self.tmp.take() else {
            return Ok(());
        };
        let result = (|| {
            let file = file
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            if let Ok(meta) = std::fs::metadata(&self.path) {
                file.set_permissions(meta.permissions())?;
            }
            file.sync_all()?;
            drop(file);
            match std::fs::rename(&tmp, &self.path) {
                Err(e)
                    if in_place
                        && e.kind() == std::io::ErrorKind::PermissionDenied
                        && std::fs::metadata(&self.path).is_ok_and(|m| m.is_file()) =>
                {
                    let mut to = open_straight(&self.path)?;
                    std::io::copy(&mut std::fs::File::open(&tmp)?, &mut to)?;
                    std::io::Write::flush(&mut to)?;
                    return std::fs::remove_file(&tmp);
                }
                other => other?,
            }
            if let Ok(d) = std::fs::File::open(&self.dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(|e| Error::Io(self.path.clone(), e))
    }
}

impl Drop for Atomic {
    fn drop(&mut self) {
        if let Some((tmp, file)) = self.tmp.take() {
            drop(file);
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Writes an output file the user named: `report -o`, `export -o`, the pages of `man DIR`, the
/// schemas of `schema --out`. A regular file or a missing path is replaced atomically, as a
/// record is (a link to one is followed, so the link stays and the file it leads to is
/// replaced); anything else a path can name (a character device such as `/dev/null`, a FIFO, a
/// terminal, `/dev/stdout`) is opened and written to, as a shell's `>` would, and never
/// replaced. A folder is refused. A regular file whose folder may not be written is written in
/// place. Records are written with `write_atomic` alone.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut file = OutputFile::create(path)?;
    file.write(bytes)?;
    file.finish()
}

/// An output file the user named (see `write_output`), written a piece at a time, so that
/// what is written need never be held whole. Replaced atomically, the target changes only at
/// `finish`: an error before that (the value is dropped) leaves no file and no temporary.
/// Written in place (a device, a FIFO, a file whose folder may not be written), the pieces go
/// where they go, as a shell's `>` sends them.
pub struct OutputFile {
    path: PathBuf,
    to: OutputTo,
}

enum OutputTo {
    Atomic(Atomic),
    Straight(std::io::BufWriter<std::fs::File>),
}

impl OutputFile {
    pub fn create(path: &Path) -> Result<OutputFile, Error> {
        let to = match output_target(path)? {
            OutputTarget::Replace(real) => match Atomic::create(&real) {
                Err(Error::Io(_, e))
                    if e.kind() == std::io::ErrorKind::PermissionDenied
                        && std::fs::metadata(&real).is_ok_and(|m| m.is_file()) =>
                {
                    OutputTo::Straight(open_straight(&real).map_err(|e| Error::Io(real, e))?)
                }
                other => OutputTo::Atomic(other?),
            },
            OutputTarget::Straight => OutputTo::Straight(
                open_straight(path).map_err(|e| Error::Io(path.to_path_buf(), e))?,
            ),
        };
        Ok(OutputFile {
            path: path.to_path_buf(),
            to,
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        use std::io::Write;
        match &mut self.to {
            OutputTo::Atomic(a) => a.write(bytes),
            OutputTo::Straight(f) => f
                .write_all(bytes)
                .map_err(|e| Error::Io(self.path.clone(), e)),
        }
    }

    pub fn finish(self) -> Result<(), Error> {
        use std::io::Write;
        match self.to {
            OutputTo::Atomic(a) => a.finish(true),
            OutputTo::Straight(mut f) => f.flush().map_err(|e| Error::Io(self.path, e)),
        }
    }
}

/// Opens what `path` names as it stands, as a shell's `>` does: a device, a FIFO (once a
/// reader has opened it), a terminal, or a regular file that cannot be replaced.
fn open_straight(path: &Path) -> std::io::Result<std::io::BufWriter<std::fs::File>> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).truncate(true);
    // A terminal opened here never becomes the process's controlling terminal.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOCTTY);
    options
        .open(path)
        .map(|f| std::io::BufWriter::with_capacity(1 << 16, f))
}

/// Refuses, before anything is written, an output path that `write_output` would refuse.
pub fn check_output(path: &Path) -> Result<(), Error> {
    output_target(path).map(drop)
}

/// How `write_output` writes to a path.
enum OutputTarget {
    /// A temporary file beside this path, renamed over it.
    Replace(PathBuf),
    /// Opened and written to as it is.
    Straight,
}

fn output_target(path: &Path) -> Result<OutputTarget, Error> {
    let io = |e| Error::Io(path.to_path_buf(), e);
    let link = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type().is_symlink(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(OutputTarget::Replace(path.to_path_buf()));
        }
        Err(e) => return Err(io(e)),
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => Some(meta),
        // A link to nothing yet: the file it names is made.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && link => None,
        Err(e) => return Err(io(e)),
    };
    if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
        return Err(Error::Refused(Refusal::OutputIsFolder(path.to_path_buf())));
    }
    if meta.as_ref().is_some_and(|m| !m.is_file()) {
        return Ok(OutputTarget::Straight);
    }
    if !link {
        return Ok(OutputTarget::Replace(path.to_path_buf()));
    }
    // A link: the file at its end is replaced, unless the link names an open descriptor
    // (`/dev/stdout`, `/dev/fd/1`), which is written to as it stands.
    match link_end(path) {
        Some(end) => Ok(OutputTarget::Replace(end)),
        None => Ok(OutputTarget::Straight),
    }
}

/// The path a chain of symbolic links leads to (the last one may name nothing yet), or `None`
/// when the chain passes through the descriptors of `/proc` or `/dev/fd`, whose link text is
/// no path to write to, or is too long.
fn link_end(path: &Path) -> Option<PathBuf> {
    let descriptor = |p: &Path| p.starts_with("/proc") || p.starts_with("/dev/fd");
    let mut at = path.to_path_buf();
    // As many links as the kernel follows (`MAXSYMLINKS`).
    for _ in 0..40 {
        if descriptor(&at) {
            return None;
        }
        match std::fs::read_link(&at) {
            Ok(target) => {
                let dir = at.parent().unwrap_or(Path::new(""));
                at = dir.join(target);
            }
            Err(_) => return Some(at),
        }
    }
    None
}

/// Refuses a write at `path` that would go through a symbolic link: every folder from `root`
/// down, and the file itself, must be what it seems (a link could lead the write outside the
/// repository, where `check` never looks).
pub fn refuse_links(root: &Path, path: &Path) -> Result<(), Error> {
    let Ok(rel) = path.strip_prefix(root) else {
        return Err(Error::Refused(Refusal::OutsideNoWrite {
            path: path.to_path_buf(),
            root: root.to_path_buf(),
        }));
    };
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(Error::Refused(Refusal::SymbolicLink(at)));
            }
            Ok(_) => {}
            // What does not exist yet is created as a real folder or file.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => return Err(Error::Io(at, e)),
        }
    }
    Ok(())
}

/// Writes a record's new text, proven first (STYLE habit 15): the bytes are read back as the
/// record reader reads them and every value compared with `intended`. A text that does not hold
/// exactly the intended values — a value the writer could not express — is not written, and
/// the message says which field and how it differs. No link is followed on the way.
pub fn write_record(
    root: &Path,
    path: &Path,
    text: &str,
    format: Format,
    intended: &crate::record::value::Table,
) -> Result<(), Error> {
    refuse_links(root, path)?;
    prove_text(path, text, format, intended)?;
    write_atomic(path, text.as_bytes())
}

/// The proof of a write as an error to show: which field, meant as what, read back as what.
pub fn prove_text(
    path: &Path,
    text: &str,
    format: Format,
    intended: &crate::record::value::Table,
) -> Result<(), Error> {
    crate::record::edit::prove(text, format, intended).map_err(|m| Error::WriteProof {
        path: path.to_path_buf(),
        field: m.path,
        want: m.want,
        got: m.got,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_keep_permissions_and_leave_no_trace_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("INC-1.toml");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
            write_atomic(&path, b"new").unwrap();
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        // Renaming over a non-empty folder fails: the folder is untouched, no temporary remains.
        let target = dir.path().join("busy");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "x").unwrap();
        assert!(write_atomic(&target, b"data").is_err());
        assert_eq!(std::fs::read_to_string(target.join("keep")).unwrap(), "x");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_output_file_is_written_in_pieces_and_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.ndjson");
        let mut file = OutputFile::create(&path).unwrap();
        for i in 0..1000 {
            file.write(format!("{i}\n").as_bytes()).unwrap();
        }
        // Not yet in place: only the temporary file is there.
        assert!(!path.exists());
        file.finish().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 1000);
        assert_eq!(names(dir.path()), ["out.ndjson"]);

        // An error on the way (the file dropped unfinished) leaves the old file as it was and
        // no temporary; a new path is not made at all.
        let mut file = OutputFile::create(&path).unwrap();
        file.write(&vec![b'x'; 1 << 20]).unwrap();
        drop(file);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        let fresh = dir.path().join("new.ndjson");
        let mut file = OutputFile::create(&fresh).unwrap();
        file.write(b"partial").unwrap();
        drop(file);
        assert_eq!(names(dir.path()), ["out.ndjson"]);
    }

    #[test]
    fn an_output_file_in_a_folder_that_cannot_hold_it_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("file"), "x").unwrap();
        assert!(OutputFile::create(&dir.path().join("file/out.ndjson")).is_err());
        assert!(OutputFile::create(&dir.path().join("missing/out.ndjson")).is_err());
        assert_eq!(names(dir.path()), ["file"]);
    }
}
