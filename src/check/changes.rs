//! `check --changed-since`: which findings of a full check a git change can have caused.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Report;
use crate::diag::{Code, Diag};
use crate::repo::Repo;

/// What a change (`git::changes_since`) touched, as the checks see it: which findings of a
/// full check it can have caused.
///
/// A record's own findings depend on its file, itc.toml and the rules only; a repository-wide
/// finding also depends on the ids it involves (`Diag::involves`). So a finding is caused by
/// the change when its file changed, or an id it involves was added, removed or altered by the
/// change, or an input other than the records changed.
///
/// Changed paths are git's, real paths; records are named by the path they were found at. A
/// record reached through a link (the file, or a folder above it) is touched when its real path
/// is. A changed folder (a submodule moved to another commit or edited, a link to a folder
/// retargeted, a kind folder replaced) touches every record beneath it; what it held before is
/// known to git's history only, so the ids it lost are found by their being gone: a finding
/// that involves an id no record now holds is then caused by the change.
pub struct ChangeSet {
    /// itc.toml or rules.toml changed: every finding may be new.
    everything: bool,
    /// A record file or folder changed: a coverage finding (W0810–W0814), which speaks of the
    /// records as a whole, may be new.
    records: bool,
    /// Changed paths relative to the root (both sides of a rename).
    files: HashSet<String>,
    /// Changed folders (ending in `/`, or `""` for the root): everything under them is new.
    folders: Vec<String>,
    /// Records found through a link whose real path changed.
    linked: HashSet<String>,
    /// The stems of changed record paths (before and after), and the ids written in the
    /// changed records now.
    ids: HashSet<String>,
    /// When a folder changed in a way that may have removed records: every id a record now
    /// holds (by its id or its file's stem). Ids outside it were removed.
    held: Option<HashSet<String>>,
}

/// `path` (absolute, real) relative to `root`, `/`-separated; `None` outside it.
fn inside(root: &Path, path: &Path) -> Option<String> {
    path.starts_with(root)
        .then(|| crate::repo::relative(root, path))
}

impl ChangeSet {
    pub fn new(repo: &Repo, report: &Report, changes: &[crate::git::Change]) -> ChangeSet {
        use crate::git::Change;
        let mut set = ChangeSet {
            everything: false,
            records: false,
            files: HashSet::new(),
            folders: Vec::new(),
            linked: HashSet::new(),
            ids: HashSet::new(),
            held: None,
        };
        // Kind folders and the folders above them: a change there is a change of a folder
        // even when nothing is left on disk to say so (a deleted link to one).
        let kind_folders: Vec<&str> = repo
            .rules
            .kinds
            .iter()
            .map(|k| k.folder.trim_matches('/'))
            .collect();
        let holds_kind_folder = |p: &str| {
            kind_folders
                .iter()
                .any(|f| *f == p || f.strip_prefix(p).is_some_and(|r| r.starts_with('/')))
        };
        let mut lost_records = false;
        for change in changes {
            let added = matches!(change, Change::Added(_) | Change::Untracked(_));
            for path in change.paths() {
                let folder = if path.is_empty() || path.ends_with('/') {
                    Some(path.to_string())
                } else if holds_kind_folder(path) || repo.root.join(path).is_dir() {
                    Some(format!("{path}/"))
                } else {
                    None
                };
                if let Some(folder) = folder {
                    set.records = true;
                    set.folders.push(folder);
                    lost_records |= !added;
                    continue;
                }
                set.files.insert(path.to_string());
                let p = Path::new(path);
                if crate::record::Format::from_path(p).is_some()
                    && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
                {
                    set.records = true;
                    set.ids.insert(stem.to_string());
                }
            }
        }
        // Records whose real path is not the one they were found at: through a link to a file,
        // or under a linked folder. Each folder is resolved once; a file only when the walk saw
        // a link there.
        let mut real_dirs: HashMap<&Path, Option<String>> = HashMap::new();
        for file in &repo.files {
            let Some(dir) = file.path.parent() else {
                continue;
            };
            let real = if file.walked_regular() {
                let real_dir = real_dirs
                    .entry(dir)
                    .or_insert_with(|| dir.canonicalize().ok().and_then(|d| inside(&repo.root, &d)))
                    .as_deref();
                let (rel_dir, name) = file.rel.rsplit_once('/').unwrap_or(("", &file.rel));
                match real_dir {
                    // Its folder is where it seems: so is the file (the common case, no copy).
                    Some(d) if d == rel_dir => None,
                    Some("") => Some(name.to_string()),
                    Some(d) => Some(format!("{d}/{name}")),
                    None => None,
                }
            } else {
                file.path
                    .canonicalize()
                    .ok()
                    .and_then(|p| inside(&repo.root, &p))
            };
            if let Some(real) = real
                && real != file.rel
                && set.touches_path(&real)
            {
                set.linked.insert(file.rel.clone());
            }
        }
        set.everything = [crate::repo::CONFIG_FILE, crate::repo::RULES_FILE]
            .iter()
            .any(|f| {
                set.touches(f)
                    || repo
                        .root
                        .join(f)
                        .canonicalize()
                        .ok()
                        .and_then(|p| inside(&repo.root, &p))
                        .is_some_and(|real| set.touches_path(&real))
            });
        for file in &repo.files {
            if set.touches(&file.rel)
                && let Some(stem) = file.path.file_stem().and_then(|s| s.to_str())
            {
                set.ids.insert(stem.to_string());
            }
        }
        for (file, id) in &report.ids {
            if set.touches(repo.rel(*file)) {
                set.ids.insert(id.clone());
            }
        }
        if lost_records {
            let stems = repo
                .files
                .iter()
                .filter_map(|f| f.path.file_stem().and_then(|s| s.to_str()));
            let ids = report.ids.iter().map(|(_, id)| id.as_str());
            set.held = Some(stems.chain(ids).map(str::to_string).collect());
        }
        set
    }

    /// Whether a real path (relative to the root) changed.
    fn touches_path(&self, rel: &str) -> bool {
        self.files.contains(rel) || self.folders.iter().any(|f| rel.starts_with(f.as_str()))
    }

    /// Whether the file (relative to the root, as the walk found it) is part of the change.
    pub fn touches(&self, rel: &str) -> bool {
        self.touches_path(rel) || self.linked.contains(rel)
    }

    /// Whether the change can have caused this finding.
    pub fn caused(&self, d: &Diag) -> bool {
        let mut involves = d.involves.iter().flat_map(|v| v.iter());
        let coverage = matches!(
            d.code,
            Code::W0810 | Code::W0811 | Code::W0812 | Code::W0813 | Code::W0814
        );
        self.everything
            || (coverage && self.records)
            || self.touches(&d.file)
            || involves.any(|id| {
                self.ids.contains(id) || self.held.as_ref().is_some_and(|h| !h.contains(id))
            })
    }

    /// Whether the change reaches every record (itc.toml or rules.toml changed).
    pub fn everything(&self) -> bool {
        self.everything
    }
}
