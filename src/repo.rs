//! A records repository on disk: finding its root (`itc.toml`, walking up), reading its config
//! and rules, walking the kind folders and loading every record in parallel. Loading never stops
//! at a bad file: what cannot be read becomes a diagnostic and the rest is loaded.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Error;
use crate::check::fields::{Ctx, check_table};
use crate::config::Config;
use crate::diag::{Check, Diag, Severity};
use crate::record::value::Span;
use crate::record::{self, Format, Record};
use crate::rules::{Label, Rules, load};
use crate::snapshot::GitUnread;

pub use crate::config::CONFIG_FILE;
pub const RULES_FILE: &str = "rules.toml";

/// An opened repository: its root, config and rules, and the record files found. Records are
/// read on demand, in parallel: `visit` hands each one to a function and drops it (what `check`
/// does, so memory stays flat on large repositories); `load_records` keeps them all.
pub struct Repo {
    pub root: PathBuf,
    pub config: Config,
    pub rules: Rules,
    /// Findings of opening: config, and folders that could not be walked.
    pub diags: Vec<Diag>,
    /// Record files found, in the order of a walk that sorts each folder by name.
    pub files: Vec<RecordFile>,
    /// Hidden files in the kind folders that look like the temporary copies a write makes
    /// (`.NAME….tmp`) or `itc edit`'s working copies (`.STEM….edit.EXT`): found by the same
    /// walk, for `leftovers` to judge.
    pub temporaries: Vec<PathBuf>,
    /// Where the files are read from: the working tree, or git's objects at a revision.
    pub source: Source,
}

/// A record file found under a kind folder.
#[derive(Clone, Debug)]
pub struct RecordFile {
    pub path: PathBuf,
    /// The path relative to the root, `/`-separated, as diagnostics and JSON name the file.
    pub rel: String,
    /// Index into `rules.kinds`.
    pub kind: usize,
    /// The walk saw a regular file (not a link): it is opened without looking up its path a
    /// second time, and checked again once open.
    regular: bool,
}

impl RecordFile {
    /// Whether the walk saw a regular file here, not a link: its real path is then its folder's
    /// real path and its name.
    pub fn walked_regular(&self) -> bool {
        self.regular
    }
}

/// Where the findings of a broken `itc.toml` or `rules.toml` show their lines from: the files
/// under the root, or the text the file had at the revision read.
#[derive(Debug, Clone)]
pub struct Origin {
    pub root: PathBuf,
    /// The file (relative to the root) and its text, when it was read from git.
    pub text: Option<(String, String)>,
}

impl Origin {
    fn of(root: &Path, source: &Source, rel: &str, bytes: &[u8]) -> Origin {
        let text = match source {
            Source::Disk => None,
            Source::Git(_) => Some((rel.to_string(), String::from_utf8_lossy(bytes).into_owned())),
        };
        Origin {
            root: root.to_path_buf(),
            text,
        }
    }

    /// The text of a file of the repository, for showing source lines.
    pub fn text_of(&self, rel: &str) -> Option<String> {
        match &self.text {
            Some((file, text)) if file == rel => Some(text.clone()),
            Some(_) => None,
            None => read_source(&self.root, rel),
        }
    }
}

/// Where a repository's files come from. Everything above the loader (checks, lists, KPIs,
/// export) is the same for both.
pub enum Source {
    /// The files on disk under the root.
    Disk,
    /// The files of a git revision (`--at REV`); the root is where they would be checked out.
    Git(Box<crate::snapshot::Snapshot>),
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
    // The common case, a path built on the root, without parsing either into components.
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(rest) = path
            .as_os_str()
            .as_encoded_bytes()
            .strip_prefix(root.as_os_str().as_encoded_bytes())
            .and_then(|rest| rest.strip_prefix(b"/"))
        && !rest.is_empty()
        && !rest.starts_with(b"/")
        && let Ok(rest) = std::str::from_utf8(rest)
        && !rest.split('/').any(|c| c == "." || c.is_empty())
    {
        return rest.to_string();
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    if std::path::MAIN_SEPARATOR == '/' {
        return rel.to_string_lossy().into_owned();
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Runs `f` over `items` on every core, keeping the order of the results. A panic of `f` is a
/// panic of `par_map`, as it would be in a loop: no result is ever dropped in silence.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    par_map_on(cores, items, f)
}

/// `par_map` on at most `threads` threads.
fn par_map_on<T: Sync, R: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    // Small batches are cheap to share and balance across cores; a few items (heavy ones, such
    // as the KPIs) are claimed one at a time.
    let batch = (items.len() / (threads * 8)).clamp(1, 64);
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let start = next.fetch_add(batch, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        for (i, item) in items.iter().enumerate().skip(start).take(batch) {
                            out.push((i, f(item)));
                        }
                    }
                    out
                })
            })
            .collect();
        // Every worker is joined; the first panic is then raised again here.
        let mut parts = Vec::with_capacity(workers.len());
        let mut panicked = None;
        for w in workers {
            match w.join() {
                Ok(part) => parts.push(part),
                Err(payload) => {
                    panicked.get_or_insert(payload);
                }
            }
        }
        if let Some(payload) = panicked {
            std::panic::resume_unwind(payload);
        }
        parts
    });
    let mut all: Vec<(usize, R)> = parts.drain(..).flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Reads `itc.toml`: parsed, validated against its schema, then read into `Config` leniently
/// (an invalid value is reported and its default used).
fn load_config(
    root: &Path,
    source: &Source,
    rules: &Rules,
    diags: &mut Vec<Diag>,
) -> Result<Config, Error> {
    let path = root.join(CONFIG_FILE);
    let bytes = source
        .read(root, CONFIG_FILE, &path)
        .map_err(|e| e.into_error(&path))?;
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
    let mut found = Vec::new();
    let config = Config::from_table(&table, &mut found);
    let mut ctx = Ctx::new(CONFIG_FILE, Check::Config, config.tz, &mut found);
    check_table(&table, &schema, &[], Span::START, Some("E0301"), &mut ctx);
    check_sla_keys(&table, rules, &mut found);
    crate::diag::cap(&mut found);
    diags.append(&mut found);
    Ok(config)
}

/// `[sla.resolve]` is keyed by the incident severities the rules define.
fn check_sla_keys(table: &crate::record::value::Table, rules: &Rules, diags: &mut Vec<Diag>) {
    let severities: Vec<&str> = match rules
        .kind("incident")
        .and_then(|k| k.field("severity"))
        .map(|f| &f.ty)
    {
        Some(crate::rules::Type::Enum(values)) => values.iter().map(String::as_str).collect(),
        _ => return,
    };
    let resolve = table
        .get("sla")
        .and_then(|n| n.as_table())
        .and_then(|t| t.get("resolve"))
        .and_then(|n| n.as_table());
    for e in resolve.map_or(&[][..], |t| &t.entries) {
        if !severities.contains(&e.key.as_str()) {
            let mut d = Diag::new("E0803", Check::Config, CONFIG_FILE, e.key_span)
                .arg("key", e.key.as_str())
                .arg("allowed", severities.join(", "));
            if let Some(s) = crate::record::value::did_you_mean(&e.key, severities.iter().copied())
            {
                d = d.arg("suggestion", s).hint("did_you_mean");
            }
            diags.push(d);
        }
    }
}

/// Reads the rules: the built-in ones, extended or replaced by `rules.toml`. A broken rules
/// file is a repository error carrying its diagnostics.
fn load_rules(root: &Path, source: &Source) -> Result<Rules, Error> {
    let builtin = Rules::builtin().map_err(Error::Builtin)?;
    let path = root.join(RULES_FILE);
    if !source.is_file(root, RULES_FILE) {
        return Ok(builtin);
    }
    let bytes = source
        .read(root, RULES_FILE, &path)
        .map_err(|e| e.into_error(&path))?;
    let mut diags = Vec::new();
    let Some(text) = record::decode(&bytes, RULES_FILE, &mut diags) else {
        return Err(Error::Rules(
            Origin::of(root, source, RULES_FILE, &bytes),
            diags,
        ));
    };
    if !diags.is_empty() {
        return Err(Error::Rules(
            Origin::of(root, source, RULES_FILE, &bytes),
            diags,
        ));
    }
    load::parse_rules(text, RULES_FILE, Some(&builtin))
        .map_err(|d| Error::Rules(Origin::of(root, source, RULES_FILE, &bytes), d))
}

/// The record files under the kind folders, in the order of a walk that sorts each folder by
/// name. Hidden folders and `target` are never entered. A symbolic link to a file is listed (and
/// read only if its real path lies inside the root); a link to a folder is not followed (so no
/// link loop can hang or repeat the walk) and is reported. A kind folder that is a link out of
/// the root is reported and not walked.
///
/// Each kind folder's entries are listed first; its subfolders are then walked in parallel and
/// their findings put back in their places, so the order is that of one walk.
fn walk(root: &Path, rules: &Rules, diags: &mut Vec<Diag>) -> Walked {
    let mut walked = Walked::default();
    let mut subtrees: Vec<(PathBuf, usize)> = Vec::new();
    // The kind folders' own entries, and where each subfolder's findings go among them.
    let mut order: Vec<Result<Walked, usize>> = Vec::new();
    for (ki, kind) in rules.kinds.iter().enumerate() {
        let dir = root.join(&kind.folder);
        if !dir.is_dir() {
            continue;
        }
        // The walk starts at the kind folder even when it is a link: only one that stays inside
        // the root is walked.
        match dir.canonicalize() {
            Ok(real) if real.starts_with(root) => {}
            Ok(real) => {
                diags.push(
                    ReadError::NotRegular(outside(&dir, &real))
                        .diag(&relative(root, &dir), Check::Syntax),
                );
                continue;
            }
            Err(e) => {
                diags.push(
                    Diag::new("E0107", Check::Syntax, &relative(root, &dir), Span::START)
                        .arg("message", e.to_string()),
                );
                continue;
            }
        }
        // The kind folder's own entries, listed here: walking it to depth 1 would read every
        // subfolder too.
        let mut here = Walked::default();
        let listing = std::fs::read_dir(&dir).and_then(|entries| {
            let mut entries = entries.collect::<std::io::Result<Vec<_>>>()?;
            entries.sort_unstable_by_key(std::fs::DirEntry::file_name);
            Ok(entries)
        });
        let listing = match listing {
            Ok(listing) => listing,
            Err(e) => {
                here.failed(root, &dir, e.to_string());
                order.push(Ok(here));
                continue;
            }
        };
        for entry in listing {
            let path = entry.path();
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => {
                    if !skipped(&entry.file_name().to_string_lossy()) {
                        order.push(Ok(std::mem::take(&mut here)));
                        order.push(Err(subtrees.len()));
                        subtrees.push((path, ki));
                    }
                }
                Ok(ft) => here.add(root, ki, path, ft),
                Err(e) => here.failed(root, &path, e.to_string()),
            }
        }
        order.push(Ok(here));
    }
    let mut below = par_map(&subtrees, |(dir, ki)| {
        let mut found = Walked::default();
        for entry in walk_folder(dir) {
            match entry {
                Ok(e) => {
                    let ft = e.file_type();
                    found.add(root, *ki, e.into_path(), ft);
                }
                Err(e) => found.failed(root, e.path().unwrap_or(dir), e.to_string()),
            }
        }
        // Sorted here rather than folder by folder during the walk, which costs three times as
        // much: the same order, as paths compare component by component.
        found
            .files
            .sort_unstable_by(|a, b| walk_order(&a.rel, &b.rel));
        found
    });
    for part in order {
        let part = match part {
            Ok(part) => part,
            Err(i) => std::mem::take(&mut below[i]),
        };
        walked.files.extend(part.files);
        walked.temporaries.extend(part.temporaries);
        walked.diags.extend(part.diags);
    }
    diags.append(&mut walked.diags);
    walked
}

/// The order of a walk that sorts each folder by name, for paths relative to one root: component
/// by component, which is byte by byte with the separator below every other byte.
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let key = |c: Option<&u8>| c.map(|&c| if c == b'/' { 0 } else { u16::from(c) + 1 });
    key(a.get(same)).cmp(&key(b.get(same)))
}

/// Whether the walk leaves out a folder of this name: hidden folders and `target`.
fn skipped(folder: &str) -> bool {
    folder.starts_with('.') || folder == "target"
}

/// A walk of `dir`, in the order the folders list their entries, that does not enter the
/// folders `skipped` names.
fn walk_folder(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    walkdir::WalkDir::new(dir).into_iter().filter_entry(|e| {
        e.depth() == 0 || !e.file_type().is_dir() || !skipped(&e.file_name().to_string_lossy())
    })
}

/// What a walk of the kind folders found: record files, temporary copies a write left, and
/// findings about entries that cannot be records.
#[derive(Default)]
struct Walked {
    files: Vec<RecordFile>,
    temporaries: Vec<PathBuf>,
    diags: Vec<Diag>,
}

impl Walked {
    /// Takes one entry of a folder of the kind `kind`: a folder, a file or a link (not
    /// followed), or what is no file at all.
    fn add(&mut self, root: &Path, kind: usize, path: PathBuf, ft: std::fs::FileType) {
        if ft.is_dir() {
            return;
        }
        let name = record::file_name(&path);
        if name.starts_with(b".") {
            // Hidden files are never records, but may be leftovers of a write.
            if ft.is_file() && crate::leftovers::looks_left_over(name) {
                self.temporaries.push(path);
            }
        } else if ft.is_symlink() && path.is_dir() {
            self.diags.push(Diag::new(
                "W0108",
                Check::Syntax,
                &relative(root, &path),
                Span::START,
            ));
        } else if Format::from_name(name).is_some() {
            // Files, links to files, dangling links, and what is no file at all (a FIFO, a
            // device): all are listed, and reading them says what is wrong.
            self.files.push(RecordFile {
                rel: relative(root, &path),
                path,
                kind,
                regular: ft.is_file(),
            });
        }
    }

    /// A folder or entry that could not be read.
    fn failed(&mut self, root: &Path, path: &Path, message: String) {
        self.diags.push(
            Diag::new("E0107", Check::Syntax, &relative(root, path), Span::START)
                .arg("message", message),
        );
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file inside the root: a link out of it, a device, a FIFO, a socket or a
    /// folder. It is never opened (or, if it changed after the check, never read).
    NotRegular(Label),
    /// Larger than the limit: its size, or the bytes seen before reading stopped.
    TooLarge(u64),
    Io(std::io::Error),
}

impl ReadError {
    /// The finding for a record or config file that could not be read.
    pub fn diag(&self, rel: &str, check: Check) -> Diag {
        match self {
            ReadError::NotRegular(what) => {
                Diag::new("E0109", check, rel, Span::START).arg("what", what)
            }
            ReadError::TooLarge(size) => Diag::new("E0105", check, rel, Span::START)
                .arg("size", size.to_string())
                .arg("limit", record::MAX_FILE_BYTES.to_string()),
            ReadError::Io(e) => {
                let message = match e.get_ref().and_then(|e| e.downcast_ref::<GitUnread>()) {
                    Some(GitUnread(why)) => crate::diag::Arg::from(why),
                    None => crate::diag::Arg::from(e.to_string()),
                };
                Diag::new("E0107", check, rel, Span::START).arg("message", message)
            }
        }
    }

    /// The same as a fatal error, for commands that read one file and stop when they cannot.
    pub fn into_error(self, path: &Path) -> Error {
        let e = match self {
            ReadError::Io(e) => e,
            ReadError::NotRegular(what) => std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{}, not a regular file inside the repository", what.en),
            ),
            ReadError::TooLarge(size) => std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "{size} bytes, more than a record may hold ({})",
                    record::MAX_FILE_BYTES
                ),
            ),
        };
        Error::Io(path.to_path_buf(), e)
    }
}

fn label(zh: String, en: String) -> Label {
    Label { zh, en }
}

/// A link out of the root, named by its target as written (what the user wrote, and the same on
/// every machine), else by the real path.
fn outside(link: &Path, real: &Path) -> Label {
    let target = std::fs::read_link(link).unwrap_or_else(|_| real.to_path_buf());
    let shown = target.display();
    label(
        format!("指向记录库之外({shown})的链接"),
        format!("a link to {shown}, outside the repository"),
    )
}

/// What a non-regular file is, in words.
fn describe(ft: std::fs::FileType) -> Label {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return label("命名管道(FIFO)".into(), "a named pipe (FIFO)".into());
        }
        if ft.is_char_device() || ft.is_block_device() {
            return label("设备文件".into(), "a device".into());
        }
        if ft.is_socket() {
            return label("套接字".into(), "a socket".into());
        }
    }
    if ft.is_dir() {
        return label("目录".into(), "a folder".into());
    }
    label("特殊文件".into(), "a special file".into())
}

/// Reads a file of the repository whose root is `root` (canonical), refusing what is not a
/// regular file inside it, and reading at most `limit + 1` bytes. A link is followed only when
/// its real path lies inside the root; devices, FIFOs and sockets are never opened, and the file
/// is opened without blocking and checked again once open, so one swapped in after the check
/// cannot hang the read.
pub fn read_inside(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::symlink_metadata(path).map_err(ReadError::Io)?;
    let (target, meta) = if meta.file_type().is_symlink() {
        let real = match path.canonicalize() {
            Ok(real) => real,
            // Resolvable only by the kernel's magic links (`/dev/stdin` on a pipe): not a path
            // in the repository.
            Err(_) if std::fs::metadata(path).is_ok() => {
                return Err(ReadError::NotRegular(outside(path, path)));
            }
            Err(e) => return Err(ReadError::Io(e)),
        };
        if !real.starts_with(root) {
            return Err(ReadError::NotRegular(outside(path, &real)));
        }
        let meta = std::fs::metadata(&real).map_err(ReadError::Io)?;
        (real, meta)
    } else {
        // Not a link: what `symlink_metadata` saw is the file itself.
        (path.to_path_buf(), meta)
    };
    if !meta.is_file() {
        return Err(ReadError::NotRegular(describe(meta.file_type())));
    }
    open_regular(&target, limit)
}

/// Reads a file that was seen to be a regular file at `path`: opened without blocking, without
/// following a link swapped in since, and checked again once open.
fn open_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never block on open (a FIFO swapped in), never take a terminal, never follow a link
        // swapped in for the checked path.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(describe(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    // The size can change after the check (or lie, as in /proc): the limit holds while reading.
    // A file is read as the size it had when opened, as git reads what it adds: the reader
    // stops at that size without a second read call to learn that nothing follows. A file that
    // says it is empty (as those of /proc do) is read to its end, up to the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let want = if meta.len() == 0 {
        limit.saturating_add(1)
    } else {
        meta.len()
    };
    file.take(want)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The text of a file of the repository, for showing source lines beside findings: read as
/// records are (never a device, a FIFO or a file outside the root), lossily decoded.
pub fn read_source(root: &Path, rel: &str) -> Option<String> {
    let root = root.canonicalize().ok()?;
    read_inside(&root, &root.join(rel), record::MAX_FILE_BYTES)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

impl Source {
    /// Whether `rel` (relative to the root) is a file, following links as `is_file` does.
    fn is_file(&self, root: &Path, rel: &str) -> bool {
        match self {
            Source::Disk => root.join(rel).is_file(),
            Source::Git(s) => s.is_file(rel),
        }
    }

    /// The bytes of the file `rel` (at `path` on disk), read as records are read.
    fn read(&self, root: &Path, rel: &str, path: &Path) -> Result<Vec<u8>, ReadError> {
        match self {
            Source::Disk => read_inside(root, path, record::MAX_FILE_BYTES),
            Source::Git(s) => s.read(rel).map_err(ReadError::from),
        }
    }

    /// The bytes of a record file: from git, all record files are read at once.
    fn read_record(&self, root: &Path, rel: &str, path: &Path) -> Result<Vec<u8>, ReadError> {
        match self {
            Source::Disk => read_inside(root, path, record::MAX_FILE_BYTES),
            Source::Git(s) => s.record(rel).map_err(ReadError::from),
        }
    }
}

impl From<crate::snapshot::Unread> for ReadError {
    fn from(u: crate::snapshot::Unread) -> ReadError {
        use crate::snapshot::Unread;
        match u {
            Unread::TooLarge(size) => ReadError::TooLarge(size),
            // The kernel's words for a dangling link, as the disk loader reports it.
            Unread::Missing => ReadError::Io(std::io::Error::from_raw_os_error(2)),
            Unread::Git(why) => ReadError::Io(std::io::Error::other(GitUnread(why))),
            other => match other.label() {
                Some(what) => ReadError::NotRegular(what),
                None => ReadError::Io(std::io::Error::other("unreadable")),
            },
        }
    }
}

/// Parses one record file from its bytes and its path (`path` where it lies or would lie on
/// disk, `rel` relative to the root, `/`-separated): the same for the disk and for git. What the
/// bytes say is findings.
pub fn parse_record(
    path: &Path,
    rel: &str,
    kind: usize,
    bytes: &[u8],
) -> (Option<Record>, Vec<Diag>) {
    let mut diags = Vec::new();
    let format = Format::from_path(path).unwrap_or(Format::Toml);
    let Some(text) = record::decode(bytes, rel, &mut diags) else {
        return (None, diags);
    };
    let root_table = record::parse(text, format, rel, Check::Syntax, &mut diags);
    crate::diag::cap(&mut diags);
    let record = root_table.map(|root| Record {
        path: path.to_path_buf(),
        rel: rel.to_string(),
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

    /// Opens the repository at or above `start` as it stands in the working tree, or, with
    /// `at`, as it stood at that git revision (read from git's objects, nothing checked out).
    /// A revision git cannot hand over whole is refused: results on the rest would be wrong.
    pub fn open_at(start: &Path, at: Option<&str>) -> Result<Repo, Error> {
        let repo = Repo::open_partial_at(start, at)?;
        if let Source::Git(s) = &repo.source {
            let lost = s.unreadable();
            if !lost.is_empty() {
                return Err(s.refusal(&lost));
            }
        }
        Ok(repo)
    }

    /// As `open_at`, also when git cannot hand over every file of the revision: those files are
    /// then findings (`Snapshot::unreadable` lists them), as `check --at` reports them.
    pub fn open_partial_at(start: &Path, at: Option<&str>) -> Result<Repo, Error> {
        match at {
            None => Repo::open(start),
            Some(rev) => {
                let (snapshot, root) = crate::snapshot::Snapshot::open(start, rev)?;
                Repo::load_from(root, Source::Git(Box::new(snapshot)))
            }
        }
    }

    /// Opens the repository whose root is `root`: config, rules and the list of record files.
    pub fn load(root: PathBuf) -> Result<Repo, Error> {
        // Whether a file lies inside the root is decided on real paths.
        let root = root
            .canonicalize()
            .map_err(|e| Error::Io(root.clone(), e))?;
        Repo::load_from(root, Source::Disk)
    }

    fn load_from(root: PathBuf, source: Source) -> Result<Repo, Error> {
        let mut diags = Vec::new();
        let rules = load_rules(&root, &source)?;
        let config = load_config(&root, &source, &rules, &mut diags)?;
        let (files, temporaries) = match &source {
            Source::Disk => {
                let walked = walk(&root, &rules, &mut diags);
                (walked.files, walked.temporaries)
            }
            Source::Git(snapshot) => {
                let folders: Vec<(usize, &str)> = rules
                    .kinds
                    .iter()
                    .enumerate()
                    .map(|(i, k)| (i, k.folder.as_str()))
                    .collect();
                let mut found = Vec::new();
                let listed = snapshot.walk(&folders, |rel, why| {
                    found.push(match why {
                        None => Diag::new("W0108", Check::Syntax, rel, Span::START),
                        Some(why) => ReadError::from(why).diag(rel, Check::Syntax),
                    })
                });
                diags.append(&mut found);
                snapshot.expect_records(listed.iter().map(|(rel, _)| rel.clone()).collect());
                let files = listed
                    .into_iter()
                    .map(|(rel, kind)| RecordFile {
                        path: root.join(&rel),
                        rel,
                        kind,
                        regular: false,
                    })
                    .collect();
                // A revision holds no interrupted writes: only the working tree can.
                (files, Vec::new())
            }
        };
        Ok(Repo {
            root,
            config,
            rules,
            diags,
            files,
            temporaries,
            source,
        })
    }

    /// The revision the repository was read at (`--at`), or `None` for the working tree.
    pub fn revision(&self) -> Option<&str> {
        match &self.source {
            Source::Disk => None,
            Source::Git(s) => Some(&s.rev),
        }
    }

    /// Whether the repository has its own `rules.toml`.
    pub fn has_rules_file(&self) -> bool {
        self.source.is_file(&self.root, RULES_FILE)
    }

    /// The text of a file of the repository (`rel` from the root), for showing source lines
    /// beside findings: read as records are read, lossily decoded.
    pub fn source_text(&self, rel: &str) -> Option<String> {
        match &self.source {
            Source::Disk => read_source(&self.root, rel),
            Source::Git(s) => s
                .read(rel)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
        }
    }

    /// The text of a record file, for commands that edit it; not UTF-8 is an error.
    pub fn record_text(&self, path: &Path) -> Result<String, Error> {
        // From the disk as records are read (a regular file inside the root, within the size
        // limit), or from the revision.
        let bytes = self
            .source
            .read_record(&self.root, &relative(&self.root, path), path)
            .map_err(|e| e.into_error(path))?;
        String::from_utf8(bytes).map_err(|_| {
            Error::usage(
                format!("{} 不是 UTF-8 编码,请先运行 itc check", path.display()),
                format!("{} is not UTF-8; run itc check first", path.display()),
            )
        })
    }

    /// Reads and parses one record file: a read failure is an error, what the bytes say is
    /// findings.
    fn read_record(&self, file: &RecordFile) -> Result<(Option<Record>, Vec<Diag>), ReadError> {
        let bytes = match self.source {
            // Seen by the walk as a regular file, not a link: no second look at the path.
            Source::Disk if file.regular => open_regular(&file.path, record::MAX_FILE_BYTES)?,
            _ => self.source.read_record(&self.root, &file.rel, &file.path)?,
        };
        Ok(parse_record(&file.path, &file.rel, file.kind, &bytes))
    }

    /// Reads and parses one record file found by the walk; what cannot be read is a finding.
    pub fn load_file(&self, file: &RecordFile) -> (Option<Record>, Vec<Diag>) {
        match self.read_record(file) {
            Ok(loaded) => loaded,
            Err(e) => (None, vec![e.diag(&file.rel, Check::Syntax)]),
        }
    }

    /// Refuses (with the findings) when `itc.toml` has errors: for commands whose results stand
    /// on the config, such as KPI targets and calendars, and would silently change without it.
    pub fn refuse_broken_config(&self) -> Result<(), Error> {
        let broken: Vec<Diag> = self
            .diags
            .iter()
            .filter(|d| d.check == Check::Config && d.severity == Severity::Error)
            .cloned()
            .collect();
        if broken.is_empty() {
            Ok(())
        } else {
            let bytes = self
                .source
                .read(&self.root, CONFIG_FILE, &self.root.join(CONFIG_FILE));
            let bytes = bytes.unwrap_or_default();
            Err(Error::Config(
                Origin::of(&self.root, &self.source, CONFIG_FILE, &bytes),
                broken,
            ))
        }
    }

    /// Reads and parses every record file in parallel, handing each to `f` with the findings of
    /// reading it (`None` when it could not be parsed). Results keep the order of `files`.
    pub fn visit<R: Send>(
        &self,
        f: impl Fn(usize, Option<Record>, Vec<Diag>) -> R + Sync,
    ) -> Vec<R> {
        self.visit_of(|_| true, f)
    }

    /// Reads and parses the record file at `path` (anywhere under the root), telling a file that
    /// cannot be read (an error) from one whose text is wrong (findings).
    pub fn read_file(
        &self,
        path: &Path,
        kind: usize,
    ) -> Result<(Option<Record>, Vec<Diag>), ReadError> {
        self.read_record(&RecordFile {
            path: path.to_path_buf(),
            rel: relative(&self.root, path),
            kind,
            regular: false,
        })
    }

    /// The path of a record file relative to the root, `/`-separated.
    pub fn rel(&self, file: usize) -> &str {
        self.files.get(file).map_or("", |f| f.rel.as_str())
    }

    /// Every record that parses, with the findings of reading them all.
    pub fn load_records(&self) -> (Vec<Record>, Vec<Diag>) {
        self.load_records_of(|_| true)
    }

    /// The records of the kinds `wanted` accepts (by index into `rules.kinds`); the other files
    /// are not read.
    pub fn load_records_of(
        &self,
        wanted: impl Fn(usize) -> bool + Sync,
    ) -> (Vec<Record>, Vec<Diag>) {
        let files: Vec<&RecordFile> = self.files.iter().filter(|f| wanted(f.kind)).collect();
        let mut records = Vec::with_capacity(files.len());
        let mut diags = Vec::new();
        for (record, mut found) in par_map(&files, |file| self.load_file(file)) {
            records.extend(record);
            diags.append(&mut found);
        }
        (records, diags)
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
        let tmp = dir.join(crate::leftovers::tmp_name(&name, attempt));
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

/// Writes an output file the user named: `report -o`, `export -o`, the pages of `man DIR`, the
/// schemas of `schema --out`. A regular file or a missing path is replaced atomically, as a
/// record is (a link to one is followed, so the link stays and the file it leads to is
/// replaced); anything else a path can name (a character device such as `/dev/null`, a FIFO, a
/// terminal, `/dev/stdout`) is opened and written to, as a shell's `>` would, and never
/// replaced. A folder is refused. A regular file whose folder may not be written is written in
/// place. Records are written with `write_atomic` alone.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    match output_target(path)? {
        OutputTarget::Replace(real) => match write_atomic(&real, bytes) {
            Err(Error::Io(_, e))
                if e.kind() == std::io::ErrorKind::PermissionDenied
                    && std::fs::metadata(&real).is_ok_and(|m| m.is_file()) =>
            {
                write_straight(&real, bytes)
            }
            other => other,
        },
        OutputTarget::Straight => write_straight(path, bytes),
    }
}

/// Refuses, before anything is written, an output path that `write_output` would refuse.
pub fn check_output(path: &Path) -> Result<(), Error> {
    output_target(path).map(drop)
}

/// How `write_output` writes to a path.
enum OutputTarget {
    /// A temporary file beside this path, renamed over it.
    Replace(PathBuf),
    /// Opened and written to as it is.
    Straight,
}

fn output_target(path: &Path) -> Result<OutputTarget, Error> {
    let io = |e| Error::Io(path.to_path_buf(), e);
    let link = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type().is_symlink(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(OutputTarget::Replace(path.to_path_buf()));
        }
        Err(e) => return Err(io(e)),
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => Some(meta),
        // A link to nothing yet: the file it names is made.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && link => None,
        Err(e) => return Err(io(e)),
    };
    if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
        return Err(Error::usage(
            format!(
                "{} 是文件夹,不能写入输出;请给出文件路径,或移走该文件夹。未写入任何内容",
                path.display()
            ),
            format!(
                "{} is a folder and cannot take the output; give a file path, or move the folder away. Nothing was written",
                path.display()
            ),
        ));
    }
    if meta.as_ref().is_some_and(|m| !m.is_file()) {
        return Ok(OutputTarget::Straight);
    }
    if !link {
        return Ok(OutputTarget::Replace(path.to_path_buf()));
    }
    // A link: the file at its end is replaced, unless the link names an open descriptor
    // (`/dev/stdout`, `/dev/fd/1`), which is written to as it stands.
    match link_end(path) {
        Some(end) => Ok(OutputTarget::Replace(end)),
        None => Ok(OutputTarget::Straight),
    }
}

/// The path a chain of symbolic links leads to (the last one may name nothing yet), or `None`
/// when the chain passes through the descriptors of `/proc` or `/dev/fd`, whose link text is
/// no path to write to, or is too long.
fn link_end(path: &Path) -> Option<PathBuf> {
    let descriptor = |p: &Path| p.starts_with("/proc") || p.starts_with("/dev/fd");
    let mut at = path.to_path_buf();
    // As many links as the kernel follows (`MAXSYMLINKS`).
    for _ in 0..40 {
        if descriptor(&at) {
            return None;
        }
        match std::fs::read_link(&at) {
            Ok(target) => {
                let dir = at.parent().unwrap_or(Path::new(""));
                at = dir.join(target);
            }
            Err(_) => return Some(at),
        }
    }
    None
}

/// Writes `bytes` into what `path` names as it stands, as a shell's `>` does: a device, a FIFO
/// (once a reader has opened it), a terminal, or a regular file that cannot be replaced.
fn write_straight(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).truncate(true);
    // A terminal opened here never becomes the process's controlling terminal.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOCTTY);
    options
        .open(path)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
        .map_err(|e| Error::Io(path.to_path_buf(), e))
}

/// Refuses a write at `path` that would go through a symbolic link: every folder from `root`
/// down, and the file itself, must be what it seems (a link could lead the write outside the
/// repository, where `check` never looks).
pub fn refuse_links(root: &Path, path: &Path) -> Result<(), Error> {
    let Ok(rel) = path.strip_prefix(root) else {
        return Err(Error::usage(
            format!(
                "{} 不在记录库 {} 之内,不会写入",
                path.display(),
                root.display()
            ),
            format!(
                "{} is outside the repository {}; nothing is written there",
                path.display(),
                root.display()
            ),
        ));
    };
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(Error::usage(
                    format!(
                        "{} 是符号链接;itc 不通过链接写入(链接可能指向记录库之外),未写入任何内容",
                        at.display()
                    ),
                    format!(
                        "{} is a symbolic link; itc does not write through links (they may lead outside the repository), nothing was written",
                        at.display()
                    ),
                ));
            }
            Ok(_) => {}
            // What does not exist yet is created as a real folder or file.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => return Err(Error::Io(at, e)),
        }
    }
    Ok(())
}

/// Writes a record's new text, proven first (STYLE habit 15): the bytes are read back as the
/// record reader reads them and every value compared with `intended`. A text that does not hold
/// exactly the intended values — a value the writer could not express — is not written, and
/// the message says which field and how it differs. No link is followed on the way.
pub fn write_record(
    root: &Path,
    path: &Path,
    text: &str,
    format: Format,
    intended: &crate::record::value::Table,
) -> Result<(), Error> {
    refuse_links(root, path)?;
    prove_text(path, text, format, intended)?;
    write_atomic(path, text.as_bytes())
}

/// The proof of a write as an error to show: which field, meant as what, read back as what.
pub fn prove_text(
    path: &Path,
    text: &str,
    format: Format,
    intended: &crate::record::value::Table,
) -> Result<(), Error> {
    crate::record::edit::prove(text, format, intended).map_err(|m| {
        let field = if m.path.is_empty() {
            "(整个文件)".to_string()
        } else {
            format!("`{}`", m.path)
        };
        let field_en = if m.path.is_empty() {
            "(the whole file)".to_string()
        } else {
            format!("`{}`", m.path)
        };
        Error::usage(
            format!(
                "写入 {} 前的核对失败:{field} 应为 {},读回的却是 {};未写入任何内容。这是 itc 的缺陷,请报告",
                path.display(),
                m.want,
                m.got
            ),
            format!(
                "the check before writing {} failed: {field_en} should be {} but reads back as {}; nothing was written. This is a bug in itc, please report it",
                path.display(),
                m.want,
                m.got
            ),
        )
    })
}

impl Repo {
    /// Like `visit`, over the record files of the kinds `wanted` accepts (by index into
    /// `rules.kinds`); the other files are not read. `f` gets the index into `files`.
    pub fn visit_of<R: Send>(
        &self,
        wanted: impl Fn(usize) -> bool,
        f: impl Fn(usize, Option<Record>, Vec<Diag>) -> R + Sync,
    ) -> Vec<R> {
        let indices: Vec<usize> = (0..self.files.len())
            .filter(|&i| wanted(self.files[i].kind))
            .collect();
        par_map(&indices, |&i| {
            let (record, diags) = self.load_file(&self.files[i]);
            f(i, record, diags)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_order_is_that_of_a_walk_sorting_each_folder() {
        let paths = [
            "a", "a-b", "a/b", "a/b/c", "a/b-c", "a.toml", "a0", "b", "ab/c", "a/ä", "a/z", "",
            "a/b/", "a//b",
        ];
        for x in paths {
            for y in paths {
                let by_components = x.split('/').cmp(y.split('/'));
                assert_eq!(walk_order(x, y), by_components, "{x:?} vs {y:?}");
            }
        }
    }

    #[test]
    fn the_walk_lists_records_as_a_sorted_walk_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for rel in [
            "incidents/b/INC-2.toml",
            "incidents/a-b/INC-3.toml",
            "incidents/a/INC-1.toml",
            "incidents/a/z/INC-4.yaml",
            "incidents/INC-0.toml",
            "incidents/.hidden/INC-9.toml",
            "incidents/target/INC-8.toml",
        ] {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        let rules = crate::rules::Rules::builtin().unwrap();
        let mut diags = Vec::new();
        let walked = walk(&root, &rules, &mut diags);
        let rels: Vec<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "incidents/INC-0.toml",
                "incidents/a/INC-1.toml",
                "incidents/a/z/INC-4.yaml",
                "incidents/a-b/INC-3.toml",
                "incidents/b/INC-2.toml",
            ]
        );
        assert!(walked.files.iter().all(|f| f.regular), "{diags:?}");
    }

    #[test]
    fn a_panicking_worker_makes_par_map_panic_instead_of_dropping_its_results() {
        let items: Vec<u32> = (0..1000).collect();
        let caught = std::panic::catch_unwind(|| {
            par_map_on(4, &items, |&i| {
                assert!(i != 700, "item {i} cannot be mapped");
                i
            })
        });
        assert!(caught.is_err(), "{:?}", caught.map(|v| v.len()));
        // Without a panic, every item comes back, in order.
        for threads in [1, 2, 4] {
            let doubled = par_map_on(threads, &items, |&i| i * 2);
            assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn atomic_writes_keep_permissions_and_leave_no_trace_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("INC-1.toml");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
            write_atomic(&path, b"new").unwrap();
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        // Renaming over a non-empty folder fails: the folder is untouched, no temporary remains.
        let target = dir.path().join("busy");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "x").unwrap();
        assert!(write_atomic(&target, b"data").is_err());
        assert_eq!(std::fs::read_to_string(target.join("keep")).unwrap(), "x");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
