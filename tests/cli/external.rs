//! The real consumers of itc's outputs (Python's csv and jsonschema, DuckDB, jq), run by the
//! tests. `tests/run` installs them. A test that needs one carries
//! `#[cfg_attr(not(consumer = "…"), ignore = "…")]`: build.rs finds which are installed, so a
//! missing consumer shows as an ignored test with its reason, never as a pass.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::support::{stderr, stdout};

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

/// Fails, saying how to install it, when a tool that build.rs found is gone (a test that needs
/// one is ignored, with the reason, when build.rs did not find it).
pub fn external(tool: &str, install: &str) {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "`{tool}` is not installed: install it with `{install}` (tests/run installs every consumer)"
    );
}

pub const PIP_TOOLS: &str = "python3 -m pip install pre-commit check-jsonschema";

/// Validates a file against a JSON Schema file, or one of check-jsonschema's vendored schemas
/// (`vendor.github-workflows`), with check-jsonschema.
pub fn check_jsonschema(schema: &[&str], file: &Path) {
    let out = Command::new("check-jsonschema")
        .args(schema)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} does not validate against {schema:?}:\n{}\n{}",
        file.display(),
        stdout(&out),
        stderr(&out)
    );
}

/// A JUnit report as python's XML parser reads it: `(tests, failures, cases)` with each case's
/// name, failure text and system-out text.
pub type Case = (String, Option<String>, Option<String>);

pub fn parse_junit(xml: &[u8]) -> (u64, u64, Vec<Case>) {
    let script = r#"
import json, sys
import xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suite = root.find("testsuite")
cases = []
for c in suite.findall("testcase"):
    f = c.find("failure")
    o = c.find("system-out")
    cases.append([c.get("name"), None if f is None else f.text, None if o is None else o.text])
print(json.dumps({"tests": int(root.get("tests")), "failures": int(root.get("failures")),
                  "suite_tests": int(suite.get("tests")), "cases": cases}))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 parses the JUnit XML");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(xml).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "not well-formed XML: {}\n{}",
        stderr(&out),
        String::from_utf8_lossy(xml)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tests"], v["suite_tests"]);
    let cases = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |x: &Value| x.as_str().map(str::to_string);
            (c[0].as_str().unwrap().to_string(), s(&c[1]), s(&c[2]))
        })
        .collect();
    (
        v["tests"].as_u64().unwrap(),
        v["failures"].as_u64().unwrap(),
        cases,
    )
}
