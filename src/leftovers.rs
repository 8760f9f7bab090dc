//! Leftovers of an interrupted write: the temporary copy `.NAME.HOST-PID-N.tmp` that a write
//! renames into place, and `.itc.lock`, the repository lock, which names its holder (`PID HOST`).
//! A process killed mid-write leaves them behind. Writers remove the ones whose process is
//! provably gone (written on this host, and no such process runs here); `check` warns about
//! each with its age. Whatever cannot be proven dead is left alone.
//!
//! `itc edit`'s working copy, `.STEM.HOST-PID-N.edit.EXT` beside the record, is one too once
//! its `itc edit` is gone (killed, or ended keeping an edit it could not write). `check` warns
//! about it the same way, but no writer ever removes it: it may hold edits the user still wants.

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::diag::{Code, Diag, Leftover, Phrase};
use crate::record::value::Span;
use crate::repo::{Repo, relative};

/// The repository lock, in the root.
pub const LOCK_FILE: &str = ".itc.lock";

/// Below this age a leftover whose owner cannot be judged (another host, an empty lock file) may
/// still belong to a running write; `check` says nothing about it yet.
const UNSURE_AGE: Duration = Duration::from_secs(600);

/// This machine's name, made safe for a file name (letters, digits and `-`), or `unknown`.
pub fn host() -> String {
    let raw = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_default();
    let clean: String = raw
        .trim()
        .chars()
        .take(63)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() {
        "unknown".into()
    } else {
        clean
    }
}

/// Whether process `pid` runs on this machine: `None` when that cannot be known (no `/proc`).
fn pid_alive(pid: u32) -> Option<bool> {
    if !Path::new("/proc/self").exists() {
        return None;
    }
    Some(Path::new(&format!("/proc/{pid}")).exists())
}

/// Whether a leftover's writer is provably gone: it wrote on this host, and its pid runs no more.
fn provably_dead(owner_host: &str, pid: u32) -> bool {
    owner_host != "unknown"
        && owner_host == host()
        && pid != std::process::id()
        && pid_alive(pid) == Some(false)
}

/// The name of a write's temporary copy of `name`, in the same folder.
pub fn tmp_name(name: &str, attempt: u32) -> String {
    format!(".{name}.{}-{}-{attempt}.tmp", host(), std::process::id())
}

/// The name of `itc edit`'s working copy of the record `stem.ext`, in the record's folder:
/// hidden, never read as a record, and ending in the record's extension so that editors know
/// its format.
pub fn edit_name(stem: &str, ext: &str, attempt: u32) -> String {
    format!(
        ".{stem}.{}-{}-{attempt}.edit.{ext}",
        host(),
        std::process::id()
    )
}

/// `(record file name, host, pid)` of an editing copy's file name.
fn parse_edit(file_name: &str) -> Option<(String, &str, u32)> {
    let body = file_name.strip_prefix('.')?;
    let (body, ext) = body.rsplit_once('.')?;
    if !matches!(ext, "toml" | "yaml" | "yml") {
        return None;
    }
    let (stem, tag) = body.strip_suffix(".edit")?.rsplit_once('.')?;
    let (host, pid) = parse_tag(tag)?;
    (!stem.is_empty()).then(|| (format!("{stem}.{ext}"), host, pid))
}

/// Whether a hidden file in a kind folder is named like a leftover: a write's temporary copy
/// or an editing copy.
pub fn looks_left_over(file_name: &[u8]) -> bool {
    let Ok(name) = std::str::from_utf8(file_name) else {
        return false;
    };
    parse_tmp(name).is_some() || parse_edit(name).is_some()
}

/// `(host, pid)` of `HOST-PID-N`.
fn parse_tag(tag: &str) -> Option<(&str, u32)> {
    let mut parts = tag.rsplitn(3, '-');
    parts.next()?.parse::<u32>().ok()?;
    let pid = parts.next()?.parse::<u32>().ok()?;
    let host = parts.next().filter(|h| !h.is_empty())?;
    Some((host, pid))
}

/// `(target name, host, pid)` of a temporary copy's file name.
fn parse_tmp(file_name: &str) -> Option<(&str, &str, u32)> {
    let body = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (name, tag) = body.rsplit_once('.')?;
    let (host, pid) = parse_tag(tag)?;
    (!name.is_empty()).then_some((name, host, pid))
}

/// `(pid, host)` written in a lock file by its holder.
pub fn lock_owner(text: &str) -> Option<(u32, String)> {
    let mut words = text.split_whitespace();
    let pid = words.next()?.parse().ok()?;
    let host = words.next()?.to_string();
    Some((pid, host))
}

/// What a lock file holds: its holder, for those who wait.
pub fn lock_text() -> String {
    format!("{} {}\n", std::process::id(), host())
}

/// Removes, from `dir` (not below it), the temporary copies whose writer is provably gone.
/// Anything that fails is left as it is: this is tidying, not the write.
pub fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((_, owner, pid)) = name.to_str().and_then(parse_tmp) else {
            continue;
        };
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && provably_dead(owner, pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `3d 4h`, `2h 5m`, `45m`, `12s`: the notation of durations in records.
fn age_text(age: Duration) -> String {
    let s = age.as_secs();
    let (d, h, m) = (s / 86_400, s / 3_600 % 24, s / 60 % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

fn age_of(path: &Path) -> Option<Duration> {
    let modified = std::fs::symlink_metadata(path).ok()?.modified().ok()?;
    Some(
        SystemTime::now()
            .duration_since(modified)
            .unwrap_or(Duration::ZERO),
    )
}

/// Whether `check` should report a leftover: its owner is gone, or cannot be judged and the
/// file is older than any write takes.
fn stale(owner: Option<(&str, u32)>, age: Duration) -> bool {
    match owner {
        Some((h, pid)) if h == host() && pid_alive(pid) == Some(true) => false,
        Some((h, pid)) if provably_dead(h, pid) => true,
        _ => age >= UNSURE_AGE,
    }
}

fn finding(code: Code, root: &Path, path: &Path, what: Phrase, age: Duration) -> Diag {
    Diag::new(code, &relative(root, path), Span::START)
        .arg("what", what)
        .arg("age", age_text(age))
}

/// The leftovers of interrupted writes in the repository: the lock file in the root and the
/// temporary copies the walk of the kind folders found (links are not followed, hidden folders
/// not entered).
pub fn findings(repo: &Repo) -> Vec<Diag> {
    let mut found = Vec::new();
    // A revision read from git (`--at`) has no interrupted writes: only the working tree can.
    if repo.revision().is_some() {
        return found;
    }
    let lock = repo.root.join(LOCK_FILE);
    if let Ok(meta) = std::fs::symlink_metadata(&lock)
        && meta.is_file()
        && let Some(age) = age_of(&lock)
    {
        let owner = std::fs::read_to_string(&lock)
            .ok()
            .as_deref()
            .and_then(lock_owner);
        if stale(owner.as_ref().map(|(p, h)| (h.as_str(), *p)), age) {
            let what = Phrase::RepositoryLock(owner);
            found.push(finding(Code::W0120, &repo.root, &lock, what, age));
        }
    }
    // The temporary and editing copies were found by the walk that found the records.
    for path in &repo.temporaries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let (code, target, owner, pid, copy): (_, _, _, _, fn(Leftover) -> Phrase) =
            if let Some((t, o, p)) = parse_tmp(&name) {
                (Code::W0120, t.to_string(), o, p, Phrase::TemporaryCopy)
            } else if let Some((t, o, p)) = parse_edit(&name) {
                (Code::W0121, t, o, p, Phrase::EditingCopy)
            } else {
                continue;
            };
        let Some(age) = age_of(path) else {
            continue;
        };
        if stale(Some((owner, pid)), age) {
            let what = copy(Leftover {
                target,
                owner: owner.to_string(),
                pid,
            });
            found.push(finding(code, &repo.root, path, what, age));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_say_whose_they_are() {
        let name = tmp_name("INC-2026-0001.toml", 3);
        let (target, h, pid) = parse_tmp(&name).unwrap();
        assert_eq!(target, "INC-2026-0001.toml");
        assert_eq!(h, host());
        assert_eq!(pid, std::process::id());
        assert_eq!(
            parse_tmp(".a.b.toml.my-host-12-0.tmp"),
            Some(("a.b.toml", "my-host", 12))
        );
        assert_eq!(parse_tmp(".INC-1.toml"), None);
        assert_eq!(parse_tmp(".x.tmp"), None);
    }

    #[test]
    fn editing_copies_say_whose_they_are_and_are_never_swept() {
        let name = edit_name("INC-2026-0001-x7k", "yaml", 2);
        assert!(name.starts_with(".INC-2026-0001-x7k.") && name.ends_with("-2.edit.yaml"));
        let (target, h, pid) = parse_edit(&name).unwrap();
        assert_eq!(target, "INC-2026-0001-x7k.yaml");
        assert_eq!(h, host());
        assert_eq!(pid, std::process::id());
        assert!(looks_left_over(name.as_bytes()));
        assert!(looks_left_over(tmp_name("a.toml", 0).as_bytes()));
        assert_eq!(parse_edit(".a.b-1-0.edit.txt"), None);
        assert_eq!(parse_edit(".a.b-1-0.toml"), None);
        assert!(!looks_left_over(b".gitkeep"));
        // A writer's tidying leaves an editing copy of a gone process alone.
        let dir = tempfile::tempdir().unwrap();
        let mut ended = std::process::Command::new("true").spawn().unwrap();
        ended.wait().unwrap();
        let copy = format!(".INC-1.{}-{}-0.edit.toml", host(), ended.id());
        let tmp = format!(".INC-1.toml.{}-{}-0.tmp", host(), ended.id());
        std::fs::write(dir.path().join(&copy), "edits").unwrap();
        std::fs::write(dir.path().join(&tmp), "half").unwrap();
        sweep(dir.path());
        assert!(dir.path().join(&copy).exists());
        if pid_alive(ended.id()) == Some(false) {
            assert!(!dir.path().join(&tmp).exists());
        }
    }

    #[test]
    fn lock_files_name_their_holder() {
        let (pid, h) = lock_owner(&lock_text()).unwrap();
        assert_eq!(pid, std::process::id());
        assert_eq!(h, host());
        assert_eq!(lock_owner(""), None);
    }

    #[test]
    fn ages_read_like_durations() {
        assert_eq!(age_text(Duration::from_secs(12)), "12s");
        assert_eq!(age_text(Duration::from_secs(45 * 60)), "45m");
        assert_eq!(age_text(Duration::from_secs(2 * 3600 + 5 * 60)), "2h 5m");
        assert_eq!(
            age_text(Duration::from_secs(3 * 86_400 + 4 * 3600)),
            "3d 4h"
        );
    }

    #[test]
    fn this_process_is_never_dead() {
        assert!(!provably_dead(&host(), std::process::id()));
        assert!(!provably_dead("unknown", u32::MAX));
    }
}
