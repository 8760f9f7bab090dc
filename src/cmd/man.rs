//! `itc man`: man pages through clap_mangen, from the command line in the output language.

use std::path::PathBuf;

use super::Ctx;
use crate::output::catalog::{commands, excel};
use crate::output::help;
use crate::{Error, Lang, print_out};

/// Write man pages: one per command into DIR/man1, or the page of itc to stdout
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder to write man1/itc.1, man1/itc-check.1, … into, for MANPATH (default: print itc.1)
    #[arg(value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let start = ctx.start()?;
    let lang = Lang::resolve_with(ctx.global.lang, || help::repository_lang(&start));
    let cmd = crate::cli::command_with(lang, clap::ColorChoice::Never, false);
    let Some(dir) = args.out.map(|d| start.join(d)) else {
        print_out(&page(&cmd, lang)?)?;
        return Ok(0);
    };
    // man(1) looks for section 1 pages in `man1/` under each folder of MANPATH.
    let dir = dir.join("man1");
    std::fs::create_dir_all(&dir).map_err(|e| Error::Io(dir.clone(), e))?;
    let mut written = Vec::new();
    let mut pages = vec![cmd.clone()];
    pages.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    let names: Vec<String> = pages
        .iter()
        .map(|c| format!("{}.1", c.get_display_name().unwrap_or(c.get_name())))
        .collect();
    // A page that cannot be written is refused before any is.
    for name in &names {
        crate::repo::check_output(&dir.join(name))?;
    }
    for (c, name) in pages.iter().zip(names) {
        crate::repo::write_output(&dir.join(&name), page(c, lang)?.as_bytes())?;
        written.push(name);
    }
    if !ctx.quiet() {
        crate::print_err(&commands::man_wrote(lang, written.len(), &dir));
    }
    Ok(0)
}

/// One page in roff. clap_mangen writes its section titles in English; in Chinese they are
/// translated here, the rest of the page coming from the localised command.
fn page(cmd: &clap::Command, lang: Lang) -> Result<String, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .source(format!("itc {}", env!("CARGO_PKG_VERSION")))
        .render(&mut out)
        .map_err(|e| Error::Io(PathBuf::from("<man>"), e))?;
    let text = String::from_utf8_lossy(&out).into_owned();
    // clap_mangen drops the empty date from `.TH`, so that man would read the source as the
    // date and the manual as the source: the header is written again with every field.
    let text: String = text
        .lines()
        .map(|line| match line.strip_prefix(".TH ") {
            Some(rest) => format!(
                ".TH {} 1 \"\" \"itc {}\" \"{}\"\n",
                rest.split(' ').next().unwrap_or("itc"),
                env!("CARGO_PKG_VERSION"),
                excel::MAN_MANUAL.get(lang)
            ),
            None => format!("{line}\n"),
        })
        .collect();
    if lang == Lang::En {
        return Ok(text);
    }
    let mut page = String::with_capacity(text.len());
    for line in text.lines() {
        match line
            .strip_prefix(".SH ")
            .and_then(|t| commands::MAN_SECTIONS.iter().find(|w| w.en == t))
        {
            Some(words) => page.push_str(&format!(".SH {}\n", words.zh)),
            None => {
                // The list of values in a Chinese help (`- human:…`), one per line, not filled.
                if line.starts_with("\\- ") {
                    page.push_str(".br\n");
                }
                page.push_str(line);
                page.push('\n');
            }
        }
    }
    Ok(page)
}
