//! bash, answered from the line as typed. bash breaks words at `=` and `:`
//! (`COMP_WORDBREAKS`): for `--set severity=P` it hands over `severity`, `=`, `P`, and for
//! `--set severity=` the word being completed is empty, the `=` lost. Our bash script also
//! passes the line up to the cursor (`_ITC_COMP_LINE`), which is split as the shell splits
//! words; the candidates then lose what bash keeps before its own current word
//! (`severity=P1` → `P1`).

use std::ffi::OsString;

use clap_complete::env::{EnvCompleter, Shells};

/// The shells, bash ours and the others clap_complete's.
pub const SHELLS: Shells<'static> = Shells(&[
    &Bash,
    &clap_complete::env::Elvish,
    &clap_complete::env::Fish,
    &clap_complete::env::Powershell,
    &clap_complete::env::Zsh,
]);

/// The variable our bash script passes the line in, up to the cursor.
pub const LINE: &str = "_ITC_COMP_LINE";

/// A command line split into words as the shell splits them: at blanks outside quotes, `'…'`
/// literal, `"…"` and `\` escaping. An unclosed quote runs to the end; a line that ends in a
/// blank ends with an empty word, the one being completed.
pub fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut open = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if open {
                    words.push(std::mem::take(&mut word));
                    open = false;
                }
            }
            '\'' => {
                open = true;
                word.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                open = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                open = true;
                word.extend(chars.next());
            }
            c => {
                open = true;
                word.push(c);
            }
        }
    }
    words.push(word);
    words
}

/// bash, answered from the line as typed (see the module's docs).
#[derive(Clone, Copy, Debug)]
pub struct Bash;

impl EnvCompleter for Bash {
    fn name(&self) -> &'static str {
        "bash"
    }

    fn is(&self, name: &str) -> bool {
        name == "bash"
    }

    fn write_registration(
        &self,
        var: &str,
        name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn std::io::Write,
    ) -> Result<(), std::io::Error> {
        let mut script = Vec::new();
        clap_complete::env::Bash.write_registration(var, name, bin, completer, &mut script)?;
        let script = String::from_utf8_lossy(&script).replace(
            "_CLAP_IFS=\"$IFS\" \\\n",
            &format!("_CLAP_IFS=\"$IFS\" \\\n        {LINE}=\"${{COMP_LINE:0:COMP_POINT}}\" \\\n"),
        );
        buf.write_all(script.as_bytes())
    }

    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        args: Vec<OsString>,
        current_dir: Option<&std::path::Path>,
        buf: &mut dyn std::io::Write,
    ) -> Result<(), std::io::Error> {
        let index: usize = std::env::var("_CLAP_COMPLETE_INDEX")
            .ok()
            .and_then(|i| i.parse().ok())
            .unwrap_or_default();
        let ifs = std::env::var("_CLAP_IFS").unwrap_or_else(|_| "\n".to_string());
        // bash's own current word, and the words as the shell splits them.
        let bash_word = args.get(index).map(|a| a.to_string_lossy().into_owned());
        let (args, index, kept) = match (std::env::var(LINE), bash_word) {
            (Ok(line), Some(bash_word)) => {
                let words = split(&line);
                let last = words.last().cloned().unwrap_or_default();
                let kept = last
                    .strip_suffix(bash_word.as_str())
                    .unwrap_or("")
                    .to_string();
                let index = words.len() - 1;
                (words.into_iter().map(OsString::from).collect(), index, kept)
            }
            (_, _) => (args, index, String::new()),
        };
        let completions = clap_complete::engine::complete(cmd, args, index, current_dir)?;
        let values: Vec<String> = completions
            .iter()
            .map(|c| {
                let v = c.get_value().to_string_lossy();
                v.strip_prefix(kept.as_str()).unwrap_or(&v).to_string()
            })
            .collect();
        write!(buf, "{}", values.join(&ifs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_splits_as_the_shell_splits_it() {
        assert_eq!(split("itc show INC"), ["itc", "show", "INC"]);
        assert_eq!(
            split("itc  -C 'a b' show "),
            ["itc", "-C", "a b", "show", ""]
        );
        assert_eq!(
            split(r#"itc --set "t=x \"y\"" a\ b"#),
            ["itc", "--set", "t=x \"y\"", "a b"]
        );
        assert_eq!(split("itc --set 'title=un"), ["itc", "--set", "title=un"]);
        assert_eq!(split(""), [""]);
    }

    #[test]
    fn the_bash_script_passes_the_line() {
        let mut out = Vec::new();
        Bash.write_registration("COMPLETE", "itc", "itc", "/bin/itc", &mut out)
            .unwrap();
        let script = String::from_utf8(out).unwrap();
        assert!(
            script.contains("_ITC_COMP_LINE=\"${COMP_LINE:0:COMP_POINT}\" \\\n"),
            "{script}"
        );
    }
}
