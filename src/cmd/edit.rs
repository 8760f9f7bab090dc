//! `itc edit`: open a copy of a record in the editor; write it back only if it adds no errors.

use std::path::Path;

use super::{Ctx, Session};
use crate::diag::Diag;
use crate::output::catalog::{commands, excel};
use crate::output::need;
use crate::workflow::{self, Edited};
use crate::{Error, Lang, print_err, print_out};

/// Edit a record in $VISUAL or $EDITOR; it is written only if the edit adds no errors
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The record's id (INC-2026-20 names INC-2026-0020-x7k)
    pub id: String,
    #[command(flatten)]
    pub lock: crate::cli::LockArgs,
}

/// `$VISUAL`, else `$EDITOR`, else `vi` — as git and visudo choose.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Runs the editor on `file`; the editor may carry arguments (`code --wait`), read by the shell.
fn run_editor(editor: &str, file: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    let status = std::process::Command::new("sh")
        .args(["-c", &format!("{editor} \"$@\""), "sh"])
        .arg(file)
        .status();
    #[cfg(not(unix))]
    let status = {
        let mut words = editor.split_whitespace();
        std::process::Command::new(words.next().unwrap_or("notepad"))
            .args(words)
            .arg(file)
            .status()
    };
    let status = status.map_err(|e| Error::Io(editor.into(), e))?;
    if status.success() {
        return Ok(());
    }
    let code = status
        .code()
        .map_or_else(|| "?".to_string(), |c| c.to_string());
    Err(Error::usage(
        commands::edit_editor_failed(Lang::Zh, editor, &code, file),
        commands::edit_editor_failed(Lang::En, editor, &code, file),
    ))
}

/// How many times the editor is opened again on a refused edit before itc gives up (an
/// editor run by a script could change the file every time).
const ROUNDS: u32 = 20;

/// The line that ends the comments put above a refused edit, as git's scissors: it and every
/// line above it are removed before the file is read.
const SCISSORS: &str = "# ------------------------ >8 ------------------------";

/// The comments put at the top of a refused edit: why it was refused (each finding at its
/// line in the file as the editor shows it, below these lines), then the scissors; and how
/// many lines they take.
fn refusal_header(lang: Lang, errors: &[Diag]) -> (String, u32) {
    let build = |shift: u32| {
        let mut lines: Vec<String> = excel::edit_refused_header(lang)
            .iter()
            .map(|l| format!("# {l}").trim_end().to_string())
            .collect();
        for d in errors {
            let mut d = d.clone();
            d.span.line += shift;
            for l in need::describe_need(&d, lang).lines() {
                lines.push(format!("#   {l}"));
            }
        }
        lines.push(SCISSORS.to_string());
        lines.join("\n") + "\n"
    };
    let shift = u32::try_from(build(0).lines().count()).unwrap_or(0);
    (build(shift), shift)
}

/// The edit without the comments `refusal_header` put above it: everything through the
/// scissors, or, when they were deleted, the `#` lines at the top.
fn strip_header(text: &str) -> &str {
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\n') {
        if line == SCISSORS {
            return after;
        }
        if !(line == "#" || line.starts_with("# ")) {
            break;
        }
        rest = after;
    }
    // No scissors: the leading comment lines go, the rest stays.
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\n') {
        if !(line == "#" || line.starts_with("# ")) {
            break;
        }
        rest = after;
    }
    rest
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { repo, lang, .. } = ctx.open(None)?;
    let wait = ctx.wait(lang, &args.lock);
    let session = workflow::edit_begin(&repo, &args.id)?;
    let editor = editor();
    let rel = crate::repo::relative(&repo.root, &session.path);
    let not_written = || Error::Invalid {
        zh: commands::edit_not_written(Lang::Zh, &rel, &session.copy),
        en: commands::edit_not_written(Lang::En, &rel, &session.copy),
    };
    // The text the editor was last given with the reasons of a refusal above it.
    let mut shown: Option<String> = None;
    for round in 1..=ROUNDS {
        run_editor(&editor, &session.copy)?;
        let raw = workflow::edit_read(&session)?;
        let text = match &shown {
            // Left as it was given: the edit is abandoned, and nothing is written.
            Some(given) if *given == raw => {
                print_err(&format!("{}\n", excel::EDIT_ABANDONED.get(lang)));
                return Err(not_written());
            }
            Some(_) => strip_header(&raw).to_string(),
            None => raw,
        };
        match workflow::edit_check_text(&repo, &session, text.clone())? {
            Edited::Unchanged => {
                let _ = std::fs::remove_file(&session.copy);
                print_out(&commands::edit_unchanged(lang, &session.id))?;
                return Ok(0);
            }
            Edited::Valid(text) => {
                workflow::edit_commit(&repo, &session, &text, &wait)?;
                print_out(&commands::edit_saved(lang, &session.id, &rel))?;
                return Ok(0);
            }
            Edited::Invalid(errors) => {
                // Opened again, the reasons at the top, as `git commit` and visudo do; the
                // lines said are those of the copy as it is then.
                let again = round < ROUNDS;
                let (header, shift) = refusal_header(lang, &errors);
                let mut said = commands::edit_adds_errors(lang, &session.id);
                for d in &errors {
                    let mut d = d.clone();
                    d.span.line += if again { shift } else { 0 };
                    said.push_str(&format!("  {}\n", need::describe_need(&d, lang)));
                }
                print_err(&crate::output::escape::terminal(&said));
                if !again {
                    break;
                }
                let given = header + &text;
                workflow::edit_rewrite(&session, &given)?;
                shown = Some(given);
            }
        }
    }
    Err(not_written())
}
