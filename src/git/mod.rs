//! The one door to git: every git command itc runs goes through here. `--changed-since` uses the
//! writing side's questions (what changed since a revision), `diff` and `--at` the reading side
//! (a tree and its blobs at a revision).
//!
//! Safety rules, kept by every function:
//! - a revision given by a person is first verified as a commit (`rev-parse --verify
//!   --end-of-options REV^{commit}`); one starting with `-` is refused before git sees it, and
//!   only the verified object id is passed on;
//! - `--end-of-options` stands before every revision and `--` before every path;
//! - output is read with `-z` as bytes, so no path is quoted or mangled (non-ASCII names work);
//! - a failure is one short message naming the problem (`Error::Git` for a git command that
//!   failed, `Error::UnknownRevision`, else `Error::Refused`; exit 2), never git's usage page.
//!
//! The API:
//! - [`work_tree_prefix`]: where a folder lies in its git work tree (and that it lies in one);
//!   [`worktree_prefix`] says the same without running git, from the `.git` above the folder;
//! - [`verify_commit`], [`merge_base`]: revisions to object ids;
//! - [`changes_since`]: the change set of the work tree since the merge base with a revision,
//!   staged, unstaged and untracked, relative to a folder;
//! - [`ls_tree`], [`cat_blobs`]: the files of a revision and their contents, with one `ls-tree`
//!   and one `cat-file --batch` process;
//! - [`user_email`]: `user.email`, to know who is acting.
//!
//! The files: `mod.rs` runs git and turns revisions into object ids; `changes.rs` lists what
//! changed since a revision; `objects.rs` reads the tree and the blobs of a revision.

mod changes;
mod objects;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{Error, Refusal};

pub use changes::{Change, changes_since, unlike_work_tree};
pub use objects::{Blob, TreeEntry, cat_blobs, ls_tree};

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The first line of git's complaint, for the rare failure with no better message.
fn first_line(stderr: &[u8]) -> String {
    lossy(stderr)
        .lines()
        .map(|l| l.trim().trim_start_matches("fatal: ").to_string())
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(dir)
        .args(["-c", "core.quotepath=off"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    cmd
}

fn spawn_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::Refused(Refusal::GitMissing)
    } else {
        Error::Io(PathBuf::from("git"), e)
    }
}

/// Runs git in `dir` and returns its stdout, or its exit status and stderr.
fn run(dir: &Path, args: &[&OsStr]) -> Result<Result<Vec<u8>, Vec<u8>>, Error> {
    let out = git_command(dir).args(args).output().map_err(spawn_error)?;
    Ok(if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(out.stderr)
    })
}

/// The git command whose output could not be read (`Refusal::GitOutput`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Diff,
    LsTree,
}

/// What git was asked to do, for the error when it could not (`Error::Git`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    ListChanges,
    ListUntracked,
    ListTree,
}

/// Runs git in `dir`; a failure is a short message saying what was asked.
fn run_ok(dir: &Path, step: Step, args: &[&OsStr]) -> Result<Vec<u8>, Error> {
    run(dir, args)?.map_err(|stderr| Error::Git {
        step,
        why: first_line(&stderr).to_string(),
    })
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// The folder `dir` relative to the top of its git work tree (`""` at the top, else ending in
/// `/`). An error when `dir` lies in no git work tree.
pub fn work_tree_prefix(dir: &Path) -> Result<String, Error> {
    let not_a_work_tree = || Error::Refused(Refusal::NotAWorkTree(dir.to_path_buf()));
    let out = run(
        dir,
        &[
            os("rev-parse"),
            os("--is-inside-work-tree"),
            os("--show-prefix"),
        ],
    )?
    .map_err(|_| not_a_work_tree())?;
    let mut lines = out.split(|&b| b == b'\n');
    if lines.next() != Some(b"true".as_slice()) {
        return Err(not_a_work_tree());
    }
    Ok(lossy(lines.next().unwrap_or_default()))
}

/// The path of `root` inside the git work tree that holds it, `/`-separated with a trailing
/// `/` (`records/`), or empty when `root` is the top of the work tree or in none. The work tree's
/// top is the nearest folder at or above `root` holding `.git` (a folder, or the file a linked
/// worktree or submodule has); found without running git.
pub fn worktree_prefix(root: &Path) -> String {
    let root: PathBuf = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let Some(top) = root
        .ancestors()
        .find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
    else {
        return String::new();
    };
    let mut prefix = String::new();
    if let Ok(rel) = root.strip_prefix(top) {
        for part in rel.components() {
            prefix.push_str(&part.as_os_str().to_string_lossy());
            prefix.push('/');
        }
    }
    prefix
}

/// `git config user.email` as seen from `dir`, when git runs and has one (no git, no repository
/// or no email is simply none: who acts is then said otherwise).
pub fn user_email(dir: &Path) -> Option<String> {
    let out = run(dir, &[os("config"), os("user.email")]).ok()?.ok()?;
    let email = String::from_utf8(out).ok()?.trim().to_string();
    (!email.is_empty()).then_some(email)
}

/// The commit `rev` names, as an object id. A revision that starts with `-` is refused before
/// git sees it; an unknown one is a message naming it.
pub fn verify_commit(dir: &Path, rev: &str) -> Result<String, Error> {
    if rev.is_empty() || rev.starts_with('-') || rev.contains(['\0', '\n']) {
        return Err(Error::Refused(Refusal::BadRevision(rev.to_string())));
    }
    let spec = format!("{rev}^{{commit}}");
    let out = run(
        dir,
        &[
            os("rev-parse"),
            os("--verify"),
            os("--quiet"),
            os("--end-of-options"),
            os(&spec),
        ],
    )?;
    let oid = out.ok().map(|o| lossy(&o).trim().to_string());
    match oid {
        Some(oid) if is_oid(&oid) => Ok(oid),
        _ => Err(Error::UnknownRevision(
            rev.to_string(),
            nearest(rev, &ref_names(dir)),
        )),
    }
}

/// The short names of the branches (local and remote) and tags, for "did you mean"; none when
/// git cannot list them.
fn ref_names(dir: &Path) -> Vec<String> {
    let out = run(
        dir,
        &[
            os("for-each-ref"),
            os("--format=%(refname:short)"),
            os("refs/heads"),
            os("refs/tags"),
            os("refs/remotes"),
        ],
    );
    match out {
        Ok(Ok(o)) => lossy(&o).lines().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The names nearest `word` by edit distance (letters in either case), within a third of its
/// length and at least 1, nearest first, at most three.
pub fn nearest(word: &str, names: &[String]) -> Vec<String> {
    let limit = (word.chars().count() / 3).max(1);
    let mut near: Vec<(usize, &String)> = names
        .iter()
        .map(|n| (edit_distance(&word.to_lowercase(), &n.to_lowercase()), n))
        .filter(|&(d, _)| d <= limit)
        .collect();
    near.sort();
    near.dedup_by(|a, b| a.1 == b.1);
    near.into_iter().take(3).map(|(_, n)| n.clone()).collect()
}

/// Levenshtein distance over characters (the git layer's own: it uses no layer above it).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn is_oid(s: &str) -> bool {
    (40..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The best common ancestor of two commits given as object ids (from [`verify_commit`]).
pub fn merge_base(dir: &Path, a: &str, b: &str) -> Result<String, Error> {
    let out = run(
        dir,
        &[os("merge-base"), os("--end-of-options"), os(a), os(b)],
    )?;
    match out.ok().map(|o| lossy(&o).trim().to_string()) {
        Some(oid) if is_oid(&oid) => Ok(oid),
        _ => Err(Error::Refused(Refusal::NoCommonAncestor(
            a.to_string(),
            b.to_string(),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn git(dir: &Path, args: &[&str]) -> Vec<u8> {
        let out = Command::new("git")
            .current_dir(dir)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", lossy(&out.stderr));
        out.stdout
    }

    pub(super) fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q", "-b", "main"]);
        dir
    }

    pub(super) fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn option_like_and_unknown_revisions_are_refused() {
        let dir = repo();
        write(dir.path(), "a", "1");
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-qm", "one"]);
        for rev in ["--output=x", "-h", "", "a\nb"] {
            let err = verify_commit(dir.path(), rev).unwrap_err();
            assert!(
                matches!(err, Error::Refused(Refusal::BadRevision(_))),
                "{rev}: {err:?}"
            );
        }
        assert!(!dir.path().join("x").exists());
        let Err(Error::UnknownRevision(rev, _)) = verify_commit(dir.path(), "no-such") else {
            panic!("accepted an unknown revision");
        };
        assert_eq!(rev, "no-such");
        assert!(is_oid(&verify_commit(dir.path(), "main").unwrap()));
        let outside = tempfile::tempdir().unwrap();
        let Err(Error::Refused(Refusal::NotAWorkTree(dir))) = work_tree_prefix(outside.path())
        else {
            panic!("a folder outside git is a work tree");
        };
        assert_eq!(dir, outside.path());
    }
}
