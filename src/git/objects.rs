//! The files of a revision and their contents (`diff`, `--at`): one `git ls-tree` for the tree,
//! one `git cat-file --batch` process for all the blobs.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use super::{Output, Step, git_command, is_oid, lossy, os, run_ok, spawn_error, verify_commit};
use crate::{Error, Refusal};

/// One file of a tree at a revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeEntry {
    /// Relative to the top of the work tree, `/`-separated.
    pub path: String,
    /// The git file mode: `100644`, `100755`, or `120000` for a symbolic link.
    pub mode: u32,
    /// The blob's object id (hex).
    pub oid: String,
    /// The blob's size in bytes, as git gives it; `None` when git cannot say (a missing
    /// object: git writes `BAD` in its place).
    pub size: Option<u64>,
}

/// Every file of the tree of `rev` (a verified object id, or a revision verified here), with
/// one `git ls-tree -r -l -z --full-tree`. Paths are relative to the top of the work tree;
/// submodules are left out.
pub fn ls_tree(dir: &Path, rev: &str) -> Result<Vec<TreeEntry>, Error> {
    let oid = verify_commit(dir, rev)?;
    let out = run_ok(
        dir,
        Step::ListTree,
        &[
            os("ls-tree"),
            os("-r"),
            os("-l"),
            os("-z"),
            os("--full-tree"),
            os("--end-of-options"),
            os(&oid),
        ],
    )?;
    parse_ls_tree(&out).map_err(|why| Error::Refused(Refusal::GitOutput(Output::LsTree, why)))
}

/// Parses `git ls-tree -l -z` entries: `<mode> SP <type> SP <oid> SP+ <size> TAB <path> NUL`
/// (the size is `-` for what is not a blob).
fn parse_ls_tree(out: &[u8]) -> Result<Vec<TreeEntry>, String> {
    let mut entries = Vec::new();
    for entry in out.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let tab = entry
            .iter()
            .position(|&b| b == b'\t')
            .ok_or("an entry has no tab")?;
        let (meta, path) = (lossy(&entry[..tab]), lossy(&entry[tab + 1..]));
        let mut parts = meta.split(' ').filter(|p| !p.is_empty());
        let (Some(mode), Some(kind), Some(oid), Some(size)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("cannot read the entry `{meta}`"));
        };
        if kind != "blob" {
            continue;
        }
        let size = size.parse::<u64>().ok();
        let mode = u32::from_str_radix(mode, 8).map_err(|_| format!("bad mode `{mode}`"))?;
        if !is_oid(oid) {
            return Err(format!("bad object id `{oid}`"));
        }
        entries.push(TreeEntry {
            path,
            mode,
            oid: oid.to_string(),
            size,
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
        return Err(Error::Refused(Refusal::NotAnObjectId(bad.clone())));
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
    Error::Refused(Refusal::CatFileIncomplete(what.to_string()))
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
        return Err(Error::Refused(Refusal::NotABlob {
            oid: oid.to_string(),
            kind: kind.to_string(),
        }));
    }
    Ok(blob)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::tests::{git, repo, write};

    #[test]
    fn ls_tree_entries_are_parsed() {
        let oid = "a".repeat(40);
        let out = format!(
            "100644 blob {oid}     312\tincidents/网络/INC-1.toml\0160000 commit {oid}       -\tmodule\0120000 blob {oid}      9\tlink\0"
        );
        let entries = parse_ls_tree(out.as_bytes()).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].path, "incidents/网络/INC-1.toml");
        assert_eq!(entries[0].mode, 0o100644);
        assert_eq!(entries[0].size, Some(312));
        assert_eq!(entries[1].mode, 0o120000);
        assert_eq!(entries[1].size, Some(9));
        assert!(parse_ls_tree(b"100644 blob zz 1\tx\0").is_err());
        assert!(parse_ls_tree(format!("100644 blob {oid}\tx\0").as_bytes()).is_err());
        let missing = parse_ls_tree(format!("100644 blob {oid}     BAD\tx\0").as_bytes()).unwrap();
        assert_eq!(missing[0].size, None);
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
