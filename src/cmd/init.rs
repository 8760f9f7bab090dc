//! `itc init`: a new records repository, and the CI job that checks it (`--ci`).

use std::path::{Path, PathBuf};

use super::Ctx;
use crate::repo::{CONFIG_FILE, refuse_links, write_atomic};
use crate::rules::{Rules, schema};
use crate::{Error, Lang, print_out};

const CONFIG_ZH: &str = include_str!("../templates/itc.zh.toml");
const CONFIG_EN: &str = include_str!("../templates/itc.en.toml");
const README_ZH: &str = include_str!("../templates/README.zh.md");
const README_EN: &str = include_str!("../templates/README.en.md");
const GITHUB: &str = include_str!("../templates/ci/github.yml");
const GITLAB: &str = include_str!("../templates/ci/gitlab.yml");

/// The CI systems `--ci` writes a job for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    /// GitHub Actions: .github/workflows/itc.yml (SARIF to code scanning on pull requests)
    Github,
    /// GitLab CI: .gitlab-ci.yml (a code-quality report on merge requests)
    Gitlab,
}

/// Create a records repository: a commented itc.toml (in --lang), the kind folders, schemas and a README
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to create it (default: the current folder, or -C DIR)
    // Its own id: a shared id with the global -C would make clap fill both from either.
    #[arg(id = "init_dir", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Format of the records `itc new` writes
    #[arg(long, value_enum, default_value_t = crate::cli::FileFormat::Toml)]
    pub format: crate::cli::FileFormat,
    /// The organisation's name
    #[arg(long)]
    pub name: Option<String>,
    /// Also write a CI job that checks the records (in an existing repository: only that)
    #[arg(long, value_enum, value_name = "SYSTEM")]
    pub ci: Option<Ci>,
}

/// A CI file: where it goes and what it says.
struct CiFile {
    /// Relative to the top of the work tree.
    path: &'static str,
    text: String,
}

/// A string as a YAML double-quoted scalar (JSON's string syntax is YAML's).
fn yaml_quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// A word for a POSIX shell.
fn shell_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The CI file for `ci`, run from `dir` inside its work tree (`.` for the top), running this
/// version of itc. A folder whose name the CI system would evaluate is refused: GitHub
/// evaluates `${{ … }}` in every value of a workflow, GitLab expands `$VARIABLE` in the paths
/// of artifacts.
fn ci_file(ci: Ci, dir: &str) -> Result<CiFile, Error> {
    let (evaluated, system, what_zh, what_en) = match ci {
        Ci::Github => ("${{", "GitHub", "表达式", "an expression"),
        Ci::Gitlab => ("$", "GitLab", "变量", "a variable"),
    };
    if dir.contains(evaluated) {
        let shown = crate::output::escape::terminal_line(dir);
        return Err(Error::usage(
            format!(
                "文件夹 {shown} 的名称含有 `{evaluated}`,{system} 会把它当作{what_zh}求值;未写入任何内容。请换一个文件夹名"
            ),
            format!(
                "the folder {shown} has `{evaluated}` in its name, which {system} would evaluate as {what_en}; nothing was written. Rename the folder"
            ),
        ));
    }
    let version = env!("CARGO_PKG_VERSION");
    Ok(match ci {
        Ci::Github => CiFile {
            path: ".github/workflows/itc.yml",
            text: GITHUB
                .replace("{version}", version)
                .replace("{dir}", &yaml_quoted(dir))
                .replace("{sarif}", &yaml_quoted(&format!("{dir}/itc.sarif"))),
        },
        Ci::Gitlab => CiFile {
            path: ".gitlab-ci.yml",
            text: GITLAB
                .replace("{version}", version)
                .replace("{cd}", &yaml_quoted(&format!("cd {}", shell_quoted(dir))))
                .replace(
                    "{report}",
                    &yaml_quoted(&format!("{dir}/gl-code-quality-report.json")),
                ),
        },
    })
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

/// Where the CI job of the repository at `dir` goes, and what it says: at the top of the git
/// work tree holding it (where GitHub and GitLab read it), or in `dir` when it is in none yet.
/// Decided before anything is written, so that a refused job leaves nothing behind: an existing
/// file is never overwritten, and no symbolic link is followed on the way.
fn plan_ci(ci: Ci, dir: &Path) -> Result<(PathBuf, PathBuf, CiFile), Error> {
    let real = real_path(dir)?;
    let prefix = crate::output::diagnostics::worktree_prefix(&real);
    let top = real
        .ancestors()
        .nth(prefix.matches('/').count())
        .map_or_else(|| real.clone(), Path::to_path_buf);
    let rel = prefix.trim_end_matches('/');
    let file = ci_file(ci, if rel.is_empty() { "." } else { rel })?;
    let path = top.join(file.path);
    refuse_links(&top, &path)?;
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Error::usage(
            format!("{} 已存在,未做任何修改", path.display()),
            format!("{} exists; nothing was changed", path.display()),
        ));
    }
    Ok((top, path, file))
}

/// Writes a CI job planned by `plan_ci`, checking again that no link lies on the way.
fn write_ci((top, path, file): (PathBuf, PathBuf, CiFile)) -> Result<PathBuf, Error> {
    refuse_links(&top, &path)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
    }
    refuse_links(&top, &path)?;
    write_atomic(&path, file.text.as_bytes())?;
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

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let base = ctx.start()?;
    if ctx.global.dir.is_some() && base.exists() && !base.is_dir() {
        return Err(Error::usage(
            format!("-C {}:不是目录", base.display()),
            format!("-C {}: not a folder", base.display()),
        ));
    }
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => base.join(d),
        None => base,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(
            format!("{}:不是目录", dir.display()),
            format!("{}: not a folder", dir.display()),
        ));
    }
    // The global --lang (or ITC_LANG) picks the language of itc.toml and the README too.
    let lang = ctx.lang(None);
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        // An existing repository takes only a CI job.
        if let Some(ci) = args.ci {
            let path = write_ci(plan_ci(ci, &dir)?)?;
            print_out(&crate::output::escape::terminal(&match lang {
                Lang::Zh => format!("已写入 {}\n", path.display()),
                Lang::En => format!("wrote {}\n", path.display()),
            }))?;
            return Ok(0);
        }
        return Err(Error::usage(
            format!(
                "{} 已存在:这里已经是 itc 记录库,未做任何修改",
                config.display()
            ),
            format!(
                "{} exists: this is already an itc repository; nothing was changed",
                config.display()
            ),
        ));
    }
    // The CI job is planned first: a refused one leaves no repository behind.
    let ci = args.ci.map(|ci| plan_ci(ci, &dir)).transpose()?;
    let name = args.name.clone().unwrap_or_else(|| match lang {
        Lang::Zh => "综合信息中心".to_string(),
        Lang::En => "Information center".to_string(),
    });
    let format = match args.format {
        crate::cli::FileFormat::Toml => "toml",
        crate::cli::FileFormat::Yaml => "yaml",
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
        refuse_links(&dir, &path)?;
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
    ignore_lock(&dir)?;
    let ci = ci.map(write_ci).transpose()?;
    // Last, so that an interrupted init leaves no half repository behind a valid root.
    write_atomic(&config, config_text.as_bytes())?;
    let mut message = match lang {
        Lang::Zh => format!("已在 {} 新建 itc 记录库\n", dir.display()),
        Lang::En => format!("created an itc repository in {}\n", dir.display()),
    };
    if let Some(path) = ci {
        message.push_str(&match lang {
            Lang::Zh => format!("已写入 {}\n", path.display()),
            Lang::En => format!("wrote {}\n", path.display()),
        });
    }
    print_out(&crate::output::escape::terminal(&message))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_files_quote_the_folder_for_yaml_and_the_shell() -> Result<(), Error> {
        let f = ci_file(Ci::Gitlab, "记录 it's")?;
        assert!(
            f.text.contains("    - \"cd '记录 it'\\\\''s'\"\n"),
            "{}",
            f.text
        );
        assert!(
            f.text
                .contains("codequality: \"记录 it's/gl-code-quality-report.json\"")
        );
        let f = ci_file(Ci::Github, ".")?;
        assert!(f.text.contains("working-directory: \".\"\n"));
        assert!(f.text.contains("sarif_file: \"./itc.sarif\"\n"));
        for placeholder in ["{dir}", "{sarif}", "{version}", "{cd}", "{report}"] {
            assert!(!f.text.contains(placeholder), "{placeholder}");
        }
        Ok(())
    }

    #[test]
    fn ci_files_refuse_a_folder_the_ci_system_would_evaluate() {
        assert!(ci_file(Ci::Github, "${{ github.token }}").is_err());
        assert!(ci_file(Ci::Github, "a$b").is_ok());
        assert!(ci_file(Ci::Gitlab, "a$b").is_err());
    }
}
