//! A records repository on disk: finding its root (`itc.toml`, walking up), reading its config
//! and rules, walking the kind folders and loading every record in parallel. Loading never stops
//! at a bad file: what cannot be read becomes a diagnostic and the rest is loaded.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Error;
use crate::check::fields::{Ctx, check_table};
use crate::config::Config;
use crate::diag::{Check, Diag};
use crate::record::{self, Format, Record};
use crate::rules::{Rules, load};

pub const CONFIG_FILE: &str = "itc.toml";
pub const RULES_FILE: &str = "rules.toml";

pub struct Repo {
    pub root: PathBuf,
    pub config: Config,
    pub rules: Rules,
    pub records: Vec<Record>,
    /// Findings of loading: config, rules, unreadable and unparsable files.
    pub diags: Vec<Diag>,
    /// Record files found (parsed or not).
    pub files: usize,
}

/// The repository root: the nearest folder at or above `start` holding `itc.toml`.
pub fn find_root(start: &Path) -> Result<PathBuf, Error> {
    let start = start
        .canonicalize()
        .map_err(|e| Error::Io(start.to_path_buf(), e))?;
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or(Error::NoRepository(start))
}

/// `path` relative to `root`, `/`-separated, for diagnostics and JSON.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Runs `f` over `items` on every core, keeping the order of the results.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        // Claim small batches: cheap to share, and balanced across cores.
                        let start = next.fetch_add(64, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        for (i, item) in items.iter().enumerate().skip(start).take(64) {
                            out.push((i, f(item)));
                        }
                    }
                    out
                })
            })
            .collect();
        workers.into_iter().filter_map(|w| w.join().ok()).collect()
    });
    let mut all: Vec<(usize, R)> = parts.drain(..).flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Reads `itc.toml`: parsed, validated against its schema, then read into `Config` leniently
/// (an invalid value is reported and its default used).
fn load_config(root: &Path, diags: &mut Vec<Diag>) -> Result<Config, Error> {
    let path = root.join(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|e| Error::Io(path.clone(), e))?;
    let mut found = Vec::new();
    let table = record::decode(&bytes, CONFIG_FILE, &mut found)
        .and_then(|text| record::parse(text, Format::Toml, CONFIG_FILE, Check::Config, &mut found));
    for d in &mut found {
        d.check = Check::Config;
    }
    diags.append(&mut found);
    let Some(table) = table else {
        return Ok(Config::default());
    };
    let schema = load::parse_field_list(crate::rules::CONFIG_SCHEMA, "<config schema>")
        .map_err(Error::Builtin)?;
    let config = Config::from_table(&table, diags);
    let mut ctx = Ctx::new(CONFIG_FILE, Check::Config, config.tz, diags);
    check_table(
        &table,
        &schema,
        &[],
        crate::record::value::Span::START,
        Some("E0301"),
        &mut ctx,
    );
    Ok(config)
}

/// Reads the rules: the built-in ones, extended or replaced by `rules.toml`. A broken rules
/// file is a repository error carrying its diagnostics.
fn load_rules(root: &Path) -> Result<Rules, Error> {
    let builtin = Rules::builtin().map_err(Error::Builtin)?;
    let path = root.join(RULES_FILE);
    if !path.is_file() {
        return Ok(builtin);
    }
    let bytes = std::fs::read(&path).map_err(|e| Error::Io(path.clone(), e))?;
    let mut diags = Vec::new();
    let Some(text) = record::decode(&bytes, RULES_FILE, &mut diags) else {
        return Err(Error::Rules(root.to_path_buf(), diags));
    };
    if !diags.is_empty() {
        return Err(Error::Rules(root.to_path_buf(), diags));
    }
    load::parse_rules(text, RULES_FILE, Some(&builtin))
        .map_err(|d| Error::Rules(root.to_path_buf(), d))
}

/// The record files under the kind folders: `(path, kind index)`, sorted by path. Hidden
/// folders and `target` are never entered; symlinks are followed and loops reported.
fn walk(root: &Path, rules: &Rules, diags: &mut Vec<Diag>) -> Vec<(PathBuf, usize)> {
    let mut files = Vec::new();
    for (ki, kind) in rules.kinds.iter().enumerate() {
        let dir = root.join(&kind.folder);
        if !dir.is_dir() {
            continue;
        }
        let walker = walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0
                    || !(name.starts_with('.') || (e.file_type().is_dir() && name == "target"))
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if Format::from_path(e.path()).is_some() {
                        files.push((e.path().to_path_buf(), ki));
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                    let rel = relative(root, &path);
                    let code = if e.loop_ancestor().is_some() {
                        "E0108"
                    } else {
                        "E0107"
                    };
                    diags.push(
                        Diag::new(code, Check::Syntax, &rel, crate::record::value::Span::START)
                            .arg("message", e.to_string()),
                    );
                }
            }
        }
    }
    files
}

fn load_record(root: &Path, path: &Path, kind: usize) -> (Option<Record>, Vec<Diag>) {
    let rel = relative(root, path);
    let mut diags = Vec::new();
    let format = Format::from_path(path).unwrap_or(Format::Toml);
    let io_error = |e: std::io::Error, diags: &mut Vec<Diag>| {
        diags.push(
            Diag::new(
                "E0107",
                Check::Syntax,
                &rel,
                crate::record::value::Span::START,
            )
            .arg("message", e.to_string()),
        );
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > record::MAX_FILE_BYTES => {
            diags.push(
                Diag::new(
                    "E0105",
                    Check::Syntax,
                    &rel,
                    crate::record::value::Span::START,
                )
                .arg("size", m.len().to_string())
                .arg("limit", record::MAX_FILE_BYTES.to_string()),
            );
            return (None, diags);
        }
        Ok(_) => {}
        Err(e) => {
            io_error(e, &mut diags);
            return (None, diags);
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            io_error(e, &mut diags);
            return (None, diags);
        }
    };
    let Some(text) = record::decode(&bytes, &rel, &mut diags) else {
        return (None, diags);
    };
    let root_table = record::parse(text, format, &rel, Check::Syntax, &mut diags);
    let record = root_table.map(|root| Record {
        path: path.to_path_buf(),
        rel: rel.clone(),
        kind,
        format,
        root,
    });
    (record, diags)
}

impl Repo {
    /// Opens the repository at or above `start` and loads every record.
    pub fn open(start: &Path) -> Result<Repo, Error> {
        let root = find_root(start)?;
        Repo::load(root)
    }

    pub fn load(root: PathBuf) -> Result<Repo, Error> {
        let mut diags = Vec::new();
        let config = load_config(&root, &mut diags)?;
        let rules = load_rules(&root)?;
        let files = walk(&root, &rules, &mut diags);
        let loaded = par_map(&files, |(path, kind)| load_record(&root, path, *kind));
        let mut records = Vec::with_capacity(loaded.len());
        for (record, mut found) in loaded {
            diags.append(&mut found);
            records.extend(record);
        }
        Ok(Repo {
            root,
            config,
            rules,
            records,
            diags,
            files: files.len(),
        })
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, then rename
/// over the target (whose permissions are kept). On any failure the old file is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "itc".into(), |n| n.to_string_lossy().into_owned());
    let io = |e| Error::Io(path.to_path_buf(), e);
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(e) => return Err(io(e)),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        if let Ok(meta) = std::fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
