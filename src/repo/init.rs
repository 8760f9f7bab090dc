//! A new records repository on disk (`itc init`): a commented `itc.toml` in the output language,
//! the kind folders, the JSON Schemas and a README; and where its CI job goes. Nothing is
//! written through a symbolic link, and `itc.toml` comes last, so that an interrupted init
//! leaves no half repository behind a valid root.

use std::path::{Path, PathBuf};

use super::{CONFIG_FILE, refuse_links, write_atomic};
use crate::record::Format;
use crate::rules::{Rules, schema};
use crate::{Error, Lang, Refusal};

const CONFIG_ZH: &str = include_str!("../templates/itc.zh.toml");
const CONFIG_EN: &str = include_str!("../templates/itc.en.toml");
const README_ZH: &str = include_str!("../templates/README.zh.md");
const README_EN: &str = include_str!("../templates/README.en.md");

/// A CI file: where it goes and what it says.
pub struct CiFile {
    /// Relative to the top of the work tree.
    pub path: &'static str,
    pub text: String,
}

/// A CI job checked by `plan_ci`, ready to be written.
pub struct PlannedCi {
    /// The top of the work tree.
    top: PathBuf,
    path: PathBuf,
    text: String,
}

/// `path` with its longest existing ancestor resolved (links, `..`), the rest kept as given: the
/// real place of a folder that may not exist yet.
fn real_path(path: &Path) -> Result<PathBuf, Error> {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = at.canonicalize() {
            return Ok(rest.iter().rev().fold(real, |p, part| p.join(part)));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return Ok(path.to_path_buf()),
        }
    }
}

/// Where the CI job of the repository at `dir` goes, and what it says (`job`, given the folder
/// of the repository inside its work tree, `.` for the top): at the top of the git work tree
/// holding it (where GitHub and GitLab read it), or in `dir` when it is in none yet. Decided
/// before anything is written, so that a refused job leaves nothing behind: an existing file is
/// never overwritten, and no symbolic link is followed on the way.
pub fn plan_ci(
    dir: &Path,
    job: impl FnOnce(&str) -> Result<CiFile, Error>,
) -> Result<PlannedCi, Error> {
    let real = real_path(dir)?;
    let prefix = crate::git::worktree_prefix(&real);
    let top = real
        .ancestors()
        .nth(prefix.matches('/').count())
        .map_or_else(|| real.clone(), Path::to_path_buf);
    let rel = prefix.trim_end_matches('/');
    let file = job(if rel.is_empty() { "." } else { rel })?;
    let path = top.join(file.path);
    refuse_links(&top, &path)?;
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Error::Refused(Refusal::Exists(path)));
    }
    Ok(PlannedCi {
        top,
        path,
        text: file.text,
    })
}

/// Writes a CI job planned by `plan_ci`, checking again that no link lies on the way; returns
/// where it was written.
pub fn write_ci(plan: PlannedCi) -> Result<PathBuf, Error> {
    let PlannedCi { top, path, text } = plan;
    refuse_links(&top, &path)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
    }
    refuse_links(&top, &path)?;
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// Makes `.gitignore` in `dir` hold `.itc.lock` (the lock `itc new` takes), keeping its lines.
fn ignore_lock(dir: &Path) -> Result<(), Error> {
    const LOCK: &str = ".itc.lock";
    let path = dir.join(".gitignore");
    let old = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::Io(path, e)),
    };
    if old
        .lines()
        .any(|l| l.trim() == LOCK || l.trim() == "/.itc.lock")
    {
        return Ok(());
    }
    let sep = if old.is_empty() || old.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    write_atomic(&path, format!("{old}{sep}{LOCK}\n").as_bytes())
}

/// Creates a repository in `dir` (which holds no `itc.toml`): its `itc.toml` and README in
/// `lang`, for the organisation `name` (the catalog's default when `init` is given none), with
/// `new` writing records in `format`; and the CI job planned, if any, whose path is returned
/// once written.
pub fn create(
    dir: &Path,
    lang: Lang,
    name: &str,
    format: Format,
    ci: Option<PlannedCi>,
) -> Result<Option<PathBuf>, Error> {
    let config = dir.join(CONFIG_FILE);
    let format = match format {
        Format::Toml => "toml",
        Format::Yaml => "yaml",
    };
    let fill = |t: &str| {
        t.replace("{name}", &name.replace('"', "'"))
            .replace("{format}", format)
    };
    let (config_text, readme) = match lang {
        Lang::Zh => (fill(CONFIG_ZH), fill(README_ZH)),
        Lang::En => (fill(CONFIG_EN), fill(README_EN)),
    };
    let rules = Rules::builtin().map_err(Error::Builtin)?;
    let schema_dir = dir.join("schema");
    let schemas = schema::all(&rules).map_err(Error::Builtin)?;
    // As for records, no write goes through a symbolic link (one could lead it out of the
    // repository): every path is looked at before anything is written.
    let gitkeeps: Vec<PathBuf> = rules
        .kinds
        .iter()
        .map(|kind| dir.join(&kind.folder).join(".gitkeep"))
        .collect();
    // An existing README is kept, whatever it is.
    let readme_path = Some(dir.join("README.md")).filter(|p| !p.exists());
    let schema_paths = schemas.iter().map(|(file, _)| schema_dir.join(file));
    for path in gitkeeps
        .iter()
        .cloned()
        .chain(schema_paths)
        .chain(readme_path.clone())
        .chain([config.clone()])
    {
        refuse_links(dir, &path)?;
    }
    let mkdir = |p: &Path| std::fs::create_dir_all(p).map_err(|e| Error::Io(p.to_path_buf(), e));
    for gitkeep in &gitkeeps {
        if let Some(folder) = gitkeep.parent() {
            mkdir(folder)?;
        }
        // Git keeps no empty folder.
        write_atomic(gitkeep, b"")?;
    }
    mkdir(&schema_dir)?;
    for (file, value) in schemas {
        write_atomic(&schema_dir.join(file), schema::to_text(&value).as_bytes())?;
    }
    if let Some(path) = &readme_path {
        write_atomic(path, readme.as_bytes())?;
    }
    ignore_lock(dir)?;
    let ci = ci.map(write_ci).transpose()?;
    // Last, so that an interrupted init leaves no half repository behind a valid root.
    write_atomic(&config, config_text.as_bytes())?;
    Ok(ci)
}
