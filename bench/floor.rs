//! The floor for `itc check`: walk the kind folders, read every record file and parse it with
//! the same TOML and YAML parsers itc uses, in parallel — and nothing else. Prints the number
//! of files parsed and the time taken.
//!
//! cargo run --release --example bench_floor -- DIR

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn parse(path: &PathBuf) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => toml::de::DeTable::parse(&text).is_ok(),
        _ => {
            let mut events = 0usize;
            for ev in saphyr_parser::Parser::new_from_str(&text) {
                if ev.is_err() {
                    return false;
                }
                events += 1;
            }
            events > 0
        }
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: bench_floor DIR");
        std::process::exit(2);
    };
    let started = Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.') || e.depth() == 0)
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("toml" | "yaml" | "yml")
            ) && p.file_name().is_some_and(|n| n != "itc.toml")
        })
        .collect();
    let next = AtomicUsize::new(0);
    let ok = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    if parse(path) {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    eprintln!(
        "parsed {} of {} files in {:.3}s",
        ok.load(Ordering::Relaxed),
        files.len(),
        started.elapsed().as_secs_f64()
    );
}
