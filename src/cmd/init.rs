//! `itc init`: a new records repository, and the CI job that checks it (`--ci`).

use std::path::{Path, PathBuf};

use crate::cli::Global;
use crate::repo::{CONFIG_FILE, write_atomic};
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
    #[arg(long, value_enum, default_value_t = super::new::FileFormat::Toml)]
    pub format: super::new::FileFormat,
    /// The organisation's name
    #[arg(long)]
    pub name: Option<String>,
    /// Also write a CI job that checks the records (in an existing repository: only that)
    #[arg(long, value_enum, value_name = "SYSTEM")]
    pub ci: Option<Ci>,
}

/// Which lines of a CI file are written from the repository's place in its git work tree.
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

/// The CI file for `ci`, run from `dir` inside its work tree (`.` for the top).
fn ci_file(ci: Ci, dir: &str) -> CiFile {
    match ci {
        Ci::Github => CiFile {
            path: ".github/workflows/itc.yml",
            text: GITHUB
                .replace("{dir}", &yaml_quoted(dir))
                .replace("{sarif}", &yaml_quoted(&format!("{dir}/itc.sarif"))),
        },
        Ci::Gitlab => CiFile {
            path: ".gitlab-ci.yml",
            text: GITLAB
                .replace("{cd}", &yaml_quoted(&format!("cd {}", shell_quoted(dir))))
                .replace(
                    "{report}",
                    &yaml_quoted(&format!("{dir}/gl-code-quality-report.json")),
                ),
        },
    }
}

/// Writes the CI job for the repository at `dir`: at the top of the git work tree holding it
/// (where GitHub and GitLab read it), or in `dir` when it is in none yet. An existing file is
/// never overwritten.
fn write_ci(ci: Ci, dir: &Path) -> Result<PathBuf, Error> {
    let prefix = crate::output::diagnostics::worktree_prefix(dir);
    let top = match prefix.is_empty() {
        true => dir.to_path_buf(),
        false => dir
            .canonicalize()
            .map_err(|e| Error::Io(dir.to_path_buf(), e))?
            .ancestors()
            .nth(prefix.matches('/').count())
            .map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
    };
    let rel = prefix.trim_end_matches('/');
    let file = ci_file(ci, if rel.is_empty() { "." } else { rel });
    let path = top.join(file.path);
    if path.exists() {
        return Err(Error::usage(
            format!("{} 已存在,未做任何修改", path.display()),
            format!("{} exists; nothing was changed", path.display()),
        ));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
    }
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

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let base = super::start_dir(g)?;
    if g.dir.is_some() && base.exists() && !base.is_dir() {
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
    let lang = Lang::resolve(g.lang, None);
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        // An existing repository takes only a CI job.
        if let Some(ci) = args.ci {
            let path = write_ci(ci, &dir)?;
            print_out(&match lang {
                Lang::Zh => format!("已写入 {}\n", path.display()),
                Lang::En => format!("wrote {}\n", path.display()),
            })?;
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
    let name = args.name.clone().unwrap_or_else(|| match lang {
        Lang::Zh => "综合信息中心".to_string(),
        Lang::En => "Information center".to_string(),
    });
    let format = match args.format {
        super::new::FileFormat::Toml => "toml",
        super::new::FileFormat::Yaml => "yaml",
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
    let mkdir = |p: &PathBuf| std::fs::create_dir_all(p).map_err(|e| Error::Io(p.clone(), e));
    for kind in &rules.kinds {
        let folder = dir.join(&kind.folder);
        mkdir(&folder)?;
        // Git keeps no empty folder.
        write_atomic(&folder.join(".gitkeep"), b"")?;
    }
    let schema_dir = dir.join("schema");
    mkdir(&schema_dir)?;
    for (file, value) in schema::all(&rules).map_err(Error::Builtin)? {
        write_atomic(&schema_dir.join(file), schema::to_text(&value).as_bytes())?;
    }
    if !dir.join("README.md").exists() {
        write_atomic(&dir.join("README.md"), readme.as_bytes())?;
    }
    ignore_lock(&dir)?;
    let ci = match args.ci {
        Some(ci) => Some(write_ci(ci, &dir)?),
        None => None,
    };
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
    fn ci_files_quote_the_folder_for_yaml_and_the_shell() {
        let f = ci_file(Ci::Gitlab, "记录 it's");
        assert!(
            f.text.contains("    - \"cd '记录 it'\\\\''s'\"\n"),
            "{}",
            f.text
        );
        assert!(
            f.text
                .contains("codequality: \"记录 it's/gl-code-quality-report.json\"")
        );
        let f = ci_file(Ci::Github, ".");
        assert!(f.text.contains("working-directory: \".\"\n"));
        assert!(f.text.contains("sarif_file: \"./itc.sarif\"\n"));
        assert!(!f.text.contains("{dir}") && !f.text.contains("{sarif}"));
    }
}
