//! The CI job `itc init --ci` writes, from the embedded templates: the folder of the repository
//! quoted for YAML and for the shell, and refused when the CI system would evaluate its name.

use crate::output::catalog::views as words;
use crate::repo::init::CiFile;
use crate::{Error, Lang};

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
pub fn job(ci: Ci, dir: &str) -> Result<CiFile, Error> {
    let (evaluated, system, what) = match ci {
        Ci::Github => ("${{", "GitHub", words::AN_EXPRESSION),
        Ci::Gitlab => ("$", "GitLab", words::A_VARIABLE),
    };
    if dir.contains(evaluated) {
        let shown = super::escape::terminal_line(dir);
        let say = |lang| words::ci_folder_evaluated(lang, &shown, evaluated, system, what);
        return Err(Error::usage(say(Lang::Zh), say(Lang::En)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_files_quote_the_folder_for_yaml_and_the_shell() -> Result<(), Error> {
        let f = job(Ci::Gitlab, "记录 it's")?;
        assert!(
            f.text.contains("    - \"cd '记录 it'\\\\''s'\"\n"),
            "{}",
            f.text
        );
        assert!(
            f.text
                .contains("codequality: \"记录 it's/gl-code-quality-report.json\"")
        );
        let f = job(Ci::Github, ".")?;
        assert!(f.text.contains("working-directory: \".\"\n"));
        assert!(f.text.contains("sarif_file: \"./itc.sarif\"\n"));
        for placeholder in ["{dir}", "{sarif}", "{version}", "{cd}", "{report}"] {
            assert!(!f.text.contains(placeholder), "{placeholder}");
        }
        Ok(())
    }

    #[test]
    fn ci_files_refuse_a_folder_the_ci_system_would_evaluate() {
        assert!(job(Ci::Github, "${{ github.token }}").is_err());
        assert!(job(Ci::Github, "a$b").is_ok());
        assert!(job(Ci::Gitlab, "a$b").is_err());
    }
}
