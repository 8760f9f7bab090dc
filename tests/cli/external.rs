//! The real consumers of itc's outputs (Python's csv and jsonschema, DuckDB, jq), run by the
//! tests. `tests/run` installs them. A test that needs one carries
//! `#[cfg_attr(not(consumer = "…"), ignore = "…")]`: build.rs finds which are installed, so a
//! missing consumer shows as an ignored test with its reason, never as a pass.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Fails, saying how to install it, when a consumer that build.rs found is gone.
fn require(what: &str, present: bool, install: &str) {
    assert!(
        present,
        "{what} is missing: install it with `{install}` (tests/run installs every consumer)"
    );
}

fn runs(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Python 3 with the given modules importable.
pub fn python_with(modules: &[&str]) {
    let import = format!("import {}", modules.join(", "));
    let present = runs(Command::new("python3").args(["-c", &import]));
    require(
        &format!("python3 with {}", modules.join(", ")),
        present,
        &format!("python3 -m pip install {}", modules.join(" ")),
    );
}

pub fn jq() {
    let present = runs(Command::new("jq").arg("--version"));
    require("jq", present, "apt-get install -y jq");
}

/// Runs a Python script with arguments in `dir`; panics with its stderr when it fails.
pub fn python(dir: &Path, script: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .current_dir(dir)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    ok(&out, "python3");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed ({:?}):\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Validates each instance against a JSON Schema with the `jsonschema` package (draft
/// 2020-12), after checking the schema itself; panics listing every violation.
pub fn validate(schema: &Path, instances: &[serde_json::Value]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("instances.json");
    std::fs::write(
        &file,
        serde_json::to_string(&serde_json::Value::Array(instances.to_vec())).unwrap(),
    )
    .unwrap();
    let script = r#"
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1], encoding="utf-8"))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema)
bad = 0
for i, inst in enumerate(json.load(open(sys.argv[2], encoding="utf-8"))):
    for e in v.iter_errors(inst):
        bad += 1
        print(f"instance {i}: {list(e.absolute_path)}: {e.message}", file=sys.stderr)
print(bad)
sys.exit(1 if bad else 0)
"#;
    let out = python(
        dir.path(),
        script,
        &[schema.to_str().unwrap(), file.to_str().unwrap()],
    );
    assert_eq!(out.trim(), "0");
}
