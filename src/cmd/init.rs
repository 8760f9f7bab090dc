//! `itc init`: a new records repository.

use std::path::PathBuf;

use crate::cli::Global;
use crate::repo::{CONFIG_FILE, write_atomic};
use crate::rules::{Rules, schema};
use crate::{Error, Lang, print_out};

const CONFIG_ZH: &str = include_str!("../templates/itc.zh.toml");
const CONFIG_EN: &str = include_str!("../templates/itc.en.toml");
const README_ZH: &str = include_str!("../templates/README.zh.md");
const README_EN: &str = include_str!("../templates/README.en.md");

/// Create a records repository: a commented itc.toml (in --lang), the kind folders, schemas and a README
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to create it (default: the current folder)
    pub dir: Option<PathBuf>,
    /// Format of the records `itc new` writes
    #[arg(long, value_enum, default_value_t = super::new::FileFormat::Toml)]
    pub format: super::new::FileFormat,
    /// The organisation's name
    #[arg(long)]
    pub name: Option<String>,
}

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let base = super::start_dir(g)?;
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => base.join(d),
        None => base,
    };
    // The global --lang (or ITC_LANG) picks the language of itc.toml and the README too.
    let lang = Lang::resolve(g.lang, None);
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        return Err(Error::usage(
            format!(
                "{} 已存在:这里已经是 itc 记录库,未做任何修改",
                config.display()
            ),
            format!(
                "{} exists: this is already an itc repository; nothing was changed",
                config.display()
            ),
        ));
    }
    let name = args.name.clone().unwrap_or_else(|| match lang {
        Lang::Zh => "综合信息中心".to_string(),
        Lang::En => "Information center".to_string(),
    });
    let format = match args.format {
        super::new::FileFormat::Toml => "toml",
        super::new::FileFormat::Yaml => "yaml",
    };
    let fill = |t: &str| {
        t.replace("{name}", &name.replace('"', "'"))
            .replace("{format}", format)
    };
    let (config_text, readme) = match lang {
        Lang::Zh => (fill(CONFIG_ZH), fill(README_ZH)),
        Lang::En => (fill(CONFIG_EN), fill(README_EN)),
    };
    let rules = Rules::builtin().map_err(Error::Builtin)?;
    let mkdir = |p: &PathBuf| std::fs::create_dir_all(p).map_err(|e| Error::Io(p.clone(), e));
    for kind in &rules.kinds {
        let folder = dir.join(&kind.folder);
        mkdir(&folder)?;
        // Git keeps no empty folder.
        write_atomic(&folder.join(".gitkeep"), b"")?;
    }
    let schema_dir = dir.join("schema");
    mkdir(&schema_dir)?;
    for (file, value) in schema::all(&rules).map_err(Error::Builtin)? {
        write_atomic(&schema_dir.join(file), schema::to_text(&value).as_bytes())?;
    }
    if !dir.join("README.md").exists() {
        write_atomic(&dir.join("README.md"), readme.as_bytes())?;
    }
    // Last, so that an interrupted init leaves no half repository behind a valid root.
    write_atomic(&config, config_text.as_bytes())?;
    let message = match lang {
        Lang::Zh => format!("已在 {} 新建 itc 记录库\n", dir.display()),
        Lang::En => format!("created an itc repository in {}\n", dir.display()),
    };
    print_out(&message)?;
    Ok(0)
}
