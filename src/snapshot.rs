//! A records repository as it stood at a git revision: its files listed with one `git ls-tree`
//! and read with one `git cat-file --batch` (through `git`), never checked out and never written
//! to the working tree. `repo` reads a snapshot the way it reads the disk: the same kind folders,
//! hidden folders and `target` skipped, and symbolic links (mode 120000) handled as the disk
//! loader handles them: a link to a file inside the root is read as that file, a link out of the
//! root or to a folder is reported and never followed, a dangling link is a file not found.
//!
//! What git cannot hand over is said per file: a blob larger than a record may be is skipped as
//! it streams past (from the size git announces) and is the disk's "too large"; a missing object
//! is an unreadable file, and the others are still read. `unreadable` lists those files, so
//! that a command can refuse to compute on a revision it could not read whole.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::diag::{GitLoss, NotRegular};
use crate::git;
use crate::record::{self, Format};
use crate::{Error, Refusal};

const LINK_MODE: u32 = 0o120000;
/// Links followed in a row before giving up, as the kernel's `ELOOP` does.
const MAX_HOPS: usize = 40;

/// Why a file of a snapshot cannot be read; `repo` turns it into the disk loader's finding.
#[derive(Clone, Debug, PartialEq)]
pub enum Unread {
    /// A link out of the root, named by its target as written.
    Outside(String),
    /// A folder (a link to one).
    Folder,
    /// A dangling link, or a link loop.
    Missing,
    TooLarge(u64),
    /// git failed to hand the object over: why.
    Git(GitLoss),
}

/// Why git could not hand a file over, carried inside an `io::Error` as the disk's read errors
/// are, so that the finding can say it in either language.
#[derive(Debug)]
pub struct GitUnread(pub GitLoss);

/// Never shown: a finding and a fatal error take the loss out and word it (`repo::ReadError`).
impl std::fmt::Display for GitUnread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for GitUnread {}

/// The object `oid` is not in git's object store.
fn no_object(oid: &str) -> Unread {
    Unread::Git(GitLoss::NoObject(oid.to_string()))
}

impl Unread {
    /// What the file is, when it is not a regular file inside the root.
    pub fn not_regular(&self) -> Option<NotRegular> {
        match self {
            Unread::Outside(t) => Some(NotRegular::LinkOutside(t.clone())),
            Unread::Folder => Some(NotRegular::Folder),
            _ => None,
        }
    }
}

/// One file of the snapshot: its mode, blob and size. A revision lists every file of the
/// repository, so an entry is kept small: the blob's id as bytes, not hex.
#[derive(Clone, Debug)]
struct Entry {
    mode: u32,
    oid: Oid,
    /// `None` when git could not say (a missing object).
    size: Option<u64>,
}

/// A git object id (SHA-1 or SHA-256) as bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Oid {
    bytes: [u8; 32],
    len: u8,
}

impl Oid {
    /// From its hex form, as git writes it (`None` for anything else).
    fn from_hex(hex: &str) -> Option<Oid> {
        let mut bytes = [0u8; 32];
        let len = hex.len() / 2;
        if !hex.len().is_multiple_of(2) || len > bytes.len() {
            return None;
        }
        for (i, slot) in bytes.iter_mut().take(len).enumerate() {
            *slot = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Oid {
            bytes,
            len: len as u8,
        })
    }

    fn hex(&self) -> String {
        self.bytes[..usize::from(self.len)]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Where a path of the snapshot leads.
enum Resolved {
    File(String),
    Folder(String),
    Unread(Unread),
}

/// The files of the repository (the folder holding `itc.toml`) at one commit.
pub struct Snapshot {
    /// A folder of the work tree, where git runs.
    dir: PathBuf,
    /// The revision as the user gave it, and the commit it names.
    pub rev: String,
    pub commit: String,
    /// The root's path from the top of the work tree (`""`, or ending in `/`).
    root_prefix: String,
    /// The files of the revision that may differ in the work tree (`git::unlike_work_tree`),
    /// relative to the root; `None` when git could not say. Found on first use.
    unlike: OnceLock<Option<HashSet<String>>>,
    /// Files relative to the repository root, `/`-separated.
    entries: HashMap<String, Entry>,
    /// Every folder holding a file, relative to the root (`""` is the root).
    folders: HashSet<String>,
    /// The targets of the links, as written, or why a link could not be read.
    links: HashMap<String, Result<String, Unread>>,
    /// The contents of the record files, read once, on first use.
    records: OnceLock<HashMap<String, Result<Vec<u8>, Unread>>>,
    /// The record files `records` reads, set by `repo` after its walk.
    wanted: OnceLock<Vec<String>>,
    /// The files git could not hand over, with why.
    lost: Mutex<Vec<(String, GitLoss)>>,
}

/// `rel` joined to `base` (both `/`-separated, relative to the root), with `.` and `..` resolved
/// lexically; `None` when it climbs out of the root.
fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(p, _)| p)
}

/// Sorts paths as the disk walk lists them: folder by folder, names compared as bytes.
pub fn sort_as_walked(paths: &mut [String]) {
    // Comparing the parts in turn is comparing the bytes with `/` below every other byte.
    let key = |p: &String| {
        p.bytes()
            .map(|b| if b == b'/' { 0 } else { b })
            .collect::<Vec<u8>>()
    };
    paths.sort_by_cached_key(key);
}

impl Snapshot {
    /// The repository holding `start` (a folder of the work tree) as it stood at `rev`: the
    /// nearest folder at or above `start` whose `itc.toml` the revision holds. Returns the
    /// snapshot and the root on disk that corresponds to it.
    pub fn open(start: &Path, rev: &str) -> Result<(Snapshot, PathBuf), Error> {
        let start = start
            .canonicalize()
            .map_err(|e| Error::Io(start.to_path_buf(), e))?;
        let commit = git::verify_commit(&start, rev)?;
        let prefix = git::work_tree_prefix(&start)?;
        let tree = git::ls_tree(&start, &commit)?;
        let all: HashMap<&str, &git::TreeEntry> =
            tree.iter().map(|e| (e.path.as_str(), e)).collect();
        // The folders from `start` up to the top of the work tree, with their place on disk.
        let mut at = prefix.trim_end_matches('/').to_string();
        let mut disk = start.clone();
        let root_prefix = loop {
            let config = if at.is_empty() {
                crate::repo::CONFIG_FILE.to_string()
            } else {
                format!("{at}/{}", crate::repo::CONFIG_FILE)
            };
            if all.contains_key(config.as_str()) {
                break if at.is_empty() { at } else { format!("{at}/") };
            }
            if at.is_empty() {
                return Err(Error::Refused(Refusal::NoConfigAt {
                    rev: rev.to_string(),
                    start,
                }));
            }
            at = parent(&at).to_string();
            disk = disk.parent().map_or(disk.clone(), Path::to_path_buf);
        };
        let mut entries = HashMap::new();
        let mut folders = HashSet::new();
        let mut link_oids = Vec::new();
        for e in &tree {
            let Some(rel) = e.path.strip_prefix(&root_prefix) else {
                continue;
            };
            let mut dir = parent(rel);
            while !folders.contains(dir) {
                folders.insert(dir.to_string());
                if dir.is_empty() {
                    break;
                }
                dir = parent(dir);
            }
            if e.mode == LINK_MODE {
                link_oids.push((rel.to_string(), e.oid.clone()));
            }
            let Some(oid) = Oid::from_hex(&e.oid) else {
                return Err(Error::Refused(Refusal::NotAnObjectId(e.oid.clone())));
            };
            entries.insert(
                rel.to_string(),
                Entry {
                    mode: e.mode,
                    oid,
                    size: e.size,
                },
            );
        }
        let mut links = HashMap::new();
        let oids: Vec<String> = link_oids.iter().map(|(_, o)| o.clone()).collect();
        // A link's target is a blob like any other, held to the same limit.
        git::cat_blobs(&start, &oids, record::MAX_FILE_BYTES, |i, blob| {
            if let Some((rel, oid)) = link_oids.get(i) {
                let target = match blob {
                    git::Blob::Bytes(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
                    git::Blob::TooLarge(size) => Err(Unread::TooLarge(size)),
                    git::Blob::Missing => Err(no_object(oid)),
                };
                links.insert(rel.clone(), target);
            }
            Ok(())
        })?;
        let snapshot = Snapshot {
            dir: start,
            rev: rev.to_string(),
            commit,
            root_prefix,
            unlike: OnceLock::new(),
            entries,
            folders,
            links,
            records: OnceLock::new(),
            wanted: OnceLock::new(),
            lost: Mutex::new(Vec::new()),
        };
        Ok((snapshot, disk))
    }

    /// Where `rel` leads, following links (each read relative to its own folder).
    fn resolve(&self, rel: &str) -> Resolved {
        let mut at = rel.to_string();
        for _ in 0..MAX_HOPS {
            // A folder on the way that is a link is followed as the kernel would.
            if let Some(resolved) = self.through_linked_folder(&at) {
                match resolved {
                    Ok(p) => {
                        at = p;
                        continue;
                    }
                    Err(u) => return Resolved::Unread(u),
                }
            }
            if let Some(target) = self.links.get(&at) {
                let target = match target {
                    Ok(t) => t,
                    Err(u) => return Resolved::Unread(u.clone()),
                };
                if target.starts_with('/') {
                    return Resolved::Unread(Unread::Outside(target.clone()));
                }
                match join(parent(&at), target) {
                    Some(next) => at = next,
                    None => return Resolved::Unread(Unread::Outside(target.clone())),
                }
                continue;
            }
            if self.entries.contains_key(&at) {
                return Resolved::File(at);
            }
            if self.folders.contains(&at) {
                return Resolved::Folder(at);
            }
            return Resolved::Unread(Unread::Missing);
        }
        Resolved::Unread(Unread::Missing)
    }

    /// When a folder of `rel` (not its last part) is a link: the path with that folder
    /// replaced by the link's target.
    fn through_linked_folder(&self, rel: &str) -> Option<Result<String, Unread>> {
        let parts: Vec<&str> = rel.split('/').collect();
        for n in 1..parts.len() {
            let head = parts[..n].join("/");
            if let Some(target) = self.links.get(&head) {
                let target = match target {
                    Ok(t) => t,
                    Err(u) => return Some(Err(u.clone())),
                };
                let rest = parts[n..].join("/");
                if target.starts_with('/') {
                    return Some(Err(Unread::Outside(target.clone())));
                }
                return Some(match join(parent(&head), target) {
                    Some(t) if t.is_empty() => Ok(rest),
                    Some(t) => Ok(format!("{t}/{rest}")),
                    None => Err(Unread::Outside(target.clone())),
                });
            }
        }
        None
    }

    /// Whether `rel` is a file (or a link that leads to one).
    pub fn is_file(&self, rel: &str) -> bool {
        matches!(self.resolve(rel), Resolved::File(_))
    }

    /// The bytes of one file, read on its own (itc.toml, rules.toml, a source line's file).
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, Unread> {
        if let Some(found) = self.records.get().and_then(|r| r.get(rel)) {
            return found.clone();
        }
        let mut out = self.read_many(&[rel.to_string()]);
        out.pop().unwrap_or(Err(Unread::Missing))
    }

    /// The bytes of `rels`, in order, through one `git cat-file --batch`. A blob over the size
    /// limit is never held; one git cannot hand over is noted in `lost`.
    fn read_many(&self, rels: &[String]) -> Vec<Result<Vec<u8>, Unread>> {
        let mut out: Vec<Result<Vec<u8>, Unread>> = Vec::with_capacity(rels.len());
        let mut oids = Vec::new();
        let mut slots = Vec::new();
        for rel in rels {
            match self.resolve(rel) {
                Resolved::File(target) => match self.entries.get(&target) {
                    Some(e) => {
                        slots.push(out.len());
                        oids.push(e.oid.hex());
                        out.push(Err(Unread::Missing));
                    }
                    None => out.push(Err(Unread::Missing)),
                },
                Resolved::Folder(_) => out.push(Err(Unread::Folder)),
                Resolved::Unread(u) => out.push(Err(u)),
            }
        }
        let mut done = vec![false; slots.len()];
        let read = git::cat_blobs(&self.dir, &oids, record::MAX_FILE_BYTES, |i, blob| {
            if let (Some(&slot), Some(oid)) = (slots.get(i), oids.get(i)) {
                out[slot] = match blob {
                    git::Blob::Bytes(bytes) => Ok(bytes),
                    git::Blob::TooLarge(size) => Err(Unread::TooLarge(size)),
                    git::Blob::Missing => Err(no_object(oid)),
                };
                done[i] = true;
            }
            Ok(())
        });
        if let Err(e) = read {
            // git stopped answering: the files it did not hand over are unreadable.
            let why = match e {
                Error::Refused(r) => GitLoss::Refused(Box::new(r)),
                other => GitLoss::Other(format!("{other:?}")),
            };
            for (i, &slot) in slots.iter().enumerate() {
                if !done[i] {
                    out[slot] = Err(Unread::Git(why.clone()));
                }
            }
        }
        let mut lost: Vec<(String, GitLoss)> = rels
            .iter()
            .zip(&out)
            .filter_map(|(rel, r)| match r {
                Err(Unread::Git(why)) => Some((rel.clone(), why.clone())),
                _ => None,
            })
            .collect();
        if !lost.is_empty()
            && let Ok(mut all) = self.lost.lock()
        {
            all.append(&mut lost);
        }
        out
    }

    /// The files of the revision that git could not hand over, with why, by path (each record
    /// file is read first if it has not been). None means the revision was read whole.
    pub fn unreadable(&self) -> Vec<(String, GitLoss)> {
        if let Some(first) = self.wanted.get().and_then(|w| w.first()) {
            let _ = self.record(first);
        }
        let mut lost = self.lost.lock().map(|l| l.clone()).unwrap_or_default();
        lost.sort_by(|a, b| a.0.cmp(&b.0));
        lost.dedup_by(|a, b| a.0 == b.0);
        lost
    }

    /// The error of a command that refuses to compute on a revision it could not read whole:
    /// the files git could not hand over (`unreadable`), the first few named.
    pub fn refusal(&self, lost: &[(String, GitLoss)]) -> Error {
        Error::Refused(Refusal::RevisionUnreadable {
            rev: self.rev.clone(),
            lost: lost.to_vec(),
        })
    }

    /// The blob id of `rel` when it is a file of the revision itself, not reached through a
    /// link: two such files with the same id hold the same bytes.
    pub fn plain_blob(&self, rel: &str) -> Option<&Oid> {
        let e = self.entries.get(rel)?;
        let linked = !self.links.is_empty() && self.through_linked_folder(rel).is_some();
        (e.mode != LINK_MODE && !linked).then_some(&e.oid)
    }

    /// The size of `rel` when the work tree holds it as the revision does, as far as git knows
    /// (`git::unlike_work_tree`): a plain file of the revision, not reached through a link, that
    /// git finds unchanged. Its bytes may then be read from the disk, when there are as many.
    pub fn on_disk(&self, rel: &str) -> Option<u64> {
        self.plain_blob(rel)?;
        match self.unlike() {
            Some(unlike) if !unlike.contains(rel) => self.entries.get(rel)?.size,
            _ => None,
        }
    }

    /// Asks git, now, which files of the revision the work tree may not hold as they are
    /// (`on_disk` asks on first use otherwise).
    pub fn compare_with_work_tree(&self) {
        self.unlike();
    }

    fn unlike(&self) -> Option<&HashSet<String>> {
        self.unlike
            .get_or_init(|| {
                let top = git::unlike_work_tree(&self.dir, &self.commit).ok()?;
                Some(
                    top.iter()
                        .filter_map(|p| p.strip_prefix(&self.root_prefix))
                        .map(str::to_string)
                        .collect(),
                )
            })
            .as_ref()
    }

    /// Keeps only the record files `keep` accepts among those read together, when they have
    /// not been read yet; the others are still read one by one if asked for.
    pub fn narrow_records(&mut self, keep: impl Fn(&str) -> bool) {
        if self.records.get().is_none()
            && let Some(wanted) = self.wanted.get_mut()
        {
            wanted.retain(|rel| keep(rel));
        }
    }

    /// Drops the bytes of the record files read together but those `keep` accepts; a record
    /// file dropped and asked for afterwards is read on its own.
    pub fn forget_records(&mut self, keep: impl Fn(&str) -> bool) {
        if let Some(held) = self.records.get_mut() {
            held.retain(|rel, _| keep(rel));
            held.shrink_to_fit();
        }
    }

    /// Names the record files `record` will be asked for, so that they are read together.
    pub fn expect_records(&self, rels: Vec<String>) {
        let _ = self.wanted.set(rels);
    }

    /// The bytes of a record file: all record files the work tree does not hold as the revision
    /// does (`on_disk`) are read together on the first call; any other is read on its own.
    pub fn record(&self, rel: &str) -> Result<Vec<u8>, Unread> {
        let all = self.records.get_or_init(|| {
            let mut wanted = self.wanted.get().cloned().unwrap_or_default();
            wanted.retain(|rel| self.on_disk(rel).is_none());
            let bytes = self.read_many(&wanted);
            wanted.into_iter().zip(bytes).collect()
        });
        match all.get(rel) {
            Some(found) => found.clone(),
            None => self.read(rel),
        }
    }

    /// The record files in the kind folders, as the disk walk lists them: `(rel, kind)`.
    /// `report` hears of each link to a folder inside (`None`: not followed) and of each kind
    /// folder that leads out of the root.
    pub fn walk(
        &self,
        folders: &[(usize, &str)],
        mut report: impl FnMut(&str, Option<Unread>),
    ) -> Vec<(String, usize)> {
        let mut files = Vec::new();
        for &(kind, folder) in folders {
            let folder = folder.trim_matches('/');
            let real = match self.resolve(folder) {
                Resolved::Folder(real) => real,
                Resolved::Unread(
                    u @ (Unread::Outside(_) | Unread::Git(_) | Unread::TooLarge(_)),
                ) => {
                    if let Unread::Git(why) = &u
                        && let Ok(mut lost) = self.lost.lock()
                    {
                        lost.push((folder.to_string(), why.clone()));
                    }
                    report(folder, Some(u));
                    continue;
                }
                _ => continue,
            };
            let base = if real.is_empty() {
                String::new()
            } else {
                format!("{real}/")
            };
            let mut found: Vec<String> = Vec::new();
            let mut linked: HashSet<String> = HashSet::new();
            for (path, entry) in &self.entries {
                let Some(inner) = path.strip_prefix(&base) else {
                    continue;
                };
                let parts: Vec<&str> = inner.split('/').collect();
                let last = parts.len() - 1;
                let hidden = parts
                    .iter()
                    .enumerate()
                    .any(|(i, p)| p.starts_with('.') || (i < last && *p == "target"));
                if hidden {
                    continue;
                }
                let shown = format!("{folder}/{inner}");
                if entry.mode == LINK_MODE
                    && let Resolved::Folder(_) = self.resolve(path)
                {
                    // A link to a folder inside: not followed, reported once.
                    if linked.insert(shown.clone()) {
                        report(&shown, None);
                    }
                    continue;
                }
                if Format::from_path(Path::new(&shown)).is_some() {
                    found.push(shown);
                }
            }
            sort_as_walked(&mut found);
            files.extend(found.into_iter().map(|f| (f, kind)));
        }
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_joined_lexically_and_never_leave_the_root() {
        assert_eq!(
            join("incidents/2026", "../a.toml").as_deref(),
            Some("incidents/a.toml")
        );
        assert_eq!(
            join("incidents", "./x/./y.toml").as_deref(),
            Some("incidents/x/y.toml")
        );
        assert_eq!(join("incidents", "../../etc/passwd"), None);
        assert_eq!(join("", ".."), None);
        assert_eq!(join("a", "..").as_deref(), Some(""));
    }

    #[test]
    fn object_ids_keep_their_hex_form() {
        for hex in ["0123456789abcdef0123456789abcdef01234567", &"f".repeat(64)] {
            assert_eq!(Oid::from_hex(hex).map(|o| o.hex()).as_deref(), Some(hex));
        }
        assert_ne!(
            Oid::from_hex(&"a".repeat(40)),
            Oid::from_hex(&"a".repeat(64))
        );
        for bad in ["abc", "zz", &"a".repeat(66)] {
            assert_eq!(Oid::from_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_sort_folder_by_folder_as_the_walk_lists_them() {
        let mut paths = vec![
            "a.toml".to_string(),
            "a/z.toml".to_string(),
            "a-b.toml".to_string(),
            "a/b/c.toml".to_string(),
        ];
        sort_as_walked(&mut paths);
        assert_eq!(paths, ["a/b/c.toml", "a/z.toml", "a-b.toml", "a.toml"]);
        // The same order as comparing part by part, over random paths.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..200 {
            let mut paths: Vec<String> = (0..20)
                .map(|_| {
                    (0..1 + next() % 3)
                        .map(|_| {
                            (0..1 + next() % 3)
                                .map(|_| ['a', 'b', '-', '.', '0', '网'][next() % 6])
                                .collect::<String>()
                        })
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .collect();
            let mut by_parts = paths.clone();
            by_parts.sort_by(|a, b| a.split('/').cmp(b.split('/')));
            sort_as_walked(&mut paths);
            assert_eq!(paths, by_parts);
        }
    }
}
