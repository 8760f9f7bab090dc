//! Records by id: finding one (short forms accepted), and allocating the next id of a kind.

use std::path::{Path, PathBuf};

use crate::output::catalog::{errors, excel};
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
        let near = nearest_ids(repo, id);
        return Err(Error::usage(
            errors::not_an_id(Lang::Zh, id) + &excel::did_you_mean_after(Lang::Zh, &near),
            errors::not_an_id(Lang::En, id) + &excel::did_you_mean_after(Lang::En, &near),
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
        0 => {
            let near = nearest_ids(repo, id);
            Err(Error::usage(
                errors::no_record(Lang::Zh, id) + &excel::did_you_mean_after(Lang::Zh, &near),
                errors::no_record(Lang::En, id) + &excel::did_you_mean_after(Lang::En, &near),
            ))
        }
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

/// The ids of the repository nearest `id` by edit distance, for "did you mean": each record's
/// id is compared in full (`INC-2026-0020-8et`), without its tag (`INC-2026-0020`) and in the
/// short form (`INC-2026-20`), whichever is nearest, letters in either case; within a third of
/// the length of `id` (at least 1), nearest first, at most three.
fn nearest_ids(repo: &Repo, id: &str) -> Vec<String> {
    use crate::record::value::edit_distance;
    let word = id.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut near: Vec<(usize, String)> = Vec::new();
    for f in &repo.files {
        let Some(full) = f.path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let mut forms = vec![full.to_string()];
        if let Some(kind) = repo.rules.kinds.get(f.kind)
            && let Some((year, n, tag)) = id_parts(full, &kind.prefix)
        {
            let untagged = full.strip_suffix(tag).map(|s| s.trim_end_matches('-'));
            forms.extend(untagged.map(str::to_string));
            forms.push(format!("{}-{year}-{n}", kind.prefix));
        }
        let d = forms
            .iter()
            .map(|f| edit_distance(&word, &f.to_lowercase()))
            .min()
            .unwrap_or(usize::MAX);
        if d <= limit {
            near.push((d, full.to_string()));
        }
    }
    near.sort();
    near.dedup();
    near.into_iter().take(3).map(|(_, n)| n).collect()
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
