//! `itc schema`: JSON Schemas of the records (one per kind) and of itc.toml, for editors, and
//! of the machine outputs (`output/<command>.json`), for scripts.

use std::path::PathBuf;

use super::Ctx;
use crate::repo::Repo;
use crate::rules::{Rules, schema};
use crate::{Error, print_out};

/// Write JSON Schemas (draft 2020-12) for every kind, itc.toml and the machine outputs
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write one file per kind into DIR (default: print one JSON object keyed by file name)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Use the built-in rules, without reading a repository
    #[arg(long)]
    pub builtin: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8, Error> {
    let rules = if args.builtin {
        Rules::builtin().map_err(Error::Builtin)?
    } else {
        Repo::open(&ctx.start()?)?.rules
    };
    let mut schemas = schema::all(&rules).map_err(Error::Builtin)?;
    schemas.extend(crate::output::schema::all());
    match args
        .out
        .map(|d| Ok::<_, Error>(ctx.start()?.join(d)))
        .transpose()?
    {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| Error::Io(dir.clone(), e))?;
            // A file that cannot be written is refused before any is.
            for (name, _) in &schemas {
                crate::repo::check_output(&dir.join(name))?;
            }
            for (name, value) in &schemas {
                let path = dir.join(name);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| Error::Io(parent.to_path_buf(), e))?;
                }
                let text = schema::to_text(value);
                crate::repo::write_output(&path, text.as_bytes())?;
            }
        }
        None => {
            let map: serde_json::Map<String, serde_json::Value> = schemas.into_iter().collect();
            print_out(&schema::to_text(&serde_json::Value::Object(map)))?;
        }
    }
    Ok(0)
}
