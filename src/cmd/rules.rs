//! `itc rules`: print the effective rules, as a rules file or as Mermaid diagrams.

use super::Ctx;
use crate::output::catalog::commands::RULES_HEADER;
use crate::repo::Repo;
use crate::rules::write;
use crate::{Error, print_out};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Toml,
    Mermaid,
}

/// Print the effective workflow rules (built-in, extended by rules.toml)
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Toml)]
    pub format: Format,
    /// Print the built-in rules, without reading a repository
    #[arg(long)]
    pub builtin: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let (rules, repo_lang) = if args.builtin {
        (
            crate::rules::Rules::builtin().map_err(Error::Builtin)?,
            None,
        )
    } else {
        let repo = Repo::open(&ctx.start()?)?;
        (repo.rules, repo.config.lang)
    };
    let lang = ctx.lang(repo_lang);
    let text = match args.format {
        Format::Toml => write::to_toml(&rules, RULES_HEADER.get(lang)),
        Format::Mermaid => write::to_mermaid(&rules, lang, |limit| {
            crate::output::catalog::units::duration(lang, limit)
        }),
    };
    print_out(&text)?;
    Ok(0)
}
