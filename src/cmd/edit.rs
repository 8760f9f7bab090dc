//! `itc edit`: open a copy of a record in the editor; write it back only if it adds no errors.

use std::io::IsTerminal;
use std::path::Path;

use super::{Ctx, Session};
use crate::output::catalog::commands;
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

/// Asks on the terminal whether to edit again (yes unless the answer begins with n).
fn again(lang: Lang) -> bool {
    print_err(commands::EDIT_AGAIN.get(lang));
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    let a = answer.trim().to_lowercase();
    let no = commands::EDIT_NO;
    !(a.starts_with(no.en) || a.starts_with(no.zh) || a == "q")
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let Session { repo, lang, .. } = ctx.open(None)?;
    let wait = ctx.wait(lang, &args.lock);
    let session = workflow::edit_begin(&repo, &args.id)?;
    let editor = editor();
    let rel = crate::repo::relative(&repo.root, &session.path);
    loop {
        run_editor(&editor, &session.copy)?;
        match workflow::edit_check(&repo, &session)? {
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
                let mut text = commands::edit_adds_errors(lang, &session.id);
                for d in &errors {
                    text.push_str(&format!(
                        "  {}\n",
                        crate::output::need::describe_need(d, lang)
                    ));
                }
                print_err(&crate::output::escape::terminal(&text));
                if std::io::stdin().is_terminal() && again(lang) {
                    continue;
                }
                return Err(Error::Invalid {
                    zh: commands::edit_not_written(Lang::Zh, &rel, &session.copy),
                    en: commands::edit_not_written(Lang::En, &rel, &session.copy),
                });
            }
        }
    }
}
