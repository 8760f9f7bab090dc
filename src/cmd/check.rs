//! `itc check`: run the named checks and report every finding.

use std::path::PathBuf;

use crate::check::ChangeSet;
use crate::cli::Global;
use crate::diag::{Check, Severity};
use crate::output::{Style, diagnostics};
use crate::repo::Repo;
use crate::{Error, Lang, print_err, print_out};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// GitHub Actions workflow commands: each finding annotates its line in a pull request.
    Github,
    /// A GitLab code-quality report (JSON).
    Gitlab,
    /// A JUnit XML report: a test case per checked file, failing on errors.
    Junit,
    /// A SARIF 2.1.0 log (GitHub code scanning).
    Sarif,
}

/// Check records against the workflow rules
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders to report on (default: the whole repository)
    pub paths: Vec<PathBuf>,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Run only these checks (repeatable, or comma-separated)
    #[arg(long = "check", value_name = "NAME", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Skip these checks (repeatable, or comma-separated)
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub skip: Vec<String>,
    /// Report only the findings that the changes since this git revision can cause (counted from
    /// the merge base; staged, unstaged and untracked files included)
    #[arg(long, value_name = "REV", conflicts_with_all = ["at"])]
    pub changed_since: Option<String>,
    #[command(flatten)]
    pub at: crate::cli::At,
}

fn parse_checks(names: &[String]) -> Result<Vec<Check>, Error> {
    names
        .iter()
        .map(|n| {
            Check::from_name(n.trim()).ok_or_else(|| {
                let all: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
                Error::usage(
                    format!("未知的检查 `{n}`;检查有:{}", all.join(", ")),
                    format!("unknown check `{n}`; the checks are: {}", all.join(", ")),
                )
            })
        })
        .collect()
}

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let only = parse_checks(&args.only)?;
    let skip = parse_checks(&args.skip)?;
    let start = super::start_dir(g)?;
    // A revision git cannot hand over whole is still checked: the files it lost are findings.
    let repo = match Repo::open_partial_at(&start, args.at.at.as_deref()) {
        // A broken rules.toml is reported like any finding, in the format asked for; records
        // cannot be checked without rules, so it stays a repository error (exit 2).
        Err(Error::Rules(_, diags)) if args.format == Format::Json => {
            let value = diagnostics::json(&diags, 1, 0, Lang::resolve(g.lang, None));
            print_out(&format!("{value}\n"))?;
            return Ok(2);
        }
        other => other?,
    };
    let lang = Lang::resolve(g.lang, repo.config.lang);

    let scope = super::Scope::new(&start, &repo.root, &args.paths)?;
    // Ask git first: a wrong revision stops before the records are read.
    let changes = match &args.changed_since {
        Some(rev) => Some(crate::git::changes_since(&repo.root, rev)?),
        None => None,
    };
    let mut report = if args.paths.is_empty() {
        crate::check::run(&repo)
    } else {
        crate::check::run_on(&repo, |file| scope.holds(file))
    };
    // The leftovers of interrupted writes and edits.
    report.diags.extend(crate::leftovers::findings(&repo));
    let change = changes.map(|c| ChangeSet::new(&repo, &report, &c));

    let diags: Vec<_> = report
        .diags
        .into_iter()
        .filter(|d| (only.is_empty() || only.contains(&d.check)) && !skip.contains(&d.check))
        .filter(|d| matches!(d.check, Check::Config | Check::Rules) || scope.holds(&d.file))
        .filter(|d| change.as_ref().is_none_or(|c| c.caused(d)))
        .collect();
    // The records reported on: those in scope and, for a change, those it touched (all of
    // them when itc.toml or the rules changed) or that hold a finding it caused.
    let with_findings: std::collections::HashSet<&str> =
        diags.iter().map(|d| d.file.as_str()).collect();
    let reported: Vec<&str> = report
        .records
        .iter()
        .map(|&i| repo.rel(i))
        .filter(|rel| scope.holds(rel))
        .filter(|rel| {
            change
                .as_ref()
                .is_none_or(|c| c.everything() || c.touches(rel) || with_findings.contains(rel))
        })
        .collect();
    let records = reported.len();
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;

    match args.format {
        Format::Json => {
            let files = repo.files.len() + 1 + usize::from(repo.has_rules_file());
            let value = diagnostics::json(&diags, files, records, lang);
            print_out(&format!("{value}\n"))?;
        }
        Format::Gitlab | Format::Junit | Format::Github | Format::Sarif => {
            let reported = reported.into_iter().map(str::to_string).collect();
            let ci = diagnostics::Ci::new(&repo.root, reported, args.deny_warnings, lang);
            print_out(&match args.format {
                Format::Gitlab => ci.gitlab(&diags),
                Format::Junit => ci.junit(&diags),
                Format::Sarif => ci.sarif(&diags),
                _ => ci.github(&diags)?,
            })?;
            if !g.quiet {
                print_err(&format!(
                    "{}\n",
                    diagnostics::summary(records, errors, warnings)
                ));
            }
        }
        Format::Human => {
            let style = Style::for_stderr(g.color);
            let mut text =
                diagnostics::human_from(&diags, &|rel| repo.source_text(rel), lang, style);
            if !g.quiet {
                text.push_str(&diagnostics::summary(records, errors, warnings));
                text.push('\n');
            }
            print_err(&text);
        }
    }
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    // The check of a revision that could not be read whole is not a verdict on it: exit 2.
    let lost = match &repo.source {
        crate::repo::Source::Git(s) => s.unreadable(),
        crate::repo::Source::Disk => Vec::new(),
    };
    if !lost.is_empty() {
        let rev = crate::output::escape::terminal(repo.revision().unwrap_or_default());
        let style = Style::for_stderr(g.color);
        print_err(&match lang {
            Lang::Zh => format!(
                "{}: 无法从 git 完整读取版本 `{rev}`:{} 个文件读不出(见上文的 E0107);这次检查不完整\n",
                style.paint("错误", "1;31"),
                lost.len()
            ),
            Lang::En => format!(
                "{}: git cannot hand over revision `{rev}` whole: {} file(s) cannot be read (E0107 above); this check of it is incomplete\n",
                style.paint("error", "1;31"),
                lost.len()
            ),
        });
    }
    super::leave((repo, report.records, report.ids));
    Ok(if lost.is_empty() { u8::from(failed) } else { 2 })
}
