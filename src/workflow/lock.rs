//! The repository lock (`.itc.lock`) that every write holds, and how long a writer waits for it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::leftovers::{self, LOCK_FILE};
use crate::output::catalog::errors;
use crate::{Error, Lang};

/// Holds `.itc.lock` in the repository root exclusively while it lives, so that two `itc new`
/// never allocate the same id and two edits of one record never lose one another's change. The
/// file names its holder (`PID HOST`), for those who wait, and is removed on release; a waiter
/// that locked a file since removed tries again with the new one. A lock file left by a killed
/// process holds no lock (the system releases it): the next writer takes it over and removes it.
pub struct Lock {
    file: std::fs::File,
    path: PathBuf,
}

/// How long a writer waits for the repository lock (`--lock-timeout`), and the language it
/// says so in.
#[derive(Clone, Copy, Debug)]
pub struct Wait {
    pub timeout: Duration,
    pub lang: Lang,
}

impl Default for Wait {
    fn default() -> Wait {
        Wait {
            timeout: Duration::from_secs(30),
            lang: Lang::Zh,
        }
    }
}

/// Whether the open `file` is the regular file now at `path` (not a link, not replaced).
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    let (Ok(open), Ok(now)) = (file.metadata(), std::fs::symlink_metadata(path)) else {
        return false;
    };
    if !now.file_type().is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        open.dev() == now.dev() && open.ino() == now.ino()
    }
    #[cfg(not(unix))]
    {
        open.is_file()
    }
}

fn lock_is_link(path: &Path) -> Error {
    Error::usage(
        errors::lock_not_a_file(Lang::Zh, path),
        errors::lock_not_a_file(Lang::En, path),
    )
}

/// Opens the lock file, creating it, never through a link: `None` when it vanished meanwhile.
fn open_lock(path: &Path) -> Result<Option<std::fs::File>, Error> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true);
    match options.clone().create_new(true).open(path) {
        Ok(f) => return Ok(Some(f)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Error::Io(path.to_path_buf(), e)),
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => return Err(lock_is_link(path)),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::Io(path.to_path_buf(), e)),
    }
    match options.open(path) {
        Ok(f) => Ok(Some(f)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Io(path.to_path_buf(), e)),
    }
}

/// Who holds the lock (pid, host), when the file says.
fn holder(path: &Path) -> Option<(u32, String)> {
    std::fs::read_to_string(path)
        .ok()
        .as_deref()
        .and_then(leftovers::lock_owner)
}

impl Lock {
    /// Takes the repository lock, waiting up to `wait.timeout`; after a second of waiting, says
    /// who holds it.
    pub fn take(root: &Path, wait: &Wait) -> Result<Lock, Error> {
        use std::io::Write;
        let (timeout, lang) = (wait.timeout, wait.lang);
        let path = root.join(LOCK_FILE);
        let started = Instant::now();
        let mut told = false;
        loop {
            if let Some(file) = open_lock(&path)? {
                match file.try_lock() {
                    Ok(()) if same_file(&file, &path) => {
                        let named = file
                            .set_len(0)
                            .and_then(|()| (&file).write_all(leftovers::lock_text().as_bytes()));
                        named.map_err(|e| Error::Io(path.clone(), e))?;
                        return Ok(Lock { file, path });
                    }
                    // Locked a file its holder has just removed: take the new one.
                    Ok(()) => continue,
                    Err(std::fs::TryLockError::WouldBlock) => {}
                    Err(std::fs::TryLockError::Error(e)) => return Err(Error::Io(path, e)),
                }
            }
            let waited = started.elapsed();
            if waited >= timeout {
                return Err(Error::LockTimeout {
                    holder: holder(&path),
                    path,
                    waited: timeout.as_secs(),
                });
            }
            if !told && waited >= Duration::from_secs(1) {
                told = true;
                crate::print_err(&errors::lock_waiting(
                    lang,
                    &path,
                    holder(&path).as_ref(),
                    timeout.as_secs(),
                ));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so that no one can lock it after it is gone from the folder.
        if same_file(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}
