//! `itc fmt`: rewrite records in the canonical layout, or list those that differ (`--check`).

use std::path::PathBuf;

use crate::cli::Global;
use crate::record::format::{FormatError, format};
use crate::repo::{Repo, relative, write_atomic};
use crate::{Error, Lang, print_err, print_out};

/// Rewrite records in the canonical layout (like cargo fmt); --check lists what would change
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders (default: every record)
    pub paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted and exit 1 if any
    #[arg(long)]
    pub check: bool,
}

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let start = super::start_dir(g)?;
    let repo = Repo::open(&start)?;
    let lang = Lang::resolve(g.lang, repo.config.lang);
    let scope = super::Scope::new(&start, &repo.root, &args.paths)?;
    let (mut changed, mut left_alone) = (Vec::new(), Vec::new());
    for (path, kind) in &repo.files {
        let rel = relative(&repo.root, path);
        if !scope.holds(&rel) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            left_alone.push((rel, None));
            continue;
        };
        let fmt = crate::record::Format::from_path(path).unwrap_or(crate::record::Format::Toml);
        match format(
            &text,
            fmt,
            &repo.rules,
            &repo.rules.kinds[*kind],
            repo.config.tz,
        ) {
            Ok(out) if out != text => {
                if !args.check {
                    write_atomic(path, out.as_bytes())?;
                }
                changed.push(rel);
            }
            Ok(_) => {}
            Err(FormatError::Parse) => left_alone.push((rel, None)),
            Err(FormatError::Comment(line)) => left_alone.push((rel, Some(line))),
        }
    }
    let mut report = String::new();
    for rel in &changed {
        report.push_str(&match (args.check, lang) {
            (true, Lang::Zh) => format!("未格式化:{rel}\n"),
            (true, Lang::En) => format!("not formatted: {rel}\n"),
            (false, Lang::Zh) => format!("已格式化:{rel}\n"),
            (false, Lang::En) => format!("formatted: {rel}\n"),
        });
    }
    print_out(&report)?;
    for (rel, line) in &left_alone {
        print_err(&match (line, lang) {
            (None, Lang::Zh) => format!("跳过 {rel}:无法解析,运行 itc check 查看\n"),
            (None, Lang::En) => format!("skipped {rel}: it does not parse; run itc check\n"),
            (Some(l), Lang::Zh) => {
                format!("跳过 {rel}:第 {l} 行的注释位于多行值内部,格式化会丢失它\n")
            }
            (Some(l), Lang::En) => format!(
                "skipped {rel}: the comment on line {l} is inside a multi-line value and would be lost\n"
            ),
        });
    }
    Ok(u8::from(args.check && !changed.is_empty()))
}
