//! The walk of the kind folders: the record files in the order of a walk that sorts each folder
//! by name, the temporary copies interrupted writes left, and findings about entries that cannot
//! be records.

use std::path::{Path, PathBuf};

use super::read::{ReadError, outside};
use super::{RecordFile, par_map, relative};
use crate::diag::{Check, Code, Diag};
use crate::record::value::Span;
use crate::record::{self, Format};
use crate::rules::Rules;

/// The record files under the kind folders, in the order of a walk that sorts each folder by
/// name. Hidden folders and `target` are never entered. A symbolic link to a file is listed (and
/// read only if its real path lies inside the root); a link to a folder is not followed (so no
/// link loop can hang or repeat the walk) and is reported. A kind folder that is a link out of
/// the root is reported and not walked.
///
/// A file that looks like a record but is not read as one is a warning (W0205) naming it: one
/// with another extension after a record extension (`INC-1.toml.bak`, `INC-1.yaml~`), a hidden
/// one with a record extension that no write left (`.INC-1.toml`), and, inside a hidden or
/// skipped folder (entered for this only, `.git` never), one with a record extension or the
/// kind's prefix. Other files (attachments: `README.md`, `.pdf`) stay silent.
///
/// Each kind folder's entries are listed first; its subfolders are then walked in parallel and
/// their findings put back in their places, so the order is that of one walk.
pub(super) fn walk(root: &Path, rules: &Rules, diags: &mut Vec<Diag>) -> Walked {
    let mut walked = Walked::default();
    // Subfolders to walk: the folder, its kind, and whether it is a skipped one.
    let mut subtrees: Vec<(PathBuf, usize, bool)> = Vec::new();
    // The kind folders' own entries, and where each subfolder's findings go among them.
    let mut order: Vec<Result<Walked, usize>> = Vec::new();
    for (ki, kind) in rules.kinds.iter().enumerate() {
        let dir = root.join(&kind.folder);
        if !dir.is_dir() {
            continue;
        }
        // The walk starts at the kind folder even when it is a link: only one that stays inside
        // the root is walked.
        match dir.canonicalize() {
            Ok(real) if real.starts_with(root) => {}
            Ok(real) => {
                diags.push(
                    ReadError::NotRegular(outside(&dir, &real))
                        .diag(&relative(root, &dir), Check::Syntax),
                );
                continue;
            }
            Err(e) => {
                diags.push(
                    Diag::within(
                        Code::E0107,
                        Check::Syntax,
                        &relative(root, &dir),
                        Span::START,
                    )
                    .arg("message", e.to_string()),
                );
                continue;
            }
        }
        // The kind folder's own entries, listed here: walking it to depth 1 would read every
        // subfolder too.
        let mut here = Walked::default();
        let listing = std::fs::read_dir(&dir).and_then(|entries| {
            let mut entries = entries.collect::<std::io::Result<Vec<_>>>()?;
            entries.sort_unstable_by_key(std::fs::DirEntry::file_name);
            Ok(entries)
        });
        let listing = match listing {
            Ok(listing) => listing,
            Err(e) => {
                here.failed(root, &dir, e.to_string());
                order.push(Ok(here));
                continue;
            }
        };
        for entry in listing {
            let path = entry.path();
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => {
                    let name = entry.file_name();
                    let name = name.to_string_lossy();
                    if name != ".git" {
                        order.push(Ok(std::mem::take(&mut here)));
                        order.push(Err(subtrees.len()));
                        subtrees.push((path, ki, skipped(&name)));
                    }
                }
                Ok(ft) => here.add(root, &rules.kinds[ki].prefix, ki, path, ft, false),
                Err(e) => here.failed(root, &path, e.to_string()),
            }
        }
        order.push(Ok(here));
    }
    let mut below = par_map(&subtrees, |(dir, ki, hidden)| {
        let mut found = Walked::default();
        let prefix = &rules.kinds[*ki].prefix;
        // The skipped folders met below a walked one, walked after it: each folder once.
        let mut skipped_below = Vec::new();
        let mut pending = vec![(dir.clone(), *hidden)];
        while let Some((top, hidden)) = pending.pop() {
            for entry in walk_folder(&top, hidden, &mut skipped_below) {
                match entry {
                    Ok(e) => {
                        let ft = e.file_type();
                        found.add(root, prefix, *ki, e.into_path(), ft, hidden);
                    }
                    Err(e) => found.failed(root, e.path().unwrap_or(&top), e.to_string()),
                }
            }
            pending.extend(skipped_below.drain(..).map(|d| (d, true)));
        }
        // Sorted here rather than folder by folder during the walk, which costs three times as
        // much: the same order, as paths compare component by component.
        found
            .files
            .sort_unstable_by(|a, b| walk_order(&a.rel, &b.rel));
        found
    });
    for part in order {
        let part = match part {
            Ok(part) => part,
            Err(i) => std::mem::take(&mut below[i]),
        };
        walked.files.extend(part.files);
        walked.temporaries.extend(part.temporaries);
        walked.diags.extend(part.diags);
    }
    diags.append(&mut walked.diags);
    walked
}

/// The order of a walk that sorts each folder by name, for paths relative to one root: component
/// by component, which is byte by byte with the separator below every other byte.
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let key = |c: Option<&u8>| c.map(|&c| if c == b'/' { 0 } else { u16::from(c) + 1 });
    key(a.get(same)).cmp(&key(b.get(same)))
}

/// Whether the walk leaves out a folder of this name: hidden folders and `target`.
fn skipped(folder: &str) -> bool {
    folder.starts_with('.') || folder == "target"
}

/// A walk of `dir`, in the order the folders list their entries, that never enters `.git`. In a
/// folder that is not itself `hidden`, the folders `skipped` names are not entered either but
/// put in `skipped_below`, to be walked as hidden ones.
fn walk_folder<'a>(
    dir: &Path,
    hidden: bool,
    skipped_below: &'a mut Vec<PathBuf>,
) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> + 'a {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(move |e| {
            if e.depth() == 0 || !e.file_type().is_dir() {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            if name == ".git" {
                return false;
            }
            if !hidden && skipped(&name) {
                skipped_below.push(e.path().to_path_buf());
                return false;
            }
            true
        })
}

/// Where a record extension (`.toml`, `.yaml`, `.yml`) that something follows ends in `name`:
/// `INC-1.toml.bak`, `INC-1.yaml~`.
fn record_extension_end(name: &[u8]) -> Option<usize> {
    (1..name.len())
        .rev()
        .filter(|&i| name[i] == b'.')
        .find_map(|i| {
            [&b".toml"[..], b".yaml", b".yml"]
                .iter()
                .find(|ext| name[i..].starts_with(ext) && name.len() > i + ext.len())
                .map(|ext| i + ext.len())
        })
}

/// The path a file the walk does not read would be read at as a record: `rel` without its
/// hidden or skipped folders, its name without a leading dot and without what follows its record
/// extension.
fn restored(rel: &str) -> String {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let name = parts.pop().unwrap_or_default();
    parts.retain(|p| !skipped(p));
    let name = name.trim_start_matches('.');
    let name = match record_extension_end(name.as_bytes()) {
        Some(end) => &name[..end],
        None => name,
    };
    parts.push(name);
    parts.join("/")
}

/// What a walk of the kind folders found: record files, temporary copies a write left, and
/// findings about entries that cannot be records.
#[derive(Default)]
pub(super) struct Walked {
    pub(super) files: Vec<RecordFile>,
    pub(super) temporaries: Vec<PathBuf>,
    diags: Vec<Diag>,
}

impl Walked {
    /// Takes one entry of a folder of the kind `kind` (ids starting `prefix`), `hidden` when a
    /// hidden or skipped folder holds it: a folder, a file or a link (not followed), or what is
    /// no file at all.
    fn add(
        &mut self,
        root: &Path,
        prefix: &str,
        kind: usize,
        path: PathBuf,
        ft: std::fs::FileType,
        hidden: bool,
    ) {
        if ft.is_dir() {
            return;
        }
        let name = record::file_name(&path);
        let left_over = name.starts_with(b".") && crate::leftovers::looks_left_over(name);
        if hidden {
            // Nothing here is read: what looks like a record is said.
            let bare = name.strip_prefix(b".").unwrap_or(name);
            let looks = Format::from_name(bare).is_some()
                || record_extension_end(bare).is_some()
                || bare.starts_with(format!("{prefix}-").as_bytes());
            if looks && !left_over {
                self.unread(root, &path);
            }
        } else if name.starts_with(b".") {
            // Hidden files are never records, but may be leftovers of a write; one with a record
            // extension that no write left (nor an editor's lock, `.#NAME`) is said.
            if ft.is_file() && left_over {
                self.temporaries.push(path);
            } else if !left_over
                && !name.starts_with(b".#")
                && Format::from_name(&name[1..]).is_some()
            {
                self.unread(root, &path);
            }
        } else if ft.is_symlink() && path.is_dir() {
            self.diags
                .push(Diag::new(Code::W0108, &relative(root, &path), Span::START));
        } else if Format::from_name(name).is_some() {
            // Files, links to files, dangling links, and what is no file at all (a FIFO, a
            // device): all are listed, and reading them says what is wrong.
            self.files.push(RecordFile {
                rel: relative(root, &path),
                path,
                kind,
                regular: ft.is_file(),
            });
        } else if record_extension_end(name).is_some() {
            self.unread(root, &path);
        }
    }

    /// A file that looks like a record but is not read as one.
    fn unread(&mut self, root: &Path, path: &Path) {
        let rel = relative(root, path);
        self.diags
            .push(Diag::new(Code::W0205, &rel, Span::START).arg("restore", restored(&rel)));
    }

    /// A folder or entry that could not be read.
    fn failed(&mut self, root: &Path, path: &Path, message: String) {
        self.diags.push(
            Diag::within(
                Code::E0107,
                Check::Syntax,
                &relative(root, path),
                Span::START,
            )
            .arg("message", message),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_order_is_that_of_a_walk_sorting_each_folder() {
        let paths = [
            "a", "a-b", "a/b", "a/b/c", "a/b-c", "a.toml", "a0", "b", "ab/c", "a/ä", "a/z", "",
            "a/b/", "a//b",
        ];
        for x in paths {
            for y in paths {
                let by_components = x.split('/').cmp(y.split('/'));
                assert_eq!(walk_order(x, y), by_components, "{x:?} vs {y:?}");
            }
        }
    }

    #[test]
    fn unread_files_are_named_with_where_they_would_be_read() {
        assert_eq!(record_extension_end(b"INC-1.toml.bak"), Some(10));
        assert_eq!(record_extension_end(b"INC-1.yaml~"), Some(10));
        assert_eq!(record_extension_end(b"INC-1.yml.orig"), Some(9));
        for none in [
            &b"INC-1.toml"[..],
            b".toml.bak",
            b"README.md",
            b"INC-1.yaml",
        ] {
            assert_eq!(record_extension_end(none), None, "{none:?}");
        }
        assert_eq!(
            restored("incidents/2026/INC-1.toml.bak"),
            "incidents/2026/INC-1.toml"
        );
        assert_eq!(
            restored("incidents/.old/a/INC-1.toml"),
            "incidents/a/INC-1.toml"
        );
        assert_eq!(
            restored("incidents/target/.INC-1.yaml~"),
            "incidents/INC-1.yaml"
        );
    }

    #[test]
    fn the_walk_lists_records_as_a_sorted_walk_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for rel in [
            "incidents/b/INC-2.toml",
            "incidents/a-b/INC-3.toml",
            "incidents/a/INC-1.toml",
            "incidents/a/z/INC-4.yaml",
            "incidents/INC-0.toml",
            "incidents/.hidden/INC-9.toml",
            "incidents/target/INC-8.toml",
        ] {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        let rules = crate::rules::Rules::builtin().unwrap();
        let mut diags = Vec::new();
        let walked = walk(&root, &rules, &mut diags);
        let rels: Vec<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "incidents/INC-0.toml",
                "incidents/a/INC-1.toml",
                "incidents/a/z/INC-4.yaml",
                "incidents/a-b/INC-3.toml",
                "incidents/b/INC-2.toml",
            ]
        );
        assert!(walked.files.iter().all(|f| f.regular), "{diags:?}");
    }
}
