//! What the raw arguments say before parsing (`--lang`, `-C`, `--color`), and the
//! repository's `org.lang`: so that help and the errors of the parse itself come in the right
//! language and colour.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::Lang;

/// What the raw arguments say before parsing: `--lang`, `-C` and `--color`, so that help and
/// errors of the parse itself come in the right language and colour.
#[derive(Debug, Default, PartialEq)]
pub struct Prescan {
    pub lang: Option<Lang>,
    pub dir: Option<PathBuf>,
    pub color: Option<crate::output::ColorChoice>,
}

pub fn prescan(args: &[OsString]) -> Prescan {
    let mut out = Prescan::default();
    let mut it = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "--lang" => {
                if let Some(v) = inline.or_else(|| it.next()) {
                    out.lang = Lang::parse(&v);
                }
            }
            "--color" => {
                if let Some(v) = inline.or_else(|| it.next()) {
                    out.color =
                        <crate::output::ColorChoice as clap::ValueEnum>::from_str(&v, true).ok();
                }
            }
            "-C" => {
                if let Some(v) = it.next() {
                    out.dir = Some(PathBuf::from(v));
                }
            }
            f if f.starts_with("-C") && !f.starts_with("--") => {
                out.dir = Some(PathBuf::from(f[2..].trim_start_matches('=')));
            }
            _ => {}
        }
    }
    out
}

/// `org.lang` of the repository at or above `start`, when its itc.toml can be read; nothing
/// when there is none or it does not parse (the command itself will say so).
pub fn repository_lang(start: &Path) -> Option<Lang> {
    let root = crate::repo::find_root(start).ok()?;
    let text = std::fs::read_to_string(root.join(crate::repo::CONFIG_FILE)).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    table
        .get("org")?
        .get("lang")?
        .as_str()
        .and_then(Lang::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prescan_reads_lang_dir_and_color_before_parsing() {
        let args = |v: &[&str]| -> Vec<OsString> { v.iter().map(OsString::from).collect() };
        let p = prescan(&args(&[
            "itc",
            "-C",
            "repo",
            "check",
            "--lang=en",
            "--color",
            "never",
        ]));
        assert_eq!(p.lang, Some(Lang::En));
        assert_eq!(p.dir, Some(PathBuf::from("repo")));
        assert_eq!(p.color, Some(crate::output::ColorChoice::Never));
        let p = prescan(&args(&[
            "itc", "-Crepo", "new", "incident", "--", "--lang", "en",
        ]));
        assert_eq!(p.dir, Some(PathBuf::from("repo")));
        assert_eq!(p.lang, None, "after -- nothing is a flag");
        assert_eq!(prescan(&args(&["itc", "--lang"])), Prescan::default());
    }
}
