//! `itc fmt`: rewrite records in the canonical layout, or list those that differ (`--check`).

use std::path::{Path, PathBuf};

use crate::cli::Global;
use crate::entry::format::{FormatError, format_tree};
use crate::record::{Format, MAX_FILE_BYTES};
use crate::repo::{ReadError, Repo, prove_text, read_inside, write_record};
use crate::workflow::{Lock, Wait};
use crate::{Error, Lang, print_err, print_out};

/// Rewrite records in the canonical layout (like cargo fmt); --check lists what would change
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders (default: every record)
    pub paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted and exit 1 if any
    #[arg(long)]
    pub check: bool,
    /// Seconds to wait for another itc writing in this repository
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub lock_timeout: u64,
}

/// Why a file was left as it is.
enum Skip {
    /// It cannot be read (or is not a regular file inside the root): why, in both languages.
    Unreadable(String, String),
    TooLarge(u64),
    /// It does not parse (nor is it UTF-8): `itc check` says why.
    Parse,
    /// A comment on this line has no place in the canonical layout.
    Comment(u32),
    /// The formatted text would not hold the same values, or could not be written: why, in
    /// both languages.
    Unwritten(String, String),
}

/// A record's text, read as every command reads records (`repo::read_inside`): only a regular
/// file inside the root (never a device, a FIFO or a link out of the root, which could hang or
/// read what is not the repository's), and no further than the size limit.
fn read(root: &Path, path: &Path) -> Result<String, Skip> {
    let bytes = read_inside(root, path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::TooLarge(size) => Skip::TooLarge(size),
        ReadError::NotRegular(what) => Skip::Unreadable(what.zh, what.en),
        ReadError::Io(e) => Skip::Unreadable(e.to_string(), e.to_string()),
    })?;
    String::from_utf8(bytes).map_err(|_| Skip::Parse)
}

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let start = super::start_dir(g)?;
    let repo = Repo::open(&start)?;
    let lang = Lang::resolve(g.lang, repo.config.lang);
    let scope = super::Scope::new(&start, &repo.root, &args.paths)?;
    // Read and rewrite under the lock, so that no concurrent `set` or `advance` is lost.
    let _lock = match args.check {
        true => None,
        false => Some(Lock::take(
            &repo.root,
            &Wait {
                timeout: std::time::Duration::from_secs(args.lock_timeout),
                lang,
            },
        )?),
    };
    let (mut changed, mut left_alone) = (Vec::new(), Vec::new());
    let mut swept: Vec<PathBuf> = Vec::new();
    for file in &repo.files {
        let (path, kind, rel) = (&file.path, &file.kind, file.rel.clone());
        if !scope.holds(&rel) {
            continue;
        }
        let text = match read(&repo.root, path) {
            Ok(t) => t,
            Err(skip) => {
                left_alone.push((rel, skip));
                continue;
            }
        };
        let fmt = Format::from_path(path).unwrap_or(Format::Toml);
        let kind = &repo.rules.kinds[*kind];
        match format_tree(&text, fmt, &repo.rules, kind, repo.config.tz) {
            Ok((out, _)) if out == text => {}
            Ok((out, intended)) => {
                let done = if args.check {
                    prove_text(path, &out, fmt, &intended)
                } else {
                    if let Some(dir) = path.parent().filter(|d| !swept.iter().any(|s| s == d)) {
                        crate::leftovers::sweep(dir);
                        swept.push(dir.to_path_buf());
                    }
                    write_record(&repo.root, path, &out, fmt, &intended)
                };
                match done {
                    Ok(()) => changed.push(rel),
                    Err(Error::Usage { zh, en } | Error::Invalid { zh, en }) => {
                        left_alone.push((rel, Skip::Unwritten(zh, en)))
                    }
                    Err(Error::Io(p, e)) => left_alone.push((
                        rel,
                        Skip::Unwritten(
                            format!("无法写入 {}:{e}", p.display()),
                            format!("cannot write {}: {e}", p.display()),
                        ),
                    )),
                    Err(e) => return Err(e),
                }
            }
            Err(FormatError::Parse) => left_alone.push((rel, Skip::Parse)),
            Err(FormatError::Comment(line)) => left_alone.push((rel, Skip::Comment(line))),
        }
    }
    let mut report = String::new();
    for rel in &changed {
        report.push_str(&match (args.check, lang) {
            (true, Lang::Zh) => format!("未格式化:{rel}\n"),
            (true, Lang::En) => format!("not formatted: {rel}\n"),
            (false, Lang::Zh) => format!("已格式化:{rel}\n"),
            (false, Lang::En) => format!("formatted: {rel}\n"),
        });
    }
    print_out(&report)?;
    // With --check, a file that cannot be read or parsed, or not formatted faithfully, fails
    // the check: it is not known to be formatted.
    let mut failed = false;
    for (rel, skip) in &left_alone {
        let (zh, en) = match skip {
            Skip::Unreadable(zh, en) => (
                format!("无法读取({zh})"),
                format!("it cannot be read ({en})"),
            ),
            Skip::TooLarge(size) => (
                format!("文件过大({size} 字节,上限 {MAX_FILE_BYTES})"),
                format!("it is too large ({size} bytes, limit {MAX_FILE_BYTES})"),
            ),
            Skip::Parse => (
                "无法解析,运行 itc check 查看".into(),
                "it does not parse; run itc check".into(),
            ),
            Skip::Comment(l) => (
                format!("第 {l} 行的注释位于多行值内部,格式化会丢失它"),
                format!("the comment on line {l} is inside a multi-line value and would be lost"),
            ),
            Skip::Unwritten(zh, en) => (zh.clone(), en.clone()),
        };
        let fails = args.check && !matches!(skip, Skip::Comment(_));
        failed |= fails;
        print_err(&match (fails, lang) {
            (true, Lang::Zh) => format!("无法检查 {rel} 的格式:{zh}\n"),
            (true, Lang::En) => format!("cannot check the format of {rel}: {en}\n"),
            (false, Lang::Zh) => format!("跳过 {rel}:{zh}\n"),
            (false, Lang::En) => format!("skipped {rel}: {en}\n"),
        });
    }
    Ok(u8::from(args.check && (failed || !changed.is_empty())))
}
