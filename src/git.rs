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
//! - a failure is one short message naming the problem (`Error::usage`, exit 2), never git's
//!   usage page.
//!
//! The API:
//! - [`work_tree_prefix`]: where a folder lies in its git work tree (and that it lies in one);
//! - [`verify_commit`], [`merge_base`]: revisions to object ids;
//! - [`changes_since`]: the change set of the work tree since the merge base with a revision,
//!   staged, unstaged and untracked, relative to a folder;
//! - [`ls_tree`], [`cat_blobs`]: the files of a revision and their contents, with one `ls-tree`
//!   and one `cat-file --batch` process;
//! - [`user_email`]: `user.email`, to know who is acting.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Error;

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

/// One file of a tree at a revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeEntry {
    /// Relative to the top of the work tree, `/`-separated.
    pub path: String,
    /// The git file mode: `100644`, `100755`, or `120000` for a symbolic link.
    pub mode: u32,
    /// The blob's object id (hex).
    pub oid: String,
}

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
        Error::usage(
            "找不到 git 程序;请安装 git 并确保它在 PATH 中",
            "the git program was not found; install git and put it on PATH",
        )
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

/// Runs git in `dir`; a failure is a short message saying what was asked.
fn run_ok(dir: &Path, what_zh: &str, what_en: &str, args: &[&OsStr]) -> Result<Vec<u8>, Error> {
    run(dir, args)?.map_err(|stderr| {
        let why = first_line(&stderr);
        Error::usage(
            format!("git 无法{what_zh}:{why}"),
            format!("git could not {what_en}: {why}"),
        )
    })
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// The folder `dir` relative to the top of its git work tree (`""` at the top, else ending in
/// `/`). An error when `dir` lies in no git work tree.
pub fn work_tree_prefix(dir: &Path) -> Result<String, Error> {
    let not_a_work_tree = || {
        Error::usage(
            format!("{} 不在 git 工作区中", dir.display()),
            format!("{} is not inside a git work tree", dir.display()),
        )
    };
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
        return Err(Error::usage(
            format!(
                "`{}` 不是 git 版本(版本不能为空,也不能以 - 开头)",
                rev.escape_debug()
            ),
            format!(
                "`{}` is not a git revision (a revision is not empty and does not start with -)",
                rev.escape_debug()
            ),
        ));
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
        _ => Err(Error::usage(
            format!("未知的 git 版本 `{rev}`(不是提交)"),
            format!("unknown git revision `{rev}` (not a commit)"),
        )),
    }
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
        _ => Err(Error::usage(
            format!("{a} 与 {b} 没有共同祖先"),
            format!("{a} and {b} have no common ancestor"),
        )),
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
    let from = merge_base(dir, &base, &head).map_err(|_| {
        Error::usage(
            format!("`{rev}` 与 HEAD 没有共同祖先"),
            format!("`{rev}` and HEAD have no common ancestor"),
        )
    })?;
    let diff = run_ok(
        dir,
        "列出改动",
        "list the changes",
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
    let mut changes = parse_raw(&diff).map_err(|why| {
        Error::usage(
            format!("无法读取 git diff 的输出:{why}"),
            format!("cannot read the output of git diff: {why}"),
        )
    })?;
    let untracked = run_ok(
        dir,
        "列出未跟踪的文件",
        "list the untracked files",
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

/// Every file of the tree of `rev` (a verified object id, or a revision verified here), with
/// one `git ls-tree -r -z --full-tree`. Paths are relative to the top of the work tree;
/// submodules are left out.
pub fn ls_tree(dir: &Path, rev: &str) -> Result<Vec<TreeEntry>, Error> {
    let oid = verify_commit(dir, rev)?;
    let out = run_ok(
        dir,
        "列出文件树",
        "list the tree",
        &[
            os("ls-tree"),
            os("-r"),
            os("-z"),
            os("--full-tree"),
            os("--end-of-options"),
            os(&oid),
        ],
    )?;
    parse_ls_tree(&out).map_err(|why| {
        Error::usage(
            format!("无法读取 git ls-tree 的输出:{why}"),
            format!("cannot read the output of git ls-tree: {why}"),
        )
    })
}

/// Parses `git ls-tree -z` entries: `<mode> SP <type> SP <oid> TAB <path> NUL`.
fn parse_ls_tree(out: &[u8]) -> Result<Vec<TreeEntry>, String> {
    let mut entries = Vec::new();
    for entry in out.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let tab = entry
            .iter()
            .position(|&b| b == b'\t')
            .ok_or("an entry has no tab")?;
        let (meta, path) = (lossy(&entry[..tab]), lossy(&entry[tab + 1..]));
        let mut parts = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("cannot read the entry `{meta}`"));
        };
        if kind != "blob" {
            continue;
        }
        let mode = u32::from_str_radix(mode, 8).map_err(|_| format!("bad mode `{mode}`"))?;
        if !is_oid(oid) {
            return Err(format!("bad object id `{oid}`"));
        }
        entries.push(TreeEntry {
            path,
            mode,
            oid: oid.to_string(),
        });
    }
    Ok(entries)
}

/// One object as [`cat_blobs`] hands it over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blob {
    /// Its bytes: no more than the limit.
    Bytes(Vec<u8>),
    /// Larger than the limit: the size git announced. Its bytes were read past, never held.
    TooLarge(u64),
    /// git does not have it (a damaged object store, or a shallow or partial clone).
    Missing,
}

/// Reads the blobs `oids` through one `git cat-file --batch` process, handing each one to `f`
/// with its index, in order. A blob larger than `limit` bytes is skipped as it streams past,
/// judged by the size git announces before the bytes; a missing object is said on its own and
/// the others are still read. The ids are written by a second thread while the contents are
/// read, so neither pipe can fill up and stall the other.
pub fn cat_blobs(
    dir: &Path,
    oids: &[String],
    limit: u64,
    mut f: impl FnMut(usize, Blob) -> Result<(), Error>,
) -> Result<(), Error> {
    if let Some(bad) = oids.iter().find(|o| !is_oid(o)) {
        return Err(Error::usage(
            format!("`{}` 不是 git 对象编号", bad.escape_debug()),
            format!("`{}` is not a git object id", bad.escape_debug()),
        ));
    }
    if oids.is_empty() {
        return Ok(());
    }
    let mut child = git_command(dir)
        .args(["cat-file", "--batch", "--buffer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(spawn_error)?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(broken("no pipe"));
    };
    let ids: Vec<u8> = oids
        .iter()
        .flat_map(|o| format!("{o}\n").into_bytes())
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(&ids));
    let mut reader = BufReader::new(stdout);
    let mut result = Ok(());
    for (i, oid) in oids.iter().enumerate() {
        let blob = match read_one(&mut reader, oid, limit) {
            Ok(blob) => blob,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        if let Err(e) = f(i, blob) {
            result = Err(e);
            break;
        }
    }
    // On an early stop git may still be writing: close our end so it ends, then reap it.
    drop(reader);
    let _ = writer.join();
    let _ = child.wait();
    result
}

fn broken(what: &str) -> Error {
    Error::usage(
        format!("git cat-file 的输出不完整:{what}"),
        format!("git cat-file gave incomplete output: {what}"),
    )
}

/// Reads one object's answer from `git cat-file --batch`: `<oid> <type> <size>` and the bytes
/// with a newline after them, or `<oid> missing`. Bytes past `limit` are read into nothing.
fn read_one(reader: &mut impl BufRead, oid: &str, limit: u64) -> Result<Blob, Error> {
    let mut header = Vec::new();
    if reader
        .read_until(b'\n', &mut header)
        .map_err(|e| Error::Io(PathBuf::from("git cat-file"), e))?
        == 0
    {
        return Err(broken("it ended early"));
    }
    let line = lossy(&header);
    let parts: Vec<&str> = line.trim_end().split(' ').collect();
    let (kind, size) = match parts[..] {
        [_, kind, size] => (kind, size),
        // `missing` (or `ambiguous`, `excluded`): nothing follows.
        [_, _] => return Ok(Blob::Missing),
        _ => return Err(broken(&line)),
    };
    let Ok(size) = size.parse::<u64>() else {
        return Err(broken(&line));
    };
    let cut = || broken("an object was cut short");
    let blob = if size > limit {
        let skipped = std::io::copy(&mut reader.by_ref().take(size), &mut std::io::sink())
            .map_err(|_| cut())?;
        if skipped != size {
            return Err(cut());
        }
        Blob::TooLarge(size)
    } else {
        let mut bytes = Vec::with_capacity(usize::try_from(size).map_err(|_| cut())?);
        reader
            .by_ref()
            .take(size)
            .read_to_end(&mut bytes)
            .map_err(|_| cut())?;
        if bytes.len() as u64 != size {
            return Err(cut());
        }
        Blob::Bytes(bytes)
    };
    let mut newline = [0u8; 1];
    reader.read_exact(&mut newline).map_err(|_| cut())?;
    if kind != "blob" {
        return Err(Error::usage(
            format!("git 对象 {oid} 是 {kind},不是文件"),
            format!("git object {oid} is a {kind}, not a file"),
        ));
    }
    Ok(blob)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) -> Vec<u8> {
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

    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q", "-b", "main"]);
        dir
    }

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

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
    fn ls_tree_entries_are_parsed() {
        let oid = "a".repeat(40);
        let out = format!(
            "100644 blob {oid}\tincidents/网络/INC-1.toml\0160000 commit {oid}\tmodule\0120000 blob {oid}\tlink\0"
        );
        let entries = parse_ls_tree(out.as_bytes()).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].path, "incidents/网络/INC-1.toml");
        assert_eq!(entries[0].mode, 0o100644);
        assert_eq!(entries[1].mode, 0o120000);
        assert!(parse_ls_tree(b"100644 blob zz\tx\0").is_err());
    }

    #[test]
    fn option_like_and_unknown_revisions_are_refused() {
        let dir = repo();
        write(dir.path(), "a", "1");
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-qm", "one"]);
        for rev in ["--output=x", "-h", "", "a\nb"] {
            let err = verify_commit(dir.path(), rev).unwrap_err();
            assert!(matches!(err, Error::Usage { .. }), "{rev}: {err:?}");
        }
        assert!(!dir.path().join("x").exists());
        let Err(Error::Usage { en, .. }) = verify_commit(dir.path(), "no-such") else {
            panic!("accepted an unknown revision");
        };
        assert_eq!(en, "unknown git revision `no-such` (not a commit)");
        assert!(is_oid(&verify_commit(dir.path(), "main").unwrap()));
        let outside = tempfile::tempdir().unwrap();
        let Err(Error::Usage { en, .. }) = work_tree_prefix(outside.path()) else {
            panic!("a folder outside git is a work tree");
        };
        assert!(en.ends_with("is not inside a git work tree"), "{en}");
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

    #[test]
    fn a_tree_and_its_blobs_are_read_at_a_revision() {
        let dir = repo();
        let d = dir.path();
        write(d, "incidents/网络/INC-1.toml", "id = \"INC-1\"\n");
        write(d, "b.bin", "\0\n\x01two lines\n");
        git(d, &["add", "-A"]);
        git(d, &["commit", "-qm", "base"]);
        write(d, "b.bin", "later\n");
        let tree = ls_tree(d, "HEAD").unwrap();
        let paths: Vec<&str> = tree.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["b.bin", "incidents/网络/INC-1.toml"]);
        // Many blobs through one process, in order, repeats included.
        let mut oids: Vec<String> = tree.iter().map(|e| e.oid.clone()).collect();
        oids.extend(std::iter::repeat_n(tree[0].oid.clone(), 500));
        let mut got = Vec::new();
        cat_blobs(d, &oids, 1 << 20, |i, blob| {
            got.push((i, blob));
            Ok(())
        })
        .unwrap();
        assert_eq!(got.len(), 502);
        assert_eq!(got[0].1, Blob::Bytes(b"\0\n\x01two lines\n".to_vec()));
        assert_eq!(got[1].1, Blob::Bytes(b"id = \"INC-1\"\n".to_vec()));
        assert!(got.iter().enumerate().all(|(n, (i, _))| n == *i));
        // A missing object is said on its own; the objects after it are still read.
        let missing = "0".repeat(40);
        let mut got = Vec::new();
        cat_blobs(
            d,
            &[missing.clone(), tree[1].oid.clone()],
            1 << 20,
            |i, blob| {
                got.push((i, blob));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(
            got,
            [
                (0, Blob::Missing),
                (1, Blob::Bytes(b"id = \"INC-1\"\n".to_vec()))
            ]
        );
        // A stop asked by the caller ends cleanly.
        let stop = cat_blobs(d, &oids, 1 << 20, |_, _| Err(Error::usage("停", "stop")));
        assert!(matches!(stop, Err(Error::Usage { .. })));
        assert!(cat_blobs(d, &["HEAD".to_string()], 1 << 20, |_, _| Ok(())).is_err());
    }

    #[test]
    fn blobs_over_the_limit_are_skipped_by_their_announced_size() {
        let dir = repo();
        let d = dir.path();
        // 3 MB of one line: a few KB in git.
        write(d, "big", &"x".repeat(3_000_000));
        write(d, "small", "small\n");
        write(d, "exact", "12345678");
        git(d, &["add", "-A"]);
        git(d, &["commit", "-qm", "base"]);
        let tree = ls_tree(d, "HEAD").unwrap();
        let oid = |name: &str| tree.iter().find(|e| e.path == name).unwrap().oid.clone();
        let oids = [oid("big"), oid("small"), oid("big"), oid("exact")];
        let mut got = Vec::new();
        cat_blobs(d, &oids, 8, |i, blob| {
            got.push((i, blob));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            got,
            [
                (0, Blob::TooLarge(3_000_000)),
                (1, Blob::Bytes(b"small\n".to_vec())),
                (2, Blob::TooLarge(3_000_000)),
                (3, Blob::Bytes(b"12345678".to_vec())),
            ]
        );
        // The reader itself: the bytes past the limit are consumed, never kept, and the next
        // answer is read from where they end.
        let answer = format!(
            "{a} blob 20\n{big}\n{b} blob 2\nok\n{c} missing\n",
            a = "a".repeat(40),
            big = "y".repeat(20),
            b = "b".repeat(40),
            c = "c".repeat(40)
        );
        let mut reader = std::io::Cursor::new(answer.into_bytes());
        assert_eq!(read_one(&mut reader, "a", 10).unwrap(), Blob::TooLarge(20));
        assert_eq!(
            read_one(&mut reader, "b", 10).unwrap(),
            Blob::Bytes(b"ok".to_vec())
        );
        assert_eq!(read_one(&mut reader, "c", 10).unwrap(), Blob::Missing);
        assert!(read_one(&mut reader, "d", 10).is_err());
        // Cut short while skipping: an error, not a blob.
        let cut = format!("{} blob 20\nyyy", "a".repeat(40));
        assert!(read_one(&mut std::io::Cursor::new(cut.into_bytes()), "a", 10).is_err());
    }
}
