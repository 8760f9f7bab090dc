//! Records by id: finding one (short forms accepted), and allocating the next id of a kind.

use std::path::{Path, PathBuf};

use crate::output::catalog::errors;
use crate::repo::Repo;
use crate::rules::Kind;
use crate::{Error, Lang};

/// A record by id: its file and kind. Ids are checked first, so none can name a path outside
/// the repository; a short id is accepted as `resolve` says.
pub fn find(repo: &Repo, id: &str) -> Result<(PathBuf, usize), Error> {
    resolve(repo, id).map(|(_, path, kind)| (path, kind))
}

/// The parts of `PREFIX-YEAR-N[-TAG]` after the kind's prefix (matched without regard to case):
/// the year, the number as a number, and the tag or its beginning.
fn id_parts<'a>(id: &'a str, prefix: &str) -> Option<(&'a str, u64, &'a str)> {
    let head = id.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = id[prefix.len()..].strip_prefix('-')?;
    let mut parts = rest.splitn(3, '-');
    let year = parts.next()?;
    let digits = parts.next()?;
    let tag = parts.next().unwrap_or("");
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(year) || !all_digits(digits) {
        return None;
    }
    Some((year, digits.parse().ok()?, tag))
}

/// A record by id, short forms accepted: its full id (the file's name), file and kind.
///
/// - The full id (`INC-2026-0020-8et`) names its record.
/// - `PREFIX-YEAR-N` names the record of that kind and year whose number equals N as a number
///   (`INC-2026-20` and `INC-2026-0020` both name `INC-2026-0020-8et`); a following `-T` names
///   the one whose tag begins with T (`INC-2026-20-8`). Letters match in either case.
///
/// Two records matching (ids made on different branches share a number) is a usage error that
/// lists them.
pub fn resolve(repo: &Repo, id: &str) -> Result<(String, PathBuf, usize), Error> {
    let known_form = repo
        .rules
        .kinds
        .iter()
        .any(|k| crate::check::id_format_ok(id, k) || id_parts(id, &k.prefix).is_some());
    if !known_form {
        return Err(Error::usage(
            errors::not_an_id(Lang::Zh, id),
            errors::not_an_id(Lang::En, id),
        ));
    }
    let stem = |p: &Path| p.file_stem().and_then(|s| s.to_str()).map(str::to_string);
    if let Some(file) = repo
        .files
        .iter()
        .find(|f| stem(&f.path).as_deref() == Some(id))
    {
        return Ok((id.to_string(), file.path.clone(), file.kind));
    }
    let mut found: Vec<(String, PathBuf, usize)> = Vec::new();
    for crate::repo::RecordFile { path, kind, .. } in &repo.files {
        let Some(full) = stem(path) else { continue };
        let prefix = &repo.rules.kinds[*kind].prefix;
        let (Some(want), Some(have)) = (id_parts(id, prefix), id_parts(&full, prefix)) else {
            continue;
        };
        let tag_fits = have
            .2
            .get(..want.2.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(want.2));
        if want.0 == have.0 && want.1 == have.1 && tag_fits {
            found.push((full, path.clone(), *kind));
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::usage(
            errors::no_record(Lang::Zh, id),
            errors::no_record(Lang::En, id),
        )),
        _ => {
            let list: Vec<String> = found
                .iter()
                .map(|(full, path, _)| {
                    format!("  {full}  {}", crate::repo::relative(&repo.root, path))
                })
                .collect();
            let list = list.join("\n");
            Err(Error::usage(
                errors::id_ambiguous(Lang::Zh, id, &list),
                errors::id_ambiguous(Lang::En, id, &list),
            ))
        }
    }
}

/// A short random tag that keeps ids made on different branches apart: three characters of an
/// unambiguous alphabet, from the process's random hashing keys and the clock.
fn tag() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    let mut n = h.finish();
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    (0..3)
        .map(|_| {
            let c = ALPHABET[(n % ALPHABET.len() as u64) as usize] as char;
            n /= ALPHABET.len() as u64;
            c
        })
        .collect()
}

/// The next id of a kind for a year: `PREFIX-YEAR-NNNN-tag`, NNNN one past the highest number
/// among the kind's records of that year. Called under the repository lock. The numbers are
/// 32-bit: past the last one, no id is made (never one that wraps round to a used number).
pub(super) fn next_id(root: &Path, kind: &Kind, year: i32) -> Result<String, Error> {
    let prefix = format!("{}-{year}-", kind.prefix);
    let mut max = 0u32;
    let exhausted = || Error::IdsExhausted(prefix.clone());
    for entry in walkdir::WalkDir::new(root.join(&kind.folder))
        .into_iter()
        .filter_map(Result::ok)
    {
        let Some(stem) = entry.path().file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let Some(digits) = stem
            .strip_prefix(&prefix)
            .and_then(|r| r.split('-').next())
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        // A number too large for the counter uses the space up as surely as its last one.
        max = max.max(digits.parse::<u32>().map_err(|_| exhausted())?);
    }
    let next = max.checked_add(1).ok_or_else(exhausted)?;
    Ok(format!("{prefix}{next:04}-{}", tag()))
}
