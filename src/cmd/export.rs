//! `itc export`: every record as NDJSON, one JSON array, or one CSV per kind, for scripts and
//! analytical engines. Files that cannot be read are reported on stderr and make the exit code
//! 1, while the records that could be read are still written.

use std::path::{Path, PathBuf};

use super::{Ctx, Session};
use crate::output::catalog::{commands, errors};
use crate::output::diagnostics;
use crate::repo::{Repo, check_output, write_output};
use crate::{Error, export, print_err, print_out};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line
    Ndjson,
    /// One JSON array
    Json,
    /// One CSV table per kind, its header the rules' field paths
    Csv,
}

/// Export records as NDJSON, JSON or CSV, with the same keys in every language
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only these kinds (incident, project, …; default: all)
    #[arg(value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Ndjson)]
    pub format: Format,
    /// Write to this file (for CSV: into this folder, one KIND.csv per kind) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub at: crate::cli::At,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { start, repo, lang } = ctx.open(args.at.at.as_deref())?;
    // Like the paths of other commands, -o is read from where itc runs (`-C DIR`).
    let output = args.output.as_ref().map(|p| start.join(p));
    let kinds = crate::filter::kinds_named(&repo.rules, &args.kinds)?;
    if args.format == Format::Csv && output.is_none() && kinds.len() != 1 {
        let words = errors::CSV_ONE_KIND;
        return Err(Error::usage(words.zh, words.en));
    }
    let wanted = |k: usize| kinds.is_empty() || kinds.contains(&k);
    let (records, diags) = repo.load_records_of(wanted);
    // What makes an export incomplete: a file or folder of a kind asked for that could not be
    // walked or read.
    let missing = repo.unread(wanted, &records, &diags);
    let mut files: Vec<&str> = missing.iter().map(|d| d.file.as_str()).collect();
    files.dedup();

    let tz = repo.config.tz;
    let list = export::sorted(&records);
    match args.format {
        Format::Ndjson | Format::Json => {
            let text = match args.format {
                Format::Ndjson => export::ndjson(&repo.rules, &list, tz),
                _ => export::json_array(&repo.rules, &list, tz),
            };
            match &output {
                Some(path) => write_output(path, text.as_bytes())?,
                None => print_out(&text)?,
            }
        }
        Format::Csv => {
            let present: Vec<usize> = match kinds.is_empty() {
                true => (0..repo.rules.kinds.len())
                    .filter(|k| records.iter().any(|r| r.kind == *k))
                    .collect(),
                false => kinds.clone(),
            };
            match &output {
                Some(dir) => write_csv(&repo, dir, &present, &list)?,
                // Checked above: without -o exactly one kind was asked for.
                None => {
                    for &k in &present {
                        print_out(&export::csv(&repo.rules, k, &list, tz))?;
                    }
                }
            }
        }
    }

    let failed = files.len();
    if failed > 0 {
        let style = ctx.stderr_style();
        print_err(&diagnostics::human_from(
            &missing,
            &|rel| repo.source_text(rel),
            lang,
            style,
        ));
    }
    if failed > 0 && !ctx.quiet() {
        print_err(&commands::export_incomplete(lang, failed));
    }
    Ok(u8::from(failed > 0))
}

fn write_csv(
    repo: &Repo,
    dir: &Path,
    kinds: &[usize],
    list: &[&crate::record::Record],
) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_path_buf(), e))?;
    let files: Vec<(usize, PathBuf)> = kinds
        .iter()
        .filter_map(|&k| {
            let kind = repo.rules.kinds.get(k)?;
            Some((k, dir.join(format!("{}.csv", kind.key))))
        })
        .collect();
    // A file that cannot be written is refused before any is.
    for (_, path) in &files {
        check_output(path)?;
    }
    for (k, path) in &files {
        let text = export::csv(&repo.rules, *k, list, repo.config.tz);
        write_output(path, text.as_bytes())?;
    }
    Ok(())
}
