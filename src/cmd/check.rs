//! `itc check`: run the named checks and report every finding.

use std::path::PathBuf;

use super::{Ctx, Session};
use crate::check::{ChangeSet, Selection};
use crate::diag::Severity;
use crate::output::diagnostics;
use crate::repo::{Scope, Source};
use crate::{Error, print_err, print_out};

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

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let only = crate::check::checks(&args.only)?;
    let skip = crate::check::checks(&args.skip)?;
    // A revision git cannot hand over whole is still checked: the files it lost are findings.
    let Session { start, repo, lang } = match ctx.open_partial(args.at.at.as_deref()) {
        // A broken rules.toml is reported like any finding, in the format asked for; records
        // cannot be checked without rules, so it stays a repository error (exit 2).
        Err(Error::Rules(_, diags)) if args.format == Format::Json => {
            let value = diagnostics::json(&diags, 1, 0, ctx.lang(None));
            print_out(&format!("{value}\n"))?;
            return Ok(2);
        }
        other => other?,
    };
    let scope = Scope::new(&start, &repo.root, &args.paths)?;
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
    let selection = Selection {
        only: &only,
        skip: &skip,
        scope: &scope,
        change: change.as_ref(),
    };
    let diags = selection.findings(std::mem::take(&mut report.diags));
    let reported = selection.records(&repo, &report.records, &diags);
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
            if !ctx.quiet() {
                print_err(&format!(
                    "{}\n",
                    diagnostics::summary(records, errors, warnings, lang)
                ));
            }
        }
        Format::Human => {
            let style = ctx.stderr_style();
            let mut text =
                diagnostics::human_from(&diags, &|rel| repo.source_text(rel), lang, style);
            if !ctx.quiet() {
                text.push_str(&diagnostics::summary(records, errors, warnings, lang));
                text.push('\n');
            }
            print_err(&text);
        }
    }
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    // The check of a revision that could not be read whole is not a verdict on it: exit 2.
    let lost = match &repo.source {
        Source::Git(s) => s.unreadable().len(),
        Source::Disk => 0,
    };
    if lost > 0 {
        let rev = repo.revision().unwrap_or_default();
        print_err(&diagnostics::incomplete(
            rev,
            lost,
            lang,
            ctx.stderr_style(),
        ));
    }
    super::leave((repo, report.records, report.ids));
    Ok(if lost == 0 { u8::from(failed) } else { 2 })
}
