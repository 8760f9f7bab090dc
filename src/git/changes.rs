//! What changed in a work tree since a revision (`--changed-since`): `git diff --raw` from the
//! merge base, and the untracked files, relative to the folder asked about.

use std::collections::HashSet;
use std::path::Path;

use super::{Output, Step, lossy, merge_base, os, run_ok, verify_commit, work_tree_prefix};
use crate::{Error, Refusal};

/// How one path differs from the base. Paths are relative to the folder asked about,
/// `/`-separated. A path ending in `/` is a whole folder: one git does not track, or a submodule
/// (git reports a submodule's new commit, or its uncommitted edits, as one change to its folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added(String),
    Modified(String),
    Deleted(String),
    Renamed {
        from: String,
        to: String,
    },
    /// Not tracked by git (ignored files included: itc reads them too). `""` is the folder
    /// asked about itself.
    Untracked(String),
}

/// The mode git gives a submodule (a gitlink) in a tree.
const GITLINK: u32 = 0o160000;

impl Change {
    /// Every path the change touches: both sides of a rename.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let (a, b) = match self {
            Change::Renamed { from, to } => (from.as_str(), Some(to.as_str())),
            Change::Added(p) | Change::Modified(p) | Change::Deleted(p) | Change::Untracked(p) => {
                (p.as_str(), None)
            }
        };
        std::iter::once(a).chain(b)
    }
}

/// `path` (relative to the top of the work tree) relative to `prefix`, or `None` when it lies
/// outside. The folder `prefix` itself is `""`.
fn under(prefix: &str, path: &str) -> Option<String> {
    if path == prefix.trim_end_matches('/') && !prefix.is_empty() {
        return Some(String::new());
    }
    path.strip_prefix(prefix).map(str::to_string)
}

/// Parses `git diff -z --raw` output: `:MODE MODE OID OID STATUS`, then one path (two for
/// renames and copies), each NUL-terminated. Paths are relative to the top of the work tree; a
/// submodule (mode 160000 before or after) is named as a folder, ending in `/`.
fn parse_raw(out: &[u8]) -> Result<Vec<Change>, String> {
    let mut fields = out.split(|&b| b == 0).filter(|f| !f.is_empty());
    let mut changes = Vec::new();
    while let Some(meta) = fields.next() {
        let meta = lossy(meta);
        let parts: Vec<&str> = meta
            .strip_prefix(':')
            .unwrap_or_default()
            .split(' ')
            .collect();
        let [old_mode, new_mode, _, _, status] = parts[..] else {
            return Err(format!("cannot read the entry `{meta}`"));
        };
        let mode = |m: &str| u32::from_str_radix(m, 8).map_err(|_| format!("bad mode `{m}`"));
        let folder = mode(old_mode)? == GITLINK || mode(new_mode)? == GITLINK;
        let mut path = || {
            let mut p = fields.next().map(lossy).ok_or("a path is missing")?;
            if folder {
                p.push('/');
            }
            Ok::<String, String>(p)
        };
        changes.push(match status.as_bytes().first() {
            Some(b'A') => Change::Added(path()?),
            Some(b'D') => Change::Deleted(path()?),
            Some(b'M' | b'T' | b'U' | b'X') => Change::Modified(path()?),
            Some(b'R') => {
                let from = path()?;
                Change::Renamed { from, to: path()? }
            }
            // A copy leaves its source as it was.
            Some(b'C') => {
                path()?;
                Change::Added(path()?)
            }
            _ => return Err(format!("unknown status `{status}`")),
        });
    }
    Ok(changes)
}

/// Re-expresses top-relative changes relative to `prefix`, dropping what lies outside it. A
/// rename across the border becomes an addition or a deletion.
fn relative_to(prefix: &str, changes: Vec<Change>) -> Vec<Change> {
    changes
        .into_iter()
        .filter_map(|c| match c {
            Change::Added(p) => under(prefix, &p).map(Change::Added),
            Change::Modified(p) => under(prefix, &p).map(Change::Modified),
            Change::Deleted(p) => under(prefix, &p).map(Change::Deleted),
            Change::Untracked(p) => under(prefix, &p).map(Change::Untracked),
            Change::Renamed { from, to } => match (under(prefix, &from), under(prefix, &to)) {
                (Some(from), Some(to)) => Some(Change::Renamed { from, to }),
                (Some(from), None) => Some(Change::Deleted(from)),
                (None, Some(to)) => Some(Change::Added(to)),
                (None, None) => None,
            },
        })
        .collect()
}

/// What changed in the work tree holding `dir` since `rev`, counted from the merge base of
/// `rev` and `HEAD` (so commits made on `rev`'s branch after the branch point are not part of
/// it): committed, staged and unstaged changes, and untracked files. Paths are relative to
/// `dir`; changes outside it are left out. A submodule that moved to another commit, or has
/// edits of its own, is one change to its folder (`incidents/`).
pub fn changes_since(dir: &Path, rev: &str) -> Result<Vec<Change>, Error> {
    let prefix = work_tree_prefix(dir)?;
    let base = verify_commit(dir, rev)?;
    let head = verify_commit(dir, "HEAD")?;
    let from = merge_base(dir, &base, &head)
        .map_err(|_| Error::Refused(Refusal::NoAncestorWithHead(rev.to_string())))?;
    let diff = run_ok(
        dir,
        Step::ListChanges,
        &[
            os("diff"),
            os("-z"),
            os("--raw"),
            os("-M"),
            os("--no-relative"),
            os("--no-ext-diff"),
            os("--end-of-options"),
            os(&from),
            os("--"),
        ],
    )?;
    let mut changes =
        parse_raw(&diff).map_err(|why| Error::Refused(Refusal::GitOutput(Output::Diff, why)))?;
    let untracked = run_ok(
        dir,
        Step::ListUntracked,
        &[
            os("ls-files"),
            os("-z"),
            os("--others"),
            os("--directory"),
            os("--no-empty-directory"),
            os("--full-name"),
            os("--"),
            os("."),
        ],
    )?;
    changes.extend(
        untracked
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| Change::Untracked(lossy(p))),
    );
    Ok(relative_to(&prefix, changes))
}

/// The files (relative to the top of the work tree, `/`-separated) whose bytes in the work tree
/// may not be those of the commit `commit`: what `git diff` finds changed against it (staged or
/// not, deleted included), and the files git is told not to look at (`assume-unchanged`,
/// `skip-worktree`). Every other file of the commit's tree is in the work tree as committed,
/// as far as git knows; a reader still compares sizes, since a checkout filter or line-ending
/// conversion changes the bytes without git calling the file changed.
pub fn unlike_work_tree(dir: &Path, commit: &str) -> Result<HashSet<String>, Error> {
    let commit = verify_commit(dir, commit)?;
    let diff = run_ok(
        dir,
        Step::ListChanges,
        &[
            os("diff"),
            os("-z"),
            os("--name-only"),
            os("--no-renames"),
            os("--no-relative"),
            os("--no-ext-diff"),
            os("--end-of-options"),
            os(&commit),
            os("--"),
        ],
    )?;
    let flagged = run_ok(
        dir,
        Step::ListChanges,
        &[
            os("ls-files"),
            os("-z"),
            os("-v"),
            os("--full-name"),
            os(":/"),
        ],
    )?;
    let mut out: HashSet<String> = diff
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(lossy)
        .collect();
    out.extend(flagged.split(|&b| b == 0).filter_map(|entry| {
        // `H path` for a file git watches; a lower-case tag or `S` for one it does not.
        let (tag, path) = (entry.first()?, entry.get(2..)?);
        (tag.is_ascii_lowercase() || *tag == b'S').then(|| lossy(path))
    }));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::tests::{git, repo, write};

    #[test]
    fn raw_changes_are_read_as_bytes_with_renames_and_submodules_as_folders() {
        let z = "0".repeat(40);
        let out = format!(
            ":100644 100644 {z} {z} M\0a b.toml\0:100644 100644 {z} {z} R087\0old/\u{7f51}.toml\0new/x\ty.toml\0:100644 000000 {z} {z} D\0gone\0:100644 100644 {z} {z} C100\0src\0copy\0:160000 160000 {z} {z} M\0incidents\0:000000 160000 {z} {z} A\0ops/drills\0:120000 160000 {z} {z} T\0link\0"
        );
        assert_eq!(
            parse_raw(out.as_bytes()).unwrap(),
            vec![
                Change::Modified("a b.toml".into()),
                Change::Renamed {
                    from: "old/网.toml".into(),
                    to: "new/x\ty.toml".into()
                },
                Change::Deleted("gone".into()),
                Change::Added("copy".into()),
                Change::Modified("incidents/".into()),
                Change::Added("ops/drills/".into()),
                Change::Modified("link/".into()),
            ]
        );
        assert!(parse_raw(format!(":100644 100644 {z} {z} R100\0only-one\0").as_bytes()).is_err());
        assert!(parse_raw(format!(":100644 100644 {z} {z} ?\0x\0").as_bytes()).is_err());
        assert!(parse_raw(b"M\0x\0").is_err());
        assert!(parse_raw(format!(":1z0644 100644 {z} {z} M\0x\0").as_bytes()).is_err());
    }

    #[test]
    fn the_work_tree_unlike_a_commit_is_what_changed_and_what_git_does_not_watch() {
        let dir = repo();
        let d = dir.path();
        for f in [
            "a.toml",
            "sub/b.toml",
            "c.toml",
            "d.toml",
            "e.toml",
            "f.toml",
        ] {
            write(d, f, "x = 1\n");
        }
        git(d, &["add", "-A"]);
        git(d, &["commit", "-qm", "one"]);
        let first = lossy(&git(d, &["rev-parse", "HEAD"])).trim().to_string();
        // Changed after the commit: edited, staged, deleted; told not to watch: two; untracked
        // files are not of the commit.
        write(d, "a.toml", "x = 2\n");
        write(d, "sub/b.toml", "x = 3\n");
        git(d, &["add", "sub/b.toml"]);
        std::fs::remove_file(d.join("c.toml")).unwrap();
        git(d, &["update-index", "--assume-unchanged", "d.toml"]);
        git(d, &["update-index", "--skip-worktree", "e.toml"]);
        write(d, "new.toml", "x = 4\n");
        let found = unlike_work_tree(&d.join("sub"), &first).unwrap();
        let mut found: Vec<&str> = found.iter().map(String::as_str).collect();
        found.sort();
        assert_eq!(
            found,
            ["a.toml", "c.toml", "d.toml", "e.toml", "sub/b.toml"]
        );
        assert!(unlike_work_tree(d, "no-such-rev").is_err());
    }

    #[test]
    fn a_submodule_is_one_change_to_its_folder() {
        let dir = repo();
        let d = dir.path();
        let sub = d.join("upstream");
        std::fs::create_dir_all(&sub).unwrap();
        git(&sub, &["init", "-q", "-b", "main"]);
        write(&sub, "a.toml", "one\n");
        git(&sub, &["add", "-A"]);
        git(&sub, &["commit", "-qm", "one"]);
        let top = d.join("top");
        std::fs::create_dir_all(&top).unwrap();
        git(&top, &["init", "-q", "-b", "main"]);
        let url = sub.to_str().unwrap();
        git(
            &top,
            &[
                "-c",
                "protocol.file.allow=always",
                "submodule",
                "add",
                "-q",
                url,
                "r/mod",
            ],
        );
        git(&top, &["commit", "-qm", "base"]);
        assert_eq!(changes_since(&top.join("r"), "main").unwrap(), vec![]);
        // A new commit in the submodule, not yet recorded above it.
        write(&top, "r/mod/a.toml", "two\n");
        git(&top.join("r/mod"), &["commit", "-qam", "two"]);
        assert_eq!(
            changes_since(&top.join("r"), "main").unwrap(),
            vec![Change::Modified("mod/".into())]
        );
        // Seen from the submodule's folder itself: the folder asked about.
        assert_eq!(
            relative_to("r/mod/", vec![Change::Modified("r/mod/".into())]),
            vec![Change::Modified("".into())]
        );
    }

    #[test]
    fn changes_are_made_relative_to_the_folder() {
        let changes = vec![
            Change::Modified("sub/a".into()),
            Change::Modified("other/b".into()),
            Change::Renamed {
                from: "sub/c".into(),
                to: "elsewhere/c".into(),
            },
            Change::Renamed {
                from: "x/d".into(),
                to: "sub/d".into(),
            },
            Change::Untracked("sub/".into()),
            Change::Untracked("subway/e".into()),
        ];
        assert_eq!(
            relative_to("sub/", changes),
            vec![
                Change::Modified("a".into()),
                Change::Deleted("c".into()),
                Change::Added("d".into()),
                Change::Untracked("".into()),
            ]
        );
    }

    #[test]
    fn changes_since_sees_every_kind_of_change_from_the_merge_base() {
        let dir = repo();
        let d = dir.path();
        for f in ["r/keep", "r/edit", "r/stage", "r/gone", "r/old", "top"] {
            write(
                d,
                f,
                &format!("{f} with enough text for rename detection\n"),
            );
        }
        git(d, &["add", "-A"]);
        git(d, &["commit", "-qm", "base"]);
        git(d, &["checkout", "-qb", "topic"]);
        write(d, "r/edit", "edited\n");
        git(d, &["commit", "-qam", "edit"]);
        // The target branch moves on after the branch point: not part of the change.
        git(d, &["checkout", "-q", "main"]);
        write(d, "r/keep", "changed on main\n");
        git(d, &["commit", "-qam", "main moves"]);
        git(d, &["checkout", "-q", "topic"]);
        write(d, "r/stage", "staged\n");
        git(d, &["add", "r/stage"]);
        std::fs::remove_file(d.join("r/gone")).unwrap();
        git(d, &["mv", "r/old", "r/网络 new"]);
        write(d, "r/new/one", "untracked\n");
        write(d, "r/loose", "untracked\n");
        write(d, "top", "outside the folder\n");
        let mut changes = changes_since(&d.join("r"), "main").unwrap();
        changes.sort_by(|a, b| a.paths().next().cmp(&b.paths().next()));
        assert_eq!(
            changes,
            vec![
                Change::Modified("edit".into()),
                Change::Deleted("gone".into()),
                Change::Untracked("loose".into()),
                Change::Untracked("new/".into()),
                Change::Renamed {
                    from: "old".into(),
                    to: "网络 new".into()
                },
                Change::Modified("stage".into()),
            ]
        );
    }
}
