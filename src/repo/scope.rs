//! The files or folders a command was given (`check PATH…`, `fmt PATH…`), as paths relative to
//! the repository root.

use std::path::{Path, PathBuf};

use super::relative;
use crate::{Error, Refusal};

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
                return Err(Error::Refused(Refusal::Outside {
                    path: p.clone(),
                    root: root.to_path_buf(),
                }));
            }
            prefixes.push(relative(root, &abs));
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
