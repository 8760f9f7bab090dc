//! `itc export`: every record as NDJSON, one JSON array, one CSV per kind, or one Excel workbook
//! with a sheet per kind, for scripts, analytical engines and spreadsheets. Files that cannot be
//! read are reported on stderr and make the exit code 1, while the records that could be read
//! are still written.

use std::path::{Path, PathBuf};

use super::{Ctx, Session};
use crate::diag::Diag;
use crate::output::catalog::{commands, errors, excel};
use crate::output::diagnostics;
use crate::output::xlsx;
use crate::record::{self, Record};
use crate::repo::{OutputFile, RecordFile, Repo, Source, check_output, read_inside};
use crate::{Error, export, print_err, print_out};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line
    Ndjson,
    /// One JSON array
    Json,
    /// One CSV table per kind, its header the rules' field paths
    Csv,
    /// One Excel workbook (-o FILE.xlsx), a sheet per kind with the CSV's columns
    Xlsx,
}

/// Export records as NDJSON, JSON, CSV or an Excel workbook, with the same keys in every language
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
    /// Start each CSV file with a UTF-8 byte order mark, for Excel
    #[arg(long)]
    pub bom: bool,
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
    super::xlsx_needs_output(args.format == Format::Xlsx, output.as_deref())?;
    if args.bom && args.format != Format::Csv {
        let words = excel::BOM_CSV_ONLY;
        return Err(Error::usage(words.zh, words.en));
    }
    let wanted = |k: usize| kinds.is_empty() || kinds.contains(&k);
    // First pass: the order of the export (by id, then path) and what the CSV's columns need;
    // the records themselves are read again, a batch at a time, as they are written, so that
    // memory stays bounded by a batch of records, not the repository.
    let tz = repo.config.tz;
    let table = matches!(args.format, Format::Csv | Format::Xlsx);
    let csv_kind = |k: usize| table && wanted(k);
    let indices: Vec<usize> = (0..repo.files.len())
        .filter(|&i| repo.files.get(i).is_some_and(|f| wanted(f.kind)))
        .collect();
    let scanned = crate::repo::par_map(&indices, |&i| {
        let Some(file) = repo.files.get(i) else {
            return Scanned::Unread(Vec::new());
        };
        // Whether it parses is learnt in the second pass.
        if !table && let Some(id) = scan_id(&repo, file) {
            return Scanned::Read {
                file: i,
                kind: file.kind,
                key: (id, file.rel.clone()),
                unknown: Vec::new(),
            };
        }
        let (record, diags) = repo.load_file(file);
        let Some(rec) = record else {
            return Scanned::Unread(diags);
        };
        let unknown = match repo.rules.kinds.get(rec.kind) {
            Some(kind) if csv_kind(rec.kind) => export::record_json(&repo.rules, &rec, tz)
                .map(|v| {
                    export::unknown_columns(kind, &v, &export::rule_columns(&repo.rules, kind))
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        Scanned::Read {
            file: i,
            kind: rec.kind,
            key: export::order_key(&rec),
            unknown,
        }
    });
    let mut read: Vec<(String, String, usize, usize, Vec<export::Column>)> = Vec::new();
    let mut failed_diags = Vec::new();
    for s in scanned {
        match s {
            Scanned::Read {
                file,
                kind,
                key,
                unknown,
            } => read.push((key.0, key.1, file, kind, unknown)),
            Scanned::Unread(mut diags) => failed_diags.append(&mut diags),
        }
    }
    read.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    // The files the first pass read but the second could not parse, with their findings.
    let mut unread: Vec<(usize, Vec<Diag>)> = Vec::new();
    match args.format {
        Format::Ndjson | Format::Json => {
            let order: Vec<usize> = read.iter().map(|r| r.2).collect();
            let mut out = Out::new(output.as_deref())?;
            let mut array = export::JsonArray::default();
            let json = args.format == Format::Json;
            unread = for_each_batch(
                &repo,
                &order,
                |rec| export::record_line(&repo.rules, rec, tz),
                |line| {
                    if json {
                        out.push(array.before())?;
                    }
                    out.push(&line)?;
                    if !json {
                        out.push("\n")?;
                    }
                    Ok(())
                },
            )?;
            if json {
                out.push(array.end())?;
            }
            out.finish()?;
        }
        Format::Xlsx => {
            let present = present_kinds(&repo, &kinds, &read);
            let mut book = xlsx::Book::new();
            for k in present {
                let Some(kind) = repo.rules.kinds.get(k) else {
                    continue;
                };
                let of_kind = read.iter().filter(|r| r.3 == k);
                let cols = export::columns_with(
                    export::rule_columns(&repo.rules, kind),
                    of_kind.clone().flat_map(|r| r.4.iter().cloned()),
                );
                let header: Vec<String> = cols.iter().map(export::Column::header).collect();
                let order: Vec<usize> = of_kind.map(|r| r.2).collect();
                let mut sheet = book.sheet(&kind.key, &header)?;
                unread.extend(for_each_batch(
                    &repo,
                    &order,
                    |rec| {
                        export::record_json(&repo.rules, rec, tz)
                            .map(|v| export::xlsx_row(&repo.rules, kind, &cols, &v, tz))
                    },
                    |row| sheet.row(&row),
                )?);
                sheet.finish()?;
            }
            // Checked above: a workbook is always written to a file.
            if let Some(path) = &output {
                book.save(path)?;
            }
        }
        Format::Csv => {
            let present = present_kinds(&repo, &kinds, &read);
            let paths: Vec<(usize, Option<PathBuf>)> = match &output {
                Some(dir) => csv_paths(&repo, dir, &present)?,
                // Checked above: without -o exactly one kind was asked for.
                None => present.iter().map(|&k| (k, None)).collect(),
            };
            for (k, path) in paths {
                let Some(kind) = repo.rules.kinds.get(k) else {
                    continue;
                };
                let of_kind = read.iter().filter(|r| r.3 == k);
                let cols = export::columns_with(
                    export::rule_columns(&repo.rules, kind),
                    of_kind.clone().flat_map(|r| r.4.iter().cloned()),
                );
                let order: Vec<usize> = of_kind.map(|r| r.2).collect();
                let mut out = Out::new(path.as_deref())?;
                if args.bom {
                    out.push("\u{feff}")?;
                }
                out.push(&export::csv_header(&cols))?;
                let row = |rec: &Record| {
                    export::record_json(&repo.rules, rec, tz).map(|v| export::csv_row(&cols, &v))
                };
                unread.extend(for_each_batch(&repo, &order, row, |line| out.push(&line))?);
                out.finish()?;
            }
        }
    }

    // What makes an export incomplete: a file or folder of a kind asked for that could not be
    // walked or read.
    let not_parsed: std::collections::HashSet<usize> = unread.iter().map(|u| u.0).collect();
    failed_diags.extend(unread.into_iter().flat_map(|u| u.1));
    let loaded: std::collections::HashSet<&str> = read
        .iter()
        .filter(|r| !not_parsed.contains(&r.2))
        .map(|r| r.1.as_str())
        .collect();
    let mut missing = repo.unread(wanted, &[], &failed_diags);
    missing.retain(|d| !loaded.contains(d.file.as_str()));
    let mut files: Vec<&str> = missing.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
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

/// The kinds of a table export (CSV, xlsx): those asked for, or every kind that has a record.
fn present_kinds(
    repo: &Repo,
    kinds: &[usize],
    read: &[(String, String, usize, usize, Vec<export::Column>)],
) -> Vec<usize> {
    match kinds.is_empty() {
        true => (0..repo.rules.kinds.len())
            .filter(|k| read.iter().any(|r| r.3 == *k))
            .collect(),
        false => kinds.to_vec(),
    }
}

/// What the first pass learns of a record file.
enum Scanned {
    Read {
        file: usize,
        kind: usize,
        key: (String, String),
        unknown: Vec<export::Column>,
    },
    Unread(Vec<Diag>),
}

/// The `id` of a record file read from its text without parsing it (`export::scan_id`), when
/// its text says it beyond doubt.
fn scan_id(repo: &Repo, file: &RecordFile) -> Option<String> {
    let bytes = match &repo.source {
        Source::Disk => read_inside(&repo.root, &file.path, record::MAX_FILE_BYTES).ok()?,
        Source::Git(snapshot) => snapshot.record(&file.rel).ok()?,
    };
    let text = record::decode(&bytes, &file.rel, &mut Vec::new())?;
    let format = record::Format::from_path(&file.path).unwrap_or(record::Format::Toml);
    export::scan_id(text, format).map(str::to_string)
}

/// The records at these indices into `repo.files`, read again in parallel a batch at a time,
/// each turned into text by `make` and handed to `write` in order. Gives the files that could
/// not be parsed, with their findings.
fn for_each_batch<T: Send>(
    repo: &Repo,
    order: &[usize],
    make: impl Fn(&Record) -> Option<T> + Sync,
    mut write: impl FnMut(T) -> Result<(), Error>,
) -> Result<Vec<(usize, Vec<Diag>)>, Error> {
    let mut unread = Vec::new();
    for batch in order.chunks(BATCH) {
        let texts = crate::repo::par_map(batch, |&i| {
            let Some(file) = repo.files.get(i) else {
                return Ok(None);
            };
            match repo.load_file(file) {
                (Some(rec), _) => Ok(make(&rec)),
                (None, diags) => Err((i, diags)),
            }
        });
        for text in texts {
            match text {
                Ok(Some(text)) => write(text)?,
                Ok(None) => {}
                Err(u) => unread.push(u),
            }
        }
    }
    Ok(unread)
}

/// How many records are read and turned into text at a time.
const BATCH: usize = 4096;

/// Where the export goes: stdout or a file, written as it is made, 64 KiB at a time, so that
/// memory stays bounded by a batch of records whichever it is. A file is replaced only when
/// the whole export is written (`OutputFile`): an error on the way leaves none.
struct Out {
    file: Option<OutputFile>,
    text: String,
}

/// How much of the export is gathered before it is written.
const CHUNK: usize = 1 << 16;

impl Out {
    fn new(path: Option<&Path>) -> Result<Self, Error> {
        Ok(Out {
            file: path.map(OutputFile::create).transpose()?,
            text: String::with_capacity(CHUNK + (CHUNK >> 2)),
        })
    }

    fn push(&mut self, s: &str) -> Result<(), Error> {
        self.text.push_str(s);
        if self.text.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if !self.text.is_empty() {
            match &mut self.file {
                Some(file) => file.write(self.text.as_bytes())?,
                None => print_out(&self.text)?,
            }
            self.text.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), Error> {
        self.flush()?;
        match self.file.take() {
            Some(file) => file.finish(),
            None => Ok(()),
        }
    }
}

/// The CSV files of these kinds in `dir`, one KIND.csv each; a file that cannot be written is
/// refused before any is.
fn csv_paths(
    repo: &Repo,
    dir: &Path,
    kinds: &[usize],
) -> Result<Vec<(usize, Option<PathBuf>)>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_path_buf(), e))?;
    let files: Vec<(usize, PathBuf)> = kinds
        .iter()
        .filter_map(|&k| {
            let kind = repo.rules.kinds.get(k)?;
            Some((k, dir.join(format!("{}.csv", kind.key))))
        })
        .collect();
    for (_, path) in &files {
        check_output(path)?;
    }
    Ok(files.into_iter().map(|(k, p)| (k, Some(p))).collect())
}
