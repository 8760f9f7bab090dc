//! Finds the programs the integration tests hand itc's outputs to (Chromium, DuckDB,
//! check-jsonschema, pre-commit, groff, …) and sets `cfg(consumer = "NAME")` for each one that
//! is there, so that a test whose consumer is missing is reported as ignored, with the reason,
//! never as passed. `tests/run` installs them all. Nothing here affects the itc binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Each consumer: its cfg name and how to find it.
const CONSUMERS: &[(&str, Probe)] = &[
    (
        "chromium",
        Probe::AnyProgram(&["chromium", "chromium-browser"]),
    ),
    ("groff", Probe::AnyProgram(&["groff"])),
    ("script", Probe::AnyProgram(&["script"])),
    ("git", Probe::AnyProgram(&["git"])),
    ("jq", Probe::AnyProgram(&["jq"])),
    ("python3", Probe::AnyProgram(&["python3"])),
    ("check-jsonschema", Probe::AnyProgram(&["check-jsonschema"])),
    ("pre-commit", Probe::AnyProgram(&["pre-commit"])),
    ("duckdb", Probe::PythonModule("duckdb")),
    ("jsonschema", Probe::PythonModule("jsonschema")),
    ("openpyxl", Probe::PythonModule("openpyxl")),
    ("icalendar", Probe::PythonModule("icalendar")),
    ("man", Probe::AnyProgram(&["man"])),
    ("zsh", Probe::AnyProgram(&["zsh"])),
    ("fish", Probe::AnyProgram(&["fish"])),
];

enum Probe {
    AnyProgram(&'static [&'static str]),
    PythonModule(&'static str),
}

fn main() {
    let names: Vec<String> = CONSUMERS
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    println!(
        "cargo::rustc-check-cfg=cfg(consumer, values({}))",
        names.join(", ")
    );
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    // A program installed later lands in one of PATH's folders, a Python module in Python's
    // own folders: a change there probes again.
    for dir in &dirs {
        if dir.is_dir() {
            println!("cargo::rerun-if-changed={}", dir.display());
        }
    }
    let modules = python_modules();
    for (name, probe) in CONSUMERS {
        let present = match probe {
            Probe::AnyProgram(programs) => programs.iter().any(|p| on_path(&dirs, p)),
            Probe::PythonModule(module) => modules.found.iter().any(|m| m == module),
        };
        if present {
            println!("cargo::rustc-cfg=consumer=\"{name}\"");
        }
    }
    // An installed module is watched where it lives; a missing one by Python's module folder
    // (which is large: only while something is missing).
    for dir in modules.watch {
        println!("cargo::rerun-if-changed={}", dir.display());
    }
}

fn on_path(dirs: &[PathBuf], program: &str) -> bool {
    dirs.iter().any(|d| is_executable(&d.join(program)))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file() || path.with_extension("exe").is_file()
}

/// The Python modules among the consumers that import, and the folders to watch for a change.
#[derive(Default)]
struct PythonModules {
    found: Vec<String>,
    watch: Vec<PathBuf>,
}

const FIND_MODULES: &str = r#"
import importlib.util, os, sys, sysconfig
print(sysconfig.get_path("purelib"))
for name in sys.argv[1:]:
    try:
        spec = importlib.util.find_spec(name)
    except Exception:
        spec = None
    print(name + "\t" + (os.path.dirname(spec.origin) if spec and spec.origin else ""))
"#;

fn python_modules() -> PythonModules {
    let names = CONSUMERS.iter().filter_map(|(_, probe)| match probe {
        Probe::PythonModule(module) => Some(*module),
        Probe::AnyProgram(_) => None,
    });
    let Ok(out) = Command::new("python3")
        .args(["-c", FIND_MODULES])
        .args(names)
        .stderr(Stdio::null())
        .output()
    else {
        return PythonModules::default();
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let site = lines.next().map(PathBuf::from);
    let mut modules = PythonModules::default();
    let mut missing = false;
    for line in lines {
        match line.split_once('\t') {
            Some((name, dir)) if !dir.is_empty() && Path::new(dir).is_dir() => {
                modules.found.push(name.to_string());
                modules.watch.push(PathBuf::from(dir));
            }
            _ => missing = true,
        }
    }
    if missing {
        modules.watch.extend(site.filter(|s| s.is_dir()));
    }
    modules
}
