//! A records repository on disk: finding its root (`itc.toml`, walking up), reading its config
//! and rules, walking the kind folders and loading every record in parallel. Loading never stops
//! at a bad file: what cannot be read becomes a diagnostic and the rest is loaded.
//!
//! - `mod.rs`: `Repo`, opening it (on disk or at a git revision) and loading its records;
//! - `walk.rs`: the walk of the kind folders that lists the record files;
//! - `read.rs`: where files come from (`Source`) and reading them safely, within the size limit;
//! - `write.rs`: atomic writes, output files, the proof of a record's write, no write through links;
//! - `scope.rs`: the files or folders a command was given, relative to the root;
//! - `init.rs`: a new repository (`itc init`) and where its CI job goes;
//! - `parallel.rs`: `par_map`, which spreads the loading (and the checks, the KPIs) over the cores.

pub mod init;
mod parallel;
mod read;
mod scope;
mod walk;
mod write;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::config::Config;
use crate::diag::{Check, Code, Diag, Severity};
use crate::record::value::{Span, Table};
use crate::record::{self, Format, Record};
use crate::rules::{Rules, load};
use read::open_regular;
use walk::walk;

pub use crate::config::CONFIG_FILE;
pub use parallel::par_map;
pub use read::{ReadError, Source, parse_record, read_inside, read_source};
pub use scope::Scope;
pub use write::{
    OutputFile, check_output, prove_text, refuse_links, write_atomic, write_output, write_record,
};
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
    /// What the checks of `itc.toml`'s values (`check::config`, above) need: the table as
    /// parsed (`None` when it could not be, or once checked), and where in `diags` the findings
    /// of reading its values lie, which theirs join (after parsing's, before the walk's).
    pub config_read: Option<(Table, Range<usize>)>,
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

/// Reads `itc.toml`: parsed, then read into `Config` leniently (an invalid value is reported and
/// its default used). Returns the parsed table too, for the checks of its values against the
/// schema, the rules and the KPIs (`check::config`), and where the findings of reading its
/// values lie in `diags`, which those checks join.
fn load_config(
    root: &Path,
    source: &Source,
    diags: &mut Vec<Diag>,
) -> Result<(Config, Option<Table>, Range<usize>), Error> {
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
        return Ok((Config::default(), None, diags.len()..diags.len()));
    };
    let start = diags.len();
    let config = Config::from_table(&table, diags);
    Ok((config, Some(table), start..diags.len()))
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
        let (config, table, found) = load_config(&root, &source, &mut diags)?;
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
                        None => Diag::new(Code::W0108, rel, Span::START),
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
            config_read: table.map(|t| (t, found)),
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
        String::from_utf8(bytes)
            .map_err(|_| Error::Refused(crate::Refusal::NotUtf8(path.to_path_buf())))
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

    /// The findings of the files and folders of the kinds `wanted` accepts that could not be
    /// walked or read, sorted: those of opening the repository and those among `diags` (of
    /// loading `records`) on a file none of `records` was read from. What makes an export
    /// incomplete; whether what was read is valid is `itc check`'s business (a file read despite
    /// a finding, such as a BOM, is not unread).
    pub fn unread(
        &self,
        wanted: impl Fn(usize) -> bool,
        records: &[Record],
        diags: &[Diag],
    ) -> Vec<Diag> {
        let folders: Vec<&str> = self
            .rules
            .kinds
            .iter()
            .enumerate()
            .filter(|(i, _)| wanted(*i))
            .map(|(_, k)| k.folder.as_str())
            .collect();
        let left_out = |d: &Diag| {
            d.check == Check::Syntax
                && folders
                    .iter()
                    .any(|f| d.file == *f || d.file.starts_with(&format!("{f}/")))
                && !records.iter().any(|r| r.rel == d.file)
        };
        let mut unread: Vec<Diag> = diags
            .iter()
            .chain(&self.diags)
            .filter(|d| left_out(d))
            .cloned()
            .collect();
        unread.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        unread
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
